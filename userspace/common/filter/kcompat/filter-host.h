/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter-host.h - just enough of the kernel for module/filter.c to build
 * and run in user space, for the host unit tests (make check) and
 * liblttng-ust: a few kernel allocation and error helpers over libc.  The
 * descriptions filters are typed against are the module's own, from
 * include/lttng-event-desc.h (shared with user space, as the ABI is).
 */
#ifndef _FILTER_HOST_H
#define _FILTER_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include <linux/types.h>

/* The kernel's names for the fixed-size types (the same types as its). */
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;

#define __user
#define GFP_KERNEL 0
#define U16_MAX UINT16_MAX

struct module;

#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))

static inline void *kvmalloc(size_t n, int gfp)
{
	(void)gfp;
	return malloc(n ? n : 1);
}

static inline void *kvmalloc_array(size_t n, size_t sz, int gfp)
{
	(void)gfp;
	if (sz && n > SIZE_MAX / sz)
		return NULL;
	return malloc(n && sz ? n * sz : 1);
}

static inline void *kzalloc(size_t n, int gfp)
{
	(void)gfp;
	return calloc(1, n ? n : 1);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* The tests pass "user" pointers that are plain host pointers. */
#define IS_ERR(p) ((unsigned long)(p) >= (unsigned long)-4095)
#define PTR_ERR(p) ((long)(p))
static inline void *memdup_user(const void *src, size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		return (void *)(long)-ENOMEM;
	memcpy(p, src, n);
	return p;
}

static inline s64 div64_s64(s64 a, s64 b)
{
	return a / b;
}

#include "../../../../include/lttng-abi.h"
#include "../../../../include/lttng-event-desc.h"

#endif
