/*
 * Policies of tasks and mappings: tasks on CPUs, first touch through the
 * fault path, set_mempolicy, get_mempolicy, mbind, fork and exit. Tests
 * that place pages by a policy depend on exercises 10.2 (interleave) and
 * 10.3 (policy_nodemask) and carry points: 10.2 +3, 10.3 +3. The rest
 * exercise given code (0 points).
 */
#include <string.h>

#include "helpers.h"

/* Given code: tasks, CPUs, first touch, the system calls' checks. */

TEST(switching_tasks_switches_cpus, 0)
{
	struct task_struct *a, *b;

	BOOT("numa2");
	a = TASK("a");
	b = TASK("b");
	ASSERT_EQ_INT(0, task_set_cpu(b, 3));
	EXPECT_EQ_INT(0, a->cpu);
	EXPECT_EQ_INT(3, b->cpu);
	sim_switch_to(b);
	EXPECT_EQ_INT(3, smp_processor_id());
	EXPECT_EQ_INT(1, numa_node_id());
	sim_switch_to(a);
	EXPECT_EQ_INT(0, smp_processor_id());
	EXPECT_EQ_INT(0, numa_node_id());
	EXPECT_EQ_INT(-EINVAL, task_set_cpu(a, 4));
	EXPECT_EQ_INT(-EINVAL, task_set_cpu(a, -1));
	EXPECT_EQ_INT(-EINVAL, task_set_cpu(NULL, 0));
	EXPECT_EQ_INT(0, a->cpu);
	ASSERT_EQ_INT(0, task_set_cpu(a, 2));
	EXPECT_EQ_INT(1, numa_node_id());
}

TEST(first_touch_places_pages_on_the_toucher_node, 0)
{
	struct task_struct *t;
	unsigned long a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(t, a, 2, 1));
	ASSERT_EQ_INT(0, task_set_cpu(t, 2));
	ASSERT_EQ_INT(0, touch(t, a + P(2), 2, 1));
	EXPECT_EQ_STR("0 0 1 1", nodes_of(t, a, 4));
	/* moving the task does not move what it touched before */
	ASSERT_EQ_INT(0, touch(t, a, 4, 2));
	EXPECT_EQ_STR("0 0 1 1", nodes_of(t, a, 4));
	MM_CHECK();
}

TEST(serial_initialisation_puts_everything_on_one_node, 0)
{
	struct task_struct *init, *worker;
	unsigned long a, i;
	unsigned char byte;

	BOOT("numa2");
	init = TASK("init");
	a = MMAP(init, P(8), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, touch(init, a, 8, 7));
	worker = sim_fork(init);
	ASSERT_TRUE(worker != NULL);
	ASSERT_EQ_INT(0, task_set_cpu(worker, 3));
	for (i = 0; i < 8; i++)
		ASSERT_EQ_INT(0, sim_read(worker, a + P(i), &byte, 1, NULL));
	EXPECT_EQ_STR("0 0 0 0 0 0 0 0", nodes_of(worker, a, 8));
	MM_CHECK();
}

TEST(set_mempolicy_checks_its_arguments, 0)
{
	struct task_struct *t;
	unsigned long m = mask_word("0-1"), big[3] = { 0, 0, 1 };

	BOOT("numa2");
	t = TASK("t");
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_MAX, &m, 64));
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, NULL, 0));
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_DEFAULT, &m, 3));
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_LOCAL, &m, 3));
	EXPECT_EQ_INT(-EINVAL,
		      sys_set_mempolicy(t,
					MPOL_BIND | MPOL_F_STATIC_NODES |
						MPOL_F_RELATIVE_NODES,
					&m, 3));
	EXPECT_EQ_INT(-EINVAL,
		      sys_set_mempolicy(t,
					MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING,
					&m, 3));
	/* maxnode 0 wraps to a huge count: -EINVAL; 1 means no nodes */
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, &m, 0));
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, &m, 1));
	/* a bit beyond MAX_NUMNODES */
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, big, 192));
	/* bits past maxnode - 1 are ignored: node 1 only is given here */
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, &big[2], 1));
	/* nodes without memory only */
	m = mask_word("2-3");
	EXPECT_EQ_INT(-EINVAL, sys_set_mempolicy(t, MPOL_BIND, &m, 64));
	EXPECT_TRUE(t->mempolicy == NULL);
	EXPECT_EQ_INT(0, (int)mpol_live_count());
}

TEST(get_mempolicy_returns_what_set_mempolicy_set, 0)
{
	struct task_struct *t;
	unsigned long in = mask_word("1"), out[2] = { ~0UL, ~0UL };
	int mode = -1;

	BOOT("numa2");
	t = TASK("t");
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, out, 128, 0, 0));
	EXPECT_EQ_INT(MPOL_DEFAULT, mode);
	EXPECT_EQ_U64(0, out[0]);
	EXPECT_EQ_U64(0, out[1]);
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_PREFERRED, &in, 64));
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, out, 64, 0, 0));
	EXPECT_EQ_INT(MPOL_PREFERRED, mode);
	EXPECT_EQ_U64(2, out[0]);
	in = mask_word("0-1");
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_BIND | MPOL_F_STATIC_NODES,
					   &in, 64));
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, out, 64, 0, 0));
	EXPECT_EQ_INT(MPOL_BIND | MPOL_F_STATIC_NODES, mode);
	EXPECT_EQ_U64(3, out[0]);
	EXPECT_EQ_INT(1, (int)mpol_live_count());
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_DEFAULT, NULL, 0));
	EXPECT_TRUE(t->mempolicy == NULL);
	EXPECT_EQ_INT(0, (int)mpol_live_count());
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, NULL, 0, 0, 0));
	EXPECT_EQ_INT(MPOL_DEFAULT, mode);
}

TEST(get_mempolicy_flags_and_errors, 0)
{
	struct task_struct *t;
	unsigned long in = mask_word("0-1"), out = 0, a;
	int mode = -1;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	EXPECT_EQ_INT(-EINVAL, sys_get_mempolicy(t, &mode, &out, 64, 0, 8));
	EXPECT_EQ_INT(-EINVAL, sys_get_mempolicy(t, &mode, &out, 64, a, 0));
	EXPECT_EQ_INT(-EINVAL, sys_get_mempolicy(t, &mode, &out, 1, 0, 0));
	EXPECT_EQ_INT(-EINVAL,
		      sys_get_mempolicy(t, &mode, &out, 64, 0,
					MPOL_F_MEMS_ALLOWED | MPOL_F_NODE));
	EXPECT_EQ_INT(-EFAULT, sys_get_mempolicy(t, &mode, &out, 64, 0x1000,
						 MPOL_F_ADDR));
	/* the next interleave node: only for an interleaving task */
	EXPECT_EQ_INT(-EINVAL,
		      sys_get_mempolicy(t, &mode, NULL, 0, 0, MPOL_F_NODE));
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, &out, 64, 0,
					   MPOL_F_MEMS_ALLOWED));
	EXPECT_EQ_INT(0, mode);
	EXPECT_EQ_U64(3, out);
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_INTERLEAVE, &in, 64));
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, NULL, 0, 0, MPOL_F_NODE));
	EXPECT_EQ_INT(0, mode);
	EXPECT_EQ_INT(0, (int)interleave_nodes(t->mempolicy));
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, NULL, 0, 0, MPOL_F_NODE));
	EXPECT_EQ_INT(1, mode);
	/* a VMA without a policy of its own reports the default */
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, &out, 64, a, MPOL_F_ADDR));
	EXPECT_EQ_INT(MPOL_DEFAULT, mode);
	EXPECT_EQ_U64(0, out);
}

TEST(mbind_checks_its_arguments, 0)
{
	struct task_struct *t;
	unsigned long m = mask_word("1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	EXPECT_EQ_INT(-EINVAL, sys_mbind(t, a + 1, P(1), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(-EINVAL,
		      sys_mbind(t, a, P(1), MPOL_BIND, &m, 64, MPOL_MF_LAZY));
	EXPECT_EQ_INT(-EINVAL, sys_mbind(t, a, -P(1), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(-EINVAL, sys_mbind(t, a, P(1), 9, &m, 64, 0));
	EXPECT_EQ_INT(-EINVAL, sys_mbind(t, a, P(1), MPOL_BIND, NULL, 0, 0));
	EXPECT_EQ_INT(0, sys_mbind(t, a, 0, MPOL_BIND, &m, 64, 0));
	/* a hole in the range */
	EXPECT_EQ_INT(-EFAULT,
		      sys_mbind(t, a + P(2), P(4), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(-EFAULT,
		      sys_mbind(t, a - P(1), P(2), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(1, t->mm->map_count);
	EXPECT_TRUE(find_vma(t->mm, a)->vm_policy == NULL);
	EXPECT_EQ_INT(0, (int)mpol_live_count());
	MM_CHECK();
}

TEST(mbind_splits_and_merges_vmas, 0)
{
	struct task_struct *t;
	unsigned long m = mask_word("1"), a, out;
	struct vm_area_struct *vma;
	int mode;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(8), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_mbind(t, a + P(2), P(3), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(3, t->mm->map_count);
	vma = find_vma(t->mm, a + P(2));
	ASSERT_TRUE(vma != NULL);
	EXPECT_EQ_U64(a + P(2), vma->vm_start);
	EXPECT_EQ_U64(a + P(5), vma->vm_end);
	ASSERT_TRUE(vma->vm_policy != NULL);
	EXPECT_TRUE(find_vma(t->mm, a)->vm_policy == NULL);
	EXPECT_TRUE(find_vma(t->mm, a + P(5))->vm_policy == NULL);
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &mode, &out, 64, a + P(4),
					   MPOL_F_ADDR));
	EXPECT_EQ_INT(MPOL_BIND, mode);
	EXPECT_EQ_U64(2, out);
	/* the same policy over a larger range: still one VMA in the middle */
	ASSERT_EQ_INT(0, sys_mbind(t, a + P(1), P(6), MPOL_BIND, &m, 64, 0));
	EXPECT_EQ_INT(3, t->mm->map_count);
	/* back to the default everywhere: one VMA again */
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(8), MPOL_DEFAULT, NULL, 0, 0));
	EXPECT_EQ_INT(1, t->mm->map_count);
	EXPECT_EQ_INT(0, (int)mpol_live_count());
	MM_CHECK();
}

TEST(fork_copies_and_exit_frees_policies, 0)
{
	struct task_struct *t, *c;
	unsigned long m = mask_word("0-1"), one = mask_word("1"), a;
	int mode;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_INTERLEAVE, &m, 64));
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(2), MPOL_PREFERRED, &one, 64, 0));
	ASSERT_EQ_INT(0, task_set_cpu(t, 3));
	EXPECT_EQ_INT(2, (int)mpol_live_count());
	c = sim_fork(t);
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ_INT(3, c->cpu);
	ASSERT_TRUE(c->mempolicy != NULL);
	EXPECT_TRUE(c->mempolicy != t->mempolicy);
	EXPECT_TRUE(mpol_equal(c->mempolicy, t->mempolicy));
	EXPECT_EQ_INT(3, (int)mpol_live_count());
	ASSERT_EQ_INT(0, sys_get_mempolicy(c, &mode, NULL, 0, a, MPOL_F_ADDR));
	EXPECT_EQ_INT(MPOL_PREFERRED, mode);
	ASSERT_EQ_INT(0, sys_get_mempolicy(c, &mode, NULL, 0, 0, 0));
	EXPECT_EQ_INT(MPOL_INTERLEAVE, mode);
	sim_exit(t);
	EXPECT_EQ_INT(2, (int)mpol_live_count());
	sim_exit(c);
	EXPECT_EQ_INT(0, (int)mpol_live_count());
	MM_CHECK();
}

/* Exercise 10.3: policies place the pages a task faults in (+3). */

TEST(task_policy_places_faulted_pages, 1)
{
	struct task_struct *t;
	unsigned long m = mask_word("1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_PREFERRED, &m, 64));
	ASSERT_EQ_INT(0, touch(t, a, 2, 1));
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_DEFAULT, NULL, 0));
	ASSERT_EQ_INT(0, touch(t, a + P(2), 2, 1));
	EXPECT_EQ_STR("1 1 0 0", nodes_of(t, a, 4));
	MM_CHECK();
}

TEST(bound_task_stays_in_its_nodes_from_any_cpu, 1)
{
	struct task_struct *t;
	unsigned long m = mask_word("1"), a;

	BOOT("numa4");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	m = mask_word("2-3");
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_BIND, &m, 64));
	ASSERT_EQ_INT(0, touch(t, a, 1, 1));
	ASSERT_EQ_INT(0, task_set_cpu(t, 6));
	ASSERT_EQ_INT(0, touch(t, a + P(1), 1, 1));
	ASSERT_EQ_INT(0, task_set_cpu(t, 4));
	ASSERT_EQ_INT(0, touch(t, a + P(2), 1, 1));
	/* from node 0, nodes 2 and 3 are equally far: the first in the
	   zonelist; from 3 and 2, their own node */
	EXPECT_EQ_INT(3, node_at(t, a + P(1)));
	EXPECT_EQ_INT(2, node_at(t, a + P(2)));
	EXPECT_TRUE(node_at(t, a) == 2 || node_at(t, a) == 3);
	MM_CHECK();
}

TEST(vma_policy_beats_task_policy, 1)
{
	struct task_struct *t;
	unsigned long zero = mask_word("0"), one = mask_word("1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(4), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_set_mempolicy(t, MPOL_BIND, &one, 64));
	ASSERT_EQ_INT(0, sys_mbind(t, a + P(1), P(2), MPOL_BIND, &zero, 64, 0));
	ASSERT_EQ_INT(0, touch(t, a, 4, 1));
	EXPECT_EQ_STR("1 0 0 1", nodes_of(t, a, 4));
	MM_CHECK();
}

/* Exercise 10.2: interleaved mappings, by the offset rule (+3). */

TEST(mbind_interleave_places_pages_by_offset, 1)
{
	struct task_struct *t;
	unsigned long m = mask_word("0-1"), a;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(6), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(6), MPOL_INTERLEAVE, &m, 64, 0));
	/* touch in an order that would fool a round robin */
	ASSERT_EQ_INT(0, touch(t, a + P(5), 1, 1));
	ASSERT_EQ_INT(0, touch(t, a + P(2), 1, 1));
	ASSERT_EQ_INT(0, touch(t, a, 2, 1));
	ASSERT_EQ_INT(0, touch(t, a + P(3), 2, 1));
	/* an anonymous mapping's vm_pgoff is its address in pages */
	if ((a >> PAGE_SHIFT) % 2)
		EXPECT_EQ_STR("1 0 1 0 1 0", nodes_of(t, a, 6));
	else
		EXPECT_EQ_STR("0 1 0 1 0 1", nodes_of(t, a, 6));
	MM_CHECK();
}

TEST(two_processes_mapping_a_file_agree_on_nodes, 1)
{
	struct task_struct *a, *b;
	unsigned long m = mask_word("0-1"), x, y;
	struct file *f;

	BOOT("numa2");
	f = sim_file_create("data", P(8));
	ASSERT_TRUE(f != NULL);
	a = TASK("a");
	b = TASK("b");
	/* private copies of file pages 3..6 and 2..6, at other addresses */
	x = MMAP(a, P(4), PRW, MAP_PRIVATE, f, P(3));
	MMAP(b, P(1), PRW, ANON, NULL, 0);
	y = MMAP(b, P(5), PRW, MAP_PRIVATE, f, P(2));
	ASSERT_EQ_INT(0, sys_mbind(a, x, P(4), MPOL_INTERLEAVE, &m, 64, 0));
	ASSERT_EQ_INT(0, sys_mbind(b, y, P(5), MPOL_INTERLEAVE, &m, 64, 0));
	/* the copies are made in a different order in each process */
	ASSERT_EQ_INT(0, touch(a, x, 4, 1));
	ASSERT_EQ_INT(0, touch(b, y + P(4), 1, 1));
	ASSERT_EQ_INT(0, touch(b, y + P(1), 3, 1));
	EXPECT_EQ_STR("1 0 1 0", nodes_of(a, x, 4));
	EXPECT_EQ_STR("- 1 0 1 0", nodes_of(b, y, 5));
	fput(f);
	MM_CHECK();
}

TEST(get_mempolicy_reports_the_node_of_a_page, 1)
{
	struct task_struct *t;
	unsigned long m = mask_word("0-1"), a;
	int nid = -1, want;

	BOOT("numa2");
	t = TASK("t");
	a = MMAP(t, P(2), PRW, ANON, NULL, 0);
	ASSERT_EQ_INT(0, sys_mbind(t, a, P(2), MPOL_INTERLEAVE, &m, 64, 0));
	ASSERT_EQ_INT(0, touch(t, a, 2, 1));
	want = (int)((a >> PAGE_SHIFT) % 2);
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &nid, NULL, 0, a + P(1) + 5,
					   MPOL_F_NODE | MPOL_F_ADDR));
	EXPECT_EQ_INT(!want, nid);
	ASSERT_EQ_INT(0, sys_get_mempolicy(t, &nid, NULL, 0, a,
					   MPOL_F_NODE | MPOL_F_ADDR));
	EXPECT_EQ_INT(want, nid);
	MM_CHECK();
}
