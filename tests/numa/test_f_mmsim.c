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

TEST(mmsim_proc_numa_commands, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" proc --profile numa2 \"mmap a 4 rw- private,anon; cpu 2; touch a 2 w; cpu 0; touch a+2p 2 w; numa_maps\" \"mbind a 4 bind 1 move strict; numa_maps; move_pages a 4\" \"set_mempolicy interleave 0-1; migratepages 1 1 0; numa_maps\"", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "\n7ffff7ffb000 default anon=4 dirty=4 active=0 N0=2 N1=2 kernelpagesize_kB=4\n") != NULL);
	EXPECT_TRUE(strstr(out, "\n7ffff7ffb000 bind:1 anon=4 dirty=4 active=0 N1=4 kernelpagesize_kB=4\n") != NULL);
	EXPECT_TRUE(strstr(out, "\nmove_pages = 0, status 1 1 1 1\n") != NULL);
	EXPECT_TRUE(strstr(out, "\nmigrate_pages = 0\n") != NULL);
	EXPECT_TRUE(strstr(out, "\n7ffff7ffb000 bind:1 anon=4 dirty=4 active=0 N0=4 kernelpagesize_kB=4\n") != NULL);
	/* a VMA with no page shows the task's policy; a CPU that is not there */
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" proc --profile numa2 \"set_mempolicy interleave 0-1; mmap a 2 rw- private,anon; numa_maps; cpu 9\"", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "\n7ffff7ffd000 interleave:0-1\n") != NULL);
}
