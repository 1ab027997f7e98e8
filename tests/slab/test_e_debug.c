/* SLUB debugging: every detection, and state left intact. */
#include <string.h>

#include "helpers.h"

#define DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON)

TEST(debug_layout_of_a_slot, 1)
{
	struct kmem_cache *s;
	unsigned char *p;
	unsigned int i;

	BOOT();
	s = CACHE("dbg0", 24, 0, DEBUG_FLAGS, NULL);
	EXPECT_EQ_INT(8, s->red_left_pad);
	EXPECT_EQ_INT(32, s->inuse);
	EXPECT_EQ_INT(32, s->offset);
	EXPECT_EQ_INT(48, s->size);
	p = ALLOC(s);
	EXPECT_EQ_INT(SLUB_RED_ACTIVE, p[-8]);
	EXPECT_EQ_INT(SLUB_RED_ACTIVE, p[24]);
	EXPECT_EQ_INT(SLUB_RED_ACTIVE, p[31]);
	for (i = 0; i < 23; i++)
		EXPECT_EQ_INT(POISON_FREE, p[i]);
	EXPECT_EQ_INT(POISON_END, p[23]);
	EXPECT_TRUE(CPU(s)->slab == NULL);
	CHECK();
	kmem_cache_free(s, p);
	EXPECT_EQ_INT(SLUB_RED_INACTIVE, p[-8]);
	EXPECT_EQ_INT(SLUB_RED_INACTIVE, p[24]);
	CHECK();
}

TEST(debug_double_free_refused, 2)
{
	struct kmem_cache *s;
	struct slab *slab;
	void *a, *b;
	unsigned int inuse;

	BOOT();
	s = CACHE("dbg1", 64, 0, DEBUG_FLAGS, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	kmem_cache_free(s, a);
	slab = virt_to_slab(a);
	inuse = slab->inuse;
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(log_has("BUG dbg1 (Not tainted): Object already free"));
	EXPECT_TRUE(log_has("====================================================================="));
	EXPECT_TRUE(log_has("FIX dbg1: Object at 0x"));
	EXPECT_TRUE(log_has(" not freed"));
	EXPECT_TRUE(log_has("Object   ffff888"));
	EXPECT_TRUE(log_has("6b 6b 6b 6b"));
	EXPECT_EQ_INT((int)inuse, slab->inuse);
	CHECK();
	kmem_cache_free(s, b);
	CHECK();
}

TEST(debug_right_redzone_overwrite, 2)
{
	struct kmem_cache *s;
	unsigned char *a;
	char want[80];

	BOOT();
	s = CACHE("dbg2", 64, 0, DEBUG_FLAGS, NULL);
	a = ALLOC(s);
	a[64] = 0x42;
	a[66] = 0x43;
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(log_has("BUG dbg2 (Not tainted): Right Redzone overwritten"));
	snprintf(want, sizeof(want), "0x%lx-0x%lx @offset=", slab_kva(a + 64),
		 slab_kva(a + 66));
	EXPECT_MSG(log_has(want), "no '%s' in\n%s", want, log_buf_read());
	EXPECT_TRUE(log_has("First byte 0x42 instead of 0xcc"));
	EXPECT_TRUE(log_has("Redzone  ffff888"));
	EXPECT_TRUE(log_has("42 cc 43 cc cc cc cc cc"));
	EXPECT_TRUE(log_has("FIX dbg2: Restoring Right Redzone"));
	EXPECT_EQ_INT(SLUB_RED_ACTIVE, a[64]);
	EXPECT_EQ_INT(1, virt_to_slab(a)->inuse);
	CHECK();
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(!log_has("BUG"));
	CHECK();
}

TEST(debug_left_redzone_overwrite, 1)
{
	struct kmem_cache *s;
	unsigned char *a;

	BOOT();
	s = CACHE("dbg3", 40, 0, DEBUG_FLAGS, NULL);
	a = ALLOC(s);
	a[-1] = 0;
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(log_has("BUG dbg3 (Not tainted): Left Redzone overwritten"));
	EXPECT_TRUE(log_has("First byte 0x0 instead of 0xcc"));
	CHECK();
}

TEST(debug_use_after_free_poison, 2)
{
	struct kmem_cache *s;
	unsigned char *a, *b;

	BOOT();
	s = CACHE("dbg4", 32, 0, DEBUG_FLAGS, NULL);
	a = ALLOC(s);
	kmem_cache_free(s, a);
	a[5] = 0x11;
	log_buf_clear();
	b = ALLOC(s);
	EXPECT_TRUE(log_has("BUG dbg4 (Not tainted): Poison overwritten"));
	EXPECT_TRUE(log_has("First byte 0x11 instead of 0x6b"));
	EXPECT_TRUE(log_has("FIX dbg4: Restoring Poison"));
	EXPECT_TRUE(log_has("FIX dbg4: Marking all objects used"));
	ASSERT_TRUE(b != NULL);
	EXPECT_TRUE(b != a);
	EXPECT_TRUE(virt_to_slab(b) != virt_to_slab(a));
	EXPECT_EQ_INT(2, (int)NODE0(s)->nr_slabs);
	CHECK();
}

TEST(debug_pointer_inside_an_object, 1)
{
	struct kmem_cache *s;
	unsigned char *a;

	BOOT();
	s = CACHE("dbg5", 64, 0, 0, NULL);
	a = ALLOC(s);
	log_buf_clear();
	kmem_cache_free(s, a + 8);
	EXPECT_TRUE(log_has("BUG dbg5 (Not tainted): Invalid object pointer 0x"));
	EXPECT_TRUE(CPU(s)->freelist != a + 8);
	CHECK();
	log_buf_clear();
	kfree(a + 16);
	EXPECT_TRUE(log_has("Invalid object pointer"));
	CHECK();
	kmem_cache_free(s, a);
	CHECK();
}

TEST(debug_foreign_pointers, 2)
{
	struct kmem_cache *s, *t;
	struct page *page;
	void *a, *fl;
	int local;

	BOOT();
	s = CACHE("dbg6", 64, 0, 0, NULL);
	t = CACHE("dbg7", 64, 0, 0, NULL);
	a = ALLOC(s);
	fl = CPU(t)->freelist;
	log_buf_clear();
	kmem_cache_free(t, a);
	EXPECT_TRUE(log_has("kmem_cache_free: Wrong slab cache. dbg7 but object is from dbg6"));
	EXPECT_TRUE(CPU(t)->freelist == fl);
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(page != NULL);
	log_buf_clear();
	kmem_cache_free(s, page_address(page));
	EXPECT_TRUE(log_has("virt_to_cache: Object is not a Slab page!"));
	log_buf_clear();
	kfree(page_address(page));
	EXPECT_TRUE(log_has("kfree: invalid pointer 0x"));
	EXPECT_EQ_INT(1, page_ref_count(page));
	log_buf_clear();
	kfree(&local);
	EXPECT_TRUE(log_has("kfree: invalid pointer"));
	EXPECT_TRUE(log_has("not in RAM"));
	EXPECT_EQ_INT(0, (int)ksize(&local));
	__free_pages(page, 0);
	CHECK();
	EXPECT_EQ_INT(0, buddy_check());
}

TEST(naive_double_free_without_debugging, 1)
{
	struct kmem_cache *s;
	void *a, *b;

	BOOT();
	s = CACHE("dbg8", 64, 0, 0, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	kmem_cache_free(s, a);
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(log_has("BUG dbg8 (Not tainted): Object already free"));
	EXPECT_TRUE(ALLOC(s) == a);
	EXPECT_TRUE(ALLOC(s) != a);
	kmem_cache_free(s, b);
	CHECK();
}

TEST(debug_store_user_tracks, 1)
{
	struct kmem_cache *s;
	void *a;

	BOOT();
	s = CACHE("dbg9", 64, 0, DEBUG_FLAGS | SLAB_STORE_USER, NULL);
	EXPECT_EQ_INT(8 + 72 + 8 + 2 * (int)sizeof(struct track), (int)s->size);
	a = ALLOC(s);
	kmem_cache_free(s, a);
	log_buf_clear();
	kmem_cache_free(s, a);
	EXPECT_TRUE(log_has("Object already free"));
	EXPECT_TRUE(log_has("Allocated in 0x"));
	EXPECT_TRUE(log_has("Freed in 0x"));
	CHECK();
}

TEST(slab_debug_switch, 1)
{
	struct kmem_cache *s;
	int ret;
	void *p;

	EXPECT_EQ_INT(-EINVAL, slab_debug_setup("FZX"));
	EXPECT_EQ_INT(0, slab_debug_setup("FZP"));
	ret = machine_boot(NULL);
	ASSERT_EQ_INT(0, ret);
	s = kmalloc_caches[6];
	ASSERT_TRUE(s != NULL);
	EXPECT_EQ_INT(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON,
		      (int)(s->flags & SLAB_DEBUG_FLAGS));
	EXPECT_EQ_INT(64, (int)s->red_left_pad);
	EXPECT_EQ_INT(192, (int)s->size);
	p = kmalloc(64, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ_INT(0, (int)(slab_kva(p) & 63));
	EXPECT_EQ_INT(64, (int)ksize(p));
	log_buf_clear();
	kfree(p);
	kfree(p);
	EXPECT_TRUE(log_has("BUG kmalloc-64 (Not tainted): Object already free"));
	CHECK();
	machine_shutdown();
	EXPECT_EQ_INT(0, slab_debug_setup(",kmalloc-32"));
	ASSERT_EQ_INT(0, machine_boot(NULL));
	EXPECT_EQ_INT(SLAB_DEBUG_FLAGS, (int)(kmalloc_caches[5]->flags & SLAB_DEBUG_FLAGS));
	EXPECT_EQ_INT(0, (int)(kmalloc_caches[6]->flags & SLAB_DEBUG_FLAGS));
	EXPECT_TRUE(kmalloc(20, GFP_KERNEL) != NULL);
	CHECK();
	slab_debug_setup("-");
}
