// SPDX-License-Identifier: GPL-2.0-only
/*
 * consumer.c - moves kernel trace data from the module's buffers to the
 * session's output (output.c).
 *
 * Trace files: <output>/kernel/metadata and <output>/kernel/<chan>_<cpu>
 * (<chan>_<cpu>_<n> with a trace-file size limit) with their indexes in
 * <output>/kernel/index/, the layout of LTTng.  The session's trace chunk
 * and the streams are opened through output.c, with the session owner's
 * credentials.  A --no-output session has no chunk and no consumer
 * thread: its records stay in the buffers.
 *
 * One consumer thread per kernel session polls the stream fds (and a wake
 * pipe) with the smallest read timer of the session's channels as timeout
 * (at most 50 ms while tracing, 2 ms while the previous pass found data:
 * with a read timer the writers only wake us once half of a buffer is
 * unread, and a burst fills 4 MiB in well under the default 200 ms).
 * A packet goes to out_stream_write() straight from the read-only mapping
 * (no copy in between).
 * Each pass, under consume_lock, drains every stream:
 * GET_NEXT_SUBBUF -> out_stream_write(packet_size bytes from the mapping)
 * -> PUT_NEXT_SUBBUF until -EAGAIN/-ENODATA, then copies new metadata text.
 * consumer_drain(), from the STOP path after the module's STOP (which
 * flushes every stream), asks this thread for passes until one finds
 * nothing and waits for it: when our STOP reply goes out, everything is
 * in the files.
 *
 * Locking: this thread takes consume_lock only (never sd_lock) and holds
 * it while it writes, so a stalled output (a hung disk, a FUSE mount that
 * does not answer) can hold it for ever.  Therefore nothing waits for
 * this thread without a bound: consumer_drain() and consumer_stop() run
 * without sd_lock and give up when no packet was written for
 * SD_STALL_SECONDS (LTTNG_ERR_OUTPUT_STALLED; at destroy the thread and
 * the session's kernel objects are then left behind, its files as they
 * are), and the handlers that read the stream state under sd_lock take
 * consume_lock with consumer_lock_bounded().
 *
 * Live sessions (streamed to lttng-relayd with a live timer): every
 * period the thread takes each stream's clock (GET_TIMESTAMP), FLUSHes
 * it (FLUSH_EMPTY until it sent a first packet: lttng-relayd ignores
 * the beacons of a stream that never did) and drains it; a stream that
 * had nothing to give gets a live beacon
 * with that time (out_stream_beacon), so that live viewers know it is
 * idle and go on with the others, as LTTng's consumer live timer does.
 * Like LTTng's, the timer runs for the streams' whole life, stopped
 * sessions included: a viewer only shows an event once every other
 * stream is known to be past its time, so a stream whose beacons
 * stopped at `lttng stop` (an idle CPU's) would hold back for ever the
 * events written after its last beacon, up to the destruction.
 *
 * Write failures (disk full, quota, I/O error): output.c writes whole
 * packets only and counts, logs and reports the others; the sub-buffer is
 * released anyway, so the tracer keeps running (the gap also shows in the
 * packets' sequence numbers, which babeltrace2 reports).  Metadata that
 * cannot be written is kept in memory and retried first on each pass;
 * while some is pending, data packets are not written (they could use
 * declarations the file does not have yet).  Other sessions, with their
 * own files and thread, are not affected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "output.h"
#include "relayd.h"
#include "sessiond.h"

/* The session keeps the last errno for `lttng list` and `lttng stop`. */
void consumer_note_write_error(struct sd_session *s, int err)
{
	__atomic_store_n(&s->write_error, err, __ATOMIC_RELAXED);
}

static void note_write_error(struct sd_kernel_session *ks, int err)
{
	consumer_note_write_error(ks->sess, err);
}

int sd_run_as(uid_t uid, gid_t gid, int (*fn)(void *), void *arg)
{
	int result, ret = out_run_as(uid, gid, fn, arg, &result);

	return ret == -EPERM ? -LTTNG_ERR_EPERM :
	       ret ? -LTTNG_ERR_NOMEM : result;
}

int consumer_session_chunk(struct sd_session *s, struct out_chunk **out)
{
	struct out_chunk_attr a = {
		.path = s->output,
		.uid = s->uid,
		.gid = s->gid,
		.label = s->name,
		.write_error = &s->write_error,
	};
	int ret;

	if (s->no_output)
		return -LTTNG_ERR_INVALID;
	if (!s->chunk) {
		ret = s->network ? relayd_session_chunk(s, &s->chunk) :
		      out_chunk_open(&a, &s->chunk);
		if (ret)
			return ret;
		if (!s->chunk_begin)
			s->chunk_begin = time(NULL);	/* rotation.c */
	}
	*out = s->chunk;
	return 0;
}

int consumer_open_files(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	struct out_stream_attr meta = {
		.subdir = "kernel", .name = "metadata", .metadata = 1,
	};
	struct out_chunk *chunk;
	struct sd_channel *c;
	int ret;

	if (s->no_output)
		return 0;
	ret = consumer_session_chunk(s, &chunk);
	if (!ret && !ks->meta_out)
		ret = out_stream_open(chunk, &meta, &ks->meta_out);
	for (c = s->kernel.channels; c && !ret; c = c->next) {
		unsigned int i;

		for (i = 0; i < c->nr_streams && !ret; i++) {
			char name[LTTCOMM_NAME_MAX + 16];
			struct out_stream_attr a = {
				.subdir = "kernel",
				.name = name,
				.tracefile_size = c->attr.tracefile_size,
				.tracefile_count = c->attr.tracefile_count,
			};

			if (c->streams[i].out)
				continue;
			snprintf(name, sizeof(name), "%s_%u", c->attr.name,
				 c->streams[i].cpu);
			ret = out_stream_open(chunk, &a, &c->streams[i].out);
		}
	}
	if (!ret)
		ret = out_chunk_publish(chunk, "kernel");
	if (!ret)
		ks->files_open = 1;
	return ret;
}

/* Writes one packet of st, or counts it as unwritten. */
static void write_packet(struct sd_kernel_session *ks, struct sd_stream *st,
			 const void *data, size_t len)
{
	struct iovec iov = { (void *)data, len };

	if (ks->meta_pending_len)
		out_stream_drop(st->out);	/* metadata first */
	else
		out_stream_write(st->out, &iov, 1, 0);
}

/* Moves every ready sub-buffer of st to its file.  Returns the number of
 * packets moved. */
static unsigned int drain_stream(struct sd_kernel_session *ks,
				 struct sd_stream *st, const char *chan)
{
	unsigned int n = 0;

	for (;;) {
		struct lttng_abi_subbuf sb;

		memset(&sb, 0, sizeof(sb));
		if (ioctl(st->fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb) < 0) {
			if (errno == ENODATA)
				st->hup = 1;
			else if (errno != EAGAIN && errno != EINTR)
				SD_ERR("%s_%u: get sub-buffer: %s", chan,
				       st->cpu, strerror(errno));
			return n;
		}
		if (sb.packet_size > st->map_len ||
		    sb.mmap_offset > st->map_len - sb.packet_size ||
		    sb.content_size > sb.packet_size) {
			SD_ERR("%s_%u: bad sub-buffer (offset %llu size %llu)",
			       chan, st->cpu,
			       (unsigned long long)sb.mmap_offset,
			       (unsigned long long)sb.packet_size);
		} else if (st->out) {
			write_packet(ks, st, (char *)st->map + sb.mmap_offset,
				     (size_t)sb.packet_size);
		}
		if (ioctl(st->fd, LTTNG_STREAM_PUT_NEXT_SUBBUF) < 0) {
			SD_ERR("%s_%u: put sub-buffer: %s", chan, st->cpu,
			       strerror(errno));
			return n;
		}
		n++;
	}
}

/* Writes the pending metadata; 0 when nothing is pending any more. */
static int flush_metadata(struct sd_kernel_session *ks)
{
	int ret;

	if (!ks->meta_pending_len)
		return 0;
	ret = out_metadata_write(ks->meta_out, ks->meta_pending,
				 ks->meta_pending_len);
	if (ret)
		return ret;
	SD_WARN("Session %s: metadata written again", ks->sess->name);
	free(ks->meta_pending);
	ks->meta_pending = NULL;
	ks->meta_pending_len = 0;
	return 0;
}

/* Appends n bytes of buf to *dst (*len bytes): 0, or -1 without memory. */
static int append(char **dst, size_t *len, const char *buf, size_t n)
{
	char *p = realloc(*dst, *len + n);

	if (!p)
		return -1;
	memcpy(p + *len, buf, n);
	*dst = p;
	*len += n;
	return 0;
}

/* Keeps buf for a later flush_metadata(). */
static void keep_metadata(struct sd_kernel_session *ks, const char *buf,
			  size_t n, int err)
{
	if (!ks->meta_pending_len)
		SD_ERR("Session %s: cannot write %s/kernel/metadata: %s (kept in memory, trace data is dropped until it is written)",
		       ks->sess->name, ks->sess->output, strerror(err));
	note_write_error(ks, err);
	if (append(&ks->meta_pending, &ks->meta_pending_len, buf, n))
		SD_ERR("Session %s: metadata lost: out of memory",
		       ks->sess->name);
}

/* A copy of every byte of metadata read, for the first file of each
 * new trace chunk (rotations): a chunk is a trace of its own. */
static void keep_all_metadata(struct sd_kernel_session *ks, const char *buf,
			      size_t n)
{
	if (!ks->sess->no_output &&
	    append(&ks->meta_all, &ks->meta_all_len, buf, n))
		SD_ERR("Session %s: out of memory: the next trace chunk's metadata will be incomplete",
		       ks->sess->name);
}

static void copy_metadata(struct sd_kernel_session *ks)
{
	char buf[65536];

	if (ks->metadata_fd < 0)
		return;
	if (ks->meta_out && flush_metadata(ks))
		return;		/* the rest waits in the tracer */
	for (;;) {
		ssize_t n = read(ks->metadata_fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EAGAIN)
				SD_ERR("metadata read: %s", strerror(errno));
			return;
		}
		if (n == 0)
			return;
		keep_all_metadata(ks, buf, (size_t)n);
		if (ks->meta_out) {
			int ret = out_metadata_write(ks->meta_out, buf,
						     (size_t)n);

			if (ret) {
				keep_metadata(ks, buf, (size_t)n, -ret);
				return;
			}
		}
	}
}

/* The live timer's work: each stream flushed and drained, a beacon for
 * those that gave nothing; consume_lock held. */
static void live_pass(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int i;

	copy_metadata(s->ksess);
	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++) {
			struct sd_stream *st = &c->streams[i];
			uint64_t ts;

			if (st->hup || !st->out ||
			    ioctl(st->fd, LTTNG_STREAM_GET_TIMESTAMP, &ts) < 0)
				continue;
			/* nothing sent yet: a first packet, even empty */
			ioctl(st->fd, st->out->file_bytes ? LTTNG_STREAM_FLUSH :
				      LTTNG_STREAM_FLUSH_EMPTY);
			copy_metadata(s->ksess);
			if (!drain_stream(s->ksess, st, c->attr.name) &&
			    !s->ksess->meta_pending_len)
				out_stream_beacon(st->out, ts);
		}
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* One pass over everything; consume_lock held.  Packets moved. */
static unsigned int consume_pass(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int n = 0, i;

	/* Metadata first: a reader must never find a packet whose stream
	 * class is not declared yet. */
	copy_metadata(s->ksess);
	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++)
			n += drain_stream(s->ksess, &c->streams[i],
					  c->attr.name);
	copy_metadata(s->ksess);
	if (n)
		__atomic_add_fetch(&s->ksess->progress, n, __ATOMIC_RELAXED);
	return n;
}

/* consume_pass() until two passes in a row (1 ms apart) find nothing.
 * consume_lock held. */
static void drain_all(struct sd_session *s)
{
	unsigned int idle = 0;

	while (idle < 2) {
		if (consume_pass(s)) {
			idle = 0;
		} else {
			idle++;
			usleep(1000);
		}
	}
}

/* The consumer thread's poll set: the wake pipe, then every stream. */
struct ct_pollset {
	struct pollfd *pfd;
	struct sd_stream **polled;	/* stream of pfd[i], i >= 1 */
	unsigned int cap, n;
};

/* The poll timeout, ms (see the top of this file); *nstreams: the
 * session's streams.  consume_lock held. */
static int ct_timeout(struct sd_kernel_session *ks, unsigned int moved,
		      uint64_t last_live, unsigned int *nstreams)
{
	struct sd_session *s = ks->sess;
	struct sd_channel *c;
	unsigned int n = 0;
	int timeout = 200;

	for (c = s->kernel.channels; c; c = c->next) {
		n += c->nr_streams;
		if (c->attr.read_timer_us &&
		    (int)(c->attr.read_timer_us / 1000) < timeout)
			timeout = (int)(c->attr.read_timer_us / 1000);
	}
	*nstreams = n;
	/* While data flows, look again soon instead of waiting for
	 * the next wake-up: the writers get their sub-buffers back
	 * sooner and discard less. */
	if (moved)
		timeout = 2;
	else if (__atomic_load_n(&ks->tracing, __ATOMIC_RELAXED) &&
		 timeout > 50)
		timeout = 50;
	if (s->live_timer_us) {
		uint64_t now = mono_us(),
			 due = last_live + s->live_timer_us;
		int left = due > now ? (int)((due - now + 999) / 1000) : 0;

		if (left < timeout)
			timeout = left;
	}
	if (timeout < 1)
		timeout = 1;
	return timeout;
}

/* Fills the poll set (p->n entries; 0 without memory for it); a stream
 * that hung up stays in it with fd -1.  consume_lock held. */
static void ct_build_pollset(struct sd_kernel_session *ks,
			     struct ct_pollset *p, unsigned int nstreams)
{
	struct sd_channel *c;
	unsigned int n = 0, i;

	if (nstreams + 1 > p->cap) {
		struct pollfd *tp = realloc(p->pfd,
					    (nstreams + 1) * sizeof(*p->pfd));
		struct sd_stream **ts;

		if (tp)
			p->pfd = tp;
		ts = realloc(p->polled, (nstreams + 1) * sizeof(*p->polled));
		if (ts)
			p->polled = ts;
		if (tp && ts)
			p->cap = nstreams + 1;
	}
	if (p->cap) {
		p->pfd[n].fd = ks->wake[0];
		p->pfd[n++].events = POLLIN;
	}
	for (c = ks->sess->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams && n < p->cap; i++) {
			p->polled[n] = &c->streams[i];
			p->pfd[n].fd = c->streams[i].hup ? -1 :
				       c->streams[i].fd;
			p->pfd[n++].events = POLLIN;
		}
	p->n = n;
}

/* After the poll: empties the wake pipe, consumes, drains when asked,
 * runs the live timer, and stops polling the finalized streams.
 * consume_lock held, ks->quit not set. */
static void ct_after_poll(struct sd_kernel_session *ks, struct ct_pollset *p,
			  unsigned int *moved, uint64_t *last_live)
{
	struct sd_session *s = ks->sess;
	unsigned int req = __atomic_load_n(&ks->drain_req, __ATOMIC_ACQUIRE);
	struct pollfd *pfd = p->pfd;
	char junk[64];
	unsigned int i;

	if (p->n && (pfd[0].revents & POLLIN))
		while (read(ks->wake[0], junk, sizeof(junk)) > 0)
			;
	*moved = consume_pass(s);
	if (req != ks->drain_done) {
		drain_all(s);
		*moved = 0;
		__atomic_store_n(&ks->drain_done, req, __ATOMIC_RELEASE);
	}
	if (s->live_timer_us && mono_us() - *last_live >= s->live_timer_us) {
		*last_live = mono_us();
		live_pass(s);
	}
	/* Finalized streams stop being polled (streams are
	 * only freed after this thread is joined). */
	for (i = 1; i < p->n; i++)
		if (pfd[i].fd >= 0 &&
		    (pfd[i].revents & (POLLHUP | POLLERR | POLLNVAL)) &&
		    !(pfd[i].revents & POLLIN))
			p->polled[i]->hup = 1;
}

/* The thread's loop: under consume_lock the timeout and the poll set,
 * without it the poll, then under it again a pass. */
static void *consumer_thread(void *arg)
{
	struct sd_kernel_session *ks = arg;
	struct ct_pollset p = { 0 };
	unsigned int moved = 0, nstreams;
	uint64_t last_live = mono_us();

	for (;;) {
		int timeout;

		pthread_mutex_lock(&ks->consume_lock);
		if (__atomic_load_n(&ks->quit, __ATOMIC_ACQUIRE)) {
			pthread_mutex_unlock(&ks->consume_lock);
			break;
		}
		timeout = ct_timeout(ks, moved, last_live, &nstreams);
		ct_build_pollset(ks, &p, nstreams);
		pthread_mutex_unlock(&ks->consume_lock);

		/* Without memory for the poll set, just pass on the timer. */
		if (!p.n)
			usleep((useconds_t)timeout * 1000);
		else if (poll(p.pfd, p.n, timeout) < 0 && errno != EINTR)
			usleep(10000);

		pthread_mutex_lock(&ks->consume_lock);
		if (!__atomic_load_n(&ks->quit, __ATOMIC_ACQUIRE))
			ct_after_poll(ks, &p, &moved, &last_live);
		pthread_mutex_unlock(&ks->consume_lock);
	}
	free(p.pfd);
	free(p.polled);
	return NULL;
}

int consumer_start(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (pipe2(ks->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		return -LTTNG_ERR_NOMEM;
	ks->quit = 0;
	if (pthread_create(&ks->thread, NULL, consumer_thread, ks)) {
		close(ks->wake[0]);
		close(ks->wake[1]);
		ks->wake[0] = ks->wake[1] = -1;
		return -LTTNG_ERR_NOMEM;
	}
	ks->thread_running = 1;
	return 0;
}

/* Seconds on a monotonic clock. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits until done(ks) while the consumer thread makes progress: 0, or -1
 * after SD_STALL_SECONDS without a packet written. */
static int wait_progress(struct sd_kernel_session *ks,
			 int (*done)(struct sd_kernel_session *ks))
{
	unsigned long seen = __atomic_load_n(&ks->progress, __ATOMIC_RELAXED);
	double last = now_s();

	while (!done(ks)) {
		unsigned long p;

		usleep(5000);
		p = __atomic_load_n(&ks->progress, __ATOMIC_RELAXED);
		if (p != seen) {
			seen = p;
			last = now_s();
		} else if (now_s() - last > SD_STALL_SECONDS) {
			return -1;
		}
	}
	return 0;
}

static void wake(struct sd_kernel_session *ks)
{
	if (write(ks->wake[1], "w", 1) < 0 && errno != EAGAIN)
		SD_DBG("consumer wake: %s", strerror(errno));
}

static int drained(struct sd_kernel_session *ks)
{
	return __atomic_load_n(&ks->drain_done, __ATOMIC_ACQUIRE) ==
	       __atomic_load_n(&ks->drain_req, __ATOMIC_ACQUIRE);
}

int consumer_drain(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	__atomic_store_n(&ks->tracing, 0, __ATOMIC_RELAXED);
	if (!ks->thread_running)
		return 0;
	/* LTTNG_SESSION_STOP waited for the records in flight and flushed
	 * every stream: what remains is readable with GET_NEXT_SUBBUF. */
	__atomic_add_fetch(&ks->drain_req, 1, __ATOMIC_ACQ_REL);
	wake(ks);
	if (ks->stalled || wait_progress(ks, drained)) {
		ks->stalled = 1;
		SD_ERR("Session %s: its output stalled: nothing written for %d s while draining the buffers",
		       s->name, SD_STALL_SECONDS);
		return -LTTNG_ERR_OUTPUT_STALLED;
	}
	return 0;
}

static int joined(struct sd_kernel_session *ks)
{
	return pthread_tryjoin_np(ks->thread, NULL) == 0;
}

int consumer_stop(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (!ks->thread_running)
		return 0;
	__atomic_store_n(&ks->quit, 1, __ATOMIC_RELEASE);
	wake(ks);
	if (wait_progress(ks, joined)) {
		SD_ERR("Session %s: its output stalled: the consumer thread is stuck in the file system for %d s; the session is abandoned, its files are left as they are",
		       s->name, SD_STALL_SECONDS);
		pthread_detach(ks->thread);
		ks->thread_running = 0;
		return -LTTNG_ERR_OUTPUT_STALLED;
	}
	ks->thread_running = 0;
	close(ks->wake[0]);
	close(ks->wake[1]);
	ks->wake[0] = ks->wake[1] = -1;
	return 0;
}

int consumer_lock_bounded(struct sd_kernel_session *ks)
{
	if (sd_timedlock(&ks->consume_lock, SD_LOCK_WAIT_MS)) {
		SD_ERR("Session %s: its consumer is blocked in the file system",
		       ks->sess->name);
		return -LTTNG_ERR_OUTPUT_STALLED;
	}
	return 0;
}

/* The metadata file (re)opened in the session's chunk with all the
 * metadata so far (a file of that name there is truncated); consume_lock
 * held.  Streams not open there are opened too. */
static int reopen_metadata(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	int ret;

	out_stream_close(ks->meta_out);
	ks->meta_out = NULL;
	/* what was pending is part of the copy written below */
	free(ks->meta_pending);
	ks->meta_pending = NULL;
	ks->meta_pending_len = 0;
	ret = consumer_open_files(s);
	if (!ret && ks->meta_all_len &&
	    out_metadata_write(ks->meta_out, ks->meta_all, ks->meta_all_len))
		keep_metadata(ks, ks->meta_all, ks->meta_all_len, EIO);
	return ret;
}

/*
 * The frame of what rewrites the session's files: nothing while it has
 * none; under consume_lock (taken with a bound), work(s), then the
 * metadata file reopened in the session's chunk with all the metadata.
 */
static int rewrite_files(struct sd_session *s,
			 void (*work)(struct sd_session *s))
{
	struct sd_kernel_session *ks = s->ksess;
	int ret;

	if (!ks || s->no_output || !ks->files_open)
		return 0;
	ret = consumer_lock_bounded(ks);
	if (ret)
		return ret;
	work(s);
	ret = reopen_metadata(s);
	pthread_mutex_unlock(&ks->consume_lock);
	return ret;
}

/* Every stream flushed and read out into its files, which are closed
 * (reopen_metadata() opens them in the session's chunk). */
static void switch_streams(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int i;

	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++)
			if (!c->streams[i].hup &&
			    ioctl(c->streams[i].fd, LTTNG_STREAM_FLUSH) < 0)
				SD_DBG("%s_%u: flush: %s", c->attr.name,
				       c->streams[i].cpu, strerror(errno));
	drain_all(s);
	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++) {
			out_stream_close(c->streams[i].out);
			c->streams[i].out = NULL;
		}
}

/*
 * Rotation (and clear): the session's chunk already is the next one.
 * Every stream is flushed and read out into its files of the previous
 * chunk (the packets closed by the flush and whatever the writers
 * completed while we read: nothing is read twice or skipped, a packet
 * lands in one chunk or the other), then the files are closed and
 * reopened in the new chunk, whose metadata starts with all the metadata
 * so far.
 */
int consumer_rotate(struct sd_session *s)
{
	return rewrite_files(s, switch_streams);
}

/*
 * The module builds its text anew with the clock offset sampled again
 * (LTTNG_SESSION_METADATA_REGEN) and its metadata fd reads it from the
 * first byte: what was kept of the old text goes.  Should the module
 * fail, the old text stays and the file is written again with it.
 */
static void regen_all_metadata(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (ioctl(ks->fd, LTTNG_SESSION_METADATA_REGEN, 0) < 0) {
		SD_ERR("Session %s: regenerate metadata: %s (the clock offset is not sampled again)",
		       s->name, strerror(errno));
	} else {
		free(ks->meta_all);
		ks->meta_all = NULL;
		ks->meta_all_len = 0;
		free(ks->meta_pending);
		ks->meta_pending = NULL;
		ks->meta_pending_len = 0;
	}
	copy_metadata(ks);
}

/*
 * lttng regenerate metadata: the metadata file of the current chunk is
 * written again from the start (opening it truncates it) with the
 * module's text rebuilt, its clock offset sampled again (a change of the
 * wall clock since the start shows in the trace's times).
 */
int consumer_regen_metadata(struct sd_session *s)
{
	return rewrite_files(s, regen_all_metadata);
}

/*
 * lttng clear of a session whose buffers nobody consumes (snapshot,
 * --no-output): each stream forgets what it holds (LTTNG_STREAM_CLEAR).
 */
int consumer_clear_buffers(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int i;
	int ret = 0;

	if (!s->ksess)
		return 0;
	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++)
			if (ioctl(c->streams[i].fd, LTTNG_STREAM_CLEAR, 0) < 0) {
				SD_ERR("%s_%u: clear: %s", c->attr.name,
				       c->streams[i].cpu, strerror(errno));
				ret = -LTTNG_ERR_CLEAR_FAIL_CONSUMER;
			}
	return ret;
}
