/*
 * The slab allocator's benchmark: 64-byte kmem_cache_alloc+free pairs
 * against glibc's malloc(64)+free in the same run, then the memory taken
 * per 64-byte object by each when 100000 of them are live. Built -O2
 * against the reference tree's plain libmm.a by tests/bench/slab.sh.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "linux/mm.h"
#include "linux/printk.h"
#include "linux/slab.h"
#include "mm/slab.h"
#include "sim/machine.h"

#define LIVE 100000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double pairs_slab(struct kmem_cache *s, long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		void *volatile p = kmem_cache_alloc(s, GFP_KERNEL);

		if (!p)
			abort();
		kmem_cache_free(s, p);
	}
	return now() - t0;
}

static double pairs_malloc(long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		void *volatile p = malloc(64);

		if (!p)
			abort();
		free(p);
	}
	return now() - t0;
}

/* Bytes of slab pages (and their struct pages) per live object. */
static double slab_bytes_per_object(struct kmem_cache *s)
{
	static void *objs[LIVE];
	unsigned long slabs0 = s->node[0].nr_slabs;
	unsigned long pages;
	long i;

	for (i = 0; i < LIVE; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	pages = (s->node[0].nr_slabs - slabs0) << oo_order(s->oo);
	for (i = 0; i < LIVE; i++)
		kmem_cache_free(s, objs[i]);
	return (double)pages * (PAGE_SIZE + sizeof(struct page)) / LIVE;
}

/* Bytes of glibc's heap per live object (arena growth / objects). */
static double malloc_bytes_per_object(void)
{
	static void *objs[LIVE];
	struct mallinfo2 before = mallinfo2(), after;
	long i;

	for (i = 0; i < LIVE; i++)
		objs[i] = malloc(64);
	after = mallinfo2();
	for (i = 0; i < LIVE; i++)
		free(objs[i]);
	return (double)(after.uordblks - before.uordblks) / LIVE;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000;
	struct kmem_cache *s;
	double ours, glibc, mem_slab, mem_malloc;

	printk_set_console(NULL);
	if (machine_boot("pc") < 0) {
		fprintf(stderr, "bench: %s\n", machine_error());
		return 1;
	}
	s = kmem_cache_create("bench-64", 64, 0, 0, NULL);
	if (!s) {
		fprintf(stderr, "bench: kmem_cache_create failed\n");
		return 1;
	}
	pairs_slab(s, n / 10); /* warm up */
	pairs_malloc(n / 10);
	ours = pairs_slab(s, n);
	glibc = pairs_malloc(n);
	mem_slab = slab_bytes_per_object(s);
	mem_malloc = malloc_bytes_per_object();
	printf("bench: kmem_cache_alloc+free (64 B) pairs %6.1f ns/pair  %6.1f M pairs/s\n",
	       ours / n * 1e9, n / ours / 1e6);
	printf("bench: glibc malloc(64)+free pairs        %6.1f ns/pair  %6.1f M pairs/s\n",
	       glibc / n * 1e9, n / glibc / 1e6);
	printf("bench: ratio of our time to glibc's       %6.2f          (target <= 1.2)\n",
	       ours / glibc);
	printf("bench: memory per live 64-byte object: slab %.1f B (%.1f B overhead, struct page included), glibc %.1f B (%.1f B overhead)\n",
	       mem_slab, mem_slab - 64, mem_malloc, mem_malloc - 64);
	kmem_cache_destroy(s);
	machine_shutdown();
	return 0;
}
