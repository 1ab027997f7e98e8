/*
 * The test's side of the grader: the forked child that runs one test under
 * CUnit and reports over the result channel, the assertion hook behind
 * grader.h's macros, grade_run(), and the sanitizers' default options.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <CUnit/TestRun.h>

#include "grader_int.h"

static int g_resfd = -1;	/* result channel; -1 outside a test child */
static int g_in_test;		/* CUnit is running the test */

/*
 * Send one line ("F message" or "D token pid failures") in one write(), so
 * that lines from a test's forked processes never interleave.
 */
static void send_line(char kind, const char *msg)
{
	char buf[GRADER_MSG_MAX + 4];
	size_t n = 0;

	buf[n++] = kind;
	buf[n++] = ' ';
	for (; *msg && n < sizeof(buf) - 2; msg++)
		buf[n++] = (*msg == '\n' || *msg == '\r') ? ' ' : *msg;
	buf[n++] = '\n';
	while (write(g_resfd, buf, n) < 0 && errno == EINTR)
		;
}

void grade_check(int ok, int fatal, const char *file, int line,
		 const char *fmt, ...)
{
	char msg[GRADER_MSG_MAX], where[GRADER_MSG_MAX + 64];
	va_list ap;

	if (ok) {
		if (g_in_test)
			CU_assertImplementation(CU_TRUE, line, "", file, "",
						CU_FALSE);
		return;
	}
	msg[0] = GRADER_MARK;
	va_start(ap, fmt);
	vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	snprintf(where, sizeof(where), "%s:%d: %s", file, line, msg + 1);
	if (g_resfd >= 0)
		send_line('F', where);
	else
		fprintf(stderr, "%s\n", where);
	if (g_in_test)
		CU_assertImplementation(CU_FALSE, line, msg, file, "",
					fatal ? CU_TRUE : CU_FALSE);
	else if (fatal)
		abort();
}

/*
 * Run the test under CUnit in this (forked) process, then report: the
 * failures CUnit recorded that did not come through grade_check(), and last
 * the completion line with the parent's token. Only this code knows the
 * token; the parent accepts the test only with it, from this process, and
 * only if the process then exits with status 0.
 */
void grader_child_main(const struct grade_test *t, const char *suite,
		       int resfd, const char *token)
{
	char line[GRADER_MSG_MAX];
	CU_pFailureRecord f;
	CU_pSuite s;
	CU_pTest ct;

	g_resfd = resfd;
	if (CU_initialize_registry() != CUE_SUCCESS ||
	    !(s = CU_add_suite(suite, NULL, NULL)) ||
	    !(ct = CU_add_test(s, t->name, t->fn))) {
		send_line('F', "grader: cannot set up CUnit");
		_exit(70);
	}
	g_in_test = 1;
	CU_run_test(s, ct);
	g_in_test = 0;
	fflush(stdout);
	fflush(stderr);
	for (f = CU_get_failure_list(); f; f = f->pNext) {
		if (f->strCondition && f->strCondition[0] == GRADER_MARK)
			continue;
		snprintf(line, sizeof(line), "%s:%u: CUnit: %s",
			 f->strFileName ? f->strFileName : "?",
			 f->uiLineNumber,
			 f->strCondition ? f->strCondition : "failure");
		send_line('F', line);
	}
	snprintf(line, sizeof(line), "%s %ld %u", token, (long)getpid(),
		 CU_get_number_of_failures());
	send_line('D', line);
	_exit(0);
}

/*
 * Read what the pipe has now into out (up to size - 1 bytes, the rest is
 * read and dropped), at most 64 KiB a call. Returns 0 at end of file, 1
 * when there is nothing more for now, 2 when it stopped at that cap.
 */
static int read_some(int fd, char *out, size_t size, size_t *len)
{
	char buf[4096];
	int rounds;

	for (rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(fd, buf, sizeof(buf));
		size_t k;

		if (n <= 0)
			return n != 0;
		k = size && *len < size - 1 ? size - 1 - *len : 0;
		k = k < (size_t)n ? k : (size_t)n;
		if (k)
			memcpy(out + *len, buf, k);
		*len += k;
	}
	return 2;
}

int grade_run(const char *cmd, char *out, size_t size)
{
	const char *env = getenv("GRADER_RUN_TIMEOUT");
	double limit = env && atof(env) > 0 ? atof(env) : 10.0;
	double deadline = grader_now() + limit;
	size_t len = 0;
	int p[2], st = 0, open_ = 1, timed_out = 0, i;
	pid_t pid, r;

	if (out && size)
		out[0] = '\0';
	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };

		poll(&pfd, open_, open_ ? 20 : 1);	/* at end of file: a nap */
		if (open_)
			open_ = read_some(p[0], out, size, &len) != 0;
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0) {		/* SIGCHLD ignored: no status */
			st = -1;
			break;
		}
		if (grader_now() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
			timed_out = 1;
			break;
		}
	}
	kill(-pid, SIGKILL);	/* what it left in its process group */
	for (i = 0; open_ && i < 16; i++)	/* written just before exit */
		open_ = read_some(p[0], out, size, &len) == 2;
	close(p[0]);
	if (out && size) {
		out[len] = '\0';
		if (timed_out)
			snprintf(out + len, size - len,
				 "\n[grade_run: killed after %.1f s]\n", limit);
	}
	if (st == -1)
		return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/*
 * Sanitizer defaults, read by the sanitizer runtimes at start-up (ordinary
 * unused functions in a build without sanitizers). ASAN_OPTIONS and
 * UBSAN_OPTIONS in the environment still override them. malloc returns
 * NULL past the address-space limit instead of ASan ending the process, as
 * in a plain build; leaks are not errors (a test may leave a machine
 * behind); undefined behaviour ends the test, named as its reason.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1:detect_leaks=0";
}

const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}
