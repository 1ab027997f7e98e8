/*
 * Migrating mapped pages: unmap, migrate_folio() (exercise 10.4), remap;
 * move_pages, migrate_pages, mbind with MPOL_MF_MOVE. Tests that move a
 * page need exercise 10.4 and carry its extra points (+8); the reports
 * and checks of given code have 0 points.
 */
#include <string.h>

#include "helpers.h"

static int read_byte(struct task_struct *t, unsigned long addr)
{
	unsigned char byte;

	if (sim_read(t, addr, &byte, 1, NULL))
		return -1;
	return byte;
}

/* Given code: reports and refusals. */

TEST(move_pages_reports_nodes, 0)
{
	struct task_struct *t;
	unsigned long a, pages[4];
	int status[4];

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(3), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 1));
	ASSERT_EQ_INT(0, task_set_cpu(t, 2));
	ASSERT_EQ_INT(0, touch(t, a + P(1), 1, 1));
	pages[0] = a;
	pages[1] = a + P(1) + 9;
	pages[2] = a + P(2); /* not touched */
	pages[3] = 0x1000;   /* not mapped */
	ASSERT_EQ_INT(0, sys_move_pages(t, 0, 4, pages, NULL, status, 0));
	EXPECT_EQ_INT(0, status[0]);
	EXPECT_EQ_INT(1, status[1]);
	EXPECT_EQ_INT(-ENOENT, status[2]);
	EXPECT_EQ_INT(-EFAULT, status[3]);
	/* the zero page is not the process's own: -EFAULT */
	EXPECT_EQ_INT(0, read_byte(t, a + P(2)));
	ASSERT_EQ_INT(0,
		      sys_move_pages(t, t->pid, 1, &pages[2], NULL, status, 0));
	EXPECT_EQ_INT(-EFAULT, status[0]);
}

TEST(move_pages_checks_its_arguments, 0)
{
	struct task_struct *t;
	unsigned long a;
	int status[1] = { 42 }, node = 2;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(1), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 1));
	EXPECT_EQ_INT(-EINVAL, sys_move_pages(t, 0, 1, &a, NULL, status,
					      MPOL_MF_STRICT));
	EXPECT_EQ_INT(-ESRCH, sys_move_pages(t, 999, 1, &a, NULL, status, 0));
	EXPECT_EQ_INT(-ENODEV,
		      sys_move_pages(t, 0, 1, &a, &node, status, MPOL_MF_MOVE));
	node = -1;
	EXPECT_EQ_INT(-ENODEV,
		      sys_move_pages(t, 0, 1, &a, &node, status, MPOL_MF_MOVE));
	EXPECT_EQ_INT(42, status[0]);
	EXPECT_EQ_INT(0, node_at(t, a));
}

TEST(migrate_pages_checks_its_arguments, 0)
{
	struct task_struct *t;
	unsigned long from = mask_word("0"), to = mask_word("2-3");

	BOOT("numa2");
	t = TASK("t");
	EXPECT_EQ_INT(-EINVAL, sys_migrate_pages(t, 0, 64, &from, &to));
	to = mask_word("1");
	EXPECT_EQ_INT(-ESRCH, sys_migrate_pages(t, 999, 64, &from, &to));
	EXPECT_EQ_INT(-EINVAL, sys_migrate_pages(t, 0, 0, &from, &to));
	EXPECT_EQ_INT(0, sys_migrate_pages(t, 0, 64, &from, &to));
}

TEST(mbind_strict_reports_misplaced_pages, 0)
{
	struct task_struct *t;
	unsigned long one = mask_word("1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 1));
	EXPECT_EQ_INT(-EIO, sys_mbind(t, a, P(2), MPOL_BIND, &one, 64,
				      MPOL_MF_STRICT));
	/* the policy is installed all the same; the page did not move */
	EXPECT_TRUE(find_vma(t->mm, a)->vm_policy != NULL);
	EXPECT_EQ_INT(0, node_at(t, a));
	/* the default policy has no mask: STRICT is dropped */
	EXPECT_EQ_INT(0, sys_mbind(t, a, P(2), MPOL_DEFAULT, NULL, 0,
				   MPOL_MF_STRICT));
	MM_CHECK();
}

/* Exercise 10.4: moving mapped pages (+8). */

TEST(migrated_page_keeps_its_data_at_its_address, 1)
{
	struct task_struct *t;
	struct page *old, *new;
	unsigned long a;
	char buf[16];
	pte_t before;
	int status, node = 1;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sim_write(t, a + 100, "hello, node 1", 14, NULL));
	old = page_at(t, a);
	ASSERT_TRUE(old != NULL);
	before = *follow_pte(t->mm, a);
	ASSERT_EQ_INT(
		0, sys_move_pages(t, 0, 1, &a, &node, &status, MPOL_MF_MOVE));
	EXPECT_EQ_INT(1, status);
	new = page_at(t, a);
	ASSERT_TRUE(new != NULL &&new != old);
	EXPECT_EQ_INT(1, page_to_nid(new));
	/* same bits, other frame */
	EXPECT_EQ_U64(pte_flags(before), pte_flags(*follow_pte(t->mm, a)));
	/* read through the MMU */
	ASSERT_EQ_INT(0, sim_read(t, a + 100, buf, 14, NULL));
	EXPECT_EQ_STR("hello, node 1", buf);
	EXPECT_EQ_INT(0, page_ref_count(old));
	EXPECT_EQ_INT(1, page_ref_count(new));
	EXPECT_EQ_INT(0, page_mapcount(new) - 1);
	EXPECT_TRUE(PageAnon(new) && PageLRU(new));
	MM_CHECK();
}

TEST(migration_flushes_the_tlb, 1)
{
	struct task_struct *t;
	struct page *old, *new;
	unsigned long a;
	int status, node = 1;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(1), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 0x11));
	/* the translation is in the TLB now */
	ASSERT_EQ_INT(0x11, read_byte(t, a));
	old = page_at(t, a);
	ASSERT_EQ_INT(
		0, sys_move_pages(t, 0, 1, &a, &node, &status, MPOL_MF_MOVE));
	new = page_at(t, a);
	ASSERT_TRUE(new != NULL &&new != old);
	/* write through the MMU; the data must reach the new frame */
	ASSERT_EQ_INT(0, touch(t, a, 1, 0x22));
	EXPECT_EQ_INT(0x22, ((unsigned char *)page_address(new))[0]);
	EXPECT_EQ_INT(0x22, read_byte(t, a));
	MM_CHECK();
}

TEST(move_pages_statuses_when_moving, 1)
{
	struct task_struct *t, *c;
	unsigned long a, pages[4];
	int status[4], nodes[4] = { 1, 1, 1, 0 };

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 3, 5));
	c = sim_fork(t); /* page 2 is now shared with the child */
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ_INT(0, touch(t, a + P(1), 1, 6)); /* copied: t's own */
	pages[0] = a;
	pages[1] = a + P(1);
	pages[2] = a + P(3); /* not present */
	pages[3] = a + P(2);
	nodes[3] = 1;
	ASSERT_EQ_INT(
		0, sys_move_pages(t, 0, 4, pages, nodes, status, MPOL_MF_MOVE));
	/* page 0 is still shared with the child after fork: -EACCES */
	EXPECT_EQ_INT(-EACCES, status[0]);
	EXPECT_EQ_INT(1, status[1]);
	EXPECT_EQ_INT(-ENOENT, status[2]);
	EXPECT_EQ_INT(-EACCES, status[3]);
	EXPECT_EQ_STR("0 1 0 -", nodes_of(t, a, 4));
	/* MOVE_ALL moves shared pages too, for both processes */
	ASSERT_EQ_INT(0, sys_move_pages(t, 0, 1, &pages[3], &nodes[3], status,
					MPOL_MF_MOVE_ALL));
	EXPECT_EQ_INT(1, status[0]);
	EXPECT_EQ_INT(1, node_at(c, a + P(2)));
	EXPECT_EQ_INT(5, read_byte(c, a + P(2)));
	EXPECT_EQ_INT(5, read_byte(t, a + P(2)));
	EXPECT_TRUE(page_at(c, a + P(2)) == page_at(t, a + P(2)));
	MM_CHECK();
}

TEST(migrating_a_file_page_moves_its_cache_slot, 1)
{
	struct task_struct *t;
	struct page *old, *new;
	unsigned long a;
	struct file *f;
	int status, node = 1;
	char buf[8];

	BOOT("numa2");
	f = sim_file_create("data", P(2));
	ASSERT_TRUE(f != NULL);
	t = TASK("t");
	a = MMAP(t, P(2), PRW, MAP_SHARED, f, 0);
	ASSERT_EQ_INT(0, sim_write(t, a + P(1), "shared", 7, NULL));
	old = page_at(t, a + P(1));
	ASSERT_TRUE(old != NULL && page_to_nid(old) == 0);
	EXPECT_EQ_INT(2, page_ref_count(old));
	a += P(1);
	ASSERT_EQ_INT(
		0, sys_move_pages(t, 0, 1, &a, &node, &status, MPOL_MF_MOVE));
	EXPECT_EQ_INT(1, status);
	new = page_at(t, a);
	ASSERT_TRUE(new != NULL &&new != old);
	EXPECT_TRUE(f->f_mapping->pages[1] == new);
	EXPECT_TRUE(new->mapping == f->f_mapping);
	EXPECT_EQ_U64(1, new->index);
	EXPECT_EQ_INT(2, page_ref_count(new));
	EXPECT_TRUE(PageDirty(new) || pte_dirty(*follow_pte(t->mm, a)));
	ASSERT_EQ_INT(0, sim_read(t, a, buf, 7, NULL));
	EXPECT_EQ_STR("shared", buf);
	MM_CHECK();
	sim_exit(t);
	fput(f);
	MM_CHECK();
}

TEST(migrate_pages_moves_a_whole_process, 1)
{
	struct task_struct *t;
	unsigned long from = mask_word("0"), to = mask_word("1"), a;
	unsigned long before;
	long ret;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(6), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 3, 9));
	ASSERT_EQ_INT(0, task_set_cpu(t, 2));
	ASSERT_EQ_INT(0, touch(t, a + P(3), 2, 9));
	EXPECT_EQ_STR("0 0 0 1 1 -", nodes_of(t, a, 6));
	before = migrate_count(true);
	ret = sys_migrate_pages(t, t->pid, 64, &from, &to);
	EXPECT_EQ_INT(0, (int)ret);
	EXPECT_EQ_STR("1 1 1 1 1 -", nodes_of(t, a, 6));
	EXPECT_EQ_U64(before + 3, migrate_count(true));
	EXPECT_EQ_INT(9, read_byte(t, a + P(1)));
	MM_CHECK();
}

TEST(migrate_pages_pairs_old_and_new_nodes, 1)
{
	struct task_struct *t;
	unsigned long from = mask_word("0-1"), to = mask_word("2-3"), a;
	int cpu;

	BOOT("numa4");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	for (cpu = 0; cpu < 8; cpu += 2) {
		ASSERT_EQ_INT(0, task_set_cpu(t, cpu));
		ASSERT_EQ_INT(0,
			      touch(t, a + P(cpu / 2), 1, (unsigned char)cpu));
	}
	EXPECT_EQ_STR("0 1 2 3", nodes_of(t, a, 4));
	EXPECT_EQ_INT(0, (int)sys_migrate_pages(t, 0, 64, &from, &to));
	EXPECT_EQ_STR("2 3 2 3", nodes_of(t, a, 4));
	from = mask_word("2-3");
	to = mask_word("1");
	EXPECT_EQ_INT(0, (int)sys_migrate_pages(t, 0, 64, &from, &to));
	EXPECT_EQ_STR("1 1 1 1", nodes_of(t, a, 4));
	EXPECT_EQ_INT(6, read_byte(t, a + P(3)));
	MM_CHECK();
}

TEST(mbind_move_puts_pages_where_the_policy_says, 1)
{
	struct task_struct *t;
	unsigned long m = mask_word("0-1"), one = mask_word("1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 4, 3));
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(4), MPOL_BIND, &one, 64,
				   MPOL_MF_MOVE | MPOL_MF_STRICT));
	EXPECT_EQ_STR("1 1 1 1", nodes_of(t, a, 4));
	/* pages already inside the mask stay, so interleave moves none */
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(4), MPOL_INTERLEAVE, &m, 64,
				   MPOL_MF_MOVE));
	EXPECT_EQ_STR("1 1 1 1", nodes_of(t, a, 4));
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(4), MPOL_BIND, &one, 64, 0));
	m = mask_word("0");
	ASSERT_EQ_INT(0, sys_mbind(t, a + P(2), P(2), MPOL_PREFERRED, &m, 64,
				   MPOL_MF_MOVE));
	EXPECT_EQ_STR("1 1 0 0", nodes_of(t, a, 4));
	EXPECT_EQ_INT(3, read_byte(t, a + P(3)));
	MM_CHECK();
}

TEST(a_busy_page_is_left_as_it_was, 1)
{
	struct task_struct *t;
	struct page *page;
	unsigned long a;
	int status, node = 1;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(1), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 4));
	page = page_at(t, a);
	get_page(page); /* someone else holds it: migration must wait */
	EXPECT_EQ_INT(1, (int)sys_move_pages(t, 0, 1, &a, &node, &status,
					     MPOL_MF_MOVE));
	EXPECT_EQ_INT(-EBUSY, status);
	EXPECT_TRUE(page_at(t, a) == page);
	EXPECT_EQ_INT(2, page_ref_count(page));
	EXPECT_TRUE(PageLRU(page));
	EXPECT_EQ_INT(1, (int)migrate_count(false));
	put_page(page);
	/* then it moves */
	EXPECT_EQ_INT(0, (int)sys_move_pages(t, 0, 1, &a, &node, &status,
					     MPOL_MF_MOVE));
	EXPECT_EQ_INT(1, status);
	EXPECT_EQ_INT(4, read_byte(t, a));
	MM_CHECK();
}

TEST(migration_moves_the_page_between_node_lru_lists, 0)
{
	struct task_struct *t;
	unsigned long a, before0, before1;
	int status, node = 1;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(1), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 1, 1));
	before0 = node_page_state(NODE_DATA(0), NR_INACTIVE_ANON);
	before1 = node_page_state(NODE_DATA(1), NR_INACTIVE_ANON);
	ASSERT_EQ_INT(
		0, sys_move_pages(t, 0, 1, &a, &node, &status, MPOL_MF_MOVE));
	if (status != 1)
		return; /* exercise 10.4 not done: nothing moved */
	EXPECT_EQ_U64(before0 - 1,
		      node_page_state(NODE_DATA(0), NR_INACTIVE_ANON));
	EXPECT_EQ_U64(before1 + 1,
		      node_page_state(NODE_DATA(1), NR_INACTIVE_ANON));
	EXPECT_TRUE(PageLRU(page_at(t, a)));
	MM_CHECK();
}
