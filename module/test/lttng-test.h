/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng-test.h - the values of one test event (lttng-test.c), shared with
 * its ftrace twin (lttng-test-trace.h).
 */
#ifndef _LTTNG_TEST_H
#define _LTTNG_TEST_H

#include <linux/types.h>

struct test_values {
	u32 seq;
	u8 u8v;
	s8 s8v;
	u16 u16v;
	s16 s16v;
	u32 u32v;
	s32 s32v;
	u64 u64v;
	s64 s64v;
	u32 hex32;
	u64 hex64;
	char str[24];
	size_t str_len;		/* with the NUL */
	char carr[8];
	u8 arr[4];
	u8 seq_len;
	u16 seqf[4];
	u8 enm;
};

#endif /* _LTTNG_TEST_H */
