/* Page tables take their pages from the buddy allocator (0 points). */
#include "helpers.h"
#include "sim/machine.h"
#include "sim/pgtable_source.h"

TEST(page_tables_come_from_the_buddy_allocator, 0)
{
	const struct pgtable_source *src;
	unsigned long free;
	phys_addr_t pa;
	struct zone *zone;

	BOOT(NULL);
	src = pgtable_source_get();
	ASSERT_EQ_STR("buddy", src->name);
	drain_all_pages(NULL);
	zone = ZONE(ZONE_DMA32);
	free = zone_page_state(zone, NR_FREE_PAGES);
	pa = src->alloc();
	ASSERT_TRUE(pa != 0 && !(pa & ~PAGE_MASK));
	EXPECT_EQ_INT(1, page_ref_count(pfn_to_page(PHYS_PFN(pa))));
	EXPECT_EQ_INT(0, ((unsigned char *)__va(pa))[123]);
	src->free(pa);
	drain_all_pages(NULL);
	EXPECT_EQ_U64(free, zone_page_state(zone, NR_FREE_PAGES));
	CHECK();
}
