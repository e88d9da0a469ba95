/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * relayd.h - client side of the network protocol of LTTng 2.13's relay
 * daemon (lttng-relayd): one session's control and data connections
 * (relayd.c describes the messages and their order).
 *
 * Every call is bounded by the connection's timeout: a dead, stalled or
 * unreachable relay daemon costs at most one timeout, after which the
 * connection is marked broken and every later call fails at once with
 * -ENOTCONN.  Calls return 0 (or the documented positive value) or
 * -errno; -EPROTO is a refusal by the relay daemon (its reply code) or a
 * malformed reply, -EPROTONOSUPPORT an incompatible protocol version.
 * The calls are thread-safe: control messages are serialised with their
 * replies, data packets with each other.
 */
#ifndef SD_RELAYD_H
#define SD_RELAYD_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "protocol.h"

/* The protocol version LTTng 2.13 speaks; the relay daemon answers with
 * its own and both use the lower minor.  Trace chunks need 2.11. */
#define RELAYD_PROTO_MAJOR	2
#define RELAYD_PROTO_MINOR	13
#define RELAYD_PROTO_MIN_MINOR	11

/* Timeout of every call when LTTNG_NETWORK_SOCKET_TIMEOUT (ms) is not
 * set. */
#define RELAYD_DEFAULT_TIMEOUT_MS	5000

/* The name of a metadata stream (the relay daemon recognises it). */
#define RELAYD_METADATA_NAME	"metadata"

/* What CLOSE_TRACE_CHUNK asks of the relay daemon (2.11+). */
enum relayd_chunk_command {
	RELAYD_CHUNK_CMD_NONE = -1,		/* no command */
	RELAYD_CHUNK_CMD_MOVE_TO_COMPLETED = 0,	/* rotation: archive it */
	RELAYD_CHUNK_CMD_NO_OPERATION = 1,
	RELAYD_CHUNK_CMD_DELETE = 2,		/* clear */
};

/* GET_CONFIGURATION's flags (2.12+). */
#define RELAYD_CONFIG_CLEAR_ALLOWED	(1ULL << 0)

struct relayd_conn {
	int ctrl_fd;
	int data_fd;
	uint32_t major, minor;		/* negotiated protocol version */
	uint64_t session_id;		/* the relay daemon's, once created */
	uint64_t config_flags;		/* GET_CONFIGURATION (2.12+) */
	int snapshot;			/* a snapshot session: the relay
					 * daemon writes no index */
	int timeout_ms;			/* per call; < 0: none */
	int broken;			/* errno that broke it, 0 (atomic) */
	pthread_mutex_t ctrl_lock;	/* one control exchange at a time */
	pthread_mutex_t data_lock;	/* one data packet at a time */
	int refs;			/* relayd-sink.c: the session and
					 * its chunks (atomic) */
	int unpublished;		/* relayd-sink.c: data streams added
					 * since the last STREAMS_SENT
					 * (atomic) */
};

/* Parameters of CREATE_SESSION (2.11 form). */
struct relayd_session_attr {
	const char *name;
	const char *hostname;		/* <output>/<hostname>/... */
	const char *base_path;		/* "" or NULL: <name>-<date> */
	uint32_t live_timer_us;		/* 0: not live */
	int snapshot;
	const uint8_t *sessiond_uuid;	/* 16 bytes, never all zero */
	uint64_t session_id;		/* the session daemon's */
	uint64_t creation_time;		/* seconds since the Epoch */
	int name_contains_time;		/* auto-<date>: no second date */
	const uint64_t *current_chunk; /* a chunk another connection of the
					 * session created, or NULL */
};

/* One packet's index entry (host order), sent after its data. */
struct relayd_index {
	uint64_t packet_size;		/* bits */
	uint64_t content_size;		/* bits */
	uint64_t timestamp_begin;
	uint64_t timestamp_end;
	uint64_t events_discarded;
	uint64_t stream_id;		/* CTF stream class id */
	uint64_t stream_instance_id;
	uint64_t packet_seq_num;
};

/* The timeout to use: LTTNG_NETWORK_SOCKET_TIMEOUT (ms) when set and
 * valid, else RELAYD_DEFAULT_TIMEOUT_MS. */
int relayd_timeout_from_env(void);

/*
 * Connects both ports (a non-blocking connect with the timeout as
 * deadline), exchanges the versions and reads the relay daemon's
 * configuration.  On failure r is left closed.  0, -EPROTONOSUPPORT
 * (version), or -errno (-ECONNREFUSED, -ETIMEDOUT, ...).
 */
int relayd_connect(struct relayd_conn *r, const struct lttcomm_uri *ctrl,
		   const struct lttcomm_uri *data, int timeout_ms);
/* Closes both connections (the relay daemon ends the session and its
 * streams); r can be connected again. */
void relayd_close(struct relayd_conn *r);
/* The errno that broke the connection, 0 while it works. */
int relayd_broken(const struct relayd_conn *r);

/* Creates the relay daemon's session; its output directory relative to
 * the relay daemon's output (<hostname>/<name>-<date>) into path. */
int relayd_create_session(struct relayd_conn *r,
			  const struct relayd_session_attr *a,
			  char *path, size_t path_len);
/* A trace chunk: the directory the streams of the session go to.  The
 * first chunk without a name is the session directory itself. */
int relayd_create_chunk(struct relayd_conn *r, uint64_t chunk_id,
			uint64_t creation_time, const char *name);
/* Closes a chunk; where it ended up into path (may be NULL). */
int relayd_close_chunk(struct relayd_conn *r, uint64_t chunk_id,
		       uint64_t close_time, enum relayd_chunk_command cmd,
		       char *path, size_t path_len);

/* Is the chunk still open on the relay daemon (a stream of it not
 * closed yet, its archive not in place)?  1, 0 or -errno. */
int relayd_chunk_exists(struct relayd_conn *r, uint64_t chunk_id);
/* Does the relay daemon accept CLOSE_TRACE_CHUNK's DELETE (clear)? */
int relayd_allows_clear(const struct relayd_conn *r);

/* Adds a stream "<path>/<name>" (path "kernel", "ust/uid/1000/64-bit";
 * name RELAYD_METADATA_NAME for the metadata) in chunk chunk_id: its
 * handle into *handle. */
int relayd_add_stream(struct relayd_conn *r, const char *name,
		      const char *path, uint64_t tracefile_size,
		      uint64_t tracefile_count, uint64_t chunk_id,
		      uint64_t *handle);
/* Every stream added so far may be shown to live viewers. */
int relayd_streams_sent(struct relayd_conn *r);
/* Appends metadata text to the metadata stream handle. */
int relayd_send_metadata(struct relayd_conn *r, uint64_t handle,
			 const void *buf, size_t len);
/*
 * One data packet of stream handle with network sequence number seq (0,
 * 1, 2, ... per stream): len bytes in iov, and padding zero bytes that
 * the relay daemon appends itself (the packet's unused end).
 */
int relayd_send_packet(struct relayd_conn *r, uint64_t handle, uint64_t seq,
		       const struct iovec *iov, int iovcnt, size_t len,
		       uint32_t padding);
/* The index entry of packet seq of stream handle (send it after the
 * packet: the relay daemon matches them by seq). */
int relayd_send_index(struct relayd_conn *r, uint64_t handle, uint64_t seq,
		      const struct relayd_index *idx);
/* Live beacon of an idle stream: nothing after timestamp ts (the stream's
 * clock) in CTF stream class stream_id; last_seq: its last packet's
 * seq (UINT64_MAX: none yet). */
int relayd_send_beacon(struct relayd_conn *r, uint64_t handle,
		       uint64_t last_seq, uint64_t stream_id, uint64_t ts);
/* No more packets after last_seq (UINT64_MAX: none at all). */
int relayd_close_stream(struct relayd_conn *r, uint64_t handle,
			uint64_t last_seq);

/* Is everything up to last_seq of the stream written by the relay
 * daemon?  The exchange: begin, one data_pending per data stream, one
 * quiescent_control per metadata stream, end.  data_pending and
 * end_data_pending return 1 while data is in flight, 0 when not. */
int relayd_begin_data_pending(struct relayd_conn *r);
int relayd_data_pending(struct relayd_conn *r, uint64_t handle,
			uint64_t last_seq);
int relayd_quiescent_control(struct relayd_conn *r, uint64_t handle);
int relayd_end_data_pending(struct relayd_conn *r);

/* --- a session's chunks on the relay daemon (relayd-sink.c) ----------- */

struct sd_session;
struct out_chunk;

/* The session's first output chunk, the relay daemon's chunk 0 (created
 * with its session).  0 or -LTTNG_ERR_*. */
int relayd_session_chunk(struct sd_session *s, struct out_chunk **out);
/* A rotation or clear: the relay daemon's next chunk (id of s->chunk's
 * plus one) created, as an output chunk.  0 or -LTTNG_ERR_*. */
int relayd_chunk_next(struct sd_session *s, struct out_chunk **out);
/* The relay daemon's id of an output chunk of relayd_sink. */
uint64_t relayd_chunk_id(const struct out_chunk *c);
/*
 * Closes the relay daemon's chunk of c with cmd (its streams closed
 * before: the archive is complete when its last one is); where it ends
 * up, relative to the relay daemon's output, into path.  wait: until the
 * relay daemon no longer has it (bounded by the connection's timeout).
 * 0 or -errno.
 */
int relayd_chunk_finish(struct out_chunk *c, enum relayd_chunk_command cmd,
			int wait, char *path, size_t len);

/* A network session's rotation (cmd MOVE_TO_COMPLETED) or clear
 * (DELETE), rotation.c: the streams switched to the relay daemon's next
 * chunk, the previous one closed with cmd; where it went, relative to the
 * relay daemon's output, into path.  0 or -LTTNG_ERR_*. */
int rotation_relayd(struct sd_session *s, enum relayd_chunk_command cmd,
		    const char *what, char *path, size_t len);

#endif /* SD_RELAYD_H */
