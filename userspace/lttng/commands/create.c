// SPDX-License-Identifier: GPL-2.0-only
/*
 * create.c - lttng create [NAME] [-o PATH | --no-output]
 *
 * The client computes everything the user sees: the automatic name
 * (auto-YYYYMMDD-HHMMSS, or autoN-... when taken), the absolute output path (a relative --output
 * is made absolute against the working directory; the default is
 * $LTTNG_HOME/lttng-traces/NAME-YYYYMMDD-HHMMSS, or .../auto-... for an
 * automatic name).  The new session becomes current in ~/.lttngrc.
 * This is the one command that spawns a session daemon when none runs.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lttng.h"

static const char *output;
static int no_output;

static const struct cmd_option options[] = {
	OPT_STRING('o', "output", &output, "DIR",
		   "Write the traces to DIR (a relative DIR is made\n"
		   "absolute). Default: $LTTNG_HOME/lttng-traces/\n"
		   "SESSION-YYYYMMDD-HHMMSS"),
	OPT_BOOL(0, "no-output", &no_output, "Do not write any trace"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_create = {
	.name = "create",
	.summary = "Create a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] create [SESSION] [--output=DIR | --no-output]\n"
"\n"
"Create a recording session named SESSION (default: auto-YYYYMMDD-HHMMSS)\n"
"and make it the current session (saved in $LTTNG_HOME/.lttngrc).\n"
"\n",
	.options = options,
	.footer =
"\n"
"A session daemon is spawned if none runs (see --no-sessiond in lttng(1)).\n",
};

/* AUTO_NAME_MAX: the last automatic name tried is autoN-DATE */
#define AUTO_NAME_MAX 9999

/* The output of req (req->name is set): --output, --no-output, or the
 * default path.  0 or the exit code. */
static int default_output(struct lttcomm_create_req *req, const char *name,
			  const char *stamp, char *path, size_t pathlen)
{
	int n;

	memset(req->output, 0, sizeof(req->output));
	if (no_output) {
		req->no_output = 1;
	} else if (output) {
		if (make_abs_path(output, path, pathlen) ||
		    copy_name(req->output, sizeof(req->output), path)) {
			err("Invalid output path: %s", output);
			return CMD_ERROR;
		}
	} else {
		if (name)
			n = snprintf(path, pathlen, "%s/lttng-traces/%s-%s",
				     lttng_home(), req->name, stamp);
		else
			n = snprintf(path, pathlen, "%s/lttng-traces/%s",
				     lttng_home(), req->name);
		/* $LTTNG_HOME may be relative or end with '/' */
		if (n < 0 || (size_t)n >= pathlen ||
		    make_abs_path(path, req->output, sizeof(req->output))) {
			err("Output path too long");
			return CMD_ERROR;
		}
	}
	return 0;
}

int cmd_create(int argc, char **argv)
{
	const char *name = NULL;
	struct lttcomm_create_req req;
	struct lttcomm_session_info *info = NULL;
	char stamp[32], path[PATH_MAX];
	uint32_t len;
	int ret, attempt;
	int32_t dret;
	time_t now;
	struct tm tm;

	if (parse_options(&spec_create, argc, argv, &ret))
		return ret;
	if (optind < argc)
		name = argv[optind++];
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	/* LTTng takes both, and writes nothing */
	if (no_output)
		output = NULL;

	memset(&req, 0, sizeof(req));
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (name && !strcmp(name, "auto")) {
		err("%s is a reserved keyword for default session(s)", name);
		return CMD_ERROR;
	}
	if (name && strlen(name) >= LTTCOMM_NAME_MAX) {
		err("Session name too long. Length must be lower or equal to %d",
		    LTTCOMM_NAME_MAX - 1);
		return CMD_ERROR;
	}
	if (name && !*name) {
		err("Session name cannot be empty");
		return CMD_ERROR;
	}
	/* the checks of the output, before a daemon is spawned */
	snprintf(req.name, sizeof(req.name), "%s", name ? name : "auto");
	ret = default_output(&req, name, stamp, path, sizeof(path));
	if (ret)
		return ret;
	ret = client_connect(1);
	if (ret) {
		if (ret == -1)
			err("No session daemon is available");
		return CMD_ERROR;
	}
	mi_begin("create");
	/* As LTTng: auto-DATE, then auto1-DATE, auto2-DATE... when a
	 * session of that name exists (two creations in one second). */
	for (attempt = 0;; attempt++) {
		if (name)
			strcpy(req.name, name);
		else if (attempt)
			snprintf(req.name, sizeof(req.name), "auto%d-%s",
				 attempt, stamp);
		else
			snprintf(req.name, sizeof(req.name), "auto-%s", stamp);
		ret = default_output(&req, name, stamp, path, sizeof(path));
		if (ret)
			return ret;
		dret = client_call(LTTCOMM_CMD_CREATE_SESSION, &req,
				   sizeof(req), (void **)&info, &len);
		if (name || dret != -LTTNG_ERR_EXIST_SESS ||
		    attempt >= AUTO_NAME_MAX)
			break;
		free(info);
		info = NULL;
	}
	if (dret < 0) {
		free(info);
		err("%s", error_str(dret));
		mi_end(0);
		return CMD_ERROR;
	}
	if (info && len == sizeof(*info)) {
		info->name[sizeof(info->name) - 1] = '\0';
		info->output[sizeof(info->output) - 1] = '\0';
		if (info->name[0])
			strcpy(req.name, info->name);
		if (!req.no_output && info->output[0])
			strcpy(req.output, info->output);
	}
	if (info && len == sizeof(*info))
		mi_session(info, 0);
	free(info);
	if (config_set_session(req.name)) {
		mi_end(0);
		return CMD_ERROR;
	}
	if (mi_end(1))
		return CMD_ERROR;
	msg("Session %s created.", req.name);
	if (!req.no_output)
		msg("Traces will be output to %s", req.output);
	return CMD_SUCCESS;
}
