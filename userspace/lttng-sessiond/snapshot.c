// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapshot.c - snapshot sessions (the flight recorder): their output and
 * `lttng snapshot record`.
 *
 * A snapshot session (create --snapshot) writes no trace while it runs:
 * its channels default to overwrite mode and keep the newest packets in
 * their ring buffers, and nothing consumes them (no consumer thread, as
 * for --no-output).  It has at most one snapshot output, as in LTTng: a
 * directory, a name (snapshot-<id> by default) and a maximum size.  The
 * kernel metadata read from the module is kept in memory, for every
 * record to write it whole.
 *
 * A record writes a complete trace, LTTng's layout:
 *
 *   <output>/<name>-<YYYYMMDD-HHMMSS>-<n>/kernel/{metadata,<chan>_<cpu>}
 *   <output>/<name>-<YYYYMMDD-HHMMSS>-<n>/ust/{uid,pid}/... (ust-snapshot.c)
 *
 * n counting the session's records from 0.  To a network output (create
 * --snapshot -U net://..., add-output or record with a URL), as LTTng
 * 2.13's consumer does: every record is a session of the relay daemon
 * (the snapshot session's name, creation date and base path, the
 * snapshot flag: no index files) whose one trace chunk, named
 * <name>-<YYYYMMDD-HHMMSS>-<n>, holds the record; the relay daemon
 * writes it to <hostname>/<session>-<date>/<chunk>/ (relayd-sink.c).  Each kernel stream is
 * flushed, its positions sampled, and its packets from the oldest still
 * in the ring to the newest read without consuming (the module's
 * SNAPSHOT_* ioctls) and written through the output layer (output.c)
 * with their index files.  With a maximum size, every stream (kernel and
 * UST) keeps the same number of newest packets, the most whose worst case
 * (full sub-buffers) fits in max_size, as LTTng counts them (not even one
 * packet per stream: LTTNG_ERR_MAX_SIZE_INVALID).
 */
#define _GNU_SOURCE
#include <errno.h>
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
#include "ust.h"

int snapshot_session_init(struct sd_session *s)
{
	struct lttcomm_snapshot_output *o = &s->snap_output;

	s->snapshot = 1;
	s->no_output = 1;
	if (!s->output[0])
		return 0;		/* --no-output: no default output */
	memset(o, 0, sizeof(*o));
	o->id = ++s->snap_next_id;
	snprintf(o->name, sizeof(o->name), "snapshot-%u", o->id);
	strcpy(o->path, s->output);
	strcpy(o->session, s->name);
	s->snap_has_output = 1;
	s->output[0] = '\0';
	return 0;
}

int snapshot_net_output_init(struct sd_session *s,
			     const struct lttcomm_uri *ctrl,
			     const struct lttcomm_uri *data)
{
	struct lttcomm_snapshot_output *o = &s->snap_output;

	memset(o, 0, sizeof(*o));
	o->id = ++s->snap_next_id;
	snprintf(o->name, sizeof(o->name), "snapshot-%u", o->id);
	o->ctrl = *ctrl;
	o->data = *data;
	if (lttcomm_uri_str(ctrl, o->path, sizeof(o->path)) >=
	    (int)sizeof(o->path))
		return -LTTNG_ERR_INVALID;
	strcpy(o->session, s->name);
	s->snap_has_output = 1;
	return 0;
}

int snapshot_add_output(struct sd_session *s, struct lttcomm_snapshot_output *o)
{
	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (s->snap_has_output)
		return -LTTNG_ERR_SNAPSHOT_OUTPUT_EXIST;
	if (o->ctrl.dtype == LTTCOMM_DST_NONE && o->path[0] != '/')
		return -LTTNG_ERR_INVALID;
	if (o->max_size == UINT64_MAX)
		o->max_size = 0;
	o->id = ++s->snap_next_id;
	if (!o->name[0])
		snprintf(o->name, sizeof(o->name), "snapshot-%u", o->id);
	s->snap_output = *o;
	strcpy(s->snap_output.session, s->name);
	s->snap_has_output = 1;
	return 0;
}

int snapshot_del_output(struct sd_session *s,
			const struct lttcomm_snapshot_output *o)
{
	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (!s->snap_has_output ||
	    (o->name[0] ? strcmp(o->name, s->snap_output.name) :
			  o->id != s->snap_output.id))
		return -LTTNG_ERR_INVALID;
	s->snap_has_output = 0;
	return 0;
}

/* Reads the kernel metadata the module has not given yet into the
 * session's copy. */
static int kernel_metadata_update(struct sd_kernel_session *ks)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(ks->metadata_fd, buf, sizeof(buf));
		char *tmp;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		tmp = realloc(ks->snap_meta, ks->snap_meta_len + (size_t)n);
		if (!tmp)
			return -ENOMEM;
		memcpy(tmp + ks->snap_meta_len, buf, (size_t)n);
		ks->snap_meta = tmp;
		ks->snap_meta_len += (size_t)n;
	}
}

/* The newest packets of one stream, at most nr (0: all). */
static int record_stream(struct sd_stream *st, struct out_stream *out,
			 uint64_t nr, uint64_t *packets)
{
	struct lttng_abi_stream_info info;
	struct lttng_abi_snapshot_pos pos;
	uint64_t p;

	if (ioctl(st->fd, LTTNG_STREAM_FLUSH) < 0 ||
	    ioctl(st->fd, LTTNG_STREAM_INFO, &info) < 0 ||
	    ioctl(st->fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos) < 0)
		return -errno;
	if (nr) {
		uint64_t keep = nr * info.subbuf_size;

		if (pos.produced - pos.consumed > keep)
			pos.consumed = pos.produced - keep;
	}
	for (p = pos.consumed; p != pos.produced; p += info.subbuf_size) {
		struct lttng_abi_snapshot_subbuf ss;
		struct iovec iov;
		int ret;

		memset(&ss, 0, sizeof(ss));
		ss.pos = p;
		if (ioctl(st->fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss) < 0) {
			if (errno == EAGAIN)
				continue;	/* overwritten meanwhile */
			if (errno == ENODATA)
				break;		/* still being written */
			return -errno;
		}
		iov.iov_base = (char *)st->map + ss.sb.mmap_offset;
		iov.iov_len = ss.sb.packet_size;
		ret = ss.sb.mmap_offset + ss.sb.packet_size > st->map_len ?
			-EPROTO : out_stream_write(out, &iov, 1, 0);
		if (ioctl(st->fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF) < 0 && !ret)
			ret = -errno;
		if (ret)
			return ret;
		(*packets)++;
	}
	return 0;
}

/* Bytes one more packet of every stream takes, over the channels of
 * which fewer than nr packets are taken. */
static uint64_t one_more_packet(struct sd_session *s, uint64_t nr)
{
	uint64_t tot = 0;
	struct sd_channel *c;

	for (c = s->kernel.channels; c; c = c->next)
		if (nr < c->attr.num_subbuf)
			tot += c->attr.subbuf_size * c->nr_streams;
	if (s->ust.present)
		tot += ust_snapshot_one_more(s, nr);
	return tot;
}

/* Packets per stream within max_size (0: no bound, all of them), or
 * -LTTNG_ERR_MAX_SIZE_INVALID when not even one of each fits. */
static int64_t packets_per_stream(struct sd_session *s, uint64_t max_size)
{
	int64_t left = (int64_t)max_size;
	uint64_t nr = 0, more;

	if (!max_size)
		return 0;
	for (;;) {
		more = one_more_packet(s, nr);
		if (!more)
			break;		/* every packet of every stream */
		left -= (int64_t)more;
		if (left < 0)
			break;
		nr++;
	}
	if (!nr && left != (int64_t)max_size)
		return -LTTNG_ERR_MAX_SIZE_INVALID;
	return (int64_t)nr;
}

static int record_kernel(struct sd_session *s, struct out_chunk *chunk,
			 uint64_t nr, uint64_t *packets)
{
	struct sd_kernel_session *ks = s->ksess;
	struct out_stream_attr meta = {
		.subdir = "kernel", .name = "metadata", .metadata = 1,
	};
	struct out_stream *mout = NULL;
	struct sd_channel *c;
	int ret;

	if (!ks || ks->metadata_fd < 0)
		return 0;
	pthread_mutex_lock(&ks->consume_lock);
	ret = kernel_metadata_update(ks);
	if (ret) {
		SD_ERR("Snapshot of %s: kernel metadata: %s", s->name,
		       strerror(-ret));
		ret = -LTTNG_ERR_SNAPSHOT_FAIL;
		goto out;
	}
	ret = out_stream_open(chunk, &meta, &mout);
	if (!ret && out_metadata_write(mout, ks->snap_meta, ks->snap_meta_len))
		ret = -LTTNG_ERR_SNAPSHOT_FAIL;
	for (c = s->kernel.channels; c && !ret; c = c->next) {
		unsigned int i;

		for (i = 0; i < c->nr_streams && !ret; i++) {
			char name[LTTCOMM_NAME_MAX + 16];
			struct out_stream_attr a = {
				.subdir = "kernel", .name = name,
			};
			struct out_stream *out;

			snprintf(name, sizeof(name), "%s_%u", c->attr.name,
				 c->streams[i].cpu);
			ret = out_stream_open(chunk, &a, &out);
			if (ret)
				break;
			ret = record_stream(&c->streams[i], out, nr, packets);
			out_stream_close(out);
			if (ret) {
				SD_ERR("Snapshot of %s: %s: %s", s->name, name,
				       strerror(-ret));
				ret = -LTTNG_ERR_SNAPSHOT_FAIL;
			}
		}
	}
out:
	pthread_mutex_unlock(&ks->consume_lock);
	if (mout)
		out_stream_close(mout);
	return ret;
}

int snapshot_record(struct sd_session *s, struct lttcomm_snapshot_output *o)
{
	struct lttcomm_snapshot_output out;
	struct out_chunk_attr a = {
		.uid = s->uid,
		.gid = s->gid,
		.label = s->name,
	};
	struct out_chunk *chunk;
	char datetime[32], path[LTTCOMM_PATH_MAX], name[LTTCOMM_NAME_MAX];
	uint64_t packets = 0;
	int64_t nr;
	int ret, n;

	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (!s->started_once)
		return -LTTNG_ERR_START_SESSION_ONCE;
	if (o->path[0] || o->ctrl.dtype != LTTCOMM_DST_NONE) {
		/* a one-time output */
		out = *o;
		out.id = 0;
		out.max_size = 0;	/* no bound unless -m (below) */
		if (!out.name[0])
			snprintf(out.name, sizeof(out.name), "snapshot-0");
	} else {
		if (!s->snap_has_output)
			return -LTTNG_ERR_SNAPSHOT_FAIL;
		out = s->snap_output;
		if (o->name[0])
			strcpy(out.name, o->name);
	}
	if (o->max_size != UINT64_MAX)
		out.max_size = o->max_size;
	strcpy(out.session, s->name);
	if (lttcomm_format_datetime(time(NULL), datetime, sizeof(datetime)))
		return -LTTNG_ERR_UNK;
	n = snprintf(name, sizeof(name), "%s-%s-%llu", out.name, datetime,
		     (unsigned long long)s->snap_count);
	if (n < 0 || (size_t)n >= sizeof(name))
		return -LTTNG_ERR_INVALID;
	n = snprintf(path, sizeof(path), "%s/%s", out.path, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -LTTNG_ERR_INVALID;
	nr = packets_per_stream(s, out.max_size);
	if (nr < 0)
		return (int)nr;
	a.path = path;
	if (out.ctrl.dtype != LTTCOMM_DST_NONE)
		ret = relayd_snapshot_chunk(s, &out, name, &chunk);
	else
		ret = out_chunk_open(&a, &chunk);
	if (ret)
		return ret;
	ret = record_kernel(s, chunk, (uint64_t)nr, &packets);
	if (!ret && s->ust.present) {
		ret = ust_snapshot_record(s, chunk, (uint64_t)nr, &packets);
		if (ret) {
			SD_ERR("Snapshot of %s: user-space buffers: %s",
			       s->name, strerror(-ret));
			ret = -LTTNG_ERR_SNAPSHOT_FAIL;
		}
	}
	out_chunk_put(chunk);
	if (ret)
		return ret;
	SD_INFO("Snapshot %llu of %s: %llu packets in %s",
		(unsigned long long)s->snap_count, s->name,
		(unsigned long long)packets, path);
	s->snap_count++;
	strcpy(out.path, path);
	*o = out;
	return 0;
}
