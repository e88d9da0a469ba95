// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workload 3: ask the test event source (/proc/lttng-test) to emit N
 * events in a loop inside the kernel: one write(), no per-event syscall.
 * A second argument names another such file (LTTng's lttng-test.ko has
 * /proc/lttng-test-filter-event).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
	unsigned long n = bench_count(argc, argv, 200000);
	unsigned long long t0, t1;
	char buf[32];
	int fd, len;

	const char *path = argc > 2 ? argv[2] : "/proc/lttng-test";

	fd = open(path, O_WRONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	len = snprintf(buf, sizeof(buf), "%lu", n);
	t0 = bench_now_ns();
	if (write(fd, buf, len) != len) {
		perror(path);
		return 1;
	}
	t1 = bench_now_ns();
	close(fd);
	bench_result(n, t1 - t0);
	return 0;
}
