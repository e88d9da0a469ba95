// SPDX-License-Identifier: GPL-2.0-only
/*
 * destroy.c - lttng destroy [-n] [SESSION | -a]
 *
 * No name: the current session (~/.lttngrc), which is then cleared from
 * ~/.lttngrc.  An active session is stopped first and the client waits
 * until its data is on disk (dots, like LTTng), then the daemon destroys
 * it.  With --no-wait the client does not wait for the data: it asks for
 * the destruction at once (the daemon stops the session, writes out what
 * its buffers hold and destroys it).  A session that was rotated has its
 * last trace chunk archived by the destruction: the daemon replies with
 * where, printed as LTTng 2.13 does.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static int all, no_wait;

static const struct cmd_option options[] = {
	OPT_BOOL('a', "all", &all,
		 "Destroy all the sessions of this session daemon"),
	OPT_BOOL('n', "no-wait", &no_wait,
		 "Do not wait until the data is written before\n"
		 "destroying"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_destroy = {
	.name = "destroy",
	.summary = "Destroy recording sessions",
	.usage =
"Usage: lttng [GENERAL OPTIONS] destroy [--no-wait] [SESSION | --all]\n"
"\n"
"Destroy the recording session SESSION (default: the current session),\n"
"or every session with --all. Tracing is stopped and all its data is\n"
"flushed first. Destroying the current session clears it from\n"
"$LTTNG_HOME/.lttngrc.\n"
"\n",
	.options = options,
};

static int destroy_one(const char *name)
{
	struct lttcomm_session_info info;
	struct lttcomm_session_req req;
	struct lttcomm_rotate_info *archive = NULL;
	char current[LTTCOMM_NAME_MAX];
	int announced = 0;
	uint32_t len = 0;
	int32_t ret;

	ret = client_session_info(name, &info);
	if (ret < 0) {
		err("Session name %s not found", name);
		return error_exit_code(-LTTNG_ERR_SESS_NOT_FOUND);
	}
	if (ret)
		return ret;
	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	/* LTTng announces the flush of any session that ever traced. */
	/* ... and a snapshot session has nothing to flush. */
	if (!no_wait && !info.snapshot && (info.active || info.started_once)) {
		msg_part("Destroying session %s.", name);
		ret = 0;
		if (info.active)
			ret = client_call(LTTCOMM_CMD_STOP, &req, sizeof(req),
					  NULL, NULL);
		if (ret == 0 || ret == -LTTNG_ERR_TRACE_ALREADY_STOPPED)
			ret = wait_data_pending(name);
		msg_part(".");
		if (ret < 0) {
			msg_nl();
			err("%s", error_str(ret));
			return CMD_ERROR;
		}
		announced = 1;
	}
	ret = client_call(LTTCOMM_CMD_DESTROY_SESSION, &req, sizeof(req),
			  (void **)&archive, &len);
	if (ret < 0 || no_wait || len != sizeof(*archive)) {
		free(archive);
		archive = NULL;
	}
	if (archive) {
		/* LTTng: the archive right after the dots, then a blank
		 * line ends the "Destroying session" one */
		print_archive_location(name, archive);
		free(archive);
	}
	if (announced)
		msg_nl();
	if (ret < 0) {
		if (ret == -LTTNG_ERR_SESS_NOT_FOUND) {
			/* destroyed by someone else meanwhile */
			err("Session name %s not found", name);
			return error_exit_code(ret);
		}
		err("%s", error_str(ret));
		return CMD_ERROR;
	}
	msg("Session %s destroyed", name);
	/* LTTng's MI shows the session as it was before its destruction */
	mi_session(&info, 0);
	if (config_get_session(current, sizeof(current)) == 0 &&
	    !strcmp(current, name))
		config_clear();
	return CMD_SUCCESS;
}

int cmd_destroy(int argc, char **argv)
{
	int ret;

	if (parse_options(&spec_destroy, argc, argv, &ret))
		return ret;
	/* bad arguments change nothing (LTTng would destroy first) */
	if (optind + (all ? 0 : 1) < argc) {
		err("Unknown argument: %s", argv[optind + (all ? 0 : 1)]);
		return CMD_ERROR;
	}
	return run_on_sessions("destroy", all,
			       optind < argc ? argv[optind] : NULL,
			       destroy_one, 1);
}
