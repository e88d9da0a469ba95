// SPDX-License-Identifier: GPL-2.0-only
/*
 * untrack.c - lttng untrack: remove values from the inclusion sets of
 * process attribute trackers (--all: include nothing).  The work is
 * done by track_untrack() in track.c.
 */
#include "../lttng.h"

const struct cmd_spec spec_untrack = {
	.name = "untrack",
	.summary = "Disallow specific processes to record events",
	.usage =
"Usage: lttng [GENERAL OPTIONS] untrack (--kernel | --userspace)\n"
"             [--session=SESSION] (--pid=PID[,PID]... | --vpid=... |\n"
"             --uid=... | --vuid=... | --gid=... | --vgid=... |\n"
"             --all --pid | ...)\n"
"\n"
"Remove values from the inclusion sets of process attribute trackers.\n"
"With --all, a tracker includes no process at all.\n"
"\n",
	.options = track_options,
};

int cmd_untrack(int argc, char **argv)
{
	return track_untrack(argc, argv, 0, &spec_untrack);
}
