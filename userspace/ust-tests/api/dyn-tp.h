/* SPDX-License-Identifier: MIT */
/*
 * dyn-tp.h - a provider built into its own shared object (libdyn-tp.so)
 * that ust-dyn loads with dlopen() (TRACEPOINT_PROBE_DYNAMIC_LINKAGE).
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER ust_dyn

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./dyn-tp.h"

#if !defined(UST_DYN_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define UST_DYN_TP_H

#include <lttng/tracepoint.h>

TRACEPOINT_EVENT(ust_dyn, ping,
	TP_ARGS(int, i, const char *, from),
	TP_FIELDS(
		ctf_integer(int, i, i)
		ctf_string(from, from)
	)
)

#endif

#include <lttng/tracepoint-event.h>
