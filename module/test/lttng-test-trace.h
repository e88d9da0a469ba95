/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng-test-trace.h - the test source's events as a kernel trace event
 * (TRACE_EVENT), for ftrace: the benchmark's test-event storm (bench/)
 * enables lttng_test/lttng_test_event in tracefs to compare ftrace's
 * record path with ours on the same fields and values (those of
 * lttng_test_event, see lttng-test.c).  Off (a static-key no-op) unless
 * enabled in tracefs.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM lttng_test

#if !defined(_LTTNG_TEST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _LTTNG_TEST_TRACE_H

#include <linux/tracepoint.h>
#include <linux/version.h>
#include "lttng-test.h"

/* 6.10 dropped __assign_str()'s source argument (given to __string()) */
#ifndef lttng_test_assign_str
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define lttng_test_assign_str(dst, src)	__assign_str(dst)
#else
#define lttng_test_assign_str(dst, src)	__assign_str(dst, src)
#endif
#endif

TRACE_EVENT(lttng_test_event,
	TP_PROTO(const struct test_values *v),
	TP_ARGS(v),
	TP_STRUCT__entry(
		__field(u32, seq)
		__field(u8, u8v)
		__field(s8, s8v)
		__field(u16, u16v)
		__field(s16, s16v)
		__field(u32, u32v)
		__field(s32, s32v)
		__field(u64, u64v)
		__field(s64, s64v)
		__field(u32, hex32)
		__field(u64, hex64)
		__string(str, v->str)
		__array(char, carr, 8)
		__array(u8, arr, 4)
		__dynamic_array(u16, seqf, v->seq_len)
		__field(u8, enm)
	),
	TP_fast_assign(
		__entry->seq = v->seq;
		__entry->u8v = v->u8v;
		__entry->s8v = v->s8v;
		__entry->u16v = v->u16v;
		__entry->s16v = v->s16v;
		__entry->u32v = v->u32v;
		__entry->s32v = v->s32v;
		__entry->u64v = v->u64v;
		__entry->s64v = v->s64v;
		__entry->hex32 = v->hex32;
		__entry->hex64 = v->hex64;
		lttng_test_assign_str(str, v->str);
		memcpy(__entry->carr, v->carr, sizeof(__entry->carr));
		memcpy(__entry->arr, v->arr, sizeof(__entry->arr));
		memcpy(__get_dynamic_array(seqf), v->seqf,
		       v->seq_len * sizeof(v->seqf[0]));
		__entry->enm = v->enm;
	),
	TP_printk("seq=%u str=%s enm=%u", __entry->seq, __get_str(str),
		  __entry->enm)
);

#endif /* _LTTNG_TEST_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE lttng-test-trace
#include <trace/define_trace.h>
