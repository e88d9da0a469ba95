// SPDX-License-Identifier: GPL-2.0-only
/*
 * errors.c - daemon error codes to LTTng's messages and exit codes.
 *
 * The daemon replies with -enum lttng_error_code (protocol.h, our own
 * numbering).  Users see LTTng 2.13's message for the code and, where
 * LTTng exits with the error code itself, LTTng's number for it (LTTng
 * numbers its codes from LTTNG_OK = 10): the `lttng_code` column.
 */
#include <stdio.h>

#include "lttng.h"

struct error_entry {
	int lttng_code;
	const char *text;
};

static const struct error_entry error_table[LTTNG_ERR_NR] = {
	[LTTNG_OK]			= { 10, "Success" },
	[LTTNG_ERR_UNK]			= { 11, "Unknown error" },
	[LTTNG_ERR_NOMEM]		= { 26, "Not enough memory" },
	[LTTNG_ERR_INVALID]		= { 97, "Invalid parameter" },
	[LTTNG_ERR_INVALID_PROTOCOL]	= { 152, "Protocol error occurred" },
	[LTTNG_ERR_EPERM]		= { 32, "Permission denied" },
	[LTTNG_ERR_NO_SESSION]		= { 16, "No session found" },
	[LTTNG_ERR_SESS_NOT_FOUND]	= { 23, "Session name not found" },
	[LTTNG_ERR_EXIST_SESS]		= { 28, "Session name already exists" },
	[LTTNG_ERR_SESSION_INVALID_CHAR] = { 73, "Invalid character found in session name" },
	[LTTNG_ERR_SESSION_FAIL]	= { 18, "Create session failed" },
	[LTTNG_ERR_CREATE_DIR_FAIL]	= { 17, "Create directory failed" },
	[LTTNG_ERR_KERN_NA]		= { 33, "Kernel tracer not available" },
	[LTTNG_ERR_KERN_VERSION]	= { 34, "Kernel tracer version is not compatible" },
	[LTTNG_ERR_NEED_ROOT_SESSIOND]	= { 79, "Tracing the kernel requires a root lttng-sessiond daemon, as well as \"tracing\" group membership or root user ID for the lttng client" },
	[LTTNG_ERR_NO_UST]		= { 84, "LTTng-UST tracer is not supported. Please rebuild lttng-tools with lttng-ust support enabled" },
	[LTTNG_ERR_KERN_CHAN_EXIST]	= { 37, "Kernel channel already exists" },
	[LTTNG_ERR_KERN_CHAN_NOT_FOUND]	= { 39, "Kernel channel not found" },
	[LTTNG_ERR_KERN_CHAN_FAIL]	= { 38, "Kernel create channel failed" },
	[LTTNG_ERR_KERN_CHAN_ENABLE_FAIL] = { 41, "Enable kernel channel failed" },
	[LTTNG_ERR_KERN_CHAN_DISABLE_FAIL] = { 40, "Disable kernel channel failed" },
	[LTTNG_ERR_KERN_EVENT_EXIST]	= { 35, "Kernel event already exists" },
	[LTTNG_ERR_KERN_ENABLE_FAIL]	= { 43, "Enable kernel event failed" },
	[LTTNG_ERR_KERN_DISABLE_FAIL]	= { 44, "Disable kernel event failed" },
	[LTTNG_ERR_KERN_CONTEXT_FAIL]	= { 42, "Add kernel context failed" },
	[LTTNG_ERR_KERN_START_FAIL]	= { 46, "Starting kernel trace failed" },
	[LTTNG_ERR_KERN_STOP_FAIL]	= { 47, "Stopping kernel trace failed" },
	[LTTNG_ERR_UST_CHAN_EXIST]	= { 57, "UST channel already exist" },
	[LTTNG_ERR_UST_CHAN_NOT_FOUND]	= { 59, "UST channel not found" },
	[LTTNG_ERR_UST_EVENT_EXIST]	= { 55, "UST event already enabled" },
	[LTTNG_ERR_UST_EVENT_NOT_FOUND]	= { 76, "UST event not found" },
	[LTTNG_ERR_EVENT_NOT_FOUND]	= { 29, "Event not found" },
	[LTTNG_ERR_CHAN_NOT_FOUND]	= { 146, "Channel not found" },
	[LTTNG_ERR_TRACE_ALREADY_STARTED] = { 80, "Tracing has already been started once" },
	[LTTNG_ERR_TRACE_ALREADY_STOPPED] = { 81, "Tracing has already been stopped" },
	[LTTNG_ERR_NEED_CHANNEL_NAME]	= { 83, "Non-default channel exists within session: channel name needs to be specified with '-c name'" },
	[LTTNG_ERR_UST_CONTEXT_EXIST]	= { 77, "UST context already exist" },
	/* LTTng has no text of its own for this one. */
	[LTTNG_ERR_KERN_CONTEXT_EXIST]	= { 42, "Kernel context already exists" },
	[LTTNG_ERR_FILTER_INVAL]	= { 106, "Invalid filter bytecode" },
	[LTTNG_ERR_FILTER_EXIST]	= { 108, "Filter already exist" },
	[LTTNG_ERR_INVALID_CHANNEL_NAME] = { 113, "Invalid channel name" },
	[LTTNG_ERR_NOT_SUPPORTED]	= { 15, "Operation not supported" },
	[LTTNG_ERR_PID_TRACKED]		= { 114, "Process attribute is already tracked" },
	[LTTNG_ERR_PID_NOT_TRACKED]	= { 115, "Process attribute was not tracked" },
	[LTTNG_ERR_ID_TRACKED]		= { 114, "Process attribute is already tracked" },
	[LTTNG_ERR_ID_NOT_TRACKED]	= { 115, "Process attribute was not tracked" },
	[LTTNG_ERR_NO_EVENT]		= { 29, "Event not found" },
	[LTTNG_ERR_CHAN_EXIST]		= { 62, "Channel already exists" },
};

/* Client-side condition, not a daemon code: LTTNG_ERR_NO_SESSIOND. */
static const struct error_entry no_sessiond = {
	19, "No session daemon is available"
};

static const struct error_entry *lookup(int32_t ret)
{
	int32_t code = ret < 0 ? -ret : ret;

	if (ret == CLIENT_ERR_NO_SESSIOND)
		return &no_sessiond;
	if (code <= 0 || code >= LTTNG_ERR_NR || !error_table[code].text)
		return &error_table[LTTNG_ERR_UNK];
	return &error_table[code];
}

const char *error_str(int32_t ret)
{
	if (ret == 0)
		return error_table[LTTNG_OK].text;
	return lookup(ret)->text;
}

/* LTTng's process exit code for a daemon error (its code, mod 256). */
int error_exit_code(int32_t ret)
{
	if (ret == 0)
		return CMD_SUCCESS;
	return lookup(ret)->lttng_code & 0xff;
}
