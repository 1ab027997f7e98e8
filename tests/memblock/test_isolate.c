/* Exercise 4.2: memblock_isolate_range(), and what is built on it. */
#include <errno.h>

#include "helpers.h"

TEST(remove_from_the_middle_splits, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x10000, 0x10000));
	ASSERT_EQ_INT(0, memblock_remove(0x14000, 0x4000));
	EXPECT_REGIONS(MEMORY, R(0x10000, 0x4000), R(0x18000, 0x8000));
}

TEST(remove_the_head, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x10000, 0x10000));
	ASSERT_EQ_INT(0, memblock_remove(0x8000, 0xc000));
	EXPECT_REGIONS(MEMORY, R(0x14000, 0xc000));
}

TEST(remove_the_tail, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x10000, 0x10000));
	ASSERT_EQ_INT(0, memblock_remove(0x1c000, 0x14000));
	EXPECT_REGIONS(MEMORY, R(0x10000, 0xc000));
}

TEST(remove_a_whole_region_brings_back_the_dummy, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x10000, 0x10000), R(0x30000, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0x10000, 0x10000));
	EXPECT_REGIONS(MEMORY, R(0x30000, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0x30000, 0x1000));
	EXPECT_EMPTY(MEMORY);
	CHECK();
}

TEST(remove_across_two_regions, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x10000, 0x4000), R(0x18000, 0x4000),
		 R(0x30000, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0x12000, 0x8000));
	EXPECT_REGIONS(MEMORY, R(0x10000, 0x2000), R(0x1a000, 0x2000),
		       R(0x30000, 0x1000));
}

TEST(remove_in_a_hole_changes_nothing, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x1000, 0x1000), R(0x4000, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0x2000, 0x2000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000), R(0x4000, 0x1000));
}

TEST(remove_everything_from_zero_up, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x1000, 0x1000), R(0x4000, 0x1000),
		 R(0x100000000ULL, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0x2000, PHYS_ADDR_MAX));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_remove(0, PHYS_ADDR_MAX));
	EXPECT_EMPTY(MEMORY);
	CHECK();
}

TEST(phys_free_splits_a_reservation, 1)
{
	fresh();
	TYPE_SET(RESERVED, R(0x1000, 0x8000));
	ASSERT_EQ_INT(0, memblock_phys_free(0x3000, 0x1000));
	EXPECT_REGIONS(RESERVED, R(0x1000, 0x2000), R(0x4000, 0x5000));
	EXPECT_TRUE(!memblock_is_reserved(0x3000));
	EXPECT_TRUE(memblock_is_reserved(0x4000));
	EXPECT_TRUE(!memblock_is_region_reserved(0x3000, 0x1000));
	EXPECT_TRUE(memblock_is_region_reserved(0x3000, 0x1001));
}

TEST(set_node_splits_then_merges, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0, 0x10000));
	ASSERT_EQ_INT(0, memblock_set_node(0x4000, 0x4000, MEMORY, 0));
	EXPECT_REGIONS(MEMORY, R(0, 0x4000), RN(0x4000, 0x4000, 0),
		       R(0x8000, 0x8000));
	ASSERT_EQ_INT(0, memblock_set_node(0, 0x4000, MEMORY, 0));
	EXPECT_REGIONS(MEMORY, RN(0, 0x8000, 0), R(0x8000, 0x8000));
	EXPECT_EQ_INT(-EINVAL, memblock_set_node(0, 0x1000, MEMORY, 1000));
	EXPECT_REGIONS(MEMORY, RN(0, 0x8000, 0), R(0x8000, 0x8000));
}

TEST(mark_nomap_splits_and_clearing_merges, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	ASSERT_EQ_INT(0, memblock_mark_nomap(0x140000, 0x10000));
	EXPECT_REGIONS(MEMORY, R(0x100000, 0x40000),
		       RF(0x140000, 0x10000, MEMBLOCK_NOMAP),
		       R(0x150000, 0xb0000));
	ASSERT_EQ_INT(0, memblock_clear_nomap(0x140000, 0x10000));
	EXPECT_REGIONS(MEMORY, R(0x100000, 0x100000));
}

TEST(isolate_needs_two_free_slots, 0)
{
	struct rgn many[INIT_MEMBLOCK_REGIONS - 1];
	unsigned int i;

	fresh();
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct rgn)R(0x100000 + i * 0x2000, 0x1000);
	type_set(MEMORY, many, ARRAY_SIZE(many));
	CHECK();
	/* 127 + 2 > 128, and the array may not grow yet. */
	EXPECT_EQ_INT(-ENOMEM, memblock_remove(0x100800, 0x100));
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS - 1, MEMORY->cnt);
	EXPECT_EQ_U64((INIT_MEMBLOCK_REGIONS - 1) * 0x1000, MEMORY->total_size);
	CHECK();
}
