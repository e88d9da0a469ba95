// SPDX-License-Identifier: MIT
/*
 * ust-dyn - a program whose tracepoints' provider is a shared object it
 * loads itself (TRACEPOINT_PROBE_DYNAMIC_LINKAGE); it is not linked with
 * liblttng-ust or the provider.
 *
 *   ust-dyn [PROVIDER.so] COUNT
 *
 * Emits ust_dyn:ping i=0..COUNT-1 from="main" then the same from
 * "other" (dyn-other.c, a file that includes dyn-tp.h plainly), after
 * dlopen()ing PROVIDER.so when given; prints "ust-dyn: pid PID".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_PROBE_DYNAMIC_LINKAGE
#include "dyn-tp.h"

void emit_other(int n);

int main(int argc, char **argv)
{
	int i, n = atoi(argv[argc - 1]);

	if (argc > 2 && !dlopen(argv[1], RTLD_NOW)) {
		fprintf(stderr, "ust-dyn: %s\n", dlerror());
		return 1;
	}
	for (i = 0; i < n; i++)
		tracepoint(ust_dyn, ping, i, "main");
	emit_other(n);
	printf("ust-dyn: pid %d\n", (int)getpid());
	return 0;
}
