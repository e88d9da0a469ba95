/* SPDX-License-Identifier: MIT */
/* bench-tp.h - the provider of bench-tracepoint. */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER bench
#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./bench-tp.h"

#if !defined(BENCH_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define BENCH_TP_H
#include <lttng/tracepoint.h>

/* never enabled */
TRACEPOINT_EVENT(bench, off,
	TP_ARGS(int, i, long, v),
	TP_FIELDS(ctf_integer(int, i, i) ctf_integer(long, v, v)))

/* enabled without filter, no context */
TRACEPOINT_EVENT(bench, on,
	TP_ARGS(int, i, long, v),
	TP_FIELDS(ctf_integer(int, i, i) ctf_integer(long, v, v)))

/* enabled in a channel with contexts, and a string */
TRACEPOINT_EVENT(bench, ctx,
	TP_ARGS(int, i, const char *, s),
	TP_FIELDS(ctf_integer(int, i, i) ctf_string(s, s)))

/* enabled with a filter that accepts half of the calls */
TRACEPOINT_EVENT(bench, filtered,
	TP_ARGS(int, i),
	TP_FIELDS(ctf_integer(int, i, i)))

#endif
#include <lttng/tracepoint-event.h>
