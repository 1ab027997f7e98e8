/* Exercise 2.3: translating logical addresses, with their checks. */
#include <errno.h>
#include <string.h>

#include "grader.h"
#include "helpers.h"
#include "uapi/asm/processor-flags.h"

static struct tmach m;
static struct seg_fault f;
static u64 lin;

/* Put a descriptor's cache straight into a register of m's CPU. */
static void set_reg(int seg, u32 base, u32 limit, unsigned int type,
		    int db, int g)
{
	struct segment_register *r = cpu_seg(&m.cpu, seg);

	memset(r, 0, sizeof(*r));
	r->selector = TEST_SLOT << 3;
	r->base = base;
	r->limit = g ? limit << 12 | 0xfff : limit;
	r->type = type;
	r->s = r->present = true;
	r->db = db;
	r->g = g;
}

static int tr(int seg, u64 offset, unsigned int size, enum seg_access a)
{
	memset(&f, 0, sizeof(f));
	lin = 0xdeadbeef;
	return seg_translate(&m.cpu, seg, offset, size, a, &lin, &f);
}

TEST(flat_32bit_translation, 1)
{
	tmach_init(&m, false, 3);
	set_reg(VCPU_SREG_DS, 0, 0xfffff, 0x3, 1, 1);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x12345678, 4, SEG_READ));
	EXPECT_EQ_U64(0x12345678, lin);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0xfffffffc, 4, SEG_WRITE));
	EXPECT_EQ_U64(0xfffffffc, lin);
	/* base + offset wraps at 4 GiB */
	set_reg(VCPU_SREG_ES, 0x10000, 0xfffff, 0x3, 1, 1);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_ES, 0xffff0010, 2, SEG_READ));
	EXPECT_EQ_U64(0x10, lin);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_CS, 0x400000, 16, SEG_FETCH));
	EXPECT_EQ_U64(0x400000, lin);
}

TEST(byte_granular_limits, 1)
{
	tmach_init(&m, false, 0);
	set_reg(VCPU_SREG_DS, 0x20000, 0x0fff, 0x3, 1, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0xfff, 1, SEG_READ));
	EXPECT_EQ_U64(0x20fff, lin);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0xffc, 4, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0x1000, 1, SEG_READ), f, X86_TRAP_GP, 0);
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xffe, 4, SEG_READ), f, X86_TRAP_GP, 0);
	EXPECT_EQ_U64(0xdeadbeef, lin); /* untouched on a fault */
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xffffffff, 2, SEG_READ), f,
		     X86_TRAP_GP, 0); /* offset + size wraps in 32 bits */
	set_reg(VCPU_SREG_DS, 0x20000, 0, 0x3, 1, 0); /* one byte */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0, 1, SEG_WRITE));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0, 2, SEG_WRITE), f, X86_TRAP_GP, 0);
}

TEST(page_granular_limits, 1)
{
	tmach_init(&m, false, 0);
	set_reg(VCPU_SREG_FS, 0x100000, 0, 0x3, 1, 1); /* field 0: 4 KiB */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_FS, 0xff8, 8, SEG_READ));
	EXPECT_EQ_U64(0x100ff8, lin);
	EXPECT_FAULT(tr(VCPU_SREG_FS, 0xffc, 8, SEG_READ), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_GS, 0, 0x3ff, 0x3, 1, 1); /* 4 MiB */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_GS, 0x3fffff, 1, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_GS, 0x400000, 1, SEG_READ), f, X86_TRAP_GP,
		     0);
}

TEST(expand_down_segments, 1)
{
	tmach_init(&m, false, 0);
	/* B set: valid offsets (0xfff, 0xffffffff]. */
	set_reg(VCPU_SREG_DS, 0x1000000, 0xfff, 0x6, 1, 0);
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xfff, 1, SEG_READ), f, X86_TRAP_GP, 0);
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0, 4, SEG_READ), f, X86_TRAP_GP, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x1000, 4, SEG_WRITE));
	EXPECT_EQ_U64(0x1001000, lin);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0xfffffffc, 4, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xfffffffe, 4, SEG_READ), f,
		     X86_TRAP_GP, 0);
	/* B clear: the upper bound is 0xffff. */
	set_reg(VCPU_SREG_SS, 0, 0x7fff, 0x6, 0, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_SS, 0xfffe, 2, SEG_WRITE));
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0xfffe, 4, SEG_WRITE), f, X86_TRAP_SS, 0);
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0x7fff, 1, SEG_READ), f, X86_TRAP_SS, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_SS, 0x8000, 1, SEG_READ));
}

TEST(segment_type_checks, 1)
{
	tmach_init(&m, false, 0);
	set_reg(VCPU_SREG_DS, 0, 0xffff, 0x1, 1, 0); /* read-only data */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x10, 4, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0x10, 4, SEG_WRITE), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_ES, 0, 0xffff, 0xb, 1, 0); /* readable code */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_ES, 0x10, 4, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_ES, 0x10, 4, SEG_WRITE), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_ES, 0, 0xffff, 0x9, 1, 0); /* execute-only code */
	EXPECT_FAULT(tr(VCPU_SREG_ES, 0x10, 4, SEG_READ), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_CS, 0, 0xffff, 0x9, 1, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_CS, 0x10, 4, SEG_FETCH));
	EXPECT_FAULT(tr(VCPU_SREG_CS, 0x10, 4, SEG_READ), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_SS, 0, 0xffff, 0x1, 1, 0);
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0x10, 4, SEG_WRITE), f, X86_TRAP_SS, 0);
}

TEST(null_registers_and_stack_faults, 1)
{
	tmach_init(&m, false, 3);
	memset(&m.cpu.fs, 0, sizeof(m.cpu.fs)); /* loaded with a null selector */
	EXPECT_FAULT(tr(VCPU_SREG_FS, 0, 1, SEG_READ), f, X86_TRAP_GP, 0);
	set_reg(VCPU_SREG_SS, 0x8000, 0xfff, 0x3, 1, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_SS, 0xff0, 16, SEG_WRITE));
	EXPECT_EQ_U64(0x8ff0, lin);
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0xff8, 16, SEG_WRITE), f, X86_TRAP_SS, 0);
	set_reg(VCPU_SREG_DS, 0x8000, 0xfff, 0x3, 1, 0);
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xff8, 16, SEG_WRITE), f, X86_TRAP_GP, 0);
}

TEST(long_mode_ignores_base_limit_and_type, 1)
{
	tmach_init(&m, true, 3);
	set_reg(VCPU_SREG_DS, 0x10000, 0xff, 0x1, 1, 0); /* read-only, tiny */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x7f0000001000ULL, 8, SEG_WRITE));
	EXPECT_EQ_U64(0x7f0000001000ULL, lin);
	memset(&m.cpu.es, 0, sizeof(m.cpu.es)); /* null: still usable */
	EXPECT_EQ_INT(0, tr(VCPU_SREG_ES, 0x1000, 1, SEG_READ));
	EXPECT_EQ_U64(0x1000, lin);
	set_reg(VCPU_SREG_FS, 0x10000, 0xff, 0x3, 1, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_FS, 0x28, 8, SEG_READ));
	EXPECT_EQ_U64(0x10028, lin); /* FS keeps its base */
	EXPECT_EQ_INT(0, write_seg_base(&m.cpu, VCPU_SREG_GS,
					0x7ffff7d8a740ULL, &f));
	EXPECT_EQ_INT(0, tr(VCPU_SREG_GS, 0x28, 8, SEG_READ));
	EXPECT_EQ_U64(0x7ffff7d8a768ULL, lin);
	EXPECT_EQ_INT(0, write_seg_base(&m.cpu, VCPU_SREG_GS,
					0xffff888000000000ULL, &f));
	EXPECT_EQ_INT(0, tr(VCPU_SREG_GS, 0x10, 8, SEG_READ));
	EXPECT_EQ_U64(0xffff888000000010ULL, lin);
}

TEST(canonical_addresses, 1)
{
	tmach_init(&m, true, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x00007ffffffffff8ULL, 8, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0x00007ffffffffffcULL, 8, SEG_READ), f,
		     X86_TRAP_GP, 0);
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0x0000800000000000ULL, 1, SEG_READ), f,
		     X86_TRAP_GP, 0);
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0x0000800000000000ULL, 1, SEG_WRITE), f,
		     X86_TRAP_SS, 0);
	EXPECT_EQ_INT(0, tr(VCPU_SREG_SS, 0xffff800000000000ULL, 8, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0xfeff800000000000ULL, 1, SEG_READ), f,
		     X86_TRAP_GP, 0);
	/* With 5-level paging, 57 bits. */
	m.cpu.cr4 |= X86_CR4_LA57;
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x0000800000000000ULL, 1, SEG_READ));
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0xff11000000000000ULL, 1, SEG_READ));
	EXPECT_FAULT(tr(VCPU_SREG_DS, 0x0100000000000000ULL, 1, SEG_READ), f,
		     X86_TRAP_GP, 0);
	/* FS base plus offset past the canonical end. */
	m.cpu.cr4 &= ~X86_CR4_LA57;
	m.cpu.fs.base = 0x00007fffffff0000ULL;
	EXPECT_FAULT(tr(VCPU_SREG_FS, 0x10000, 1, SEG_READ), f, X86_TRAP_GP, 0);
}

TEST(translate_misuse_is_refused, 0)
{
	tmach_init(&m, false, 0);
	EXPECT_EQ_INT(-EINVAL, tr(VCPU_SREG_DS, 0, 0, SEG_READ));
	EXPECT_EQ_INT(-EINVAL, tr(VCPU_SREG_DS, 0, 4097, SEG_READ));
	EXPECT_EQ_INT(-EINVAL, tr(VCPU_SREG_DS, 0, 1, SEG_FETCH));
	EXPECT_EQ_INT(-EINVAL, tr(VCPU_SREG_TR, 0, 1, SEG_READ));
	EXPECT_EQ_INT(-EINVAL, tr(VCPU_SREG_DS, 0x100000000ULL, 1, SEG_READ));
	EXPECT_EQ_INT(-EINVAL, seg_translate(NULL, VCPU_SREG_DS, 0, 1,
					     SEG_READ, &lin, &f));
	EXPECT_EQ_INT(-EINVAL, seg_translate(&m.cpu, VCPU_SREG_DS, 0, 1,
					     SEG_READ, NULL, &f));
	EXPECT_EQ_U64(0xdeadbeef, lin);
}

TEST(real_mode_translation, 0)
{
	tmach_init(&m, false, 0);
	m.cpu.cr0 = 0;
	ASSERT_EQ_INT(0, load_seg(&m.cpu, &m.dt, VCPU_SREG_DS, 0xb800, &f));
	EXPECT_EQ_INT(0, tr(VCPU_SREG_DS, 0x10, 2, SEG_WRITE));
	EXPECT_EQ_U64(0xb8010, lin);
	ASSERT_EQ_INT(0, load_seg(&m.cpu, &m.dt, VCPU_SREG_SS, 0xffff, &f));
	EXPECT_EQ_INT(0, tr(VCPU_SREG_SS, 0xfffe, 2, SEG_WRITE));
	EXPECT_EQ_U64(0x10ffee, lin); /* past 1 MiB: the A20 line */
	EXPECT_FAULT(tr(VCPU_SREG_SS, 0xffff, 2, SEG_WRITE), f, X86_TRAP_SS, 0);
}

TEST(fs_gs_bases_must_be_canonical, 0)
{
	tmach_init(&m, true, 0);
	EXPECT_FAULT(write_seg_base(&m.cpu, VCPU_SREG_FS, 0x0000800000000000ULL,
				    &f),
		     f, X86_TRAP_GP, 0);
	EXPECT_EQ_U64(0, m.cpu.fs.base);
	EXPECT_EQ_INT(-EINVAL, write_seg_base(&m.cpu, VCPU_SREG_DS, 0, &f));
	EXPECT_EQ_INT(0, write_seg_base(&m.cpu, VCPU_SREG_FS, 0x1000, NULL));
	EXPECT_EQ_U64(0x1000, m.cpu.fs.base);
}
