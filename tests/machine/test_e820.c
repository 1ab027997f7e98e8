/* The given e820 code: printing, type names, adding ranges (0 points). */
#include "asm/e820/api.h"
#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"

TEST(print_table_in_boot_log_format, 0)
{
	TABLE_SET(e820_table, ENTRY(0x0, 0x9fbff, E820_TYPE_RAM),
		  ENTRY(0x9fc00, 0x9ffff, E820_TYPE_RESERVED),
		  ENTRY(0x100000, 0x7fdffff, E820_TYPE_RAM),
		  ENTRY(0x100000000, 0x13fffffff, E820_TYPE_RAM));
	log_buf_clear();
	e820__print_table("BIOS-e820");
	EXPECT_EQ_STR("BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		      "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		      "BIOS-e820: [mem 0x0000000000100000-0x0000000007fdffff] usable\n"
		      "BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable\n",
		      log_buf_read());
}

TEST(print_table_type_names, 0)
{
	TABLE_SET(e820_table, ENTRY(0x0, 0xfff, E820_TYPE_ACPI),
		  ENTRY(0x1000, 0x1fff, E820_TYPE_NVS),
		  ENTRY(0x2000, 0x2fff, E820_TYPE_UNUSABLE),
		  ENTRY(0x3000, 0x3fff, E820_TYPE_PMEM),
		  ENTRY(0x4000, 0x4fff, E820_TYPE_PRAM),
		  ENTRY(0x5000, 0x5fff, E820_TYPE_SOFT_RESERVED),
		  ENTRY(0x6000, 0x6fff, E820_TYPE_RESERVED_KERN),
		  ENTRY(0x7000, 0x7fff, 99));
	log_buf_clear();
	e820__print_table("x");
	EXPECT_EQ_STR("x: [mem 0x0000000000000000-0x0000000000000fff] ACPI data\n"
		      "x: [mem 0x0000000000001000-0x0000000000001fff] ACPI NVS\n"
		      "x: [mem 0x0000000000002000-0x0000000000002fff] unusable\n"
		      "x: [mem 0x0000000000003000-0x0000000000003fff] persistent (type 7)\n"
		      "x: [mem 0x0000000000004000-0x0000000000004fff] persistent (type 12)\n"
		      "x: [mem 0x0000000000005000-0x0000000000005fff] soft reserved\n"
		      "x: [mem 0x0000000000006000-0x0000000000006fff] usable\n"
		      "x: [mem 0x0000000000007000-0x0000000000007fff] type 99\n",
		      log_buf_read());
}

TEST(iomem_type_names, 0)
{
	static const struct {
		enum e820_type type;
		const char *name;
	} want[] = {
		{ E820_TYPE_RAM, "System RAM" },
		{ E820_TYPE_RESERVED_KERN, "System RAM" },
		{ E820_TYPE_RESERVED, "Reserved" },
		{ E820_TYPE_ACPI, "ACPI Tables" },
		{ E820_TYPE_NVS, "ACPI Non-volatile Storage" },
		{ E820_TYPE_UNUSABLE, "Unusable memory" },
		{ E820_TYPE_PMEM, "Persistent Memory" },
		{ E820_TYPE_PRAM, "Persistent Memory (legacy)" },
		{ E820_TYPE_SOFT_RESERVED, "Soft Reserved" },
		{ 42, "Unknown E820 type" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct e820_entry e = { 0, 0x1000, want[i].type };

		EXPECT_EQ_STR(want[i].name, e820_type_to_string(&e));
	}
}

TEST(range_add_appends_and_refuses_bad_ranges, 0)
{
	unsigned int i;

	e820_table->nr_entries = 0;
	e820__range_add(0x100000, 0x1000, E820_TYPE_RAM);
	e820__range_add(0x0, 0x1000, E820_TYPE_RESERVED);
	EXPECT_TABLE(e820_table, ENTRY(0x100000, 0x100fff, E820_TYPE_RAM),
		     ENTRY(0x0, 0xfff, E820_TYPE_RESERVED));

	log_buf_clear();
	e820__range_add(0x2000, 0, E820_TYPE_RAM);
	e820__range_add(0xfffffffffffff000ULL, 0x2000, E820_TYPE_RAM);
	EXPECT_EQ_INT(2, e820_table->nr_entries);
	EXPECT_TRUE(log_has("e820: ignoring bad range"));

	for (i = 2; i < E820_MAX_ENTRIES; i++)
		e820__range_add(0x1000000ULL * i, 0x1000, E820_TYPE_RAM);
	EXPECT_EQ_INT(E820_MAX_ENTRIES, e820_table->nr_entries);
	log_buf_clear();
	e820__range_add(0x1000000000ULL, 0x1000, E820_TYPE_RAM);
	EXPECT_EQ_INT(E820_MAX_ENTRIES, e820_table->nr_entries);
	EXPECT_TRUE(log_has("e820: too many entries; ignoring [mem 0x1000000000-0x1000000fff]\n"));
}

TEST(printk_levels_and_continuations, 0)
{
	log_buf_clear();
	pr_info("one ");
	pr_cont("line\n");
	pr_err("unfinished");
	pr_warn("next\n");
	EXPECT_EQ_STR("one line\nunfinished\nnext\n", log_buf_read());
}
