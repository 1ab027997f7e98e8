/* Exercise 6.1: the free list of a new slab. */
#include <string.h>

#include "helpers.h"

/* Walk a new slab's free list: every object once, in address order. */
static void expect_threaded(struct kmem_cache *s, struct slab *slab)
{
	unsigned char *start = slab_address(slab);
	unsigned char *p = slab->freelist;
	unsigned int i;

	ASSERT_MSG(p != NULL, "new slab of %s has an empty free list", s->name);
	for (i = 0; i < slab->objects; i++) {
		unsigned char *want = start + s->red_left_pad + i * s->size;

		ASSERT_MSG(p == want,
			   "%s: free object %u at offset %ld, expected %ld",
			   s->name, i, p ? (long)(p - start) : -1L,
			   (long)(want - start));
		p = get_freepointer(s, p);
	}
	EXPECT_MSG(p == NULL, "%s: the last object's free pointer is not NULL",
		   s->name);
	EXPECT_EQ_INT(0, slab->inuse);
	EXPECT_EQ_INT(0, slab->frozen);
}

TEST(freelist_threads_every_object, 2)
{
	struct kmem_cache *s;
	struct slab *slab;

	BOOT();
	s = CACHE("t64", 64, 0, 0, NULL);
	slab = new_slab(s, GFP_KERNEL, NUMA_NO_NODE);
	ASSERT_TRUE(slab != NULL);
	EXPECT_EQ_INT(64, slab->objects);
	expect_threaded(s, slab);
	s = CACHE("t200", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	slab = new_slab(s, GFP_KERNEL, NUMA_NO_NODE);
	ASSERT_TRUE(slab != NULL);
	EXPECT_EQ_INT(256, s->size);
	expect_threaded(s, slab);
}

TEST(freelist_with_red_zones, 2)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned char *p;

	BOOT();
	s = CACHE("trz", 24, 0, SLAB_RED_ZONE | SLAB_POISON, NULL);
	EXPECT_EQ_INT(8, s->red_left_pad);
	slab = new_slab(s, GFP_KERNEL, NUMA_NO_NODE);
	ASSERT_TRUE(slab != NULL);
	expect_threaded(s, slab);
	p = slab->freelist;
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ_INT(SLUB_RED_INACTIVE, p[-1]);
	EXPECT_EQ_INT(SLUB_RED_INACTIVE, p[24]);
	EXPECT_EQ_INT(POISON_FREE, p[0]);
	EXPECT_EQ_INT(POISON_END, p[23]);
}

static int ctor_calls;

static void fill_ctor(void *obj)
{
	memset(obj, 0x3c, 40);
	ctor_calls++;
}

TEST(freelist_runs_constructor, 2)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned char *p;
	unsigned int i;

	BOOT();
	ctor_calls = 0;
	s = CACHE("tctor", 40, 0, 0, fill_ctor);
	EXPECT_EQ_INT(40, s->offset);
	slab = new_slab(s, GFP_KERNEL, NUMA_NO_NODE);
	ASSERT_TRUE(slab != NULL);
	EXPECT_EQ_INT((int)slab->objects, ctor_calls);
	expect_threaded(s, slab);
	for (p = slab->freelist; p; p = get_freepointer(s, p))
		for (i = 0; i < 40; i++)
			ASSERT_MSG(p[i] == 0x3c,
				   "byte %u of a constructed object is %#x", i,
				   p[i]);
}

TEST(freelist_order1_slab, 2)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned char *last;

	BOOT();
	s = CACHE("t1k", 1024, 0, 0, NULL);
	EXPECT_EQ_INT(1, (int)oo_order(s->oo));
	slab = new_slab(s, GFP_KERNEL, NUMA_NO_NODE);
	ASSERT_TRUE(slab != NULL);
	EXPECT_EQ_INT(8, slab->objects);
	expect_threaded(s, slab);
	last = (unsigned char *)slab_address(slab) + 7 * 1024;
	EXPECT_TRUE(virt_to_slab(last) == slab);
	EXPECT_TRUE(PageHead(slab_page(slab)));
}

TEST(alloc_a_whole_slab, 2)
{
	struct kmem_cache *s;
	void *objs[64];
	unsigned int i;

	BOOT();
	s = CACHE("twhole", 64, 0, 0, NULL);
	for (i = 0; i < 64; i++)
		objs[i] = ALLOC(s);
	for (i = 1; i < 64; i++)
		EXPECT_TRUE(virt_to_slab(objs[i]) == virt_to_slab(objs[0]));
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_slabs);
	EXPECT_TRUE(CPU(s)->freelist == NULL);
	CHECK();
	for (i = 0; i < 64; i++)
		kmem_cache_free(s, objs[i]);
	CHECK();
}
