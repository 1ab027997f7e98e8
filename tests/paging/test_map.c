/* Exercise 3.2: map_range() and its PMD level. */
#include <errno.h>

#include "asm/page.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"
#include "sim/paging.h"

#define UVA 0x00007f0000000000UL

/* What the reference walker sees at va in the address space of pgd. */
static struct sdm_result at(pgd_t *pgd, unsigned long va)
{
	struct sdm_cpu cpu = sdm_this_cpu();

	cpu.cr3 = __pa(pgd);
	return sdm_walk(cpu, va, false, false, false);
}

TEST(map_one_page_allocates_three_tables, 2)
{
	unsigned long before;
	struct sdm_result r;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	before = nr_pagetable_pages;
	ASSERT_EQ_INT(0, map_range(pgd, UVA + 0x5000, UVA + 0x6000, 0x2345000,
				   PAGE_SHARED, PUD_SHIFT));
	EXPECT_EQ_U64(before + 3, nr_pagetable_pages);
	r = at(pgd, UVA + 0x5abc);
	EXPECT_TRUE(!r.fault);
	EXPECT_EQ_INT(1, r.level);
	EXPECT_EQ_U64(0x2345abc, r.pa);
	EXPECT_EQ_U64(0x2345000 | pgprot_val(PAGE_SHARED), r.leaf);
	/* A neighbour needs no new table. */
	ASSERT_EQ_INT(0, map_range(pgd, UVA + 0x6000, UVA + 0x8000, 0x3000000,
				   PAGE_READONLY, PUD_SHIFT));
	EXPECT_EQ_U64(before + 3, nr_pagetable_pages);
	EXPECT_EQ_U64(0x3001010, at(pgd, UVA + 0x7010).pa);
}

TEST(map_uses_2m_pages_where_aligned, 2)
{
	struct sdm_result r;
	pgd_t *pgd;
	unsigned long before;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	before = nr_pagetable_pages;
	ASSERT_EQ_INT(0, map_range(pgd, UVA + PMD_SIZE, UVA + 3 * PMD_SIZE,
				   0x40000000, PAGE_SHARED, PMD_SHIFT));
	EXPECT_EQ_U64(before + 2, nr_pagetable_pages); /* PUD, PMD tables */
	r = at(pgd, UVA + 2 * PMD_SIZE + 0x12345);
	EXPECT_EQ_INT(2, r.level);
	EXPECT_EQ_U64(0x40200000 + 0x12345, r.pa);
	EXPECT_TRUE(r.leaf & SDM_PS);
	/* Physical address not 2 MiB-aligned: 4 KiB pages. */
	ASSERT_EQ_INT(0, map_range(pgd, UVA + 4 * PMD_SIZE, UVA + 5 * PMD_SIZE,
				   0x40001000, PAGE_SHARED, PMD_SHIFT));
	r = at(pgd, UVA + 4 * PMD_SIZE + 0x1fffff);
	EXPECT_EQ_INT(1, r.level);
	EXPECT_EQ_U64(0x40001000 + 0x1fffff, r.pa);
}

TEST(map_uses_1g_pages_where_aligned, 1)
{
	struct sdm_result r;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	ASSERT_EQ_INT(0, map_range(pgd, UVA + PUD_SIZE, UVA + 2 * PUD_SIZE,
				   0x80000000, PAGE_SHARED, PUD_SHIFT));
	r = at(pgd, UVA + PUD_SIZE + 0x3ffffff8);
	EXPECT_EQ_INT(3, r.level);
	EXPECT_EQ_U64(0xbffffff8, r.pa);
	/* The same alignment, but 2 MiB pages at most. */
	ASSERT_EQ_INT(0, map_range(pgd, UVA + 2 * PUD_SIZE, UVA + 3 * PUD_SIZE,
				   0x80000000, PAGE_SHARED, PMD_SHIFT));
	r = at(pgd, UVA + 2 * PUD_SIZE + 0x3ffffff8);
	EXPECT_EQ_INT(2, r.level);
	EXPECT_EQ_U64(0xbffffff8, r.pa);
}

TEST(map_a_mixed_range, 2)
{
	/* [2M - 8K, 4M + 12K): 4K head, one 2M page, 4K tail. */
	unsigned long start = UVA + PMD_SIZE - 0x2000;
	unsigned long end = UVA + 2 * PMD_SIZE + 0x3000;
	phys_addr_t phys = 0x10000000 - 0x2000;
	unsigned long va;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	ASSERT_EQ_INT(0,
		      map_range(pgd, start, end, phys, PAGE_SHARED, PMD_SHIFT));
	for (va = start; va < end; va += PAGE_SIZE) {
		struct sdm_result r = at(pgd, va + 8);
		int want =
			va >= UVA + PMD_SIZE && va < UVA + 2 * PMD_SIZE ? 2 : 1;

		EXPECT_MSG(
			!r.fault && r.level == want &&
				r.pa == phys + (va - start) + 8,
			"va %#lx: expected level %d pa %#llx, got fault %d level %d pa %#llx",
			va, want, phys + (va - start) + 8, r.fault, r.level,
			r.pa);
	}
	EXPECT_TRUE(at(pgd, end).fault);
	EXPECT_TRUE(at(pgd, start - PAGE_SIZE).fault);
}

TEST(map_respects_max_page_shift, 1)
{
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	ASSERT_EQ_INT(0, map_range(pgd, UVA, UVA + PMD_SIZE, 0x200000,
				   PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(1, at(pgd, UVA + 0x100000).level);
	EXPECT_EQ_U64(0x300000, at(pgd, UVA + 0x100000).pa);
}

TEST(map_refuses_an_overlap_and_changes_nothing, 1)
{
	unsigned long before;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	ASSERT_EQ_INT(0, map_range(pgd, UVA + 0x10000, UVA + 0x11000, 0x2000000,
				   PAGE_SHARED, PMD_SHIFT));
	before = nr_pagetable_pages;
	EXPECT_EQ_INT(-EEXIST, map_range(pgd, UVA, UVA + PMD_SIZE, 0x200000,
					 PAGE_SHARED, PMD_SHIFT));
	EXPECT_EQ_U64(before, nr_pagetable_pages);
	EXPECT_TRUE(at(pgd, UVA).fault);
	EXPECT_EQ_U64(0x2000000, at(pgd, UVA + 0x10000).pa);
}

TEST(map_out_of_table_pages_leaves_nothing_behind, 2)
{
	unsigned long before;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	before = nr_pagetable_pages;
	pgtable_source_set(&counting_source);
	/* Two PTE tables needed: the second cannot be had. */
	counting_budget = 3;
	EXPECT_EQ_INT(-ENOMEM, map_range(pgd, UVA + PMD_SIZE - PAGE_SIZE,
					 UVA + PMD_SIZE + PAGE_SIZE, 0x2000000,
					 PAGE_SHARED, PMD_SHIFT));
	EXPECT_EQ_U64(before, nr_pagetable_pages);
	EXPECT_EQ_INT((int)counting_allocs, (int)counting_frees);
	EXPECT_EQ_U64(0, pgd_val(pgd[pgd_index(UVA)]));
	EXPECT_TRUE(counting_allocs == 3);
}

TEST(map_table_entries_carry_the_right_flags, 1)
{
	struct sdm_result r;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	ASSERT_EQ_INT(0, map_range(pgd, UVA, UVA + PAGE_SIZE, 0x2000000,
				   PAGE_READONLY, PMD_SHIFT));
	r = at(pgd, UVA);
	ASSERT_EQ_INT(4, r.nr);
	EXPECT_EQ_U64(SDM_TABLE, r.entries[1] & 0xfff);
	EXPECT_EQ_U64(SDM_TABLE, r.entries[2] & 0xfff);
	/* Kernel half: no user bit in the table entries. */
	ASSERT_EQ_INT(0, map_range(init_top_pgt, VMALLOC_START,
				   VMALLOC_START + PAGE_SIZE, 0x2000000,
				   PAGE_KERNEL, PMD_SHIFT));
	r = at(init_top_pgt, VMALLOC_START);
	ASSERT_EQ_INT(4, r.nr);
	EXPECT_EQ_U64(SDM_TABLE & ~SDM_US, r.entries[2] & 0xfff);
	EXPECT_EQ_U64(SDM_TABLE & ~SDM_US, r.entries[3] & 0xfff & ~SDM_G);
}

TEST(map_five_levels, 1)
{
	unsigned long va = 0x00aa000000000000UL, before;
	struct sdm_result r;
	phys_addr_t top;

	boot("la57");
	top = raw_table();
	before = nr_pagetable_pages;
	ASSERT_EQ_INT(0, map_range(__va(top), va, va + 2 * PMD_SIZE, 0x400000,
				   PAGE_SHARED, PMD_SHIFT));
	EXPECT_EQ_U64(before + 3, nr_pagetable_pages); /* P4D, PUD, PMD */
	r = at(__va(top), va + PMD_SIZE + 5);
	EXPECT_EQ_INT(4, r.nr);
	EXPECT_EQ_INT(2, r.level);
	EXPECT_EQ_U64(0x600005, r.pa);
}
