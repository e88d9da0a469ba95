// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - lttng, the command-line client of the tracer.
 *
 *	lttng [GLOBAL OPTIONS] COMMAND [COMMAND OPTIONS]
 *
 * Global options are parsed here up to the first non-option (the
 * command); the command then parses the rest itself (commands/<name>.c)
 * and returns the process exit code.  The dispatch table below is the
 * only list of commands: help, --list-commands and the bash completion
 * all come from it.
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

/* Grouped as in `lttng --help`; a NULL fn starts a new group. */
const struct cmd_struct commands[] = {
	{ NULL, &(const struct cmd_spec){ .name = "Recording sessions" } },
	{ cmd_create, &spec_create },
	{ cmd_destroy, &spec_destroy },
	{ cmd_set_session, &spec_set_session },
	{ NULL, &(const struct cmd_spec){ .name = "Channels" } },
	{ cmd_add_context, &spec_add_context },
	{ cmd_disable_channel, &spec_disable_channel },
	{ cmd_enable_channel, &spec_enable_channel },
	{ NULL, &(const struct cmd_spec){ .name = "Recording event rules" } },
	{ cmd_disable_event, &spec_disable_event },
	{ cmd_enable_event, &spec_enable_event },
	{ NULL, &(const struct cmd_spec){ .name = "Status" } },
	{ cmd_list, &spec_list },
	{ cmd_status, &spec_status },
	{ NULL, &(const struct cmd_spec){ .name = "Control" } },
	{ cmd_start, &spec_start },
	{ cmd_stop, &spec_stop },
	{ NULL, &(const struct cmd_spec){ .name = "Resource tracking" } },
	{ cmd_track, &spec_track },
	{ cmd_untrack, &spec_untrack },
	{ NULL, &(const struct cmd_spec){ .name = "Miscellaneous" } },
	{ cmd_help, &spec_help },
	{ cmd_version, &spec_version },
	{ cmd_view, &spec_view },
	{ NULL, NULL },
};

const struct cmd_struct *find_command(const char *name)
{
	const struct cmd_struct *c;

	for (c = commands; c->spec; c++)
		if (c->fn && !strcmp(c->spec->name, name))
			return c;
	return NULL;
}

void print_usage(FILE *fp)
{
	const struct cmd_struct *c;

	fputs("Usage: lttng [--group=GROUP] [--no-sessiond | --sessiond-path=PATH]\n"
	      "             [--quiet | -v | -vv | -vvv] COMMAND [COMMAND OPTIONS]\n"
	      "\n"
	      "Available commands:\n", fp);
	for (c = commands; c->spec; c++) {
		if (!c->fn)
			fprintf(fp, "\n%s:\n", c->spec->name);
		else
			fprintf(fp, "  %-17s %s\n", c->spec->name,
				c->spec->summary);
	}
	fputs("\n"
	      "Each command also accepts --help (or run `lttng help COMMAND`).\n"
	      "\n"
	      "Global options:\n"
	      "  -h, --help               Show this help\n"
	      "  -V, --version            Show the version\n"
	      "  -v, --verbose            Increase verbosity (repeatable)\n"
	      "  -q, --quiet              Print nothing, not even errors\n"
	      "  -g, --group=GROUP        Tracing group of a spawned root daemon\n"
	      "                           (default: tracing)\n"
	      "  -n, --no-sessiond        Never spawn a session daemon\n"
	      "      --sessiond-path=PATH Session daemon binary to spawn\n"
	      "      --list-commands      List the commands\n"
	      "      --list-options       List the global options\n"
	      "\n"
	      "See lttng(1) and lttng-COMMAND(1).\n", fp);
}

void list_commands(void)
{
	const struct cmd_struct *c;

	for (c = commands; c->spec; c++)
		if (c->fn)
			printf("%s\n", c->spec->name);
}

enum {
	GOPT_SESSIOND_PATH = 0x2000,
	GOPT_LIST_COMMANDS,
	GOPT_LIST_OPTIONS,
};

static const struct option global_longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "group", required_argument, NULL, 'g' },
	{ "no-sessiond", no_argument, NULL, 'n' },
	{ "sessiond-path", required_argument, NULL, GOPT_SESSIOND_PATH },
	{ "list-commands", no_argument, NULL, GOPT_LIST_COMMANDS },
	{ "list-options", no_argument, NULL, GOPT_LIST_OPTIONS },
	{ NULL, 0, NULL, 0 },
};
static const char global_shortopts[] = "+hVvqg:n";

int main(int argc, char **argv)
{
	const struct cmd_struct *cmd;
	const struct option *o;
	int opt, ret;

	signal(SIGPIPE, SIG_IGN);
	while ((opt = getopt_long(argc, argv, global_shortopts,
				  global_longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			print_usage(stdout);
			return CMD_SUCCESS;
		case 'V':
			printf("lttng (LTTng Trace Control) %s - %s\n",
			       LTTNG_CLI_VERSION, LTTNG_CLI_VERSION_NAME);
			return CMD_SUCCESS;
		case 'v':
			opt_verbose++;
			break;
		case 'q':
			opt_quiet = 1;
			break;
		case 'g':
			if (!*optarg) {
				fprintf(stderr, "Error: Empty group name\n");
				return CMD_ERROR;
			}
			opt_group = optarg;
			break;
		case 'n':
			opt_no_sessiond = 1;
			break;
		case GOPT_SESSIOND_PATH:
			opt_sessiond_path = optarg;
			break;
		case GOPT_LIST_COMMANDS:
			list_commands();
			return CMD_SUCCESS;
		case GOPT_LIST_OPTIONS:
			for (o = global_longopts; o->name; o++)
				printf("--%s\n", o->name);
			for (const char *s = global_shortopts + 1; *s; s++)
				if (*s != ':')
					printf("-%c\n", *s);
			return CMD_SUCCESS;
		default:
			/* getopt printed "lttng: unrecognized option ..." */
			return CMD_ERROR;
		}
	}
	if (optind >= argc) {
		print_usage(stdout);
		return CMD_ERROR;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		/* LTTng prints this one on stdout */
		if (!opt_quiet)
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
