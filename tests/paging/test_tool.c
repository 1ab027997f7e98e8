/* mmsim pgtable: the dump, the walk, and the problem generator checked
 * against the library and the reference walker (0 points). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm/page.h"
#include "asm/tlbflush.h"
#include "grader.h"
#include "helpers.h"
#include "sim/machine.h"
#include "sim/mmu.h"
#include "sim/paging.h"

static char out[1 << 16];

TEST(mmsim_pgtable_dump_prints_linux_format, 0)
{
	static const char head[] =
		"---[ User Space ]---\n"
		"0x0000000000000000-0xffff800000000000    16777088T                               pgd\n"
		"---[ Kernel Space ]---\n";

	ASSERT_EQ_INT(0,
		      grade_run("\"$MMSIM\" pgtable dump", out, sizeof(out)));
	EXPECT_TRUE(strncmp(out, head, strlen(head)) == 0);
	EXPECT_TRUE(
		strstr(out,
		       "---[ Low Kernel Mapping ]---\n"
		       "0xffff888000000000-0xffff888000200000           2M     RW                 GLB NX pte\n"
		       "0xffff888000200000-0xffff888004000000          62M     RW         PSE     GLB NX pmd\n") !=
		NULL);
	EXPECT_TRUE(
		strstr(out,
		       "0xffffffff81000000-0xffffffff81800000           8M     RW         PSE     GLB x  pmd\n") !=
		NULL);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" pgtable", out, sizeof(out)));
	EXPECT_EQ_INT(
		2, grade_run("\"$MMSIM\" pgtable --seed x", out, sizeof(out)));
	EXPECT_EQ_INT(
		2, grade_run("\"$MMSIM\" pgtable walk zz", out, sizeof(out)));
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" pgtable dump --profile nope",
				   out, sizeof(out)));
}

TEST(mmsim_pgtable_directmap, 0)
{
	ASSERT_EQ_INT(0, grade_run("\"$MMSIM\" pgtable directmap --profile pc",
				   out, sizeof(out)));
	EXPECT_EQ_STR("DirectMap4k:        3072 kB\n"
		      "DirectMap2M:     2011136 kB\n"
		      "DirectMap1G:     1048576 kB\n",
		      out);
}

/* Parse the generator's output and check every answer. */
static void check_problem(unsigned long seed)
{
	char cmd[128], *line, *save = NULL;
	u64 cr3 = 0, table = 0;
	int questions = 0, answers = 0, checked = 0;
	unsigned long va = 0;
	unsigned int access = 0;
	bool have_q = false;

	snprintf(cmd, sizeof(cmd), "\"$MMSIM\" pgtable --seed %lu --answers",
		 seed);
	ASSERT_EQ_INT(0, grade_run(cmd, out, sizeof(out)));
	boot(NULL);
	/* Clear the frames the generator's tables used, then load them. */
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long a, b;
		unsigned int idx, n;
		char kind[32], who[32];

		if (sscanf(line, "CR3: %llx", &a) == 1) {
			cr3 = a;
		} else if (sscanf(line, "Table at %llx", &a) == 1) {
			table = a;
			memset(sim_phys_mem + table, 0, PAGE_SIZE);
		} else if (sscanf(line, "  [%x] %llx", &idx, &b) == 2) {
			raw_write(table + 8 * idx, b);
		} else if (sscanf(line, "  %u. %llx, a %31s %31s", &n, &a, who,
				  kind) == 4) {
			va = a;
			access = (strcmp(who, "user") == 0 ? MMU_USER : 0) |
				 (strcmp(kind, "write") == 0 ? MMU_WRITE : 0) |
				 (strcmp(kind, "fetch") == 0 ? MMU_EXEC : 0);
			have_q = true;
			questions++;
		} else if (strncmp(line, "=> ", 3) == 0 && have_q) {
			struct sdm_cpu cpu;
			struct sdm_result r;
			struct mmu_walk w;
			int ret;

			answers++;
			have_q = false;
			this_cpu->cr3 = cr3;
			cpu = sdm_this_cpu();
			r = sdm_walk(cpu, va, access & MMU_WRITE,
				     access & MMU_USER, access & MMU_EXEC);
			if (r.gp) {
				EXPECT_MSG(
					strcmp(line, "=> #GP(0)") == 0,
					"seed %lu, %#lx: expected #GP, the tool says '%s'",
					seed, va, line);
			} else if (r.fault) {
				ret = mmu_walk(this_cpu, va, access, &w);
				EXPECT_MSG(
					ret == -EFAULT &&
						w.error_code == r.error_code &&
						sscanf(line,
						       "=> #PF, error code %llx",
						       &a) == 1 &&
						a == r.error_code,
					"seed %lu, %#lx: expected #PF %#lx, the tool says '%s'",
					seed, va, r.error_code, line);
			} else {
				ret = mmu_walk(this_cpu, va, access, &w);
				EXPECT_MSG(
					ret == 0 && w.pa == r.pa &&
						strstr(line,
						       "physical address") &&
						sscanf(strstr(line,
							      "physical address"),
						       "physical address %llx",
						       &a) == 1 &&
						a == r.pa,
					"seed %lu, %#lx: expected %#llx, the tool says '%s'",
					seed, va, r.pa, line);
			}
			checked++;
		}
	}
	EXPECT_EQ_INT(6, questions);
	EXPECT_EQ_INT(6, answers);
	EXPECT_EQ_INT(6, checked);
	machine_shutdown();
}

TEST(mmsim_pgtable_problems_agree_with_the_walkers, 0)
{
	unsigned long seed;

	for (seed = 1; seed <= 8; seed++)
		check_problem(seed);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" pgtable --seed 5 > /dev/null",
				   NULL, 0));
}
