// SPDX-License-Identifier: GPL-2.0-only
/*
 * view.c - lttng view [SESSION] [--viewer=CMD]
 *
 * Runs `babeltrace2 TRACE_PATH` (or CMD TRACE_PATH, CMD split on blanks)
 * on the session's trace directory; the viewer replaces this process.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lttng.h"

static const char *viewer = "babeltrace2";
static const char *opt_session;

static const struct cmd_option options[] = {
	OPT_STRING('e', "viewer", &viewer, "READER",
		   "Command line of the reader; the trace\n"
		   "directory is appended as its last argument"),
	OPT_STRING('s', "session", &opt_session, "SESSION", "Same as SESSION"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_view = {
	.name = "view",
	.summary = "Launch a trace reader",
	.usage =
"Usage: lttng [GENERAL OPTIONS] view [SESSION] [--viewer=READER]\n"
"\n"
"Run a trace reader (default: babeltrace2) on the trace directory of\n"
"SESSION (default: the current session).\n"
"\n",
	.options = options,
};

#define MAX_VIEWER_ARGS 64

int cmd_view(int argc, char **argv)
{
	struct lttcomm_session_info info;
	char name[LTTCOMM_NAME_MAX], *args[MAX_VIEWER_ARGS + 2], *copy, *p;
	char *save = NULL;
	int ret, n = 0;

	/* LTTng: no MI document, the reader writes its own output */
	if (opt_mi)
		warn("mi does not apply to view command");
	if (parse_options(&spec_view, argc, argv, &ret))
		return ret;
	if (optind < argc)
		opt_session = argv[optind++];
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	ret = resolve_session(opt_session, name, sizeof(name));
	if (ret)
		return ret;
	ret = client_session_info(name, &info);
	if (ret < 0)
		msg("Session name %s not found", name);
	if (ret)
		return CMD_ERROR;
	client_close();
	if (!info.output[0]) {
		err("Session %s has no trace output", name);
		return CMD_ERROR;
	}
	copy = strdup(viewer);
	if (!copy)
		return CMD_FATAL;
	for (p = strtok_r(copy, " \t", &save); p && n < MAX_VIEWER_ARGS;
	     p = strtok_r(NULL, " \t", &save))
		args[n++] = p;
	if (!n) {
		err("Empty viewer command");
		free(copy);
		return CMD_ERROR;
	}
	args[n++] = info.output;
	args[n] = NULL;
	fflush(stdout);
	execvp(args[0], args);
	err("Unable to run the trace reader %s: %s", args[0], strerror(errno));
	free(copy);
	return CMD_ERROR;
}
