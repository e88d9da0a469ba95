// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring_buffer.c - lockless per-CPU ring buffers producing CTF packets.
 *
 * Layout
 * ------
 * A channel has one buffer per possible CPU.  A buffer is buf_size bytes of
 * vmalloc() memory (its pages are inserted one by one in the consumer's
 * read-only mapping with vm_insert_page()), cut into
 * nsb sub-buffers of sb_size bytes; both counts are powers of two and
 * sb_size >= PAGE_SIZE.  Every sub-buffer holds exactly one CTF packet: an
 * 84-byte packet header + context, records, and padding up to sb_size.
 *
 * Positions
 * ---------
 * The writer position "offset" and the reader position "consumed" are
 * free-running byte counters (they are never reduced modulo buf_size):
 *
 *	sub-buffer index  = (pos >> sb_order) & (nsb - 1)
 *	lap               =  pos >> buf_order
 *	packet seq_num    =  pos >> sb_order
 *
 * A sub-buffer goes through: free -> open (its first record reserved the
 * packet header too) -> closed (the writer moved the offset to the next
 * sub-buffer boundary, padding the end) -> committed (every reserved byte
 * of it was committed) -> read (the consumer got it) -> free.  An offset
 * sitting exactly on a sub-buffer boundary means "that sub-buffer is not
 * open yet": a packet is only opened by a record, so empty packets are
 * never produced.
 *
 * Writers (any context, preemption disabled)
 * ------------------------------------------
 * Only the CPU owning a buffer writes to it, so the offset is a local_t and
 * the reservation is a local_cmpxchg() loop.  Each attempt:
 *
 *   1. reads the offset and the clock (the timestamp is taken inside the
 *      loop, so timestamps never decrease in buffer order even when an
 *      interrupt or NMI reserves in between: a nested writer that wins
 *      makes the outer cmpxchg fail and the outer writer re-reads the
 *      clock);
 *   2. computes the slot (layout: include/lttng-ctf-layout.h):
 *      [packet header if opening] + event header
 *      (compact 4 bytes when the id is < 31 and the time since the
 *      previous record, or since the packet start, fits in 27 bits;
 *      extended 13 bytes otherwise) + channel contexts + payload;
 *   3. if the slot does not fit in the rest of the open sub-buffer, the
 *      writer first closes it: cmpxchg the offset to the next boundary,
 *      record the packet end time, content size and lost-event count for
 *      the reader, commit the padding; then retries (records never span
 *      sub-buffers);
 *   4. when opening a sub-buffer it must be free: in discard mode it must
 *      have been consumed (offset - consumed < buf_size), otherwise the
 *      record is dropped and counted in "lost"; in overwrite mode the
 *      writer pushes "consumed" forward by one sub-buffer with a cmpxchg
 *      (the oldest packet is overwritten) unless the reader holds that
 *      sub-buffer (bit 0 of consumed), in which case the record is dropped
 *      and counted;
 *   5. cmpxchg(offset, old, old + slot); on failure go back to 1.
 *
 * The previous-record timestamp "last_tsc" used for the compact header is
 * stored after the cmpxchg; a nested writer may therefore see an older
 * value, which only makes it choose the extended header more often: the
 * value kept is never newer than the real previous record.
 *
 * Commit: each sub-buffer has a cumulative commit counter (local_t).  After
 * writing, the writer issues smp_wmb() and adds its slot size.  Since every
 * lap puts exactly sb_size bytes in a sub-buffer (header + records +
 * padding), the sub-buffer of lap L is complete when its counter equals
 * (L + 1) * sb_size; a counter that becomes a multiple of sb_size marks
 * the moment a packet is delivered.  Nested writers commit in any order.
 *
 * Readers (process context, the stream fd)
 * ----------------------------------------
 * Discard mode (zero copy): GET_NEXT_SUBBUF looks at the sub-buffer at
 * "consumed": if its commit counter says complete (then smp_rmb()), the
 * reader sets bit 0 of "consumed" (held).  Writers never enter a
 * sub-buffer that is not consumed, so the reader owns it until
 * PUT_NEXT_SUBBUF moves "consumed" to the next one.  The reader fills the
 * packet header and context (magic, uuid, stream id/instance, timestamps,
 * sizes in bits, sequence number, discarded count, cpu) in the reserved
 * 84 bytes, and the consumer copies packet_size bytes from its mapping
 * (the content rounded up to a page: the unused end of a packet closed
 * early is not written).
 *
 * Overwrite mode (copy): a reader holding a sub-buffer would stop the
 * writers, so GET copies the complete oldest sub-buffer (and its info)
 * into a reader-owned area placed after the ring in the mapping, then
 * advances "consumed" with a cmpxchg from the position it copied.  A
 * writer only overwrites a sub-buffer after pushing "consumed" past it,
 * so a successful cmpxchg proves the copy is intact; otherwise the
 * reader retries with the new oldest one.
 *
 * Flushes (stop, quiescent, STREAM_FLUSH, switch timer) close the open
 * sub-buffer of a buffer.  Because local_t is not atomic across CPUs they
 * run on the owning CPU (IPI or per-CPU pinned timer); a buffer of an
 * offline CPU has no writer and is closed directly, one flusher at a time
 * (offline_lock).
 *
 * Wake-ups: writers never call wake_up() (they may run in NMI context).
 * The writer delivering a packet queues an irq_work (NMI-safe, a no-op
 * while already pending) which does the wake-up: always without a read
 * timer; with one, only when half of the buffer or more is unread (a
 * burst would otherwise fill it before the timer fires and be discarded).
 * The periodic read timer wakes the pollers of buffers that have a
 * complete sub-buffer.
 */
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/log2.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/version.h>
#include "core.h"
#include "../include/lttng-ctf-layout.h"

#define RB_GFP	(GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)

static inline unsigned long sb_index(struct lttng_rb_chan *rc, unsigned long pos)
{
	return (pos >> rc->sb_order) & (rc->nsb - 1);
}

static inline unsigned long sb_offset(struct lttng_rb_chan *rc, unsigned long pos)
{
	return pos & (rc->sb_size - 1);
}

/* Commit counter value once the sub-buffer at pos (its lap) is complete. */
static inline unsigned long sb_complete_count(struct lttng_rb_chan *rc,
					      unsigned long pos)
{
	return ((pos >> rc->buf_order) + 1) << rc->sb_order;
}

static inline bool sb_is_complete(struct lttng_rb_buf *buf, unsigned long pos)
{
	struct lttng_rb_chan *rc = buf->rc;

	return local_read(&buf->commit[sb_index(rc, pos)]) ==
		sb_complete_count(rc, pos);
}

static u64 rb_clock(struct lttng_rb_buf *buf)
{
	u64 tsc = lttng_clock_now();
	u64 last = READ_ONCE(buf->last_tsc);

	/* never let time go backwards within a stream */
	return tsc < last ? last : tsc;
}

/*
 * A packet was just delivered: must the reader be woken now?  Without a
 * read timer, always.  With one, the timer is enough while the buffer has
 * room, but a burst can fill it well before the next tick (4 MiB take a
 * few ms): once half of the buffer or more waits for the reader, wake it
 * too.  This costs one irq_work per delivered packet, only then.
 */
static bool rb_wakeup_needed(struct lttng_rb_buf *buf)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long c = atomic_long_read(&buf->consumed) & ~1UL;

	if (!rc->read_timer_us)
		return true;
	return local_read(&buf->offset) - c >= rc->buf_size / 2;
}

static void rb_commit(struct lttng_rb_buf *buf, unsigned long idx,
		      unsigned long len)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long count;

	smp_wmb();	/* data and sub-buffer info before the count */
	count = local_add_return(len, &buf->commit[idx]);
	if (!(count & (rc->sb_size - 1)) && rb_wakeup_needed(buf))
		irq_work_queue(&buf->wakeup_work);
}

/*
 * Close the sub-buffer open at position o (not on a boundary): move the
 * offset to the next boundary and commit the padding.  Returns false if the
 * offset moved under us.
 */
static bool rb_close(struct lttng_rb_buf *buf, unsigned long o, u64 tsc)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long off = sb_offset(rc, o);
	unsigned long end = o - off + rc->sb_size;
	unsigned long idx = sb_index(rc, o);

	if (local_cmpxchg(&buf->offset, o, end) != o)
		return false;
	buf->info[idx].ts_end = tsc;
	buf->info[idx].content = off;
	buf->info[idx].discarded = local_read(&buf->lost);
	WRITE_ONCE(buf->last_tsc, tsc);
	rb_commit(buf, idx, rc->sb_size - off);
	return true;
}

/* May a writer open the sub-buffer starting at position o? */
static bool rb_may_open(struct lttng_rb_buf *buf, unsigned long o)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long c;

	for (;;) {
		c = atomic_long_read(&buf->consumed);
		if (o - (c & ~1UL) < rc->buf_size) {
			smp_mb();	/* the position read, then the data */
			return true;
		}
		if (!rc->overwrite)
			return false;
		/* overwrite the oldest packet, if fully written */
		if (!sb_is_complete(buf, c))
			return false;
		/* a reader copying it fails its own cmpxchg: it retries */
		atomic_long_cmpxchg(&buf->consumed, c, c + rc->sb_size);
	}
}

int lttng_event_reserve(struct lttng_rb_ctx *ctx, struct lttng_event *ev,
			size_t payload_len)
{
	struct lttng_channel *chan = ev->chan;
	struct lttng_rb_chan *rc = &chan->rb;
	struct lttng_rb_buf *buf;
	unsigned long o, off, idx, slot, hdr, end;
	size_t ctx_len;
	char *p;
	bool open;
	u64 tsc;

	preempt_disable_notrace();
	if (unlikely(!lttng_event_recordable(ev)))
		goto out;
	ctx->cpu = smp_processor_id();
	buf = rc->bufs[ctx->cpu];
	if (unlikely(!buf))
		goto out;
	ctx_len = chan->ctx.nr_fields ? lttng_context_size(&chan->ctx) : 0;
	if (unlikely(LTTNG_CTF_PACKET_HEADER_LEN +
		     LTTNG_CTF_EVENT_HEADER_EXTENDED + ctx_len + payload_len >
		     rc->sb_size))
		goto lost;
	for (;;) {
		o = local_read(&buf->offset);
		tsc = rb_clock(buf);
		off = sb_offset(rc, o);
		open = !off;
		if (ev->id >= LTTNG_CTF_EVENT_ID_EXTENDED ||
		    (!open && (tsc - READ_ONCE(buf->last_tsc)) >>
			      LTTNG_CTF_COMPACT_TS_BITS))
			hdr = LTTNG_CTF_EVENT_HEADER_EXTENDED;
		else
			hdr = LTTNG_CTF_EVENT_HEADER_COMPACT;
		slot = (open ? LTTNG_CTF_PACKET_HEADER_LEN : 0) + hdr + ctx_len +
		       payload_len;
		if (unlikely(!open && off + slot > rc->sb_size)) {
			rb_close(buf, o, tsc);
			continue;
		}
		if (unlikely(open) && !rb_may_open(buf, o))
			goto lost;
		end = o + slot;
		if (likely(local_cmpxchg(&buf->offset, o, end) == o))
			break;
	}
	idx = sb_index(rc, o);
	if (unlikely(open))
		buf->info[idx].ts_begin = tsc;
	WRITE_ONCE(buf->last_tsc, tsc);
	if (unlikely(!sb_offset(rc, end))) {
		/* this record fills the sub-buffer: it closes it */
		buf->info[idx].ts_end = tsc;
		buf->info[idx].content = rc->sb_size;
		buf->info[idx].discarded = local_read(&buf->lost);
	}
	/* the slot is contiguous: records never span sub-buffers */
	p = buf->data + ((o + (open ? LTTNG_CTF_PACKET_HEADER_LEN : 0)) &
			 (rc->buf_size - 1));
	ctx->event = ev;
	ctx->chan = chan;
	ctx->buf = buf;
	ctx->end = p + slot - (open ? LTTNG_CTF_PACKET_HEADER_LEN : 0);
	ctx->commit = &buf->commit[idx];
	ctx->slot_size = slot;
	ctx->sb_mask = rc->sb_size - 1;
	ctx->tsc = tsc;

	/* header: stores of constant size (unaligned: packed records) */
	if (likely(hdr == LTTNG_CTF_EVENT_HEADER_COMPACT)) {
		u32 h = (ev->id & ((1U << LTTNG_CTF_EVENT_ID_BITS) - 1)) |
			(u32)((tsc & ((1U << LTTNG_CTF_COMPACT_TS_BITS) - 1)) <<
			      LTTNG_CTF_EVENT_ID_BITS);

		memcpy(p, &h, sizeof(h));
		ctx->pos = p + LTTNG_CTF_EVENT_HEADER_COMPACT;
	} else {
		u32 id32 = ev->id;

		p[0] = LTTNG_CTF_EVENT_ID_EXTENDED;
		memcpy(p + 1, &id32, sizeof(id32));
		memcpy(p + 5, &tsc, sizeof(tsc));
		ctx->pos = p + LTTNG_CTF_EVENT_HEADER_EXTENDED;
	}
	if (ctx_len)
		lttng_context_record(&chan->ctx, ctx);
	return 0;

lost:
	local_inc(&buf->lost);
out:
	preempt_enable_notrace();
	return -ENOBUFS;
}
EXPORT_SYMBOL_GPL(lttng_event_reserve);

void lttng_event_write_clamped(struct lttng_rb_ctx *ctx, const void *src,
			       size_t len)
{
	len = min_t(size_t, len, ctx->end - ctx->pos);
	memcpy(ctx->pos, src, len);
	ctx->pos += len;
}
EXPORT_SYMBOL_GPL(lttng_event_write_clamped);

void lttng_event_write_string(struct lttng_rb_ctx *ctx, const char *s,
			      size_t len)
{
	len = min_t(size_t, len, ctx->end - ctx->pos);
	if (unlikely(!len))
		return;
	memcpy(ctx->pos, s, len - 1);
	ctx->pos[len - 1] = '\0';	/* always terminated, even if s changed */
	ctx->pos += len;
}
EXPORT_SYMBOL_GPL(lttng_event_write_string);

/* lttng_event_commit() delivered a packet: wake the reader if needed. */
void lttng_event_packet_done(struct lttng_rb_ctx *ctx)
{
	struct lttng_rb_buf *buf = ctx->buf;

	if (rb_wakeup_needed(buf))
		irq_work_queue(&buf->wakeup_work);
}
EXPORT_SYMBOL_GPL(lttng_event_packet_done);

/* ------------------------------------------------------------------ */
/* Flush (sub-buffer switch)                                           */
/* ------------------------------------------------------------------ */

/* On the buffer's CPU, preemption off (or the CPU is offline). */
u64 lttng_rb_timestamp(struct lttng_rb_buf *buf)
{
	return rb_clock(buf);
}

/*
 * Close an empty sub-buffer at o (on a boundary) as a packet of its
 * header alone.  False if the offset moved under us or the ring has no
 * room (nothing done then).
 */
static bool rb_close_empty(struct lttng_rb_buf *buf, unsigned long o, u64 tsc)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long idx = sb_index(rc, o);

	if (!rb_may_open(buf, o))
		return true;		/* full: no empty packet */
	if (local_cmpxchg(&buf->offset, o, o + rc->sb_size) != o)
		return false;
	buf->info[idx].ts_begin = tsc;
	buf->info[idx].ts_end = tsc;
	buf->info[idx].content = LTTNG_CTF_PACKET_HEADER_LEN;
	buf->info[idx].discarded = local_read(&buf->lost);
	WRITE_ONCE(buf->last_tsc, tsc);
	rb_commit(buf, idx, rc->sb_size);
	return true;
}

static void rb_switch_local(struct lttng_rb_buf *buf, bool empty)
{
	unsigned long o;
	u64 tsc;

	do {
		o = local_read(&buf->offset);
		tsc = rb_clock(buf);
		if (!sb_offset(buf->rc, o)) {
			if (!empty)
				return;
			if (rb_close_empty(buf, o, tsc))
				return;
			continue;
		}
	} while (!rb_close(buf, o, tsc));
}

static void rb_switch_ipi(void *info)
{
	rb_switch_local(info, false);
}

static void rb_switch_empty_ipi(void *info)
{
	rb_switch_local(info, true);
}

static void rb_flush(struct lttng_rb_buf *buf, bool empty)
{
	cpus_read_lock();
	if (cpu_online(buf->cpu)) {
		smp_call_function_single(buf->cpu, empty ? rb_switch_empty_ipi :
					 rb_switch_ipi, buf, 1);
	} else {
		/*
		 * No writer, but flushers on several CPUs (a stream's FLUSH
		 * is not under the sessions mutex, stop and quiescent are):
		 * the local_t operations are only atomic on one CPU.
		 */
		spin_lock(&buf->offline_lock);
		rb_switch_local(buf, empty);
		spin_unlock(&buf->offline_lock);
	}
	cpus_read_unlock();
	wake_up_interruptible(&buf->read_wait);
}

void lttng_rb_flush(struct lttng_rb_buf *buf)
{
	rb_flush(buf, false);
}

void lttng_rb_flush_empty(struct lttng_rb_buf *buf)
{
	rb_flush(buf, true);
}

void lttng_rb_flush_all(struct lttng_rb_chan *rc)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (rc->bufs[cpu])
			lttng_rb_flush(rc->bufs[cpu]);
}

void lttng_rb_set_finalized(struct lttng_rb_chan *rc, int finalized)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct lttng_rb_buf *buf = rc->bufs[cpu];

		if (!buf)
			continue;
		WRITE_ONCE(buf->finalized, finalized);
		wake_up_interruptible(&buf->read_wait);
	}
}

u64 lttng_rb_lost(struct lttng_rb_chan *rc)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		if (rc->bufs[cpu])
			sum += local_read(&rc->bufs[cpu]->lost);
	return sum;
}

/* ------------------------------------------------------------------ */
/* Timers and wake-ups                                                 */
/* ------------------------------------------------------------------ */

static bool rb_readable(struct lttng_rb_buf *buf)
{
	unsigned long c = atomic_long_read(&buf->consumed);

	return !(c & 1) && sb_is_complete(buf, c);
}

static void rb_wakeup_work(struct irq_work *work)
{
	struct lttng_rb_buf *buf = container_of(work, struct lttng_rb_buf,
						wakeup_work);

	wake_up_interruptible(&buf->read_wait);
}

static void rb_read_timer(struct timer_list *t)
{
	struct lttng_rb_chan *rc = from_timer(rc, t, read_timer);
	int cpu;

	for_each_possible_cpu(cpu) {
		struct lttng_rb_buf *buf = rc->bufs[cpu];

		if (buf && rb_readable(buf))
			wake_up_interruptible(&buf->read_wait);
	}
	if (!READ_ONCE(rc->timers_stopping))
		mod_timer(&rc->read_timer,
			  jiffies + usecs_to_jiffies(rc->read_timer_us));
}

static void rb_switch_timer(struct timer_list *t)
{
	struct lttng_rb_buf *buf = from_timer(buf, t, switch_timer);
	struct lttng_rb_chan *rc = buf->rc;

	/* a pinned timer runs on its CPU unless that CPU went away */
	if (smp_processor_id() == buf->cpu)
		rb_switch_local(buf, false);
	if (!READ_ONCE(rc->timers_stopping))
		mod_timer(&buf->switch_timer,
			  jiffies + usecs_to_jiffies(rc->switch_timer_us));
}

/*
 * CPU hotplug.  Every channel is an instance of one multi-instance state:
 * a CPU coming online (or online when the channel is created) gets its
 * buffer's switch timer; a CPU going offline loses it and hands over what
 * it wrote (its open sub-buffer is closed, on that CPU, and the reader
 * woken).  Buffers exist for every possible CPU from the start.
 */
static int lttng_rb_cpuhp_state = -1;

static int rb_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct lttng_rb_chan *rc = hlist_entry(node, struct lttng_rb_chan,
					       cpuhp);
	struct lttng_rb_buf *buf = rc->bufs[cpu];

	if (!buf || !rc->switch_timer_us || READ_ONCE(rc->timers_stopping) ||
	    buf->switch_timer_on)
		return 0;
	buf->switch_timer.expires = jiffies +
		usecs_to_jiffies(rc->switch_timer_us);
	add_timer_on(&buf->switch_timer, cpu);
	buf->switch_timer_on = 1;
	return 0;
}

/* On the CPU going offline, in its hotplug thread. */
static int rb_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct lttng_rb_chan *rc = hlist_entry(node, struct lttng_rb_chan,
					       cpuhp);
	struct lttng_rb_buf *buf = rc->bufs[cpu];

	if (!buf)
		return 0;
	if (buf->switch_timer_on) {
		del_timer_sync(&buf->switch_timer);
		buf->switch_timer_on = 0;
	}
	preempt_disable();
	if (smp_processor_id() == cpu)
		rb_switch_local(buf, false);
	preempt_enable();
	wake_up_interruptible(&buf->read_wait);
	return 0;
}

int lttng_rb_init(void)
{
	int ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "lttng/rb:online",
					  rb_cpu_online, rb_cpu_offline);

	if (ret < 0)
		return ret;
	lttng_rb_cpuhp_state = ret;
	return 0;
}

void lttng_rb_exit(void)
{
	cpuhp_remove_multi_state(lttng_rb_cpuhp_state);
}

/* ------------------------------------------------------------------ */
/* Setup and teardown                                                  */
/* ------------------------------------------------------------------ */

static void rb_buf_free(struct lttng_rb_buf *buf)
{
	if (!buf)
		return;
	vfree(buf->data);
	kvfree(buf);
}

static struct lttng_rb_buf *rb_buf_alloc(struct lttng_rb_chan *rc, int cpu)
{
	struct lttng_rb_buf *buf;

	/*
	 * The commit counters and sub-buffer infos follow the structure in
	 * the same allocation: a record touches one less page.
	 */
	buf = kvzalloc_node(sizeof(*buf) + rc->nsb * (sizeof(*buf->commit) +
						    sizeof(*buf->info)),
			    RB_GFP, cpu_to_node(cpu));
	if (!buf)
		return NULL;
	buf->commit = (local_t *)(buf + 1);
	buf->info = (struct lttng_rb_subbuf_info *)(buf->commit + rc->nsb);
	buf->rc = rc;
	buf->cpu = cpu;
	/* big requests may fail: quietly, without invoking the OOM killer */
	buf->data = __vmalloc(rc->map_size, RB_GFP | __GFP_ZERO);
	if (!buf->data) {
		rb_buf_free(buf);
		return NULL;
	}
	if (rc->overwrite)
		buf->snap = buf->data + rc->buf_size;
	atomic_set(&buf->snap_held, 0);
	local_set(&buf->offset, 0);
	local_set(&buf->lost, 0);
	atomic_long_set(&buf->consumed, 0);
	init_waitqueue_head(&buf->read_wait);
	spin_lock_init(&buf->offline_lock);
	init_irq_work(&buf->wakeup_work, rb_wakeup_work);
	timer_setup(&buf->switch_timer, rb_switch_timer, TIMER_PINNED);
	return buf;
}

int lttng_rb_chan_init(struct lttng_rb_chan *rc,
		       const struct lttng_abi_channel *p,
		       const u8 *uuid, u32 stream_id)
{
	int cpu, ret;

	memset(rc, 0, sizeof(*rc));
	rc->sb_size = p->subbuf_size;
	rc->nsb = p->num_subbuf;
	rc->buf_size = rc->sb_size * rc->nsb;
	rc->map_size = rc->buf_size + (p->overwrite ? rc->sb_size : 0);
	rc->sb_order = ilog2(rc->sb_size);
	rc->buf_order = ilog2(rc->buf_size);
	rc->overwrite = p->overwrite;
	rc->switch_timer_us = p->switch_timer_us;
	rc->read_timer_us = p->read_timer_us;
	rc->stream_id = stream_id;
	memcpy(rc->uuid, uuid, sizeof(rc->uuid));
	timer_setup(&rc->read_timer, rb_read_timer, 0);
	/*
	 * Refuse up front what the machine cannot give: vmalloc() of that
	 * much would first push everything else out (reclaim, swap) and
	 * fail late, or leave the rest of the system without memory.
	 * LTTng's own check, in pages: every possible CPU's buffer, plus
	 * the bookkeeping arrays, against MemAvailable.
	 */
	if ((u64)num_possible_cpus() *
	    ((rc->map_size >> PAGE_SHIFT) + 1) > (u64)si_mem_available())
		return -ENOMEM;
	rc->bufs = kcalloc(nr_cpu_ids, sizeof(*rc->bufs), GFP_KERNEL);
	if (!rc->bufs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		rc->bufs[cpu] = rb_buf_alloc(rc, cpu);
		if (!rc->bufs[cpu]) {
			lttng_rb_chan_fini(rc);
			return -ENOMEM;
		}
	}
	if (rc->read_timer_us) {
		rc->read_timer_on = 1;
		mod_timer(&rc->read_timer,
			  jiffies + usecs_to_jiffies(rc->read_timer_us));
	}
	/* switch timers on the online CPUs, then on each one coming up */
	ret = cpuhp_state_add_instance(lttng_rb_cpuhp_state, &rc->cpuhp);
	if (ret) {
		lttng_rb_chan_fini(rc);
		return ret;
	}
	rc->cpuhp_on = 1;
	return 0;
}

void lttng_rb_chan_fini(struct lttng_rb_chan *rc)
{
	int cpu;

	WRITE_ONCE(rc->timers_stopping, 1);
	if (rc->cpuhp_on)
		cpuhp_state_remove_instance_nocalls(lttng_rb_cpuhp_state,
						    &rc->cpuhp);
	rc->cpuhp_on = 0;
	if (rc->read_timer_on)
		del_timer_sync(&rc->read_timer);
	if (!rc->bufs)
		return;
	for_each_possible_cpu(cpu) {
		struct lttng_rb_buf *buf = rc->bufs[cpu];

		if (!buf)
			continue;
		if (buf->switch_timer_on)
			del_timer_sync(&buf->switch_timer);
		irq_work_sync(&buf->wakeup_work);
		rb_buf_free(buf);
	}
	kfree(rc->bufs);
	rc->bufs = NULL;
}

/* ------------------------------------------------------------------ */
/* Reader side                                                         */
/* ------------------------------------------------------------------ */

static void rb_fill_packet(struct lttng_rb_buf *buf, char *packet,
			   unsigned long c,
			   const struct lttng_rb_subbuf_info *info,
			   unsigned long mmap_offset,
			   struct lttng_abi_subbuf *sb)
{
	struct lttng_rb_chan *rc = buf->rc;
	struct lttng_ctf_packet_header *h =
		(struct lttng_ctf_packet_header *)packet;
	/*
	 * The packet ends at the page holding its last record, as LTTng's
	 * do: a packet closed early (flush, switch timer, stop) does not put
	 * the rest of its sub-buffer in the trace.
	 */
	u64 psize = min_t(u64, PAGE_ALIGN(info->content), rc->sb_size);

	h->magic = cpu_to_le32(LTTNG_CTF_PACKET_MAGIC);
	memcpy(h->uuid, rc->uuid, sizeof(h->uuid));
	h->stream_id = cpu_to_le32(rc->stream_id);
	h->stream_instance_id = cpu_to_le64(buf->cpu);
	h->timestamp_begin = cpu_to_le64(info->ts_begin);
	h->timestamp_end = cpu_to_le64(info->ts_end);
	h->content_size = cpu_to_le64((u64)info->content * 8);
	h->packet_size = cpu_to_le64(psize * 8);
	h->packet_seq_num = cpu_to_le64(c >> rc->sb_order);
	h->events_discarded = cpu_to_le64(info->discarded);
	h->cpu_id = cpu_to_le32(buf->cpu);

	memset(sb, 0, sizeof(*sb));
	sb->mmap_offset = mmap_offset;
	sb->content_size = info->content;
	sb->packet_size = psize;
	sb->timestamp_begin = info->ts_begin;
	sb->timestamp_end = info->ts_end;
	sb->events_discarded = info->discarded;
	sb->seq_num = c >> rc->sb_order;
	sb->cpu_id = buf->cpu;
	sb->stream_id = rc->stream_id;
}

/* Overwrite mode: copy the oldest complete packet out of the ring. */
static int rb_get_snapshot(struct lttng_rb_buf *buf, struct lttng_abi_subbuf *sb)
{
	struct lttng_rb_chan *rc = buf->rc;
	struct lttng_rb_subbuf_info info;
	unsigned long c;

	if (atomic_cmpxchg(&buf->snap_held, 0, 1))
		return -EBUSY;		/* previous one not put */
	if (buf->snap_pending) {
		/* copied, but the caller never learnt about it */
		buf->snap_pending = 0;
		*sb = buf->snap_sb;
		return 0;
	}
	for (;;) {
		c = atomic_long_read(&buf->consumed);
		if (!sb_is_complete(buf, c)) {
			atomic_set(&buf->snap_held, 0);
			return READ_ONCE(buf->finalized) ? -ENODATA : -EAGAIN;
		}
		smp_rmb();	/* count before data and info */
		info = buf->info[sb_index(rc, c)];
		memcpy(buf->snap, buf->data + (c & (rc->buf_size - 1)),
		       rc->sb_size);
		/* fully ordered: the copy is done before we release it */
		if (atomic_long_cmpxchg(&buf->consumed, c, c + rc->sb_size) == c)
			break;
	}
	rb_fill_packet(buf, buf->snap, c, &info, rc->buf_size, sb);
	buf->snap_sb = *sb;
	return 0;
}

int lttng_rb_get_subbuf(struct lttng_rb_buf *buf, struct lttng_abi_subbuf *sb)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long c, off;

	if (rc->overwrite)
		return rb_get_snapshot(buf, sb);
	c = atomic_long_read(&buf->consumed);
	if (c & 1)
		return -EBUSY;		/* previous one not put */
	if (!sb_is_complete(buf, c))
		return READ_ONCE(buf->finalized) ? -ENODATA : -EAGAIN;
	smp_rmb();	/* count before data and info */
	/* discard mode: only the reader moves "consumed" */
	if (atomic_long_cmpxchg(&buf->consumed, c, c | 1) != c)
		return -EBUSY;		/* another thread got it */
	off = c & (rc->buf_size - 1);
	rb_fill_packet(buf, buf->data + off, c, &buf->info[sb_index(rc, c)],
		       off, sb);
	return 0;
}

int lttng_rb_put_subbuf(struct lttng_rb_buf *buf)
{
	unsigned long c;

	if (buf->rc->overwrite)
		return atomic_cmpxchg(&buf->snap_held, 1, 0) ? 0 : -EINVAL;
	c = atomic_long_read(&buf->consumed);
	if (!(c & 1))
		return -EINVAL;		/* nothing held */
	/* writers never change a held position */
	atomic_long_set(&buf->consumed, (c & ~1UL) + buf->rc->sb_size);
	return 0;
}

/*
 * The caller could not be told about the sub-buffer it got (-EFAULT):
 * give it back, the next GET returns it again.
 */
void lttng_rb_unget_subbuf(struct lttng_rb_buf *buf)
{
	unsigned long c;

	if (buf->rc->overwrite) {
		buf->snap_pending = 1;
		atomic_set(&buf->snap_held, 0);
		return;
	}
	c = atomic_long_read(&buf->consumed);
	if (c & 1)
		atomic_long_set(&buf->consumed, c & ~1UL);
}

/* The stream fd is closing: drop a sub-buffer left held (it is consumed). */
void lttng_rb_release_reader(struct lttng_rb_buf *buf)
{
	if (atomic_read(&buf->snap_held) || !buf->rc->overwrite)
		lttng_rb_put_subbuf(buf);
}

__poll_t lttng_rb_poll(struct lttng_rb_buf *buf, struct file *file,
		       poll_table *wait)
{
	unsigned long c;

	poll_wait(file, &buf->read_wait, wait);
	if (rb_readable(buf))
		return EPOLLIN | EPOLLRDNORM;
	c = atomic_long_read(&buf->consumed);
	if (READ_ONCE(buf->finalized) && !(c & 1) &&
	    !atomic_read(&buf->snap_held))
		return EPOLLHUP;
	return 0;
}

int lttng_rb_mmap(struct lttng_rb_buf *buf, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start, off;
	int ret;

	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	if (vma->vm_pgoff || len != PAGE_ALIGN(buf->rc->map_size))
		return -EINVAL;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP, VM_MAYWRITE);
#else
	vma->vm_flags &= ~VM_MAYWRITE;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
#endif
	/* each page is referenced by the mapping: it outlives a vfree() */
	for (off = 0; off < len; off += PAGE_SIZE) {
		ret = vm_insert_page(vma, vma->vm_start + off,
				     vmalloc_to_page(buf->data + off));
		if (ret)
			return ret;
	}
	return 0;
}

void lttng_rb_info(struct lttng_rb_buf *buf, struct lttng_abi_stream_info *i)
{
	struct lttng_rb_chan *rc = buf->rc;

	memset(i, 0, sizeof(*i));
	i->subbuf_size = rc->sb_size;
	i->num_subbuf = rc->nsb;
	i->mmap_len = PAGE_ALIGN(rc->map_size);
	i->events_discarded = local_read(&buf->lost);
	i->cpu_id = buf->cpu;
	i->stream_id = rc->stream_id;
	i->finalized = READ_ONCE(buf->finalized) && !rb_readable(buf);
}

/* For the reader that does not consume (snapshot.c). */
bool lttng_rb_subbuf_complete(struct lttng_rb_buf *buf, unsigned long pos)
{
	return sb_is_complete(buf, pos);
}

void lttng_rb_fill_subbuf(struct lttng_rb_buf *buf, char *packet,
			  unsigned long pos,
			  const struct lttng_rb_subbuf_info *info,
			  unsigned long mmap_offset, struct lttng_abi_subbuf *sb)
{
	rb_fill_packet(buf, packet, pos, info, mmap_offset, sb);
}
