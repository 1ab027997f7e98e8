/*
 * Benchmark of the simulated MMU: translations per second on a TLB hit
 * (mmu_translate() answered by tlb_lookup()) and on a full 4-level walk
 * (mmu_walk(), no TLB), measured in one run. Built with -O2 against a
 * plain (not sanitized) build of the tree by tests/bench/paging.sh.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "asm/tlbflush.h"
#include "sim/machine.h"
#include "sim/mmu.h"
#include "sim/paging.h"
#include "linux/printk.h"

#define PAGES 64 /* all in the TLB at once */
#define UVA   0x00007f0000000000UL

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	unsigned long i, n_hit = 200000000UL, n_walk = 5000000UL;
	phys_addr_t pa, sum = 0;
	struct mmu_walk w;
	double t0, t_hit, t_walk;
	pgd_t *pgd;

	printk_set_console(NULL);
	if (machine_boot(NULL) || !(pgd = pgd_alloc()) ||
	    map_range(pgd, UVA, UVA + PAGES * PAGE_SIZE, 0x2000000,
		      __pgprot(pgprot_val(PAGE_SHARED) | _PAGE_DIRTY),
		      PAGE_SHIFT)) {
		fprintf(stderr, "bench: cannot set up the machine\n");
		return 1;
	}
	native_write_cr3(build_cr3(pgd, 1));
	for (i = 0; i < PAGES; i++)
		if (mmu_translate(UVA + i * PAGE_SIZE, MMU_USER, &pa))
			return 1;

	t0 = now();
	for (i = 0; i < n_hit; i++) {
		mmu_translate(UVA + (i % PAGES) * PAGE_SIZE + (i & 0xff8),
			      MMU_USER | (i & 2 ? MMU_WRITE : 0), &pa);
		sum += pa;
	}
	t_hit = now() - t0;

	t0 = now();
	for (i = 0; i < n_walk; i++) {
		mmu_walk(this_cpu, UVA + (i % PAGES) * PAGE_SIZE, MMU_USER, &w);
		sum += w.pa;
	}
	t_walk = now() - t0;

	if (sim_tlb.misses != PAGES) {
		fprintf(stderr, "bench: %lu TLB misses, expected %d\n",
			sim_tlb.misses, PAGES);
		return 1;
	}
	printf("bench: TLB-hit translations   %8.1f million/s  (target >= 100)\n",
	       n_hit / t_hit / 1e6);
	printf("bench: full-walk translations %8.1f million/s  (4 levels, no TLB)\n",
	       n_walk / t_walk / 1e6);
	printf("bench: a hit is %.1fx faster than a walk  (checksum %llx)\n",
	       (n_hit / t_hit) / (n_walk / t_walk), sum & 0xfff);
	return 0;
}
