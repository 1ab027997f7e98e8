/* Exercise 1.2: __e820__mapped_all(), through e820__mapped_all() and
 * e820__get_entry_type(); and e820__mapped_any() (given code, 0 points). */
#include <errno.h>

#include "asm/e820/api.h"
#include "grader.h"
#include "helpers.h"

static void qemu_like_table(void)
{
	TABLE_SET(e820_table, ENTRY(0x0, 0x9fbff, E820_TYPE_RAM),
		  ENTRY(0x9fc00, 0x9ffff, E820_TYPE_RESERVED),
		  ENTRY(0x100000, 0x7fffffff, E820_TYPE_RAM));
}

TEST(mapped_all_inside_one_entry, 1)
{
	qemu_like_table();
	EXPECT_TRUE(e820__mapped_all(0x1000, 0x2000, E820_TYPE_RAM));
	EXPECT_TRUE(e820__mapped_all(0x0, 0x9fc00, E820_TYPE_RAM));
	EXPECT_TRUE(e820__mapped_all(0x100000, 0x80000000, E820_TYPE_RAM));
	EXPECT_TRUE(!e820__mapped_all(0x100000, 0x80000001, E820_TYPE_RAM));
	EXPECT_TRUE(!e820__mapped_all(0x9fc00, 0x9fd00, E820_TYPE_RAM));
	EXPECT_TRUE(e820__mapped_all(0x9fc00, 0x9fd00, E820_TYPE_RESERVED));
}

TEST(mapped_all_across_touching_types, 1)
{
	qemu_like_table();
	EXPECT_TRUE(e820__mapped_all(0x9f000, 0xa0000, 0));
	EXPECT_TRUE(!e820__mapped_all(0x9f000, 0xa0000, E820_TYPE_RAM));
	EXPECT_EQ_INT(E820_TYPE_RESERVED, e820__get_entry_type(0x9f000, 0xa0000));
	EXPECT_EQ_INT(E820_TYPE_RAM, e820__get_entry_type(0x0, 0x1000));
}

TEST(mapped_all_stops_at_holes, 1)
{
	qemu_like_table();
	EXPECT_TRUE(e820__mapped_all(0x9f000, 0xa0000, 0));
	EXPECT_TRUE(!e820__mapped_all(0x9f000, 0xa0001, 0));
	EXPECT_TRUE(!e820__mapped_all(0x9f000, 0x101000, 0));
	EXPECT_TRUE(!e820__mapped_all(0xa0000, 0xb0000, 0));
	EXPECT_TRUE(!e820__mapped_all(0x7ffff000, 0x80001000, 0));
	EXPECT_EQ_INT(-EINVAL, e820__get_entry_type(0xa0000, 0xb0000));
	EXPECT_EQ_INT(-EINVAL, e820__get_entry_type(0xff000, 0x100001));
}

TEST(mapped_all_across_unmerged_entries, 1)
{
	TABLE_SET(e820_table, ENTRY(0x0, 0xfff, E820_TYPE_RAM),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_RAM),
		  ENTRY(0x2000, 0x2fff, E820_TYPE_RAM),
		  ENTRY(0x4000, 0x4fff, E820_TYPE_RAM));
	EXPECT_TRUE(e820__mapped_all(0x800, 0x2800, E820_TYPE_RAM));
	EXPECT_TRUE(e820__mapped_all(0x0, 0x3000, E820_TYPE_RAM));
	EXPECT_TRUE(!e820__mapped_all(0x800, 0x3001, E820_TYPE_RAM));
	EXPECT_TRUE(!e820__mapped_all(0x2800, 0x4800, E820_TYPE_RAM));
}

TEST(mapped_any_finds_overlaps, 0)
{
	qemu_like_table();
	EXPECT_TRUE(e820__mapped_any(0x9fbff, 0x9fc01, E820_TYPE_RESERVED));
	EXPECT_TRUE(!e820__mapped_any(0xa0000, 0x100000, 0));
	EXPECT_TRUE(e820__mapped_any(0xa0000, 0x100001, E820_TYPE_RAM));
	EXPECT_TRUE(!e820__mapped_any(0x80000000, 0x80001000, 0));
}
