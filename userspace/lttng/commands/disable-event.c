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

enum {
	OPT_TRACEPOINT = OPT_CMD_FIRST,
	OPT_SYSCALL,
	OPT_PROBE,
	OPT_FUNCTION,
};

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	TARGET_LONGOPTS,
	{ "channel", required_argument, NULL, 'c' },
	{ "all-events", no_argument, NULL, 'a' },
	{ "all", no_argument, NULL, 'a' },
	{ "tracepoint", no_argument, NULL, OPT_TRACEPOINT },
	{ "syscall", no_argument, NULL, OPT_SYSCALL },
	{ "probe", no_argument, NULL, OPT_PROBE },
	{ "function", no_argument, NULL, OPT_FUNCTION },
	{ NULL, 0, NULL, 0 },
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
"\n"
"Options:\n"
"  -k, --kernel           Kernel domain\n"
"  -u, --userspace        User space domain\n"
"  -s, --session=SESSION  Act on SESSION instead of the current session\n"
"  -c, --channel=CHANNEL  Channel (default: channel0)\n"
"  -a, --all-events       Every event rule of the channel\n"
"      --tracepoint       Only tracepoint rules\n"
"      --syscall          Only system call rules\n"
"      --probe            Only kprobe rules\n"
"      --function         Only function rules\n"
"  -h, --help             Show this help\n"
"      --list-options     List the options of this command\n",
	.shortopts = "hs:kuc:a",
	.longopts = longopts,
};

static const char *type_str(int type)
{
	switch (type) {
	case LTTCOMM_EVENT_TRACEPOINT:
		return "tracepoint";
	case LTTCOMM_EVENT_PROBE:
		return "probe";
	case LTTCOMM_EVENT_FUNCTION:
		return "function";
	case LTTCOMM_EVENT_SYSCALL:
		return "syscall";
	default:
		return "any";
	}
}

int cmd_disable_event(int argc, char **argv)
{
	const char *channel = NULL, *chan;
	struct lttcomm_event_req req;
	struct opt_target t = { 0 };
	int opt, done, ret, domain, all = 0;
	int type = LTTCOMM_EVENT_ALL, ntypes = 0, result = CMD_SUCCESS;
	char *names, *name, *save = NULL;
	int32_t dret;

	opt_begin();
	while ((opt = opt_next(&spec_disable_event, argc, argv)) != -1) {
		switch (opt) {
		case 'c':
			channel = optarg;
			break;
		case 'a':
			all = 1;
			break;
		case OPT_TRACEPOINT:
			type = LTTCOMM_EVENT_TRACEPOINT;
			ntypes++;
			break;
		case OPT_SYSCALL:
			type = LTTCOMM_EVENT_SYSCALL;
			ntypes++;
			break;
		case OPT_PROBE:
			type = LTTCOMM_EVENT_PROBE;
			ntypes++;
			break;
		case OPT_FUNCTION:
			type = LTTCOMM_EVENT_FUNCTION;
			ntypes++;
			break;
		default:
			if (opt_target(&t, opt))
				break;
			ret = opt_common(&spec_disable_event, opt, &done);
			if (done)
				return ret;
		}
	}
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &domain);
	if (ret)
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
	if (channel && strlen(channel) >= LTTCOMM_NAME_MAX) {
		err("%s", error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME));
		return CMD_ERROR;
	}
	if (!all && check_name_list(argv[optind], "Event"))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	ret = resolve_session(t.session, req.session, sizeof(req.session));
	if (ret)
		return ret;
	if (channel)
		strcpy(req.channel, channel);
	chan = channel ? channel : "channel0";
	req.domain = domain;
	names = strdup(all ? "*" : argv[optind]);
	if (!names)
		return CMD_FATAL;
	for (name = strtok_r(names, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		memset(&req.event, 0, sizeof(req.event));
		req.event.type = type;
		if (copy_name(req.event.name, sizeof(req.event.name), name))
			dret = -LTTNG_ERR_EVENT_NOT_FOUND;
		else
			dret = client_call(LTTCOMM_CMD_DISABLE_EVENT, &req,
					   sizeof(req), NULL, NULL);
		if (dret < 0) {
			err("%s of type %s : %s (channel %s, session %s)",
			    name, type_str(type), error_str(dret), chan,
			    req.session);
			result = dret == CLIENT_ERR_NO_SESSIOND ? CMD_ERROR :
				error_exit_code(dret);
			if (dret == CLIENT_ERR_NO_SESSIOND)
				break;
		} else if (all) {
			msg("All %s events of type %s are disabled in channel %s",
			    domain_name(domain), type_str(type), chan);
		} else {
			msg("%s %s of type %s disabled in channel %s for session %s",
			    domain_name(domain), name, type_str(type), chan,
			    req.session);
		}
	}
	free(names);
	return result;
}
