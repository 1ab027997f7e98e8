#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procs.h"
#include "linux/mm_inline.h"

struct task_struct *proc_or_die(const char *name, const char *file, int line)
{
	struct task_struct *t = task_create(name);

	grade_check(t != NULL, 1, file, line, "task_create(%s) returned NULL",
		    name);
	return t;
}

unsigned long anon_map_or_die(struct task_struct *t, unsigned long n,
			      const char *file, int line)
{
	unsigned long a = sys_mmap(t, 0, P(n), PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);

	grade_check(!IS_ERR_VALUE(a), 1, file, line,
		    "mmap of %lu pages returned %ld", n, (long)a);
	return a;
}

/* Every 8-byte word: the seed, the tag (a pid), the page's address, the word. */
static void pattern(unsigned long *w, unsigned long addr, unsigned long seed,
		    pid_t tag)
{
	unsigned long i;

	for (i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		w[i] = (seed << 52) ^ ((unsigned long)tag << 36) ^ addr ^ i;
}

bool buf_has_pattern(const void *buf, unsigned long addr, unsigned long seed,
		     pid_t tag)
{
	static unsigned long want[PAGE_SIZE / sizeof(unsigned long)];

	pattern(want, addr, seed, tag);
	return memcmp(buf, want, PAGE_SIZE) == 0;
}

void fill_or_die(struct task_struct *t, unsigned long addr, unsigned long n,
		 unsigned long seed, const char *file, int line)
{
	static unsigned long w[PAGE_SIZE / sizeof(unsigned long)];
	struct kernel_siginfo info;
	unsigned long i;
	int sig;

	for (i = 0; i < n; i++) {
		pattern(w, addr + P(i), seed, t->pid);
		sig = sim_write(t, addr + P(i), w, PAGE_SIZE, &info);
		grade_check(sig == 0, 1, file, line,
			    "pid %d: write of page %#lx raised signal %d",
			    t->pid, addr + P(i), sig);
	}
}

unsigned long pages_intact(struct task_struct *t, unsigned long addr,
			   unsigned long n, unsigned long seed, pid_t tag)
{
	static unsigned long w[PAGE_SIZE / sizeof(unsigned long)];
	unsigned long i, good = 0;

	for (i = 0; i < n; i++)
		if (sim_read(t, addr + P(i), w, PAGE_SIZE, NULL) == 0 &&
		    buf_has_pattern(w, addr + P(i), seed, tag))
			good++;
	return good;
}

pte_t pte_of(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = follow_pte(t->mm, addr);

	return pte ? *pte : __pte(0);
}

struct page *page_of(struct task_struct *t, unsigned long addr)
{
	struct vm_area_struct *vma = vma_lookup(t->mm, addr);

	return vma ? vm_normal_page(vma, addr, pte_of(t, addr)) : NULL;
}

swp_entry_t swpent_of(struct task_struct *t, unsigned long addr)
{
	pte_t pte = pte_of(t, addr);

	if (pte_none(pte) || pte_present(pte))
		return (swp_entry_t){ 0 };
	return pte_to_swp_entry(pte);
}

int swap_out_at(struct task_struct *t, unsigned long addr)
{
	struct page *page = page_of(t, addr);
	struct reclaim_stat stat;
	struct scan_control sc;
	int out;

	if (!page)
		return -1;
	memset(&stat, 0, sizeof(stat));
	reclaim_control_init(&sc, 1, GFP_KERNEL, false);
	if (PageLRU(page)) {
		lruvec_del_folio(folio_lruvec(page), page);
		ClearPageLRU(page);
	}
	get_page(page);
	out = pageout_folio(page, &sc, FOLIOREF_RECLAIM, &stat);
	if (out == PAGEOUT_FREED) {
		ClearPageActive(page);
		ClearPageReferenced(page);
		__free_pages(page, 0);
		return out;
	}
	if (out == PAGEOUT_ACTIVATE)
		SetPageActive(page);
	SetPageLRU(page);
	lruvec_add_folio(folio_lruvec(page), page);
	put_page(page);
	return out;
}

unsigned long swap_out_range(struct task_struct *t, unsigned long addr,
			     unsigned long n)
{
	unsigned long i, freed = 0;

	for (i = 0; i < n; i++)
		freed += swap_out_at(t, addr + P(i)) == PAGEOUT_FREED;
	return freed;
}

unsigned long reclaim(unsigned long nr)
{
	struct scan_control sc;

	reclaim_control_init(&sc, nr, GFP_KERNEL, false);
	for (; sc.priority >= 0 && sc.nr_reclaimed < nr; sc.priority--)
		shrink_node(NODE_DATA(0), &sc);
	return sc.nr_reclaimed;
}

unsigned long free_pages_now(void)
{
	unsigned long free = 0;
	int z;

	drain_all_pages(NULL);
	for (z = 0; z < MAX_NR_ZONES; z++)
		free += zone_page_state(&NODE_DATA(0)->node_zones[z],
					NR_FREE_PAGES);
	return free;
}

int swap_ptes_agree(const char **why)
{
	static char msg[256];
	unsigned int type;
	unsigned long off;
	struct task_struct *t;
	unsigned short *uses[MAX_SWAPFILES] = { 0 };
	int ret = 0;

	for (type = 0; type < nr_swapfiles; type++)
		if (swap_info[type]->flags & SWP_USED)
			uses[type] = calloc(swap_info[type]->max,
					    sizeof(unsigned short));
	for_each_process(t) {
		struct vm_area_struct *vma;
		unsigned long addr, n = 0;

		if (!t->mm)
			continue;
		for_each_vma(t->mm, vma)
			for (addr = vma->vm_start; addr < vma->vm_end;
			     addr += PAGE_SIZE) {
				swp_entry_t e = swpent_of(t, addr);

				if (!e.val)
					continue;
				n++;
				type = swp_type(e);
				if (type >= nr_swapfiles || !uses[type] ||
				    swp_offset(e) >= swap_info[type]->max) {
					snprintf(
						msg, sizeof(msg),
						"pid %d: swap PTE at %#lx names no slot",
						t->pid, addr);
					ret = -1;
					goto out;
				}
				uses[type][swp_offset(e)]++;
			}
		if (n != get_mm_counter(t->mm, MM_SWAPENTS)) {
			snprintf(msg, sizeof(msg),
				 "pid %d: %lu swap PTEs, MM_SWAPENTS %lu",
				 t->pid, n, get_mm_counter(t->mm, MM_SWAPENTS));
			ret = -1;
			goto out;
		}
	}
	for (type = 0; type < nr_swapfiles; type++) {
		struct swap_info_struct *si = swap_info[type];

		if (!uses[type])
			continue;
		for (off = 1; off < si->max; off++) {
			unsigned char m = si->swap_map[off];
			struct page *page;
			bool cached;

			if (m == SWAP_MAP_BAD)
				continue;
			page = swap_cache_get_folio(swp_entry(type, off));
			cached = page != NULL;
			if (page)
				put_page(page);
			if (swap_count(m) != uses[type][off] ||
			    !!(m & SWAP_HAS_CACHE) != cached) {
				snprintf(
					msg, sizeof(msg),
					"slot %u:%lu: map %#x, %u swap PTEs, %s cached",
					type, off, m, uses[type][off],
					cached ? "page" : "no page");
				ret = -1;
				goto out;
			}
		}
	}
out:
	for (type = 0; type < MAX_SWAPFILES; type++)
		free(uses[type]);
	if (why)
		*why = msg;
	return ret;
}

void all_ok(const char *file, int line)
{
	const char *why = "";

	log_buf_clear();
	grade_check(mm_check_all() == 0, 1, file, line,
		    "mm_check_all() failed: %s", log_buf_read());
	swap_invariants(file, line);
	grade_check(swap_ptes_agree(&why) == 0, 1, file, line,
		    "swap PTEs and the swap map disagree: %s", why);
}

struct task_struct *one_proc(unsigned long n, unsigned long slots,
			     unsigned long *addr)
{
	struct task_struct *t;

	BOOT(NULL);
	AREA("/dev/vdb", slots, -1);
	t = PROC("p");
	*addr = ANON_MAP(t, n);
	FILL(t, *addr, n, 1);
	return t;
}
