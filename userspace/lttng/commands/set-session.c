// SPDX-License-Identifier: GPL-2.0-only
/*
 * set-session.c - lttng set-session SESSION
 *
 * Checks that the daemon knows SESSION, then records it in ~/.lttngrc.
 */
#include "../lttng.h"

const struct cmd_spec spec_set_session = {
	.name = "set-session",
	.summary = "Set the current recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] set-session SESSION\n"
"\n"
"Make SESSION the current recording session: the one the other commands\n"
"act on when given no --session option. It is saved in\n"
"$LTTNG_HOME/.lttngrc (or $HOME/.lttngrc).\n"
"\n",
};

int cmd_set_session(int argc, char **argv)
{
	struct lttcomm_session_info info;
	const char *name;
	int ret;

	if (parse_options(&spec_set_session, argc, argv, &ret))
		return ret;
	if (optind >= argc) {
		err("Missing session name");
		return CMD_ERROR;
	}
	name = argv[optind];
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	mi_begin("set-session");
	ret = client_session_info(name, &info);
	if (ret < 0)
		err("Session '%s' not found", name);
	if (ret || config_set_session(name)) {
		mi_end(0);
		return CMD_ERROR;
	}
	msg("Session set to %s", name);
	mi_open("sessions");
	mi_open("session");
	mi_str("name", name);
	return mi_end(1) ? CMD_ERROR : CMD_SUCCESS;
}
