// SPDX-License-Identifier: LGPL-2.1-only
/*
 * elf-sample.c - a binary for test-elf-probe: a function, an SDT probe with
 * two call sites, and one guarded by a semaphore (elf-sample-guarded.c).  Run, it prints the file
 * offset of its function as the kernel would compute it (from
 * /proc/self/maps), which test-elf-probe compares with what elf-probe.c
 * finds in the file.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <sdt.h>	/* sys/sdt.h, found with -idirafter */

int sample_guarded(int x);	/* elf-sample-guarded.c */

__attribute__((noinline)) int sample_function(int x)
{
	DTRACE_PROBE1(sample, site, x);
	return x + 1;
}

int main(int argc, char **argv)
{
	unsigned long start, end, off, addr = (unsigned long)sample_function;
	char line[512];
	FILE *maps;
	int r = sample_function(argc);

	(void)argv;
	DTRACE_PROBE1(sample, site, r);
	r = sample_guarded(r);
	maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return 1;
	while (fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &off) == 3 &&
		    addr >= start && addr < end) {
			printf("%lu\n", addr - start + off);
			return 0;
		}
	}
	return 1;
}
