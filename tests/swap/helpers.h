/*
 * Helpers shared by the swap lab's tests: boot a machine, make and switch
 * on swap areas, check the invariants, read /proc-style text.
 */
#ifndef SWAP_TEST_HELPERS_H
#define SWAP_TEST_HELPERS_H

#include "grader.h"
#include "linux/mm.h"
#include "linux/printk.h"
#include "linux/swap.h"
#include "linux/swapops.h"
#include "sim/machine.h"
#include "sim/swapdev.h"

/* Boot profile (NULL: small); the test ends if it does not boot. */
#define BOOT(profile) swap_boot((profile), __FILE__, __LINE__)

/* mkswap name with pages pages, then swapon with prio (-1: default). */
#define AREA(name, pages, prio) \
	swap_area((name), (pages), (prio), __FILE__, __LINE__)

/* swap_check() must pass; the test ends if it does not. */
#define CHECK() swap_invariants(__FILE__, __LINE__)

void swap_boot(const char *profile, const char *file, int line);
struct swap_info_struct *swap_area(const char *name, unsigned long pages,
				   int prio, const char *file, int line);
void swap_invariants(const char *file, int line);
int log_has(const char *text);

/* A fresh directory for swap files, also set as $MMSIM_SWAPDIR. */
const char *swap_tmpdir(void);
/* path in that directory (a static buffer, one of four in turn). */
const char *swap_tmpfile(const char *name);

/* One slot from folio_alloc_swap(); its offset, or 0 (type in *type). */
unsigned long take_slot(int *type);

/* swaps_show() and swap_meminfo_show() into a static buffer. */
const char *proc_swaps(void);
const char *meminfo_swap(void);

/* An order-0 page from the page allocator, PG_swapbacked, filled. */
struct page *anon_page(unsigned char seed);
/* Whether page holds the pattern of seed. */
bool page_has_pattern(struct page *page, unsigned char seed);

#endif /* SWAP_TEST_HELPERS_H */
