/* Exercise 8.1: two-touch promotion, folio_mark_accessed(). */
#include "helpers.h"

TEST(mark_first_use_sets_referenced, 1)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	folio_mark_accessed(page);
	EXPECT_TRUE(PageReferenced(page));
	EXPECT_TRUE(!PageActive(page));
	EXPECT_TRUE(on_list(page, LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(0, (int)EVENT(PGACTIVATE));
	CHECK();
}

TEST(mark_second_use_activates_file_page, 2)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	EXPECT_TRUE(PageActive(page));
	EXPECT_MSG(!PageReferenced(page),
		   "PG_referenced must be cleared when the page is activated");
	EXPECT_TRUE(on_list(page, LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(0, place_on(page, LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(1, (int)NR(NR_ACTIVE_FILE));
	EXPECT_EQ_INT(0, (int)NR(NR_INACTIVE_FILE));
	EXPECT_EQ_INT(1, (int)EVENT(PGACTIVATE));
	CHECK();
}

TEST(mark_second_use_activates_anon_page, 1)
{
	struct page *page;

	BOOT();
	page = lru_page(true);
	EXPECT_TRUE(on_list(page, LRU_INACTIVE_ANON));
	mark_page_accessed(page);
	mark_page_accessed(page);
	EXPECT_TRUE(on_list(page, LRU_ACTIVE_ANON));
	EXPECT_EQ_INT(1, (int)NR(NR_ACTIVE_ANON));
	CHECK();
}

TEST(mark_third_use_references_active_page, 1)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	EXPECT_TRUE(PageActive(page) && PageReferenced(page));
	folio_mark_accessed(page);
	EXPECT_TRUE(PageActive(page) && PageReferenced(page));
	EXPECT_TRUE(on_list(page, LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(1, (int)EVENT(PGACTIVATE));
	CHECK();
}

TEST(mark_page_on_no_list_is_added_active, 1)
{
	struct page *page;

	BOOT();
	page = new_page(false);
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	EXPECT_TRUE(PageActive(page));
	EXPECT_TRUE(!PageLRU(page));
	EXPECT_EQ_INT(0, (int)EVENT(PGACTIVATE));
	folio_add_lru(page);
	EXPECT_TRUE(on_list(page, LRU_ACTIVE_FILE));
	CHECK();
}

TEST(mark_unevictable_page_stays, 1)
{
	struct page *page;

	BOOT();
	page = new_page(false);
	SetPageUnevictable(page);
	folio_add_lru(page);
	EXPECT_TRUE(on_list(page, LRU_UNEVICTABLE));
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	folio_mark_accessed(page);
	EXPECT_TRUE(PageReferenced(page));
	EXPECT_TRUE(!PageActive(page));
	EXPECT_TRUE(on_list(page, LRU_UNEVICTABLE));
	CHECK();
}

TEST(mark_moves_only_the_page_used, 2)
{
	struct page *p[6];
	int i;

	BOOT();
	for (i = 0; i < 6; i++)
		p[i] = lru_page(false);
	/* head of the list is the newest: p5 p4 p3 p2 p1 p0 */
	folio_mark_accessed(p[2]);
	folio_mark_accessed(p[4]);
	folio_mark_accessed(p[2]);
	folio_mark_accessed(p[0]);
	folio_mark_accessed(p[0]);
	EXPECT_EQ_INT(0, place_on(p[0], LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(1, place_on(p[2], LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(0, place_on(p[5], LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(1, place_on(p[4], LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(2, place_on(p[3], LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(3, place_on(p[1], LRU_INACTIVE_FILE));
	EXPECT_TRUE(PageReferenced(p[4]) && !PageReferenced(p[3]));
	EXPECT_EQ_INT(2, (int)EVENT(PGACTIVATE));
	CHECK();
}

TEST(mark_twice_survives_reclaim, 1)
{
	struct page *p[64];
	int i;

	BOOT();
	for (i = 0; i < 64; i++)
		p[i] = lru_page(false);
	for (i = 0; i < 8; i++) {
		folio_mark_accessed(p[i]);
		folio_mark_accessed(p[i]);
	}
	EXPECT_EQ_INT(56, (int)reclaim(56));
	for (i = 0; i < 8; i++)
		EXPECT_TRUE(on_list(p[i], LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(8, (int)NR(NR_ACTIVE_FILE));
	EXPECT_EQ_INT(0, (int)NR(NR_INACTIVE_FILE));
	CHECK();
}
