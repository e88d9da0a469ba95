// SPDX-License-Identifier: GPL-2.0-only
/*
 * enable-event.c - lttng enable-event (-k | -u) (NAME[,NAME]... | -a) [OPTIONS]
 *
 * One ENABLE_EVENT request per name.  Names may be globbing patterns
 * ("sched_*").  The instrumentation type is a tracepoint unless
 * --syscall, --probe, --function or --userspace-probe says otherwise;
 * --probe and --function take SYMBOL[+OFFSET] or 0xADDRESS,
 * --userspace-probe a location in a binary.  Filters, log levels and exclusions are
 * checked here before anything is sent.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lttng.h"
#include "filter/filter.h"

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

static struct opt_target t;
static struct ee_opts ee = { .type = LTTCOMM_EVENT_TRACEPOINT };
static const char *loglevel;
static int ntypes;

/* --tracepoint, --syscall, --probe=SOURCE, --function=SOURCE */
static int opt_type(const struct cmd_option *o, const char *arg)
{
	ee.type = o->intval;
	if (arg)
		ee.source = arg;
	ntypes++;
	return 0;
}

static int opt_loglevel(const struct cmd_option *o, const char *arg)
{
	ee.loglevel_type = o->intval;
	loglevel = arg;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_STRING('c', "channel", &ee.channel, "CHANNEL",
		   "Channel (default: channel0)"),
	OPT_BOOL('a', "all", &ee.all, "Every instrumentation point of the type"),
	OPT_CALLBACK_NOARG(0, "tracepoint", opt_type, LTTCOMM_EVENT_TRACEPOINT,
			   "Tracepoints (default)"),
	OPT_CALLBACK_NOARG(0, "syscall", opt_type, LTTCOMM_EVENT_SYSCALL,
			   "System calls (kernel)"),
	OPT_CALLBACK_INT(0, "probe", "SOURCE", opt_type, LTTCOMM_EVENT_PROBE,
			 "Kprobe at SOURCE: SYMBOL[+OFFSET] or 0xADDR"),
	OPT_CALLBACK_INT(0, "function", "SOURCE", opt_type,
			 LTTCOMM_EVENT_FUNCTION,
			 "Entry and return of function SOURCE"),
	OPT_CALLBACK_INT(0, "userspace-probe", "LOCATION", opt_type,
			 LTTCOMM_EVENT_USERSPACE_PROBE,
			 "Uprobe: [elf:]PATH:SYMBOL (a function's entry) or\n"
			 "sdt:PATH:PROVIDER:NAME (an SDT probe); a PATH\n"
			 "without '/' is looked up in $PATH"),
	OPT_STRING('f', "filter", &ee.filter, "EXPR",
		   "Record only the events for which EXPR is true"),
	OPT_CALLBACK_INT(0, "loglevel", "LEVEL", opt_loglevel,
			 LTTCOMM_LOGLEVEL_RANGE,
			 "User space: LEVEL and more severe"),
	OPT_CALLBACK_INT(0, "loglevel-only", "LEVEL", opt_loglevel,
			 LTTCOMM_LOGLEVEL_SINGLE, "User space: exactly LEVEL"),
	OPT_STRING('x', "exclude", &ee.exclude, "NAME[,NAME]...",
		   "Exclude these names from a pattern"),
	OPT_COMMON(),
	OPT_END(),
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
"\n",
	.options = options,
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

/* The binary of a uprobe: PATH made absolute, or found in $PATH. */
static int uprobe_binary(const char *path, char *out)
{
	const char *env = getenv("PATH"), *p, *end;
	char cand[PATH_MAX];
	struct stat st;
	size_t n;

	if (strchr(path, '/'))
		return realpath(path, out) ? 0 : -1;
	for (p = env ? env : ""; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n && snprintf(cand, sizeof(cand), "%.*s/%s", (int)n, p,
				  path) < (int)sizeof(cand) &&
		    !stat(cand, &st) && S_ISREG(st.st_mode) &&
		    realpath(cand, out))
			return 0;
	}
	return -1;
}

/*
 * --userspace-probe=[elf:]PATH:SYMBOL or sdt:PATH:PROVIDER:NAME, sent as
 * elf:/ABSOLUTE/PATH:SYMBOL or sdt:/ABSOLUTE/PATH:PROVIDER:NAME.
 */
static int parse_uprobe_location(const char *src, struct lttcomm_event *ev)
{
	const char *kind = "elf", *rest = src, *colon, *p;
	char path[PATH_MAX], abs[PATH_MAX];
	int sdt = 0;

	if (!strncmp(src, "sdt:", 4)) {
		kind = "sdt";
		rest = src + 4;
		sdt = 1;
	} else if (!strncmp(src, "elf:", 4)) {
		rest = src + 4;
	}
	colon = strchr(rest, ':');
	if (!colon || colon == rest || (size_t)(colon - rest) >= sizeof(path))
		return -1;
	memcpy(path, rest, (size_t)(colon - rest));
	path[colon - rest] = '\0';
	/* SYMBOL, or PROVIDER:NAME: non-empty parts, no more ':' */
	p = colon + 1;
	if (!*p || p[strcspn(p, ":")] != (sdt ? ':' : '\0'))
		return -1;
	if (sdt && (p[0] == ':' || !p[strcspn(p, ":") + 1] ||
		    strchr(p + strcspn(p, ":") + 1, ':')))
		return -1;
	if (uprobe_binary(path, abs))
		return -1;
	if (snprintf(ev->probe_symbol, sizeof(ev->probe_symbol), "%s:%s:%s",
		     kind, abs, p) >= (int)sizeof(ev->probe_symbol))
		return -1;
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

/* The unescaped stars of s: how many, and whether the last one ends s. */
static int count_stars(const char *s, int *last_at_end)
{
	int n = 0;

	*last_at_end = 0;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == '*') {
			n++;
			*last_at_end = !s[1];
		}
	}
	return n;
}

/*
 * LTTng's check of an exclusion against a "prefix*" rule: -1 (with its
 * error) when the exclusion covers every name the rule matches, 0
 * otherwise, with a warning when it can match none of them.  Only
 * checked, as in LTTng, when both have at most a star at their end.
 */
static int check_exclusion(const char *name, const char *excl)
{
	const char *e = name, *x = excl;
	int at_end;

	if (count_stars(name, &at_end) != 1 || !at_end ||
	    count_stars(excl, &at_end) > 1 ||
	    (count_stars(excl, &at_end) == 1 && !at_end))
		return 0;
	for (;; e++, x++) {
		if (*e == '\\') {
			/* an escaped character of the rule: the same
			 * escape in the exclusion */
			if (*x != '\\')
				break;
			e++;
			x++;
		} else if (*x == '*') {
			err("Event %s: %s excludes all events from %s", name,
			    excl, name);
			return -1;
		} else if (*e == '*') {
			return 0;	/* a subset of the rule's names */
		}
		if (*x != *e)
			break;
	}
	warn("Event %s: %s does not exclude any events from %s", name, excl,
	     name);
	return 0;
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
	if (o->channel && copy_name(req.channel, sizeof(req.channel),
				    o->channel)) {
		/* LTTng's daemon refuses it, for each event */
		err("Event %s: %s (channel %s, session %s)", name,
		    error_str(-LTTNG_ERR_INVALID), o->channel, o->session);
		return error_exit_code(-LTTNG_ERR_INVALID);
	}
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
	if (o->type == LTTCOMM_EVENT_USERSPACE_PROBE) {
		if (parse_uprobe_location(o->source, ev)) {
			err("Invalid userspace probe location: %s (expected [elf:]PATH:SYMBOL or sdt:PATH:PROVIDER:NAME)",
			    o->source);
			return CMD_ERROR;
		}
	} else if (o->source && parse_source(o->source, ev)) {
		err("Invalid probe source: %s (expected SYMBOL[+OFFSET] or 0xADDRESS)",
		    o->source);
		return CMD_ERROR;
	}
	if (o->exclude) {
		if (!lttcomm_glob_ends_with_star(name, strlen(name))) {
			err("Event %s: Exclusions can only be used with a globbing pattern",
			    name);
			return CMD_ERROR;
		}
		if (split_exclusions(o->exclude, ev))
			return CMD_ERROR;
		for (i = 0; i < ev->nr_exclusions; i++)
			if (check_exclusion(name, ev->exclusions[i]))
				return CMD_ERROR;
	}
	dret = client_call(LTTCOMM_CMD_ENABLE_EVENT, &req, sizeof(req), NULL,
			   NULL);
	ev->enabled = dret >= 0;
	mi_event(o->domain, ev, 0, 1);
	mi_bool("success", dret >= 0);
	mi_close();
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
		    domain_name(o->domain), event_type_text(o->type)->plural, chan);
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

/* The type, the names and the log level: 0 or the exit code. */
static int check_args(int argc, char **argv)
{
	if (ntypes > 1) {
		err("Multiple event type not supported.");
		return CMD_ERROR;
	}
	if (ee.domain == LTTCOMM_DOMAIN_UST &&
	    ee.type != LTTCOMM_EVENT_TRACEPOINT) {
		err("Event type not available for user-space tracing");
		return CMD_UNSUPPORTED;
	}
	if (ee.all && ntypes == 0)
		ee.type = LTTCOMM_EVENT_ALL;
	if (ee.all && ee.source) {
		err("--probe, --function and --userspace-probe cannot be used with --all");
		return CMD_ERROR;
	}
	if (!ee.all && optind >= argc) {
		err("Missing event name(s).");
		return CMD_ERROR;
	}
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	if (loglevel) {
		if (ee.domain == LTTCOMM_DOMAIN_KERNEL) {
			err("Log levels are only supported by the user space domain");
			return CMD_UNSUPPORTED;
		}
		ee.loglevel = parse_loglevel(ee.domain, loglevel);
		if (ee.loglevel < 0) {
			err("Unknown loglevel %s", loglevel);
			return error_exit_code(-LTTNG_ERR_INVALID);
		}
	}
	return 0;
}

/* --filter: syntax and types, before anything is sent. */
static int check_filter(void)
{
	char msg[256];

	if (strlen(ee.filter) >= LTTCOMM_FILTER_MAX) {
		err("Filter expression too long (at most %d bytes)",
		    LTTCOMM_FILTER_MAX - 1);
		return CMD_ERROR;
	}
	if (!ee.filter[0]) {
		err("Empty filter expression");
		return error_exit_code(-LTTNG_ERR_INVALID);	/* LTTng's */
	}
	if (ee.domain == LTTCOMM_DOMAIN_KERNEL ?
	    lttng_filter_check(ee.filter, msg, sizeof(msg)) :
	    lttng_filter_compile_user(ee.filter, NULL, msg, sizeof(msg))) {
		err("%s", msg);
		return error_exit_code(-LTTNG_ERR_FILTER_INVAL);
	}
	return 0;
}

/* --exclude: every name must be a pattern; check them all first. */
static int check_patterns(const char *names)
{
	const char *p = names, *end;

	do {
		end = strchr(p, ',');
		if (!lttcomm_glob_ends_with_star(p, end ? (size_t)(end - p) :
							    strlen(p))) {
			err("Event %.*s: Exclusions can only be used with a globbing pattern",
			    end ? (int)(end - p) : (int)strlen(p), p);
			return CMD_ERROR;
		}
		p = end + 1;
	} while (end);
	return 0;
}

/* The exit code so far of the rules enabled one by one: the last
 * failure's. */
static int result = CMD_SUCCESS;

static int enable_listed(void *arg, char *name)
{
	int ret = enable_one(&ee, name);

	(void)arg;
	if (ret != CMD_SUCCESS)
		result = ret;
	return 0;
}

int cmd_enable_event(int argc, char **argv)
{
	char session[LTTCOMM_NAME_MAX];
	int ret;

	if (parse_target(&spec_enable_event, argc, argv, &t, &ee.domain, &ret))
		return ret;
	ret = check_args(argc, argv);
	if (ret)
		return ret;
	if (ee.exclude && ee.domain != LTTCOMM_DOMAIN_UST) {
		err("Event name exclusions are only supported by the user space domain");
		return CMD_UNSUPPORTED;
	}
	if (ee.filter && (ret = check_filter()))
		return ret;
	if (!ee.all && check_name_list(argv[optind], "Event"))
		return CMD_ERROR;
	if (!ee.all && ee.exclude && check_patterns(argv[optind]))
		return CMD_ERROR;
	ret = resolve_session(t.session, session, sizeof(session));
	if (ret)
		return ret;
	ee.session = session;
	mi_begin("enable-event");
	mi_open("events");
	if (ee.all) {
		return mi_end_result(enable_one(&ee, "*"));
	}
	if (for_each_name(argv[optind], enable_listed, NULL))
		return CMD_FATAL;
	return mi_end_result(result);
}
