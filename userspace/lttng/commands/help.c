// SPDX-License-Identifier: GPL-2.0-only
/*
 * help.c - lttng help [COMMAND]
 */
#include <stdio.h>

#include "../lttng.h"

static const struct cmd_option options[] = {
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_help = {
	.name = "help",
	.summary = "Display help information about a command",
	.usage =
"Usage: lttng [GENERAL OPTIONS] help [COMMAND]\n"
"\n"
"Show the help of COMMAND, or the list of commands.\n"
"\n",
	.options = options,
};

int cmd_help(int argc, char **argv)
{
	const struct cmd_struct *cmd;
	int ret;

	if (parse_options(&spec_help, argc, argv, &ret))
		return ret;
	if (optind >= argc) {
		print_usage(stdout);
		return CMD_SUCCESS;
	}
	cmd = find_subcommand(&lttng_spec, argv[optind]);
	if (!cmd) {
		err("Unknown command \"%s\"", argv[optind]);
		return CMD_ERROR;
	}
	print_cmd_help(cmd->spec, stdout);
	return CMD_SUCCESS;
}
