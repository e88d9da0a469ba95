// SPDX-License-Identifier: GPL-2.0-only
/*
 * list.c - lttng list [SESSION [-k|-u] [-c CHANNEL]] | -k [--syscall] | -u
 *
 * Without arguments: every session of the daemon, newest first.  With a
 * session: its domains, trackers, channels (attributes, statistics) and
 * event rules, in LTTng 2.13's layout (also what `lttng status` prints).
 * With -k/-u and no session: the instrumentation points of the domain.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

static struct opt_target target;	/* -k, -u */
static const char *channel;
static int syscalls, fields, domains;
static int agents;	/* -j, -l, -p: bits of AGENT_* */

/* The agent domains (Java, log4j, Python): LTTng lists their loggers;
 * this tracer has no agents, so their lists are empty. */
static const struct {
	int bit;
	const char *name;	/* LTTng's text */
	const char *mi_type;
} agent_domains[] = {
	{ 1, "jul", "JUL" },
	{ 2, "log4j", "LOG4J" },
	{ 4, "python", "PYTHON" },
};

static int opt_agent(const struct cmd_option *o, const char *arg)
{
	(void)arg;
	agents |= o->intval;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_KERNEL(&target),
	OPT_USERSPACE(&target),
	OPT_STRING('c', "channel", &channel, "NAME",
		   "Only show channel NAME of SESSION"),
	OPT_BOOL(0, "syscall", &syscalls,
		 "With --kernel: list the system calls"),
	OPT_BOOL('f', "fields", &fields,
		 "With --userspace: list the fields of the events"),
	OPT_BOOL('d', "domain", &domains,
		 "With SESSION: list its tracing domains"),
	OPT_CALLBACK_NOARG('j', "jul", opt_agent, 1,
			   "java.util.logging domain (no agents here: empty)"),
	OPT_CALLBACK_NOARG('l', "log4j", opt_agent, 2,
			   "Apache log4j domain (no agents here: empty)"),
	OPT_CALLBACK_NOARG('p', "python", opt_agent, 4,
			   "Python logging domain (no agents here: empty)"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_list = {
	.name = "list",
	.summary = "List recording sessions and instrumentation points",
	.usage =
"Usage: lttng [GENERAL OPTIONS] list [SESSION [--kernel | --userspace]\n"
"                                           [--channel=CHANNEL]]\n"
"       lttng [GENERAL OPTIONS] list --kernel [--syscall]\n"
"       lttng [GENERAL OPTIONS] list --userspace\n"
"\n"
"Without arguments, list the recording sessions, newest first. With\n"
"SESSION, show its channels (attributes, statistics) and recording\n"
"event rules. With --kernel or --userspace alone, list the available\n"
"tracepoints (or system calls with --syscall) of that domain.\n"
"\n",
	.options = options,
};

/* --- all sessions ----------------------------------------------------- */

static int cmp_newest_first(const void *a, const void *b)
{
	const struct lttcomm_session_info *x = *(struct lttcomm_session_info *const *)a;
	const struct lttcomm_session_info *y = *(struct lttcomm_session_info *const *)b;

	if (x->creation_time != y->creation_time)
		return x->creation_time < y->creation_time ? 1 : -1;
	/* same second: keep the daemon's order (it lists newest first) */
	return x < y ? -1 : (x > y ? 1 : 0);
}

static int list_sessions(void)
{
	struct lttcomm_session_info *s, **sorted;
	int32_t n, i;

	n = list_all_sessions(&s);
	if (n < 0)
		return CMD_ERROR;
	if (n == 0) {
		msg("Currently no available recording session");
		free(s);
		return CMD_SUCCESS;
	}
	sorted = calloc(n, sizeof(*sorted));
	if (!sorted) {
		free(s);
		err("%s", error_str(-LTTNG_ERR_NOMEM));
		return CMD_ERROR;
	}
	for (i = 0; i < n; i++) {
		s[i].output[sizeof(s[i].output) - 1] = '\0';
		sorted[i] = &s[i];
	}
	qsort(sorted, n, sizeof(*sorted), cmp_newest_first);
	mi_open("sessions");
	for (i = 0; i < n; i++)
		mi_session(sorted[i], 0);
	msg("Available recording sessions:");
	for (i = 0; i < n; i++) {
		msg("  %d) %s [%s%s]", i + 1, sorted[i]->name,
		    sorted[i]->active ? "active" : "inactive",
		    sorted[i]->snapshot ? " snapshot" : "");
		if (sorted[i]->output[0])
			msg("    Trace output: %s", sorted[i]->output);
		if (sorted[i]->live_timer_us)
			msg("    Live timer interval: %u us",
			    sorted[i]->live_timer_us);
		msg_nl();
	}
	msg_nl();
	msg("Use lttng list <session_name> for more details");
	free(sorted);
	free(s);
	return CMD_SUCCESS;
}

/* --- one session ------------------------------------------------------ */

static const struct {
	int type;
	const char *kernel_label;	/* NULL: not shown for the kernel */
	const char *label;
} trackers[] = {
	{ LTTCOMM_TRACKER_PID, "Process IDs:          ", NULL },
	{ LTTCOMM_TRACKER_VPID, "Virtual process IDs:  ", "Virtual process IDs:  " },
	{ LTTCOMM_TRACKER_UID, "User IDs:             ", NULL },
	{ LTTCOMM_TRACKER_VUID, "Virtual user IDs:     ", "Virtual user IDs:     " },
	{ LTTCOMM_TRACKER_GID, "Group IDs:            ", NULL },
	{ LTTCOMM_TRACKER_VGID, "Virtual group IDs:    ", "Virtual group IDs:    " },
};

/*
 * LIST_TRACKER replies with lttcomm_tracker_id records: one with all = 1
 * when every value is tracked, one per tracked id otherwise; none when
 * nothing is tracked.
 */
static void print_tracker(const char *session, int domain, int type,
			  const char *label)
{
	struct lttcomm_tracker_req req;
	struct lttcomm_tracker_id *r = NULL;
	char line[1024];
	size_t o = 0;
	int32_t n, i;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, session);
	req.domain = domain;
	req.type = type;
	n = client_list(LTTCOMM_CMD_LIST_TRACKER, &req, sizeof(req),
			sizeof(*r), (void **)&r);
	if (n < 0) {
		free(r);
		return;
	}
	line[0] = '\0';
	for (i = 0; i < n; i++) {
		if (r[i].all) {
			snprintf(line, sizeof(line), "all");
			break;
		}
		o += snprintf(line + o, o < sizeof(line) ? sizeof(line) - o : 0,
			      "%s%d", i ? ", " : "", r[i].id);
		if (o >= sizeof(line))
			break;
	}
	msg("  %s%s", label, n == 0 ? "none" : line);
	/* MI: the trackers that do not track everything, with their values */
	if (n > 0 && r[0].all) {
		free(r);
		return;
	}
	mi_tracker_open(type);
	for (i = 0; i < n; i++)
		mi_tracker_value(type, 0, r[i].id, MI_NO_SUCCESS);
	mi_close();
	mi_close();
	free(r);
}

static void print_event(int domain, const struct lttcomm_event *ev)
{
	char level[128] = "", filter[LTTCOMM_FILTER_MAX + 16] = "";
	char excl[LTTCOMM_EXCLUSION_MAX * (LTTCOMM_NAME_MAX + 2) + 32] = "";
	/* the daemon keeps no rule of type ALL (it enables its types) */
	const char *name = ev->name, *type = event_type_text(ev->type)->name;
	uint32_t i;

	if (!strcmp(name, "*") || !name[0])
		name = "*";
	if (ev->loglevel_type == LTTCOMM_LOGLEVEL_RANGE)
		snprintf(level, sizeof(level), " (loglevel <= %s (%d))",
			 loglevel_name(domain, ev->loglevel), ev->loglevel);
	else if (ev->loglevel_type == LTTCOMM_LOGLEVEL_SINGLE)
		snprintf(level, sizeof(level), " (loglevel == %s (%d))",
			 loglevel_name(domain, ev->loglevel), ev->loglevel);
	if (ev->filter[0])
		snprintf(filter, sizeof(filter), " [filter: '%s']", ev->filter);
	if (ev->nr_exclusions) {
		size_t o = snprintf(excl, sizeof(excl), " [exclusions: ");

		for (i = 0; i < ev->nr_exclusions && i < LTTCOMM_EXCLUSION_MAX;
		     i++)
			o += snprintf(excl + o, sizeof(excl) - o, "%s%.*s",
				      i ? ", " : "", LTTCOMM_NAME_MAX - 1,
				      ev->exclusions[i]);
		snprintf(excl + o, sizeof(excl) - o, "]");
	}
	msg("      %s%s (type: %s) [%s]%s%s", name, level, type,
	    ev->enabled ? "enabled" : "disabled", excl, filter);
	if (ev->type == LTTCOMM_EVENT_PROBE || ev->type == LTTCOMM_EVENT_FUNCTION) {
		if (ev->probe_symbol[0]) {
			msg("        Symbol: %s", ev->probe_symbol);
			if (ev->type == LTTCOMM_EVENT_PROBE)
				msg("        Offset: 0x%" PRIx64, ev->probe_offset);
		} else {
			msg("        Address: 0x%" PRIx64, ev->probe_addr);
		}
	}
}

static void print_events(const char *session, int domain, const char *channel)
{
	struct lttcomm_event_req req;
	struct lttcomm_event *ev = NULL;
	int32_t n, i;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, session);
	strcpy(req.channel, channel);
	req.domain = domain;
	msg("    Recording event rules:");
	n = client_list(LTTCOMM_CMD_LIST_EVENTS, &req, sizeof(req),
			sizeof(*ev), (void **)&ev);
	mi_open("events");
	if (n <= 0)
		msg("      None");
	for (i = 0; i < n; i++) {
		ev[i].name[sizeof(ev[i].name) - 1] = '\0';
		ev[i].probe_symbol[sizeof(ev[i].probe_symbol) - 1] = '\0';
		ev[i].filter[sizeof(ev[i].filter) - 1] = '\0';
		print_event(domain, &ev[i]);
		mi_event(domain, &ev[i], 1, 0);
	}
	mi_close();
	msg_nl();
	free(ev);
}

static void print_channel(const char *session, int domain, int snapshot,
			  struct lttcomm_channel_attr *ch)
{
	ch->name[sizeof(ch->name) - 1] = '\0';
	msg("- %s: [%s]", ch->name, ch->enabled ? "enabled" : "disabled");
	msg_nl();
	msg("    Attributes:");
	msg("      Event-loss mode:  %s",
	    ch->overwrite == LTTCOMM_EVENT_LOSS_OVERWRITE ? "overwrite" :
							    "discard");
	msg("      Sub-buffer size:  %" PRIu64 " bytes", ch->subbuf_size);
	msg("      Sub-buffer count: %" PRIu64, ch->num_subbuf);
	if (ch->switch_timer_us)
		msg("      Switch timer:     %u us", ch->switch_timer_us);
	else
		msg("      Switch timer:     inactive");
	if (ch->read_timer_us)
		msg("      Read timer:       %u us", ch->read_timer_us);
	else
		msg("      Read timer:       inactive");
	/* as LTTng, in every domain (its kernel default: 1 s) */
	if (ch->monitor_timer_us)
		msg("      Monitor timer:    %" PRIu64 " us",
		    ch->monitor_timer_us);
	else
		msg("      Monitor timer:    inactive");
	if (ch->overwrite == LTTCOMM_EVENT_LOSS_OVERWRITE)
		;	/* LTTng shows no blocking timeout then */
	else if (ch->blocking_timeout_us == -1)
		msg("      Blocking timeout: infinite");
	else
		msg("      Blocking timeout: %" PRId64 " us",
		    ch->blocking_timeout_us);
	msg("      Trace file count: %" PRIu64 " per stream",
	    ch->tracefile_count ? ch->tracefile_count : 1);
	if (ch->tracefile_size)
		msg("      Trace file size:  %" PRIu64 " bytes",
		    ch->tracefile_size);
	else
		msg("      Trace file size:  unlimited");
	msg("      Output mode:      %s",
	    ch->output == LTTCOMM_OUTPUT_SPLICE ? "splice" : "mmap");
	msg_nl();
	msg("    Statistics:");
	/* LTTng: a snapshot session's counts would mislead */
	if (snapshot)
		msg("      None");
	else if (ch->overwrite == LTTCOMM_EVENT_LOSS_OVERWRITE)
		msg("      Lost packets:     %" PRIu64, ch->lost_packets);
	else
		msg("      Discarded events: %" PRIu64, ch->discarded);
	/* ours: packets the consumer could not write (disk full...) */
	if (ch->unwritten)
		msg("      Packets not written: %" PRIu32, ch->unwritten);
	msg_nl();
	print_events(session, domain, ch->name);
}

/* MI: opens <domain> with its type and buffering scheme. */
static void mi_domain(int domain, int per_pid)
{
	mi_open("domain");
	mi_str("type", domain == LTTCOMM_DOMAIN_KERNEL ? "KERNEL" : "UST");
	mi_str("buffer_type", domain == LTTCOMM_DOMAIN_KERNEL ? "GLOBAL" :
			      per_pid ? "PER_PID" : "PER_UID");
}

static int channel_not_found(const char *channel)
{
	err("Channel %s not found", channel);
	return CMD_ERROR;
}

static int print_domain(const struct lttcomm_session_info *info, int domain,
			const char *channel)
{
	struct lttcomm_session_req req;
	struct lttcomm_channel_attr *ch = NULL;
	int32_t n, i;
	int found = 0;
	size_t t;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, info->name);
	req.domain = domain;
	n = client_list(LTTCOMM_CMD_LIST_CHANNELS, &req, sizeof(req),
			sizeof(*ch), (void **)&ch);
	if (n == CLIENT_ERR_NO_SESSIOND) {
		err("%s", error_str(n));
		return CMD_ERROR;
	}
	if (n < 0)
		n = 0;
	if (n == 0 && !(domain == LTTCOMM_DOMAIN_KERNEL ? info->has_kernel :
							  info->has_ust)) {
		free(ch);
		return CMD_SUCCESS;
	}
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		msg("=== Domain: Linux kernel ===");
		msg_nl();
	} else {
		msg("=== Domain: User space ===");
		msg_nl();
		msg("Buffering scheme: %s",
		    n && ch[0].buffer_type == LTTCOMM_BUFFER_PER_PID ?
		    "per-process" : "per-user");
		msg_nl();
	}
	mi_domain(domain, n && ch[0].buffer_type == LTTCOMM_BUFFER_PER_PID);
	mi_open("process_attr_trackers");
	msg("Tracked process attributes");
	for (t = 0; t < sizeof(trackers) / sizeof(trackers[0]); t++) {
		const char *label = domain == LTTCOMM_DOMAIN_KERNEL ?
			trackers[t].kernel_label : trackers[t].label;

		if (label)
			print_tracker(info->name, domain, trackers[t].type,
				      label);
	}
	mi_close();
	msg_nl();
	/* LTTng: a user-space domain made by a tracker has no channel list */
	if (n == 0 && domain == LTTCOMM_DOMAIN_UST) {
		mi_close();
		free(ch);
		return channel ? channel_not_found(channel) : CMD_SUCCESS;
	}
	mi_open("channels");
	msg("Channels:");
	msg("-------------");
	if (n == 0) {
		msg("None");
		msg_nl();
	}
	for (i = 0; i < n; i++) {
		ch[i].name[sizeof(ch[i].name) - 1] = '\0';
		if (channel && strcmp(channel, ch[i].name))
			continue;
		mi_channel(&ch[i], 1);
		print_channel(info->name, domain, (int)info->snapshot, &ch[i]);
		mi_close();
		found = 1;
	}
	mi_close();
	mi_close();
	free(ch);
	return channel && !found ? channel_not_found(channel) : CMD_SUCCESS;
}

/* LTTng's "Automatic rotation schedules:" block (nothing when none is
 * set), <rotation_schedules> in MI; 0 or the exit code. */
static int print_rotation_schedules(const char *name)
{
	struct lttcomm_rotation_schedule *r = NULL;
	struct lttcomm_session_req req;
	int32_t n, i;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	n = client_list(LTTCOMM_CMD_LIST_ROTATION_SCHEDULES, &req, sizeof(req),
			sizeof(*r), (void **)&r);
	if (n < 0) {
		err("Failed to list session rotation schedules: %s",
		    error_str(n));
		return CMD_ERROR;
	}
	if (n > 0) {
		msg("Automatic rotation schedules:");
		mi_open("rotation_schedules");
	}
	for (i = 0; i < n; i++) {
		if (r[i].type == LTTCOMM_ROTATION_PERIODIC)
			msg("    timer period: %" PRIu64 " us", r[i].value);
		else
			msg("    size threshold: %" PRIu64 " bytes",
			    r[i].value);
		mi_rotation_schedule(r[i].type, r[i].value, 1);
	}
	if (n > 0) {
		msg_nl();
		mi_close();
	}
	free(r);
	return 0;
}

/* "Recording session NAME: [...]" and its output; 0 or the exit code. */
static int print_session_header(const char *name,
				struct lttcomm_session_info *out)
{
	struct lttcomm_session_info info;
	int ret = client_session_info(name, &info);

	if (ret < 0) {
		err("Session '%s' not found", name);
		return CMD_ERROR;
	}
	if (ret)
		return ret;
	mi_open("sessions");
	mi_session(&info, 1);
	msg("Recording session %s: [%s%s]", info.name,
	    info.active ? "active" : "inactive",
	    info.snapshot ? " snapshot" : "");
	if (info.output[0])
		msg("    Trace output: %s", info.output);
	if (info.write_error)
		msg("    Trace write error: %s (the trace is incomplete)",
		    strerror((int)info.write_error));
	/* LTTng's blank line ends the "Trace output" line */
	if (info.output[0] || info.write_error)
		msg_nl();
	ret = print_rotation_schedules(info.name);
	if (ret)
		return ret;
	mi_open("domains");
	*out = info;
	return 0;
}

int list_session_details(const char *name, int domain, const char *channel)
{
	struct lttcomm_session_info info;
	int ret = print_session_header(name, &info);

	if (ret)
		return ret;
	if (domain != LTTCOMM_DOMAIN_UST &&
	    print_domain(&info, LTTCOMM_DOMAIN_KERNEL, channel))
		return CMD_ERROR;
	if (domain != LTTCOMM_DOMAIN_KERNEL &&
	    print_domain(&info, LTTCOMM_DOMAIN_UST, channel))
		return CMD_ERROR;
	return CMD_SUCCESS;
}

/* 1 when the user-space channels of session name are per-process. */
static int ust_per_pid(const char *name)
{
	struct lttcomm_session_req req;
	struct lttcomm_channel_attr *ch = NULL;
	int32_t n;
	int per_pid;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	req.domain = LTTCOMM_DOMAIN_UST;
	n = client_list(LTTCOMM_CMD_LIST_CHANNELS, &req, sizeof(req),
			sizeof(*ch), (void **)&ch);
	per_pid = n > 0 && ch[0].buffer_type == LTTCOMM_BUFFER_PER_PID;
	free(ch);
	return per_pid;
}

/* lttng list SESSION -d: the session, then its domains. */
static int list_session_domains(const char *name)
{
	struct lttcomm_session_info info;
	int32_t ret;

	ret = print_session_header(name, &info);
	if (ret)
		return ret;
	msg("Domains:");
	msg("-------------");
	if (info.has_kernel) {
		msg("  - Kernel");
		mi_domain(LTTCOMM_DOMAIN_KERNEL, 0);
		mi_close();
	}
	if (info.has_ust) {
		msg("  - UST global");
		mi_domain(LTTCOMM_DOMAIN_UST, ust_per_pid(info.name));
		mi_close();
	}
	if (!info.has_kernel && !info.has_ust)
		msg("  None");
	return CMD_SUCCESS;
}

/* --- instrumentation points -------------------------------------------- */

/* argv[0] of pid as /proc shows it, else fallback. */
static void cmdline_of(int32_t pid, const char *fallback, char *buf,
		       size_t len)
{
	char path[64];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	f = fopen(path, "re");
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n < len ? n : len - 1] = '\0';
	if (!buf[0])
		snprintf(buf, len, "%s", fallback);
}

/*
 * MI of the instrumentation points: <domains><domain> (type, LTTng's
 * buffer_type of a listing: PER_PID) then, as LTTng, <events> for the
 * kernel and <pids><pid><events> for user space.
 */
static void mi_points_domain(const char *type)
{
	mi_open("domains");
	mi_open("domain");
	mi_str("type", type);
	mi_str("buffer_type", "PER_PID");
}

/* one listed event: <event> left open (fields follow) */
static void mi_point(const char *name, const char *type, int domain,
		     int loglevel)
{
	mi_open("event");
	mi_str("name", name);
	mi_str("type", type);
	mi_bool("enabled", 1);
	if (loglevel >= 0) {
		/* LTTng's MI names the kernel's levels as user space's */
		(void)domain;
		mi_str("loglevel", loglevel_name(LTTCOMM_DOMAIN_UST, loglevel));
		mi_str("loglevel_type", "ALL");
		mi_open("exclusions");
		mi_close();
	}
}

/* LTTng's words for a field's type: lttng list -u -f, and its MI */
static const struct {
	const char *text, *mi;
} field_types[] = {
	[LTTCOMM_FIELD_INTEGER] = { "integer", "INTEGER" },
	[LTTCOMM_FIELD_ENUM] = { "enum", "ENUM" },
	[LTTCOMM_FIELD_FLOAT] = { "float", "FLOAT" },
	[LTTCOMM_FIELD_STRING] = { "string", "STRING" },
	[LTTCOMM_FIELD_OTHER] = { "unknown", "OTHER" },
};

/*
 * lttng list -u [-f]: the events of every registered application, grouped
 * by process, with their fields for -f, as LTTng 2.13 prints them.  The
 * records start with the event (struct lttcomm_ust_tracepoint_info).
 */
static int list_ust_events(int with_fields)
{
	struct lttcomm_session_req req;
	size_t size = with_fields ? sizeof(struct lttcomm_ust_field_info) :
				    sizeof(struct lttcomm_ust_tracepoint_info);
	char *recs = NULL;
	int32_t n, i, cur = -1;
	const char *last = "";

	memset(&req, 0, sizeof(req));
	req.domain = LTTCOMM_DOMAIN_UST;
	n = client_list(with_fields ? LTTCOMM_CMD_LIST_UST_FIELDS :
			LTTCOMM_CMD_LIST_UST_EVENTS, &req, sizeof(req), size,
			(void **)&recs);
	if (n < 0) {
		err("Unable to list UST event%s: %s",
		    with_fields ? " fields" : "s", error_str(n));
		return CMD_ERROR;
	}
	msg("UST events:");
	msg("-------------");
	if (n == 0)
		msg("None");
	mi_points_domain("UST");
	mi_open("pids");
	for (i = 0; i < n; i++) {
		struct lttcomm_ust_tracepoint_info *ev = (void *)(recs + i * size);

		ev->name[sizeof(ev->name) - 1] = '\0';
		ev->procname[sizeof(ev->procname) - 1] = '\0';
		if (i == 0 || ev->pid != cur) {
			char cmd[4096];

			if (i) {	/* </event_fields></event>, </events></pid> */
				if (with_fields)
					mi_close(), mi_close();
				mi_close();
				mi_close();
			}
			cur = ev->pid;
			cmdline_of(cur, ev->procname, cmd, sizeof(cmd));
			msg_nl();
			msg("PID: %d - Name: %s", (int)cur, cmd);
			mi_open("pid");
			mi_i64("id", cur);
			mi_str("name", cmd);
			mi_open("events");
			last = "";
		}
		if (strcmp(last, ev->name)) {
			msg("      %s (loglevel: %s (%d)) (type: tracepoint)",
			    ev->name, loglevel_name(LTTCOMM_DOMAIN_UST,
						    ev->loglevel),
			    (int)ev->loglevel);
			if (with_fields && *last)
				mi_close(), mi_close();
			mi_point(ev->name, "TRACEPOINT", LTTCOMM_DOMAIN_UST,
				 ev->loglevel);
			if (with_fields)
				mi_open("event_fields");
			else
				mi_close();
		}
		last = ev->name;
		if (with_fields) {
			struct lttcomm_ust_field_info *f = (void *)ev;
			uint32_t type = f->type <= LTTCOMM_FIELD_OTHER ?
					f->type : LTTCOMM_FIELD_OTHER;

			f->field[sizeof(f->field) - 1] = '\0';
			if (f->field[0]) {
				msg("        field: %s (%s)", f->field,
				    field_types[type].text);
				mi_open("event_field");
				mi_str("name", f->field);
				mi_str("type", field_types[type].mi);
				mi_i64("nowrite", 0);
				mi_close();
			}
		}
	}
	msg_nl();
	if (n > 0) {	/* [</event_fields></event>] </events></pid> */
		if (with_fields)
			mi_close(), mi_close();
		mi_close();
		mi_close();
	}
	mi_close();	/* </pids></domain></domains> */
	mi_close();
	mi_close();
	free(recs);
	return CMD_SUCCESS;
}

static int list_agent_points(int bits)
{
	size_t i = 0;

	/* LTTng lists one agent domain: the first of -j, -l, -p */
	while (!(bits & agent_domains[i].bit))
		i++;
	msg("%s events (Logger name):", agent_domains[i].name);
	msg("-------------------------");
	msg("None");
	msg_nl();
	mi_points_domain(agent_domains[i].mi_type);
	mi_open("pids");
	mi_close();
	mi_close();
	mi_close();
	return CMD_SUCCESS;
}

static int list_points(int domain, int syscalls)
{
	struct lttcomm_session_req req;
	struct lttcomm_tracepoint_info *tp = NULL;
	int32_t n, i;

	memset(&req, 0, sizeof(req));
	req.domain = domain;
	n = client_list(syscalls ? LTTCOMM_CMD_LIST_SYSCALLS :
			LTTCOMM_CMD_LIST_TRACEPOINTS, &req, sizeof(req),
			sizeof(*tp), (void **)&tp);
	if (n < 0) {
		if (domain == LTTCOMM_DOMAIN_KERNEL)
			err("Unable to list %s: %s",
			    syscalls ? "system calls" : "kernel events",
			    error_str(n));
		else
			err("Unable to list UST events: %s", error_str(n));
		return CMD_ERROR;
	}
	if (syscalls) {
		msg("System calls:");
		mi_open("events");	/* LTTng: no <domains> around them */
	} else {
		msg("%s events:", domain == LTTCOMM_DOMAIN_KERNEL ? "Kernel" :
								     "UST");
		mi_points_domain(domain == LTTCOMM_DOMAIN_KERNEL ? "KERNEL" :
								   "UST");
		mi_open("events");
	}
	msg("-------------");
	if (n == 0 && domain == LTTCOMM_DOMAIN_UST)
		msg("None");
	for (i = 0; i < n; i++) {
		tp[i].name[sizeof(tp[i].name) - 1] = '\0';
		if (syscalls)
			msg("      %s%s", tp[i].name,
			    tp[i].bitness == 32 ? " [32-bit]" :
			    tp[i].bitness == 64 ? " [64-bit]" : " [32/64-bit]");
		else if (domain == LTTCOMM_DOMAIN_KERNEL)
			msg("      %s (loglevel: TRACE_EMERG (0)) (type: tracepoint)",
			    tp[i].name);
		else
			msg("      %s (type: tracepoint)", tp[i].name);
		if (syscalls)
			mi_point(tp[i].name, "SYSCALL", domain, -1);
		else
			mi_point(tp[i].name, "TRACEPOINT", domain, 0);
		mi_close();
	}
	msg_nl();
	mi_close();
	if (!syscalls) {
		mi_close();
		mi_close();
	}
	free(tp);
	return CMD_SUCCESS;
}

int cmd_list(int argc, char **argv)
{
	int ret, kernel, user, domain = 0;

	if (parse_options(&spec_list, argc, argv, &ret))
		return ret;
	kernel = target.kernel;
	user = target.user;
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	if (syscalls && !kernel) {
		warn("--syscall will only work with the Kernel domain (-k)");
		return CMD_ERROR;
	}
	if (kernel)
		domain = LTTCOMM_DOMAIN_KERNEL;
	if (user)
		domain = domain ? 0 : LTTCOMM_DOMAIN_UST;
	mi_begin("list");
	if (optind < argc && domains) {
		ret = list_session_domains(argv[optind]);
	} else if (optind < argc) {
		ret = list_session_details(argv[optind], domain, channel);
	} else if (kernel || user || agents) {
		ret = CMD_SUCCESS;
		if (kernel)
			ret = list_points(LTTCOMM_DOMAIN_KERNEL, syscalls);
		if (user && !ret)
			ret = list_ust_events(fields);
		if (agents && !ret)
			ret = list_agent_points(agents);
	} else {
		ret = list_sessions();
	}
	if (mi_end(MI_NO_SUCCESS) && !ret)
		ret = CMD_ERROR;
	return ret;
}
