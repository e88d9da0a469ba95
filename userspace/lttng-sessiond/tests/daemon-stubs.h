/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * daemon-stubs.h - what main.c gives the daemon's files to the unit tests
 * that link them without it: the configuration (zeroed: the defaults) and
 * the log, printed as TAP diagnostics.  Included once, by the test's .c.
 */
#ifndef SD_TEST_DAEMON_STUBS_H
#define SD_TEST_DAEMON_STUBS_H

#include <stdarg.h>
#include <stdio.h>

#include "sessiond.h"

struct sd_config sd_cfg;

void sd_log(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#endif /* SD_TEST_DAEMON_STUBS_H */
