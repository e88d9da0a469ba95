/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ust-lib.h - internals of liblttng-ust shared by its files:
 *
 *   lttng-ust.c   registry of providers, sessions, channels and enabled
 *                 events; the listener threads talking to the session
 *                 daemons (lttng-ust-abi.h); fork handling;
 *   perf-context.c  the perf:thread:NAME contexts (per-thread counters);
 *   statedump.c   the lttng_ust_statedump:* events (loaded objects);
 *   probe.c       what the generated probes call (lttng_ust_rec_*): the
 *                 read side of the grace period, filters, contexts and the
 *                 ring buffer writes; the filter interpreter's context hook.
 *
 * Publication: each event's state->priv points to an immutable struct
 * ust_set (the channels recording the event, their ids and filters),
 * replaced as a whole under ust_lock and freed after a grace period
 * (ust_synchronize()): a probe only ever reads a set inside its read-side
 * section (ust_read_lock()/unlock()).
 */
#ifndef _UST_LIB_H
#define _UST_LIB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>

#include "filter-host.h"
#include "filter.h"
#include "lttng-ust-abi.h"
#include "ust-ring.h"
#include <lttng/tracepoint.h>

struct ust_session;
struct ust_conn;
struct dyn_site;

/* A channel of a session, for this process: its rings (one per CPU). */
struct ust_chan {
	struct ust_chan *next;
	struct ust_session *sess;
	uint64_t key;
	char name[LTTNG_UST_NAME_MAX];
	int enabled;
	uint32_t nr_streams;
	struct ust_ring **rings;
	uint32_t nr_ctx;
	uint32_t ctx[LTTNG_UST_MAX_CONTEXTS];
	struct lttng_ust_perf_attr perf[LTTNG_UST_MAX_CONTEXTS];
	size_t ctx_len;			/* bytes the contexts add to a record */
	struct ust_en *ens;		/* events enabled in it */
	/* Blocking mode (LTTNG_UST_ALLOW_BLOCKING, discard channels): a
	 * writer that finds no room waits up to this long (-1: no limit),
	 * while writing (enabled and its session active, stored atomically:
	 * a waiting writer reads it) stays 1; 0: it discards at once. */
	int64_t blocking_timeout_us;
	int writing;
};

struct ust_session {
	struct ust_session *next;
	struct ust_conn *conn;		/* the daemon that created it */
	uint64_t key;
	int active;
	struct ust_chan *chans;
};

/* One enabling rule (EVENT_ENABLE) of an event in a channel. */
struct ust_rule {
	struct ust_rule *next;
	uint64_t key;
	struct lttng_filter_bc *bc;	/* NULL: no filter */
	struct lttng_filter_prog *prog;
};

/* An event enabled in a channel (by one or more rules). */
struct ust_en {
	struct ust_en *next_in_chan;
	struct ust_en *next_in_event;
	struct ust_chan *chan;
	struct ust_event *ev;
	uint32_t id;
	struct ust_rule *rules;
};

/* The library's view of a registered event description. */
struct ust_event {
	struct ust_event *next;
	struct lttng_ust_event_desc *desc;
	struct lttng_ust_provider *prov;
	int loglevel;
	struct ust_en *ens;
	struct dyn_site *sites;		/* programs' stand-ins linked to it */
	/* the description as module/filter.c wants it */
	struct lttng_event_desc kdesc;
	struct lttng_field_desc *kfields;
};

struct ust_inst {
	struct ust_chan *chan;
	uint32_t id;
	struct lttng_filter_list *filters;	/* NULL: record all */
};

struct ust_set {
	unsigned int nr;
	int any_filter;
	struct ust_inst inst[];
};

/* probe.c */
void ust_read_init(void);
void ust_read_reset(void);
void ust_synchronize(void);
void ust_ctx_refresh(void);		/* pid, uids (init, fork child) */
void ust_thread_reset(void);		/* this thread's caches */
/* ip context of the records this thread makes until reset to NULL */
void ust_set_caller_ip(void *ip);
size_t ust_ctx_size(uint32_t type);	/* 0: unknown type */
/* records this thread makes go only to s's channels (NULL: to all) */
void ust_set_session_only(const struct ust_session *s);

/* perf-context.c */
uint64_t ust_perf_read(uint32_t type, uint64_t config);	/* 0: none */
void ust_perf_fork_child(void);

/* statedump.c: records s's statedump (this thread, s kept alive) */
void ust_statedump(const struct ust_session *s);
bool ust_statedump_provider(const struct lttng_ust_provider *p);

/* tracef.c */
bool ust_builtin_provider(const struct lttng_ust_provider *p);

/* lttng-ust.c */
extern int ust_debug;
/* the process's name (/proc/self/comm), NUL-padded to len */
void ust_get_procname(char *buf, size_t len);
void ust_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define DBG(...) do { if (ust_debug) ust_dbg(__VA_ARGS__); } while (0)

#endif /* _UST_LIB_H */
