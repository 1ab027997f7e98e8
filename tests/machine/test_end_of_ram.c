/* Exercise 1.1: e820__end_of_ram_pfn() and e820__end_of_low_ram_pfn(). */
#include "asm/e820/api.h"
#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"

TEST(end_of_ram_of_the_profiles, 1)
{
	static const struct {
		const char *profile;
		unsigned long max_pfn;
	} want[] = { { "small", 0x4000 }, { "qemu", 0x7fe0 }, { "pc", 0x140000 } };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ASSERT_EQ_INT(0, machine_boot(want[i].profile));
		EXPECT_MSG(max_pfn == want[i].max_pfn,
			   "profile %s: expected max_pfn %#lx, got %#lx",
			   want[i].profile, want[i].max_pfn, max_pfn);
		machine_shutdown();
	}
}

TEST(end_of_low_ram_counts_acpi_data, 1)
{
	/* The pc profile, sanitized: ACPI data is the last RAM below 4 GiB. */
	TABLE_SET(e820_table, ENTRY(0x0, 0x9fbff, E820_TYPE_RAM),
		  ENTRY(0x9fc00, 0x9ffff, E820_TYPE_RESERVED),
		  ENTRY(0x100000, 0x7aefffff, E820_TYPE_RAM),
		  ENTRY(0x7af00000, 0x7af7ffff, E820_TYPE_ACPI),
		  ENTRY(0x7af80000, 0x7affffff, E820_TYPE_NVS),
		  ENTRY(0x7b000000, 0x7fffffff, E820_TYPE_RESERVED),
		  ENTRY(0xff000000, 0xffffffff, E820_TYPE_RESERVED),
		  ENTRY(0x100000000, 0x13fffffff, E820_TYPE_RAM));
	EXPECT_EQ_U64(0x7af80, e820__end_of_low_ram_pfn());
	EXPECT_EQ_U64(0x140000, e820__end_of_ram_pfn());
}

TEST(end_of_ram_partial_page_and_limit, 1)
{
	/* A partial last frame does not count; reserved ranges never do. */
	TABLE_SET(e820_table, ENTRY(0x1000, 0x57ff, E820_TYPE_RAM),
		  ENTRY(0x5800, 0x5fff, E820_TYPE_RESERVED),
		  ENTRY(0xfffc0000, 0xffffffff, E820_TYPE_RESERVED));
	EXPECT_EQ_U64(5, e820__end_of_ram_pfn());

	/* A range across 4 GiB stops the low search at the limit. */
	TABLE_SET(e820_table, ENTRY(0x0, 0x9ffff, E820_TYPE_RAM),
		  ENTRY(0xc0000000, 0x13fffffff, E820_TYPE_RAM),
		  ENTRY(0x200000000, 0x23fffffff, E820_TYPE_RAM));
	EXPECT_EQ_U64(0x100000, e820__end_of_low_ram_pfn());
	EXPECT_EQ_U64(0x240000, e820__end_of_ram_pfn());

	/* Only RAM above 4 GiB: the low search finds the RAM below it. */
	TABLE_SET(e820_table, ENTRY(0x0, 0x7fffffff, E820_TYPE_RAM),
		  ENTRY(0x100000000, 0x17fffffff, E820_TYPE_RAM));
	EXPECT_EQ_U64(0x80000, e820__end_of_low_ram_pfn());
}

TEST(end_of_ram_clamped_to_max_arch_pfn, 1)
{
	/* RAM across 2^46 (64 TiB) stops at MAX_ARCH_PFN; RAM above is ignored. */
	TABLE_SET(e820_table, ENTRY(0x0, 0xfffff, E820_TYPE_RAM),
		  ENTRY(0x3fffc0000000ULL, 0x40003fffffffULL, E820_TYPE_RAM),
		  ENTRY(0x800000000000ULL, 0x80003fffffffULL, E820_TYPE_RAM));
	log_buf_clear();
	EXPECT_EQ_U64(0x400000000ULL, e820__end_of_ram_pfn());
	EXPECT_MSG(log_has("last_pfn = 0x400000000 max_arch_pfn = 0x400000000\n"),
		   "the log lacks the line \"last_pfn = 0x400000000 max_arch_pfn = 0x400000000\"; it is:\n%s",
		   log_buf_read());

	TABLE_SET(e820_table, ENTRY(0x0, 0x3ffffff, E820_TYPE_RAM));
	log_buf_clear();
	EXPECT_EQ_U64(0x4000, e820__end_of_ram_pfn());
	EXPECT_EQ_STR("last_pfn = 0x4000 max_arch_pfn = 0x400000000\n",
		      log_buf_read());
}
