// SPDX-License-Identifier: GPL-2.0-only
/*
 * enable-channel.c - lttng enable-channel (-k | -u) NAME[,NAME]... [OPTIONS]
 *
 * Creates the channel(s) in the session, or enables them again.  Every
 * value is checked before anything is sent, so a bad option changes
 * nothing.  Sizes that are not powers of two are rounded up, with
 * LTTng's warning.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static struct opt_target t;
static struct lttcomm_channel_attr attr = {
	.overwrite = LTTCOMM_EVENT_LOSS_DEFAULT,
};

static uint64_t next_pow2(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ULL << 63))
		p <<= 1;
	return p;
}

static int opt_event_loss(const struct cmd_option *o, const char *arg)
{
	(void)arg;
	attr.overwrite = (uint32_t)o->intval;
	return 0;
}

/* --buffers-uid, --buffers-pid, --buffers-global: LTTng checks them
 * together, --buffers-pid first, whatever their order. */
static int buffers[LTTCOMM_BUFFER_GLOBAL + 1];

/* --blocking-timeout and --output were given. */
static int blocking_set;
static const char *output;

/* --subbuf-size and --num-subbuf: rounded up to a power of two. */
static int opt_subbuf(const struct cmd_option *o, const char *arg)
{
	int size = !strcmp(o->long_name, "subbuf-size");
	uint64_t v;

	if ((size ? parse_size(arg, &v) : parse_u64(arg, &v)) || v == 0) {
		err("Wrong value in --%s parameter: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (next_pow2(v) != v)
		warn("The %s (%s) is rounded to the next power of 2 (%llu)",
		     size ? "subbuf size" : "number of subbuffers", arg,
		     (unsigned long long)next_pow2(v));
	if (size)
		attr.subbuf_size = next_pow2(v);
	else
		attr.num_subbuf = next_pow2(v);
	return 0;
}

/* --switch-timer, --read-timer, --monitor-timer: a period (utils.c). */
static int opt_timer(const struct cmd_option *o, const char *arg)
{
	uint64_t v;

	if (parse_time_us(arg, &v)) {
		err("Wrong value for --%s parameter: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (o->long_name[0] == 'm') {
		/* as LTTng: 0 disables the monitor timer */
		attr.monitor_timer_us = v ? v : LTTCOMM_TIMER_OFF;
		return 0;
	}
	if (v > UINT32_MAX) {
		err("32-bit overflow in --%s parameter: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (o->long_name[0] == 's')
		attr.switch_timer_us = (uint32_t)v;
	else
		attr.read_timer_us = (uint32_t)v;
	return 0;
}

/* --blocking-timeout: "inf" or a period whose milliseconds fit an int. */
static int opt_blocking(const struct cmd_option *o, const char *arg)
{
	uint64_t v;

	blocking_set = 1;
	if (!strcmp(arg, "inf")) {
		attr.blocking_timeout_us = -1;
		return 0;
	}
	if (parse_time_us(arg, &v)) {
		err("Wrong value for --%s parameter: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (v / 1000 > INT32_MAX) {
		err("32-bit milliseconds overflow in --%s parameter: %s",
		    o->long_name, arg);
		return CMD_ERROR;
	}
	attr.blocking_timeout_us = (int64_t)v;
	return 0;
}

/* -C SIZE (k, M, G suffixes), -W COUNT (32 bits), as LTTng parses them. */
static int opt_tracefile(const struct cmd_option *o, const char *arg)
{
	int size = o->short_name == 'C';

	if (size ? parse_size(arg, &attr.tracefile_size) :
		   parse_u64(arg, &attr.tracefile_count)) {
		err("Wrong value in --%s parameter: %s", o->long_name, arg);
		return CMD_ERROR;
	}
	if (!size && attr.tracefile_count > UINT32_MAX) {
		err("32-bit overflow in --tracefile-count parameter: %s", arg);
		return CMD_ERROR;
	}
	return 0;
}

/* The sub-buffer size the daemon will use (the domain's default when the
 * option is not given). */
static uint64_t subbuf_size(int domain)
{
	if (attr.subbuf_size)
		return attr.subbuf_size;
	if (domain == LTTCOMM_DOMAIN_KERNEL)
		return 1ULL << 20;
	return attr.buffer_type == LTTCOMM_BUFFER_PER_PID ? 16384 : 512ULL << 10;
}

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_CALLBACK_NOARG(0, "discard", opt_event_loss,
			   LTTCOMM_EVENT_LOSS_DISCARD,
			   "Discard new events when the buffers are full\n"
			   "(default)"),
	OPT_CALLBACK_NOARG(0, "overwrite", opt_event_loss,
			   LTTCOMM_EVENT_LOSS_OVERWRITE,
			   "Overwrite the oldest packets instead"),
	OPT_CALLBACK(0, "subbuf-size", "SIZE", opt_subbuf,
		     "Sub-buffer size in bytes (k, M, G suffixes;\n"
		     "rounded up to a power of two)"),
	OPT_CALLBACK(0, "num-subbuf", "COUNT", opt_subbuf,
		     "Number of sub-buffers (power of two)"),
	OPT_CALLBACK(0, "switch-timer", "US", opt_timer,
		     "Switch timer period in microseconds\n"
		     "(timers take us, ms, s, m, h suffixes)"),
	OPT_CALLBACK(0, "read-timer", "US", opt_timer,
		     "Read timer period in microseconds"),
	OPT_CALLBACK(0, "monitor-timer", "US", opt_timer,
		     "Monitor timer period in microseconds"),
	OPT_CALLBACK(0, "blocking-timeout", "US", opt_blocking,
		     "Blocking timeout of user-space writers\n"
		     "(\"inf\": forever; 0: never block)"),
	OPT_STRING(0, "output", &output, "TYPE",
		   "Buffer reading: mmap or splice"),
	OPT_CALLBACK('C', "tracefile-size", "SIZE", opt_tracefile,
		     "Maximum size of each trace file (k, M, G\n"
		     "suffixes; at least a sub-buffer)"),
	OPT_CALLBACK('W', "tracefile-count", "N", opt_tracefile,
		     "Maximum number of trace files per stream\n"
		     "(the oldest are removed; needs -C)"),
	OPT_BOOL(0, "buffers-uid", &buffers[LTTCOMM_BUFFER_PER_UID],
		 "Per-user buffers (user space default)"),
	OPT_BOOL(0, "buffers-pid", &buffers[LTTCOMM_BUFFER_PER_PID],
		 "Per-process buffers (user space)"),
	OPT_BOOL(0, "buffers-global", &buffers[LTTCOMM_BUFFER_GLOBAL],
		 "Global buffers (kernel, the only choice)"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_enable_channel = {
	.name = "enable-channel",
	.summary = "Create or enable a channel",
	.usage =
"Usage: lttng [GENERAL OPTIONS] enable-channel (--kernel | --userspace)\n"
"             [--session=SESSION] [OPTIONS] CHANNEL[,CHANNEL]...\n"
"\n"
"Create the channel(s) CHANNEL in the recording session (default: the\n"
"current session), or enable them again if they exist and are disabled.\n"
"\n",
	.options = options,
};

/* MI: the channel with its attributes as the daemon has them (the
 * request's, with the domain's defaults, when it does not exist). */
static void mi_enabled_channel(const struct lttcomm_channel_req *req,
			       int32_t dret)
{
	struct lttcomm_session_req lreq;
	struct lttcomm_channel_attr *ch = NULL, a = req->attr;
	int32_t n, i;

	if (!mi_active())
		return;
	memset(&lreq, 0, sizeof(lreq));
	strcpy(lreq.session, req->session);
	lreq.domain = req->domain;
	n = client_list(LTTCOMM_CMD_LIST_CHANNELS, &lreq, sizeof(lreq),
			sizeof(*ch), (void **)&ch);
	for (i = 0; i < n; i++)
		if (!strncmp(ch[i].name, req->attr.name, sizeof(ch[i].name)))
			a = ch[i];
	free(ch);
	if (a.overwrite == LTTCOMM_EVENT_LOSS_DEFAULT)
		a.overwrite = LTTCOMM_EVENT_LOSS_DISCARD;
	a.enabled = 1;
	mi_channel(&a, 1);
	mi_bool("success", dret >= 0);
	mi_close();
}

int for_each_channel(const char *command, struct lttcomm_channel_req *req,
		     const char *session, int domain, const char *list,
		     int (*one)(void *req, char *name))
{
	int ret;

	memset(req, 0, sizeof(*req));
	req->domain = domain;
	ret = resolve_session(session, req->session, sizeof(req->session));
	if (ret)
		return ret;
	mi_begin(command);
	mi_open("channels");
	if (for_each_name(list, one, req)) {
		err("%s", error_str(-LTTNG_ERR_NOMEM));
		return CMD_FATAL;
	}
	return 0;
}

/* The attributes for domain, checked as LTTng does (the buffer type,
 * the trace files, --output) into attr.  0 or CMD_ERROR. */
static int check_attr(int domain)
{
	if (domain == LTTCOMM_DOMAIN_KERNEL && blocking_set) {
		err("Retry timeout option not supported for kernel domain (-k)");
		return CMD_ERROR;
	}
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		if (buffers[LTTCOMM_BUFFER_PER_UID] ||
		    buffers[LTTCOMM_BUFFER_PER_PID]) {
			err("Buffer type not supported for domain -k");
			return CMD_ERROR;
		}
		attr.buffer_type = LTTCOMM_BUFFER_GLOBAL;
	} else if (buffers[LTTCOMM_BUFFER_PER_PID]) {
		attr.buffer_type = LTTCOMM_BUFFER_PER_PID;
	} else if (buffers[LTTCOMM_BUFFER_GLOBAL]) {
		err("Buffer type not supported for domain -u");
		return CMD_ERROR;
	} else {
		attr.buffer_type = LTTCOMM_BUFFER_PER_UID;
	}
	if (attr.tracefile_count && !attr.tracefile_size) {
		err("Missing option --tracefile-size. A file count without a size won't do anything.");
		return CMD_ERROR;
	}
	if (attr.tracefile_size && attr.tracefile_size < subbuf_size(domain)) {
		warn("Tracefile size rounded up from (%llu) to subbuffer size (%llu)",
		     (unsigned long long)attr.tracefile_size,
		     (unsigned long long)subbuf_size(domain));
		attr.tracefile_size = subbuf_size(domain);
	}
	/* LTTng compares the prefixes: "mmapx" is mmap. */
	if (output && !strncmp(output, "mmap", 4)) {
		attr.output = LTTCOMM_OUTPUT_MMAP;
	} else if (output && !strncmp(output, "splice", 6)) {
		attr.output = LTTCOMM_OUTPUT_SPLICE;
	} else if (output) {
		err("Unknown output type %s. Possible values are: mmap, splice\n",
		    output);
		return CMD_ERROR;
	}
	return 0;
}

/* The exit code so far of the channels enabled one by one. */
static int result = CMD_SUCCESS;

/* One channel of the list (arg: the request, with the session and
 * domain): result is raised to CMD_WARNING or CMD_ERROR.  1: stop (no
 * daemon). */
static int enable_one(void *arg, char *name)
{
	struct lttcomm_channel_req *req = arg;
	int32_t dret;

	req->attr = attr;
	if (copy_name(req->attr.name, sizeof(req->attr.name), name)) {
		err("Channel %s: %s (session %s)", name,
		    error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME), req->session);
		result = CMD_ERROR;
		return 0;
	}
	/* LTTng refuses buffers larger than the available memory before
	 * asking the daemon (which checks again). */
	if (!lttcomm_buffers_fit(subbuf_size(req->domain),
				 attr.num_subbuf ? attr.num_subbuf : 4)) {
		err("Channel %s: %s (session %s)", name,
		    error_str(-LTTNG_ERR_NOMEM), req->session);
		result = CMD_ERROR;
		return 0;
	}
	dret = client_call(LTTCOMM_CMD_ENABLE_CHANNEL, req, sizeof(*req),
			   NULL, NULL);
	if (dret == -LTTNG_ERR_UST_CHAN_EXIST ||
	    dret == -LTTNG_ERR_KERN_CHAN_EXIST ||
	    dret == -LTTNG_ERR_CHAN_EXIST) {
		warn("Channel %s: %s (session %s)", name, error_str(dret),
		     req->session);
		if (result == CMD_SUCCESS)
			result = CMD_WARNING;
	} else if (dret == -LTTNG_ERR_INVALID_CHANNEL_NAME) {
		err("Invalid channel name: \"%s\". Channel names may not start with '.', and may not contain '/'.",
		    name);
		result = CMD_ERROR;
	} else if (dret < 0) {
		err("Channel %s: %s (session %s)", name, error_str(dret),
		    req->session);
		result = CMD_ERROR;
		if (dret == CLIENT_ERR_NO_SESSIOND)
			return 1;
	} else {
		msg("%s channel %s enabled for session %s",
		    domain_name(req->domain), name, req->session);
	}
	mi_enabled_channel(req, dret);
	return 0;
}

int cmd_enable_channel(int argc, char **argv)
{
	struct lttcomm_channel_req req;
	int ret, domain;

	if (parse_target(&spec_enable_channel, argc, argv, &t, &domain, &ret))
		return ret;
	if (optind >= argc) {
		err("Missing channel name.");
		return CMD_ERROR;
	}
	if (check_extra_args(argc, argv, 1) || check_attr(domain))
		return CMD_ERROR;
	/* every name checked before the first is sent (LTTng: one by one) */
	if (check_name_list(argv[optind], NULL)) {
		err("Channel name is too long (max. %d characters)",
		    LTTCOMM_NAME_MAX - 1);
		return CMD_ERROR;
	}
	ret = for_each_channel("enable-channel", &req, t.session, domain,
			       argv[optind], enable_one);
	return ret ? ret : mi_end_result(result);
}
