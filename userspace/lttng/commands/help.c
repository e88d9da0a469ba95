// SPDX-License-Identifier: GPL-2.0-only
/*
 * help.c - lttng help [COMMAND]
 *
 * As LTTng, `help COMMAND` shows the manual page lttng-COMMAND(1) with
 * man ($LTTNG_MAN_BIN_PATH, default /usr/bin/man): the installed page
 * (PREFIX/share/man next to PREFIX/bin/lttng), else the page of the
 * source tree the client was built in.  Without man or a page, it prints
 * the short help, as `COMMAND --help` does.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lttng.h"

const struct cmd_spec spec_help = {
	.name = "help",
	.summary = "Display help information about a command",
	.usage =
"Usage: lttng [GENERAL OPTIONS] help [COMMAND]\n"
"\n"
"Show the help of COMMAND, or the list of commands.\n"
"\n",
};

/* Runs man on lttng-NAME(1) if it can; returns only when it cannot. */
static void show_man_page(const char *name)
{
	const char *man = secure_getenv("LTTNG_MAN_BIN_PATH");
	char exe[PATH_MAX], dir[PATH_MAX + 32], page[PATH_MAX + 64];
	char title[LTTCOMM_NAME_MAX + 8];
	ssize_t n;
	char *slash;

	if (!man || !*man)
		man = "/usr/bin/man";
	if (access(man, X_OK))
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	fflush(stdout);
	/* installed: PREFIX/bin/lttng and PREFIX/share/man/man1 */
	snprintf(dir, sizeof(dir), "%s/../share/man", exe);
	snprintf(page, sizeof(page), "%s/man1/lttng-%s.1", dir, name);
	snprintf(title, sizeof(title), "lttng-%s", name);
	if (!access(page, R_OK))
		execl(man, "man", "-M", dir, "1", title, (char *)NULL);
	/* built: userspace/lttng/lttng and Documentation/man */
	snprintf(page, sizeof(page), "%s/../../Documentation/man/lttng-%s.1",
		 exe, name);
	if (!access(page, R_OK))
		execl(man, "man", "-l", page, (char *)NULL);
}

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
	show_man_page(cmd->spec->name);
	print_cmd_help(cmd->spec, stdout);
	return CMD_SUCCESS;
}
