/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared bits of the benchmark workloads: timing and argument parsing. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline unsigned long long bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline unsigned long bench_count(int argc, char **argv, unsigned long def)
{
	char *end;
	unsigned long n;

	if (argc < 2)
		return def;
	n = strtoul(argv[1], &end, 10);
	if (*end || !n) {
		fprintf(stderr, "%s: the count must be a positive integer\n", argv[0]);
		exit(2);
	}
	return n;
}

/* One line, parsed by bench/report: operations and elapsed nanoseconds. */
static inline void bench_result(unsigned long ops, unsigned long long ns)
{
	printf("ops=%lu ns=%llu ns_per_op=%.1f\n", ops, ns, (double)ns / ops);
}

#endif
