/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sessiond.h - internal interface between the subsystems of lttng-sessiond.
 *
 *   main.c      options, daemonize, lock file, signals, shutdown
 *   client.c    client socket, one thread per connection, SO_PEERCRED,
 *               request decoding
 *   cmd.c       the command handlers, one per row of LTTCOMM_COMMANDS
 *               (protocol.h)
 *   session.c   the session registry: sessions, domains, channels, events,
 *               contexts, trackers; name rules and ownership
 *   kernel.c    the kernel domain: module loading (libkmod) and the
 *               lttng-abi.h ioctls
 *   consumer.c  per-session kernel consumer thread: streams -> output
 *   output.c    the output layer (output.h): trace chunks, stream and
 *               metadata files, indexes, trace-file limits, created with
 *               the session owner's credentials; a sink interface
 *   ust*.c      user-space tracing: applications, rings, UST metadata
 *               (see ust.h)
 *
 * Locking (the order is in session.c): one registry mutex (sd_lock) is
 * held by a client thread for a command's handler, so handlers are
 * serialised and see a consistent registry; a command's I/O on its
 * session's output runs after it with the session's lock alone.  A kernel session's consumer thread never takes
 * sd_lock; it only takes its session's consume_lock around each pass over
 * the streams.  The STOP path takes consume_lock too, to drain the streams
 * itself: after the STOP reply every packet is in the files.
 */
#ifndef SESSIOND_H
#define SESSIOND_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "protocol.h"

/* LTTng 2.13 channel defaults (UST: read timer 0, the writers wake the
 * consumer). */
#define SD_KERNEL_SUBBUF_SIZE	(1ULL << 20)
#define SD_KERNEL_NUM_SUBBUF	4
#define SD_KERNEL_SWITCH_TIMER	0
#define SD_KERNEL_READ_TIMER	200000
#define SD_UST_SUBBUF_SIZE	(512ULL << 10)	/* per-UID */
#define SD_UST_PID_SUBBUF_SIZE	(16ULL << 10)	/* per-PID */
#define SD_UST_NUM_SUBBUF	4
#define SD_DEFAULT_CHANNEL	"channel0"
/* The monitor timer period LTTng reports for every channel: recorded,
 * listed, saved; this daemon samples the buffers only when asked. */
#define SD_MONITOR_TIMER	1000000

struct sd_config {
	int daemonize;
	int background;
	int sig_parent;
	int no_kernel;
	int verbose;
	int is_root;
	const char *group;
	const char *kmod_probes;	/* --kmod-probes: instead of all */
	const char *extra_kmod_probes;	/* --extra-kmod-probes: and these */
	const char *module_path;
	const char *pidfile;		/* NULL: <rundir>/lttng-sessiond.pid */
	const char *apps_sock;		/* NULL: <rundir>/lttng-ust-sock-1 */
	const char *load_path;		/* NULL: the auto-load directories */
	char rundir[4096];
	char sock_path[4096];
};

extern struct sd_config sd_cfg;
extern pthread_mutex_t sd_lock;

void sd_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define SD_ERR(...)	sd_log(-2, __VA_ARGS__)
#define SD_WARN(...)	sd_log(-1, __VA_ARGS__)
#define SD_INFO(...)	sd_log(1, __VA_ARGS__)
#define SD_DBG(...)	sd_log(2, __VA_ARGS__)
#define SD_DBG2(...)	sd_log(3, __VA_ARGS__)

/* --- registry (session.c) -------------------------------------------- */

struct sd_event {
	struct lttcomm_event ev;
	int fd;				/* kernel event fd, -1 otherwise */
	struct sd_event *next;
};

struct sd_context {
	struct lttcomm_context ctx;
	struct sd_context *next;
};

struct sd_stream {
	int fd;
	void *map;
	size_t map_len;
	struct out_stream *out;		/* its trace files, NULL: none */
	uint32_t cpu;
	int hup;			/* POLLHUP seen: finalized and empty */
};

struct sd_channel {
	struct lttcomm_channel_attr attr;	/* .enabled kept up to date */
	int fd;				/* kernel channel fd, -1 otherwise */
	unsigned int nr_streams;
	struct sd_stream *streams;
	struct sd_event *events;
	struct sd_context *contexts;
	struct sd_channel *next;
};

#define SD_TRACKER_MAX_IDS	64
struct sd_tracker {
	int all;			/* every id is tracked */
	unsigned int nr;
	int32_t ids[SD_TRACKER_MAX_IDS];
};

struct sd_domain {
	int present;
	struct sd_channel *channels;
	struct sd_tracker trackers[LTTCOMM_TRACKER_VGID + 1];
};

struct sd_kernel_session;

/* The domains of a network session's relay daemon connections (UST's
 * agents go with UST). */
enum sd_relayd_domain { SD_RELAYD_KERNEL, SD_RELAYD_UST, SD_RELAYD_NR };

struct sd_session {
	char name[LTTCOMM_NAME_MAX];
	char output[LTTCOMM_PATH_MAX];
	uid_t uid;
	gid_t gid;
	time_t creation_time;
	int active;
	int started_once;
	int no_output;
	int write_error;		/* errno of the last failed trace write
					 * (consumer thread; atomic accesses) */
	struct sd_domain kernel;
	struct sd_domain ust;
	struct sd_kernel_session *ksess;	/* kernel objects, NULL if none */
	struct out_chunk *chunk;	/* trace chunk being written (output.c),
					 * NULL before the first start */
	/* Network output (relayd-sink.c): output holds its URL as shown */
	int network;
	int auto_name;			/* auto-<date>: the name has a date */
	struct lttcomm_uri ctrl;
	struct lttcomm_uri data;
	uint32_t live_timer_us;
	/* One connection, and relay daemon session, per domain's consumer
	 * (SD_RELAYD_KERNEL, SD_RELAYD_UST), as LTTng's consumer daemons
	 * have: connected on the domain's first command, NULL before */
	struct relayd_conn *relayd[SD_RELAYD_NR];
	uint64_t relayd_id;		/* the session's id for relay daemons
					 * (both connections), 0 unset */
	uint64_t ust_key;		/* UST session key (ust.c), 0 unset */
	/* Snapshot mode (snapshot.c): no_output is set too */
	int snapshot;
	int snap_has_output;
	struct lttcomm_snapshot_output snap_output;
	uint32_t snap_next_id;		/* ids given to outputs so far */
	uint64_t snap_count;		/* records made so far */
	/* Rotations (rotation.c) */
	time_t chunk_begin;		/* the current chunk's creation */
	uint64_t chunk_id;		/* its index, from 0 */
	char chunk_dir[LTTCOMM_NAME_MAX];	/* its directory in output,
					 * "" = output itself */
	int rotated;			/* rotated at least once */
	int rotated_after_stop;		/* rotated since the last stop */
	char last_archive[LTTCOMM_PATH_MAX];	/* destroy: the last chunk's
					 * archive, "" when none */
	/* Automatic rotations (rotation.c's scheduler; 0: not set) */
	uint64_t rot_timer_us;		/* periodic: every rot_timer_us */
	uint64_t rot_size;		/* size: once the current chunk holds
					 * rot_size bytes of packets */
	uint64_t rot_next_us;		/* next periodic one (CLOCK_MONOTONIC) */
	uint64_t rot_retry_us;		/* after a failed one: not before */
	int rot_busy;			/* a scheduled one is under way, in a
					 * thread of its own (sd_lock) */
	int cleared_after_stop;		/* cleared since the last stop
					 * (clear.c) */
	/* Locking (see session.c): lock serializes the commands on this
	 * session and covers its output I/O; refs (atomic) keeps the struct
	 * while a command or the teardown uses it after sd_lock is dropped;
	 * gone: unlinked from the list (sd_lock); abandoned: its output
	 * stalled at destroy, the struct and its kernel objects are left to
	 * the blocked consumer thread. */
	pthread_mutex_t lock;
	unsigned int lock_turns;	/* times lock was taken (atomic) */
	int refs;
	int gone;
	int abandoned;
	struct sd_session *next;
};

/* Creates and registers a session.  name "" picks auto-<datetime>; output
 * "" picks <home>/lttng-traces/<name>[-<datetime>].  0 or -code. */
int session_create(const char *name, const char *output, int no_output,
		   uid_t uid, gid_t gid, const char *home,
		   struct sd_session **out);
/* The session name if visible to uid (owner or root), else NULL. */
struct sd_session *session_find(const char *name, uid_t uid);
int session_visible(const struct sd_session *s, uid_t uid);
struct sd_session *session_first(void);
/* Unregisters and frees (kernel objects must already be torn down). */
void session_free(struct sd_session *s);
/* Removes s from the list (sd_lock held): its name is free again; the
 * list's reference is dropped later with session_put(). */
void session_unlink(struct sd_session *s);
void session_get(struct sd_session *s);
/* Drops a reference; the last one frees s (which must be unlinked). */
void session_put(struct sd_session *s);
void session_fill_info(const struct sd_session *s,
		       struct lttcomm_session_info *info);

struct sd_domain *session_domain(struct sd_session *s, uint32_t domain);
struct sd_channel *domain_channel_find(struct sd_domain *d, const char *name);
struct sd_channel *channel_new(struct sd_domain *d,
			       const struct lttcomm_channel_attr *attr,
			       uint32_t domain);
void channel_free_list(struct sd_domain *d);
void tracker_reset(struct sd_domain *d);
/* Default attributes of a domain's channel named name. */
void channel_defaults(struct lttcomm_channel_attr *attr, uint32_t domain,
		      const char *name);
/* Validates and fills defaults in attr.  0 or -code. */
int channel_attr_check(struct lttcomm_channel_attr *attr, uint32_t domain);

/* --- kernel domain (kernel.c) ------------------------------------------ */

/* 0: available; else the -code for kernel commands (KERN_NA, ...). */
int kernel_init(void);
void kernel_fini(void);
int kernel_status(void);
uint32_t kernel_abi_major(void);

int kernel_session_ensure(struct sd_session *s);
/* Creates the module channel: fd or -code. */
int kernel_channel_open(struct sd_session *s,
			const struct lttcomm_channel_attr *a);
int kernel_channel_set_enabled(struct sd_channel *c, int enable);
int kernel_event_create(struct sd_channel *c, struct sd_event *e);
int kernel_event_set_enabled(struct sd_event *e, int enable);
int kernel_context_add(struct sd_channel *c, const struct lttcomm_context *ctx);
/* A perf counter context name (perf:cpu:NAME...): 0 and *pc filled (if
 * not NULL), -1 when it is not one the kernel domain takes. */
struct lttng_abi_perf_counter;
int kernel_perf_counter(const char *name, struct lttng_abi_perf_counter *pc);
int kernel_track(struct sd_session *s, uint32_t type, int32_t id, int track);
int kernel_start(struct sd_session *s);
/* LTTNG_SESSION_STOP only: consumer_drain() writes the rest out. */
int kernel_stop(struct sd_session *s);
/* 0, or -LTTNG_ERR_OUTPUT_STALLED: the session is then abandoned. */
int kernel_session_destroy(struct sd_session *s);
uint64_t kernel_channel_discarded(struct sd_channel *c);
/* Lists tracepoint or syscall names; *out malloc'ed.  count or -code. */
int kernel_list(int syscalls, struct lttcomm_tracepoint_info **out);

/* --- network output (relayd-sink.c) ------------------------------------ */

struct relayd_conn;
struct out_sink_ops;
extern const struct out_sink_ops relayd_sink;

/* Connects a network session's consumer of domain (LTTCOMM_DOMAIN_*) to
 * the relay daemon and creates its relay daemon session there, in the
 * session's current trace chunk (nothing for a local session or once
 * done): 0, -LTTNG_ERR_RELAYD_CONNECT_FAIL or -LTTNG_ERR_RELAYD_VERSION_FAIL. */
int relayd_session_setup(struct sd_session *s, uint32_t domain);
/* One of the session's relay daemon connections (they all go to the same
 * relay daemon: its version and configuration), NULL before any. */
struct relayd_conn *relayd_session_conn(const struct sd_session *s);
/* The session lets go of its connections: closed here when no trace
 * chunk was opened on them, else with the chunk once its last stream is
 * closed (before the session's own reference to the chunk is put). */
void relayd_session_end(struct sd_session *s);
/* A snapshot record to the network output o: a relay daemon's session
 * of s made for it, with a trace chunk chunk_name (LTTng's layout:
 * <hostname>/<session>-<date>/<chunk_name>/), as an output chunk whose
 * last put closes chunk and connection.  0 or -LTTNG_ERR_*. */
int relayd_snapshot_chunk(struct sd_session *s,
			  const struct lttcomm_snapshot_output *o,
			  const char *chunk_name, struct out_chunk **chunk);

/* --- consumer (consumer.c) ------------------------------------------- */

struct out_chunk;
struct out_stream;

/* The session's current trace chunk (output.c), opened on first use with
 * the owner's credentials: 0 or -code (a --no-output session has none). */
int consumer_session_chunk(struct sd_session *s, struct out_chunk **out);
/* Opens <output>/kernel/metadata and the <chan>_<cpu> streams that are
 * not open yet (nothing for a --no-output session).  0 or -code. */
int consumer_open_files(struct sd_session *s);
/* Runs fn(arg) with the file system credentials of uid/gid (a peer's,
 * for its session files; output.c's out_run_as): fn's result, or
 * -LTTNG_ERR_EPERM / -LTTNG_ERR_NOMEM when fn could not be run. */
int sd_run_as(uid_t uid, gid_t gid, int (*fn)(void *), void *arg);
/* Records a trace write failure for `lttng list` and `lttng stop`. */
void consumer_note_write_error(struct sd_session *s, int err);
int consumer_start(struct sd_session *s);
/* Drains every stream and the metadata (caller stopped the session). */
/* Waits (without any daemon-wide lock) until the consumer thread has
 * written out every buffer; -LTTNG_ERR_OUTPUT_STALLED when it made no
 * progress for SD_STALL_SECONDS. */
int consumer_drain(struct sd_session *s);
/* Ends the consumer thread; -LTTNG_ERR_OUTPUT_STALLED when it is stuck
 * in the file system for SD_STALL_SECONDS: it is then left behind. */
int consumer_stop(struct sd_session *s);
/* Rotation (rotation.c): every stream read out into the previous chunk,
 * its files reopened in s->chunk, the new one.  0 or -code. */
int consumer_rotate(struct sd_session *s);
/* lttng regenerate metadata: <chunk>/kernel/metadata written again from
 * the start.  0 or -code. */
int consumer_regen_metadata(struct sd_session *s);
/* lttng clear of a snapshot or --no-output session: every stream's
 * buffer emptied (LTTNG_STREAM_CLEAR).  0 or -code. */
int consumer_clear_buffers(struct sd_session *s);
/* consume_lock, given up after SD_LOCK_WAIT_MS (a consumer thread blocked
 * in a write holds it): 0 or -LTTNG_ERR_OUTPUT_STALLED. */
int consumer_lock_bounded(struct sd_kernel_session *ks);
#define SD_STALL_SECONDS 10
#define SD_LOCK_WAIT_MS 1000

/* Kernel objects of a session, shared by kernel.c and consumer.c. */
struct sd_kernel_session {
	int fd;				/* session fd */
	int metadata_fd;
	struct out_stream *meta_out;	/* <output>/kernel/metadata */
	int files_open;
	pthread_t thread;
	int thread_running;
	int wake[2];			/* pipe: wakes the consumer thread */
	int quit;			/* atomic */
	int tracing;			/* atomic: started */
	/* Drain requests from the STOP path (atomic): the consumer thread
	 * drains when drain_req != drain_done, then sets drain_done;
	 * progress counts the packets it wrote (bounded waits). */
	unsigned int drain_req, drain_done;
	unsigned long progress;
	int stalled;			/* a drain gave up: do not wait again */
	pthread_mutex_t consume_lock;
	struct sd_session *sess;	/* back pointer, fixed */
	/* Write failures (consume_lock) */
	char *meta_pending;		/* metadata not written yet */
	size_t meta_pending_len;
	/* Every byte of metadata read so far (rotations: each new chunk's
	 * metadata file starts with it) */
	char *meta_all;
	size_t meta_all_len;
	/* Snapshot mode: all the metadata read so far (snapshot.c) */
	char *snap_meta;
	size_t snap_meta_len;
};

/* --- snapshot sessions (snapshot.c) ------------------------------------ */

/* Makes s a snapshot session whose default output is s->output. */
int snapshot_session_init(struct sd_session *s);
int snapshot_add_output(struct sd_session *s,
			struct lttcomm_snapshot_output *o);
/* The default snapshot output of a snapshot session created with a
 * network output (create --snapshot -U net://...).  0 or -code. */
int snapshot_net_output_init(struct sd_session *s,
			     const struct lttcomm_uri *ctrl,
			     const struct lttcomm_uri *data);
int snapshot_del_output(struct sd_session *s,
			const struct lttcomm_snapshot_output *o);
/* Records a snapshot to o's path ("": the session's output); o gets the
 * output used, its path the directory written.  0 or -code. */
int snapshot_record(struct sd_session *s, struct lttcomm_snapshot_output *o);

/* --- rotations (rotation.c) -------------------------------------------- */

struct cmd_ctx;
int cmd_rotate(struct cmd_ctx *ctx);
/* Destroying a rotated session archives its last chunk, as LTTng does
 * (every stream closed or reading out). */
void rotation_session_end(struct sd_session *s);
int cmd_rotation_set_schedule(struct cmd_ctx *ctx);
int cmd_list_rotation_schedules(struct cmd_ctx *ctx);
/* sd_lock held: s was started (arms its periodic rotation). */
void rotation_session_started(struct sd_session *s);
/* The thread that rotates sessions on their schedules: started once the
 * daemon is up, stopped before the sessions are torn down. */
int rotation_scheduler_start(void);
void rotation_scheduler_stop(void);
/* The streams of s switched to a new chunk in <output>/.tmp_new_chunk
 * (s->chunk), each buffer read out into the previous chunk's files first;
 * what: "rotation", "clear" for the log.  0 or -code (what switched
 * writes to the new chunk anyway). */
int rotation_switch_chunk(struct sd_session *s, const char *what);
/* An archive's location: the relay daemon's host and ports for a network
 * session (info->path is then relative to its output). */
void rotation_location(const struct sd_session *s,
		       struct lttcomm_rotate_info *info);
/* rm -r of an absolute path (run it with sd_run_as): 0 or -errno. */
int rotation_remove_tree(void *path);

/* --- lttng clear, lttng regenerate (clear.c) --------------------------- */

int cmd_clear(struct cmd_ctx *ctx);
int cmd_regenerate_metadata(struct cmd_ctx *ctx);
int cmd_regenerate_statedump(struct cmd_ctx *ctx);


/* --- client side (client.c) ------------------------------------------ */

int client_listen(void);		/* creates the socket; fd or -1 */
int client_accept(int lfd);		/* accepts one, spawns its thread */

/* --- commands (cmd.c) ------------------------------------------------- */

/* One request of a peer, and what its handler answers. */
struct cmd_ctx {
	unsigned int cmd;		/* enum lttcomm_cmd */
	const void *req;		/* passed lttcomm_check_request() */
	uid_t uid;			/* the peer's credentials */
	gid_t gid;
	void *reply;			/* reply records (malloc'ed), */
	uint32_t reply_len;		/* added with reply_add() */
	struct sd_session *ust_sync;	/* UST session the command changed */
	struct sd_session *sess;	/* LTTCOMM_F_SESSION: the session the
					 * request names, looked up */
	/* The I/O part of a command on its session: the handler sets it,
	 * client.c runs it after dropping sd_lock, with the session's lock
	 * held (it may take sd_lock for short updates); its result
	 * replaces the handler's. */
	int (*io)(struct cmd_ctx *ctx, struct sd_session *s, int sd_locked);
	struct sd_session *io_sess;
	struct lttcomm_snapshot_output snap;	/* snapshot record's output */
	/* The starts and destroys' I/O parts that a LOAD deferred until
	 * sd_lock is dropped (sessions referenced; cmd.c, run_later()). */
	struct cmd_later {
		struct sd_session *s;
		int (*io)(struct cmd_ctx *ctx, struct sd_session *s,
			  int sd_locked);
	} *later;
	unsigned int nr_later;
	/* LOAD: its files, read before any lock (load.c) */
	struct config_loaded *load;
};

/* The session name as the peer uid may act on it: 0, or
 * -LTTNG_ERR_NO_SESSION ("" name), -LTTNG_ERR_EPERM (another user's),
 * -LTTNG_ERR_SESS_NOT_FOUND. */
int session_lookup(const char *name, uid_t uid, struct sd_session **s);
/* Appends one reply record (or n records of a listing): 0 or -code. */
int reply_add(struct cmd_ctx *ctx, const void *rec, size_t size);

/* ts = now + ms on CLOCK_REALTIME (pthread_*_timedlock deadlines). */
void sd_deadline(struct timespec *ts, long ms);
/* Locks m, waiting ms at most: 0, or -ETIMEDOUT. */
int sd_timedlock(pthread_mutex_t *m, long ms);
/* The stack of the threads of one client, one registering application or
 * one rotation: they run short calls, and there may be many at once. */
#define SD_SMALL_STACK	(256 * 1024)
/* Runs fn(arg) in a detached thread with a stack of stack bytes (0: the
 * default size, for the threads that read traces): 0 or
 * pthread_create()'s error number. */
int sd_spawn_detached(void *(*fn)(void *), void *arg, size_t stack);
/* s's lock, waited for in slices of slice_ms while it changes hands
 * (its holders make progress), max_ms in all: 0 or -ETIMEDOUT. */
int session_lock_moving(struct sd_session *s, long slice_ms, long max_ms);

/* Runs ctx's command (sd_lock held): 0, 1 (DATA_PENDING) or -code; on
 * return ctx->reply holds the records to send (free() it). */
int cmd_run(struct cmd_ctx *ctx);
/* Runs one client command with the locks its request calls for:
 * the named session's lock, then sd_lock for cmd_run(), then the I/O
 * part under the session's lock alone. */
int cmd_dispatch(struct cmd_ctx *ctx);
/* cmd_run() and its I/O part for a caller that holds sd_lock (load.c):
 * the I/O then runs under sd_lock too. */
int cmd_run_locked(struct cmd_ctx *ctx);
/* Stops and destroys every session (shutdown path). */
void cmd_teardown_all(void);

#endif /* SESSIOND_H */
