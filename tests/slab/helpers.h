/*
 * Helpers shared by the slab lab's tests: boot a machine, run the
 * invariant checker, read the log and /proc/slabinfo, reach into caches.
 */
#ifndef SLAB_TEST_HELPERS_H
#define SLAB_TEST_HELPERS_H

#include "grader.h"
#include "linux/mm.h"
#include "linux/printk.h"
#include "linux/slab.h"
#include "../mm/slab.h"

/* Boot the small machine (slab_debug off); the test ends if it fails. */
#define BOOT() boot_machine(__FILE__, __LINE__)

/* slab_check() must pass; the test ends if it does not. */
#define CHECK() invariants_hold(__FILE__, __LINE__)

/* A new cache; the test ends if it cannot be created. */
#define CACHE(name, size, align, flags, ctor) \
	new_cache((name), (size), (align), (flags), (ctor), __FILE__, __LINE__)

/* An object of s; the test ends if there is none. */
#define ALLOC(s) alloc_or_die((s), __FILE__, __LINE__)

#define NODE0(s) (&(s)->node[0])
#define CPU(s)	 (&(s)->cpu_slab[0])

void boot_machine(const char *file, int line);
void invariants_hold(const char *file, int line);
struct kmem_cache *new_cache(const char *name, unsigned int size,
			     unsigned int align, slab_flags_t flags,
			     void (*ctor)(void *), const char *file, int line);
void *alloc_or_die(struct kmem_cache *s, const char *file, int line);
int log_has(const char *text);
int log_count(const char *text);

/* The number of objects on a free list, or -1 past max. */
int freelist_len(struct kmem_cache *s, void *fp, int max);

/* Whether slab is on the node's partial list; its position (0-based). */
int partial_pos(struct kmem_cache *s, struct slab *slab);

/* The whole of /proc/slabinfo; the line of one cache ("" if none). */
const char *slabinfo(void);
const char *slabinfo_line(const char *name);

#endif
