/*
 * Helpers of the swap lab's tests with processes (part B): anonymous
 * mappings filled with a pattern, pages swapped out through chapter 8's
 * pageout step or reclaim, and a check of every swap PTE against the
 * swap map.
 */
#ifndef SWAP_TEST_PROCS_H
#define SWAP_TEST_PROCS_H

#include "helpers.h"
#include "asm/pgtable.h"
#include "linux/rmap.h"
#include "linux/sched.h"
#include "linux/vm_event_item.h"
#include "linux/vmstat.h"
#include "../mm/vmscan.h"

#define P(n)	    ((unsigned long)(n)*PAGE_SIZE)
#define EVENT(item) (vm_event_states[item])

/* A process; the test ends if there is none. */
#define PROC(name) proc_or_die((name), __FILE__, __LINE__)
/* n pages of private anonymous read-write memory of t. */
#define ANON_MAP(t, n) anon_map_or_die((t), (n), __FILE__, __LINE__)
/* Write the pattern of seed into pages [first, first + n) at addr. */
#define FILL(t, addr, n, seed) \
	fill_or_die((t), (addr), (n), (seed), __FILE__, __LINE__)
/* mm_check_all(), swap_check() and swap_ptes_agree() must pass. */
#define ALL_OK() all_ok(__FILE__, __LINE__)

struct task_struct *proc_or_die(const char *name, const char *file, int line);
unsigned long anon_map_or_die(struct task_struct *t, unsigned long n,
			      const char *file, int line);
void fill_or_die(struct task_struct *t, unsigned long addr, unsigned long n,
		 unsigned long seed, const char *file, int line);
/* Pages of [addr, addr + n pages) that read back the pattern (tag: pid). */
unsigned long pages_intact(struct task_struct *t, unsigned long addr,
			   unsigned long n, unsigned long seed, pid_t tag);
/* Whether a page's bytes hold the pattern (host buffer). */
bool buf_has_pattern(const void *buf, unsigned long addr, unsigned long seed,
		     pid_t tag);
void all_ok(const char *file, int line);

/*
 * Boot, one swap area of slots on /dev/vdb, and a process "p" with n
 * pages of anonymous memory at *addr filled with the pattern of seed 1.
 */
struct task_struct *one_proc(unsigned long n, unsigned long slots,
			     unsigned long *addr);

/* The PTE of addr (0 if none), and the page it maps (NULL if none). */
pte_t pte_of(struct task_struct *t, unsigned long addr);
struct page *page_of(struct task_struct *t, unsigned long addr);
/* The swap entry of addr's PTE, .val 0 if it holds none. */
swp_entry_t swpent_of(struct task_struct *t, unsigned long addr);

/*
 * Reclaim the page mapped at addr as chapter 8's shrink_folio_list()
 * does, taking it off its list first: the pageout_outcome, or -1.
 */
int swap_out_at(struct task_struct *t, unsigned long addr);
/* swap_out_at() every page of a range; how many were freed. */
unsigned long swap_out_range(struct task_struct *t, unsigned long addr,
			     unsigned long n);
/* Reclaim nr pages with shrink_node() at falling priority; freed. */
unsigned long reclaim(unsigned long nr);
/* Free pages of node 0. */
unsigned long free_pages_now(void);

/*
 * Model: every swap PTE of every process names a slot in use, each slot's
 * use count is the number of swap PTEs naming it, SWAP_HAS_CACHE is set
 * exactly for the slots with a page in the swap cache, and each mm's
 * MM_SWAPENTS is its number of swap PTEs. 0, or -1 with *why set.
 */
int swap_ptes_agree(const char **why);

#endif
