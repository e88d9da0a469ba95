// SPDX-License-Identifier: GPL-2.0-only
/*
 * metadata.c - CTF 1.8 metadata (plain text TSDL) of a session.
 *
 * The text is built in a growing buffer owned by the session and is only
 * ever appended to, so a consumer reading it through the metadata fd just
 * keeps reading:
 *
 *  - at the first start: the signature comment, basic type aliases, the
 *    trace block (UUID, byte order, packet header), env, the clock and its
 *    mapped integer types, the packet context and event header structures,
 *    one stream per channel (id = channel id, event.context from the
 *    channel's contexts) and one event block per existing event;
 *  - whenever an event is created later: its event block.
 *
 * lttng regenerate metadata (after a change of the wall clock) is the one
 * exception: the clock offset is sampled again and the whole text built
 * anew in a fresh buffer, which replaces the old one only once complete;
 * meta_gen tells the metadata fd to read it again from its first byte.
 *
 * The layouts written here must match ring_buffer.c (packet header and
 * context, compact/extended event header) and the sources' serialization
 * (every integer aligned on 8 bits, fields in description order, a
 * sequence preceded by its length).  Field names get a leading underscore
 * (CTF readers strip it), so a sequence "x" has its length in "__x_length",
 * shown as "_x_length".
 *
 * An append is all or nothing: on allocation failure the text is rolled
 * back and -ENOMEM returned.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/utsname.h>
#include <linux/ctype.h>
#include <linux/math64.h>
#include "core.h"
#include "../include/lttng-tsdl.h"

static int meta_reserve(struct lttng_session *s, size_t more)
{
	size_t need = s->meta_len + more, alloc;
	char *n;

	if (need <= s->meta_alloc)
		return 0;
	alloc = max_t(size_t, s->meta_alloc * 2, 16384);
	while (alloc < need)
		alloc *= 2;
	n = kvmalloc(alloc, GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	if (s->meta)
		memcpy(n, s->meta, s->meta_len);
	kvfree(s->meta);
	s->meta = n;
	s->meta_alloc = alloc;
	return 0;
}

static __printf(2, 3)
void meta_printf(struct lttng_session *s, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (s->meta_error)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (meta_reserve(s, len + 1)) {
		s->meta_error = -ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s->meta + s->meta_len, len + 1, fmt, ap);
	va_end(ap);
	s->meta_len += len;
}

static void meta_begin(struct lttng_session *s, size_t *mark)
{
	*mark = s->meta_len;
	s->meta_error = 0;
}

static int meta_end(struct lttng_session *s, size_t mark)
{
	int ret = s->meta_error;

	if (ret) {
		s->meta_len = mark;
		s->meta_error = 0;
		return ret;
	}
	s->meta_version++;
	wake_up_interruptible(&s->meta_wait);
	return 0;
}

void lttng_metadata_free(struct lttng_session *s)
{
	kvfree(s->meta);
	s->meta = NULL;
	s->meta_len = 0;
	s->meta_alloc = 0;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

static void meta_integer(struct lttng_session *s,
			 const struct lttng_integer_type *t)
{
	meta_printf(s, "integer { size = %u; align = %u; signed = %u; encoding = %s; base = %u;%s }",
		    t->size, t->alignment ? t->alignment : 8,
		    t->signedness ? 1 : 0, t->encoding ? "UTF8" : "none",
		    t->base ? t->base : 10,
		    t->byte_order ? " byte_order = be;" : "");
}

static void meta_field(struct lttng_session *s, const struct lttng_field_desc *f)
{
	const struct lttng_type *t = &f->type;
	unsigned int i;

	meta_printf(s, "\t\t");
	switch (t->kind) {
	case LTTNG_TYPE_INTEGER:
		meta_integer(s, &t->integer);
		meta_printf(s, " _%s;\n", f->name);
		break;
	case LTTNG_TYPE_ENUM:
		meta_printf(s, "enum : ");
		meta_integer(s, &t->integer);
		meta_printf(s, " {\n");
		for (i = 0; i < t->nr_entries; i++) {
			const struct lttng_enum_entry *e = &t->entries[i];

			if (e->start == e->end)
				meta_printf(s, "\t\t\t\"%s\" = %lld,\n", e->label,
					    e->start);
			else
				meta_printf(s, "\t\t\t\"%s\" = %lld ... %lld,\n",
					    e->label, e->start, e->end);
		}
		meta_printf(s, "\t\t} _%s;\n", f->name);
		break;
	case LTTNG_TYPE_STRING:
		meta_printf(s, "string { encoding = UTF8; } _%s;\n", f->name);
		break;
	case LTTNG_TYPE_ARRAY:
		meta_integer(s, &t->integer);
		meta_printf(s, " _%s[%u];\n", f->name, t->length);
		break;
	case LTTNG_TYPE_SEQUENCE:
		meta_integer(s, &t->length_type);
		meta_printf(s, " __%s_length;\n\t\t", f->name);
		meta_integer(s, &t->integer);
		meta_printf(s, " _%s[ __%s_length ];\n", f->name, f->name);
		break;
	default:
		/* unknown kind: make the metadata fail loudly, not silently */
		s->meta_error = -EINVAL;
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static void meta_sanitized(struct lttng_session *s, const char *key,
			   const char *val)
{
	char buf[72];
	size_t i;

	for (i = 0; i + 1 < sizeof(buf) && val[i]; i++)
		buf[i] = (isprint(val[i]) && val[i] != '"' && val[i] != '\\') ?
			 val[i] : '_';
	buf[i] = '\0';
	meta_printf(s, "\t%s = \"%s\";\n", key, buf);
}

static void meta_header(struct lttng_session *s)
{
	const struct lttng_clock_info *c = &s->clock;
	struct new_utsname *u;

	meta_printf(s, LTTNG_TSDL_BASIC_TYPES);
	meta_printf(s, LTTNG_TSDL_TRACE("%pUb"), &s->uuid);

	meta_printf(s, "env {\n");
	meta_printf(s, "\thostname = \"%s\";\n", s->hostname);
	meta_printf(s, "\tdomain = \"kernel\";\n");
	u = utsname();
	meta_sanitized(s, "sysname", u->sysname);
	meta_sanitized(s, "kernel_release", u->release);
	meta_sanitized(s, "kernel_version", u->version);
	meta_printf(s,
		"\ttracer_name = \"lttng-modules\";\n"
		"\ttracer_major = %d;\n"
		"\ttracer_minor = %d;\n"
		"\ttracer_patchlevel = %d;\n"
		"\ttrace_buffering_scheme = \"global\";\n"
		"\ttrace_name = \"%s\";\n"
		"\ttrace_creation_datetime = \"%s\";\n"
		"};\n\n",
		LTTNG_TRACER_MAJOR, LTTNG_TRACER_MINOR,
		LTTNG_TRACER_PATCHLEVEL, s->name, s->creation_time);

	meta_printf(s, LTTNG_TSDL_CLOCK_NAME, c->name);
	if (c->uuid[0])
		meta_printf(s, LTTNG_TSDL_CLOCK_UUID("%s"), c->uuid);
	meta_printf(s, LTTNG_TSDL_CLOCK_END("%llu", "%llu"), c->description,
		    c->freq, c->offset_s, c->offset);
	meta_printf(s, LTTNG_TSDL_HEADERS, c->name, c->name, c->name);
}

static void meta_stream(struct lttng_session *s, struct lttng_channel *chan)
{
	unsigned int i;

	meta_printf(s,
		"stream {\n"
		"\tid = %u;\n"
		"\tevent.header := struct event_header_compact;\n"
		"\tpacket.context := struct packet_context;\n", chan->id);
	if (chan->ctx.nr_fields) {
		meta_printf(s, "\tevent.context := struct {\n");
		for (i = 0; i < chan->ctx.nr_fields; i++)
			meta_field(s, &chan->ctx.fields[i].field);
		meta_printf(s, "\t};\n");
	}
	meta_printf(s, "};\n\n");
}

static void meta_event(struct lttng_session *s, struct lttng_event *ev)
{
	const struct lttng_event_desc *d = ev->desc;
	unsigned int i;

	meta_printf(s,
		"event {\n"
		"\tname = \"%s\";\n"
		"\tid = %u;\n"
		"\tstream_id = %u;\n"
		"\tfields := struct {\n", d->name, ev->id, ev->chan->id);
	for (i = 0; i < d->nr_fields; i++)
		meta_field(s, &d->fields[i]);
	meta_printf(s, "\t};\n};\n\n");
}

int lttng_metadata_dump_session(struct lttng_session *s)
{
	struct lttng_channel *chan;
	struct lttng_event *ev;
	size_t mark;
	int ret;

	meta_begin(s, &mark);
	meta_header(s);
	list_for_each_entry(chan, &s->chans, node)
		meta_stream(s, chan);
	list_for_each_entry(chan, &s->chans, node)
		list_for_each_entry(ev, &chan->events, node)
			meta_event(s, ev);
	ret = meta_end(s, mark);
	if (!ret)
		s->meta_dumped = 1;
	return ret;
}

int lttng_metadata_dump_event(struct lttng_event *ev)
{
	struct lttng_session *s = ev->chan->session;
	size_t mark;

	if (!s->meta_dumped)
		return 0;	/* written with the rest at start */
	meta_begin(s, &mark);
	meta_event(s, ev);
	return meta_end(s, mark);
}

/*
 * Rebuild the text with a new clock offset (lttng_sessions_mutex held, the
 * session started): on -ENOMEM the old text and offset stay.
 */
int lttng_metadata_regenerate(struct lttng_session *s)
{
	char *old = s->meta;
	size_t old_len = s->meta_len, old_alloc = s->meta_alloc;
	s64 old_offset_s = s->clock.offset_s;
	u64 old_offset = s->clock.offset;
	int ret;

	if (!s->meta_dumped)
		return -EBUSY;
	s->meta = NULL;
	s->meta_len = 0;
	s->meta_alloc = 0;
	lttng_clock_resample(&s->clock);
	ret = lttng_metadata_dump_session(s);
	if (ret) {
		kvfree(s->meta);
		s->meta = old;
		s->meta_len = old_len;
		s->meta_alloc = old_alloc;
		s->clock.offset_s = old_offset_s;
		s->clock.offset = old_offset;
		return ret;	/* meta_end() did not bump meta_version */
	}
	kvfree(old);
	s->meta_gen++;
	return 0;
}
