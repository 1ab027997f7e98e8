/*
 * The buddy allocator's benchmark: order-0 alloc+free pairs against
 * glibc's malloc(4096)+free in the same run, then ten million random
 * operations with the invariant checker off. Built -O2 against the
 * reference tree's plain libmm.a by tests/bench/buddy.sh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "linux/mm.h"
#include "linux/printk.h"
#include "sim/machine.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double pairs_buddy(long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		if (!page)
			abort();
		__free_pages(page, 0);
	}
	return now() - t0;
}

static double pairs_malloc(long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		void *volatile p = malloc(4096);

		if (!p)
			abort();
		free(p);
	}
	return now() - t0;
}

static double random_ops(long n)
{
	static struct {
		struct page *page;
		unsigned int order;
	} held[4096];
	unsigned long long seed = 42;
	unsigned int count = 0;
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (count < 4096 && (count == 0 || (seed >> 40) % 2)) {
			unsigned int order = (seed >> 20) % 4;
			struct page *page =
				alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

			if (page) {
				held[count].page = page;
				held[count++].order = order;
			}
		} else {
			unsigned int k = (seed >> 24) % count;

			__free_pages(held[k].page, held[k].order);
			held[k] = held[--count];
		}
	}
	while (count--)
		__free_pages(held[count].page, held[count].order);
	return now() - t0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000;
	double ours, glibc, rnd;

	printk_set_console(NULL);
	if (machine_boot("pc") < 0) {
		fprintf(stderr, "bench: %s\n", machine_error());
		return 1;
	}
	pairs_buddy(n / 10); /* warm up */
	pairs_malloc(n / 10);
	ours = pairs_buddy(n);
	glibc = pairs_malloc(n);
	rnd = random_ops(n);
	printf("bench: buddy order-0 alloc+free pairs   %6.1f ns/pair  %6.1f M pairs/s\n",
	       ours / n * 1e9, n / ours / 1e6);
	printf("bench: glibc malloc(4096)+free pairs    %6.1f ns/pair  %6.1f M pairs/s\n",
	       glibc / n * 1e9, n / glibc / 1e6);
	printf("bench: ratio of our time to glibc's     %6.2f          (target <= 1.0)\n",
	       ours / glibc);
	printf("bench: %ld random operations (orders 0-3, checker off) %6.2f s\n",
	       n, rnd);
	machine_shutdown();
	return 0;
}
