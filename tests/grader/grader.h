/*
 * The grader's test API. A test file includes this header and declares
 * tests with their points; the grader (grader.c) supplies main(), runs each
 * test in a forked child and reports scores.
 *
 *	TEST(sanitize_merges_adjacent_ram, 2)
 *	{
 *		EXPECT_EQ_U64(0x100000, t.entries[1].addr);
 *	}
 *
 *	TEST_WITH(sanitize_pc_map, 3, .timeout = 5.0,
 *		  .depends = "sanitize_merges_adjacent_ram")
 *	{ ... }
 */
#ifndef GRADER_H
#define GRADER_H

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <string.h>
#include <stdint.h>

struct grade_test {
	const char *name;	/* unique in the lab */
	void (*fn)(void);
	int points;
	const char *file;	/* the suite is the file's base name */
	int line;
	double timeout;		/* seconds; 0 means the default */
	const char *depends;	/* skipped unless this test passed; or NULL */
	const char *visibility; /* Gradescope's; NULL means "visible" */
};

void grade_register(const struct grade_test *t);

#define TEST_WITH(tname, pts, ...)                                            \
	static void tname(void);                                              \
	__attribute__((constructor)) static void tname##__register(void)      \
	{                                                                     \
		static const struct grade_test t = {                          \
			.name = #tname, .fn = tname, .points = (pts),          \
			.file = __FILE__, .line = __LINE__, __VA_ARGS__        \
		};                                                            \
		grade_register(&t);                                           \
	}                                                                     \
	static void tname(void)

#define TEST(tname, pts) TEST_WITH(tname, pts, .timeout = 0)

/*
 * Assertions. EXPECT_* record a failure and go on; ASSERT_* end the test.
 * A failure message names the file and line, the expression, what was
 * expected and what came.
 */
void grade_check(int ok, int fatal, const char *file, int line,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define GRADE_CHECK_(fatal, cond, ...) \
	grade_check(!!(cond), fatal, __FILE__, __LINE__, __VA_ARGS__)

#define EXPECT_TRUE(c) GRADE_CHECK_(0, (c), "expected %s to hold", #c)
#define ASSERT_TRUE(c) GRADE_CHECK_(1, (c), "expected %s to hold", #c)
#define EXPECT_MSG(c, ...) GRADE_CHECK_(0, (c), __VA_ARGS__)
#define ASSERT_MSG(c, ...) GRADE_CHECK_(1, (c), __VA_ARGS__)

#define GRADE_EQ_INT_(fatal, exp, act)                                        \
	do {                                                                  \
		long long e_ = (long long)(exp), a_ = (long long)(act);       \
		GRADE_CHECK_(fatal, e_ == a_, "%s: expected %lld, got %lld",  \
			     #act, e_, a_);                                   \
	} while (0)
#define GRADE_EQ_U64_(fatal, exp, act)                                        \
	do {                                                                  \
		unsigned long long e_ = (unsigned long long)(exp);            \
		unsigned long long a_ = (unsigned long long)(act);            \
		GRADE_CHECK_(fatal, e_ == a_,                                 \
			     "%s: expected %#llx, got %#llx", #act, e_, a_);  \
	} while (0)
#define GRADE_EQ_STR_(fatal, exp, act)                                        \
	do {                                                                  \
		const char *e_ = (exp), *a_ = (act);                          \
		GRADE_CHECK_(fatal, a_ && strcmp(e_, a_) == 0,                \
			     "%s: expected \"%s\", got %s%s%s", #act, e_,     \
			     a_ ? "\"" : "", a_ ? a_ : "NULL",                \
			     a_ ? "\"" : "");                                 \
	} while (0)

#define EXPECT_EQ_INT(e, a) GRADE_EQ_INT_(0, e, a)
#define ASSERT_EQ_INT(e, a) GRADE_EQ_INT_(1, e, a)
#define EXPECT_EQ_U64(e, a) GRADE_EQ_U64_(0, e, a)
#define ASSERT_EQ_U64(e, a) GRADE_EQ_U64_(1, e, a)
#define EXPECT_EQ_STR(e, a) GRADE_EQ_STR_(0, e, a)
#define ASSERT_EQ_STR(e, a) GRADE_EQ_STR_(1, e, a)

/*
 * Run a shell command, capturing its standard output and error (merged,
 * truncated to size - 1 bytes, always NUL-terminated). Returns the exit
 * status, 128 + signal if it was killed, or -1 if it could not be run.
 * A command still running after 10 s (env GRADER_RUN_TIMEOUT seconds) is
 * killed with its process group and returns 128 + SIGKILL.
 */
int grade_run(const char *cmd, char *out, size_t size);

#endif /* GRADER_H */
