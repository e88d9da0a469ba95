/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * tap.h - TAP output for the C test programs that print one test line per
 * case (tables of cases, loops, phases that share state): the host unit
 * tests under userspace/ and the filter and fuzz selftests.  The ABI
 * selftest (selftests/abi) uses the kernel's kselftest_harness.h instead;
 * Documentation/testing.rst says which is for what.
 *
 *	ok(cond, fmt, ...)	"ok N - ..." or "not ok N - ..." followed by
 *				"# failed at FILE:LINE: cond"; returns !!cond
 *	skip(fmt, ...)		"ok N # SKIP ..."
 *	diag(fmt, ...)		"# ..."
 *	return tap_done();	"1..N"; 1 if a test failed, else 0
 */
#ifndef LTTNG_SELFTEST_TAP_H
#define LTTNG_SELFTEST_TAP_H

#include <stdarg.h>
#include <stdio.h>

static unsigned int tap_n, tap_failed;

__attribute__((format(printf, 5, 6)))
static inline int tap_ok(int cond, const char *file, int line,
			 const char *expr, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d: %s\n", file, line, expr);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

__attribute__((format(printf, 1, 2)))
static inline void skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %u # SKIP ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static inline int tap_done(void)
{
	printf("1..%u\n", tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif /* LTTNG_SELFTEST_TAP_H */
