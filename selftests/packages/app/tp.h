/* SPDX-License-Identifier: MIT */
/*
 * tp.h - the provider of the program the package test builds against the
 * installed headers and library (pkg-config), as an LTTng-UST user would.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER pkgtest

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./tp.h"

#if !defined(PKGTEST_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define PKGTEST_TP_H

#include <lttng/tracepoint.h>

TRACEPOINT_EVENT(pkgtest, hello,
	TP_ARGS(int, seq, const char *, msg),
	TP_FIELDS(
		ctf_integer(int, seq, seq)
		ctf_string(msg, msg)
	)
)

#endif

#include <lttng/tracepoint-event.h>
