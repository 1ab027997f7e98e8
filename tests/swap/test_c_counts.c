/* Exercise 9.2: use counts, the swap cache and swap I/O of its slots. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

TEST(use_counts_go_up_to_the_cap_and_back, 1)
{
	swp_entry_t e;
	struct swap_info_struct *si;
	int i;

	BOOT(NULL);
	si = AREA("/dev/vdb", 100, -1);
	e = folio_alloc_swap(NULL);
	ASSERT_TRUE(e.val != 0);
	EXPECT_EQ_INT(SWAP_HAS_CACHE, si->swap_map[swp_offset(e)]);
	EXPECT_EQ_INT(0, swap_duplicate(e));
	EXPECT_EQ_INT(1, __swap_count(e));
	put_swap_folio(NULL, e);
	EXPECT_EQ_INT(1, si->swap_map[swp_offset(e)]);
	for (i = 1; i < SWAP_MAP_MAX; i++)
		ASSERT_EQ_INT(0, swap_duplicate(e));
	EXPECT_EQ_INT(SWAP_MAP_MAX, __swap_count(e));
	EXPECT_EQ_INT(-ENOMEM, swap_duplicate(e));
	for (i = 0; i < SWAP_MAP_MAX; i++)
		swap_free(e);
	EXPECT_EQ_INT(0, si->swap_map[swp_offset(e)]);
	EXPECT_EQ_INT(0, si->inuse_pages);
	EXPECT_EQ_INT(-ENOENT, swap_duplicate(e));
	log_buf_clear();
	swap_free(e);
	EXPECT_TRUE(log_has("Unused swap offset entry"));
	CHECK();
}

TEST(swapcache_prepare_is_a_lock, 1)
{
	swp_entry_t e;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	e = get_swap_page_of_type(0);
	ASSERT_TRUE(e.val != 0);
	EXPECT_EQ_INT(1, __swap_count(e));
	EXPECT_EQ_INT(0, swapcache_prepare(e));
	EXPECT_EQ_INT(-EEXIST, swapcache_prepare(e));
	put_swap_folio(NULL, e);
	EXPECT_EQ_INT(0, swapcache_prepare(e));
	put_swap_folio(NULL, e);
	swap_free(e);
	EXPECT_EQ_INT(-ENOENT, swapcache_prepare(e));
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	log_buf_clear();
	EXPECT_EQ_INT(-EINVAL, swap_duplicate(swp_entry(0, 100)));
	EXPECT_TRUE(log_has("Bad swap offset entry"));
	EXPECT_EQ_INT(-EINVAL, swap_duplicate(swp_entry(5, 1)));
	EXPECT_TRUE(log_has("Bad swap file entry"));
	CHECK();
}

TEST(the_swap_cache_finds_pages_by_entry, 1)
{
	struct page *page, *other, *found;
	swp_entry_t e;
	int refs;

	BOOT(NULL);
	AREA("/dev/vdb", 1000, -1);
	page = anon_page(1);
	other = anon_page(2);
	ASSERT_TRUE(page && other);
	e = folio_alloc_swap(page);
	ASSERT_TRUE(e.val != 0);
	refs = page_ref_count(page);
	EXPECT_EQ_INT(0, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	EXPECT_TRUE(PageSwapCache(page));
	EXPECT_EQ_U64(e.val, page_swap_entry(page).val);
	EXPECT_EQ_INT(refs + 1, page_ref_count(page));
	EXPECT_EQ_INT(-EEXIST, add_to_swap_cache(other, e, GFP_KERNEL, NULL));
	EXPECT_TRUE(!PageSwapCache(other));
	found = swap_cache_get_folio(e);
	EXPECT_TRUE(found == page);
	EXPECT_EQ_INT(refs + 2, page_ref_count(page));
	put_page_testzero(page);
	EXPECT_EQ_U64(1, total_swapcache_pages());
	CHECK();
	delete_from_swap_cache(page);
	EXPECT_TRUE(!PageSwapCache(page));
	EXPECT_EQ_INT(refs, page_ref_count(page));
	EXPECT_TRUE(swap_cache_get_folio(e) == NULL);
	EXPECT_EQ_INT(0, swap_info[0]->swap_map[swp_offset(e)]);
	EXPECT_EQ_U64(0, total_swapcache_pages());
	CHECK();
}

TEST(the_swap_cache_refuses_misuse, 1)
{
	struct page *page;
	swp_entry_t e;

	BOOT(NULL);
	AREA("/dev/vdb", 1000, -1);
	page = anon_page(3);
	e = get_swap_page_of_type(0); /* a use, but no SWAP_HAS_CACHE */
	ASSERT_TRUE(page && e.val);
	log_buf_clear();
	EXPECT_EQ_INT(-EINVAL, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	EXPECT_TRUE(log_has("add_to_swap_cache"));
	ASSERT_EQ_INT(0, swapcache_prepare(e));
	page->flags &= ~(1UL << PG_swapbacked);
	EXPECT_EQ_INT(-EINVAL, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	page->flags |= 1UL << PG_swapbacked;
	EXPECT_EQ_INT(0, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	EXPECT_EQ_INT(-EINVAL, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	EXPECT_EQ_INT(-EINVAL,
		      add_to_swap_cache(page, swp_entry(0, 5000), GFP_KERNEL, NULL));
	CHECK();
}

static void round_trip(const char *name)
{
	struct page *page, *back;
	swp_entry_t e;

	page = anon_page(42);
	ASSERT_TRUE(page != NULL);
	e = folio_alloc_swap(page);
	ASSERT_TRUE(e.val != 0);
	ASSERT_EQ_INT(0, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	ASSERT_EQ_INT(0, swap_writepage(page));
	EXPECT_TRUE(!PageWriteback(page));
	ASSERT_EQ_INT(0, swap_duplicate(e)); /* as a PTE would hold it */
	delete_from_swap_cache(page);	     /* and the page is gone */
	back = anon_page(0);
	ASSERT_TRUE(back != NULL && !page_has_pattern(back, 42));
	ASSERT_EQ_INT(0, swapcache_prepare(e));
	ASSERT_EQ_INT(0, add_to_swap_cache(back, e, GFP_KERNEL, NULL));
	EXPECT_EQ_INT(0, swap_read_folio(back));
	EXPECT_MSG(page_has_pattern(back, 42), "%s: the page came back different",
		   name);
	EXPECT_TRUE(back->flags & (1UL << PG_uptodate));
	delete_from_swap_cache(back);
	swap_free(e);
	CHECK();
}

TEST(a_page_goes_out_and_comes_back, 1)
{
	BOOT(NULL);
	AREA("/dev/vdb", 1000, -1);
	round_trip("/dev/vdb");
	ASSERT_EQ_INT(0, sys_swapoff("/dev/vdb"));
	AREA(swap_tmpfile("swapfile"), 1000, -1);
	round_trip("swapfile");
	EXPECT_EQ_INT(-EINVAL, swap_writepage(anon_page(1)));
	EXPECT_EQ_INT(-EINVAL, swap_read_folio(anon_page(1)));
	unlink(swap_tmpfile("swapfile"));
}

TEST(a_swap_file_keeps_its_header_and_slots_across_a_restart, 1)
{
	const char *name = swap_tmpfile("keep");
	struct swap_device *dev;
	struct page *page;
	swp_entry_t e;
	char buf[PAGE_SIZE];
	int err;

	BOOT(NULL);
	AREA(name, 1000, -1);
	page = anon_page(77);
	e = folio_alloc_swap(page);
	ASSERT_TRUE(e.val != 0);
	ASSERT_EQ_INT(0, add_to_swap_cache(page, e, GFP_KERNEL, NULL));
	ASSERT_EQ_INT(0, swap_writepage(page));
	memcpy(buf, page_address(page), PAGE_SIZE);
	machine_shutdown();
	BOOT(NULL);
	EXPECT_EQ_INT(0, sys_swapon(name, 0)); /* no mkswap */
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	EXPECT_EQ_STR("SwapTotal:          3996 kB\nSwapFree:           3996 kB\n",
		      meminfo_swap());
	dev = swapdev_open(name, &err);
	ASSERT_TRUE(dev != NULL);
	{
		static char slot[PAGE_SIZE];

		ASSERT_EQ_INT(0, swapdev_read_page(dev, swp_offset(e), slot));
		EXPECT_TRUE(memcmp(slot, buf, PAGE_SIZE) == 0);
	}
	swapdev_close(dev);
	CHECK();
	unlink(name);
}
