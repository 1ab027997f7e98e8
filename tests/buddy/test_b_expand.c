/* Exercise 5.2: splitting a block with expand(). */
#include "helpers.h"

/*
 * Take the order-order block at pfn off the free lists, if it is there
 * (with the free path stubbed, boot leaves the lists empty).
 */
static struct page *take_block(unsigned long pfn, unsigned int order)
{
	struct page *page = PAGE(pfn);

	if (PageBuddy(page) && buddy_order(page) == order)
		del_page_from_free_list(page, page_zone(page), order,
					get_pageblock_migratetype(page));
	return page;
}

TEST(expand_from_10_to_0_frees_one_block_per_order, 1)
{
	struct zone *zone;
	struct page *page;
	unsigned int order;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	zone = page_zone(page);
	expand(zone, page, 0, 10, MIGRATE_MOVABLE);
	for (order = 0; order < 10; order++)
		EXPECT_FREE_BLOCK(0x2000 + (1UL << order), order,
				  MIGRATE_MOVABLE);
}

TEST(expand_keeps_the_first_pages, 1)
{
	struct page *page;
	unsigned long pfn, marked = 0;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	expand(page_zone(page), page, 2, 10, MIGRATE_MOVABLE);
	for (pfn = 0x2000; pfn < 0x2004; pfn++)
		marked += PageBuddy(PAGE(pfn));
	EXPECT_EQ_U64(0, marked);
	EXPECT_FREE_BLOCK(0x2004, 2, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x2200, 9, MIGRATE_MOVABLE);
	EXPECT_TRUE(!PageBuddy(PAGE(0x2001)) && !PageBuddy(PAGE(0x2002)));
}

TEST(expand_between_middle_orders, 1)
{
	struct page *page;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	expand(page_zone(page), page, 3, 5, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x2010, 4, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x2008, 3, MIGRATE_MOVABLE);
	EXPECT_TRUE(!PageBuddy(PAGE(0x2020)));
	EXPECT_TRUE(!PageBuddy(PAGE(0x2004)));
}

TEST(expand_to_the_same_order_does_nothing, 1)
{
	struct zone *zone;
	struct page *page;
	unsigned long free;
	unsigned int order;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	zone = page_zone(page);
	free = zone_page_state(zone, NR_FREE_PAGES);
	expand(zone, page, 4, 4, MIGRATE_MOVABLE);
	EXPECT_EQ_U64(free, zone_page_state(zone, NR_FREE_PAGES));
	for (order = 0; order < 4; order++)
		EXPECT_TRUE(!PageBuddy(PAGE(0x2000 + (1UL << order))));
	EXPECT_TRUE(!PageBuddy(PAGE(0x2010)));
	expand(zone, page, 3, 4, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x2008, 3, MIGRATE_MOVABLE);
	EXPECT_EQ_U64(free + 8, zone_page_state(zone, NR_FREE_PAGES));
}

TEST(expand_uses_the_migratetype_it_is_given, 1)
{
	struct page *page;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	expand(page_zone(page), page, 0, 2, MIGRATE_RECLAIMABLE);
	EXPECT_FREE_BLOCK(0x2002, 1, MIGRATE_RECLAIMABLE);
	EXPECT_FREE_BLOCK(0x2001, 0, MIGRATE_RECLAIMABLE);
	EXPECT_TRUE(!on_free_list(0x2002, 1, MIGRATE_MOVABLE));
}

TEST(expand_counts_what_it_gives_back, 1)
{
	struct zone *zone;
	struct page *page;
	unsigned long free, nr9;

	BOOT(NULL);
	page = take_block(0x2000, 10);
	zone = page_zone(page);
	free = zone_page_state(zone, NR_FREE_PAGES);
	nr9 = zone->free_area[9].nr_free;
	expand(zone, page, 1, 10, MIGRATE_MOVABLE);
	EXPECT_EQ_U64(free + 1022, zone_page_state(zone, NR_FREE_PAGES));
	EXPECT_EQ_U64(nr9 + 1, zone->free_area[9].nr_free);
	EXPECT_EQ_U64(0, zone->free_area[0].nr_free -
				 list_length(zone, 0, MIGRATE_MOVABLE) -
				 list_length(zone, 0, MIGRATE_UNMOVABLE) -
				 list_length(zone, 0, MIGRATE_RECLAIMABLE));
}

TEST(alloc_splits_the_smallest_block_that_fits, 1)
{
	struct page *page;

	BOOT(NULL);
	page = alloc_pages(GFP_DMA | __GFP_MOVABLE, 5);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x100, PFN(page));
	EXPECT_FREE_BLOCK(0x180, 7, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x140, 6, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x120, 5, MIGRATE_MOVABLE);
	EXPECT_EQ_STR("Node 0, zone      DMA      0      0      0      0      0      1      1      1      0      1      3 \n",
		      buddyinfo_line("DMA"));
	CHECK();
}

TEST(alloc_every_order_keeps_the_invariants, 1)
{
	struct page *p[NR_PAGE_ORDERS];
	unsigned int order;

	BOOT(NULL);
	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		p[order] = alloc_pages(GFP_HIGHUSER_MOVABLE, order);
		ASSERT_MSG(p[order] != NULL, "order-%u allocation failed", order);
		EXPECT_MSG(!(PFN(p[order]) & ((1UL << order) - 1)),
			   "order-%u block at %#lx is not aligned", order,
			   PFN(p[order]));
		CHECK();
	}
	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		__free_pages(p[order], order);
		CHECK();
	}
}
