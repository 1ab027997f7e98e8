/* Exercise 9.3: swapping pages out, one PTE at a time. */
#include <stdlib.h>
#include <string.h>

#include "procs.h"

/* A process with n pages written with seed 1, and a swap area. */
TEST(one_page_goes_out, 2)
{
	unsigned long a, free_before, out_before;
	struct task_struct *t;
	swp_entry_t e;
	pte_t pte;

	t = one_proc(4, 100, &a);
	free_before = free_pages_now();
	out_before = EVENT(PSWPOUT);
	EXPECT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a + P(1)));
	pte = pte_of(t, a + P(1));
	EXPECT_TRUE(!pte_present(pte) && !pte_none(pte));
	e = swpent_of(t, a + P(1));
	ASSERT_TRUE(e.val != 0);
	EXPECT_EQ_INT(0, swp_type(e));
	EXPECT_EQ_INT(1, swap_info[0]->swap_map[swp_offset(e)]);
	EXPECT_TRUE(pte_swp_exclusive(pte));
	EXPECT_EQ_U64(3, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(free_before + 1, free_pages_now());
	EXPECT_EQ_U64(out_before + 1, EVENT(PSWPOUT));
	EXPECT_EQ_U64(0, total_swapcache_pages());
	EXPECT_TRUE(pte_present(pte_of(t, a)));
	ALL_OK();
}

TEST(the_slot_holds_the_page, 1)
{
	static unsigned char buf[PAGE_SIZE];
	unsigned long a, i;
	struct task_struct *t;
	swp_entry_t e;

	t = one_proc(3, 100, &a);
	for (i = 0; i < 3; i++) {
		ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a + P(i)));
		e = swpent_of(t, a + P(i));
		ASSERT_TRUE(e.val != 0);
		ASSERT_EQ_INT(0, swapdev_read_page(swap_info[0]->bdev,
						   swp_offset(e), buf));
		EXPECT_MSG(buf_has_pattern(buf, a + P(i), 1, t->pid),
			   "slot %lu does not hold page %lu", swp_offset(e), i);
	}
	EXPECT_EQ_INT(3, swap_info[0]->inuse_pages);
	ALL_OK();
}

TEST(a_shared_page_leaves_every_process, 2)
{
	unsigned long a, free_before;
	struct task_struct *p, *c;
	swp_entry_t e;

	p = one_proc(2, 100, &a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	free_before = free_pages_now();
	EXPECT_EQ_INT(PAGEOUT_FREED, swap_out_at(p, a));
	e = swpent_of(p, a);
	ASSERT_TRUE(e.val != 0);
	EXPECT_EQ_U64(e.val, swpent_of(c, a).val);
	EXPECT_EQ_INT(2, __swap_count(e));
	EXPECT_TRUE(!(pte_swp_exclusive(pte_of(p, a))));
	EXPECT_TRUE(!(pte_swp_exclusive(pte_of(c, a))));
	EXPECT_EQ_U64(1, get_mm_counter(p->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(1, get_mm_counter(c->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(1, get_mm_counter(c->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(free_before + 1, free_pages_now());
	ALL_OK();
}

/* A page in the swap cache with a clean copy in its slot, then written. */
TEST(a_dirty_pte_makes_the_page_dirty, 2)
{
	static unsigned char buf[PAGE_SIZE];
	unsigned long a, out;
	struct task_struct *t;
	struct page *page;
	swp_entry_t e;

	t = one_proc(1, 100, &a);
	page = page_of(t, a);
	ASSERT_TRUE(add_to_swap(page));
	e = page_swap_entry(page);
	ClearPageDirty(page);
	ASSERT_EQ_INT(0, swap_writepage(page));
	FILL(t, a, 1, 2); /* the PTE is dirty again, the page is not */
	out = EVENT(PSWPOUT);
	EXPECT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(out + 1, EVENT(PSWPOUT));
	EXPECT_EQ_U64(e.val, swpent_of(t, a).val);
	ASSERT_EQ_INT(
		0, swapdev_read_page(swap_info[0]->bdev, swp_offset(e), buf));
	EXPECT_MSG(buf_has_pattern(buf, a, 2, t->pid),
		   "the slot does not hold the page's last write");
	ALL_OK();
}

TEST(a_clean_page_goes_without_io, 1)
{
	unsigned long a, out;
	struct task_struct *t;
	struct page *page;
	pte_t *pte;

	t = one_proc(1, 100, &a);
	page = page_of(t, a);
	ASSERT_TRUE(add_to_swap(page));
	ClearPageDirty(page);
	ASSERT_EQ_INT(0, swap_writepage(page));
	pte = follow_pte(t->mm, a);
	set_pte(pte, __pte(pte_val(*pte) & ~_PAGE_DIRTY));
	flush_tlb_page(vma_lookup(t->mm, a), a);
	out = EVENT(PSWPOUT);
	EXPECT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(out, EVENT(PSWPOUT));
	EXPECT_TRUE(swpent_of(t, a).val != 0);
	ALL_OK();
}

TEST(reclaim_swaps_anonymous_pages_out, 2)
{
	unsigned long a, i, swapped = 0, got;
	struct task_struct *t;

	t = one_proc(64, 200, &a);
	/* Fresh pages carry accessed bits: a pass may only harvest them. */
	for (got = 0, i = 0; i < 4 && got < 32; i++)
		got += reclaim(32 - got);
	EXPECT_MSG(got >= 32, "reclaim freed %lu pages, wanted 32", got);
	for (i = 0; i < 64; i++)
		swapped += swpent_of(t, a + P(i)).val != 0;
	EXPECT_EQ_U64(got, swapped);
	EXPECT_EQ_U64(swapped, get_mm_counter(t->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(64 - swapped, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_TRUE(EVENT(PSWPOUT) >= swapped);
	EXPECT_TRUE(EVENT(PGSTEAL_ANON) >= swapped);
	ALL_OK();
}

TEST(no_free_slot_keeps_the_page, 1)
{
	unsigned long a, i;
	struct task_struct *t;

	t = one_proc(10, 10, &a); /* nine usable slots */
	EXPECT_EQ_U64(9, swap_out_range(t, a, 9));
	EXPECT_EQ_INT(PAGEOUT_ACTIVATE, swap_out_at(t, a + P(9)));
	EXPECT_TRUE(pte_present(pte_of(t, a + P(9))));
	EXPECT_TRUE(PageActive(page_of(t, a + P(9))));
	EXPECT_TRUE(!PageSwapCache(page_of(t, a + P(9))));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	for (i = 0; i < 10; i++)
		EXPECT_EQ_U64(i < 9, swpent_of(t, a + P(i)).val != 0);
	ALL_OK();
}

TEST(a_slot_at_its_maximum_stops_the_unmap, 1)
{
	unsigned long a;
	struct task_struct *t;
	struct page *page;
	swp_entry_t e;
	int i;

	t = one_proc(1, 100, &a);
	page = page_of(t, a);
	ASSERT_TRUE(add_to_swap(page));
	e = page_swap_entry(page);
	for (i = 0; i < SWAP_MAP_MAX; i++)
		ASSERT_EQ_INT(0, swap_duplicate(e));
	EXPECT_EQ_INT(PAGEOUT_ACTIVATE, swap_out_at(t, a));
	EXPECT_TRUE(pte_present(pte_of(t, a)));
	EXPECT_EQ_INT(SWAP_MAP_MAX, __swap_count(e));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	for (i = 0; i < SWAP_MAP_MAX; i++)
		swap_free(e);
	EXPECT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(e.val, swpent_of(t, a).val);
	EXPECT_EQ_INT(1, __swap_count(e));
	ALL_OK();
}

TEST(many_processes_agree_with_the_swap_map, 1)
{
	struct task_struct *t[3];
	unsigned long a[3], i, freed = 0;

	BOOT(NULL);
	AREA("/dev/vdb", 200, -1);
	for (i = 0; i < 3; i++) {
		t[i] = PROC("p");
		a[i] = ANON_MAP(t[i], 20);
		FILL(t[i], a[i], 20, i);
	}
	for (i = 0; i < 3; i++)
		freed += swap_out_range(t[i], a[i] + P(i), 20 - i);
	EXPECT_EQ_U64(57, freed);
	EXPECT_EQ_INT(57, swap_info[0]->inuse_pages);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ_U64(20 - i, get_mm_counter(t[i]->mm, MM_SWAPENTS));
		EXPECT_EQ_U64(i, get_mm_counter(t[i]->mm, MM_ANONPAGES));
	}
	ALL_OK();
}

TEST(exit_frees_every_slot, 1)
{
	unsigned long a, free_before;
	struct task_struct *p, *c;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	free_before = free_pages_now();
	p = PROC("p");
	a = ANON_MAP(p, 10);
	FILL(p, a, 10, 3);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ_U64(10, swap_out_range(p, a, 10));
	EXPECT_EQ_INT(10, swap_info[0]->inuse_pages);
	ALL_OK();
	sim_exit(c);
	EXPECT_EQ_INT(10, swap_info[0]->inuse_pages);
	ALL_OK();
	sim_exit(p);
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	EXPECT_EQ_U64(0, total_swapcache_pages());
	EXPECT_EQ_U64(free_before, free_pages_now());
	ALL_OK();
}
