/* Exercise 3.4: mmu_walk(), and the MMU's faults through mmu_translate(). */
#include <errno.h>
#include <string.h>

#include "asm/msr-index.h"
#include "asm/page.h"
#include "asm/tlbflush.h"
#include "grader.h"
#include "helpers.h"
#include "sim/cpu.h"
#include "sim/machine.h"
#include "sim/mmu.h"
#include "sim/paging.h"
#include "uapi/asm/processor-flags.h"

#define UVA	  0x00007f0000000000UL
#define USER_PAGE (SDM_P | SDM_RW | SDM_US)

/* A fresh address space (4 levels), loaded into CR3 with PCID 0. */
static u64 space(void)
{
	u64 top;

	boot(NULL);
	top = raw_table();
	native_write_cr3(top);
	return top;
}

/* mmu_translate()'s fault: the error code, or -1 if it did not fault. */
static long fault_code(unsigned long va, unsigned int access)
{
	phys_addr_t pa;
	unsigned long before = this_cpu->exception_count[X86_TRAP_PF];

	if (mmu_translate(va, access, &pa) == 0)
		return -1;
	if (this_cpu->exception_count[X86_TRAP_PF] == before)
		return -2;
	return (long)this_cpu->last_exception.error_code;
}

TEST(walk_4k_page, 2)
{
	struct mmu_walk w;
	u64 top = space(), leaf;

	leaf = raw_map(top, 4, UVA + 0x5000, 1, 0x2345000 | USER_PAGE,
		       SDM_TABLE);
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, UVA + 0x5678, MMU_USER, &w));
	EXPECT_EQ_U64(0x2345678, w.pa);
	EXPECT_EQ_INT(PG_LEVEL_4K, (int)w.level);
	EXPECT_EQ_INT(4, (int)w.nr);
	EXPECT_EQ_U64(leaf, w.entry_pa[3]);
	EXPECT_EQ_U64(0x2345000 | USER_PAGE, w.entry[3]);
	EXPECT_TRUE(w.writable && w.user && !w.nx);
}

TEST(walk_huge_pages_keep_the_offset, 2)
{
	struct mmu_walk w;
	u64 top = space();

	/* 2 MiB page with the PAT bit (bit 12) set: not part of the address. */
	raw_map(top, 4, UVA + PMD_SIZE, 2,
		0x40000000 | 0x1000 | SDM_P | SDM_US | SDM_PS, SDM_TABLE);
	raw_map(top, 4, UVA + PUD_SIZE, 3, 0x80000000 | SDM_P | SDM_PS,
		SDM_TABLE);
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, UVA + PMD_SIZE + 0x1abcde, 0, &w));
	EXPECT_EQ_U64(0x401abcde, w.pa);
	EXPECT_EQ_INT(PG_LEVEL_2M, (int)w.level);
	EXPECT_EQ_INT(3, (int)w.nr);
	ASSERT_EQ_INT(0,
		      mmu_walk(this_cpu, UVA + PUD_SIZE + 0x3fedcba8, 0, &w));
	EXPECT_EQ_U64(0xbfedcba8, w.pa);
	EXPECT_EQ_INT(PG_LEVEL_1G, (int)w.level);
	EXPECT_EQ_INT(2, (int)w.nr);
}

TEST(not_present_faults_say_what_was_tried, 2)
{
	u64 top = space();

	raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE, SDM_TABLE);
	EXPECT_EQ_INT(0x0, (int)fault_code(UVA + 0x1000, MMU_READ));
	EXPECT_EQ_U64(UVA + 0x1000, this_cpu->cr2);
	EXPECT_EQ_INT(X86_TRAP_PF, (int)this_cpu->last_exception.vector);
	EXPECT_EQ_INT(0x2, (int)fault_code(UVA + 0x1008, MMU_WRITE));
	EXPECT_EQ_U64(UVA + 0x1008, this_cpu->cr2);
	EXPECT_EQ_INT(0x4, (int)fault_code(UVA + PMD_SIZE, MMU_USER));
	EXPECT_EQ_INT(0x6,
		      (int)fault_code(UVA + PUD_SIZE, MMU_USER | MMU_WRITE));
	EXPECT_EQ_INT(0x14, (int)fault_code(0x1000, MMU_USER | MMU_EXEC));
	EXPECT_EQ_INT(-1, (int)fault_code(UVA + 0x10, MMU_USER | MMU_WRITE));
}

TEST(rights_combine_across_levels, 2)
{
	struct mmu_walk w;
	u64 top = space();

	/* Leaf allows everything; the PMD entry takes away user access. */
	raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE, SDM_TABLE);
	raw_write(raw_entry_pa(top, 4, UVA, 2),
		  raw_read(raw_entry_pa(top, 4, UVA, 2)) & ~SDM_US);
	EXPECT_EQ_INT(0x5, (int)fault_code(UVA, MMU_USER));
	EXPECT_EQ_INT(-1, (int)fault_code(UVA, MMU_READ));
	/* Another page: the PUD entry takes away writing, the PGD entry exec. */
	raw_map(top, 4, UVA + PUD_SIZE, 1, 0x2001000 | USER_PAGE, SDM_TABLE);
	raw_write(raw_entry_pa(top, 4, UVA + PUD_SIZE, 3),
		  raw_read(raw_entry_pa(top, 4, UVA + PUD_SIZE, 3)) & ~SDM_RW);
	raw_write(raw_entry_pa(top, 4, UVA, 4),
		  raw_read(raw_entry_pa(top, 4, UVA, 4)) | SDM_XD);
	EXPECT_EQ_INT(0x7,
		      (int)fault_code(UVA + PUD_SIZE, MMU_USER | MMU_WRITE));
	EXPECT_EQ_INT(0x15,
		      (int)fault_code(UVA + PUD_SIZE, MMU_USER | MMU_EXEC));
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, UVA + PUD_SIZE, MMU_USER, &w));
	EXPECT_TRUE(!w.writable && w.user && w.nx);
}

TEST(kernel_writes_obey_cr0_wp, 1)
{
	u64 top = space();

	raw_map(top, 4, UVA, 1, 0x2000000 | SDM_P, SDM_TABLE);
	EXPECT_EQ_INT(0x3, (int)fault_code(UVA, MMU_WRITE));
	this_cpu->cr0 &= ~X86_CR0_WP;
	EXPECT_EQ_INT(-1, (int)fault_code(UVA, MMU_WRITE));
	EXPECT_EQ_INT(0x7, (int)fault_code(UVA + 8, MMU_USER | MMU_WRITE));
}

TEST(smep_and_smap_protect_the_kernel_from_user_pages, 1)
{
	u64 top = space();

	raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE, SDM_TABLE);
	this_cpu->cr4 |= X86_CR4_SMEP | X86_CR4_SMAP;
	EXPECT_EQ_INT(0x11, (int)fault_code(UVA, MMU_EXEC));
	EXPECT_EQ_INT(0x1, (int)fault_code(UVA, MMU_READ));
	EXPECT_EQ_INT(0x3, (int)fault_code(UVA, MMU_WRITE));
	EXPECT_EQ_INT(-1, (int)fault_code(UVA, MMU_USER | MMU_EXEC));
}

TEST(reserved_bits_fault_with_rsvd, 2)
{
	u64 top = space(), leaf;

	/* PS in a PML4 entry. */
	raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE, SDM_TABLE);
	raw_write(raw_entry_pa(top, 4, UVA, 4),
		  raw_read(raw_entry_pa(top, 4, UVA, 4)) | SDM_PS);
	EXPECT_EQ_INT(0xd, (int)fault_code(UVA, MMU_USER));
	/* Physical-address bits above MAXPHYADDR. */
	leaf = raw_map(top, 4, UVA + PUD_SIZE * 3, 1,
		       (1ULL << 50) | 0x2000000 | USER_PAGE, SDM_TABLE);
	EXPECT_EQ_INT(
		0xf, (int)fault_code(UVA + PUD_SIZE * 3, MMU_USER | MMU_WRITE));
	/* A misaligned 2 MiB page. */
	raw_map(top, 4, UVA + PUD_SIZE * 5, 2, 0x40002000 | SDM_P | SDM_PS,
		SDM_TABLE);
	EXPECT_EQ_INT(0x9, (int)fault_code(UVA + PUD_SIZE * 5, MMU_READ));
	/* NX without EFER.NXE is reserved too; fetch faults then have no I. */
	raw_write(leaf, 0x2000000 | USER_PAGE | SDM_XD);
	this_cpu->efer &= ~EFER_NX;
	EXPECT_EQ_INT(0xd,
		      (int)fault_code(UVA + PUD_SIZE * 3, MMU_USER | MMU_EXEC));
}

TEST(accessed_and_dirty_bits, 2)
{
	struct mmu_walk w;
	u64 top = space(), leaf;
	unsigned int i;

	leaf = raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE,
		       SDM_TABLE & ~SDM_A & ~SDM_D);
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, UVA, MMU_USER, &w));
	for (i = 0; i < w.nr; i++)
		EXPECT_MSG(raw_read(w.entry_pa[i]) & SDM_A,
			   "entry %u not accessed", i);
	EXPECT_TRUE(!(raw_read(leaf) & SDM_D));
	EXPECT_TRUE(!(raw_read(w.entry_pa[2]) & SDM_D));
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, UVA, MMU_USER | MMU_WRITE, &w));
	EXPECT_TRUE(raw_read(leaf) & SDM_D);
	EXPECT_TRUE(!(raw_read(w.entry_pa[2]) & SDM_D));
	/* A faulting walk changes nothing. */
	raw_write(leaf, 0x2000000 | SDM_P | SDM_US);
	raw_write(w.entry_pa[0], raw_read(w.entry_pa[0]) & ~SDM_A);
	EXPECT_EQ_INT(-EFAULT,
		      mmu_walk(this_cpu, UVA, MMU_USER | MMU_WRITE, &w));
	EXPECT_EQ_U64(0x7, w.error_code);
	EXPECT_TRUE(!(raw_read(w.entry_pa[0]) & SDM_A));
	EXPECT_EQ_U64(0x2000000 | SDM_P | SDM_US, raw_read(leaf));
}

TEST(non_canonical_addresses_raise_gp, 0)
{
	phys_addr_t pa;
	u64 top = space();

	(void)top;
	this_cpu->cr2 = 0x1234;
	EXPECT_EQ_INT(-EFAULT, mmu_translate(0x0000800000000000UL, 0, &pa));
	EXPECT_EQ_INT(X86_TRAP_GP, (int)this_cpu->last_exception.vector);
	EXPECT_EQ_U64(0, this_cpu->last_exception.error_code);
	EXPECT_EQ_U64(0x1234, this_cpu->cr2);
	EXPECT_EQ_INT(0, (int)this_cpu->exception_count[X86_TRAP_PF]);
	EXPECT_TRUE(!mmu_canonical(this_cpu, 0xfff0000000000000UL));
	EXPECT_TRUE(mmu_canonical(this_cpu, 0xffff800000000000UL));
}

static u64 demand_top;
static int demand_calls;

static int demand_handler(struct cpu_state *cpu, unsigned long error_code)
{
	demand_calls++;
	if (error_code & X86_PF_PROT)
		return -EFAULT;
	raw_map(demand_top, 4, cpu->cr2 & PAGE_MASK, 1, 0x3000000 | USER_PAGE,
		SDM_TABLE);
	return 0;
}

TEST(a_fault_handler_can_fix_the_access, 2)
{
	char buf[16] = "hello, pages";
	char back[16];

	demand_top = space();
	ASSERT_EQ_INT(0, set_exception_handler(X86_TRAP_PF, demand_handler));
	ASSERT_EQ_INT(0, mmu_write(UVA + 0xff8, buf, sizeof(buf), MMU_USER));
	EXPECT_EQ_INT(2, demand_calls); /* two pages touched */
	ASSERT_EQ_INT(0, mmu_read(UVA + 0xff8, back, sizeof(back), MMU_USER));
	EXPECT_EQ_INT(0, memcmp(buf, back, sizeof(buf)));
	EXPECT_EQ_INT(2, demand_calls);
	EXPECT_EQ_INT(0, memcmp(sim_phys_mem + 0x3000ff8, buf, 8));
}

struct agree {
	int leaves, wrong;
};

static void check_leaf(unsigned long va, int level, u64 leaf_pa, u64 leaf,
		       void *arg)
{
	struct agree *a = arg;
	unsigned long probe[3] = { va,
				   va + (1UL << (12 + 9 * (level - 1))) / 2 + 8,
				   va + (1UL << (12 + 9 * (level - 1))) - 8 };
	unsigned int i, j;

	(void)leaf;
	(void)leaf_pa;
	for (i = 0; i < 3; i++) {
		struct sdm_result r =
			sdm_walk(sdm_this_cpu(), probe[i], false, false, false);
		struct mmu_walk w;
		int ret = mmu_walk(this_cpu, probe[i], MMU_READ, &w);
		bool same = ret == 0 && !r.fault && w.pa == r.pa &&
			    (int)w.level == r.level && w.nr == (unsigned)r.nr &&
			    w.writable == r.rw && w.user == r.us &&
			    w.nx == r.xd;

		for (j = 0; same && j < w.nr; j++)
			same = w.entry[j] == r.entries[j];
		a->leaves++;
		if (!same && !a->wrong++)
			grade_check(
				0, 0, __FILE__, __LINE__,
				"va %#lx: the SDM walker says pa %#llx level %d, mmu_walk says %d, pa %#llx level %u",
				probe[i], r.pa, r.level, ret, w.pa, w.level);
	}
}

TEST(walk_agrees_with_the_sdm_on_every_kernel_table, 2)
{
	static const char *const profiles[] = { "small", "qemu", "pc", "la57" };
	static const unsigned long holes[] = { 0x00007f0000001000UL,
					       0xffffc90000000000UL,
					       0xffffffffa0000000UL };
	unsigned int i, j;

	for (i = 0; i < 4; i++) {
		struct agree a = { 0, 0 };

		boot(profiles[i]);
		sdm_for_each_leaf(sdm_this_cpu(), check_leaf, &a);
		EXPECT_MSG(a.leaves > 0 && a.wrong == 0,
			   "%s: %d of %d translations disagree", profiles[i],
			   a.wrong, a.leaves);
		for (j = 0; j < 3; j++) {
			struct sdm_result r = sdm_walk(sdm_this_cpu(), holes[j],
						       true, false, false);
			struct mmu_walk w;

			EXPECT_EQ_INT(-EFAULT, mmu_walk(this_cpu, holes[j],
							MMU_WRITE, &w));
			EXPECT_EQ_U64(r.error_code, w.error_code);
		}
		machine_shutdown();
	}
}

TEST(walk_five_levels, 1)
{
	unsigned long va = 0x00ab001234567000UL;
	struct mmu_walk w;
	phys_addr_t pa;
	u64 top;

	boot("la57");
	top = raw_table();
	native_write_cr3(top);
	raw_map(top, 5, va, 1, 0x2000000 | USER_PAGE, SDM_TABLE);
	ASSERT_EQ_INT(0, mmu_walk(this_cpu, va + 0x42, MMU_USER, &w));
	EXPECT_EQ_INT(5, (int)w.nr);
	EXPECT_EQ_U64(0x2000042, w.pa);
	/* Canonical with 57 bits, not with 48. */
	EXPECT_EQ_INT(0x4, (int)fault_code(0x0080000000000000UL, MMU_USER));
	EXPECT_EQ_INT(0, mmu_translate(va, MMU_USER, &pa));
}
