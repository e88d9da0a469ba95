/* SPDX-License-Identifier: MIT */
/*
 * ust-sample-tp.h - the tracepoint provider of the sample program: a few
 * events with fields of every kind and several log levels.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER ust_sample

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./ust-sample-tp.h"

#if !defined(UST_SAMPLE_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define UST_SAMPLE_TP_H

#include <stdint.h>
#include <lttng/tracepoint.h>

TRACEPOINT_ENUM(ust_sample, parity,
	TP_ENUM_VALUES(
		ctf_enum_value("EVEN", 0)
		ctf_enum_value("ODD", 1)
	)
)

/* once at start: how many events will follow */
TRACEPOINT_EVENT(ust_sample, start,
	TP_ARGS(int, count, const char *, name),
	TP_FIELDS(
		ctf_integer(int, count, count)
		ctf_string(name, name)
	)
)
TRACEPOINT_LOGLEVEL(ust_sample, start, TRACE_INFO)

/* one per iteration i (every field derived from i, see main.c) */
TRACEPOINT_EVENT(ust_sample, event,
	TP_ARGS(int, seq, const char *, msg, const int *, values,
		unsigned int, nvalues, double, ratio, const char *, tag),
	TP_FIELDS(
		ctf_integer(int, seq, seq)
		ctf_integer_hex(unsigned long, addr, 0x1000UL + (unsigned long)seq)
		ctf_integer(int8_t, small, (int8_t)-(seq % 100))
		ctf_integer(uint64_t, big, (uint64_t)seq * 1000000007ULL)
		ctf_float(double, ratio, ratio)
		ctf_float(float, ratio_f, (float)ratio)
		ctf_string(msg, msg)
		ctf_array(int, values, values, 3)
		ctf_array_text(char, tag, tag, 4)
		ctf_sequence(int, seqvalues, values, unsigned int, nvalues)
		ctf_sequence_text(char, seqtext, msg, uint8_t, 3)
		ctf_enum(ust_sample, parity, int, parity, seq % 2)
	)
)
TRACEPOINT_LOGLEVEL(ust_sample, event, TRACE_DEBUG_LINE)

/* every 10th iteration */
TRACEPOINT_EVENT(ust_sample, warn,
	TP_ARGS(int, seq),
	TP_FIELDS(
		ctf_integer(int64_t, neg, -(int64_t)seq)
	)
)
TRACEPOINT_LOGLEVEL(ust_sample, warn, TRACE_WARNING)

/* no field at all */
TRACEPOINT_EVENT(ust_sample, tick,
	TP_ARGS(),
	TP_FIELDS()
)
TRACEPOINT_LOGLEVEL(ust_sample, tick, TRACE_DEBUG)

/* once at the end */
TRACEPOINT_EVENT(ust_sample, stop,
	TP_ARGS(int, emitted),
	TP_FIELDS(
		ctf_integer(int, emitted, emitted)
	)
)
TRACEPOINT_LOGLEVEL(ust_sample, stop, TRACE_INFO)

#endif /* UST_SAMPLE_TP_H */

#include <lttng/tracepoint-event.h>
