/* Exercise 8.2: the active/inactive balance, inactive_is_low(). */
#include "helpers.h"

#define GB_PAGES (1UL << (30 - PAGE_SHIFT))

static bool low(enum lru_list lru, unsigned long inactive,
		unsigned long active)
{
	NR(NR_LRU_BASE + lru) = inactive;
	NR(NR_LRU_BASE + lru + LRU_ACTIVE) = active;
	return inactive_is_low(LRUVEC(), lru);
}

TEST(balance_small_node_equal_lists, 1)
{
	BOOT();
	EXPECT_TRUE(!low(LRU_INACTIVE_FILE, 100, 100));
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, 100, 101));
	EXPECT_TRUE(!low(LRU_INACTIVE_FILE, 0, 0));
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, 0, 1));
}

TEST(balance_one_gib_ratio_3, 1)
{
	BOOT();
	/* 1 GiB: ratio int_sqrt(10) = 3 */
	EXPECT_TRUE(!low(LRU_INACTIVE_FILE, GB_PAGES / 4, GB_PAGES * 3 / 4));
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, GB_PAGES / 4 - 1,
			GB_PAGES * 3 / 4 + 1));
	/* just under 1 GiB: ratio 1 */
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, GB_PAGES / 2 - 1, GB_PAGES / 2));
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, GB_PAGES / 4 + 1,
			GB_PAGES * 3 / 4 - 2));
}

TEST(balance_big_node_ratios, 1)
{
	BOOT();
	/* 10 GiB: ratio 10, low below 10/11 GiB; 100 GiB: ratio 31 */
	EXPECT_TRUE(!low(LRU_INACTIVE_FILE, GB_PAGES, GB_PAGES * 9));
	EXPECT_TRUE(!low(LRU_INACTIVE_FILE, 238313, 10 * GB_PAGES - 238313));
	EXPECT_TRUE(low(LRU_INACTIVE_FILE, 238312, 10 * GB_PAGES - 238312));
	EXPECT_TRUE(!low(LRU_INACTIVE_ANON, 819200, 100 * GB_PAGES - 819200));
	EXPECT_TRUE(low(LRU_INACTIVE_ANON, 819199, 100 * GB_PAGES - 819199));
}

TEST(balance_each_kind_alone, 1)
{
	BOOT();
	NR(NR_INACTIVE_ANON) = 10;
	NR(NR_ACTIVE_ANON) = 50;
	NR(NR_INACTIVE_FILE) = 50;
	NR(NR_ACTIVE_FILE) = 10;
	EXPECT_TRUE(inactive_is_low(LRUVEC(), LRU_INACTIVE_ANON));
	EXPECT_TRUE(!inactive_is_low(LRUVEC(), LRU_INACTIVE_FILE));
}

TEST(balance_reclaim_deactivates_when_low, 1)
{
	struct page *p[96];
	int i;

	BOOT();
	for (i = 0; i < 96; i++)
		p[i] = lru_page(false);
	for (i = 0; i < 64; i++) {
		folio_mark_accessed(p[i]);
		folio_mark_accessed(p[i]);
	}
	/* 64 active, 32 inactive: low */
	reclaim(8);
	EXPECT_MSG(EVENT(PGREFILL) > 0, "no active page was scanned");
	EXPECT_MSG(EVENT(PGDEACTIVATE) > 0, "no page was deactivated");
	EXPECT_TRUE(NR(NR_ACTIVE_FILE) < 64);
	CHECK();
}

TEST(balance_reclaim_leaves_balanced_lists, 1)
{
	struct page *p[96];
	int i;

	BOOT();
	for (i = 0; i < 96; i++)
		p[i] = lru_page(false);
	for (i = 0; i < 32; i++) {
		folio_mark_accessed(p[i]);
		folio_mark_accessed(p[i]);
	}
	/* 32 active, 64 inactive: not low */
	get_page(p[40]);
	EXPECT_TRUE(reclaim(8) >= 8);
	EXPECT_TRUE(on_list(p[40], LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(0, (int)EVENT(PGREFILL));
	EXPECT_EQ_INT(0, (int)EVENT(PGDEACTIVATE));
	EXPECT_EQ_INT(32, (int)NR(NR_ACTIVE_FILE));
	CHECK();
}
