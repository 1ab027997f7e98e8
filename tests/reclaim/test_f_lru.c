/* The LRU machinery around the exercises, mmsim (0 points). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"

static char out[65536];

TEST(lru_add_isolate_putback, 0)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	EXPECT_TRUE(PageLRU(page) && on_list(page, LRU_INACTIVE_FILE));
	folio_add_lru(page);
	EXPECT_EQ_INT(1, (int)NR(NR_INACTIVE_FILE));
	EXPECT_EQ_INT(0, folio_isolate_lru(page));
	EXPECT_EQ_INT(2, page_ref_count(page));
	EXPECT_EQ_INT(-EBUSY, folio_isolate_lru(page));
	EXPECT_EQ_INT(0, (int)NR(NR_INACTIVE_FILE));
	folio_putback_lru(page);
	EXPECT_EQ_INT(1, page_ref_count(page));
	EXPECT_TRUE(on_list(page, LRU_INACTIVE_FILE));
	CHECK();
}

TEST(lru_activate_deactivate_rotate, 0)
{
	struct page *a, *b;

	BOOT();
	a = lru_page(true);
	b = lru_page(true);
	folio_activate(a);
	EXPECT_TRUE(on_list(a, LRU_ACTIVE_ANON));
	folio_deactivate(a);
	EXPECT_EQ_INT(0, place_on(a, LRU_INACTIVE_ANON));
	folio_rotate_reclaimable(a);
	EXPECT_EQ_INT(1, place_on(a, LRU_INACTIVE_ANON));
	EXPECT_EQ_INT(0, place_on(b, LRU_INACTIVE_ANON));
	EXPECT_EQ_INT(1, (int)EVENT(PGACTIVATE));
	EXPECT_EQ_INT(1, (int)EVENT(PGDEACTIVATE));
	EXPECT_EQ_INT(1, (int)EVENT(PGROTATED));
	CHECK();
}

TEST(lru_check_finds_a_wrong_list, 0)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	SetPageActive(page);
	log_buf_clear();
	EXPECT_EQ_INT(-EINVAL, lru_check());
	EXPECT_TRUE(strstr(log_buf_read(), "flags of another list") != NULL);
}

TEST(lru_page_cannot_be_freed, 0)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	log_buf_clear();
	__free_pages(page, 0);
	EXPECT_TRUE(strstr(log_buf_read(), "Bad page state") != NULL);
	EXPECT_TRUE(PageLRU(page));
	CHECK();
}

TEST(lru_get_scan_count_swappiness, 0)
{
	struct scan_control sc;
	unsigned long nr[NR_LRU_LISTS];

	BOOT();
	NR(NR_INACTIVE_ANON) = 4096;
	NR(NR_INACTIVE_FILE) = 4096;
	reclaim_control_init(&sc, 32, GFP_KERNEL, false);
	sc.priority = 4;
	get_scan_count(LRUVEC(), &sc, nr);
	EXPECT_EQ_INT(0, (int)nr[LRU_INACTIVE_ANON]);
	EXPECT_EQ_INT(256, (int)nr[LRU_INACTIVE_FILE]);
	total_swap_pages = 1000;
	get_scan_count(LRUVEC(), &sc, nr);
	EXPECT_EQ_INT(256 * 60 / 200, (int)nr[LRU_INACTIVE_ANON]);
	EXPECT_EQ_INT(256 * 140 / 200, (int)nr[LRU_INACTIVE_FILE]);
	vm_swappiness = 200;
	get_scan_count(LRUVEC(), &sc, nr);
	EXPECT_EQ_INT(256, (int)nr[LRU_INACTIVE_ANON]);
	EXPECT_EQ_INT(0, (int)nr[LRU_INACTIVE_FILE]);
	sc.priority = 0;
	vm_swappiness = 60;
	get_scan_count(LRUVEC(), &sc, nr);
	EXPECT_EQ_INT(4096, (int)nr[LRU_INACTIVE_ANON]);
	EXPECT_EQ_INT(4096, (int)nr[LRU_INACTIVE_FILE]);
	NR(NR_INACTIVE_ANON) = 0;
	NR(NR_INACTIVE_FILE) = 0;
}

TEST(vmstat_lists_linux_names, 0)
{
	FILE *m = fmemopen(out, sizeof(out), "w");

	BOOT();
	lru_page(false);
	count_vm_event(PGSCAN_KSWAPD);
	vmstat_show(m);
	fclose(m);
	EXPECT_TRUE(strncmp(out, "nr_free_pages ", 14) == 0);
	EXPECT_TRUE(strstr(out, "\nnr_inactive_file 1\nnr_active_file 0\n") != NULL);
	EXPECT_TRUE(strstr(out, "\npgscan_kswapd 1\n") != NULL);
	EXPECT_TRUE(strstr(out, "\npgsteal_direct 0\n") != NULL);
}

TEST(mmsim_policy, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" policy --policy fifo --frames 4 1,2,3,4,1,2,5,1,2,3,4,5", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "fifo: 10 faults, 2 hits in 12 references, 4 frames") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" policy --sweep 4 1 2 3 4 1 2 5 1 2 3 4 5", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "     3       9      10") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" policy --figure 5 1,2,3,4,1,2,5,1,2,3,4,5", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "xychart-beta\n", 13) == 0);
	EXPECT_TRUE(strstr(out, "bar [12, 12, 9, 10, 5]") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" policy --seed 3 --answers", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "2list: ") != NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" policy --frames 3 1,2,zz", out, sizeof(out)));
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" policy --policy mru --frames 3 1", out, sizeof(out)));
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" policy --frames 0 1", out, sizeof(out)));
}

TEST(mmsim_policy_trace_file, 0)
{
	char name[] = "/tmp/reclaim-trace-XXXXXX", cmd[256];
	int fd = mkstemp(name);
	FILE *f;

	ASSERT_TRUE(fd >= 0);
	f = fdopen(fd, "w");
	ASSERT_TRUE(f != NULL);
	fprintf(f, "# Silberschatz\n7 0 1 2 0 3 0 4 2 3\n0 3 2 1 2 0 1 7 0 1\n");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "\"$MMSIM\" policy --policy opt --frames 3 --trace %s --quiet", name);
	EXPECT_EQ_INT(0, grade_run(cmd, out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "opt: 9 faults, 11 hits in 20 references, 3 frames") != NULL);
	snprintf(cmd, sizeof(cmd), "\"$MMSIM\" policy --frames 3 --trace %s 1,2", name);
	EXPECT_EQ_INT(2, grade_run(cmd, out, sizeof(out)));
	unlink(name);
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" policy --frames 3 --trace /nonexistent/trace", out, sizeof(out)));
}

TEST(mmsim_vmstat_demo, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" vmstat --demo", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "\nnr_active_file 128\n") != NULL);
	EXPECT_TRUE(strstr(out, "\npgactivate 128\n") != NULL);
	EXPECT_TRUE(strstr(out, "\npgsteal_anon 0\n") != NULL);
}

TEST(lru_active_scan_keeps_used_program_text, 0)
{
	struct page *text, *data;
	struct scan_control sc;

	BOOT();
	text = lru_page(false);
	data = lru_page(false);
	folio_activate(text);
	folio_activate(data);
	set_pte_refs(text, 1, VM_READ | VM_EXEC);
	set_pte_refs(data, 1, VM_READ | VM_WRITE);
	reclaim_control_init(&sc, 32, GFP_KERNEL, true);
	shrink_active_list(32, LRUVEC(), &sc, LRU_ACTIVE_FILE);
	EXPECT_TRUE(on_list(text, LRU_ACTIVE_FILE));
	EXPECT_TRUE(on_list(data, LRU_INACTIVE_FILE));
	EXPECT_EQ_INT(2, (int)EVENT(PGREFILL));
	EXPECT_EQ_INT(1, (int)EVENT(PGDEACTIVATE));
	CHECK();
}

TEST(lru_refuses_misuse, 0)
{
	struct page *page;

	BOOT();
	page = lru_page(false);
	log_buf_clear();
	folio_add_lru(page);
	EXPECT_TRUE(strstr(log_buf_read(), "on an LRU list already") != NULL);
	EXPECT_EQ_INT(1, (int)NR(NR_INACTIVE_FILE));
	page = new_page(false);
	__free_pages(page, 0);
	log_buf_clear();
	folio_add_lru(page);
	EXPECT_TRUE(strstr(log_buf_read(), "is free") != NULL);
	EXPECT_TRUE(!PageLRU(page));
	CHECK();
}
