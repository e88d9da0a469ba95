// SPDX-License-Identifier: GPL-2.0-only
/*
 * enable-event.c - lttng enable-event (-k | -u) (NAME[,NAME]... | -a) [OPTIONS]
 *
 * One ENABLE_EVENT request per name.  Names may be globbing patterns
 * ("sched_*").  The instrumentation type is a tracepoint unless
 * --syscall, --probe or --function says otherwise; the last two take
 * SYMBOL[+OFFSET] or 0xADDRESS.  Filters, log levels and exclusions are
 * checked here before anything is sent.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"
#include "filter/filter.h"

enum {
	OPT_TRACEPOINT = OPT_CMD_FIRST,
	OPT_SYSCALL,
	OPT_PROBE,
	OPT_FUNCTION,
	OPT_FILTER,
	OPT_LOGLEVEL,
	OPT_LOGLEVEL_ONLY,
	OPT_EXCLUDE,
};

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	TARGET_LONGOPTS,
	{ "channel", required_argument, NULL, 'c' },
	{ "all", no_argument, NULL, 'a' },
	{ "tracepoint", no_argument, NULL, OPT_TRACEPOINT },
	{ "syscall", no_argument, NULL, OPT_SYSCALL },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ "function", required_argument, NULL, OPT_FUNCTION },
	{ "filter", required_argument, NULL, 'f' },
	{ "loglevel", required_argument, NULL, OPT_LOGLEVEL },
	{ "loglevel-only", required_argument, NULL, OPT_LOGLEVEL_ONLY },
	{ "exclude", required_argument, NULL, 'x' },
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_enable_event = {
	.name = "enable-event",
	.summary = "Create or enable recording event rules",
	.usage =
"Usage: lttng [GENERAL OPTIONS] enable-event (--kernel | --userspace)\n"
"             [--session=SESSION] [--channel=CHANNEL]\n"
"             (NAME[,NAME]... | --all) [OPTIONS]\n"
"\n"
"Create (or enable again) recording event rules matching the\n"
"instrumentation points NAME (globbing patterns allowed: 'sched_*') in\n"
"CHANNEL (default: channel0, created if needed).\n"
"\n"
"Options:\n"
"  -k, --kernel             Kernel domain\n"
"  -u, --userspace          User space domain\n"
"  -s, --session=SESSION    Act on SESSION instead of the current session\n"
"  -c, --channel=CHANNEL    Channel (default: channel0)\n"
"  -a, --all                Every instrumentation point of the type\n"
"      --tracepoint         Tracepoints (default)\n"
"      --syscall            System calls (kernel)\n"
"      --probe=SOURCE       Kprobe at SOURCE: SYMBOL[+OFFSET] or 0xADDR\n"
"      --function=SOURCE    Entry and return of function SOURCE\n"
"  -f, --filter=EXPR        Record only the events for which EXPR is true\n"
"      --loglevel=LEVEL     User space: LEVEL and more severe\n"
"      --loglevel-only=LEVEL  User space: exactly LEVEL\n"
"  -x, --exclude=NAME[,NAME]...  Exclude these names from a pattern\n"
"  -h, --help               Show this help\n"
"      --list-options       List the options of this command\n",
	.shortopts = "hs:kuc:af:x:",
	.longopts = longopts,
};

struct ee_opts {
	int domain;
	int type;
	int all;
	const char *source;
	const char *filter;
	const char *exclude;
	int loglevel_type;
	int loglevel;
	const char *session;
	const char *channel;
};

/* SYMBOL[+OFFSET] or a 0x... address. */
static int parse_source(const char *src, struct lttcomm_event *ev)
{
	const char *plus;
	uint64_t v;
	size_t n;

	if (!strncmp(src, "0x", 2) || !strncmp(src, "0X", 2)) {
		if (parse_u64(src, &v))
			return -1;
		ev->probe_addr = v;
		return 0;
	}
	plus = strchr(src, '+');
	n = plus ? (size_t)(plus - src) : strlen(src);
	if (!n || n >= sizeof(ev->probe_symbol))
		return -1;
	memcpy(ev->probe_symbol, src, n);
	ev->probe_symbol[n] = '\0';
	if (plus) {
		if (parse_u64(plus + 1, &v))
			return -1;
		ev->probe_offset = v;
	}
	return 0;
}

static int split_exclusions(const char *list, struct lttcomm_event *ev)
{
	char *copy = strdup(list), *p, *save = NULL;
	int ret = 0;

	if (!copy)
		return -1;
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (ev->nr_exclusions >= LTTCOMM_EXCLUSION_MAX) {
			err("Too many exclusions (at most %d)",
			    LTTCOMM_EXCLUSION_MAX);
			ret = -1;
			break;
		}
		if (copy_name(ev->exclusions[ev->nr_exclusions],
			      LTTCOMM_NAME_MAX, p)) {
			err("Exclusion name too long: %s", p);
			ret = -1;
			break;
		}
		ev->nr_exclusions++;
	}
	free(copy);
	return ret;
}

static const char *type_word(int type)
{
	switch (type) {
	case LTTCOMM_EVENT_SYSCALL:
		return "system calls";
	case LTTCOMM_EVENT_TRACEPOINT:
		return "tracepoints";
	default:
		return "events";
	}
}

static int enable_one(const struct ee_opts *o, const char *name)
{
	struct lttcomm_event_req req;
	struct lttcomm_event *ev = &req.event;
	const char *chan;
	int32_t dret;
	size_t i;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, o->session);
	if (o->channel)
		strcpy(req.channel, o->channel);
	chan = o->channel ? o->channel : "channel0";
	req.domain = o->domain;
	if (copy_name(ev->name, sizeof(ev->name), name)) {
		err("Event %s: %s", name, "Invalid event name");
		return CMD_ERROR;
	}
	ev->type = o->type;
	ev->loglevel_type = o->loglevel_type;
	ev->loglevel = o->loglevel;
	if (o->filter)
		strcpy(ev->filter, o->filter);
	if (o->source && parse_source(o->source, ev)) {
		err("Invalid probe source: %s (expected SYMBOL[+OFFSET] or 0xADDRESS)",
		    o->source);
		return CMD_ERROR;
	}
	if (o->exclude) {
		size_t n = strlen(name);

		if (!n || name[n - 1] != '*') {
			err("Event %s: Exclusions can only be used with a globbing pattern",
			    name);
			return CMD_ERROR;
		}
		if (split_exclusions(o->exclude, ev))
			return CMD_ERROR;
	}
	dret = client_call(LTTCOMM_CMD_ENABLE_EVENT, &req, sizeof(req), NULL,
			   NULL);
	if (dret == -LTTNG_ERR_KERN_EVENT_EXIST) {
		warn("Kernel event %s already enabled (channel %s, session %s)",
		     name, chan, o->session);
		return CMD_WARNING;
	}
	if (dret < 0) {
		err("Event %s: %s (channel %s, session %s)",
		    o->all ? "*" : name, error_str(dret),
		    o->channel ? o->channel : "<default>", o->session);
		return dret == CLIENT_ERR_NO_SESSIOND ? CMD_ERROR :
			error_exit_code(dret);
	}
	if (o->all) {
		msg("All %s %s are enabled in channel %s",
		    domain_name(o->domain), type_word(o->type), chan);
	} else if (o->type == LTTCOMM_EVENT_SYSCALL) {
		msg("%s syscall %s enabled in channel %s",
		    domain_name(o->domain), name, chan);
	} else if (ev->nr_exclusions) {
		char line[LTTCOMM_EXCLUSION_MAX * (LTTCOMM_NAME_MAX + 4)];
		size_t off = 0;

		line[0] = '\0';
		for (i = 0; i < ev->nr_exclusions; i++)
			off += snprintf(line + off, sizeof(line) - off,
					"%s\"%s\"", i ? ", " : "",
					ev->exclusions[i]);
		msg("%s event %s excluding %s created in channel %s",
		    domain_name(o->domain), name, line, chan);
	} else if (!o->filter) {
		msg("%s event %s created in channel %s",
		    domain_name(o->domain), name, chan);
	}
	if (o->filter) {
		if (o->all)
			msg("Filter '%s' successfully set", o->filter);
		else
			msg("Event %s: Filter '%s' successfully set", name,
			    o->filter);
	}
	return CMD_SUCCESS;
}

int cmd_enable_event(int argc, char **argv)
{
	struct ee_opts o = { .type = LTTCOMM_EVENT_TRACEPOINT };
	char session[LTTCOMM_NAME_MAX];
	const char *loglevel = NULL;
	struct opt_target t = { 0 };
	int opt, done, ret, ntypes = 0;
	int result = CMD_SUCCESS;
	char *names, *name, *save = NULL;

	opt_begin();
	while ((opt = opt_next(&spec_enable_event, argc, argv)) != -1) {
		switch (opt) {
		case 'c':
			o.channel = optarg;
			break;
		case 'a':
			o.all = 1;
			break;
		case OPT_TRACEPOINT:
			o.type = LTTCOMM_EVENT_TRACEPOINT;
			ntypes++;
			break;
		case OPT_SYSCALL:
			o.type = LTTCOMM_EVENT_SYSCALL;
			ntypes++;
			break;
		case OPT_PROBE:
			o.type = LTTCOMM_EVENT_PROBE;
			o.source = optarg;
			ntypes++;
			break;
		case OPT_FUNCTION:
			o.type = LTTCOMM_EVENT_FUNCTION;
			o.source = optarg;
			ntypes++;
			break;
		case 'f':
			o.filter = optarg;
			break;
		case OPT_LOGLEVEL:
			o.loglevel_type = LTTCOMM_LOGLEVEL_RANGE;
			loglevel = optarg;
			break;
		case OPT_LOGLEVEL_ONLY:
			o.loglevel_type = LTTCOMM_LOGLEVEL_SINGLE;
			loglevel = optarg;
			break;
		case 'x':
			o.exclude = optarg;
			break;
		default:
			if (opt_target(&t, opt))
				break;
			ret = opt_common(&spec_enable_event, opt, &done);
			if (done)
				return ret;
		}
	}
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &o.domain);
	if (ret)
		return ret;
	if (ntypes > 1) {
		err("Multiple event type not supported.");
		return CMD_ERROR;
	}
	if (o.domain == LTTCOMM_DOMAIN_UST && o.type != LTTCOMM_EVENT_TRACEPOINT) {
		err("Event type not available for user-space tracing");
		return CMD_UNSUPPORTED;
	}
	if (o.all && ntypes == 0)
		o.type = LTTCOMM_EVENT_ALL;
	if (o.all && o.source) {
		err("--probe and --function cannot be used with --all");
		return CMD_ERROR;
	}
	if (!o.all && optind >= argc) {
		err("Missing event name(s).");
		return CMD_ERROR;
	}
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	if (o.all && optind < argc) {
		err("Can't use --all with event names");
		return CMD_ERROR;
	}
	if (loglevel) {
		if (o.domain == LTTCOMM_DOMAIN_KERNEL) {
			err("Log levels are only supported by the user space domain");
			return CMD_UNSUPPORTED;
		}
		o.loglevel = parse_loglevel(o.domain, loglevel);
		if (o.loglevel < 0) {
			err("Unknown loglevel %s", loglevel);
			return error_exit_code(-LTTNG_ERR_INVALID);
		}
	}
	if (o.exclude && o.domain != LTTCOMM_DOMAIN_UST) {
		err("Event name exclusions are only supported by the user space domain");
		return CMD_UNSUPPORTED;
	}
	if (o.filter && strlen(o.filter) >= LTTCOMM_FILTER_MAX) {
		err("Filter expression too long (at most %d bytes)",
		    LTTCOMM_FILTER_MAX - 1);
		return CMD_ERROR;
	}
	if (o.filter && !o.filter[0]) {
		err("Empty filter expression");
		return CMD_ERROR;
	}
	if (o.filter) {
		char msg[256];

		/* syntax and types, before anything is sent */
		if (lttng_filter_check(o.filter, msg, sizeof(msg))) {
			err("%s", msg);
			return error_exit_code(-LTTNG_ERR_FILTER_INVAL);
		}
	}
	if (o.channel && strlen(o.channel) >= LTTCOMM_NAME_MAX) {
		err("%s", error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME));
		return CMD_ERROR;
	}
	if (!o.all && check_name_list(argv[optind], "Event"))
		return CMD_ERROR;
	if (!o.all && o.exclude) {
		/* every name must be a pattern: check them all first */
		const char *p = argv[optind], *end;

		do {
			end = strchr(p, ',');
			if ((end ? end == p : !*p) || (end ? end[-1] : p[strlen(p) - 1]) != '*') {
				err("Event %.*s: Exclusions can only be used with a globbing pattern",
				    end ? (int)(end - p) : (int)strlen(p), p);
				return CMD_ERROR;
			}
			p = end + 1;
		} while (end);
	}
	ret = resolve_session(t.session, session, sizeof(session));
	if (ret)
		return ret;
	o.session = session;
	if (o.all)
		return enable_one(&o, "*");
	names = strdup(argv[optind]);
	if (!names)
		return CMD_FATAL;
	for (name = strtok_r(names, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		ret = enable_one(&o, name);
		if (ret != CMD_SUCCESS)
			result = ret;
	}
	free(names);
	return result;
}
