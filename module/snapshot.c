// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapshot.c - reading a stream's ring buffer without consuming it, while
 * its writers go on: what the session daemon's snapshot record ("flight
 * recorder") needs (ioctls LTTNG_STREAM_SNAPSHOT_*, include/lttng-abi.h).
 *
 * The reader flushes the stream (the open packet is closed), samples its
 * positions, then reads each packet from the oldest to the newest:
 *
 *   produced  the write position rounded down to a sub-buffer boundary:
 *             the end of the last closed packet;
 *   consumed  the oldest packet still in the ring: the read position, or
 *             produced - buf_size if the ring has gone round since.
 *
 * Both are free-running byte positions (ring_buffer.c), compared with
 * signed differences.  "consumed" itself is never moved here: the next
 * snapshot reads again what is still in the ring.
 *
 * Overwrite mode: writers push "consumed" past a packet before they
 * overwrite it (rb_may_open(), fully ordered, then smp_mb() before they
 * write).  The reader copies the packet into the reader area after the
 * ring (the one the consuming GET uses, guarded by snap_held), then
 * smp_mb() and reads "consumed" again: if it moved past the packet, a
 * writer may have overwritten part of the copy, which is dropped
 * (-EAGAIN, the caller goes on with the next one).
 *
 * Discard mode: writers never enter a packet that was not consumed, so
 * every packet between consumed and produced stays as it is; the reader
 * gets it in place (zero copy).  This holds as long as no consuming
 * reader takes the same stream at once (a snapshot session has none).
 *
 * Clear (LTTNG_STREAM_CLEAR, lttng clear of a session nobody consumes):
 * after a flush, "consumed" moves forward one complete packet at a time
 * with a cmpxchg, exactly as a consuming reader would (a writer pushing
 * it in overwrite mode, or a reader taking a packet, makes the cmpxchg
 * fail and the loop looks again).  It stops at the first packet not
 * complete, so no writer ever finds its packet consumed under it.
 */
#include <linux/mm.h>
#include <linux/atomic.h>
#include <linux/string.h>
#include "core.h"

void lttng_rb_snapshot_sample(struct lttng_rb_buf *buf,
			      struct lttng_abi_snapshot_pos *pos)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long produced, c;

	produced = local_read(&buf->offset) & ~(rc->sb_size - 1);
	c = atomic_long_read(&buf->consumed) & ~1UL;
	if ((long)(produced - c) > (long)rc->buf_size)
		c = produced - rc->buf_size;
	pos->consumed = c;
	pos->produced = produced;
}

int lttng_rb_snapshot_get(struct lttng_rb_buf *buf, unsigned long pos,
			  struct lttng_abi_subbuf *sb)
{
	struct lttng_rb_chan *rc = buf->rc;
	struct lttng_rb_subbuf_info info;
	unsigned long c, off = pos & (rc->buf_size - 1);

	if (pos & (rc->sb_size - 1))
		return -EINVAL;
	if (atomic_cmpxchg(&buf->snap_held, 0, 1))
		return -EBUSY;		/* the previous one was not put */
	if (READ_ONCE(buf->snap_pending)) {
		/* the reader area holds a consuming GET's packet */
		atomic_set(&buf->snap_held, 0);
		return -EBUSY;
	}
	c = atomic_long_read(&buf->consumed) & ~1UL;
	if ((long)(pos - c) < 0) {
		atomic_set(&buf->snap_held, 0);
		return -EAGAIN;		/* no longer in the ring */
	}
	if ((long)(pos - c) >= (long)rc->buf_size ||
	    !lttng_rb_subbuf_complete(buf, pos)) {
		atomic_set(&buf->snap_held, 0);
		return -ENODATA;	/* not written (completely) yet */
	}
	smp_rmb();	/* commit count before data and info */
	info = buf->info[(pos >> rc->sb_order) & (rc->nsb - 1)];
	if (!rc->overwrite) {
		lttng_rb_fill_subbuf(buf, buf->data + off, pos, &info, off, sb);
		return 0;
	}
	memcpy(buf->snap, buf->data + off, rc->sb_size);
	smp_mb();	/* the copy, then the position writers push */
	c = atomic_long_read(&buf->consumed) & ~1UL;
	if ((long)(pos - c) < 0) {
		atomic_set(&buf->snap_held, 0);
		return -EAGAIN;		/* overwritten during the copy */
	}
	lttng_rb_fill_subbuf(buf, buf->snap, pos, &info, rc->buf_size, sb);
	return 0;
}

int lttng_rb_snapshot_put(struct lttng_rb_buf *buf)
{
	return atomic_cmpxchg(&buf->snap_held, 1, 0) ? 0 : -EINVAL;
}

int lttng_rb_clear(struct lttng_rb_buf *buf)
{
	struct lttng_rb_chan *rc = buf->rc;
	unsigned long c, end;

	if (atomic_read(&buf->snap_held) || READ_ONCE(buf->snap_pending))
		return -EBUSY;
	lttng_rb_flush(buf);
	/* what the ring held at the flush: writers going on meanwhile do
	 * not keep us here */
	end = (local_read(&buf->offset) & ~(rc->sb_size - 1));
	for (;;) {
		c = atomic_long_read(&buf->consumed);
		if (c & 1)
			return -EBUSY;	/* a reader holds this packet */
		if ((long)(c - end) >= 0 || !lttng_rb_subbuf_complete(buf, c))
			return 0;
		smp_rmb();	/* as a reader: commit count first */
		atomic_long_cmpxchg(&buf->consumed, c, c + rc->sb_size);
	}
}
