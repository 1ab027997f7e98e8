#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "helpers.h"

/* Exercise 7.1: find_vma(), and what is built on it. */

TEST(find_vma_one_area_and_its_edges, 1)
{
	struct task_struct *t;
	unsigned long a;

	BOOT();
	t = TASK("t");
	EXPECT_TRUE(find_vma(t->mm, 0x400000) == NULL);
	a = MMAP(t, P(3), PRW, ANON, NULL, 0);
	EXPECT_TRUE(find_vma(t->mm, a) == find_vma_scan(t->mm, a));
	ASSERT_TRUE(find_vma(t->mm, a) != NULL);
	EXPECT_EQ_U64(a, find_vma(t->mm, a)->vm_start);
	EXPECT_EQ_U64(a, find_vma(t->mm, a - 1)->vm_start);
	EXPECT_EQ_U64(a, find_vma(t->mm, 0)->vm_start);
	EXPECT_EQ_U64(a, find_vma(t->mm, a + P(3) - 1)->vm_start);
	EXPECT_TRUE(find_vma(t->mm, a + P(3)) == NULL);
	EXPECT_TRUE(vma_lookup(t->mm, a - 1) == NULL);
}

/* 2,000 areas with a one-page gap between each two. */
TEST_WITH(find_vma_two_thousand_areas, 2, .timeout = 10.0)
{
	struct task_struct *t;
	unsigned long base = 0x10000000, a;
	int i;

	BOOT();
	t = TASK("t");
	for (i = 0; i < 2000; i++)
		MMAP_AT(t, base + P(3 * i), P(2), PRW, ANON | MAP_FIXED, NULL,
			0);
	ASSERT_EQ_INT(2000, t->mm->map_count);
	for (i = 0; i < 2000; i++) {
		a = base + P(3 * i);
		ASSERT_TRUE(find_vma(t->mm, a) != NULL);
		ASSERT_EQ_U64(a, find_vma(t->mm, a)->vm_start);
		ASSERT_EQ_U64(a, find_vma(t->mm, a + P(2) - 1)->vm_start);
		ASSERT_EQ_U64(a, find_vma(t->mm, a - 1)->vm_start);
		if (i < 1999)
			ASSERT_EQ_U64(a + P(3),
				      find_vma(t->mm, a + P(2))->vm_start);
	}
	EXPECT_TRUE(find_vma(t->mm, base + P(6000)) == NULL);
	CHECK();
}

/* The tree stays balanced, and agrees with the list after munmaps. */
TEST_WITH(find_vma_agrees_with_the_list, 1, .timeout = 10.0)
{
	struct task_struct *t;
	unsigned long base = 0x20000000, a, seed = 12345;
	int i;

	BOOT();
	t = TASK("t");
	for (i = 0; i < 600; i++)
		MMAP_AT(t, base + P(2 * i), P(1), i % 2 ? PROT_READ : PRW,
			ANON | MAP_FIXED, NULL, 0);
	for (i = 0; i < 300; i++) {
		seed = seed * 1103515245 + 12345;
		sys_munmap(t, base + P(2 * ((seed >> 8) % 600)), P(1));
	}
	CHECK();
	for (a = base - P(2); a < base + P(1202); a += 2048)
		ASSERT_TRUE(find_vma(t->mm, a) == find_vma_scan(t->mm, a));
	EXPECT_MSG(t->mm->mm_root && t->mm->mm_root->vm_height <= 14,
		   "tree height %d for %d VMAs",
		   t->mm->mm_root ? t->mm->mm_root->vm_height : 0,
		   t->mm->map_count);
}

TEST(fault_without_vma_is_segv_maperr, 1)
{
	struct task_struct *t;
	unsigned long a;
	int code = 0;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	EXPECT_EQ_INT(SIGSEGV, try_read(t, a - P(1), &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_U64(a - P(1), t->last_siginfo.si_fault_addr);
	EXPECT_EQ_INT(SIGSEGV, try_write(t, a + P(2), &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_INT(SIGSEGV, try_read(t, 0, &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_INT(SIGSEGV, try_read(t, 0xffff888000000000UL, &code));
	EXPECT_EQ_INT(SEGV_MAPERR, code);
	EXPECT_EQ_INT(0, try_write(t, a + 5, NULL));
	CHECK();
}

TEST(fault_against_the_vma_is_segv_accerr, 1)
{
	struct task_struct *t;
	unsigned long a, b;
	int code = 0;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(1), PROT_READ, ANON, NULL, 0);
	b = MMAP(t, P(1), PROT_NONE, ANON, NULL, 0);
	EXPECT_EQ_INT(0, try_read(t, a, NULL));
	EXPECT_EQ_INT(SIGSEGV, try_write(t, a, &code));
	EXPECT_EQ_INT(SEGV_ACCERR, code);
	EXPECT_EQ_U64(a, t->last_siginfo.si_fault_addr);
	EXPECT_EQ_INT(SIGSEGV, try_read(t, b, &code));
	EXPECT_EQ_INT(SEGV_ACCERR, code);
	CHECK();
}

TEST(mmap_chooses_addresses_top_down, 1)
{
	struct task_struct *t;
	unsigned long a, b, c, d;

	BOOT();
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	EXPECT_EQ_U64(t->mm->mmap_base - P(4), a);
	b = MMAP(t, P(2), PROT_READ, ANON, NULL, 0);
	EXPECT_EQ_U64(a - P(2), b);
	c = MMAP(t, P(3), PRW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	EXPECT_EQ_U64(b - P(3), c);
	ASSERT_EQ_INT(0, sys_munmap(t, b, P(2)));
	d = MMAP(t, P(1), PROT_READ, ANON, NULL, 0);
	EXPECT_EQ_U64(a - P(1), d);
	CHECK();
}

TEST(mmap_rejects_bad_arguments, 1)
{
	struct task_struct *t;
	struct file *f;

	BOOT();
	t = TASK("t");
	f = sim_file_create("/f", P(2));
	EXPECT_EQ_U64((unsigned long)-EINVAL,
		      sys_mmap(t, 0, 0, PRW, ANON, NULL, 0));
	EXPECT_EQ_U64((unsigned long)-EINVAL,
		      sys_mmap(t, 0, P(1), PRW, MAP_ANONYMOUS, NULL, 0));
	EXPECT_EQ_U64((unsigned long)-EINVAL,
		      sys_mmap(t, 0, P(1), 0x10, ANON, NULL, 0));
	EXPECT_EQ_U64((unsigned long)-EBADF,
		      sys_mmap(t, 0, P(1), PRW, MAP_PRIVATE, NULL, 0));
	EXPECT_EQ_U64(
		(unsigned long)-EINVAL,
		sys_mmap(t, 0x10000001, P(1), PRW, ANON | MAP_FIXED, NULL, 0));
	EXPECT_EQ_U64((unsigned long)-EINVAL,
		      sys_mmap(t, 0, P(1), PRW, MAP_PRIVATE, f, 5));
	EXPECT_EQ_INT(-EINVAL, sys_munmap(t, 0x10000001, P(1)));
	EXPECT_EQ_INT(-ENOMEM, sys_mprotect(t, 0x10000000, P(1), PROT_READ));
	EXPECT_EQ_INT(0, t->mm->map_count);
	MMAP(t, P(1), PROT_READ, MAP_SHARED, f, 0);
	CHECK();
	sim_exit(t);
	fput(f);
}
