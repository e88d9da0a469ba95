// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-ring.c - unit tests of the shared-memory ring (userspace/common/
 * ust-ring.c), TAP.
 *
 * Every record written by these tests carries its own description in its
 * payload: payload length, writer (process, thread), sequence number and
 * the timestamp the ring gave it.  The reader side decodes packets the way
 * a CTF reader does (packet header, compact/extended event headers with
 * the 27-bit timestamp reconstruction) and checks every record against
 * its payload.
 *
 *  - single thread: records read back and decoded, compact and extended
 *    headers (ids above 30, gaps longer than 2^27 ns);
 *  - flush of a partial sub-buffer; empty flush does nothing;
 *  - N processes x T threads x M records on one ring, a concurrent
 *    reader: every record read exactly once or counted discarded,
 *    timestamps non-decreasing, decoded timestamps exact;
 *  - overwrite mode keeps the newest records;
 *  - one sub-buffer (discard mode only): writers discard until the
 *    reader releases it, then go on;
 *  - snapshot reads (no consuming): the newest records, twice the same;
 *    a packet the writers overwrite after the sample is reported
 *    overwritten, never returned with mixed contents;
 *  - a writer that dies inside a record: read with force skips it; with
 *    live writers around, force_upto skips only what is below it;
 *  - zero-copy reads; a rewound "consumed" does not make the reader go
 *    back; an armed reader is woken once per completed sub-buffer;
 *  - corrupt shared memory (random bytes anywhere): the reader never
 *    crashes or reads out of bounds (run under ASan), a mapped ring with
 *    a bad header is refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ust-ring.h"
#include "tap.h"
#include "rnd.h"

#define PKT_HDR_LEN	84

struct rec_payload {
	uint16_t len;		/* whole payload */
	uint32_t writer;
	uint32_t seq;
	uint64_t ts;
} __attribute__((packed));

static int write_rec(struct ust_ring *r, uint32_t id, uint32_t writer,
		     uint32_t seq, size_t extra)
{
	struct ust_ring_ctx ctx = { .ring = r, .event_id = id };
	struct rec_payload p;
	int ret;

	ctx.payload_len = sizeof(p) + extra;
	ret = ust_ring_reserve(&ctx);
	if (ret)
		return ret;
	p.len = (uint16_t)ctx.payload_len;
	p.writer = writer;
	p.seq = seq;
	p.ts = ctx.timestamp;
	memcpy(ctx.payload, &p, sizeof(p));
	memset(ctx.payload + sizeof(p), 0xab, extra);
	ust_ring_commit(&ctx);
	return 0;
}

/* A writer's reservation of one record left open: committed later, or never. */
static int reserve_open(struct ust_ring_ctx *c, struct ust_ring *r, uint32_t id)
{
	memset(c, 0, sizeof(*c));
	c->ring = r;
	c->event_id = id;
	c->payload_len = sizeof(struct rec_payload);
	return ust_ring_reserve(c);
}

/* ------------------------------------------------------------------ */
/* Packet decoder (what a CTF reader does)                             */
/* ------------------------------------------------------------------ */

struct pkt {
	uint32_t magic;
	uint8_t uuid[16];
	uint32_t stream_id;
	uint64_t instance;
	uint64_t ts_begin, ts_end, content, size, seq, discarded;
	uint32_t cpu;
} __attribute__((packed));

struct decoder {
	uint64_t last_ts;	/* across packets: non-decreasing */
	uint64_t nrec, ncompact, nextended;
	uint64_t last_seq;
	int have_seq;
	int errors;
	/* seen[writer][seq] */
	uint8_t *seen;
	uint32_t nwriters, nseq;
	uint32_t dup;
	char err[256];
};

static void dec_err(struct decoder *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void dec_err(struct decoder *d, const char *fmt, ...)
{
	va_list ap;

	if (!d->errors++) {
		va_start(ap, fmt);
		vsnprintf(d->err, sizeof(d->err), fmt, ap);
		va_end(ap);
	}
}

static void decode_packet(struct decoder *d, const uint8_t *buf, size_t len,
			  const struct ust_ring_attr *attr)
{
	struct pkt h;
	uint64_t cur, pos, end;
	const uint64_t mask = (1ULL << 27) - 1;

	memcpy(&h, buf, sizeof(h));
	if (h.magic != 0xC1FC1FC1U || memcmp(h.uuid, attr->uuid, 16) ||
	    h.stream_id != attr->stream_id || h.instance != attr->cpu ||
	    h.cpu != attr->cpu || h.size != len * 8 || h.content > h.size ||
	    h.content % 8 || h.ts_end < h.ts_begin) {
		dec_err(d, "bad packet header");
		return;
	}
	if (d->have_seq && h.seq <= d->last_seq)
		dec_err(d, "packet seq %" PRIu64 " after %" PRIu64, h.seq,
			d->last_seq);
	d->have_seq = 1;
	d->last_seq = h.seq;
	if (h.ts_begin < d->last_ts)
		dec_err(d, "packet begins before the previous record");
	cur = h.ts_begin;
	pos = PKT_HDR_LEN;
	end = h.content / 8;
	while (pos < end) {
		struct rec_payload p;
		uint32_t id;
		uint64_t ts;

		if (end - pos < 4) {
			dec_err(d, "truncated header");
			return;
		}
		if ((buf[pos] & 0x1f) == 31) {
			if (end - pos < 13) {
				dec_err(d, "truncated extended header");
				return;
			}
			memcpy(&id, buf + pos + 1, 4);
			memcpy(&ts, buf + pos + 5, 8);
			pos += 13;
			d->nextended++;
		} else {
			uint32_t w, low;

			memcpy(&w, buf + pos, 4);
			id = w & 0x1f;
			low = w >> 5;
			ts = (cur & ~mask) | low;
			if (low < (cur & mask))
				ts += mask + 1;
			pos += 4;
			d->ncompact++;
		}
		if (end - pos < sizeof(p)) {
			dec_err(d, "truncated payload");
			return;
		}
		memcpy(&p, buf + pos, sizeof(p));
		if (p.len < sizeof(p) || p.len > end - pos) {
			dec_err(d, "bad payload length %u", p.len);
			return;
		}
		pos += p.len;
		if (ts != p.ts)
			dec_err(d, "record %u/%u id %u: decoded ts %" PRIu64
				" != %" PRIu64, p.writer, p.seq, id, ts, p.ts);
		if (id != p.seq % 40)
			dec_err(d, "record %u/%u: id %u", p.writer, p.seq, id);
		if (ts < cur)
			dec_err(d, "time goes backwards");
		if (ts < h.ts_begin || ts > h.ts_end)
			dec_err(d, "record outside its packet's time range");
		cur = ts;
		d->last_ts = ts;
		d->nrec++;
		if (d->seen) {
			if (p.writer >= d->nwriters || p.seq >= d->nseq) {
				dec_err(d, "unknown record %u/%u", p.writer,
					p.seq);
			} else if (d->seen[(size_t)p.writer * d->nseq + p.seq]++) {
				d->dup++;
			}
		}
	}
	for (; pos < len; pos++)
		if (buf[pos]) {
			dec_err(d, "padding not zero");
			return;
		}
}

static void attr_init(struct ust_ring_attr *a, uint64_t sb, uint32_t n,
		      int overwrite)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->subbuf_size = sb;
	a->num_subbuf = n;
	a->overwrite = overwrite;
	a->stream_id = 3;
	a->cpu = 5;
	for (i = 0; i < 16; i++)
		a->uuid[i] = (uint8_t)(i * 7 + 1);
}

/* An overwrite ring of 4 x 4 KiB (ok DESC) that 2000 records (ids 0..39,
 * writer 0, seq 0..1999) went round several times. */
static struct ust_ring *overwritten_ring(struct ust_ring_attr *a,
					 const char *desc)
{
	struct ust_ring *r = NULL;
	uint32_t i;
	int fd;

	attr_init(a, 4096, 4, 1);
	ok(ust_ring_create(a, &fd) == 0 && ust_ring_map(fd, &r) == 0, "%s",
	   desc);
	close(fd);
	for (i = 0; i < 2000; i++)
		write_rec(r, i % 40, 0, i, 8);
	return r;
}

static int drain(struct ust_ring *r, struct decoder *d,
		 const struct ust_ring_attr *a, int force)
{
	size_t len = ust_ring_subbuf_size(r);
	uint8_t *buf = malloc(len);
	ssize_t n;
	int packets = 0;

	while ((n = ust_ring_read_packet(r, buf, len, force)) > 0) {
		decode_packet(d, buf, (size_t)n, a);
		packets++;
	}
	if (n < 0)
		dec_err(d, "read_packet: %zd", n);
	free(buf);
	return packets;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void test_create_map(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	int fd;

	attr_init(&a, 1000, 4, 0);
	ok(ust_ring_create(&a, &fd) == -EINVAL, "create: sub-buffer size not a power of two refused");
	attr_init(&a, 4096, 3, 0);
	ok(ust_ring_create(&a, &fd) == -EINVAL, "create: 3 sub-buffers refused");
	attr_init(&a, 4096, 1, 1);
	ok(ust_ring_create(&a, &fd) == -EINVAL, "create: 1 sub-buffer refused in overwrite mode");
	attr_init(&a, 4096, 4, 0);
	ok(ust_ring_create(&a, &fd) == 0, "create 4 x 4 KiB");
	ok(ftruncate(fd, 1 << 20) < 0, "the memfd cannot grow (sealed)");
	ok(ftruncate(fd, 4096) < 0, "the memfd cannot shrink (sealed)");
	ok(ust_ring_map(fd, &r) == 0, "map it");
	ok(ust_ring_subbuf_size(r) == 4096, "sub-buffer size");
	ust_ring_unmap(r);
	close(fd);

	/* a file that is not a sealed memfd */
	{
		char path[] = "/tmp/ust-ring-testXXXXXX";
		int f = mkstemp(path);

		ok(f >= 0 && ftruncate(f, 65536) == 0 &&
		   ust_ring_map(f, &r) == -EINVAL,
		   "an unsealed file is refused");
		unlink(path);
		close(f);
	}
}

static void test_single(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	uint32_t i, nw = 0, lost = 0;
	int fd, packets;
	struct timespec gap = { 0, 150 * 1000 * 1000 };	/* > 2^27 ns */

	attr_init(&a, 4096, 8, 0);
	ok(ust_ring_create(&a, &fd) == 0 && ust_ring_map(fd, &r) == 0,
	   "single: ring 8 x 4 KiB");
	close(fd);
	{
		uint8_t b[4096];

		ok(ust_ring_read_packet(r, b, sizeof(b), 0) == 0,
		   "empty ring: no packet");
		ust_ring_flush(r);
		ok(ust_ring_read_packet(r, b, sizeof(b), 0) == 0,
		   "flush of an empty ring makes no packet");
		ok(ust_ring_read_packet(r, b, 100, 0) == -EINVAL,
		   "read into a short buffer refused");
	}
	for (i = 0; i < 200; i++) {
		if (i == 100)
			nanosleep(&gap, NULL);
		if (write_rec(r, i % 40, 0, i, i % 13))
			lost++;
		else
			nw++;
	}
	ok(nw == 200 && lost == 0, "200 records reserved");
	{
		struct ust_ring_ctx c = { .ring = r, .payload_len = 4096 };

		ok(ust_ring_reserve(&c) == -EINVAL,
		   "a record larger than a sub-buffer: -EINVAL");
	}
	d.nwriters = 1;
	d.nseq = 200;
	d.seen = calloc(200, 1);
	packets = drain(r, &d, &a, 0);
	ust_ring_flush(r);
	packets += drain(r, &d, &a, 0);
	ok(d.errors == 0, "single: decoded without error%s%s",
	   d.errors ? ": " : "", d.err);
	ok(d.nrec == 200 && d.dup == 0, "single: 200 records read once (%" PRIu64 ")",
	   d.nrec);
	ok(packets >= 2, "single: %d packets", packets);
	ok(d.ncompact > 0 && d.nextended > 0,
	   "single: compact (%" PRIu64 ") and extended (%" PRIu64 ") headers",
	   d.ncompact, d.nextended);
	/* ids 31..39 are extended: 9 per 40, plus the one after the gap */
	ok(d.nextended >= 45 + 1, "single: ids > 30 and the long gap use extended headers");
	ok(ust_ring_discarded(r) == 1, "single: the oversized record counted discarded");
	free(d.seen);
	ust_ring_unmap(r);
}

static void test_flush_partial(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	uint8_t buf[8192];
	struct pkt h;
	ssize_t n;
	int fd;

	attr_init(&a, 8192, 2, 0);
	ok(ust_ring_create(&a, &fd) == 0 && ust_ring_map(fd, &r) == 0,
	   "flush: ring 2 x 8 KiB");
	close(fd);
	write_rec(r, 1, 0, 1, 0);
	write_rec(r, 2, 0, 2, 0);
	write_rec(r, 3, 0, 3, 0);
	ok(ust_ring_read_packet(r, buf, sizeof(buf), 0) == 0,
	   "flush: nothing readable before the flush");
	ust_ring_flush(r);
	n = ust_ring_read_packet(r, buf, sizeof(buf), 0);
	ok(n == 8192, "flush: one packet after the flush (%zd)", n);
	memcpy(&h, buf, sizeof(h));
	ok(h.content == (84 + 3 * (4 + sizeof(struct rec_payload))) * 8,
	   "flush: content_size %" PRIu64 " bits", h.content);
	ok(h.seq == 0 && h.discarded == 0, "flush: seq 0, no discard");
	d.last_ts = 0;
	decode_packet(&d, buf, (size_t)n, &a);
	ok(d.errors == 0 && d.nrec == 3, "flush: 3 records decoded%s%s",
	   d.errors ? ": " : "", d.err);
	write_rec(r, 4, 0, 4, 0);
	ust_ring_flush(r);
	n = ust_ring_read_packet(r, buf, sizeof(buf), 0);
	memcpy(&h, buf, sizeof(h));
	ok(n == 8192 && h.seq == 1, "flush: next packet seq 1");
	ust_ring_unmap(r);
}

/* --- concurrency ---------------------------------------------------- */

#define MP_PROCS	3
#define MP_THREADS	3
#define MP_RECS		20000

struct mp_thread {
	struct ust_ring *r;
	uint32_t writer;
	uint32_t lost;
};

static void *mp_writer(void *arg)
{
	struct mp_thread *t = arg;
	uint32_t i;

	for (i = 0; i < MP_RECS; i++) {
		if (write_rec(t->r, i % 40, t->writer, i, (i * 7) % 23))
			t->lost++;
		if (!(i % 1024))
			sched_yield();
	}
	return NULL;
}

/* A writer process: T threads; exit status = 0, lost counts in a pipe. */
static void mp_child(int fd, uint32_t proc, int out)
{
	struct mp_thread t[MP_THREADS];
	pthread_t th[MP_THREADS];
	struct ust_ring *r;
	uint32_t lost = 0;
	int i;

	if (ust_ring_map(fd, &r))
		_exit(2);
	for (i = 0; i < MP_THREADS; i++) {
		t[i].r = r;
		t[i].writer = proc * MP_THREADS + (uint32_t)i;
		t[i].lost = 0;
		pthread_create(&th[i], NULL, mp_writer, &t[i]);
	}
	for (i = 0; i < MP_THREADS; i++) {
		pthread_join(th[i], NULL);
		lost += t[i].lost;
	}
	if (write(out, &lost, sizeof(lost)) != sizeof(lost))
		_exit(3);
	_exit(0);
}

static void test_multi(int overwrite)
{
	const uint32_t nw = MP_PROCS * MP_THREADS;
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	pid_t pids[MP_PROCS];
	uint32_t lost = 0, l;
	uint64_t missing = 0, i;
	int fd, p[2], status, alive, bad = 0;
	const char *mode = overwrite ? "overwrite" : "discard";

	attr_init(&a, 16384, 4, overwrite);
	if (ust_ring_create(&a, &fd) || ust_ring_map(fd, &r) || pipe(p)) {
		ok(0, "multi-process %s: setup", mode);
		return;
	}
	d.nwriters = nw;
	d.nseq = MP_RECS;
	d.seen = calloc((size_t)nw * MP_RECS, 1);
	for (i = 0; i < MP_PROCS; i++) {
		pids[i] = fork();
		if (!pids[i])
			mp_child(fd, (uint32_t)i, p[1]);
	}
	/* read concurrently while they write */
	alive = MP_PROCS;
	while (alive) {
		drain(r, &d, &a, 0);
		if (waitpid(-1, &status, WNOHANG) > 0) {
			alive--;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				bad++;
		} else {
			usleep(200);
		}
	}
	for (i = 0; i < MP_PROCS; i++)
		if (read(p[0], &l, sizeof(l)) == sizeof(l))
			lost += l;
	drain(r, &d, &a, 0);
	ust_ring_flush(r);
	drain(r, &d, &a, 0);
	for (i = 0; i < (uint64_t)nw * MP_RECS; i++)
		if (!d.seen[i])
			missing++;
	ok(!bad, "multi-process %s: %u writer processes x %u threads exited well",
	   mode, MP_PROCS, MP_THREADS);
	ok(d.errors == 0, "multi-process %s: all packets decode, timestamps exact and non-decreasing%s%s",
	   mode, d.errors ? ": " : "", d.err);
	ok(d.dup == 0, "multi-process %s: no record read twice", mode);
	if (!overwrite) {
		ok(missing == lost && lost == ust_ring_discarded(r),
		   "discard: %" PRIu64 " read + %u discarded = %u written (ring says %" PRIu64 " discarded)",
		   d.nrec, lost, nw * MP_RECS, ust_ring_discarded(r));
	} else {
		ok(lost == ust_ring_discarded(r) && d.nrec + missing == (uint64_t)nw * MP_RECS,
		   "overwrite: %" PRIu64 " read, %" PRIu64 " overwritten or discarded of %u",
		   d.nrec, missing, nw * MP_RECS);
	}
	diag("%s: %" PRIu64 " records read (%" PRIu64 " compact, %" PRIu64 " extended headers), %u discarded",
	     mode, d.nrec, d.ncompact, d.nextended, lost);
	free(d.seen);
	close(p[0]);
	close(p[1]);
	close(fd);
	ust_ring_unmap(r);
}

static void test_overwrite_newest(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	uint32_t i, first = UINT32_MAX;
	uint8_t buf[4096];
	ssize_t n;
	int packets = 0;

	r = overwritten_ring(&a, "overwrite: ring 4 x 4 KiB");
	ok(ust_ring_discarded(r) == 0, "overwrite: nothing discarded");
	ust_ring_flush(r);
	d.nwriters = 1;
	d.nseq = 2000;
	d.seen = calloc(2000, 1);
	while ((n = ust_ring_read_packet(r, buf, sizeof(buf), 0)) > 0) {
		decode_packet(&d, buf, (size_t)n, &a);
		packets++;
	}
	for (i = 0; i < 2000; i++)
		if (d.seen[i] && first == UINT32_MAX)
			first = i;
	ok(d.errors == 0 && packets == 4, "overwrite: 4 packets, decoded%s%s",
	   d.errors ? ": " : "", d.err);
	for (i = first; i < 2000 && d.seen[i]; i++)
		;
	ok(first > 1500 && i == 2000,
	   "overwrite: the newest records are kept, contiguous (%u..1999)",
	   first);
	free(d.seen);
	ust_ring_unmap(r);
}

/* One sub-buffer: discard mode only. */
static void test_one_subbuf(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	uint8_t buf[4096];
	uint32_t i, written = 0;
	int fd, packets = 0;
	ssize_t n;

	attr_init(&a, 4096, 1, 1);
	ok(ust_ring_create(&a, &fd) == -EINVAL,
	   "one sub-buffer: refused in overwrite mode");
	attr_init(&a, 4096, 1, 0);
	ok(ust_ring_create(&a, &fd) == 0 && ust_ring_map(fd, &r) == 0,
	   "one sub-buffer: 1 x 4 KiB in discard mode");
	close(fd);
	d.nwriters = 1;
	d.nseq = 1000;
	d.seen = calloc(1000, 1);
	for (i = 0; i < 1000; i++) {
		written += write_rec(r, i % 40, 0, i, 8) == 0;
		if (i == 499)	/* the reader comes by once, half way */
			while ((n = ust_ring_read_packet(r, buf, sizeof(buf), 0)) > 0) {
				decode_packet(&d, buf, (size_t)n, &a);
				packets++;
			}
	}
	ust_ring_flush(r);
	while ((n = ust_ring_read_packet(r, buf, sizeof(buf), 0)) > 0) {
		decode_packet(&d, buf, (size_t)n, &a);
		packets++;
	}
	ok(packets == 2 && d.errors == 0 && d.nrec == written &&
	   written + ust_ring_discarded(r) == 1000,
	   "one sub-buffer: 2 packets, %u records read, %" PRIu64
	   " discarded while full%s%s", written, ust_ring_discarded(r),
	   d.errors ? ": " : "", d.err);
	free(d.seen);
	ust_ring_unmap(r);
}

/* Snapshot reads: copy without consuming, overwritten packets left out. */
static void test_snapshot(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	uint8_t buf[4096];
	uint64_t from, to, from2, to2, p;
	uint32_t i, first = UINT32_MAX;
	int packets = 0, ret, bad = 0;

	r = overwritten_ring(&a, "snapshot: overwrite ring 4 x 4 KiB");
	ust_ring_snapshot_sample(r, &from, &to);
	ok(to - from == 4 * 4096 && to % 4096 == 0,
	   "snapshot: the sample spans the whole ring (%" PRIu64 " bytes)",
	   to - from);
	d.nwriters = 1;
	d.nseq = 2000;
	d.seen = calloc(2000, 1);
	for (p = from; p != to; p += 4096) {
		ret = ust_ring_snapshot_copy(r, p, buf, sizeof(buf));
		if (ret != 4096) {
			bad++;
			continue;
		}
		decode_packet(&d, buf, (size_t)ret, &a);
		packets++;
	}
	for (i = 0; i < 2000; i++)
		if (d.seen[i] && first == UINT32_MAX)
			first = i;
	for (i = first; i < 2000 && d.seen[i] == 1; i++)
		;
	ok(!bad && packets == 4 && d.errors == 0 && first > 1500 && i == 2000,
	   "snapshot: 4 packets, the newest records %u..1999, decoded%s%s",
	   first, d.errors ? ": " : "", d.err);
	/* nothing was consumed: the same positions again */
	ust_ring_snapshot_sample(r, &from2, &to2);
	ok(from2 == from && to2 == to, "snapshot: a second sample is the same");
	/* the writers go on past the sample: its two oldest are reused */
	for (i = 0; i < 200; i++)
		write_rec(r, i % 40, 0, 2000 + i, 8);
	ok(ust_ring_snapshot_copy(r, from, buf, sizeof(buf)) == 0 &&
	   ust_ring_snapshot_copy(r, from + 4096, buf, sizeof(buf)) == 0,
	   "snapshot: packets overwritten after the sample are left out");
	ok(ust_ring_snapshot_copy(r, to - 4096, buf, sizeof(buf)) == 4096,
	   "snapshot: the newest packet of the sample is still there");
	ok(ust_ring_snapshot_copy(r, 1, buf, sizeof(buf)) == -EINVAL,
	   "snapshot: a position off a sub-buffer boundary is refused");
	free(d.seen);
	ust_ring_unmap(r);
}

static void test_dead_writer(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct decoder d = { 0 };
	struct ust_ring_ctx c;
	uint8_t buf[4096];
	int fd, i;
	ssize_t n;
	struct pkt h;

	attr_init(&a, 4096, 4, 0);
	ok(ust_ring_create(&a, &fd) == 0 && ust_ring_map(fd, &r) == 0,
	   "dead writer: ring");
	close(fd);
	write_rec(r, 1, 0, 0, 0);
	ok(reserve_open(&c, r, 1) == 0, "dead writer: reserved, never committed");
	ust_ring_flush(r);
	ok(ust_ring_read_packet(r, buf, sizeof(buf), 0) == 0,
	   "dead writer: the incomplete packet is not read without force");
	ok(ust_ring_read_packet(r, buf, sizeof(buf), 1) == 0,
	   "dead writer: force skips it");
	for (i = 1; i < 4; i++)
		write_rec(r, (uint32_t)i, 0, (uint32_t)i, 0);
	ust_ring_flush(r);
	n = ust_ring_read_packet(r, buf, sizeof(buf), 0);
	memcpy(&h, buf, sizeof(h));
	ok(n == 4096 && h.seq == 1, "dead writer: the ring goes on (next packet, seq 1)");
	decode_packet(&d, buf, (size_t)n, &a);
	ok(d.errors == 0 && d.nrec == 3, "dead writer: its records decode");
	ust_ring_unmap(r);
}

/*
 * A dead writer next to live ones: force_upto (the flush position, once
 * the live writers went through a grace period) skips the dead one's
 * sub-buffer only; a live writer's open reservation above it is waited
 * for, not skipped.
 */
static void test_dead_with_live(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r;
	struct ust_ring_packet p;
	struct ust_ring_ctx dead, live;
	uint8_t buf[4096];
	uint64_t upto;
	int fd, got, skipped = 0, i;

	attr_init(&a, 4096, 4, 0);
	if (ust_ring_create(&a, &fd) || ust_ring_map(fd, &r)) {
		ok(0, "dead with live: ring");
		return;
	}
	close(fd);
	write_rec(r, 1, 1, 0, 0);
	reserve_open(&dead, r, 2);		/* never committed */
	write_rec(r, 1, 1, 1, 0);
	upto = ust_ring_flush(r);		/* then SYNC, then: */
	reserve_open(&live, r, 3);		/* a live one, above upto */
	got = ust_ring_get_packet(r, &p, NULL, 0, 0);
	ok(got == 0 && upto == 4096, "dead with live: nothing readable without force (flush at %llu)",
	   (unsigned long long)upto);
	ok(ust_ring_incomplete_below(r, 0, upto) == 1,
	   "dead with live: an incomplete sub-buffer below the flush position is seen");
	got = ust_ring_get_packet(r, &p, NULL, 0, upto);
	skipped = (int)p.skipped;
	ok(got == 0 && skipped == 1 && ust_ring_read_pos(r) == upto,
	   "dead with live: force_upto skips the dead writer's sub-buffer only (%d, skipped %d)",
	   got, skipped);
	ust_ring_flush(r);
	got = ust_ring_get_packet(r, &p, NULL, 0, upto);
	ok(got == 0, "dead with live: the live writer's sub-buffer is waited for");
	ust_ring_commit(&live);
	for (i = 0; i < 2; i++)
		write_rec(r, 1, 1, (uint32_t)(2 + i), 0);
	upto = ust_ring_flush(r);
	ok(ust_ring_incomplete_below(r, ust_ring_read_pos(r), upto) == 0,
	   "dead with live: every writer out: nothing incomplete below the flush");
	got = (int)ust_ring_read_packet(r, buf, sizeof(buf), 0);
	ok(got == 4096 && ust_ring_discarded(r) == 0,
	   "dead with live: then read, and the ring goes on");
	ust_ring_unmap(r);
}

/*
 * Zero-copy reads and the reader's own position: an application writing
 * "consumed" cannot make the reader go back or loop.
 */
static void test_reader_position(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r, *w;
	struct ust_ring_packet p;
	struct stat st;
	uint8_t *map;
	uint64_t consumed_off;
	int fd, i, got, packets = 0;

	attr_init(&a, 4096, 4, 0);
	if (ust_ring_create(&a, &fd) || ust_ring_map(fd, &r) ||
	    ust_ring_map(fd, &w) || fstat(fd, &st)) {
		ok(0, "reader position: ring");
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, fd, 0);
	close(fd);
	for (i = 0; i < 200; i++)
		write_rec(w, 1, 2, (uint32_t)i, 0);
	ust_ring_flush(w);
	got = ust_ring_get_packet(r, &p, NULL, 0, 0);
	ok(got == 1 && p.size == 4096 && p.records_len + 84 + p.pad_len == 4096 &&
	   !memcmp(p.header, "\xc1\x1f\xfc\xc1", 4),
	   "reader position: a packet straight from the shared memory, header built privately");
	ust_ring_put_packet(r, &p);
	/* the application puts "consumed" back to 0, again and again */
	consumed_off = 0;
	for (i = 0; i < (int)st.st_size - 8; i += 8) {
		uint64_t v;

		memcpy(&v, map + i, 8);
		if (v == 4096 && i >= 64) {
			consumed_off = (uint64_t)i;
			break;
		}
	}
	for (i = 0; i < 20; i++) {
		uint64_t zero = 0;

		if (consumed_off)
			memcpy(map + consumed_off, &zero, 8);
		got = ust_ring_get_packet(r, &p, NULL, 0, 0);
		if (got != 1)
			break;
		ust_ring_put_packet(r, &p);
		packets++;
	}
	ok(consumed_off && packets <= 3 && ust_ring_read_pos(r) >= 4096,
	   "reader position: a rewound \"consumed\" does not make it read again (%d more packets)",
	   packets);
	munmap(map, (size_t)st.st_size);
	ust_ring_unmap(w);
	ust_ring_unmap(r);
}

/* Writers wake an armed reader once per completed sub-buffer. */
static void test_wakeup(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r, *w;
	char b[16];
	int fd, sv[2], i, wakes = 0, ready;

	attr_init(&a, 4096, 4, 0);
	if (ust_ring_create(&a, &fd) || ust_ring_map(fd, &r) ||
	    ust_ring_map(fd, &w) ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv)) {
		ok(0, "wakeup: ring");
		return;
	}
	close(fd);
	ust_ring_set_wakeup(w, sv[1]);
	/* not armed: a completed sub-buffer sends nothing */
	for (i = 0; i < 200; i++)
		write_rec(w, 1, 3, (uint32_t)i, 0);
	ok(recv(sv[0], b, sizeof(b), MSG_DONTWAIT) < 0 && errno == EAGAIN,
	   "wakeup: nothing sent while the reader did not ask");
	ready = ust_ring_arm(r);
	ok(ready == 1, "wakeup: arming says a packet is ready already");
	while (ust_ring_read_packet(r, (uint8_t[4096]){ 0 }, 4096, 0) > 0)
		;
	ready = ust_ring_arm(r);
	for (i = 0; i < 400; i++)
		write_rec(w, 1, 3, (uint32_t)i, 0);
	while (recv(sv[0], b, sizeof(b), MSG_DONTWAIT) == 1)
		wakes++;
	ok(ready == 0 && wakes == 1,
	   "wakeup: armed, one byte for the sub-buffers completed (%d)", wakes);
	ust_ring_unmap(w);	/* closes sv[1] */
	ust_ring_unmap(r);
	close(sv[0]);
}

static void test_corrupt(void)
{
	struct ust_ring_attr a;
	struct ust_ring *r, *r2;
	struct stat st;
	uint8_t *map, *buf;
	int fd, round, crashes = 0, ok_reads = 0, eio = 0;
	uint32_t i;

	attr_init(&a, 4096, 4, 0);
	if (ust_ring_create(&a, &fd) || ust_ring_map(fd, &r) || fstat(fd, &st)) {
		ok(0, "corrupt: setup");
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   fd, 0);
	buf = malloc(4096);
	for (round = 0; round < 3000; round++) {
		uint32_t nb = 1 + rnd() % 16;
		ssize_t n;

		for (i = 0; i < 20; i++)
			write_rec(r, i % 40, 0, i, rnd() % 50);
		/* random bytes: mostly in the header page, some in the data */
		for (i = 0; i < nb; i++) {
			size_t off = rnd() % 2 ? rnd() % 4096 :
				     rnd() % (size_t)st.st_size;

			map[off] = (uint8_t)rnd();
			if (rnd() % 4 == 0) {	/* whole 64-bit words too */
				uint64_t v = rnd() % 3 ? rnd() : rnd() % 65536;

				memcpy(map + (off & ~7UL), &v, 8);
			}
		}
		if (round % 3 == 0)
			ust_ring_flush(r);
		for (i = 0; i < 8; i++) {
			n = ust_ring_read_packet(r, buf, 4096, (int)(rnd() % 2));
			if (n == 4096)
				ok_reads++;
			else if (n == -EIO)
				eio++;
			else if (n != 0)
				crashes++;
			if (n <= 0)
				break;
		}
	}
	ok(crashes == 0, "corrupt: 3000 rounds of random bytes: reader safe (%d packets, %d -EIO)",
	   ok_reads, eio);
	/* a corrupt header is refused at map time */
	memset(map, 0x5a, 64);
	ok(ust_ring_map(fd, &r2) == -EINVAL, "corrupt: a ring with a bad header is refused");
	munmap(map, (size_t)st.st_size);
	free(buf);
	ust_ring_unmap(r);
	close(fd);
}

int main(void)
{
	test_create_map();
	test_single();
	test_flush_partial();
	test_multi(0);
	test_multi(1);
	test_overwrite_newest();
	test_snapshot();
	test_one_subbuf();
	test_dead_writer();
	test_dead_with_live();
	test_reader_position();
	test_wakeup();
	test_corrupt();
	return tap_done();
}
