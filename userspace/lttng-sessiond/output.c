// SPDX-License-Identifier: GPL-2.0-only
/*
 * output.c - the output layer: trace chunks, streams and the local sink.
 *
 * Design
 * ------
 * The consumers (consumer.c for the kernel, ust-consumer.c for user
 * space) read packets out of the ring buffers and give each one, whole,
 * to out_stream_write(); metadata text goes to out_metadata_write().  What
 * happens next is the business of the chunk's sink (struct out_sink_ops,
 * output.h):
 *
 *   chunk_open      the trace chunk: here, <output>/ created and opened
 *                   as a directory handle;
 *   stream_open     <subdir>/<chan>_<cpu> (+ index/<chan>_<cpu>.idx) or
 *                   <subdir>/metadata, relative to that handle;
 *   write_packet    the packet at the end of its file, then its index
 *                   entry; with a trace-file size limit, a new file
 *                   first when the packet would not fit;
 *   write_metadata  appended;
 *   stream_close, chunk_close.
 * A second sink (lttng-relayd: sessions, chunks, streams, data, indexes)
 * is a second table of the same operations; out_chunk_open() picks it
 * from the chunk's attributes and nothing above changes.  Rotating to a
 * new chunk is the consumer closing each stream at a packet boundary and
 * opening it again in the new chunk, which yields a complete trace per
 * chunk.
 *
 * Credentials
 * -----------
 * Everything that creates, opens or removes a file runs through
 * out_as_owner(): in root's daemon, a short-lived thread that first takes
 * the session owner's file system credentials (raw setgroups, setfsgid,
 * setfsuid: they affect the calling thread only).  Every path is thus
 * resolved with the user's permissions and what is created belongs to
 * the user; a root daemon never follows a user's symlink to a place the
 * user could not write.  The final component of every file and of the
 * chunk directory is opened with O_NOFOLLOW, and the directories below
 * the chunk (created by us) are walked with O_NOFOLLOW at every step.
 * This is the one place where the daemon opens trace files.
 *
 * Whole packets
 * -------------
 * A packet is written with one pwritev() loop straight from the caller's
 * memory (the kernel's mapping, a UST ring), at the end of the file.  If
 * any of it fails (disk full, quota, file size limit, I/O error), the
 * file is cut back to its last whole packet, and the index too: the
 * files stay a readable trace whose index matches the data byte for
 * byte (babeltrace2 checks that when it uses the index).  The packet is
 * counted as unwritten; the stream logs once when it starts failing and
 * once when it works again, and the chunk notes the errno for `lttng
 * list` and `lttng stop`.  The next packet is tried again, and a file
 * that could not be created is tried again at the next packet.
 *
 * Trace-file limits (LTTng's rules)
 * ---------------------------------
 * With a size limit the files are <chan>_<cpu>_<n> from n = 0, and so
 * are their indexes (index/<chan>_<cpu>_<n>.idx).  A packet that would
 * make the current file larger than the limit goes to the next file; a
 * packet larger than the limit gets a file of its own.  With a count
 * limit n wraps around: the oldest file (and its index) is removed and
 * created again, so at most `count` files per stream remain.
 *
 * Index files
 * -----------
 * LTTng 2.13's CTF index 1.1: a 16-byte header (magic 0xC1F1DCC1, major
 * 1, minor 1, entry size 72), then per packet: offset in the file
 * (bytes), packet_size and content_size (bits), timestamp_begin/end,
 * events_discarded, stream_id, stream_instance_id, packet_seq_num, each
 * a big-endian 64-bit integer, taken from the packet's own header and
 * context.  lttng-relayd (live), Trace Compass and babeltrace2 read them.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "output.h"
#include "sessiond.h"

#define DIR_MODE	0770
#define FILE_MODE	0660
#define INDEX_DIR	"index"
#define ZERO_CHUNK	(1U << 20)
#define ZERO_IOV	256	/* 256 MiB of padding: the largest sub-buffer */

static const char zeros[ZERO_CHUNK];

/* --- packets and index entries ------------------------------------------ */

/* LTTng's packet header and context, as the kernel's and the UST rings
 * write them (little-endian, packed). */
struct pkt_head {
	uint32_t magic;
	uint8_t uuid[16];
	uint32_t stream_id;
	uint64_t stream_instance_id;
	uint64_t timestamp_begin;
	uint64_t timestamp_end;
	uint64_t content_size;
	uint64_t packet_size;
	uint64_t packet_seq_num;
	uint64_t events_discarded;
	uint32_t cpu_id;
} __attribute__((packed));

#define PKT_MAGIC	0xC1FC1FC1U

int out_index_from_packet(const void *pkt, size_t len, struct out_index *idx)
{
	struct pkt_head h;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, pkt, sizeof(h));
	if (le32toh(h.magic) != PKT_MAGIC)
		return -EINVAL;
	memset(idx, 0, sizeof(*idx));
	idx->packet_size = le64toh(h.packet_size);
	idx->content_size = le64toh(h.content_size);
	idx->timestamp_begin = le64toh(h.timestamp_begin);
	idx->timestamp_end = le64toh(h.timestamp_end);
	idx->events_discarded = le64toh(h.events_discarded);
	idx->stream_id = le32toh(h.stream_id);
	idx->stream_instance_id = le64toh(h.stream_instance_id);
	idx->packet_seq_num = le64toh(h.packet_seq_num);
	return 0;
}

void out_index_encode(const struct out_index *idx,
		      unsigned char buf[OUT_INDEX_ENTRY_LEN])
{
	const uint64_t v[OUT_INDEX_ENTRY_LEN / 8] = {
		idx->offset, idx->packet_size, idx->content_size,
		idx->timestamp_begin, idx->timestamp_end,
		idx->events_discarded, idx->stream_id,
		idx->stream_instance_id, idx->packet_seq_num,
	};
	unsigned int i;

	for (i = 0; i < OUT_INDEX_ENTRY_LEN / 8; i++) {
		uint64_t be = htobe64(v[i]);

		memcpy(buf + 8 * i, &be, 8);
	}
}

/* --- credentials ---------------------------------------------------------- */

/* Takes the session owner's credentials for this thread only. */
static int become_owner(uid_t uid, gid_t gid)
{
	gid_t groups[256];
	int ngroups = 256;
	struct passwd pw, *pwp = NULL;
	char pwbuf[4096];

	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &pwp) == 0 && pwp) {
		if (getgrouplist(pw.pw_name, gid, groups, &ngroups) < 0)
			ngroups = 0;
	} else {
		ngroups = 0;
	}
	if (ngroups == 0) {
		groups[0] = gid;
		ngroups = 1;
	}
	if (syscall(SYS_setgroups, ngroups, groups) < 0)
		return -errno;
	syscall(SYS_setfsgid, gid);
	if ((gid_t)syscall(SYS_setfsgid, -1) != gid)
		return -EPERM;
	syscall(SYS_setfsuid, uid);
	if ((uid_t)syscall(SYS_setfsuid, -1) != uid)
		return -EPERM;
	return 0;
}

struct owner_job {
	uid_t uid;
	gid_t gid;
	int (*fn)(void *);
	void *arg;
	int ret;
	int refused;			/* the credentials could not be taken */
};

static void *owner_thread(void *arg)
{
	struct owner_job *job = arg;
	int ret = become_owner(job->uid, job->gid);

	if (ret) {
		SD_ERR("Cannot take the credentials of uid %u: %s",
		       (unsigned int)job->uid, strerror(-ret));
		job->refused = 1;
		return NULL;
	}
	job->ret = job->fn(job->arg);
	return NULL;
}

int out_run_as(uid_t uid, gid_t gid, int (*fn)(void *), void *arg,
	       int *result)
{
	struct owner_job job = { .uid = uid, .gid = gid, .fn = fn,
				 .arg = arg, .ret = -EPERM };
	pthread_t t;

	/* A user's own daemon, or root's session: nothing to take. */
	if (geteuid() != 0 || uid == 0) {
		*result = fn(arg);
		return 0;
	}
	if (pthread_create(&t, NULL, owner_thread, &job))
		return -EAGAIN;
	pthread_join(t, NULL);
	if (job.refused)
		return -EPERM;
	*result = job.ret;
	return 0;
}

int out_as_owner(uid_t uid, gid_t gid, int (*fn)(void *), void *arg)
{
	int result, ret = out_run_as(uid, gid, fn, arg, &result);

	return ret ? ret : result;
}

int out_mkdir_p(const char *path)
{
	char buf[LTTCOMM_PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, DIR_MODE) < 0 && errno != EEXIST)
				return -errno;
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

/* mkdir -p of an absolute path, intermediate symlinks followed (with the
 * caller's credentials), then the directory opened, not a symlink. */
static int mkdir_p_open(const char *path)
{
	int fd = out_mkdir_p(path);

	if (fd)
		return fd;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int out_mkdir_open(int dfd, const char *path)
{
	char buf[LTTCOMM_PATH_MAX], *comp, *save = NULL;
	int cur;

	if (path[0] == '/')
		return mkdir_p_open(path);
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	cur = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (cur < 0)
		return -errno;
	for (comp = strtok_r(buf, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		int next;

		if (!strcmp(comp, ".") || !strcmp(comp, "..")) {
			close(cur);
			return -EINVAL;
		}
		if (mkdirat(cur, comp, DIR_MODE) < 0 && errno != EEXIST) {
			int err = errno;

			close(cur);
			return -err;
		}
		next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			      O_CLOEXEC);
		if (next < 0) {
			int err = errno;

			close(cur);
			return -err;
		}
		close(cur);
		cur = next;
	}
	return cur;
}

/*
 * A trace file is a regular file, nothing else: the user owns the
 * directory and could have put a FIFO there (whose open for writing waits
 * for a reader, with the consumer's or the daemon's locks held), a device
 * or a socket.  O_NONBLOCK makes the open itself return at once whatever
 * the name is (a FIFO without reader: ENXIO); anything that is not a
 * regular file is then refused (EINVAL), and only then is the file put
 * back in blocking mode and truncated (no O_TRUNC on whatever the name
 * was).
 */
int out_create_file(int dfd, const char *name)
{
	struct stat sb;
	int fd, flags;

	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    ftruncate(fd, 0) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/* --- full writes -------------------------------------------------------- */

/* Writes iov, then pad zero bytes, at offset off, all of it.  0 or
 * -errno. */
static int pwritev_all(int fd, const struct iovec *iov_in, int n, size_t pad,
		       uint64_t off)
{
	struct iovec iov[OUT_MAX_IOV + ZERO_IOV], *v = iov;
	int i;

	if (n > OUT_MAX_IOV)
		return -EINVAL;
	for (i = 0; i < n; i++)
		iov[i] = iov_in[i];
	while (pad && n < OUT_MAX_IOV + ZERO_IOV) {
		size_t k = pad < ZERO_CHUNK ? pad : ZERO_CHUNK;

		iov[n].iov_base = (void *)zeros;
		iov[n++].iov_len = k;
		pad -= k;
	}
	if (pad)
		return -EINVAL;
	while (n > 0) {
		ssize_t w = TEMP_FAILURE_RETRY(pwritev(fd, v,
						       n > IOV_MAX ? IOV_MAX : n,
						       (off_t)off));

		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		off += (uint64_t)w;
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int out_write_file(int fd, const void *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };

	return pwritev_all(fd, &iov, 1, 0, 0);
}

/* Appends iov (len bytes) and pad zero bytes at *size (the file's end):
 * all of it, or nothing (a partial write is cut off again).  *size grows
 * on success.  0 or -errno. */
static int append_whole(int fd, const struct iovec *iov, int n, size_t len,
			size_t pad, uint64_t *size)
{
	int ret = pwritev_all(fd, iov, n, pad, *size);

	if (!ret) {
		*size += len + pad;
		return 0;
	}
	if (ftruncate(fd, (off_t)*size) < 0)
		SD_ERR("Cannot cut a partial write off: %s", strerror(errno));
	return ret;
}

/* --- the local sink ------------------------------------------------------ */

static int local_chunk_open_fn(void *arg)
{
	struct out_chunk *c = arg;
	int fd = mkdir_p_open(c->path);

	if (fd < 0)
		return fd;
	c->dfd = fd;
	return 0;
}

static int local_chunk_open(struct out_chunk *c)
{
	return out_as_owner(c->uid, c->gid, local_chunk_open_fn, c);
}

static void local_chunk_close(struct out_chunk *c)
{
	lttcomm_close(&c->dfd);
}

/* The name of the stream's current file (and index file) into buf. */
static int file_name(const struct out_stream *st, int index, char *buf,
		     size_t len)
{
	char n[32] = "";
	int r;

	if (st->tracefile_size)
		snprintf(n, sizeof(n), "_%llu",
			 (unsigned long long)st->file_index);
	r = snprintf(buf, len, "%s%s%s%s", index ? INDEX_DIR "/" : "",
		     st->name, n, index ? ".idx" : "");
	return r < 0 || (size_t)r >= len ? -ENAMETOOLONG : 0;
}

/* Creates the current file of st and its index (owner's credentials):
 * 0 or -errno.  An index that cannot be started is left out. */
static int open_files_fn(void *arg)
{
	struct out_stream *st = arg;
	unsigned char hdr[OUT_INDEX_HDR_LEN];
	uint32_t v[4] = { htobe32(OUT_INDEX_MAGIC), htobe32(OUT_INDEX_MAJOR),
			  htobe32(OUT_INDEX_MINOR),
			  htobe32(OUT_INDEX_ENTRY_LEN) };
	char name[LTTCOMM_NAME_MAX + 64], iname[LTTCOMM_NAME_MAX + 64];
	struct iovec iov = { hdr, sizeof(hdr) };
	int fd, ret;

	if (st->dfd < 0) {
		fd = out_mkdir_open(st->chunk->dfd, st->subdir);
		if (fd < 0)
			return fd;
		st->dfd = fd;
	}
	if (file_name(st, 0, name, sizeof(name)) ||
	    file_name(st, 1, iname, sizeof(iname)))
		return -ENAMETOOLONG;
	if (st->files_opened && st->tracefile_count) {
		/* The oldest file goes: a new inode, so that a reader still
		 * holding the old one is not disturbed. */
		unlinkat(st->dfd, name, 0);
		unlinkat(st->dfd, iname, 0);
	}
	fd = out_create_file(st->dfd, name);
	if (fd < 0)
		return fd;
	st->fd = fd;
	st->file_bytes = 0;
	st->files_opened++;
	if (st->metadata)
		return 0;
	fd = out_mkdir_open(st->dfd, INDEX_DIR);
	if (fd >= 0) {
		close(fd);
		fd = out_create_file(st->dfd, iname);
	}
	if (fd < 0) {
		SD_WARN("Session %s: no index for %s/%s: %s", st->chunk->label,
			st->subdir, name, strerror(-fd));
		return 0;
	}
	memcpy(hdr, v, sizeof(hdr));
	st->idx_bytes = 0;
	ret = append_whole(fd, &iov, 1, sizeof(hdr), 0, &st->idx_bytes);
	if (ret) {
		/* no index rather than a broken one */
		SD_WARN("Session %s: no index for %s/%s: %s", st->chunk->label,
			st->subdir, name, strerror(-ret));
		close(fd);
		unlinkat(st->dfd, iname, 0);
		return 0;
	}
	st->idx_fd = fd;
	return 0;
}

static void close_files(struct out_stream *st)
{
	lttcomm_close(&st->fd);
	lttcomm_close(&st->idx_fd);
}

static void local_stream_close(struct out_stream *st);

static int local_stream_open(struct out_stream *st)
{
	int ret = out_as_owner(st->chunk->uid, st->chunk->gid, open_files_fn,
			       st);

	if (ret)
		local_stream_close(st);
	return ret;
}

/* The next file of a stream with a size limit (n wraps at the count). */
static int next_file(struct out_stream *st)
{
	close_files(st);
	st->file_index++;
	if (st->tracefile_count && st->file_index >= st->tracefile_count)
		st->file_index = 0;
	return out_as_owner(st->chunk->uid, st->chunk->gid, open_files_fn,
			    st);
}

static int local_write_packet(struct out_stream *st, const struct iovec *iov,
			      int iovcnt, size_t len, size_t pad,
			      struct out_index *idx)
{
	unsigned char ent[OUT_INDEX_ENTRY_LEN];
	struct iovec eiov = { ent, sizeof(ent) };
	uint64_t start;
	int ret;

	if (st->fd >= 0 && st->tracefile_size && st->file_bytes &&
	    st->file_bytes + len + pad > st->tracefile_size) {
		ret = next_file(st);
		if (ret)
			return ret;
	}
	if (st->fd < 0) {
		/* its file could not be created: try again */
		ret = out_as_owner(st->chunk->uid, st->chunk->gid,
				   open_files_fn, st);
		if (ret)
			return ret;
	}
	start = st->file_bytes;
	ret = append_whole(st->fd, iov, iovcnt, len, pad, &st->file_bytes);
	if (ret)
		return ret;
	if (st->idx_fd < 0)
		return 0;
	idx->offset = start;
	out_index_encode(idx, ent);
	ret = append_whole(st->idx_fd, &eiov, 1, sizeof(ent), 0,
			   &st->idx_bytes);
	if (ret) {
		/* no packet without its index entry */
		if (ftruncate(st->fd, (off_t)start) < 0)
			SD_ERR("Cannot cut a partial write off: %s",
			       strerror(errno));
		st->file_bytes = start;
	}
	return ret;
}

static int local_write_metadata(struct out_stream *st, const void *buf,
				size_t len)
{
	struct iovec iov = { (void *)buf, len };

	if (st->fd < 0)
		return -EBADF;
	return append_whole(st->fd, &iov, 1, len, 0, &st->file_bytes);
}

static void local_stream_close(struct out_stream *st)
{
	close_files(st);
	lttcomm_close(&st->dfd);
}

const struct out_sink_ops out_local_sink = {
	.name = "local",
	.chunk_open = local_chunk_open,
	.chunk_close = local_chunk_close,
	.stream_open = local_stream_open,
	.write_packet = local_write_packet,
	.write_metadata = local_write_metadata,
	.stream_close = local_stream_close,
};

/* --- chunks and streams --------------------------------------------------- */

int out_chunk_open(const struct out_chunk_attr *a, struct out_chunk **out)
{
	struct out_chunk *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return -LTTNG_ERR_NOMEM;
	c->ops = a->ops ? a->ops : &out_local_sink;
	if (snprintf(c->path, sizeof(c->path), "%s",
		     a->path ? a->path : "") >= (int)sizeof(c->path)) {
		free(c);
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	snprintf(c->label, sizeof(c->label), "%s", a->label ? a->label : "");
	c->uid = a->uid;
	c->gid = a->gid;
	c->write_error = a->write_error;
	c->sink_data = a->sink_data;
	c->dfd = -1;
	c->refs = 1;
	ret = c->ops->chunk_open(c);
	if (ret) {
		SD_ERR("Session %s: cannot create trace directory %s: %s",
		       c->label, c->path, strerror(-ret));
		free(c);
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	*out = c;
	return 0;
}

void out_chunk_get(struct out_chunk *c)
{
	__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
}

void out_chunk_put(struct out_chunk *c)
{
	if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
		return;
	c->ops->chunk_close(c);
	free(c);
}

int out_stream_open(struct out_chunk *c, const struct out_stream_attr *a,
		    struct out_stream **out)
{
	struct out_stream *st = calloc(1, sizeof(*st));
	int ret;

	if (!st)
		return -LTTNG_ERR_NOMEM;
	if (snprintf(st->subdir, sizeof(st->subdir), "%s", a->subdir) >=
	    (int)sizeof(st->subdir) ||
	    snprintf(st->name, sizeof(st->name), "%s", a->name) >=
	    (int)sizeof(st->name)) {
		free(st);
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	st->chunk = c;
	st->metadata = a->metadata;
	st->tracefile_size = a->metadata ? 0 : a->tracefile_size;
	st->tracefile_count = st->tracefile_size ? a->tracefile_count : 0;
	st->dfd = st->fd = st->idx_fd = -1;
	ret = c->ops->stream_open(st);
	if (ret) {
		SD_ERR("Session %s: cannot create trace file %s/%s/%s: %s",
		       c->label, c->path, st->subdir, st->name,
		       ret == -EINVAL ? "not a regular file" : strerror(-ret));
		free(st);
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	out_chunk_get(c);
	*out = st;
	return 0;
}

/* Guards the chunks' write_error pointers (error paths only). */
static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;

static void note_error(struct out_stream *st, int err)
{
	pthread_mutex_lock(&note_lock);
	if (st->chunk->write_error)
		__atomic_store_n(st->chunk->write_error, err,
				 __ATOMIC_RELAXED);
	pthread_mutex_unlock(&note_lock);
}

void out_chunk_detach(struct out_chunk *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&note_lock);
	c->write_error = NULL;
	pthread_mutex_unlock(&note_lock);
}

int out_stream_write(struct out_stream *st, const struct iovec *iov,
		     int iovcnt, size_t pad)
{
	struct out_index idx;
	size_t len = 0;
	int i, ret;

	for (i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	ret = iovcnt > 0 ? out_index_from_packet(iov[0].iov_base,
						 iov[0].iov_len, &idx) :
			   -EINVAL;
	if (!ret)
		ret = st->chunk->ops->write_packet(st, iov, iovcnt, len, pad,
						   &idx);
	if (!ret) {
		__atomic_add_fetch(&st->chunk->bytes, len + pad,
				   __ATOMIC_RELAXED);
		if (st->werr)
			SD_WARN("Session %s: %s/%s/%s: trace written again (%u packets could not be written)",
				st->chunk->label, st->chunk->path, st->subdir,
				st->name, st->unwritten);
		st->werr = 0;
		return 0;
	}
	if (st->unwritten < UINT32_MAX)
		st->unwritten++;
	if (!st->werr)
		SD_ERR("Session %s: cannot write %s/%s/%s: %s (its packets are dropped until writing works again)",
		       st->chunk->label, st->chunk->path, st->subdir, st->name,
		       strerror(-ret));
	st->werr = -ret;
	note_error(st, -ret);
	return ret;
}

int out_chunk_publish(struct out_chunk *c, const char *subdir)
{
	return c && c->ops->publish ? c->ops->publish(c, subdir) : 0;
}

int out_stream_beacon(struct out_stream *st, uint64_t ts)
{
	if (!st->chunk->ops->beacon)
		return 0;
	return st->chunk->ops->beacon(st, ts);
}

void out_stream_drop(struct out_stream *st)
{
	if (st->unwritten < UINT32_MAX)
		st->unwritten++;
}

int out_metadata_write(struct out_stream *st, const void *buf, size_t len)
{
	int ret = st->chunk->ops->write_metadata(st, buf, len);

	if (ret)
		note_error(st, -ret);
	return ret;
}

void out_stream_close(struct out_stream *st)
{
	if (!st)
		return;
	st->chunk->ops->stream_close(st);
	out_chunk_put(st->chunk);
	free(st);
}
