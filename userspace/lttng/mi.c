// SPDX-License-Identifier: GPL-2.0-only
/*
 * mi.c - the machine interface: `lttng --mi xml COMMAND`.
 *
 * LTTng's MI 4.1 (mi-lttng-4.1.xsd): one document per command on stdout,
 *
 *	<?xml version="1.0" encoding="UTF-8"?>
 *	<command xmlns=... schemaVersion="4.1">
 *	  <name>COMMAND</name> <output>...</output> [<success>BOOL</success>]
 *	</command>
 *
 * while the human texts are silent (msg() prints nothing) and errors and
 * warnings still go to stderr.  A command writes its MI with the small
 * API below:
 *
 *	mi_begin("enable-channel");	// <command><name/><output>
 *	mi_open("channels");
 *	mi_session(...), mi_channel(...), mi_str("name", x), mi_bool(...)
 *	mi_close();
 *	mi_end(success);		// </output>[<success/>]</command>
 *
 * Every call is a no-op when --mi was not given, so commands call them
 * unconditionally.  mi_end(MI_NO_SUCCESS) leaves <success> out (list,
 * version).  The shared records (a session, a channel with its
 * attributes, an event rule, a context, a tracker value) are written
 * here once, in LTTng's element order.  libxml2 writes the XML
 * (escaping, encoding).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "lttng.h"

#define MI_NS		"https://lttng.org/xml/ns/lttng-mi"
#define MI_SCHEMA	MI_NS " https://lttng.org/xml/schemas/lttng-mi/4/lttng-mi-4.1.xsd"

int opt_mi;

static xmlTextWriterPtr w;
static int depth;		/* open elements below <command> */
static int failed;		/* a write failed (stdout closed...) */

static void check(int rc)
{
	if (rc < 0)
		failed = 1;
}

int mi_parse_type(const char *type)
{
	/* LTTng compares the first three characters only */
	if (strncasecmp(type, "xml", 3))
		return -1;
	opt_mi = 1;
	return 0;
}

int mi_active(void)
{
	return w != NULL;
}

void mi_begin(const char *command)
{
	xmlOutputBufferPtr out;

	if (!opt_mi || w)
		return;
	fflush(stdout);
	out = xmlOutputBufferCreateFd(STDOUT_FILENO, NULL);
	if (!out || !(w = xmlNewTextWriter(out))) {
		failed = 1;
		return;
	}
	check(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	check(xmlTextWriterStartElement(w, BAD_CAST "command"));
	check(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST MI_NS));
	check(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
		BAD_CAST "http://www.w3.org/2001/XMLSchema-instance"));
	check(xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:schemaLocation",
					  BAD_CAST MI_SCHEMA));
	check(xmlTextWriterWriteAttribute(w, BAD_CAST "schemaVersion",
					  BAD_CAST "4.1"));
	check(xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST command));
	check(xmlTextWriterStartElement(w, BAD_CAST "output"));
	depth = 0;
}

void mi_open(const char *el)
{
	if (!w)
		return;
	check(xmlTextWriterStartElement(w, BAD_CAST el));
	depth++;
}

void mi_close(void)
{
	if (!w || !depth)
		return;
	check(xmlTextWriterEndElement(w));
	depth--;
}

void mi_str(const char *el, const char *value)
{
	if (w)
		check(xmlTextWriterWriteElement(w, BAD_CAST el, BAD_CAST value));
}

void mi_u64(const char *el, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	mi_str(el, buf);
}

void mi_i64(const char *el, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	mi_str(el, buf);
}

void mi_bool(const char *el, int v)
{
	mi_str(el, v ? "true" : "false");
}

int mi_end(int success)
{
	int ret;

	if (!w)
		return 0;
	while (depth)
		mi_close();
	check(xmlTextWriterEndElement(w));	/* </output> */
	if (success != MI_NO_SUCCESS)
		mi_bool("success", success);
	check(xmlTextWriterEndElement(w));	/* </command> */
	/* no newline after the document, as LTTng */
	check(xmlTextWriterFlush(w));
	xmlFreeTextWriter(w);
	w = NULL;
	ret = failed ? -1 : 0;
	if (ret)
		err("IO error while writing MI output");
	return ret;
}

void mi_disabled(const char *el, const char *name, int success)
{
	mi_open(el);
	mi_str("name", name);
	mi_bool("enabled", !success);
	mi_bool("success", success);
	mi_close();
}

int mi_end_result(int result)
{
	return mi_end(result == CMD_SUCCESS) && !result ? CMD_ERROR : result;
}

/* --- the shared records -------------------------------------------------- */

void mi_session(const struct lttcomm_session_info *s, int open)
{
	mi_open("session");
	mi_str("name", s->name);
	mi_str("path", s->output);
	mi_bool("enabled", s->active);
	mi_u64("snapshot_mode", s->snapshot);
	mi_u64("live_timer_interval", s->live_timer_us);
	if (!open)
		mi_close();
}

void mi_channel_attrs(const struct lttcomm_channel_attr *a)
{
	mi_open("attributes");
	mi_str("overwrite_mode", a->overwrite == LTTCOMM_EVENT_LOSS_OVERWRITE ?
				 "OVERWRITE" : "DISCARD");
	mi_u64("subbuffer_size", a->subbuf_size);
	mi_u64("subbuffer_count", a->num_subbuf);
	mi_u64("switch_timer_interval", a->switch_timer_us);
	mi_u64("read_timer_interval", a->read_timer_us);
	mi_u64("monitor_timer_interval", a->monitor_timer_us);
	mi_i64("blocking_timeout", a->blocking_timeout_us);
	mi_str("output_type", a->output == LTTCOMM_OUTPUT_SPLICE ? "SPLICE" :
								  "MMAP");
	mi_u64("tracefile_size", a->tracefile_size);
	mi_u64("tracefile_count", a->tracefile_count);
	mi_u64("live_timer_interval", a->live_timer_us);
	mi_u64("discarded_events", a->discarded);
	mi_u64("lost_packets", a->lost_packets);
	mi_close();
}

void mi_channel(const struct lttcomm_channel_attr *a, int open)
{
	mi_open("channel");
	mi_str("name", a->name);
	mi_bool("enabled", a->enabled);
	mi_channel_attrs(a);
	if (!open)
		mi_close();
}

static const char *loglevel_type_name(int type)
{
	switch (type) {
	case LTTCOMM_LOGLEVEL_RANGE:
		return "RANGE";
	case LTTCOMM_LOGLEVEL_SINGLE:
		return "SINGLE";
	default:
		return "ALL";
	}
}

void mi_event(int domain, const struct lttcomm_event *ev, int listing,
	      int open)
{
	uint32_t i;
	int type = ev->type;

	/* LTTng's user space "all events" is the tracepoint rule "*" */
	if (domain != LTTCOMM_DOMAIN_KERNEL && type == LTTCOMM_EVENT_ALL)
		type = LTTCOMM_EVENT_TRACEPOINT;
	mi_open("event");
	mi_str("name", ev->name[0] ? ev->name : "*");
	mi_str("type", event_type_text(type)->mi);
	mi_bool("enabled", ev->enabled);
	/* the rules of `lttng list` show their filter */
	if (listing && ev->filter[0])
		mi_str("filter_expression", ev->filter);
	if (ev->type == LTTCOMM_EVENT_PROBE ||
	    ev->type == LTTCOMM_EVENT_FUNCTION) {
		mi_open("attributes");
		mi_open("probe_attributes");
		if (ev->probe_addr) {
			mi_u64("address", ev->probe_addr);
		} else {
			mi_u64("offset", ev->probe_offset);
			mi_str("symbol_name", ev->probe_symbol);
		}
		mi_close();
		mi_close();
	} else if (type == LTTCOMM_EVENT_TRACEPOINT) {
		if (domain == LTTCOMM_DOMAIN_UST &&
		    ev->loglevel_type != LTTCOMM_LOGLEVEL_ALL) {
			mi_str("loglevel", loglevel_name(domain, ev->loglevel));
			mi_str("loglevel_type",
			       loglevel_type_name(ev->loglevel_type));
		}
		mi_open("exclusions");
		for (i = 0; i < ev->nr_exclusions &&
			    i < LTTCOMM_EXCLUSION_MAX; i++)
			mi_str("exclusion", ev->exclusions[i]);
		mi_close();
	}
	if (!open)
		mi_close();
}

void mi_context(const char *name, int success)
{
	const struct lttcomm_ctx_desc *d = lttcomm_ctx_by_name(name);
	char field[LTTCOMM_NAME_MAX];
	uint64_t config;
	uint32_t type;

	mi_open("context");
	if (!d && !lttcomm_ctx_perf(name, &type, &config, field,
				    sizeof(field))) {
		mi_open("perf");
		mi_u64("type", type);
		mi_u64("config", config);
		mi_str("name", field);
		mi_close();
	} else if (d) {
		mi_str("type", d->config_name);
	}
	mi_str("symbol", name);
	/* LTTng also writes <success> here, which its schema refuses */
	(void)success;
	mi_close();
}

void mi_tracker_open(int type)
{
	char el[64];

	snprintf(el, sizeof(el), "%s_process_attr_tracker", lttcomm_tracker_name(type));
	mi_open(el);
	mi_open("process_attr_values");
}

void mi_tracker_value(int type, int all, int32_t id, int success)
{
	mi_open(lttcomm_tracker_name(type));
	mi_open("type");
	if (all)
		mi_bool("all", 1);
	else
		mi_i64("id", id);
	mi_close();
	if (success != MI_NO_SUCCESS)
		mi_bool("success", success);
	mi_close();
}

/* <rotation_schedule> content: <periodic><time_us/></periodic> or
 * <size_threshold><bytes/></size_threshold>; without its value when
 * !set (LTTng's record of a schedule that was not found). */
void mi_archive_location(const struct lttcomm_rotate_info *a)
{
	mi_open("location");
	if (a->relay_host[0]) {
		mi_open("relay");
		mi_str("host", a->relay_host);
		mi_u64("control_port", a->ctrl_port);
		mi_u64("data_port", a->data_port);
		mi_str("protocol", "TCP");
		mi_str("relative_path", a->path);
	} else {
		mi_open("local");
		mi_str("absolute_path", a->path);
	}
	mi_close();
	mi_close();
}

void mi_rotation_schedule(uint32_t type, uint64_t value, int set)
{
	int periodic = type == LTTCOMM_ROTATION_PERIODIC;

	mi_open(periodic ? "periodic" : "size_threshold");
	if (set)
		mi_u64(periodic ? "time_us" : "bytes", value);
	mi_close();
}

/* enable-rotation, disable-rotation: one schedule and its outcome. */
void mi_rotation_schedule_result(uint32_t type, uint64_t value, int set,
				 int success)
{
	mi_open("rotation_schedule_result");
	mi_open("rotation_schedule");
	mi_rotation_schedule(type, value, set);
	mi_close();
	mi_bool("success", success);
	mi_close();
}
