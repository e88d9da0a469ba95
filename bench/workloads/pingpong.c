// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workload 2: two processes bounce one byte over a pair of pipes N times.
 * Each round trip is two context switches and two wakeups when both
 * processes share a CPU (the benchmark pins them to CPU 0).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
#include <sys/wait.h>
#include "common.h"

static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	unsigned long n = bench_count(argc, argv, 20000), i;
	unsigned long long t0, t1;
	int ab[2], ba[2];
	char c = 'x';
	pid_t pid;

	if (pipe(ab) || pipe(ba)) {
		perror("pipe");
		return 1;
	}
	pin_cpu0();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1) {
			perror("pingpong");
			return 1;
		}
	}
	t1 = bench_now_ns();
	waitpid(pid, NULL, 0);
	bench_result(n, t1 - t0);
	return 0;
}
