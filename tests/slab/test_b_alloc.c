/* Exercise 6.2: the allocation fast path. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

TEST(fastpath_pops_in_order, 2)
{
	struct kmem_cache *s;
	unsigned char *a, *b, *c;

	BOOT();
	s = CACHE("fp", 64, 0, 0, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	c = ALLOC(s);
	EXPECT_TRUE(b == a + 64);
	EXPECT_TRUE(c == b + 64);
	EXPECT_EQ_U64(1, s->stat[ALLOC_SLOWPATH]);
	EXPECT_EQ_U64(2, s->stat[ALLOC_FASTPATH]);
	EXPECT_EQ_U64(1, s->stat[ALLOC_SLAB]);
	EXPECT_TRUE(CPU(s)->slab == virt_to_slab(a));
	EXPECT_TRUE(CPU(s)->freelist == c + 64);
	EXPECT_EQ_INT(1, CPU(s)->slab->frozen);
	EXPECT_EQ_INT(0, (int)NODE0(s)->nr_partial);
	CHECK();
}

TEST(fastpath_reuses_freed_object, 2)
{
	struct kmem_cache *s;
	void *a, *b, *c;
	unsigned long tid;

	BOOT();
	s = CACHE("fpreuse", 128, 0, 0, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	kmem_cache_free(s, b);
	EXPECT_EQ_U64(1, s->stat[FREE_FASTPATH]);
	tid = CPU(s)->tid;
	c = ALLOC(s);
	EXPECT_TRUE(c == b);
	EXPECT_TRUE(CPU(s)->tid != tid);
	EXPECT_EQ_U64(2, s->stat[ALLOC_FASTPATH]);
	kmem_cache_free(s, a);
	kmem_cache_free(s, c);
	CHECK();
}

TEST(slowpath_when_cpu_slab_runs_out, 2)
{
	struct kmem_cache *s;
	void *objs[65];
	struct slab *first;
	unsigned int i;

	BOOT();
	s = CACHE("fpout", 64, 0, 0, NULL);
	for (i = 0; i < 65; i++)
		objs[i] = ALLOC(s);
	first = virt_to_slab(objs[0]);
	EXPECT_TRUE(virt_to_slab(objs[64]) != first);
	EXPECT_EQ_U64(2, s->stat[ALLOC_SLAB]);
	EXPECT_EQ_U64(2, s->stat[ALLOC_SLOWPATH]);
	EXPECT_EQ_U64(63, s->stat[ALLOC_FASTPATH]);
	EXPECT_EQ_INT(0, first->frozen);
	EXPECT_EQ_INT(64, first->inuse);
	EXPECT_EQ_INT(-1, partial_pos(s, first));
	EXPECT_EQ_INT(2, (int)NODE0(s)->nr_slabs);
	CHECK();
}

TEST(wrong_node_not_served_from_cpu_slab, 2)
{
	struct kmem_cache *s;
	void *a, *fl, *b;

	BOOT();
	s = CACHE("fpnode", 64, 0, 0, NULL);
	a = kmem_cache_alloc_node(s, GFP_KERNEL, 0);
	ASSERT_TRUE(a != NULL);
	fl = CPU(s)->freelist;
	b = kmem_cache_alloc_node(s, GFP_KERNEL | __GFP_NOWARN, 1);
	EXPECT_MSG(b == NULL, "an object for node 1 came from node 0's slab");
	EXPECT_TRUE(CPU(s)->freelist == fl || CPU(s)->slab == NULL);
	b = kmem_cache_alloc_node(s, GFP_KERNEL, 0);
	EXPECT_TRUE(b != NULL);
	CHECK();
}

TEST(zalloc_and_random_workload, 2)
{
	static void *objs[2000];
	struct kmem_cache *s;
	unsigned char *p;
	unsigned int i, n = 0;

	BOOT();
	s = CACHE("fpwork", 100, 0, 0, NULL);
	p = ALLOC(s);
	memset(p, 0xff, 100);
	kmem_cache_free(s, p);
	p = kmem_cache_zalloc(s, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	for (i = 0; i < 100; i++)
		ASSERT_MSG(p[i] == 0, "kmem_cache_zalloc: byte %u is %#x", i, p[i]);
	kmem_cache_free(s, p);
	srand(6);
	for (i = 0; i < 20000; i++) {
		if (n < 2000 && (n == 0 || rand() % 3 != 0)) {
			objs[n] = ALLOC(s);
			memset(objs[n], (int)(n & 0xff), 100);
			n++;
		} else {
			unsigned int k = (unsigned int)rand() % n;

			kmem_cache_free(s, objs[k]);
			objs[k] = objs[--n];
		}
		if (i % 1000 == 0)
			CHECK();
	}
	CHECK();
	while (n)
		kmem_cache_free(s, objs[--n]);
	CHECK();
	EXPECT_EQ_INT(0, kmem_cache_shrink(s));
	EXPECT_EQ_STR("fpwork                 0      0    104   39    1 : tunables    0    0    0 : slabdata      0      0      0",
		      slabinfo_line("fpwork"));
	CHECK();
}
