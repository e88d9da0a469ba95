// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapshot.c - lttng snapshot add-output | del-output | list-output | record
 *
 * Snapshot sessions (create --snapshot) write nothing while they run;
 * `snapshot record` writes what their ring buffers hold to
 * <output>/<name>-<YYYYMMDD-HHMMSS>-<n>/, <output> a directory or a
 * network URL (lttng-relayd).  A session has at most one
 * snapshot output (its default one, from create's -o, or the one added
 * with add-output).  Texts and exit codes are LTTng 2.13's: every error
 * of a sub-command exits 1.  -s, -n and -m may come before or after the
 * sub-command.
 *
 * --mi xml: one <snapshot_action> (the action's name and output) in the
 * command's <output>, as LTTng: <snapshot> records (id, name, ctrl_url,
 * session_name, max_size, as each action has them) on success only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *session, *name, *ctrl_url, *data_url;
static uint64_t max_size = UINT64_MAX;	/* not given */

static int opt_max_size(const struct cmd_option *o, const char *arg)
{
	(void)o;
	if (parse_size(arg, &max_size)) {
		err("Unable to handle max-size value %s", arg);
		return CMD_ERROR;
	}
	return 0;
}

OPT_SUBCOMMAND_TABLES(sub_options, options,
	OPT_STRING('s', "session", &session, "SESSION",
		   "Act on SESSION instead of the current session"),
	OPT_STRING('n', "name", &name, "NAME", "Name of the snapshot output"),
	OPT_CALLBACK('m', "max-size", "SIZE", opt_max_size,
		     "Maximum total size of the snapshot's streams\n"
		     "(k, M, G suffixes)"),
	OPT_STRING('C', "ctrl-url", &ctrl_url, "URL",
		   "Control URL of a network output (with -D)"),
	OPT_STRING('D', "data-url", &data_url, "URL",
		   "Data URL of a network output (with -C)"));

static void report_url_error(const char *line)
{
	err("%s", line);
}

/* LTTng: -C and -D go together, whatever the action */
static int urls_paired(void)
{
	if (!ctrl_url != !data_url) {
		err("URLs must be specified for both data and control");
		return CMD_ERROR;
	}
	return 0;
}

/* The request for the current session, with -n and -m; DIR made
 * absolute (a file:// URL too); without DIR, -C and -D.  0 or the exit
 * code. */
static int fill_req(struct lttcomm_snapshot_output *o, const char *dir)
{
	char path[LTTCOMM_PATH_MAX];
	int ret;

	memset(o, 0, sizeof(*o));
	ret = resolve_session(session, o->session, sizeof(o->session));
	if (ret)
		return ret;
	if (name && copy_name(o->name, sizeof(o->name), name)) {
		err("Invalid snapshot output name: %s", name);
		return CMD_ERROR;
	}
	o->max_size = max_size;
	if (!dir && !ctrl_url)
		return 0;
	if (data_url) {
		/* the output's data connection from -D, as LTTng's */
		if (lttcomm_parse_urls(dir ? dir : ctrl_url, data_url,
				       &o->ctrl, &o->data, path, sizeof(path),
				       report_url_error) != LTTCOMM_URL_NET)
			return CMD_ERROR;
		lttcomm_uri_str(&o->ctrl, o->path, sizeof(o->path));
		return 0;
	}
	if (!strncmp(dir, "file://", 7)) {
		dir += 7;
	} else if (strstr(dir, "://")) {
		/* net://, tcp://...: to lttng-relayd */
		if (lttcomm_parse_urls(dir, NULL, &o->ctrl, &o->data, path,
				       sizeof(path), report_url_error) !=
		    LTTCOMM_URL_NET)
			return CMD_ERROR;
		lttcomm_uri_str(&o->ctrl, o->path, sizeof(o->path));
		return 0;
	}
	if (!*dir || make_abs_path(dir, path, sizeof(path)) ||
	    copy_name(o->path, sizeof(o->path), path)) {
		err("Invalid output path: %s", dir);
		return CMD_ERROR;
	}
	return 0;
}

static int call(uint16_t cmd, struct lttcomm_snapshot_output *o)
{
	struct lttcomm_snapshot_output *rep = NULL;
	uint32_t len = 0;
	int32_t dret;

	dret = client_call(cmd, o, sizeof(*o), (void **)&rep, &len);
	if (dret < 0) {
		free(rep);
		if (dret == -LTTNG_ERR_MAX_SIZE_INVALID)
			err("Invalid snapshot size. Cannot fit at least one packet per stream.");
		err("%s", error_str(dret));
		return CMD_ERROR;
	}
	if (rep && len == sizeof(*rep)) {
		*o = *rep;
		o->name[sizeof(o->name) - 1] = '\0';
		o->path[sizeof(o->path) - 1] = '\0';
	}
	free(rep);
	return 0;
}

/* The elements of a <snapshot> record: each action writes its own
 * (NULL: left out), always in this order, as LTTng. */
struct snapshot_mi {
	const uint32_t *id;
	const char *name;
	const char *ctrl_url;
	const char *data_url;
	const char *session;
	const uint64_t *max_size;
};

static void mi_snapshot(const struct snapshot_mi *s)
{
	mi_open("snapshot");
	if (s->id)
		mi_u64("id", *s->id);
	if (s->name)
		mi_str("name", s->name);
	if (s->ctrl_url)
		mi_str("ctrl_url", s->ctrl_url);
	if (s->data_url)
		mi_str("data_url", s->data_url);
	if (s->session)
		mi_str("session_name", s->session);
	if (s->max_size)
		mi_u64("max_size", *s->max_size);
	mi_close();
}

/* <snapshot> of a listed output (LTTng: a local one without URL scheme
 * nor data URL; a network one with its data connection, no directory) */
static void mi_output(const struct lttcomm_snapshot_output *o)
{
	char data[LTTCOMM_PATH_MAX] = "";

	if (o->data.dtype != LTTCOMM_DST_NONE) {
		struct lttcomm_uri d = o->data;

		d.subdir[0] = '\0';
		lttcomm_uri_str(&d, data, sizeof(data));
	}
	mi_snapshot(&(struct snapshot_mi){ .id = &o->id, .name = o->name,
					   .ctrl_url = o->path,
					   .data_url = data,
					   .max_size = &o->max_size });
}

static void print_output(const char *indent,
			 const struct lttcomm_snapshot_output *o)
{
	if (o->max_size)
		msg("%s[%u] %s: %s (max size: %llu bytes)", indent, o->id,
		    o->name, o->path, (unsigned long long)o->max_size);
	else
		msg("%s[%u] %s: %s", indent, o->id, o->name, o->path);
}

/* Prints the session's outputs (LTTng's list-output), or only the first
 * one's path for create --snapshot (all: 0).  0 or the exit code. */
int snapshot_print_outputs(const char *sess, int all)
{
	struct lttcomm_session_req req;
	struct lttcomm_snapshot_output *o = NULL;
	int32_t n, i;

	memset(&req, 0, sizeof(req));
	snprintf(req.session, sizeof(req.session), "%s", sess);
	n = client_list(LTTCOMM_CMD_SNAPSHOT_LIST_OUTPUT, &req, sizeof(req),
			sizeof(*o), (void **)&o);
	if (n < 0) {
		err("%s", all ? error_str(n) : "Failed to list snapshot outputs.");
		return CMD_ERROR;
	}
	if (!all) {
		if (n > 0)
			msg("Default snapshot output set to %s", o[0].path);
		free(o);
		return 0;
	}
	msg("Snapshot output list for session %s", sess);
	mi_open("session");
	mi_str("name", sess);
	mi_open("snapshots");
	for (i = 0; i < n; i++) {
		print_output("    ", &o[i]);
		mi_output(&o[i]);
	}
	mi_close();
	mi_close();
	if (!n)
		msg("    None");
	free(o);
	return 0;
}

/* A sub-command's options, then its one operand (*arg, NULL if none):
 * 0 to go on, else 1 with *ret the exit code. */
static int sub_args(const struct cmd_spec *spec, int argc, char **argv,
		    const char **arg, int *ret)
{
	if (parse_options(spec, argc, argv, ret))
		return 1;
	*arg = optind < argc ? argv[optind++] : NULL;
	if (check_extra_args(argc, argv, 0)) {
		*ret = CMD_ERROR;
		return 1;
	}
	*ret = urls_paired();
	return *ret != 0;
}

/*
 * add-output and record: sub_args(), then the request for DIR (or -C
 * and -D) sent as cmd, *o the daemon's answer.  missing: the error when
 * there is no destination (NULL: the session's own output will do).
 * 0 to go on, else 1 with *ret the exit code.
 */
static int output_call(const struct cmd_spec *spec, int argc, char **argv,
		       uint16_t cmd, const char *missing, const char **dir,
		       struct lttcomm_snapshot_output *o, int *ret)
{
	if (sub_args(spec, argc, argv, dir, ret))
		return 1;
	if (missing && !*dir && !ctrl_url) {
		err("%s", missing);
		*ret = CMD_ERROR;
		return 1;
	}
	*ret = fill_req(o, *dir);
	if (!*ret)
		*ret = call(cmd, o);
	return *ret != 0;
}

static const struct cmd_spec spec_add_output = {
	.name = "add-output",
	.summary = "Add a snapshot output to a snapshot session",
	.usage =
"Usage: lttng snapshot add-output [-s SESSION] [-n NAME] [-m SIZE]\n"
"                                 DIR | -C URL -D URL\n"
"\n"
"Set the snapshot output of a snapshot session (at most one: delete the\n"
"current one first). DIR may be given as file://DIR, or be a network\n"
"output to lttng-relayd (net://HOST[:CTRL[:DATA]][/PATH], or its control\n"
"and data URLs with -C and -D).\n"
"\n",
	.options = sub_options,
};

static int cmd_add_output(int argc, char **argv)
{
	struct lttcomm_snapshot_output o;
	const char *dir;
	int ret;

	if (output_call(&spec_add_output, argc, argv,
			LTTCOMM_CMD_SNAPSHOT_ADD_OUTPUT,
			"An output destination must be specified to add a snapshot output.",
			&dir, &o, &ret))
		return ret;
	msg("Snapshot output successfully added for session %s", o.session);
	/* LTTng shows the destination as given: a URL (file://, net://,
	 * -C's) stays one */
	if (!dir || strstr(dir, "://"))
		snprintf(o.path, sizeof(o.path), "%s", dir ? dir : ctrl_url);
	print_output("  ", &o);
	mi_snapshot(&(struct snapshot_mi){ .id = &o.id, .name = o.name,
					   .ctrl_url = o.path,
					   .session = o.session,
					   .max_size = &max_size });
	return CMD_SUCCESS;
}

static const struct cmd_spec spec_del_output = {
	.name = "del-output",
	.summary = "Delete the snapshot output of a snapshot session",
	.usage =
"Usage: lttng snapshot del-output [-s SESSION] ID | NAME\n"
"\n",
	.options = sub_options,
};

static int cmd_del_output(int argc, char **argv)
{
	struct lttcomm_snapshot_output o;
	const char *what;
	char *end;
	long id;
	int ret;

	if (sub_args(&spec_del_output, argc, argv, &what, &ret))
		return ret;
	if (!what) {
		err("A snapshot output name or id must be provided to delete a snapshot output.");
		return CMD_ERROR;
	}
	name = NULL;
	ret = fill_req(&o, NULL);
	if (ret)
		return ret;
	errno = 0;
	id = strtol(what, &end, 10);
	if (id == 0 && (errno == 0 || errno == EINVAL)) {
		if (copy_name(o.name, sizeof(o.name), what))
			return CMD_ERROR;
	} else if (!errno && !*end && id > 0 && id <= UINT32_MAX) {
		o.id = (uint32_t)id;
	} else {
		err("Argument %s not recognized", what);
		return CMD_ERROR;
	}
	ret = call(LTTCOMM_CMD_SNAPSHOT_DEL_OUTPUT, &o);
	if (ret)
		return ret;
	if (o.id)
		msg("Snapshot output id %u successfully deleted for session %s",
		    o.id, o.session);
	else
		msg("Snapshot output %s successfully deleted for session %s",
		    o.name, o.session);
	mi_snapshot(&(struct snapshot_mi){ .id = o.id ? &o.id : NULL,
					   .name = o.id ? NULL : o.name,
					   .session = o.session });
	return CMD_SUCCESS;
}

static const struct cmd_spec spec_list_output = {
	.name = "list-output",
	.summary = "List the snapshot output of a snapshot session",
	.usage = "Usage: lttng snapshot list-output [-s SESSION]\n\n",
	.options = sub_options,
};

static int cmd_list_output(int argc, char **argv)
{
	char sess[LTTCOMM_NAME_MAX];
	int ret;

	if (parse_options(&spec_list_output, argc, argv, &ret) ||
	    (ret = urls_paired()))
		return ret;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	ret = resolve_session(session, sess, sizeof(sess));
	if (ret)
		return ret;
	return snapshot_print_outputs(sess, 1);
}

static const struct cmd_spec spec_record = {
	.name = "record",
	.summary = "Record a snapshot of a snapshot session",
	.usage =
"Usage: lttng snapshot record [-s SESSION] [-n NAME] [-m SIZE]\n"
"                             [DIR | -C URL -D URL]\n"
"\n"
"Write what the session's ring buffers hold, without stopping it, to\n"
"OUTPUT/NAME-YYYYMMDD-HHMMSS-N/ (OUTPUT: DIR, else the session's\n"
"snapshot output; NAME: -n, else the output's name; N counts the\n"
"session's snapshots from 0). With -m, each stream keeps its newest\n"
"packets within SIZE divided by the number of streams. DIR may be a\n"
"network output (net://HOST..., or -C and -D): lttng-relayd writes the\n"
"record under HOSTNAME/SESSION-DATE/ (or HOSTNAME/PATH/).\n"
"\n",
	.options = sub_options,
};

static int cmd_record(int argc, char **argv)
{
	struct lttcomm_snapshot_output o;
	const char *dir;
	int ret;

	if (output_call(&spec_record, argc, argv, LTTCOMM_CMD_SNAPSHOT_RECORD,
			NULL, &dir, &o, &ret))
		return ret;
	msg("Snapshot recorded successfully for session %s", o.session);
	if (dir)
		msg("Snapshot written at: %s", dir);
	else if (ctrl_url)
		msg("Snapshot written to ctrl: %s, data: %s", ctrl_url,
		    data_url);
	/* -C and -D go together (sub_args()) */
	mi_snapshot(&(struct snapshot_mi){ .ctrl_url = dir ? dir : ctrl_url,
					   .data_url = dir ? NULL : data_url });
	return CMD_SUCCESS;
}

static const struct cmd_struct actions[] = {
	{ cmd_add_output, &spec_add_output },
	{ cmd_del_output, &spec_del_output },
	{ cmd_list_output, &spec_list_output },
	{ cmd_record, &spec_record },
	{ NULL, NULL },
};

const struct cmd_spec spec_snapshot = {
	.name = "snapshot",
	.summary = "Take a snapshot of the buffers of a snapshot session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] snapshot [-s SESSION] ACTION [OPTIONS]\n"
"\n"
"Actions: add-output, del-output, list-output, record (see\n"
"`lttng snapshot ACTION --help`).\n"
"\n",
	.options = options,
	.subcommands = actions,
};

int cmd_snapshot(int argc, char **argv)
{
	const struct cmd_struct *action;
	int ret;

	/* LTTng opens the document before it parses the options */
	mi_begin("snapshot");
	if (parse_options(&spec_snapshot, argc, argv, &ret)) {
		mi_end(MI_NO_SUCCESS);
		return ret;
	}
	if (optind >= argc) {
		err("No action specified for snapshot command.");
		mi_end(0);
		return CMD_ERROR;
	}
	action = find_subcommand(&spec_snapshot, argv[optind]);
	if (!action) {
		/* main prints LTTng's "Unrecognized argument" */
		mi_end(0);
		return CMD_UNDEFINED;
	}
	mi_open("snapshot_action");
	/* LTTng writes "record", which its schema refuses: we follow the
	 * schema (its snapshot_action_type has "record-output") */
	mi_str("name", action->fn == cmd_record ? "record-output" :
						   action->spec->name);
	mi_open("output");
	ret = run_subcommand(&spec_snapshot, argc, argv);
	mi_close();
	mi_close();
	if (mi_end(ret == CMD_SUCCESS) && !ret)
		ret = CMD_ERROR;
	return ret;
}
