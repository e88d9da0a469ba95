// SPDX-License-Identifier: GPL-2.0-only
/*
 * errors.c - daemon error codes to LTTng's messages and exit codes.
 *
 * The daemon replies with -enum lttng_error_code (protocol.h, our own
 * numbering); its text and LTTng's exit code for it are its row of
 * LTTNG_ERRORS (userspace/common/error.c).  Here: what only the client
 * says.
 */
#include "lttng.h"

/* LTTNG_ERR_NO_SESSIOND: a client-side condition, not a daemon code. */
#define NO_SESSIOND_CODE 19

static int valid(int32_t ret)
{
	return ret < 0 && -ret < LTTNG_ERR_NR;
}

const char *error_str(int32_t ret)
{
	if (ret == CLIENT_ERR_NO_SESSIOND)
		return "No session daemon is available";
	/* what `lttng enable-event` says for it (LTTNG_ERR_UST_EVENT_ENABLED) */
	if (ret == -LTTNG_ERR_UST_EVENT_EXIST)
		return "UST event already enabled";
	if (!valid(ret))
		return lttcomm_strerror(LTTNG_ERR_UNK);
	return lttcomm_strerror(ret);
}

/* LTTng's process exit code for a daemon error. */
int error_exit_code(int32_t ret)
{
	if (ret == 0)
		return CMD_SUCCESS;
	if (ret == CLIENT_ERR_NO_SESSIOND)
		return NO_SESSIOND_CODE;
	if (!valid(ret))
		return lttcomm_error_exit_code(LTTNG_ERR_UNK);
	return lttcomm_error_exit_code(ret);
}
