// SPDX-License-Identifier: GPL-2.0-only
/*
 * track.c - lttng track (-k | -u) [--pid[=IDS]] [--vpid[=IDS]] [--uid...]
 *           [--vuid...] [--gid...] [--vgid...] [--all]
 *
 * Adds ids to the inclusion sets of the process attribute trackers, or
 * with --all makes a tracker include everything.  untrack.c is the same
 * command the other way round: both use track_untrack() below.  IDS is a
 * comma-separated list; user and group trackers also take names.  Every
 * value is checked before the first request is sent.
 */
#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

#define MAX_ITEMS 256

enum id_names { NO_NAMES, USER_NAMES, GROUP_NAMES };

/*
 * The process attributes, one a line, from which both the options and
 * the messages' words derive: X(option, LTTCOMM_TRACKER_ suffix (also
 * the option's value in --help), names accepted besides numbers, the
 * user space domain has it, the attribute in messages, at the start of
 * a sentence, the option's help).
 */
#define TRACKER_ATTRS(X) \
	X(pid, PID, NO_NAMES, 0, "process ID", "Process ID", \
	  "Process IDs (user space: virtual process IDs)") \
	X(vpid, VPID, NO_NAMES, 1, "virtual process ID", "Virtual process ID", \
	  "Virtual process IDs") \
	X(uid, UID, USER_NAMES, 0, "user ID", "User ID", \
	  "User IDs or user names (kernel)") \
	X(vuid, VUID, USER_NAMES, 1, "virtual user ID", "Virtual user ID", \
	  "Virtual user IDs or user names") \
	X(gid, GID, GROUP_NAMES, 0, "group ID", "Group ID", \
	  "Group IDs or group names (kernel)") \
	X(vgid, VGID, GROUP_NAMES, 1, "virtual group ID", "Virtual group ID", \
	  "Virtual group IDs or group names")

static struct opt_target t;
static int all;
/* The attribute options in command-line order: type, value (or NULL). */
static int types[MAX_ITEMS], nopts;
static const char *values[MAX_ITEMS];

/* --pid[=IDS] ... --vgid[=IDS] (intval: enum lttcomm_tracker_type) */
static int opt_attr(const struct cmd_option *o, const char *arg)
{
	if (nopts >= MAX_ITEMS) {
		err("Too many process attribute options");
		return CMD_ERROR;
	}
	types[nopts] = o->intval;
	values[nopts++] = arg;
	return 0;
}

const struct cmd_option track_options[] = {
	OPT_KERNEL(&t),
	OPT_BOOL('u', "userspace", &t.user,
		 "User space domain (vpid, vuid, vgid only)"),
	OPT_SESSION(&t),
#define ATTR_OPTION(opt, TYPE, names, ust, lower, upper, help) \
	OPT_CALLBACK_OPTARG(0, #opt, #TYPE "[," #TYPE "]...", opt_attr, \
			    LTTCOMM_TRACKER_##TYPE, help),
	TRACKER_ATTRS(ATTR_OPTION)
#undef ATTR_OPTION
	OPT_BOOL('a', "all", &all,
		 "The whole set, for the attribute options\n"
		 "given without values"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_track = {
	.name = "track",
	.summary = "Allow specific processes to record events",
	.usage =
"Usage: lttng [GENERAL OPTIONS] track (--kernel | --userspace)\n"
"             [--session=SESSION] (--pid=PID[,PID]... | --vpid=... |\n"
"             --uid=... | --vuid=... | --gid=... | --vgid=... |\n"
"             --all --pid | ...)\n"
"\n"
"Add values to the inclusion sets of process attribute trackers: only\n"
"the processes in every inclusion set have their events recorded. With\n"
"--all, a tracker includes every process.\n"
"\n",
	.options = track_options,
};

static const struct {
	const char *lower;	/* in messages */
	const char *upper;	/* at the start of a sentence */
	enum id_names names;	/* names accepted besides numbers */
	int ust;		/* the user space domain has it */
} attrs[] = {
#define ATTR_WORDS(opt, TYPE, names, ust, lower, upper, help) \
	[LTTCOMM_TRACKER_##TYPE] = { lower, upper, names, ust },
	TRACKER_ATTRS(ATTR_WORDS)
#undef ATTR_WORDS
};

struct item {
	int type;
	int all;
	int32_t id;
	const char *text;	/* as typed */
};

static int parse_id(int type, const char *s, int32_t *id)
{
	uint64_t v;

	if (!parse_u64(s, &v) && v <= INT32_MAX) {
		*id = (int32_t)v;
		return 0;
	}
	if (attrs[type].names != NO_NAMES) {
		int user = attrs[type].names == USER_NAMES;
		struct passwd *pw = user ? getpwnam(s) : NULL;
		struct group *gr = user ? NULL : getgrnam(s);

		if (pw || gr) {
			*id = (int32_t)(pw ? pw->pw_uid : gr->gr_gid);
			return 0;
		}
		err("%s name '%s' not found", user ? "User" : "Group", s);
		return -1;
	}
	err("%s is not a valid %s value; expected an integer", s,
	    attrs[type].lower);
	return -1;
}

/* The values of one attribute option into items; 0 or the exit code. */
static int add_items(int domain, int type, const char *value,
		     struct item *items, int *nitems, char **copy)
{
	char *p, *save = NULL;

	/* As LTTng: user space takes --pid as --vpid (older scripts). */
	if (domain == LTTCOMM_DOMAIN_UST && type == LTTCOMM_TRACKER_PID)
		type = LTTCOMM_TRACKER_VPID;
	if (domain == LTTCOMM_DOMAIN_UST && !attrs[type].ust) {
		err("The %s process attribute cannot be tracked in the user space domain.",
		    attrs[type].lower);
		return CMD_ERROR;
	}
	if (!value) {
		if (!all) {
			err("No process attribute value specified for %s tracker",
			    attrs[type].upper);
			return CMD_ERROR;
		}
		if (*nitems >= MAX_ITEMS)
			goto too_many;
		items[(*nitems)++] = (struct item){ .type = type, .all = 1 };
		return 0;
	}
	if (all) {
		err("The --all option cannot be used with a list of process attribute values");
		return CMD_ERROR;
	}
	*copy = strdup(value);
	if (!*copy)
		return CMD_FATAL;
	p = strtok_r(*copy, ",", &save);
	if (!p) {
		err("Empty %s list", attrs[type].lower);
		return CMD_ERROR;
	}
	for (; p; p = strtok_r(NULL, ",", &save)) {
		if (*nitems >= MAX_ITEMS)
			goto too_many;
		items[*nitems] = (struct item){ .type = type, .text = p };
		if (parse_id(type, p, &items[*nitems].id))
			return CMD_ERROR;
		(*nitems)++;
	}
	return 0;
too_many:
	err("Too many values (at most %d)", MAX_ITEMS);
	return CMD_ERROR;
}

/* One request per item, with LTTng's message. */
static int send_items(struct lttcomm_tracker_req *req, int track,
		      const struct item *items, int nitems)
{
	int32_t dret;
	int i, ret = CMD_SUCCESS;

	mi_open("process_attr_trackers");
	for (i = 0; i < nitems; i++) {
		const struct item *it = &items[i];

		/* MI: one tracker element per run of values of a type */
		if (!i || items[i - 1].type != it->type) {
			if (i) {
				mi_close();
				mi_close();
			}
			mi_tracker_open(it->type);
		}
		req->type = it->type;
		req->id = it->id;
		req->all = it->all;
		dret = client_call(track ? LTTCOMM_CMD_TRACK :
				   LTTCOMM_CMD_UNTRACK, req, sizeof(*req),
				   NULL, NULL);
		mi_tracker_value(it->type, it->all, it->id, dret >= 0);
		if (dret == -LTTNG_ERR_ID_TRACKED ||
		    dret == -LTTNG_ERR_PID_TRACKED) {
			warn("%s is already in the %s inclusion set", it->text,
			     attrs[it->type].lower);
		} else if (dret == -LTTNG_ERR_ID_NOT_TRACKED ||
			   dret == -LTTNG_ERR_PID_NOT_TRACKED) {
			warn("%s is not in the %s the inclusion set", it->text,
			     attrs[it->type].lower);
		} else if (dret < 0) {
			err("%s", error_str(dret));
			ret = CMD_ERROR;
			break;
		} else if (it->all) {
			msg("%s tracking policy set to `%s all`",
			    attrs[it->type].upper,
			    track ? "include" : "exclude");
		} else if (track) {
			msg("Added %s to the %s tracker inclusion set",
			    it->text, attrs[it->type].lower);
		} else {
			msg("Removed %s from the %s tracker inclusion set",
			    it->text, attrs[it->type].lower);
		}
	}
	return ret;
}

int track_untrack(int argc, char **argv, int track,
		  const struct cmd_spec *spec)
{
	static struct item items[MAX_ITEMS];
	struct lttcomm_tracker_req req;
	char *copies[MAX_ITEMS] = { NULL };
	int ret, domain, i, nitems = 0;

	if (parse_options(spec, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &domain);
	if (ret)
		return ret;
	if (!nopts) {
		err("At least one process attribute must be specified");
		return CMD_ERROR;
	}
	/* check everything before changing anything */
	for (i = 0; i < nopts && !ret; i++)
		ret = add_items(domain, types[i], values[i], items, &nitems,
				&copies[i]);
	if (!ret) {
		memset(&req, 0, sizeof(req));
		ret = resolve_session(t.session, req.session,
				      sizeof(req.session));
	}
	if (!ret) {
		req.domain = domain;
		mi_begin(track ? "track" : "untrack");
		ret = send_items(&req, track, items, nitems);
		if (mi_end(ret == CMD_SUCCESS) && !ret)
			ret = CMD_ERROR;
	}
	for (i = 0; i < nopts; i++)
		free(copies[i]);
	return ret;
}

int cmd_track(int argc, char **argv)
{
	return track_untrack(argc, argv, 1, &spec_track);
}
