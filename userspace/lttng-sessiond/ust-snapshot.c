// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-snapshot.c - `lttng snapshot record` of a session's user-space
 * buffers (snapshot.c does the kernel's and the output).
 *
 * A snapshot session's rings have no reader: the records stay there
 * (overwrite mode by default: the newest ones).  A record writes, for
 * each buffer owner of the session (ust-consumer.c), a complete trace in
 * LTTng's layout inside the snapshot's directory:
 *
 *   ust/uid/<uid>/64-bit/{metadata,<chan>_<cpu>,index/}
 *   ust/pid/<procname>-<pid>-<YYYYMMDD-HHMMSS>/...
 *
 * Each ring is flushed, the positions of its complete packets sampled,
 * and the packets copied out without consuming them while the writers go
 * on (ust_ring_snapshot_copy): a packet overwritten during its copy is
 * skipped, the oldest ones first, as the kernel's.  The metadata is the
 * owner's whole text, kept in memory for snapshot sessions, written after
 * the packets so that it declares every event they hold.  The owner is
 * marked busy meanwhile, so that the consumer thread neither closes its
 * rings nor frees it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "output.h"
#include "ust-ring.h"
#include "ust.h"

uint64_t ust_snapshot_one_more(struct sd_session *s, uint64_t nr)
{
	uint64_t tot = 0;
	struct ust_owner *o;
	struct ust_ochan *oc;

	pthread_mutex_lock(&ust_cons_lock);
	for (o = ust_owners_first(); o; o = o->next) {
		if (o->sess != s || o->finished)
			continue;
		for (oc = o->chans; oc; oc = oc->next) {
			const struct ust_ostream *st = oc->nr_streams ?
						       &oc->streams[0] : NULL;

			if (!st || !st->ring ||
			    nr >= ust_ring_num_subbuf(st->ring))
				continue;
			tot += ust_ring_subbuf_size(st->ring) * oc->nr_streams;
		}
	}
	pthread_mutex_unlock(&ust_cons_lock);
	return tot;
}

/* The newest packets of one ring, at most nr (0: all). */
static int record_ring(struct ust_ring *ring, uint64_t clear_at,
		       struct out_stream *out, uint64_t nr, void *buf,
		       uint64_t *packets)
{
	uint64_t sb = ust_ring_subbuf_size(ring), from, to, p;
	int ret;

	ust_ring_snapshot_sample(ring, &from, &to);
	/* lttng clear: nothing from before it (positions are aligned) */
	if ((int64_t)(from - clear_at) < 0)
		from = (int64_t)(to - clear_at) < 0 ? to : clear_at;
	if (nr && (to - from) / sb > nr)
		from = to - nr * sb;
	for (p = from; p != to; p += sb) {
		struct iovec iov;

		ret = ust_ring_snapshot_copy(ring, p, buf, sb);
		if (ret == 0)
			continue;		/* overwritten meanwhile */
		if (ret == -ENODATA)
			break;			/* a writer still inside */
		if (ret < 0)
			return ret;
		iov.iov_base = buf;
		iov.iov_len = (size_t)ret;
		ret = out_stream_write(out, &iov, 1, 0);
		if (ret)
			return ret;
		(*packets)++;
	}
	return 0;
}

static int record_owner(struct ust_owner *o, struct ust_ochan **chans,
			unsigned int nchans, struct out_chunk *chunk,
			uint64_t nr, uint64_t *packets)
{
	struct out_stream_attr meta = {
		.subdir = o->subdir, .name = "metadata", .metadata = 1,
	};
	struct out_stream *mout;
	char *md = NULL;
	size_t md_len = 0;
	unsigned int k, i;
	int ret = 0;

	for (k = 0; k < nchans && !ret; k++) {
		struct ust_ochan *oc = chans[k];

		for (i = 0; i < oc->nr_streams && !ret; i++) {
			struct ust_ostream *st = &oc->streams[i];
			char name[LTTCOMM_NAME_MAX + 16];
			struct out_stream_attr a = {
				.subdir = o->subdir, .name = name,
			};
			struct out_stream *out;
			void *buf;

			if (!st->ring || st->dead)
				continue;
			buf = malloc(ust_ring_subbuf_size(st->ring));
			if (!buf)
				return -ENOMEM;
			snprintf(name, sizeof(name), "%s_%u", oc->name, i);
			ret = out_stream_open(chunk, &a, &out);
			if (!ret) {
				ret = record_ring(st->ring, st->clear_at, out,
						  nr, buf, packets);
				out_stream_close(out);
			}
			free(buf);
			if (ret)
				SD_ERR("Snapshot: %s/%s: %s", o->dir, name,
				       strerror(-ret));
		}
	}
	if (ret)
		return ret;
	/* the text as it is now declares every event of the packets */
	pthread_mutex_lock(&ust_cons_lock);
	if (o->snap_meta_err) {
		ret = -ENOMEM;
	} else if (o->snap_meta_len) {
		md = malloc(o->snap_meta_len);
		if (md) {
			memcpy(md, o->snap_meta, o->snap_meta_len);
			md_len = o->snap_meta_len;
		} else {
			ret = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&ust_cons_lock);
	if (!ret)
		ret = out_stream_open(chunk, &meta, &mout);
	if (!ret) {
		ret = out_metadata_write(mout, md, md_len);
		out_stream_close(mout);
	}
	if (ret)
		SD_ERR("Snapshot: %s/metadata: %s", o->dir, strerror(-ret));
	free(md);
	return ret;
}

int ust_snapshot_record(struct sd_session *s, struct out_chunk *chunk,
			uint64_t nr_packets, uint64_t *packets)
{
	struct ust_owner **own = NULL, *o;
	struct ust_ochan ***chans = NULL;
	unsigned int *nchans = NULL;
	unsigned int n = 0, cap = 0, k;
	int ret = 0;

	/* the session's owners and their channels as they are now; busy
	 * keeps them (and their rings) until we are done */
	pthread_mutex_lock(&ust_cons_lock);
	for (o = ust_owners_first(); o; o = o->next) {
		struct ust_ochan *oc;
		unsigned int c = 0;

		if (o->sess != s || o->finished)
			continue;
		if (n == cap) {
			unsigned int ncap = cap ? cap * 2 : 8;
			void *a = realloc(own, ncap * sizeof(*own));
			void *b = a ? realloc(chans, ncap * sizeof(*chans)) :
				  NULL;
			void *d = b ? realloc(nchans, ncap * sizeof(*nchans)) :
				  NULL;

			if (a)
				own = a;
			if (b)
				chans = b;
			if (d)
				nchans = d;
			if (!d) {
				ret = -ENOMEM;
				break;
			}
			cap = ncap;
		}
		for (oc = o->chans; oc; oc = oc->next)
			c++;
		chans[n] = calloc(c ? c : 1, sizeof(**chans));
		if (!chans[n]) {
			ret = -ENOMEM;
			break;
		}
		nchans[n] = 0;
		for (oc = o->chans; oc; oc = oc->next)
			chans[n][nchans[n]++] = oc;
		o->busy++;
		own[n++] = o;
	}
	pthread_mutex_unlock(&ust_cons_lock);
	for (k = 0; k < n && !ret; k++)
		ret = record_owner(own[k], chans[k], nchans[k], chunk,
				   nr_packets, packets);
	pthread_mutex_lock(&ust_cons_lock);
	for (k = 0; k < n; k++)
		own[k]->busy--;
	pthread_mutex_unlock(&ust_cons_lock);
	for (k = 0; k < n; k++)
		free(chans[k]);
	free(chans);
	free(nchans);
	free(own);
	return ret;
}
