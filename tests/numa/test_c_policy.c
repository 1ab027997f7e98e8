/* Exercise 10.3: policy_nodemask(), and allocating under a policy (10 points). */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

TEST(local_policy_leaves_the_node_alone, 1)
{
	struct mempolicy *pol;
	struct page *page;
	int nid = 1;

	BOOT("numa2");
	pol = POLICY(MPOL_LOCAL, "");
	EXPECT_TRUE(policy_nodemask(GFP_KERNEL, pol, NO_INTERLEAVE_INDEX,
				    &nid) == NULL);
	EXPECT_EQ_INT(1, nid);
	ASSERT_EQ_INT(0, sim_set_cpu(3));
	page = alloc_under(pol, NO_INTERLEAVE_INDEX);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(1, page_to_nid(page));
	mpol_put(pol);
}

TEST(preferred_node_is_hit_and_other_node, 1)
{
	struct mempolicy *pol;
	unsigned long hit, other;
	struct page *page;
	int nid = 0;

	BOOT("numa2");
	pol = POLICY(MPOL_PREFERRED, "1");
	EXPECT_TRUE(policy_nodemask(GFP_KERNEL, pol, 0, &nid) == NULL);
	EXPECT_EQ_INT(1, nid);
	hit = numa_event(1, NUMA_HIT);
	other = numa_event(1, NUMA_OTHER);
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(1, page_to_nid(page));
	EXPECT_EQ_U64(hit + 1, numa_event(1, NUMA_HIT));
	EXPECT_EQ_U64(other + 1, numa_event(1, NUMA_OTHER));
	mpol_put(pol);
}

TEST(preferred_falls_back_when_its_node_is_full, 1)
{
	unsigned long miss, foreign;
	struct mempolicy *pol;
	struct page *page;

	BOOT("numa2");
	pol = POLICY(MPOL_PREFERRED, "1");
	EXPECT_TRUE(exhaust_node(1) > 10000);
	miss = numa_event(0, NUMA_MISS);
	foreign = numa_event(1, NUMA_FOREIGN);
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(0, page_to_nid(page));
	EXPECT_EQ_U64(miss + 1, numa_event(0, NUMA_MISS));
	EXPECT_EQ_U64(foreign + 1, numa_event(1, NUMA_FOREIGN));
	mpol_put(pol);
}

TEST(bind_stays_in_its_nodes, 1)
{
	struct mempolicy *pol;
	struct page *page;
	int nid = 0;

	BOOT("numa2");
	pol = POLICY(MPOL_BIND, "1");
	EXPECT_TRUE(policy_nodemask(GFP_HIGHUSER_MOVABLE, pol, 0, &nid) ==
		    &pol->nodes);
	EXPECT_EQ_INT(0, nid);
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(1, page_to_nid(page));
	exhaust_node(1);
	EXPECT_TRUE(alloc_under(pol, 0) == NULL);
	mpol_put(pol);
}

/* A GFP_DMA allocation cannot use policy_zone: bind does not apply. */
TEST(bind_does_not_apply_below_policy_zone, 1)
{
	struct mempolicy *pol;
	struct page *page;
	int nid = 0;

	BOOT("numa2");
	pol = POLICY(MPOL_BIND, "1");
	EXPECT_TRUE(policy_nodemask(GFP_DMA, pol, 0, &nid) == NULL);
	EXPECT_EQ_INT(0, nid);
	nid = 1;
	EXPECT_TRUE(policy_nodemask(GFP_KERNEL, pol, 0, &nid) == &pol->nodes);
	EXPECT_EQ_INT(1, nid);
	page = alloc_pages_mpol(GFP_DMA, 0, pol, 0, numa_node_id());
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(0, page_to_nid(page));
	EXPECT_EQ_INT(ZONE_DMA, page_zonenum(page));
	mpol_put(pol);
}

TEST(bind_and_preferred_many_start_at_the_home_node, 1)
{
	struct mempolicy *pol;
	struct page *page;
	int nid = 0;

	BOOT("numa4");
	pol = POLICY(MPOL_BIND, "1-3");
	pol->home_node = 3;
	EXPECT_TRUE(policy_nodemask(GFP_HIGHUSER_MOVABLE, pol, 0, &nid) ==
		    &pol->nodes);
	EXPECT_EQ_INT(3, nid);
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(3, page_to_nid(page));
	mpol_put(pol);
	pol = POLICY(MPOL_PREFERRED_MANY, "2-3");
	nid = 0;
	EXPECT_TRUE(policy_nodemask(GFP_KERNEL, pol, 0, &nid) == &pol->nodes);
	EXPECT_EQ_INT(0, nid);
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(2, page_to_nid(page));
	mpol_put(pol);
}

TEST(interleave_by_index_places_and_counts, 1)
{
	unsigned long ih0, ih1;
	struct mempolicy *pol;
	int i;

	BOOT("numa2");
	pol = POLICY(MPOL_INTERLEAVE, "0-1");
	ih0 = numa_event(0, NUMA_INTERLEAVE_HIT);
	ih1 = numa_event(1, NUMA_INTERLEAVE_HIT);
	for (i = 0; i < 10; i++) {
		struct page *page = alloc_under(pol, (pgoff_t)i + 7);

		ASSERT_TRUE(page != NULL);
		EXPECT_EQ_INT((i + 7) % 2, page_to_nid(page));
	}
	EXPECT_EQ_U64(ih0 + 5, numa_event(0, NUMA_INTERLEAVE_HIT));
	EXPECT_EQ_U64(ih1 + 5, numa_event(1, NUMA_INTERLEAVE_HIT));
	mpol_put(pol);
}

TEST(interleave_by_task_takes_turns, 1)
{
	static const int weighted[6] = { 0, 0, 1, 0, 0, 1 };
	struct mempolicy *pol;
	int i, nid;

	BOOT("numa2");
	pol = POLICY(MPOL_INTERLEAVE, "0-1");
	current_il()->il_prev = MAX_NUMNODES - 1;
	current_il()->il_weight = 0;
	for (i = 0; i < 4; i++) {
		nid = 5;
		policy_nodemask(GFP_KERNEL, pol, NO_INTERLEAVE_INDEX, &nid);
		EXPECT_EQ_INT(i % 2, nid);
	}
	mpol_put(pol);
	pol = POLICY(MPOL_WEIGHTED_INTERLEAVE, "0-1");
	ASSERT_EQ_INT(0, set_il_weight(0, 2));
	current_il()->il_prev = MAX_NUMNODES - 1;
	current_il()->il_weight = 0;
	for (i = 0; i < 6; i++) {
		nid = 5;
		policy_nodemask(GFP_KERNEL, pol, NO_INTERLEAVE_INDEX, &nid);
		EXPECT_EQ_INT(weighted[i], nid);
	}
	nid = 5;
	policy_nodemask(GFP_KERNEL, pol, 2, &nid);
	EXPECT_EQ_INT(1, nid);
	mpol_put(pol);
}

/* Bind over two nodes starts from the CPU's zonelist: the nearer first. */
TEST(bind_prefers_the_nearer_of_its_nodes, 1)
{
	struct mempolicy *pol;
	struct page *page;

	BOOT("numa4");
	pol = POLICY(MPOL_BIND, "0,3");
	ASSERT_EQ_INT(0, sim_set_cpu(6));
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(3, page_to_nid(page));
	ASSERT_EQ_INT(0, sim_set_cpu(0));
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(0, page_to_nid(page));
	mpol_put(pol);
	pol = POLICY(MPOL_BIND, "0-1");
	ASSERT_EQ_INT(0, sim_set_cpu(4));
	page = alloc_under(pol, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(0, page_to_nid(page));
	mpol_put(pol);
}

TEST(numastat_counts_what_the_policies_did, 1)
{
	unsigned long before[NR_VM_NUMA_EVENT_ITEMS], got;
	struct mempolicy *pol;
	char buf[512], want[512];
	FILE *f;
	int i;

	BOOT("numa2");
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		before[i] = numa_event(1, i);
	pol = POLICY(MPOL_INTERLEAVE, "0-1");
	for (i = 0; i < 8; i++)
		ASSERT_TRUE(alloc_under(pol, (pgoff_t)i) != NULL);
	mpol_put(pol);
	f = fmemopen(buf, sizeof(buf), "w");
	ASSERT_EQ_INT(0, node_read_numastat(f, 1));
	fclose(f);
	got = before[NUMA_HIT] + 4;
	snprintf(want, sizeof(want),
		 "numa_hit %lu\nnuma_miss %lu\nnuma_foreign %lu\n"
		 "interleave_hit %lu\nlocal_node %lu\nother_node %lu\n",
		 got, before[NUMA_MISS], before[NUMA_FOREIGN],
		 before[NUMA_INTERLEAVE_HIT] + 4, before[NUMA_LOCAL],
		 before[NUMA_OTHER] + 4);
	EXPECT_EQ_STR(want, buf);
}
