// SPDX-License-Identifier: GPL-2.0-only
/*
 * regenerate.c - lttng regenerate [-s SESSION] metadata|statedump
 *
 * metadata: the session's metadata stream files are written again from
 * the start (the daemon's clear.c); statedump: the kernel tracer records
 * its statedump again (lttng_statedump_* events).  LTTng 2.13's texts and
 * exit codes:
 *   Metadata successfully regenerated for session NAME
 *   State dump successfully regenerated for session NAME
 *   Error: No object specified for regenerate command.        (exit 1)
 *   Error: Unrecognized argument used with 'regenerate' command (exit 2)
 * A refused metadata regeneration prints the error (exit: its code); a
 * refused statedump only exits with its code, as LTTng's does.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static const char *session;
static char name[LTTCOMM_NAME_MAX];

OPT_SUBCOMMAND_TABLES(sub_options, options,
		      OPT_STRING('s', "session", &session, "SESSION",
				 "Act on SESSION instead of the current session"));

static const struct cmd_spec spec_metadata = {
	.name = "metadata",
	.summary = "Regenerate the metadata of a recording session",
	.usage = "Usage: lttng regenerate metadata [-s SESSION]\n\n",
	.options = sub_options,
};

static const struct cmd_spec spec_statedump = {
	.name = "statedump",
	.summary = "Regenerate the state dump of a recording session",
	.usage = "Usage: lttng regenerate statedump [-s SESSION]\n\n",
	.options = sub_options,
};

/*
 * A sub-command: its options, the session (-s before or after the
 * object, or the current one), then the daemon's command.  LTTng's
 * differences: an extra word exits with extra_ret; the daemon's error is
 * printed or not (print_err); done is what was regenerated.
 */
static int regenerate(const struct cmd_spec *spec, int argc, char **argv,
		      uint16_t cmd, int extra_ret, int print_err,
		      const char *done)
{
	struct lttcomm_session_req req;
	int32_t dret;
	int ret;

	if (parse_options(spec, argc, argv, &ret))
		return ret;
	if (optind < argc)
		return extra_ret;
	ret = resolve_session(session, name, sizeof(name));
	if (ret)
		return ret;
	memset(&req, 0, sizeof(req));
	snprintf(req.session, sizeof(req.session), "%s", name);
	dret = client_call(cmd, &req, sizeof(req), NULL, NULL);
	if (dret < 0) {
		if (print_err)
			err("%s", error_str(dret));
		return error_exit_code(dret);
	}
	msg("%s successfully regenerated for session %s", done, name);
	return CMD_SUCCESS;
}

static int cmd_metadata(int argc, char **argv)
{
	return regenerate(&spec_metadata, argc, argv,
			  LTTCOMM_CMD_REGENERATE_METADATA, CMD_UNDEFINED, 1,
			  "Metadata");
}

static int cmd_statedump(int argc, char **argv)
{
	/* LTTng prints no error of the daemon's here */
	return regenerate(&spec_statedump, argc, argv,
			  LTTCOMM_CMD_REGENERATE_STATEDUMP,
			  error_exit_code(-LTTNG_ERR_INVALID), 0, "State dump");
}

static const struct cmd_struct actions[] = {
	{ cmd_metadata, &spec_metadata },
	{ cmd_statedump, &spec_statedump },
	{ NULL, NULL },
};

const struct cmd_spec spec_regenerate = {
	.name = "regenerate",
	.summary = "Regenerate specific data of a recording session",
	.usage =
"Usage: lttng [GENERAL OPTIONS] regenerate [-s SESSION] metadata|statedump\n"
"\n"
"metadata: write the metadata stream files of SESSION (default: the\n"
"current session) again.  statedump: record the state dump events\n"
"(lttng_statedump_*) again.  The session must be active.\n"
"\n",
	.options = options,
	.subcommands = actions,
};

static int session_option_in(int argc, char **argv)
{
	int i;

	for (i = optind; i < argc; i++)
		if (!strcmp(argv[i], "-s") || !strncmp(argv[i], "--session", 9) ||
		    !strncmp(argv[i], "-s", 2))
			return 1;
	return 0;
}

int cmd_regenerate(int argc, char **argv)
{
	int ret;

	if (parse_options(&spec_regenerate, argc, argv, &ret))
		return ret;
	/* the session first, as LTTng: no session, no further word (unless
	 * -s follows the object: the sub-command resolves it) */
	if (!session && !session_option_in(argc, argv)) {
		ret = resolve_session(NULL, name, sizeof(name));
		if (ret)
			return ret;
	}
	if (optind >= argc) {
		err("No object specified for regenerate command.");
		return CMD_ERROR;
	}
	/* an unknown object: main prints LTTng's "Unrecognized argument" */
	return run_subcommand(&spec_regenerate, argc, argv);
}
