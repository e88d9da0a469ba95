// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-consumer.c - user-space buffers: owners, rings, trace files.
 *
 * A buffer owner is one CTF trace of a session (LTTng's layout):
 *   per-UID  <output>/ust/uid/<uid>/64-bit/      shared by every
 *            application of that uid traced by the session;
 *   per-PID  <output>/ust/pid/<procname>-<pid>-<YYYYMMDD-HHMMSS>/
 *            one per application (registration time).
 * Each holds `metadata` (ust-metadata.c, appended to as channels and
 * events appear) and, per channel, one ring per CPU (ust_ring_create,
 * sysconf(_SC_NPROCESSORS_CONF) of them) written to <channel>_<cpu>
 * (<channel>_<cpu>_<n> with trace-file limits) and its index.  The files
 * are streams of the session's trace chunk (output.c: created with the
 * session owner's credentials, whole packets, indexes), as the kernel
 * consumer's.  A --no-output session's rings are not read.
 *
 * The consumer thread wakes every SD_UST_READ_TIMER_MS and copies every
 * complete packet of every ring to its file (ust_ring_read_packet checks
 * each packet in its own copy: a ring that an application corrupted
 * gives an error for that stream, which is then no longer read).  When
 * no application of an owner is alive any more, its rings are flushed
 * and read with force (a sub-buffer left half-committed by a killed
 * writer is skipped instead of waited for); a per-PID owner is then
 * finished: files closed, rings unmapped.  STOP and DESTROY flush every
 * ring of the session and drain them before replying, so that after
 * `lttng stop` every record is in the files.
 *
 * ust_cons_lock protects the owner list and the rings/files against the
 * consumer thread; the registry side (creation, ids) runs under sd_lock
 * and takes ust_cons_lock only to link new objects.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "ust-ring.h"
#include "ust.h"

pthread_mutex_t ust_cons_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cons_cond = PTHREAD_COND_INITIALIZER;
static struct ust_owner *owners;
static pthread_t cons_thread;
static int cons_running, cons_quit;
static void *scratch;
static size_t scratch_len;
static uint64_t next_chan_key = 1ULL << 40;

/* --- files --------------------------------------------------------------- */

/* Opens a file of o in the session's chunk (output.c); nothing for a
 * --no-output session. */
static int open_stream(struct ust_owner *o, const struct out_stream_attr *a,
		       struct out_stream **out)
{
	struct out_chunk *chunk;
	int ret;

	*out = NULL;
	if (o->sess->no_output)
		return 0;
	ret = consumer_session_chunk(o->sess, &chunk);
	return ret ? ret : out_stream_open(chunk, a, out);
}

/* --- owners -------------------------------------------------------------- */

struct ust_owner *ust_owner_get(struct sd_session *s, int per_pid, uid_t uid,
				pid_t pid, const char *procname,
				const char *datetime)
{
	struct out_stream_attr meta = { .name = "metadata", .metadata = 1 };
	struct ust_owner *o;
	int n;

	for (o = owners; o; o = o->next)
		if (o->sess == s && o->per_pid == per_pid && !o->finished &&
		    (per_pid ? o->pid == pid : o->uid == uid))
			return o;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->sess = s;
	o->per_pid = per_pid;
	o->uid = uid;
	o->pid = pid;
	snprintf(o->procname, sizeof(o->procname), "%s", procname);
	snprintf(o->datetime, sizeof(o->datetime), "%s", datetime);
	if (per_pid)
		n = snprintf(o->subdir, sizeof(o->subdir), "ust/pid/%s-%d-%s",
			     procname, (int)pid, datetime);
	else
		n = snprintf(o->subdir, sizeof(o->subdir), "ust/uid/%u/64-bit",
			     (unsigned int)uid);
	if (n > 0 && (size_t)n < sizeof(o->subdir))
		n = snprintf(o->dir, sizeof(o->dir), "%s/%s", s->output,
			     o->subdir);
	if (n < 0 || (size_t)n >= sizeof(o->dir) ||
	    getrandom(o->uuid, sizeof(o->uuid), 0) != sizeof(o->uuid)) {
		free(o);
		return NULL;
	}
	o->uuid[6] = (uint8_t)((o->uuid[6] & 0x0f) | 0x40);
	o->uuid[8] = (uint8_t)((o->uuid[8] & 0x3f) | 0x80);
	meta.subdir = o->subdir;
	if (open_stream(o, &meta, &o->meta) || ust_metadata_header(o)) {
		SD_ERR("Session %s: cannot create the UST trace in %s",
		       s->name, o->dir);
		out_stream_close(o->meta);
		free(o);
		return NULL;
	}
	pthread_mutex_lock(&ust_cons_lock);
	o->next = owners;
	owners = o;
	pthread_mutex_unlock(&ust_cons_lock);
	return o;
}

static void stream_close(struct ust_ostream *st)
{
	if (st->ring) {
		st->discarded = ust_ring_discarded(st->ring);
		ust_ring_unmap(st->ring);
		st->ring = NULL;
	}
	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
	if (st->out)
		st->unwritten = st->out->unwritten;
	out_stream_close(st->out);
	st->out = NULL;
}

struct ust_ochan *ust_ochan_get(struct ust_owner *o, struct sd_channel *c,
				uint32_t stream_id)
{
	struct ust_ochan *oc, **pp;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next)
		if (oc->chan == c)
			return oc;
	if (ncpu < 1)
		ncpu = 1;
	/* one SCM_RIGHTS message carries at most 253 fds */
	if (ncpu > 253)
		ncpu = 253;
	oc = calloc(1, sizeof(*oc));
	if (!oc)
		return NULL;
	oc->chan = c;
	oc->stream_id = stream_id;
	oc->key = next_chan_key++;
	oc->nr_streams = (unsigned int)ncpu;
	oc->streams = calloc(oc->nr_streams, sizeof(*oc->streams));
	if (!oc->streams) {
		free(oc);
		return NULL;
	}
	for (i = 0; i < oc->nr_streams; i++)
		oc->streams[i].fd = -1;
	for (i = 0; i < oc->nr_streams; i++) {
		struct ust_ostream *st = &oc->streams[i];
		struct ust_ring_attr attr = {
			.subbuf_size = c->attr.subbuf_size,
			.num_subbuf = (uint32_t)c->attr.num_subbuf,
			.overwrite = c->attr.overwrite,
			.stream_id = stream_id,
			.cpu = i,
		};
		char name[LTTCOMM_NAME_MAX + 16];
		struct out_stream_attr oa = {
			.subdir = o->subdir,
			.name = name,
			.tracefile_size = c->attr.tracefile_size,
			.tracefile_count = c->attr.tracefile_count,
		};
		int ret;

		memcpy(attr.uuid, o->uuid, sizeof(attr.uuid));
		ret = ust_ring_create(&attr, &st->fd);
		if (!ret)
			ret = ust_ring_map(st->fd, &st->ring);
		if (ret) {
			SD_ERR("Channel %s: cannot create ring %u: %s",
			       c->attr.name, i, strerror(-ret));
			goto fail;
		}
		snprintf(name, sizeof(name), "%s_%u", c->attr.name, i);
		if (open_stream(o, &oa, &st->out))
			goto fail;
	}
	if (ust_metadata_stream(o, oc))
		goto fail;
	pthread_mutex_lock(&ust_cons_lock);
	for (pp = &o->chans; *pp; pp = &(*pp)->next)
		;
	*pp = oc;
	pthread_mutex_unlock(&ust_cons_lock);
	return oc;
fail:
	for (i = 0; i < oc->nr_streams; i++)
		stream_close(&oc->streams[i]);
	free(oc->streams);
	free(oc);
	return NULL;
}

static int desc_equal(const struct ust_event_desc *a,
		      const struct ust_event_desc *b)
{
	return a->loglevel == b->loglevel && a->nr_fields == b->nr_fields &&
	       a->nr_entries == b->nr_entries &&
	       !memcmp(a->fields, b->fields,
		       a->nr_fields * sizeof(*a->fields)) &&
	       (!a->nr_entries || !memcmp(a->entries, b->entries,
					  a->nr_entries * sizeof(*a->entries)));
}

int ust_ochan_event_id(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_event_desc *d)
{
	struct ust_oevent *e;

	for (e = oc->events; e; e = e->next)
		if (!strcmp(e->desc.name, d->name))
			return desc_equal(&e->desc, d) ? (int)e->id : -1;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->desc = *d;
	e->desc.fields = malloc((d->nr_fields ? d->nr_fields : 1) *
				sizeof(*d->fields));
	e->desc.entries = malloc((d->nr_entries ? d->nr_entries : 1) *
				 sizeof(*d->entries));
	if (!e->desc.fields || !e->desc.entries)
		goto fail;
	memcpy(e->desc.fields, d->fields, d->nr_fields * sizeof(*d->fields));
	if (d->nr_entries)
		memcpy(e->desc.entries, d->entries,
		       d->nr_entries * sizeof(*d->entries));
	e->id = oc->next_id;
	if (ust_metadata_event(o, oc, e))
		goto fail;
	oc->next_id++;
	e->next = oc->events;
	oc->events = e;
	return (int)e->id;
fail:
	free(e->desc.fields);
	free(e->desc.entries);
	free(e);
	return -1;
}

/* --- reading --------------------------------------------------------------- */

/* Writes one packet whole, or counts it as unwritten (output.c logs and
 * reports it). */
static void write_packet(struct ust_ostream *st, void *buf, size_t len)
{
	struct iovec iov = { buf, len };

	out_stream_write(st->out, &iov, 1);
	st->unwritten = st->out->unwritten;
}

/* Copies every ready packet of st to its file; ust_cons_lock held.
 * Returns the number of packets. */
static unsigned int drain_stream(struct ust_owner *o, struct ust_ochan *oc,
				 unsigned int cpu, int force)
{
	struct ust_ostream *st = &oc->streams[cpu];
	uint64_t need;
	unsigned int n = 0;

	if (!st->ring)
		return 0;
	need = ust_ring_subbuf_size(st->ring);
	if (need > scratch_len) {
		void *t = realloc(scratch, need);

		if (!t)
			return 0;
		scratch = t;
		scratch_len = need;
	}
	for (;;) {
		ssize_t len = ust_ring_read_packet(st->ring, scratch,
						   scratch_len, force);

		if (len == 0)
			break;
		if (len < 0) {
			SD_ERR("Session %s: %s/%s_%u: corrupt ring (%s): no longer read",
			       o->sess->name, o->dir, oc->chan->attr.name, cpu,
			       strerror((int)-len));
			stream_close(st);
			break;
		}
		if (st->out)
			write_packet(st, scratch, (size_t)len);
		n++;
	}
	if (st->ring)
		st->discarded = ust_ring_discarded(st->ring);
	return n;
}

static unsigned int drain_owner(struct ust_owner *o, int force)
{
	struct ust_ochan *oc;
	unsigned int n = 0, i;

	/* --no-output: the records stay in the rings */
	if (o->finished || o->sess->no_output)
		return 0;
	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++)
			n += drain_stream(o, oc, i, force);
	return n;
}

static void flush_owner(struct ust_owner *o)
{
	struct ust_ochan *oc;
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++)
			if (oc->streams[i].ring)
				ust_ring_flush(oc->streams[i].ring);
}

/* Flush, then read until two passes in a row find nothing; lock held. */
static void drain_until_empty(struct ust_owner *o)
{
	int idle = 0, rounds = 0;

	flush_owner(o);
	while (idle < 2 && rounds++ < 1000) {
		if (drain_owner(o, o->nr_alive <= 0)) {
			idle = 0;
		} else {
			idle++;
			usleep(1000);
		}
	}
}

static void finish_owner(struct ust_owner *o)
{
	struct ust_ochan *oc;
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++)
			stream_close(&oc->streams[i]);
	out_stream_close(o->meta);
	o->meta = NULL;
	o->finished = 1;
}

void ust_owners_drain(struct sd_session *s)
{
	struct ust_owner *o;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next)
		if (o->sess == s && !o->finished)
			drain_until_empty(o);
	pthread_mutex_unlock(&ust_cons_lock);
}

void ust_owner_put(struct ust_owner *o)
{
	pthread_mutex_lock(&ust_cons_lock);
	if (--o->nr_alive <= 0 && !o->finished) {
		drain_until_empty(o);
		if (o->per_pid)
			finish_owner(o);
	}
	pthread_mutex_unlock(&ust_cons_lock);
}

static void owner_free(struct ust_owner *o)
{
	finish_owner(o);
	while (o->chans) {
		struct ust_ochan *oc = o->chans;

		o->chans = oc->next;
		while (oc->events) {
			struct ust_oevent *e = oc->events;

			oc->events = e->next;
			free(e->desc.fields);
			free(e->desc.entries);
			free(e);
		}
		free(oc->streams);
		free(oc);
	}
	free(o);
}

void ust_owners_free(struct sd_session *s)
{
	struct ust_owner **pp;

	pthread_mutex_lock(&ust_cons_lock);
	for (pp = &owners; *pp; ) {
		struct ust_owner *o = *pp;

		if (o->sess != s) {
			pp = &o->next;
			continue;
		}
		*pp = o->next;
		owner_free(o);
	}
	pthread_mutex_unlock(&ust_cons_lock);
}

void ust_channel_counts(struct sd_channel *c, uint64_t *discarded,
			uint32_t *unwritten)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;

	*discarded = 0;
	*unwritten = 0;
	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next)
		for (oc = o->chans; oc; oc = oc->next) {
			if (oc->chan != c)
				continue;
			for (i = 0; i < oc->nr_streams; i++) {
				struct ust_ostream *st = &oc->streams[i];

				*discarded += st->ring ?
					      ust_ring_discarded(st->ring) :
					      st->discarded;
				*unwritten = st->unwritten < UINT32_MAX - *unwritten ?
					     *unwritten + st->unwritten :
					     UINT32_MAX;
			}
		}
	pthread_mutex_unlock(&ust_cons_lock);
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* --switch-timer: close the sub-buffers being written periodically, so a
 * slow stream's records reach the files without waiting for stop. */
static void switch_timers(struct ust_owner *o)
{
	uint64_t now = mono_us();
	struct ust_ochan *oc;
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next) {
		uint32_t period = oc->chan->attr.switch_timer_us;

		if (!period || now - oc->last_switch_us < period)
			continue;
		oc->last_switch_us = now;
		for (i = 0; i < oc->nr_streams; i++)
			if (oc->streams[i].ring)
				ust_ring_flush(oc->streams[i].ring);
	}
}

static void *cons_thread_fn(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ust_cons_lock);
	while (!cons_quit) {
		struct timespec ts;
		struct ust_owner *o;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += SD_UST_READ_TIMER_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&cons_cond, &ust_cons_lock, &ts);
		if (cons_quit)
			break;
		for (o = owners; o; o = o->next) {
			if (!o->finished)
				switch_timers(o);
			drain_owner(o, o->nr_alive <= 0);
		}
	}
	pthread_mutex_unlock(&ust_cons_lock);
	return NULL;
}

int ust_consumer_start(void)
{
	cons_quit = 0;
	if (pthread_create(&cons_thread, NULL, cons_thread_fn, NULL))
		return -1;
	cons_running = 1;
	return 0;
}

void ust_consumer_stop(void)
{
	if (!cons_running)
		return;
	pthread_mutex_lock(&ust_cons_lock);
	cons_quit = 1;
	pthread_cond_signal(&cons_cond);
	pthread_mutex_unlock(&ust_cons_lock);
	pthread_join(cons_thread, NULL);
	cons_running = 0;
	free(scratch);
	scratch = NULL;
	scratch_len = 0;
}
