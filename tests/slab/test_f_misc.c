/* Creating caches, alignment, the checker itself, and mmsim. */
#include <string.h>

#include "helpers.h"

struct task_like {
	long id;
	char name[40];
	void *next;
};

TEST(create_checks_its_arguments, 1)
{
	struct kmem_cache *s;

	BOOT();
	EXPECT_TRUE(kmem_cache_create(NULL, 64, 0, 0, NULL) == NULL);
	EXPECT_TRUE(log_has("kmem_cache_create((null)) failed with error -22"));
	EXPECT_TRUE(kmem_cache_create("zero", 0, 0, 0, NULL) == NULL);
	EXPECT_TRUE(kmem_cache_create("align3", 64, 3, 0, NULL) == NULL);
	EXPECT_TRUE(kmem_cache_create("huge", KMALLOC_MAX_SIZE + 1, 0, 0, NULL) == NULL);
	EXPECT_TRUE(kmem_cache_create("flags", 64, 0, 0x80000000U, NULL) == NULL);
	EXPECT_TRUE(log_has("kmem_cache_create(flags) failed with error -22"));
	EXPECT_TRUE(kmem_cache_alloc(NULL, GFP_KERNEL) == NULL);
	EXPECT_TRUE(log_has("kmem_cache_alloc: NULL cache"));
	s = KMEM_CACHE(task_like, SLAB_HWCACHE_ALIGN);
	ASSERT_TRUE(s != NULL);
	EXPECT_EQ_STR("task_like", s->name);
	EXPECT_EQ_INT((int)sizeof(struct task_like), (int)kmem_cache_size(s));
	EXPECT_EQ_INT(64, (int)s->size);
	EXPECT_TRUE(strstr(slabinfo(), "\ntask_like ") != NULL);
	kmem_cache_destroy(kmalloc_caches[6]);
	EXPECT_TRUE(log_has("kmem_cache_destroy kmalloc-64: a boot cache cannot be destroyed"));
	CHECK();
}

TEST(alignment_and_zalloc, 1)
{
	struct kmem_cache *s, *t;
	struct task_like *p;
	void *q;
	unsigned int i;

	BOOT();
	s = CACHE("al128", 100, 128, 0, NULL);
	EXPECT_EQ_INT(128, (int)s->size);
	for (i = 0; i < 40; i++) {
		q = ALLOC(s);
		EXPECT_EQ_INT(0, (int)(slab_kva(q) & 127));
	}
	t = CACHE("hw20", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	EXPECT_EQ_INT(32, (int)t->size);
	t = KMEM_CACHE(task_like, 0);
	ASSERT_TRUE(t != NULL);
	p = kmem_cache_zalloc(t, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_TRUE(p->id == 0 && p->next == NULL && p->name[39] == 0);
	CHECK();
}

TEST(checker_catches_corruption, 1)
{
	struct kmem_cache *s;
	void *a, *b;
	struct slab *slab;

	BOOT();
	s = CACHE("chk", 64, 0, 0, NULL);
	a = ALLOC(s);
	b = ALLOC(s);
	(void)b;
	slab = virt_to_slab(a);
	CHECK();
	slab->inuse--;
	EXPECT_TRUE(slab_check() != 0);
	slab->inuse++;
	NODE0(s)->nr_slabs++;
	EXPECT_TRUE(slab_check() != 0);
	NODE0(s)->nr_slabs--;
	set_freepointer(s, CPU(s)->freelist, a);
	log_buf_clear();
	EXPECT_TRUE(slab_check() != 0);
	EXPECT_TRUE(log_has("slab_check: chk:"));
}

static char out[65536];
static const char slabinfo_head[] =
	"slabinfo - version: 2.1\n"
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
	"kmalloc-8k             0      0   8192    4    8 : tunables    0    0    0 : slabdata      0      0      0\n";

TEST(mmsim_slabinfo, 1)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slabinfo", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, slabinfo_head, strlen(slabinfo_head)) == 0);
	EXPECT_TRUE(strstr(out, "\nkmalloc-96             0      0     96   42    1 : tunables    0    0    0 : slabdata      0      0      0\n") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slabinfo --demo", out, sizeof(out)));
	EXPECT_MSG(strstr(out, "\ndemo_object          160    304    256   16    1 : tunables    0    0    0 : slabdata     19     19      0\n") != NULL,
		   "got:\n%s", out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slabinfo --slab_debug=FZP", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "\nkmalloc-64             0      0    192   21    1 ") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slabtop --demo", out, sizeof(out)));
	EXPECT_MSG(strncmp(out, " Active / Total Objects (% used)    : 1455 / 1700 (85.6%)\n", 58) == 0,
		   "got:\n%s", out);
	EXPECT_TRUE(strstr(out, "\n  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n   512    512 100%    0.01K      1      512         4K kmalloc-8\n   304    160  53%    0.25K     19       16        76K demo_object\n") != NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" slabinfo --slab_debug=Q", out, sizeof(out)));
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" slabinfo --frob", out, sizeof(out)));
}

TEST(mmsim_slab_bugs, 1)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slab-bugs", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "BUG buggy (Not tainted): Object already free\n") != NULL);
	EXPECT_TRUE(strstr(out, "BUG buggy (Not tainted): Right Redzone overwritten\n") != NULL);
	EXPECT_TRUE(strstr(out, "BUG buggy (Not tainted): Poison overwritten\n") != NULL);
	EXPECT_TRUE(strstr(out, "BUG buggy (Not tainted): Invalid object pointer 0x") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" slab-figure", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "flowchart LR\n", 13) == 0);
	EXPECT_TRUE(strstr(out, "partial: first<br/>pfn 0x1810: inuse 0 of 16") != NULL);
	EXPECT_TRUE(strstr(out, "inuse 13 of 16") != NULL);
	EXPECT_TRUE(strstr(out, "6 full slabs") != NULL);
}
