// SPDX-License-Identifier: GPL-2.0-only
/*
 * status.c - lttng status: `lttng list` of the current session.
 */
#include "../lttng.h"

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_status = {
	.name = "status",
	.summary = "Show the status of the current recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] status\n"
"\n"
"Show the details of the current recording session, as\n"
"`lttng list SESSION` does.\n"
"\n"
"Options:\n"
"  -h, --help         Show this help\n"
"      --list-options List the options of this command\n",
	.shortopts = "h",
	.longopts = longopts,
};

int cmd_status(int argc, char **argv)
{
	char name[LTTCOMM_NAME_MAX];
	int opt, done, ret;

	opt_begin();
	while ((opt = opt_next(&spec_status, argc, argv)) != -1) {
		ret = opt_common(&spec_status, opt, &done);
		if (done)
			return ret;
	}
	if (optind < argc) {
		err("This command does not accept positional arguments.\n");
		return CMD_UNDEFINED;
	}
	ret = resolve_session(NULL, name, sizeof(name));
	if (ret)
		return ret;
	return list_session_details(name, 0, NULL);
}
