/*
 * Helpers shared by the machine lab's tests: build an e820 table from a
 * literal list of ranges, and compare a table with the expected ranges.
 */
#ifndef MACHINE_TEST_HELPERS_H
#define MACHINE_TEST_HELPERS_H

#include <string.h>

#include "asm/e820/api.h"
#include "linux/array_size.h"

/* An entry written the way the boot log prints it: first and last byte. */
#define ENTRY(first, last, t)                                            \
	{ .addr = (first), .size = (u64)(last) - (u64)(first) + 1, .type = (t) }

#define TABLE_SET(t, ...)                                                \
	do {                                                             \
		const struct e820_entry e_[] = { __VA_ARGS__ };          \
		table_set((t), e_, ARRAY_SIZE(e_));                      \
	} while (0)

#define EXPECT_TABLE(t, ...)                                             \
	do {                                                             \
		const struct e820_entry e_[] = { __VA_ARGS__ };          \
		table_expect((t), e_, ARRAY_SIZE(e_), __FILE__, __LINE__); \
	} while (0)

void table_set(struct e820_table *t, const struct e820_entry *e,
	       unsigned int n);
void table_expect(const struct e820_table *t, const struct e820_entry *e,
		  unsigned int n, const char *file, int line);

/* Whether the kernel log contains text. */
int log_has(const char *text);

#endif
