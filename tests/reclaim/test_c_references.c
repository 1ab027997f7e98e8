/* Exercise 8.3: choosing a victim, folio_check_references(). */
#include "helpers.h"

static enum folio_references check(struct page *page)
{
	struct scan_control sc;

	reclaim_control_init(&sc, 32, GFP_KERNEL, false);
	return folio_check_references(page, &sc);
}

TEST(refs_unused_page_is_reclaimed, 1)
{
	struct page *file, *anon;

	BOOT();
	file = new_page(false);
	anon = new_page(true);
	EXPECT_EQ_INT(FOLIOREF_RECLAIM, check(file));
	EXPECT_EQ_INT(FOLIOREF_RECLAIM, check(anon));
	EXPECT_TRUE(!PageReferenced(file) && !PageReferenced(anon));
}

TEST(refs_file_page_read_once_is_reclaimed_if_clean, 1)
{
	struct page *page;

	BOOT();
	page = new_page(false);
	page->flags |= 1UL << PG_referenced;
	EXPECT_EQ_INT(FOLIOREF_RECLAIM_CLEAN, check(page));
	EXPECT_MSG(!PageReferenced(page), "PG_referenced must be cleared");
	EXPECT_EQ_INT(FOLIOREF_RECLAIM, check(page));
}

TEST(refs_anon_page_with_pg_referenced_is_reclaimed, 1)
{
	struct page *page;

	BOOT();
	page = new_page(true);
	page->flags |= 1UL << PG_referenced;
	EXPECT_EQ_INT(FOLIOREF_RECLAIM, check(page));
	EXPECT_TRUE(!PageReferenced(page));
}

TEST(refs_one_pte_keeps_and_marks, 1)
{
	struct page *page;

	BOOT();
	page = new_page(true);
	set_pte_refs(page, 1, VM_READ | VM_WRITE);
	EXPECT_EQ_INT(FOLIOREF_KEEP, check(page));
	EXPECT_MSG(PageReferenced(page),
		   "a page with a referenced PTE must get PG_referenced");
}

TEST(refs_second_pte_use_activates, 1)
{
	struct page *page;

	BOOT();
	page = new_page(false);
	set_pte_refs(page, 1, VM_READ);
	EXPECT_EQ_INT(FOLIOREF_KEEP, check(page));
	EXPECT_EQ_INT(FOLIOREF_ACTIVATE, check(page));
	EXPECT_TRUE(PageReferenced(page));
}

TEST(refs_two_ptes_activate, 1)
{
	struct page *page;

	BOOT();
	page = new_page(true);
	set_pte_refs(page, 2, VM_READ);
	EXPECT_EQ_INT(FOLIOREF_ACTIVATE, check(page));
	EXPECT_TRUE(PageReferenced(page));
}

TEST(refs_executable_file_page_activates, 1)
{
	struct page *file, *anon;

	BOOT();
	file = new_page(false);
	anon = new_page(true);
	set_pte_refs(file, 1, VM_READ | VM_EXEC);
	set_pte_refs(anon, 1, VM_READ | VM_EXEC);
	EXPECT_EQ_INT(FOLIOREF_ACTIVATE, check(file));
	EXPECT_EQ_INT(FOLIOREF_KEEP, check(anon));
}

TEST(refs_mlocked_page_activates, 1)
{
	struct page *page;

	BOOT();
	page = new_page(false);
	set_pte_refs(page, 0, VM_READ | VM_LOCKED);
	EXPECT_EQ_INT(FOLIOREF_ACTIVATE, check(page));
}

TEST(refs_shrink_inactive_frees_unused_pages, 1)
{
	struct page *p[18];
	struct scan_control sc;
	unsigned long free, n;
	int i;

	BOOT();
	for (i = 0; i < 18; i++)
		p[i] = lru_page(false);
	for (i = 0; i < 4; i++)
		SetPageReferenced(p[i]);
	set_pte_refs(p[16], 1, VM_READ);
	set_pte_refs(p[17], 1, VM_READ);
	drain_all_pages(NULL);
	free = free_pages_now();
	reclaim_control_init(&sc, 32, GFP_KERNEL, true);
	n = shrink_inactive_list(18, LRUVEC(), &sc, LRU_INACTIVE_FILE);
	EXPECT_EQ_INT(16, (int)n);
	EXPECT_TRUE(on_list(p[16], LRU_INACTIVE_FILE));
	EXPECT_TRUE(on_list(p[17], LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(18, (int)EVENT(PGSCAN_KSWAPD));
	EXPECT_EQ_INT(16, (int)EVENT(PGSTEAL_KSWAPD));
	EXPECT_EQ_INT(16, (int)EVENT(PGSTEAL_FILE));
	EXPECT_EQ_INT(0, (int)EVENT(PGSCAN_DIRECT));
	EXPECT_EQ_INT(2, (int)NR(NR_INACTIVE_FILE));
	drain_all_pages(NULL);
	EXPECT_EQ_U64(free + 16, free_pages_now());
	CHECK();
}

TEST(refs_shrink_inactive_keeps_and_activates, 1)
{
	struct page *p[12];
	struct scan_control sc;
	unsigned long n;
	int i;

	BOOT();
	for (i = 0; i < 12; i++)
		p[i] = lru_page(i >= 6);
	for (i = 0; i < 12; i++) {
		if (i % 3 == 1)
			set_pte_refs(p[i], 1, VM_READ);
		if (i % 3 == 2)
			set_pte_refs(p[i], 3, VM_READ);
	}
	reclaim_control_init(&sc, 32, GFP_KERNEL, false);
	n = shrink_inactive_list(6, LRUVEC(), &sc, LRU_INACTIVE_FILE);
	/* file pages 0 and 3 go; 1 and 4 kept; 2 and 5 activated */
	EXPECT_EQ_INT(2, (int)n);
	EXPECT_TRUE(on_list(p[1], LRU_INACTIVE_FILE) && PageReferenced(p[1]));
	EXPECT_TRUE(on_list(p[4], LRU_INACTIVE_FILE));
	EXPECT_TRUE(on_list(p[2], LRU_ACTIVE_FILE));
	EXPECT_TRUE(on_list(p[5], LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(2, (int)EVENT(PGACTIVATE));
	EXPECT_EQ_INT(6, (int)EVENT(PGSCAN_DIRECT));
	EXPECT_EQ_INT(2, (int)EVENT(PGSTEAL_DIRECT));
	/* anonymous pages without swap: unused ones are activated, not lost */
	total_swap_pages = 0;
	n = shrink_inactive_list(6, LRUVEC(), &sc, LRU_INACTIVE_ANON);
	EXPECT_EQ_INT(0, (int)n);
	EXPECT_TRUE(on_list(p[6], LRU_ACTIVE_ANON));
	EXPECT_TRUE(on_list(p[7], LRU_INACTIVE_ANON));
	EXPECT_TRUE(on_list(p[8], LRU_ACTIVE_ANON));
	CHECK();
}
