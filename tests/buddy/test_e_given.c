/* The chapter's given code: zones, watermarks, GFP, pcp, bad input (0 points). */
#include <string.h>

#include "helpers.h"
#include "linux/int_sqrt.h"
#include "linux/printk.h"
#include "sim/machine.h"

TEST(struct_page_is_64_bytes, 0)
{
	EXPECT_EQ_U64(64, sizeof(struct page));
}

TEST(zones_of_the_pc_machine, 0)
{
	BOOT("pc");
	EXPECT_EQ_U64(0, ZONE(ZONE_DMA)->zone_start_pfn);
	EXPECT_EQ_U64(0x1000, ZONE(ZONE_DMA)->spanned_pages);
	EXPECT_EQ_U64(0x1000, ZONE(ZONE_DMA32)->zone_start_pfn);
	EXPECT_EQ_U64(0xff000, ZONE(ZONE_DMA32)->spanned_pages);
	EXPECT_EQ_U64(0x100000, ZONE(ZONE_NORMAL)->zone_start_pfn);
	EXPECT_EQ_U64(0x40000, ZONE(ZONE_NORMAL)->spanned_pages);
	EXPECT_EQ_U64(0x40000, ZONE(ZONE_NORMAL)->present_pages);
	EXPECT_EQ_U64(0, ZONE(ZONE_MOVABLE)->spanned_pages);
	EXPECT_EQ_STR("DMA32", ZONE(ZONE_DMA32)->name);
	EXPECT_TRUE(page_zone(PAGE(0xfff)) == ZONE(ZONE_DMA));
	EXPECT_TRUE(page_zone(PAGE(0x1000)) == ZONE(ZONE_DMA32));
	EXPECT_TRUE(page_zone(PAGE(0x13ffff)) == ZONE(ZONE_NORMAL));
	EXPECT_EQ_INT(0, page_to_nid(PAGE(0x13ffff)));
	EXPECT_TRUE(PageReserved(PAGE(0x1000))); /* the kernel image */
	EXPECT_TRUE(PageReserved(PAGE(0x80000))); /* the PCI hole */
	EXPECT_TRUE(log_has("  DMA      [mem 0x0000000000000000-0x0000000000ffffff]\n"));
	EXPECT_TRUE(log_has("  Normal   [mem 0x0000000100000000-0x000000013fffffff]\n"));
}

TEST(watermarks_follow_min_free_kbytes, 0)
{
	unsigned long lowmem = 0, pages_min, sum = 0;
	struct zone *zone;

	BOOT("pc");
	for_each_zone(zone)
		if (zone_idx(zone) != ZONE_MOVABLE)
			lowmem += zone_managed_pages(zone);
	EXPECT_EQ_INT((int)int_sqrt(lowmem * 4 * 16), min_free_kbytes);
	pages_min = (unsigned long)min_free_kbytes / 4;
	for_each_zone(zone) {
		unsigned long managed = zone_managed_pages(zone);
		unsigned long min = pages_min * managed / lowmem, gap;

		if (zone_idx(zone) == ZONE_MOVABLE) {
			EXPECT_EQ_U64(32, min_wmark_pages(zone));
			continue;
		}
		gap = min / 4 > managed * 10 / 10000 ? min / 4 : managed * 10 / 10000;
		EXPECT_EQ_U64(min, min_wmark_pages(zone));
		EXPECT_EQ_U64(min + gap, low_wmark_pages(zone));
		EXPECT_EQ_U64(min + 2 * gap, high_wmark_pages(zone));
		EXPECT_EQ_U64(min + 3 * gap, promo_wmark_pages(zone));
		sum += min;
	}
	EXPECT_TRUE(sum <= pages_min && sum + 3 >= pages_min);
	EXPECT_EQ_U64(zone_managed_pages(ZONE(ZONE_DMA32)) / 256,
		      (unsigned long)ZONE(ZONE_DMA)->lowmem_reserve[ZONE_DMA32]);
	EXPECT_EQ_U64(zone_managed_pages(ZONE(ZONE_NORMAL)) / 256,
		      (unsigned long)ZONE(ZONE_DMA32)->lowmem_reserve[ZONE_NORMAL]);
}

TEST(min_free_kbytes_is_clamped, 0)
{
	EXPECT_EQ_U64(0, int_sqrt(0));
	EXPECT_EQ_U64(3, int_sqrt(15));
	EXPECT_EQ_U64(4, int_sqrt(16));
	EXPECT_EQ_U64(4294967295UL, int_sqrt(~0UL));
	BOOT(NULL);
	ZONE(ZONE_DMA32)->managed_pages = 1UL << 40; /* 4 PiB */
	calculate_min_free_kbytes();
	EXPECT_EQ_INT(262144, min_free_kbytes);
	ZONE(ZONE_DMA32)->managed_pages = 0;
	ZONE(ZONE_DMA)->managed_pages = 10;
	calculate_min_free_kbytes();
	EXPECT_EQ_INT(128, min_free_kbytes);
}

TEST(gfp_flags_choose_zone_and_migratetype, 0)
{
	EXPECT_EQ_U64(0xcc0, GFP_KERNEL);
	EXPECT_EQ_U64(0x820, GFP_ATOMIC); /* no __GFP_ATOMIC since 6.3 */
	EXPECT_EQ_U64(0x100cca, GFP_HIGHUSER_MOVABLE);
	EXPECT_EQ_INT(ZONE_NORMAL, gfp_zone(GFP_KERNEL));
	EXPECT_EQ_INT(ZONE_DMA, gfp_zone(GFP_DMA));
	EXPECT_EQ_INT(ZONE_DMA32, gfp_zone(GFP_DMA32));
	EXPECT_EQ_INT(ZONE_NORMAL, gfp_zone(GFP_USER | __GFP_MOVABLE));
	EXPECT_EQ_INT(ZONE_MOVABLE, gfp_zone(GFP_HIGHUSER_MOVABLE));
	EXPECT_EQ_INT(ZONE_NORMAL, gfp_zone(GFP_HIGHUSER));
	EXPECT_EQ_INT(ZONE_DMA, gfp_zone(GFP_DMA | __GFP_MOVABLE));
	EXPECT_TRUE(gfp_zone(__GFP_DMA | __GFP_DMA32) < 0);
	EXPECT_TRUE(gfp_zone(__GFP_DMA | __GFP_HIGHMEM) < 0);
	EXPECT_EQ_INT(MIGRATE_UNMOVABLE, gfp_migratetype(GFP_KERNEL));
	EXPECT_EQ_INT(MIGRATE_MOVABLE, gfp_migratetype(GFP_HIGHUSER_MOVABLE));
	EXPECT_EQ_INT(MIGRATE_RECLAIMABLE,
		      gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE));
}

TEST(gfp_names_as_linux_prints_them, 0)
{
	char buf[256];

	format_gfp(GFP_KERNEL, buf, sizeof(buf));
	EXPECT_EQ_STR("GFP_KERNEL", buf);
	format_gfp(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, buf, sizeof(buf));
	EXPECT_EQ_STR("GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO", buf);
	format_gfp(GFP_HIGHUSER_MOVABLE, buf, sizeof(buf));
	EXPECT_EQ_STR("GFP_HIGHUSER_MOVABLE", buf);
	format_gfp(0x200, buf, sizeof(buf));
	EXPECT_EQ_STR("0x200", buf);
}

TEST(bad_allocations_are_refused, 0)
{
	unsigned long free;

	BOOT(NULL);
	drain_all_pages(NULL);
	free = zone_page_state(ZONE(ZONE_DMA32), NR_FREE_PAGES);
	log_buf_clear();
	EXPECT_TRUE(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1) == NULL);
	EXPECT_TRUE(log_has("WARNING: __alloc_pages: order above MAX_PAGE_ORDER"));
	log_buf_clear();
	EXPECT_TRUE(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 11) == NULL);
	EXPECT_EQ_STR("", log_buf_read());
	EXPECT_TRUE(alloc_pages(__GFP_DMA | __GFP_DMA32, 0) == NULL);
	EXPECT_TRUE(log_has("conflicting zone modifiers"));
	EXPECT_TRUE(alloc_pages(GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE,
				0) == NULL);
	EXPECT_TRUE(__alloc_pages(GFP_KERNEL, 0, 5) == NULL);
	EXPECT_TRUE(log_has("no such node"));
	EXPECT_EQ_U64(free, zone_page_state(ZONE(ZONE_DMA32), NR_FREE_PAGES));
	CHECK();
	machine_shutdown();
	EXPECT_TRUE(alloc_pages(GFP_KERNEL, 0) == NULL);
}

TEST(zeroed_pages_and_addresses, 0)
{
	unsigned long addr;
	unsigned char *p;
	struct page *page;
	int i, nonzero = 0;

	BOOT(NULL);
	page = alloc_pages(GFP_KERNEL, 1);
	ASSERT_TRUE(page != NULL);
	memset(page_address(page), 0xab, 2 * PAGE_SIZE);
	__free_pages(page, 1);
	drain_all_pages(NULL);
	addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	ASSERT_TRUE(addr != 0);
	p = (unsigned char *)addr;
	for (i = 0; i < 2 * (int)PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ_INT(0, nonzero);
	EXPECT_TRUE(virt_to_page((void *)addr) == pfn_to_page(__pa(p) >> PAGE_SHIFT));
	EXPECT_EQ_INT(1, page_ref_count(virt_to_page((void *)addr)));
	free_pages(addr, 1);
	addr = get_zeroed_page(GFP_KERNEL);
	ASSERT_TRUE(addr != 0);
	EXPECT_EQ_INT(0, ((unsigned char *)addr)[100]);
	free_page(addr);
	free_pages(0, 3);
	log_buf_clear();
	free_pages((unsigned long)&nonzero, 0);
	EXPECT_TRUE(log_has("is not a direct-map address"));
	CHECK();
}

TEST(pcp_lists_cache_freed_pages, 0)
{
	struct per_cpu_pages *pcp;
	struct page *a, *b;
	unsigned long free;

	BOOT("pc");
	pcp = &ZONE(ZONE_NORMAL)->per_cpu_pageset[0];
	EXPECT_EQ_INT(63, pcp->batch);
	EXPECT_EQ_INT((int)low_wmark_pages(ZONE(ZONE_NORMAL)), pcp->high);
	a = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(a != NULL && page_zone(a) == ZONE(ZONE_NORMAL));
	EXPECT_EQ_INT(62, pcp->count);
	free = zone_page_state(ZONE(ZONE_NORMAL), NR_FREE_PAGES);
	__free_pages(a, 0);
	EXPECT_EQ_INT(63, pcp->count);
	EXPECT_EQ_U64(free, zone_page_state(ZONE(ZONE_NORMAL), NR_FREE_PAGES));
	b = alloc_pages(GFP_KERNEL, 0);
	EXPECT_TRUE(a == b); /* the hottest page comes back first */
	CHECK();
	drain_all_pages(NULL);
	EXPECT_EQ_INT(0, pcp->count);
	CHECK();
}

TEST(watermark_check_counts_unusable_pages, 0)
{
	struct zone *zone;
	long free;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	free = (long)zone_page_state(zone, NR_FREE_PAGES);
	EXPECT_TRUE(__zone_watermark_ok(zone, 0, 100, ZONE_DMA, 0, 101));
	EXPECT_TRUE(!__zone_watermark_ok(zone, 0, 100, ZONE_DMA, 0, 100));
	EXPECT_TRUE(!__zone_watermark_ok(zone, 3, 100, ZONE_DMA, 0, 107));
	EXPECT_TRUE(__zone_watermark_ok(zone, 3, 100, ZONE_DMA, 0, 108));
	EXPECT_TRUE(__zone_watermark_ok(zone, 0, 100, ZONE_DMA,
					ALLOC_MIN_RESERVE, 51));
	EXPECT_TRUE(__zone_watermark_ok(zone, 0, 100, ZONE_DMA,
					ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 39));
	EXPECT_TRUE(zone->lowmem_reserve[ZONE_DMA32] > 0);
	EXPECT_TRUE(!__zone_watermark_ok(zone, 0, 100, ZONE_DMA32, 0, 101));
	EXPECT_TRUE(__zone_watermark_ok(zone, 0, 100, ZONE_DMA32, 0, free));
	EXPECT_TRUE(!zone_watermark_ok(zone, 10, 0, ZONE_DMA, 0) ==
		    !zone->free_area[10].nr_free);
	EXPECT_TRUE(!__zone_watermark_ok(zone, 11, 0, ZONE_DMA, 0, free));
}

static unsigned long reclaim_calls;

static unsigned long fake_reclaim(gfp_t gfp, unsigned int order)
{
	(void)gfp;
	(void)order;
	reclaim_calls++;
	return reclaim_calls < 3;
}

TEST(slow_path_warns_or_reclaims, 0)
{
	struct page *p;
	page_reclaim_t booted;
	int n = 0;

	BOOT(NULL);
	/* chapter 8 registers its reclaim at boot; this test is about the hook */
	booted = page_alloc_set_reclaim_hook(NULL);
	while ((p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10)) != NULL)
		n++;
	EXPECT_TRUE(n > 0);
	log_buf_clear();
	EXPECT_TRUE(alloc_pages(GFP_KERNEL, 10) == NULL);
	EXPECT_TRUE(log_has("swapper/0: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n"));
	EXPECT_TRUE(page_alloc_set_reclaim_hook(fake_reclaim) == NULL);
	EXPECT_TRUE(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10) == NULL);
	EXPECT_EQ_U64(3, reclaim_calls);
	reclaim_calls = 0;
	EXPECT_TRUE(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 10) == NULL);
	EXPECT_EQ_U64(0, reclaim_calls);
	EXPECT_TRUE(page_alloc_set_reclaim_hook(booted) == fake_reclaim);
	CHECK();
}

TEST(bad_frees_are_reported_and_change_nothing, 0)
{
	struct page *a, *b;
	char before[4096];

	BOOT(NULL);
	a = alloc_pages(GFP_KERNEL, 2);
	b = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(a && b);
	drain_all_pages(NULL);
	snprintf(before, sizeof(before), "%s", buddyinfo());
	log_buf_clear();
	__free_pages(a, 3);
	EXPECT_TRUE(log_has("BUG: Bad page state in process swapper/0  pfn:"));
	EXPECT_TRUE(log_has("page dumped because: freed with order 3, allocated with order 2\n"));
	__free_pages(a, 1);
	__free_pages(PAGE(0x10), 0); /* the first megabyte: reserved */
	EXPECT_TRUE(log_has("page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set\n"));
	EXPECT_TRUE(PageReserved(PAGE(0x10)) && page_ref_count(PAGE(0x10)) == 1);
	__free_pages(a + 1, 0); /* a tail page */
	drain_all_pages(NULL);
	EXPECT_EQ_STR(before, buddyinfo());
	CHECK();
	__free_pages(b, 0);
	drain_all_pages(NULL);
	log_buf_clear();
	__free_pages(b, 0); /* twice */
	EXPECT_TRUE(log_has("page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n"));
	EXPECT_TRUE(log_has("page_type: f0(buddy)\n") || !PageBuddy(b));
	__free_pages(a, 11);
	EXPECT_TRUE(log_has("WARNING: __free_pages"));
	CHECK();
	__free_pages(a, 2);
	CHECK();
}

TEST(checker_catches_corruption, 0)
{
	struct zone *zone;
	struct page *page;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA);
	CHECK();
	zone->free_area[8].nr_free++;
	EXPECT_EQ_INT(-EINVAL, buddy_check());
	EXPECT_TRUE(log_has("nr_free disagrees"));
	zone->free_area[8].nr_free--;
	page = PAGE(0x100);
	set_page_private(page, 7);
	EXPECT_EQ_INT(-EINVAL, buddy_check());
	set_page_private(page, 8);
	__SetPageBuddy(PAGE(0x140));
	set_page_private(PAGE(0x140), 6);
	log_buf_clear();
	EXPECT_EQ_INT(-EINVAL, buddy_check());
	__ClearPageBuddy(PAGE(0x140));
	zone->vm_stat[NR_FREE_PAGES]++;
	EXPECT_EQ_INT(-EINVAL, buddy_check());
	zone->vm_stat[NR_FREE_PAGES]--;
	EXPECT_EQ_INT(0, buddy_check());
}

TEST(fragmentation_indexes_as_linux_computes_them, 0)
{
	struct contig_page_info info = { 0 };

	info.free_pages = 16; /* 16 single pages */
	info.free_blocks_total = 16;
	EXPECT_EQ_INT(813, __fragmentation_index(3, &info));
	info.free_pages = 12; /* 3 blocks of 4 pages */
	info.free_blocks_total = 3;
	EXPECT_EQ_INT(167, __fragmentation_index(3, &info));
	info.free_blocks_total = 0;
	EXPECT_EQ_INT(0, __fragmentation_index(3, &info));
	info.free_blocks_total = 3;
	info.free_blocks_suitable = 1;
	EXPECT_EQ_INT(-1000, __fragmentation_index(3, &info));
	EXPECT_EQ_INT(0, __fragmentation_index(11, &info));
	info.free_pages = 1000;
	info.free_blocks_suitable = 100;
	EXPECT_EQ_INT(200, unusable_free_index(3, &info));
	info.free_pages = 0;
	EXPECT_EQ_INT(0, unusable_free_index(3, &info));
}

TEST(reserved_pages_can_be_given_back, 0)
{
	struct zone *zone;
	unsigned long managed, total;

	BOOT(NULL);
	zone = ZONE(ZONE_DMA32);
	managed = zone_managed_pages(zone);
	total = totalram_pages();
	ASSERT_TRUE(PageReserved(PAGE(0x1000))); /* the kernel image */
	free_reserved_page(PAGE(0x1000));
	drain_all_pages(NULL);
	EXPECT_TRUE(!PageReserved(PAGE(0x1000)) && PageBuddy(PAGE(0x1000)));
	EXPECT_EQ_U64(managed + 1, zone_managed_pages(zone));
	EXPECT_EQ_U64(total + 1, totalram_pages());
	CHECK();
	log_buf_clear();
	free_reserved_page(PAGE(0x1000));
	EXPECT_TRUE(log_has("free_reserved_page() of a page not reserved"));
	CHECK();
}
