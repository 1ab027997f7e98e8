/* Exercise 3.1: lookup_address_in_pgd(). */
#include "asm/page.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"
#include "sim/paging.h"

#define VA 0x00007f1234567000UL

static pte_t *lookup(u64 top, unsigned long va, unsigned int *level)
{
	return lookup_address_in_pgd(pgd_offset_pgd(__va(top), va), va, level);
}

TEST(lookup_finds_a_4k_pte, 1)
{
	unsigned int level = 99;
	u64 top, leaf_pa;
	pte_t *pte;

	boot(NULL);
	top = raw_table();
	leaf_pa = raw_map(top, 4, VA, 1, 0x5000000 | SDM_P | SDM_RW, SDM_TABLE);
	pte = lookup(top, VA + 0x123, &level);
	ASSERT_TRUE(pte != NULL);
	EXPECT_EQ_U64(leaf_pa, __pa(pte));
	EXPECT_EQ_INT(PG_LEVEL_4K, (int)level);
	/* An empty PTE in an existing page table is still returned. */
	pte = lookup(top, VA + PAGE_SIZE, &level);
	ASSERT_TRUE(pte != NULL);
	EXPECT_EQ_U64(leaf_pa + 8, __pa(pte));
	EXPECT_EQ_INT(PG_LEVEL_4K, (int)level);
	EXPECT_TRUE(pte_none(*pte));
}

TEST(lookup_stops_at_huge_pages, 2)
{
	unsigned int level = 99;
	u64 top, pmd_pa, pud_pa;
	pte_t *pte;

	boot(NULL);
	top = raw_table();
	pmd_pa = raw_map(top, 4, 0x40000000UL, 2,
			 0x4000000 | SDM_P | SDM_RW | SDM_PS, SDM_TABLE);
	pud_pa = raw_map(top, 4, 0x80000000UL, 3, 0x40000000 | SDM_P | SDM_PS,
			 SDM_TABLE);
	pte = lookup(top, 0x40000000UL + 0x1ff123, &level);
	EXPECT_EQ_U64(pmd_pa, pte ? __pa(pte) : 0);
	EXPECT_EQ_INT(PG_LEVEL_2M, (int)level);
	pte = lookup(top, 0x80000000UL + 0x3ffff000, &level);
	EXPECT_EQ_U64(pud_pa, pte ? __pa(pte) : 0);
	EXPECT_EQ_INT(PG_LEVEL_1G, (int)level);
}

TEST(lookup_returns_null_at_a_missing_table, 2)
{
	unsigned int level = 99;
	u64 top;

	boot(NULL);
	top = raw_table();
	EXPECT_TRUE(lookup(top, VA, &level) == NULL);
	EXPECT_EQ_INT(PG_LEVEL_512G, (int)level);
	raw_map(top, 4, VA, 1, 0x5000000 | SDM_P, SDM_TABLE);
	EXPECT_TRUE(lookup(top, VA ^ (1UL << 30), &level) == NULL);
	EXPECT_EQ_INT(PG_LEVEL_1G, (int)level);
	EXPECT_TRUE(lookup(top, VA ^ (1UL << 21), &level) == NULL);
	EXPECT_EQ_INT(PG_LEVEL_2M, (int)level);
}

TEST(lookup_returns_a_non_present_entry, 1)
{
	unsigned int level = 99;
	u64 top, pmd_pa;
	pte_t *pte;

	boot(NULL);
	top = raw_table();
	/* A non-present PMD entry that is not empty (a swap-like value). */
	pmd_pa = raw_map(top, 4, VA, 2, 0x1234500, SDM_TABLE);
	pte = lookup(top, VA, &level);
	EXPECT_EQ_U64(pmd_pa, pte ? __pa(pte) : 0);
	EXPECT_EQ_INT(PG_LEVEL_2M, (int)level);
}

struct agree {
	int leaves, wrong;
};

static void check_leaf(unsigned long va, int level, u64 leaf_pa, u64 leaf,
		       void *arg)
{
	struct agree *a = arg;
	unsigned int got_level = 99;
	pte_t *pte = lookup_address(va, &got_level);

	(void)leaf;
	a->leaves++;
	if (!pte || __pa(pte) != leaf_pa || (int)got_level != level) {
		if (!a->wrong++)
			grade_check(
				0, 0, __FILE__, __LINE__,
				"va %#lx: expected the level-%d entry at %#llx, got %#llx at level %u",
				va, level, leaf_pa, pte ? __pa(pte) : 0ULL,
				got_level);
	}
}

TEST(lookup_agrees_with_the_sdm_on_every_kernel_table, 1)
{
	static const char *const profiles[] = { "small", "qemu", "pc", "la57" };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		struct agree a = { 0, 0 };

		boot(profiles[i]);
		sdm_for_each_leaf(sdm_this_cpu(), check_leaf, &a);
		EXPECT_MSG(a.leaves > 0 && a.wrong == 0,
			   "%s: %d of %d leaves disagree", profiles[i], a.wrong,
			   a.leaves);
		machine_shutdown();
	}
}

TEST(lookup_walks_five_levels, 1)
{
	unsigned int level = 99;
	unsigned long va = 0x00ab001234567000UL;
	u64 top, leaf_pa;
	pte_t *pte;

	boot("la57");
	top = raw_table();
	EXPECT_TRUE(lookup(top, va, &level) == NULL);
	EXPECT_EQ_INT(PG_LEVEL_256T, (int)level);
	leaf_pa = raw_map(top, 5, va, 1, 0x3000000 | SDM_P, SDM_TABLE);
	pte = lookup(top, va, &level);
	EXPECT_EQ_U64(leaf_pa, pte ? __pa(pte) : 0);
	EXPECT_EQ_INT(PG_LEVEL_4K, (int)level);
	EXPECT_TRUE(lookup(top, va ^ (1UL << 40), &level) == NULL);
	EXPECT_EQ_INT(PG_LEVEL_512G, (int)level);
}
