/*
 * Reporting: the terminal table, Gradescope's results.json and JUnit XML.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_int.h"

#define RED	"\033[31m"
#define GREEN	"\033[32m"
#define YELLOW	"\033[33m"
#define DIM	"\033[2m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

const char *grader_status_word(enum grade_status s)
{
	switch (s) {
	case GS_PASS:
		return "passed";
	case GS_FAIL:
		return "failed";
	case GS_ERROR:
		return "error";
	default:
		return "skipped";
	}
}

void grader_print_header(FILE *f, const char *lab, int color)
{
	fprintf(f, "%sGrading %s%s%s\n", color ? BOLD : "", lab,
		grader_sanitized() ? " (AddressSanitizer build)" : "",
		color ? RESET : "");
}

/* The last lines of a test's output, each indented. */
static void print_tail(FILE *f, const struct grade_result *r, int lines)
{
	const char *p = r->out + r->outlen;

	while (p > r->out && p[-1] == '\n')
		p--;
	while (p > r->out && lines > 0)
		if (*--p == '\n')
			lines--;
	if (*p == '\n')
		p++;
	if (p > r->out)
		fprintf(f, "      ...\n");
	while (*p) {
		int n = (int)strcspn(p, "\n");

		fprintf(f, "      | %.*s\n", n, p);
		p += n + (p[n] == '\n');
	}
}

void grader_print_row(FILE *f, const struct grade_result *r, int width,
		      int color, int verbose)
{
	static const char *colors[] = { GREEN, RED, RED, YELLOW };
	static const char *words[] = { "passed", "FAILED", "ERROR", "skipped" };
	int i, kept = r->nfails < GRADER_MAX_FAILS ? r->nfails
						   : GRADER_MAX_FAILS;

	fprintf(f, "  %-*s %3d/%-3d %s%-7s%s", width, r->t->name, r->score,
		r->t->points, color ? colors[r->status] : "",
		words[r->status], color ? RESET : "");
	if (r->status != GS_PASS)
		fprintf(f, "  %.160s", r->reason);
	if (verbose || r->status != GS_SKIP)
		fprintf(f, "  %s(%.2f s)%s", color ? DIM : "", r->secs,
			color ? RESET : "");
	fputc('\n', f);
	for (i = r->status == GS_FAIL ? 1 : 0; i < kept; i++)
		fprintf(f, "      %s\n", r->fails[i]);
	if (r->nfails > kept)
		fprintf(f, "      ... and %d more failures\n",
			r->nfails - kept);
	if (r->outlen && verbose)
		print_tail(f, r, 1 << 30);
	else if (r->outlen && r->status == GS_ERROR)
		print_tail(f, r, 6);
	if (r->outtotal > r->outlen)
		fprintf(f, "      [output truncated: %zu bytes, %zu kept]\n",
			r->outtotal, r->outlen);
	if (r->killed_leftovers)
		fprintf(f, "      [the grader ended %d process(es) the test "
			"left running]\n", r->killed_leftovers);
}

void grader_print_total(FILE *f, const struct grade_report *rep, int color)
{
	fprintf(f, "%sScore: %d/%d%s\n", color ? BOLD : "", rep->score,
		rep->max, color ? RESET : "");
}

/* A test's whole story as text: reason, failures, output. */
static char *story(const struct grade_result *r)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	int i;

	if (!f)
		return NULL;
	if (r->status == GS_PASS)
		fprintf(f, "passed\n");
	else
		fprintf(f, "%s: %s\n", grader_status_word(r->status),
			r->reason);
	for (i = 0; i < r->nfails && i < GRADER_MAX_FAILS; i++)
		fprintf(f, "  %s\n", r->fails[i]);
	if (r->nfails > GRADER_MAX_FAILS)
		fprintf(f, "  ... and %d more failures\n",
			r->nfails - GRADER_MAX_FAILS);
	if (r->outlen)
		fprintf(f, "--- output ---\n%s%s", r->out,
			r->out[r->outlen - 1] == '\n' ? "" : "\n");
	if (r->outtotal > r->outlen)
		fprintf(f, "[output truncated: %zu bytes, %zu kept]\n",
			r->outtotal, r->outlen);
	if (r->killed_leftovers)
		fprintf(f, "[the grader ended %d process(es) the test left "
			"running]\n", r->killed_leftovers);
	fclose(f);
	return buf;
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	while (*p) {
		int n = utf8_len(p);

		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (n == 0)
			fputs("\\ufffd", f);
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
	fputc('"', f);
}

static void xml_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		int n = utf8_len(p);

		if (*p == '&')
			fputs("&amp;", f);
		else if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '"')
			fputs("&quot;", f);
		else if (*p == '\'')
			fputs("&apos;", f);
		else if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			fputc('?', f);
		else if (n == 0)
			fputs("\xef\xbf\xbd", f);	/* U+FFFD */
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
}

static int finish(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "grader: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

int grader_write_json(const char *path, const struct grade_report *rep)
{
	FILE *f = fopen(path, "w");
	int i, sum = 0, max = 0;
	char summary[256];

	if (!f) {
		perror(path);
		return -1;
	}
	snprintf(summary, sizeof(summary), "%s: %d/%d points", rep->lab,
		 rep->score, rep->max);
	fprintf(f, "{\n  \"score\": %d,\n  \"execution_time\": %.2f,\n"
		"  \"output\": ", rep->score, rep->secs);
	json_str(f, summary);
	fprintf(f, ",\n  \"visibility\": \"visible\",\n  \"tests\": [");
	for (i = 0; i < rep->n; i++) {
		const struct grade_result *r = &rep->res[i];
		char name[600], *text = story(r);

		sum += r->score;
		max += r->t->points;
		snprintf(name, sizeof(name), "%s: %s", r->suite, r->t->name);
		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_str(f, name);
		fprintf(f, ", \"number\": \"%d\", \"score\": %d, "
			"\"max_score\": %d,\n     \"status\": \"%s\", "
			"\"visibility\": ", i + 1, r->score, r->t->points,
			r->status == GS_PASS ? "passed" : "failed");
		json_str(f, r->t->visibility ? r->t->visibility : "visible");
		fprintf(f, ",\n     \"output\": ");
		json_str(f, text);
		fprintf(f, ",\n     \"extra_data\": {\"suite\": ");
		json_str(f, r->suite);
		fprintf(f, ", \"test\": ");
		json_str(f, r->t->name);
		fprintf(f, ", \"result\": \"%s\", \"reason\": ",
			grader_status_word(r->status));
		json_str(f, r->reason);
		fprintf(f, ", \"failures\": %d, \"seconds\": %.3f}}",
			r->nfails, r->secs);
		free(text);
	}
	fprintf(f, "\n  ]\n}\n");
	/* Gradescope shows the top-level score: it must be the tests' sum. */
	if (sum != rep->score || max != rep->max) {
		fprintf(stderr, "grader: results.json total %d/%d is not the "
			"sum of its tests, %d/%d\n", rep->score, rep->max, sum,
			max);
		fclose(f);
		return -1;
	}
	return finish(f, path);
}

int grader_write_junit(const char *path, const struct grade_report *rep)
{
	FILE *f = fopen(path, "w");
	int i, j, fails = 0, errors = 0, skips = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	for (i = 0; i < rep->n; i++) {
		fails += rep->res[i].status == GS_FAIL;
		errors += rep->res[i].status == GS_ERROR;
		skips += rep->res[i].status == GS_SKIP;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"");
	xml_str(f, rep->lab);
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
		"skipped=\"%d\" time=\"%.3f\">\n", rep->n, fails, errors,
		skips, rep->secs);
	for (i = 0; i < rep->n; i = j) {
		int n = 0, nf = 0, ne = 0, ns = 0;
		double secs = 0;

		for (j = i; j < rep->n &&
			    !strcmp(rep->res[j].suite, rep->res[i].suite); j++) {
			n++;
			nf += rep->res[j].status == GS_FAIL;
			ne += rep->res[j].status == GS_ERROR;
			ns += rep->res[j].status == GS_SKIP;
			secs += rep->res[j].secs;
		}
		fprintf(f, "  <testsuite name=\"");
		xml_str(f, rep->res[i].suite);
		fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
			"skipped=\"%d\" time=\"%.3f\">\n", n, nf, ne, ns, secs);
		for (j = i; j < rep->n &&
			    !strcmp(rep->res[j].suite, rep->res[i].suite); j++) {
			const struct grade_result *r = &rep->res[j];
			static const char *tags[] = { "", "failure", "error",
						      "skipped" };
			char *text = story(r);

			fprintf(f, "    <testcase classname=\"");
			xml_str(f, rep->lab);
			fputc('.', f);
			xml_str(f, r->suite);
			fprintf(f, "\" name=\"");
			xml_str(f, r->t->name);
			fprintf(f, "\" file=\"");
			xml_str(f, r->t->file);
			fprintf(f, "\" line=\"%d\" time=\"%.3f\">\n",
				r->t->line, r->secs);
			if (r->status != GS_PASS) {
				fprintf(f, "      <%s message=\"",
					tags[r->status]);
				xml_str(f, r->reason);
				fprintf(f, "\">");
				xml_str(f, text);
				fprintf(f, "</%s>\n", tags[r->status]);
			}
			if (r->outlen) {
				fprintf(f, "      <system-out>");
				xml_str(f, r->out);
				fprintf(f, "</system-out>\n");
			}
			fprintf(f, "    </testcase>\n");
			free(text);
		}
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	return finish(f, path);
}
