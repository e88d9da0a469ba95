// SPDX-License-Identifier: GPL-2.0-only
/*
 * save.c - `lttng save`: sessions to LTTng 2.13's session files.
 *
 * A session is written as LTTng 2.13 writes it (session.xsd, installed
 * by Debian's liblttng-ctl0 as /usr/share/xml/lttng/session.xsd): the
 * same elements, in the same order, with the same names for types,
 * contexts and trackers, so that LTTng loads our files and we load its
 * (load.c).  One file per session, <dir>/<name>.lttng, written with the
 * peer's credentials (the root daemon never writes where the user could
 * not), created exclusively unless --force, removed again if anything
 * fails half-way.
 *
 * A snapshot session has <snapshot_mode> in <attributes> and its output
 * (if any) in <output><snapshot_outputs>; a live session its timer in
 * <attributes><live_timer_interval> and in every channel, as LTTng.
 *
 * Layout of a file:
 *
 *	<sessions><session>
 *	  <name/> <domains>KERNEL, UST (+ the agent domains LTTng lists,
 *	  empty)</domains> <started/> [<attributes/>] <output/>
 *	</session></sessions>
 *
 * The rotation schedules of a session go in <attributes> as
 * <rotation_schedules> (save_attributes(), the one place for them).
 *
 * Called from cmd.c with sd_lock held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "lttng-abi.h"
#include "output.h"
#include "sessiond.h"
#include "session-config.h"

/* --- writing ---------------------------------------------------------- */

struct xw {
	xmlTextWriterPtr w;
	int err;			/* a libxml2 call failed */
	uint32_t live_timer_us;		/* the session's, in every channel */
};

static void open_el(struct xw *x, const char *name)
{
	if (!x->err && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->err = 1;
}

static void close_el(struct xw *x)
{
	if (!x->err && xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

static void el_str(struct xw *x, const char *name, const char *value)
{
	if (!x->err && xmlTextWriterWriteElement(x->w, BAD_CAST name,
						 BAD_CAST value) < 0)
		x->err = 1;
}

static void el_fmt(struct xw *x, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void el_fmt(struct xw *x, const char *name, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	el_str(x, name, buf);
}

static void el_u64(struct xw *x, const char *name, uint64_t v)
{
	el_fmt(x, name, "%" PRIu64, v);
}

static void el_bool(struct xw *x, const char *name, int v)
{
	el_str(x, name, v ? "true" : "false");
}

/* --- the session ---------------------------------------------------------- */

static void save_channel_attrs(struct xw *x, const struct sd_channel *c,
			       int kernel)
{
	const struct lttcomm_channel_attr *a = &c->attr;

	el_str(x, "overwrite_mode",
	       a->overwrite == LTTCOMM_EVENT_LOSS_OVERWRITE ? "OVERWRITE" :
							     "DISCARD");
	el_u64(x, "subbuffer_size", a->subbuf_size);
	el_u64(x, "subbuffer_count", a->num_subbuf);
	el_u64(x, "switch_timer_interval", a->switch_timer_us);
	el_u64(x, "read_timer_interval", a->read_timer_us);
	el_str(x, "output_type",
	       a->output == LTTCOMM_OUTPUT_SPLICE ? "SPLICE" : "MMAP");
	/* LTTng's order differs between the domains (xs:all: any order) */
	if (!kernel) {
		el_fmt(x, "blocking_timeout", "%" PRId64, a->blocking_timeout_us);
		el_u64(x, "monitor_timer_interval", a->monitor_timer_us);
	}
	el_u64(x, "tracefile_size", a->tracefile_size);
	el_u64(x, "tracefile_count", a->tracefile_count);
	el_u64(x, "live_timer_interval", x->live_timer_us);
	if (kernel) {
		el_u64(x, "monitor_timer_interval", a->monitor_timer_us);
		el_fmt(x, "blocking_timeout", "%" PRId64, a->blocking_timeout_us);
	}
}

static void save_event(struct xw *x, const struct lttcomm_event *ev,
		       int kernel)
{
	uint32_t i;

	open_el(x, "event");
	if (ev->name[0])
		el_str(x, "name", ev->name);
	el_bool(x, "enabled", ev->enabled);
	el_str(x, "type", config_event_type_name(ev->type));
	if (!kernel) {
		el_str(x, "loglevel_type",
		       config_loglevel_type_name(ev->loglevel_type));
		if (ev->loglevel_type != LTTCOMM_LOGLEVEL_ALL)
			el_fmt(x, "loglevel", "%d", ev->loglevel);
	}
	if (ev->filter[0])
		el_str(x, "filter", ev->filter);
	if (ev->nr_exclusions) {
		open_el(x, "exclusions");
		for (i = 0; i < ev->nr_exclusions; i++)
			el_str(x, "exclusion", ev->exclusions[i]);
		close_el(x);
	}
	if (ev->type == LTTCOMM_EVENT_PROBE ||
	    ev->type == LTTCOMM_EVENT_FUNCTION) {
		open_el(x, "attributes");
		open_el(x, "probe_attributes");
		if (ev->probe_addr) {
			el_u64(x, "address", ev->probe_addr);
		} else {
			el_str(x, "symbol_name", ev->probe_symbol);
			if (ev->probe_offset)
				el_u64(x, "offset", ev->probe_offset);
		}
		close_el(x);
		close_el(x);
	}
	close_el(x);
}

static void save_context(struct xw *x, const struct lttcomm_context *ctx)
{
	const struct lttcomm_ctx_desc *d = lttcomm_ctx_by_name(ctx->name);
	char field[LTTCOMM_NAME_MAX];
	uint64_t config;
	uint32_t type;
	int perf = !d && !lttcomm_ctx_perf(ctx->name, &type, &config, field,
					   sizeof(field));

	if (!d && !perf) {
		/* the handlers only store names context.c knows */
		x->err = 1;
		return;
	}
	open_el(x, "context");
	if (perf) {
		open_el(x, "perf");
		el_u64(x, "type", type);
		el_u64(x, "config", config);
		el_str(x, "name", field);
		close_el(x);
	} else {
		el_str(x, "type", d->config_name);
	}
	close_el(x);
}

static void save_channel(struct xw *x, const struct sd_channel *c,
			 int kernel)
{
	const struct sd_event *e;
	const struct sd_context *ctx;

	open_el(x, "channel");
	el_str(x, "name", c->attr.name);
	el_bool(x, "enabled", c->attr.enabled);
	save_channel_attrs(x, c, kernel);
	open_el(x, "events");
	for (e = c->events; e; e = e->next)
		save_event(x, &e->ev, kernel);
	close_el(x);
	open_el(x, "contexts");
	for (ctx = c->contexts; ctx; ctx = ctx->next)
		save_context(x, &ctx->ctx);
	close_el(x);
	close_el(x);
}

/* Trackers that do not track everything: <X_process_attr_tracker> with
 * the tracked values (none: an empty list). */
static void save_trackers(struct xw *x, const struct sd_domain *d,
			  int kernel)
{
	unsigned int t, i;

	open_el(x, "process_attr_trackers");
	for (t = 0; t <= LTTCOMM_TRACKER_VGID; t++) {
		const struct sd_tracker *tr = &d->trackers[t];
		const char *name = lttcomm_tracker_name(t);
		char el[64];

		if (tr->all || (!kernel && !config_tracker_ust(t)))
			continue;
		snprintf(el, sizeof(el), "%s_process_attr_tracker", name);
		open_el(x, el);
		open_el(x, "process_attr_values");
		for (i = 0; i < tr->nr; i++) {
			open_el(x, name);
			el_fmt(x, "id", "%d", tr->ids[i]);
			close_el(x);
		}
		close_el(x);
		close_el(x);
	}
	close_el(x);
}

/* A user space domain's buffering: per-process if a channel is. */
static const char *ust_buffers(const struct sd_domain *d)
{
	const struct sd_channel *c;

	for (c = d->channels; c; c = c->next)
		if (c->attr.buffer_type == LTTCOMM_BUFFER_PER_PID)
			return "PER_PID";
	return "PER_UID";
}

static void save_domain(struct xw *x, const struct sd_domain *d, int kernel)
{
	const struct sd_channel *c;
	const char *buffers = ust_buffers(d);

	open_el(x, "domain");
	el_str(x, "type", kernel ? "KERNEL" : "UST");
	el_str(x, "buffer_type", kernel ? "GLOBAL" : buffers);
	open_el(x, "channels");
	for (c = d->channels; c; c = c->next)
		save_channel(x, c, kernel);
	close_el(x);
	save_trackers(x, d, kernel);
	close_el(x);
}

/*
 * <attributes>: session-wide settings.  LTTng writes the element only
 * when one of snapshot mode, live timer or rotation schedules is set;
 * the rotation schedules: <rotation_schedules> with <periodic><time_us>
 * and <size_threshold><bytes>.
 */
static void save_attributes(struct xw *x, const struct sd_session *s)
{
	if (!s->snapshot && !s->live_timer_us && !s->rot_timer_us &&
	    !s->rot_size)
		return;
	open_el(x, "attributes");
	if (s->snapshot)
		el_bool(x, "snapshot_mode", 1);
	else if (s->live_timer_us)
		el_u64(x, "live_timer_interval", s->live_timer_us);
	if (!s->rot_timer_us && !s->rot_size) {
		close_el(x);
		return;
	}
	open_el(x, "rotation_schedules");
	if (s->rot_timer_us) {
		open_el(x, "periodic");
		el_u64(x, "time_us", s->rot_timer_us);
		close_el(x);
	}
	if (s->rot_size) {
		open_el(x, "size_threshold");
		el_u64(x, "bytes", s->rot_size);
		close_el(x);
	}
	close_el(x);
	close_el(x);
}

/* <consumer_output>: to path, or to the relay daemon at ctrl, data. */
static void save_consumer_output(struct xw *x, const char *path,
				 const struct lttcomm_uri *ctrl,
				 const struct lttcomm_uri *data)
{
	open_el(x, "consumer_output");
	el_bool(x, "enabled", 1);
	open_el(x, "destination");
	if (!path) {
		/* as LTTng: the control URL with its sub-directory, the
		 * data URL without */
		struct lttcomm_uri d = *data;
		char url[LTTCOMM_PATH_MAX + 80];

		open_el(x, "net_output");
		lttcomm_uri_str(ctrl, url, sizeof(url));
		el_str(x, "control_uri", url);
		d.subdir[0] = '\0';
		lttcomm_uri_str(&d, url, sizeof(url));
		el_str(x, "data_uri", url);
		close_el(x);
	} else {
		el_str(x, "path", path);
	}
	close_el(x);
	close_el(x);
}

/* <snapshot_outputs><output>: name, max_size, destination. */
static void save_snapshot_output(struct xw *x,
				 const struct lttcomm_snapshot_output *o)
{
	open_el(x, "snapshot_outputs");
	open_el(x, "output");
	el_str(x, "name", o->name);
	el_u64(x, "max_size", o->max_size);
	if (o->ctrl.dtype != LTTCOMM_DST_NONE)
		save_consumer_output(x, NULL, &o->ctrl, &o->data);
	else
		save_consumer_output(x, o->path, NULL, NULL);
	close_el(x);
	close_el(x);
}

static void save_session(struct xw *x, const struct sd_session *s)
{
	static const char *const agents[] = { "JUL", "LOG4J", "PYTHON" };
	unsigned int i;

	x->live_timer_us = s->live_timer_us;
	open_el(x, "sessions");
	open_el(x, "session");
	el_str(x, "name", s->name);
	if (s->kernel.present || s->ust.present) {
		open_el(x, "domains");
		if (s->kernel.present)
			save_domain(x, &s->kernel, 1);
		if (s->ust.present) {
			save_domain(x, &s->ust, 0);
			/* LTTng lists its agent domains with every UST one */
			for (i = 0; i < 3; i++) {
				open_el(x, "domain");
				el_str(x, "type", agents[i]);
				el_str(x, "buffer_type", ust_buffers(&s->ust));
				open_el(x, "channels");
				close_el(x);
				close_el(x);
			}
		}
		close_el(x);
	}
	el_bool(x, "started", s->active);
	save_attributes(x, s);
	/* a snapshot session without an output: no <output>, as LTTng */
	if (!s->snapshot || s->snap_has_output) {
		open_el(x, "output");
		if (s->snapshot)
			save_snapshot_output(x, &s->snap_output);
		else if (s->network)
			save_consumer_output(x, NULL, &s->ctrl, &s->data);
		else
			save_consumer_output(x, s->no_output ? "" : s->output,
					     NULL, NULL);
		close_el(x);
	}
	close_el(x);
	close_el(x);
}

/* The file text of s, malloc'ed; NULL on failure. */
static char *session_xml(const struct sd_session *s, size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	struct xw x = { 0 };
	char *out = NULL;

	if (!buf)
		return NULL;
	x.w = xmlNewTextWriterMemory(buf, 0);
	if (!x.w) {
		xmlBufferFree(buf);
		return NULL;
	}
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, BAD_CAST "\t") < 0 ||
	    xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL) < 0)
		x.err = 1;
	save_session(&x, s);
	/* ends with "</sessions>\n", as LTTng's files */
	if (!x.err && xmlTextWriterEndDocument(x.w) < 0)
		x.err = 1;
	xmlFreeTextWriter(x.w);	/* flushes into buf */
	if (!x.err) {
		*len = (size_t)xmlBufferLength(buf);
		out = malloc(*len + 1);
		if (out)
			memcpy(out, xmlBufferContent(buf), *len + 1);
	}
	xmlBufferFree(buf);
	return out;
}

/* --- the file --------------------------------------------------------- */

struct save_job {
	const char *dir;
	const char *name;
	const char *text;
	size_t len;
	int force;
	struct lttcomm_detail *detail;
};

/* Runs with the peer's credentials. */
static int write_file(void *arg)
{
	struct save_job *j = arg;
	char path[LTTCOMM_PATH_MAX + LTTCOMM_NAME_MAX + 16];
	int fd, ret;

	ret = out_mkdir_p(j->dir);
	if (ret) {
		detail_set(j->detail, "cannot create %s: %s", j->dir,
			   strerror(-ret));
		return -LTTNG_ERR_SET_URL;
	}
	snprintf(path, sizeof(path), "%s/%s%s", j->dir, j->name,
		 LTTCOMM_SESSION_EXT);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
		  (j->force ? O_TRUNC : O_EXCL), 0660);
	if (fd < 0) {
		ret = errno;
		detail_set(j->detail, "%s: %s", path, strerror(ret));
		return ret == EEXIST ? -LTTNG_ERR_SAVE_FILE_EXIST :
		       ret == EACCES ? -LTTNG_ERR_EPERM :
				       -LTTNG_ERR_SAVE_IO_FAIL;
	}
	ret = out_write_file(fd, j->text, j->len);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret) {
		detail_set(j->detail, "%s: %s", path, strerror(-ret));
		unlink(path);
		return -LTTNG_ERR_SAVE_IO_FAIL;
	}
	return 0;
}

int config_save_session(const struct sd_session *s, const char *dir,
			int force, uid_t uid, gid_t gid,
			struct lttcomm_detail *detail)
{
	struct save_job j = { .dir = dir, .name = s->name, .force = force,
			      .detail = detail };
	char *text;
	int ret;

	if (strlen(dir) + strlen(s->name) + sizeof(LTTCOMM_SESSION_EXT) + 1 >
	    LTTCOMM_PATH_MAX) {
		detail_set(detail, "%s/%s%s: path too long", dir, s->name,
			   LTTCOMM_SESSION_EXT);
		return -LTTNG_ERR_SET_URL;
	}
	text = session_xml(s, &j.len);
	if (!text) {
		detail_set(detail, "session %s: cannot make its XML", s->name);
		return -LTTNG_ERR_SAVE_IO_FAIL;
	}
	j.text = text;
	ret = sd_run_as(uid, gid, write_file, &j);
	free(text);
	if (!ret)
		SD_INFO("Session %s saved in %s", s->name, dir);
	return ret;
}
