/*
 * The grader's internals, shared by its files (grader.c: main and options;
 * grader_run.c: running one test in a sandboxed child; grader_proc.c: what
 * it reads from /proc; grader_child.c: the child's side and the test API;
 * grader_report.c: table, JSON and JUnit).
 * Test files include grader.h only.
 */
#ifndef GRADER_INT_H
#define GRADER_INT_H

#include <stdio.h>
#include <sys/types.h>
#include "grader.h"

#define GRADER_KEEP_OUTPUT	(64 * 1024)	/* bytes of a test's output kept */
#define GRADER_MAX_OUTPUT	(1024 * 1024)	/* more than this kills the test */
#define GRADER_MAX_FAILS	5		/* failure messages kept per test */
#define GRADER_MSG_MAX		512		/* bytes of one failure message */

enum grade_status {
	GS_PASS,	/* ran to the end, every assertion held */
	GS_FAIL,	/* ran to the end, an assertion failed */
	GS_ERROR,	/* crashed, hung, exited early, hit a limit */
	GS_SKIP,	/* not run: its dependency did not pass */
};

struct grade_limits {
	double timeout;		/* default per-test timeout, seconds */
	double scale;		/* every timeout is multiplied by this */
	long mem_mb;		/* resident memory of a test's processes */
	long vm_gb;		/* address space (RLIMIT_AS), non-ASan builds */
	int nproc;		/* processes in a test's process group */
};

struct grade_result {
	const struct grade_test *t;
	char *suite;
	enum grade_status status;
	int score;
	double secs;
	char reason[GRADER_MSG_MAX];		/* one line */
	char fails[GRADER_MAX_FAILS][GRADER_MSG_MAX];
	int nfails;				/* failures reported, all */
	char *out;				/* captured stdout+stderr */
	size_t outlen;
	size_t outtotal;			/* bytes the test wrote */
	int killed_leftovers;			/* processes swept afterwards */
};

struct grade_report {
	const char *lab;
	struct grade_result *res;
	int n;
	int score, max;		/* totals, kept as the tests ran */
	double secs;
};

/* grader_run.c */
void grader_run_init(void);
int grader_sanitized(void);
void grader_run_test(const struct grade_test *t, const char *suite,
		     double timeout, const struct grade_limits *lim,
		     struct grade_result *r);

/* grader_proc.c */
double grader_now(void);
void grader_nap(long ms);
int grader_tasks_total(void);
long grader_rss_kb(pid_t pid);
long grader_vm_size_kb(void);
int grader_scan_tree(int kill_all, int *ntasks, long *kb);
int grader_sweep(pid_t pgid);

/* grader_child.c */
void grader_child_main(const struct grade_test *t, const char *suite,
		       int resfd, const char *token)
	__attribute__((noreturn));
#define GRADER_MARK '\x1f'	/* starts our messages in CUnit's list */

/* grader_report.c */
const char *grader_status_word(enum grade_status s);
void grader_print_header(FILE *f, const char *lab, int color);
void grader_print_row(FILE *f, const struct grade_result *r, int width,
		      int color, int verbose);
void grader_print_total(FILE *f, const struct grade_report *rep, int color);
int grader_write_json(const char *path, const struct grade_report *rep);
int grader_write_junit(const char *path, const struct grade_report *rep);

#endif /* GRADER_INT_H */
