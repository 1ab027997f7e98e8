#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "helpers.h"

/* Exercise 7.2: splitting VMAs for munmap(), mprotect(), brk(). */

TEST(munmap_in_the_middle_of_a_vma, 2)
{
	struct task_struct *t;
	struct vm_area_struct *lo, *hi;
	unsigned long a;
	int i, code = 0;
	char s[16];

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(5), PRW, ANON, NULL, 0);
	for (i = 0; i < 5; i++) {
		snprintf(s, sizeof(s), "page%d", i);
		WRITE(t, a + P(i), s);
	}
	ASSERT_EQ_INT(0, sys_munmap(t, a + P(2), P(1)));
	ASSERT_EQ_INT(2, t->mm->map_count);
	lo = find_vma(t->mm, a);
	hi = find_vma(t->mm, a + P(2));
	ASSERT_TRUE(lo && hi && lo != hi);
	EXPECT_EQ_U64(a, lo->vm_start);
	EXPECT_EQ_U64(a + P(2), lo->vm_end);
	EXPECT_EQ_U64(a + P(3), hi->vm_start);
	EXPECT_EQ_U64(a + P(5), hi->vm_end);
	EXPECT_EQ_U64((a >> PAGE_SHIFT) + 3, hi->vm_pgoff);
	EXPECT_TRUE(hi->anon_vma == lo->anon_vma);
	EXPECT_EQ_STR("page1", READ(t, a + P(1), 5));
	EXPECT_EQ_STR("page3", READ(t, a + P(3), 5));
	EXPECT_EQ_STR("page4", READ(t, a + P(4), 5));
	EXPECT_EQ_INT(SIGSEGV, try_read(t, a + P(2), &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_U64(4, get_mm_counter(t->mm, MM_ANONPAGES));
	CHECK();
}

TEST(munmap_the_start_and_the_end, 1)
{
	struct task_struct *t;
	unsigned long a;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(6), PRW, ANON, NULL, 0);
	WRITE(t, a + P(2), "two");
	ASSERT_EQ_INT(0, sys_munmap(t, a, P(2)));
	ASSERT_EQ_INT(0, sys_munmap(t, a + P(5), P(1)));
	ASSERT_EQ_INT(1, t->mm->map_count);
	EXPECT_EQ_U64(a + P(2), find_vma(t->mm, 0)->vm_start);
	EXPECT_EQ_U64(a + P(5), find_vma(t->mm, 0)->vm_end);
	EXPECT_EQ_STR("two", READ(t, a + P(2), 3));
	EXPECT_EQ_U64(3, t->mm->total_vm);
	CHECK();
}

/* A private file mapping at page offset 2, cut in three. */
TEST(munmap_keeps_file_offsets, 2)
{
	struct task_struct *t;
	struct file *f;
	unsigned long a;
	char line[128];

	BOOT();
	t = TASK("t");
	f = sim_file_create("/data/file", P(10));
	a = MMAP(t, P(6), PROT_READ, MAP_PRIVATE, f, P(2));
	ASSERT_EQ_INT(0, sys_munmap(t, a + P(1), P(2)));
	ASSERT_EQ_INT(2, t->mm->map_count);
	EXPECT_EQ_U64(5, find_vma(t->mm, a + P(3))->vm_pgoff);
	EXPECT_EQ_STR("/data/file page 2 ", READ(t, a, 18));
	EXPECT_EQ_STR("/data/file page 5 ", READ(t, a + P(3), 18));
	EXPECT_EQ_STR("/data/file page 7 ", READ(t, a + P(5), 18));
	snprintf(line, sizeof(line), "%08lx-%08lx r--p 00005000 00:00 %lu",
		 a + P(3), a + P(6), f->f_inode->i_ino);
	EXPECT_MSG(strstr(maps_of(t), line), "no line '%s' in:\n%s", line,
		   maps_of(t));
	CHECK();
	sim_exit(t);
	fput(f);
}

TEST(mprotect_then_write, 2)
{
	struct task_struct *t;
	unsigned long a;
	int code = 0;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(3), PRW, ANON, NULL, 0);
	WRITE(t, a + P(1), "before");
	ASSERT_EQ_INT(0, sys_mprotect(t, a + P(1), P(1), PROT_READ));
	ASSERT_EQ_INT(3, t->mm->map_count);
	EXPECT_EQ_INT(SIGSEGV, try_write(t, a + P(1), &code));
	EXPECT_EQ_INT(SEGV_ACCERR, code);
	EXPECT_EQ_STR("before", READ(t, a + P(1), 6));
	WRITE(t, a, "left");
	WRITE(t, a + P(2), "right");
	EXPECT_TRUE(!pte_write(pte_at(t, a + P(1))));
	CHECK();
	ASSERT_EQ_INT(0, sys_mprotect(t, a + P(1), P(1), PRW));
	EXPECT_EQ_INT(1, t->mm->map_count);
	WRITE(t, a + P(1), "after!");
	EXPECT_EQ_STR("after!", READ(t, a + P(1), 6));
	CHECK();
}

TEST(mprotect_none_and_back, 1)
{
	struct task_struct *t;
	unsigned long a;
	int code = 0;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	WRITE(t, a + P(3), "kept");
	ASSERT_EQ_INT(0, sys_mprotect(t, a + P(2), P(2), PROT_NONE));
	EXPECT_EQ_INT(SIGSEGV, try_read(t, a + P(3), &code));
	EXPECT_EQ_INT(SEGV_ACCERR, code);
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	CHECK();
	ASSERT_EQ_INT(0, sys_mprotect(t, a, P(4), PROT_READ));
	EXPECT_EQ_STR("kept", READ(t, a + P(3), 4));
	EXPECT_EQ_INT(1, t->mm->map_count);
	EXPECT_EQ_INT(-ENOMEM, sys_mprotect(t, a, P(5), PROT_READ));
	CHECK();
}

TEST(map_fixed_replaces_the_middle, 1)
{
	struct task_struct *t;
	unsigned long a;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(3), PRW, ANON, NULL, 0);
	WRITE(t, a + P(1), "old");
	WRITE(t, a + P(2), "end");
	MMAP_AT(t, a + P(1), P(1), PROT_READ, ANON | MAP_FIXED, NULL, 0);
	EXPECT_EQ_INT(3, t->mm->map_count);
	EXPECT_EQ_STR("", READ(t, a + P(1), 3));
	EXPECT_EQ_STR("end", READ(t, a + P(2), 3));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	CHECK();
}

TEST(brk_grows_and_shrinks_the_heap, 1)
{
	struct task_struct *t;
	struct file *exe;
	unsigned long start, brk;
	int code = 0;

	BOOT();
	t = TASK("t");
	exe = sim_file_create("/bin/prog", P(3));
	ASSERT_EQ_INT(0, sim_exec(t, exe, 2, 1, 1));
	start = t->mm->start_brk;
	EXPECT_EQ_U64(0x404000, start);
	brk = sys_brk(t, start + P(4) + 100);
	EXPECT_EQ_U64(start + P(4) + 100, brk);
	WRITE(t, start + P(4), "top");
	EXPECT_MSG(strstr(maps_of(t), "[heap]"), "no [heap] in:\n%s",
		   maps_of(t));
	brk = sys_brk(t, start + P(1));
	EXPECT_EQ_U64(start + P(1), brk);
	EXPECT_EQ_INT(SIGSEGV, try_read(t, start + P(4), &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_U64(start + P(1), sys_brk(t, start - P(10)));
	CHECK();
	sim_exit(t);
	fput(exe);
}
