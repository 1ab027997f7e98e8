/* mmsim, the command line: output and exit codes (0 points). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fmemopen, mkdtemp */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader.h"

static char out[16384];

#define PC_MAP                                                                 \
	"BIOS-provided physical RAM map:\n"                                    \
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"      \
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"    \
	"BIOS-e820: [mem 0x00000000000e0000-0x00000000000fffff] reserved\n"    \
	"BIOS-e820: [mem 0x0000000000100000-0x000000007aefffff] usable\n"      \
	"BIOS-e820: [mem 0x000000007af00000-0x000000007af7ffff] ACPI data\n"   \
	"BIOS-e820: [mem 0x000000007af80000-0x000000007affffff] ACPI NVS\n"    \
	"BIOS-e820: [mem 0x000000007b000000-0x000000007fffffff] reserved\n"    \
	"BIOS-e820: [mem 0x00000000e0000000-0x00000000efffffff] reserved\n"    \
	"BIOS-e820: [mem 0x00000000fec00000-0x00000000fec00fff] reserved\n"    \
	"BIOS-e820: [mem 0x00000000fee00000-0x00000000fee00fff] reserved\n"    \
	"BIOS-e820: [mem 0x00000000ff000000-0x00000000ffffffff] reserved\n"    \
	"BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable\n"

TEST(mmsim_machine_prints_the_sanitized_map, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" machine --profile pc", out,
				   sizeof(out)));
	EXPECT_EQ_STR(PC_MAP, out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" machine --profile=pc", out,
				   sizeof(out)));
	EXPECT_EQ_STR(PC_MAP, out);
}

TEST(mmsim_unknown_profile, 0)
{
	const char *want = "mmsim: unknown profile 'nope' (known: small, qemu, pc";

	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" machine --profile nope", out,
				   sizeof(out)));
	EXPECT_MSG(strncmp(out, want, strlen(want)) == 0 &&
			   strchr(out, '\n') == out + strlen(out) - 1,
		   "expected one line beginning \"%s\", got \"%s\"", want, out);
}

TEST(mmsim_unknown_command_and_argument, 0)
{
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" frob", out, sizeof(out)));
	EXPECT_EQ_STR("mmsim: unknown command 'frob' (try 'mmsim help')\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" machine --frob", out,
				   sizeof(out)));
	EXPECT_EQ_STR("mmsim: machine: unknown argument '--frob'\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" machine --profile", out,
				   sizeof(out)));
	EXPECT_EQ_STR("mmsim: machine: --profile needs a value\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\"", out, sizeof(out)));
}

TEST(mmsim_malformed_map_file, 0)
{
	char dir[] = "/tmp/mmsim-test-XXXXXX", path[64], cmd[160];
	FILE *f;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/bad.map", dir);
	f = fopen(path, "w");
	ASSERT_TRUE(f != NULL);
	fputs("BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	      "# a comment\n"
	      "BIOS-e820: [mem 0x0000000000100000-0x00000000000fffff] usable\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "\"$MMSIM\" machine --map %s", path);
	EXPECT_EQ_INT(1, grade_run(cmd, out, sizeof(out)));
	snprintf(cmd, sizeof(cmd),
		 "mmsim: %s:3: the range ends before it starts\n", path);
	EXPECT_EQ_STR(cmd, out);
	unlink(path);
	rmdir(dir);

	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" machine --map /nonexistent/x.map",
				   out, sizeof(out)));
	EXPECT_EQ_STR("mmsim: /nonexistent/x.map: No such file or directory\n",
		      out);
}

TEST(mmsim_map_file_round_trip, 0)
{
	char dir[] = "/tmp/mmsim-test-XXXXXX", cmd[256];

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd),
		 "\"$MMSIM\" machine --profile pc > %s/pc.map && "
		 "\"$MMSIM\" machine --map %s/pc.map; s=$?; rm -rf %s; exit $s",
		 dir, dir, dir);
	EXPECT_EQ_INT(0, grade_run(cmd, out, sizeof(out)));
	EXPECT_EQ_STR(PC_MAP, out);
}

TEST(mmsim_iomem, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" iomem --profile qemu", out,
				   sizeof(out)));
	EXPECT_EQ_STR("00000000-0009fbff : System RAM\n"
		      "0009fc00-0009ffff : Reserved\n"
		      "000f0000-000fffff : Reserved\n"
		      "00100000-07fdffff : System RAM\n"
		      "07fe0000-07ffffff : Reserved\n"
		      "feffc000-feffffff : Reserved\n"
		      "fffc0000-ffffffff : Reserved\n",
		      out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" iomem --profile pc | tail -n 1",
				   out, sizeof(out)));
	EXPECT_EQ_STR("100000000-13fffffff : System RAM\n", out);
}

TEST(mmsim_profiles_and_help, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" profiles", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, "small ", 6) == 0);
	EXPECT_TRUE(strstr(out, "\nqemu ") != NULL);
	EXPECT_TRUE(strstr(out, "\npc ") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" help", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "mmsim machine [--profile NAME | --map FILE]") != NULL);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" dmesg", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "last_pfn = 0x4000 max_arch_pfn = 0x400000000\n") != NULL);
}
