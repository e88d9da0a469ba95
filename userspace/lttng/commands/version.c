// SPDX-License-Identifier: GPL-2.0-only
/*
 * version.c - lttng version: the client's version (no daemon needed).
 */
#include <stdio.h>

#include "../lttng.h"

const struct cmd_spec spec_version = {
	.name = "version",
	.summary = "Show version information",
	.usage =
"Usage: lttng [GENERAL OPTIONS] version\n"
"\n"
"Show the version of lttng.\n"
"\n",
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
	mi_begin("version");
	mi_open("version");
	mi_str("string", LTTNG_CLI_VERSION);
	mi_u64("major", 2);
	mi_u64("minor", 13);
	mi_str("commit", "");
	mi_u64("patchLevel", 9);
	mi_str("name", LTTNG_CLI_VERSION_NAME);
	mi_str("description", "A from-scratch LTTng-style Linux kernel tracer");
	mi_str("url", "https://lttng.org");
	mi_str("license", "lttng is free software and under the GPL license and part LGPL");
	return mi_end(MI_NO_SUCCESS) ? CMD_ERROR : CMD_SUCCESS;
}
