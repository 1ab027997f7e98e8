/* Exercise 9.2: taking slots, cluster by cluster and by priority. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The next n slots must be first, first+1, ... */
static void expect_run(unsigned long first, unsigned long n, int type)
{
	unsigned long i, off;
	int t;

	for (i = 0; i < n; i++) {
		off = take_slot(&t);
		ASSERT_MSG(off == first + i && t == type,
			   "slot %lu of the run: expected %d:%lu, got %d:%lu",
			   i, type, first + i, t, off);
	}
}

TEST(first_slot_is_in_the_first_free_cluster, 1)
{
	BOOT(NULL);
	AREA("/dev/vdb", 2048, -1);
	expect_run(512, 5, 0);
	EXPECT_EQ_INT(5, swap_info[0]->inuse_pages);
	EXPECT_EQ_INT(SWAP_HAS_CACHE, swap_info[0]->swap_map[512]);
	CHECK();
}

TEST(a_small_area_starts_after_the_header, 1)
{
	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	EXPECT_EQ_INT(99, swap_info[0]->pages);
	expect_run(1, 99, 0);
	EXPECT_EQ_U64(0, take_slot(NULL));
	CHECK();
}

TEST(slots_run_on_into_the_next_free_cluster, 1)
{
	BOOT(NULL);
	AREA("/dev/vdb", 2048, -1);
	expect_run(512, 1024, 0);
	expect_run(1536, 10, 0);
	CHECK();
}

TEST(the_header_cluster_comes_after_the_free_ones, 1)
{
	BOOT(NULL);
	AREA("/dev/vdb", 2048, -1);
	expect_run(512, 1536, 0);
	expect_run(1, 511, 0);
	EXPECT_EQ_U64(0, take_slot(NULL));
	EXPECT_EQ_INT(0, (int)get_nr_swap_pages());
	CHECK();
}

TEST(holes_are_reused_only_when_no_cluster_is_free, 2)
{
	BOOT(NULL);
	AREA("/dev/vdb", 2048, -1);
	expect_run(512, 10, 0);
	put_swap_folio(NULL, swp_entry(0, 515)); /* its only use */
	EXPECT_EQ_INT(0, swap_info[0]->swap_map[515]);
	CHECK();
	expect_run(522, 502, 0); /* the current cluster goes on */
	expect_run(1024, 1024, 0); /* free clusters before the hole */
	expect_run(1, 511, 0);	   /* then the partly used ones */
	expect_run(515, 1, 0);
	EXPECT_EQ_U64(0, take_slot(NULL));
	CHECK();
}

TEST(bad_pages_are_never_handed_out, 1)
{
	unsigned int bad[] = { 700, 1, 2, 700 };
	struct swap_info_struct *si;

	BOOT(NULL);
	ASSERT_EQ_INT(0, mkswap("/dev/vdb", 2048, bad, 4));
	ASSERT_EQ_INT(0, sys_swapon("/dev/vdb", 0));
	si = swap_info_by_name("/dev/vdb");
	ASSERT_TRUE(si != NULL);
	EXPECT_EQ_INT(2044, si->pages);
	expect_run(1024, 1024, 0); /* clusters 0 and 1 have bad slots */
	expect_run(3, 509, 0);
	expect_run(512, 188, 0);
	expect_run(701, 323, 0);
	EXPECT_EQ_U64(0, take_slot(NULL));
	EXPECT_EQ_INT(SWAP_MAP_BAD, si->swap_map[1]);
	EXPECT_EQ_INT(SWAP_MAP_BAD, si->swap_map[700]);
	EXPECT_EQ_INT(si->pages, si->inuse_pages);
	CHECK();
}

TEST(the_end_of_the_area_is_respected, 1)
{
	struct swap_info_struct *si;
	unsigned long n = 0;

	BOOT(NULL);
	si = AREA("/dev/vdb", 1000, -1);
	/* No free cluster: the second one has 24 slots past the end. */
	expect_run(1, 511, 0);
	expect_run(512, 488, 0);
	n = 999;
	while (take_slot(NULL))
		n++;
	EXPECT_EQ_U64(999, n);
	EXPECT_EQ_INT(999, si->inuse_pages);
	CHECK();
}

TEST(a_full_area_gives_no_slot, 1)
{
	swp_entry_t e[8];

	BOOT(NULL);
	AREA("/dev/vdb", 10, -1);
	EXPECT_EQ_INT(8, get_swap_pages(8, e, 0));
	EXPECT_EQ_INT(1, get_swap_pages(8, e, 0));
	EXPECT_EQ_INT(0, get_swap_pages(1, e, 0));
	EXPECT_EQ_U64(0, folio_alloc_swap(NULL).val);
	EXPECT_EQ_INT(0, (int)get_nr_swap_pages());
	EXPECT_EQ_U64(0, get_swap_page_of_type(0).val);
	CHECK();
}

TEST(a_higher_priority_is_used_first, 1)
{
	int t;
	unsigned long i;

	BOOT(NULL);
	AREA("/dev/vdb", 600, 5);
	AREA("/dev/vdc", 600, 10);
	for (i = 0; i < 599; i++) {
		take_slot(&t);
		ASSERT_MSG(t == 1, "slot %lu came from type %d", i, t);
	}
	take_slot(&t);
	EXPECT_EQ_INT(0, t);
	CHECK();
}

TEST(equal_priorities_take_turns, 2)
{
	int t, counts[3] = { 0, 0, 0 }, last = -1;
	unsigned long i;

	BOOT(NULL);
	AREA("/dev/vdb", 200, 5);
	AREA("/dev/vdc", 200, 1);
	AREA("/dev/vdd", 200, 5);
	for (i = 0; i < 300; i++) {
		take_slot(&t);
		ASSERT_MSG(t == 0 || t == 2, "slot %lu from type %d", i, t);
		ASSERT_MSG(t != last, "slot %lu: type %d twice in a row", i, t);
		last = t;
		counts[t]++;
	}
	EXPECT_EQ_INT(150, counts[0]);
	EXPECT_EQ_INT(150, counts[2]);
	for (i = 0; i < 98; i++)
		take_slot(NULL);
	take_slot(&t);
	EXPECT_EQ_INT(1, t);
	CHECK();
}

TEST(proc_swaps_shows_the_used_slots, 1)
{
	BOOT("swap");
	ASSERT_EQ_INT(0, swapon_all());
	AREA("/dev/vdc", 16384, 5);
	AREA("/dev/vdd", 16384, 5);
	while (swap_info[1]->inuse_pages + swap_info[2]->inuse_pages < 3000)
		ASSERT_TRUE(take_slot(NULL) != 0);
	EXPECT_EQ_STR("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		      "/dev/vdb                                partition\t262140\t\t0\t\t-1\n"
		      "/dev/vdc                                partition\t65532\t\t6000\t\t5\n"
		      "/dev/vdd                                partition\t65532\t\t6000\t\t5\n",
		      proc_swaps());
	EXPECT_EQ_STR("SwapTotal:        393204 kB\nSwapFree:         381204 kB\n",
		      meminfo_swap());
}

/* A slot taken and never used: no PTE names it, no page is cached. */
TEST(swapoff_refuses_a_slot_nobody_gives_back, 1)
{
	char before[4096];
	unsigned long off;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	off = take_slot(NULL);
	ASSERT_TRUE(off != 0);
	strcpy(before, proc_swaps());
	EXPECT_EQ_INT(-EBUSY, sys_swapoff("/dev/vdb"));
	EXPECT_EQ_STR(before, proc_swaps());
	CHECK();
	put_swap_folio(NULL, swp_entry(0, off));
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdb"));
	EXPECT_EQ_INT(0, (int)total_swap_pages);
	CHECK();
}

/* Random work against a shadow count of every slot; the checker agrees. */
TEST_WITH(random_work_keeps_the_invariants, 2, .timeout = 10.0)
{
	static unsigned char shadow[3][3000];
	unsigned long i, taken = 0;
	int t;

	BOOT(NULL);
	AREA("/dev/vdb", 3000, 3);
	AREA("/dev/vdc", 1200, 3);
	AREA("/dev/vdd", 2000, -1);
	srandom(2026);
	for (i = 0; i < 40000; i++) {
		unsigned long off = (unsigned long)random() % 3000;
		int type = (int)((unsigned long)random() % 3);
		swp_entry_t e = swp_entry((unsigned long)type, off);
		int op = (int)((unsigned long)random() % 4);

		if (op == 0 || op == 1) {
			off = take_slot(&t);
			if (!off)
				continue;
			ASSERT_MSG(!shadow[t][off], "slot %d:%lu taken twice",
				   t, off);
			taken++;
			shadow[t][off] = SWAP_HAS_CACHE;
			if (op == 1) { /* as after add_to_swap and unmap */
				ASSERT_EQ_INT(0, swap_duplicate(swp_entry(t, off)));
				put_swap_folio(NULL, swp_entry(t, off));
				shadow[t][off] = 1;
			}
		} else if (shadow[type][off] && op == 2) {
			if (shadow[type][off] == SWAP_HAS_CACHE) {
				put_swap_folio(NULL, e);
				shadow[type][off] = 0;
			} else if (swap_duplicate(e) == 0) {
				shadow[type][off]++;
			}
		} else if (shadow[type][off] && op == 3 &&
			   shadow[type][off] != SWAP_HAS_CACHE) {
			swap_free(e);
			shadow[type][off]--;
		}
		if (i % 4000 == 0)
			CHECK();
	}
	EXPECT_MSG(taken > 5000, "only %lu slots were taken", taken);
	for (t = 0; t < 3; t++)
		for (i = 0; i < swap_info[t]->max; i++)
			ASSERT_MSG(swap_info[t]->swap_map[i] == shadow[t][i] ||
					   (i == 0 && shadow[t][i] == 0) ||
					   swap_info[t]->swap_map[i] == SWAP_MAP_BAD,
				   "slot %d:%lu: map %u, expected %u", t, i,
				   swap_info[t]->swap_map[i], shadow[t][i]);
	CHECK();
}
