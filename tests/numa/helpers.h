/*
 * Helpers shared by the NUMA lab's tests: boot a machine, read the log,
 * print zonelists, make policies and allocate under them.
 */
#ifndef NUMA_TEST_HELPERS_H
#define NUMA_TEST_HELPERS_H

#include "grader.h"
#include "linux/mempolicy.h"
#include "linux/migrate.h"
#include "linux/mm.h"
#include "linux/node.h"
#include "linux/nodemask.h"
#include "linux/topology.h"
#include "asm/pgtable.h"
#include "linux/fs.h"
#include "linux/rmap.h"
#include "linux/sched.h"
#include "linux/swap.h"
#include "linux/vmstat.h"

/* Boot profile; the test ends if it does not boot. */
#define BOOT(profile) boot_machine((profile), __FILE__, __LINE__)

/* buddy_check() must pass; the test ends if it does not. */
#define CHECK() invariants_hold(__FILE__, __LINE__)

/* A policy of mode over the node list (e.g. "0-1"); the test ends on error. */
#define POLICY(mode, list) make_policy((mode), (list), __FILE__, __LINE__)

void boot_machine(const char *profile, const char *file, int line);
void invariants_hold(const char *file, int line);
struct mempolicy *make_policy(unsigned short mode, const char *list,
			      const char *file, int line);
int log_has(const char *text);

/* Node nid's fallback (or thisnode) zonelist as " 0:DMA32 0:DMA ...". */
const char *zonelist_str(int nid, int which);

/* The nodes of nid's fallback zonelist, each once, as "1 0 3 2". */
const char *node_order_str(int nid);

/* A mask from a list; the empty mask for "". */
nodemask_t mask_of(const char *list);

/* Allocate under pol (interleave index ilx) on the running CPU. */
struct page *alloc_under(struct mempolicy *pol, pgoff_t ilx);

/* Take every free page of node nid (with __GFP_THISNODE); how many. */
unsigned long exhaust_node(int nid);

/* A node's free pages after draining the per-CPU lists. */
unsigned long free_on(int nid);

/* A node's count of a NUMA event. */
unsigned long numa_event(int nid, enum numa_stat_item item);

/* Tasks and their memory (chapter 7), for the second half's tests. */
#define TASK(name) task_or_die((name), __FILE__, __LINE__)
#define MMAP(t, len, prot, flags, file, off)                              \
	mmap_or_die((t), (len), (prot), (flags), (file), (off), __FILE__, \
		    __LINE__)
#define PRW  (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define P(n) ((unsigned long)(n)*PAGE_SIZE)

/* mm_check_all(), lru_check() and buddy_check() must pass. */
#define MM_CHECK() all_ok(__FILE__, __LINE__)

struct task_struct *task_or_die(const char *name, const char *file, int line);
unsigned long mmap_or_die(struct task_struct *t, unsigned long len,
			  unsigned long prot, unsigned long flags,
			  struct file *f, unsigned long off, const char *file,
			  int line);
void all_ok(const char *file, int line);

/* Write byte to n pages from addr (one byte a page): 0 or the signal. */
int touch(struct task_struct *t, unsigned long addr, unsigned long n,
	  unsigned char byte);

/* The page mapped at addr (NULL: none, or the zero page); its node (-1). */
struct page *page_at(struct task_struct *t, unsigned long addr);
int node_at(struct task_struct *t, unsigned long addr);

/* The nodes of n pages from addr as "0 1 0 1" (- for none). */
const char *nodes_of(struct task_struct *t, unsigned long addr,
		     unsigned long n);

/* The first word of a user node mask from a list ("0-1": 3). */
unsigned long mask_word(const char *list);

#endif
