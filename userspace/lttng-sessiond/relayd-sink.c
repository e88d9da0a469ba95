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
 * fails that command with "Unable to connect to lttng-relayd".  As
 * LTTng 2.13's session daemon gives each domain's consumer daemon its
 * own relay daemon connections and its own relay daemon session
 * (CREATE_SESSION per consumer, all with the session daemon's one
 * session id, so they share the relay daemon's trace chunks and
 * directory), each domain of ours has its connection and relay daemon
 * session: lttng-relayd lists the session once per domain, and a live
 * viewer attaches to each of them (babeltrace2 follows every session of
 * that host and name).  A stream goes to its domain's connection, by the
 * first component of its subdir ("kernel", "ust").  Each stream of the
 * output layer is a relay stream, with its index entries sent after each
 * packet (the relay daemon writes the index files and serves live
 * viewers from them).  Live viewers see a domain's streams when its
 * consumer publishes a whole set (out_chunk_publish: STREAMS_SENT on
 * that domain's connection alone), as LTTng's consumers do once a
 * channel's streams and the metadata stream are all added; snapshot
 * streams are never published (no viewer reads them).
 *
 * Each output chunk of a network session is one of the relay daemon's
 * trace chunks (struct relayd_chunk: its id, a reference on each
 * domain's connection): chunk 0 is created with the relay daemon's
 * sessions, a rotation or a clear creates the next one on every
 * connection (relayd_chunk_next) and closes the previous one with "move
 * to completed" or "delete" (relayd_chunk_finish); a chunk nobody closed
 * is closed with "no operation" when its last stream is.  A connection
 * goes with its last reference: the session's and its chunks'.
 *
 * A relay daemon that dies or stalls costs one timeout (relayd.c), then
 * every packet fails at once: the output layer counts the packets as
 * unwritten and notes the error, which `lttng stop` and `lttng list`
 * show.  The consumers never wait on the network for longer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "relayd.h"
#include "sessiond.h"

/* A stream's relay state: its domain's connection, its handle, the next
 * packet's sequence number, the CTF stream class id of its packets (for
 * beacons) and the newest time it told the relay daemon about. */
struct relayd_stream {
	struct relayd_conn *r;
	uint64_t handle;
	uint64_t seq;
	uint64_t stream_id;
	uint64_t last_ts;
	/* metadata: its packets' trace UUID, once the first text was sent */
	uint8_t uuid[16];
	int uuid_known;
};

/* A chunk's sink data: the relay daemon's trace chunk id on each
 * domain's connection (one reference on each; a domain given to the
 * session later joins under lock).  closed: the rotation or clear that
 * ended it sent CLOSE_TRACE_CHUNK already. */
struct relayd_chunk {
	pthread_mutex_t lock;
	struct relayd_conn *r[SD_RELAYD_NR];
	uint64_t id;
	int closed;
};

/* The domain of a stream directory: "kernel[/...]" or a UST one. */
static int subdir_domain(const char *subdir)
{
	return strncmp(subdir, "kernel", 6) ||
	       (subdir[6] && subdir[6] != '/') ? SD_RELAYD_UST :
						 SD_RELAYD_KERNEL;
}

static struct relayd_conn *chunk_conn(struct relayd_chunk *rc, int dom)
{
	struct relayd_conn *r;

	pthread_mutex_lock(&rc->lock);
	r = rc->r[dom];
	pthread_mutex_unlock(&rc->lock);
	return r;
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

/* Every connection of a chunk (or session): for (EACH_CONN(i)) */
#define EACH_CONN(i)	int i = 0; i < SD_RELAYD_NR; i++

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

	for (EACH_CONN(i)) {
		if (!rc->r[i])
			continue;
		if (!rc->closed && !relayd_broken(rc->r[i]))
			relayd_close_chunk(rc->r[i], rc->id,
					   (uint64_t)time(NULL),
					   RELAYD_CHUNK_CMD_NO_OPERATION,
					   NULL, 0);
		conn_put(rc->r[i]);
	}
	pthread_mutex_destroy(&rc->lock);
	free(rc);
}

/* A chunk of output on the connections r[] (one more reference on each),
 * with the relay daemon's chunk id. */
static int chunk_open(struct sd_session *s,
		      struct relayd_conn *const r[SD_RELAYD_NR],
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
	pthread_mutex_init(&rc->lock, NULL);
	rc->id = id;
	for (EACH_CONN(i)) {
		rc->r[i] = r[i];
		if (r[i])
			conn_get(r[i]);
	}
	ret = out_chunk_open(&a, out);
	if (ret) {
		for (EACH_CONN(i))
			conn_put(rc->r[i]);
		pthread_mutex_destroy(&rc->lock);
		free(rc);
	}
	return ret;
}

static int sink_stream_open(struct out_stream *st)
{
	struct relayd_conn *r = chunk_conn(st->chunk->sink_data,
					   subdir_domain(st->subdir));
	struct relayd_stream *rs;
	int ret;

	if (!r)
		return -ENOTCONN;	/* the domain was never set up */
	rs = calloc(1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	rs->r = r;
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
 * far to the domain's session, at once.  A metadata stream alone is not
 * worth it: it waits for the data streams of its trace (a viewer handed
 * it alone drops it). */
static int sink_publish(struct out_chunk *c, const char *subdir)
{
	struct relayd_conn *r = chunk_conn(c->sink_data,
					   subdir_domain(subdir));

	if (!r || !__atomic_exchange_n(&r->unpublished, 0, __ATOMIC_SEQ_CST))
		return 0;
	return relayd_streams_sent(r);
}

static int sink_write_packet(struct out_stream *st, const struct iovec *iov,
			     int iovcnt, size_t len, size_t pad,
			     struct out_index *idx)
{
	struct relayd_stream *rs = st->sink_data;
	struct relayd_conn *r = rs->r;
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
	return relayd_send_beacon(rs->r, rs->handle, rs->seq - 1,
				  rs->stream_id, ts);
}

/*
 * Metadata goes to the relay daemon in CTF metadata packets, as LTTng's
 * consumers send it: each packet a header (TSDL magic, the trace's UUID,
 * no checksum, compression or encryption, CTF 1.8, its content and
 * packet sizes in bits; native byte order) then its piece of the text.
 * A live viewer decodes whatever the relay daemon has that it did not
 * get yet, from where it stopped: plain text would begin there without
 * the signature comment ("CTF 1.8") that babeltrace2 2.0 looks for at
 * the start of every plain-text piece it decodes (it then checks a
 * version it never read, and fails: "Missing ... CTF major.minor
 * signature", "Invalid metadata version"); a packet header at the start
 * of each piece is what it decodes on every update.  One write is one message, so a viewer never
 * gets part of it.
 */
#define META_MAGIC		0x75d11d57U
#define META_HDR_LEN		37
#define META_PACKET_MAX		4096	/* LTTng's: a page per packet */

/* The trace UUID of metadata text ("uuid = \"<36 chars>\"" in its
 * trace block, the first one): 0, or -1 when the text has none. */
static int text_uuid(const char *buf, size_t len, uint8_t u[16])
{
	static const char key[] = "uuid = \"";
	const char *p = memmem(buf, len, key, sizeof(key) - 1);
	char text[37];

	if (!p || (size_t)(buf + len - p) < sizeof(key) - 1 + 36)
		return -1;
	memcpy(text, p + sizeof(key) - 1, 36);
	text[36] = '\0';
	return sscanf(text, "%2hhx%2hhx%2hhx%2hhx-%2hhx%2hhx-%2hhx%2hhx-"
		      "%2hhx%2hhx-%2hhx%2hhx%2hhx%2hhx%2hhx%2hhx", &u[0], &u[1],
		      &u[2], &u[3], &u[4], &u[5], &u[6], &u[7], &u[8], &u[9],
		      &u[10], &u[11], &u[12], &u[13], &u[14], &u[15]) == 16 ?
	       0 : -1;
}

static int sink_write_metadata(struct out_stream *st, const void *buf,
			       size_t len)
{
	const size_t room = META_PACKET_MAX - META_HDR_LEN;
	struct relayd_stream *rs = st->sink_data;
	size_t n = (len + room - 1) / room, off = 0;
	unsigned char *msg, *q;
	int ret;

	if (!len)
		return 0;
	if (!rs->uuid_known) {
		if (text_uuid(buf, len, rs->uuid))
			memset(rs->uuid, 0, sizeof(rs->uuid));
		rs->uuid_known = 1;
	}
	msg = malloc(len + n * META_HDR_LEN);
	if (!msg)
		return -ENOMEM;
	for (q = msg; off < len; off += room) {
		size_t piece = len - off < room ? len - off : room;
		uint32_t v = META_MAGIC, bits = (uint32_t)((META_HDR_LEN +
							     piece) * 8);

		memcpy(q, &v, 4);
		memcpy(q + 4, rs->uuid, 16);
		memset(q + 20, 0, 4);			/* checksum */
		memcpy(q + 24, &bits, 4);		/* content size */
		memcpy(q + 28, &bits, 4);		/* packet size */
		q[32] = q[33] = q[34] = 0;		/* compression, ... */
		q[35] = 1;				/* CTF 1.8 */
		q[36] = 8;
		memcpy(q + META_HDR_LEN, (const char *)buf + off, piece);
		q += META_HDR_LEN + piece;
	}
	ret = relayd_send_metadata(rs->r, rs->handle, msg, (size_t)(q - msg));
	free(msg);
	return ret;
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
	struct relayd_stream *rs = st->sink_data;
	struct relayd_conn *r;

	if (!rs)
		return;
	r = rs->r;
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

/* A new id for relay daemons' sessions: the one a session daemon's
 * session gives all its connections. */
static uint64_t new_session_id(void)
{
	static uint64_t next_id = 1;

	return __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
}

static const char *const domain_names[SD_RELAYD_NR] = {
	[SD_RELAYD_KERNEL] = "kernel",
	[SD_RELAYD_UST] = "user space",
};

/*
 * Connects a domain's consumer to the relay daemon at ctrl/data and
 * creates there its session of s (snapshot: a snapshot output's), with
 * the session daemon's session id sid, and trace chunk chunk_id (chunk 0
 * with chunk_name NULL: the session directory itself, else a directory
 * of that name in it; a later chunk is the relay daemon's, shared with
 * the session's other connections).  0 or -LTTNG_ERR_*.
 */
static int open_session(struct sd_session *s, int dom,
			const struct lttcomm_uri *ctrl,
			const struct lttcomm_uri *data, const char *shown,
			int snapshot, uint64_t sid, uint64_t chunk_id,
			const char *chunk_name, struct relayd_conn **out)
{
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
	a.session_id = sid;
	a.creation_time = (uint64_t)s->creation_time;
	a.name_contains_time = s->auto_name;
	ret = relayd_create_session(r, &a, path, sizeof(path));
	if (!ret)
		ret = relayd_create_chunk(r, chunk_id,
					  chunk_name || chunk_id ?
					  (uint64_t)time(NULL) :
					  a.creation_time, chunk_name);
	if (ret) {
		SD_ERR("Session %s: lttng-relayd at %s refused the session: %s",
		       s->name, shown, strerror(-ret));
		relayd_close(r);
		free(r);
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	SD_INFO("Session %s: %s: %s lttng-relayd at %s, into %s%s%s", s->name,
		domain_names[dom], snapshot ? "snapshot to" : "streaming to",
		shown, path, chunk_name ? "/" : "",
		chunk_name ? chunk_name : "");
	*out = r;
	return 0;
}

int relayd_session_setup(struct sd_session *s, uint32_t domain)
{
	int dom = domain == LTTCOMM_DOMAIN_KERNEL ? SD_RELAYD_KERNEL :
						     SD_RELAYD_UST;
	struct relayd_chunk *rc;
	struct relayd_conn *r;
	int ret;

	if (!s->network || s->relayd[dom])
		return 0;
	if (!s->relayd_id)
		s->relayd_id = new_session_id();
	rc = s->chunk ? s->chunk->sink_data : NULL;
	ret = open_session(s, dom, &s->ctrl, &s->data, s->output, 0,
			   s->relayd_id, rc ? rc->id : 0, NULL, &r);
	if (ret)
		return ret;
	s->relayd[dom] = r;
	if (rc) {
		/* a domain given to a session whose chunk is open */
		conn_get(r);
		pthread_mutex_lock(&rc->lock);
		rc->r[dom] = r;
		pthread_mutex_unlock(&rc->lock);
	}
	return 0;
}

struct relayd_conn *relayd_session_conn(const struct sd_session *s)
{
	for (EACH_CONN(i))
		if (s->relayd[i])
			return s->relayd[i];
	return NULL;
}

int relayd_snapshot_chunk(struct sd_session *s,
			  const struct lttcomm_snapshot_output *o,
			  const char *chunk_name, struct out_chunk **chunk)
{
	struct relayd_conn *r[SD_RELAYD_NR] = { NULL };
	int present[SD_RELAYD_NR] = {
		[SD_RELAYD_KERNEL] = s->kernel.present,
		[SD_RELAYD_UST] = s->ust.present,
	};
	uint64_t sid = new_session_id();
	int ret = 0;

	/* each domain's consumer has its own relay daemon session */
	for (EACH_CONN(i)) {
		if (present[i] && !ret)
			ret = open_session(s, i, &o->ctrl, &o->data, o->path, 1,
					   sid, 0, chunk_name, &r[i]);
	}
	if (!ret)
		ret = chunk_open(s, r, 0, o->path, NULL, chunk);
	for (EACH_CONN(i))
		conn_put(r[i]);	/* the chunk's now */
	return ret;
}

int relayd_session_chunk(struct sd_session *s, struct out_chunk **out)
{
	if (!relayd_session_conn(s))
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	return chunk_open(s, s->relayd, 0, s->output, &s->write_error, out);
}

int relayd_chunk_next(struct sd_session *s, struct out_chunk **out)
{
	struct relayd_chunk *cur = s->chunk ? s->chunk->sink_data : NULL;
	struct relayd_conn *r[SD_RELAYD_NR] = { NULL };
	uint64_t id = cur ? cur->id + 1 : 0;
	int ret, any = 0;

	if (!cur)
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	for (EACH_CONN(i)) {
		r[i] = chunk_conn(cur, i);
		if (!r[i])
			continue;
		if (relayd_broken(r[i]))
			return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
		any = 1;
		/* unnamed: the relay daemon names it <begin>-<id>; every
		 * session of ours shares it there */
		ret = relayd_create_chunk(r[i], id, (uint64_t)time(NULL),
					  NULL);
		if (ret) {
			SD_ERR("Session %s: lttng-relayd refused trace chunk %llu: %s",
			       s->name, (unsigned long long)id, strerror(-ret));
			return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
		}
	}
	if (!any)
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
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
	struct relayd_conn *r[SD_RELAYD_NR];
	int64_t waited_ms;
	int ret, first = 1;

	if (rc->closed)
		return 0;
	for (EACH_CONN(i)) {
		r[i] = chunk_conn(rc, i);
		if (!r[i])
			continue;
		/* the relay daemon's answer is the same for each session:
		 * the first one's is kept */
		ret = relayd_close_chunk(r[i], rc->id, (uint64_t)time(NULL),
					 cmd, first ? path : NULL,
					 first ? len : 0);
		if (ret)
			return ret;
		first = 0;
	}
	rc->closed = 1;
	/* the relay daemon archives (or deletes) it once its last stream
	 * is closed: every stream of ours was, after its data was written */
	for (EACH_CONN(i)) {
		for (waited_ms = 0; r[i] && wait &&
		     waited_ms < r[i]->timeout_ms; waited_ms += 10) {
			ret = relayd_chunk_exists(r[i], rc->id);
			if (ret <= 0)
				return ret;
			usleep(10000);
		}
	}
	return 0;
}

void relayd_session_end(struct sd_session *s)
{
	for (EACH_CONN(i)) {
		struct relayd_conn *r = s->relayd[i];

		s->relayd[i] = NULL;
		if (!r)
			continue;
		/* the first chunk, created with the session, was never
		 * used */
		if (!s->chunk && !relayd_broken(r))
			relayd_close_chunk(r, 0, (uint64_t)time(NULL),
					   RELAYD_CHUNK_CMD_NO_OPERATION,
					   NULL, 0);
		/* the chunks of the session hold their own references */
		conn_put(r);
	}
}
