// SPDX-License-Identifier: GPL-2.0-only
/*
 * save.c - lttng save [-a | SESSION] [-f] [-o DIR]
 *
 * Asks the daemon to write the session(s) to DIR/NAME.lttng (default
 * $LTTNG_HOME/.lttng/sessions), in LTTng 2.13's session XML; the daemon
 * writes with our credentials (lttng-sessiond/save.c).  Without SESSION,
 * every session of ours is saved.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *output;
static int all, force;

static const struct cmd_option options[] = {
	OPT_BOOL('a', "all", &all, "Save every session (default)"),
	OPT_STRING('o', "output-path", &output, "DIR",
		   "Save in DIR instead of\n"
		   "$LTTNG_HOME/.lttng/sessions"),
	OPT_BOOL('f', "force", &force, "Overwrite existing session files"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_save = {
	.name = "save",
	.summary = "Save recording session configurations",
	.usage =
"Usage: lttng [GENERAL OPTIONS] save [--force] [--output-path=DIR]\n"
"                                   [--all | SESSION]\n"
"\n"
"Save the configuration of SESSION, or of every recording session\n"
"(--all, the default), to DIR/SESSION.lttng (default DIR:\n"
"$LTTNG_HOME/.lttng/sessions), in LTTng's session XML. `lttng load`\n"
"recreates them.\n"
"\n",
	.options = options,
};

/* The daemon's explanation of an error, if it sent one. */
void print_detail(const void *reply, uint32_t len)
{
	const struct lttcomm_detail *d = reply;

	if (d && len == sizeof(*d) && d->text[0])
		err("%.*s", (int)sizeof(d->text), d->text);
}

int cmd_save(int argc, char **argv)
{
	struct lttcomm_save_req req;
	const char *name = NULL;
	char dir[PATH_MAX];
	void *reply = NULL;
	uint32_t len = 0;
	int ret;
	int32_t dret;

	if (parse_options(&spec_save, argc, argv, &ret))
		return ret;
	if (!all && optind < argc)
		name = argv[optind++];
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	if ((name && copy_name(req.session, sizeof(req.session), name)) ||
	    copy_name(req.home, sizeof(req.home), lttng_home())) {
		err("%s", error_str(-LTTNG_ERR_INVALID));
		return CMD_ERROR;
	}
	if (output) {
		if (make_abs_path(output, req.output, sizeof(req.output))) {
			err("Invalid output path: %s", output);
			return CMD_ERROR;
		}
		snprintf(dir, sizeof(dir), "%s", req.output);
	} else {
		snprintf(dir, sizeof(dir), "%s/%s", lttng_home(),
			 LTTCOMM_SESSIONS_DIR);
	}
	req.force = (uint32_t)force;

	mi_begin("save");
	dret = client_call(LTTCOMM_CMD_SAVE_SESSION, &req, sizeof(req),
			   &reply, &len);
	if (dret < 0) {
		err("%s", error_str(dret));
		print_detail(reply, len);
	} else if (name && output) {
		msg("Session %s saved successfully in %s.", name, output);
	} else if (name) {
		msg("Session %s saved successfully.", name);
	} else if (output) {
		msg("All sessions have been saved successfully in %s.",
		    output);
	} else {
		msg("All sessions have been saved successfully.");
	}
	free(reply);
	mi_open("save");
	mi_open("session");
	mi_str("name", name ? name : "*");
	mi_close();
	mi_str("path", dir);
	mi_close();
	if (mi_end(dret >= 0) && dret >= 0)
		return CMD_ERROR;
	return dret < 0 ? error_exit_code(dret) : CMD_SUCCESS;
}
