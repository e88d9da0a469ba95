// SPDX-License-Identifier: GPL-2.0-only
/*
 * start.c - lttng start [SESSION]
 */
#include <string.h>

#include "../lttng.h"

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_start = {
	.name = "start",
	.summary = "Start a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] start [SESSION]\n"
"\n"
"Start tracing in SESSION (default: the current session).\n"
"\n"
"Options:\n"
"  -h, --help         Show this help\n"
"      --list-options List the options of this command\n",
	.shortopts = "h",
	.longopts = longopts,
};

int cmd_start(int argc, char **argv)
{
	struct lttcomm_session_req req;
	int opt, done, ret;
	int32_t dret;

	opt_begin();
	while ((opt = opt_next(&spec_start, argc, argv)) != -1) {
		ret = opt_common(&spec_start, opt, &done);
		if (done)
			return ret;
	}
	memset(&req, 0, sizeof(req));
	ret = resolve_session(optind < argc ? argv[optind] : NULL, req.session,
			      sizeof(req.session));
	if (ret)
		return ret;
	if (optind + 1 < argc) {
		err("Unknown argument: %s", argv[optind + 1]);
		return CMD_ERROR;
	}
	dret = client_call(LTTCOMM_CMD_START, &req, sizeof(req), NULL, NULL);
	if (dret == -LTTNG_ERR_TRACE_ALREADY_STARTED) {
		warn("Tracing already started for session %s", req.session);
		return error_exit_code(dret);
	}
	if (dret == -LTTNG_ERR_CHAN_NOT_FOUND) {
		/* LTTNG_ERR_NO_CHANNEL */
		err("No channel found in the session");
		return 72;
	}
	if (dret < 0) {
		err("%s", error_str(dret));
		return error_exit_code(dret);
	}
	msg("Tracing started for session %s", req.session);
	return CMD_SUCCESS;
}
