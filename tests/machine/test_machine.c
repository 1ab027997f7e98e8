/* The simulated machine: profiles, boot, __va/__pa, map files (0 points). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fmemopen, mkdtemp */
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "asm/e820/api.h"
#include "asm/page.h"
#include "grader.h"
#include "helpers.h"
#include "linux/pfn.h"
#include "linux/printk.h"
#include "sim/cpu.h"
#include "sim/machine.h"
#include "uapi/asm/processor-flags.h"

TEST(boot_default_profile, 0)
{
	ASSERT_EQ_INT(0, machine_boot(NULL));
	EXPECT_TRUE(machine_running());
	EXPECT_EQ_STR("small", machine_name());
	EXPECT_EQ_U64(64 << 20, sim_phys_size);
	EXPECT_EQ_INT(2, e820_table->nr_entries);
	EXPECT_TRUE(memcmp(e820_table, e820_table_firmware,
			   sizeof(*e820_table)) == 0);
	EXPECT_TRUE(log_has("BIOS-provided physical RAM map:\n"
			    "BIOS-e820: [mem 0x0000000000000000-0x0000000003ffffff] usable\n"));
	machine_shutdown();
	EXPECT_TRUE(!machine_running());
	EXPECT_EQ_INT(0, e820_table->nr_entries);
}

TEST(boot_unknown_profile_names_the_known_ones, 0)
{
	const char *want = "unknown profile 'nope' (known: small, qemu, pc";

	EXPECT_EQ_INT(-ENOENT, machine_boot("nope"));
	EXPECT_MSG(strncmp(machine_error(), want, strlen(want)) == 0,
		   "machine_error() is \"%s\"", machine_error());
	EXPECT_TRUE(!machine_running());
}

TEST(boot_twice_is_busy, 0)
{
	ASSERT_EQ_INT(0, machine_boot("qemu"));
	EXPECT_EQ_INT(-EBUSY, machine_boot("pc"));
	EXPECT_EQ_STR("qemu", machine_name());
	machine_shutdown();
	ASSERT_EQ_INT(0, machine_boot("pc"));
	EXPECT_EQ_U64(0x140000000ULL, sim_phys_size);
	machine_shutdown();
}

TEST(boot_refuses_maps_without_ram, 0)
{
	const struct boot_e820_entry map[] = {
		{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED },
	};
	const struct boot_e820_entry bad[] = {
		{ 0x0, 0x100000, E820_TYPE_RAM },
		{ 0x200000, 0, E820_TYPE_RAM },
	};

	EXPECT_EQ_INT(-EINVAL, machine_boot_map("rom", map, 1));
	EXPECT_TRUE(strstr(machine_error(), "no usable RAM") != NULL);
	EXPECT_EQ_INT(-EINVAL, machine_boot_map("bad", bad, 2));
	EXPECT_EQ_INT(-EINVAL, machine_boot_map("none", map, 0));
	EXPECT_TRUE(!machine_running());
}

TEST(va_and_pa_round_trip, 0)
{
	unsigned char *p;

	ASSERT_EQ_INT(0, machine_boot("qemu"));
	p = __va(0x1000);
	EXPECT_TRUE(p == sim_phys_mem + 0x1000);
	EXPECT_EQ_U64(0x1000, __pa(p));
	EXPECT_TRUE(pfn_to_kaddr(1) == (void *)p);
	EXPECT_EQ_U64(1, virt_to_pfn(p));
	*p = 0xa5;
	p = __va(0x7fdffff); /* the last byte of RAM */
	*p = 0x5a;
	EXPECT_EQ_INT(0x5a, *(unsigned char *)__va(0x7fdffff));
	EXPECT_EQ_INT(0xa5, *(unsigned char *)pfn_to_kaddr(1));
	EXPECT_TRUE(sim_phys_contains(0, 0x7fe0000));
	EXPECT_TRUE(!sim_phys_contains(0x7fdf000, 0x2000));
	EXPECT_TRUE(!sim_phys_contains(~0ULL, 2));
	machine_shutdown();
	EXPECT_TRUE(!sim_phys_contains(0, 1));
}

TEST(page_and_pfn_macros, 0)
{
	EXPECT_EQ_U64(4096, PAGE_SIZE);
	EXPECT_EQ_U64(0xfffffffffffff000ULL, PAGE_MASK);
	EXPECT_EQ_U64(0xffff888000000000ULL, PAGE_OFFSET);
	EXPECT_EQ_U64(2, PFN_UP(0x1001));
	EXPECT_EQ_U64(1, PFN_UP(0x1000));
	EXPECT_EQ_U64(1, PFN_DOWN(0x1fff));
	EXPECT_EQ_U64(0x3000, PFN_PHYS(3));
	EXPECT_EQ_U64(0x9f, PHYS_PFN(0x9fbff));
	EXPECT_EQ_U64(0x2000, PFN_ALIGN(0x1001));
}

TEST(cpu_after_boot_runs_the_kernel, 0)
{
	ASSERT_EQ_INT(0, machine_boot(NULL));
	EXPECT_EQ_INT(0, cpu_cpl(this_cpu));
	EXPECT_EQ_U64(0x10, this_cpu->cs.selector);
	EXPECT_TRUE(this_cpu->cs.l && this_cpu->cs.present);
	EXPECT_EQ_U64(0, this_cpu->cs.base);
	EXPECT_TRUE((this_cpu->cr0 & (X86_CR0_PE | X86_CR0_PG | X86_CR0_WP)) ==
		    (X86_CR0_PE | X86_CR0_PG | X86_CR0_WP));
	EXPECT_TRUE(this_cpu->cr4 & X86_CR4_PAE);
	EXPECT_EQ_U64(0, this_cpu->cr3 & 0xfff); /* PCID 0; chapter 3 loads CR3 */
	machine_shutdown();
}

static int parse(const char *text, struct boot_e820_entry *map,
		 unsigned int max, unsigned int *nr)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		return -ENOMEM;
	ret = machine_parse_map(f, "x.map", map, max, nr);
	fclose(f);
	return ret;
}

TEST(parse_map_reads_boot_logs, 0)
{
	struct boot_e820_entry map[8];
	unsigned int nr = 99;

	ASSERT_EQ_INT(0, parse("# my laptop\n"
			       "[    0.000000] BIOS-provided physical RAM map:\n"
			       "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable\n"
			       "\n"
			       "BIOS-e820: [mem 0x000000000009f000-0x00000000000fffff] reserved  # EBDA\n"
			       "[mem 0x0000000076d3d000-0x0000000076d7cfff] ACPI data\r\n"
			       "e820: [mem 0x100000000-0x17fffffff] persistent (type 12)\n"
			       "  BIOS-e820: [mem 0x0000000200000000-0x0000000200000fff] type 20\n",
			       map, 8, &nr));
	ASSERT_EQ_INT(5, nr);
	EXPECT_EQ_U64(0x9f000, map[0].size);
	EXPECT_EQ_INT(E820_TYPE_RAM, map[0].type);
	EXPECT_EQ_U64(0x9f000, map[1].addr);
	EXPECT_EQ_INT(E820_TYPE_RESERVED, map[1].type);
	EXPECT_EQ_INT(E820_TYPE_ACPI, map[2].type);
	EXPECT_EQ_U64(0x40000, map[2].size);
	EXPECT_EQ_INT(E820_TYPE_PRAM, map[3].type);
	EXPECT_EQ_U64(0x200000000ULL, map[4].addr);
	EXPECT_EQ_INT(20, map[4].type);
}

static void expect_parse_error(const char *text, const char *want)
{
	struct boot_e820_entry map[2];
	unsigned int nr;

	EXPECT_MSG(parse(text, map, 2, &nr) == -EINVAL,
		   "parsing \"%s\" should fail", text);
	EXPECT_MSG(strcmp(machine_error(), want) == 0,
		   "expected the error \"%s\", got \"%s\"", want,
		   machine_error());
}

TEST(parse_map_errors_name_the_line, 0)
{
	expect_parse_error("BIOS-e820: [mem 0x0-0xfff] usable\n"
			   "BIOS-e820: [mem 0x2000-0x1fff] usable\n",
			   "x.map:2: the range ends before it starts");
	expect_parse_error("\n\nhello world\n",
			   "x.map:3: expected '[mem 0xFIRST-0xLAST] TYPE'");
	expect_parse_error("BIOS-e820: [mem 0x0-0xfff] usabel\n",
			   "x.map:1: unknown type (usable, reserved, ACPI data, ACPI NVS, unusable, persistent (type N), soft reserved, type N)");
	expect_parse_error("BIOS-e820: [mem 0-0xfff] usable\n",
			   "x.map:1: expected '[mem 0xFIRST-0xLAST]' with 64-bit hex numbers");
	expect_parse_error("BIOS-e820: [mem 0x0-0x1ffffffffffffffff] usable\n",
			   "x.map:1: expected '[mem 0xFIRST-0xLAST]' with 64-bit hex numbers");
	expect_parse_error("BIOS-e820: [mem 0x0-0xffffffffffffffff] usable\n",
			   "x.map:1: the range covers all 2^64 addresses");
	expect_parse_error("junk [mem 0x0-0xfff] usable\n",
			   "x.map:1: unexpected text before '[mem'");
	expect_parse_error("# nothing\n\n", "x.map: no e820 entries found");
	expect_parse_error("[mem 0x0-0xfff] usable\n[mem 0x1000-0x1fff] usable\n"
			   "[mem 0x2000-0x2fff] usable\n",
			   "x.map:3: more than 2 entries");
	expect_parse_error("[mem 0x0-0xfff] type 0\n",
			   "x.map:1: unknown type (usable, reserved, ACPI data, ACPI NVS, unusable, persistent (type N), soft reserved, type N)");
}
