/* Exercise 2.2: the checks of a segment-register load. */
#include <errno.h>
#include <string.h>

#include "asm/desc.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"

static struct tmach m;
static struct seg_fault f;

static int load(int seg, u16 selector)
{
	memset(&f, 0, sizeof(f));
	return load_seg(&m.cpu, &m.dt, seg, selector, &f);
}

TEST(load_linux_selectors, 1)
{
	ASSERT_EQ_INT(0, machine_boot(NULL));
	/* The boot switched to gdt_page and reloaded the registers. */
	EXPECT_EQ_U64((unsigned long)gdt_page.gdt,
		      this_cpu_dtables.gdtr.address);
	EXPECT_EQ_INT(GDT_SIZE - 1, this_cpu_dtables.gdtr.size);
	EXPECT_EQ_INT(__KERNEL_CS, this_cpu->cs.selector);
	EXPECT_TRUE(this_cpu->cs.l && this_cpu->cs.present);
	EXPECT_EQ_INT(__KERNEL_DS, this_cpu->ss.selector);
	EXPECT_EQ_U64(0xffffffff, this_cpu->ss.limit);
	EXPECT_EQ_INT(0, mov_sreg(VCPU_SREG_DS, __USER_DS));
	EXPECT_EQ_INT(__USER_DS, this_cpu->ds.selector);
	EXPECT_EQ_INT(3, this_cpu->ds.dpl);
	machine_shutdown();

	tmach_init(&m, true, 3);
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, __USER_DS));
	EXPECT_EQ_INT(0, load(VCPU_SREG_SS, __USER_DS));
	EXPECT_EQ_INT(0, load(VCPU_SREG_CS, __USER_CS));
	EXPECT_EQ_INT(0, load(VCPU_SREG_CS, __USER32_CS)); /* to 32-bit code */
	EXPECT_TRUE(!cpu_64bit_mode(&m.cpu) && cpu_long_mode(&m.cpu));
	EXPECT_FAULT(load(VCPU_SREG_DS, __KERNEL_DS), f, X86_TRAP_GP, 0x18);
}

TEST(null_selectors, 1)
{
	int seg;

	tmach_init(&m, false, 3);
	for (seg = VCPU_SREG_ES; seg <= VCPU_SREG_GS; seg++) {
		if (seg == VCPU_SREG_CS || seg == VCPU_SREG_SS)
			continue;
		EXPECT_EQ_INT(0, load(seg, 3));
		EXPECT_EQ_INT(3, cpu_seg(&m.cpu, seg)->selector);
		EXPECT_TRUE(!cpu_seg(&m.cpu, seg)->present); /* unusable */
	}
	EXPECT_FAULT(load(VCPU_SREG_CS, 0), f, X86_TRAP_GP, 0);
	EXPECT_FAULT(load(VCPU_SREG_SS, 3), f, X86_TRAP_GP, 0);
	/* 64-bit mode: SS may be null at CPL < 3 with RPL = CPL. */
	tmach_init(&m, true, 0);
	EXPECT_EQ_INT(0, load(VCPU_SREG_SS, 0));
	EXPECT_FAULT(load(VCPU_SREG_SS, 1), f, X86_TRAP_GP, 0);
	EXPECT_FAULT(load(VCPU_SREG_CS, 0), f, X86_TRAP_GP, 0);
	tmach_init(&m, true, 3);
	EXPECT_FAULT(load(VCPU_SREG_SS, 3), f, X86_TRAP_GP, 0);
}

TEST(table_limits_and_the_ldt, 1)
{
	tmach_init(&m, false, 0);
	/* GDT limit 0xbf: index 23 is the last; 24 is past it. */
	m.gdt[23] = SEGDESC(0x1000, 0xfff, 0x3, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, 23 << 3));
	EXPECT_FAULT(load(VCPU_SREG_DS, 24 << 3 | 3), f, X86_TRAP_GP, 0xc0);
	m.dt.gdtr.size = 23 * 8 + 6; /* entry 23 no longer entirely inside */
	EXPECT_FAULT(load(VCPU_SREG_DS, 23 << 3), f, X86_TRAP_GP, 0xb8);
	/* LDT selectors: TI set; error codes keep TI. */
	m.ldt[2] = SEGDESC(0x2000, 0xfff, 0x2, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_ES, 2 << 3 | 4));
	EXPECT_EQ_U64(0x2000, m.cpu.es.base);
	EXPECT_FAULT(load(VCPU_SREG_ES, 8 << 3 | 4 | 1), f, X86_TRAP_GP, 0x44);
	memset(&m.dt.ldtr, 0, sizeof(m.dt.ldtr)); /* LDTR null */
	EXPECT_FAULT(load(VCPU_SREG_ES, 2 << 3 | 4), f, X86_TRAP_GP, 0x14);
}

TEST(system_descriptors_are_refused, 1)
{
	tmach_init(&m, false, 0);
	m.gdt[TEST_SLOT] = mkdesc(0x1000, 0x67, DESC_TSS, 0, 0, 1, 0, 0, 0, 0);
	m.gdt[TEST_SLOT + 1] = mkdesc(0x1000, 0x3f, DESC_LDT, 0, 3, 1, 0, 0, 0, 0);
	EXPECT_FAULT(load(VCPU_SREG_DS, TEST_SLOT << 3), f, X86_TRAP_GP,
		     TEST_SLOT << 3);
	EXPECT_FAULT(load(VCPU_SREG_SS, (TEST_SLOT + 1) << 3), f, X86_TRAP_GP,
		     (TEST_SLOT + 1) << 3);
	EXPECT_FAULT(load(VCPU_SREG_CS, TEST_SLOT << 3), f, X86_TRAP_GP,
		     TEST_SLOT << 3);
}

TEST(data_register_privilege_and_types, 1)
{
	u16 sel = TEST_SLOT << 3;

	tmach_init(&m, false, 3);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x3, 2, 1); /* data, DPL 2 */
	EXPECT_FAULT(load(VCPU_SREG_DS, sel | 3), f, X86_TRAP_GP, sel);
	tmach_init(&m, false, 0);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x3, 2, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, sel | 2));
	EXPECT_FAULT(load(VCPU_SREG_DS, sel | 3), f, X86_TRAP_GP, sel);
	/* Readable code may be loaded; execute-only may not. */
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0xa, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_FS, sel));
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x8, 0, 1);
	EXPECT_FAULT(load(VCPU_SREG_FS, sel), f, X86_TRAP_GP, sel);
	/* Readable conforming code: no privilege check, from CPL 3. */
	tmach_init(&m, false, 3);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0xe, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_GS, sel | 3));
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0xa, 0, 1);
	EXPECT_FAULT(load(VCPU_SREG_GS, sel | 3), f, X86_TRAP_GP, sel);
}

TEST(stack_segment_rules, 1)
{
	u16 sel = TEST_SLOT << 3;

	tmach_init(&m, false, 3);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x2, 3, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_SS, sel | 3));
	EXPECT_EQ_INT(sel | 3, m.cpu.ss.selector);
	/* RPL != CPL, DPL != CPL, read-only, code: all #GP(selector). */
	tmach_init(&m, false, 0);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x2, 0, 1);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel | 1), f, X86_TRAP_GP, sel);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x2, 1, 1);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel), f, X86_TRAP_GP, sel);
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, sel)); /* fine for DS */
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x0, 0, 1);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel), f, X86_TRAP_GP, sel);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0xa, 0, 1);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel), f, X86_TRAP_GP, sel);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x6, 0, 1); /* expand-down RW */
	EXPECT_EQ_INT(0, load(VCPU_SREG_SS, sel));
}

TEST(not_present_after_privilege, 1)
{
	u16 sel = TEST_SLOT << 3;

	tmach_init(&m, false, 0);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x3, 0, 0);
	EXPECT_FAULT(load(VCPU_SREG_DS, sel), f, X86_TRAP_NP, sel);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel), f, X86_TRAP_SS, sel);
	m.ldt[1] = SEGDESC(0, 0xffff, 0xb, 0, 0);
	EXPECT_FAULT(load(VCPU_SREG_CS, 1 << 3 | 4), f, X86_TRAP_NP, 0xc);
	/* Privilege is checked first: #GP, not #NP. */
	tmach_init(&m, false, 3);
	m.gdt[TEST_SLOT] = SEGDESC(0, 0xffff, 0x3, 0, 0);
	EXPECT_FAULT(load(VCPU_SREG_DS, sel | 3), f, X86_TRAP_GP, sel);
	EXPECT_FAULT(load(VCPU_SREG_SS, sel | 3), f, X86_TRAP_GP, sel);
}

TEST(code_segment_loads, 1)
{
	u16 sel = TEST_SLOT << 3;

	tmach_init(&m, true, 3);
	/* Nonconforming: DPL = CPL and RPL <= CPL; CS.RPL becomes CPL. */
	m.gdt[TEST_SLOT] = mkdesc(0, 0xfffff, 0xb, 1, 3, 1, 0, 1, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_CS, sel | 3));
	EXPECT_EQ_INT(sel | 3, m.cpu.cs.selector);
	EXPECT_EQ_INT(3, cpu_cpl(&m.cpu));
	EXPECT_FAULT(load(VCPU_SREG_CS, __KERNEL_CS), f, X86_TRAP_GP, 0x10);
	/* Conforming: DPL <= CPL; CPL stays 3. */
	m.gdt[TEST_SLOT + 1] = mkdesc(0, 0xfffff, 0xe, 1, 0, 1, 0, 1, 0, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_CS, (sel + 8) | 3));
	EXPECT_EQ_INT((sel + 8) | 3, m.cpu.cs.selector);
	/* L and D together are reserved in long mode. */
	m.gdt[TEST_SLOT + 2] = mkdesc(0, 0xfffff, 0xb, 1, 3, 1, 0, 1, 1, 1);
	EXPECT_FAULT(load(VCPU_SREG_CS, (sel + 16) | 3), f, X86_TRAP_GP,
		     sel + 16);
	/* Data is not code. */
	EXPECT_FAULT(load(VCPU_SREG_CS, __USER_DS), f, X86_TRAP_GP, 0x28);
	/* At CPL 0, a kernel selector with RPL 0 loads; RPL 3 does not. */
	tmach_init(&m, false, 0);
	EXPECT_EQ_INT(0, load(VCPU_SREG_CS, __KERNEL32_CS));
	EXPECT_FAULT(load(VCPU_SREG_CS, __KERNEL32_CS | 3), f, X86_TRAP_GP, 8);
}

static int seen_vector, seen_calls;
static unsigned long seen_error;

static int record(struct cpu_state *cpu, unsigned long error_code)
{
	seen_vector = cpu->last_exception.vector;
	seen_error = error_code;
	seen_calls++;
	return -EFAULT;
}

TEST(failed_loads_change_nothing_and_fault, 1)
{
	struct segment_register before;
	u16 sel = TEST_SLOT << 3;

	tmach_init(&m, false, 3);
	m.gdt[TEST_SLOT] = SEGDESC(0x5000, 0xfff, 0x2, 0, 1); /* not accessed */
	before = m.cpu.ds;
	EXPECT_FAULT(load(VCPU_SREG_DS, sel | 3), f, X86_TRAP_GP, sel);
	EXPECT_TRUE(memcmp(&before, &m.cpu.ds, sizeof(before)) == 0);
	EXPECT_EQ_U64(SEGDESC(0x5000, 0xfff, 0x2, 0, 1), m.gdt[TEST_SLOT]);
	/* A good load sets the accessed bit, in the table and the cache. */
	m.gdt[TEST_SLOT] = SEGDESC(0x5000, 0xfff, 0x2, 3, 1);
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, sel | 3));
	EXPECT_EQ_U64(SEGDESC(0x5000, 0xfff, 0x3, 3, 1), m.gdt[TEST_SLOT]);
	EXPECT_EQ_INT(0x3, m.cpu.ds.type);
	EXPECT_EQ_U64(0x5000, m.cpu.ds.base);
	/* mov_sreg delivers the fault with the selector's error code. */
	ASSERT_EQ_INT(0, machine_boot(NULL));
	ASSERT_EQ_INT(0, set_exception_handler(X86_TRAP_GP, record));
	before = this_cpu->es;
	EXPECT_EQ_INT(-EFAULT, mov_sreg(VCPU_SREG_ES, 9 << 3 | 7));
	EXPECT_EQ_INT(1, seen_calls);
	EXPECT_EQ_INT(X86_TRAP_GP, seen_vector);
	EXPECT_EQ_U64(0x4c, seen_error);
	EXPECT_EQ_INT(0, mov_sreg(VCPU_SREG_ES, 0)); /* a null selector loads */
	EXPECT_TRUE(memcmp(&before, &this_cpu->es, sizeof(before)) != 0);
	machine_shutdown();
}

TEST(load_misuse_is_refused, 0)
{
	struct segment_register before;

	tmach_init(&m, false, 0);
	before = m.cpu.ds;
	EXPECT_EQ_INT(-EINVAL, load_seg(NULL, &m.dt, VCPU_SREG_DS, 0x18, &f));
	EXPECT_EQ_INT(-EINVAL, load_seg(&m.cpu, NULL, VCPU_SREG_DS, 0x18, &f));
	EXPECT_EQ_INT(-EINVAL, load_seg(&m.cpu, &m.dt, VCPU_SREG_TR, 0x18, &f));
	EXPECT_EQ_INT(-EINVAL, load_seg(&m.cpu, &m.dt, -1, 0x18, &f));
	EXPECT_TRUE(memcmp(&before, &m.cpu.ds, sizeof(before)) == 0);
	EXPECT_EQ_INT(-EINVAL, load_ldt(NULL, &m.dt, 0, &f));
	EXPECT_EQ_INT(-EINVAL, mov_sreg(8, 0));
}

TEST(real_mode_loads_are_paragraphs, 0)
{
	tmach_init(&m, false, 0);
	m.cpu.cr0 = 0;
	EXPECT_EQ_INT(0, load(VCPU_SREG_DS, 0xb800));
	EXPECT_EQ_U64(0xb8000, m.cpu.ds.base);
	EXPECT_EQ_U64(0xffff, m.cpu.ds.limit);
	EXPECT_EQ_INT(0, load(VCPU_SREG_SS, 0));
	EXPECT_FAULT(load_ldt(&m.cpu, &m.dt, 0x50, &f), f, X86_TRAP_UD, 0);
}

TEST(lldt_reads_16_bytes_in_long_mode, 0)
{
	static u64 table[4];
	u16 sel = GDT_ENTRY_LDT << 3;

	tmach_init(&m, true, 0);
	set_tssldt_descriptor(&m.gdt[GDT_ENTRY_LDT], (unsigned long)table,
			      DESC_LDT, sizeof(table) - 1);
	EXPECT_EQ_INT(0, load_ldt(&m.cpu, &m.dt, sel, &f));
	EXPECT_EQ_U64((unsigned long)table, m.dt.ldtr.base);
	EXPECT_EQ_U64(sizeof(table) - 1, m.dt.ldtr.limit);
	EXPECT_EQ_INT(sel, m.dt.ldtr.selector);
	EXPECT_FAULT(load_ldt(&m.cpu, &m.dt, __KERNEL_DS, &f), f, X86_TRAP_GP,
		     0x18);
	EXPECT_FAULT(load_ldt(&m.cpu, &m.dt, sel | 4, &f), f, X86_TRAP_GP,
		     0x54);
	m.dt.gdtr.size = GDT_ENTRY_LDT * 8 + 7; /* upper half cut off */
	EXPECT_FAULT(load_ldt(&m.cpu, &m.dt, sel, &f), f, X86_TRAP_GP, sel);
	EXPECT_EQ_INT(0, load_ldt(&m.cpu, &m.dt, 0, &f));
	EXPECT_TRUE(!m.dt.ldtr.present);
}
