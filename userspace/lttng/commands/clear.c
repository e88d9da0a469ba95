// SPDX-License-Identifier: GPL-2.0-only
/*
 * clear.c - lttng clear [SESSION | --all]
 *
 * Discards what a session recorded so far, in its buffers and in the
 * trace files of its current trace chunk, and keeps the session as it is
 * (the daemon's clear.c).  LTTng 2.13's texts and exit codes:
 *   Session "NAME" cleared
 *   No session found, nothing to do.          (--all, no session)
 *   Error: Session name NAME not found        (exit 23)
 * A session never started is "cleared" (there is nothing to do).
 * -s/--session NAME is ours (LTTng takes the name as an argument only).
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static int all;
static const char *opt_session;

static const struct cmd_option options[] = {
	OPT_BOOL('a', "all", &all, "Clear all the sessions of this session daemon"),
	OPT_STRING('s', "session", &opt_session, "SESSION",
		   "Clear SESSION (as the SESSION argument)"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_clear = {
	.name = "clear",
	.summary = "Clear a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] clear [SESSION | --all]\n"
"\n"
"Discard the trace data recorded so far by SESSION (default: the current\n"
"session), or by every session with --all: the records in its buffers and\n"
"the trace files of its current trace chunk.  The session goes on as it\n"
"was (active or not).\n"
"\n",
	.options = options,
};

static int clear_one(const char *name)
{
	struct lttcomm_session_req req;
	int32_t dret;

	memset(&req, 0, sizeof(req));
	snprintf(req.session, sizeof(req.session), "%s", name);
	dret = client_call(LTTCOMM_CMD_CLEAR_SESSION, &req, sizeof(req),
			   NULL, NULL);
	if (dret == -LTTNG_ERR_SESS_NOT_FOUND) {
		err("Session name %s not found", name);
		return error_exit_code(dret);
	}
	if (dret < 0) {
		err("%s", error_str(dret));
		return error_exit_code(dret);
	}
	mi_open("session");
	mi_str("name", name);
	mi_close();
	msg("Session \"%s\" cleared", name);
	return CMD_SUCCESS;
}

int cmd_clear(int argc, char **argv)
{
	int ret, max;

	if (parse_options(&spec_clear, argc, argv, &ret))
		return ret;
	max = all || opt_session ? 0 : 1;
	if (optind + max < argc) {
		err("Unknown argument: %s", argv[optind + max]);
		return CMD_ERROR;
	}
	return run_on_sessions("clear", all,
			       opt_session ? opt_session :
			       optind < argc ? argv[optind] : NULL,
			       clear_one, 0);
}
