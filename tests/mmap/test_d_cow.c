#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>

#include "helpers.h"

/* Exercise 7.4: the copy-on-write fault. */

TEST(cow_child_writes_after_fork, 2)
{
	struct task_struct *p, *c;
	struct page *orig;
	unsigned long a;

	BOOT();
	p = TASK("parent");
	a = MMAP(p, P(2), PRW, ANON, NULL, 0);
	WRITE(p, a, "parent data");
	orig = page_at(p, a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	WRITE(c, a, "child");
	EXPECT_EQ_STR("childt data", READ(c, a, 11));
	EXPECT_EQ_STR("parent data", READ(p, a, 11));
	EXPECT_TRUE(page_at(c, a) != orig);
	EXPECT_TRUE(page_at(p, a) == orig);
	EXPECT_EQ_INT(1, page_mapcount(orig));
	EXPECT_EQ_INT(1, page_ref_count(orig));
	EXPECT_TRUE(pte_write(pte_at(c, a)));
	EXPECT_EQ_U64(1, get_mm_counter(c->mm, MM_ANONPAGES));
	CHECK();
	/* The parent is now alone with its page: reuse, no copy. */
	WRITE(p, a, "PARENT");
	EXPECT_TRUE(page_at(p, a) == orig);
	CHECK();
}

/* Parent, child and grandchild write the same page, in this order. */
TEST(cow_fork_tree_three_writers, 3)
{
	struct task_struct *p, *c, *g;
	struct page *orig;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(1), PRW, ANON, NULL, 0);
	WRITE(p, a, "0000");
	orig = page_at(p, a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	g = sim_fork(c);
	ASSERT_TRUE(g != NULL);
	EXPECT_EQ_INT(3, page_mapcount(orig));
	EXPECT_EQ_INT(3, page_ref_count(orig));
	CHECK();
	WRITE(p, a, "PPPP");
	EXPECT_EQ_INT(2, page_mapcount(orig));
	WRITE(c, a, "CC");
	EXPECT_EQ_INT(1, page_mapcount(orig));
	WRITE(g, a, "G");
	EXPECT_TRUE(page_at(g, a) == orig);
	EXPECT_EQ_STR("PPPP", READ(p, a, 4));
	EXPECT_EQ_STR("CC00", READ(c, a, 4));
	EXPECT_EQ_STR("G000", READ(g, a, 4));
	EXPECT_TRUE(page_at(p, a) != page_at(c, a));
	EXPECT_TRUE(page_at(c, a) != page_at(g, a));
	CHECK();
}

TEST(cow_fork_tree_grandchild_first, 1)
{
	struct task_struct *p, *c, *g;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(1), PRW, ANON, NULL, 0);
	WRITE(p, a, "abcd");
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	g = sim_fork(c);
	ASSERT_TRUE(g != NULL);
	WRITE(g, a + 1, "G");
	WRITE(c, a + 2, "C");
	WRITE(p, a + 3, "P");
	EXPECT_EQ_STR("aGcd", READ(g, a, 4));
	EXPECT_EQ_STR("abCd", READ(c, a, 4));
	EXPECT_EQ_STR("abcP", READ(p, a, 4));
	EXPECT_EQ_INT(1, page_mapcount(page_at(p, a)));
	CHECK();
}

TEST(cow_private_file_write_leaves_the_file, 2)
{
	struct task_struct *t, *u;
	struct file *f;
	struct page *cached;
	unsigned long a, b;

	BOOT();
	t = TASK("t");
	u = TASK("u");
	f = sim_file_create("/lib/libx.so", P(4));
	a = MMAP(t, P(4), PRW, MAP_PRIVATE, f, 0);
	b = MMAP(u, P(4), PROT_READ, MAP_SHARED, f, 0);
	EXPECT_EQ_STR("/lib/libx.so page 1", READ(t, a + P(1), 19));
	cached = page_at(t, a + P(1));
	ASSERT_TRUE(cached != NULL);
	EXPECT_TRUE(!PageAnon(cached));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_FILEPAGES));
	WRITE(t, a + P(1), "PATCHED");
	EXPECT_TRUE(page_at(t, a + P(1)) != cached);
	EXPECT_TRUE(PageAnon(page_at(t, a + P(1))));
	EXPECT_EQ_U64(0, get_mm_counter(t->mm, MM_FILEPAGES));
	EXPECT_EQ_U64(1, get_mm_counter(t->mm, MM_ANONPAGES));
	EXPECT_EQ_STR("PATCHEDbx.so page 1", READ(t, a + P(1), 19));
	EXPECT_EQ_STR("/lib/libx.so page 1", READ(u, b + P(1), 19));
	EXPECT_TRUE(!PageDirty(cached));
	/* A first write without a read: copied at once (do_cow_fault). */
	WRITE(t, a + P(2), "X");
	EXPECT_EQ_STR("Xlib/libx.so page 2", READ(t, a + P(2), 19));
	EXPECT_EQ_STR("/lib/libx.so page 2", READ(u, b + P(2), 19));
	CHECK();
	sim_exit(t);
	sim_exit(u);
	fput(f);
}

TEST(cow_of_the_zero_page, 1)
{
	struct task_struct *p, *c;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(1), PRW, ANON, NULL, 0);
	READ(p, a, 1);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_TRUE(is_zero_pfn(pte_pfn(pte_at(c, a))));
	WRITE(c, a + 1, "z");
	EXPECT_EQ_STR("", READ(p, a + 1, 1));
	EXPECT_EQ_STR("z", READ(c, a + 1, 1));
	EXPECT_EQ_U64(0, get_mm_counter(p->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(1, get_mm_counter(c->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(4, smaps_kb(c, a, "Anonymous:"));
	EXPECT_EQ_U64(0, smaps_kb(p, a, "Rss:"));
	CHECK();
}

TEST(cow_reuse_after_the_child_exits, 1)
{
	struct task_struct *p, *c;
	struct page *orig;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(1), PRW, ANON, NULL, 0);
	WRITE(p, a, "mine");
	orig = page_at(p, a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	sim_exit(c);
	EXPECT_EQ_INT(1, page_ref_count(orig));
	WRITE(p, a, "MINE");
	EXPECT_TRUE(page_at(p, a) == orig);
	CHECK();
}

TEST_WITH(cow_fork_tree_leaks_no_page, 2, .timeout = 6.0)
{
	struct task_struct *t[7];
	unsigned long before, tables, a;
	int i;

	BOOT();
	before = free_pages_now();
	tables = nr_pagetable_pages;
	t[0] = TASK("root");
	a = MMAP(t[0], P(8), PRW, ANON, NULL, 0);
	WRITE(t[0], a, "root");
	WRITE(t[0], a + P(5), "five");
	for (i = 1; i < 7; i++) {
		t[i] = sim_fork(t[(i - 1) / 2]);
		ASSERT_TRUE(t[i] != NULL);
		WRITE(t[i], a + P(i % 3), "w");
	}
	CHECK();
	for (i = 0; i < 7; i += 2)
		sim_exit(t[i]);
	CHECK();
	for (i = 1; i < 7; i += 2) {
		WRITE(t[i], a + P(5), "x");
		sim_exit(t[i]);
	}
	EXPECT_EQ_U64(before, free_pages_now());
	EXPECT_EQ_U64(tables, nr_pagetable_pages);
}
