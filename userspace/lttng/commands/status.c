// SPDX-License-Identifier: GPL-2.0-only
/*
 * status.c - lttng status: `lttng list` of the current session.
 */
#include "../lttng.h"

const struct cmd_spec spec_status = {
	.name = "status",
	.summary = "Show the status of the current recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] status\n"
"\n"
"Show the details of the current recording session, as\n"
"`lttng list SESSION` does.\n"
"\n",
};

int cmd_status(int argc, char **argv)
{
	char name[LTTCOMM_NAME_MAX];
	int ret;

	if (parse_options(&spec_status, argc, argv, &ret))
		return ret;
	if (optind < argc) {
		err("This command does not accept positional arguments.\n");
		return CMD_UNDEFINED;
	}
	ret = resolve_session(NULL, name, sizeof(name));
	if (ret)
		return ret;
	mi_begin("list");	/* LTTng's status is its list */
	ret = list_session_details(name, 0, NULL);
	if (mi_end(MI_NO_SUCCESS) && !ret)
		ret = CMD_ERROR;
	return ret;
}
