// SPDX-License-Identifier: GPL-2.0-only
/*
 * rotate.c - lttng rotate [--no-wait] [SESSION]
 *
 * Archives the current trace chunk of the session (the daemon's
 * rotation.c) and prints where, as LTTng 2.13 does:
 *   Waiting for rotation to complete
 *   Trace chunk archive for session NAME is now readable at PATH
 * The daemon answers once the archive is complete (so errors come
 * without the wait message, as LTTng's); with --no-wait, LTTng's
 *   Rotation ongoing for session NAME
 * Every error exits with 1, as LTTng's rotate.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static int no_wait;

static const struct cmd_option options[] = {
	OPT_BOOL('n', "no-wait", &no_wait,
		 "Don't wait for the rotation to complete"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_rotate = {
	.name = "rotate",
	.summary = "Archive the current trace chunk of a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] rotate [--no-wait] [SESSION]\n"
"\n"
"Archive the current trace chunk of SESSION (default: the current\n"
"session) to <output>/archives/<begin>-<end>-<index>.\n"
"\n",
	.options = options,
};

int cmd_rotate(int argc, char **argv)
{
	struct lttcomm_session_req req;
	struct lttcomm_rotate_info *info = NULL;
	uint32_t len = 0;
	int32_t dret;
	int ret;

	if (parse_options(&spec_rotate, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	ret = resolve_session(optind < argc ? argv[optind] : NULL, req.session,
			      sizeof(req.session));
	if (ret)
		return ret;
	mi_begin("rotate");
	dret = client_call(LTTCOMM_CMD_ROTATE_SESSION, &req, sizeof(req),
			   (void **)&info, &len);
	if (dret < 0 || len < sizeof(*info)) {
		err("%s", error_str(dret < 0 ? dret : -LTTNG_ERR_UNK));
		free(info);
		mi_end(0);
		return CMD_ERROR;	/* LTTng's rotate: 1 for every error */
	}
	mi_open("rotation");
	mi_str("session_name", req.session);
	mi_str("state", no_wait ? "ONGOING" : "COMPLETED");
	if (no_wait) {
		/* LTTng does not wait: it cannot tell where yet */
		mi_close();
		msg("Rotation ongoing for session %s", req.session);
		free(info);
		return mi_end(1) ? CMD_ERROR : CMD_SUCCESS;
	}
	/* the daemon answered once the archive was complete: LTTng's
	 * polling, which prints a dot per look */
	msg("Waiting for rotation to complete.");
	mi_archive_location(info);
	mi_close();
	print_archive_location(req.session, info);
	free(info);
	if (mi_end(1))
		return CMD_ERROR;
	return CMD_SUCCESS;
}
