/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sources.h - what the event sources share among themselves (probes/,
 * syscalls.c, kprobes.c, context.c, statedump.c, sources.c).  The core
 * never includes it: its interface with the sources is tracer.h.
 */
#ifndef _LTTNG_SOURCES_H
#define _LTTNG_SOURCES_H

#include <linux/types.h>
#include "tracer.h"

/* Longest user string recorded (longer ones are truncated), NUL included. */
#define LTTNG_USTRING_MAX	4096

/* Record size of a kernel string, NUL included ("(null)" for NULL). */
size_t lttng_src_kstrlen(const char *s);
/* Record size of a user string, read without faulting (1 if unreadable). */
size_t lttng_src_ustrlen(const char __user *s);
/*
 * Write exactly len bytes: the string's first len - 1 characters then a
 * NUL, whatever happened to the string since it was sized (a shorter
 * string is padded with spaces, an unreadable part becomes '?'), so that
 * the record always matches its reservation and holds no early NUL.
 */
void lttng_src_write_string(struct lttng_rb_ctx *ctx, const char *s,
			    size_t len, bool user);

/*
 * Filters (Documentation/filters.rst): the event's filter list, NULL when
 * it has none (ev->filter is replaced with RCU by the core; probes run in
 * RCU-sched read-side sections).  A user string is given to the filter as
 * its first LTTNG_FILTER_USTR - 1 bytes, a sequence as its first
 * LTTNG_FILTER_SEQ elements.
 */
#define LTTNG_FILTER_USTR	256
#define LTTNG_FILTER_SEQ	16

struct lttng_filter_list;

static inline const struct lttng_filter_list *
lttng_src_event_filter(struct lttng_event *ev)
{
	return READ_ONCE(ev->filter);
}

/* The string a f_string() field records, for the filter. */
static inline const char *lttng_src_kstr(const char *s)
{
	return s ? s : "(null)";
}

/* Copy the first len - 1 bytes (at most LTTNG_FILTER_USTR - 1) of a user
 * string measured by lttng_src_ustrlen() into dst, NUL-terminated. */
void lttng_src_ustr_copy(char *dst, const char __user *src, size_t len);

/*
 * The structs of a run-time source (kprobes.c, uprobes.c), one per
 * enabler, each holding its probe and the descriptions of its events.  On
 * live while the probe is registered.  When its last event is detached,
 * the probe is unregistered and the struct goes on dead: the core still
 * reads the descriptions right after the sync that follows, when it frees
 * the events.  lttng_sources_sync() moves it to ready, the next one frees
 * it.  At exit, the live ones (leftovers of errors: the core destroyed
 * every event before) are unregistered, then all are freed.
 */
struct lttng_src_lists {
	struct list_head live;
	struct list_head dead;
	struct list_head ready;
	void (*unregister)(struct list_head *node);
	void (*free)(struct list_head *node);
};

/*
 * Defines _name, the lists of the structs _type linked by their _member,
 * with _unregister(_type *) and _free(_type *).
 */
#define LTTNG_SRC_LISTS_DEFINE(_name, _type, _member, _unregister, _free) \
static void _name##_unregister(struct list_head *node)			\
{									\
	_unregister(list_entry(node, _type, _member));			\
}									\
static void _name##_free(struct list_head *node)			\
{									\
	_free(list_entry(node, _type, _member));			\
}									\
struct lttng_src_lists _name = {					\
	.live = LIST_HEAD_INIT(_name.live),				\
	.dead = LIST_HEAD_INIT(_name.dead),				\
	.ready = LIST_HEAD_INIT(_name.ready),				\
	.unregister = _name##_unregister,				\
	.free = _name##_free,						\
}

/* The providers of probes/, listed once (sources.c registers them). */
#define LTTNG_PROBE_PROVIDERS(X)					\
	X(sched) X(irq) X(signal) X(block) X(kmem) X(net) X(power)	\
	X(module) X(workqueue) X(timer) X(statedump)

#define LTTNG_DECLARE_PROVIDER(_p)					\
	extern struct lttng_probe_provider lttng_provider_##_p;
LTTNG_PROBE_PROVIDERS(LTTNG_DECLARE_PROVIDER)
#undef LTTNG_DECLARE_PROVIDER

/* syscalls.c */
int lttng_syscalls_init(void);
void lttng_syscalls_exit(void);
void lttng_syscalls_event_detach(struct lttng_event *ev);
void lttng_syscalls_sync(void);

/* kprobes.c */
void lttng_kprobes_event_detach(struct lttng_event *ev);
extern struct lttng_src_lists lttng_kprobes_lists;

/* uprobes.c */
void lttng_uprobes_event_detach(struct lttng_event *ev);
extern struct lttng_src_lists lttng_uprobes_lists;

/* context.c */
int lttng_context_init(void);
void lttng_context_exit(void);

#endif /* _LTTNG_SOURCES_H */
