/* SPDX-License-Identifier: MIT */
/*
 * tracelog-tp.h - the provider of tracelog() (lttng/tracelog.h), built
 * into liblttng-ust: LTTng-UST 2.13's events (one per log level, named
 * after LTTng-UST 2.13's level constants), fields and log levels.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER lttng_ust_tracelog

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "tracelog-tp.h"

#if !defined(LTTNG_UST_TRACELOG_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define LTTNG_UST_TRACELOG_TP_H

#include <lttng/tracepoint.h>

TRACEPOINT_EVENT_CLASS(lttng_ust_tracelog, tlclass,
	TP_ARGS(const char *, file, int, line, const char *, func,
		const char *, msg, unsigned int, len, void *, ip),
	TP_FIELDS(
		ctf_integer(int, line, line)
		ctf_string(file, file)
		ctf_string(func, func)
		ctf_sequence_text(char, msg, msg, unsigned int, len)
		ctf_unused(ip)
	)
)

#define LTTNG_UST_TRACELOG_LEVEL(level)					\
	TRACEPOINT_EVENT_INSTANCE(lttng_ust_tracelog, tlclass, level,	\
		TP_ARGS(const char *, file, int, line, const char *, func, \
			const char *, msg, unsigned int, len, void *, ip)) \
	TRACEPOINT_LOGLEVEL(lttng_ust_tracelog, level, level)

LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_EMERG)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_ALERT)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_CRIT)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_ERR)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_NOTICE)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_SYSTEM)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROGRAM)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROCESS)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_MODULE)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_UNIT)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_FUNCTION)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_LINE)
LTTNG_UST_TRACELOG_LEVEL(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG)

#endif

#include <lttng/tracepoint-event.h>
