// SPDX-License-Identifier: MIT
/*
 * app.c - emits pkgtest:hello N times (seq 0..N-1), then prints N.
 *
 *   cc -I. -o app app.c $(pkg-config --cflags --libs lttng-ust)
 */
#include <stdio.h>
#include <stdlib.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "tp.h"

int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 10;

	for (i = 0; i < n; i++)
		tracepoint(pkgtest, hello, i, "hello from a packaged build");
	printf("emitted %d\n", n);
	return 0;
}
