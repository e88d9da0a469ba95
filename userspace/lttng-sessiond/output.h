/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * output.h - where the consumers put a session's trace: trace chunks,
 * streams, packets with their index entries, metadata (output.c).
 *
 * The kernel consumer (consumer.c) and the UST consumer (ust-consumer.c)
 * hand every packet and every piece of metadata to this layer and never
 * touch a trace file themselves.  What is behind it is a sink, a table of
 * operations (struct out_sink_ops); the local sink writes files, another
 * one (a connection to lttng-relayd) plugs in as a second table without
 * any change in the consumers.
 *
 *   chunk    one trace chunk of a session: the directory that holds its
 *            domains' traces (<output>/ today, an archive directory once
 *            rotations exist).  Opened with the session owner's
 *            credentials; reference counted (the session and every
 *            stream hold one).
 *   stream   one data stream, <subdir>/<chan>_<cpu> in the chunk (subdir:
 *            "kernel", "ust/uid/1000/64-bit", ...), with its index
 *            <subdir>/index/<chan>_<cpu>.idx; with a trace-file size
 *            limit, <chan>_<cpu>_<n> and index/<chan>_<cpu>_<n>.idx.
 *            Or a metadata stream (<subdir>/metadata, no index).
 *
 * A packet is written whole or not at all, with its index entry: a write
 * that fails (disk full, quota, I/O error) is cut off again, counted as
 * unwritten and reported once per stream until writing works again.
 * One thread at a time writes a given stream (the consumers' rule); the
 * chunk itself is read-only once open.
 */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "protocol.h"

/* CTF index (LTTng 2.13's index/<stream>.idx): a header, then one entry
 * per packet, every integer big-endian. */
#define OUT_INDEX_MAGIC		0xC1F1DCC1U
#define OUT_INDEX_MAJOR		1
#define OUT_INDEX_MINOR		1
#define OUT_INDEX_HDR_LEN	16	/* magic, major, minor, entry size */
#define OUT_INDEX_ENTRY_LEN	72	/* 9 x 64 bits, CTF index 1.1 */

/* The most pieces a packet is given in (out_stream_write). */
#define OUT_MAX_IOV		16

/* One packet's index entry, host byte order. */
struct out_index {
	uint64_t offset;		/* in its file, bytes (set by the sink) */
	uint64_t packet_size;		/* bits */
	uint64_t content_size;		/* bits */
	uint64_t timestamp_begin;
	uint64_t timestamp_end;
	uint64_t events_discarded;
	uint64_t stream_id;
	uint64_t stream_instance_id;
	uint64_t packet_seq_num;
};

/* Fills idx from a packet's header and context (the first bytes of the
 * packet, LTTng's layout).  0, or -EINVAL when len is too short or the
 * magic is wrong. */
int out_index_from_packet(const void *pkt, size_t len, struct out_index *idx);
/* idx as the 72 big-endian bytes of an index entry. */
void out_index_encode(const struct out_index *idx,
		      unsigned char buf[OUT_INDEX_ENTRY_LEN]);

struct out_chunk;
struct out_stream;

/*
 * A sink.  Every operation returns 0 or -errno and runs in the caller's
 * thread; what creates files runs with the session owner's credentials
 * (out_as_owner()).  The sink keeps its state in the chunk's and the
 * stream's sink_data (the local sink: in dfd, fd, idx_fd).
 */
struct out_sink_ops {
	const char *name;
	int (*chunk_open)(struct out_chunk *c);
	void (*chunk_close)(struct out_chunk *c);
	int (*stream_open)(struct out_stream *st);
	/* A whole packet (len bytes in iov, then pad zero bytes) and its
	 * index entry (idx->offset is the sink's to fill); nothing of it
	 * stays when it fails. */
	int (*write_packet)(struct out_stream *st, const struct iovec *iov,
			    int iovcnt, size_t len, size_t pad,
			    struct out_index *idx);
	/* Appends metadata text, whole or nothing. */
	int (*write_metadata)(struct out_stream *st, const void *buf,
			      size_t len);
	void (*stream_close)(struct out_stream *st);
	/* Optional: a live beacon, the stream has nothing to send up to
	 * ts (its clock); 0 when there is nobody to tell. */
	int (*beacon)(struct out_stream *st, uint64_t ts);
	/* Optional: the streams opened in c under subdir's domain (its
	 * first component: "kernel", "ust") since the last call become
	 * visible to live viewers, all at once. */
	int (*publish)(struct out_chunk *c, const char *subdir);
};

extern const struct out_sink_ops out_local_sink;

struct out_chunk_attr {
	const struct out_sink_ops *ops;	/* NULL: out_local_sink */
	const char *path;		/* local: absolute directory */
	uid_t uid;			/* the session owner */
	gid_t gid;
	const char *label;		/* for the log: the session's name */
	int *write_error;		/* noted errno of failed writes (atomic
					 * store), or NULL; until
					 * out_chunk_detach() */
	void *sink_data;		/* for other sinks */
};

struct out_chunk {
	const struct out_sink_ops *ops;
	char path[LTTCOMM_PATH_MAX];
	char label[LTTCOMM_NAME_MAX];
	uid_t uid;
	gid_t gid;
	int *write_error;
	int refs;			/* atomic */
	int dfd;			/* local sink: the chunk directory */
	void *sink_data;
	uint64_t bytes;			/* packets written into it (atomic):
					 * size-based rotations */
};

/* Creates a chunk and opens it (the local sink creates its directory):
 * 0 or -LTTNG_ERR_*.  The caller holds the one reference. */
int out_chunk_open(const struct out_chunk_attr *a, struct out_chunk **out);
void out_chunk_get(struct out_chunk *c);
void out_chunk_put(struct out_chunk *c);
/* Its write_error is forgotten (the session that owns it goes away while
 * streams may still be written, UST's being read out). */
void out_chunk_detach(struct out_chunk *c);

struct out_stream_attr {
	const char *subdir;		/* in the chunk: "kernel", "ust/..." */
	const char *name;		/* "chan_0", "metadata" */
	int metadata;
	uint64_t tracefile_size;	/* bytes, 0: one file of any size */
	uint64_t tracefile_count;	/* files kept, 0: all of them */
};

struct out_stream {
	struct out_chunk *chunk;	/* one reference */
	char subdir[LTTCOMM_PATH_MAX];
	char name[LTTCOMM_NAME_MAX + 16];
	int metadata;
	uint64_t tracefile_size;
	uint64_t tracefile_count;
	/* The file being written (stream files: its number) */
	uint64_t file_index;
	uint64_t file_bytes;		/* its size (the next packet's offset) */
	uint64_t files_opened;		/* files created so far */
	/* Write failures */
	uint32_t unwritten;		/* packets that could not be written */
	int werr;			/* errno while failing, 0 */
	/* local sink */
	int dfd;			/* <chunk>/<subdir> */
	int fd;				/* the stream or metadata file */
	int idx_fd;			/* its index file, -1: none */
	uint64_t idx_bytes;		/* size of the index file */
	void *sink_data;		/* other sinks */
};

/* Opens a stream in c (files created with the owner's credentials):
 * 0 or -LTTNG_ERR_*. */
int out_stream_open(struct out_chunk *c, const struct out_stream_attr *a,
		    struct out_stream **out);
/*
 * Live viewers see the streams opened in c so far under subdir's domain
 * (its first component, "kernel" or "ust": each domain's consumer
 * publishes its own), together with their metadata stream: call it once
 * a whole set of data streams (a channel's, a trace's) is open, never
 * between them.  A viewer of lttng-relayd that
 * is handed a metadata stream without data streams, or part of a
 * channel's streams, can miss the rest for good (babeltrace2 2.0 drops a
 * trace without data streams and its metadata with it; once it follows
 * one stream it learns of new ones only when that stream has a packet).
 * 0 or -errno.
 */
int out_chunk_publish(struct out_chunk *c, const char *subdir);
/*
 * Writes one whole packet (iovcnt pieces, at most OUT_MAX_IOV, the first
 * holding at least its header and context, then pad zero bytes: the
 * unused end of a packet that the caller does not send from its memory),
 * its index entry taken from them.  A packet that
 * cannot be written is counted in st->unwritten, logged when the stream
 * starts failing and when it works again, and noted in the chunk's
 * write_error.  0 or -errno.
 */
int out_stream_write(struct out_stream *st, const struct iovec *iov,
		     int iovcnt, size_t pad);
/*
 * Live sessions: the consumer's live timer flushed st and found no packet
 * to send; ts is the stream's clock read before that flush (so no record
 * of the stream before ts is still to come, and ts is not before the end
 * of the last packet sent).  Sinks that serve live viewers send it as a
 * beacon; others ignore it.  0 or -errno.
 */
int out_stream_beacon(struct out_stream *st, uint64_t ts);
/* Counts a packet the consumer could not hand over as unwritten. */
void out_stream_drop(struct out_stream *st);
/* Appends metadata whole or not at all: 0 or -errno (the caller keeps
 * what failed and retries; the error is noted). */
int out_metadata_write(struct out_stream *st, const void *buf, size_t len);
void out_stream_close(struct out_stream *st);

/* Runs fn(arg) with the file system credentials of uid/gid (a
 * short-lived thread in root's daemon, a plain call otherwise): every
 * path is resolved with the owner's permissions and what is created
 * belongs to the owner.  fn's result, or -EPERM (credentials refused),
 * -EAGAIN (no thread). */
int out_as_owner(uid_t uid, gid_t gid, int (*fn)(void *), void *arg);
/* The same, fn's result kept apart from the layer's own failure: 0 and
 * fn's result in *result, or -EPERM / -EAGAIN when fn did not run. */
int out_run_as(uid_t uid, gid_t gid, int (*fn)(void *), void *arg,
	       int *result);

/* What fn of out_as_owner() uses: mkdir -p of a path below dfd (or
 * absolute), opened: fd or -errno; a new file name in dfd (O_NOFOLLOW,
 * truncated): fd or -errno. */
int out_mkdir_open(int dfd, const char *path);
int out_create_file(int dfd, const char *name);
/* mkdir -p of an absolute path (its symlinks followed): 0 or -errno. */
int out_mkdir_p(const char *path);
/* len bytes of buf as the content of fd from offset 0, all of them:
 * 0 or -errno. */
int out_write_file(int fd, const void *buf, size_t len);

#endif /* SD_OUTPUT_H */
