/* Exercise 9.4: the swap-in fault. */
#include <stdlib.h>
#include <string.h>

#include "procs.h"

TEST(a_read_brings_the_page_back, 2)
{
	unsigned long a, maj, in;
	struct task_struct *t;
	struct page *page;
	swp_entry_t e;

	t = one_proc(2, 100, &a);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	e = swpent_of(t, a);
	maj = EVENT(PGMAJFAULT);
	in = EVENT(PSWPIN);
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 1, t->pid));
	EXPECT_TRUE(pte_present(pte_of(t, a)));
	EXPECT_EQ_U64(maj + 1, EVENT(PGMAJFAULT));
	EXPECT_EQ_U64(in + 1, EVENT(PSWPIN));
	EXPECT_EQ_U64(2, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(0, get_mm_counter(t->mm, MM_SWAPENTS));
	page = page_of(t, a);
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(PageSwapCache(page));
	EXPECT_TRUE(PageAnon(page));
	EXPECT_EQ_U64(e.val, page_swap_entry(page).val);
	EXPECT_EQ_INT(SWAP_HAS_CACHE, swap_info[0]->swap_map[swp_offset(e)]);
	EXPECT_EQ_INT(1, page_mapcount(page));
	ALL_OK();
}

TEST(an_exclusive_page_comes_back_writable_and_clean, 1)
{
	unsigned long a, faults;
	struct task_struct *t;

	t = one_proc(1, 100, &a);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 1, t->pid));
	EXPECT_TRUE(pte_write(pte_of(t, a)));
	EXPECT_TRUE(!pte_dirty(pte_of(t, a)));
	faults = EVENT(PGFAULT);
	FILL(t, a, 1, 5);
	EXPECT_EQ_U64(faults, EVENT(PGFAULT));
	EXPECT_TRUE(pte_dirty(pte_of(t, a)));
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 5, t->pid));
	ALL_OK();
}

TEST(a_write_gives_the_slot_back, 2)
{
	unsigned long a;
	struct task_struct *t;
	struct page *page;
	swp_entry_t e;

	t = one_proc(1, 100, &a);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	e = swpent_of(t, a);
	FILL(t, a, 1, 7);
	page = page_of(t, a);
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(!PageSwapCache(page));
	EXPECT_EQ_INT(0, swap_info[0]->swap_map[swp_offset(e)]);
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	EXPECT_TRUE(pte_write(pte_of(t, a)) && pte_dirty(pte_of(t, a)));
	EXPECT_EQ_INT(1, page_ref_count(page));
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 7, t->pid));
	ALL_OK();
}

TEST(a_sharer_finds_the_page_in_the_swap_cache, 1)
{
	unsigned long a, maj, in;
	struct task_struct *p, *c;
	swp_entry_t e;

	p = one_proc(1, 100, &a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(p, a));
	e = swpent_of(p, a);
	ASSERT_EQ_U64(1, pages_intact(p, a, 1, 1, p->pid));
	maj = EVENT(PGMAJFAULT);
	in = EVENT(PSWPIN);
	ASSERT_EQ_U64(1, pages_intact(c, a, 1, 1, p->pid));
	EXPECT_EQ_U64(maj, EVENT(PGMAJFAULT));
	EXPECT_EQ_U64(in, EVENT(PSWPIN));
	EXPECT_TRUE(page_of(p, a) == page_of(c, a));
	EXPECT_EQ_INT(2, page_mapcount(page_of(p, a)));
	EXPECT_TRUE(!pte_write(pte_of(p, a)) && !pte_write(pte_of(c, a)));
	EXPECT_EQ_INT(SWAP_HAS_CACHE, swap_info[0]->swap_map[swp_offset(e)]);
	ALL_OK();
}

TEST(a_shared_page_is_copied_on_write, 2)
{
	unsigned long a;
	struct task_struct *p, *c;

	p = one_proc(2, 100, &a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ_U64(2, swap_out_range(p, a, 2));
	FILL(c, a, 2, 9);
	EXPECT_EQ_U64(2, pages_intact(c, a, 2, 9, c->pid));
	EXPECT_EQ_U64(2, pages_intact(p, a, 2, 1, p->pid));
	EXPECT_TRUE(page_of(p, a) != page_of(c, a));
	EXPECT_TRUE(pte_write(pte_of(c, a)));
	ALL_OK();
	FILL(p, a, 2, 4);
	EXPECT_EQ_U64(2, pages_intact(p, a, 2, 4, p->pid));
	EXPECT_EQ_U64(2, pages_intact(c, a, 2, 9, c->pid));
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	ALL_OK();
}

TEST(out_and_in_again_writes_only_what_changed, 2)
{
	unsigned long a, out;
	struct task_struct *t;

	t = one_proc(1, 100, &a);
	out = EVENT(PSWPOUT);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(out + 1, EVENT(PSWPOUT));
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 1, t->pid));
	{ /* the read left the PTE clean: nothing to write */
		ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
		EXPECT_EQ_U64(out + 1, EVENT(PSWPOUT));
	}
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 1, t->pid));
	FILL(t, a, 1, 6);
	ASSERT_EQ_INT(PAGEOUT_FREED, swap_out_at(t, a));
	EXPECT_EQ_U64(out + 2, EVENT(PSWPOUT));
	EXPECT_EQ_U64(1, pages_intact(t, a, 1, 6, t->pid));
	ALL_OK();
}

TEST(a_full_swap_area_gives_slots_back_on_reads, 1)
{
	unsigned long a;
	struct task_struct *t;

	t = one_proc(8, 10, &a); /* nine usable slots */
	ASSERT_EQ_U64(8, swap_out_range(t, a, 8));
	EXPECT_TRUE(vm_swap_full());
	ASSERT_EQ_U64(1, pages_intact(t, a, 1, 1, t->pid));
	EXPECT_TRUE(!PageSwapCache(page_of(t, a)));
	EXPECT_EQ_INT(7, swap_info[0]->inuse_pages);
	ALL_OK();
}

TEST(nothing_leaks_after_swapping_in_and_out, 1)
{
	unsigned long a, free_before;
	struct task_struct *p, *c;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	free_before = free_pages_now();
	p = PROC("p");
	a = ANON_MAP(p, 8);
	FILL(p, a, 8, 1);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ_U64(8, swap_out_range(p, a, 8));
	EXPECT_EQ_U64(4, pages_intact(p, a, 4, 1, p->pid));
	FILL(c, a + P(2), 4, 2);
	ASSERT_EQ_U64(4, swap_out_range(c, a, 8));
	EXPECT_EQ_U64(8, pages_intact(c, a, 8, 1, p->pid) +
				 pages_intact(c, a + P(2), 4, 2, c->pid));
	ALL_OK();
	sim_exit(p);
	sim_exit(c);
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	EXPECT_EQ_U64(0, total_swapcache_pages());
	EXPECT_EQ_U64(free_before, free_pages_now());
	CHECK();
}
