#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Exercise 7.5: copying page tables at fork. */

TEST(fork_child_reads_the_parents_data, 1)
{
	struct task_struct *p, *c;
	struct file *f;
	unsigned long a, b;

	BOOT();
	p = TASK("p");
	f = sim_file_create("/etc/conf", P(2));
	a = MMAP(p, P(3), PRW, ANON, NULL, 0);
	b = MMAP(p, P(2), PROT_READ, MAP_PRIVATE, f, 0);
	WRITE(p, a, "first");
	WRITE(p, a + P(2), "third");
	READ(p, b + P(1), 4);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_TRUE(page_at(c, a) == page_at(p, a));
	EXPECT_TRUE(page_at(c, b + P(1)) == page_at(p, b + P(1)));
	EXPECT_EQ_STR("first", READ(c, a, 5));
	EXPECT_EQ_STR("third", READ(c, a + P(2), 5));
	EXPECT_EQ_STR("/etc/conf page 1", READ(c, b + P(1), 16));
	EXPECT_EQ_U64(2, get_mm_counter(c->mm, MM_ANONPAGES));
	EXPECT_EQ_U64(1, get_mm_counter(c->mm, MM_FILEPAGES));
	{
		static char pm[8192];

		snprintf(pm, sizeof(pm), "%s", maps_of(p));
		EXPECT_EQ_STR(pm, maps_of(c));
	}
	CHECK();
	sim_exit(c);
	sim_exit(p);
	fput(f);
}

TEST(fork_write_protects_parent_and_child, 2)
{
	struct task_struct *p, *c;
	struct page *page;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(1), PRW, ANON, NULL, 0);
	WRITE(p, a, "w");
	EXPECT_TRUE(pte_write(pte_at(p, a)));
	page = page_at(p, a);
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_TRUE(!pte_write(pte_at(p, a)));
	EXPECT_TRUE(!pte_write(pte_at(c, a)));
	EXPECT_TRUE(!pte_young(pte_at(c, a)));
	EXPECT_EQ_INT(2, page_mapcount(page));
	EXPECT_EQ_INT(2, page_ref_count(page));
	/* The parent's TLB must not keep its writable entry. */
	WRITE(p, a, "P");
	EXPECT_EQ_STR("w", READ(c, a, 1));
	CHECK();
}

TEST(fork_map_shared_is_seen_by_both, 2)
{
	struct task_struct *p, *c;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(2), PRW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	WRITE(p, a, "from parent");
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ_STR("from parent", READ(c, a, 11));
	WRITE(c, a, "FROM CHILD ");
	EXPECT_EQ_STR("FROM CHILD ", READ(p, a, 11));
	WRITE(p, a + P(1), "second page");
	EXPECT_EQ_STR("second page", READ(c, a + P(1), 11));
	EXPECT_EQ_U64(2, get_mm_counter(c->mm, MM_SHMEMPAGES));
	EXPECT_EQ_U64(8, smaps_kb(p, a, "Rss:"));
	EXPECT_EQ_U64(4, smaps_kb(p, a, "Pss:"));
	EXPECT_EQ_U64(0, smaps_kb(p, a, "Anonymous:"));
	EXPECT_MSG(strstr(maps_of(c), "rw-s 00000000 00:00"), "maps:\n%s",
		   maps_of(c));
	CHECK();
}

TEST(fork_shared_file_writes_reach_the_file, 1)
{
	struct task_struct *p, *c;
	struct file *f;
	struct page *page;
	unsigned long a;

	BOOT();
	p = TASK("p");
	f = sim_file_create("/var/db", P(2));
	a = MMAP(p, P(2), PRW, MAP_SHARED, f, 0);
	EXPECT_EQ_STR("/var/db page 0", READ(p, a, 14));
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	WRITE(c, a, "NEW");
	EXPECT_EQ_STR("NEWr/db page 0", READ(p, a, 14));
	page = page_at(p, a);
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(page == page_at(c, a));
	EXPECT_TRUE(PageDirty(page));
	EXPECT_EQ_INT(0, filemap_write_page(page));
	EXPECT_TRUE(!PageDirty(page));
	EXPECT_EQ_INT(0, memcmp(f->f_inode->i_disk, "NEWr/db", 7));
	CHECK();
	sim_exit(c);
	sim_exit(p);
	fput(f);
}

TEST(fork_splits_pss_between_the_two, 1)
{
	struct task_struct *p, *c;
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(2), PRW, ANON, NULL, 0);
	WRITE(p, a, "a");
	WRITE(p, a + P(1), "b");
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ_U64(8, smaps_kb(c, a, "Rss:"));
	EXPECT_EQ_U64(4, smaps_kb(c, a, "Pss:"));
	EXPECT_EQ_U64(8, smaps_kb(c, a, "Anonymous:"));
	EXPECT_EQ_U64(8, smaps_kb(c, a, "Shared_Dirty:"));
	WRITE(c, a, "c");
	EXPECT_EQ_U64(6, smaps_kb(c, a, "Pss:"));
	EXPECT_EQ_U64(6, smaps_kb(p, a, "Pss:"));
}

struct seen {
	int n;
	struct mm_struct *mm[4];
	unsigned long addr[4];
};

static bool note_mapping(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, void *arg)
{
	struct seen *s = arg;

	(void)page;
	if (s->n < 4) {
		s->mm[s->n] = vma->vm_mm;
		s->addr[s->n] = addr;
	}
	s->n++;
	return true;
}

TEST(fork_rmap_walk_finds_every_mapping, 1)
{
	struct task_struct *p, *c;
	struct seen s = { 0 };
	struct rmap_walk_control rwc = { .arg = &s, .rmap_one = note_mapping };
	unsigned long a;

	BOOT();
	p = TASK("p");
	a = MMAP(p, P(4), PRW, ANON, NULL, 0);
	WRITE(p, a + P(3), "x");
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	rmap_walk(page_at(p, a + P(3)), &rwc);
	ASSERT_EQ_INT(2, s.n);
	EXPECT_TRUE((s.mm[0] == p->mm && s.mm[1] == c->mm) ||
		    (s.mm[0] == c->mm && s.mm[1] == p->mm));
	EXPECT_EQ_U64(a + P(3), s.addr[0]);
	EXPECT_EQ_U64(a + P(3), s.addr[1]);
}

TEST_WITH(fork_and_exit_leak_no_page, 1, .timeout = 6.0)
{
	struct task_struct *p, *c, *g;
	struct file *f;
	unsigned long before, tables, a, b, s;

	BOOT();
	before = free_pages_now();
	tables = nr_pagetable_pages;
	f = sim_file_create("/bin/x", P(4));
	p = TASK("p");
	a = MMAP(p, P(4), PRW, ANON, NULL, 0);
	b = MMAP(p, P(4), PRW, MAP_PRIVATE, f, 0);
	s = MMAP(p, P(4), PRW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	WRITE(p, a, "a");
	READ(p, b + P(1), 1);
	WRITE(p, b + P(2), "b");
	WRITE(p, s + P(3), "s");
	c = sim_fork(p);
	ASSERT_TRUE(c != NULL);
	g = sim_fork(c);
	ASSERT_TRUE(g != NULL);
	WRITE(g, a + P(1), "g");
	WRITE(c, s, "c");
	CHECK();
	sim_exit(p);
	sim_exit(g);
	sim_exit(c);
	fput(f);
	EXPECT_EQ_U64(before, free_pages_now());
	EXPECT_EQ_U64(tables, nr_pagetable_pages);
}

/* mmsim proc runs a script: fork, then the child reads the parent's data. */
TEST(mmsim_proc_forks_and_prints_maps, 1)
{
	static char out[16384];
	const char *mmsim = getenv("MMSIM");
	char cmd[1024];
	int ret;

	ASSERT_TRUE(mmsim != NULL);
	snprintf(cmd, sizeof(cmd),
		 "%s proc 'mmap a 2 rw- private,anon; write a hi' "
		 "'fork; as 2; read a 2; write a+1p x; maps; check'",
		 mmsim);
	ret = grade_run(cmd, out, sizeof(out));
	EXPECT_EQ_INT(0, ret);
	EXPECT_MSG(strstr(out, "fork: 1 -> 2"), "output:\n%s", out);
	EXPECT_MSG(strstr(out, "\"hi\""), "output:\n%s", out);
	EXPECT_MSG(strstr(out,
			  "7ffff7ffd000-7ffff7fff000 rw-p 00000000 00:00 0 \n"),
		   "output:\n%s", out);
	EXPECT_MSG(strstr(out, "mm_check_all: ok"), "output:\n%s", out);
}
