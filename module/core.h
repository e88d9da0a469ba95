/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * core.h - private definitions of the tracer core (abi.c, session.c,
 * tracepoints.c, ring_buffer.c, metadata.c, clock.c).
 *
 * The event sources only see the opaque types and accessors of tracer.h;
 * the object layouts below belong to the core.
 *
 * Object lifetime: every object (session, channel) is reference counted
 * with a kref.  Its own file descriptor holds one reference, and every child
 * object (channel -> session; stream, enabler -> channel; metadata ->
 * session) holds one on its parent, so fds can be closed in any order.
 * All control paths, including the final put, run under
 * lttng_sessions_mutex.
 *
 * "Destroy" is the close of the session fd: the session stops (flushing its
 * buffers), its streams become finalized (readers drain them, then get
 * -ENODATA and POLLHUP) and its metadata fd hangs up once read.  The
 * session object itself lives until its last child is gone.
 */
#ifndef _LTTNG_CORE_H
#define _LTTNG_CORE_H

#include <linux/uuid.h>
#include <linux/wait.h>
#include <linux/rcupdate.h>
#include <linux/timekeeping.h>
#include "tracer.h"
#include "ring_buffer.h"

#define LTTNG_NR_TRACKERS	6

/* RCU-replaced set of tracked ids; a NULL pointer means "track all". */
struct lttng_id_set {
	struct rcu_head rcu;
	unsigned int nr;
	s32 ids[];
};

#define LTTNG_CLOCK_NAME_MAX	64

/* The trace clock of a session, as its metadata declares it (clock.c). */
struct lttng_clock_info {
	char name[LTTNG_CLOCK_NAME_MAX];	/* CTF identifier */
	char description[128];
	char uuid[37];			/* "" when the clock has none */
	u64 freq;			/* Hz */
	s64 offset_s;			/* realtime - clock: seconds ... */
	u64 offset;			/* ... plus cycles (< freq) */
	struct module *mod;		/* the plugin's, pinned; or NULL */
};

struct lttng_session {
	struct kref ref;
	struct list_head node;		/* lttng_sessions */
	struct list_head chans;
	int active;			/* READ_ONCE() by probes */
	int been_active;		/* started at least once */
	int destroyed;			/* session fd closed */
	int tracker_active;		/* some tracker is not "all" */
	struct lttng_id_set __rcu *trackers[LTTNG_NR_TRACKERS];
	u32 next_chan_id;
	char name[LTTNG_NAME_MAX];
	char creation_time[32];
	uuid_t uuid;
	struct lttng_clock_info clock;	/* the clock of its timestamps */
	char hostname[65];

	/* Metadata: TSDL text, appended; rebuilt only by a regeneration. */
	char *meta;
	size_t meta_len;
	size_t meta_alloc;
	u64 meta_version;
	u64 meta_gen;			/* bumped when the text restarts */
	int meta_dumped;		/* header written (first start) */
	int meta_error;			/* an append failed: -ENOMEM */
	int meta_open;			/* a metadata fd exists */
	wait_queue_head_t meta_wait;
};

struct lttng_channel {
	struct kref ref;
	struct lttng_session *session;
	struct list_head node;		/* session->chans */
	u32 id;				/* CTF stream class id */
	int enabled;
	struct lttng_abi_channel param;
	struct list_head events;
	struct list_head enablers;
	u32 next_event_id;
	unsigned int next_stream_cpu;	/* LTTNG_CHANNEL_STREAM iterator */
	struct lttng_rb_chan rb;
	struct lttng_ctx ctx;
};

/* Core-private part of an event. */
struct lttng_event_priv {
	struct lttng_event ev;
	struct list_head attach_node;	/* test source list (RCU) */
	struct tracepoint *tp;		/* kind TRACEPOINT, when attached */
	int attached;
	struct lttng_event_filter *fstate;	/* owner of ev.filter */
};

static inline struct lttng_event_priv *lttng_event_priv(struct lttng_event *ev)
{
	return container_of(ev, struct lttng_event_priv, ev);
}

extern struct list_head lttng_sessions;

/* session.c: does current pass the session's trackers? */
bool lttng_trackers_match(struct lttng_session *s);

/*
 * May ev record now?  Inline in the reserve fast path; exported to the
 * sources as lttng_event_should_record().
 */
static __always_inline bool lttng_event_recordable(struct lttng_event *ev)
{
	struct lttng_channel *chan = ev->chan;
	struct lttng_session *s = chan->session;

	if (!READ_ONCE(s->active) || !READ_ONCE(chan->enabled) ||
	    !READ_ONCE(ev->enabled))
		return false;
	return likely(!READ_ONCE(s->tracker_active)) || lttng_trackers_match(s);
}

/* session.c */
/* Copy at most size - 1 bytes of src, NUL-terminated, '_' standing for
 * what is not printable, for '"' and for backslash (TSDL quotes it). */
void lttng_copy_sanitized(char *dst, const char *src, size_t size);
struct lttng_session *lttng_session_create(void);
void lttng_session_destroy(struct lttng_session *s);
void lttng_session_put(struct lttng_session *s);
int lttng_session_set_name(struct lttng_session *s, const char *name);
int lttng_session_set_creation_time(struct lttng_session *s, const char *t);
int lttng_session_start(struct lttng_session *s);
int lttng_session_stop(struct lttng_session *s);
void lttng_session_flush(struct lttng_session *s);
int lttng_session_statedump(struct lttng_session *s);
int lttng_session_metadata_regen(struct lttng_session *s);
void lttng_session_status(struct lttng_session *s,
			  struct lttng_abi_session_status *st);
int lttng_session_track(struct lttng_session *s,
			const struct lttng_abi_tracker *t, bool track);
int lttng_abi_channel_check(const struct lttng_abi_channel *p);
struct lttng_channel *lttng_channel_create(struct lttng_session *s,
					   const struct lttng_abi_channel *p);
void lttng_channel_put(struct lttng_channel *chan);
int lttng_channel_add_context(struct lttng_channel *chan,
			      const struct lttng_abi_context *c);
struct lttng_enabler *lttng_enabler_create(struct lttng_channel *chan,
					   const struct lttng_abi_event *p);
int lttng_enabler_set_enabled(struct lttng_enabler *en, int enabled);
int lttng_enabler_set_filter(struct lttng_enabler *en, const void __user *ubc,
			     u32 len);
void lttng_event_filter_free(struct lttng_event *ev);
int lttng_list_tracepoints(char *buf, size_t len, u32 *count, u32 *needed);
int lttng_event_check(const struct lttng_abi_event *p);

/* tracepoints.c */
int lttng_tp_attach(struct lttng_event *ev);
void lttng_tp_detach(struct lttng_event *ev);
void lttng_tp_sync(void);

/* metadata.c */
int lttng_metadata_dump_session(struct lttng_session *s);
int lttng_metadata_dump_event(struct lttng_event *ev);
int lttng_metadata_regenerate(struct lttng_session *s);
void lttng_metadata_free(struct lttng_session *s);

/*
 * clock.c (lttng_clock_read() is the exported form of this one): the
 * plugin's clock if one is registered (it only changes while no session
 * exists, so never under a probe), else CLOCK_MONOTONIC in ns.
 */
struct lttng_trace_clock;
extern struct lttng_trace_clock *lttng_trace_clock_plugin;
u64 lttng_clock_plugin_read(const struct lttng_trace_clock *c);

static __always_inline u64 lttng_clock_now(void)
{
	const struct lttng_trace_clock *c = READ_ONCE(lttng_trace_clock_plugin);

	if (unlikely(c))
		return lttng_clock_plugin_read(c);
	return ktime_get_mono_fast_ns();
}
void lttng_clock_init(void);
/* A session is created / freed: take the clock (pins a plugin), and its
 * description and offset; -ENODEV when the plugin is going away. */
int lttng_clock_session_get(struct lttng_clock_info *ci);
void lttng_clock_session_put(struct lttng_clock_info *ci);
void lttng_clock_resample(struct lttng_clock_info *ci);

/* abi.c / main.c */
extern const struct file_operations lttng_tracer_fops;

#endif /* _LTTNG_CORE_H */
