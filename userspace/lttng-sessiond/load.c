// SPDX-License-Identifier: GPL-2.0-only
/*
 * load.c - `lttng load` and lttng-sessiond --load: session files (LTTng
 * 2.13's session XML, as save.c writes them and as LTTng 2.13 saves
 * them) back into sessions.
 *
 * Two passes, so that nothing is ever half-created:
 *
 *   1. read: every file is read with the peer's credentials, parsed with
 *      libxml2 and turned into a plan (struct ld_session: the session,
 *      its domains, channels, events, contexts and trackers).  Every
 *      element is known here or refused ("unknown element <x> in
 *      <channel>", with file and line), every value is checked; what
 *      LTTng has and we do not (agent domains with channels, user space
 *      probes, application contexts...) is refused as "not supported",
 *      naming the element.
 *   2. apply: the plan is replayed through the command handlers (cmd.c,
 *      the same checks as for `lttng create`, `enable-channel`...), all
 *      under sd_lock, so no client sees a half-loaded session.  Pass 1
 *      runs before the command takes any lock (cmd_dispatch(),
 *      config_load_read()): a file that is slow to read, on a stalled
 *      mount, holds up only the client that asked.  If one
 *      step fails, every session this load created is destroyed again.
 *      With --force, an existing session of the same name is destroyed
 *      just before its replacement is created (after pass 1 succeeded).
 *
 * Rotation schedules (<attributes><rotation_schedules>) are set after
 * the domains, before the start, as LTTng's loader does.
 *
 * Snapshot sessions (<attributes><snapshot_mode>) are created without an
 * output, then given the one of <output><snapshot_outputs> (name,
 * max_size, local path or relay daemon: LTTng keeps one per session), as
 * LTTng's loader does; live sessions (<attributes><live_timer_interval>)
 * are created with their timer and their network output.  A channel's
 * own <live_timer_interval> is the session's (LTTng writes it there too)
 * and is not read.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sessiond.h"
#include "session-config.h"
#include "lttng-abi.h"
#include "lttng-ust-abi.h"

#define LD_FILE_MAX	(8U << 20)	/* a session file larger than this
					 * is refused */
#define LD_MAX_ITEMS	4096		/* channels per domain, events or
					 * contexts per channel */

/* --- the plan ------------------------------------------------------ */

struct ld_channel {
	struct lttcomm_channel_attr attr;
	int enabled;
	struct lttcomm_event *events;	/* .enabled as in the file */
	unsigned int nr_events;
	struct lttcomm_context *ctxs;
	unsigned int nr_ctxs;
};

struct ld_tracker {
	int present;			/* absent: every value tracked */
	unsigned int nr;
	int32_t ids[SD_TRACKER_MAX_IDS];
};

struct ld_domain {
	int present;
	uint32_t buffer_type;
	struct ld_channel *chans;
	unsigned int nr_chans;
	struct ld_tracker trackers[LTTCOMM_TRACKER_VGID + 1];
};

/* A <consumer_output>: a path, or ctrl and data to a relay daemon. */
struct ld_dest {
	int enabled;
	char path[LTTCOMM_PATH_MAX];	/* "" : none */
	int network;			/* <net_output>: ctrl, data */
	struct lttcomm_uri ctrl, data;
};

struct ld_session {
	char name[LTTCOMM_NAME_MAX];
	char output[LTTCOMM_PATH_MAX];	/* "" : no output */
	int network;			/* <net_output>: ctrl, data */
	struct lttcomm_uri ctrl, data;
	int started;
	int snapshot;			/* snapshot mode */
	int has_snap_output;		/* snap: its output */
	struct lttcomm_snapshot_output snap;
	uint32_t live_timer_us;		/* live session: its timer, 0 */
	uint64_t rot_timer_us;		/* rotation schedules, 0: none */
	uint64_t rot_size;
	struct ld_domain kernel, ust;
	char file[LTTCOMM_PATH_MAX];	/* where it was read */
	struct ld_session *next;
};

static void domain_free(struct ld_domain *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_chans; i++) {
		free(d->chans[i].events);
		free(d->chans[i].ctxs);
	}
	free(d->chans);
}

static void plan_free(struct ld_session *s)
{
	while (s) {
		struct ld_session *n = s->next;

		domain_free(&s->kernel);
		domain_free(&s->ust);
		free(s);
		s = n;
	}
}

/* --- pass 1: parsing ---------------------------------------------------- */

struct parser {
	const char *file;
	struct lttcomm_detail *detail;
	uint32_t domain;		/* of the <domain> being read */
};

#define INVALID	(-LTTNG_ERR_LOAD_INVALID_CONFIG)
#define UNSUPP	(-LTTNG_ERR_NOT_SUPPORTED)

/* Says what is wrong with node and returns code. */
static int bad(struct parser *p, xmlNodePtr node, int code,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(struct parser *p, xmlNodePtr node, int code,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	detail_set(p->detail, "%s:%ld: %s", p->file,
		   node ? (long)xmlGetLineNo(node) : 0L, msg);
	return code;
}

static int is(xmlNodePtr n, const char *name)
{
	return !strcmp((const char *)n->name, name);
}

static int unknown(struct parser *p, xmlNodePtr n)
{
	return bad(p, n, INVALID, "unknown element <%s> in <%s>",
		   (const char *)n->name, (const char *)n->parent->name);
}

/* Text or elements that have no place in a container. */
static int check_container(struct parser *p, xmlNodePtr node)
{
	xmlNodePtr c;

	for (c = node->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c))
			return bad(p, c, INVALID,
				   "unexpected text in <%s>",
				   (const char *)node->name);
	}
	return 0;
}

/* The text of a leaf element (no element inside), in buf. */
static int text_of(struct parser *p, xmlNodePtr n, char *buf, size_t len)
{
	xmlChar *t;
	size_t l;

	if (xmlFirstElementChild(n))
		return bad(p, n, INVALID, "<%s> holds elements, a value was expected",
			   (const char *)n->name);
	t = xmlNodeGetContent(n);
	if (!t)
		return -LTTNG_ERR_NOMEM;
	l = strlen((const char *)t);
	if (l >= len) {
		xmlFree(t);
		return bad(p, n, INVALID, "<%s>: value too long (at most %zu bytes)",
			   (const char *)n->name, len - 1);
	}
	memcpy(buf, t, l + 1);
	xmlFree(t);
	return 0;
}

/* Numbers are written in decimal by LTTng; surrounding blanks are
 * allowed (pretty-printed files). */
static int parse_u64_text(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno)
		return -1;
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (*end)
		return -1;
	*v = x;
	return 0;
}

static int get_u64(struct parser *p, xmlNodePtr n, uint64_t *v, uint64_t max)
{
	char buf[64];
	int ret = text_of(p, n, buf, sizeof(buf));

	if (ret)
		return ret;
	if (parse_u64_text(buf, v) || *v > max)
		return bad(p, n, INVALID, "<%s>: \"%s\" is not an integer in [0, %" PRIu64 "]",
			   (const char *)n->name, buf, max);
	return 0;
}

static int get_i64(struct parser *p, xmlNodePtr n, int64_t *v)
{
	char buf[64], *s = buf;
	uint64_t u;
	int ret = text_of(p, n, buf, sizeof(buf)), neg = 0;

	if (ret)
		return ret;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (parse_u64_text(s, &u) || u > (uint64_t)INT64_MAX)
		return bad(p, n, INVALID, "<%s>: \"%s\" is not an integer",
			   (const char *)n->name, buf);
	*v = neg ? -(int64_t)u : (int64_t)u;
	return 0;
}

/* xs:boolean: true, false, 1, 0. */
static int get_bool(struct parser *p, xmlNodePtr n, int *v)
{
	char buf[16];
	int ret = text_of(p, n, buf, sizeof(buf));

	if (ret)
		return ret;
	if (!strcmp(buf, "true") || !strcmp(buf, "1"))
		*v = 1;
	else if (!strcmp(buf, "false") || !strcmp(buf, "0"))
		*v = 0;
	else
		return bad(p, n, INVALID, "<%s>: \"%s\" is not a boolean",
			   (const char *)n->name, buf);
	return 0;
}

struct keyword {
	const char *text;
	uint32_t value;
};

/* n's text, one of table's (which a NULL text ends), as its value in *v;
 * else "unknown WHAT TEXT". */
static int get_keyword(struct parser *p, xmlNodePtr n,
		       const struct keyword *table, const char *what,
		       uint32_t *v)
{
	char buf[64];
	int ret = text_of(p, n, buf, sizeof(buf));

	if (ret)
		return ret;
	for (; table->text; table++)
		if (!strcmp(buf, table->text)) {
			*v = table->value;
			return 0;
		}
	return bad(p, n, INVALID, "unknown %s %s", what, buf);
}

static const struct keyword overwrite_modes[] = {
	{ "DISCARD", LTTCOMM_EVENT_LOSS_DISCARD },
	{ "OVERWRITE", LTTCOMM_EVENT_LOSS_OVERWRITE },
	{ NULL, 0 },
};

static const struct keyword output_types[] = {
	{ "MMAP", LTTCOMM_OUTPUT_MMAP },
	{ "SPLICE", LTTCOMM_OUTPUT_SPLICE },
	{ NULL, 0 },
};

/* Grows an array of items by one zeroed item; NULL when full. */
static void *grow(void *arr, unsigned int *nr, size_t size)
{
	char *n;

	if (*nr >= LD_MAX_ITEMS)
		return NULL;
	n = realloc(arr, (*nr + 1) * size);
	if (!n)
		return NULL;
	memset(n + *nr * size, 0, size);
	(*nr)++;
	return n;
}

/*
 * Most containers are read alike: no text in them, each child element
 * known by its name (else "unknown element"), read by kind into a field of
 * the object being filled, in the file's order and up to the first error.
 * A table of struct ld_elem (a NULL name ends it) says how; what a
 * container checks across its children, its reader does afterwards.
 */
enum ld_kind {
	LD_TEXT,	/* its text, into char[size] */
	LD_U64,		/* in [0, max]: a uint32_t or uint64_t; size 0: dropped */
	LD_I64,		/* into an int64_t */
	LD_BOOL,	/* 0 or 1, into an int or a uint32_t */
	LD_KEYWORD,	/* one of keywords (else "unknown WHAT X"): a uint32_t */
	LD_NODE,	/* the element itself (xmlNodePtr), read later */
	LD_NESTED,	/* a container, read by table sub into the same object */
	LD_CALL,	/* read by call(p, element, object) */
	LD_UNSUPP,	/* refused: "<NAME>" followed by what */
};

typedef int ld_reader(struct parser *p, xmlNodePtr n, void *obj);

struct ld_elem {
	const char *name;
	enum ld_kind kind;
	size_t off, size;		/* the field in the object */
	uint64_t max;
	const struct keyword *keywords;
	const char *what;
	const struct ld_elem *sub;
	ld_reader *call;
};

#define LD_AT(n, k, type, m) .name = n, .kind = k, \
	.off = offsetof(type, m), .size = sizeof(((type *)0)->m)
#define LD_TEXT(n, type, m)		{ LD_AT(n, LD_TEXT, type, m) }
#define LD_U64(n, type, m, top)		{ LD_AT(n, LD_U64, type, m), .max = top }
#define LD_I64(n, type, m)		{ LD_AT(n, LD_I64, type, m) }
#define LD_BOOL(n, type, m)		{ LD_AT(n, LD_BOOL, type, m) }
#define LD_KEYWORD(n, type, m, k, noun)	{ LD_AT(n, LD_KEYWORD, type, m), \
					  .keywords = k, .what = noun }
#define LD_NODE(n, type, m)		{ LD_AT(n, LD_NODE, type, m) }
#define LD_NESTED(n, table)	{ .name = n, .kind = LD_NESTED, .sub = table }
#define LD_CALL(n, fn)		{ .name = n, .kind = LD_CALL, .call = fn }
#define LD_UNSUPP(n, text)	{ .name = n, .kind = LD_UNSUPP, .what = text }
#define LD_END			{ .name = NULL }

static int parse_elements(struct parser *p, xmlNodePtr node,
			  const struct ld_elem *table, void *obj);

/* Element n, which e names, into obj. */
static int parse_element(struct parser *p, xmlNodePtr n,
			 const struct ld_elem *e, void *obj)
{
	void *f = (char *)obj + e->off;
	uint64_t v;
	int ret;

	switch (e->kind) {
	case LD_TEXT:
		return text_of(p, n, f, e->size);
	case LD_U64:
		ret = get_u64(p, n, &v, e->max);
		if (!ret && e->size == sizeof(uint32_t))
			*(uint32_t *)f = (uint32_t)v;
		else if (!ret && e->size)
			*(uint64_t *)f = v;
		return ret;
	case LD_I64:
		return get_i64(p, n, f);
	case LD_BOOL:
		return get_bool(p, n, f);
	case LD_KEYWORD:
		return get_keyword(p, n, e->keywords, e->what, f);
	case LD_NODE:
		*(xmlNodePtr *)f = n;
		return 0;
	case LD_NESTED:
		return parse_elements(p, n, e->sub, obj);
	case LD_CALL:
		return e->call(p, n, obj);
	case LD_UNSUPP:
		return bad(p, n, UNSUPP, "<%s>%s", (const char *)n->name,
			   e->what);
	}
	return unknown(p, n);
}

/* The children of container node, each read into obj as table says. */
static int parse_elements(struct parser *p, xmlNodePtr node,
			  const struct ld_elem *table, void *obj)
{
	int ret = check_container(p, node);
	const struct ld_elem *e;
	xmlNodePtr n;

	for (n = xmlFirstElementChild(node); n && !ret;
	     n = xmlNextElementSibling(n)) {
		for (e = table; e->name && !is(n, e->name); e++)
			;
		ret = e->name ? parse_element(p, n, e, obj) : unknown(p, n);
	}
	return ret;
}

static const struct ld_elem probe_elems[] = {
	LD_TEXT("symbol_name", struct lttcomm_event, probe_symbol),
	LD_U64("address", struct lttcomm_event, probe_addr, UINT64_MAX),
	LD_U64("offset", struct lttcomm_event, probe_offset, UINT64_MAX),
	LD_END,
};

#define NO_INSTRUMENTATION ": this instrumentation is not supported"

static const struct ld_elem event_attr_elems[] = {
	LD_NESTED("probe_attributes", probe_elems),
	LD_UNSUPP("function_attributes", NO_INSTRUMENTATION),
	LD_UNSUPP("userspace_probe_function_attributes", NO_INSTRUMENTATION),
	LD_UNSUPP("userspace_probe_tracepoint_attributes", NO_INSTRUMENTATION),
	LD_END,
};

/* The <type> or the <loglevel_type> of an event (obj). */
static int event_keyword(struct parser *p, xmlNodePtr n, void *obj)
{
	struct lttcomm_event *ev = obj;
	char buf[LTTCOMM_NAME_MAX];
	int ret = text_of(p, n, buf, sizeof(buf));

	if (ret)
		return ret;
	if (is(n, "loglevel_type")) {
		ev->loglevel_type = config_loglevel_type(buf);
		if (ev->loglevel_type < 0)
			return bad(p, n, INVALID, "unknown log level type %s",
				   buf);
		return 0;
	}
	ev->type = config_event_type(buf, p->domain == LTTCOMM_DOMAIN_KERNEL);
	if (ev->type == -2)
		return bad(p, n, UNSUPP, "event type %s in the user space domain",
			   buf);
	if (ev->type == -3)
		return bad(p, n, UNSUPP, "event type %s is not supported", buf);
	return 0;
}

static int event_loglevel(struct parser *p, xmlNodePtr n, void *obj)
{
	struct lttcomm_event *ev = obj;
	int64_t level;
	int ret = get_i64(p, n, &level);

	if (ret)
		return ret;
	if (level < -1 || level > 14)
		return bad(p, n, INVALID, "log level %" PRId64 " out of range",
			   level);
	ev->loglevel = (int32_t)level;
	return 0;
}

static int event_exclusion(struct parser *p, xmlNodePtr n, void *obj)
{
	struct lttcomm_event *ev = obj;

	if (ev->nr_exclusions >= LTTCOMM_EXCLUSION_MAX)
		return bad(p, n, UNSUPP, "more than %d exclusions",
			   LTTCOMM_EXCLUSION_MAX);
	return text_of(p, n, ev->exclusions[ev->nr_exclusions++],
		       LTTCOMM_NAME_MAX);
}

static const struct ld_elem exclusion_elems[] = {
	LD_CALL("exclusion", event_exclusion),
	LD_END,
};

static const struct ld_elem event_elems[] = {
	LD_TEXT("name", struct lttcomm_event, name),
	LD_BOOL("enabled", struct lttcomm_event, enabled),
	LD_CALL("type", event_keyword),
	LD_CALL("loglevel_type", event_keyword),
	LD_CALL("loglevel", event_loglevel),
	LD_NESTED("exclusions", exclusion_elems),
	LD_NESTED("attributes", event_attr_elems),
	LD_TEXT("filter", struct lttcomm_event, filter),
	LD_END,
};

/* An <event> into item (a struct lttcomm_event): a parse_items() reader. */
static int parse_event(struct parser *p, xmlNodePtr node, void *item)
{
	struct lttcomm_event *ev = item;
	int ret, kernel = p->domain == LTTCOMM_DOMAIN_KERNEL;

	/* -1 until <loglevel>: LTTng's "any level" */
	ev->loglevel = -1;
	ev->type = LTTCOMM_EVENT_TRACEPOINT;
	ev->enabled = 1;
	ret = parse_elements(p, node, event_elems, ev);
	if (ret)
		return ret;
	/* LTTng writes -1 (and type ALL) for "any log level" */
	if (ev->loglevel_type != LTTCOMM_LOGLEVEL_ALL && ev->loglevel < 0)
		return bad(p, node, INVALID, "event %s: log level type %s without a log level",
			   ev->name, config_loglevel_type_name(ev->loglevel_type));
	if (ev->loglevel_type == LTTCOMM_LOGLEVEL_ALL)
		ev->loglevel = 0;
	if (kernel && ev->loglevel_type != LTTCOMM_LOGLEVEL_ALL)
		return bad(p, node, UNSUPP, "event %s: log levels in the kernel domain",
			   ev->name);
	if ((ev->type == LTTCOMM_EVENT_PROBE ||
	     ev->type == LTTCOMM_EVENT_FUNCTION) &&
	    !ev->probe_symbol[0] && !ev->probe_addr)
		return bad(p, node, INVALID, "event %s: a probe without <probe_attributes>",
			   ev->name);
	return 0;
}

/* A <perf> context; type and config stay UINT64_MAX when absent. */
struct perf_xml {
	uint64_t type, config;
	char name[LTTCOMM_NAME_MAX];
};

static const struct ld_elem perf_elems[] = {
	LD_U64("type", struct perf_xml, type, UINT32_MAX),
	LD_U64("config", struct perf_xml, config, UINT64_MAX),
	LD_TEXT("name", struct perf_xml, name),
	LD_END,
};

/* A <perf> counter into ctx: per-CPU in the kernel, per-thread in user
 * space. */
static int parse_perf(struct parser *p, xmlNodePtr n,
		      struct lttcomm_context *ctx)
{
	struct perf_xml x = { .type = UINT64_MAX, .config = UINT64_MAX,
			      .name = "?" };
	int kernel = p->domain == LTTCOMM_DOMAIN_KERNEL;
	int ret = parse_elements(p, n, perf_elems, &x);

	if (ret)
		return ret;
	if (x.type == UINT64_MAX || x.config == UINT64_MAX)
		return bad(p, n, INVALID, "<perf> needs <type> and <config>");
	memset(ctx, 0, sizeof(*ctx));
	if (lttcomm_ctx_by_perf((uint32_t)x.type, x.config, x.name, ctx->name,
				sizeof(ctx->name)))
		return bad(p, n, UNSUPP, "perf counter type %" PRIu64 " config %" PRIu64 " is not supported",
			   x.type, x.config);
	if (kernel != !strncmp(ctx->name, "perf:cpu:", 9))
		return bad(p, n, UNSUPP, "perf counter %s is not supported in the %s domain",
			   x.name, kernel ? "kernel" : "user space");
	ctx->type = kernel ? LTTNG_ABI_CTX_PERF_CPU_COUNTER :
			     LTTNG_UST_CTX_PERF_THREAD_COUNTER;
	return 0;
}

/* A <context> into item (a struct lttcomm_context): a parse_items()
 * reader. */
static int parse_context(struct parser *p, xmlNodePtr node, void *item)
{
	struct lttcomm_context *ctx = item;
	const struct lttcomm_ctx_desc *d;
	char buf[LTTCOMM_NAME_MAX];
	xmlNodePtr n = xmlFirstElementChild(node);
	int ret = check_container(p, node);

	if (ret)
		return ret;
	if (!n || xmlNextElementSibling(n))
		return bad(p, node, INVALID, "<context> holds one of <type>, <perf>, <app>");
	if (is(n, "perf"))
		return parse_perf(p, n, ctx);
	if (is(n, "app"))
		return bad(p, n, UNSUPP, "application contexts are not supported");
	if (!is(n, "type"))
		return unknown(p, n);
	ret = text_of(p, n, buf, sizeof(buf));
	if (ret)
		return ret;
	d = lttcomm_ctx_by_config(buf);
	if (!d)
		return bad(p, n, UNSUPP, "context %s is not supported", buf);
	if (lttcomm_ctx_fill(d, p->domain, ctx))
		return bad(p, node, UNSUPP, "context %s is not available in the %s domain",
			   d->name, p->domain == LTTCOMM_DOMAIN_KERNEL ?
			   "kernel" : "user space");
	return 0;
}

/*
 * The children of container n, all <tag>: each appended to the array *arr
 * (*nr items of size bytes, zeroed) and read by one(p, child, item).
 */
static int parse_items(struct parser *p, xmlNodePtr n, const char *tag,
		       void **arr, unsigned int *nr, size_t size,
		       ld_reader *one)
{
	int ret = check_container(p, n);
	xmlNodePtr m;
	char *v;

	for (m = xmlFirstElementChild(n); m && !ret;
	     m = xmlNextElementSibling(m)) {
		if (!is(m, tag))
			return unknown(p, m);
		v = grow(*arr, nr, size);
		if (!v)
			return bad(p, m, -LTTNG_ERR_NOMEM, "too many %ss", tag);
		*arr = v;
		ret = one(p, m, v + (*nr - 1) * size);
	}
	return ret;
}

/* The <events> or the <contexts> of a channel (obj). */
static int channel_items(struct parser *p, xmlNodePtr n, void *obj)
{
	struct ld_channel *c = obj;

	if (is(n, "events"))
		return parse_items(p, n, "event", (void **)&c->events,
				   &c->nr_events, sizeof(*c->events),
				   parse_event);
	return parse_items(p, n, "context", (void **)&c->ctxs, &c->nr_ctxs,
			   sizeof(*c->ctxs), parse_context);
}

static int channel_monitor_timer(struct parser *p, xmlNodePtr n, void *obj)
{
	struct lttcomm_channel_attr *a = &((struct ld_channel *)obj)->attr;
	int ret = get_u64(p, n, &a->monitor_timer_us, UINT64_MAX - 1);

	/* 0 in the file: none, as LTTng */
	if (!ret && !a->monitor_timer_us)
		a->monitor_timer_us = LTTCOMM_TIMER_OFF;
	return ret;
}

/* A <channel> (a struct ld_channel); parse_channel() is its parse_items()
 * reader. */
#define CHAN struct ld_channel

static const struct ld_elem channel_elems[] = {
	LD_TEXT("name", CHAN, attr.name),
	LD_BOOL("enabled", CHAN, enabled),
	LD_KEYWORD("overwrite_mode", CHAN, attr.overwrite, overwrite_modes,
		   "overwrite mode"),
	LD_U64("subbuffer_size", CHAN, attr.subbuf_size, UINT64_MAX),
	LD_U64("subbuffer_count", CHAN, attr.num_subbuf, UINT64_MAX),
	LD_U64("switch_timer_interval", CHAN, attr.switch_timer_us, UINT32_MAX),
	LD_U64("read_timer_interval", CHAN, attr.read_timer_us, UINT32_MAX),
	LD_I64("blocking_timeout", CHAN, attr.blocking_timeout_us),
	LD_CALL("monitor_timer_interval", channel_monitor_timer),
	LD_KEYWORD("output_type", CHAN, attr.output, output_types,
		   "output type"),
	LD_U64("tracefile_size", CHAN, attr.tracefile_size, UINT64_MAX),
	LD_U64("tracefile_count", CHAN, attr.tracefile_count, UINT64_MAX),
	/* the session's (<attributes>): checked, not kept */
	{ .name = "live_timer_interval", .kind = LD_U64, .max = UINT32_MAX },
	LD_CALL("events", channel_items),
	LD_CALL("contexts", channel_items),
	LD_END,
};

static int parse_channel(struct parser *p, xmlNodePtr node, void *item)
{
	struct ld_channel *c = item;
	int ret;

	c->attr.overwrite = LTTCOMM_EVENT_LOSS_DEFAULT;
	c->enabled = 1;
	ret = parse_elements(p, node, channel_elems, c);
	if (!ret && !c->attr.name[0])
		ret = bad(p, node, INVALID, "<channel> without <name>");
	return ret;
}

/* A user or group name of a uid/gid tracker. */
static int resolve_id(struct parser *p, xmlNodePtr n, unsigned int type,
		      int32_t *id)
{
	char name[LTTCOMM_NAME_MAX], buf[4096];
	int ret = text_of(p, n, name, sizeof(name));

	if (ret)
		return ret;
	if (type == LTTCOMM_TRACKER_UID || type == LTTCOMM_TRACKER_VUID) {
		struct passwd pw, *pwp = NULL;

		if (!getpwnam_r(name, &pw, buf, sizeof(buf), &pwp) && pwp) {
			*id = (int32_t)pw.pw_uid;
			return 0;
		}
		return bad(p, n, INVALID, "unknown user %s", name);
	}
	if (type == LTTCOMM_TRACKER_GID || type == LTTCOMM_TRACKER_VGID) {
		struct group gr, *grp = NULL;

		if (!getgrnam_r(name, &gr, buf, sizeof(buf), &grp) && grp) {
			*id = (int32_t)gr.gr_gid;
			return 0;
		}
		return bad(p, n, INVALID, "unknown group %s", name);
	}
	return unknown(p, n);
}

/* <X_process_attr_tracker><process_attr_values><X><id>N</id></X>... */
static int parse_tracker(struct parser *p, xmlNodePtr node, unsigned int type,
			 struct ld_tracker *t)
{
	const char *vname = lttcomm_tracker_name(type);
	xmlNodePtr n, v, m;
	int ret = check_container(p, node);

	if (t->present)
		return bad(p, node, INVALID, "<%s> appears twice",
			   (const char *)node->name);
	t->present = 1;
	for (n = xmlFirstElementChild(node); n && !ret;
	     n = xmlNextElementSibling(n)) {
		if (!is(n, "process_attr_values")) {
			ret = unknown(p, n);
			break;
		}
		ret = check_container(p, n);
		for (v = xmlFirstElementChild(n); v && !ret;
		     v = xmlNextElementSibling(v)) {
			int32_t id = -1;

			if (!is(v, vname)) {
				ret = unknown(p, v);
				break;
			}
			ret = check_container(p, v);
			for (m = xmlFirstElementChild(v); m && !ret;
			     m = xmlNextElementSibling(m)) {
				uint64_t u;

				if (is(m, "id")) {
					ret = get_u64(p, m, &u, INT32_MAX);
					id = (int32_t)u;
				} else if (is(m, "name")) {
					ret = resolve_id(p, m, type, &id);
				} else {
					ret = unknown(p, m);
				}
			}
			if (ret)
				break;
			if (id < 0)
				return bad(p, v, INVALID, "<%s> without <id>", vname);
			if (t->nr >= SD_TRACKER_MAX_IDS)
				return bad(p, v, UNSUPP, "more than %d tracked values",
					   SD_TRACKER_MAX_IDS);
			t->ids[t->nr++] = id;
		}
	}
	return ret;
}

static int parse_trackers(struct parser *p, xmlNodePtr node, int kernel,
			  struct ld_domain *d)
{
	xmlNodePtr n;
	int ret = check_container(p, node);

	for (n = xmlFirstElementChild(node); n && !ret;
	     n = xmlNextElementSibling(n)) {
		unsigned int t;
		char el[64];

		for (t = 0; t <= LTTCOMM_TRACKER_VGID; t++) {
			snprintf(el, sizeof(el), "%s_process_attr_tracker",
				 lttcomm_tracker_name(t));
			if (is(n, el))
				break;
		}
		if (t > LTTCOMM_TRACKER_VGID)
			ret = unknown(p, n);
		else if (!kernel && !config_tracker_ust(t))
			ret = bad(p, n, INVALID, "<%s> in the user space domain", el);
		else
			ret = parse_tracker(p, n, t, &d->trackers[t]);
	}
	return ret;
}

/* The legacy form: <trackers><pid_tracker><targets><pid_target><pid>N */
static int parse_legacy_trackers(struct parser *p, xmlNodePtr node,
				 struct ld_domain *d)
{
	struct ld_tracker *t = &d->trackers[LTTCOMM_TRACKER_PID];
	xmlNodePtr n, m, x, y;
	int ret = check_container(p, node);

	for (n = xmlFirstElementChild(node); n && !ret;
	     n = xmlNextElementSibling(n)) {
		if (!is(n, "pid_tracker"))
			return unknown(p, n);
		t->present = 1;
		for (m = xmlFirstElementChild(n); m && !ret;
		     m = xmlNextElementSibling(m)) {
			if (!is(m, "targets"))
				return unknown(p, m);
			for (x = xmlFirstElementChild(m); x && !ret;
			     x = xmlNextElementSibling(x)) {
				if (!is(x, "pid_target"))
					return unknown(p, x);
				for (y = xmlFirstElementChild(x); y && !ret;
				     y = xmlNextElementSibling(y)) {
					uint64_t u;

					if (!is(y, "pid"))
						return unknown(p, y);
					ret = get_u64(p, y, &u, INT32_MAX);
					if (ret)
						return ret;
					if (t->nr >= SD_TRACKER_MAX_IDS)
						return bad(p, y, UNSUPP, "more than %d tracked values",
							   SD_TRACKER_MAX_IDS);
					t->ids[t->nr++] = (int32_t)u;
				}
			}
		}
	}
	return ret;
}

/* A <domain>'s children, checked together once all are read. */
struct domain_xml {
	char type[32], buffers[32];
	xmlNodePtr type_node, chans, trackers, legacy;
};

static int domain_type(struct parser *p, xmlNodePtr n, void *obj)
{
	struct domain_xml *x = obj;

	x->type_node = n;
	return text_of(p, n, x->type, sizeof(x->type));
}

static const struct ld_elem domain_elems[] = {
	LD_CALL("type", domain_type),
	LD_TEXT("buffer_type", struct domain_xml, buffers),
	LD_NODE("channels", struct domain_xml, chans),
	LD_NODE("process_attr_trackers", struct domain_xml, trackers),
	LD_NODE("trackers", struct domain_xml, legacy),
	LD_END,
};

/* One <domain> of session obj.  Agent domains (JUL, log4j, Python), which
 * LTTng writes with every user space one, are accepted when they are
 * empty. */
static int parse_domain(struct parser *p, xmlNodePtr node, void *obj)
{
	struct ld_session *s = obj;
	struct domain_xml x = { .type_node = NULL };
	struct ld_domain *d;
	unsigned int i;
	int ret = parse_elements(p, node, domain_elems, &x);

	if (ret)
		return ret;
	if (!strcmp(x.type, "KERNEL")) {
		p->domain = LTTCOMM_DOMAIN_KERNEL;
		d = &s->kernel;
	} else if (!strcmp(x.type, "UST")) {
		p->domain = LTTCOMM_DOMAIN_UST;
		d = &s->ust;
	} else if (!strcmp(x.type, "JUL") || !strcmp(x.type, "LOG4J") ||
		   !strcmp(x.type, "PYTHON")) {
		if ((x.chans && xmlFirstElementChild(x.chans)) ||
		    (x.trackers && xmlFirstElementChild(x.trackers)) ||
		    x.legacy)
			return bad(p, node, UNSUPP, "the %s domain is not supported",
				   x.type);
		return 0;
	} else {
		return bad(p, x.type_node ? x.type_node : node, INVALID,
			   "unknown domain type \"%s\"", x.type);
	}
	if (d->present)
		return bad(p, node, INVALID, "domain %s appears twice", x.type);
	d->present = 1;
	if (!strcmp(x.buffers, "PER_UID") || !x.buffers[0])
		d->buffer_type = p->domain == LTTCOMM_DOMAIN_KERNEL ?
			LTTCOMM_BUFFER_GLOBAL : LTTCOMM_BUFFER_PER_UID;
	else if (!strcmp(x.buffers, "PER_PID"))
		d->buffer_type = LTTCOMM_BUFFER_PER_PID;
	else if (!strcmp(x.buffers, "GLOBAL"))
		d->buffer_type = LTTCOMM_BUFFER_GLOBAL;
	else
		return bad(p, node, INVALID, "unknown buffer type %s", x.buffers);
	if ((p->domain == LTTCOMM_DOMAIN_KERNEL) !=
	    (d->buffer_type == LTTCOMM_BUFFER_GLOBAL))
		return bad(p, node, INVALID, "buffer type %s in the %s domain",
			   x.buffers, x.type);
	if (x.chans)
		ret = parse_items(p, x.chans, "channel", (void **)&d->chans,
				  &d->nr_chans, sizeof(*d->chans),
				  parse_channel);
	for (i = 0; i < d->nr_chans; i++)
		d->chans[i].attr.buffer_type = d->buffer_type;
	if (!ret && x.trackers)
		ret = parse_trackers(p, x.trackers,
				     p->domain == LTTCOMM_DOMAIN_KERNEL, d);
	if (!ret && x.legacy)
		ret = parse_legacy_trackers(p, x.legacy, d);
	return ret;
}

/* <rotation_schedules>: at most one <periodic><time_us> and one
 * <size_threshold><bytes> (LTTng's limits), each value > 0. */
static const struct ld_elem periodic_elems[] = {
	LD_U64("time_us", struct ld_session, rot_timer_us, UINT32_MAX - 1),
	LD_END,
};

static const struct ld_elem size_threshold_elems[] = {
	LD_U64("bytes", struct ld_session, rot_size, UINT64_MAX - 1),
	LD_END,
};

/* A <periodic> or <size_threshold> of session obj. */
static int rotation_schedule(struct parser *p, xmlNodePtr n, void *obj)
{
	struct ld_session *s = obj;
	int periodic = is(n, "periodic");
	uint64_t *dst = periodic ? &s->rot_timer_us : &s->rot_size;
	const char *what = periodic ? "periodic" : "size-based";
	int ret;

	if (*dst)
		return bad(p, n, INVALID, "more than one %s rotation schedule",
			   what);
	ret = parse_elements(p, n, periodic ? periodic_elems :
				      size_threshold_elems, s);
	if (!ret && !*dst)
		ret = bad(p, n, INVALID, "a %s rotation schedule without a value",
			  what);
	return ret;
}

static const struct ld_elem rotation_elems[] = {
	LD_CALL("periodic", rotation_schedule),
	LD_CALL("size_threshold", rotation_schedule),
	LD_END,
};

/* <attributes>: snapshot mode, live timer, rotation schedules. */
static const struct ld_elem attributes_elems[] = {
	LD_BOOL("snapshot_mode", struct ld_session, snapshot),
	LD_U64("live_timer_interval", struct ld_session, live_timer_us,
	       UINT32_MAX),
	LD_NESTED("rotation_schedules", rotation_elems),
	LD_END,
};

/*
 * An error line of lttcomm_parse_urls(): kept for the parser's message.
 * Per thread: pass 1 runs in the client's thread before any lock is
 * taken, so two clients may load at once.
 */
static _Thread_local char url_error[256];

static void url_report(const char *line)
{
	if (!url_error[0])
		snprintf(url_error, sizeof(url_error), "%s", line);
}

/* The URLs of an output to lttng-relayd (ctrl, data) as `lttng create -C
 * URL -D URL` takes them, or a local URL (no data).  0 or -code (detail
 * set). */
static int net_urls(const char *ctrl, const char *data, struct ld_dest *d,
		    struct lttcomm_detail *detail)
{
	char path[LTTCOMM_PATH_MAX];
	int kind;

	url_error[0] = '\0';
	kind = lttcomm_parse_urls(ctrl, data, &d->ctrl, &d->data, path,
				  sizeof(path), url_report);
	if (kind == LTTCOMM_URL_NET) {
		d->network = 1;
		d->path[0] = '\0';
		return 0;
	}
	if (kind == LTTCOMM_URL_LOCAL && !data) {
		d->network = 0;
		strcpy(d->path, path);
		return 0;
	}
	detail_set(detail, "invalid URL %s%s%s", ctrl, url_error[0] ? ": " : "",
		   url_error);
	return -LTTNG_ERR_INVALID;
}

/* <net_output><control_uri/><data_uri/></net_output> into obj (a struct
 * ld_dest). */
static int parse_net_output(struct parser *p, xmlNodePtr node, void *obj)
{
	struct net_xml {
		char ctrl[LTTCOMM_PATH_MAX + 80], data[LTTCOMM_PATH_MAX + 80];
	} x;
	static const struct ld_elem elems[] = {
		LD_TEXT("control_uri", struct net_xml, ctrl),
		LD_TEXT("data_uri", struct net_xml, data),
		LD_END,
	};
	struct ld_dest *d = obj;
	int ret;

	x.ctrl[0] = x.data[0] = '\0';
	ret = parse_elements(p, node, elems, &x);
	if (ret)
		return ret;
	if (!x.ctrl[0] || !x.data[0])
		return bad(p, node, INVALID, "<net_output> needs <control_uri> and <data_uri>");
	url_error[0] = '\0';
	if (lttcomm_parse_urls(x.ctrl, x.data, &d->ctrl, &d->data, d->path,
			       sizeof(d->path), url_report) != LTTCOMM_URL_NET)
		return bad(p, node, INVALID, "invalid network output %s, %s%s%s",
			   x.ctrl, x.data, url_error[0] ? ": " : "", url_error);
	d->network = 1;
	d->path[0] = '\0';
	return 0;
}

static const struct ld_elem destination_elems[] = {
	LD_TEXT("path", struct ld_dest, path),
	LD_CALL("net_output", parse_net_output),
	LD_END,
};

static const struct ld_elem consumer_output_elems[] = {
	LD_BOOL("enabled", struct ld_dest, enabled),
	LD_NESTED("destination", destination_elems),
	LD_END,
};

/* <consumer_output><enabled/><destination><path/> or <net_output/>... */
static int parse_consumer_output(struct parser *p, xmlNodePtr node,
				 struct ld_dest *d)
{
	int ret;

	d->enabled = 1;
	ret = parse_elements(p, node, consumer_output_elems, d);
	if (ret)
		return ret;
	if (!d->enabled) {
		d->path[0] = '\0';
		d->network = 0;
	}
	if (!d->network && d->path[0] && d->path[0] != '/')
		return bad(p, node, INVALID, "output path %s is not absolute",
			   d->path);
	return 0;
}

/* The snapshot output o takes the destination d. */
static int snap_dest(struct lttcomm_snapshot_output *o,
		     const struct ld_dest *d)
{
	if (d->network) {
		o->ctrl = d->ctrl;
		o->data = d->data;
		if (lttcomm_uri_str(&d->ctrl, o->path, sizeof(o->path)) >=
		    (int)sizeof(o->path))
			return -1;
		return 0;
	}
	memset(&o->ctrl, 0, sizeof(o->ctrl));
	memset(&o->data, 0, sizeof(o->data));
	strcpy(o->path, d->path);
	return 0;
}

/* An <output> of <snapshot_outputs>. */
struct snap_xml {
	char name[LTTCOMM_NAME_MAX];
	uint64_t max_size;
	struct ld_dest d;
	int has_dest;
};

static int snap_consumer_output(struct parser *p, xmlNodePtr n, void *obj)
{
	struct snap_xml *x = obj;

	x->has_dest = 1;
	return parse_consumer_output(p, n, &x->d);
}

static const struct ld_elem snap_output_elems[] = {
	LD_TEXT("name", struct snap_xml, name),
	LD_U64("max_size", struct snap_xml, max_size, UINT64_MAX),
	LD_CALL("consumer_output", snap_consumer_output),
	LD_END,
};

/* <snapshot_outputs><output><name/><max_size/><consumer_output/>: at
 * most one, as a session has (LTTng's limit too). */
static int parse_snapshot_output(struct parser *p, xmlNodePtr n, void *obj)
{
	struct ld_session *s = obj;
	struct lttcomm_snapshot_output *o = &s->snap;
	struct snap_xml x = { .has_dest = 0 };
	int ret;

	if (s->has_snap_output)
		return bad(p, n, UNSUPP, "more than one snapshot output");
	ret = parse_elements(p, n, snap_output_elems, &x);
	if (ret)
		return ret;
	if (!x.has_dest || (!x.d.network && !x.d.path[0]))
		return bad(p, n, INVALID, "a snapshot output without a destination");
	memset(o, 0, sizeof(*o));
	memcpy(o->name, x.name, sizeof(o->name));
	o->max_size = x.max_size;
	if (snap_dest(o, &x.d))
		return bad(p, n, INVALID, "snapshot output: URL too long");
	s->has_snap_output = 1;
	return 0;
}

static const struct ld_elem snapshot_outputs_elems[] = {
	LD_CALL("output", parse_snapshot_output),
	LD_END,
};

static int parse_output(struct parser *p, xmlNodePtr node, void *obj)
{
	struct ld_session *s = obj;
	struct ld_dest d = { 0 };
	xmlNodePtr n;
	int ret = check_container(p, node);

	for (n = xmlFirstElementChild(node); n && !ret;
	     n = xmlNextElementSibling(n)) {
		if (is(n, "snapshot_outputs")) {
			ret = parse_elements(p, n, snapshot_outputs_elems, s);
			continue;
		}
		if (!is(n, "consumer_output"))
			return unknown(p, n);
		ret = parse_consumer_output(p, n, &d);
		if (ret)
			return ret;
		strcpy(s->output, d.path);
		s->network = d.network;
		s->ctrl = d.ctrl;
		s->data = d.data;
	}
	return ret;
}

static const struct ld_elem domains_elems[] = {
	LD_CALL("domain", parse_domain),
	LD_END,
};

static const struct ld_elem session_elems[] = {
	LD_TEXT("name", struct ld_session, name),
	LD_NESTED("domains", domains_elems),
	LD_BOOL("started", struct ld_session, started),
	LD_NESTED("attributes", attributes_elems),
	LD_CALL("output", parse_output),
	LD_UNSUPP("shared_memory_path", " is not supported"),
	LD_END,
};

static int parse_session(struct parser *p, xmlNodePtr node,
			 struct ld_session *s)
{
	int ret = parse_elements(p, node, session_elems, s);

	if (ret)
		return ret;
	/* no <name>: "", which is not valid either */
	if (lttcomm_check_session_name(s->name))
		return bad(p, node, INVALID, "<session> without a valid <name>");
	if (s->snapshot) {
		/* as LTTng: the snapshot mode wins over a live timer */
		s->live_timer_us = 0;
		if (s->output[0] || s->network)
			return bad(p, node, INVALID, "session %s: a snapshot session's output is <snapshot_outputs>",
				   s->name);
	} else if (s->has_snap_output) {
		return bad(p, node, INVALID, "session %s: <snapshot_outputs> without <snapshot_mode>",
			   s->name);
	}
	if (s->live_timer_us && !s->network)
		return bad(p, node, INVALID, "session %s: a live session needs a network output",
			   s->name);
	return 0;
}

/* Parses text (of file) and appends its sessions to *plan. */
static int parse_file(const char *file, const char *text, size_t len,
		      struct ld_session ***tail, struct lttcomm_detail *detail)
{
	struct parser p = { .file = file, .detail = detail };
	xmlDocPtr doc;
	xmlNodePtr root, n;
	int ret = 0;

	doc = xmlReadMemory(text, (int)len, file, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();

		detail_set(detail, "%s:%d: not well-formed XML: %s", file,
			   e ? e->line : 0, e && e->message ? e->message : "");
		/* libxml2's message ends with a newline */
		if (detail && detail->text[0]) {
			size_t l = strlen(detail->text);

			if (detail->text[l - 1] == '\n')
				detail->text[l - 1] = '\0';
		}
		return INVALID;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, "sessions")) {
		ret = bad(&p, root, INVALID, "the root element must be <sessions>");
		goto out;
	}
	ret = check_container(&p, root);
	for (n = xmlFirstElementChild(root); n && !ret;
	     n = xmlNextElementSibling(n)) {
		struct ld_session *s;

		if (!is(n, "session")) {
			ret = unknown(&p, n);
			break;
		}
		s = calloc(1, sizeof(*s));
		if (!s) {
			ret = -LTTNG_ERR_NOMEM;
			break;
		}
		snprintf(s->file, sizeof(s->file), "%s", file);
		**tail = s;
		*tail = &s->next;
		ret = parse_session(&p, n, s);
	}
out:
	xmlFreeDoc(doc);
	return ret;
}

/* --- reading files with the peer's credentials -------------------------- */

struct read_job {
	const char *path;
	char *text;			/* out: contents, NUL-terminated */
	size_t len;
	char **names;			/* out: a directory's *.lttng files */
	unsigned int nr_names;
	int is_dir;
	int err;			/* errno */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(struct read_job *j)
{
	DIR *d = opendir(j->path);
	struct dirent *de;
	size_t ext = strlen(LTTCOMM_SESSION_EXT);

	if (!d) {
		j->err = errno;
		return -1;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **n;

		if (l <= ext || strcmp(de->d_name + l - ext, LTTCOMM_SESSION_EXT))
			continue;
		n = realloc(j->names, (j->nr_names + 1) * sizeof(*n));
		if (!n || !(n[j->nr_names] = strdup(de->d_name))) {
			if (n)
				j->names = n;
			j->err = ENOMEM;
			closedir(d);
			return -1;
		}
		j->names = n;
		j->nr_names++;
	}
	closedir(d);
	if (j->nr_names)
		qsort(j->names, j->nr_names, sizeof(*j->names), cmp_names);
	return 0;
}

static int read_whole(struct read_job *j, int fd)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0) {
		j->err = errno;
		return -1;
	}
	if (st.st_size > (off_t)LD_FILE_MAX) {
		j->err = EFBIG;
		return -1;
	}
	j->text = malloc((size_t)st.st_size + 1);
	if (!j->text) {
		j->err = ENOMEM;
		return -1;
	}
	while (j->len < (size_t)st.st_size) {
		n = read(fd, j->text + j->len, (size_t)st.st_size - j->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			j->err = n ? errno : EIO;
			return -1;
		}
		j->len += (size_t)n;
	}
	j->text[j->len] = '\0';
	return 0;
}

static int read_path(void *arg)
{
	struct read_job *j = arg;
	struct stat st;
	int fd, ret;

	/* O_NONBLOCK: a FIFO's open does not wait for a writer (it is
	 * refused below); a regular file's read is unaffected */
	fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		j->err = errno;
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		j->err = errno;
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		j->is_dir = 1;
		return list_dir(j);
	}
	if (!S_ISREG(st.st_mode) || fcntl(fd, F_SETFL, 0) < 0) {
		j->err = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		return -1;
	}
	ret = read_whole(j, fd);
	close(fd);
	return ret;
}

struct loader {
	uid_t uid;
	gid_t gid;
	struct lttcomm_detail *detail;
	struct ld_session *plan, **tail;
};

static void job_free(struct read_job *j)
{
	unsigned int i;

	free(j->text);
	for (i = 0; i < j->nr_names; i++)
		free(j->names[i]);
	free(j->names);
}

/* Reads and parses path (a file, or every *.lttng file of a directory).
 * missing_ok: a path that does not exist adds nothing. */
static int load_path(struct loader *l, const char *path, int missing_ok)
{
	struct read_job j = { .path = path };
	unsigned int i;
	int ret;

	ret = sd_run_as(l->uid, l->gid, read_path, &j);
	if (ret < 0 && ret != -1) {	/* could not take the credentials */
		job_free(&j);
		return ret;
	}
	if (ret) {
		job_free(&j);
		if (missing_ok && j.err == ENOENT)
			return 0;
		detail_set(l->detail, "%s: %s", path, strerror(j.err));
		return j.err == EACCES ? -LTTNG_ERR_EPERM :
		       j.err == ENOENT ? -LTTNG_ERR_LOAD_SESSION_NOENT :
					 -LTTNG_ERR_LOAD_IO_FAIL;
	}
	if (!j.is_dir) {
		ret = parse_file(path, j.text, j.len, &l->tail, l->detail);
		job_free(&j);
		return ret;
	}
	for (i = 0; i < j.nr_names && !ret; i++) {
		char file[LTTCOMM_PATH_MAX];

		if (snprintf(file, sizeof(file), "%s/%s", path, j.names[i]) >=
		    (int)sizeof(file)) {
			detail_set(l->detail, "%s/%s: path too long", path,
				   j.names[i]);
			ret = -LTTNG_ERR_LOAD_IO_FAIL;
			break;
		}
		ret = load_path(l, file, 0);
	}
	job_free(&j);
	return ret;
}

/* --- pass 2: replaying the plan ----------------------------------------- */

static int run(struct loader *l, unsigned int cmd, const void *req)
{
	struct cmd_ctx ctx = { .cmd = cmd, .req = req, .uid = l->uid,
			       .gid = l->gid };
	int ret = cmd_run_locked(&ctx);

	free(ctx.reply);
	return ret;
}

static int fail(struct loader *l, const struct ld_session *s, int ret,
		const char *what, const char *name)
{
	detail_set(l->detail, "%s: session %s: %s%s%s: %s", s->file, s->name,
		   what, name ? " " : "", name ? name : "",
		   lttcomm_strerror(ret));
	return ret;
}

/*
 * A zeroed context or event request (their first fields alike: session,
 * channel, domain) naming channel c of session s in domain.
 */
#define AIM_AT_CHANNEL(req, s, domain, c) do {				\
	memset(&(req), 0, sizeof(req));					\
	strcpy((req).session, (s)->name);				\
	strcpy((req).channel, (c)->attr.name);				\
	(req).domain = (domain);					\
} while (0)

static int apply_channel(struct loader *l, const struct ld_session *s,
			 uint32_t domain, const struct ld_channel *c)
{
	struct lttcomm_channel_req creq;
	struct lttcomm_context_req xreq;
	struct lttcomm_event_req ereq;
	unsigned int i;
	int ret;

	memset(&creq, 0, sizeof(creq));
	strcpy(creq.session, s->name);
	creq.domain = domain;
	creq.attr = c->attr;
	ret = run(l, LTTCOMM_CMD_ENABLE_CHANNEL, &creq);
	if (ret)
		return fail(l, s, ret, "channel", c->attr.name);
	AIM_AT_CHANNEL(xreq, s, domain, c);
	for (i = 0; i < c->nr_ctxs; i++) {
		xreq.ctx = c->ctxs[i];
		ret = run(l, LTTCOMM_CMD_ADD_CONTEXT, &xreq);
		if (ret)
			return fail(l, s, ret, "context", c->ctxs[i].name);
	}
	AIM_AT_CHANNEL(ereq, s, domain, c);
	for (i = 0; i < c->nr_events; i++) {
		ereq.event = c->events[i];
		ereq.event.enabled = 0;
		ret = run(l, LTTCOMM_CMD_ENABLE_EVENT, &ereq);
		if (ret)
			return fail(l, s, ret, "event", c->events[i].name);
	}
	for (i = 0; i < c->nr_events; i++) {
		if (c->events[i].enabled)
			continue;
		ereq.event = c->events[i];
		ret = run(l, LTTCOMM_CMD_DISABLE_EVENT, &ereq);
		if (ret)
			return fail(l, s, ret, "disabling event",
				    c->events[i].name);
	}
	if (!c->enabled) {
		ret = run(l, LTTCOMM_CMD_DISABLE_CHANNEL, &creq);
		if (ret)
			return fail(l, s, ret, "disabling channel",
				    c->attr.name);
	}
	return 0;
}

static int apply_domain(struct loader *l, const struct ld_session *s,
			uint32_t domain, const struct ld_domain *d)
{
	struct lttcomm_tracker_req treq;
	unsigned int i, t;
	int ret;

	for (i = 0; i < d->nr_chans; i++) {
		ret = apply_channel(l, s, domain, &d->chans[i]);
		if (ret)
			return ret;
	}
	memset(&treq, 0, sizeof(treq));
	strcpy(treq.session, s->name);
	treq.domain = domain;
	for (t = 0; t <= LTTCOMM_TRACKER_VGID; t++) {
		const struct ld_tracker *tr = &d->trackers[t];

		if (!tr->present)
			continue;
		treq.type = t;
		treq.all = 1;		/* track nothing, then the values */
		ret = run(l, LTTCOMM_CMD_UNTRACK, &treq);
		treq.all = 0;
		for (i = 0; i < tr->nr && !ret; i++) {
			treq.id = tr->ids[i];
			ret = run(l, LTTCOMM_CMD_TRACK, &treq);
		}
		if (ret)
			return fail(l, s, ret, "tracker",
				    lttcomm_tracker_name(t));
	}
	return 0;
}

static int apply_rotation_schedules(struct loader *l,
				    const struct ld_session *s)
{
	struct lttcomm_rotation_schedule r;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	strcpy(r.session, s->name);
	r.activate = 1;
	if (s->rot_timer_us) {
		r.type = LTTCOMM_ROTATION_PERIODIC;
		r.value = s->rot_timer_us;
		ret = run(l, LTTCOMM_CMD_ROTATION_SET_SCHEDULE, &r);
	}
	if (!ret && s->rot_size) {
		r.type = LTTCOMM_ROTATION_SIZE;
		r.value = s->rot_size;
		ret = run(l, LTTCOMM_CMD_ROTATION_SET_SCHEDULE, &r);
	}
	return ret ? fail(l, s, ret, "rotation schedule", NULL) : 0;
}

static int apply_session(struct loader *l, const struct ld_session *s)
{
	struct lttcomm_create_req creq;
	struct lttcomm_session_req sreq;
	int ret;

	memset(&creq, 0, sizeof(creq));
	strcpy(creq.name, s->name);
	strcpy(creq.output, s->output);
	creq.no_output = !s->output[0] && !s->network;
	if (s->network) {
		creq.ctrl = s->ctrl;
		creq.data = s->data;
	}
	creq.snapshot = (uint32_t)s->snapshot;
	creq.live_timer_us = s->live_timer_us;
	ret = run(l, LTTCOMM_CMD_CREATE_SESSION, &creq);
	if (ret)
		return fail(l, s, ret, "creating it", NULL);
	if (s->has_snap_output) {
		struct lttcomm_snapshot_output o = s->snap;

		strcpy(o.session, s->name);
		ret = run(l, LTTCOMM_CMD_SNAPSHOT_ADD_OUTPUT, &o);
		if (ret)
			return fail(l, s, ret, "snapshot output", s->snap.name);
	}
	if (s->kernel.present) {
		ret = apply_domain(l, s, LTTCOMM_DOMAIN_KERNEL, &s->kernel);
		if (ret)
			return ret;
	}
	if (s->ust.present) {
		ret = apply_domain(l, s, LTTCOMM_DOMAIN_UST, &s->ust);
		if (ret)
			return ret;
	}
	ret = apply_rotation_schedules(l, s);
	if (ret)
		return ret;
	if (s->started) {
		memset(&sreq, 0, sizeof(sreq));
		strcpy(sreq.session, s->name);
		ret = run(l, LTTCOMM_CMD_START, &sreq);
		if (ret)
			return fail(l, s, ret, "starting it", NULL);
	}
	return 0;
}

static void destroy(struct loader *l, const char *name)
{
	struct lttcomm_session_req req;

	memset(&req, 0, sizeof(req));
	strcpy(req.session, name);
	run(l, LTTCOMM_CMD_DESTROY_SESSION, &req);
}

/* --override-url: a local path (file://PATH or PATH) or a net:// URL,
 * for the session's output or, as LTTng, its snapshot output. */
static int override_output(const char *url, struct ld_session *s,
			   struct lttcomm_detail *detail)
{
	struct ld_dest d = { 0 };
	int ret;

	if (strstr(url, "://") && strncmp(url, "file://", 7)) {
		ret = net_urls(url, NULL, &d, detail);
		if (ret)
			return ret;
	} else {
		if (!strncmp(url, "file://", 7))
			url += 7;
		if (url[0] != '/' || strlen(url) >= sizeof(d.path)) {
			detail_set(detail, "--override-url %s: an absolute path is expected",
				   url);
			return -LTTNG_ERR_INVALID;
		}
		strcpy(d.path, url);
	}
	if (s->snapshot) {
		/* as LTTng: no snapshot output, nothing to override */
		if (s->has_snap_output && snap_dest(&s->snap, &d)) {
			detail_set(detail, "--override-url %s: too long", url);
			return -LTTNG_ERR_INVALID;
		}
		return 0;
	}
	if (s->live_timer_us && !d.network) {
		detail_set(detail, "--override-url %s: a live session needs a network output",
			   url);
		return -LTTNG_ERR_INVALID;
	}
	strcpy(s->output, d.path);
	s->network = d.network;
	s->ctrl = d.ctrl;
	s->data = d.data;
	return 0;
}

/* Keeps the sessions the request selects, checks names and overrides. */
static int select_sessions(struct loader *l, const struct lttcomm_load_req *r,
			   const char *where)
{
	struct ld_session **pp = &l->plan, *s, *o;
	int ret;

	while ((s = *pp)) {
		/* a session named twice: the first one read wins (the
		 * user's directory shadows the system's) */
		for (o = l->plan; o != s; o = o->next)
			if (!strcmp(o->name, s->name))
				break;
		if (o != s && r->input[0]) {
			detail_set(l->detail, "%s: session %s is also in %s",
				   s->file, s->name, o->file);
			return -LTTNG_ERR_LOAD_INVALID_CONFIG;
		}
		if (o != s || (r->session[0] && strcmp(s->name, r->session))) {
			*pp = s->next;
			s->next = NULL;
			plan_free(s);
			continue;
		}
		pp = &s->next;
	}
	if (!l->plan && (r->session[0] || r->input[0])) {
		if (r->session[0])
			detail_set(l->detail, "no session %s in %s", r->session,
				   where);
		else
			detail_set(l->detail, "no session in %s", where);
		return -LTTNG_ERR_LOAD_SESSION_NOENT;
	}
	for (s = l->plan; s; s = s->next) {
		if (r->override_name[0]) {
			ret = lttcomm_check_session_name(r->override_name);
			if (ret) {
				detail_set(l->detail, "--override-name %s: invalid name",
					   r->override_name);
				return ret;
			}
			strcpy(s->name, r->override_name);
		}
		if (r->override_url[0]) {
			ret = override_output(r->override_url, s, l->detail);
			if (ret)
				return ret;
		}
		if (!session_find(s->name, 0))
			continue;
		if (!session_find(s->name, l->uid)) {
			detail_set(l->detail, "session %s belongs to another user",
				   s->name);
			return -LTTNG_ERR_EPERM;
		}
		if (!r->force) {
			detail_set(l->detail, "session %s already exists (--force replaces it)",
				   s->name);
			return -LTTNG_ERR_EXIST_SESS;
		}
	}
	return 0;
}

/* Pass 1's result, read and parsed before any lock is taken. */
struct config_loaded {
	struct loader l;
	struct lttcomm_detail detail;
	char where[2 * LTTCOMM_PATH_MAX + 16];
	int ret;
};

struct config_loaded *config_load_read(const struct lttcomm_load_req *r,
				       uid_t uid, gid_t gid)
{
	struct config_loaded *c = calloc(1, sizeof(*c));
	char user[LTTCOMM_PATH_MAX];

	if (!c)
		return NULL;
	c->l = (struct loader){ .uid = uid, .gid = gid, .detail = &c->detail };
	c->l.tail = &c->l.plan;
	if ((r->input[0] && r->input[0] != '/') ||
	    (!r->input[0] && r->home[0] != '/')) {
		detail_set(&c->detail, "the input path must be absolute");
		c->ret = -LTTNG_ERR_INVALID;
	} else if (r->input[0]) {
		c->ret = load_path(&c->l, r->input, 0);
		snprintf(c->where, sizeof(c->where), "%s", r->input);
	} else if (snprintf(user, sizeof(user), "%s/%s", r->home,
			    LTTCOMM_SESSIONS_DIR) >= (int)sizeof(user)) {
		detail_set(&c->detail, "%s: path too long", r->home);
		c->ret = -LTTNG_ERR_INVALID;
	} else {
		c->ret = load_path(&c->l, user, 1);
		if (!c->ret)
			c->ret = load_path(&c->l, LTTCOMM_SYSTEM_SESSIONS, 1);
		snprintf(c->where, sizeof(c->where), "%s or %s", user,
			 LTTCOMM_SYSTEM_SESSIONS);
	}
	return c;
}

void config_loaded_free(struct config_loaded *c)
{
	if (c)
		plan_free(c->l.plan);
	free(c);
}

int config_load_apply(struct config_loaded *c, const struct lttcomm_load_req *r,
		      struct lttcomm_detail *detail)
{
	struct loader *l = &c->l;
	struct ld_session *s, *f;
	int ret = c->ret;

	l->detail = detail;
	*detail = c->detail;
	if (!ret)
		ret = select_sessions(l, r, c->where);
	for (s = ret ? NULL : l->plan; s; s = s->next) {
		struct sd_session *old = session_find(s->name, l->uid);

		if (old)
			destroy(l, old->name);
		ret = apply_session(l, s);
		if (ret) {
			/* this one and those before it */
			for (f = l->plan; f != s->next; f = f->next)
				if (session_find(f->name, l->uid))
					destroy(l, f->name);
			break;
		}
		detail->count++;
		SD_INFO("Session %s loaded from %s", s->name, s->file);
	}
	return ret;
}

int config_load_at_start(const char *path)
{
	struct lttcomm_load_req r;
	struct lttcomm_detail detail;
	const char *home = lttcomm_user_home();
	const char *dirs[2];
	char user[LTTCOMM_PATH_MAX];
	unsigned int i, n = 0;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	if (path) {
		dirs[n++] = path;
	} else {
		if (home && snprintf(user, sizeof(user), "%s/%s/auto", home,
				     LTTCOMM_SESSIONS_DIR) < (int)sizeof(user))
			dirs[n++] = user;
		dirs[n++] = LTTCOMM_SYSTEM_SESSIONS "/auto";
	}
	for (i = 0; i < n && !ret; i++) {
		struct config_loaded *c;
		struct stat st;

		/* auto-load only from existing directories of our own uid
		 * (root: any) */
		if (!path && (stat(dirs[i], &st) < 0 ||
			      (geteuid() && st.st_uid != geteuid())))
			continue;
		snprintf(r.input, sizeof(r.input), "%s", dirs[i]);
		memset(&detail, 0, sizeof(detail));
		/* read without sd_lock, applied under it */
		c = config_load_read(&r, geteuid(), getegid());
		pthread_mutex_lock(&sd_lock);
		ret = c ? config_load_apply(c, &r, &detail) : -LTTNG_ERR_NOMEM;
		pthread_mutex_unlock(&sd_lock);
		config_loaded_free(c);
		if (ret)
			SD_ERR("Session load failed: %s: %s%s%s", dirs[i],
			       lttcomm_strerror(ret),
			       detail.text[0] ? ": " : "", detail.text);
		else
			SD_INFO("Loaded %u session(s) from %s", detail.count,
				dirs[i]);
	}
	return ret;
}
