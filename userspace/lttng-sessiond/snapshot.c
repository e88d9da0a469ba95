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
 * A record writes a complete trace, LTTng's layout (kernel buffers only
 * so far: a session with a user-space domain gets LTTNG_ERR_NOT_SUPPORTED):
 *
 *   <output>/<name>-<YYYYMMDD-HHMMSS>-<n>/kernel/{metadata,<chan>_<cpu>}
 *
 * n counting the session's records from 0.  Each kernel stream is
 * flushed, its positions sampled, and its packets from the oldest still
 * in the ring to the newest read without consuming (the module's
 * SNAPSHOT_* ioctls) and written through the output layer (output.c)
 * with their index files.  With a maximum size, each stream keeps its
 * newest packets within max_size / streams bytes (less than one
 * sub-buffer per stream: LTTNG_ERR_MAX_SIZE_INVALID).
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

int snapshot_add_output(struct sd_session *s, struct lttcomm_snapshot_output *o)
{
	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (s->snap_has_output)
		return -LTTNG_ERR_SNAPSHOT_OUTPUT_EXIST;
	if (o->path[0] != '/')
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

/* The newest packets of one stream, up to max_bytes (0: all). */
static int record_stream(struct sd_stream *st, struct out_stream *out,
			 uint64_t max_bytes, uint64_t *packets)
{
	struct lttng_abi_stream_info info;
	struct lttng_abi_snapshot_pos pos;
	uint64_t p;

	if (ioctl(st->fd, LTTNG_STREAM_FLUSH) < 0 ||
	    ioctl(st->fd, LTTNG_STREAM_INFO, &info) < 0 ||
	    ioctl(st->fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos) < 0)
		return -errno;
	if (max_bytes) {
		uint64_t keep = max_bytes / info.subbuf_size * info.subbuf_size;

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

/* At least one packet per stream within max_size (0: no bound)? */
static int max_size_check(struct sd_session *s, uint64_t max_size)
{
	uint64_t nstreams = 0;
	struct sd_channel *c;

	for (c = s->kernel.channels; c; c = c->next)
		nstreams += c->nr_streams;
	if (!max_size || !nstreams)
		return 0;
	for (c = s->kernel.channels; c; c = c->next)
		if (c->nr_streams && max_size / nstreams < c->attr.subbuf_size)
			return -LTTNG_ERR_MAX_SIZE_INVALID;
	return 0;
}

static int record_kernel(struct sd_session *s, struct out_chunk *chunk,
			 uint64_t max_size, uint64_t *packets)
{
	struct sd_kernel_session *ks = s->ksess;
	struct out_stream_attr meta = {
		.subdir = "kernel", .name = "metadata", .metadata = 1,
	};
	struct out_stream *mout = NULL;
	uint64_t nstreams = 0, per_stream = 0;
	struct sd_channel *c;
	int ret;

	if (!ks || ks->metadata_fd < 0)
		return 0;
	for (c = s->kernel.channels; c; c = c->next)
		nstreams += c->nr_streams;
	if (max_size && nstreams)
		per_stream = max_size / nstreams;
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
			ret = record_stream(&c->streams[i], out, per_stream,
					    packets);
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
	char datetime[32], path[LTTCOMM_PATH_MAX];
	uint64_t packets = 0;
	int ret, n;

	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (!s->started_once)
		return -LTTNG_ERR_START_SESSION_ONCE;
	/* user-space buffers: not recorded yet */
	if (s->ust.present)
		return -LTTNG_ERR_NOT_SUPPORTED;
	if (o->path[0]) {
		/* a one-time output */
		out = *o;
		out.id = 0;
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
	n = snprintf(path, sizeof(path), "%s/%s-%s-%llu", out.path, out.name,
		     datetime, (unsigned long long)s->snap_count);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -LTTNG_ERR_INVALID;
	ret = max_size_check(s, out.max_size);
	if (ret)
		return ret;
	a.path = path;
	ret = out_chunk_open(&a, &chunk);
	if (ret)
		return ret;
	ret = record_kernel(s, chunk, out.max_size, &packets);
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
