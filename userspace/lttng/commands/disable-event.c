// SPDX-License-Identifier: GPL-2.0-only
/*
 * disable-event.c - lttng disable-event (-k | -u) (NAME[,NAME]... | -a)
 *
 * Disables the recording event rules NAME of CHANNEL (default: channel0)
 * of any type, or only of the type given by --tracepoint/--syscall/
 * --probe/--function.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static struct opt_target t;
static const char *channel;
static int all, type = LTTCOMM_EVENT_ALL, ntypes;

/* --tracepoint, --syscall, --probe, --function */
static int opt_type(const struct cmd_option *o, const char *arg)
{
	(void)arg;
	type = o->intval;
	ntypes++;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_STRING('c', "channel", &channel, "CHANNEL",
		   "Channel (default: channel0)"),
	OPT_BOOL('a', "all-events", &all, "Every event rule of the channel"),
	OPT_ALIAS('a', "all"),
	OPT_CALLBACK_NOARG(0, "tracepoint", opt_type, LTTCOMM_EVENT_TRACEPOINT,
			   "Only tracepoint rules"),
	OPT_CALLBACK_NOARG(0, "syscall", opt_type, LTTCOMM_EVENT_SYSCALL,
			   "Only system call rules"),
	OPT_CALLBACK_NOARG(0, "probe", opt_type, LTTCOMM_EVENT_PROBE,
			   "Only kprobe rules"),
	OPT_CALLBACK_NOARG(0, "function", opt_type, LTTCOMM_EVENT_FUNCTION,
			   "Only function rules"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_disable_event = {
	.name = "disable-event",
	.summary = "Disable recording event rules",
	.usage =
"Usage: lttng [GENERAL OPTIONS] disable-event (--kernel | --userspace)\n"
"             [--session=SESSION] [--channel=CHANNEL]\n"
"             (NAME[,NAME]... | --all-events) [TYPE OPTION]\n"
"\n"
"Disable the recording event rules NAME of CHANNEL (default: channel0).\n"
"\n",
	.options = options,
};

/* The request (session, channel, domain) and the exit code so far of
 * the rules disabled one by one. */
static struct lttcomm_event_req req;
static const char *chan;
static int domain, result = CMD_SUCCESS;

/* One rule of the list: 1 to stop (no daemon). */
static int disable_one(void *arg, char *name)
{
	const char *type_name = event_type_text(type)->name;
	int32_t dret;

	(void)arg;
	memset(&req.event, 0, sizeof(req.event));
	req.event.type = type;
	if (copy_name(req.event.name, sizeof(req.event.name), name))
		dret = -LTTNG_ERR_EVENT_NOT_FOUND;
	else
		dret = client_call(LTTCOMM_CMD_DISABLE_EVENT, &req,
				   sizeof(req), NULL, NULL);
	mi_disabled("event", name, dret >= 0);
	if (dret < 0) {
		err("%s of type %s : %s (channel %s, session %s)",
		    name, type_name, error_str(dret), chan, req.session);
		result = dret == CLIENT_ERR_NO_SESSIOND ? CMD_ERROR :
			 error_exit_code(dret);
		return dret == CLIENT_ERR_NO_SESSIOND;
	}
	if (all)
		msg("All %s events of type %s are disabled in channel %s",
		    domain_name(domain), type_name, chan);
	else
		msg("%s %s of type %s disabled in channel %s for session %s",
		    domain_name(domain), name, type_name, chan, req.session);
	return 0;
}

int cmd_disable_event(int argc, char **argv)
{
	int ret;

	if (parse_target(&spec_disable_event, argc, argv, &t, &domain, &ret))
		return ret;
	if (ntypes > 1) {
		err("Multiple event type not supported.");
		return CMD_ERROR;
	}
	if (domain == LTTCOMM_DOMAIN_UST && ntypes &&
	    type != LTTCOMM_EVENT_TRACEPOINT) {
		err("Event type not available for user-space tracing");
		return CMD_UNSUPPORTED;
	}
	if (!all && optind >= argc) {
		err("Missing event name(s).\n");
		return CMD_ERROR;
	}
	if (optind + 1 < argc || (all && optind < argc)) {
		err("Unknown argument: %s", argv[all ? optind : optind + 1]);
		return CMD_ERROR;
	}
	if (check_channel_opt(channel))
		return CMD_ERROR;
	if (!all && check_name_list(argv[optind], "Event"))
		return CMD_ERROR;
	ret = resolve_session_channel(t.session, channel, domain, req.session,
				      req.channel, &req.domain);
	if (ret)
		return ret;
	chan = channel ? channel : "channel0";
	mi_begin("disable-event");
	mi_open("channel");
	mi_str("name", chan);
	mi_open("events");
	if (for_each_name(all ? "*" : argv[optind], disable_one, NULL))
		return CMD_FATAL;
	return mi_end_result(result);
}
