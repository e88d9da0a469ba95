// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracef.c - tracef() and tracelog() (lttng/tracef.h, lttng/tracelog.h):
 * the message is formatted (vasprintf) only when the event is recorded,
 * then recorded by the providers of tracef-tp.h and tracelog-tp.h, built
 * into the library; the ip context is the caller's address.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "tracef-tp.h"
#undef TRACEPOINT_CREATE_PROBES
#undef TRACEPOINT_DEFINE
#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "tracelog-tp.h"

#include <lttng/tracef.h>
#include <lttng/tracelog.h>

#include "ust-lib.h"

bool ust_builtin_provider(const struct lttng_ust_provider *p)
{
	return p == &__lttng_ust_provider__lttng_ust_tracef ||
	       p == &__lttng_ust_provider__lttng_ust_tracelog ||
	       ust_statedump_provider(p);
}

static void do_tracef(void *ip, const char *fmt, va_list ap)
{
	char *msg;
	int len = vasprintf(&msg, fmt, ap);

	if (len < 0)
		return;
	ust_set_caller_ip(ip);
	do_tracepoint(lttng_ust_tracef, event, msg, (unsigned int)len, ip);
	ust_set_caller_ip(NULL);
	free(msg);
}

void lttng_ust__vtracef(const char *fmt, va_list ap)
{
	do_tracef(__builtin_return_address(0), fmt, ap);
}

void lttng_ust__tracef(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	do_tracef(__builtin_return_address(0), fmt, ap);
	va_end(ap);
}

#define TL_CASE(level)							\
	case level:							\
		do_tracepoint(lttng_ust_tracelog, level, file, line, func, \
			      msg, (unsigned int)len, ip);		\
		break;

static void do_tracelog(void *ip, int level, const char *file, int line,
		      const char *func, const char *fmt, va_list ap)
{
	char *msg;
	int len = vasprintf(&msg, fmt, ap);

	if (len < 0)
		return;
	ust_set_caller_ip(ip);
	switch (level) {
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_EMERG)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_ALERT)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_CRIT)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_ERR)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_NOTICE)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_SYSTEM)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROGRAM)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROCESS)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_MODULE)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_UNIT)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_FUNCTION)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_LINE)
	TL_CASE(LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG)
	default:
		break;
	}
	ust_set_caller_ip(NULL);
	free(msg);
}

void lttng_ust__vtracelog(int level, const char *file, int line,
			  const char *func, const char *fmt, va_list ap)
{
	do_tracelog(__builtin_return_address(0), level, file, line, func, fmt,
		  ap);
}

void lttng_ust__tracelog(int level, const char *file, int line,
			 const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	do_tracelog(__builtin_return_address(0), level, file, line, func, fmt,
		  ap);
	va_end(ap);
}
