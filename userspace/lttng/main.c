// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - lttng, the command-line client of the tracer.
 *
 *	lttng [GLOBAL OPTIONS] COMMAND [COMMAND OPTIONS]
 *
 * Global options are parsed here up to the first non-option (the
 * command); the command then parses the rest itself (commands/<name>.c)
 * and returns the process exit code.  The dispatch table below, made
 * from LTTNG_COMMANDS (lttng.h), is the only list of commands, and
 * global_options the only list of global options: help, --list-commands,
 * --list-options and the bash completion all come from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

#include "lttng.h"

int opt_quiet;
int opt_verbose;
int opt_no_sessiond;
const char *opt_group;
const char *opt_sessiond_path;

/* A NULL fn starts a new group. */
#define COMMAND_GROUP(title) { NULL, &(const struct cmd_spec){ .name = title } },
#define COMMAND(n) { cmd_##n, &spec_##n },
static const struct cmd_struct commands[] = {
	LTTNG_COMMANDS(COMMAND_GROUP, COMMAND)
	{ NULL, NULL },
};
#undef COMMAND_GROUP
#undef COMMAND

static int opt_version(const struct cmd_option *o, const char *arg)
{
	(void)o;
	(void)arg;
	printf("lttng (LTTng Trace Control) %s - %s\n", LTTNG_CLI_VERSION,
	       LTTNG_CLI_VERSION_NAME);
	return OPT_DONE;
}

static int opt_group_name(const struct cmd_option *o, const char *arg)
{
	(void)o;
	if (!*arg) {
		fprintf(stderr, "Error: Empty group name\n");
		return CMD_ERROR;
	}
	opt_group = arg;
	return 0;
}

/* -m/--mi TYPE: LTTng exits with -LTTNG_ERR_MI_OUTPUT_TYPE (as a byte) */
static int opt_mi_type(const struct cmd_option *o, const char *arg)
{
	(void)o;
	if (mi_parse_type(arg)) {
		err("MI output format not supported");
		return 256 - lttcomm_error_exit_code(LTTNG_ERR_MI_OUTPUT_TYPE);
	}
	return 0;
}

static const struct cmd_option global_options[] = {
	{ .kind = OPT_KIND_HELP, .short_name = 'h', .long_name = "help",
	  .help = "Show this help" },
	OPT_CALLBACK_NOARG('V', "version", opt_version, 0, "Show the version"),
	OPT_COUNT('v', "verbose", &opt_verbose,
		  "Increase verbosity (repeatable)"),
	OPT_BOOL('q', "quiet", &opt_quiet, "Print nothing, not even errors"),
	OPT_CALLBACK('m', "mi", "TYPE", opt_mi_type,
		     "Machine interface output: TYPE is xml"),
	OPT_CALLBACK('g', "group", "GROUP", opt_group_name,
		     "Tracing group of a spawned root daemon\n"
		     "(default: tracing)"),
	OPT_BOOL('n', "no-sessiond", &opt_no_sessiond,
		 "Never spawn a session daemon"),
	OPT_STRING(0, "sessiond-path", &opt_sessiond_path, "PATH",
		   "Session daemon binary to spawn"),
	OPT_LIST_COMMANDS("List the commands"),
	{ .kind = OPT_KIND_LIST_OPTIONS, .long_name = "list-options",
	  .help = "List the global options", .intval = 1 },
	OPT_END(),
};

void print_usage(FILE *fp)
{
	fputs("Usage: lttng [--group=GROUP] [--mi=xml] [--no-sessiond | --sessiond-path=PATH]\n"
	      "             [--quiet | -v | -vv | -vvv] COMMAND [COMMAND OPTIONS]\n"
	      "\n"
	      "Available commands:\n", fp);
	print_commands(fp, commands);
	fputs("\n"
	      "Each command also accepts --help (or run `lttng help COMMAND`).\n"
	      "\n"
	      "Global options:\n", fp);
	print_options(fp, global_options);
	fputs("\n"
	      "See lttng(1) and lttng-COMMAND(1).\n", fp);
}

/* lttng itself: the global options, then one of the commands. */
const struct cmd_spec lttng_spec = {
	.name = "lttng",
	.options = global_options,
	.subcommands = commands,
	.help = print_usage,
	.getopt_errors = 1,
};

int main(int argc, char **argv)
{
	const struct cmd_struct *cmd;
	int ret;

	signal(SIGPIPE, SIG_IGN);
	if (parse_options(&lttng_spec, argc, argv, &ret))
		return ret == CMD_UNDEFINED ? CMD_ERROR : ret;
	if (optind >= argc) {
		print_usage(stdout);
		return CMD_ERROR;
	}
	cmd = find_subcommand(&lttng_spec, argv[optind]);
	if (!cmd) {
		/* LTTng prints this one on stdout (not with --mi) */
		if (!opt_quiet && !opt_mi)
			printf("lttng: %s is not an lttng command. See 'lttng --help'.\n",
			       argv[optind]);
		return CMD_UNDEFINED;
	}
	ret = cmd->fn(argc - optind, argv + optind);
	client_close();
	if (ret == CMD_UNDEFINED)
		err("Unrecognized argument used with '%s' command",
		    cmd->spec->name);
	fflush(stdout);
	return ret;
}
