// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_target - the target of the user-space probe and 32-bit syscall
 * selftests, built twice: probe_target (64-bit, not PIE, so that the
 * addresses in the file, which nm and readelf show, are those of the
 * process) and probe_target32 (32-bit static: its syscalls are compat
 * ones).
 *
 *   probe_target N   N times: probe_target_func(i), which has an SDT probe
 *                    lttng_selftest:tick, a second call site of that probe
 *                    in main, and a getppid(); then prints tid, ppid and
 *                    the sum of what probe_target_func returned, in one
 *                    write(2) to stdout (buffered until exit).
 *
 * <sdt.h> is Debian's <sys/sdt.h> (systemtap-sdt-dev), found with
 * -idirafter so that the 32-bit build sees no other 64-bit header.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sdt.h>

static volatile int last;

__attribute__((noinline)) int probe_target_func(int i)
{
	last = i;	/* the probe is not the first instruction */
	DTRACE_PROBE1(lttng_selftest, tick, i);
	return 2 * i;
}

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 1, sum = 0, ppid = 0;

	for (i = 0; i < n; i++) {
		sum += probe_target_func((int)i);
		DTRACE_PROBE1(lttng_selftest, tick, sum);
		ppid = syscall(SYS_getppid);
	}
	printf("tid=%ld\nppid=%ld\nsum=%ld\n", (long)syscall(SYS_gettid),
	       ppid, sum);
	return 0;
}
