// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-ring.c - the shared-memory ring buffers of user-space tracing
 * (API: ust-ring.h).
 *
 * The design is the kernel tracer's (module/ring_buffer.c) with the
 * single-CPU assumptions removed: any number of threads of any number of
 * processes write into one ring with C11 atomics on the shared memory.
 *
 * Memory
 * ------
 * A memfd, its size sealed (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) so
 * that no process sharing it can make another one fault by truncating it:
 *
 *	[struct ring_shm: geometry, positions, counters]
 *	[struct ring_sb[num_subbuf]: per sub-buffer commit count and info]
 *	(padding to a page)
 *	[data: num_subbuf x subbuf_size bytes]
 *
 * The geometry is copied into the process's private struct ust_ring when
 * it maps the ring (and checked against the file size); afterwards nobody
 * reads it from the shared memory again, and every data access is masked
 * with the private buffer size: whatever another process writes into the
 * shared memory, an access stays inside the mapping.
 *
 * Positions
 * ---------
 * "write_pos" and "consumed" are free-running 64-bit byte counters (they
 * never wrap in practice and are never reused):
 *
 *	sub-buffer index = (pos >> sb_order) & (nsb - 1)
 *	lap              =  pos >> buf_order
 *	packet seq_num   =  pos >> sb_order
 *
 * Each sub-buffer is one CTF packet (its layout, shared with the kernel's
 * ring buffers: include/lttng-ctf-layout.h): 84 bytes left for the packet
 * header and context (the reader fills them in its copy), records,
 * padding.  A
 * position exactly on a sub-buffer boundary means "not open yet": only a
 * record opens a packet, so no empty packet is ever produced.
 *
 * Reservation (ust_ring_reserve)
 * ------------------------------
 * A compare-and-swap loop on write_pos.  Each attempt:
 *
 *   1. loads write_pos (acquire), then reads CLOCK_MONOTONIC (vDSO);
 *   2. chooses the event header: compact (4 bytes: id 5 bits, low 27 bits
 *      of the timestamp) when the id is < 31 and either the record opens
 *      the packet (then timestamp_begin is its own timestamp) or the time
 *      since "last_ts" fits in 27 bits; extended (13 bytes) otherwise;
 *   3. if the record does not fit in the rest of the open sub-buffer, it
 *      closes the sub-buffer (CAS write_pos to the next boundary, leave
 *      timestamp_end, content size and discarded count, commit the
 *      padding) and retries: records never span sub-buffers;
 *   4. a record opening a sub-buffer needs it free: in discard mode it must
 *      have been consumed (write_pos - consumed < buf_size), otherwise the
 *      record is dropped and counted in "lost"; in overwrite mode the
 *      writer pushes "consumed" one sub-buffer forward by CAS, provided
 *      the oldest sub-buffer is completely committed (otherwise drop);
 *   5. CAS write_pos from the loaded value to value + slot size.
 *
 * Time order.  Let A's CAS move write_pos from a to p and B's CAS move it
 * from p: B loaded p, so B's load came after A's CAS; B reads the clock
 * after its load (the vDSO's ordered rdtsc), and A read the clock before
 * its CAS (A stores the timespec before its locked CAS, and that store
 * needs the clock value).  CLOCK_MONOTONIC is monotonic across CPUs, hence
 * ts(A) <= ts(B): timestamps never decrease in ring order, whatever the
 * writers and processes.  The same argument orders a sub-buffer's closing
 * timestamp (timestamp_end) after its records and before the next ones.
 *
 * Why a stale last_ts is harmless.  last_ts is stored (release) by every
 * writer after its successful CAS; B loads it (acquire) after loading p.
 * A reader of the trace decodes a compact header relative to the previous
 * record's timestamp ts(A), and B's compact header is right exactly when
 * ts(B) - ts(A) < 2^27.  The value L that B loads is either
 *   - stored by a writer whose record starts before p: its timestamp is
 *     <= ts(A) (time order above), so ts(B) - L >= ts(B) - ts(A): if B
 *     chooses compact, the true delta fits too; a stale L only makes
 *     extended headers more frequent; or
 *   - stored by a writer D whose record starts at p or later: D's CAS moved
 *     write_pos away from p and happens-before B's load of L
 *     (release/acquire), so B's CAS from p fails and B retries with fresh
 *     values: whatever header B computed with L is never written.
 * Positions never repeat (64-bit, monotonic), so there is no ABA.  The
 * first record of a packet is relative to timestamp_begin, which is its own
 * timestamp.
 *
 * Commit.  Each sub-buffer has a cumulative commit counter: a writer adds
 * its slot size (release) once its bytes are written.  Every lap puts
 * exactly subbuf_size bytes in a sub-buffer (header + records + padding),
 * so the sub-buffer of lap L is complete when its counter equals
 * (L + 1) * subbuf_size.  The info (timestamp_begin by the opener,
 * timestamp_end/content/discarded by the closer) is written before the
 * writer's own commit, hence visible to a reader that saw the complete
 * count (acquire).
 *
 * Reader (ust_ring_read_packet)
 * -----------------------------
 * One reader per ring (the daemon's consumer).  The sub-buffer at
 * "consumed" is ready when write_pos is past it and its count is complete.
 * The reader copies it and its info out, then advances consumed by CAS
 * from the value it started with.  In discard mode no writer enters a
 * sub-buffer before it is consumed; in overwrite mode a writer pushes
 * consumed past a sub-buffer before writing into it again, so a successful
 * CAS proves that the copy is intact (release: the copy's loads come
 * before it); a failed one means it was overwritten: retry with the new
 * oldest.  Everything is then validated in the private copy (content size,
 * timestamps) and the packet header is written there from the reader's
 * private geometry: the application cannot make the reader read or write
 * outside its buffers.  Corrupt positions are resynchronized (the ring
 * keeps working, the damaged data is dropped, -EIO is returned once).
 *
 * Flush (ust_ring_flush) is a close from the consumer's side: the same
 * CAS as a writer's close, so it is safe against concurrent writers.
 *
 * A writer that dies between reserve and commit leaves its sub-buffer
 * incomplete forever.  The consumer learns it from the daemon (the
 * application's socket hung up), flushes the ring (ust_ring_flush returns
 * the position where it closed it) and, once every other writer of the
 * ring has gone through a grace period (no reservation of theirs made
 * before the flush is still uncommitted), reads with force_upto = that
 * position: an incomplete sub-buffer below it can only be a dead
 * writer's, and is skipped (its count forced complete; the gap shows in
 * the packet sequence numbers).  Sub-buffers above it are waited for as
 * usual, so the ring keeps working for the live writers.
 *
 * Wake-ups
 * --------
 * The reader sleeps in poll() on a datagram socket whose other end each
 * writer process holds (ust_ring_set_wakeup).  Before sleeping it sets
 * wake_armed and checks once more whether a packet is ready
 * (ust_ring_arm).  A writer whose commit completes a sub-buffer (its
 * fetch_add brings the count to the lap's end) loads wake_armed and, only
 * if it is set and it wins the exchange back to 0, sends one byte: at most
 * one system call per sub-buffer, and none while the reader is busy.  The
 * commit's locked add and the reader's store are sequentially consistent,
 * so either the writer sees the flag or the reader sees the completed
 * count: no wake-up is lost.
 *
 * Reading without copying
 * -----------------------
 * In discard mode no writer enters a sub-buffer before the reader
 * releases it, so ust_ring_get_packet() returns a packet header built in
 * private memory plus a pointer to the records in the shared memory, to be
 * written out (writev) before ust_ring_put_packet() releases it.  The
 * reader keeps its own read position: whatever an application writes in
 * "consumed", the reader goes forward, one sub-buffer per packet.  In
 * overwrite mode writers may reclaim a sub-buffer at any time, so
 * get_packet copies it and releases it at once (the CAS that proves the
 * copy intact, above).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ust-ring.h"
#include "../../include/lttng-ctf-layout.h"

#define RING_MAGIC		0x55535452U	/* "USTR" */
#define RING_VERSION		2
#define MAX_BUF_SIZE		(1ULL << 30)	/* subbuf_size x num_subbuf */
#define MAX_SUBBUF_SIZE		(256ULL << 20)
#define MIN_SUBBUF_SIZE		4096ULL
#define CACHELINE		64

struct ring_sb {
	_Atomic uint64_t commit;	/* cumulative committed bytes */
	_Atomic uint64_t ts_begin;
	_Atomic uint64_t ts_end;
	_Atomic uint64_t content;	/* bytes, packet header included */
	_Atomic uint64_t discarded;	/* "lost" when the packet closed */
	uint64_t pad[3];
};

struct ring_shm {
	uint32_t magic;
	uint32_t version;
	uint64_t subbuf_size;
	uint32_t num_subbuf;
	uint32_t overwrite;
	uint32_t stream_id;
	uint32_t cpu;
	uint8_t uuid[16];
	uint64_t data_offset;
	uint64_t total_size;
	_Alignas(CACHELINE) _Atomic uint64_t write_pos;
	_Atomic uint64_t last_ts;
	_Alignas(CACHELINE) _Atomic uint64_t consumed;
	_Atomic uint32_t wake_armed;	/* the reader sleeps: wake it */
	_Alignas(CACHELINE) _Atomic uint64_t lost;
	_Alignas(CACHELINE) struct ring_sb sb[];
};

struct ust_ring {
	struct ring_shm *shm;
	char *data;
	size_t map_len;
	uint64_t sb_size;
	uint64_t buf_size;
	unsigned int sb_order;
	unsigned int buf_order;
	uint32_t nsb;
	uint32_t overwrite;
	uint32_t stream_id;
	uint32_t cpu;
	uint8_t uuid[16];
	int wake_fd;			/* writer: wakes the reader, -1 */
	uint64_t rd_pos;		/* reader: its own read position */
};

_Static_assert(sizeof(struct ring_sb) == CACHELINE, "sub-buffer info");

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static unsigned int ilog2_u64(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

static uint64_t page_align(uint64_t v)
{
	return (v + 4095) & ~4095ULL;
}

static uint64_t header_size(uint32_t nsb)
{
	return page_align(sizeof(struct ring_shm) +
			  (uint64_t)nsb * sizeof(struct ring_sb));
}

/* One sub-buffer will do in discard mode (writers wait for the reader to
 * release it, discarding meanwhile); overwrite needs two. */
static int check_geometry(uint64_t sb_size, uint32_t nsb, uint32_t overwrite)
{
	if (!is_pow2(sb_size) || sb_size < MIN_SUBBUF_SIZE ||
	    sb_size > MAX_SUBBUF_SIZE)
		return -EINVAL;
	if (!is_pow2(nsb) || nsb < (overwrite ? 2 : 1))
		return -EINVAL;
	if (sb_size * nsb > MAX_BUF_SIZE)
		return -EINVAL;
	return 0;
}

static inline uint64_t ring_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline uint32_t sb_index(const struct ust_ring *r, uint64_t pos)
{
	return (uint32_t)((pos >> r->sb_order) & (r->nsb - 1));
}

static inline uint64_t sb_offset(const struct ust_ring *r, uint64_t pos)
{
	return pos & (r->sb_size - 1);
}

/* Commit count of the sub-buffer at pos once its lap is complete. */
static inline uint64_t sb_complete_count(const struct ust_ring *r, uint64_t pos)
{
	return ((pos >> r->buf_order) + 1) << r->sb_order;
}

/* ------------------------------------------------------------------ */
/* Creation and mapping                                                */
/* ------------------------------------------------------------------ */

int ust_ring_create(const struct ust_ring_attr *attr, int *fd)
{
	struct ring_shm *shm;
	uint64_t hsize, total;
	int err, f;

	if (!attr || !fd || attr->overwrite > 1)
		return -EINVAL;
	err = check_geometry(attr->subbuf_size, attr->num_subbuf,
			     attr->overwrite);
	if (err)
		return err;
	hsize = header_size(attr->num_subbuf);
	total = hsize + attr->subbuf_size * attr->num_subbuf;
	f = memfd_create("lttng-ust-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (f < 0)
		return -errno;
	if (ftruncate(f, (off_t)total) < 0)
		goto fail;
	shm = mmap(NULL, hsize, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (shm == MAP_FAILED)
		goto fail;
	shm->magic = RING_MAGIC;
	shm->version = RING_VERSION;
	shm->subbuf_size = attr->subbuf_size;
	shm->num_subbuf = attr->num_subbuf;
	shm->overwrite = attr->overwrite;
	shm->stream_id = attr->stream_id;
	shm->cpu = attr->cpu;
	memcpy(shm->uuid, attr->uuid, sizeof(shm->uuid));
	shm->data_offset = hsize;
	shm->total_size = total;
	/* the rest of a new memfd is zero: positions and counters at 0 */
	munmap(shm, hsize);
	if (fcntl(f, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		goto fail;
	*fd = f;
	return 0;
fail:
	err = -errno;
	close(f);
	return err;
}

int ust_ring_map(int fd, struct ust_ring **out)
{
	const int need = F_SEAL_SHRINK | F_SEAL_GROW;
	struct ust_ring *r;
	struct ring_shm *shm;
	struct stat st;
	uint64_t sb_size;
	uint32_t nsb, ov;
	void *p;
	int seals;

	if (!out)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || (seals & need) != need)
		return -EINVAL;		/* not a sealed memfd: could shrink */
	if (!S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(struct ring_shm) ||
	    (uint64_t)st.st_size > MAX_BUF_SIZE + header_size(MAX_BUF_SIZE / MIN_SUBBUF_SIZE))
		return -EINVAL;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	shm = p;
	/* read the geometry once, check it, keep our own copy */
	sb_size = shm->subbuf_size;
	nsb = shm->num_subbuf;
	ov = shm->overwrite;
	if (shm->magic != RING_MAGIC || shm->version != RING_VERSION ||
	    ov > 1 || check_geometry(sb_size, nsb, ov) ||
	    shm->data_offset != header_size(nsb) ||
	    shm->total_size != (uint64_t)st.st_size ||
	    header_size(nsb) + sb_size * nsb != (uint64_t)st.st_size)
		goto inval;
	r = calloc(1, sizeof(*r));
	if (!r) {
		munmap(p, (size_t)st.st_size);
		return -ENOMEM;
	}
	r->shm = shm;
	r->map_len = (size_t)st.st_size;
	r->data = (char *)p + header_size(nsb);
	r->sb_size = sb_size;
	r->nsb = nsb;
	r->buf_size = sb_size * nsb;
	r->sb_order = ilog2_u64(sb_size);
	r->buf_order = ilog2_u64(r->buf_size);
	r->overwrite = ov;
	r->stream_id = shm->stream_id;
	r->cpu = shm->cpu;
	memcpy(r->uuid, shm->uuid, sizeof(r->uuid));
	r->wake_fd = -1;
	r->rd_pos = atomic_load_explicit(&shm->consumed, memory_order_acquire) &
		    ~(sb_size - 1);
	*out = r;
	return 0;
inval:
	munmap(p, (size_t)st.st_size);
	return -EINVAL;
}

void ust_ring_unmap(struct ust_ring *r)
{
	if (!r)
		return;
	munmap(r->shm, r->map_len);
	if (r->wake_fd >= 0)
		close(r->wake_fd);
	free(r);
}

/* ------------------------------------------------------------------ */
/* Writers                                                             */
/* ------------------------------------------------------------------ */

void ust_ring_set_wakeup(struct ust_ring *r, int fd)
{
	if (r->wake_fd >= 0)
		close(r->wake_fd);
	r->wake_fd = fd;
}

/* A sub-buffer became complete: wake the reader if it asked. */
static void ring_delivered(struct ust_ring *r)
{
	static const char b = 'w';

	if (r->wake_fd < 0 ||
	    !atomic_load_explicit(&r->shm->wake_armed, memory_order_seq_cst) ||
	    !atomic_exchange_explicit(&r->shm->wake_armed, 0,
				      memory_order_seq_cst))
		return;
	/* never blocks, never raises SIGPIPE (the reader may be gone) */
	if (send(r->wake_fd, &b, 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return;
}

static inline void ring_commit(struct ust_ring *r, uint64_t pos, uint64_t len)
{
	uint64_t old = atomic_fetch_add_explicit(
		&r->shm->sb[sb_index(r, pos)].commit, len, memory_order_seq_cst);

	if (__builtin_expect(old + len == sb_complete_count(r, pos), 0))
		ring_delivered(r);
}

/* Leave what the reader needs of the packet ending now. */
static void sb_close_info(struct ust_ring *r, uint32_t idx, uint64_t ts,
			  uint64_t content)
{
	struct ring_sb *sb = &r->shm->sb[idx];

	atomic_store_explicit(&sb->ts_end, ts, memory_order_relaxed);
	atomic_store_explicit(&sb->content, content, memory_order_relaxed);
	atomic_store_explicit(&sb->discarded,
			      atomic_load_explicit(&r->shm->lost,
						   memory_order_relaxed),
			      memory_order_relaxed);
}

/*
 * Close the sub-buffer open at position o (not on a boundary): move
 * write_pos to the next boundary, commit the padding.  False if write_pos
 * moved meanwhile.
 */
static bool ring_close(struct ust_ring *r, uint64_t o, uint64_t ts)
{
	uint64_t off = sb_offset(r, o);
	uint64_t end = o - off + r->sb_size;

	if (!atomic_compare_exchange_strong_explicit(&r->shm->write_pos, &o,
						     end, memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	sb_close_info(r, sb_index(r, o), ts, off);
	ring_commit(r, o, r->sb_size - off);
	return true;
}

/* May a writer open the sub-buffer starting at position o? */
static bool ring_may_open(struct ust_ring *r, uint64_t o)
{
	struct ring_shm *shm = r->shm;
	uint64_t c;
	int tries;

	/* bounded: a corrupt "consumed" must not keep a writer looping */
	for (tries = 0; tries < 4; tries++) {
		c = atomic_load_explicit(&shm->consumed, memory_order_acquire);
		if (o - c < r->buf_size)
			return true;
		if (!r->overwrite || o - c != r->buf_size)
			return false;
		/* overwrite the oldest packet, if it is completely written */
		if (atomic_load_explicit(&shm->sb[sb_index(r, c)].commit,
					 memory_order_acquire) !=
		    sb_complete_count(r, c))
			return false;
		/* a reader copying it fails its own CAS and retries */
		atomic_compare_exchange_strong_explicit(&shm->consumed, &c,
							c + r->sb_size,
							memory_order_acq_rel,
							memory_order_relaxed);
	}
	return false;
}

static void ring_lost(struct ust_ring *r)
{
	atomic_fetch_add_explicit(&r->shm->lost, 1, memory_order_relaxed);
}

/* count: a record that finds no room is counted lost (-ENOBUFS either way) */
static int ring_reserve(struct ust_ring_ctx *ctx, bool count)
{
	struct ust_ring *r = ctx->ring;
	struct ring_shm *shm = r->shm;
	uint64_t o, off, slot, hdr, end, ts, last;
	uint32_t idx;
	char *p;
	bool open;

	if (ctx->payload_len > r->sb_size - LTTNG_CTF_PACKET_HEADER_LEN -
			       LTTNG_CTF_EVENT_HEADER_EXTENDED) {
		ring_lost(r);
		return -EINVAL;
	}
	for (;;) {
		o = atomic_load_explicit(&shm->write_pos, memory_order_acquire);
		ts = ring_clock();
		off = sb_offset(r, o);
		open = !off;
		last = atomic_load_explicit(&shm->last_ts, memory_order_acquire);
		if (ctx->event_id >= LTTNG_CTF_EVENT_ID_EXTENDED ||
		    (!open && (ts - last) >> LTTNG_CTF_COMPACT_TS_BITS))
			hdr = LTTNG_CTF_EVENT_HEADER_EXTENDED;
		else
			hdr = LTTNG_CTF_EVENT_HEADER_COMPACT;
		slot = (open ? LTTNG_CTF_PACKET_HEADER_LEN : 0) + hdr +
		       ctx->payload_len;
		if (!open && off + slot > r->sb_size) {
			ring_close(r, o, ts);
			continue;
		}
		if (open && !ring_may_open(r, o)) {
			if (count)
				ring_lost(r);
			return -ENOBUFS;
		}
		if (atomic_compare_exchange_weak_explicit(&shm->write_pos, &o,
							  o + slot,
							  memory_order_acq_rel,
							  memory_order_relaxed))
			break;
	}
	idx = sb_index(r, o);
	end = o + slot;
	if (open)
		atomic_store_explicit(&shm->sb[idx].ts_begin, ts,
				      memory_order_relaxed);
	atomic_store_explicit(&shm->last_ts, ts, memory_order_release);
	if (!sb_offset(r, end))		/* this record fills the sub-buffer */
		sb_close_info(r, idx, ts, r->sb_size);

	p = r->data + (o & (r->buf_size - 1)) +
	    (open ? LTTNG_CTF_PACKET_HEADER_LEN : 0);
	if (hdr == LTTNG_CTF_EVENT_HEADER_COMPACT) {
		uint32_t h = (ctx->event_id &
			      ((1U << LTTNG_CTF_EVENT_ID_BITS) - 1)) |
			     (uint32_t)((ts & ((1U << LTTNG_CTF_COMPACT_TS_BITS) - 1))
					<< LTTNG_CTF_EVENT_ID_BITS);

		memcpy(p, &h, 4);
	} else {
		uint32_t id = ctx->event_id;

		p[0] = LTTNG_CTF_EVENT_ID_EXTENDED;
		memcpy(p + 1, &id, 4);
		memcpy(p + 5, &ts, 8);
	}
	ctx->payload = p + hdr;
	ctx->offset = o;
	ctx->slot_len = slot;
	ctx->timestamp = ts;
	return 0;
}

int ust_ring_reserve(struct ust_ring_ctx *ctx)
{
	return ring_reserve(ctx, true);
}

/*
 * Blocking mode: no system call while there is room; when there is none,
 * sleep and retry, 20 us at first, doubling up to 1 ms (the reader frees
 * a whole sub-buffer at a time, so polling faster gains nothing), until
 * the deadline or until *go_on reads 0.
 */
int ust_ring_reserve_wait(struct ust_ring_ctx *ctx, int64_t timeout_us,
			  const int *go_on)
{
	struct timespec ts = { 0, 20000 };
	uint64_t deadline = 0;
	int ret;

	for (;;) {
		ret = ring_reserve(ctx, false);
		if (ret != -ENOBUFS)
			return ret;
		if (timeout_us >= 0) {
			uint64_t now = ring_clock();

			if (!deadline)
				deadline = now + (uint64_t)timeout_us * 1000;
			else if (now >= deadline)
				break;
		}
		if (go_on && !__atomic_load_n(go_on, __ATOMIC_ACQUIRE))
			break;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 1000000)
			ts.tv_nsec *= 2;
	}
	ring_lost(ctx->ring);
	return -ENOBUFS;
}

void ust_ring_commit(struct ust_ring_ctx *ctx)
{
	ring_commit(ctx->ring, ctx->offset, ctx->slot_len);
}

uint64_t ust_ring_flush(struct ust_ring *r)
{
	uint64_t o;

	for (;;) {
		o = atomic_load_explicit(&r->shm->write_pos,
					 memory_order_acquire);
		if (!sb_offset(r, o))
			return o;
		if (ring_close(r, o, ring_clock()))
			return o - sb_offset(r, o) + r->sb_size;
	}
}

uint64_t ust_ring_flush_empty(struct ust_ring *r)
{
	uint64_t o, ts;

	for (;;) {
		o = atomic_load_explicit(&r->shm->write_pos,
					 memory_order_acquire);
		ts = ring_clock();
		if (sb_offset(r, o)) {
			if (ring_close(r, o, ts))
				return o - sb_offset(r, o) + r->sb_size;
			continue;
		}
		if (!ring_may_open(r, o))
			return o;	/* no room: nothing to do */
		if (!atomic_compare_exchange_strong_explicit(
			    &r->shm->write_pos, &o, o + r->sb_size,
			    memory_order_acq_rel, memory_order_relaxed))
			continue;
		/* A packet of its header alone, begun and ended now. */
		atomic_store_explicit(&r->shm->sb[sb_index(r, o)].ts_begin, ts,
				      memory_order_relaxed);
		sb_close_info(r, sb_index(r, o), ts,
			      LTTNG_CTF_PACKET_HEADER_LEN);
		ring_commit(r, o, r->sb_size);
		return o + r->sb_size;
	}
}

uint64_t ust_ring_discarded(const struct ust_ring *r)
{
	return atomic_load_explicit(&r->shm->lost, memory_order_relaxed);
}

uint64_t ust_ring_subbuf_size(const struct ust_ring *r)
{
	return r->sb_size;
}

uint32_t ust_ring_num_subbuf(const struct ust_ring *r)
{
	return r->nsb;
}

int ust_ring_overwrite(const struct ust_ring *r)
{
	return (int)r->overwrite;
}

/* ------------------------------------------------------------------ */
/* Reader                                                              */
/* ------------------------------------------------------------------ */

/*
 * The positions make no sense (an application wrote into the header):
 * restart reading at the sub-buffer being written, the oldest that can
 * still be intact.
 */
static void ring_resync(struct ust_ring *r)
{
	uint64_t w = atomic_load_explicit(&r->shm->write_pos,
					  memory_order_acquire);

	r->rd_pos = w & ~(r->sb_size - 1);
	atomic_store_explicit(&r->shm->consumed, r->rd_pos,
			      memory_order_release);
}

uint64_t ust_ring_read_pos(const struct ust_ring *r)
{
	return r->rd_pos;
}

/* Is a packet ready at the reader's position (no force)? */
static bool ring_ready(struct ust_ring *r)
{
	struct ring_shm *shm = r->shm;
	uint64_t c = r->overwrite ?
		     atomic_load_explicit(&shm->consumed, memory_order_seq_cst) :
		     r->rd_pos;
	uint64_t w = atomic_load_explicit(&shm->write_pos, memory_order_seq_cst);

	if (w - c > r->buf_size)
		return true;		/* corrupt: let the reader see it */
	if (w - c < r->sb_size)
		return false;
	return atomic_load_explicit(&shm->sb[sb_index(r, c)].commit,
				    memory_order_seq_cst) ==
	       sb_complete_count(r, c);
}

int ust_ring_incomplete_below(struct ust_ring *r, uint64_t from,
			      uint64_t pos)
{
	uint64_t c = from & ~(r->sb_size - 1);
	uint32_t n;

	for (n = 0; c < pos && n < r->nsb; c += r->sb_size, n++)
		if (atomic_load_explicit(&r->shm->sb[sb_index(r, c)].commit,
					 memory_order_acquire) !=
		    sb_complete_count(r, c))
			return 1;
	return 0;
}

int ust_ring_arm(struct ust_ring *r)
{
	atomic_store_explicit(&r->shm->wake_armed, 1, memory_order_seq_cst);
	return ring_ready(r);
}

/* Fills the private header of the packet at position c. */
static int pkt_fill(struct ust_ring *r, struct ust_ring_packet *p, uint64_t c,
		    uint64_t ts_begin, uint64_t ts_end, uint64_t content,
		    uint64_t discarded)
{
	struct lttng_ctf_packet_header h;

	p->pos = c;
	/* a packet may be empty (ust_ring_flush_empty) */
	if (content < LTTNG_CTF_PACKET_HEADER_LEN || content > r->sb_size ||
	    ts_end < ts_begin)
		return -EIO;
	h.magic = LTTNG_CTF_PACKET_MAGIC;
	memcpy(h.uuid, r->uuid, sizeof(h.uuid));
	h.stream_id = r->stream_id;
	h.stream_instance_id = r->cpu;
	h.timestamp_begin = ts_begin;
	h.timestamp_end = ts_end;
	p->ts_end = ts_end;
	h.content_size = content * 8;
	h.packet_size = r->sb_size * 8;
	h.packet_seq_num = c >> r->sb_order;
	h.events_discarded = discarded;
	h.cpu_id = r->cpu;
	memcpy(p->header, &h, sizeof(h));
	p->records_len = (size_t)content - LTTNG_CTF_PACKET_HEADER_LEN;
	p->pad_len = (size_t)(r->sb_size - content);
	p->size = (size_t)r->sb_size;
	return 1;
}

/* The sub-buffer at c once it is closed (w - c >= a sub-buffer): its
 * commit count now (cnt) and when complete (want); 0 while it is open. */
static int oldest_closed(struct ust_ring *r, uint64_t c, uint64_t w,
			 struct ring_sb **sb, uint64_t *cnt, uint64_t *want)
{
	if (w - c < r->sb_size)
		return 0;
	*sb = &r->shm->sb[sb_index(r, c)];
	*want = sb_complete_count(r, c);
	*cnt = atomic_load_explicit(&(*sb)->commit, memory_order_acquire);
	return 1;
}

/*
 * The sub-buffer at c is closed but its commit count cnt falls short of
 * want.  Below force_upto its writers died inside: it is counted complete
 * so that the reader skips it (1).  Otherwise writers may still be inside
 * it (0).
 */
static int give_up_stuck(struct ring_sb *sb, uint64_t c, uint64_t cnt,
			 uint64_t want, uint64_t force_upto)
{
	if (c >= force_upto)
		return 0;
	atomic_compare_exchange_strong_explicit(&sb->commit, &cnt, want,
						memory_order_acq_rel,
						memory_order_relaxed);
	return 1;
}

/*
 * Discard mode: only the reader moves "consumed", so it reads from its
 * own position and never trusts the shared one.  Bounded: 64 loops, each
 * returning a packet or skipping one sub-buffer.
 */
static int get_discard(struct ust_ring *r, struct ust_ring_packet *p,
		       uint64_t force_upto)
{
	struct ring_shm *shm = r->shm;
	uint64_t c, w, cnt, want;
	struct ring_sb *sb;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		c = r->rd_pos;
		w = atomic_load_explicit(&shm->write_pos, memory_order_acquire);
		if (w - c > r->buf_size) {
			ring_resync(r);
			return -EIO;
		}
		if (!oldest_closed(r, c, w, &sb, &cnt, &want))
			return 0;	/* the oldest sub-buffer is still open */
		if (cnt != want) {
			if (cnt > want || want - cnt > r->sb_size) {
				ring_resync(r);
				return -EIO;
			}
			if (!give_up_stuck(sb, c, cnt, want, force_upto))
				return 0;	/* writers still inside */
			r->rd_pos = c + r->sb_size;
			atomic_store_explicit(&shm->consumed, r->rd_pos,
					      memory_order_release);
			p->skipped++;
			continue;
		}
		p->records = r->data + (c & (r->buf_size - 1)) +
			     LTTNG_CTF_PACKET_HEADER_LEN;
		p->copied = 0;
		p->write_pos = w;
		if (pkt_fill(r, p, c,
			     atomic_load_explicit(&sb->ts_begin, memory_order_relaxed),
			     atomic_load_explicit(&sb->ts_end, memory_order_relaxed),
			     atomic_load_explicit(&sb->content, memory_order_relaxed),
			     atomic_load_explicit(&sb->discarded, memory_order_relaxed)) < 0) {
			/* a bad packet: dropped, the ring goes on */
			ust_ring_put_packet(r, p);
			return -EIO;
		}
		return 1;
	}
	return 0;
}

/* Overwrite mode: copy, then prove the copy intact by releasing it. */
static int get_overwrite(struct ust_ring *r, struct ust_ring_packet *p,
			 void *buf, size_t len, uint64_t force_upto)
{
	struct ring_shm *shm = r->shm;
	uint64_t c, w, cnt, want, ts_begin, ts_end, content, discarded;
	struct ring_sb *sb;
	int tries;

	if (!buf || len < r->sb_size)
		return -EINVAL;
	for (tries = 0; tries < 64; tries++) {
		c = atomic_load_explicit(&shm->consumed, memory_order_acquire);
		w = atomic_load_explicit(&shm->write_pos, memory_order_acquire);
		if (sb_offset(r, c) || w - c > r->buf_size || c < r->rd_pos) {
			/*
			 * Overwriting writers may have pushed consumed and
			 * moved write_pos between our two loads: only a
			 * consumed that did not move proves a corrupt ring
			 * (w - consumed <= buf_size holds at every instant).
			 */
			if (atomic_load_explicit(&shm->consumed,
						 memory_order_acquire) != c)
				continue;
			ring_resync(r);
			return -EIO;
		}
		if (!oldest_closed(r, c, w, &sb, &cnt, &want))
			return 0;	/* the oldest sub-buffer is still open */
		if (cnt != want) {
			if (atomic_load_explicit(&shm->consumed,
						 memory_order_acquire) != c)
				continue;	/* overwritten meanwhile */
			if (cnt > want) {
				ring_resync(r);
				return -EIO;
			}
			if (!give_up_stuck(sb, c, cnt, want, force_upto))
				return 0;	/* writers still inside */
			if (atomic_compare_exchange_strong_explicit(
				    &shm->consumed, &c, c + r->sb_size,
				    memory_order_acq_rel, memory_order_relaxed)) {
				r->rd_pos = c + r->sb_size;
				p->skipped++;
			}
			continue;
		}
		memcpy(buf, r->data + (c & (r->buf_size - 1)), r->sb_size);
		ts_begin = atomic_load_explicit(&sb->ts_begin, memory_order_relaxed);
		ts_end = atomic_load_explicit(&sb->ts_end, memory_order_relaxed);
		content = atomic_load_explicit(&sb->content, memory_order_relaxed);
		discarded = atomic_load_explicit(&sb->discarded,
						 memory_order_relaxed);
		/* release: the copy above is done before writers may reuse it */
		if (!atomic_compare_exchange_strong_explicit(
			    &shm->consumed, &c, c + r->sb_size,
			    memory_order_acq_rel, memory_order_acquire))
			continue;	/* overwritten while copying: retry */
		r->rd_pos = c + r->sb_size;
		/* from here on, only our private copy is looked at */
		p->records = (char *)buf + LTTNG_CTF_PACKET_HEADER_LEN;
		p->copied = 1;
		return pkt_fill(r, p, c, ts_begin, ts_end, content, discarded);
	}
	return 0;	/* the writers keep overwriting: try again later */
}

int ust_ring_get_packet(struct ust_ring *r, struct ust_ring_packet *p,
			void *buf, size_t len, uint64_t force_upto)
{
	p->skipped = 0;
	if (r->overwrite)
		return get_overwrite(r, p, buf, len, force_upto);
	return get_discard(r, p, force_upto);
}

void ust_ring_put_packet(struct ust_ring *r, struct ust_ring_packet *p)
{
	if (p->copied || p->pos != r->rd_pos)
		return;		/* released by get already */
	r->rd_pos = p->pos + r->sb_size;
	/* release: our reads of the records are done before writers reuse it */
	atomic_store_explicit(&r->shm->consumed, r->rd_pos,
			      memory_order_release);
}

ssize_t ust_ring_read_packet(struct ust_ring *r, void *buf, size_t len,
			     int force)
{
	struct ust_ring_packet p;
	int ret;

	if (!buf || len < r->sb_size)
		return -EINVAL;
	ret = ust_ring_get_packet(r, &p, buf, len, force ? UINT64_MAX : 0);
	if (ret <= 0)
		return ret;
	if (!p.copied)
		memcpy((char *)buf + LTTNG_CTF_PACKET_HEADER_LEN, p.records,
		       p.records_len);
	memcpy(buf, p.header, LTTNG_CTF_PACKET_HEADER_LEN);
	memset((char *)buf + LTTNG_CTF_PACKET_HEADER_LEN + p.records_len, 0,
	       p.pad_len);
	ust_ring_put_packet(r, &p);
	return (ssize_t)p.size;
}

/* ------------------------------------------------------------------ */
/* Snapshot reader                                                     */
/* ------------------------------------------------------------------ */

/*
 * A snapshot copies packets out without consuming them, while writers go
 * on.  Only sub-buffers between "consumed" and the last boundary of
 * write_pos hold complete packets.  A writer reuses the sub-buffer of
 * position p only after pushing "consumed" past p (overwrite mode; in
 * discard mode nobody moves it in a session without a reader), so a copy
 * followed by a load of "consumed" still <= p is intact: the seqlock
 * pattern, the fence ordering the copy's loads before that check.
 */
int ust_ring_snapshot_sample(struct ust_ring *r, uint64_t *from,
			     uint64_t *to)
{
	uint64_t c, w;

	ust_ring_flush(r);
	w = atomic_load_explicit(&r->shm->write_pos, memory_order_acquire);
	c = atomic_load_explicit(&r->shm->consumed, memory_order_acquire);
	w &= ~(r->sb_size - 1);
	c &= ~(r->sb_size - 1);
	/* whatever the shared memory says, at most one ring's worth */
	if (w - c > r->buf_size)
		c = w - r->buf_size;
	*from = c;
	*to = w;
	return 0;
}

int ust_ring_snapshot_copy(struct ust_ring *r, uint64_t pos, void *buf,
			   size_t len)
{
	struct ring_shm *shm = r->shm;
	struct ring_sb *sb = &shm->sb[sb_index(r, pos)];
	uint64_t want = sb_complete_count(r, pos), cnt = 0;
	uint64_t ts_begin, ts_end, content, discarded;
	struct ust_ring_packet p;
	int tries, ret;

	if (!buf || len < r->sb_size || sb_offset(r, pos))
		return -EINVAL;
	/* a writer still inside (the flush closed it under its feet):
	 * give it a moment */
	for (tries = 0; tries < 1000; tries++) {
		cnt = atomic_load_explicit(&sb->commit, memory_order_acquire);
		if (cnt >= want)
			break;
		if (atomic_load_explicit(&shm->consumed,
					 memory_order_acquire) > pos)
			return 0;	/* overwritten meanwhile */
		if (tries > 10) {
			struct timespec ts = { 0, 1000 };

			nanosleep(&ts, NULL);
		}
	}
	if (cnt < want)
		return -ENODATA;
	if (cnt > want)
		return 0;		/* a later lap: overwritten */
	memcpy(buf, r->data + (pos & (r->buf_size - 1)), r->sb_size);
	ts_begin = atomic_load_explicit(&sb->ts_begin, memory_order_relaxed);
	ts_end = atomic_load_explicit(&sb->ts_end, memory_order_relaxed);
	content = atomic_load_explicit(&sb->content, memory_order_relaxed);
	discarded = atomic_load_explicit(&sb->discarded, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&shm->consumed, memory_order_seq_cst) > pos ||
	    atomic_load_explicit(&sb->commit, memory_order_relaxed) != want)
		return 0;		/* overwritten while copying */
	/* from here on, only our private copy is looked at */
	ret = pkt_fill(r, &p, pos, ts_begin, ts_end, content, discarded);
	if (ret < 0)
		return ret;
	memcpy(buf, p.header, LTTNG_CTF_PACKET_HEADER_LEN);
	memset((char *)buf + LTTNG_CTF_PACKET_HEADER_LEN + p.records_len, 0,
	       p.pad_len);
	return (int)p.size;
}
