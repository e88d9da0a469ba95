/* SPDX-License-Identifier: GPL-2.0-only */
/* tap.h - minimal TAP output for the host tests. */
#ifndef SD_TAP_H
#define SD_TAP_H
#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int _c = !!(cond);						\
	printf("%sok %d - ", _c ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!_c) {							\
		tap_failed++;						\
		printf("# failed at %s:%d: %s\n", __FILE__, __LINE__,	\
		       #cond);						\
	}								\
} while (0)

#define tap_done() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)
#endif
