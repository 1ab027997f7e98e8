/* mmsim's NUMA commands and the generated figure (0 points). */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static char out[65536];

TEST(mmsim_numactl_hardware, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numactl --hardware --profile numa2", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "available: 2 nodes (0-1)\nnode 0 cpus: 0 1\nnode 0 size: ", 55) == 0);
	EXPECT_TRUE(strstr(out, "\nnode 1 cpus: 2 3\nnode 1 size: ") != NULL);
	EXPECT_TRUE(strstr(out, "node distances:\nnode   0   1 \n  0:  10  21 \n  1:  21  10 \n") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numactl -H", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "available: 1 nodes (0)\nnode 0 cpus: 0\n", 38) == 0);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numactl -H --profile numa-memless", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "node 2 cpus: 4 5\nnode 2 size: 0 MB\nnode 2 free: 0 MB\n") != NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" numactl", out, sizeof(out)));
}

TEST(mmsim_numastat_and_zonelists, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numastat --profile numa2 --demo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "                           node0           node1\nnuma_hit ", 58) == 0);
	EXPECT_TRUE(strstr(out, "\ninterleave_hit                50              50\n") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numastat --profile numa2 --node 1", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "numa_hit 0\nnuma_miss 0\n", 23) == 0);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numa-zonelists --profile numa4", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "Node 1, zonelist fallback:   1:DMA32 0:DMA32 0:DMA 3:DMA32 2:DMA32\n") != NULL);
}

/*
 * The cost figure is drawn at build time from what numa-figure prints
 * (figures/10-policy-cost.gen): a Mermaid xychart of the cost model.
 */
TEST(mmsim_numa_cost_and_figure, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numa-cost", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "P2   local, each thread allocates      256    256      0%        80       124\n") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" numa-figure", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "xychart-beta\n", 13) == 0);
	EXPECT_TRUE(strstr(out, "    bar [124, 80, 124, 124, 124, 124]\n") != NULL);
	EXPECT_TRUE(strstr(out, "    line [80, 124, 124, 102, 168, 168]\n") != NULL);
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" numa-cost --profile small", out, sizeof(out)));
}
