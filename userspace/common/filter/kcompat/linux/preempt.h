/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for the kernel's <linux/preempt.h> (filter unit tests and
 * liblttng-ust build module/filter.c; module/tracer.h's inline record path
 * must compile, it is never called in user space).
 */
#ifndef _HOST_LINUX_PREEMPT_H
#define _HOST_LINUX_PREEMPT_H
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define preempt_enable_notrace() do { } while (0)
#endif
