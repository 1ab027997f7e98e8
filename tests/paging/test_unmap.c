/* Exercise 3.3: unmap_range() and its PMD level, freeing empty tables. */
#include <errno.h>

#include "asm/page.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"
#include "sim/paging.h"
#include "sim/pgtable_source.h"

#define UVA 0x00007f0000000000UL

/* A user address space with tables built by hand, from the counting source. */
static u64 space(void)
{
	u64 top;

	boot(NULL);
	pgtable_source_set(&counting_source);
	top = raw_table();
	return top;
}

static u64 map4k(u64 top, unsigned long va, u64 pa)
{
	return raw_map(top, 4, va, 1, pa | SDM_P | SDM_RW | SDM_US | SDM_A,
		       SDM_TABLE);
}

TEST(unmap_the_only_page_frees_every_table, 2)
{
	u64 top = space();

	map4k(top, UVA + 0x3000, 0x2000000);
	ASSERT_EQ_INT(4, (int)counting_allocs);
	ASSERT_EQ_INT(0, unmap_range(__va(top), UVA + 0x3000, UVA + 0x4000));
	EXPECT_EQ_INT(3, (int)counting_frees); /* PTE, PMD, PUD tables */
	EXPECT_EQ_U64(0, raw_read(top + 8 * 254));
}

TEST(unmap_part_of_a_page_table_keeps_it, 2)
{
	u64 top = space(), pte_pa, second;

	pte_pa = map4k(top, UVA + 0x3000, 0x2000000);
	second = map4k(top, UVA + 0x9000, 0x2001000);
	ASSERT_EQ_INT(0, unmap_range(__va(top), UVA, UVA + 0x5000));
	EXPECT_EQ_INT(0, (int)counting_frees);
	EXPECT_EQ_U64(0, raw_read(pte_pa));
	EXPECT_TRUE(raw_read(second) & SDM_P);
	ASSERT_EQ_INT(0, unmap_range(__va(top), UVA + 0x5000, UVA + 0xa000));
	EXPECT_EQ_INT(3, (int)counting_frees);
}

TEST(unmap_one_of_two_page_tables, 2)
{
	u64 top = space(), keep;

	map4k(top, UVA + 0x1000, 0x2000000);
	keep = map4k(top, UVA + PMD_SIZE, 0x2001000);
	ASSERT_EQ_INT(0, unmap_range(__va(top), UVA, UVA + PMD_SIZE));
	EXPECT_EQ_INT(1, (int)counting_frees); /* the first PTE table only */
	EXPECT_EQ_U64(0, raw_entry_pa(top, 4, UVA, 1));
	EXPECT_TRUE(raw_read(keep) & SDM_P);
	EXPECT_TRUE(raw_entry_pa(top, 4, UVA, 2) != 0);
	EXPECT_EQ_U64(0, raw_read(raw_entry_pa(top, 4, UVA, 2)));
}

TEST(unmap_huge_pages_and_holes, 2)
{
	u64 top = space(), pmd_pa;

	pmd_pa = raw_map(top, 4, UVA + PMD_SIZE, 2,
			 0x40000000 | SDM_P | SDM_RW | SDM_US | SDM_PS,
			 SDM_TABLE);
	map4k(top, UVA + 5 * PMD_SIZE + 0x7000, 0x2000000);
	ASSERT_EQ_INT(0, unmap_range(__va(top), UVA, UVA + 8 * PMD_SIZE));
	EXPECT_EQ_U64(0, raw_read(pmd_pa));
	EXPECT_EQ_INT((int)counting_allocs - 1, (int)counting_frees);
	EXPECT_EQ_U64(0, raw_read(top + 8 * 254));
}

TEST(unmap_refuses_to_cut_a_huge_page, 1)
{
	u64 top = space(), pmd_pa;

	pmd_pa = raw_map(top, 4, UVA + PMD_SIZE, 2,
			 0x40000000 | SDM_P | SDM_RW | SDM_US | SDM_PS,
			 SDM_TABLE);
	EXPECT_EQ_INT(-EINVAL, unmap_range(__va(top), UVA + PMD_SIZE + 0x1000,
					   UVA + 3 * PMD_SIZE));
	EXPECT_EQ_INT(-EINVAL,
		      unmap_range(__va(top), UVA, UVA + PMD_SIZE + 0x1000));
	EXPECT_TRUE(raw_read(pmd_pa) & SDM_P);
	EXPECT_EQ_INT(0, (int)counting_frees);
}

TEST(unmap_after_map_gives_every_table_back, 1)
{
	unsigned long before;
	pgd_t *pgd;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	before = nr_pagetable_pages;
	map4k(__pa(pgd), UVA + 0x1000, 0x2000000);
	map4k(__pa(pgd), UVA + PUD_SIZE + PMD_SIZE, 0x2001000);
	map4k(__pa(pgd), UVA + 0x7000, 0x2002000);
	ASSERT_EQ_INT(0, unmap_range(pgd, UVA, UVA + 2 * PUD_SIZE));
	EXPECT_EQ_U64(before, nr_pagetable_pages);
	EXPECT_EQ_INT(0, pgd_free(pgd));
}

TEST(unmap_five_levels_frees_the_p4d_table, 1)
{
	unsigned long va = 0x00aa000000000000UL;
	u64 top;

	boot("la57");
	pgtable_source_set(&counting_source);
	top = raw_table();
	raw_map(top, 5, va, 1, 0x2000000 | SDM_P | SDM_US, SDM_TABLE);
	ASSERT_EQ_INT(5, (int)counting_allocs);
	ASSERT_EQ_INT(0, unmap_range(__va(top), va, va + PAGE_SIZE));
	EXPECT_EQ_INT(4, (int)counting_frees);
	EXPECT_EQ_U64(0, raw_read(top + 8 * ((va >> 48) & 511)));
}
