// SPDX-License-Identifier: LGPL-2.1-only
/*
 * error.c - texts and exit codes of enum lttng_error_code, from the one
 * table LTTNG_ERRORS (protocol.h).
 *
 * The texts are LTTng 2.13's so that scripts matching on them keep working;
 * the exit codes are LTTng's numbers for the codes; the numeric values of
 * the codes are ours.
 */
#include <stddef.h>

#include "protocol.h"

static const struct {
	const char *text;
	unsigned char exit_code;
} errors[LTTNG_ERR_NR] = {
#define LTTNG_ERROR_ROW(name, code, msg) \
	[LTTNG_##name] = { .text = (msg), .exit_code = (code) },
	LTTNG_ERRORS(LTTNG_ERROR_ROW)
#undef LTTNG_ERROR_ROW
};

const char *lttcomm_strerror(int code)
{
	if (code < 0)
		code = -code;
	if (code >= LTTNG_ERR_NR)
		return "Unknown error code";
	return errors[code].text;
}

int lttcomm_error_exit_code(int code)
{
	if (code < 0)
		code = -code;
	if (code >= LTTNG_ERR_NR)
		return -1;
	return errors[code].exit_code;
}
