/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter-host.h - just enough of the kernel for module/filter.c to build
 * and run in user space, for the host unit tests (make check).  The fake
 * <linux/list.h>, <linux/kref.h> and <linux/mutex.h> next to this file let
 * module/tracer.h itself compile, so the tests use the real descriptions.
 */
#ifndef _FILTER_HOST_H
#define _FILTER_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

typedef int8_t s8;
typedef uint8_t u8;
typedef int16_t s16;
typedef uint16_t u16;
typedef int32_t s32;
typedef uint32_t u32;
typedef int64_t s64;
typedef uint64_t u64;

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

#include "../../../../module/tracer.h"

#endif
