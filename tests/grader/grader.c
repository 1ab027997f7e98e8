/*
 * The grader: main() for a lab's test program. The lab's test files
 * register their tests (grader.h's TEST/TEST_WITH); this file orders them,
 * runs each in a sandboxed child (grader_run.c), decides dependencies and
 * reports (grader_report.c).
 *
 *	cc -std=c11 -Wall -Wextra -Werror -Itests/grader TESTS \
 *		tests/grader/grader*.c TREE/libmm.a -lcunit
 *
 * where TESTS are the lab's test files, tests/LAB/NAME.c.
 *
 * Options are in usage() below and in README.md.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grader_int.h"

static const struct grade_test **tests;
static int ntests, cap_tests;

void grade_register(const struct grade_test *t)
{
	if (ntests == cap_tests) {
		cap_tests = cap_tests ? 2 * cap_tests : 64;
		tests = realloc(tests, cap_tests * sizeof(*tests));
		if (!tests) {
			perror("grader");
			exit(2);
		}
	}
	tests[ntests++] = t;
}

/* File order, then declaration order. */
static int by_place(const void *a, const void *b)
{
	const struct grade_test *x = *(const struct grade_test *const *)a;
	const struct grade_test *y = *(const struct grade_test *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* "tests/machine/e820.c" -> "e820" */
static char *suite_of(const char *file)
{
	const char *base = strrchr(file, '/');
	char *s = strdup(base ? base + 1 : file), *dot;

	if (!s) {
		perror("grader");
		exit(2);
	}
	dot = strrchr(s, '.');
	if (dot && dot != s)
		*dot = '\0';
	return s;
}

static int find_test(const char *name)
{
	int i;

	for (i = 0; i < ntests; i++)
		if (strcmp(tests[i]->name, name) == 0)
			return i;
	return -1;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, d;

	row = malloc((lb + 1) * sizeof(*row));
	if (!row)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			best = up + 1 < best ? up + 1 : best;
			best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

static void no_such_test(const char *name)
{
	size_t limit = strlen(name) / 3 > 2 ? strlen(name) / 3 : 2, d;
	int i, shown = 0;

	fprintf(stderr, "grader: no test named '%s'", name);
	for (d = 0; d <= limit; d++)
		for (i = 0; i < ntests && shown < 8; i++) {
			const char *n = tests[i]->name;
			size_t e = edit_distance(name, n);

			if (strstr(n, name) && strcmp(n, name))
				e = e < 1 ? e : 1;	/* a part of it */
			if (e != d)
				continue;
			fprintf(stderr, "%s %s", shown ? "," : "; did you mean",
				n);
			shown++;
		}
	fprintf(stderr, "%s\n", shown ? "?" : " (--list shows them all)");
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
"usage: %s [options]\n"
"  --test NAME        run only this test (its dependency is not checked)\n"
"  --list             list the tests: suite, name, points, timeout, depends\n"
"  --verbose, -v      show every test's full output and all failures\n"
"  --json FILE        write Gradescope's results.json\n"
"  --junit FILE       write JUnit XML\n"
"  --lab NAME         the lab's name, for titles\n"
"  --timeout S        default per-test timeout (2.0; env GRADER_TIMEOUT)\n"
"  --timeout-scale F  multiply every timeout (env GRADER_TIMEOUT_SCALE)\n"
"  --mem MB           resident memory of a test's processes (1024;\n"
"                     env GRADER_MEM_MB)\n"
"  --vm GB            address space a test may add to the grader's (32)\n"
"  --nproc N          processes/threads a test may have (64)\n"
"  --expect-total N   fail unless the tests' points add up to N\n"
"  --color, --no-color  colours (default: when stdout is a terminal)\n",
		prog);
}

static double env_double(const char *name, double def)
{
	const char *v = getenv(name);
	char *end;
	double d;

	if (!v || !*v)
		return def;
	d = strtod(v, &end);
	if (*end || d <= 0) {
		fprintf(stderr, "grader: ignoring %s=%s\n", name, v);
		return def;
	}
	return d;
}

static double arg_double(const char *opt, const char *v)
{
	char *end;
	double d = v ? strtod(v, &end) : 0;

	if (!v || *end || d <= 0) {
		fprintf(stderr, "grader: %s needs a positive number\n", opt);
		exit(2);
	}
	return d;
}

struct options {
	const char *only, *json, *junit, *lab;
	int list, verbose, color, expect_total;
	struct grade_limits lim;
};

static void parse(int argc, char **argv, struct options *o)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						 : argv[0];
	int i;

	o->lab = getenv("GRADER_LAB") ? getenv("GRADER_LAB") : prog;
	o->color = isatty(1) && !getenv("NO_COLOR");
	o->expect_total = -1;
	o->lim.timeout = env_double("GRADER_TIMEOUT", 2.0);
	o->lim.scale = env_double("GRADER_TIMEOUT_SCALE", 1.0);
	o->lim.mem_mb = (long)env_double("GRADER_MEM_MB", 1024);
	o->lim.vm_gb = 32;
	o->lim.nproc = 64;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;

		if (!strcmp(a, "--test"))
			o->only = v;
		else if (!strcmp(a, "--json"))
			o->json = v;
		else if (!strcmp(a, "--junit"))
			o->junit = v;
		else if (!strcmp(a, "--lab"))
			o->lab = v;
		else if (!strcmp(a, "--timeout"))
			o->lim.timeout = arg_double(a, v);
		else if (!strcmp(a, "--timeout-scale"))
			o->lim.scale = arg_double(a, v);
		else if (!strcmp(a, "--mem"))
			o->lim.mem_mb = (long)arg_double(a, v);
		else if (!strcmp(a, "--vm"))
			o->lim.vm_gb = (long)arg_double(a, v);
		else if (!strcmp(a, "--nproc"))
			o->lim.nproc = (int)arg_double(a, v);
		else if (!strcmp(a, "--expect-total"))
			o->expect_total = (int)arg_double(a, v);
		else {
			takes = 0;
			if (!strcmp(a, "--list"))
				o->list = 1;
			else if (!strcmp(a, "--verbose") || !strcmp(a, "-v"))
				o->verbose = 1;
			else if (!strcmp(a, "--color"))
				o->color = 1;
			else if (!strcmp(a, "--no-color"))
				o->color = 0;
			else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
				usage(stdout, prog);
				exit(0);
			} else {
				fprintf(stderr, "grader: unknown option %s\n",
					a);
				usage(stderr, prog);
				exit(2);
			}
		}
		if (takes && !v) {
			fprintf(stderr, "grader: %s needs a value\n", a);
			exit(2);
		}
		i += takes;
	}
}

/* Names unique, dependencies known and earlier. */
static void check_tests(void)
{
	int i, j, bad = 0;

	for (i = 0; i < ntests; i++) {
		const struct grade_test *t = tests[i];

		if (find_test(t->name) != i) {
			fprintf(stderr, "grader: %s:%d: test %s is declared "
				"twice\n", t->file, t->line, t->name);
			bad = 1;
		}
		if (t->points < 0) {
			fprintf(stderr, "grader: %s:%d: test %s has negative "
				"points\n", t->file, t->line, t->name);
			bad = 1;
		}
		if (!t->depends)
			continue;
		j = find_test(t->depends);
		if (j < 0 || j >= i) {
			fprintf(stderr, "grader: %s:%d: test %s depends on %s, "
				"%s\n", t->file, t->line, t->name, t->depends,
				j < 0 ? "which does not exist" :
					"which does not run before it");
			bad = 1;
		}
	}
	if (bad)
		exit(2);
}

int main(int argc, char **argv)
{
	struct options o;
	struct grade_report rep;
	const char *prev_suite = "";
	int i, only = -1, width = 8, passed = 0, failed = 0, skipped = 0;
	int total = 0, ok = 1;
	double start = grader_now();

	memset(&o, 0, sizeof(o));
	parse(argc, argv, &o);
	if (ntests == 0) {
		fprintf(stderr, "grader: no tests were linked in\n");
		return 2;
	}
	qsort(tests, ntests, sizeof(*tests), by_place);
	check_tests();
	for (i = 0; i < ntests; i++) {
		int len = (int)strlen(tests[i]->name);

		width = len > width ? len : width;
		total += tests[i]->points;
	}
	width = width > 48 ? 48 : width;
	if (o.list) {
		for (i = 0; i < ntests; i++) {
			const struct grade_test *t = tests[i];
			char *suite = suite_of(t->file);

			printf("%s\t%s\t%d\t%.1f\t%s\n", suite, t->name,
			       t->points,
			       (t->timeout > 0 ? t->timeout : o.lim.timeout) *
				       o.lim.scale,
			       t->depends ? t->depends : "-");
			free(suite);
		}
		free(tests);
		printf("%d tests, %d points\n", ntests, total);
		return 0;
	}
	if (o.expect_total >= 0 && o.expect_total != total) {
		fprintf(stderr, "grader: the tests' points add up to %d, "
			"not %d\n", total, o.expect_total);
		return 2;
	}
	if (o.only && (only = find_test(o.only)) < 0) {
		no_such_test(o.only);
		return 2;
	}

	memset(&rep, 0, sizeof(rep));
	rep.lab = o.lab;
	rep.res = calloc(ntests, sizeof(*rep.res));
	if (!rep.res) {
		perror("grader");
		return 2;
	}
	grader_run_init();
	grader_print_header(stdout, o.lab, o.color);
	for (i = 0; i < ntests; i++) {
		const struct grade_test *t = tests[i];
		struct grade_result *r = &rep.res[rep.n];
		double timeout = (t->timeout > 0 ? t->timeout : o.lim.timeout) *
				 o.lim.scale;
		int dep;

		if (only >= 0 && i != only)
			continue;
		rep.n++;
		r->t = t;
		r->suite = suite_of(t->file);
		if (strcmp(r->suite, prev_suite))
			printf("%s%s%s\n", o.color ? "\033[1m" : "", r->suite,
			       o.color ? "\033[0m" : "");
		prev_suite = r->suite;
		dep = t->depends && only < 0 ? find_test(t->depends) : -1;
		if (dep >= 0 && rep.res[dep].status != GS_PASS) {
			r->status = GS_SKIP;
			snprintf(r->reason, sizeof(r->reason), "needs %s",
				 t->depends);
		} else {
			grader_run_test(t, r->suite, timeout, &o.lim, r);
		}
		r->score = r->status == GS_PASS ? t->points : 0;
		rep.score += r->score;
		rep.max += t->points;
		passed += r->status == GS_PASS;
		failed += r->status == GS_FAIL || r->status == GS_ERROR;
		skipped += r->status == GS_SKIP;
		grader_print_row(stdout, r, width, o.color, o.verbose);
		fflush(stdout);
	}
	rep.secs = grader_now() - start;
	grader_print_total(stdout, &rep, o.color);
	if (o.json && grader_write_json(o.json, &rep))
		ok = 0;
	if (o.junit && grader_write_junit(o.junit, &rep))
		ok = 0;
	fflush(stdout);
	if (skipped)
		printf("%d passed, %d failed, %d skipped\n", passed, failed,
		       skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	ok = ok && passed == rep.n;
	for (i = 0; i < rep.n; i++) {
		free(rep.res[i].suite);
		free(rep.res[i].out);
	}
	free(rep.res);
	free(tests);
	return ok ? 0 : 1;
}
