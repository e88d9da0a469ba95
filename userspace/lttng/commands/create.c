// SPDX-License-Identifier: GPL-2.0-only
/*
 * create.c - lttng create [NAME] [-o PATH | --no-output | -U URL |
 *                          -C URL -D URL]
 *
 * The client computes everything the user sees: the automatic name
 * (auto-YYYYMMDD-HHMMSS, or autoN-... when taken), the absolute output path (a relative --output
 * is made absolute against the working directory; the default is
 * $LTTNG_HOME/lttng-traces/NAME-YYYYMMDD-HHMMSS, or .../auto-... for an
 * automatic name).  The new session becomes current in ~/.lttngrc.
 * This is the one command that spawns a session daemon when none runs.
 *
 * A network output (lttng-relayd) comes from -U/--set-url or from
 * -C/--ctrl-url with -D/--data-url, parsed here with LTTng's rules
 * (common/uri.c: host names are resolved by the client).  The daemon
 * connects to the relay daemon on the first command that gives the
 * session a domain (enable-channel, enable-event, ...), as LTTng does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../lttng.h"

static const char *output;
static int no_output, snapshot;
static const char *opt_url, *opt_ctrl_url, *opt_data_url;
static uint32_t live_timer;	/* us, 0: not a live session */

/* LTTng's default live timer period, us */
#define DEFAULT_LIVE_TIMER_US	1000000

/* --live[=PERIOD]: LTTng's checks and texts. */
static int opt_live(const struct cmd_option *opt, const char *arg)
{
	uint64_t v;

	(void)opt;
	if (!arg) {
		live_timer = DEFAULT_LIVE_TIMER_US;
		return 0;
	}
	if (parse_time_us(arg, &v)) {
		err("Wrong value for --live parameter: %s", arg);
		return CMD_ERROR;
	}
	if (v != (uint32_t)v) {
		err("32-bit overflow in --live parameter: %s", arg);
		return CMD_ERROR;
	}
	if (!v) {
		err("Live timer interval must be greater than zero");
		return CMD_ERROR;
	}
	live_timer = (uint32_t)v;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_STRING('o', "output", &output, "DIR",
		   "Write the traces to DIR (a relative DIR is made\n"
		   "absolute). Default: $LTTNG_HOME/lttng-traces/\n"
		   "SESSION-YYYYMMDD-HHMMSS"),
	OPT_BOOL(0, "no-output", &no_output, "Do not write any trace"),
	OPT_STRING('U', "set-url", &opt_url, "URL",
		   "Send the traces to lttng-relayd at URL\n"
		   "(net://HOST[:CTRL[:DATA]][/DIR]), or write\n"
		   "them to file:///DIR"),
	OPT_STRING('C', "ctrl-url", &opt_ctrl_url, "URL",
		   "lttng-relayd's control port (tcp://HOST[:PORT])"),
	OPT_STRING('D', "data-url", &opt_data_url, "URL",
		   "lttng-relayd's data port (tcp://HOST[:PORT])"),
	OPT_BOOL(0, "snapshot", &snapshot,
		 "Snapshot mode: write nothing while tracing;\n"
		 "-o is the default snapshot output, channels\n"
		 "default to overwrite (lttng snapshot record)"),
	OPT_CALLBACK_OPTARG(0, "live", "PERIOD", opt_live, 0,
			    "Live session: lttng-relayd (default\n"
			    "net://127.0.0.1) serves it to live viewers\n"
			    "while it runs; the streams are flushed every\n"
			    "PERIOD (default 1s; us, ms, s, m, h)"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_create = {
	.name = "create",
	.summary = "Create a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] create [SESSION] [--snapshot | --live[=PERIOD]]\n"
"             [--output=DIR | --no-output | --set-url=URL |\n"
"              --ctrl-url=URL --data-url=URL]\n"
"\n"
"Create a recording session named SESSION (default: auto-YYYYMMDD-HHMMSS)\n"
"and make it the current session (saved in $LTTNG_HOME/.lttngrc).\n"
"\n",
	.options = options,
	.footer =
"\n"
"A session daemon is spawned if none runs (see --no-sessiond in lttng(1)).\n",
};

static void report_url_error(const char *line)
{
	err("%s", line);
}

/* The network output of -U or -C/-D into req; a file:// URL is a local
 * output (into path, *local set).  0 or an exit code. */
static int network_output(struct lttcomm_create_req *req, char *path,
			  size_t len, int *local)
{
	const char *c = opt_ctrl_url ? opt_ctrl_url : opt_url;
	int kind;

	*local = 0;
	if (live_timer && !c)
		c = "net://127.0.0.1";	/* LTTng's default for --live */
	if (!c || no_output)
		return 0;
	kind = lttcomm_parse_urls(c, opt_data_url, &req->ctrl, &req->data,
				  path, len, report_url_error);
	if (kind < 0)
		return CMD_ERROR;
	*local = kind == LTTCOMM_URL_LOCAL;
	return 0;
}

/* AUTO_NAME_MAX: the last automatic name tried is autoN-DATE */
#define AUTO_NAME_MAX 9999

/* The output of req (req->name is set): --no-output, a file:// URL
 * (url_path), --output, or the default path (not for a network output).
 * 0 or the exit code. */
static int session_output(struct lttcomm_create_req *req, const char *name,
			  const char *stamp, const char *url_path,
			  char *path, size_t pathlen)
{
	int n;

	memset(req->output, 0, sizeof(req->output));
	if (no_output) {
		req->no_output = 1;
	} else if (url_path) {
		/* file:///DIR as given (the daemon refuses "../") */
		if (copy_name(req->output, sizeof(req->output), url_path)) {
			err("Invalid output path: %s", url_path);
			return CMD_ERROR;
		}
	} else if (output) {
		if (make_abs_path(output, path, pathlen) ||
		    copy_name(req->output, sizeof(req->output), path)) {
			err("Invalid output path: %s", output);
			return CMD_ERROR;
		}
	} else if (req->ctrl.dtype == LTTCOMM_DST_NONE) {
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

/* The checks of the options and of the name, in LTTng's order.  0 or
 * CMD_ERROR (the message printed). */
static int check_request(const char *name)
{
	/* LTTng takes both, and writes nothing */
	if (no_output)
		output = NULL;
	if (!!opt_url + !!output + !!(opt_ctrl_url || opt_data_url) > 1) {
		err("Only one of the --set-url, --ctrl-url/data-url, or --output options may be used at once.");
		return CMD_ERROR;
	}

	if (snapshot && live_timer) {
		err("Snapshot and live modes are mutually exclusive.");
		return CMD_ERROR;
	}
	if (live_timer && (output || no_output)) {
		err("Unsupported output type specified for live session.");
		return CMD_ERROR;
	}
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
	if (!opt_ctrl_url != !opt_data_url) {
		err("Both control and data URLs must be specified.");
		return CMD_ERROR;
	}
	return 0;
}

/*
 * Asks the daemon to create req's session.  As LTTng: auto-DATE, then
 * auto1-DATE, auto2-DATE... when a session of that name exists (two
 * creations in one second).  0 with the daemon's answer in *dret (its
 * session record in *info, *len bytes), or an exit code.
 */
static int create_session(struct lttcomm_create_req *req, const char *name,
			  const char *stamp, const char *url_path,
			  int32_t *dret, struct lttcomm_session_info **info,
			  uint32_t *len)
{
	char path[PATH_MAX];
	int ret, attempt;

	for (attempt = 0;; attempt++) {
		if (name)
			strcpy(req->name, name);
		else if (attempt)
			snprintf(req->name, sizeof(req->name), "auto%d-%s",
				 attempt, stamp);
		else
			snprintf(req->name, sizeof(req->name), "auto-%s", stamp);
		ret = session_output(req, name, stamp, url_path, path,
				     sizeof(path));
		if (ret)
			return ret;
		*dret = client_call(LTTCOMM_CMD_CREATE_SESSION, req,
				    sizeof(*req), (void **)info, len);
		if (name || *dret != -LTTNG_ERR_EXIST_SESS ||
		    attempt >= AUTO_NAME_MAX)
			return 0;
		free(*info);
		*info = NULL;
	}
}

/* What LTTng prints once the session exists.  The exit code. */
static int report_created(const struct lttcomm_create_req *req)
{
	if (snapshot) {
		msg("Snapshot session %s created.", req->name);
		if (snapshot_print_outputs(req->name, 0))
			return CMD_ERROR;
		msg("Every channel enabled for this session will be set to mmap output and default to overwrite mode.");
		return CMD_SUCCESS;
	}
	if (live_timer)
		msg("Live session %s created.", req->name);
	else
		msg("Session %s created.", req->name);
	if (!req->no_output && req->output[0]) {
		msg("Traces will be output to %s", req->output);
		if (live_timer)
			msg("Live timer interval set to %u us", live_timer);
	}
	return CMD_SUCCESS;
}

int cmd_create(int argc, char **argv)
{
	const char *name = NULL;
	static struct lttcomm_create_req req;	/* large: not on the stack */
	struct lttcomm_session_info *info = NULL;
	char stamp[32], path[PATH_MAX], url_path[PATH_MAX];
	uint32_t len;
	int ret, local_url = 0;
	int32_t dret;
	time_t now;
	struct tm tm;

	if (parse_options(&spec_create, argc, argv, &ret))
		return ret;
	if (optind < argc)
		name = argv[optind++];
	if (check_extra_args(argc, argv, 0) || check_request(name))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	ret = network_output(&req, url_path, sizeof(url_path), &local_url);
	if (ret)
		return ret;
	if (live_timer && local_url) {
		err("Unsupported output type specified for live session.");
		return CMD_ERROR;
	}
	req.live_timer_us = live_timer;
	req.snapshot = (uint32_t)snapshot;

	/* the checks of the output, before a daemon is spawned */
	snprintf(req.name, sizeof(req.name), "%s", name ? name : "auto");
	ret = session_output(&req, name, stamp, local_url ? url_path : NULL,
			     path, sizeof(path));
	if (ret)
		return ret;
	ret = client_connect(1);
	if (ret) {
		if (ret == -1)
			err("No session daemon is available");
		return CMD_ERROR;
	}
	mi_begin("create");
	ret = create_session(&req, name, stamp, local_url ? url_path : NULL,
			     &dret, &info, &len);
	if (ret)
		return ret;
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
		mi_session(info, 0);
	}
	free(info);
	if (config_set_session(req.name)) {
		mi_end(0);
		return CMD_ERROR;
	}
	if (mi_end(1))
		return CMD_ERROR;
	return report_created(&req);
}
