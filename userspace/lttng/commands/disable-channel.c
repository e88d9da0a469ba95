// SPDX-License-Identifier: GPL-2.0-only
/*
 * disable-channel.c - lttng disable-channel (-k | -u) NAME[,NAME]...
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static struct opt_target t;
static struct lttcomm_channel_req req;
static int domain, result = CMD_SUCCESS;

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_disable_channel = {
	.name = "disable-channel",
	.summary = "Disable channels",
	.usage =
"Usage: lttng [GENERAL OPTIONS] disable-channel (--kernel | --userspace)\n"
"             [--session=SESSION] CHANNEL[,CHANNEL]...\n"
"\n"
"Disable the channel(s) CHANNEL of the recording session (default: the\n"
"current session): their event rules stop recording.\n"
"\n",
	.options = options,
};

/* One channel of the list: 1 to stop (no daemon). */
static int disable_one(void *arg, char *name)
{
	int32_t dret;

	(void)arg;
	memset(&req.attr, 0, sizeof(req.attr));
	if (copy_name(req.attr.name, sizeof(req.attr.name), name))
		dret = -LTTNG_ERR_INVALID_CHANNEL_NAME;
	else
		dret = client_call(LTTCOMM_CMD_DISABLE_CHANNEL, &req,
				   sizeof(req), NULL, NULL);
	if (dret < 0) {
		err("Channel %s: %s (session %s)", name, error_str(dret),
		    req.session);
		result = CMD_WARNING;
	} else {
		msg("%s channel %s disabled for session %s",
		    domain_name(domain), name, req.session);
	}
	mi_disabled("channel", name, dret >= 0);
	return dret == CLIENT_ERR_NO_SESSIOND;
}

int cmd_disable_channel(int argc, char **argv)
{
	int ret;

	if (parse_target(&spec_disable_channel, argc, argv, &t, &domain, &ret))
		return ret;
	if (optind >= argc) {
		err("Missing channel name(s).");
		return CMD_ERROR;
	}
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	if (check_name_list(argv[optind], "Channel"))
		return CMD_ERROR;
	ret = for_each_channel("disable-channel", &req, t.session, domain,
			       argv[optind], disable_one);
	return ret ? ret : mi_end_result(result);
}
