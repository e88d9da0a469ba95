// SPDX-License-Identifier: GPL-2.0-only
/*
 * start.c - lttng start [SESSION]
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

const struct cmd_spec spec_start = {
	.name = "start",
	.summary = "Start a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] start [SESSION]\n"
"\n"
"Start tracing in SESSION (default: the current session).\n"
"\n",
};

/* 1 when the session has a channel in some domain (or can't tell). */
static int has_channel(const struct lttcomm_session_req *sreq)
{
	static const int domains[] = { LTTCOMM_DOMAIN_KERNEL, LTTCOMM_DOMAIN_UST };
	struct lttcomm_session_req req = *sreq;
	void *chans;
	size_t i;
	int32_t n;

	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
		req.domain = domains[i];
		n = client_list(LTTCOMM_CMD_LIST_CHANNELS, &req, sizeof(req),
				sizeof(struct lttcomm_channel_attr), &chans);
		free(chans);
		/* any error (no session, not ours, no daemon): START
		 * reports it */
		if (n != 0)
			return 1;
	}
	return 0;
}

int cmd_start(int argc, char **argv)
{
	struct lttcomm_session_req req;
	int ret;
	int32_t dret;

	if (parse_options(&spec_start, argc, argv, &ret))
		return ret;
	memset(&req, 0, sizeof(req));
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	mi_begin("start");
	mi_open("sessions");
	ret = resolve_session(optind < argc ? argv[optind] : NULL, req.session,
			      sizeof(req.session));
	if (ret) {
		mi_end(0);
		return ret;
	}
	/* like LTTng, refuse to start a session that would record nothing */
	if (!has_channel(&req)) {
		err("%s", error_str(-LTTNG_ERR_NO_CHANNEL));
		mi_end(0);
		return error_exit_code(-LTTNG_ERR_NO_CHANNEL);
	}
	dret = client_call(LTTCOMM_CMD_START, &req, sizeof(req), NULL, NULL);
	if (dret == -LTTNG_ERR_TRACE_ALREADY_STARTED) {
		warn("Tracing already started for session %s", req.session);
		mi_end(0);
		return error_exit_code(dret);
	}
	if (dret < 0) {
		err("%s", error_str(dret));
		mi_end(0);
		return error_exit_code(dret);
	}
	msg("Tracing started for session %s", req.session);
	mi_open("session");
	mi_str("name", req.session);
	mi_bool("enabled", 1);
	mi_close();
	return mi_end(1) ? CMD_ERROR : CMD_SUCCESS;
}
