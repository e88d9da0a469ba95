// SPDX-License-Identifier: GPL-2.0-only
/*
 * disable-rotation.c - lttng disable-rotation [-s NAME] [--timer] [--size]
 *
 * Removes automatic rotation schedules that enable-rotation set.  As
 * LTTng 2.13: the session's schedules are listed first (a session that
 * cannot be listed: "Failed to list rotation schedules of session X"),
 * a type that is not set is "No <type> rotation schedule active on
 * session X"; every error exits with 1.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *session;
static int timer, size;

static const struct cmd_option options[] = {
	OPT_STRING('s', "session", &session, "SESSION",
		   "Unset a rotation schedule of SESSION instead of the\n"
		   "current session"),
	OPT_BOOL(0, "timer", &timer, "Unset the periodic rotation schedule"),
	OPT_BOOL(0, "size", &size, "Unset the size-based rotation schedule"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_disable_rotation = {
	.name = "disable-rotation",
	.summary = "Unset a recording session rotation schedule",
	.usage =
"Usage: lttng [GENERAL OPTIONS] disable-rotation [--session=SESSION]\n"
"                                 (--timer | --size)...\n"
"\n"
"Unset the automatic rotation schedules of SESSION (default: the current\n"
"session) that `lttng enable-rotation` set.\n"
"\n",
	.options = options,
};

static int remove_schedule(const char *name, uint32_t type)
{
	const char *what = rotation_schedule_name(type);
	struct lttcomm_rotation_schedule *recs = NULL, req;
	struct lttcomm_session_req lreq;
	int32_t n, i, ret;
	uint64_t value = 0;

	memset(&lreq, 0, sizeof(lreq));
	strcpy(lreq.session, name);
	n = client_list(LTTCOMM_CMD_LIST_ROTATION_SCHEDULES, &lreq,
			sizeof(lreq), sizeof(*recs), (void **)&recs);
	if (n < 0) {
		err("Failed to list rotation schedules of session %s", name);
		return CMD_ERROR;
	}
	for (i = 0; i < n && !value; i++)
		if (recs[i].type == type)
			value = recs[i].value;
	free(recs);
	if (!value) {
		err("No %s rotation schedule active on session %s", what,
		    name);
		mi_rotation_schedule_result(type, 0, 0, 0);
		return CMD_ERROR;
	}
	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	req.type = type;
	req.value = value;
	ret = client_call(LTTCOMM_CMD_ROTATION_SET_SCHEDULE, &req, sizeof(req),
			  NULL, NULL);
	if (!ret)
		msg("Disabled %s rotation on session %s", what, name);
	else if (ret == -LTTNG_ERR_ROTATION_SCHEDULE_NOT_SET)
		err("No %s rotation schedule set on session %s", what, name);
	else
		err("Failed to disable %s rotation schedule on session %s",
		    what, name);
	mi_rotation_schedule_result(type, value, 1, !ret);
	return ret ? CMD_ERROR : CMD_SUCCESS;
}

int cmd_disable_rotation(int argc, char **argv)
{
	return run_rotation_schedules(&spec_disable_rotation, argc, argv,
				      &session, &timer, &size,
				      "No session rotation schedule type provided.",
				      remove_schedule);
}
