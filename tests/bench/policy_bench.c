/*
 * References per second of each replacement policy over one trace:
 * 60% of references to a hot set of 512 pages, 20% a sequential loop over
 * 4096 pages, 20% uniformly random over 65536 pages.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/policy.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
	unsigned int frames = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 10) : 1024;
	unsigned long long x = 88172645463325252ULL;
	unsigned long *t = malloc(n * sizeof(*t)), loop = 0;
	size_t i;
	int k;

	if (!t || n == 0)
		return 1;
	for (i = 0; i < n; i++) {
		unsigned long r;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		r = (unsigned long)(x >> 16);
		if (r % 10 < 6)
			t[i] = (r >> 8) % 512;
		else if (r % 10 < 8)
			t[i] = 512 + loop++ % 4096;
		else
			t[i] = (r >> 8) % 65536;
	}
	printf("policy: %zu references, %u frames\n", n, frames);
	printf("%-6s %12s %10s %14s\n", "policy", "faults", "seconds", "refs/s");
	for (k = 0; k < NR_POLICIES; k++) {
		double t0 = now(), dt;
		long faults = policy_faults(k, frames, t, n);

		dt = now() - t0;
		printf("%-6s %12ld %10.3f %14.0f\n", policy_name(k), faults, dt,
		       n / dt);
	}
	free(t);
	return 0;
}
