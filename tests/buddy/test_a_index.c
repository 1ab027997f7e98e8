/* Exercise 5.1: the buddy's frame number. */
#include "helpers.h"

TEST(buddy_of_lower_and_upper_halves, 1)
{
	EXPECT_EQ_U64(0x101, __find_buddy_pfn(0x100, 0));
	EXPECT_EQ_U64(0x100, __find_buddy_pfn(0x101, 0));
	EXPECT_EQ_U64(0x108, __find_buddy_pfn(0x100, 3));
	EXPECT_EQ_U64(0x100, __find_buddy_pfn(0x108, 3));
	EXPECT_EQ_U64(0x400, __find_buddy_pfn(0x000, 10));
	EXPECT_EQ_U64(0x3fc00, __find_buddy_pfn(0x3f800, 10));
}

TEST(buddy_of_the_buddy_is_the_block, 1)
{
	unsigned long pfn, bad = 0;
	unsigned int order;

	for (order = 0; order <= MAX_PAGE_ORDER; order++)
		for (pfn = 0; pfn < 0x10000; pfn += 1UL << order) {
			unsigned long b = __find_buddy_pfn(pfn, order);
			unsigned long d = b > pfn ? b - pfn : pfn - b;

			if (__find_buddy_pfn(b, order) != pfn || d != 1UL << order)
				bad++;
		}
	EXPECT_MSG(bad == 0, "%lu aligned blocks have a wrong buddy", bad);
}

TEST(parent_is_the_lower_buddy, 1)
{
	unsigned long pfn, bad = 0;
	unsigned int order;

	for (order = 0; order < MAX_PAGE_ORDER; order++)
		for (pfn = 0; pfn < 0x4000; pfn += 1UL << order) {
			unsigned long b = __find_buddy_pfn(pfn, order);
			unsigned long parent = pfn & b;

			if (parent != (pfn < b ? pfn : b) ||
			    parent & ((2UL << order) - 1))
				bad++;
		}
	EXPECT_MSG(bad == 0, "%lu blocks have a wrong parent", bad);
}

TEST(find_buddy_page_pfn_needs_a_free_buddy_of_the_order, 1)
{
	struct page *page, *buddy;
	unsigned long bp = 0;

	BOOT(NULL);
	page = PAGE(0x2000);
	buddy = PAGE(0x2001);
	if (PageBuddy(buddy))
		del_page_from_free_list(buddy, page_zone(buddy),
					buddy_order(buddy),
					get_pageblock_migratetype(buddy));
	set_page_private(buddy, 0);
	__SetPageBuddy(buddy);
	EXPECT_TRUE(find_buddy_page_pfn(page, 0x2000, 0, &bp) == buddy);
	EXPECT_EQ_U64(0x2001, bp);
	EXPECT_TRUE(find_buddy_page_pfn(buddy, 0x2001, 0, &bp) == NULL);
	EXPECT_EQ_U64(0x2000, bp);
	set_page_private(buddy, 1);
	EXPECT_TRUE(find_buddy_page_pfn(page, 0x2000, 0, NULL) == NULL);
	__ClearPageBuddy(buddy);
	EXPECT_TRUE(find_buddy_page_pfn(page, 0x2000, 1, &bp) == NULL);
	EXPECT_EQ_U64(0x2002, bp);
}
