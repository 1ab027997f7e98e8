/* The other policies and the simulator's interface (0 points). */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static long f(enum policy_kind k, const char *text, unsigned int frames)
{
	unsigned long *t;
	size_t n = refs(text, &t);
	long r = policy_faults(k, frames, t, n);

	free(t);
	return r;
}

static const char *belady = "1,2,3,4,1,2,5,1,2,3,4,5";
static const char *sg7 = "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1";
static const char *sg2 = "1,2,3,4,2,1,5,6,2,1,2,3,7,6,3,2,1,2,3,6";

TEST(policy_belady_anomaly_fifo, 0)
{
	EXPECT_EQ_INT(9, (int)f(POLICY_FIFO, belady, 3));
	EXPECT_EQ_INT(10, (int)f(POLICY_FIFO, belady, 4));
}

TEST(policy_lru_and_opt_are_stack_algorithms, 0)
{
	unsigned int k;

	EXPECT_EQ_INT(10, (int)f(POLICY_LRU, belady, 3));
	EXPECT_EQ_INT(8, (int)f(POLICY_LRU, belady, 4));
	EXPECT_EQ_INT(7, (int)f(POLICY_OPT, belady, 3));
	EXPECT_EQ_INT(6, (int)f(POLICY_OPT, belady, 4));
	for (k = 1; k < 8; k++) {
		EXPECT_TRUE(f(POLICY_LRU, sg2, k + 1) <= f(POLICY_LRU, sg2, k));
		EXPECT_TRUE(f(POLICY_OPT, sg2, k + 1) <= f(POLICY_OPT, sg2, k));
		EXPECT_TRUE(f(POLICY_OPT, sg2, k) <= f(POLICY_LRU, sg2, k));
	}
}

TEST(policy_textbook_strings, 0)
{
	EXPECT_EQ_INT(15, (int)f(POLICY_FIFO, sg7, 3));
	EXPECT_EQ_INT(12, (int)f(POLICY_LRU, sg7, 3));
	EXPECT_EQ_INT(9, (int)f(POLICY_OPT, sg7, 3));
	EXPECT_EQ_INT(16, (int)f(POLICY_FIFO, sg2, 3));
	EXPECT_EQ_INT(15, (int)f(POLICY_LRU, sg2, 3));
	EXPECT_EQ_INT(11, (int)f(POLICY_OPT, sg2, 3));
	EXPECT_EQ_INT(14, (int)f(POLICY_FIFO, sg2, 4));
	EXPECT_EQ_INT(10, (int)f(POLICY_LRU, sg2, 4));
	EXPECT_EQ_INT(8, (int)f(POLICY_OPT, sg2, 4));
}

TEST(policy_two_lists_protect_a_hot_page, 0)
{
	unsigned long *t;
	size_t n = refs("1,1,2,3,4,5,6,1,7,8,9,1", &t);
	struct policy_step step;
	struct policy_sim s;

	ASSERT_EQ_INT(0, policy_sim_init(&s, POLICY_TWOLIST, 3, t, n));
	while (policy_sim_step(&s, &step) == 0)
		EXPECT_MSG(step.victim != 1, "the page used twice was evicted at %lu",
			   step.index + 1);
	policy_sim_destroy(&s);
	EXPECT_EQ_INT(11, (int)policy_faults(POLICY_LRU, 3, t, n));
	EXPECT_EQ_INT(9, (int)policy_faults(POLICY_TWOLIST, 3, t, n));
	free(t);
}

TEST(policy_explains_victims, 0)
{
	unsigned long *t;
	size_t n = refs(belady, &t);
	struct policy_step step;
	struct policy_sim s;
	int i;

	ASSERT_EQ_INT(0, policy_sim_init(&s, POLICY_OPT, 3, t, n));
	for (i = 0; i < 4; i++)
		ASSERT_EQ_INT(0, policy_sim_step(&s, &step));
	EXPECT_EQ_INT(3, (int)step.victim);
	EXPECT_MSG(strstr(step.why, "next used at step 10") != NULL, "%s", step.why);
	policy_sim_destroy(&s);
	ASSERT_EQ_INT(0, policy_sim_init(&s, POLICY_LRU, 3, t, n));
	for (i = 0; i < 4; i++)
		ASSERT_EQ_INT(0, policy_sim_step(&s, &step));
	EXPECT_EQ_INT(1, (int)step.victim);
	EXPECT_MSG(strstr(step.why, "least recently used") != NULL, "%s", step.why);
	policy_sim_destroy(&s);
	free(t);
}

TEST(policy_refuses_bad_arguments, 0)
{
	unsigned long t[2] = { 1, POLICY_MAX_PAGE };
	unsigned long *out = NULL;
	struct policy_sim s;
	const char *bad = NULL;
	size_t n = 0;

	EXPECT_EQ_INT(-EINVAL, policy_sim_init(&s, POLICY_LRU, 0, t, 1));
	EXPECT_EQ_INT(-EINVAL, policy_sim_init(&s, NR_POLICIES, 3, t, 1));
	EXPECT_EQ_INT(-EINVAL, policy_sim_init(&s, POLICY_LRU, 3, t, 2));
	EXPECT_EQ_INT(-EINVAL,
		      policy_sim_init(&s, POLICY_LRU, POLICY_MAX_FRAMES + 1, t, 1));
	EXPECT_EQ_INT(-EINVAL, policy_parse_refs("1,2,x3", &out, &n, &bad));
	EXPECT_EQ_STR("x3", bad);
	EXPECT_EQ_INT(0, policy_parse_refs("# none\n 4, 5\n6", &out, &n, NULL));
	EXPECT_EQ_INT(3, (int)n);
	EXPECT_EQ_INT(6, (int)out[2]);
	free(out);
	EXPECT_EQ_INT(-1, policy_by_name("mru"));
	EXPECT_EQ_INT(POLICY_TWOLIST, policy_by_name("2list"));
}

TEST(policy_problems_are_deterministic, 0)
{
	struct policy_problem a, b;

	policy_problem_make(7, &a);
	policy_problem_make(7, &b);
	EXPECT_TRUE(memcmp(&a, &b, sizeof(a)) == 0);
	policy_problem_make(8, &b);
	EXPECT_TRUE(memcmp(&a, &b, sizeof(a)) != 0);
	EXPECT_TRUE(a.frames == 3 || a.frames == 4);
}
