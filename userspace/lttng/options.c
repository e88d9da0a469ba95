// SPDX-License-Identifier: GPL-2.0-only
/*
 * options.c - declarative command-line options (in the spirit of git's
 * parse-options).
 *
 * A command describes its options once, as a table of struct cmd_option
 * (lttng.h: OPT_BOOL, OPT_STRING, OPT_CALLBACK, ...).  That table yields:
 *   - getopt_long's long and short option tables (parse_options()),
 *   - the "Options:" part of --help (print_cmd_help(), print_options()),
 *   - --list-options, which the bash completion reads.
 * parse_options() stores each value where its entry says, or calls its
 * callback, in the order of the command line; --help and --list-options
 * (OPT_COMMON()) end the command at once.  getopt's own messages are
 * silenced (but for the global options, as in LTTng): a bad option or a
 * missing value makes the command return CMD_UNDEFINED and main.c prints
 * LTTng's "Unrecognized argument" error.
 *
 * A command with sub-commands (spec->subcommands) stops parsing at its
 * first non-option word; run_subcommand() then runs the sub-command,
 * which parses the rest with its own table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lttng.h"

/* Help column: options longer than this get their text on the next line. */
#define HELP_COL_MAX 32

/* getopt_long values of the options without a short letter. */
#define LONG_ONLY_BASE 0x1000

/* The table of a command that has only -h/--help and --list-options. */
static const struct cmd_option common_options[] = {
	OPT_COMMON(),
	OPT_END(),
};

static const struct cmd_option *options_of(const struct cmd_spec *spec)
{
	return spec->options ? spec->options : common_options;
}

static int nr_options(const struct cmd_option *opts)
{
	int n = 0;

	while (opts[n].kind != OPT_KIND_END)
		n++;
	return n;
}

/* The entry of getopt value val. */
static const struct cmd_option *find_option(const struct cmd_option *opts,
					    int val)
{
	int i;

	if (val >= LONG_ONLY_BASE)
		return &opts[val - LONG_ONLY_BASE];
	for (i = 0; opts[i].kind != OPT_KIND_END; i++)
		if (opts[i].short_name == val && opts[i].kind != OPT_KIND_ALIAS)
			return &opts[i];
	return NULL;
}

static void build_getopt(const struct cmd_option *opts, int stop_at_word,
			 struct option *longopts, char *shortopts)
{
	static const int has_arg[] = {
		[OPT_ARG_NONE] = no_argument,
		[OPT_ARG_REQUIRED] = required_argument,
		[OPT_ARG_OPTIONAL] = optional_argument,
	};
	char *s = shortopts;
	int i;

	if (stop_at_word)
		*s++ = '+';
	for (i = 0; opts[i].kind != OPT_KIND_END; i++) {
		const struct cmd_option *o = &opts[i];

		longopts[i] = (struct option){
			.name = o->long_name,
			.has_arg = has_arg[o->arg],
			.val = o->short_name ? o->short_name :
					       LONG_ONLY_BASE + i,
		};
		if (!o->short_name || o->kind == OPT_KIND_ALIAS)
			continue;
		*s++ = (char)o->short_name;
		if (o->arg == OPT_ARG_REQUIRED)
			*s++ = ':';
	}
	longopts[i] = (struct option){ 0 };
	*s = '\0';
}

/* Runs one parsed option: -1 to go on, else the command's exit code. */
static int take_option(const struct cmd_spec *spec,
		       const struct cmd_option *o, const char *arg,
		       int argc, char **argv)
{
	int ret;

	if (o->arg == OPT_ARG_OPTIONAL && !arg && optind < argc &&
	    argv[optind][0] != '-')
		arg = argv[optind++];	/* "--pid 12" as well as "--pid=12" */
	switch (o->kind) {
	case OPT_KIND_SET_INT:
		*(int *)o->value = o->intval;
		return -1;
	case OPT_KIND_COUNT:
		++*(int *)o->value;
		return -1;
	case OPT_KIND_STRING:
		*(const char **)o->value = arg;
		return -1;
	case OPT_KIND_CALLBACK:
		ret = o->cb(o, arg);
		return ret == 0 ? -1 : ret == OPT_DONE ? CMD_SUCCESS : ret;
	case OPT_KIND_HELP:
		if (spec->help)
			spec->help(stdout);
		else
			print_cmd_help(spec, stdout);
		return CMD_SUCCESS;
	case OPT_KIND_LIST_OPTIONS:
		list_options(options_of(spec), o->intval);
		return CMD_SUCCESS;
	case OPT_KIND_LIST_COMMANDS:
		list_subcommands(spec);
		return CMD_SUCCESS;
	default:
		return CMD_UNDEFINED;
	}
}

int parse_options(const struct cmd_spec *spec, int argc, char **argv,
		  int *exit_code)
{
	const struct cmd_option *opts = options_of(spec);
	int n = nr_options(opts), opt, ret;
	struct option longopts[n + 1];
	char shortopts[3 * n + 2];

	build_getopt(opts, spec->subcommands != NULL, longopts,
		     shortopts);
	optind = 0;
	opterr = spec->getopt_errors;
	while ((opt = getopt_long(argc, argv, shortopts, longopts,
				  NULL)) != -1) {
		const struct cmd_option *o = find_option(opts, opt);

		ret = o ? take_option(spec, o, optarg, argc, argv) :
			  CMD_UNDEFINED;
		if (ret >= 0) {
			*exit_code = ret;
			return 1;
		}
	}
	return 0;
}

/* --- help ---------------------------------------------------------------- */

/* "-o, --output=DIR" or "    --no-output" into buf. */
static int option_left(const struct cmd_option *o, char *buf, size_t len)
{
	char shortname[8] = "    ";

	if (o->short_name && o->kind != OPT_KIND_ALIAS)
		snprintf(shortname, sizeof(shortname), "-%c, ", o->short_name);
	return snprintf(buf, len, "%s--%s%s%s%s%s", shortname, o->long_name,
			o->arg == OPT_ARG_OPTIONAL ? "[" : "",
			o->arg_help ? "=" : "",
			o->arg_help ? o->arg_help : "",
			o->arg == OPT_ARG_OPTIONAL ? "]" : "");
}

static int listed_in_help(const struct cmd_option *o)
{
	return o->help && o->kind != OPT_KIND_ALIAS;
}

void print_options(FILE *fp, const struct cmd_option *opts)
{
	const struct cmd_option *o;
	char left[256];
	int col = 0, n;

	/* The text starts one blank after the longest "-x, --name=ARG". */
	for (o = opts; o->kind != OPT_KIND_END; o++) {
		if (!listed_in_help(o))
			continue;
		n = 2 + option_left(o, left, sizeof(left)) + 1;
		if (n > col && n <= HELP_COL_MAX)
			col = n;
	}
	for (o = opts; o->kind != OPT_KIND_END; o++) {
		const char *text, *nl;

		if (!listed_in_help(o))
			continue;
		n = 2 + option_left(o, left, sizeof(left));
		fprintf(fp, "  %s", left);
		if (n >= col)
			fprintf(fp, "\n%*s", col, "");
		else
			fprintf(fp, "%*s", col - n, "");
		/* '\n' in the text: continuation lines under the first */
		for (text = o->help; (nl = strchr(text, '\n')); text = nl + 1)
			fprintf(fp, "%.*s\n%*s", (int)(nl - text), text, col, "");
		fprintf(fp, "%s\n", text);
	}
}

/* Name and summary of each command; an entry without fn is a title. */
void print_commands(FILE *fp, const struct cmd_struct *cmds)
{
	const struct cmd_struct *c;

	for (c = cmds; c->spec; c++) {
		if (!c->fn)
			fprintf(fp, "\n%s:\n", c->spec->name);
		else
			fprintf(fp, "  %-17s %s\n", c->spec->name,
				c->spec->summary);
	}
}

void print_cmd_help(const struct cmd_spec *spec, FILE *fp)
{
	fputs(spec->usage, fp);
	if (spec->subcommands) {
		fputs("Commands:\n", fp);
		print_commands(fp, spec->subcommands);
		fputs("\n", fp);
	}
	fputs("Options:\n", fp);
	print_options(fp, options_of(spec));
	if (spec->footer)
		fputs(spec->footer, fp);
}

/*
 * --list-options: the long names, --help first, then the short letters,
 * -h first (what the bash completion offers).  --list-options itself is
 * listed when self is set (the global options' list).
 */
void list_options(const struct cmd_option *opts, int self)
{
	const struct cmd_option *o;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (o = opts; o->kind != OPT_KIND_END; o++)
			if ((o->kind == OPT_KIND_HELP) == !pass &&
			    (self || o->kind != OPT_KIND_LIST_OPTIONS))
				printf("--%s\n", o->long_name);
	for (pass = 0; pass < 2; pass++)
		for (o = opts; o->kind != OPT_KIND_END; o++)
			if ((o->kind == OPT_KIND_HELP) == !pass &&
			    o->short_name && o->kind != OPT_KIND_ALIAS)
				printf("-%c\n", o->short_name);
}

/* --- sub-commands -------------------------------------------------------- */

void list_subcommands(const struct cmd_spec *spec)
{
	const struct cmd_struct *c;

	for (c = spec->subcommands; c && c->spec; c++)
		if (c->fn)
			printf("%s\n", c->spec->name);
}

const struct cmd_struct *find_subcommand(const struct cmd_spec *spec,
					 const char *name)
{
	const struct cmd_struct *c;

	for (c = spec->subcommands; c && c->spec; c++)
		if (c->fn && !strcmp(c->spec->name, name))
			return c;
	return NULL;
}

int run_subcommand(const struct cmd_spec *spec, int argc, char **argv)
{
	const struct cmd_struct *c;

	if (optind >= argc)
		return CMD_UNDEFINED;
	c = find_subcommand(spec, argv[optind]);
	if (!c)
		return CMD_UNDEFINED;
	return c->fn(argc - optind, argv + optind);
}
