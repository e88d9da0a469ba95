// SPDX-License-Identifier: GPL-2.0-only
/*
 * relayd-sink.c - a session's trace sent to lttng-relayd: the sink
 * (output.h) of a session created with a network output, over the
 * connection of relayd.c.
 *
 * The session daemon connects to the relay daemon when the session is
 * first given a domain (enable-channel, enable-event, add-context,
 * track), as LTTng 2.13 does, and creates the relay daemon's session
 * and its first trace chunk there: a relay daemon that cannot be reached
 * fails that command with "Unable to connect to lttng-relayd".  Kernel
 * and UST streams of the session share the one connection; each stream
 * of the output layer is a relay stream in the same chunk, with its
 * index entries sent after each packet (the relay daemon writes the
 * index files and serves live viewers from them).  Live viewers see the
 * streams when the consumer publishes a whole set (out_chunk_publish:
 * STREAMS_SENT), as LTTng's consumers do once a channel's streams and
 * the metadata stream are all added; snapshot streams are never
 * published (no viewer reads them).
 *
 * Each output chunk of a network session is one of the relay daemon's
 * trace chunks (struct relayd_chunk: its id, a reference on the
 * connection): chunk 0 is created with the relay daemon's session, a
 * rotation or a clear creates the next one (relayd_chunk_next) and
 * closes the previous one with "move to completed" or "delete"
 * (relayd_chunk_finish); a chunk nobody closed is closed with "no
 * operation" when its last stream is.  The connection goes with the
 * last reference: the session's and its chunks'.
 *
 * A relay daemon that dies or stalls costs one timeout (relayd.c), then
 * every packet fails at once: the output layer counts the packets as
 * unwritten and notes the error, which `lttng stop` and `lttng list`
 * show.  The consumers never wait on the network for longer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "relayd.h"
#include "sessiond.h"

/* A stream's relay state: its handle, the next packet's sequence
 * number, the CTF stream class id of its packets (for beacons) and the
 * newest time it told the relay daemon about. */
struct relayd_stream {
	uint64_t handle;
	uint64_t seq;
	uint64_t stream_id;
	uint64_t last_ts;
};

/* A chunk's sink data: the relay daemon's trace chunk id on the
 * session's connection (one reference on it).  closed: the rotation or
 * clear that ended it sent CLOSE_TRACE_CHUNK already. */
struct relayd_chunk {
	struct relayd_conn *r;
	uint64_t id;
	int closed;
};

static struct relayd_conn *conn_of(const struct out_chunk *c)
{
	return ((struct relayd_chunk *)c->sink_data)->r;
}

static void conn_get(struct relayd_conn *r)
{
	__atomic_add_fetch(&r->refs, 1, __ATOMIC_SEQ_CST);
}

/* The last reference closes the connection (the relay daemon ends the
 * session and its streams). */
static void conn_put(struct relayd_conn *r)
{
	if (!r || __atomic_sub_fetch(&r->refs, 1, __ATOMIC_SEQ_CST))
		return;
	relayd_close(r);
	free(r);
}

static int sink_chunk_open(struct out_chunk *c)
{
	(void)c;		/* created on the relay daemon beforehand */
	return 0;
}

/* A chunk nobody closed (no rotation, no clear) ends as it is: LTTng's
 * "no operation" close.  Then its reference on the connection goes. */
static void sink_chunk_close(struct out_chunk *c)
{
	struct relayd_chunk *rc = c->sink_data;

	if (!rc->closed && !relayd_broken(rc->r))
		relayd_close_chunk(rc->r, rc->id, (uint64_t)time(NULL),
				   RELAYD_CHUNK_CMD_NO_OPERATION, NULL, 0);
	conn_put(rc->r);
	free(rc);
}

/* A chunk of output on r (one more reference on it), with the relay
 * daemon's chunk id. */
static int chunk_open(struct sd_session *s, struct relayd_conn *r,
		      uint64_t id, const char *path, int *write_error,
		      struct out_chunk **out)
{
	struct relayd_chunk *rc = calloc(1, sizeof(*rc));
	struct out_chunk_attr a = {
		.ops = &relayd_sink,
		.path = path,
		.uid = s->uid,
		.gid = s->gid,
		.label = s->name,
		.write_error = write_error,
		.sink_data = rc,
	};
	int ret;

	if (!rc)
		return -LTTNG_ERR_NOMEM;
	rc->r = r;
	rc->id = id;
	conn_get(r);
	ret = out_chunk_open(&a, out);
	if (ret) {
		conn_put(r);
		free(rc);
	}
	return ret;
}

static int sink_stream_open(struct out_stream *st)
{
	struct relayd_conn *r = conn_of(st->chunk);
	struct relayd_stream *rs = calloc(1, sizeof(*rs));
	int ret;

	if (!rs)
		return -ENOMEM;
	ret = relayd_add_stream(r, st->metadata ? RELAYD_METADATA_NAME :
				st->name, st->subdir, st->tracefile_size,
				st->tracefile_count,
				((struct relayd_chunk *)st->chunk->sink_data)->id,
				&rs->handle);
	if (ret) {
		free(rs);
		return ret;
	}
	if (!st->metadata)
		__atomic_store_n(&r->unpublished, 1, __ATOMIC_SEQ_CST);
	st->sink_data = rs;
	return 0;
}

/* STREAMS_SENT: lttng-relayd shows live viewers every stream added so
 * far, at once.  A metadata stream alone is not worth it: it waits for
 * the data streams of its trace (a viewer handed it alone drops it). */
static int sink_publish(struct out_chunk *c)
{
	struct relayd_conn *r = conn_of(c);

	if (!__atomic_exchange_n(&r->unpublished, 0, __ATOMIC_SEQ_CST))
		return 0;
	return relayd_streams_sent(r);
}

static int sink_write_packet(struct out_stream *st, const struct iovec *iov,
			     int iovcnt, size_t len, size_t pad,
			     struct out_index *idx)
{
	struct relayd_conn *r = conn_of(st->chunk);
	struct relayd_stream *rs = st->sink_data;
	struct relayd_index ri = {
		.packet_size = idx->packet_size,
		.content_size = idx->content_size,
		.timestamp_begin = idx->timestamp_begin,
		.timestamp_end = idx->timestamp_end,
		.events_discarded = idx->events_discarded,
		.stream_id = idx->stream_id,
		.stream_instance_id = idx->stream_instance_id,
		.packet_seq_num = idx->packet_seq_num,
	};
	int ret;

	if (pad > UINT32_MAX)
		return -EINVAL;
	idx->offset = st->file_bytes;
	ret = relayd_send_packet(r, rs->handle, rs->seq, iov, iovcnt, len,
				 (uint32_t)pad);
	/* as LTTng's consumer: no index for a snapshot (none is kept) */
	if (!ret && !r->snapshot)
		ret = relayd_send_index(r, rs->handle, rs->seq, &ri);
	if (ret)
		return ret;
	rs->seq++;
	rs->stream_id = idx->stream_id;
	rs->last_ts = idx->timestamp_end;
	st->file_bytes += len + pad;
	return 0;
}

/*
 * A live beacon.  lttng-relayd 2.13 keeps one only for a stream that has
 * received a packet (it tells viewers "inactive up to ts" in place of
 * the next index, with the stream class id of the packets before); a
 * viewer converts ts with that stream class's clock, so it must be a
 * value of the packets' clock and never go back before the end of the
 * last packet sent.  Streams without a packet yet say nothing: the
 * viewer waits for their first packet (lttng-relayd answers "retry").
 */
static int sink_beacon(struct out_stream *st, uint64_t ts)
{
	struct relayd_stream *rs = st->sink_data;

	if (!rs || st->metadata || !rs->seq || ts < rs->last_ts)
		return 0;
	rs->last_ts = ts;
	return relayd_send_beacon(conn_of(st->chunk), rs->handle, rs->seq - 1,
				  rs->stream_id, ts);
}

static int sink_write_metadata(struct out_stream *st, const void *buf,
			       size_t len)
{
	struct relayd_stream *rs = st->sink_data;

	return relayd_send_metadata(conn_of(st->chunk), rs->handle, buf, len);
}

/* Waits (a few seconds at most) until the relay daemon has written every
 * packet of the stream, as `lttng stop` waits for its data. */
static void wait_written(struct relayd_conn *r, uint64_t handle,
			 uint64_t last_seq)
{
	int i, ret;

	for (i = 0; i < 500; i++) {
		ret = relayd_begin_data_pending(r);
		if (!ret) {
			ret = relayd_data_pending(r, handle, last_seq);
			if (relayd_end_data_pending(r) < 0)
				ret = -1;
		}
		if (ret <= 0)
			return;
		usleep(10000);
	}
}

static void sink_stream_close(struct out_stream *st)
{
	struct relayd_conn *r = conn_of(st->chunk);
	struct relayd_stream *rs = st->sink_data;

	if (!rs)
		return;
	if (!relayd_broken(r)) {
		uint64_t last = rs->seq ? rs->seq - 1 : UINT64_MAX;

		if (rs->seq)
			wait_written(r, rs->handle, last);
		relayd_close_stream(r, rs->handle, last);
	}
	free(rs);
	st->sink_data = NULL;
}

const struct out_sink_ops relayd_sink = {
	.name = "relayd",
	.chunk_open = sink_chunk_open,
	.chunk_close = sink_chunk_close,
	.stream_open = sink_stream_open,
	.write_packet = sink_write_packet,
	.write_metadata = sink_write_metadata,
	.stream_close = sink_stream_close,
	.beacon = sink_beacon,
	.publish = sink_publish,
};

/* The daemon's identity for relay daemons: random, never all zero. */
static uint8_t the_uuid[16];
static pthread_once_t uuid_once = PTHREAD_ONCE_INIT;

static void make_uuid(void)
{
	if (getrandom(the_uuid, sizeof(the_uuid), 0) != sizeof(the_uuid)) {
		uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

		memcpy(the_uuid, &t, sizeof(t));
	}
	the_uuid[6] = (uint8_t)((the_uuid[6] & 0x0f) | 0x40);	/* v4 */
	the_uuid[8] = (uint8_t)((the_uuid[8] & 0x3f) | 0x80);
}

/*
 * Connects to the relay daemon at ctrl/data and creates there a session
 * of s (snapshot: a snapshot output's) and its first trace chunk (id 0;
 * chunk_name NULL: the session directory itself, else a directory of
 * that name in it).  0 or -LTTNG_ERR_*.
 */
static int open_session(struct sd_session *s, const struct lttcomm_uri *ctrl,
			const struct lttcomm_uri *data, const char *shown,
			int snapshot, const char *chunk_name,
			struct relayd_conn **out)
{
	static uint64_t next_id = 1;
	struct relayd_session_attr a;
	struct relayd_conn *r;
	char host[256], path[LTTCOMM_PATH_MAX];
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -LTTNG_ERR_NOMEM;
	ret = relayd_connect(r, ctrl, data, relayd_timeout_from_env());
	r->refs = 1;
	if (ret) {
		SD_ERR("Session %s: cannot connect to lttng-relayd at %s: %s",
		       s->name, shown, strerror(-ret));
		free(r);
		return ret == -EPROTONOSUPPORT ? -LTTNG_ERR_RELAYD_VERSION_FAIL :
						 -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	pthread_once(&uuid_once, make_uuid);
	if (gethostname(host, sizeof(host)))
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	memset(&a, 0, sizeof(a));
	a.name = s->name;
	a.hostname = host;
	a.base_path = ctrl->subdir;
	a.live_timer_us = s->live_timer_us;
	a.snapshot = snapshot;
	a.sessiond_uuid = the_uuid;
	a.session_id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	a.creation_time = (uint64_t)s->creation_time;
	a.name_contains_time = s->auto_name;
	ret = relayd_create_session(r, &a, path, sizeof(path));
	if (!ret)
		ret = relayd_create_chunk(r, 0, chunk_name ?
					  (uint64_t)time(NULL) :
					  a.creation_time, chunk_name);
	if (ret) {
		SD_ERR("Session %s: lttng-relayd at %s refused the session: %s",
		       s->name, shown, strerror(-ret));
		relayd_close(r);
		free(r);
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	SD_INFO("Session %s: %s lttng-relayd at %s, into %s%s%s", s->name,
		snapshot ? "snapshot to" : "streaming to", shown, path,
		chunk_name ? "/" : "", chunk_name ? chunk_name : "");
	*out = r;
	return 0;
}

int relayd_session_setup(struct sd_session *s)
{
	if (!s->network || s->relayd)
		return 0;
	return open_session(s, &s->ctrl, &s->data, s->output, 0, NULL,
			    &s->relayd);
}

int relayd_snapshot_chunk(struct sd_session *s,
			  const struct lttcomm_snapshot_output *o,
			  const char *chunk_name, struct out_chunk **chunk)
{
	struct relayd_conn *r;
	int ret;

	ret = open_session(s, &o->ctrl, &o->data, o->path, 1, chunk_name, &r);
	if (ret)
		return ret;
	ret = chunk_open(s, r, 0, o->path, NULL, chunk);
	conn_put(r);		/* the chunk's now */
	return ret;
}

int relayd_session_chunk(struct sd_session *s, struct out_chunk **out)
{
	if (!s->relayd)
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	return chunk_open(s, s->relayd, 0, s->output, &s->write_error, out);
}

int relayd_chunk_next(struct sd_session *s, struct out_chunk **out)
{
	struct relayd_chunk *cur = s->chunk ? s->chunk->sink_data : NULL;
	struct relayd_conn *r = cur ? cur->r : NULL;
	uint64_t id = cur ? cur->id + 1 : 0;
	int ret;

	if (!r || relayd_broken(r))
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	/* unnamed: the relay daemon names it <begin>-<id> */
	ret = relayd_create_chunk(r, id, (uint64_t)time(NULL), NULL);
	if (ret) {
		SD_ERR("Session %s: lttng-relayd refused trace chunk %llu: %s",
		       s->name, (unsigned long long)id, strerror(-ret));
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	return chunk_open(s, r, id, s->output, &s->write_error, out);
}

uint64_t relayd_chunk_id(const struct out_chunk *c)
{
	return ((const struct relayd_chunk *)c->sink_data)->id;
}

int relayd_chunk_finish(struct out_chunk *c, enum relayd_chunk_command cmd,
			int wait, char *path, size_t len)
{
	struct relayd_chunk *rc = c->sink_data;
	int64_t waited_ms = 0;
	int ret;

	if (rc->closed)
		return 0;
	ret = relayd_close_chunk(rc->r, rc->id, (uint64_t)time(NULL), cmd,
				 path, len);
	if (ret)
		return ret;
	rc->closed = 1;
	/* the relay daemon archives (or deletes) it once its last stream
	 * is closed: every stream of ours was, after its data was written */
	while (wait && waited_ms < rc->r->timeout_ms) {
		ret = relayd_chunk_exists(rc->r, rc->id);
		if (ret <= 0)
			return ret;
		usleep(10000);
		waited_ms += 10;
	}
	return 0;
}

void relayd_session_end(struct sd_session *s)
{
	struct relayd_conn *r = s->relayd;

	s->relayd = NULL;
	if (!r)
		return;
	/* the first chunk, created with the session, was never used */
	if (!s->chunk && !relayd_broken(r))
		relayd_close_chunk(r, 0, (uint64_t)time(NULL),
				   RELAYD_CHUNK_CMD_NO_OPERATION, NULL, 0);
	/* the chunks of the session hold their own references */
	conn_put(r);
}
