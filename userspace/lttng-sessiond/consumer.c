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
 * consumer_drain() runs the same passes from the STOP path after the
 * module's STOP (which flushes every stream), until a pass finds nothing:
 * when our STOP reply goes out, everything is in the files.
 *
 * Live sessions (streamed to lttng-relayd with a live timer): every
 * period the thread takes each stream's clock (GET_TIMESTAMP), FLUSHes
 * it (FLUSH_EMPTY until it sent a first packet: lttng-relayd ignores
 * the beacons of a stream that never did) and drains it; a stream that
 * had nothing to give gets a live beacon
 * with that time (out_stream_beacon), so that live viewers know it is
 * idle and go on with the others, as LTTng's consumer live timer does.
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
		.ops = s->relayd ? &relayd_sink : NULL,
		.sink_data = s->relayd,
	};
	int ret;

	if (s->no_output)
		return -LTTNG_ERR_INVALID;
	if (s->network && !s->relayd)
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	if (!s->chunk) {
		ret = out_chunk_open(&a, &s->chunk);
		if (ret)
			return ret;
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

/* Keeps buf for a later flush_metadata(). */
static void keep_metadata(struct sd_kernel_session *ks, const char *buf,
			  size_t n, int err)
{
	char *p = realloc(ks->meta_pending, ks->meta_pending_len + n);

	if (!ks->meta_pending_len)
		SD_ERR("Session %s: cannot write %s/kernel/metadata: %s (kept in memory, trace data is dropped until it is written)",
		       ks->sess->name, ks->sess->output, strerror(err));
	note_write_error(ks, err);
	if (!p) {
		SD_ERR("Session %s: metadata lost: out of memory",
		       ks->sess->name);
		return;
	}
	memcpy(p + ks->meta_pending_len, buf, n);
	ks->meta_pending = p;
	ks->meta_pending_len += n;
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
	return n;
}

static void *consumer_thread(void *arg)
{
	struct sd_kernel_session *ks = arg;
	struct sd_session *s = ks->sess;
	struct pollfd *pfd = NULL;
	struct sd_stream **polled = NULL;	/* stream of pfd[i], i >= 1 */
	unsigned int cap = 0, moved = 0;
	uint64_t last_live = mono_us();

	for (;;) {
		struct sd_channel *c;
		unsigned int n = 0, i;
		int timeout = 200;

		pthread_mutex_lock(&ks->consume_lock);
		if (ks->quit) {
			pthread_mutex_unlock(&ks->consume_lock);
			break;
		}
		for (c = s->kernel.channels; c; c = c->next) {
			n += c->nr_streams;
			if (c->attr.read_timer_us &&
			    (int)(c->attr.read_timer_us / 1000) < timeout)
				timeout = (int)(c->attr.read_timer_us / 1000);
		}
		/* While data flows, look again soon instead of waiting for
		 * the next wake-up: the writers get their sub-buffers back
		 * sooner and discard less. */
		if (moved)
			timeout = 2;
		else if (ks->tracing && timeout > 50)
			timeout = 50;
		if (s->live_timer_us && ks->tracing) {
			uint64_t now = mono_us(),
				 due = last_live + s->live_timer_us;
			int left = due > now ? (int)((due - now + 999) / 1000) : 0;

			if (left < timeout)
				timeout = left;
		}
		if (timeout < 1)
			timeout = 1;
		if (n + 1 > cap) {
			struct pollfd *tp = realloc(pfd, (n + 1) * sizeof(*pfd));
			struct sd_stream **ts;

			if (tp)
				pfd = tp;
			ts = realloc(polled, (n + 1) * sizeof(*polled));
			if (ts)
				polled = ts;
			if (tp && ts)
				cap = n + 1;
		}
		n = 0;
		if (cap) {
			pfd[n].fd = ks->wake[0];
			pfd[n++].events = POLLIN;
		}
		for (c = s->kernel.channels; c; c = c->next)
			for (i = 0; i < c->nr_streams && n < cap; i++) {
				polled[n] = &c->streams[i];
				pfd[n].fd = c->streams[i].hup ? -1 :
					    c->streams[i].fd;
				pfd[n++].events = POLLIN;
			}
		pthread_mutex_unlock(&ks->consume_lock);

		/* Without memory for the poll set, just pass on the timer. */
		if (!n)
			usleep((useconds_t)timeout * 1000);
		else if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			usleep(10000);

		pthread_mutex_lock(&ks->consume_lock);
		if (!ks->quit) {
			char junk[64];

			if (n && (pfd[0].revents & POLLIN))
				while (read(ks->wake[0], junk, sizeof(junk)) > 0)
					;
			moved = consume_pass(s);
			if (s->live_timer_us && ks->tracing &&
			    mono_us() - last_live >= s->live_timer_us) {
				last_live = mono_us();
				live_pass(s);
			}
			/* Finalized streams stop being polled (streams are
			 * only freed after this thread is joined). */
			for (i = 1; i < n; i++)
				if (pfd[i].fd >= 0 &&
				    (pfd[i].revents &
				     (POLLHUP | POLLERR | POLLNVAL)) &&
				    !(pfd[i].revents & POLLIN))
					polled[i]->hup = 1;
		}
		pthread_mutex_unlock(&ks->consume_lock);
	}
	free(pfd);
	free(polled);
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

void consumer_drain(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	unsigned int idle = 0;

	pthread_mutex_lock(&ks->consume_lock);
	ks->tracing = 0;
	/* LTTNG_SESSION_STOP waited for the records in flight and flushed
	 * every stream: what remains is readable with GET_NEXT_SUBBUF. */
	/* Until two passes in a row (1 ms apart) find nothing. */
	while (idle < 2) {
		if (consume_pass(s)) {
			idle = 0;
		} else {
			idle++;
			usleep(1000);
		}
	}
	pthread_mutex_unlock(&ks->consume_lock);
}

void consumer_stop(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (!ks->thread_running)
		return;
	pthread_mutex_lock(&ks->consume_lock);
	ks->quit = 1;
	pthread_mutex_unlock(&ks->consume_lock);
	if (write(ks->wake[1], "q", 1) < 0)
		SD_DBG("consumer wake: %s", strerror(errno));
	pthread_join(ks->thread, NULL);
	ks->thread_running = 0;
	close(ks->wake[0]);
	close(ks->wake[1]);
	ks->wake[0] = ks->wake[1] = -1;
}
