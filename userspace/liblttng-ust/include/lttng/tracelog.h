/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracelog.h - printf-style tracing with a log level (LTTng-UST's):
 *
 *	tracelog(TRACE_WARNING, "retrying %s (%d)", path, err);
 *
 * records lttng_ust_tracelog:LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING (one
 * event per level, named as LTTng-UST 2.13 names them, with that log
 * level) with the fields line, file, func (the call's) and the formatted
 * message in the sequence "msg".  The level is one of the TRACE_xxx or
 * LTTNG_UST_TRACEPOINT_LOGLEVEL_xxx names, written out (it selects the
 * event at compile time).  Costs one load and a branch while the event is
 * not recorded.  Link with -llttng-ust.
 */
#ifndef _LTTNG_TRACELOG_H
#define _LTTNG_TRACELOG_H

#include <stdarg.h>
#include <lttng/tracepoint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __LTTNG_UST_TL_EV(level)	__lttng_ust_ev__lttng_ust_tracelog___##level
#define __LTTNG_UST_TL_DECL(name, level)				\
	extern struct lttng_ust_event_state				\
		__LTTNG_UST_TL_EV(LTTNG_UST_TRACEPOINT_LOGLEVEL_##level);
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_EMERG \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_EMERG
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_ALERT \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_ALERT
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_CRIT \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_CRIT
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_ERR \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_ERR
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_WARNING \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_NOTICE \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_NOTICE
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_INFO \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_SYSTEM \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_SYSTEM
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_PROGRAM \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROGRAM
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_PROCESS \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROCESS
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_MODULE \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_MODULE
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_UNIT \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_UNIT
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_FUNCTION \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_FUNCTION
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG_LINE \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_LINE
#define __lttng_ust_ev__lttng_ust_tracelog___TRACE_DEBUG \
	__lttng_ust_ev__lttng_ust_tracelog___LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG

__LTTNG_UST_TL_DECL(emerg, EMERG)
__LTTNG_UST_TL_DECL(alert, ALERT)
__LTTNG_UST_TL_DECL(crit, CRIT)
__LTTNG_UST_TL_DECL(err, ERR)
__LTTNG_UST_TL_DECL(warning, WARNING)
__LTTNG_UST_TL_DECL(notice, NOTICE)
__LTTNG_UST_TL_DECL(info, INFO)
__LTTNG_UST_TL_DECL(debug_system, DEBUG_SYSTEM)
__LTTNG_UST_TL_DECL(debug_program, DEBUG_PROGRAM)
__LTTNG_UST_TL_DECL(debug_process, DEBUG_PROCESS)
__LTTNG_UST_TL_DECL(debug_module, DEBUG_MODULE)
__LTTNG_UST_TL_DECL(debug_unit, DEBUG_UNIT)
__LTTNG_UST_TL_DECL(debug_function, DEBUG_FUNCTION)
__LTTNG_UST_TL_DECL(debug_line, DEBUG_LINE)
__LTTNG_UST_TL_DECL(debug, DEBUG)

void lttng_ust__tracelog(int level, const char *file, int line,
			 const char *func, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void lttng_ust__vtracelog(int level, const char *file, int line,
			  const char *func, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

#define lttng_ust_tracelog(level, fmt, ...)				\
	do {								\
		if (__builtin_expect(__atomic_load_n(			\
				&__LTTNG_UST_TL_EV(level).enabled,	\
				__ATOMIC_RELAXED), 0))			\
			lttng_ust__tracelog(level, __FILE__, __LINE__,	\
					    __func__, fmt, ##__VA_ARGS__); \
	} while (0)

#define lttng_ust_vtracelog(level, fmt, ap)				\
	do {								\
		if (__builtin_expect(__atomic_load_n(			\
				&__LTTNG_UST_TL_EV(level).enabled,	\
				__ATOMIC_RELAXED), 0))			\
			lttng_ust__vtracelog(level, __FILE__, __LINE__,	\
					     __func__, fmt, ap);	\
	} while (0)

#define tracelog	lttng_ust_tracelog
#define vtracelog	lttng_ust_vtracelog

#ifdef __cplusplus
}
#endif

#endif /* _LTTNG_TRACELOG_H */
