/* mmsim gdt and mmsim seg: output, reproducibility, answers (0 points). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>

#include "grader.h"
#include "helpers.h"
#include "sim/seg_problems.h"

static char out[65536], again[65536];

TEST(mmsim_gdt_prints_linux_gdt, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" gdt", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "GDT: limit 0x007f, 16 entries\n") != NULL);
	EXPECT_TRUE(strstr(out, "   2  0x0010  00af9b000000ffff  00000000  ffffffff  code RA   1  0  1 1 0 1  __KERNEL_CS\n") != NULL);
	EXPECT_TRUE(strstr(out, "   5  0x002b  00cff3000000ffff  00000000  ffffffff  data WA   1  3  1 0 1 1  __USER_DS\n") != NULL);
	EXPECT_TRUE(strstr(out, "   6  0x0033  00affb000000ffff") != NULL);
	EXPECT_TRUE(strstr(out, " cs  0x0010  base 0000000000000000  limit ffffffff  code RA   DPL 0 L 1 D 0 G 1\n") != NULL);
	EXPECT_TRUE(strstr(out, " gs  0x0000  (null)\n") != NULL);
}

TEST(mmsim_seg_is_reproducible, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" seg --seed 42", out, sizeof(out)));
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" seg --seed 42", again,
				   sizeof(again)));
	EXPECT_EQ_STR(out, again);
	EXPECT_TRUE(strstr(out, "Segmentation problems, seed 42: ") == out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" seg --seed 43", again,
				   sizeof(again)));
	EXPECT_TRUE(strcmp(out, again) != 0);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" seg --seed 42 --answers", again,
				   sizeof(again)));
	EXPECT_TRUE(strstr(again, "answer: ") != NULL);
	EXPECT_TRUE(strstr(out, "answer: ") == NULL);
}

/* The answer line the library's own functions give for problem i. */
static void expected_answer(const struct seg_problem_set *set, unsigned int i,
			    char *buf, size_t size)
{
	const struct seg_problem *p = &set->problems[i];
	struct seg_machine m;
	struct seg_fault f;
	u64 lin = 0;
	int ret;

	ASSERT_EQ_INT(0, seg_machine_setup(set, &m));
	ret = load_seg(&m.cpu, &m.dt, p->seg, p->selector, &f);
	if (ret == 0)
		ret = seg_translate(&m.cpu, p->seg, p->offset, p->size,
				    p->access, &lin, &f);
	if (ret)
		snprintf(buf, size, "     answer: %s(0x%04x) on ",
			 x86_trap_name(f.vector), f.error_code);
	else
		snprintf(buf, size, "     answer: linear 0x%0*llx\n",
			 set->long_mode ? 16 : 8, lin);
}

static void check_seed(unsigned long seed, bool long_mode)
{
	struct seg_problem_set set;
	char cmd[128], want[128];
	const char *at;
	unsigned int i;

	snprintf(cmd, sizeof(cmd), "\"$MMSIM\" seg --seed %lu%s --answers",
		 seed, long_mode ? " --long" : "");
	ASSERT_EQ_INT(0, grade_run(cmd, out, sizeof(out)));
	seg_problems_make(seed, long_mode, &set);
	at = out;
	for (i = 0; i < SEGPROB_PROBLEMS; i++) {
		const char *line = strstr(at, "     answer: ");

		ASSERT_MSG(line, "seed %lu: no answer %u", seed, i + 1);
		expected_answer(&set, i, want, sizeof(want));
		EXPECT_MSG(strncmp(line, want, strlen(want)) == 0,
			   "seed %lu%s problem %u: expected \"%s\", got \"%.60s\"",
			   seed, long_mode ? " --long" : "", i + 1, want, line);
		at = line + 1;
	}
}

TEST_WITH(mmsim_seg_answers_are_the_librarys, 0, .timeout = 10.0)
{
	unsigned long seed;

	for (seed = 1; seed <= 12; seed++) {
		check_seed(seed, false);
		check_seed(seed, true);
	}
}

TEST(problem_sets_are_well_formed, 0)
{
	struct seg_problem_set a, b;
	struct seg_machine m;
	unsigned int i;

	seg_problems_make(7, false, &a);
	seg_problems_make(7, false, &b);
	EXPECT_TRUE(memcmp(&a, &b, sizeof(a)) == 0);
	EXPECT_TRUE(a.cpl == 0 || a.cpl == 3);
	EXPECT_EQ_U64(LINUX_KERNEL32_CS, a.gdt[1]);
	EXPECT_EQ_U64(0, a.gdt[0]);
	EXPECT_EQ_INT(0, seg_machine_setup(&a, &m));
	EXPECT_TRUE(m.dt.ldtr.present);
	EXPECT_EQ_U64(SEGPROB_LDT_BASE, m.dt.ldtr.base);
	seg_problems_make(7, true, &a);
	EXPECT_EQ_U64(LINUX_KERNEL_CS, a.gdt[1]);
	EXPECT_EQ_INT(0, seg_machine_setup(&a, &m));
	EXPECT_EQ_U64(SEGPROB_LDT_BASE, m.dt.ldtr.base);
	for (i = 0; i < SEGPROB_PROBLEMS; i++)
		EXPECT_TRUE(a.problems[i].size >= 1 && a.problems[i].size <= 8);
	EXPECT_EQ_INT(-EINVAL, seg_problem_solve(&a, SEGPROB_PROBLEMS, NULL));
}

TEST(mmsim_seg_bad_options, 0)
{
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" seg --seed x", out, sizeof(out)));
	EXPECT_EQ_STR("mmsim: seg: bad seed 'x'\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" seg --seed", out, sizeof(out)));
	EXPECT_EQ_STR("mmsim: seg: unknown argument '--seed'\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" seg --seed -1", out, sizeof(out)));
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" seg --frob", out, sizeof(out)));
	EXPECT_EQ_STR("mmsim: seg: unknown argument '--frob'\n", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" gdt --frob", out, sizeof(out)));
}
