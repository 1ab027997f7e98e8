/* Exercise 6.3: the free slow path and the partial lists. */
#include <string.h>

#include "helpers.h"

/* Fill nr slabs of s (64 objects each), then start one more. */
static void fill(struct kmem_cache *s, void *objs[][64], int nr, void **extra)
{
	int i, j;

	for (i = 0; i < nr; i++)
		for (j = 0; j < 64; j++)
			objs[i][j] = ALLOC(s);
	*extra = ALLOC(s);
}

TEST(free_into_full_slab_goes_partial, 2)
{
	static void *objs[1][64];
	struct kmem_cache *s;
	struct slab *a;
	void *extra;

	BOOT();
	s = CACHE("fr1", 64, 0, 0, NULL);
	fill(s, objs, 1, &extra);
	a = virt_to_slab(objs[0][0]);
	EXPECT_EQ_INT(-1, partial_pos(s, a));
	kmem_cache_free(s, objs[0][5]);
	EXPECT_EQ_U64(1, s->stat[FREE_SLOWPATH]);
	EXPECT_EQ_U64(1, s->stat[FREE_ADD_PARTIAL]);
	EXPECT_EQ_INT(0, partial_pos(s, a));
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_partial);
	EXPECT_EQ_INT(63, a->inuse);
	EXPECT_TRUE(a->freelist == objs[0][5]);
	CHECK();
	kmem_cache_free(s, objs[0][9]);
	EXPECT_EQ_U64(1, s->stat[FREE_ADD_PARTIAL]);
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_partial);
	EXPECT_EQ_INT(62, a->inuse);
	EXPECT_TRUE(a->freelist == objs[0][9]);
	EXPECT_TRUE(get_freepointer(s, objs[0][9]) == objs[0][5]);
	CHECK();
}

TEST(partial_list_order_and_reuse, 2)
{
	static void *objs[3][64];
	struct kmem_cache *s;
	struct slab *a, *c;
	void *extra, *p;
	int i;

	BOOT();
	s = CACHE("fr2", 64, 0, 0, NULL);
	fill(s, objs, 3, &extra);
	a = virt_to_slab(objs[0][0]);
	c = virt_to_slab(objs[2][0]);
	kmem_cache_free(s, objs[2][1]);
	kmem_cache_free(s, objs[0][1]);
	EXPECT_EQ_INT(0, partial_pos(s, c));
	EXPECT_EQ_INT(1, partial_pos(s, a));
	for (i = 0; i < 63; i++)
		ALLOC(s);
	p = ALLOC(s);
	EXPECT_TRUE(p == objs[2][1]);
	EXPECT_EQ_U64(1, s->stat[ALLOC_FROM_PARTIAL]);
	EXPECT_TRUE(CPU(s)->slab == c);
	EXPECT_EQ_INT(0, partial_pos(s, a));
	CHECK();
}

TEST(empty_slab_goes_back_to_the_page_allocator, 2)
{
	static void *objs[1][64];
	struct kmem_cache *s;
	struct slab *a;
	struct page *page;
	void *extra;
	int j;

	BOOT();
	s = CACHE("fr3", 64, 0, 0, NULL);
	s->min_partial = 0;
	fill(s, objs, 1, &extra);
	a = virt_to_slab(objs[0][0]);
	page = slab_page(a);
	for (j = 0; j < 64; j++)
		kmem_cache_free(s, objs[0][j]);
	EXPECT_EQ_U64(1, s->stat[FREE_ADD_PARTIAL]);
	EXPECT_EQ_U64(1, s->stat[FREE_REMOVE_PARTIAL]);
	EXPECT_EQ_U64(1, s->stat[FREE_SLAB]);
	EXPECT_EQ_INT(0, (int)NODE0(s)->nr_partial);
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_slabs);
	EXPECT_EQ_INT(64, (int)NODE0(s)->total_objects);
	EXPECT_TRUE(!PageSlab(page));
	EXPECT_TRUE(page->mapping == NULL);
	CHECK();
	EXPECT_EQ_INT(0, buddy_check());
}

TEST(min_partial_empty_slabs_are_kept, 2)
{
	static void *objs[7][64];
	struct kmem_cache *s;
	void *extra;
	int i, j;

	BOOT();
	s = CACHE("fr4", 64, 0, 0, NULL);
	EXPECT_EQ_INT(5, (int)s->min_partial);
	fill(s, objs, 7, &extra);
	for (i = 0; i < 7; i++)
		for (j = 0; j < 64; j++)
			kmem_cache_free(s, objs[i][j]);
	EXPECT_EQ_INT(4, (int)NODE0(s)->nr_partial);
	EXPECT_EQ_INT(5, (int)NODE0(s)->nr_slabs);
	EXPECT_EQ_U64(3, s->stat[FREE_SLAB]);
	EXPECT_EQ_U64(3, s->stat[FREE_REMOVE_PARTIAL]);
	CHECK();
	EXPECT_EQ_STR("fr4                   64    320     64   64    1 : tunables    0    0    0 : slabdata      5      5      0",
		      slabinfo_line("fr4"));
}

TEST(one_object_slab_skips_the_partial_list, 2)
{
	struct kmem_cache *s;
	void *a, *b;

	BOOT();
	s = CACHE("fr5", 40000, 0, 0, NULL);
	EXPECT_EQ_INT(1, (int)oo_objects(s->oo));
	EXPECT_EQ_INT(4, (int)oo_order(s->oo));
	s->min_partial = 0;
	a = ALLOC(s);
	b = ALLOC(s);
	kmem_cache_free(s, a);
	EXPECT_EQ_U64(0, s->stat[FREE_ADD_PARTIAL]);
	EXPECT_EQ_U64(1, s->stat[FREE_SLAB]);
	EXPECT_EQ_INT(0, (int)NODE0(s)->nr_partial);
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_slabs);
	CHECK();
	kmem_cache_free(s, b);
	CHECK();
}

TEST(free_from_another_cpu_to_a_frozen_slab, 2)
{
	struct kmem_cache *s;
	struct slab *slab;
	void *a, *b, *p;
	int i;

	BOOT();
	s = CACHE("fr6", 64, 0, 0, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	slab = virt_to_slab(a);
	slab_free_from_other_cpu(s, a);
	EXPECT_EQ_U64(1, s->stat[FREE_FROZEN]);
	EXPECT_EQ_U64(0, s->stat[FREE_ADD_PARTIAL]);
	EXPECT_EQ_INT(1, slab->frozen);
	EXPECT_EQ_INT(63, slab->inuse);
	EXPECT_TRUE(slab->freelist == a);
	EXPECT_EQ_INT(-1, partial_pos(s, slab));
	CHECK();
	for (i = 0; i < 62; i++)
		ALLOC(s);
	p = ALLOC(s);
	EXPECT_TRUE(p == a);
	EXPECT_EQ_U64(1, s->stat[ALLOC_REFILL]);
	EXPECT_EQ_U64(1, s->stat[ALLOC_SLAB]);
	CHECK();
	kmem_cache_free(s, b);
	CHECK();
}

TEST(shrink_and_destroy, 2)
{
	static void *objs[2][64];
	struct kmem_cache *s;
	void *extra;
	int i, j;

	BOOT();
	s = CACHE("fr7", 64, 0, 0, NULL);
	fill(s, objs, 2, &extra);
	for (i = 0; i < 2; i++)
		for (j = 0; j < 64; j++)
			kmem_cache_free(s, objs[i][j]);
	EXPECT_EQ_INT(2, (int)NODE0(s)->nr_partial);
	log_buf_clear();
	kmem_cache_destroy(s);
	EXPECT_TRUE(log_has("kmem_cache_destroy fr7: Slab cache still has objects"));
	EXPECT_TRUE(strstr(slabinfo(), "\nfr7 ") != NULL);
	EXPECT_EQ_INT(1, (int)NODE0(s)->nr_slabs);
	CHECK();
	EXPECT_EQ_INT(-EINVAL, kmem_cache_shrink(NULL));
	kmem_cache_free(s, extra);
	EXPECT_EQ_INT(0, kmem_cache_shrink(s));
	EXPECT_EQ_INT(0, (int)NODE0(s)->nr_slabs);
	CHECK();
	log_buf_clear();
	kmem_cache_destroy(s);
	EXPECT_TRUE(!log_has("kmem_cache_destroy"));
	EXPECT_TRUE(strstr(slabinfo(), "\nfr7 ") == NULL);
	CHECK();
}
