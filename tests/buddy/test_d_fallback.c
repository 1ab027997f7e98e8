/* Exercise 5.4: taking a block from another migrate type. */
#include "helpers.h"

TEST(unmovable_takes_the_largest_movable_block, 2)
{
	struct page *page;

	BOOT(NULL);
	page = alloc_pages(GFP_DMA, 5);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x400, PFN(page));
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x400)));
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x600)));
	EXPECT_EQ_INT(MIGRATE_MOVABLE, get_pageblock_migratetype(PAGE(0x800)));
	EXPECT_FREE_BLOCK(0x600, 9, MIGRATE_UNMOVABLE);
	EXPECT_FREE_BLOCK(0x500, 8, MIGRATE_UNMOVABLE);
	EXPECT_FREE_BLOCK(0x420, 5, MIGRATE_UNMOVABLE);
	EXPECT_FREE_BLOCK(0x800, 10, MIGRATE_MOVABLE);
	CHECK();
}

TEST(reclaimable_falls_back_too, 1)
{
	struct page *page;

	BOOT(NULL);
	page = alloc_pages(GFP_DMA | __GFP_RECLAIMABLE, 4);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x400, PFN(page));
	EXPECT_EQ_INT(MIGRATE_RECLAIMABLE,
		      get_pageblock_migratetype(PAGE(0x600)));
	EXPECT_FREE_BLOCK(0x410, 4, MIGRATE_RECLAIMABLE);
	CHECK();
}

TEST(reclaimable_tries_unmovable_before_movable, 1)
{
	struct page *page;

	BOOT(NULL);
	ASSERT_TRUE(alloc_pages(GFP_DMA, 5) != NULL); /* 0x400-0x7ff unmovable */
	ASSERT_TRUE(alloc_pages(GFP_DMA | __GFP_MOVABLE, 10) != NULL);
	ASSERT_TRUE(alloc_pages(GFP_DMA | __GFP_MOVABLE, 10) != NULL);
	/* Order 9 now: Unmovable 0x600 and Movable 0x200. */
	page = alloc_pages(GFP_DMA | __GFP_RECLAIMABLE, 9);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x600, PFN(page));
	EXPECT_EQ_INT(MIGRATE_RECLAIMABLE,
		      get_pageblock_migratetype(PAGE(0x600)));
	EXPECT_FREE_BLOCK(0x200, 9, MIGRATE_MOVABLE);
	CHECK();
}

TEST(movable_tries_reclaimable_before_unmovable, 1)
{
	struct zone *zone;
	struct page *page;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	empty_zone(zone);
	set_pageblock_migratetype(PAGE(0x800), MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(PAGE(0x600), MIGRATE_RECLAIMABLE);
	add_to_free_list(PAGE(0x800), zone, 9, MIGRATE_UNMOVABLE, false);
	add_to_free_list(PAGE(0x600), zone, 9, MIGRATE_RECLAIMABLE, false);
	CHECK();
	page = __rmqueue_fallback(zone, 9, MIGRATE_MOVABLE);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x600, PFN(page));
	EXPECT_EQ_INT(MIGRATE_MOVABLE, get_pageblock_migratetype(PAGE(0x600)));
	EXPECT_FREE_BLOCK(0x800, 9, MIGRATE_UNMOVABLE);
	CHECK();
}

TEST(movable_that_may_not_claim_takes_the_smallest, 2)
{
	struct zone *zone;
	struct page *page;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	empty_zone(zone);
	set_pageblock_migratetype(PAGE(0x400), MIGRATE_UNMOVABLE);
	add_to_free_list(PAGE(0x400), zone, 0, MIGRATE_UNMOVABLE, false);
	add_to_free_list(PAGE(0x408), zone, 3, MIGRATE_UNMOVABLE, false);
	CHECK();
	page = __rmqueue_fallback(zone, 0, MIGRATE_MOVABLE);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x400, PFN(page));
	EXPECT_FREE_BLOCK(0x408, 3, MIGRATE_UNMOVABLE);
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x400)));
	CHECK();
}

TEST(movable_claims_a_pageblock_for_a_large_block, 1)
{
	struct zone *zone;
	struct page *page;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	empty_zone(zone);
	set_pageblock_migratetype(PAGE(0x400), MIGRATE_UNMOVABLE);
	add_to_free_list(PAGE(0x420), zone, 5, MIGRATE_UNMOVABLE, false);
	CHECK();
	page = __rmqueue_fallback(zone, 0, MIGRATE_MOVABLE);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x420, PFN(page));
	EXPECT_EQ_INT(MIGRATE_MOVABLE, get_pageblock_migratetype(PAGE(0x400)));
	EXPECT_FREE_BLOCK(0x430, 4, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x421, 0, MIGRATE_MOVABLE);
	CHECK();
}

TEST(unmovable_claims_the_pageblock_of_a_small_block, 1)
{
	struct zone *zone;
	struct page *page;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	empty_zone(zone);
	add_to_free_list(PAGE(0x400), zone, 0, MIGRATE_MOVABLE, false);
	add_to_free_list(PAGE(0x408), zone, 3, MIGRATE_MOVABLE, false);
	CHECK();
	page = __rmqueue_fallback(zone, 0, MIGRATE_UNMOVABLE);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_U64(0x400, PFN(page));
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x400)));
	EXPECT_FREE_BLOCK(0x408, 3, MIGRATE_UNMOVABLE);
	CHECK();
}

TEST(fallback_finds_nothing_in_an_empty_zone, 1)
{
	struct zone *zone;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	empty_zone(zone);
	EXPECT_TRUE(__rmqueue_fallback(zone, 0, MIGRATE_UNMOVABLE) == NULL);
	EXPECT_TRUE(__rmqueue_fallback(zone, 0, MIGRATE_MOVABLE) == NULL);
	add_to_free_list(PAGE(0x400), zone, 2, MIGRATE_MOVABLE, false);
	EXPECT_TRUE(__rmqueue_fallback(zone, 3, MIGRATE_UNMOVABLE) == NULL);
	EXPECT_TRUE(__rmqueue_fallback(zone, 2, MIGRATE_MOVABLE) == NULL);
	CHECK();
	EXPECT_TRUE(__rmqueue_fallback(zone, 1, MIGRATE_UNMOVABLE) == PAGE(0x400));
	EXPECT_FREE_BLOCK(0x402, 1, MIGRATE_UNMOVABLE);
	CHECK();
}
