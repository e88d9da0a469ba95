// SPDX-License-Identifier: LGPL-2.1-only
/*
 * error.c - human readable texts of enum lttng_error_code.
 *
 * The texts are LTTng 2.13's so that scripts matching on them keep working;
 * the numeric values are ours (see protocol.h).
 */
#include <stddef.h>

#include "protocol.h"

static const char *const error_text[LTTNG_ERR_NR] = {
	[LTTNG_OK] = "Success",
	[LTTNG_ERR_UNK] = "Unknown error",
	[LTTNG_ERR_NOMEM] = "Not enough memory",
	[LTTNG_ERR_INVALID] = "Invalid parameter",
	[LTTNG_ERR_INVALID_PROTOCOL] = "Protocol error occurred",
	[LTTNG_ERR_EPERM] = "Permission denied",
	[LTTNG_ERR_NO_SESSION] = "No session found",
	[LTTNG_ERR_SESS_NOT_FOUND] = "Session name not found",
	[LTTNG_ERR_EXIST_SESS] = "Session name already exists",
	[LTTNG_ERR_SESSION_INVALID_CHAR] =
		"Invalid character found in session name",
	[LTTNG_ERR_SESSION_FAIL] = "Create session failed",
	[LTTNG_ERR_CREATE_DIR_FAIL] = "Create directory failed",
	[LTTNG_ERR_KERN_NA] = "Kernel tracer not available",
	[LTTNG_ERR_KERN_VERSION] = "Kernel tracer version is not compatible",
	[LTTNG_ERR_NEED_ROOT_SESSIOND] =
		"Tracing the kernel requires a root lttng-sessiond daemon, as well as \"tracing\" group membership or root user ID for the lttng client",
	[LTTNG_ERR_NO_UST] =
		"LTTng-UST tracer is not supported. Please rebuild lttng-tools with lttng-ust support enabled",
	[LTTNG_ERR_KERN_CHAN_EXIST] = "Kernel channel already exists",
	[LTTNG_ERR_KERN_CHAN_NOT_FOUND] = "Kernel channel not found",
	[LTTNG_ERR_KERN_CHAN_FAIL] = "Kernel create channel failed",
	[LTTNG_ERR_KERN_CHAN_ENABLE_FAIL] = "Enable kernel channel failed",
	[LTTNG_ERR_KERN_CHAN_DISABLE_FAIL] = "Disable kernel channel failed",
	[LTTNG_ERR_KERN_EVENT_EXIST] = "Kernel event already exists",
	[LTTNG_ERR_KERN_ENABLE_FAIL] = "Enable kernel event failed",
	[LTTNG_ERR_KERN_DISABLE_FAIL] = "Disable kernel event failed",
	[LTTNG_ERR_KERN_CONTEXT_FAIL] = "Add kernel context failed",
	[LTTNG_ERR_KERN_START_FAIL] = "Starting kernel trace failed",
	[LTTNG_ERR_KERN_STOP_FAIL] = "Stopping kernel trace failed",
	[LTTNG_ERR_UST_CHAN_EXIST] = "UST channel already exist",
	[LTTNG_ERR_UST_CHAN_NOT_FOUND] = "UST channel not found",
	[LTTNG_ERR_UST_EVENT_EXIST] = "UST event already exist",
	[LTTNG_ERR_UST_EVENT_NOT_FOUND] = "UST event not found",
	[LTTNG_ERR_EVENT_NOT_FOUND] = "Event not found",
	[LTTNG_ERR_CHAN_NOT_FOUND] = "Channel not found",
	[LTTNG_ERR_TRACE_ALREADY_STARTED] = "Tracing has already been started once",
	[LTTNG_ERR_TRACE_ALREADY_STOPPED] = "Tracing has already been stopped",
	[LTTNG_ERR_NEED_CHANNEL_NAME] =
		"Non-default channel exists within session: channel name needs to be specified with '-c name'",
	[LTTNG_ERR_UST_CONTEXT_EXIST] = "UST context already exist",
	[LTTNG_ERR_KERN_CONTEXT_EXIST] = "Kernel context already exists",
	[LTTNG_ERR_FILTER_INVAL] = "Invalid filter bytecode",
	[LTTNG_ERR_FILTER_EXIST] = "Filter already exist",
	[LTTNG_ERR_INVALID_CHANNEL_NAME] = "Invalid channel name",
	[LTTNG_ERR_NOT_SUPPORTED] = "Operation not supported",
	[LTTNG_ERR_PID_TRACKED] = "Process attribute is already tracked",
	[LTTNG_ERR_PID_NOT_TRACKED] = "Process attribute was not tracked",
	[LTTNG_ERR_ID_TRACKED] = "Process attribute is already tracked",
	[LTTNG_ERR_ID_NOT_TRACKED] = "Process attribute was not tracked",
	[LTTNG_ERR_NO_EVENT] = "Event not found",
	[LTTNG_ERR_CHAN_EXIST] = "Channel already exists",
	[LTTNG_ERR_BUFFER_TYPE_MISMATCH] = "Buffer type mismatch for session",
	[LTTNG_ERR_UST_CONTEXT_INVAL] = "UST invalid context",
};

const char *lttcomm_strerror(int code)
{
	if (code < 0)
		code = -code;
	if (code >= LTTNG_ERR_NR || !error_text[code])
		return "Unknown error code";
	return error_text[code];
}
