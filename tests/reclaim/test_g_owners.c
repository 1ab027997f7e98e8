/*
 * Part B: reclaim with real owners of pages (chapter 7's page cache,
 * processes and reverse map), kswapd, direct reclaim, the OOM killer
 * and the reliability workload (0 points: given code).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "asm/pgtable.h"
#include "linux/fs.h"
#include "linux/oom.h"
#include "linux/pagemap.h"
#include "linux/printk.h"
#include "linux/rmap.h"
#include "linux/sched.h"

#define PRW (PROT_READ | PROT_WRITE)

/* One pass at priority 0 over every list: each page is looked at once. */
static unsigned long pass(bool kswapd)
{
	struct scan_control sc;

	reclaim_control_init(&sc, 1024, GFP_KERNEL, kswapd);
	sc.priority = 0;
	shrink_node(NODE_DATA(0), &sc);
	return sc.nr_reclaimed;
}

static struct task_struct *task(const char *name)
{
	struct task_struct *t = task_create(name);

	ASSERT_MSG(t != NULL, "task_create(%s) failed", name);
	return t;
}

static unsigned long map(struct task_struct *t, unsigned long len,
			 unsigned long prot, unsigned long flags,
			 struct file *f)
{
	unsigned long addr = sys_mmap(t, 0, len, prot, flags, f, 0);

	ASSERT_MSG(!IS_ERR_VALUE(addr), "mmap failed: %ld", (long)addr);
	return addr;
}

static pte_t *pte_of(struct task_struct *t, unsigned long addr)
{
	return follow_pte(t->mm, addr);
}

/* Whether the page cache page has the text sim_file_create() wrote. */
static bool page_has_file_text(struct file *f, unsigned long index,
			       const char *buf)
{
	char want[128];

	snprintf(want, sizeof(want), "%s page %lu byte 0\n", f->f_path, index);
	return strncmp(buf, want, strlen(want)) == 0;
}

TEST(owners_putback_frees_a_page_its_owner_dropped, 0)
{
	struct file *f;
	struct page *page;
	unsigned long free;
	bool major;
	int err = 0;

	BOOT();
	f = sim_file_create("gone", PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	page = filemap_get_or_read_page(f->f_mapping, 0, &major, &err);
	ASSERT_TRUE(page != NULL);
	put_page(page);
	EXPECT_EQ_INT(0, folio_isolate_lru(page));
	fput(f); /* the cache lets go while reclaim holds the page */
	EXPECT_EQ_INT(1, page_ref_count(page));
	free = free_pages_now();
	folio_putback_lru(page);
	EXPECT_EQ_INT(0, (int)NR(NR_INACTIVE_FILE));
	EXPECT_TRUE(free_pages_now() >= free); /* freed (maybe per-CPU) */
	CHECK();
}

TEST(owners_kernel_read_marks_pages_accessed, 0)
{
	char buf[2 * 4096];
	unsigned long pos = 0;
	struct file *f;
	struct page *page;

	BOOT();
	f = sim_file_create("twice", 2 * PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	EXPECT_EQ_INT(2 * 4096, (int)kernel_read(f, buf, sizeof(buf), &pos));
	EXPECT_TRUE(page_has_file_text(f, 1, buf + 4096));
	page = f->f_mapping->pages[0];
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(PageReferenced(page) && !PageActive(page));
	pos = 0;
	EXPECT_EQ_INT(10, (int)kernel_read(f, buf, 10, &pos));
	EXPECT_TRUE(on_list(page, LRU_ACTIVE_FILE));
	EXPECT_EQ_INT(-EINVAL, (int)kernel_read(NULL, buf, 1, &pos));
	CHECK();
	fput(f);
}

TEST(owners_clean_file_pages_are_dropped, 0)
{
	char buf[4096];
	unsigned long pos = 0, i;
	struct file *f;

	BOOT();
	f = sim_file_create("clean", 64 * PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	for (i = 0; i < 64; i++)
		kernel_read(f, buf, sizeof(buf), &pos);
	EXPECT_EQ_U64(64, f->f_mapping->nrpages);
	EXPECT_TRUE(reclaim(64) >= 32);
	EXPECT_TRUE(f->f_mapping->nrpages <= 32);
	EXPECT_TRUE(EVENT(PGSTEAL_DIRECT) >= 32);
	CHECK();
	pos = 0; /* what was dropped is read again from the file */
	for (i = 0; i < 64; i++) {
		kernel_read(f, buf, sizeof(buf), &pos);
		EXPECT_TRUE(page_has_file_text(f, i, buf));
	}
	fput(f);
}

TEST(owners_dirty_pages_are_written_back_by_kswapd_only, 0)
{
	unsigned long pos = 0;
	struct file *f;
	struct page *page;

	BOOT();
	f = sim_file_create("dirty", PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	EXPECT_EQ_INT(5, (int)kernel_write(f, "hello", 5, &pos));
	page = f->f_mapping->pages[0];
	ASSERT_TRUE(page && PageDirty(page));
	pass(false); /* direct reclaim: activated, not written */
	EXPECT_TRUE(PageDirty(page) && on_list(page, LRU_ACTIVE_FILE));
	EXPECT_TRUE(memcmp(f->f_inode->i_disk, "hello", 5) != 0);
	folio_deactivate(page);
	SetPageReferenced(page); /* FOLIOREF_RECLAIM_CLEAN: kept */
	pass(true);
	EXPECT_TRUE(PageDirty(page) && on_list(page, LRU_INACTIVE_FILE));
	EXPECT_EQ_U64(1, f->f_mapping->nrpages);
	pass(true); /* written back, then dropped */
	EXPECT_EQ_U64(0, f->f_mapping->nrpages);
	EXPECT_TRUE(memcmp(f->f_inode->i_disk, "hello", 5) == 0);
	EXPECT_EQ_U64(4, EVENT(PGPGOUT));
	CHECK();
	fput(f);
}

TEST(owners_mapped_file_pages_are_unmapped, 0)
{
	unsigned long addr, majors;
	struct task_struct *t;
	struct file *f;
	char c = 0;
	pte_t *pte;

	BOOT();
	t = task("mapper");
	f = sim_file_create("mapped", 4 * PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	addr = map(t, 4 * PAGE_SIZE, PRW, MAP_SHARED, f);
	EXPECT_EQ_INT(0, sim_write(t, addr, "Z", 1, NULL));
	EXPECT_EQ_INT(0, sim_read(t, addr + PAGE_SIZE, &c, 1, NULL));
	EXPECT_EQ_U64(2, get_mm_counter(t->mm, MM_FILEPAGES));
	/* first look: one use each, kept; second: unmapped, clean one gone */
	pass(true);
	EXPECT_EQ_U64(2, get_mm_counter(t->mm, MM_FILEPAGES));
	pass(true);
	EXPECT_EQ_U64(0, get_mm_counter(t->mm, MM_FILEPAGES));
	pte = pte_of(t, addr);
	EXPECT_TRUE(!pte || pte_none(*pte));
	EXPECT_EQ_U64(1, f->f_mapping->nrpages); /* dirty: referenced, kept */
	EXPECT_TRUE(f->f_inode->i_disk[0] != 'Z');
	pass(true);
	EXPECT_EQ_U64(0, f->f_mapping->nrpages);
	EXPECT_TRUE(f->f_inode->i_disk[0] == 'Z'); /* written back */
	majors = EVENT(PGMAJFAULT);
	EXPECT_EQ_INT(0, sim_read(t, addr, &c, 1, NULL));
	EXPECT_TRUE(c == 'Z');
	EXPECT_EQ_U64(majors + 1, EVENT(PGMAJFAULT));
	CHECK();
	sim_exit(t);
	fput(f);
}

TEST(owners_folio_referenced_harvests_real_accessed_bits, 0)
{
	unsigned long addr, vm_flags = 0;
	struct task_struct *a, *b;
	struct page *page;
	struct file *f;
	char c;

	BOOT();
	a = task("a");
	b = task("b");
	f = sim_file_create("text", PAGE_SIZE);
	ASSERT_TRUE(f != NULL);
	addr = map(a, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, f);
	map(b, PAGE_SIZE, PROT_READ, MAP_SHARED, f);
	EXPECT_EQ_INT(0, sim_read(a, addr, &c, 1, NULL));
	page = f->f_mapping->pages[0];
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(1, folio_referenced(page, 0, &vm_flags));
	EXPECT_TRUE(vm_flags & VM_EXEC);
	EXPECT_TRUE(!pte_young(*pte_of(a, addr)));
	EXPECT_EQ_INT(0, folio_referenced(page, 0, &vm_flags));
	EXPECT_EQ_INT(0, sim_read(a, addr, &c, 1, NULL)); /* TLB flushed */
	EXPECT_EQ_INT(1, folio_referenced(page, 0, &vm_flags));
	CHECK();
	sim_exit(a);
	sim_exit(b);
	fput(f);
}

TEST(owners_anonymous_pages_stay_mapped_without_swap, 0)
{
	struct task_struct *t;
	struct page *page;
	unsigned long addr;
	char buf[8];
	pte_t *pte;

	BOOT();
	t = task("anon");
	addr = map(t, PAGE_SIZE, PRW, MAP_PRIVATE | MAP_ANONYMOUS, NULL);
	EXPECT_EQ_INT(0, sim_write(t, addr, "keep", 5, NULL));
	pte = pte_of(t, addr);
	ASSERT_TRUE(pte && pte_present(*pte));
	page = pfn_to_page(pte_pfn(*pte));
	try_to_unmap(page);
	EXPECT_TRUE(page_mapped(page) && pte_present(*pte));
	reclaim(1);
	EXPECT_TRUE(page_mapped(page));
	EXPECT_EQ_INT(0, sim_read(t, addr, buf, 5, NULL));
	EXPECT_EQ_STR("keep", buf);
	CHECK();
	sim_exit(t);
}
