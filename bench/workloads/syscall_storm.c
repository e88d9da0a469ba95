// SPDX-License-Identifier: GPL-2.0-only
/* Workload 1: N getppid() system calls in a tight loop. */
#include <unistd.h>
#include <sys/syscall.h>
#include "common.h"

int main(int argc, char **argv)
{
	unsigned long n = bench_count(argc, argv, 200000), i;
	unsigned long long t0, t1;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t1 = bench_now_ns();
	bench_result(n, t1 - t0);
	return 0;
}
