// SPDX-License-Identifier: GPL-2.0-only
/*
 * command-helpers.c - what several commands share on top of the option
 * parser, the MI writer and the daemon client: a command's options with
 * its domain, and the session a command names ([SESSION], the current
 * one, or --all).  Kept apart from utils.c, whose helpers stand alone
 * (the ~/.lttngrc fuzzer links utils.c by itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lttng.h"

int parse_target(const struct cmd_spec *spec, int argc, char **argv,
		 const struct opt_target *t, int *domain, int *exit_code)
{
	if (parse_options(spec, argc, argv, exit_code))
		return 1;
	*exit_code = get_domain(t->kernel, t->user, "--kernel/--userspace",
				domain);
	return *exit_code != 0;
}

/*
 * The session of a command taking [SESSION] (clear, destroy): arg, or
 * the current session when arg is NULL.  A name too long is a session
 * not found, as in LTTng.  0, or the exit code once the error is printed
 * and the MI document ended (mi_end(0)).
 */
int session_arg_or_current(const char *arg, char *buf, size_t len)
{
	int ret;

	if (arg && !copy_name(buf, len, arg))
		return CMD_SUCCESS;
	if (arg) {
		err("Session name %s not found", arg);
		ret = error_exit_code(-LTTNG_ERR_SESS_NOT_FOUND);
	} else {
		ret = resolve_session(NULL, buf, len);
		if (!ret)
			return CMD_SUCCESS;
	}
	mi_end(0);
	return ret;
}

int32_t list_all_sessions(struct lttcomm_session_info **s)
{
	int32_t n, i;

	*s = NULL;
	n = client_list(LTTCOMM_CMD_LIST_SESSIONS, NULL, 0, sizeof(**s),
			(void **)s);
	if (n < 0) {
		err("%s", error_str(n));
		return -1;
	}
	for (i = 0; i < n; i++)
		(*s)[i].name[sizeof((*s)[i].name) - 1] = '\0';
	return n;
}

/* --all: one() on every session of the daemon (see run_on_sessions()) */
static int on_all_sessions(int (*one)(const char *name), int keep_going)
{
	struct lttcomm_session_info *s;
	int32_t n, i;
	int ret = CMD_SUCCESS, r;

	n = list_all_sessions(&s);
	if (n < 0)
		return CMD_ERROR;
	if (n == 0)
		msg("No session found, nothing to do.");
	for (i = 0; i < n && (keep_going || ret == CMD_SUCCESS); i++) {
		r = one(s[i].name);
		/* one that vanished meanwhile is not an error then */
		if (r != CMD_SUCCESS && (!keep_going ||
		    r != error_exit_code(-LTTNG_ERR_SESS_NOT_FOUND)))
			ret = r;
	}
	free(s);
	return ret;
}

int run_on_sessions(const char *command, int all, const char *arg,
		    int (*one)(const char *name), int keep_going)
{
	char name[LTTCOMM_NAME_MAX];
	int ret;

	mi_begin(command);
	mi_open("sessions");
	if (all) {
		ret = on_all_sessions(one, keep_going);
	} else {
		ret = session_arg_or_current(arg, name, sizeof(name));
		if (ret)
			return ret;
		ret = one(name);
	}
	mi_end(ret == CMD_SUCCESS);
	return ret;
}
