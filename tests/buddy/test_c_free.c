/* Exercise 5.3: freeing a block and merging it with its buddies. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"

#define DMA_AT_BOOT \
	"Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"

TEST(boot_hands_over_every_managed_page, 2)
{
	struct zone *zone;

	BOOT("pc");
	drain_all_pages(NULL);
	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		EXPECT_MSG(zone_managed_pages(zone) > 0 &&
				   zone_page_state(zone, NR_FREE_PAGES) ==
					   zone_managed_pages(zone),
			   "zone %s: %lu free pages, %lu managed", zone->name,
			   zone_page_state(zone, NR_FREE_PAGES),
			   zone_managed_pages(zone));
	}
	CHECK();
	machine_shutdown();
	BOOT(NULL);
	EXPECT_EQ_STR(DMA_AT_BOOT, buddyinfo_line("DMA"));
	CHECK();
}

TEST(free_merges_with_its_free_buddy, 1)
{
	struct page *page;

	BOOT(NULL);
	page = alloc_pages(GFP_DMA | __GFP_MOVABLE, 7);
	ASSERT_TRUE(page != NULL && PFN(page) == 0x100);
	EXPECT_FREE_BLOCK(0x180, 7, MIGRATE_MOVABLE);
	__free_pages(page, 7);
	EXPECT_FREE_BLOCK(0x100, 8, MIGRATE_MOVABLE);
	EXPECT_TRUE(!PageBuddy(PAGE(0x180)));
	EXPECT_EQ_STR(DMA_AT_BOOT, buddyinfo_line("DMA"));
	CHECK();
}

TEST(free_next_to_an_allocated_buddy_stays_apart, 1)
{
	struct page *a, *b;

	BOOT(NULL);
	a = alloc_pages(GFP_DMA | __GFP_MOVABLE, 7);
	b = alloc_pages(GFP_DMA | __GFP_MOVABLE, 7);
	ASSERT_TRUE(a && b && PFN(a) == 0x100 && PFN(b) == 0x180);
	__free_pages(a, 7);
	EXPECT_FREE_BLOCK(0x100, 7, MIGRATE_MOVABLE);
	EXPECT_TRUE(!PageBuddy(PAGE(0x180)));
	CHECK();
	__free_pages(b, 7);
	EXPECT_FREE_BLOCK(0x100, 8, MIGRATE_MOVABLE);
	CHECK();
}

TEST_WITH(merge_chain_rebuilds_an_order_10_block, 2, .timeout = 10.0)
{
	struct zone *zone;
	unsigned int i, order[1024];
	unsigned long pfn;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	ASSERT_TRUE(on_free_list(0x400, 10, MIGRATE_MOVABLE));
	del_page_from_free_list(PAGE(0x400), zone, 10, MIGRATE_MOVABLE);
	for (i = 0; i < 1024; i++)
		order[i] = i;
	srand(5);
	for (i = 1023; i > 0; i--) {
		unsigned int j = (unsigned int)rand() % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < 1024; i++) {
		pfn = 0x400 + order[i];
		__free_one_page(PAGE(pfn), pfn, zone, 0, MIGRATE_MOVABLE,
				FPI_NONE);
		CHECK();
	}
	EXPECT_FREE_BLOCK(0x400, 10, MIGRATE_MOVABLE);
	EXPECT_EQ_STR(DMA_AT_BOOT, buddyinfo_line("DMA"));
}

TEST(order_10_blocks_never_merge, 1)
{
	struct page *page;

	BOOT(NULL);
	page = alloc_pages(GFP_DMA | __GFP_MOVABLE, 10);
	ASSERT_TRUE(page != NULL);
	__free_pages(page, 10);
	EXPECT_FREE_BLOCK(0x800, 10, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0xc00, 10, MIGRATE_MOVABLE);
	EXPECT_EQ_U64(3, ZONE(ZONE_DMA)->free_area[10].nr_free);
	CHECK();
}

TEST(boot_frees_to_the_tail, 1)
{
	struct zone *zone;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	ASSERT_EQ_U64(3, list_length(zone, 10, MIGRATE_MOVABLE));
	EXPECT_EQ_U64(0x400, PFN(list_first_entry(
				     &zone->free_area[10].free_list[MIGRATE_MOVABLE],
				     struct page, lru)));
	EXPECT_EQ_U64(0xc00, PFN(list_last_entry(
				     &zone->free_area[10].free_list[MIGRATE_MOVABLE],
				     struct page, lru)));
}

TEST(merge_across_pageblocks_adopts_the_freed_type, 1)
{
	struct zone *zone;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	ASSERT_TRUE(on_free_list(0x400, 10, MIGRATE_MOVABLE));
	del_page_from_free_list(PAGE(0x400), zone, 10, MIGRATE_MOVABLE);
	__free_one_page(PAGE(0x400), 0x400, zone, 9, MIGRATE_MOVABLE, FPI_NONE);
	EXPECT_FREE_BLOCK(0x400, 9, MIGRATE_MOVABLE);
	set_pageblock_migratetype(PAGE(0x600), MIGRATE_UNMOVABLE);
	__free_one_page(PAGE(0x600), 0x600, zone, 9, MIGRATE_UNMOVABLE,
			FPI_NONE);
	EXPECT_FREE_BLOCK(0x400, 10, MIGRATE_UNMOVABLE);
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x400)));
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, get_pageblock_migratetype(PAGE(0x600)));
	CHECK();
}

TEST(isolated_pageblocks_do_not_merge, 1)
{
	struct zone *zone;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	ASSERT_TRUE(on_free_list(0x400, 10, MIGRATE_MOVABLE));
	del_page_from_free_list(PAGE(0x400), zone, 10, MIGRATE_MOVABLE);
	__free_one_page(PAGE(0x400), 0x400, zone, 9, MIGRATE_MOVABLE, FPI_NONE);
	set_pageblock_migratetype(PAGE(0x600), MIGRATE_ISOLATE);
	__free_one_page(PAGE(0x600), 0x600, zone, 9, MIGRATE_ISOLATE, FPI_NONE);
	EXPECT_FREE_BLOCK(0x400, 9, MIGRATE_MOVABLE);
	EXPECT_FREE_BLOCK(0x600, 9, MIGRATE_ISOLATE);
	EXPECT_EQ_INT(MIGRATE_ISOLATE, get_pageblock_migratetype(PAGE(0x600)));
	CHECK();
}

TEST(scripted_sequence_gives_the_exact_buddyinfo, 2)
{
	struct page *a, *b, *c;

	BOOT(NULL);
	a = alloc_pages(GFP_DMA | __GFP_MOVABLE, 0);
	b = alloc_pages(GFP_DMA | __GFP_MOVABLE, 3);
	c = alloc_pages(GFP_DMA | __GFP_MOVABLE, 2);
	ASSERT_TRUE(a && b && c);
	EXPECT_EQ_U64(0x100, PFN(a));
	EXPECT_EQ_U64(0x108, PFN(b));
	EXPECT_EQ_U64(0x104, PFN(c));
	CHECK();
	__free_pages(b, 3);
	drain_all_pages(NULL);
	CHECK();
	EXPECT_EQ_STR("Node 0, zone      DMA      1      1      0      1      1      1      1      1      0      1      3 \n",
		      buddyinfo_line("DMA"));
	__free_pages(a, 0);
	__free_pages(c, 2);
	drain_all_pages(NULL);
	EXPECT_EQ_STR(DMA_AT_BOOT, buddyinfo_line("DMA"));
	CHECK();
}

/* A fixed-seed workload: allocations of every kind, frees, drains. */
static unsigned long long seed = 0x5eed;

static unsigned int next_rand(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(seed >> 33);
}

TEST_WITH(random_workload_keeps_the_invariants, 2, .timeout = 30.0)
{
	static const gfp_t kinds[] = { GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
				       GFP_KERNEL | __GFP_RECLAIMABLE, GFP_DMA,
				       GFP_DMA | __GFP_MOVABLE, GFP_ATOMIC };
	struct {
		struct page *page;
		unsigned int order;
	} held[256];
	unsigned int n = 0, step, allocated = 0;
	char before[1024];

	BOOT(NULL);
	snprintf(before, sizeof(before), "%s", buddyinfo());
	for (step = 0; step < 3000; step++) {
		unsigned int r = next_rand();

		if (n < 256 && (n == 0 || r % 3 != 0)) {
			unsigned int order = next_rand() % 6;
			struct page *page = alloc_pages(
				kinds[next_rand() % 6] | __GFP_NOWARN, order);

			if (page) {
				allocated++;
				held[n].page = page;
				held[n++].order = order;
			}
		} else {
			unsigned int i = next_rand() % n;

			__free_pages(held[i].page, held[i].order);
			held[i] = held[--n];
		}
		if (step % 100 == 99)
			drain_all_pages(NULL);
		CHECK();
	}
	while (n) {
		n--;
		__free_pages(held[n].page, held[n].order);
		CHECK();
	}
	drain_all_pages(NULL);
	CHECK();
	EXPECT_MSG(allocated > 1500, "only %u of the allocations succeeded",
		   allocated);
	EXPECT_EQ_STR(before, buddyinfo());
}
