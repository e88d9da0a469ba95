// SPDX-License-Identifier: GPL-2.0-only
/*
 * version.c - lttng version: the client's version (no daemon needed).
 */
#include <stdio.h>

#include "../lttng.h"

static const struct cmd_option options[] = {
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_version = {
	.name = "version",
	.summary = "Show version information",
	.usage =
"Usage: lttng [GENERAL OPTIONS] version\n"
"\n"
"Show the version of lttng.\n"
"\n",
	.options = options,
};

int cmd_version(int argc, char **argv)
{
	int ret;

	if (parse_options(&spec_version, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	msg("lttng version %s - %s", LTTNG_CLI_VERSION, LTTNG_CLI_VERSION_NAME);
	msg_nl();
	msg("A from-scratch LTTng-style Linux kernel tracer: kernel module,");
	msg("session daemon (lttng-sessiond) and this command-line client.");
	msg_nl();
	msg("lttng is free software and under the GPL license and part LGPL");
	return CMD_SUCCESS;
}
