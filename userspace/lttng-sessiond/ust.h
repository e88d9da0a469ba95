/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ust.h - the user-space tracing side of lttng-sessiond.
 *
 *   ust.c           application socket, app registry, rule resolution and
 *                   the commands sent to applications (lttng-ust-abi.h)
 *   ust-register.c  REGISTER decoded and checked (against SO_PEERCRED)
 *   ust-consumer.c  buffer owners (per-UID / per-PID CTF traces), rings,
 *                   trace files, the consumer thread
 *   ust-metadata.c  the TSDL of one buffer owner
 *
 * Locking: sd_lock (held by every client command and by the application
 * threads while they change the registry or talk to an application)
 * protects applications, sessions and owners; ust_cons_lock, taken after
 * sd_lock when both are needed, protects the rings and files that the
 * consumer thread reads.  Every exchange with an application has a
 * timeout (SD_UST_APP_TIMEOUT_MS): an application that does not answer in
 * time, or answers garbage, is dropped.
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
#define SD_UST_READ_TIMER_MS	100

struct ust_ring;

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
	int out_fd;			/* <channel>_<cpu> */
	uint64_t discarded;		/* last value seen */
	uint64_t bytes;			/* size of the file */
	uint32_t unwritten;		/* packets read but not written */
	int werr;			/* errno of the failing writes, 0 */
};

struct ust_oevent {
	struct ust_event_desc desc;	/* copy of the first app's */
	uint32_t id;
	struct ust_oevent *next;
};

/* A channel of a buffer owner: its rings and its event ids. */
struct ust_ochan {
	struct sd_channel *chan;	/* session channel (same lifetime) */
	uint32_t stream_id;
	uint64_t key;
	unsigned int nr_streams;
	struct ust_ostream *streams;
	struct ust_oevent *events;
	uint32_t next_id;
	uint64_t last_switch_us;	/* --switch-timer */
	struct ust_ochan *next;
};

/* One CTF trace: <output>/ust/uid/<uid>/64-bit or .../pid/<name>. */
struct ust_owner {
	struct sd_session *sess;
	int per_pid;
	uid_t uid;
	pid_t pid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	char datetime[32];		/* per-PID: registration time */
	char dir[LTTCOMM_PATH_MAX + 128];
	uint8_t uuid[16];
	int nr_alive;			/* live applications writing here */
	int finished;			/* read out with force, files closed */
	int metadata_fd;
	uint64_t metadata_bytes;	/* size of the metadata file */
	struct ust_ochan *chans;
	struct ust_owner *next;		/* global list (ust_cons_lock) */
};

struct ust_app;

/* ust.c */
int ust_init(void);			/* after sd_cfg is set up */
void ust_fini(void);
/* Brings every concerned application in line with the session's UST
 * state (sd_lock held).  Applications that fail are dropped. */
void ust_sync_session(struct sd_session *s);
/* Session teardown (sd_lock held): SESSION_DESTROY to the apps, then the
 * rings are read out and the owners freed. */
void ust_session_destroy(struct sd_session *s);
/* Session stop (sd_lock held): SESSION_STOP to the apps, flush, drain. */
void ust_session_stop(struct sd_session *s);
/* LIST_TRACEPOINTS -u: records of every registered application's events
 * (malloc'ed array, count or -code). */
int ust_list_events(uid_t uid, struct lttcomm_ust_tracepoint_info **out);
int ust_list_fields(uid_t uid, struct lttcomm_ust_field_info **out);
/* Maps an lttng add-context -u type name to an lttng_ust_context_type:
 * 0..9, or -1. */
int ust_context_type(uint32_t abi_type, const char *name);

/* ust-consumer.c */
extern pthread_mutex_t ust_cons_lock;
int ust_consumer_start(void);
void ust_consumer_stop(void);
/* Finds or creates the owner of app's buffers in s (sd_lock held). */
struct ust_owner *ust_owner_get(struct sd_session *s, int per_pid, uid_t uid,
				pid_t pid, const char *procname,
				const char *datetime);
struct ust_ochan *ust_ochan_get(struct ust_owner *o, struct sd_channel *c,
				uint32_t stream_id);
/* Event id of name in oc, allocating it and declaring it in the metadata
 * on first use; -1 when d conflicts with the declared event. */
int ust_ochan_event_id(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_event_desc *d);
/* Flush every ring of s's owners and read them out (stop, destroy). */
void ust_owners_drain(struct sd_session *s);
/* An application of o died or left: reads out with force when it was
 * the last (per-PID: closes the files). */
void ust_owner_put(struct ust_owner *o);
void ust_owners_free(struct sd_session *s);
/* Events of channel c discarded by its rings, and packets that could not
 * be written to the trace, over every owner. */
void ust_channel_counts(struct sd_channel *c, uint64_t *discarded,
			uint32_t *unwritten);

/* ust-metadata.c */
int ust_metadata_header(struct ust_owner *o);
int ust_metadata_stream(struct ust_owner *o, struct ust_ochan *oc);
int ust_metadata_event(struct ust_owner *o, struct ust_ochan *oc,
		       const struct ust_oevent *e);

#endif /* SD_UST_H */
