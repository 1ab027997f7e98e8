/*
 * Running one test: fork a child into a session of its own with resource
 * limits, capture its output through a pipe, watch the clock, its memory
 * and its process count (grader_proc.c), then judge how it ended and sweep
 * up whatever it left running.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "grader_int.h"

enum why { W_NONE, W_TIMEOUT, W_OUTPUT, W_MEM, W_NPROC };

struct watch {
	pid_t pid;
	const char *token;
	struct grade_result *r;
	char line[GRADER_MSG_MAX + 8];	/* partial result-channel line */
	size_t linelen;
	size_t resbytes;
	int done;			/* completion line from the child */
	unsigned done_fails;
	long other_pid;			/* completion line from another pid */
	int forged;			/* lines with a wrong token or junk */
};

static int chld_pipe[2] = { -1, -1 };	/* SIGCHLD self-pipe */
static volatile pid_t current;		/* the test running, or 0 */

static void on_sigchld(int sig)
{
	int e = errno;

	(void)sig;
	if (write(chld_pipe[1], "x", 1) < 0)
		(void)0;	/* full: a wake-up is pending anyway */
	errno = e;
}

static char stdout_buf[4096];		/* the test child's stdout buffer */
static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* Interrupted (^C, kill): take the running test down with us. */
static void on_fatal(int sig)
{
	pid_t pid = current;

	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void grader_run_init(void)
{
	struct sigaction sa;
	size_t i;

	if (pipe2(chld_pipe, O_CLOEXEC | O_NONBLOCK)) {
		perror("grader: pipe");
		exit(2);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = 0;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	/* Orphans of a test's processes become ours, so we can end them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

int grader_sanitized(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 1;
#endif
#endif
	return 0;
}

/* Move fd to a random high number, close-on-exec. */
static int move_high(int fd, unsigned rnd)
{
	struct rlimit rl;
	long max = 1024, lo, span;
	int nfd;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = rl.rlim_cur;
	if (max > 65536)
		max = 65536;
	lo = max / 2 > 64 ? max / 2 : 64;
	span = max - lo - 16 > 1 ? max - lo - 16 : 1;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, lo + (long)(rnd % span));
	if (nfd < 0)
		nfd = fcntl(fd, F_DUPFD_CLOEXEC, 64);
	if (nfd < 0)
		return fd;
	close(fd);
	return nfd;
}

static void set_limit(int res, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	setrlimit(res, &rl);
}

static void child(const struct grade_test *t, const char *suite,
		  double timeout, const struct grade_limits *lim,
		  int outp[2], int resp[2], const char *token, unsigned rnd,
		  pid_t parent)
{
	struct sigaction sa;
	rlim_t cpu = (rlim_t)timeout + 2;	/* whole seconds, rounded up, +1 */
	sigset_t none;
	rlim_t vm;
	int fd, i;

	/*
	 * A session of its own: its own process group (killed as one), and
	 * no controlling terminal. The parent kills the pid as well, so the
	 * moment before this runs is covered.
	 */
	setsid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(70);
	/* Ours back to the default; a sanitizer's (SIGSEGV ...) stay. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < (int)(sizeof(fatal) / sizeof(fatal[0])); i++)
		sigaction(fatal[i], &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	close(chld_pipe[0]);
	close(chld_pipe[1]);

	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	dup2(outp[1], 1);
	dup2(outp[1], 2);
	fd = move_high(resp[1], rnd);
	/* Nothing else of the grader's (or of make's) stays open. */
	if (fd > 3)
		close_range(3, fd - 1, 0);
	close_range(fd + 1, ~0U, 0);

	set_limit(RLIMIT_CORE, 0, 0);
	set_limit(RLIMIT_CPU, cpu, cpu + 1);
	set_limit(RLIMIT_FSIZE, 256UL << 20, 256UL << 20);
	/*
	 * Address space: what we have now plus vm_gb. Under ASan "now" is
	 * terabytes of shadow reserved at start-up, which is why RLIMIT_AS
	 * cannot be set before an ASan program starts; set after, it works
	 * the same in both builds, and malloc returns NULL past it.
	 */
	vm = (rlim_t)grader_vm_size_kb() * 1024 + ((rlim_t)lim->vm_gb << 30);
	set_limit(RLIMIT_AS, vm, vm);
	/*
	 * RLIMIT_NPROC counts every process of a user, and the kernel never
	 * applies it to root. A fresh user namespace gives the test its own
	 * count (not for root: uid 0 stays exempt inside one too).
	 */
	if (getuid() != 0 && unshare(CLONE_NEWUSER) == 0)
		set_limit(RLIMIT_NPROC, lim->nproc, lim->nproc);
	i = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (i >= 0) {
		if (write(i, "1000", 4) < 0)
			(void)0;	/* best effort */
		close(i);
	}
	/* Line-buffered, so output comes in order and survives a crash. */
	setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
	grader_child_main(t, suite, fd, token);
}

static void handle_line(struct watch *w, char *line)
{
	struct grade_result *r = w->r;
	char tok[80];
	long pid;
	unsigned fails;

	if (line[0] == 'F' && line[1] == ' ') {
		if (r->nfails < GRADER_MAX_FAILS)
			snprintf(r->fails[r->nfails], GRADER_MSG_MAX, "%s",
				 line + 2);
		r->nfails++;
	} else if (line[0] == 'D' &&
		   sscanf(line, "D %79s %ld %u", tok, &pid, &fails) == 3 &&
		   strcmp(tok, w->token) == 0) {
		if (pid == (long)w->pid) {
			w->done = 1;
			w->done_fails = fails;
		} else {
			w->other_pid = pid;
		}
	} else {
		w->forged++;
	}
}

/*
 * Read what is there (non-blocking), at most 256 KiB a call so that a fast
 * writer cannot keep us from the clock. Returns 0 at end of file, 1 when
 * there is nothing more for now, 2 when it stopped at that cap.
 */
static int drain_out(int fd, struct grade_result *r)
{
	char buf[16384];
	ssize_t n = -1;
	int rounds;

	for (rounds = 0; rounds < 16; rounds++) {
		size_t k = GRADER_KEEP_OUTPUT - r->outlen;

		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return n != 0;
		k = k < (size_t)n ? k : (size_t)n;
		memcpy(r->out + r->outlen, buf, k);
		r->outlen += k;
		r->out[r->outlen] = '\0';
		r->outtotal += n;
	}
	return 2;
}

static int drain_res(int fd, struct watch *w)
{
	char buf[4096];
	ssize_t n, i;
	int rounds;

	for (rounds = 0; rounds < 64; rounds++) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return n != 0;
		w->resbytes += n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				w->line[w->linelen] = '\0';
				handle_line(w, w->line);
				w->linelen = 0;
			} else if (w->linelen < sizeof(w->line) - 1) {
				w->line[w->linelen++] = buf[i];
			}
		}
	}
	return 2;
}

static const char *signal_text(int sig, char *buf, size_t size)
{
	static const struct {
		int sig;
		const char *what;
	} names[] = {
		{ SIGSEGV, "SIGSEGV (segmentation fault)" },
		{ SIGABRT, "SIGABRT (abort)" },
		{ SIGBUS, "SIGBUS (bus error)" },
		{ SIGFPE, "SIGFPE (arithmetic exception)" },
		{ SIGILL, "SIGILL (illegal instruction)" },
		{ SIGKILL, "SIGKILL (killed)" },
		{ SIGTERM, "SIGTERM (terminated)" },
		{ SIGPIPE, "SIGPIPE (broken pipe)" },
		{ SIGTRAP, "SIGTRAP (trap)" },
		{ SIGXCPU, "SIGXCPU (CPU time limit exceeded)" },
		{ SIGXFSZ, "SIGXFSZ (file size limit exceeded)" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].what;
	snprintf(buf, size, "signal %d (%s)", sig, strsignal(sig));
	return buf;
}

/* A sanitizer's report in the output names the crash better. */
static int sanitizer_reason(const struct grade_result *r, char *buf,
			    size_t size)
{
	const char *p, *e;
	int n;

	if (!r->out)
		return 0;
	/* "SUMMARY: AddressSanitizer: heap-buffer-overflow x.c:12 in f" */
	p = strstr(r->out, "SUMMARY: AddressSanitizer: ");
	if (p) {
		p += strlen("SUMMARY: ");
		n = (int)strcspn(p, "\n");
		e = "AddressSanitizer: SEGV ";
		if (strncmp(p, e, strlen(e)) == 0)
			snprintf(buf, size, "SIGSEGV (segmentation fault) at %.*s",
				 n - (int)strlen(e), p + strlen(e));
		else
			snprintf(buf, size, "%.*s", n, p);
		return 1;
	}
	p = strstr(r->out, "ERROR: AddressSanitizer: ");
	if (p) {
		p += strlen("ERROR: AddressSanitizer: ");
		n = (int)strcspn(p, " \n");
		if (n == 4 && strncmp(p, "SEGV", 4) == 0)
			snprintf(buf, size, "SIGSEGV (segmentation fault; "
				 "AddressSanitizer's report is in the log)");
		else
			snprintf(buf, size, "AddressSanitizer: %.*s", n, p);
		return 1;
	}
	p = strstr(r->out, "runtime error: ");
	if (p) {
		for (e = p; e > r->out && e[-1] != '\n'; e--)
			;
		n = (int)strcspn(e, "\n");
		snprintf(buf, size, "undefined behaviour: %.*s",
			 n > 300 ? 300 : n, e);
		return 1;
	}
	return 0;
}

static void judge(struct watch *w, enum why why, int st, double timeout,
		  const struct grade_limits *lim)
{
	struct grade_result *r = w->r;
	char sigbuf[64];

	r->status = GS_ERROR;
	if (why == W_TIMEOUT) {
		snprintf(r->reason, sizeof(r->reason), "timeout after %.1f s",
			 timeout);
	} else if (why == W_OUTPUT) {
		snprintf(r->reason, sizeof(r->reason),
			 "output limit exceeded (more than %d KiB)",
			 GRADER_MAX_OUTPUT / 1024);
	} else if (why == W_MEM) {
		snprintf(r->reason, sizeof(r->reason),
			 "memory limit exceeded (more than %ld MiB resident)",
			 lim->mem_mb);
	} else if (why == W_NPROC) {
		snprintf(r->reason, sizeof(r->reason),
			 "process limit exceeded (more than %d processes)",
			 lim->nproc);
	} else if (w->done && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		if (w->other_pid) {
			snprintf(r->reason, sizeof(r->reason),
				 "a process the test forked (pid %ld) also "
				 "ran to the end of the test", w->other_pid);
		} else if (w->done_fails || r->nfails) {
			r->status = GS_FAIL;
			if (r->nfails == 0)
				snprintf(r->reason, sizeof(r->reason),
					 "%u assertion(s) failed",
					 w->done_fails);
			else if (r->nfails == 1)
				snprintf(r->reason, sizeof(r->reason), "%s",
					 r->fails[0]);
			else
				snprintf(r->reason, sizeof(r->reason),
					 "%.400s (and %d more)", r->fails[0],
					 r->nfails - 1);
		} else {
			r->status = GS_PASS;
			snprintf(r->reason, sizeof(r->reason), "passed");
		}
	} else if (sanitizer_reason(r, r->reason, sizeof(r->reason))) {
		;
	} else if (WIFSIGNALED(st)) {
		snprintf(r->reason, sizeof(r->reason), "%s",
			 signal_text(WTERMSIG(st), sigbuf, sizeof(sigbuf)));
	} else {
		snprintf(r->reason, sizeof(r->reason),
			 "exited with status %d before the test finished",
			 WEXITSTATUS(st));
	}
	if (w->forged && r->status != GS_PASS) {
		size_t n = strlen(r->reason);

		snprintf(r->reason + n, sizeof(r->reason) - n,
			 " (a forged result was ignored)");
	}
}

static void random_token(char *tok, unsigned *rnd)
{
	unsigned char b[20];
	int i;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		srand((unsigned)(ts.tv_nsec ^ getpid()));
		for (i = 0; i < (int)sizeof(b); i++)
			b[i] = (unsigned char)rand();
	}
	for (i = 0; i < 16; i++)
		sprintf(tok + 2 * i, "%02x", b[i]);
	memcpy(rnd, b + 16, sizeof(*rnd));
}

void grader_run_test(const struct grade_test *t, const char *suite,
		     double timeout, const struct grade_limits *lim,
		     struct grade_result *r)
{
	int outp[2], resp[2], st = 0, out_open = 1, res_open = 1, tick = 0;
	char token[40];
	unsigned rnd;
	enum why why = W_NONE;
	double start = grader_now(), deadline = start + timeout;
	int base_tasks = grader_tasks_total();
	struct watch w;
	pid_t pid, parent = getpid();

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.token = token;
	r->out = calloc(1, GRADER_KEEP_OUTPUT + 1);
	random_token(token, &rnd);
	if (!r->out || pipe2(outp, O_CLOEXEC) || pipe2(resp, O_CLOEXEC)) {
		perror("grader: pipe");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("grader: fork");
		exit(2);
	}
	if (pid == 0)
		child(t, suite, timeout, lim, outp, resp, token, rnd, parent);
	w.pid = pid;
	current = pid;
	close(outp[1]);
	close(resp[1]);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	fcntl(resp[0], F_SETFL, O_NONBLOCK);

	for (;;) {
		struct pollfd pfd[3];
		int n = 0, ms;
		char junk[64];

		pfd[n++] = (struct pollfd){ .fd = chld_pipe[0], .events = POLLIN };
		if (out_open)
			pfd[n++] = (struct pollfd){ .fd = outp[0], .events = POLLIN };
		if (res_open)
			pfd[n++] = (struct pollfd){ .fd = resp[0], .events = POLLIN };
		ms = (int)((deadline - grader_now()) * 1000 + 0.999);
		ms = ms < 0 ? 0 : ms > 10 ? 10 : ms;
		poll(pfd, n, why == W_NONE ? ms : 10);
		if (out_open)
			out_open = drain_out(outp[0], r);
		if (res_open)
			res_open = drain_res(resp[0], &w);
		while (read(chld_pipe[0], junk, sizeof(junk)) > 0)
			;
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		if (why != W_NONE)
			continue;	/* killed; waiting for it to die */
		if (grader_now() >= deadline) {
			why = W_TIMEOUT;
		} else if (r->outtotal > GRADER_MAX_OUTPUT ||
			   w.resbytes > GRADER_MAX_OUTPUT) {
			why = W_OUTPUT;
		} else if (grader_rss_kb(pid) > lim->mem_mb * 1024) {
			why = W_MEM;
		} else if (++tick % 25 == 0 ||
			   grader_tasks_total() > base_tasks + lim->nproc) {
			int ntasks;
			long kb;

			grader_scan_tree(0, &ntasks, &kb);
			if (ntasks > lim->nproc)
				why = W_NPROC;
			else if (kb > lim->mem_mb * 1024)
				why = W_MEM;
		}
		if (why != W_NONE) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
	}
	r->secs = grader_now() - start;
	/* Kill what is left first: then nobody writes as we drain. */
	r->killed_leftovers = grader_sweep(pid);
	current = 0;
	if (why != W_NONE)
		r->killed_leftovers = 0;	/* we killed them anyway */
	while (drain_out(outp[0], r) == 2 &&
	       r->outtotal <= 2 * GRADER_MAX_OUTPUT)
		;
	while (drain_res(resp[0], &w) == 2 &&
	       w.resbytes <= 2 * GRADER_MAX_OUTPUT)
		;
	close(outp[0]);
	close(resp[0]);
	judge(&w, why, st, timeout, lim);
}
