/*
 * Exercise 1.3: e820__update_table(), the firmware map sanitizer; and the
 * checks in front of it, which are given code (0 points).
 */
#include <errno.h>
#include <string.h>

#include "asm/e820/api.h"
#include "asm/sections.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"

static struct e820_table t;

TEST(sanitize_sorts_unsorted_entries, 1)
{
	TABLE_SET(&t, ENTRY(0x100000, 0x1fffff, E820_TYPE_RAM),
		  ENTRY(0x0, 0x9ffff, E820_TYPE_RAM),
		  ENTRY(0xf0000, 0xfffff, E820_TYPE_RESERVED));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x9ffff, E820_TYPE_RAM),
		     ENTRY(0xf0000, 0xfffff, E820_TYPE_RESERVED),
		     ENTRY(0x100000, 0x1fffff, E820_TYPE_RAM));
}

TEST(sanitize_merges_touching_ranges, 1)
{
	TABLE_SET(&t, ENTRY(0x3000, 0x3fff, E820_TYPE_RAM),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_RAM),
		  ENTRY(0x5000, 0x5fff, E820_TYPE_RAM),
		  ENTRY(0x2000, 0x2fff, E820_TYPE_RAM),
		  ENTRY(0x6000, 0x6fff, E820_TYPE_RESERVED));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x1000, 0x3fff, E820_TYPE_RAM),
		     ENTRY(0x5000, 0x5fff, E820_TYPE_RAM),
		     ENTRY(0x6000, 0x6fff, E820_TYPE_RESERVED));
}

TEST(sanitize_reserved_inside_ram_wins, 2)
{
	TABLE_SET(&t, ENTRY(0x0, 0xfffff, E820_TYPE_RAM),
		  ENTRY(0x80000, 0x8ffff, E820_TYPE_RESERVED),
		  ENTRY(0x200000, 0x2fffff, E820_TYPE_RESERVED),
		  ENTRY(0x100000, 0x3fffffff, E820_TYPE_RAM));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x7ffff, E820_TYPE_RAM),
		     ENTRY(0x80000, 0x8ffff, E820_TYPE_RESERVED),
		     ENTRY(0x90000, 0x1fffff, E820_TYPE_RAM),
		     ENTRY(0x200000, 0x2fffff, E820_TYPE_RESERVED),
		     ENTRY(0x300000, 0x3fffffff, E820_TYPE_RAM));
}

TEST(sanitize_three_way_overlap, 2)
{
	/* ACPI (3) beats reserved (2) beats RAM (1). */
	TABLE_SET(&t, ENTRY(0x28000, 0x4ffff, E820_TYPE_RESERVED),
		  ENTRY(0x0, 0x63fff, E820_TYPE_RAM),
		  ENTRY(0x14000, 0x3bfff, E820_TYPE_ACPI));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x13fff, E820_TYPE_RAM),
		     ENTRY(0x14000, 0x3bfff, E820_TYPE_ACPI),
		     ENTRY(0x3c000, 0x4ffff, E820_TYPE_RESERVED),
		     ENTRY(0x50000, 0x63fff, E820_TYPE_RAM));
}

TEST(sanitize_identical_ranges_highest_type_wins, 1)
{
	TABLE_SET(&t, ENTRY(0x1000, 0x1fff, E820_TYPE_RAM),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_NVS),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_RESERVED),
		  ENTRY(0x2000, 0x2fff, E820_TYPE_NVS));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x1000, 0x2fff, E820_TYPE_NVS));
}

TEST(sanitize_duplicates_and_nested_same_type, 1)
{
	TABLE_SET(&t, ENTRY(0x0, 0xffff, E820_TYPE_RAM),
		  ENTRY(0x100, 0x1ff, E820_TYPE_RAM),
		  ENTRY(0x0, 0xffff, E820_TYPE_RAM),
		  ENTRY(0x8000, 0x17fff, E820_TYPE_RAM));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x17fff, E820_TYPE_RAM));
}

TEST(sanitize_pc_profile, 2)
{
	const struct machine_profile *pc = machine_profile_find("pc");

	ASSERT_TRUE(pc != NULL);
	memset(&t, 0, sizeof(t));
	for (t.nr_entries = 0; t.nr_entries < pc->nr_map; t.nr_entries++) {
		t.entries[t.nr_entries].addr = pc->map[t.nr_entries].addr;
		t.entries[t.nr_entries].size = pc->map[t.nr_entries].size;
		t.entries[t.nr_entries].type = pc->map[t.nr_entries].type;
	}
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x9fbff, E820_TYPE_RAM),
		     ENTRY(0x9fc00, 0x9ffff, E820_TYPE_RESERVED),
		     ENTRY(0xe0000, 0xfffff, E820_TYPE_RESERVED),
		     ENTRY(0x100000, 0x7aefffff, E820_TYPE_RAM),
		     ENTRY(0x7af00000, 0x7af7ffff, E820_TYPE_ACPI),
		     ENTRY(0x7af80000, 0x7affffff, E820_TYPE_NVS),
		     ENTRY(0x7b000000, 0x7fffffff, E820_TYPE_RESERVED),
		     ENTRY(0xe0000000, 0xefffffff, E820_TYPE_RESERVED),
		     ENTRY(0xfec00000, 0xfec00fff, E820_TYPE_RESERVED),
		     ENTRY(0xfee00000, 0xfee00fff, E820_TYPE_RESERVED),
		     ENTRY(0xff000000, 0xffffffff, E820_TYPE_RESERVED),
		     ENTRY(0x100000000, 0x13fffffff, E820_TYPE_RAM));
}

TEST(sanitize_keeps_persistent_ranges_apart, 1)
{
	TABLE_SET(&t, ENTRY(0x100000000, 0x13fffffff, E820_TYPE_PRAM),
		  ENTRY(0x140000000, 0x17fffffff, E820_TYPE_PRAM),
		  ENTRY(0x0, 0xfffff, E820_TYPE_RAM),
		  ENTRY(0x100000, 0xffffffff, E820_TYPE_RAM));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0xffffffff, E820_TYPE_RAM),
		     ENTRY(0x100000000, 0x13fffffff, E820_TYPE_PRAM),
		     ENTRY(0x140000000, 0x17fffffff, E820_TYPE_PRAM));
}

TEST(sanitize_overflow_is_e2big_and_harmless, 1)
{
	struct e820_table before;
	unsigned int i;

	/* One RAM range with 127 holes punched in it: 255 ranges out. */
	memset(&t, 0, sizeof(t));
	t.entries[0].addr = 0;
	t.entries[0].size = 0x1000000;
	t.entries[0].type = E820_TYPE_RAM;
	for (i = 1; i < E820_MAX_ENTRIES; i++) {
		t.entries[i].addr = 0x10000 * i;
		t.entries[i].size = 0x1000;
		t.entries[i].type = E820_TYPE_RESERVED;
	}
	t.nr_entries = E820_MAX_ENTRIES;
	before = t;
	EXPECT_EQ_INT(-E2BIG, e820__update_table(&t));
	EXPECT_TRUE(memcmp(&before, &t, sizeof(t)) == 0);
}

TEST(sanitize_single_entry, 0)
{
	TABLE_SET(&t, ENTRY(0x0, 0x3ffffff, E820_TYPE_RAM));
	ASSERT_EQ_INT(0, e820__update_table(&t));
	EXPECT_TABLE(&t, ENTRY(0x0, 0x3ffffff, E820_TYPE_RAM));
}

/* The checks in front of the sanitizer: given code, 0 points. */

static void expect_rejected(const char *what)
{
	struct e820_table before = t;

	EXPECT_MSG(e820__update_table(&t) == -EINVAL,
		   "%s: expected -EINVAL", what);
	EXPECT_MSG(memcmp(&before, &t, sizeof(t)) == 0,
		   "%s: the table changed", what);
}

TEST(sanitize_rejects_empty_table, 0)
{
	memset(&t, 0, sizeof(t));
	expect_rejected("empty table");
	t.nr_entries = E820_MAX_ENTRIES + 1;
	expect_rejected("nr_entries past the array");
}

TEST(sanitize_rejects_zero_size_entry, 0)
{
	TABLE_SET(&t, ENTRY(0x0, 0xfff, E820_TYPE_RAM),
		  ENTRY(0x100000, 0x1fffff, E820_TYPE_RAM));
	t.entries[1].size = 0;
	expect_rejected("zero-size entry");
}

TEST(sanitize_rejects_wrapping_entries, 0)
{
	TABLE_SET(&t, ENTRY(0x0, 0xfff, E820_TYPE_RAM),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_RAM));
	t.entries[1].addr = 0xfffffffffffff000ULL;
	t.entries[1].size = 0x2000;
	expect_rejected("entry wrapping past 2^64");
	t.entries[1].size = 0x1000;
	expect_rejected("entry ending exactly at 2^64");
}

TEST(sanitize_rejects_type_zero, 0)
{
	TABLE_SET(&t, ENTRY(0x0, 0xfff, E820_TYPE_RAM),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_RAM));
	t.entries[0].type = 0;
	expect_rejected("entry of type 0");
}

/* Every profile has RAM where the boot loader put the kernel image. */
TEST_WITH(kernel_image_lands_in_ram, 0, .depends = "sanitize_pc_profile")
{
	const struct machine_profile *p;
	unsigned int i;

	EXPECT_EQ_U64(0x1000000, __pa_symbol(_text));
	EXPECT_EQ_U64(0x1800000, __pa_symbol(_end));
	for (i = 0; (p = machine_profile_at(i)); i++) {
		ASSERT_EQ_INT(0, machine_boot(p->name));
		EXPECT_MSG(e820__mapped_all(__pa_symbol(_text),
					    __pa_symbol(_end), E820_TYPE_RAM),
			   "profile %s: no RAM under the kernel image", p->name);
		machine_shutdown();
	}
}
