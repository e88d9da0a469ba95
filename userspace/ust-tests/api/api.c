// SPDX-License-Identifier: MIT
/*
 * ust-api - exercises tracef(), tracelog() and the fields of api-tp.h
 * (userspace/ust-tests), built against our liblttng-ust and, by the
 * comparison test, against LTTng-UST 2.13: the same source.
 *
 *   ust-api [-n COUNT]
 *
 * For i in 0..COUNT-1 (default 3):
 *   tracef("tracef %d: %s", i, "x<i>")
 *   tracelog(TRACE_WARNING, "warning %d", i)		(line LINE_WARNING)
 *     (LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING with -DLTTNG_UST_2_13)
 *   tracelog(LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO, "info %d", i)  (LINE_INFO)
 *   ust_api:net port=htons(8000+i) addr=htonl(0x0a000000+i) secret=i
 *               hidden="h<i%2>" ports=[htons(80), htons(443+i)]
 *               addrs=[htonl(0x7f000001), htonl(0x7f000002)][0..i%3)
 * then prints "ust-api: pid PID lines WARNING INFO".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <lttng/tracef.h>
#include <lttng/tracelog.h>
#include "api-tp.h"


int main(int argc, char **argv)
{
	int i, n = argc > 2 && argv[1][0] == '-' ? atoi(argv[2]) : 3;
	int line_w = 0, line_i = 0;
	uint32_t addrs[2] = { htonl(0x7f000001), htonl(0x7f000002) };

	for (i = 0; i < n; i++) {
		char x[16];
		uint16_t ports[2] = { htons(80), htons((uint16_t)(443 + i)) };

		snprintf(x, sizeof(x), "x%d", i);
		tracef("tracef %d: %s", i, x);
		/* LTTng-UST 2.13 takes the level's new name only; ours both */
#ifdef LTTNG_UST_2_13
		line_w = __LINE__ + 1;
		tracelog(LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING, "warning %d", i);
#else
		line_w = __LINE__ + 1;
		tracelog(TRACE_WARNING, "warning %d", i);
#endif
		line_i = __LINE__ + 1;
		tracelog(LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO, "info %d", i);
		tracepoint(ust_api, net, htons((uint16_t)(8000 + i)),
			   htonl(0x0a000000U + (uint32_t)i), i,
			   i % 2 ? "h1" : "h0", ports, addrs,
			   (unsigned int)(i % 3), NULL);
	}
	printf("ust-api: pid %d lines %d %d\n", (int)getpid(), line_w, line_i);
	return 0;
}
