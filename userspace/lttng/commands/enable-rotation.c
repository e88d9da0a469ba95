// SPDX-License-Identifier: GPL-2.0-only
/*
 * enable-rotation.c - lttng enable-rotation [-s NAME] [--timer=PERIOD]
 *                     [--size=SIZE]
 *
 * Sets automatic rotations on a recording session (the daemon's
 * rotation.c rotates it as `lttng rotate` does): every PERIOD while it is
 * active, and/or each time SIZE bytes were recorded since the last
 * rotation.  A session has at most one schedule of each type.  LTTng
 * 2.13's texts: one line per schedule, each schedule tried even when the
 * other failed; every error exits with 1.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *session;
static int have_timer, have_size;
static uint64_t timer_us, size_bytes;

const char *rotation_schedule_name(uint32_t type)
{
	return type == LTTCOMM_ROTATION_PERIODIC ? "periodic" : "size-based";
}

static int opt_schedule(const struct cmd_option *o, const char *arg)
{
	int periodic = o->intval == LTTCOMM_ROTATION_PERIODIC;
	int *have = periodic ? &have_timer : &have_size;

	if (periodic ? !isdigit((unsigned char)arg[0]) ||
		       parse_time_us(arg, &timer_us) :
		       parse_size(arg, &size_bytes)) {
		err("Invalid value for --%s option: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (*have) {
		err("Only one %s rotation schedule may be set on a session.",
		    rotation_schedule_name(o->intval));
		return CMD_ERROR;
	}
	*have = 1;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_STRING('s', "session", &session, "SESSION",
		   "Set a rotation schedule on SESSION instead of the\n"
		   "current session"),
	OPT_CALLBACK_INT(0, "timer", "PERIOD", opt_schedule,
			 LTTCOMM_ROTATION_PERIODIC,
			 "Rotate every PERIOD (us, or with a suffix: ms,\n"
			 "s, m, h) while the session is active"),
	OPT_CALLBACK_INT(0, "size", "SIZE", opt_schedule,
			 LTTCOMM_ROTATION_SIZE,
			 "Rotate each time SIZE bytes (suffix k, M or G)\n"
			 "were recorded since the last rotation"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_enable_rotation = {
	.name = "enable-rotation",
	.summary = "Set a recording session rotation schedule",
	.usage =
"Usage: lttng [GENERAL OPTIONS] enable-rotation [--session=SESSION]\n"
"                                (--timer=PERIOD | --size=SIZE)...\n"
"\n"
"Make the session daemon rotate SESSION (default: the current session)\n"
"automatically, as `lttng rotate` does: every PERIOD while it is active,\n"
"and/or each time SIZE bytes were recorded since its last rotation.\n"
"Each archive is <output>/archives/<begin>-<end>-<index>.\n"
"\n",
	.options = options,
};

/* One schedule: 0 or CMD_ERROR (the message printed). */
static int add_schedule(const char *name, uint32_t type, uint64_t value)
{
	const char *what = rotation_schedule_name(type);
	struct lttcomm_rotation_schedule req;
	int32_t ret;

	if (!value) {
		/* LTTng's API refuses a schedule of 0 before asking */
		err("Invalid value for %s option", what);
		return CMD_ERROR;
	}
	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	req.type = type;
	req.activate = 1;
	req.value = value;
	ret = client_call(LTTCOMM_CMD_ROTATION_SET_SCHEDULE, &req, sizeof(req),
			  NULL, NULL);
	if (!ret && type == LTTCOMM_ROTATION_PERIODIC)
		msg("Enabled %s rotations every %" PRIu64 " us on session %s",
		    what, value, name);
	else if (!ret)
		msg("Enabled %s rotations every %" PRIu64
		    " bytes written on session %s", what, value, name);
	else if (ret == -LTTNG_ERR_INVALID)
		err("Invalid parameter for %s rotation schedule", what);
	else if (ret == -LTTNG_ERR_ROTATION_SCHEDULE_SET)
		err("A %s rotation schedule is already set on session %s",
		    what, name);
	else
		err("Failed to enable %s rotation schedule on session %s",
		    what, name);
	mi_rotation_schedule_result(type, value, 1, !ret);
	return ret ? CMD_ERROR : CMD_SUCCESS;
}

/* enable-rotation's one() of run_rotation_schedules() */
static int add_one(const char *name, uint32_t type)
{
	return add_schedule(name, type, type == LTTCOMM_ROTATION_PERIODIC ?
				       timer_us : size_bytes);
}

int run_rotation_schedules(const struct cmd_spec *spec, int argc,
			   char **argv, const char **session,
			   const int *timer, const int *size,
			   const char *none,
			   int (*one)(const char *name, uint32_t type))
{
	char name[LTTCOMM_NAME_MAX];
	int ret, ret2;

	if (parse_options(spec, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	ret = resolve_session(*session, name, sizeof(name));
	if (ret)
		return ret;
	mi_begin(spec->name);
	if (!*timer && !*size) {
		err("%s", none);
		mi_end(0);
		return CMD_ERROR;
	}
	mi_open("rotation_schedule_results");
	mi_str("session_name", name);
	ret = *timer ? one(name, LTTCOMM_ROTATION_PERIODIC) : CMD_SUCCESS;
	ret2 = *size ? one(name, LTTCOMM_ROTATION_SIZE) : CMD_SUCCESS;
	if (!ret)
		ret = ret2;
	if (mi_end(ret == CMD_SUCCESS))
		return CMD_ERROR;
	return ret;
}

int cmd_enable_rotation(int argc, char **argv)
{
	return run_rotation_schedules(&spec_enable_rotation, argc, argv,
				      &session, &have_timer, &have_size,
				      "No session rotation schedule parameter provided.",
				      add_one);
}
