/* memblock at boot, the hand-over, the dump and mmsim (0 points). */
#include <stdlib.h>
#include <string.h>

#include "asm/page.h"
#include "asm/realmode.h"
#include "helpers.h"
#include "linux/pfn.h"
#include "linux/printk.h"
#include "sim/machine.h"

static char out[16384];

#define SMALL_DUMP                                                                                             \
	"MEMBLOCK configuration:\n"                                                                            \
	" memory size = 0x0000000004000000 reserved size = 0x0000000000900000\n"                               \
	" memory.cnt  = 0x1\n"                                                                                 \
	" memory[0x0]\t[0x0000000000000000-0x0000000003ffffff], 0x0000000004000000 bytes flags: 0x0\n"         \
	" reserved.cnt  = 0x2\n"                                                                               \
	" reserved[0x0]\t[0x0000000000000000-0x00000000000fffff], 0x0000000000100000 bytes flags: 0x0\n"       \
	" reserved[0x1]\t[0x0000000001000000-0x00000000017fffff], 0x0000000000800000 bytes flags: 0x0\n"

/*
 * The early reservations are the first two reserved regions; what later
 * boot phases allocate (page tables, chapter 3) lies above the image.
 */
static void expect_early_reservations(const char *file, int line)
{
	const struct memblock_region *r = RESERVED->regions;
	unsigned long i;

	grade_check(RESERVED->cnt >= 2 && r[0].base == 0 &&
			    r[0].size == 0x100000 && r[1].base == 0x1000000 &&
			    r[1].size == 0x800000,
		    0, file, line,
		    "expected reserved to begin [0, 0x100000), [0x1000000, 0x1800000); got cnt %lu, [%#llx, +%#llx), [%#llx, +%#llx)",
		    RESERVED->cnt, r[0].base, r[0].size, r[1].base, r[1].size);
	for (i = 2; i < RESERVED->cnt; i++)
		grade_check(r[i].base >= 0x1800000, 0, file, line,
			    "reserved region %lu at %#llx is below the image", i,
			    r[i].base);
	invariants_hold(file, line);
}

#define EXPECT_EARLY_RESERVATIONS() \
	expect_early_reservations(__FILE__, __LINE__)

TEST(boot_fills_memblock_from_e820, 0)
{
	ASSERT_EQ_INT(0, machine_boot(NULL));
	EXPECT_REGIONS(MEMORY, R(0, 64 << 20));
	EXPECT_EARLY_RESERVATIONS();
	EXPECT_EQ_U64(0x98000, real_mode_mem);
	EXPECT_EQ_U64(max_pfn, max_low_pfn);
	EXPECT_EQ_U64(64 << 20, memblock_get_current_limit());
	EXPECT_TRUE(!memblock_bottom_up());
}

TEST(boot_trims_partial_pages, 0)
{
	ASSERT_EQ_INT(0, machine_boot("qemu"));
	EXPECT_REGIONS(MEMORY, R(0, 0x9f000), R(0x100000, 0x7ee0000));
	machine_shutdown();
	ASSERT_EQ_INT(0, machine_boot("pc"));
	EXPECT_REGIONS(MEMORY, R(0, 0x9f000), R(0x100000, 0x7ae00000),
		       R(0x100000000ULL, 0x40000000));
	EXPECT_EARLY_RESERVATIONS();
}

TEST(boot_twice_starts_afresh, 0)
{
	ASSERT_EQ_INT(0, machine_boot("pc"));
	ASSERT_EQ_INT(0, memblock_reserve(0x20000000, 0x1000));
	memblock_set_bottom_up(true);
	machine_shutdown();
	ASSERT_EQ_INT(0, machine_boot(NULL));
	EXPECT_REGIONS(MEMORY, R(0, 64 << 20));
	EXPECT_EARLY_RESERVATIONS();
	EXPECT_TRUE(!memblock_is_reserved(0x20000000));
	EXPECT_TRUE(!memblock_bottom_up());
}

TEST(boot_with_debug_traces_each_call, 0)
{
	memblock_debug = 1;
	ASSERT_EQ_INT(0, machine_boot("qemu"));
	EXPECT_TRUE(log_has("memblock_reserve: [0x0000000001000000-0x00000000017fffff] early_reserve_memory\n"));
	EXPECT_TRUE(log_has("memblock_reserve: [0x000000000009f000-0x00000000000fffff] reserve_bios_regions\n"));
	EXPECT_TRUE(log_has("memblock_add: [0x0000000000000000-0x000000000009fbff] e820__memblock_setup\n"));
	EXPECT_TRUE(log_has(" reserved.cnt  = 0x3\n"));
	EXPECT_TRUE(log_has("memblock_phys_alloc_range: 28672 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000100000 reserve_real_mode\n"
			    "memblock_reserve: [0x0000000000098000-0x000000000009efff] memblock_alloc_range_nid\n"
			    "memblock_reserve: [0x0000000000000000-0x00000000000fffff] reserve_real_mode\n"));
}

TEST(dump_is_in_memblock_debug_format, 0)
{
	fresh();
	TYPE_SET(MEMORY, R(0, 64 << 20));
	TYPE_SET(RESERVED, R(0, 0x100000), R(0x1000000, 0x800000));
	log_buf_clear();
	__memblock_dump_all();
	EXPECT_EQ_STR(SMALL_DUMP, log_buf_read());
	log_buf_clear();
	memblock_debug = 0;
	memblock_dump_all();
	EXPECT_EQ_STR("", log_buf_read());
}

TEST(dump_shows_nodes_and_the_empty_dummy, 0)
{
	fresh();
	TYPE_SET(MEMORY, RN(0x1000, 0x1000, 0));
	memblock_reserve(0, 0);
	log_buf_clear();
	__memblock_dump_all();
	EXPECT_TRUE(log_has(" memory[0x0]\t[0x0000000000001000-0x0000000000001fff], 0x0000000000001000 bytes on node 0 flags: 0x0\n"));
	EXPECT_TRUE(log_has(" reserved.cnt  = 0x1\n"));
}

TEST(free_ranges_iterate_both_ways, 0)
{
	phys_addr_t start, end, got[8][2];
	unsigned int n = 0;
	u64 i;

	fresh();
	TYPE_SET(MEMORY, R(0x1000, 0x9000), R(0x20000, 0x10000));
	TYPE_SET(RESERVED, R(0, 0x2000), R(0x4000, 0x1000),
		 R(0x24000, 0x2000), R(0x40000, 0x1000));
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				NULL) {
		ASSERT_TRUE(n < 8);
		got[n][0] = start;
		got[n++][1] = end;
	}
	ASSERT_EQ_INT(4, n);
	EXPECT_TRUE(got[0][0] == 0x2000 && got[0][1] == 0x4000);
	EXPECT_TRUE(got[1][0] == 0x5000 && got[1][1] == 0xa000);
	EXPECT_TRUE(got[2][0] == 0x20000 && got[2][1] == 0x24000);
	EXPECT_TRUE(got[3][0] == 0x26000 && got[3][1] == 0x30000);
	n = 4;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start,
					&end, NULL) {
		ASSERT_TRUE(n > 0);
		n--;
		EXPECT_MSG(start == got[n][0] && end == got[n][1],
			   "reverse range %u: got [%#llx-%#llx)", n, start, end);
	}
	EXPECT_EQ_INT(0, n);
}

static unsigned char *handed;
static unsigned long handed_blocks, bad_blocks;

static void record(unsigned long pfn, unsigned int order)
{
	unsigned long i;

	handed_blocks++;
	if (order > 10 || (pfn & ((1UL << order) - 1)) ||
	    pfn + (1UL << order) > max_pfn) {
		bad_blocks++;
		return;
	}
	for (i = 0; i < (1UL << order); i++)
		handed[pfn + i]++;
}

TEST_WITH(free_all_hands_over_every_free_page_once, 0, .timeout = 10.0)
{
	unsigned long pfn, count, expected = 0, wrong = 0;

	ASSERT_EQ_INT(0, machine_boot("pc"));
	ASSERT_EQ_INT(0, memblock_reserve(0x20000800, 0x1000)); /* 2 partial pages */
	handed = calloc(max_pfn, 1);
	ASSERT_TRUE(handed != NULL);
	EXPECT_TRUE(memblock_set_free_pages_hook(record) == NULL);
	count = memblock_free_all();
	for (pfn = 0; pfn < max_pfn; pfn++) {
		phys_addr_t pa = PFN_PHYS(pfn);
		int free = memblock_is_memory(pa) &&
			   memblock_is_memory(pa + PAGE_SIZE - 1) &&
			   !memblock_is_region_reserved(pa, PAGE_SIZE);

		expected += free;
		if (handed[pfn] != free)
			wrong++;
	}
	EXPECT_EQ_U64(0, bad_blocks);
	EXPECT_MSG(wrong == 0, "%lu pages were handed over a wrong number of times", wrong);
	EXPECT_EQ_U64(expected, count);
	EXPECT_TRUE(handed[0x20000] == 0 && handed[0x20001] == 0);
	EXPECT_TRUE(handed[0x1ffff] == 1 && handed[0x20002] == 1);
	EXPECT_TRUE(memblock_set_free_pages_hook(NULL) == record);
	CHECK();
	free(handed);
}

static unsigned long blocks[64][2];
static unsigned int nblocks;

static void record_block(unsigned long pfn, unsigned int order)
{
	if (nblocks < 64) {
		blocks[nblocks][0] = pfn;
		blocks[nblocks][1] = order;
	}
	nblocks++;
}

TEST(free_all_uses_maximal_aligned_blocks, 0)
{
	fresh();
	TYPE_SET(MEMORY, R(0x100000, 0x3f00000));
	max_low_pfn = 0x4000;
	memblock_set_free_pages_hook(record_block);
	EXPECT_EQ_U64(0x3f00, memblock_free_all());
	ASSERT_EQ_INT(17, nblocks);
	EXPECT_TRUE(blocks[0][0] == 0x100 && blocks[0][1] == 8);
	EXPECT_TRUE(blocks[1][0] == 0x200 && blocks[1][1] == 9);
	EXPECT_TRUE(blocks[2][0] == 0x400 && blocks[2][1] == 10);
	EXPECT_TRUE(blocks[3][0] == 0x800 && blocks[3][1] == 10);
	EXPECT_TRUE(blocks[16][0] == 0x3c00 && blocks[16][1] == 10);
	/* Nothing at or above max_low_pfn is handed over. */
	nblocks = 0;
	max_low_pfn = 0x1ff;
	EXPECT_EQ_U64(0xff, memblock_free_all());
	EXPECT_EQ_INT(8, nblocks);
	memblock_set_free_pages_hook(NULL);
	EXPECT_EQ_U64(0xff, memblock_free_all());
}

TEST(check_catches_broken_types, 0)
{
	fresh();
	TYPE_SET(MEMORY, R(0x1000, 0x2000), R(0x2000, 0x1000));
	EXPECT_EQ_INT(-EINVAL, memblock_check());
	EXPECT_TRUE(log_has("overlap"));
	TYPE_SET(MEMORY, R(0x1000, 0x1000), R(0x2000, 0x1000));
	EXPECT_EQ_INT(-EINVAL, memblock_check());
	EXPECT_TRUE(log_has("should have merged"));
	TYPE_SET(MEMORY, R(0x1000, 0x1000));
	MEMORY->total_size = 5;
	EXPECT_EQ_INT(-EINVAL, memblock_check());
	TYPE_SET(MEMORY, R(0x1000, 0x1000), RN(0x2000, 0x1000, 0));
	EXPECT_EQ_INT(0, memblock_check());
}

#define QEMU_DEBUG_TAIL                                                                                         \
	"memblock_phys_alloc_range: 28672 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000100000 reserve_real_mode\n" \
	"memblock_reserve: [0x0000000000098000-0x000000000009efff] memblock_alloc_range_nid\n"               \
	"memblock_reserve: [0x0000000000000000-0x00000000000fffff] reserve_real_mode\n"

#define SMALL_MEMORY                                                                                           \
	" memory.cnt  = 0x1\n"                                                                                 \
	" memory[0x0]\t[0x0000000000000000-0x0000000003ffffff], 0x0000000004000000 bytes flags: 0x0\n"         \
	" reserved.cnt  = 0x"
#define SMALL_EARLY                                                                                            \
	" reserved[0x0]\t[0x0000000000000000-0x00000000000fffff], 0x0000000000100000 bytes flags: 0x0\n"       \
	" reserved[0x1]\t[0x0000000001000000-0x00000000017fffff], 0x0000000000800000 bytes flags: 0x0\n"

TEST(mmsim_memblock, 0)
{
	const char *head = "MEMBLOCK configuration:\n memory size = 0x0000000004000000 reserved size = 0x";

	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" memblock", out, sizeof(out)));
	EXPECT_MSG(strncmp(out, head, strlen(head)) == 0 &&
			   strstr(out, SMALL_MEMORY) && strstr(out, SMALL_EARLY),
		   "mmsim memblock printed:\n%s", out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" memblock --profile=qemu --debug",
				   out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "BIOS-provided physical RAM map:\n", 32) == 0);
	EXPECT_TRUE(strstr(out, QEMU_DEBUG_TAIL) != NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" memblock --frob", out,
				   sizeof(out)));
	EXPECT_EQ_STR("mmsim: memblock: unknown argument '--frob'\n", out);
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" memblock --profile nope", out,
				   sizeof(out)));
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" help", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "mmsim memblock [--profile NAME | --map FILE] [--debug]") != NULL);
}
