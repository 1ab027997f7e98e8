/*
 * Part B: memory pressure. kswapd, direct reclaim, the OOM killer, and
 * the reliability workload of files twice the size of RAM (0 points:
 * given code).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "linux/fs.h"
#include "linux/oom.h"
#include "linux/pagemap.h"
#include "linux/printk.h"
#include "linux/sched.h"

#define PRW  (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long ram_pages(void)
{
	unsigned long n = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		n += zone_managed_pages(&NODE_DATA(0)->node_zones[z]);
	return n;
}

static bool zones_above_min(void)
{
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (zone_managed_pages(zone) &&
		    zone_page_state(zone, NR_FREE_PAGES) <
			    min_wmark_pages(zone))
			return false;
	}
	return true;
}

static bool page_has_file_text(struct file *f, unsigned long index,
			       const char *buf)
{
	char want[128];

	snprintf(want, sizeof(want), "%s page %lu byte 0\n", f->f_path, index);
	return strncmp(buf, want, strlen(want)) == 0;
}

/*
 * Read every page of f through the page cache; every page must have the
 * file's text, and (if checks) free memory above min and the lists and
 * the buddy allocator sound after every step. Returns the pages read.
 */
static unsigned long read_all(struct file *f, bool checks)
{
	unsigned long pos = 0, n = 0;
	char buf[4096];

	while (pos < f->f_inode->i_size) {
		unsigned long index = pos >> PAGE_SHIFT;

		ASSERT_EQ_INT(4096,
			      (int)kernel_read(f, buf, sizeof(buf), &pos));
		ASSERT_MSG(page_has_file_text(f, index, buf),
			   "page %lu of %s has the wrong content", index,
			   f->f_path);
		if (checks) {
			ASSERT_MSG(zones_above_min(),
				   "free pages below min after page %lu", n);
			if (n % 1024 == 0)
				CHECK();
		}
		n++;
	}
	return n;
}

static struct task_struct *anon_task(const char *name, unsigned long pages,
				     short adj, unsigned long *addr)
{
	struct task_struct *t = task_create(name);
	unsigned long i, a;

	ASSERT_MSG(t != NULL, "task_create(%s) failed", name);
	t->oom_score_adj = adj;
	a = sys_mmap(t, 0, pages * PAGE_SIZE, PRW, ANON, NULL, 0);
	ASSERT_MSG(!IS_ERR_VALUE(a), "mmap failed");
	for (i = 0; i < pages; i++)
		ASSERT_EQ_INT(0, sim_write(t, a + i * PAGE_SIZE, name,
					   strlen(name) + 1, NULL));
	if (addr)
		*addr = a;
	return t;
}

TEST_WITH(pressure_kswapd_wakes_below_low_and_stops_above_high, 0,
	  .timeout = 30)
{
	unsigned long ram, i, runs;
	struct zone *dma, *dma32;
	struct file *f;

	BOOT();
	ram = ram_pages();
	f = sim_file_create("big", ram / 2 * 3 * PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	EXPECT_EQ_U64(0, EVENT(PAGEOUTRUN));
	read_all(f, false);
	EXPECT_TRUE(EVENT(PAGEOUTRUN) > 0);
	EXPECT_TRUE(EVENT(PGSCAN_KSWAPD) >= EVENT(PGSTEAL_KSWAPD));
	EXPECT_MSG(EVENT(PGSTEAL_KSWAPD) > ram / 4, "pgsteal_kswapd %lu",
		   EVENT(PGSTEAL_KSWAPD));
	EXPECT_EQ_U64(0, EVENT(PGSTEAL_DIRECT));
	EXPECT_TRUE(zones_above_min());
	/* the allocation that wakes kswapd finds a balanced node after it */
	runs = EVENT(PAGEOUTRUN);
	for (i = 0; EVENT(PAGEOUTRUN) == runs; i++)
		ASSERT_TRUE(i < ram && alloc_page(GFP_HIGHUSER_MOVABLE));
	dma = &NODE_DATA(0)->node_zones[ZONE_DMA];
	dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	EXPECT_TRUE(zone_page_state(dma32, NR_FREE_PAGES) >=
			    high_wmark_pages(dma32) ||
		    zone_page_state(dma, NR_FREE_PAGES) >=
			    high_wmark_pages(dma));
	CHECK();
	fput(f);
}

TEST_WITH(pressure_direct_reclaim_when_kswapd_has_given_up, 0, .timeout = 30)
{
	struct file *f;

	BOOT();
	f = sim_file_create("big", ram_pages() * PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	NODE_DATA(0)->kswapd_failures = MAX_RECLAIM_RETRIES;
	read_all(f, false);
	EXPECT_TRUE(EVENT(ALLOCSTALL_MOVABLE) > 0);
	EXPECT_TRUE(EVENT(PGSTEAL_DIRECT) >= SWAP_CLUSTER_MAX);
	EXPECT_TRUE(EVENT(PGSCAN_DIRECT) >= EVENT(PGSTEAL_DIRECT));
	CHECK();
	fput(f);
}

TEST(pressure_oom_badness_and_oom_score_adj, 0)
{
	struct task_struct *big, *small, *exempt, *mid;
	struct oom_control oc = { .gfp_mask = GFP_KERNEL };
	char line[256];
	pid_t pid;

	BOOT();
	big = anon_task("big", 200, 0, NULL);
	small = anon_task("small", 20, 0, NULL);
	exempt = anon_task("exempt", 400, OOM_SCORE_ADJ_MIN, NULL);
	sim_switch_to(NULL); /* the OOM killer is called by no process */
	EXPECT_TRUE(oom_badness(big, ram_pages()) >
		    oom_badness(small, ram_pages()));
	EXPECT_TRUE(oom_badness(big, ram_pages()) >= 200);
	EXPECT_TRUE(oom_badness(exempt, ram_pages()) == LONG_MIN);
	EXPECT_EQ_U64(0, proc_oom_score(exempt));
	pid = big->pid;
	log_buf_clear();
	EXPECT_TRUE(out_of_memory(&oc));
	EXPECT_TRUE(find_task_by_vpid(pid) == NULL);
	EXPECT_EQ_U64(1, EVENT(OOM_KILL));
	snprintf(
		line, sizeof(line),
		"Out of memory: Killed process %d (big) total-vm:800kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:",
		(int)pid);
	EXPECT_MSG(strstr(log_buf_read(), line), "no kill report: %s",
		   log_buf_read());
	EXPECT_TRUE(strstr(
		log_buf_read(),
		"swapper/0 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"));
	EXPECT_TRUE(strstr(log_buf_read(),
			   "oom-kill:constraint=CONSTRAINT_NONE,") != NULL);
	mid = anon_task("mid", 100, 0, NULL);
	sim_switch_to(NULL);
	small->oom_score_adj = OOM_SCORE_ADJ_MAX;
	EXPECT_TRUE(proc_oom_score(small) > proc_oom_score(mid));
	pid = small->pid;
	EXPECT_TRUE(out_of_memory(&oc));
	EXPECT_TRUE(find_task_by_vpid(pid) == NULL);
	EXPECT_TRUE(find_task_by_vpid(mid->pid) == mid);
	EXPECT_TRUE(out_of_memory(&oc)); /* mid: exempt is never chosen */
	EXPECT_TRUE(find_task_by_vpid(exempt->pid) == exempt);
	log_buf_clear();
	EXPECT_TRUE(!out_of_memory(&oc));
	EXPECT_TRUE(strstr(log_buf_read(),
			   "Out of memory and no killable processes...") !=
		    NULL);
	EXPECT_EQ_INT(0, mm_check_all());
	CHECK();
}

TEST_WITH(pressure_oom_killer_from_a_page_fault, 0, .timeout = 30)
{
	struct task_struct *victim, *keeper, *grower;
	unsigned long keep, a, i, ram;
	pid_t victim_pid;
	char buf[16];
	int sig = 0;

	BOOT();
	ram = ram_pages();
	victim = anon_task("victim", 600, OOM_SCORE_ADJ_MAX, NULL);
	victim_pid = victim->pid;
	keeper = anon_task("keeper", 50, OOM_SCORE_ADJ_MIN, &keep);
	grower = task_create("grower");
	ASSERT_TRUE(grower != NULL);
	a = sys_mmap(grower, 0, 2 * ram * PAGE_SIZE, PRW, ANON, NULL, 0);
	ASSERT_MSG(!IS_ERR_VALUE(a), "mmap: %ld", (long)a);
	sim_switch_to(NULL);
	for (i = 0; i < 2 * ram && !sig; i++)
		sig = sim_write(grower, a + i * PAGE_SIZE, "g", 1, NULL);
	EXPECT_EQ_INT(SIGKILL, sig);
	EXPECT_TRUE(find_task_by_vpid(victim_pid) == NULL);
	EXPECT_EQ_U64(2, EVENT(OOM_KILL));
	EXPECT_TRUE(grower->oom_victim && grower->mm->oom_skip);
	EXPECT_EQ_U64(0, get_mm_rss(grower->mm));
	for (i = 0; i < 50; i++) {
		EXPECT_EQ_INT(0, sim_read(keeper, keep + i * PAGE_SIZE, buf, 7,
					  NULL));
		EXPECT_EQ_STR("keeper", buf);
	}
	EXPECT_EQ_INT(0, mm_check_all());
	CHECK();
	sim_exit(grower);
	EXPECT_TRUE(free_pages_now() > ram / 2);
}

TEST_WITH(pressure_files_twice_the_ram_read_through_the_page_cache, 0,
	  .timeout = 60)
{
	struct file *f[4];
	unsigned long ram, n = 0;
	int i;

	BOOT();
	ram = ram_pages();
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "file%d", i);
		f[i] = sim_file_create(name, ram / 2 * PAGE_SIZE);
		ASSERT_TRUE(f[i] != NULL);
	}
	for (i = 0; i < 4; i++)
		n += read_all(f[i], true);
	EXPECT_TRUE(n >= 2 * ram - 4);
	for (i = 0; i < 2; i++) /* read again what was read first */
		n += read_all(f[i], true);
	EXPECT_TRUE(EVENT(PAGEOUTRUN) > 0);
	EXPECT_TRUE(EVENT(PGSTEAL_KSWAPD) + EVENT(PGSTEAL_DIRECT) > ram);
	EXPECT_EQ_U64(0, EVENT(OOM_KILL));
	CHECK();
	for (i = 0; i < 4; i++)
		fput(f[i]);
	EXPECT_EQ_INT(0, (int)NR(NR_INACTIVE_FILE) + (int)NR(NR_ACTIVE_FILE));
	CHECK();
}
