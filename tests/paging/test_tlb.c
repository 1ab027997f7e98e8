/* Exercises 3.5 (tlb_lookup) and 3.6 (tlb_invalidate). */
#include <errno.h>

#include "asm/page.h"
#include "asm/tlbflush.h"
#include "grader.h"
#include "helpers.h"
#include "sim/cpu.h"
#include "sim/machine.h"
#include "sim/mmu.h"
#include "sim/paging.h"
#include "sim/tlb.h"
#include "uapi/asm/processor-flags.h"

#define UVA	   0x00007f0000000000UL
#define USER_PAGE  (SDM_P | SDM_RW | SDM_US)
#define ALL_RIGHTS 0xff
#define READ_ONLY                             \
	((1U << mmu_access_index(MMU_READ)) | \
	 (1U << mmu_access_index(MMU_USER)) | \
	 (1U << mmu_access_index(MMU_EXEC)) | \
	 (1U << mmu_access_index(MMU_USER | MMU_EXEC)))

static u64 space(void)
{
	u64 top;

	boot(NULL);
	top = raw_table();
	native_write_cr3(top);
	return top;
}

static bool hit(unsigned long va, unsigned int access, phys_addr_t *pa)
{
	*pa = 0;
	return tlb_lookup(va, access, pa);
}

/* ---------------------------------------------------------- 3.5 */

TEST(tlb_hits_a_4k_entry_with_its_offset, 1)
{
	phys_addr_t pa;

	space();
	tlb_fill(UVA + 0x5000, PG_LEVEL_4K, 0x2345000, ALL_RIGHTS, false);
	EXPECT_TRUE(hit(UVA + 0x5abc, MMU_USER | MMU_WRITE, &pa));
	EXPECT_EQ_U64(0x2345abc, pa);
	EXPECT_TRUE(!hit(UVA + 0x6abc, MMU_READ, &pa));
	EXPECT_TRUE(
		!hit(UVA + 0x5000 + TLB_ENTRIES_4K * PAGE_SIZE, MMU_READ, &pa));
}

TEST(tlb_hits_huge_entries_anywhere_inside, 1)
{
	phys_addr_t pa;

	space();
	tlb_fill(UVA + PMD_SIZE + 0x1000, PG_LEVEL_2M, 0x40000000, ALL_RIGHTS,
		 false);
	tlb_fill(UVA + PUD_SIZE + 0x123000, PG_LEVEL_1G, 0x80000000, ALL_RIGHTS,
		 false);
	EXPECT_TRUE(hit(UVA + PMD_SIZE + 0x1fff08, MMU_READ, &pa));
	EXPECT_EQ_U64(0x401fff08, pa);
	EXPECT_TRUE(hit(UVA + PUD_SIZE + 0x3ffff000, MMU_READ, &pa));
	EXPECT_EQ_U64(0xbffff000, pa);
	EXPECT_TRUE(!hit(UVA + 2 * PMD_SIZE, MMU_READ, &pa));
}

TEST(tlb_entries_belong_to_their_pcid_unless_global, 2)
{
	phys_addr_t pa;
	u64 top = space();

	native_write_cr3(top | 1);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x1000, PG_LEVEL_4K, 0x2001000, ALL_RIGHTS, true);
	EXPECT_TRUE(hit(UVA, MMU_READ, &pa));
	native_write_cr3(top | 2 | CR3_NOFLUSH);
	EXPECT_TRUE(!hit(UVA, MMU_READ, &pa));
	EXPECT_TRUE(hit(UVA + 0x1000, MMU_READ, &pa));
	EXPECT_EQ_U64(0x2001000, pa);
	native_write_cr3(top | 1 | CR3_NOFLUSH);
	EXPECT_TRUE(hit(UVA, MMU_READ, &pa));
	EXPECT_EQ_U64(0x2000000, pa);
}

TEST(tlb_hits_only_accesses_the_entry_allows, 1)
{
	phys_addr_t pa;

	space();
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, READ_ONLY, false);
	EXPECT_TRUE(hit(UVA, MMU_USER, &pa));
	EXPECT_TRUE(hit(UVA, MMU_USER | MMU_EXEC, &pa));
	EXPECT_TRUE(!hit(UVA, MMU_USER | MMU_WRITE, &pa));
	EXPECT_TRUE(!hit(UVA, MMU_WRITE, &pa));
	tlb_fill(UVA + PMD_SIZE, PG_LEVEL_2M, 0x40000000,
		 1U << mmu_access_index(MMU_READ), false);
	EXPECT_TRUE(hit(UVA + PMD_SIZE, MMU_READ, &pa));
	EXPECT_TRUE(!hit(UVA + PMD_SIZE, MMU_USER, &pa));
}

TEST(a_stale_entry_outlives_a_changed_table_without_invlpg, 2)
{
	phys_addr_t pa;
	u64 top = space(), leaf;

	leaf = raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE | SDM_A | SDM_D,
		       SDM_TABLE);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	/* The kernel moves the page and makes it read-only: no INVLPG. */
	raw_write(leaf, 0x2005000 | SDM_P | SDM_US | SDM_A | SDM_D);
	ASSERT_EQ_INT(0, mmu_translate(UVA + 0x10, MMU_USER | MMU_WRITE, &pa));
	EXPECT_EQ_U64(0x2000010, pa);
	EXPECT_EQ_U64(1, sim_tlb.hits);
	/* Unmapped altogether: still translated. */
	raw_write(leaf, 0);
	ASSERT_EQ_INT(0, mmu_translate(UVA + 0x20, MMU_USER, &pa));
	EXPECT_EQ_U64(0x2000020, pa);
}

TEST_WITH(pcids_keep_two_address_spaces_apart, 2, .depends = "walk_4k_page")
{
	phys_addr_t pa;
	u64 a = space(), b = raw_table();

	raw_map(a, 4, UVA, 1, 0x2000000 | USER_PAGE | SDM_A | SDM_D, SDM_TABLE);
	raw_map(b, 4, UVA, 1, 0x3000000 | USER_PAGE | SDM_A | SDM_D, SDM_TABLE);
	native_write_cr3(a | 1);
	ASSERT_EQ_INT(0, mmu_translate(UVA, MMU_USER, &pa));
	EXPECT_EQ_U64(0x2000000, pa);
	native_write_cr3(b | 2);
	ASSERT_EQ_INT(0, mmu_translate(UVA, MMU_USER, &pa));
	EXPECT_EQ_U64(0x3000000, pa);
	EXPECT_EQ_U64(0, sim_tlb.hits);
	native_write_cr3(a | 1 | CR3_NOFLUSH);
	ASSERT_EQ_INT(0, mmu_translate(UVA, MMU_USER, &pa));
	EXPECT_EQ_U64(0x2000000, pa);
	native_write_cr3(b | 2 | CR3_NOFLUSH);
	ASSERT_EQ_INT(0, mmu_translate(UVA, MMU_USER, &pa));
	EXPECT_EQ_U64(0x3000000, pa);
	EXPECT_EQ_U64(2, sim_tlb.hits);
}

/* ---------------------------------------------------------- 3.6 */

TEST(invlpg_drops_the_current_pcid_and_global_entries, 2)
{
	u64 top = space();

	native_write_cr3(top | 1);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x1000, PG_LEVEL_4K, 0x2001000, ALL_RIGHTS, false);
	native_write_cr3(top | 2 | CR3_NOFLUSH);
	tlb_fill(UVA + 0x2000, PG_LEVEL_4K, 0x2002000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x3000, PG_LEVEL_4K, 0x2003000, ALL_RIGHTS, true);
	native_write_cr3(top | 1 | CR3_NOFLUSH);
	__flush_tlb_one_user(UVA);
	EXPECT_TRUE(tlb_probe(UVA, 1) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x1000, 1) != NULL);
	__flush_tlb_one_user(UVA + 0x2000); /* another PCID's: kept */
	EXPECT_TRUE(tlb_probe(UVA + 0x2000, 2) != NULL);
	__flush_tlb_one_user(UVA + 0x3000); /* global: dropped */
	EXPECT_TRUE(tlb_probe(UVA + 0x3000, 2) == NULL);
}

TEST(invlpg_anywhere_inside_drops_a_huge_entry, 1)
{
	space();
	tlb_fill(UVA + PMD_SIZE, PG_LEVEL_2M, 0x40000000, ALL_RIGHTS, false);
	tlb_fill(UVA + PUD_SIZE, PG_LEVEL_1G, 0x80000000, ALL_RIGHTS, false);
	__invlpg(UVA + PMD_SIZE + 0x1ff000);
	EXPECT_TRUE(tlb_probe(UVA + PMD_SIZE, 0) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + PUD_SIZE, 0) != NULL);
	__invlpg(UVA + PUD_SIZE + 0x12345000);
	EXPECT_TRUE(tlb_probe(UVA + PUD_SIZE, 0) == NULL);
}

TEST(cr3_writes_flush_non_global_entries, 2)
{
	u64 top = space();

	native_write_cr4(this_cpu->cr4 & ~X86_CR4_PCIDE);
	native_write_cr3(top);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	tlb_fill(UVA + PMD_SIZE, PG_LEVEL_2M, 0x40000000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x1000, PG_LEVEL_4K, 0x2001000, ALL_RIGHTS, true);
	native_write_cr3(top);
	EXPECT_TRUE(tlb_probe(UVA, 0) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + PMD_SIZE, 0) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x1000, 0) != NULL);
	/* Without PCIDs the no-flush bit means nothing. */
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	native_write_cr3(top | CR3_NOFLUSH);
	EXPECT_TRUE(tlb_probe(UVA, 0) == NULL);
}

TEST(cr3_writes_with_pcids_flush_only_the_new_pcid, 2)
{
	u64 top = space();

	native_write_cr3(top | 1);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	native_write_cr3(top | 2);
	tlb_fill(UVA + 0x1000, PG_LEVEL_4K, 0x2001000, ALL_RIGHTS, false);
	native_write_cr3(top | 1);
	EXPECT_TRUE(tlb_probe(UVA, 1) == NULL);		 /* new PCID: flushed */
	EXPECT_TRUE(tlb_probe(UVA + 0x1000, 2) != NULL); /* old: kept */
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	native_write_cr3(top | 1 | CR3_NOFLUSH);
	EXPECT_TRUE(tlb_probe(UVA, 1) != NULL);
}

TEST(invpcid_types, 2)
{
	u64 top = space();

	native_write_cr3(top | 1);
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x1000, PG_LEVEL_4K, 0x2001000, ALL_RIGHTS, false);
	tlb_fill(UVA + 0x2000, PG_LEVEL_4K, 0x2002000, ALL_RIGHTS, true);
	native_write_cr3(top | 2 | CR3_NOFLUSH);
	tlb_fill(UVA + 0x3000, PG_LEVEL_4K, 0x2003000, ALL_RIGHTS, false);
	EXPECT_EQ_INT(0, __invpcid(1, UVA, INVPCID_TYPE_INDIV_ADDR));
	EXPECT_TRUE(tlb_probe(UVA, 1) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x1000, 1) != NULL);
	EXPECT_EQ_INT(0, __invpcid(1, 0, INVPCID_TYPE_SINGLE_CTXT));
	EXPECT_TRUE(tlb_probe(UVA + 0x1000, 1) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x2000, 1) != NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x3000, 2) != NULL);
	EXPECT_EQ_INT(0, __invpcid(0, 0, INVPCID_TYPE_ALL_NON_GLOBAL));
	EXPECT_TRUE(tlb_probe(UVA + 0x3000, 2) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + 0x2000, 2) != NULL);
	EXPECT_EQ_INT(0, __invpcid(0, 0, INVPCID_TYPE_ALL_INCL_GLOBAL));
	EXPECT_TRUE(tlb_probe(UVA + 0x2000, 2) == NULL);
}

TEST(a_full_flush_drops_global_entries_too, 1)
{
	space();
	tlb_fill(UVA, PG_LEVEL_4K, 0x2000000, ALL_RIGHTS, true);
	tlb_fill(UVA + PUD_SIZE, PG_LEVEL_1G, 0x80000000, ALL_RIGHTS, true);
	flush_tlb_local();
	EXPECT_TRUE(tlb_probe(UVA, 0) != NULL);
	__flush_tlb_all();
	EXPECT_TRUE(tlb_probe(UVA, 0) == NULL);
	EXPECT_TRUE(tlb_probe(UVA + PUD_SIZE, 0) == NULL);
}

TEST_WITH(after_invlpg_the_mmu_sees_the_new_table, 2, .depends = "walk_4k_page")
{
	phys_addr_t pa;
	u64 top = space(), leaf;

	leaf = raw_map(top, 4, UVA, 1, 0x2000000 | USER_PAGE | SDM_A | SDM_D,
		       SDM_TABLE);
	ASSERT_EQ_INT(0, mmu_translate(UVA, MMU_USER | MMU_WRITE, &pa));
	raw_write(leaf, 0x2005000 | SDM_P | SDM_US | SDM_A | SDM_D);
	__flush_tlb_one_user(UVA);
	ASSERT_EQ_INT(0, mmu_translate(UVA + 8, MMU_USER, &pa));
	EXPECT_EQ_U64(0x2005008, pa);
	EXPECT_EQ_INT(-EFAULT, mmu_translate(UVA, MMU_USER | MMU_WRITE, &pa));
	EXPECT_EQ_U64(0x7, this_cpu->last_exception.error_code);
	raw_write(leaf, 0);
	__flush_tlb_one_user(UVA);
	EXPECT_EQ_INT(-EFAULT, mmu_translate(UVA, MMU_USER, &pa));
	EXPECT_EQ_U64(0x4, this_cpu->last_exception.error_code);
}
