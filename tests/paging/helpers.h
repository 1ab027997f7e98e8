/*
 * Helpers shared by the paging lab's tests: boot a machine, build page
 * tables by writing entries straight into simulated physical memory, and
 * a reference walker written from the Intel SDM's description of 4-level
 * and 5-level paging (Vol. 3A, "Paging"), independent of the chapter's
 * code: it uses none of the model's page-table macros or functions.
 */
#ifndef PAGING_TEST_HELPERS_H
#define PAGING_TEST_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "linux/types.h"
#include "sim/pgtable_source.h"

/* Entry bits, as the SDM's tables "Format of a ... Entry" give them. */
#define SDM_P	       (1ULL << 0)
#define SDM_RW	       (1ULL << 1)
#define SDM_US	       (1ULL << 2)
#define SDM_PWT	       (1ULL << 3)
#define SDM_PCD	       (1ULL << 4)
#define SDM_A	       (1ULL << 5)
#define SDM_D	       (1ULL << 6)
#define SDM_PS	       (1ULL << 7)
#define SDM_G	       (1ULL << 8)
#define SDM_XD	       (1ULL << 63)
#define SDM_MAXPHYADDR 46
#define SDM_ADDR       (((1ULL << SDM_MAXPHYADDR) - 1) & ~0xfffULL)
#define SDM_TABLE      (SDM_P | SDM_RW | SDM_US | SDM_A | SDM_D)

/* Boot a profile (NULL: default); the test fails if it does not boot. */
void boot(const char *profile);

u64 raw_read(u64 pa);
void raw_write(u64 pa, u64 val);

/* A zeroed page for a table, from the model's page-table source. */
u64 raw_table(void);

/*
 * Point the entries for va at tables (allocating them) from the table at
 * top down to the table at leaf_level (1 = page table, 2 = page directory,
 * 3 = PDPT), and write leaf there. Table entries get table_flags.
 * levels is 4 or 5. Returns the physical address of the leaf entry.
 */
u64 raw_map(u64 top, int levels, unsigned long va, int leaf_level, u64 leaf,
	    u64 table_flags);

/* The physical address of the entry for va at level (5..1) or 0. */
u64 raw_entry_pa(u64 top, int levels, unsigned long va, int level);

/* The reference walker's answer. */
struct sdm_result {
	bool fault, gp;
	unsigned long error_code;
	u64 pa;
	int level;	 /* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
	u64 leaf_pa;	 /* physical address of the leaf entry */
	u64 leaf;	 /* its value */
	bool rw, us, xd; /* combined rights */
	int nr;
	u64 entries[5];
};

struct sdm_cpu {
	u64 cr3;
	bool la57, wp, nxe, smep, smap;
};

/* The CPU state the reference walker reads, from this_cpu. */
struct sdm_cpu sdm_this_cpu(void);

/* Walk for an access (write, user, fetch); changes no memory. */
struct sdm_result sdm_walk(struct sdm_cpu cpu, unsigned long va, bool write,
			   bool user, bool fetch);

/* Call fn for every leaf reachable from cr3 (va of its first byte). */
typedef void (*sdm_leaf_fn)(unsigned long va, int level, u64 leaf_pa, u64 leaf,
			    void *arg);
void sdm_for_each_leaf(struct sdm_cpu cpu, sdm_leaf_fn fn, void *arg);

/* A source that counts, and can be made to fail after a budget. */
extern long counting_allocs, counting_frees, counting_budget;
extern const struct pgtable_source counting_source;

#endif
