/*
 * Helpers shared by the reclaim lab's tests: boot a machine, put pages on
 * the LRU lists, stand in for the reverse map, check the lists.
 */
#ifndef RECLAIM_TEST_HELPERS_H
#define RECLAIM_TEST_HELPERS_H

#include "grader.h"
#include "linux/mm.h"
#include "linux/swap.h"
#include "linux/vmstat.h"
#include "sim/policy.h"
#include "../mm/vmscan.h"

#define BOOT() boot_small(__FILE__, __LINE__)
/* lru_check() and buddy_check() must pass; the test ends if not. */
#define CHECK() lists_hold(__FILE__, __LINE__)
#define LRUVEC() (&NODE_DATA(0)->__lruvec)
#define NR(item) (NODE_DATA(0)->vm_stat[item])
#define EVENT(item) (vm_event_states[item])

void boot_small(const char *file, int line);
void lists_hold(const char *file, int line);

/* A new page from alloc_pages(), anonymous (PG_swapbacked) or file. */
struct page *new_page(bool anon);
/* The same, put on its LRU list. */
struct page *lru_page(bool anon);
/* Whether page is on list lru of node 0, and its place from the head. */
bool on_list(struct page *page, enum lru_list lru);
int place_on(struct page *page, enum lru_list lru);

/* The reverse map's stand-in: page has refs referenced PTEs, flags. */
void set_pte_refs(struct page *page, int refs, unsigned long vm_flags);

/* Free pages of all zones. */
unsigned long free_pages_now(void);

/* Reclaim with the given target at falling priority, as direct reclaim. */
unsigned long reclaim(unsigned long nr);

/* Parse a reference string the test gives; the test ends on error. */
size_t refs(const char *text, unsigned long **trace);

#endif
