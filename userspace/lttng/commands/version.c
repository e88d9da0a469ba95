// SPDX-License-Identifier: GPL-2.0-only
/*
 * version.c - lttng version: the client's version (no daemon needed).
 */
#include <stdio.h>

#include "../lttng.h"

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_version = {
	.name = "version",
	.summary = "Show version information",
	.usage =
"Usage: lttng [GENERAL OPTIONS] version\n"
"\n"
"Show the version of lttng.\n"
"\n"
"Options:\n"
"  -h, --help         Show this help\n"
"      --list-options List the options of this command\n",
	.shortopts = "h",
	.longopts = longopts,
};

int cmd_version(int argc, char **argv)
{
	int opt, done, ret;

	opt_begin();
	while ((opt = opt_next(&spec_version, argc, argv)) != -1) {
		ret = opt_common(&spec_version, opt, &done);
		if (done)
			return ret;
	}
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
