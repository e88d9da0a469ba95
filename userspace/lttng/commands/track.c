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

enum {
	OPT_PID = OPT_CMD_FIRST,
	OPT_VPID,
	OPT_UID,
	OPT_VUID,
	OPT_GID,
	OPT_VGID,
};

const struct option track_longopts[] = {
	COMMON_LONGOPTS,
	TARGET_LONGOPTS,
	{ "all", no_argument, NULL, 'a' },
	{ "pid", optional_argument, NULL, OPT_PID },
	{ "vpid", optional_argument, NULL, OPT_VPID },
	{ "uid", optional_argument, NULL, OPT_UID },
	{ "vuid", optional_argument, NULL, OPT_VUID },
	{ "gid", optional_argument, NULL, OPT_GID },
	{ "vgid", optional_argument, NULL, OPT_VGID },
	{ NULL, 0, NULL, 0 },
};

#define TRACK_OPTIONS_HELP \
"  -k, --kernel           Kernel domain\n" \
"  -u, --userspace        User space domain (vpid, vuid, vgid only)\n" \
"  -s, --session=SESSION  Act on SESSION instead of the current session\n" \
"      --pid[=PID[,PID]...]    Process IDs (kernel)\n" \
"      --vpid[=VPID[,VPID]...] Virtual process IDs\n" \
"      --uid[=UID[,UID]...]    User IDs or user names (kernel)\n" \
"      --vuid[=VUID[,VUID]...] Virtual user IDs or user names\n" \
"      --gid[=GID[,GID]...]    Group IDs or group names (kernel)\n" \
"      --vgid[=VGID[,VGID]...] Virtual group IDs or group names\n" \
"  -a, --all              The whole set, for the attribute options\n" \
"                         given without values\n" \
"  -h, --help             Show this help\n" \
"      --list-options     List the options of this command\n"

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
"\n"
"Options:\n"
TRACK_OPTIONS_HELP,
	.shortopts = "hs:kua",
	.longopts = track_longopts,
};

static const struct {
	const char *lower;	/* in messages */
	const char *upper;	/* at the start of a sentence */
	int names;		/* 1 user names, 2 group names */
	int ust;
} attrs[] = {
	[LTTCOMM_TRACKER_PID] = { "process ID", "Process ID", 0, 0 },
	[LTTCOMM_TRACKER_VPID] = { "virtual process ID", "Virtual process ID", 0, 1 },
	[LTTCOMM_TRACKER_UID] = { "user ID", "User ID", 1, 0 },
	[LTTCOMM_TRACKER_VUID] = { "virtual user ID", "Virtual user ID", 1, 1 },
	[LTTCOMM_TRACKER_GID] = { "group ID", "Group ID", 2, 0 },
	[LTTCOMM_TRACKER_VGID] = { "virtual group ID", "Virtual group ID", 2, 1 },
};

#define MAX_ITEMS 256

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
	if (attrs[type].names == 1) {
		struct passwd *pw = getpwnam(s);

		if (pw) {
			*id = (int32_t)pw->pw_uid;
			return 0;
		}
		err("User name '%s' not found", s);
		return -1;
	}
	if (attrs[type].names == 2) {
		struct group *gr = getgrnam(s);

		if (gr) {
			*id = (int32_t)gr->gr_gid;
			return 0;
		}
		err("Group name '%s' not found", s);
		return -1;
	}
	err("%s is not a valid %s value; expected an integer", s,
	    attrs[type].lower);
	return -1;
}

int track_untrack(int argc, char **argv, int track,
		  const struct cmd_spec *spec)
{
	static struct item items[MAX_ITEMS];
	struct lttcomm_tracker_req req;
	const char *values[MAX_ITEMS];
	int types[MAX_ITEMS], nopts = 0, nitems = 0;
	struct opt_target t = { 0 };
	int opt, done, ret, domain, all = 0, i;
	int result = CMD_SUCCESS;
	char *copies[MAX_ITEMS];
	int ncopies = 0;
	int32_t dret;

	opt_begin();
	while ((opt = opt_next(spec, argc, argv)) != -1) {
		switch (opt) {
		case 'a':
			all = 1;
			break;
		case OPT_PID: case OPT_VPID: case OPT_UID:
		case OPT_VUID: case OPT_GID: case OPT_VGID:
			if (nopts >= MAX_ITEMS) {
				err("Too many process attribute options");
				return CMD_ERROR;
			}
			/* "--pid 12" as well as "--pid=12" */
			if (!optarg && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			types[nopts] = opt - OPT_PID;
			values[nopts++] = optarg;
			break;
		default:
			if (opt_target(&t, opt))
				break;
			ret = opt_common(spec, opt, &done);
			if (done)
				return ret;
		}
	}
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &domain);
	if (ret)
		return ret;
	if (!nopts) {
		err("At least one process attribute option (--pid, --vpid, --uid, --vuid, --gid, --vgid) is required");
		return CMD_ERROR;
	}
	/* check everything before changing anything */
	for (i = 0; i < nopts; i++) {
		int t = types[i];
		char *list, *p, *save = NULL;

		if (domain == LTTCOMM_DOMAIN_UST && !attrs[t].ust) {
			err("The %s process attribute is not supported by the user space domain (use its virtual counterpart)",
			    attrs[t].lower);
			ret = CMD_ERROR;
			goto out;
		}
		if (!values[i]) {
			if (!all) {
				err("Missing value for the %s option (or use --all)",
				    attrs[t].lower);
				ret = CMD_ERROR;
				goto out;
			}
			if (nitems >= MAX_ITEMS)
				goto too_many;
			items[nitems++] = (struct item){ .type = t, .all = 1 };
			continue;
		}
		if (all) {
			err("--all cannot be used with a list of %s values",
			    attrs[t].lower);
			ret = CMD_ERROR;
			goto out;
		}
		list = strdup(values[i]);
		if (!list) {
			ret = CMD_FATAL;
			goto out;
		}
		copies[ncopies++] = list;
		p = strtok_r(list, ",", &save);
		if (!p) {
			err("Empty %s list", attrs[t].lower);
			ret = CMD_ERROR;
			goto out;
		}
		for (; p; p = strtok_r(NULL, ",", &save)) {
			if (nitems >= MAX_ITEMS)
				goto too_many;
			items[nitems].type = t;
			items[nitems].all = 0;
			items[nitems].text = p;
			if (parse_id(t, p, &items[nitems].id)) {
				ret = CMD_ERROR;
				goto out;
			}
			nitems++;
		}
	}
	memset(&req, 0, sizeof(req));
	ret = resolve_session(t.session, req.session, sizeof(req.session));
	if (ret)
		goto out;
	req.domain = domain;
	for (i = 0; i < nitems; i++) {
		const struct item *it = &items[i];

		req.type = it->type;
		req.id = it->id;
		req.all = it->all;
		dret = client_call(track ? LTTCOMM_CMD_TRACK :
				   LTTCOMM_CMD_UNTRACK, &req, sizeof(req),
				   NULL, NULL);
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
			result = CMD_ERROR;
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
	ret = result;
	goto out;
too_many:
	err("Too many values (at most %d)", MAX_ITEMS);
	ret = CMD_ERROR;
out:
	while (ncopies)
		free(copies[--ncopies]);
	return ret;
}

int cmd_track(int argc, char **argv)
{
	return track_untrack(argc, argv, 1, &spec_track);
}
