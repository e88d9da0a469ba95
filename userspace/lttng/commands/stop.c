// SPDX-License-Identifier: GPL-2.0-only
/*
 * stop.c - lttng stop [SESSION] [--no-wait]
 *
 * After STOP, unless --no-wait, polls DATA_PENDING until every buffer of
 * the session is on disk, printing "Waiting for data availability" and a
 * dot per wait, like LTTng.
 */
#include <string.h>
#include <time.h>

#include "../lttng.h"

static int no_wait;

static const struct cmd_option options[] = {
	OPT_BOOL('n', "no-wait", &no_wait,
		 "Do not wait for the data to be available"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_stop = {
	.name = "stop",
	.summary = "Stop a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] stop [SESSION] [--no-wait]\n"
"\n"
"Stop tracing in SESSION (default: the current session) and wait until\n"
"all its recorded data is on disk (readable).\n"
"\n",
	.options = options,
};

int32_t wait_data_pending(const char *session)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	struct lttcomm_session_req req;
	int32_t ret;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, session);
	for (;;) {
		ret = client_call(LTTCOMM_CMD_DATA_PENDING, &req, sizeof(req),
				  NULL, NULL);
		if (ret <= 0)
			return ret;
		msg_part(".");
		nanosleep(&ts, NULL);
	}
}

/* The daemon could not write all of the trace (disk full, ...): say so,
 * and exit with a warning status. */
static int write_error_warning(const char *session)
{
	struct lttcomm_session_info info;

	if (client_get_session(session, &info) < 0 || !info.write_error)
		return CMD_SUCCESS;
	warn("Some trace data of session %s could not be written: %s",
	     session, strerror((int)info.write_error));
	return CMD_WARNING;
}

static int stop(int argc, char **argv, struct lttcomm_session_req *req);

int cmd_stop(int argc, char **argv)
{
	struct lttcomm_session_req req;
	int ret;

	if (parse_options(&spec_stop, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	mi_begin("stop");
	mi_open("sessions");
	ret = stop(argc, argv, &req);
	if (ret == CMD_SUCCESS || ret == CMD_WARNING) {
		mi_open("session");
		mi_str("name", req.session);
		mi_bool("enabled", 0);
		mi_close();
	}
	if (mi_end(ret == CMD_SUCCESS || ret == CMD_WARNING) && !ret)
		return CMD_ERROR;
	return ret;
}

static int stop(int argc, char **argv, struct lttcomm_session_req *req)
{
	int32_t dret;
	int ret;

	memset(req, 0, sizeof(*req));
	ret = resolve_session(optind < argc ? argv[optind] : NULL, req->session,
			      sizeof(req->session));
	if (ret)
		return ret;
	req->flags = no_wait;
	dret = client_call(LTTCOMM_CMD_STOP, req, sizeof(*req), NULL, NULL);
	if (dret == -LTTNG_ERR_TRACE_ALREADY_STOPPED) {
		warn("Tracing already stopped for session %s", req->session);
		return error_exit_code(dret);
	}
	if (dret < 0) {
		err("%s", error_str(dret));
		return error_exit_code(dret);
	}
	if (!no_wait) {
		msg_part("Waiting for data availability");
		dret = wait_data_pending(req->session);
		msg_part("\n");
		if (dret < 0) {
			err("%s", error_str(dret));
			return error_exit_code(dret);
		}
	}
	msg("Tracing stopped for session %s", req->session);
	return write_error_warning(req->session);
}
