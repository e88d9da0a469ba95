/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracef.h - printf-style tracing without declaring an event
 * (LTTng-UST's): each call records lttng_ust_tracef:event, with the
 * formatted message in its sequence field "msg" (log level TRACE_DEBUG).
 *
 *	tracef("read %zu bytes from %s", n, path);
 *
 * Costs one load and a branch while the event is not recorded (the
 * arguments are not evaluated); recorded: the message is formatted with
 * vasprintf(), so prefer a real event on hot paths.  Link with
 * -llttng-ust.
 */
#ifndef _LTTNG_TRACEF_H
#define _LTTNG_TRACEF_H

#include <stdarg.h>
#include <lttng/tracepoint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern struct lttng_ust_event_state __lttng_ust_ev__lttng_ust_tracef___event;

void lttng_ust__tracef(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void lttng_ust__vtracef(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#define lttng_ust_tracef(fmt, ...)					\
	do {								\
		if (tracepoint_enabled(lttng_ust_tracef, event))	\
			lttng_ust__tracef(fmt, ##__VA_ARGS__);		\
	} while (0)

#define lttng_ust_vtracef(fmt, ap)					\
	do {								\
		if (tracepoint_enabled(lttng_ust_tracef, event))	\
			lttng_ust__vtracef(fmt, ap);			\
	} while (0)

#define tracef		lttng_ust_tracef
#define vtracef		lttng_ust_vtracef

#ifdef __cplusplus
}
#endif

#endif /* _LTTNG_TRACEF_H */
