/*
 * Helpers shared by the buddy lab's tests: boot a machine, run the
 * invariant checker, read /proc-style text, and reach into the zones.
 */
#ifndef BUDDY_TEST_HELPERS_H
#define BUDDY_TEST_HELPERS_H

#include "grader.h"
#include "linux/mm.h"
#include "linux/vmstat.h"
#include "../mm/internal.h"

/* Boot profile (NULL: small); the test ends if it does not boot. */
#define BOOT(profile) boot_machine((profile), __FILE__, __LINE__)

/* buddy_check() must pass; the test ends if it does not. */
#define CHECK() invariants_hold(__FILE__, __LINE__)

#define ZONE(z) (&NODE_DATA(0)->node_zones[z])
#define PAGE(pfn) pfn_to_page(pfn)
#define PFN(page) page_to_pfn(page)

/* Expect the block at pfn to head a free block of order on mt's list. */
#define EXPECT_FREE_BLOCK(pfn, order, mt) \
	free_block_expect((pfn), (order), (mt), __FILE__, __LINE__)

void boot_machine(const char *profile, const char *file, int line);
void invariants_hold(const char *file, int line);
int log_has(const char *text);

/* The whole of frag_show() (buddyinfo) into buf; the line of one zone. */
const char *buddyinfo(void);
const char *buddyinfo_line(const char *zone_name);

/* Whether pfn heads a free block of order on mt's list. */
bool on_free_list(unsigned long pfn, unsigned int order, int mt);
void free_block_expect(unsigned long pfn, unsigned int order, int mt,
		       const char *file, int line);

/* Take every free block of a zone off its lists. */
void empty_zone(struct zone *zone);

/* Count the blocks on one free list. */
unsigned long list_length(struct zone *zone, unsigned int order, int mt);

#endif
