/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng-ioctl.h - the helpers of every C program that drives the tracer
 * through its ioctls (include/lttng-abi.h): the ABI and filter selftests,
 * lttng-trace.  An ioctl wrapper, channel and event parameters, the test
 * event source, a session set-up, and a consumer that collects a trace
 * directory from the stream and metadata fds (what the session daemon
 * does, in miniature).
 */
#ifndef LTTNG_SELFTEST_IOCTL_H
#define LTTNG_SELFTEST_IOCTL_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lttng-abi.h"

#define MAX_STREAMS	256
#define TEST_PROC	"/proc/lttng-test"
#define TEST_EVENT	"lttng_test_event"

/* ioctl returning -errno on failure, its result otherwise */
static inline int xioctl(int fd, unsigned long cmd, const void *arg)
{
	int r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

struct stream {
	int fd;
	void *map;
	size_t len;
	int cpu;
	int out;		/* trace file, -1 until the first packet */
	unsigned long packets;
};

struct sess {
	int tracer, session, chan, meta, event;
	struct stream st[MAX_STREAMS];
	int nstreams;
};

static inline struct lttng_abi_channel chan_params(uint64_t subbuf,
						   uint64_t n, int overwrite)
{
	struct lttng_abi_channel p;

	memset(&p, 0, sizeof(p));
	p.subbuf_size = subbuf;
	p.num_subbuf = n;
	p.overwrite = overwrite;
	p.read_timer_us = 200000;
	p.output = LTTNG_ABI_OUTPUT_MMAP;
	return p;
}

static inline struct lttng_abi_event event_params(const char *name, int type)
{
	struct lttng_abi_event e;

	memset(&e, 0, sizeof(e));
	snprintf(e.name, sizeof(e.name), "%s", name);
	e.type = type;
	return e;
}

static inline int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* mode: NULL (this context), "all" (every CPU), "nest" (+ irq events) */
static inline int emit_mode(unsigned int n, const char *mode)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%u%s%s", n, mode ? " " : "",
		 mode ? mode : "");
	return write_str(TEST_PROC, buf);
}

static inline int emit(unsigned int n, int all_cpus)
{
	return emit_mode(n, all_cpus ? "all" : NULL);
}

static inline void sess_init(struct sess *s)
{
	memset(s, 0, sizeof(*s));
	s->tracer = s->session = s->chan = s->meta = s->event = -1;
}

/* tracer -> session.  Returns 0 or -errno. */
static inline int sess_open(struct sess *s)
{
	sess_init(s);
	s->tracer = open(LTTNG_DEVICE_PATH, O_RDWR);
	if (s->tracer < 0)
		return -errno;
	s->session = xioctl(s->tracer, LTTNG_IOC_SESSION, NULL);
	return s->session < 0 ? s->session : 0;
}

/* session -> channel -> its streams, mapped.  Returns 0 or -errno. */
static inline int sess_channel(struct sess *s, struct lttng_abi_channel *cp)
{
	int r;

	s->chan = xioctl(s->session, LTTNG_SESSION_CHANNEL, cp);
	if (s->chan < 0)
		return s->chan;
	for (;;) {
		struct stream *st = &s->st[s->nstreams];
		struct lttng_abi_stream_info info;
		uint64_t len;
		int fd = xioctl(s->chan, LTTNG_CHANNEL_STREAM, NULL);

		if (fd == -ENOENT)
			break;
		if (fd < 0)
			return fd;
		if (s->nstreams == MAX_STREAMS)
			return -E2BIG;
		st->fd = fd;
		st->out = -1;
		r = xioctl(fd, LTTNG_STREAM_GET_MMAP_LEN, &len);
		if (r)
			return r;
		r = xioctl(fd, LTTNG_STREAM_INFO, &info);
		if (r)
			return r;
		st->cpu = info.cpu_id;
		st->len = len;
		st->map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
		if (st->map == MAP_FAILED)
			return -errno;
		s->nstreams++;
	}
	return 0;
}

/* session -> metadata channel.  Returns 0 or -errno. */
static inline int sess_metadata(struct sess *s, struct lttng_abi_channel *mp)
{
	s->meta = xioctl(s->session, LTTNG_SESSION_METADATA, mp);
	return s->meta < 0 ? s->meta : 0;
}

/*
 * tracer -> session (named) -> channel -> streams (mapped) -> metadata ->
 * event "ev" (NULL: none).  Returns 0 or -errno of the first failure.
 */
static inline int sess_setup(struct sess *s, const char *name,
			     struct lttng_abi_channel *cp, const char *ev)
{
	struct lttng_abi_session_name sn;
	struct lttng_abi_channel mp = chan_params(4096, 2, 0);
	int r;

	r = sess_open(s);
	if (r)
		return r;
	memset(&sn, 0, sizeof(sn));
	snprintf(sn.name, sizeof(sn.name), "%s", name);
	r = xioctl(s->session, LTTNG_SESSION_SET_NAME, &sn);
	if (r)
		return r;
	r = sess_channel(s, cp);
	if (r)
		return r;
	r = sess_metadata(s, &mp);
	if (r)
		return r;
	if (ev) {
		struct lttng_abi_event e = event_params(ev,
						LTTNG_ABI_EV_TRACEPOINT);

		s->event = xioctl(s->chan, LTTNG_CHANNEL_EVENT, &e);
		if (s->event < 0)
			return s->event;
	}
	return 0;
}

static inline void sess_close(struct sess *s)
{
	int i;

	for (i = 0; i < s->nstreams; i++) {
		munmap(s->st[i].map, s->st[i].len);
		close(s->st[i].fd);
		if (s->st[i].out >= 0)
			close(s->st[i].out);
	}
	s->nstreams = 0;
	if (s->event >= 0)
		close(s->event);
	if (s->meta >= 0)
		close(s->meta);
	if (s->chan >= 0)
		close(s->chan);
	if (s->session >= 0)
		close(s->session);
	if (s->tracer >= 0)
		close(s->tracer);
	sess_init(s);
}

/* mkdir -p of dir/kernel */
static inline int trace_dir(const char *dir, char *kdir, size_t len)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(kdir, len, "%s/kernel", dir);
	if (mkdir(kdir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Append all unread metadata to kdir/metadata; returns bytes or -errno. */
static inline long consume_metadata(struct sess *s, const char *kdir)
{
	char path[4200], buf[8192];
	long total = 0;
	ssize_t n;
	int out;

	snprintf(path, sizeof(path), "%s/metadata", kdir);
	out = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (out < 0)
		return -errno;
	while ((n = read(s->meta, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			close(out);
			return -EIO;
		}
		total += n;
	}
	close(out);
	return n < 0 ? -errno : total;
}

/*
 * Drain every ready sub-buffer of every stream into kdir/<chan>_<cpu>.
 * Returns the number of packets written, or -errno.  Checks on the way
 * that the packet fields given by GET_NEXT_SUBBUF are sane.
 */
static inline long consume_streams(struct sess *s, const char *kdir,
				   const char *chname, int *last_err)
{
	long packets = 0;
	int i;

	*last_err = 0;
	for (i = 0; i < s->nstreams; i++) {
		struct stream *st = &s->st[i];

		for (;;) {
			struct lttng_abi_subbuf sb;
			int r = xioctl(st->fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb);

			if (r == -EAGAIN || r == -ENODATA) {
				*last_err = r;
				break;
			}
			if (r)
				return r;
			if (sb.packet_size == 0 || sb.content_size > sb.packet_size ||
			    sb.mmap_offset + sb.packet_size > st->len ||
			    sb.cpu_id != (uint32_t)st->cpu)
				return -EPROTO;
			if (st->out < 0) {
				char path[4200];

				snprintf(path, sizeof(path), "%s/%s_%d", kdir,
					 chname, st->cpu);
				st->out = open(path, O_WRONLY | O_CREAT | O_TRUNC,
					       0644);
				if (st->out < 0)
					return -errno;
			}
			if (write(st->out, (char *)st->map + sb.mmap_offset,
				  sb.packet_size) != (ssize_t)sb.packet_size)
				return -EIO;
			r = xioctl(st->fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL);
			if (r)
				return r;
			st->packets++;
			packets++;
		}
	}
	return packets;
}

#endif /* LTTNG_SELFTEST_IOCTL_H */
