/* Exercises 4.3 and 4.4: finding free space top down and bottom up. */
#include <string.h>

#include "asm/page.h"
#include "helpers.h"
#include "sim/machine.h"

#define ANY MEMBLOCK_ALLOC_ANYWHERE

TEST(top_down_takes_the_highest_fit, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	EXPECT_EQ_U64(0x1ff000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x1ff000, 0x1000));
}

TEST(top_down_skips_reserved, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	TYPE_SET(RESERVED, R(0x1f0000, 0x10000));
	EXPECT_EQ_U64(0x1ef000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x1ef000, 0x11000));
}

TEST(top_down_aligns_down, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0xfe800));
	EXPECT_EQ_U64(0x1f0000, memblock_phys_alloc_range(0x1000, 0x10000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x1f0000, 0x1000));
}

TEST(top_down_stays_below_the_window_end, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	EXPECT_EQ_U64(0x17f000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							   0x180000));
	CHECK();
}

TEST(top_down_stays_below_current_limit, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	memblock_set_current_limit(0x150000);
	EXPECT_EQ_U64(0x150000, memblock_get_current_limit());
	EXPECT_EQ_U64(0x14f000, memblock_phys_alloc(0x1000, 0x1000));
	CHECK();
}

TEST(top_down_never_gives_the_first_page, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0, 0x3000));
	EXPECT_EQ_U64(0, memblock_phys_alloc_range(0x3000, 0x1000, 0, ANY));
	EXPECT_EMPTY(RESERVED);
	EXPECT_EQ_U64(0x1000, memblock_phys_alloc_range(0x2000, 0x1000, 0,
							 ANY));
	EXPECT_REGIONS(RESERVED, R(0x1000, 0x2000));
}

TEST(top_down_too_big_fails_and_changes_nothing, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x10000), R(0x200000, 0x10000));
	EXPECT_EQ_U64(0, memblock_phys_alloc_range(0x20000, 0x1000, 0, ANY));
	EXPECT_EMPTY(RESERVED);
	EXPECT_EQ_U64(0x200000, memblock_phys_alloc_range(0x10000, 0x1000, 0,
							   ANY));
	EXPECT_EQ_U64(0x100000, memblock_phys_alloc_range(0x10000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x100000, 0x10000), R(0x200000, 0x10000));
}

TEST(top_down_successive_blocks_merge, 1)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	EXPECT_EQ_U64(0x1ff000, memblock_phys_alloc(0x1000, 0x1000));
	EXPECT_EQ_U64(0x1fe000, memblock_phys_alloc(0x1000, 0x1000));
	EXPECT_EQ_U64(0x1fc000, memblock_phys_alloc(0x2000, 0x1000));
	EXPECT_REGIONS(RESERVED, R(0x1fc000, 0x4000));
}

TEST(alloc_falls_back_from_a_node_to_any, 1)
{
	fresh();
	TYPE_SET(MEMORY, RN(0x100000, 0x100000, 0), RN(0x300000, 0x100000, 1));
	/* Node 2 has no memory: exact fails, otherwise any node will do. */
	EXPECT_EQ_U64(0, memblock_alloc_range_nid(0x1000, 0x1000, 0, ANY, 2,
						  true));
	EXPECT_EMPTY(RESERVED);
	EXPECT_EQ_U64(0x1ff000, memblock_alloc_range_nid(0x1000, 0x1000, 0, ANY,
							 0, true));
	EXPECT_EQ_U64(0x3ff000, memblock_alloc_range_nid(0x1000, 0x1000, 0, ANY,
							 2, false));
	EXPECT_REGIONS(RESERVED, R(0x1ff000, 0x1000), R(0x3ff000, 0x1000));
}

TEST(bottom_up_takes_the_lowest_fit, 1)
{
	fresh();
	memblock_set_bottom_up(true);
	EXPECT_TRUE(memblock_bottom_up());
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	EXPECT_EQ_U64(0x100000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x100000, 0x1000));
}

TEST(bottom_up_skips_reserved, 1)
{
	fresh();
	memblock_set_bottom_up(true);
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	TYPE_SET(RESERVED, R(0x100000, 0x10000));
	EXPECT_EQ_U64(0x110000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x100000, 0x11000));
}

TEST(bottom_up_aligns_up, 1)
{
	fresh();
	memblock_set_bottom_up(true);
	TYPE_SET(MEMORY, R(0x100800, 0xff800));
	EXPECT_EQ_U64(0x110000, memblock_phys_alloc_range(0x1000, 0x10000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x110000, 0x1000));
}

TEST(bottom_up_stays_above_the_window_start, 1)
{
	fresh();
	memblock_set_bottom_up(true);
	TYPE_SET(MEMORY, R(0, 0x200000));
	EXPECT_EQ_U64(0x150000, memblock_phys_alloc_range(0x1000, 0x1000,
							   0x150000, ANY));
	/* Never the first page, even when the window starts at 0. */
	EXPECT_EQ_U64(0x1000, memblock_phys_alloc_range(0x1000, 0x1000, 0,
							 ANY));
	EXPECT_REGIONS(RESERVED, R(0x1000, 0x1000), R(0x150000, 0x1000));
}

TEST(bottom_up_too_big_fails, 1)
{
	fresh();
	memblock_set_bottom_up(true);
	TYPE_SET(MEMORY, R(0x100000, 0x10000), R(0x200000, 0x10000));
	EXPECT_EQ_U64(0, memblock_phys_alloc_range(0x20000, 0x1000, 0, ANY));
	EXPECT_EMPTY(RESERVED);
	EXPECT_EQ_U64(0x100000, memblock_phys_alloc_range(0x10000, 0x1000, 0,
							   ANY));
	EXPECT_REGIONS(RESERVED, R(0x100000, 0x10000));
}

TEST(alloc_try_nid_retries_without_its_lower_limit, 1)
{
	unsigned char *p;

	boot_fresh(NULL);
	memblock_set_bottom_up(true);
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	memset(__va(0x100000), 0xaa, 0x1000);
	p = memblock_alloc_from(0x1000, 0x1000, 0x300000);
	ASSERT_MSG(p != NULL, "memblock_alloc_from() returned NULL");
	EXPECT_EQ_U64(0x100000, __pa(p));
	EXPECT_TRUE(p[0] == 0 && p[0xfff] == 0);
	EXPECT_REGIONS(RESERVED, R(0x100000, 0x1000));
}

TEST(alloc_rejects_size_0_and_bad_alignment, 0)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x100000));
	EXPECT_EQ_U64(0, memblock_phys_alloc_range(0, 0x1000, 0, ANY));
	EXPECT_EQ_U64(0, memblock_phys_alloc_range(0x1000, 0x3000, 0, ANY));
	EXPECT_TRUE(memblock_alloc(0, 0x1000) == NULL);
	EXPECT_EMPTY(RESERVED);
	CHECK();
}

TEST(alloc_align_0_means_a_cache_line, 0)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x1001));
	EXPECT_EQ_U64(0x100fc0, memblock_phys_alloc_range(0x40, 0, 0, ANY));
	EXPECT_TRUE(log_has("align 0"));
	CHECK();
}

TEST(alloc_outside_the_machine_returns_null, 0)
{
	boot_fresh(NULL);
	TYPE_SET(MEMORY, R(0x100000000ULL, 0x100000));
	EXPECT_TRUE(memblock_alloc(0x1000, 0x1000) == NULL);
	EXPECT_EMPTY(RESERVED);
	memblock_free(NULL, 0x1000);
	CHECK();
}
