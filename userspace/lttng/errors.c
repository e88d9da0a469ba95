// SPDX-License-Identifier: GPL-2.0-only
/*
 * errors.c - daemon error codes to LTTng's messages and exit codes.
 *
 * The daemon replies with -enum lttng_error_code (protocol.h, our own
 * numbering); the texts are LTTng 2.13's (lttcomm_strerror() in
 * userspace/common/error.c).  Where LTTng exits with the error code
 * itself, it exits with LTTng's number for it (LTTng numbers its codes
 * from LTTNG_OK = 10): that number is the table below.
 */
#include "lttng.h"

static const unsigned char lttng_code[LTTNG_ERR_NR] = {
	[LTTNG_OK]			= 10,
	[LTTNG_ERR_UNK]			= 11,
	[LTTNG_ERR_NOMEM]		= 26,
	[LTTNG_ERR_INVALID]		= 97,
	[LTTNG_ERR_INVALID_PROTOCOL]	= 152,
	[LTTNG_ERR_EPERM]		= 32,
	[LTTNG_ERR_NO_SESSION]		= 16,
	[LTTNG_ERR_SESS_NOT_FOUND]	= 23,
	[LTTNG_ERR_EXIST_SESS]		= 28,
	[LTTNG_ERR_SESSION_INVALID_CHAR] = 73,
	[LTTNG_ERR_SESSION_FAIL]	= 18,
	[LTTNG_ERR_CREATE_DIR_FAIL]	= 17,
	[LTTNG_ERR_KERN_NA]		= 33,
	[LTTNG_ERR_KERN_VERSION]	= 34,
	[LTTNG_ERR_NEED_ROOT_SESSIOND]	= 79,
	[LTTNG_ERR_NO_UST]		= 84,
	[LTTNG_ERR_KERN_CHAN_EXIST]	= 37,
	[LTTNG_ERR_KERN_CHAN_NOT_FOUND]	= 39,
	[LTTNG_ERR_KERN_CHAN_FAIL]	= 38,
	[LTTNG_ERR_KERN_CHAN_ENABLE_FAIL] = 41,
	[LTTNG_ERR_KERN_CHAN_DISABLE_FAIL] = 40,
	[LTTNG_ERR_KERN_EVENT_EXIST]	= 35,
	[LTTNG_ERR_KERN_ENABLE_FAIL]	= 43,
	[LTTNG_ERR_KERN_DISABLE_FAIL]	= 44,
	[LTTNG_ERR_KERN_CONTEXT_FAIL]	= 42,
	[LTTNG_ERR_KERN_START_FAIL]	= 46,
	[LTTNG_ERR_KERN_STOP_FAIL]	= 47,
	[LTTNG_ERR_UST_CHAN_EXIST]	= 57,
	[LTTNG_ERR_UST_CHAN_NOT_FOUND]	= 59,
	[LTTNG_ERR_UST_EVENT_EXIST]	= 55,
	[LTTNG_ERR_UST_EVENT_NOT_FOUND]	= 76,
	[LTTNG_ERR_EVENT_NOT_FOUND]	= 29,
	[LTTNG_ERR_CHAN_NOT_FOUND]	= 146,
	[LTTNG_ERR_TRACE_ALREADY_STARTED] = 80,
	[LTTNG_ERR_TRACE_ALREADY_STOPPED] = 81,
	[LTTNG_ERR_NEED_CHANNEL_NAME]	= 83,
	[LTTNG_ERR_UST_CONTEXT_EXIST]	= 77,
	[LTTNG_ERR_KERN_CONTEXT_EXIST]	= 42,	/* LTTng has no such code */
	[LTTNG_ERR_FILTER_INVAL]	= 106,
	[LTTNG_ERR_FILTER_EXIST]	= 108,
	[LTTNG_ERR_INVALID_CHANNEL_NAME] = 113,
	[LTTNG_ERR_NOT_SUPPORTED]	= 15,
	[LTTNG_ERR_PID_TRACKED]		= 114,
	[LTTNG_ERR_PID_NOT_TRACKED]	= 115,
	[LTTNG_ERR_ID_TRACKED]		= 114,
	[LTTNG_ERR_ID_NOT_TRACKED]	= 115,
	[LTTNG_ERR_NO_EVENT]		= 29,
	[LTTNG_ERR_CHAN_EXIST]		= 62,
	[LTTNG_ERR_BUFFER_TYPE_MISMATCH] = 24,
	[LTTNG_ERR_UST_CONTEXT_INVAL]	= 78,
};

/* LTTNG_ERR_NO_SESSIOND: a client-side condition, not a daemon code. */
#define NO_SESSIOND_CODE 19

static int valid(int32_t ret)
{
	return ret < 0 && -ret < LTTNG_ERR_NR && lttng_code[-ret];
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
		return lttng_code[LTTNG_ERR_UNK];
	return lttng_code[-ret];
}
