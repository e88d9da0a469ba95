// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-metadata.c - CTF 1.8 metadata (TSDL) of a user-space buffer owner.
 *
 * The same layout as the kernel tracer's (module/metadata.c): trace block
 * with LTTng's packet header, the monotonic clock, the packet context and
 * the compact/extended event header; then the UST specifics: env with
 * domain "ust", tracer "lttng-ust" 2.13, the buffering scheme ("uid" or
 * "pid") and its id, and for per-PID traces vpid, procname and
 * vpid_datetime, as LTTng writes them; one stream per channel (id = the
 * channel's index in the session, event.context from its contexts with
 * LTTng-UST's types) and one event block per event id, with its log
 * level.
 *
 * The file is only appended to: the header when the owner is created,
 * a stream when a channel first gets rings, the events that got ids
 * while one application was brought in line with a session in one write
 * at the end (ust_metadata_commit), always before any application can
 * write a record that needs the declarations.  babeltrace2 reads the whole file when it opens the
 * trace.
 *
 * Every name here was checked at registration (ust.c) so that it cannot
 * break out of its TSDL string or identifier; the host name and session
 * name are sanitized here.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lttng-tsdl.h"
#include "output.h"
#include "ust.h"

struct text {
	char *buf;
	size_t len, cap;
	int err;
};

static __attribute__((format(printf, 2, 3)))
void tprintf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf ? t->buf + t->len : NULL,
			      t->buf ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->err = -EINVAL;
			return;
		}
		if (t->buf && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t cap = t->cap ? t->cap * 2 : 8192;
			char *nb;

			while (cap < t->len + (size_t)n + 1)
				cap *= 2;
			nb = realloc(t->buf, cap);
			if (!nb) {
				t->err = -ENOMEM;
				return;
			}
			t->buf = nb;
			t->cap = cap;
		}
	}
}

/* buf appended to the copy *all of *all_len bytes: 0 or -ENOMEM. */
static int append_copy(char **all, size_t *all_len, const void *buf,
		       size_t len)
{
	char *tmp = realloc(*all, *all_len + len);

	if (!tmp)
		return -ENOMEM;
	memcpy(tmp + *all_len, buf, len);
	*all = tmp;
	*all_len += len;
	return 0;
}

/*
 * Sessions with an output: the text goes to the current trace chunk's
 * metadata and is kept whole, for the next chunk's (rotation.c) to start
 * with all of it.
 */
int ust_metadata_write(struct ust_owner *o, const void *buf, size_t len)
{
	int ret;

	if (!o->meta)
		return 0;
	ret = out_metadata_write(o->meta, buf, len);
	if (!ret && append_copy(&o->md_all, &o->md_all_len, buf, len))
		SD_ERR("%s/metadata: out of memory: the next trace chunk's metadata will be incomplete",
		       o->dir);
	return ret;
}

/*
 * The text of o goes where its reader wants all of it: a snapshot
 * session (no metadata file) keeps it for every snapshot to write whole
 * (snap_meta, under ust_cons_lock); a session with an output appends it
 * to its file (ust_metadata_write()).  0 or -errno (logged).
 */
static int emit(struct ust_owner *o, const char *buf, size_t len)
{
	int ret = 0;

	if (!len)
		return 0;
	if (o->keep_meta) {
		pthread_mutex_lock(&ust_cons_lock);
		if (append_copy(&o->snap_meta, &o->snap_meta_len, buf, len))
			o->snap_meta_err = 1;
		pthread_mutex_unlock(&ust_cons_lock);
	}
	/* output.c notes a failure for the session */
	if (o->meta)
		ret = ust_metadata_write(o, buf, len);
	if (ret)
		SD_ERR("%s/metadata: %s", o->dir, strerror(-ret));
	return ret;
}

static int flush_text(struct ust_owner *o, struct text *t)
{
	int ret = t->err;

	if (ret)
		SD_ERR("%s/metadata: %s", o->dir, strerror(-ret));
	else
		ret = emit(o, t->buf, t->len);
	free(t->buf);
	return ret;
}

static void sanitized(struct text *t, const char *key, const char *val)
{
	char buf[LTTCOMM_PATH_MAX];
	size_t i;

	for (i = 0; val[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (isprint((unsigned char)val[i]) && val[i] != '"' &&
			  val[i] != '\\') ? val[i] : '_';
	buf[i] = '\0';
	tprintf(t, "\t%s = \"%s\";\n", key, buf);
}

static void uuid_str(const uint8_t *u, char *out)
{
	sprintf(out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* The clock's UUID: the boot id, the same for every trace of this boot
 * (babeltrace2 merges per-PID traces only with identical clock UUIDs). */
static void clock_uuid(char *out)
{
	char buf[64] = "";
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		close(fd);
		if (n >= 36)
			buf[36] = '\0';
		else
			buf[0] = '\0';
	}
	if (strlen(buf) == 36)
		strcpy(out, buf);
	else
		strcpy(out, "9a3e1c52-5a5b-4c8e-9f1e-2d6f3b7a4c10");
}

/* Realtime minus monotonic, in ns: the pair of reads closest together. */
static int64_t clock_offset(void)
{
	int64_t best = 0, best_gap = INT64_MAX;
	int i;

	for (i = 0; i < 10; i++) {
		struct timespec m1, r, m2;
		int64_t a, b, gap;

		clock_gettime(CLOCK_MONOTONIC, &m1);
		clock_gettime(CLOCK_REALTIME, &r);
		clock_gettime(CLOCK_MONOTONIC, &m2);
		a = (int64_t)m1.tv_sec * 1000000000 + m1.tv_nsec;
		b = (int64_t)m2.tv_sec * 1000000000 + m2.tv_nsec;
		gap = b - a;
		if (gap < best_gap) {
			best_gap = gap;
			best = ((int64_t)r.tv_sec * 1000000000 + r.tv_nsec) -
			       (a + gap / 2);
		}
	}
	return best;
}

/* The clock's offset from the Epoch, sampled now: whole seconds and ns
 * (0 <= ns < 1e9). */
static void clock_offset_now(long long *sec, long *ns)
{
	int64_t off = clock_offset();

	*sec = off / 1000000000;
	*ns = (long)(off % 1000000000);
	if (*ns < 0) {
		(*sec)--;
		*ns += 1000000000;
	}
}

/*
 * lttng regenerate metadata: the clock's offset in o's metadata (the
 * "offset_s" and "offset" lines of its clock block, in md_all) sampled
 * again, as LTTng's regeneration does, before md_all is written out
 * anew.  sd_lock held.  0, or -errno (md_all unchanged).
 */
int ust_metadata_resample_clock(struct ust_owner *o)
{
	static const char sec_key[] = "\toffset_s = ", ns_key[] = "\toffset = ";
	char *clk, *a, *a_end, *b, *b_end, *n, line[96];
	long long sec;
	long ns;
	size_t len, head, mid, tail;
	int l;

	if (!o->md_all_len)
		return 0;
	clk = memmem(o->md_all, o->md_all_len, "clock {\n", 8);
	if (!clk)
		return 0;
	len = o->md_all_len - (size_t)(clk - o->md_all);
	a = memmem(clk, len, sec_key, sizeof(sec_key) - 1);
	b = a ? memmem(a, len - (size_t)(a - clk), ns_key, sizeof(ns_key) - 1) :
		NULL;
	a_end = a ? memchr(a, '\n', o->md_all_len - (size_t)(a - o->md_all)) :
		    NULL;
	b_end = b ? memchr(b, '\n', o->md_all_len - (size_t)(b - o->md_all)) :
		    NULL;
	if (!a_end || !b_end || a_end > b)
		return -EINVAL;
	clock_offset_now(&sec, &ns);
	l = snprintf(line, sizeof(line), "%s%lld;\n%s%ld;", sec_key, sec,
		     ns_key, ns);
	head = (size_t)(a - o->md_all);
	mid = (size_t)(b_end - a);	/* both lines, the last '\n' kept */
	tail = o->md_all_len - head - mid;
	n = malloc(head + (size_t)l + tail);
	if (!n)
		return -ENOMEM;
	memcpy(n, o->md_all, head);
	memcpy(n + head, line, (size_t)l);
	memcpy(n + head + l, b_end, tail);
	free(o->md_all);
	o->md_all = n;
	o->md_all_len = head + (size_t)l + tail;
	return 0;
}

static void iso_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y%m%dT%H%M%S%z", &tm);
}

int ust_metadata_header(struct ust_owner *o)
{
	struct text t = { 0 };
	char uuid[40], cuuid[40], host[256] = "", when[64];
	long long off_s;
	long off_ns;

	clock_offset_now(&off_s, &off_ns);
	uuid_str(o->uuid, uuid);
	clock_uuid(cuuid);
	gethostname(host, sizeof(host) - 1);
	tprintf(&t, LTTNG_TSDL_BASIC_TYPES LTTNG_TSDL_TRACE("%s"), uuid);
	tprintf(&t, "env {\n");
	sanitized(&t, "hostname", host);
	tprintf(&t,
		"\tdomain = \"ust\";\n"
		"\ttracer_name = \"lttng-ust\";\n"
		"\ttracer_major = 2;\n"
		"\ttracer_minor = 13;\n"
		"\ttracer_buffering_scheme = \"%s\";\n"
		"\ttracer_buffering_id = %d;\n"
		"\tarchitecture_bit_width = 64;\n",
		o->per_pid ? "pid" : "uid",
		o->per_pid ? (int)o->pid : (int)o->uid);
	sanitized(&t, "trace_name", o->sess->name);
	iso_time(o->sess->creation_time, when, sizeof(when));
	sanitized(&t, "trace_creation_datetime", when);
	if (o->per_pid) {
		tprintf(&t, "\tvpid = %d;\n", (int)o->pid);
		sanitized(&t, "procname", o->procname);
		sanitized(&t, "vpid_datetime", o->datetime);
	}
	tprintf(&t, "};\n\n");
	tprintf(&t, LTTNG_TSDL_CLOCK_NAME LTTNG_TSDL_CLOCK_UUID("%s")
		LTTNG_TSDL_CLOCK_END("%d", "%ld") LTTNG_TSDL_HEADERS,
		"monotonic", cuuid, "Monotonic Clock", 1000000000,
		off_s, off_ns, "monotonic", "monotonic", "monotonic");
	return flush_text(o, &t);
}

static void integer_bo(struct text *t, uint32_t size, uint32_t sign,
		       uint32_t enc, uint32_t base, uint32_t big_endian)
{
	tprintf(t, "integer { size = %u; align = 8; signed = %u; encoding = %s; base = %u;%s }",
		size, sign, enc ? "UTF8" : "none", base,
		big_endian ? " byte_order = be;" : "");
}

static void integer(struct text *t, uint32_t size, uint32_t sign,
		    uint32_t enc, uint32_t base)
{
	integer_bo(t, size, sign, enc, base, 0);
}

static void context_field(struct text *t, const struct lttcomm_context *ctx)
{
	uint32_t type = ctx->type;
	char perf[LTTCOMM_NAME_MAX];
	const char *name;

	tprintf(t, "\t\t");
	switch (type) {
	case LTTNG_UST_CTX_PROCNAME:
		integer(t, 8, 1, 1, 10);
		tprintf(t, " _procname[17];\n");
		break;
	case LTTNG_UST_CTX_PTHREAD_ID:
		integer(t, 64, 0, 0, 16);
		tprintf(t, " _pthread_id;\n");
		break;
	case LTTNG_UST_CTX_IP:
		integer(t, 64, 0, 0, 16);
		tprintf(t, " _ip;\n");
		break;
	case LTTNG_UST_CTX_PERF_THREAD_COUNTER:
		if (ust_perf_attr(ctx->name, NULL, perf, sizeof(perf))) {
			t->err = -EINVAL;
			return;
		}
		integer(t, 64, 0, 0, 10);
		tprintf(t, " _%s;\n", perf);
		break;
	default:
		/* The other user space contexts: 32-bit signed integers. */
		name = lttcomm_ust_ctx_name(type);
		if (!name) {
			t->err = -EINVAL;
			return;
		}
		integer(t, 32, 1, 0, 10);
		tprintf(t, " _%s;\n", name);
	}
}

int ust_metadata_stream(struct ust_owner *o, struct ust_ochan *oc)
{
	struct text t = { 0 };
	struct sd_context *x;
	unsigned int n = 0;

	tprintf(&t,
		"stream {\n"
		"\tid = %u;\n"
		"\tevent.header := struct event_header_compact;\n"
		"\tpacket.context := struct packet_context;\n", oc->stream_id);
	if (oc->chan->contexts) {
		tprintf(&t, "\tevent.context := struct {\n");
		for (x = oc->chan->contexts;
		     x && n < LTTNG_UST_MAX_CONTEXTS; x = x->next, n++)
			context_field(&t, &x->ctx);
		tprintf(&t, "\t};\n");
	}
	tprintf(&t, "};\n\n");
	return flush_text(o, &t);
}

static void field(struct text *t, const struct lttng_ust_field_info *f,
		  const struct lttng_ust_enum_entry *entries)
{
	uint32_t i;

	tprintf(t, "\t\t");
	switch (f->type) {
	case LTTNG_UST_FIELD_INTEGER:
		integer_bo(t, f->size, f->signedness, f->encoding, f->base,
			   f->byte_order);
		tprintf(t, " _%s;\n", f->name);
		break;
	case LTTNG_UST_FIELD_ENUM:
		tprintf(t, "enum : ");
		integer(t, f->size, f->signedness, 0, f->base);
		tprintf(t, " {\n");
		for (i = 0; i < f->nr_entries; i++) {
			const struct lttng_ust_enum_entry *e = &entries[i];

			if (e->start == e->end)
				tprintf(t, "\t\t\t\"%s\" = %lld,\n", e->label,
					(long long)e->start);
			else
				tprintf(t, "\t\t\t\"%s\" = %lld ... %lld,\n",
					e->label, (long long)e->start,
					(long long)e->end);
		}
		tprintf(t, "\t\t} _%s;\n", f->name);
		break;
	case LTTNG_UST_FIELD_FLOAT:
		tprintf(t, "floating_point { exp_dig = %u; mant_dig = %u; byte_order = le; align = 8; } _%s;\n",
			f->size == 32 ? 8 : 11, f->size == 32 ? 24 : 53,
			f->name);
		break;
	case LTTNG_UST_FIELD_STRING:
		tprintf(t, "string { encoding = UTF8; } _%s;\n", f->name);
		break;
	case LTTNG_UST_FIELD_ARRAY:
		integer_bo(t, f->size, f->signedness, f->encoding, f->base,
			   f->byte_order);
		tprintf(t, " _%s[%u];\n", f->name, f->length);
		break;
	case LTTNG_UST_FIELD_SEQUENCE:
		integer(t, f->length_size, 0, 0, 10);
		tprintf(t, " __%s_length;\n\t\t", f->name);
		integer_bo(t, f->size, f->signedness, f->encoding, f->base,
			   f->byte_order);
		tprintf(t, " _%s[ __%s_length ];\n", f->name, f->name);
		break;
	default:
		t->err = -EINVAL;
	}
}

int ust_metadata_event(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_oevent *e)
{
	const struct ust_event_desc *d = &e->desc;
	const struct lttng_ust_enum_entry *ent = d->entries;
	struct text t = { o->md_buf, o->md_len, o->md_cap, 0 };
	uint32_t i;

	tprintf(&t,
		"event {\n"
		"\tname = \"%s\";\n"
		"\tid = %u;\n"
		"\tstream_id = %u;\n"
		"\tloglevel = %d;\n"
		"\tfields := struct {\n", d->name, e->id, oc->stream_id,
		d->loglevel);
	for (i = 0; i < d->nr_fields; i++) {
		field(&t, &d->fields[i], ent);
		if (d->fields[i].type == LTTNG_UST_FIELD_ENUM)
			ent += d->fields[i].nr_entries;
	}
	tprintf(&t, "\t};\n};\n\n");
	/* kept for ust_metadata_commit(): one write per command */
	o->md_buf = t.buf;
	o->md_cap = t.cap;
	if (t.err)
		return t.err;		/* the declaration is not kept */
	o->md_len = t.len;
	return 0;
}

int ust_metadata_commit(struct ust_owner *o)
{
	int ret = emit(o, o->md_buf, o->md_len);

	o->md_len = 0;
	return ret;
}
