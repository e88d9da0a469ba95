// SPDX-License-Identifier: GPL-2.0-only
/*
 * help.c - lttng help [COMMAND]
 */
#include <stdio.h>

#include "../lttng.h"

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_help = {
	.name = "help",
	.summary = "Display help information about a command",
	.usage =
"Usage: lttng [GENERAL OPTIONS] help [COMMAND]\n"
"\n"
"Show the help of COMMAND, or the list of commands.\n"
"\n"
"Options:\n"
"  -h, --help         Show this help\n"
"      --list-options List the options of this command\n",
	.shortopts = "h",
	.longopts = longopts,
};

int cmd_help(int argc, char **argv)
{
	const struct cmd_struct *cmd;
	int opt, done, ret;

	opt_begin();
	while ((opt = opt_next(&spec_help, argc, argv)) != -1) {
		ret = opt_common(&spec_help, opt, &done);
		if (done)
			return ret;
	}
	if (optind >= argc) {
		print_usage(stdout);
		return CMD_SUCCESS;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		err("Unknown command \"%s\"", argv[optind]);
		return CMD_ERROR;
	}
	print_cmd_usage(cmd->spec, stdout);
	return CMD_SUCCESS;
}
