/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracer.h - the internal interface of the lttng tracer module.
 *
 * The module has two halves that meet here:
 *
 *  - the core (main.c, abi.c, session.c, ring_buffer.c, snapshot.c,
 *    metadata.c, clock.c, filter.c): objects behind the file descriptors,
 *    the per-CPU ring buffers and their snapshots, the CTF metadata, the
 *    clock, event filters;
 *  - the event sources (sources.c, tracepoints.c, probes/, syscalls.c,
 *    kprobes.c, uprobes.c, context.c, statedump.c): what produces records.
 *
 * An event is described once, as a struct lttng_event_desc
 * (include/lttng-event-desc.h, shared with user space; built by the
 * macros of probes/define_event.h).  The core reads the field descriptions
 * to write the event's TSDL declaration; the source's probe uses the same
 * description (through the same macros) to size and serialize the record.
 *
 * Record layout (x86: packed, every integer aligned on 8 bits, like LTTng):
 *
 *   event header (compact):  u32 = id (5 bits) | timestamp low 27 bits << 5
 *                            when id < 31 and the time since the previous
 *                            record of this stream fits in 27 bits;
 *   event header (extended): u8 = 31, u32 id, u64 timestamp (13 bytes);
 *   channel contexts:        in the order they were added (struct
 *                            lttng_ctx_field), see lttng_ctx_*();
 *   payload:                 the event's fields in description order.
 *
 * The reserve/write/commit API:
 *
 *	struct lttng_rb_ctx ctx;
 *
 *	if (lttng_event_reserve(&ctx, ev, payload_len))
 *		return;			(not recording, or discarded and counted)
 *	lttng_event_write(&ctx, &field, sizeof(field));
 *	...
 *	lttng_event_commit(&ctx);
 *
 * lttng_event_reserve() checks that the event may record (session active,
 * channel and event enabled, trackers), disables preemption (kept off
 * until commit), reads the clock, writes the header and the channel
 * contexts.  It is safe from any context (process, softirq, hardirq, NMI);
 * it never sleeps.  A probe with a filter calls lttng_event_should_record()
 * before running it, so that an inactive session costs no filter run.
 *
 * The fast path is one out-of-line call (reserve): the writes and the
 * commit are inline, a field of constant size is one store into the
 * reserved slot (see Documentation/performance.rst for what it costs).
 */
#ifndef _LTTNG_TRACER_H
#define _LTTNG_TRACER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/preempt.h>
#include <asm/local.h>
#include "../include/lttng-abi.h"
#include "../include/lttng-event-desc.h"

struct lttng_session;
struct lttng_channel;
struct lttng_event;
struct lttng_enabler;
struct lttng_rb_ctx;
struct lttng_filter_list;
struct lttng_filter_bc;

/*
 * A provider is a set of descriptions (one per probes/ file, one for the
 * syscalls, one for the test source).  Registering a provider lets
 * wildcard enablers created earlier match its events.
 */
struct lttng_probe_provider {
	const char *name;
	const struct lttng_event_desc * const *descs;
	unsigned int nr_descs;
	struct list_head node;		/* core-owned */
};

/* core: */
int lttng_provider_register(struct lttng_probe_provider *p);
void lttng_provider_unregister(struct lttng_probe_provider *p);
/* Find the description of an event by its exact name, or NULL. */
const struct lttng_event_desc *lttng_desc_find(const char *name);
/* Match a name against a pattern with '*' wildcards (anywhere). */
bool lttng_name_match(const char *pattern, const char *name);

/* ------------------------------------------------------------------ */
/* Objects (owned by the core)                                         */
/* ------------------------------------------------------------------ */

struct lttng_event {
	u32 id;				/* id within its channel (stream class) */
	const struct lttng_event_desc *desc;
	struct lttng_channel *chan;
	int enabled;			/* read with READ_ONCE by probes */
	struct list_head node;		/* chan->events */
	void *src_priv;			/* owned by the event source */
	/* filters of the enabled enablers matching it (RCU, NULL = record
	 * all): run before reserving, see probes/define_event.h */
	struct lttng_filter_list __rcu *filter;
	unsigned int nr_enablers;	/* enabled enablers matching it */
};

/* An enabler is what one LTTNG_CHANNEL_EVENT created: a (possibly
 * wildcard) rule; it owns the event fd.  Events match enablers. */
struct lttng_enabler {
	struct lttng_abi_event param;
	struct lttng_channel *chan;
	int enabled;
	struct list_head node;		/* chan->enablers */
	struct lttng_filter_bc *filter_bc;	/* LTTNG_EVENT_FILTER, or NULL */
};

/* Read by probes, lock-free.  Outside a tracepoint probe (statedump,
 * test source), keep preemption disabled (rcu_read_lock_sched()) from
 * this check to the commit: session stop waits for such sections only. */
bool lttng_event_should_record(struct lttng_event *ev);

/* The session the channel belongs to, its ABI parameters. */
struct lttng_session *lttng_channel_session(struct lttng_channel *chan);
struct lttng_ctx *lttng_channel_ctx(struct lttng_channel *chan);

/* Called by the sources, with lttng_sessions_mutex held.  Returns the new
 * event (id allocated, declared in the metadata, not attached: the caller
 * attaches it and sets ev->enabled) or an ERR_PTR(). */
struct lttng_event *lttng_event_create(struct lttng_channel *chan,
				       const struct lttng_event_desc *desc);

/* lttng_event_create() for a dynamic source (kprobe, uprobe, syscall): the
 * event, disabled, its ev->src_priv set, is published in *slot with release
 * semantics for the handlers that READ_ONCE() it.  0 or -errno. */
int lttng_event_publish(struct lttng_channel *chan,
			const struct lttng_event_desc *desc, void *src_priv,
			struct lttng_event **slot);

/* Find a kernel tracepoint by name (NULL if this kernel has none). */
struct tracepoint;
struct tracepoint *lttng_tracepoint_find(const char *name);

/* Whether an event of the channel is named so (lttng_sessions_mutex held). */
bool lttng_channel_has_event(struct lttng_channel *chan, const char *name);

/* Undo lttng_event_create() of an event that was never enabled and that no
 * probe can reach any more (its handler unregistered, or never published).
 * If the metadata already declares it, its id stays unused. */
void lttng_event_destroy_unused(struct lttng_event *ev);

/*
 * Recompute ev->filter from the enabled enablers of its channel that match
 * it.  The code that sets ev->enabled calls it first, with
 * lttng_sessions_mutex held, so that an event is never enabled without its
 * filters.  0, or -ENOMEM: then leave the event disabled.
 */
int lttng_event_filter_update(struct lttng_event *ev);

/* Serializes all control operations (ioctls, provider registration). */
extern struct mutex lttng_sessions_mutex;
/* Iterate over every live enabler (for providers registered later). */
void lttng_for_each_enabler(void (*fn)(struct lttng_enabler *en, void *arg),
			    void *arg);

/* ------------------------------------------------------------------ */
/* Ring buffer write side (ring_buffer.c)                              */
/* ------------------------------------------------------------------ */

/*
 * What lttng_event_reserve() hands to the probe: the reserved slot is
 * contiguous memory (records never span sub-buffers), written at "pos"
 * with plain stores up to "end", then committed.
 */
struct lttng_rb_ctx {
	struct lttng_event *event;
	struct lttng_channel *chan;
	char *pos;			/* next byte of the payload to write */
	char *end;			/* end of the reserved slot */
	local_t *commit;		/* commit counter of its sub-buffer */
	unsigned long slot_size;	/* bytes to commit (header included) */
	unsigned long sb_mask;		/* sub-buffer size - 1 */
	void *buf;			/* per-CPU buffer (private to rb) */
	u64 tsc;
	int cpu;
};

/*
 * Reserve a record of payload_len bytes for ev: also checks that ev may
 * record now (lttng_event_should_record()), so a probe without a filter
 * need not call that first.  0 with preemption disabled until
 * lttng_event_commit(); otherwise nothing to commit (not recording, or
 * discarded and counted).
 */
int lttng_event_reserve(struct lttng_rb_ctx *ctx, struct lttng_event *ev,
			size_t payload_len);
/* Out of line, for the two functions below: a write past the slot. */
void lttng_event_write_clamped(struct lttng_rb_ctx *ctx, const void *src,
			       size_t len);
/* A commit completed a packet: maybe wake the reader (ring_buffer.c). */
void lttng_event_packet_done(struct lttng_rb_ctx *ctx);

/*
 * Inline, so that a field of constant size is one store: the compiler
 * expands a memcpy() of a known small size.  A probe writing more than it
 * reserved must not corrupt the next record: the slow path clamps.
 */
static __always_inline void lttng_event_write(struct lttng_rb_ctx *ctx,
					      const void *src, size_t len)
{
	if (unlikely(len > (size_t)(ctx->end - ctx->pos))) {
		lttng_event_write_clamped(ctx, src, len);
		return;
	}
	memcpy(ctx->pos, src, len);
	ctx->pos += len;
}

/* Writes len bytes of a kernel string, NUL included (len = strlen + 1). */
void lttng_event_write_string(struct lttng_rb_ctx *ctx, const char *s,
			      size_t len);

/*
 * Publish the record: zero what the probe did not write (keeps the trace
 * readable), then add the slot to its sub-buffer's commit counter (only
 * this CPU writes it: local_t, no atomic instruction).  A counter that
 * reaches a multiple of the sub-buffer size delivered a packet.
 */
static __always_inline void lttng_event_commit(struct lttng_rb_ctx *ctx)
{
	if (unlikely(ctx->pos != ctx->end))
		memset(ctx->pos, 0, ctx->end - ctx->pos);
	smp_wmb();	/* data and sub-buffer info before the count */
	if (unlikely(!(local_add_return(ctx->slot_size, ctx->commit) &
		       ctx->sb_mask)))
		lttng_event_packet_done(ctx);
	preempt_enable_notrace();
}

/*
 * Kind LTTNG_DESC_TEST (the test source, module/test/): the core keeps the
 * events attached to such a description; the source calls this from any
 * context to run fn on each of them (fn then does should_record/reserve/
 * write/commit).  Detached events are waited for before being freed.
 */
void lttng_desc_for_each_event(const struct lttng_event_desc *desc,
			       void (*fn)(struct lttng_event *ev, void *arg),
			       void *arg);

/* NMI-safe monotonic clock, nanoseconds (clock.c). */
u64 lttng_clock_read(void);

/* ------------------------------------------------------------------ */
/* Split of work between the core and the event sources               */
/* ------------------------------------------------------------------ */

/*
 * The core matches enablers of type TRACEPOINT against the descriptions of
 * every registered provider (kinds TRACEPOINT and TEST), creates the events
 * and attaches them itself: kind TRACEPOINT with tracepoint_probe_register()
 * on the kernel tracepoint found by name (for_each_kernel_tracepoint), kind
 * TEST through the test source.  Providers registered later are matched
 * against the existing enablers.  Detach uses tracepoint_probe_unregister()
 * and tracepoint_synchronize_unregister() before anything is freed.
 *
 * The sources implement the rest, called by the core with
 * lttng_sessions_mutex held, in process context:
 *
 * lttng_syscalls_enabler_update(): an enabler of type SYSCALL was created,
 * enabled or disabled: create (lttng_event_create()) and attach the
 * syscall_entry_<name>/syscall_exit_<name> events it matches (and the
 * compat_ ones), update their enabled state.  A name that matches nothing
 * is kept, as LTTng keeps it.
 *
 * lttng_kprobes_enabler_update(): same for KPROBE/KRETPROBE enablers
 * (descriptions built at run time; -ENOENT for an unknown symbol);
 * lttng_uprobes_enabler_update() for UPROBE ones (-EBADF for a bad fd,
 * -EINVAL for an offset the binary does not have).
 *
 * lttng_sources_event_detach(): an event of kind SYSCALL_* / KPROBE /
 * KRETPROBE / UPROBE is going away: stop delivering it.  The core then calls
 * lttng_sources_sync() before freeing, after which no probe runs on it.
 */
int lttng_syscalls_enabler_update(struct lttng_enabler *en);
int lttng_kprobes_enabler_update(struct lttng_enabler *en);
int lttng_uprobes_enabler_update(struct lttng_enabler *en);
/* The checks of an UPROBE request that need no lookup (-EINVAL). */
int lttng_uprobe_check(const struct lttng_abi_event *p);
void lttng_sources_event_detach(struct lttng_event *ev);
void lttng_sources_sync(void);

/* LTTNG_IOC_LIST_EVENTS for type SYSCALL (the core lists tracepoints),
 * of the 64-bit or the compat table.  The core calls it twice: with
 * (NULL, 0) to learn *count and *needed (return 0 or -ENOSPC), then with
 * a buffer of *needed bytes to fill. */
int lttng_syscalls_list(bool compat, char *buf, size_t len, u32 *count,
			u32 *needed);

/* Add a context to a channel (-EEXIST if already there, -EINVAL bad type,
 * -ENOSYS unsupported here). */
int lttng_context_add(struct lttng_ctx *ctx, const struct lttng_abi_context *abi);
void lttng_context_destroy(struct lttng_ctx *ctx);
/* Sum of the contexts' sizes, and their serialization (for the core). */
size_t lttng_context_size(struct lttng_ctx *ctx);
void lttng_context_record(struct lttng_ctx *ctx, struct lttng_rb_ctx *rctx);

/* Session started: emit the lttng_statedump_* events into it. */
int lttng_statedump_session(struct lttng_session *session);

/* Register the providers of probes/ and the syscalls; module init/exit. */
int lttng_sources_init(void);
void lttng_sources_exit(void);

#endif /* _LTTNG_TRACER_H */
