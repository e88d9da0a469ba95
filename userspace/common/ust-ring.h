/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ust-ring.h - the shared-memory ring buffers of user-space tracing.
 *
 * One ring is one CTF stream (one CPU of one channel): a memfd holding a
 * header (positions, counters, per-sub-buffer state) and subbuf_size x
 * num_subbuf bytes of data.  The daemon creates it and hands the fd to
 * applications (lttng-ust-abi.h, CHANNEL_CREATE) and to its consumer.
 *
 *   writers: any number of threads of any number of processes (per-UID
 *            buffers are shared by every application of the user), with
 *            C11 atomics on the shared memory only: no lock, no system
 *            call, no waiting for the reader (except in blocking mode,
 *            and only when the ring is full);
 *   reader:  the daemon's consumer, one thread per ring.
 *
 * Record layout and packets: the same as the kernel tracer's (see
 * include/lttng-ust-abi.h): each sub-buffer is one CTF packet beginning
 * with LTTng's packet header + context; records never span sub-buffers.
 * Discard mode (default): a record that finds no free sub-buffer is
 * dropped and counted (events_discarded of the next packet), or, in
 * blocking mode (ust_ring_reserve_wait), its writer waits for the reader
 * first.  Overwrite
 * mode: the oldest unread sub-buffer is overwritten.
 *
 * The reader treats the shared memory as hostile: an application can
 * write anything anywhere in it.  ust_ring_read_packet() copies a packet
 * out, then checks it (sizes, header) in its own copy; a bad ring gives an
 * error, never a crash or an out-of-bounds access in the daemon.
 *
 * Built into the daemon and, position independent, into liblttng-ust.
 */
#ifndef UST_RING_H
#define UST_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ust_ring;

struct ust_ring_attr {
	uint64_t subbuf_size;		/* power of two, >= 4096 */
	uint32_t num_subbuf;		/* power of two, >= 2 (discard: >= 1) */
	uint32_t overwrite;		/* 0 discard, 1 overwrite */
	uint32_t stream_id;		/* CTF stream id in packet headers */
	uint32_t cpu;			/* stream_instance_id and cpu_id */
	uint8_t uuid[16];		/* trace UUID in packet headers */
};

/* Daemon: creates a ring in a new memfd.  0 and *fd, or -errno. */
int ust_ring_create(const struct ust_ring_attr *attr, int *fd);

/*
 * Daemon and applications: maps a ring fd (the fd may be closed after).
 * Checks the header against the file size.  0 or -errno.
 */
int ust_ring_map(int fd, struct ust_ring **out);
void ust_ring_unmap(struct ust_ring *r);

/* --- writer (liblttng-ust) ---------------------------------------------- */

struct ust_ring_ctx {
	struct ust_ring *ring;
	uint32_t event_id;
	size_t payload_len;		/* context fields + event fields */
	/* filled by ust_ring_reserve(): */
	char *payload;			/* write payload_len bytes here */
	uint64_t offset;		/* private to the ring */
	size_t slot_len;		/* private to the ring */
	uint64_t timestamp;		/* the record's (CLOCK_MONOTONIC ns) */
};

/*
 * Reserves a record (event header written, timestamp taken inside the
 * reservation so records are in time order in the ring).  0, or -ENOBUFS
 * when the record was discarded (counted), -EINVAL when it cannot fit in
 * a sub-buffer.  No system call except the vDSO clock.
 */
int ust_ring_reserve(struct ust_ring_ctx *ctx);
/*
 * The same, in blocking mode (discard mode only): when there is no room,
 * waits for the reader to free a sub-buffer instead of discarding, at
 * most timeout_us (< 0: without limit), and only while *go_on (read
 * atomically; NULL: always) is non-zero.  Then the record is discarded
 * and counted as in ust_ring_reserve.  A thread waits in nanosleep()
 * only when the ring is full: no system call while there is room.
 */
int ust_ring_reserve_wait(struct ust_ring_ctx *ctx, int64_t timeout_us,
			  const int *go_on);
void ust_ring_commit(struct ust_ring_ctx *ctx);

/* --- reader (the daemon's consumer) ------------------------------------- */

/*
 * A packet ready to be written out: header (built by the reader from its
 * private geometry), then records_len bytes at records (in the shared
 * memory in discard mode: write them before ust_ring_put_packet), then
 * pad_len zero bytes; size = the packet_size to write (84 + records_len +
 * pad_len).  skipped: sub-buffers skipped before it (dead writers).
 */
struct ust_ring_packet {
	char header[84];
	const char *records;
	size_t records_len;
	size_t pad_len;
	size_t size;
	uint64_t pos;			/* private to the ring */
	int copied;			/* private to the ring */
	unsigned int skipped;
	uint64_t ts_end;		/* when it was closed (statistics) */
	uint64_t write_pos;		/* writers' position seen (statistics) */
};

/*
 * Gets the oldest complete packet: 1 (p filled), 0 when none is ready,
 * -EIO when the ring is corrupt (the reader resynchronizes; what was in
 * the way is lost), -EINVAL.  buf (len >= the sub-buffer size) is used in
 * overwrite mode only, where the packet is copied there and released at
 * once.  force_upto: a sub-buffer below this position that stays
 * incompletely committed is skipped (its events lost, the packet sequence
 * numbers show the gap): the caller knows that every writer that could
 * still commit there has died (see ust_ring_flush); 0: never skip,
 * UINT64_MAX: no writer is left at all.
 */
int ust_ring_get_packet(struct ust_ring *r, struct ust_ring_packet *p,
			void *buf, size_t len, uint64_t force_upto);
/* Releases the packet to the writers (after writing it out). */
void ust_ring_put_packet(struct ust_ring *r, struct ust_ring_packet *p);

/*
 * The same in one call: copies the oldest complete packet into buf (at
 * least the sub-buffer size) and releases it.  Returns its size in bytes,
 * 0 when no packet is ready, -EIO when the ring is corrupt.  force: read
 * as if force_upto were UINT64_MAX.
 */
ssize_t ust_ring_read_packet(struct ust_ring *r, void *buf, size_t len,
			     int force);

/*
 * Closes the sub-buffer being written, so its records become readable
 * (stop, destroy, and a periodic switch so that a slow stream is still
 * read).  Safe against concurrent writers.  Does nothing on an empty one.
 * Returns a position at or after which every reservation was made after
 * the call began: the end of the sub-buffer it closed, or the position
 * it found on a boundary.
 */
uint64_t ust_ring_flush(struct ust_ring *r);
/*
 * The same, but an empty sub-buffer is closed too, as a packet without
 * records (when the ring has room for it): a live session's first packet
 * of every stream, so that lttng-relayd knows the stream (it ignores the
 * live beacons of a stream that never sent a packet) and live viewers do
 * not wait for it.  Returns as ust_ring_flush().
 */
uint64_t ust_ring_flush_empty(struct ust_ring *r);

/*
 * Is a sub-buffer between from (a read position the caller keeps: the
 * shared "consumed" is the application's to write) and pos, at most the
 * ring's count of them, not completely committed yet?  (A writer is
 * inside it, or died there.)
 */
int ust_ring_incomplete_below(struct ust_ring *r, uint64_t from,
			      uint64_t pos);

/* The reader's position: everything before it has been read or skipped. */
uint64_t ust_ring_read_pos(const struct ust_ring *r);

/*
 * Reader: asks the writers to wake it when a sub-buffer completes, then
 * says whether a packet is ready already (1: do not sleep).
 */
int ust_ring_arm(struct ust_ring *r);

/*
 * Writer: fd (a datagram socket) receives one byte when a commit of this
 * process completes a sub-buffer while the reader is armed.  The ring
 * owns fd from now on (closed by ust_ring_unmap).
 */
void ust_ring_set_wakeup(struct ust_ring *r, int fd);

/*
 * Snapshot (read without consuming, writers going on): flushes the ring
 * and gives the positions of its complete packets, [from, to) in steps of
 * the sub-buffer size.  Then, for each, ust_ring_snapshot_copy copies the
 * packet at pos into buf (len >= the sub-buffer size) with its header:
 * its size, 0 when it was overwritten meanwhile (skip it), -ENODATA when
 * a writer is still inside it (stop there), -EIO when it is corrupt.
 */
int ust_ring_snapshot_sample(struct ust_ring *r, uint64_t *from,
			     uint64_t *to);
int ust_ring_snapshot_copy(struct ust_ring *r, uint64_t pos, void *buf,
			   size_t len);

/* Events discarded so far (discard mode). */
uint64_t ust_ring_discarded(const struct ust_ring *r);
uint64_t ust_ring_subbuf_size(const struct ust_ring *r);
uint32_t ust_ring_num_subbuf(const struct ust_ring *r);
int ust_ring_overwrite(const struct ust_ring *r);

#endif /* UST_RING_H */
