/* SPDX-License-Identifier: MIT */
/*
 * extra-tp.h - a second provider linked into the tests' copy of the
 * sample program: a class with two instances, registered by a second
 * constructor (the library registers again with the daemon).
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER ust_extra
#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./extra-tp.h"

#if !defined(UST_EXTRA_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define UST_EXTRA_TP_H
#include <lttng/tracepoint.h>

TRACEPOINT_EVENT_CLASS(ust_extra, pair,
	TP_ARGS(unsigned short, a, long long, b),
	TP_FIELDS(
		ctf_integer_hex(unsigned short, a, a)
		ctf_integer(long long, b, b)
	)
)
TRACEPOINT_EVENT_INSTANCE(ust_extra, pair, first, TP_ARGS(unsigned short, a, long long, b))
TRACEPOINT_EVENT_INSTANCE(ust_extra, pair, second, TP_ARGS(unsigned short, a, long long, b))
TRACEPOINT_LOGLEVEL(ust_extra, second, TRACE_ERR)

#endif
#include <lttng/tracepoint-event.h>
