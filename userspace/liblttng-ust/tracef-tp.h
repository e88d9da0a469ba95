/* SPDX-License-Identifier: MIT */
/*
 * tracef-tp.h - the provider of tracef() (lttng/tracef.h), built into
 * liblttng-ust: LTTng-UST 2.13's event, name, fields and log level.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER lttng_ust_tracef

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "tracef-tp.h"

#if !defined(LTTNG_UST_TRACEF_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define LTTNG_UST_TRACEF_TP_H

#include <lttng/tracepoint.h>

TRACEPOINT_EVENT(lttng_ust_tracef, event,
	TP_ARGS(const char *, msg, unsigned int, len, void *, ip),
	TP_FIELDS(
		ctf_sequence_text(char, msg, msg, unsigned int, len)
		ctf_unused(ip)
	)
)
TRACEPOINT_LOGLEVEL(lttng_ust_tracef, event, TRACE_DEBUG)

#endif

#include <lttng/tracepoint-event.h>
