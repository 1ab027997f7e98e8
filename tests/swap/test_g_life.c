/*
 * Exercise 9.4 with the rest of the chapter: swap entries shared by fork()
 * and dropped by munmap(), swapoff bringing every page back, and the
 * reliability workload ("nothing lost").
 */
#include <stdlib.h>
#include <string.h>

#include "procs.h"
#include "linux/memblock.h"
#include "linux/oom.h"
#include "linux/proc_fs.h"
#include "sim/swapload.h"

TEST(fork_shares_swap_entries, 1)
{
	unsigned long a;
	struct task_struct *p, *c;
	swp_entry_t e;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	p = PROC("p");
	a = ANON_MAP(p, 4);
	FILL(p, a, 4, 1);
	ASSERT_EQ_U64(4, swap_out_range(p, a, 4));
	EXPECT_TRUE(pte_swp_exclusive(pte_of(p, a)));
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	e = swpent_of(c, a);
	EXPECT_EQ_U64(swpent_of(p, a).val, e.val);
	EXPECT_EQ_INT(2, __swap_count(e));
	EXPECT_TRUE(!pte_swp_exclusive(pte_of(p, a)));
	EXPECT_TRUE(!pte_swp_exclusive(pte_of(c, a)));
	EXPECT_EQ_U64(4, get_mm_counter(c->mm, MM_SWAPENTS));
	ALL_OK();
	EXPECT_EQ_U64(4, pages_intact(c, a, 4, 1, p->pid));
	EXPECT_EQ_U64(4, pages_intact(p, a, 4, 1, p->pid));
	EXPECT_EQ_U64(4, total_swapcache_pages());
	ALL_OK();
	sim_exit(c);
	EXPECT_EQ_U64(4, pages_intact(p, a, 4, 1, p->pid));
	ALL_OK();
	sim_exit(p);
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	EXPECT_EQ_U64(0, total_swapcache_pages());
	CHECK();
}

TEST(munmap_gives_the_slots_back, 1)
{
	unsigned long a;
	struct task_struct *p;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	p = PROC("p");
	a = ANON_MAP(p, 6);
	FILL(p, a, 6, 1);
	ASSERT_EQ_U64(6, swap_out_range(p, a, 6));
	EXPECT_EQ_U64(2, pages_intact(p, a, 2, 1, p->pid));
	EXPECT_EQ_INT(0, sys_munmap(p, a, P(4)));
	EXPECT_EQ_INT(2, swap_info[0]->inuse_pages);
	EXPECT_EQ_U64(2, get_mm_counter(p->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(0, total_swapcache_pages());
	ALL_OK();
	EXPECT_EQ_U64(2, pages_intact(p, a + P(4), 2, 1, p->pid));
	EXPECT_EQ_INT(0, sys_munmap(p, a + P(4), P(2)));
	EXPECT_EQ_INT(0, swap_info[0]->inuse_pages);
	ALL_OK();
}

TEST(swapoff_brings_every_page_back, 1)
{
	unsigned long a, free_before;
	struct task_struct *p, *c;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	p = PROC("p");
	a = ANON_MAP(p, 10);
	FILL(p, a, 10, 1);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	FILL(c, a + P(5), 5, 2);
	ASSERT_EQ_U64(10, swap_out_range(p, a, 10));
	ASSERT_EQ_U64(5, swap_out_range(c, a, 10));
	EXPECT_EQ_U64(2, pages_intact(p, a + P(8), 2, 1, p->pid));
	free_before = free_pages_now();
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdb"));
	EXPECT_EQ_U64(0, total_swap_pages);
	EXPECT_EQ_U64(0, get_nr_swap_pages());
	EXPECT_EQ_U64(0, get_mm_counter(p->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(0, get_mm_counter(c->mm, MM_SWAPENTS));
	EXPECT_EQ_U64(10, get_mm_counter(c->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(0, total_swapcache_pages());
	EXPECT_EQ_U64(free_before - 13, free_pages_now());
	EXPECT_TRUE(page_of(p, a) == page_of(c, a));
	EXPECT_TRUE(!pte_write(pte_of(p, a)));
	ALL_OK();
	EXPECT_EQ_U64(10, pages_intact(p, a, 10, 1, p->pid));
	EXPECT_EQ_U64(5, pages_intact(c, a, 5, 1, p->pid));
	EXPECT_EQ_U64(5, pages_intact(c, a + P(5), 5, 2, c->pid));
	FILL(p, a, 10, 3);
	EXPECT_EQ_U64(5, pages_intact(c, a, 5, 1, p->pid));
	ALL_OK();
}

TEST(swapoff_uses_other_areas_order, 0)
{
	unsigned long a;
	struct task_struct *p;

	BOOT(NULL);
	AREA("/dev/vdb", 100, 5);
	AREA("/dev/vdc", 100, 1);
	p = PROC("p");
	a = ANON_MAP(p, 4);
	FILL(p, a, 4, 1);
	ASSERT_EQ_U64(2, swap_out_range(p, a, 2));
	EXPECT_EQ_INT(2, swap_info[0]->inuse_pages);
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdb"));
	ASSERT_EQ_U64(2, swap_out_range(p, a + P(2), 2));
	EXPECT_EQ_U64(1, swp_type(swpent_of(p, a + P(2))));
	EXPECT_EQ_U64(4, pages_intact(p, a, 4, 1, p->pid));
	ALL_OK();
}

TEST(swapoff_without_memory_puts_the_area_back, 0)
{
	unsigned long a, n = 0;
	struct task_struct *p;
	struct page **hog = calloc(1UL << 20, sizeof(*hog));

	BOOT(NULL);
	AREA("/dev/vdb", 200, -1);
	p = PROC("p");
	a = ANON_MAP(p, 100);
	FILL(p, a, 100, 1);
	ASSERT_EQ_U64(100, swap_out_range(p, a, 100));
	ASSERT_TRUE(hog != NULL);
	while (n < (1UL << 20) &&
	       (hog[n] = alloc_page(GFP_KERNEL | __GFP_NOWARN)))
		n++;
	EXPECT_EQ_INT(-ENOMEM, sys_swapoff("/dev/vdb"));
	EXPECT_TRUE(swap_info_by_name("/dev/vdb") != NULL);
	EXPECT_TRUE(get_mm_counter(p->mm, MM_SWAPENTS) > 0);
	ALL_OK();
	while (n)
		if (hog[--n])
			__free_page(hog[n]);
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdb"));
	EXPECT_EQ_U64(100, pages_intact(p, a, 100, 1, p->pid));
	ALL_OK();
	free(hog);
}

TEST(fork_fails_past_the_maximum_count, 0)
{
	struct task_struct *p, *c[SWAP_MAP_MAX];
	unsigned long a;
	swp_entry_t e;
	int i;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	p = PROC("p");
	a = ANON_MAP(p, 2);
	FILL(p, a, 2, 1);
	ASSERT_EQ_U64(2, swap_out_range(p, a, 2));
	e = swpent_of(p, a);
	for (i = 0; i < SWAP_MAP_MAX - 1; i++) {
		c[i] = sim_fork(p);
		ASSERT_TRUE(c[i] != NULL);
	}
	EXPECT_EQ_INT(SWAP_MAP_MAX, __swap_count(e));
	EXPECT_TRUE(sim_fork(p) == NULL);
	EXPECT_EQ_INT(SWAP_MAP_MAX, __swap_count(e));
	ALL_OK();
	for (i = 0; i < SWAP_MAP_MAX - 1; i++)
		sim_exit(c[i]);
	EXPECT_EQ_INT(1, __swap_count(e));
	ALL_OK();
}

static void nothing_lost_on(const char *profile)
{
	struct swap_workload w = { .nr_procs = 4,
				   .nr_forks = 2,
				   .cycles = 2,
				   .seed = 5,
				   .swapoff = true };
	struct swap_workload_result r;

	BOOT(profile);
	ASSERT_EQ_INT(0, swapon_all());
	ASSERT_TRUE(total_swap_pages > 0);
	w.pages = 3 * (memblock_phys_mem_size() >> PAGE_SHIFT) / w.nr_procs;
	ASSERT_EQ_INT(0, swap_workload_run(&w, &r));
	EXPECT_EQ_U64(4 * w.pages + 2 * (w.pages / 4), r.written);
	EXPECT_EQ_U64(0, r.bad);
	EXPECT_TRUE(r.checked >= 2 * 6 * w.pages);
	EXPECT_MSG(r.pswpout > 3 * w.pages && r.pswpin > 2 * w.pages,
		   "too little swapping: pswpout %lu, pswpin %lu", r.pswpout,
		   r.pswpin);
	EXPECT_EQ_INT(0, r.swapoff_err);
	EXPECT_EQ_U64(w.pages, r.after_swapoff);
	EXPECT_EQ_U64(0, total_swap_pages);
	EXPECT_EQ_INT(0, (int)r.leaked);
	EXPECT_EQ_INT(0, r.check_err);
	EXPECT_EQ_U64(0, total_swapcache_pages());
}

TEST_WITH(nothing_is_lost, 1, .timeout = 60.0)
{
	nothing_lost_on("swap");
}

TEST_WITH(nothing_is_lost_in_a_swap_file, 0, .timeout = 60.0)
{
	nothing_lost_on("swapfile");
}

TEST(smaps_shows_swapped_memory, 0)
{
	static char text[8192];
	unsigned long a;
	struct task_struct *p;
	FILE *m;

	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	p = PROC("p");
	a = ANON_MAP(p, 8);
	FILL(p, a, 8, 1);
	ASSERT_EQ_U64(3, swap_out_range(p, a, 3));
	m = fmemopen(text, sizeof(text), "w");
	show_smaps(m, p);
	fclose(m);
	EXPECT_MSG(strstr(text, "\nRss:                  20 kB\n") != NULL,
		   "smaps: %s", text);
	EXPECT_MSG(strstr(text, "\nSwap:                 12 kB\n") != NULL,
		   "smaps: %s", text);
}

/*
 * Issue's "a full swap area leads to the OOM killer, never to corrupted
 * data": one process grows until RAM and swap are both full; the OOM
 * killer must end it, and what the others wrote, in RAM or in swap, must
 * read back intact.
 */
TEST_WITH(full_swap_ends_in_the_oom_killer, 0, .timeout = 60.0)
{
	unsigned long keep, small, g, i, limit, usable, slots = 512;
	struct task_struct *keeper, *bystander, *grower;
	int sig = 0;

	BOOT(NULL);
	AREA("/dev/vdb", slots, -1);
	usable = total_swap_pages; /* the header takes a slot */
	keeper = PROC("keeper");
	keeper->oom_score_adj = OOM_SCORE_ADJ_MIN;
	keep = ANON_MAP(keeper, 64);
	FILL(keeper, keep, 64, 7);
	bystander = PROC("bystander");
	small = ANON_MAP(bystander, 64);
	FILL(bystander, small, 64, 8);
	grower = PROC("grower");
	limit = (memblock_phys_mem_size() >> PAGE_SHIFT) + slots + 1024;
	g = sys_mmap(grower, 0, P(limit), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	ASSERT_MSG(!IS_ERR_VALUE(g), "mmap: %ld", (long)g);
	for (i = 0; i < limit && !sig; i++)
		sig = sim_write(grower, g + P(i), "g", 1, NULL);
	EXPECT_EQ_INT(SIGKILL, sig);
	EXPECT_MSG(EVENT(PSWPOUT) >= usable,
		   "swap was not filled: pswpout %lu of %lu slots",
		   (unsigned long)EVENT(PSWPOUT), usable);
	EXPECT_TRUE(EVENT(OOM_KILL) >= 1);
	EXPECT_TRUE(grower->oom_victim);
	EXPECT_EQ_U64(64, pages_intact(keeper, keep, 64, 7, keeper->pid));
	EXPECT_EQ_U64(64,
		      pages_intact(bystander, small, 64, 8, bystander->pid));
	ALL_OK();
	sim_exit(grower);
	EXPECT_EQ_U64(64, pages_intact(keeper, keep, 64, 7, keeper->pid));
	ALL_OK();
}

/*
 * Copy-on-write faults under memory pressure: every copy is allocated
 * while reclaim swaps pages out, among them the pages being copied.
 */
TEST_WITH(cow_under_pressure_loses_nothing, 0, .timeout = 60.0)
{
	unsigned long a, h, ram, n = 256;
	struct task_struct *p, *c, *hog;

	BOOT(NULL);
	ram = memblock_phys_mem_size() >> PAGE_SHIFT;
	AREA("/dev/vdb", 2 * ram, -1);
	p = PROC("p");
	a = ANON_MAP(p, n);
	FILL(p, a, n, 1);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	/* The page a COW fault copies is not reclaimed under it. */
	fault_busy_page = page_of(c, a + P(n - 1));
	EXPECT_EQ_INT(PAGEOUT_KEEP, swap_out_at(c, a + P(n - 1)));
	fault_busy_page = NULL;
	hog = PROC("hog");
	h = ANON_MAP(hog, ram);
	FILL(hog, h, ram, 3);
	FILL(c, a, n, 2);
	EXPECT_EQ_U64(n, pages_intact(p, a, n, 1, p->pid));
	EXPECT_EQ_U64(n, pages_intact(c, a, n, 2, c->pid));
	EXPECT_TRUE(EVENT(PSWPOUT) > 0);
	EXPECT_EQ_U64(ram, pages_intact(hog, h, ram, 3, hog->pid));
	ALL_OK();
}
