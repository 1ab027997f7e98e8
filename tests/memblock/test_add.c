/* Exercise 4.1: memblock_add_range(), inserting and merging. */
#include <errno.h>

#include "asm/page.h"
#include "helpers.h"
#include "sim/machine.h"

TEST(empty_state_is_one_dummy_region, 0)
{
	phys_addr_t start, end;
	u64 i;
	int n = 0;

	fresh();
	EXPECT_EMPTY(MEMORY);
	EXPECT_EMPTY(RESERVED);
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS, MEMORY->max);
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS, RESERVED->max);
	EXPECT_EQ_STR("memory", MEMORY->name);
	EXPECT_EQ_STR("reserved", RESERVED->name);
	EXPECT_TRUE(!memblock.bottom_up);
	EXPECT_EQ_U64(MEMBLOCK_ALLOC_ANYWHERE, memblock.current_limit);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				NULL)
		n++;
	EXPECT_EQ_INT(0, n);
	EXPECT_EQ_U64(0, memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE));
	EXPECT_EMPTY(RESERVED);
	CHECK();
}

TEST(add_to_empty_fills_the_dummy, 0)
{
	fresh();
	EXPECT_EQ_INT(0, memblock_add(0x1000, 0x2000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x2000));
	EXPECT_EQ_INT(0, memblock_reserve(0x1000, 0x1000));
	EXPECT_REGIONS(RESERVED, R(0x1000, 0x1000));
}

TEST(add_zero_size_and_bad_node_change_nothing, 0)
{
	fresh();
	EXPECT_EQ_INT(0, memblock_add(0x1000, 0));
	EXPECT_EMPTY(MEMORY);
	EXPECT_EQ_INT(-EINVAL, memblock_add_node(0x1000, 0x1000,
						 MAX_NUMNODES + 1, 0));
	EXPECT_EQ_INT(-EINVAL, memblock_add_node(0x1000, 0x1000, -5, 0));
	EXPECT_EMPTY(MEMORY);
	CHECK();
}

TEST(add_disjoint_above_and_below, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x10000, 0x1000));
	CHECK();
	ASSERT_EQ_INT(0, memblock_add(0x20000, 0x1000));
	CHECK();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000), R(0x10000, 0x1000),
		       R(0x20000, 0x1000));
}

TEST(add_touching_below_merges, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x2000));
}

TEST(add_touching_above_merges, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x3000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x4000));
}

TEST(add_bridging_a_gap_merges_three, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x3000, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000), R(0x3000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x3000));
}

TEST(add_overlapping_extends, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x2000));
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x3000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x4000));
	ASSERT_EQ_INT(0, memblock_add(0x800, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x800, 0x4800));
}

TEST(add_contained_changes_nothing, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x4000));
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x1000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x4000));
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x4000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x4000));
}

TEST(add_covering_several_regions, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x2000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x4000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x6000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0x9000, 0x1000));
	CHECK();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x7000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x7000), R(0x9000, 0x1000));
}

TEST(add_other_node_does_not_merge, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add_node(0x1000, 0x1000, 0, MEMBLOCK_NONE));
	ASSERT_EQ_INT(0, memblock_add_node(0x2000, 0x1000, 1, MEMBLOCK_NONE));
	EXPECT_REGIONS(MEMORY, RN(0x1000, 0x1000, 0), RN(0x2000, 0x1000, 1));
	ASSERT_EQ_INT(0, memblock_add_node(0x3000, 0x1000, 1, MEMBLOCK_NONE));
	EXPECT_REGIONS(MEMORY, RN(0x1000, 0x1000, 0), RN(0x2000, 0x2000, 1));
}

TEST(add_other_flags_does_not_merge, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add_node(0x2000, 0x1000, MAX_NUMNODES,
					   MEMBLOCK_HOTPLUG));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000),
		       RF(0x2000, 0x1000, MEMBLOCK_HOTPLUG));
}

TEST(add_overlap_keeps_existing_attributes, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add_node(0x2000, 0x1000, 1, MEMBLOCK_NONE));
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x3000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000), RN(0x2000, 0x1000, 1),
		       R(0x3000, 0x1000));
}

TEST(add_is_capped_at_phys_addr_max, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_add(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_add(0xfffffffffffff000ULL, 0x10000));
	EXPECT_REGIONS(MEMORY, R(0x1000, 0x1000),
		       R(0xfffffffffffff000ULL, 0xfff));
	EXPECT_EQ_U64(0xffffffffffffffffULL, memblock_end_of_DRAM());
}

TEST(reserve_merges_in_reserved_only, 1)
{
	fresh();
	ASSERT_EQ_INT(0, memblock_reserve(0x3000, 0x1000));
	ASSERT_EQ_INT(0, memblock_reserve(0x1000, 0x1000));
	ASSERT_EQ_INT(0, memblock_reserve(0x2000, 0x1000));
	EXPECT_REGIONS(RESERVED, R(0x1000, 0x3000));
	EXPECT_EMPTY(MEMORY);
	EXPECT_EQ_U64(0x3000, memblock_reserved_size());
	EXPECT_TRUE(memblock_is_reserved(0x3fff));
	EXPECT_TRUE(!memblock_is_reserved(0x4000));
}

TEST(add_129th_region_fails_without_resize, 1)
{
	unsigned long i;

	fresh();
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		ASSERT_EQ_INT(0, memblock_add(0x100000 + i * 0x2000, 0x1000));
	CHECK();
	ASSERT_EQ_U64(INIT_MEMBLOCK_REGIONS, MEMORY->cnt);
	EXPECT_EQ_INT(-ENOMEM, memblock_add(0x10000000, 0x1000));
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS, MEMORY->cnt);
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS, MEMORY->max);
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS * 0x1000, MEMORY->total_size);
	/* Even a gap that would merge needs a slot: insertion comes first. */
	EXPECT_EQ_INT(-ENOMEM, memblock_add(0x101000, 0x1000));
	/* A range already present needs none. */
	EXPECT_EQ_INT(0, memblock_add(0x100000, 0x1000));
	EXPECT_EQ_U64(INIT_MEMBLOCK_REGIONS, MEMORY->cnt);
	CHECK();
}

TEST_WITH(add_grows_the_array_from_memblock, 1, .timeout = 5.0)
{
	unsigned long i, max;
	phys_addr_t arr;

	boot_fresh(NULL);
	ASSERT_EQ_INT(0, memblock_add(0, 64 << 20));
	memblock_allow_resize();
	for (i = 0; i < 200; i++)
		ASSERT_EQ_INT(0, memblock_reserve(0x100000 + i * 0x2000, 0x1000));
	CHECK();
	max = RESERVED->max;
	EXPECT_EQ_U64(2 * INIT_MEMBLOCK_REGIONS, max);
	arr = __pa(RESERVED->regions);
	ASSERT_MSG(sim_phys_contains(arr, max * sizeof(struct memblock_region)),
		   "the new reserved array is not in the machine's memory");
	/* Top down: the array's pages end at the end of memory. */
	EXPECT_EQ_U64((64 << 20) - 0x2000, arr);
	EXPECT_TRUE(memblock_is_reserved(arr));
	EXPECT_TRUE(memblock_is_reserved(arr + 0x1fff));
	EXPECT_EQ_U64(201, RESERVED->cnt);
	EXPECT_EQ_U64(200 * 0x1000 + 0x2000, memblock_reserved_size());
	EXPECT_TRUE(memblock_is_reserved(0x100000 + 199 * 0x2000));
	EXPECT_TRUE(!memblock_is_reserved(0x101000));
}
