/* mmsim's buddy commands and the generated figure (0 points). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char out[65536];

TEST(mmsim_buddyinfo, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" buddyinfo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \nNode 0, zone    DMA32 ", strlen("Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \nNode 0, zone    DMA32 ")) == 0);
	EXPECT_MSG(!strstr(out, "Normal"), "an empty zone was printed:\n%s", out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" buddyinfo --demo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Node 0, zone      DMA      1      1      2      2      2      2      2      2      1      2      2 \n", strlen("Node 0, zone      DMA      1      1      2      2      2      2      2      2      1      2      2 \n")) == 0);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" buddyinfo --profile pc", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "Node 0, zone   Normal ") != NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" buddyinfo --frob", out, sizeof(out)));
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" buddyinfo --profile nope", out, sizeof(out)));
}

TEST(mmsim_pagetypeinfo_and_zoneinfo, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" pagetypeinfo --demo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Page block order: 9\nPages per block:  512\n\nFree pages count per migrate type at order       0      1 ", strlen("Page block order: 9\nPages per block:  512\n\nFree pages count per migrate type at order       0      1 ")) == 0);
	EXPECT_TRUE(strstr(out, "Node    0, zone      DMA, type    Unmovable      1      1      1      1      1      1      1      1      1      1      0 \n") != NULL);
	EXPECT_TRUE(strstr(out, "\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \nNode 0, zone      DMA            2            6            0 ") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" zoneinfo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Node 0, zone      DMA\n  pages free     3840\n        boost    0\n        min      ", strlen("Node 0, zone      DMA\n  pages free     3840\n        boost    0\n        min      ")) == 0);
	EXPECT_TRUE(strstr(out, "Node 0, zone  Movable\n  pages free     0\n        boost    0\n        min      32\n        low      32\n") != NULL);
	EXPECT_TRUE(strstr(out, "        protection: (0, 0, 0, 0)\n") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" extfrag --demo --unusable", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Node 0, zone      DMA 0.000 0.000 0.000 ", strlen("Node 0, zone      DMA 0.000 0.000 0.000 ")) == 0);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" extfrag", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "Node 0, zone      DMA -1.000 ", strlen("Node 0, zone      DMA -1.000 ")) == 0);
}

/*
 * The figure of the free lists is drawn at build time from what this prints
 * (figures/05-free-lists.gen): a Mermaid flowchart of the DMA zone's lists
 * after the demo, one node per order with free blocks.
 */
TEST(buddy_figure_draws_the_free_lists, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" buddy-figure", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "flowchart TB\n", 13) == 0);
	EXPECT_TRUE(strstr(out, "Node 0, zone DMA") != NULL);
	EXPECT_TRUE(strstr(out, "o0[\"order 0: 1 free, 4 KiB each") != NULL);
	EXPECT_TRUE(strstr(out, "o10[\"order 10: 2 free, 4096 KiB each") != NULL);
}
