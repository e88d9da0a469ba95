// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-consumer.c - user-space buffers: owners, rings, trace files, and the
 * consumer threads that move records from the rings to the files.
 *
 * Owners
 * ------
 * A buffer owner is one CTF trace of a session (LTTng's layout):
 *   per-UID  <output>/ust/uid/<uid>/64-bit/      shared by every
 *            application of that uid traced by the session;
 *   per-PID  <output>/ust/pid/<procname>-<pid>-<YYYYMMDD-HHMMSS>/
 *            one per application (registration time).
 * Each holds `metadata` (ust-metadata.c, appended to as channels and
 * events appear) and, per channel, one ring per CPU (ust_ring_create,
 * sysconf(_SC_NPROCESSORS_CONF) of them, at most LTTNG_UST_MAX_STREAMS)
 * written to <channel>_<cpu> (<channel>_<cpu>_<n> with trace-file
 * limits) and its index, plus a wake-up socket pair per ring: the
 * applications get one end (the writer sends a byte when it completes a
 * sub-buffer and the reader asked, ust_ring_arm), the consumer polls the
 * other.  The files are streams of the session's trace chunk (output.c:
 * created with the session owner's credentials, regular files only,
 * whole packets with their index entries, locally or to lttng-relayd), as
 * the kernel consumer's.  A --no-output session's rings are not read: the
 * records stay there.
 *
 * Consumer threads
 * ----------------
 * Threads of their own per session (struct ust_csess), so that a session
 * whose disk is slow holds back only itself: as many as CPUs (at most
 * SD_UST_CONSUMER_THREADS).  Thread k runs the timers of the rings of
 * CPUs k modulo that count, but every thread polls every ring of the
 * session and reads whichever is ready and not being read by another
 * (st->reading, taken under the lock): a wake-up reaches them all, and
 * the first one that the scheduler runs reads, so that a ring waits for
 * the quickest of several CPUs' run queues rather than for one.  Each
 * asks for a short scheduler slice (cs_short_slice).  Each sleeps
 * in poll() on the wake-up sockets, with as timeout the nearest
 * timer:
 *   - read timer 0 (LTTng's UST default): the writers wake it; before
 *     sleeping it arms every stream it has read (ust_ring_arm) and goes on
 *     at once if one became ready meanwhile;
 *   - --read-timer N: the writers never wake it, it reads that channel
 *     every N us (LTTng's semantics);
 *   - --switch-timer N: every N us the channel's rings are flushed;
 *   - a live session's timer: every period each ring is flushed (its
 *     clock read first) and read; a ring that gave no packet gets a live
 *     beacon with that time (out_stream_beacon), as LTTng's live timer;
 *   - and once a second, every stream is looked at anyway.
 * A pass takes the work under ust_cons_lock, then reads and writes
 * without any lock: each packet is handed whole to out_stream_write()
 * straight from the shared memory (the header built here, the records
 * where the writers put them, the unused end as padding the output layer
 * supplies: the local sink writes it with one pwritev(), the relay sink
 * sends it; discard mode: no writer enters a sub-buffer before it is
 * released; overwrite mode copies first), at most
 * one ring's worth of packets per stream and pass, so that a ring an
 * application keeps "full" cannot hold the thread.  The daemon never
 * trusts the shared memory: the packet header is built from the reader's
 * private geometry and position (ust-ring.c).
 *
 * Draining
 * --------
 * Nothing here waits for a drain.  Stop (after every application
 * answered SESSION_STOP), an application's death and destroy flush the
 * rings (ust_ring_flush returns the position where it closed them) and
 * set drain_to = force_upto = that position on each stream: the thread
 * reads up to it, skipping sub-buffers there that a dead writer left
 * incomplete (every live writer quiesced before the flush), and
 * DATA_PENDING answers "pending" until it got there
 * (ust_owners_pending), bounded by the ring size.  A per-UID owner whose
 * application died while others keep writing is recovered the same way
 * once the others went through a grace period (ust.c sends them SYNC):
 * ust_owner_flush, then ust_owner_force with those positions.
 *
 * Lifetime: ust.c creates owners and channels (their session's lock
 * held, no daemon-wide lock: their files are opened there) and links
 * them under ust_cons_lock; only the session's first consumer thread
 * closes files and frees owners (finish_req: close once drained;
 * free_req: free once finished, after the session is destroyed), when no
 * thread is reading them (busy), so the threads do I/O without the lock.
 * ust_cons_lock is never held across I/O.  A stream of the output layer
 * is written by the one thread that reads its ring at the time; its chunk (and a
 * relay daemon connection) stays until the last stream is closed, which
 * may be after the session is gone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "../../include/lttng-ctf-layout.h"
#include "output.h"
#include "ust-ring.h"
#include "ust.h"

#define SAFETY_SCAN_MS		1000

pthread_mutex_t ust_cons_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cons_cond = PTHREAD_COND_INITIALIZER;
static struct ust_owner *owners;
static struct ust_csess *csessions;
static uint64_t next_chan_key = 1ULL << 40;

/* One consumer thread of a session: it reads any ready stream of the
 * session, and runs the timers of the streams of CPUs index modulo the
 * session's worker count. */
struct ust_cworker {
	struct ust_csess *cs;
	unsigned int index;
	int ctl[2];			/* wakes the thread (pipe) */
	void *copybuf;			/* overwrite mode */
	size_t copylen;
	struct cw_stats *stats;		/* LTTNG_UST_CONSUMER_STATS */
};

/*
 * Statistics of a consumer thread, when the daemon's environment has
 * LTTNG_UST_CONSUMER_STATS=FILE (bench/ust-bench): appended to FILE when
 * the thread ends.  lat: from a sub-buffer's close (its timestamp_end)
 * to the reader getting it; backlog: sub-buffers between the reader and
 * the writers when it got one (the ring's count: the writers discard).
 */
#define CW_LAT_BUCKETS	6
struct cw_stats {
	uint64_t packets, bytes, write_ns, polls, sleep_ns, passes;
	uint64_t lat_sum, lat_max, lat[CW_LAT_BUCKETS];
	uint64_t backlog[5];
	uint64_t t0, last_read, last_disc, last_delay, delay0;
	long slice_us;			/* cs_short_slice() */
	unsigned int nlog;
	char log[32][160];		/* the packets that show new losses */
	unsigned int ntl;
	struct { uint64_t seq, tb, te, tr, lost; unsigned int bl, cpu; } tl[256];
	unsigned int npl;
	struct { uint64_t in, out, locked, delay; int timeout, nin; } pl[512];
};

/* The consumer of one session. */
struct ust_csess {
	uint64_t sess_key;
	char name[LTTCOMM_NAME_MAX];
	unsigned int gen;		/* streams added or removed */
	int destroyed;			/* exit once its owners are freed */
	int quit;			/* daemon exit: finish and exit */
	uint32_t live_us;		/* live timer period, 0: none */
	unsigned int nworkers;
	unsigned int running;		/* workers not exited yet */
	struct ust_cworker w[SD_UST_CONSUMER_THREADS];
	struct ust_csess *next;
};

/* The rings' clock (ust-ring.c), ns */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* ust_cons_lock held */
static void cs_poke(struct ust_csess *cs)
{
	unsigned int k;

	for (k = 0; cs && k < cs->nworkers; k++)
		if (cs->w[k].ctl[1] >= 0 &&
		    write(cs->w[k].ctl[1], "p", 1) < 0 && errno != EAGAIN)
			SD_DBG2("ust consumer wake: %s", strerror(errno));
}

/* ust_cons_lock held */
static void cs_poke_one(struct ust_csess *cs, unsigned int k)
{
	if (cs->w[k].ctl[1] >= 0 &&
	    write(cs->w[k].ctl[1], "p", 1) < 0 && errno != EAGAIN)
		SD_DBG2("ust consumer wake: %s", strerror(errno));
}

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

/* Live viewers see the streams of o opened so far (out_chunk_publish):
 * after a whole channel, after a rotation. */
static int publish_streams(struct ust_owner *o)
{
	struct out_chunk *chunk;
	int ret;

	if (o->sess->no_output)
		return 0;
	ret = consumer_session_chunk(o->sess, &chunk);
	return ret ? ret : out_chunk_publish(chunk, "ust");
}

/* --- the consumer thread of a session ----------------------------------- */

static void *cs_thread(void *arg);
static unsigned int nr_csess_threads;

/* The consumer of s, started on first use; ust_cons_lock held.  As many
 * threads as CPUs (at most SD_UST_CONSUMER_THREADS): while the producers
 * keep every CPU busy, a ready ring still finds a reader soon on one of
 * them. */
static struct ust_csess *csess_get(struct sd_session *s)
{
	struct ust_csess *cs;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int k;

	for (cs = csessions; cs; cs = cs->next)
		if (cs->sess_key == s->ust_key && !cs->destroyed)
			return cs;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	cs->sess_key = s->ust_key;
	snprintf(cs->name, sizeof(cs->name), "%s", s->name);
	cs->live_us = s->live_timer_us;
	cs->nworkers = ncpu < 1 ? 1 : ncpu > SD_UST_CONSUMER_THREADS ?
		       SD_UST_CONSUMER_THREADS : (unsigned int)ncpu;
	for (k = 0; k < cs->nworkers; k++) {
		cs->w[k].cs = cs;
		cs->w[k].index = k;
		cs->w[k].ctl[0] = cs->w[k].ctl[1] = -1;
	}
	for (k = 0; k < cs->nworkers; k++) {
		if (pipe2(cs->w[k].ctl, O_CLOEXEC | O_NONBLOCK) < 0)
			break;
		/* Readers of traces: the default stack size. */
		if (sd_spawn_detached(cs_thread, &cs->w[k], 0)) {
			close(cs->w[k].ctl[0]);
			close(cs->w[k].ctl[1]);
			break;
		}
		cs->running++;
	}
	nr_csess_threads++;
	cs->next = csessions;
	csessions = cs;
	if (k < cs->nworkers) {
		/* the ones started exit at once: nothing to read */
		cs->nworkers = k;
		cs->destroyed = 1;
		cs_poke(cs);
		if (!cs->running) {
			csessions = cs->next;
			nr_csess_threads--;
			free(cs);
		}
		return NULL;
	}
	return cs;
}

/* --- owners -------------------------------------------------------------- */

struct ust_owner *ust_owner_find(struct sd_session *s, int per_pid, uid_t uid,
				 pid_t pid)
{
	struct ust_owner *o;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next)
		if (o->sess == s && o->per_pid == per_pid && !o->finish_req &&
		    (per_pid ? o->pid == pid : o->uid == uid))
			break;
	pthread_mutex_unlock(&ust_cons_lock);
	return o;
}

struct ust_owner *ust_owner_get(struct sd_session *s, int per_pid, uid_t uid,
				pid_t pid, const char *procname,
				const char *datetime)
{
	struct out_stream_attr meta = { .name = "metadata", .metadata = 1 };
	struct ust_owner *o = ust_owner_find(s, per_pid, uid, pid);
	int n;

	if (o)
		return o;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->sess = s;
	o->sess_key = s->ust_key;
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
	o->keep_meta = s->snapshot;
	if (open_stream(o, &meta, &o->meta) || ust_metadata_header(o)) {
		SD_ERR("Session %s: cannot create the UST trace in %s",
		       s->name, o->dir);
		out_stream_close(o->meta);
		free(o->snap_meta);
		free(o);
		return NULL;
	}
	pthread_mutex_lock(&ust_cons_lock);
	o->cs = csess_get(s);
	if (!o->cs) {
		pthread_mutex_unlock(&ust_cons_lock);
		SD_ERR("Session %s: cannot start a consumer thread", s->name);
		out_stream_close(o->meta);
		free(o->snap_meta);
		free(o);
		return NULL;
	}
	o->next = owners;
	owners = o;
	pthread_mutex_unlock(&ust_cons_lock);
	return o;
}

static void stream_init(struct ust_ostream *st)
{
	st->fd = -1;
	st->wake_rd = -1;
	st->wake_wr = -1;
	st->out = NULL;
}

/* Closes what a stream holds; no lock needed once nobody else can see
 * it (creation failures) or from the consumer thread after detaching. */
static void stream_close(struct ust_ostream *st)
{
	if (st->ring) {
		st->discarded = ust_ring_discarded(st->ring);
		ust_ring_unmap(st->ring);
		st->ring = NULL;
	}
	lttcomm_close(&st->fd);
	lttcomm_close(&st->wake_rd);
	lttcomm_close(&st->wake_wr);
	out_stream_close(st->out);
	st->out = NULL;
	out_stream_close(st->rot_out);
	st->rot_out = NULL;
	st->rot_pending = 0;
}

struct ust_ochan *ust_ochan_find(struct ust_owner *o, struct sd_channel *c)
{
	struct ust_ochan *oc;

	for (oc = o->chans; oc; oc = oc->next)
		if (oc->chan == c)
			return oc;
	return NULL;
}

struct ust_ochan *ust_ochan_get(struct ust_owner *o, struct sd_channel *c,
				uint32_t stream_id)
{
	struct ust_ochan *oc = ust_ochan_find(o, c), **pp;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned int i;

	if (oc)
		return oc;
	if (ncpu < 1)
		ncpu = 1;
	/* records of CPU n go to ring n % nr_streams */
	if (ncpu > LTTNG_UST_MAX_STREAMS)
		ncpu = LTTNG_UST_MAX_STREAMS;
	oc = calloc(1, sizeof(*oc));
	if (!oc)
		return NULL;
	oc->chan = c;
	snprintf(oc->name, sizeof(oc->name), "%s", c->attr.name);
	oc->switch_timer_us = c->attr.switch_timer_us;
	oc->read_timer_us = c->attr.read_timer_us;
	oc->stream_id = stream_id;
	oc->nr_streams = (unsigned int)ncpu;
	oc->streams = calloc(oc->nr_streams, sizeof(*oc->streams));
	if (!oc->streams) {
		free(oc);
		return NULL;
	}
	for (i = 0; i < oc->nr_streams; i++)
		stream_init(&oc->streams[i]);
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
		int sv[2], ret;

		memcpy(attr.uuid, o->uuid, sizeof(attr.uuid));
		ret = ust_ring_create(&attr, &st->fd);
		if (!ret)
			ret = ust_ring_map(st->fd, &st->ring);
		if (!ret && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC |
				       SOCK_NONBLOCK, 0, sv) < 0)
			ret = -errno;
		if (ret) {
			SD_ERR("Channel %s: cannot create ring %u: %s",
			       c->attr.name, i, strerror(-ret));
			goto fail;
		}
		st->wake_rd = sv[0];
		st->wake_wr = sv[1];
		st->last_switch_us = st->last_read_us = mono_us();
		st->again = 1;		/* first pass: read timer or arm */
		snprintf(name, sizeof(name), "%s_%u", c->attr.name, i);
		if (open_stream(o, &oa, &st->out))
			goto fail;
	}
	if (ust_metadata_stream(o, oc) || publish_streams(o))
		goto fail;
	pthread_mutex_lock(&ust_cons_lock);
	oc->key = next_chan_key++;
	for (pp = &o->chans; *pp; pp = &(*pp)->next)
		;
	*pp = oc;
	o->cs->gen++;
	cs_poke(o->cs);
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

size_t ust_desc_bytes(const struct ust_event_desc *d)
{
	return sizeof(*d) + d->nr_fields * sizeof(*d->fields) +
	       d->nr_entries * sizeof(*d->entries);
}

/* The events of oc by name: a table of chains, doubled as it fills. */
static struct ust_oevent *oevent_find(struct ust_ochan *oc, const char *name)
{
	struct ust_oevent *e;

	if (!oc->htab)
		return NULL;
	for (e = oc->htab[ust_name_hash(name) & oc->hmask]; e; e = e->hnext)
		if (!strcmp(e->desc.name, name))
			return e;
	return NULL;
}

static int oevent_add(struct ust_ochan *oc, struct ust_oevent *e)
{
	if (oc->next_id >= oc->hmask) {
		uint32_t n = oc->htab ? 2 * (oc->hmask + 1) : 64, i;
		struct ust_oevent **t = calloc(n, sizeof(*t)), *x;

		if (!t)
			return -ENOMEM;
		for (i = 0; oc->htab && i <= oc->hmask; i++)
			while ((x = oc->htab[i])) {
				oc->htab[i] = x->hnext;
				x->hnext = t[ust_name_hash(x->desc.name) & (n - 1)];
				t[ust_name_hash(x->desc.name) & (n - 1)] = x;
			}
		free(oc->htab);
		oc->htab = t;
		oc->hmask = n - 1;
	}
	e->hnext = oc->htab[ust_name_hash(e->desc.name) & oc->hmask];
	oc->htab[ust_name_hash(e->desc.name) & oc->hmask] = e;
	return 0;
}

int ust_ochan_event_id(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_event_desc *d, struct ust_oevent **out)
{
	struct ust_oevent *e = oevent_find(oc, d->name);
	size_t bytes = ust_desc_bytes(d) + sizeof(*e);

	*out = e;
	if (e && e->undeclared)
		return -2;
	if (e)
		return desc_equal(&e->desc, d) ? (int)e->id : -1;
	/* what applications come and go with may not grow without bound */
	if (o->desc_bytes + bytes > SD_UST_OWNER_DESC_MAX ||
	    oc->next_id >= SD_UST_OWNER_EVENTS_MAX) {
		if (!o->cap_logged)
			SD_ERR("Session %s: %s: more than %u event descriptions or %u bytes of them: %s and later events not enabled",
			       o->sess->name, o->dir, SD_UST_OWNER_EVENTS_MAX,
			       SD_UST_OWNER_DESC_MAX, d->name);
		o->cap_logged = 1;
		return -2;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return -2;
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
	if (oevent_add(oc, e))
		goto fail;
	if (ust_metadata_event(o, oc, e)) {
		oc->htab[ust_name_hash(e->desc.name) & oc->hmask] = e->hnext;
		goto fail;
	}
	oc->next_id++;
	o->desc_bytes += bytes;
	e->next = oc->events;
	oc->events = e;
	e->md_next = o->md_new;
	o->md_new = e;
	*out = e;
	return (int)e->id;
fail:
	free(e->desc.fields);
	free(e->desc.entries);
	free(e);
	return -2;
}

int ust_owner_commit(struct ust_owner *o)
{
	int ret = ust_metadata_commit(o);

	while (o->md_new) {
		struct ust_oevent *e = o->md_new;

		o->md_new = e->md_next;
		e->md_next = NULL;
		if (ret)
			e->undeclared = 1;
	}
	return ret;
}

/* --- flush, stop, recovery, destroy (called from ust.c) ----------------- */

/* Flushes every ring of o; stores the positions in pos[] (when given,
 * one per stream of every channel in order).  ust_cons_lock held. */
static unsigned int owner_flush_locked(struct ust_owner *o, uint64_t *pos,
				       unsigned int max)
{
	struct ust_ochan *oc;
	unsigned int i, n = 0;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++) {
			struct ust_ostream *st = &oc->streams[i];
			uint64_t p = st->ring ? ust_ring_flush(st->ring) : 0;

			if (pos && n < max)
				pos[n] = p;
			n++;
		}
	return n;
}

/* Everything below pos[] is to be read, skipping sub-buffers left
 * incomplete by dead writers; ust_cons_lock held. */
static void owner_force_locked(struct ust_owner *o, const uint64_t *pos,
			       unsigned int n, int drain)
{
	struct ust_ochan *oc;
	unsigned int i, k = 0;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++, k++) {
			struct ust_ostream *st = &oc->streams[i];

			if (k >= n)
				break;
			if (pos[k] > st->force_upto)
				st->force_upto = pos[k];
			if (drain && pos[k] > st->drain_to)
				st->drain_to = pos[k];
			st->again = 1;
		}
	cs_poke(o->cs);
}

/* Flush and read out to there, skipping what dead writers left. */
static void owner_flush_force_locked(struct ust_owner *o)
{
	unsigned int n = owner_flush_locked(o, NULL, 0);
	uint64_t *pos = calloc(n ? n : 1, sizeof(*pos));

	if (!pos) {
		/* no memory: at least everything the writers closed */
		SD_ERR("%s: out of memory while reading the buffers out", o->dir);
		return;
	}
	owner_flush_locked(o, pos, n);
	owner_force_locked(o, pos, n, 1);
	free(pos);
}

uint64_t *ust_owner_flush(struct ust_owner *o, unsigned int *n)
{
	uint64_t *pos;

	pthread_mutex_lock(&ust_cons_lock);
	*n = owner_flush_locked(o, NULL, 0);
	pos = calloc(*n ? *n : 1, sizeof(*pos));
	if (pos)
		*n = owner_flush_locked(o, pos, *n);
	o->refs++;
	pthread_mutex_unlock(&ust_cons_lock);
	return pos;
}

int ust_owner_incomplete(struct ust_owner *o, const uint64_t *pos,
			 unsigned int n)
{
	struct ust_ochan *oc;
	unsigned int i, k = 0;
	int any = 0;

	pthread_mutex_lock(&ust_cons_lock);
	for (oc = o->chans; oc && !any; oc = oc->next)
		for (i = 0; i < oc->nr_streams && k < n && !any; i++, k++)
			any = oc->streams[i].ring &&
			      ust_ring_incomplete_below(oc->streams[i].ring,
							oc->streams[i].rd_pos,
							pos[k]);
	pthread_mutex_unlock(&ust_cons_lock);
	return any;
}

void ust_owner_force(struct ust_owner *o, const uint64_t *pos, unsigned int n)
{
	pthread_mutex_lock(&ust_cons_lock);
	if (pos && !o->finished)
		owner_force_locked(o, pos, n, 0);
	o->refs--;
	cs_poke(o->cs);
	pthread_mutex_unlock(&ust_cons_lock);
}

int ust_ochan_dup_fds(struct ust_ochan *oc, int *fds)
{
	unsigned int i, n = 0;
	int ret = 0;

	pthread_mutex_lock(&ust_cons_lock);
	for (i = 0; i < 2 * oc->nr_streams; i++) {
		const struct ust_ostream *st = &oc->streams[i % oc->nr_streams];
		int src = i < oc->nr_streams ? st->fd : st->wake_wr;
		int fd = src >= 0 ? fcntl(src, F_DUPFD_CLOEXEC, 0) : -1;

		if (fd < 0) {
			ret = src >= 0 ? -errno : -ESHUTDOWN;
			break;
		}
		fds[n++] = fd;
	}
	pthread_mutex_unlock(&ust_cons_lock);
	if (ret)
		while (n)
			close(fds[--n]);
	return ret;
}

void ust_owner_app_added(struct ust_owner *o)
{
	pthread_mutex_lock(&ust_cons_lock);
	o->nr_alive++;
	pthread_mutex_unlock(&ust_cons_lock);
}

int ust_owner_app_gone(struct ust_owner *o, int read_out)
{
	int left;

	pthread_mutex_lock(&ust_cons_lock);
	left = --o->nr_alive;
	if (left <= 0 && read_out && !o->finish_req) {
		/* no writer left: read out, skipping what dead ones left */
		owner_flush_force_locked(o);
		if (o->per_pid)
			o->finish_req = 1;
	}
	pthread_mutex_unlock(&ust_cons_lock);
	return left;
}

void ust_owners_stop(uint64_t sess_key)
{
	struct ust_owner *o;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next)
		if (o->sess_key == sess_key && !o->finish_req)
			owner_flush_force_locked(o);
	pthread_mutex_unlock(&ust_cons_lock);
}

void ust_owners_detach(struct sd_session *s)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	struct ust_csess *cs;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next) {
		if (o->sess != s)
			continue;
		o->sess = NULL;
		for (oc = o->chans; oc; oc = oc->next)
			oc->chan = NULL;
	}
	for (cs = csessions; cs; cs = cs->next)
		if (cs->sess_key == s->ust_key)
			cs->destroyed = 1;
	pthread_mutex_unlock(&ust_cons_lock);
}

void ust_owners_finish(uint64_t sess_key)
{
	struct ust_owner *o;
	struct ust_csess *cs;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next) {
		if (o->sess_key != sess_key || o->sess)
			continue;
		if (!o->finish_req)
			owner_flush_force_locked(o);
		o->finish_req = 1;
		o->free_req = 1;
	}
	for (cs = csessions; cs; cs = cs->next)
		if (cs->sess_key == sess_key)
			cs_poke(cs);
	pthread_mutex_unlock(&ust_cons_lock);
}

/* A stream the consumer reads: one with an output (--no-output: the
 * records stay in the ring) whose ring is still there and sound. */
static int stream_readable(const struct ust_ostream *st)
{
	return st->ring && st->out && !st->dead;
}

static int stream_pending(const struct ust_ostream *st)
{
	return stream_readable(st) && st->drain_to > st->rd_pos;
}

int ust_owners_pending(uint64_t sess_key)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;
	int pending = 0;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o && !pending; o = o->next) {
		if (o->sess_key != sess_key)
			continue;
		for (oc = o->chans; oc && !pending; oc = oc->next)
			for (i = 0; i < oc->nr_streams && !pending; i++)
				pending = stream_pending(&oc->streams[i]);
	}
	pthread_mutex_unlock(&ust_cons_lock);
	return pending;
}

/* o's metadata file (re)opened in the session's chunk, a file there
 * of the same name being truncated, and all the metadata so far written
 * to it; the session's lock held (no metadata is appended meanwhile:
 * ust.c appends with it). */
static int owner_new_metadata(struct ust_owner *o)
{
	struct out_stream_attr meta = {
		.subdir = o->subdir, .name = "metadata", .metadata = 1,
	};
	struct out_stream *m, *old;
	int ret;

	ret = open_stream(o, &meta, &m);
	if (ret)
		return ret;
	if (o->md_all_len)
		ret = out_metadata_write(m, o->md_all, o->md_all_len);
	if (ret) {
		out_stream_close(m);
		return ret;
	}
	pthread_mutex_lock(&ust_cons_lock);
	old = o->meta;
	o->meta = m;
	pthread_mutex_unlock(&ust_cons_lock);
	out_stream_close(old);
	return 0;
}

/* The next files of o's streams and metadata, in the session's (new)
 * chunk; the session's lock held, o referenced (owners_each()). */
static int owner_rotate(struct ust_owner *o)
{
	struct ust_ochan *oc;
	struct out_stream *old;
	unsigned int i;
	int ret;

	ret = owner_new_metadata(o);
	if (ret)
		return ret;
	for (oc = o->chans; oc; oc = oc->next) {
		for (i = 0; i < oc->nr_streams; i++) {
			struct ust_ostream *st = &oc->streams[i];
			char name[LTTCOMM_NAME_MAX + 16];
			struct out_stream_attr oa = {
				.subdir = o->subdir,
				.name = name,
				.tracefile_size = oc->chan ?
					oc->chan->attr.tracefile_size : 0,
				.tracefile_count = oc->chan ?
					oc->chan->attr.tracefile_count : 0,
			};
			struct out_stream *next;

			snprintf(name, sizeof(name), "%s_%u", oc->name, i);
			ret = open_stream(o, &oa, &next);
			if (ret)
				return ret;
			old = NULL;
			pthread_mutex_lock(&ust_cons_lock);
			if (o->finished || o->closing || !st->out) {
				old = next;
			} else if (!stream_readable(st)) {
				old = st->out;
				st->out = next;
			} else {
				/* a reader still holding an earlier one
				 * cannot be: rotations wait for it */
				old = st->rot_out;
				st->rot_out = next;
				st->rot_at = ust_ring_flush(st->ring);
				st->rot_pending = 1;
				st->again = 1;
			}
			pthread_mutex_unlock(&ust_cons_lock);
			out_stream_close(old);
		}
	}
	return publish_streams(o);
}

/* fn on every owner of s that is still written; the first error. */
static int owners_each(struct sd_session *s, int (*fn)(struct ust_owner *))
{
	struct ust_owner *o, **list = NULL;
	size_t n = 0, k;
	int ret = 0;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next)
		if (o->sess == s && !o->finish_req && !o->finished)
			n++;
	list = calloc(n ? n : 1, sizeof(*list));
	n = 0;
	for (o = owners; o && list; o = o->next)
		if (o->sess == s && !o->finish_req && !o->finished) {
			o->refs++;
			list[n++] = o;
		}
	pthread_mutex_unlock(&ust_cons_lock);
	if (!list)
		return -LTTNG_ERR_NOMEM;
	for (k = 0; k < n; k++) {
		int r = fn(list[k]);

		if (r && !ret)
			ret = r;
	}
	pthread_mutex_lock(&ust_cons_lock);
	for (k = 0; k < n; k++) {
		list[k]->refs--;
		cs_poke(list[k]->cs);
	}
	pthread_mutex_unlock(&ust_cons_lock);
	free(list);
	return ret;
}

int ust_owners_rotate(struct sd_session *s)
{
	return owners_each(s, owner_rotate);
}

static int owner_regen_metadata(struct ust_owner *o)
{
	int ret;

	if (!o->meta)
		return 0;
	ret = ust_metadata_resample_clock(o);
	return ret ? ret : owner_new_metadata(o);
}

int ust_owners_regen_metadata(struct sd_session *s)
{
	return owners_each(s, owner_regen_metadata);
}

/* Snapshot and --no-output sessions: what the rings hold now is
 * forgotten (snapshots read from clear_at on). */
void ust_owners_clear_rings(struct sd_session *s)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next) {
		if (o->sess != s || o->finished)
			continue;
		for (oc = o->chans; oc; oc = oc->next)
			for (i = 0; i < oc->nr_streams; i++)
				if (oc->streams[i].ring)
					oc->streams[i].clear_at =
						ust_ring_flush(oc->streams[i].ring);
	}
	pthread_mutex_unlock(&ust_cons_lock);
}

int ust_rotation_pending(uint64_t sess_key)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;
	int pending = 0;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = owners; o; o = o->next) {
		int any = 0;

		if (o->sess_key != sess_key)
			continue;
		for (oc = o->chans; oc; oc = oc->next)
			for (i = 0; i < oc->nr_streams; i++) {
				struct ust_ostream *st = &oc->streams[i];

				if (!st->rot_pending)
					continue;
				if (!stream_readable(st) || o->finished) {
					st->rot_pending = 0;
					continue;
				}
				st->again = 1;
				any = 1;
			}
		if (any)
			cs_poke(o->cs);
		pending |= any;
	}
	pthread_mutex_unlock(&ust_cons_lock);
	return pending;
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

/* --- reading (consumer thread, no lock) ---------------------------------- */

/* Hands one packet to the output layer, straight from the ring: the
 * header built by the reader, the records, the unused end as padding.
 * Written whole with its index entry, or counted as unwritten (output.c
 * logs it and notes the error for `lttng list` and `lttng stop`). */
static void write_packet(struct ust_ostream *st,
			 const struct ust_ring_packet *p)
{
	struct iovec iov[2];
	int n = 0;

	iov[n].iov_base = (void *)p->header;
	iov[n++].iov_len = sizeof(p->header);
	if (p->records_len) {
		iov[n].iov_base = (void *)p->records;
		iov[n++].iov_len = p->records_len;
	}
	out_stream_write(st->out, iov, n, p->pad_len);
}

/* The result of reading one stream in a pass. */
struct work {
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int cpu;
	unsigned int packets;		/* written or not */
	unsigned int skipped;		/* sub-buffers of dead writers */
	uint64_t live_ts;		/* live timer: beacon time if no packet */
	int corrupt;
	int more;			/* budget used up: there is more */
	struct out_stream *rot_out;	/* rotation: the next file, from */
	uint64_t rot_at;		/* this position on */
	int swapped;			/* it is the stream's file now */
};

static const uint64_t cw_lat_limit[CW_LAT_BUCKETS - 1] = {
	100000, 1000000, 5000000, 20000000, 100000000,
};

/* The thread's time spent runnable but not running, ns (schedstat) */
static uint64_t run_delay_ns(void)
{
	unsigned long long run = 0, delay = 0;
	FILE *f = fopen("/proc/thread-self/schedstat", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &run, &delay) != 2)
		delay = 0;
	fclose(f);
	return delay;
}

static void cw_stats_packet(struct ust_cworker *cw, struct ust_ostream *st,
			    const struct ust_ring_packet *p, uint64_t t0,
			    uint64_t t1)
{
	struct cw_stats *x = cw->stats;
	uint64_t lat = t0 > p->ts_end ? t0 - p->ts_end : 0;
	uint64_t sb = ust_ring_subbuf_size(st->ring);
	uint64_t bl = (p->write_pos - p->pos) / sb;
	uint64_t d = run_delay_ns();
	struct lttng_ctf_packet_header h;
	unsigned int b;

	x->packets++;
	x->bytes += p->size;
	x->write_ns += t1 - t0;
	x->lat_sum += lat;
	if (lat > x->lat_max)
		x->lat_max = lat;
	for (b = 0; b < CW_LAT_BUCKETS - 1 && lat >= cw_lat_limit[b]; b++)
		;
	x->lat[b]++;
	x->backlog[bl < 4 ? bl : 4]++;
	memcpy(&h, p->header, sizeof(h));
	if (h.events_discarded > x->last_disc && x->nlog < 32)
		snprintf(x->log[x->nlog++], sizeof(x->log[0]),
			 "  at %.3f s: seq %" PRIu64 " +%" PRIu64
			 " lost, close->read %.3f ms, backlog %" PRIu64
			 ", %.3f ms since the previous read, %.3f ms of it runnable\n",
			 (t0 - x->t0) / 1e9, (uint64_t)h.packet_seq_num,
			 (uint64_t)(h.events_discarded - x->last_disc),
			 lat / 1e6, bl, (t0 - x->last_read) / 1e6,
			 (d - x->last_delay) / 1e6);
	if (x->ntl < 256) {
		x->tl[x->ntl].seq = h.packet_seq_num;
		x->tl[x->ntl].tb = h.timestamp_begin;
		x->tl[x->ntl].te = h.timestamp_end;
		x->tl[x->ntl].tr = t0;
		x->tl[x->ntl].lost = h.events_discarded;
		x->tl[x->ntl].cpu = h.cpu_id;
		x->tl[x->ntl++].bl = (unsigned int)bl;
	}
	if (h.events_discarded > x->last_disc)
		x->last_disc = h.events_discarded;
	x->last_read = t1;
	x->last_delay = d;
}

static void cw_stats_dump(struct ust_cworker *cw)
{
	const char *path = getenv("LTTNG_UST_CONSUMER_STATS");
	struct cw_stats *x = cw->stats;
	uint64_t el;
	FILE *f;

	if (!x || !path || !(f = fopen(path, "a")))
		return;
	el = mono_ns() - x->t0;
	fprintf(f, "consumer %s/%u: %" PRIu64 " packets %" PRIu64 " MB in %.3f s, "
		"write %.3f s (%.0f MB/s), polls %" PRIu64 " sleeping %.3f s, passes %" PRIu64 "\n",
		cw->cs->name, cw->index, x->packets, x->bytes >> 20, el / 1e9,
		x->write_ns / 1e9,
		x->write_ns ? (double)x->bytes / (x->write_ns / 1e3) : 0.0,
		x->polls, x->sleep_ns / 1e9, x->passes);
	fprintf(f, "  runnable, not running: %.3f s; slice %ld us (0: the kernel's)\n",
		(run_delay_ns() - x->delay0) / 1e9, x->slice_us);
	fprintf(f, "  close->read: mean %.3f ms max %.3f ms; <0.1ms %" PRIu64
		" <1ms %" PRIu64 " <5ms %" PRIu64 " <20ms %" PRIu64
		" <100ms %" PRIu64 " more %" PRIu64 "\n",
		x->packets ? x->lat_sum / 1e6 / x->packets : 0.0,
		x->lat_max / 1e6, x->lat[0], x->lat[1], x->lat[2], x->lat[3],
		x->lat[4], x->lat[5]);
	fprintf(f, "  backlog when read (sub-buffers written ahead): 0 %" PRIu64
		" 1 %" PRIu64 " 2 %" PRIu64 " 3 %" PRIu64 " full %" PRIu64 "\n",
		x->backlog[0], x->backlog[1], x->backlog[2], x->backlog[3],
		x->backlog[4]);
	for (unsigned int i = 0; i < x->nlog; i++)
		fputs(x->log[i], f);
	if (getenv("LTTNG_UST_CONSUMER_TIMELINE"))
		for (unsigned int i = 0; i < x->ntl; i++)
			fprintf(f, "  pkt cpu %u seq %" PRIu64 " begin %.3f end %.3f read %.3f ms backlog %u lost %" PRIu64 "\n",
				x->tl[i].cpu, x->tl[i].seq,
				((int64_t)(x->tl[i].tb - x->t0)) / 1e6,
				((int64_t)(x->tl[i].te - x->t0)) / 1e6,
				((int64_t)(x->tl[i].tr - x->t0)) / 1e6,
				x->tl[i].bl, x->tl[i].lost);
	if (getenv("LTTNG_UST_CONSUMER_TIMELINE"))
		for (unsigned int i = 0; i < x->npl; i++)
			fprintf(f, "  poll %.3f -> %.3f locked %.3f ms runnable %.3f timeout %d ready %d\n",
				((int64_t)(x->pl[i].in - x->t0)) / 1e6,
				((int64_t)(x->pl[i].out - x->t0)) / 1e6,
				((int64_t)(x->pl[i].locked - x->t0)) / 1e6,
				x->pl[i].delay / 1e6, x->pl[i].timeout, x->pl[i].nin);
	fclose(f);
}

static void read_stream(struct ust_cworker *cw, struct work *w)
{
	struct ust_ostream *st = &w->oc->streams[w->cpu];
	uint64_t sb = ust_ring_subbuf_size(st->ring);
	unsigned int budget = ust_ring_num_subbuf(st->ring);

	if (ust_ring_overwrite(st->ring) && cw->copylen < sb) {
		void *t = realloc(cw->copybuf, sb);

		if (!t)
			return;
		cw->copybuf = t;
		cw->copylen = sb;
	}
	while (w->packets < budget) {
		struct ust_ring_packet p;
		int ret;

		if (w->rot_out && ust_ring_read_pos(st->ring) >= w->rot_at) {
			/* everything before the rotation is in the previous
			 * chunk's file: on to the next one */
			struct out_stream *old = st->out;

			__atomic_store_n(&st->out, w->rot_out, __ATOMIC_RELEASE);
			w->rot_out = NULL;
			w->swapped = 1;
			out_stream_close(old);
		}
		ret = ust_ring_get_packet(st->ring, &p, cw->copybuf,
					  cw->copylen, st->force_upto);

		w->skipped += ret >= 0 ? p.skipped : 0;
		if (ret == 0)
			return;
		if (ret < 0) {
			w->corrupt = ret;
			return;
		}
		if (cw->stats) {
			uint64_t t0 = mono_ns();

			write_packet(st, &p);
			cw_stats_packet(cw, st, &p, t0, mono_ns());
		} else {
			write_packet(st, &p);
		}
		ust_ring_put_packet(st->ring, &p);
		w->packets++;
	}
	w->more = 1;
}

/* The live timer flushed the stream and it had nothing: a beacon. */
static void live_beacon(struct work *w)
{
	struct ust_ostream *st = &w->oc->streams[w->cpu];

	if (w->live_ts && !w->packets && !w->corrupt && st->out)
		out_stream_beacon(st->out, w->live_ts);
}

/* Results of a pass, ust_cons_lock held. */
static void apply_work(struct work *w)
{
	struct ust_owner *o = w->o;
	struct ust_ostream *st = &w->oc->streams[w->cpu];
	const char *sname = o->sess ? o->sess->name : o->cs->name;

	st->reading = 0;
	if (w->skipped)
		SD_WARN("Session %s: %s/%s_%u: %u sub-buffer(s) left incomplete by a dead application skipped",
			sname, o->dir, w->oc->name, w->cpu, w->skipped);
	if (w->swapped)
		st->rot_pending = 0;
	else if (w->rot_out)
		st->rot_out = w->rot_out;	/* not there yet */
	/* written by this thread alone: counts for `lttng list` */
	st->unwritten = st->out->unwritten;
	if (w->corrupt) {
		SD_ERR("Session %s: %s/%s_%u: corrupt ring (%s): no longer read",
		       sname, o->dir, w->oc->name, w->cpu,
		       strerror(-w->corrupt));
		st->dead = 1;
		return;
	}
	st->rd_pos = ust_ring_read_pos(st->ring);
	st->discarded = ust_ring_discarded(st->ring);
	/* a wake-up or timer meanwhile (another thread's) stays */
	st->again |= w->more;
	/* read timer 0: the writers wake us (ust-ring.c, "Wake-ups") */
	if (!st->again && !w->oc->read_timer_us)
		st->again = ust_ring_arm(st->ring);
}

/* An owner to close: every stream read out to its drain position. */
static int owner_drained(const struct ust_owner *o)
{
	const struct ust_ochan *oc;
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++)
			if (stream_pending(&oc->streams[i]))
				return 0;
	return 1;
}

/* Detaches the streams and files of o for closing outside the lock. */
static void owner_finish_locked(struct ust_owner *o, struct ust_owner **closing)
{
	o->finished = 1;
	o->closing = 1;
	o->close_next = *closing;
	*closing = o;
	o->cs->gen++;
	cs_poke(o->cs);
}

static void owner_close_files(struct ust_owner *o)
{
	struct ust_ochan *oc;
	unsigned int i;

	for (oc = o->chans; oc; oc = oc->next)
		for (i = 0; i < oc->nr_streams; i++) {
			struct ust_ostream *st = &oc->streams[i];
			struct ust_ring *r = st->ring;
			uint64_t d = r ? ust_ring_discarded(r) : st->discarded;

			/* counts stay visible: write them before the ring goes */
			pthread_mutex_lock(&ust_cons_lock);
			st->discarded = d;
			st->ring = NULL;
			pthread_mutex_unlock(&ust_cons_lock);
			if (r)
				ust_ring_unmap(r);
			stream_close(st);
		}
	out_stream_close(o->meta);
	o->meta = NULL;
}

static void owner_free(struct ust_owner *o)
{
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
		free(oc->htab);
		free(oc->streams);
		free(oc);
	}
	free(o->md_buf);
	free(o->snap_meta);
	free(o->md_all);
	free(o);
}

struct ust_owner *ust_owners_first(void)
{
	return owners;
}

/* Timers and the safety scan mark this worker's streams to read; returns
 * the time until the next one in ms.  ust_cons_lock held. */
static int timers(struct ust_cworker *cw, uint64_t *last_scan)
{
	struct ust_csess *cs = cw->cs;
	uint64_t now = mono_us(), next = now + SAFETY_SCAN_MS * 1000ULL;
	int scan = now - *last_scan >= SAFETY_SCAN_MS * 1000ULL;
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;

	if (scan)
		*last_scan = now;
	else
		next = *last_scan + SAFETY_SCAN_MS * 1000ULL;
	for (o = owners; o; o = o->next) {
		if (o->cs != cs || o->finished)
			continue;
		for (oc = o->chans; oc; oc = oc->next)
			for (i = cw->index; i < oc->nr_streams; i += cs->nworkers) {
				struct ust_ostream *st = &oc->streams[i];
				uint32_t sw = o->finish_req ? 0 : oc->switch_timer_us;
				uint32_t rd = oc->read_timer_us;
				uint32_t lv = o->finish_req ? 0 : cs->live_us;

				if (sw && now - st->last_switch_us >= sw) {
					st->last_switch_us = now;
					if (st->ring)
						ust_ring_flush(st->ring);
					st->again = 1;
				}
				if (sw && st->last_switch_us + sw < next)
					next = st->last_switch_us + sw;
				if (rd && now - st->last_read_us >= rd) {
					st->last_read_us = now;
					st->again = 1;
				}
				if (rd && st->last_read_us + rd < next)
					next = st->last_read_us + rd;
				if (lv && now - st->last_live_us >= lv) {
					st->last_live_us = now;
					if (st->ring && st->out) {
						st->live_ts = mono_ns();
						/* nothing read yet: a first
						 * packet, even empty */
						if (st->rd_pos)
							ust_ring_flush(st->ring);
						else
							ust_ring_flush_empty(st->ring);
					}
					st->again = 1;
				}
				if (lv && st->last_live_us + lv < next)
					next = st->last_live_us + lv;
				if (scan)
					st->again = 1;
			}
	}
	return next > now ? (int)((next - now + 999) / 1000) : 0;
}

/* Worker 0: closes the owners read out, frees the destroyed ones; 1 when
 * it has files to close (ust_cons_lock dropped meanwhile). */
static int housekeeping(struct ust_csess *cs)
{
	struct ust_owner *o, **pp, *closing = NULL;

	for (pp = &owners; (o = *pp); ) {
		if (o->cs == cs && !o->finished && o->finish_req && !o->busy &&
		    owner_drained(o))
			owner_finish_locked(o, &closing);
		if (o->cs == cs && o->finished && o->free_req && !o->refs &&
		    !o->closing && !o->busy) {
			*pp = o->next;
			owner_free(o);
			cs->gen++;
			cs_poke(cs);
			continue;
		}
		pp = &o->next;
	}
	if (!closing)
		return 0;
	pthread_mutex_unlock(&ust_cons_lock);
	for (o = closing; o; o = o->close_next)
		owner_close_files(o);
	pthread_mutex_lock(&ust_cons_lock);
	for (o = closing; o; ) {
		struct ust_owner *next = o->close_next;

		o->closing = 0;
		o = next;
	}
	pthread_cond_broadcast(&cons_cond);
	return 1;
}

/* The scheduler's slice of a consumer thread, us (0: the kernel's default;
 * LTTNG_UST_CONSUMER_SLICE_US overrides it, for comparisons).  A thread
 * woken by a writer otherwise waits for whatever runs on the CPU to use
 * up its slice (EEVDF's run-to-parity, 1.5-3 ms here): a ring of 4
 * sub-buffers filled at 1.1 ms each is then lost to a few such waits.  A
 * shorter slice lets the wake-up preempt at once (Linux 6.12 on: a fair
 * task may ask for its own slice, 0.1-100 ms, without privileges; an
 * older kernel refuses it and nothing changes).  It buys latency, not
 * CPU time: the thread's share is its weight's, as before. */
#define CS_SLICE_US	100

struct cs_sched_attr {
	uint32_t size;
	uint32_t policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime;
	uint64_t deadline;
	uint64_t period;
};

static long cs_short_slice(void)
{
	const char *e = getenv("LTTNG_UST_CONSUMER_SLICE_US");
	struct cs_sched_attr a = { .size = sizeof(a) };
	long us = e && *e ? strtol(e, NULL, 10) : CS_SLICE_US;

	if (us <= 0)
		return 0;
	errno = 0;
	a.policy = 0;				/* SCHED_OTHER */
	a.nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	if (errno)
		return 0;
	a.runtime = (uint64_t)us * 1000;
	return syscall(SYS_sched_setattr, 0, &a, 0) ? 0 : us;
}

/* A consumer thread's own state, from one pass of its loop to the next. */
struct cs_loop {
	struct pollfd *pfd;		/* [0]: the thread's pipe; rings */
	struct ust_ostream **pst;	/* the stream of each pfd, [0] NULL */
	size_t cap, npfd;
	struct work *work;		/* the streams this pass reads */
	size_t wcap, nwork;
	unsigned int gen;		/* cs->gen the poll set was built at */
	int first;
	uint64_t last_scan;
};

/* LTTNG_UST_CONSUMER_STATS: the thread's statistics (cw_stats_dump). */
static void cs_stats_init(struct ust_cworker *cw, long slice_us)
{
	if (!getenv("LTTNG_UST_CONSUMER_STATS"))
		return;
	cw->stats = calloc(1, sizeof(*cw->stats));
	if (cw->stats) {
		cw->stats->slice_us = slice_us;
		cw->stats->t0 = mono_ns();
		cw->stats->delay0 = run_delay_ns();
		cw->stats->last_delay = cw->stats->delay0;
	}
}

/* The session has no owner left and is going away: the thread ends.
 * ust_cons_lock held. */
static int cs_done(const struct ust_csess *cs)
{
	const struct ust_owner *o;
	int alive = 0;

	for (o = owners; o && !alive; o = o->next)
		alive = o->cs == cs;
	return !alive && (cs->destroyed || cs->quit);
}

/* The poll set: the thread's pipe, then every ring of the session's
 * owners not finished.  ust_cons_lock held. */
static void cs_build_pollset(struct ust_cworker *cw, struct cs_loop *l)
{
	struct ust_csess *cs = cw->cs;
	struct ust_owner *o;
	struct ust_ochan *oc;
	size_t n = 1, i;

	for (o = owners; o; o = o->next)
		if (o->cs == cs && !o->finished)
			for (oc = o->chans; oc; oc = oc->next)
				n += oc->nr_streams;
	if (n > l->cap) {
		void *a = realloc(l->pfd, n * sizeof(*l->pfd));
		void *b = a ? realloc(l->pst, n * sizeof(*l->pst)) : NULL;

		if (a)
			l->pfd = a;
		if (b)
			l->pst = b;
		if (a && b)
			l->cap = n;
	}
	l->npfd = 0;
	if (l->cap) {
		l->pfd[l->npfd].fd = cw->ctl[0];
		l->pfd[l->npfd].events = POLLIN;
		l->pst[l->npfd++] = NULL;
	}
	for (o = owners; o; o = o->next) {
		if (o->cs != cs || o->finished)
			continue;
		for (oc = o->chans; oc; oc = oc->next)
			for (i = 0; i < oc->nr_streams && l->npfd < l->cap; i++) {
				l->pfd[l->npfd].fd = oc->streams[i].wake_rd;
				l->pfd[l->npfd].events = POLLIN;
				l->pst[l->npfd++] = &oc->streams[i];
			}
	}
}

/* The poll timeout, ms: the nearest timer (timers()), or 0 when a stream
 * is to be read already.  ust_cons_lock held. */
static int cs_timeout(struct ust_cworker *cw, struct cs_loop *l)
{
	struct ust_csess *cs = cw->cs;
	int timeout = timers(cw, &l->last_scan);
	struct ust_owner *o;
	struct ust_ochan *oc;
	size_t i;

	for (o = owners; o && timeout; o = o->next) {
		if (o->cs != cs || o->finished || o->closing)
			continue;
		for (oc = o->chans; oc && timeout; oc = oc->next)
			for (i = 0; i < oc->nr_streams; i++)
				if (oc->streams[i].again &&
				    !oc->streams[i].reading &&
				    stream_readable(&oc->streams[i]))
					timeout = 0;
	}
	return timeout;
}

/* poll() with the statistics of LTTNG_UST_CONSUMER_STATS; takes
 * ust_cons_lock back once it returns. */
static void cs_poll_stats(struct ust_cworker *cw, struct cs_loop *l,
			  int timeout)
{
	struct cw_stats *x = cw->stats;
	uint64_t t0 = mono_ns(), t1, d0 = 0;
	int nin = 0;
	size_t k;

	if (getenv("LTTNG_UST_CONSUMER_TIMELINE"))
		d0 = run_delay_ns();
	if (poll(l->pfd, l->npfd, timeout) < 0 && errno != EINTR)
		usleep(10000);
	t1 = mono_ns();
	x->polls++;
	x->sleep_ns += t1 - t0;
	/* the ring sockets count 1, the thread's pipe 100 */
	for (k = 0; k < l->npfd; k++)
		nin += (l->pfd[k].revents & POLLIN) ? (k ? 1 : 100) : 0;
	pthread_mutex_lock(&ust_cons_lock);
	if (x->npl < 512) {
		x->pl[x->npl].in = t0;
		x->pl[x->npl].out = t1;
		x->pl[x->npl].locked = mono_ns();
		x->pl[x->npl].timeout = timeout;
		x->pl[x->npl].delay = d0 ? run_delay_ns() - d0 : 0;
		x->pl[x->npl++].nin = nin;
	}
}

/* Sleeps in poll() (ust_cons_lock dropped meanwhile), then empties the
 * sockets that woke it and marks their streams to read. */
static void cs_wait(struct ust_cworker *cw, struct cs_loop *l, int timeout)
{
	size_t k;

	pthread_mutex_unlock(&ust_cons_lock);
	if (cw->stats) {
		cs_poll_stats(cw, l, timeout);
	} else {
		if (poll(l->pfd, l->npfd, timeout) < 0 && errno != EINTR)
			usleep(10000);
		pthread_mutex_lock(&ust_cons_lock);
	}
	/*
	 * While the lock was dropped, worker 0 may have freed owners whose
	 * streams this poll set points to (their fds closed, maybe reused):
	 * the caller rebuilds the set, and poll() being level-triggered, the
	 * wake-ups still pending are seen on the next turn.
	 */
	if (l->gen != cw->cs->gen)
		return;
	for (k = 0; k < l->npfd; k++) {
		char junk[64];
		int j;

		if (!(l->pfd[k].revents & POLLIN))
			continue;
		if (k == 0) {
			while (read(cw->ctl[0], junk, sizeof(junk)) > 0)
				;
			continue;
		}
		/* bounded: an application may keep sending */
		for (j = 0; j < 16; j++)
			if (recv(l->pfd[k].fd, junk, sizeof(junk),
				 MSG_DONTWAIT) <= 0 && errno != EINTR)
				break;
		l->pst[k]->again = 1;
	}
}

/* Takes a stream for this pass (st->reading): its entry in l->work.
 * ust_cons_lock held. */
static void cs_take_stream(struct cs_loop *l, struct ust_owner *o,
			   struct ust_ochan *oc, unsigned int cpu)
{
	struct ust_ostream *st = &oc->streams[cpu];
	struct work *w;

	if (l->nwork == l->wcap) {
		size_t nc = l->wcap ? l->wcap * 2 : 64;
		void *t = realloc(l->work, nc * sizeof(*l->work));

		if (!t)
			return;
		l->work = t;
		l->wcap = nc;
	}
	w = &l->work[l->nwork++];
	memset(w, 0, sizeof(*w));
	w->rot_out = st->rot_out;
	w->rot_at = st->rot_at;
	st->rot_out = NULL;
	w->o = o;
	w->oc = oc;
	w->live_ts = st->live_ts;
	w->cpu = cpu;
	st->live_ts = 0;
	st->again = 0;
	st->reading = 1;
	o->busy++;
}

/* The work of this pass: every stream to read that no other thread
 * reads.  ust_cons_lock held. */
static void cs_collect_work(struct ust_csess *cs, struct cs_loop *l)
{
	struct ust_owner *o;
	struct ust_ochan *oc;
	unsigned int i;

	l->nwork = 0;
	for (o = owners; o; o = o->next) {
		if (o->cs != cs || o->finished || o->closing)
			continue;
		for (oc = o->chans; oc; oc = oc->next)
			for (i = 0; i < oc->nr_streams; i++) {
				struct ust_ostream *st = &oc->streams[i];

				if (stream_readable(st) && st->again &&
				    !st->reading)
					cs_take_stream(l, o, oc, i);
			}
	}
}

/* Reads the streams of the pass without ust_cons_lock, then applies the
 * results under it. */
static void cs_run_work(struct ust_cworker *cw, struct cs_loop *l)
{
	struct work *work = l->work;
	size_t i;
	int due = 0;

	pthread_mutex_unlock(&ust_cons_lock);
	if (cw->stats)
		cw->stats->passes++;
	for (i = 0; i < l->nwork; i++) {
		read_stream(cw, &work[i]);
		live_beacon(&work[i]);
	}
	pthread_mutex_lock(&ust_cons_lock);
	for (i = 0; i < l->nwork; i++) {
		apply_work(&work[i]);
		work[i].o->busy--;
		due |= work[i].o->finish_req;
	}
	/* an owner to close or free may be ready for housekeeping;
	 * otherwise thread 0 sleeps on (a wake-up per pass would keep
	 * it competing for the CPUs with the writers and with us) */
	if (cw->index && due)
		cs_poke_one(cw->cs, 0);
}

/* The thread ends: the last one of its session unlinks and frees it.
 * Called with ust_cons_lock held, returns without it. */
static void cs_thread_exit(struct ust_cworker *cw, struct cs_loop *l)
{
	struct ust_csess *cs = cw->cs;
	int last;

	if (cw->stats) {
		cw_stats_dump(cw);
		free(cw->stats);
		cw->stats = NULL;
	}
	/* nothing of cw is touched once running drops: the last one frees */
	close(cw->ctl[0]);
	close(cw->ctl[1]);
	cw->ctl[0] = cw->ctl[1] = -1;
	free(cw->copybuf);
	cw->copybuf = NULL;
	last = !--cs->running;
	if (last) {
		struct ust_csess **pc;

		for (pc = &csessions; *pc; pc = &(*pc)->next)
			if (*pc == cs) {
				*pc = cs->next;
				break;
			}
		nr_csess_threads--;
	} else {
		cs_poke(cs);
	}
	pthread_cond_broadcast(&cons_cond);
	pthread_mutex_unlock(&ust_cons_lock);
	if (last)
		free(cs);
	free(l->pfd);
	free(l->pst);
	free(l->work);
}

/* A consumer thread's loop (see "Consumer threads" above): under
 * ust_cons_lock, housekeeping (thread 0), the poll set when the owners
 * changed, the timers; then the wait and a pass over the ready streams. */
static void *cs_thread(void *arg)
{
	struct ust_cworker *cw = arg;
	struct ust_csess *cs = cw->cs;
	struct cs_loop l = { .first = 1, .last_scan = mono_us() };

	cs_stats_init(cw, cs_short_slice());
	pthread_mutex_lock(&ust_cons_lock);
	for (;;) {
		if (cw->index == 0 && housekeeping(cs))
			continue;
		if (cs_done(cs))
			break;
		if (l.first || l.gen != cs->gen) {
			l.first = 0;
			l.gen = cs->gen;
			cs_build_pollset(cw, &l);
		}
		/* wake-ups, without sleeping when there is work already */
		cs_wait(cw, &l, cs_timeout(cw, &l));
		cs_collect_work(cs, &l);
		if (l.nwork)
			cs_run_work(cw, &l);
	}
	cs_thread_exit(cw, &l);
	return NULL;
}

int ust_consumer_start(void)
{
	return 0;
}

/* Daemon exit, after every session was destroyed: let the consumer
 * threads finish their drains, at most timeout_ms. */
void ust_consumer_stop(int timeout_ms)
{
	struct timespec ts;
	struct ust_csess *cs;

	sd_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&ust_cons_lock);
	for (cs = csessions; cs; cs = cs->next) {
		cs->quit = 1;
		cs_poke(cs);
	}
	while (nr_csess_threads &&
	       pthread_cond_timedwait(&cons_cond, &ust_cons_lock, &ts) != ETIMEDOUT)
		;
	if (nr_csess_threads)
		SD_WARN("UST consumer: %u session(s) still writing at exit",
			nr_csess_threads);
	pthread_mutex_unlock(&ust_cons_lock);
}
