/*
 * Helpers shared by the memblock lab's tests: set a type's regions
 * directly, compare a type with the expected regions, and check
 * memblock's invariants after every operation.
 */
#ifndef MEMBLOCK_TEST_HELPERS_H
#define MEMBLOCK_TEST_HELPERS_H

#include "grader.h"
#include "linux/array_size.h"
#include "linux/memblock.h"

/*
 * Call the functions directly, not through memblock.h's tracing macros,
 * so that a failed check names the call as the test wrote it.
 */
#undef memblock_add
#undef memblock_add_node
#undef memblock_remove
#undef memblock_reserve
#undef memblock_phys_free
#undef memblock_phys_alloc_range
#undef memblock_alloc_try_nid

struct rgn {
	phys_addr_t base, size;
	int nid;
	enum memblock_flags flags;
};

/* A region as memblock_add() or memblock_reserve() makes it. */
#define R(b, s)	     { (b), (s), MAX_NUMNODES, MEMBLOCK_NONE }
#define RN(b, s, n)  { (b), (s), (n), MEMBLOCK_NONE }
#define RF(b, s, f)  { (b), (s), MAX_NUMNODES, (f) }

/* Make type hold exactly these regions (sorted, as given). */
#define TYPE_SET(type, ...)                                              \
	do {                                                             \
		const struct rgn r_[] = { __VA_ARGS__ };                 \
		type_set((type), r_, ARRAY_SIZE(r_));                    \
	} while (0)

/* Expect type to hold exactly these regions; then check invariants. */
#define EXPECT_REGIONS(type, ...)                                        \
	do {                                                             \
		const struct rgn r_[] = { __VA_ARGS__ };                 \
		regions_expect((type), r_, ARRAY_SIZE(r_), __FILE__,     \
			       __LINE__);                                \
	} while (0)

/* Expect type to be empty: only the dummy region. */
#define EXPECT_EMPTY(type) empty_expect((type), __FILE__, __LINE__)

/* memblock_check() must pass; the test ends if it does not. */
#define CHECK() invariants_hold(__FILE__, __LINE__)

#define MEMORY	 (&memblock.memory)
#define RESERVED (&memblock.reserved)

void fresh(void);
void boot_fresh(const char *profile);
void type_set(struct memblock_type *type, const struct rgn *r, unsigned int n);
void regions_expect(const struct memblock_type *type, const struct rgn *r,
		    unsigned int n, const char *file, int line);
void empty_expect(const struct memblock_type *type, const char *file,
		  int line);
void invariants_hold(const char *file, int line);
int log_has(const char *text);

#endif
