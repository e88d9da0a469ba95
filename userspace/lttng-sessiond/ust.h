/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ust.h - the user-space tracing side of lttng-sessiond.
 *
 *   ust.c           application socket, app registry, rule resolution and
 *                   the commands sent to applications (lttng-ust-abi.h),
 *                   all application I/O in one thread
 *   ust-register.c  REGISTER decoded and checked (against SO_PEERCRED)
 *   ust-consumer.c  buffer owners (per-UID / per-PID CTF traces), rings,
 *                   trace files, one consumer thread per session
 *   ust-metadata.c  the TSDL of one buffer owner
 *
 * Locking, in this order (session.c): a session's lock (its buffers'
 * files and metadata are made and written with it alone), sd_lock
 * (client commands, session registry), then ust.c's apps_lock
 * (applications, what each was told, queued commands), then
 * ust_cons_lock (owners and rings, for the consumer threads).  None of
 * the last three is held while waiting for an application or a disk: commands are queued under the locks and sent by the application
 * thread; a client that must see them answered waits after releasing
 * sd_lock (ust_client_wait); consumers read and write without a lock.
 */
#ifndef SD_UST_H
#define SD_UST_H

#include <stdint.h>
#include <sys/types.h>

#include "lttng-ust-abi.h"
#include "sessiond.h"

#define SD_UST_APP_TIMEOUT_MS	3000
#define SD_UST_MAX_APPS		1024
#define SD_UST_MAX_APPS_PER_UID	512
/* What one uid's applications may make the daemon keep: registrations
 * being read and the event descriptions of registered applications. */
#define SD_UST_MEM_PER_UID	(64U << 20)
#define SD_UST_MAX_REG_PER_UID	4	/* registrations read at once */
#define SD_UST_MAX_PARKED_PER_UID 64	/* ... and waiting for a turn */
/* Event descriptions one buffer owner keeps (and declares in its
 * metadata) for the applications that come and go. */
#define SD_UST_OWNER_EVENTS_MAX	65536
#define SD_UST_OWNER_DESC_MAX	(32U << 20)
/* Consumer threads of a session: one per CPU, at most this many. */
#define SD_UST_CONSUMER_THREADS	4

struct ust_ring;
struct out_stream;

/* One event as an application described it (validated). */
struct ust_event_desc {
	char name[LTTNG_UST_NAME_MAX];
	int32_t loglevel;
	uint32_t nr_fields;
	struct lttng_ust_field_info *fields;
	uint32_t nr_entries;			/* enum entries, all fields */
	struct lttng_ust_enum_entry *entries;	/* in field order */
};

struct ucred;

/* What a valid REGISTER says (ust-register.c). */
struct ust_registration {
	pid_t ppid;
	char procname[LTTNG_UST_PROCNAME_MAX];	/* printable, no '/' */
	uint32_t nr_events;
	struct ust_event_desc *events;
};

/* Decodes and checks a REGISTER payload from the peer cred: 0, -EPROTO
 * (malformed, or lying about its identity) or -ENOMEM; on error r holds
 * nothing.  Free r->events with ust_events_free(). */
int ust_parse_register(struct ust_registration *r, const struct ucred *cred,
		       const void *buf, size_t len);
void ust_events_free(struct ust_event_desc *events, uint32_t nr);

/* One CPU stream of an owner's channel. */
struct ust_ostream {
	struct ust_ring *ring;		/* NULL once finished */
	int fd;				/* ring memfd, -1 once finished */
	int wake_rd;			/* wake-up socket: ours */
	int wake_wr;			/* wake-up socket: the applications' */
	struct out_stream *out;		/* <channel>_<cpu> (output.c), NULL:
					 * none (--no-output: not read) */
	uint64_t discarded;		/* last value seen */
	uint32_t unwritten;		/* packets read but not written */
	uint64_t rd_pos;		/* the reader's position, last seen */
	uint64_t drain_to;		/* read at least up to here */
	uint64_t force_upto;		/* dead writers' sub-buffers below */
	int again;			/* to read in the next pass */
	int reading;			/* a consumer thread reads it now */
	int dead;			/* corrupt: no longer read */
	uint64_t last_switch_us;	/* --switch-timer */
	uint64_t last_read_us;		/* --read-timer */
	/* Rotation: the reader writes to rot_out from position rot_at on */
	struct out_stream *rot_out;
	uint64_t rot_at;
	int rot_pending;		/* not switched yet */
	uint64_t last_live_us;		/* live timer */
	uint64_t live_ts;		/* live timer: the clock before its
					 * flush, for a beacon; 0: none */
	uint64_t clear_at;		/* lttng clear (snapshot sessions):
					 * the packets below are forgotten */
};

struct ust_oevent {
	struct ust_event_desc desc;	/* copy of the first app's */
	uint32_t id;
	int undeclared;			/* its declaration could not be
					 * written: never enabled */
	struct ust_oevent *next;
	struct ust_oevent *hnext;	/* in its channel's table by name */
	struct ust_oevent *md_next;	/* in its owner's md_new */
};

/* A channel of a buffer owner: its rings and its event ids. */
struct ust_ochan {
	struct sd_channel *chan;	/* session channel, NULL once the
					 * session is destroyed */
	char name[LTTCOMM_NAME_MAX];
	uint32_t switch_timer_us;
	uint32_t read_timer_us;
	uint32_t stream_id;
	uint64_t key;
	unsigned int nr_streams;
	struct ust_ostream *streams;
	struct ust_oevent *events;
	struct ust_oevent **htab;	/* the same by name */
	uint32_t hmask;
	uint32_t next_id;
	struct ust_ochan *next;
};

struct ust_csess;

/* One CTF trace: <output>/ust/uid/<uid>/64-bit or .../pid/<name>. */
struct ust_owner {
	struct sd_session *sess;	/* NULL once destroyed */
	uint64_t sess_key;
	struct ust_csess *cs;		/* its consumer thread */
	int per_pid;
	uid_t uid;
	pid_t pid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	char datetime[32];		/* per-PID: registration time */
	char dir[LTTCOMM_PATH_MAX + 128];	/* <output>/<subdir>, for logs */
	char subdir[LTTCOMM_NAME_MAX + 128];	/* in the session's chunk */
	uint8_t uuid[16];
	int nr_alive;			/* live applications writing here */
	int refs;			/* recoveries in progress */
	int finish_req;			/* close once read out */
	int finished;			/* files closed, rings unmapped */
	int free_req;			/* free once finished */
	int closing;			/* its files are being closed */
	int busy;			/* streams being read right now */
	size_t desc_bytes;		/* event descriptions kept */
	int cap_logged;
	struct out_stream *meta;	/* metadata (output.c), NULL: none */
	char *md_all;			/* all the metadata written so far:
					 * the start of a new chunk's */
	size_t md_all_len;
	char *md_buf;			/* event declarations to write */
	size_t md_len, md_cap;
	struct ust_oevent *md_new;	/* their events */
	int keep_meta;			/* snapshot session: keep the text */
	char *snap_meta;		/* all of it, for every snapshot
					 * (ust_cons_lock) */
	size_t snap_meta_len;
	int snap_meta_err;		/* some of it could not be kept */
	struct ust_ochan *chans;
	struct ust_owner *next;		/* global list (ust_cons_lock) */
	struct ust_owner *close_next;
};

struct ust_app;

/* ust.c */
int ust_init(void);			/* after sd_cfg is set up */
void ust_fini(void);
/* Brings every concerned application in line with the session's UST
 * state (sd_lock held): the commands are queued, the calling client
 * waits for the answers in ust_client_wait().  Applications that fail
 * or do not answer in time are dropped. */
void ust_sync_session(struct sd_session *s);
/* Session stop (sd_lock held): SESSION_STOP to the apps; once answered,
 * every ring is flushed and read out (ust_data_pending says when). */
void ust_session_stop(struct sd_session *s);
/* Session teardown (sd_lock held): SESSION_DESTROY to the apps; the
 * session's buffers are read out and freed afterwards. */
void ust_session_destroy(struct sd_session *s);
/* A client thread, after releasing sd_lock: waits until the commands
 * that its request queued were answered (or their applications dropped,
 * at most the application timeout). */
void ust_client_wait(void);
/* Data of s still on its way to the files (sd_lock held). */
int ust_data_pending(struct sd_session *s);
/* LIST_TRACEPOINTS -u: records of every registered application's events
 * (malloc'ed array, count or -code). */
int ust_list_events(uid_t uid, struct lttcomm_ust_tracepoint_info **out);
int ust_list_fields(uid_t uid, struct lttcomm_ust_field_info **out);
/* Maps an lttng add-context -u type name to an lttng_ust_context_type:
 * 0..9, or -1. */
/* lttng regenerate statedump: every started application of s records
 * its lttng_ust_statedump:* events again into s. */
void ust_session_statedump(struct sd_session *s);
int ust_context_type(uint32_t abi_type, const char *name);
/* A perf:thread:NAME context's counter and field name
 * ("perf_thread_task_clock"): 0, or -1 if name is not one. */
int ust_perf_attr(const char *name, struct lttng_ust_perf_attr *attr,
		  char *field, size_t size);

/* ust-consumer.c */
extern pthread_mutex_t ust_cons_lock;
int ust_consumer_start(void);
/* Daemon exit, sessions destroyed: lets the drains finish (bounded). */
void ust_consumer_stop(int timeout_ms);
/* Finds or creates (its files: s's lock held, no daemon-wide lock) the
 * owner of app's buffers in s; _find only looks (any lock). */
struct ust_owner *ust_owner_get(struct sd_session *s, int per_pid, uid_t uid,
				pid_t pid, const char *procname,
				const char *datetime);
struct ust_owner *ust_owner_find(struct sd_session *s, int per_pid, uid_t uid,
				 pid_t pid);
/* The same for a channel's rings and files. */
struct ust_ochan *ust_ochan_get(struct ust_owner *o, struct sd_channel *c,
				uint32_t stream_id);
struct ust_ochan *ust_ochan_find(struct ust_owner *o, struct sd_channel *c);
/* Event id of name in oc, allocating it and declaring it in the metadata
 * on first use; -1 when d conflicts with the declared event, -2 when it
 * cannot be added (limits, memory, a declaration that failed).  *e: the
 * event.  The declarations are written by ust_owner_commit(). */
int ust_ochan_event_id(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_event_desc *d, struct ust_oevent **e);
/* Writes the declarations of the events o got since the last call; when
 * that fails they are marked undeclared (-errno). */
int ust_owner_commit(struct ust_owner *o);
size_t ust_desc_bytes(const struct ust_event_desc *d);
/* Hash of an event or field name (ust-register.c). */
uint32_t ust_name_hash(const char *s);
/* Duplicates the fds an application gets for oc (rings, then wake-up
 * sockets): 2 * nr_streams fds, or -errno. */
int ust_ochan_dup_fds(struct ust_ochan *oc, int *fds);
void ust_owner_app_added(struct ust_owner *o);
/* An application of o is gone; read_out: when it was the last one, read
 * everything out (per-PID: then close the files).  Returns how many are
 * left. */
int ust_owner_app_gone(struct ust_owner *o, int read_out);
/* Recovery of a dead writer's sub-buffers: flush every ring (positions
 * returned, malloc'ed, one per stream; o is referenced), and once every
 * other writer went through a grace period, force-read up to them (and
 * drop the reference). */
uint64_t *ust_owner_flush(struct ust_owner *o, unsigned int *n);
void ust_owner_force(struct ust_owner *o, const uint64_t *pos, unsigned int n);
/* A sub-buffer below pos[] not complete yet: there is something to
 * recover (else a writer's exit needs no SYNC round). */
int ust_owner_incomplete(struct ust_owner *o, const uint64_t *pos,
			 unsigned int n);
/* After SESSION_STOP was answered: flush, read out. */
void ust_owners_stop(uint64_t sess_key);
/* Destroy: the owners forget the session (sd_lock held)... */
void ust_owners_detach(struct sd_session *s);
/* ...and once SESSION_DESTROY was answered, are read out and freed. */
void ust_owners_finish(uint64_t sess_key);
/* Something still to be read before the data of a stop is in the files. */
int ust_owners_pending(uint64_t sess_key);
/* Rotation (sd_lock held, s->chunk already the new chunk): the metadata
 * of every owner of s reopened there, each ring flushed and its reader
 * told to switch files at the flush position.  0 or -code. */
int ust_owners_rotate(struct sd_session *s);
/* 1 while a reader has not switched yet (the ones that are, are woken
 * again), 0 once the previous chunk has every packet. */
int ust_rotation_pending(uint64_t sess_key);
/* lttng regenerate metadata (sd_lock held): every owner's metadata file
 * of s written again from the start.  0 or -code. */
int ust_owners_regen_metadata(struct sd_session *s);
/* lttng clear of a session whose rings are not read (snapshot mode):
 * each ring flushed, later snapshots read what comes after. */
void ust_owners_clear_rings(struct sd_session *s);
/* Events of channel c discarded by its rings, and packets that could not
 * be written to the trace, over every owner. */
void ust_channel_counts(struct sd_channel *c, uint64_t *discarded,
			uint32_t *unwritten);

/* The owners of every session (ust_cons_lock held). */
struct ust_owner *ust_owners_first(void);

/* ust-snapshot.c: `lttng snapshot record` of a session's UST buffers. */
struct out_chunk;
/* Bytes one more packet of every UST stream of s takes, counting only
 * the channels of which fewer than nr packets are taken. */
uint64_t ust_snapshot_one_more(struct sd_session *s, uint64_t nr);
/* Writes the newest packets (at most nr_packets per stream, 0: all) of
 * s's UST buffers into chunk, owner by owner in LTTng's layout. */
int ust_snapshot_record(struct sd_session *s, struct out_chunk *chunk,
			uint64_t nr_packets, uint64_t *packets);

/* ust-metadata.c */
/* Appends to o's metadata file, keeping a copy in md_all: 0 or -errno. */
int ust_metadata_write(struct ust_owner *o, const void *buf, size_t len);
int ust_metadata_header(struct ust_owner *o);
/* The clock offset in o's kept metadata sampled again (regeneration). */
int ust_metadata_resample_clock(struct ust_owner *o);
int ust_metadata_stream(struct ust_owner *o, struct ust_ochan *oc);
/* Declares e in o's pending text (written by ust_metadata_commit). */
int ust_metadata_event(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_oevent *e);
int ust_metadata_commit(struct ust_owner *o);

#endif /* SD_UST_H */
