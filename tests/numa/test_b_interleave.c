/* Exercise 10.2: interleave_nid() and weighted_interleave_nid() (8 points). */
#include <string.h>

#include "helpers.h"

static struct mempolicy pol_of(const char *list)
{
	struct mempolicy pol;

	memset(&pol, 0, sizeof(pol));
	pol.mode = MPOL_INTERLEAVE;
	pol.nodes = mask_of(list);
	pol.home_node = NUMA_NO_NODE;
	return pol;
}

/* A mapping that starts at page 3 of its object: page k has index 3 + k. */
TEST(offset_rule_picks_the_node_of_a_page, 1)
{
	struct mempolicy pol = pol_of("0-1");
	unsigned long start = 0x7f0000000000UL;
	int k;

	BOOT("numa2");
	for (k = 0; k < 6; k++) {
		pgoff_t ilx = mpol_vma_ilx(3, start, start + k * 4096UL, 0);

		EXPECT_EQ_U64(3 + k, ilx);
		EXPECT_EQ_INT((3 + k) % 2, (int)interleave_nid(&pol, ilx));
	}
}

TEST(huge_pages_count_in_huge_pages, 1)
{
	struct mempolicy pol = pol_of("0-1");
	unsigned long start = 0x7f0000000000UL;
	pgoff_t ilx = mpol_vma_ilx(1024, start, start + 3 * (2UL << 20), 9);

	BOOT("numa2");
	EXPECT_EQ_U64(5, ilx);
	EXPECT_EQ_INT(1, (int)interleave_nid(&pol, ilx));
}

TEST(a_sparse_mask_counts_nodes_not_ids, 1)
{
	struct mempolicy pol = pol_of("1,3");

	BOOT("numa4");
	EXPECT_EQ_INT(1, (int)interleave_nid(&pol, 0));
	EXPECT_EQ_INT(3, (int)interleave_nid(&pol, 1));
	EXPECT_EQ_INT(1, (int)interleave_nid(&pol, 2));
	EXPECT_EQ_INT(3, (int)interleave_nid(&pol, 7));
}

TEST(three_nodes_and_large_indexes, 1)
{
	struct mempolicy pol = pol_of("0,2-3");

	BOOT("numa4");
	EXPECT_EQ_INT(2, (int)interleave_nid(&pol, 4));
	EXPECT_EQ_INT(3, (int)interleave_nid(&pol, 5));
	EXPECT_EQ_INT(0, (int)interleave_nid(&pol, 6));
	/* 2^40 = 1 (mod 3) */
	EXPECT_EQ_INT(0, (int)interleave_nid(&pol, (1UL << 40) + 2));
	EXPECT_EQ_INT(2, (int)interleave_nid(&pol, (1UL << 40) + 3));
}

TEST(an_empty_mask_means_the_local_node, 1)
{
	struct mempolicy pol = pol_of("");

	BOOT("numa2");
	ASSERT_EQ_INT(0, sim_set_cpu(2));
	EXPECT_EQ_INT(1, (int)interleave_nid(&pol, 0));
	EXPECT_EQ_INT(1, (int)weighted_interleave_nid(&pol, 5));
}

TEST(weights_3_to_1, 1)
{
	static const int want[8] = { 0, 0, 0, 1, 0, 0, 0, 1 };
	struct mempolicy pol = pol_of("0-1");
	int i;

	BOOT("numa2");
	pol.mode = MPOL_WEIGHTED_INTERLEAVE;
	ASSERT_EQ_INT(0, set_il_weight(0, 3));
	for (i = 0; i < 8; i++)
		EXPECT_EQ_INT(want[i], (int)weighted_interleave_nid(&pol, i));
	EXPECT_EQ_INT(1, (int)weighted_interleave_nid(&pol, 4 * 1000 + 3));
}

TEST(weights_1_2_1_over_a_sparse_mask, 1)
{
	static const int want[8] = { 0, 2, 2, 3, 0, 2, 2, 3 };
	struct mempolicy pol = pol_of("0,2-3");
	int i;

	BOOT("numa4");
	pol.mode = MPOL_WEIGHTED_INTERLEAVE;
	ASSERT_EQ_INT(0, set_il_weight(2, 2));
	for (i = 0; i < 8; i++)
		EXPECT_EQ_INT(want[i], (int)weighted_interleave_nid(&pol, i));
}

TEST(default_weights_interleave_evenly, 1)
{
	struct mempolicy pol = pol_of("1-3");
	int i;

	BOOT("numa4");
	pol.mode = MPOL_WEIGHTED_INTERLEAVE;
	for (i = 0; i < 9; i++) {
		EXPECT_EQ_INT(1 + i % 3, (int)weighted_interleave_nid(&pol, i));
		EXPECT_EQ_INT(1 + i % 3, (int)interleave_nid(&pol, i));
	}
}
