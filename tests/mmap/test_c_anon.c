#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>

#include "helpers.h"

/* Exercise 7.3: the anonymous fault. */

TEST(anon_read_maps_the_zero_page, 2)
{
	struct task_struct *t;
	unsigned long a, faults;
	pte_t pte;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	faults = vm_event_states[PGFAULT];
	EXPECT_EQ_STR("", READ(t, a + 100, 8));
	EXPECT_EQ_U64(faults + 1, vm_event_states[PGFAULT]);
	pte = pte_at(t, a);
	ASSERT_TRUE(pte_present(pte));
	EXPECT_TRUE(is_zero_pfn(pte_pfn(pte)));
	EXPECT_TRUE(!pte_write(pte));
	EXPECT_EQ_U64(0, get_mm_rss(t->mm));
	EXPECT_EQ_U64(0, smaps_kb(t, a, "Rss:"));
	EXPECT_EQ_U64(0, smaps_kb(t, a, "Anonymous:"));
	READ(t, a + 200, 8);
	EXPECT_EQ_U64(faults + 1, vm_event_states[PGFAULT]);
	CHECK();
}

TEST(anon_write_allocates_a_page, 1)
{
	struct task_struct *t;
	struct page *page;
	unsigned long a;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	WRITE(t, a + P(1) + 10, "data");
	page = page_at(t, a + P(1));
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(PageAnon(page));
	EXPECT_TRUE(PageSwapBacked(page));
	EXPECT_EQ_INT(1, page_mapcount(page));
	EXPECT_EQ_INT(1, page_ref_count(page));
	EXPECT_EQ_U64((a >> PAGE_SHIFT) + 1, page->index);
	EXPECT_TRUE(pte_write(pte_at(t, a + P(1))));
	EXPECT_TRUE(pte_dirty(pte_at(t, a + P(1))));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(4, smaps_kb(t, a, "Rss:"));
	EXPECT_EQ_U64(4, smaps_kb(t, a, "Pss:"));
	EXPECT_EQ_U64(4, smaps_kb(t, a, "Anonymous:"));
	EXPECT_EQ_STR("data", READ(t, a + P(1) + 10, 4));
	EXPECT_EQ_STR("", READ(t, a + P(1), 4));
	CHECK();
}

/* With 5-level paging the fault allocates a P4D table too. */
TEST(anon_faults_with_five_level_paging, 1)
{
	struct task_struct *t;
	unsigned long before, a;

	BOOT_PROFILE("la57");
	before = free_pages_now();
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	READ(t, a, 1);
	WRITE(t, a + P(1), "five");
	EXPECT_EQ_STR("five", READ(t, a + P(1), 4));
	EXPECT_EQ_U64(4 * PAGE_SIZE, mm_pgtables_bytes(t->mm));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	CHECK();
	sim_exit(t);
	EXPECT_EQ_U64(before, free_pages_now());
}

TEST(anon_read_then_write, 1)
{
	struct task_struct *t;
	unsigned long a;
	int zref;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(1), PRW, ANON, NULL, 0);
	READ(t, a, 4);
	zref = page_ref_count(zero_page);
	WRITE(t, a, "wxyz");
	ASSERT_TRUE(page_at(t, a) != NULL);
	EXPECT_TRUE(page_at(t, a) != zero_page);
	EXPECT_EQ_INT(zref, page_ref_count(zero_page));
	EXPECT_EQ_STR("wxyz", READ(t, a, 4));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	CHECK();
}

TEST(map_populate_faults_everything_in, 1)
{
	struct task_struct *t;
	unsigned long a, faults;
	int i;

	BOOT();
	t = TASK("t");
	faults = vm_event_states[PGFAULT];
	a = MMAP(t, P(8), PRW, ANON | MAP_POPULATE, NULL, 0);
	EXPECT_EQ_U64(faults + 8, vm_event_states[PGFAULT]);
	for (i = 0; i < 8; i++)
		EXPECT_TRUE(page_at(t, a + P(i)) != NULL);
	EXPECT_EQ_U64(8, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(32, smaps_kb(t, a, "Rss:"));
	CHECK();
}

TEST_WITH(anon_memory_leaks_no_page, 2, .timeout = 6.0)
{
	unsigned long before, tables;
	struct task_struct *t[4];
	unsigned long a;
	int i, j;

	BOOT();
	before = free_pages_now();
	tables = nr_pagetable_pages;
	for (i = 0; i < 4; i++) {
		t[i] = TASK("t");
		a = MMAP(t[i], P(16), PRW, ANON, NULL, 0);
		for (j = 0; j < 16; j += 2)
			WRITE(t[i], a + P(j), "x");
		READ(t[i], a + P(1), 1);
		MMAP_AT(t[i], 0x7f0000000000UL + P(512 * i), P(3), PRW,
			ANON | MAP_FIXED, NULL, 0);
		WRITE(t[i], 0x7f0000000000UL + P(512 * i + 2), "y");
		ASSERT_EQ_INT(0, sys_munmap(t[i], a + P(4), P(4)));
	}
	CHECK();
	EXPECT_TRUE(free_pages_now() < before);
	for (i = 0; i < 4; i++)
		sim_exit(t[i]);
	EXPECT_EQ_U64(before, free_pages_now());
	EXPECT_EQ_U64(tables, nr_pagetable_pages);
}

TEST(the_stack_grows_down, 1)
{
	struct task_struct *t;
	struct file *exe;
	unsigned long low;
	int code = 0;

	BOOT();
	t = TASK("t");
	exe = sim_file_create("/bin/prog", P(2));
	ASSERT_EQ_INT(0, sim_exec(t, exe, 1, 1, 0));
	low = STACK_TOP - STACK_INIT_SIZE;
	EXPECT_EQ_U64(low, find_vma(t->mm, STACK_TOP - 1)->vm_start);
	WRITE(t, low - P(3) + 8, "deep");
	EXPECT_EQ_U64(low - P(3), find_vma(t->mm, STACK_TOP - 1)->vm_start);
	EXPECT_EQ_STR("deep", READ(t, low - P(3) + 8, 4));
	EXPECT_EQ_INT(SIGSEGV, try_write(t, STACK_TOP - (16UL << 20), &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	CHECK();
	sim_exit(t);
	fput(exe);
}

TEST(maps_and_smaps_in_linux_format, 1)
{
	struct task_struct *t;
	struct file *exe;
	char want[512];

	BOOT();
	t = TASK("t");
	exe = sim_file_create("/bin/prog", P(3));
	ASSERT_EQ_INT(0, sim_exec(t, exe, 2, 1, 1));
	WRITE(t, 0x403000, "bss");
	/* Column 73 for the name: Linux pads the prefix to 72, then a space. */
	snprintf(want, sizeof(want),
		 "00400000-00402000 r-xp 00000000 00:00 %lu%*s /bin/prog\n"
		 "00402000-00403000 rw-p 00002000 00:00 %lu%*s /bin/prog\n"
		 "00403000-00404000 rw-p 00000000 00:00 0%*s [heap]\n"
		 "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0%*s [stack]\n",
		 exe->f_inode->i_ino,
		 72 - 38 - snprintf(NULL, 0, "%lu", exe->f_inode->i_ino), "",
		 exe->f_inode->i_ino,
		 72 - 38 - snprintf(NULL, 0, "%lu", exe->f_inode->i_ino), "",
		 72 - 39, "", 72 - 47, "");
	EXPECT_EQ_STR(want, maps_of(t));
	EXPECT_MSG(strstr(smaps_of(t), "[heap]\n"
				       "Size:                  4 kB\n"
				       "KernelPageSize:        4 kB\n"
				       "MMUPageSize:           4 kB\n"
				       "Rss:                   4 kB\n"
				       "Pss:                   4 kB\n"),
		   "smaps:\n%s", smaps_of(t));
	EXPECT_MSG(strstr(smaps_of(t), "Anonymous:             4 kB\n"),
		   "smaps:\n%s", smaps_of(t));
	sim_exit(t);
	fput(exe);
}
