// SPDX-License-Identifier: GPL-2.0-only
/*
 * load.c - lttng load [-a | SESSION] [-f] [-i PATH] [--override-url URL]
 *                     [--override-name NAME]
 *
 * Asks the daemon to recreate the session(s) saved in PATH (a file, or
 * every *.lttng file of a directory), by default in
 * $LTTNG_HOME/.lttng/sessions then /etc/lttng/sessions.  The daemon
 * reads the files with our credentials and creates all the sessions or
 * none (lttng-sessiond/load.c); its explanation of a failure (file, line,
 * element) is printed after LTTng's error text.  A loaded SESSION
 * becomes the current session.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *input, *override_url, *override_name;
static int all, force;

static const struct cmd_option options[] = {
	OPT_BOOL('a', "all", &all, "Load every session found (default)"),
	OPT_STRING('i', "input-path", &input, "PATH",
		   "Load from PATH, a file or a directory, instead\n"
		   "of the default directories"),
	OPT_BOOL('f', "force", &force, "Replace existing sessions"),
	OPT_STRING(0, "override-url", &override_url, "URL",
		   "Write the traces of the loaded sessions to URL\n"
		   "(a local path or file://PATH)"),
	OPT_STRING(0, "override-name", &override_name, "NAME",
		   "Name the loaded SESSION NAME"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_load = {
	.name = "load",
	.summary = "Load recording session configurations",
	.usage =
"Usage: lttng [GENERAL OPTIONS] load [--force] [--input-path=PATH]\n"
"             [--override-url=URL] [--all | SESSION [--override-name=NAME]]\n"
"\n"
"Recreate the recording sessions saved by `lttng save` (or by LTTng) in\n"
"PATH, or in $LTTNG_HOME/.lttng/sessions then /etc/lttng/sessions: every\n"
"session found (--all, the default), or only SESSION.  Nothing is\n"
"created unless every session loads.\n"
"\n",
	.options = options,
};

int cmd_load(int argc, char **argv)
{
	struct lttcomm_load_req req;
	const char *name = NULL;
	char path[PATH_MAX], *real = NULL;
	void *reply = NULL;
	uint32_t len = 0;
	int ret;
	int32_t dret;

	if (parse_options(&spec_load, argc, argv, &ret))
		return ret;
	if (client_connect(0)) {
		err("No session daemon is available");
		return CMD_ERROR;
	}
	if (!all && optind < argc)
		name = argv[optind++];
	if (!name)
		all = 1;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	if (input) {
		real = realpath(input, NULL);
		if (!real) {
			err("Invalid input path: %s", strerror(errno));
			return CMD_ERROR;
		}
	}
	if ((name && copy_name(req.session, sizeof(req.session), name)) ||
	    (real && copy_name(req.input, sizeof(req.input), real)) ||
	    copy_name(req.home, sizeof(req.home), lttng_home()) ||
	    (override_url && copy_name(req.override_url,
				       sizeof(req.override_url),
				       override_url))) {
		free(real);
		err("%s", error_str(-LTTNG_ERR_INVALID));
		return CMD_ERROR;
	}
	if (real)
		snprintf(path, sizeof(path), "%s", real);
	else
		snprintf(path, sizeof(path), "%s/%s", lttng_home(),
			 LTTCOMM_SESSIONS_DIR);
	free(real);
	if (override_name) {
		if (all) {
			err("Options --all and --override-name cannot be used simultaneously");
			return CMD_ERROR;
		}
		if (copy_name(req.override_name, sizeof(req.override_name),
			      override_name)) {
			err("Failed to set session name override");
			return CMD_ERROR;
		}
	}
	req.force = (uint32_t)force;

	mi_begin("load");
	dret = client_call(LTTCOMM_CMD_LOAD_SESSION, &req, sizeof(req),
			   &reply, &len);
	if (dret < 0) {
		err("%s", error_str(dret));
		print_detail(reply, len);
	} else {
		if (all) {
			msg("All sessions have been loaded successfully");
		} else {
			if (config_set_session(override_name ? override_name :
							       name))
				warn("Could not set %s as the default session",
				     name);
			msg("Session %s has been loaded successfully", name);
		}
		if (override_name)
			msg("Session name overridden with %s", override_name);
		if (override_url)
			msg("Session output url overridden with %s",
			    override_url);
	}
	free(reply);
	mi_open("load");
	mi_open("session");
	mi_str("name", name ? name : "*");
	mi_close();
	mi_str("path", path);
	mi_open("overrides");
	if (override_name)
		mi_str("name", override_name);
	if (override_url)
		mi_str("url", override_url);
	mi_close();
	mi_close();
	mi_end(dret >= 0);
	return dret < 0 ? CMD_ERROR : CMD_SUCCESS;
}
