/* SPDX-License-Identifier: MIT */
/*
 * storm-tp.h - the provider of bench/ust/storm.c, written with the
 * declaration API that LTTng-UST 2.13 and our liblttng-ust share, so
 * that the same source builds against either.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER ust_storm

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./storm-tp.h"

#if !defined(UST_STORM_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define UST_STORM_TP_H

#include <stdint.h>
#include <lttng/tracepoint.h>

/* one record: which thread, its sequence number, a derived value */
TRACEPOINT_EVENT(ust_storm, event,
	TP_ARGS(int, thread, uint64_t, seq),
	TP_FIELDS(
		ctf_integer(int, thread, thread)
		ctf_integer(uint64_t, seq, seq)
		ctf_integer(int64_t, value, (int64_t)seq * 7 - 3)
	)
)
TRACEPOINT_LOGLEVEL(ust_storm, event, TRACE_INFO)

#endif

#include <lttng/tracepoint-event.h>
