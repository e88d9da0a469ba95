/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring_buffer.h - per-CPU ring buffers of the tracer (see ring_buffer.c
 * for the algorithm).
 */
#ifndef _LTTNG_RING_BUFFER_H
#define _LTTNG_RING_BUFFER_H

#include <linux/types.h>
#include <linux/poll.h>
#include <linux/irq_work.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/spinlock.h>
#include <asm/local.h>
#include "../include/lttng-abi.h"

/* Per-CPU buffer size limit (subbuf_size * num_subbuf). */
#define LTTNG_RB_MAX_BUF_SIZE	(256UL << 20)

/* What the writer closing a sub-buffer leaves for the reader. */
struct lttng_rb_subbuf_info {
	u64 ts_begin;
	u64 ts_end;
	unsigned long content;		/* bytes used, header included */
	unsigned long discarded;	/* stream's lost count at close */
};

struct lttng_rb_chan;

struct lttng_rb_buf {
	struct lttng_rb_chan *rc;
	int cpu;
	char *data;			/* vmalloc(), buf_size bytes */
	local_t offset;			/* free-running write position */
	local_t lost;			/* events discarded, cumulative */
	u64 last_tsc;			/* timestamp of the previous record */
	/* free-running read position; bit 0: sub-buffer held by reader */
	atomic_long_t consumed;
	local_t *commit;		/* per sub-buffer, cumulative bytes */
	struct lttng_rb_subbuf_info *info;
	wait_queue_head_t read_wait;
	spinlock_t offline_lock;	/* flushes while the CPU is offline */
	struct irq_work wakeup_work;
	struct timer_list switch_timer;
	int switch_timer_on;
	int finalized;
	/*
	 * Overwrite mode: the reader gets a copy of the oldest packet in
	 * "snap" (buf_size bytes into the mapping), so that writers never
	 * wait for it.
	 */
	char *snap;
	atomic_t snap_held;		/* 1 between GET and PUT */
	int snap_pending;		/* copy not handed out yet (-EFAULT) */
	struct lttng_abi_subbuf snap_sb;
};

struct lttng_rb_chan {
	unsigned long sb_size;
	unsigned long nsb;
	unsigned long buf_size;
	unsigned long map_size;		/* buf_size (+ sb_size: overwrite) */
	unsigned int sb_order;
	unsigned int buf_order;
	int overwrite;
	u32 switch_timer_us;
	u32 read_timer_us;
	u32 stream_id;
	u8 uuid[16];
	int timers_stopping;
	struct timer_list read_timer;
	int read_timer_on;
	struct hlist_node cpuhp;	/* instance of the hotplug state */
	int cpuhp_on;
	struct lttng_rb_buf **bufs;	/* nr_cpu_ids entries, possible CPUs */
};

/* Module init/exit: the CPU hotplug state of every channel. */
int lttng_rb_init(void);
void lttng_rb_exit(void);
int lttng_rb_chan_init(struct lttng_rb_chan *rc,
		       const struct lttng_abi_channel *p,
		       const u8 *uuid, u32 stream_id);
void lttng_rb_chan_fini(struct lttng_rb_chan *rc);
/* Close the current sub-buffer of one buffer / of all (process context). */
void lttng_rb_flush(struct lttng_rb_buf *buf);
/* The same, an empty sub-buffer closed too (a header-only packet). */
void lttng_rb_flush_empty(struct lttng_rb_buf *buf);
void lttng_rb_flush_all(struct lttng_rb_chan *rc);
/* The stream's clock now, never before its last timestamp. */
u64 lttng_rb_timestamp(struct lttng_rb_buf *buf);
void lttng_rb_set_finalized(struct lttng_rb_chan *rc, int finalized);
u64 lttng_rb_lost(struct lttng_rb_chan *rc);

/* Reader side (stream fd). */
int lttng_rb_get_subbuf(struct lttng_rb_buf *buf, struct lttng_abi_subbuf *sb);
int lttng_rb_put_subbuf(struct lttng_rb_buf *buf);
void lttng_rb_unget_subbuf(struct lttng_rb_buf *buf);
void lttng_rb_release_reader(struct lttng_rb_buf *buf);
__poll_t lttng_rb_poll(struct lttng_rb_buf *buf, struct file *file,
		       poll_table *wait);
int lttng_rb_mmap(struct lttng_rb_buf *buf, struct vm_area_struct *vma);
void lttng_rb_info(struct lttng_rb_buf *buf, struct lttng_abi_stream_info *i);

/* Snapshot reader (snapshot.c): reads without consuming. */
bool lttng_rb_subbuf_complete(struct lttng_rb_buf *buf, unsigned long pos);
void lttng_rb_fill_subbuf(struct lttng_rb_buf *buf, char *packet,
			  unsigned long pos,
			  const struct lttng_rb_subbuf_info *info,
			  unsigned long mmap_offset, struct lttng_abi_subbuf *sb);
void lttng_rb_snapshot_sample(struct lttng_rb_buf *buf,
			      struct lttng_abi_snapshot_pos *pos);
int lttng_rb_snapshot_get(struct lttng_rb_buf *buf, unsigned long pos,
			  struct lttng_abi_subbuf *sb);
int lttng_rb_snapshot_put(struct lttng_rb_buf *buf);
/* LTTNG_STREAM_CLEAR: flush, then consume every complete packet. */
int lttng_rb_clear(struct lttng_rb_buf *buf);

#endif /* _LTTNG_RING_BUFFER_H */
