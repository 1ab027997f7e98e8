/*
 * What the grader reads from /proc about a test's processes: the system's
 * task count, one process's memory, the tree of processes a test started
 * (counted, measured, or killed), and the sweep after a test.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "grader_int.h"

double grader_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void grader_nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Tasks (threads) on the whole system: cheap, read every tick. */
int grader_tasks_total(void)
{
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC), total = 0;
	char buf[128];
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%*f %*f %*f %*d/%d", &total) != 1)
			total = 0;
	}
	return total;
}

/* Size and resident kilobytes of a process, or 0. */
static long statm_kb(pid_t pid, int field)
{
	char path[64], buf[128];
	long size, res = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %ld", &size, &res) != 2)
		return 0;
	return (field ? res : size) * (sysconf(_SC_PAGESIZE) / 1024);
}

long grader_rss_kb(pid_t pid)
{
	return statm_kb(pid, 1);
}

long grader_vm_size_kb(void)
{
	return statm_kb(getpid(), 0);
}

/*
 * One pass over /proc over the grader's descendants: everything the current
 * test started, including processes that left its process group (setsid)
 * and orphans handed to us as subreaper. Counts their tasks and resident
 * memory; with kill_all, SIGKILLs them all.
 */
struct proc {
	pid_t pid, ppid;
	int mine, zombie;
	long threads, rss;
};

/*
 * Proportional set size: forked processes share their pages, so adding up
 * their resident sizes would count shared pages many times over.
 */
static long pss_kb(pid_t pid, long rss)
{
	char path[64], buf[4096], *p;
	long pss;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rss;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return rss;
	buf[n] = '\0';
	p = strstr(buf, "\nPss:");
	if (!p || sscanf(p + 5, "%ld", &pss) != 1)
		return rss;
	return pss;
}

static int by_pid(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int grader_scan_tree(int kill_all, int *ntasks, long *kb)
{
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	struct proc *v = NULL;
	size_t n = 0, cap = 0, i;
	pid_t me = getpid();
	struct dirent *e;
	DIR *d = opendir("/proc");
	int changed, alive = 0;

	*ntasks = 0;
	*kb = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[300], buf[1024], *p;
		long ppid, threads, rss;
		char state;
		ssize_t len;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		p = strrchr(buf, ')');
		/* state ppid ... num_threads (20th field) ... rss (24th) */
		if (!p || sscanf(p + 2, "%c %ld %*d %*d %*d %*d %*u %*u %*u "
				 "%*u %*u %*u %*u %*d %*d %*d %*d %ld %*d "
				 "%*u %*u %ld", &state, &ppid, &threads,
				 &rss) != 4)
			continue;
		if (n == cap) {
			struct proc *nv;

			cap = cap ? 2 * cap : 512;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[n++] = (struct proc){ .pid = (pid_t)atol(e->d_name),
					.ppid = (pid_t)ppid,
					.mine = ppid == me,
					.zombie = state == 'Z' || state == 'X',
					.threads = threads, .rss = rss };
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_pid);
	do {	/* mark descendants: a few passes, as deep as the tree */
		changed = 0;
		for (i = 0; i < n; i++) {
			struct proc key = { .pid = v[i].ppid }, *parent;

			if (v[i].mine)
				continue;
			parent = bsearch(&key, v, n, sizeof(*v), by_pid);
			if (parent && parent->mine) {
				v[i].mine = 1;
				changed = 1;
			}
		}
	} while (changed);
	for (i = 0; i < n; i++) {
		if (!v[i].mine || v[i].zombie)
			continue;
		alive++;
		*ntasks += v[i].threads;
		*kb += kill_all ? 0 : pss_kb(v[i].pid, v[i].rss * page_kb);
		if (kill_all)
			kill(v[i].pid, SIGKILL);
	}
	free(v);
	return alive;
}

/*
 * End everything the test left behind: its process group, and what left
 * the group (setsid) and was orphaned to us. Returns how many processes
 * were still alive (zombies aside) once the test itself had ended.
 */
int grader_sweep(pid_t pgid)
{
	int left = 0, i, st, ntasks;
	long kb;
	pid_t p;

	/* Count what is still alive before the first kill. */
	p = waitpid(-1, &st, WNOHANG);
	if (kill(-pgid, 0) == 0 || p >= 0)
		left = grader_scan_tree(1, &ntasks, &kb);
	for (i = 0; i < 1000; i++) {
		int group = kill(-pgid, SIGKILL) == 0;

		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			;
		if (p < 0 && !group)
			break;	/* no children, so no descendants */
		grader_scan_tree(1, &ntasks, &kb);
		grader_nap(1);
	}
	return left;
}
