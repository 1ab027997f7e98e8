/* Exercise 6.4: kmalloc's size classes, and kmalloc end to end. */
#include <string.h>

#include "helpers.h"

static unsigned int class_of(unsigned int size)
{
	static const unsigned int classes[] = { 8,   16,  32,   64,   96,
						128, 192, 256,  512,  1024,
						2048, 4096, 8192 };
	unsigned int i;

	for (i = 0; i < 13; i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

TEST(kmalloc_slab_every_size, 2)
{
	unsigned int size;

	BOOT();
	for (size = 1; size <= 8192; size++) {
		struct kmem_cache *s = kmalloc_slab(size, GFP_KERNEL);

		ASSERT_MSG(s != NULL, "kmalloc_slab(%u) returned NULL", size);
		ASSERT_MSG(s->object_size == class_of(size),
			   "kmalloc_slab(%u) is %s, expected kmalloc-%u", size,
			   s->name, class_of(size));
	}
	EXPECT_TRUE(kmalloc_slab(0, GFP_KERNEL) == NULL);
	EXPECT_TRUE(kmalloc_slab(8193, GFP_KERNEL) == NULL);
}

TEST(kmalloc_slab_boundaries, 1)
{
	static const struct {
		unsigned int size;
		const char *name;
	} cases[] = {
		{ 1, "kmalloc-8" },	{ 8, "kmalloc-8" },
		{ 9, "kmalloc-16" },	{ 64, "kmalloc-64" },
		{ 65, "kmalloc-96" },	{ 96, "kmalloc-96" },
		{ 97, "kmalloc-128" },	{ 128, "kmalloc-128" },
		{ 129, "kmalloc-192" }, { 192, "kmalloc-192" },
		{ 193, "kmalloc-256" }, { 4096, "kmalloc-4k" },
		{ 4097, "kmalloc-8k" }, { 8192, "kmalloc-8k" },
	};
	unsigned int i;

	BOOT();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kmem_cache *s = kmalloc_slab(cases[i].size, GFP_KERNEL);

		EXPECT_EQ_STR(cases[i].name, s ? s->name : NULL);
	}
}

TEST(kmalloc_ksize_krealloc_kzalloc, 2)
{
	unsigned char *p, *q;
	unsigned int i;

	BOOT();
	p = kmalloc(70, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ_INT(96, (int)ksize(p));
	EXPECT_EQ_STR("kmalloc-96", virt_to_slab(p)->slab_cache->name);
	memset(p, 0x77, 96);
	q = krealloc(p, 90, GFP_KERNEL);
	EXPECT_TRUE(q == p);
	q = krealloc(p, 100, GFP_KERNEL);
	ASSERT_TRUE(q != NULL && q != p);
	EXPECT_EQ_INT(128, (int)ksize(q));
	for (i = 0; i < 96; i++)
		ASSERT_MSG(q[i] == 0x77, "krealloc did not copy byte %u", i);
	p = krealloc(q, 0, GFP_KERNEL);
	EXPECT_TRUE(p == ZERO_SIZE_PTR);
	EXPECT_TRUE(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	EXPECT_EQ_INT(0, (int)ksize(NULL));
	p = krealloc(NULL, 20, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ_INT(32, (int)ksize(p));
	kfree(p);
	p = kmalloc(200, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	memset(p, 0xee, 200);
	kfree(p);
	p = kzalloc(200, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	for (i = 0; i < 256; i++)
		ASSERT_MSG(p[i] == 0, "kzalloc: byte %u is %#x", i, p[i]);
	q = kcalloc(10, 10, GFP_KERNEL);
	ASSERT_TRUE(q != NULL);
	EXPECT_EQ_INT(128, (int)ksize(q));
	EXPECT_TRUE(kmalloc_array((size_t)1 << 40, (size_t)1 << 40, GFP_KERNEL) == NULL);
	kfree(p);
	kfree(q);
	CHECK();
}

TEST(kmalloc_large_goes_to_the_page_allocator, 1)
{
	struct page *page;
	void *p, *small;

	BOOT();
	small = kmalloc(100, GFP_KERNEL);
	ASSERT_TRUE(small != NULL);
	p = kmalloc(8193, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	page = virt_to_page(p);
	EXPECT_TRUE(!PageSlab(page));
	EXPECT_TRUE(PageHead(page));
	EXPECT_EQ_INT(2, page_alloc_order(page));
	EXPECT_EQ_INT(16384, (int)ksize(p));
	kfree(p);
	EXPECT_EQ_INT(0, page_ref_count(page));
	EXPECT_TRUE(!PageHead(page));
	EXPECT_TRUE(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
	p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	EXPECT_TRUE(p != NULL);
	kfree(p);
	kfree(small);
	EXPECT_EQ_INT(0, buddy_check());
	CHECK();
}

TEST(kmalloc_alignment_and_slabinfo, 1)
{
	static void *objs[100];
	unsigned int i;

	BOOT();
	for (i = 0; i < 100; i++) {
		objs[i] = kmalloc(64, GFP_KERNEL);
		ASSERT_TRUE(objs[i] != NULL);
		EXPECT_EQ_INT(0, (int)(slab_kva(objs[i]) & 63));
	}
	for (i = 0; i < 100; i += 2)
		kfree(objs[i]);
	CHECK();
	EXPECT_EQ_STR("kmalloc-64            96    128     64   64    1 : tunables    0    0    0 : slabdata      2      2      0",
		      slabinfo_line("kmalloc-64"));
}
