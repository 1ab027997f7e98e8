/* Exercise 10.1: find_next_best_node() and the zonelists it orders (10 points). */
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"

TEST(zonelists_of_numa2, 1)
{
	BOOT("numa2");
	EXPECT_EQ_STR(" 0:DMA32 0:DMA 1:DMA32", zonelist_str(0, ZONELIST_FALLBACK));
	EXPECT_EQ_STR(" 1:DMA32 0:DMA32 0:DMA", zonelist_str(1, ZONELIST_FALLBACK));
	EXPECT_EQ_STR(" 1:DMA32", zonelist_str(1, ZONELIST_NOFALLBACK));
	EXPECT_TRUE(log_has("Fallback order for Node 0: 0 1 \n"));
	EXPECT_TRUE(log_has("Fallback order for Node 1: 1 0 \n"));
}

TEST(zonelist_of_numa4_node0, 1)
{
	BOOT("numa4");
	EXPECT_EQ_STR("0 1 2 3", node_order_str(0));
	EXPECT_EQ_STR(" 0:DMA32 0:DMA 1:DMA32 2:DMA32 3:DMA32",
		      zonelist_str(0, ZONELIST_FALLBACK));
	EXPECT_TRUE(log_has("Fallback order for Node 0: 0 1 2 3 \n"));
}

/* Nodes 2 and 3 are both at 22 from node 1: node_load breaks the tie. */
TEST(zonelist_of_numa4_node1_breaks_the_tie_by_load, 2)
{
	BOOT("numa4");
	EXPECT_EQ_STR("1 0 3 2", node_order_str(1));
	EXPECT_EQ_STR(" 1:DMA32 0:DMA32 0:DMA 3:DMA32 2:DMA32",
		      zonelist_str(1, ZONELIST_FALLBACK));
	EXPECT_TRUE(log_has("Fallback order for Node 1: 1 0 3 2 \n"));
}

TEST(zonelists_of_numa4_nodes_2_and_3, 1)
{
	BOOT("numa4");
	EXPECT_EQ_STR("2 3 0 1", node_order_str(2));
	EXPECT_EQ_STR("3 2 1 0", node_order_str(3));
	EXPECT_EQ_STR(" 3:DMA32", zonelist_str(3, ZONELIST_NOFALLBACK));
}

/* A memoryless node starts at the nearest node with memory. */
TEST(memoryless_node_falls_back_by_distance, 1)
{
	nodemask_t used = NODE_MASK_NONE;

	BOOT("numa-memless");
	EXPECT_EQ_INT(0, find_next_best_node(2, &used));
	EXPECT_TRUE(node_isset(0, used) && !node_isset(2, used));
	EXPECT_EQ_INT(1, find_next_best_node(2, &used));
	EXPECT_EQ_INT(NUMA_NO_NODE, find_next_best_node(2, &used));
	EXPECT_EQ_STR("0 1", node_order_str(2));
	EXPECT_EQ_STR("", zonelist_str(2, ZONELIST_NOFALLBACK));
	ASSERT_EQ_INT(0, sim_set_cpu(4));
	EXPECT_EQ_INT(0, numa_mem_id());
}

/* At equal distance a node without CPUs wins (PENALTY_FOR_NODE_WITH_CPUS). */
TEST(node_without_cpus_wins_at_equal_distance, 1)
{
	nodemask_t used = NODE_MASK_NONE;

	BOOT("numa-cxl");
	EXPECT_EQ_STR("0 2 1", node_order_str(0));
	node_set(0, used);
	EXPECT_EQ_INT(2, find_next_best_node(0, &used));
	EXPECT_EQ_INT(1, find_next_best_node(0, &used));
	EXPECT_TRUE(log_has("Fallback order for Node 0: 0 2 1 \n"));
}

TEST(the_local_node_comes_first, 1)
{
	nodemask_t used = NODE_MASK_NONE;

	BOOT("numa4");
	EXPECT_EQ_INT(3, find_next_best_node(3, &used));
	EXPECT_TRUE(node_isset(3, used));
	EXPECT_EQ_INT(1, nodes_weight(used));
	EXPECT_EQ_INT(2, find_next_best_node(3, &used));
	EXPECT_EQ_INT(2, nodes_weight(used));
}

TEST(no_node_left_changes_nothing, 1)
{
	nodemask_t used = mask_of("0-3"), before;

	BOOT("numa4");
	before = used;
	EXPECT_EQ_INT(NUMA_NO_NODE, find_next_best_node(1, &used));
	EXPECT_TRUE(memcmp(&before, &used, sizeof(used)) == 0);
	used = mask_of("1-3");
	EXPECT_EQ_INT(0, find_next_best_node(1, &used));
	EXPECT_EQ_INT(4, nodes_weight(used));
}

/*
 * After numa4's boot node_load[] is { 3, 2, 2, 2 }: from node 0, nodes 2 and
 * 3 tie and the lower id wins; from node 2, nodes 0 and 1 are equally far
 * and equally penalised, and node 1's smaller load wins.
 */
TEST(ties_after_boot_go_by_node_load, 1)
{
	nodemask_t used = mask_of("0-1");

	BOOT("numa4");
	EXPECT_EQ_INT(2, find_next_best_node(0, &used));
	used = mask_of("2-3");
	EXPECT_EQ_INT(1, find_next_best_node(2, &used));
	EXPECT_EQ_INT(0, find_next_best_node(2, &used));
}
