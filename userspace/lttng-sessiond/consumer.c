// SPDX-License-Identifier: GPL-2.0-only
/*
 * consumer.c - moves kernel trace data from the module's buffers to files.
 *
 * Trace files: <output>/kernel/metadata and <output>/kernel/<chan>_<cpu>,
 * the layout of LTTng.  They are created by a short-lived helper thread
 * that first takes the session owner's credentials for file system access
 * (raw setgroups/setfsgid/setfsuid syscalls, which only affect the calling
 * thread): every path component is resolved with the user's permissions
 * and the files belong to the user.  A root daemon thus never follows a
 * user's symlink to a place the user could not write, and the final
 * component is opened with O_NOFOLLOW.
 *
 * One consumer thread per kernel session polls the stream fds (and a wake
 * pipe) with the smallest read timer of the session's channels as timeout
 * (at most 50 ms while tracing, 2 ms while the previous pass found data:
 * with a read timer the writers only wake us once half of a buffer is
 * unread, and a burst fills 4 MiB in well under the default 200 ms).
 * A packet is written with one write() of packet_size bytes straight
 * from the read-only mapping (no copy in between).
 * Each pass, under consume_lock, drains every stream:
 * GET_NEXT_SUBBUF -> write(packet_size bytes from the mapping) ->
 * PUT_NEXT_SUBBUF until -EAGAIN/-ENODATA, then copies new metadata text.
 * consumer_drain() runs the same passes from the STOP path after the
 * module's STOP (which flushes every stream), until a pass finds nothing:
 * when our STOP reply goes out, everything is in the files.
 *
 * Write failures (disk full, quota, I/O error): a packet that cannot be
 * written whole is cut off again (ftruncate back to the last whole
 * packet), so the file stays a readable trace, and the sub-buffer is
 * released anyway: the tracer keeps running, the packet is counted as
 * unwritten (the gap also shows in the packets' sequence numbers, which
 * babeltrace2 reports).  Each later packet is tried again, so writing
 * resumes by itself once there is room.  Metadata that cannot be written
 * is kept in memory and retried first on each pass; while some is
 * pending, data packets are not written (they could use declarations the
 * file does not have yet).  Each stream logs once when it starts failing
 * and once when it works again; the session keeps the errno, which
 * `lttng list` and `lttng stop` report.  Other sessions, with their own
 * files and thread, are not affected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "sessiond.h"

#define DIR_MODE	0770
#define FILE_MODE	0660

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Appends len bytes at offset *size of fd (its end): all of them, or
 * none (a partial write is cut off again).  0 or -errno. */
static int append_whole(int fd, const void *buf, size_t len, uint64_t *size)
{
	int ret = write_all(fd, buf, len);

	if (!ret) {
		*size += len;
		return 0;
	}
	if (ftruncate(fd, (off_t)*size) < 0 ||
	    lseek(fd, (off_t)*size, SEEK_SET) < 0)
		SD_ERR("Cannot cut a partial write off: %s", strerror(errno));
	return ret;
}

/* The session keeps the last errno for `lttng list` and `lttng stop`. */
void consumer_note_write_error(struct sd_session *s, int err)
{
	__atomic_store_n(&s->write_error, err, __ATOMIC_RELAXED);
}

static void note_write_error(struct sd_kernel_session *ks, int err)
{
	consumer_note_write_error(ks->sess, err);
}

/* mkdir -p, every component resolved with the caller's credentials. */
static int mkdir_p(const char *path)
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

/*
 * A trace file is a regular file, nothing else: the user owns the
 * directory and could have put a FIFO (whose open waits for a reader), a
 * device or a socket there.  O_NONBLOCK makes the open itself return at
 * once whatever the name is (a FIFO without reader: ENXIO); anything
 * that is not a regular file is then refused, and the writes of a
 * regular file block as usual.  fd or -errno.
 */
static int open_regular(int dfd, const char *name)
{
	struct stat st;
	int fd, flags;

	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
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

static int open_in(int dfd, const char *name, int *out)
{
	int fd;

	if (*out >= 0)
		return 0;
	fd = open_regular(dfd, name);
	if (fd < 0) {
		SD_ERR("Cannot create trace file %s: %s", name,
		       fd == -EINVAL ? "not a regular file" : strerror(-fd));
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	*out = fd;
	return 0;
}

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
};

static void *owner_thread(void *arg)
{
	struct owner_job *job = arg;
	int ret;

	if (geteuid() == 0 && job->uid != 0) {
		ret = become_owner(job->uid, job->gid);
		if (ret) {
			SD_ERR("Cannot take the credentials of uid %u: %s",
			       (unsigned int)job->uid, strerror(-ret));
			job->ret = -LTTNG_ERR_EPERM;
			return NULL;
		}
	}
	job->ret = job->fn(job->arg);
	return NULL;
}

int consumer_as_owner(const struct sd_session *s, int (*fn)(void *),
		      void *arg)
{
	return sd_run_as(s->uid, s->gid, fn, arg);
}

int sd_run_as(uid_t uid, gid_t gid, int (*fn)(void *), void *arg)
{
	struct owner_job job = { .uid = uid, .gid = gid, .fn = fn,
				 .arg = arg };
	pthread_t t;

	if (pthread_create(&t, NULL, owner_thread, &job))
		return -LTTNG_ERR_NOMEM;
	pthread_join(t, NULL);
	return job.ret;
}

int consumer_mkdir_p(const char *dir)
{
	return mkdir_p(dir);
}

int consumer_open_dir(const char *dir)
{
	int ret = mkdir_p(dir), dfd;

	if (ret) {
		SD_ERR("Cannot create trace directory %s: %s", dir,
		       strerror(-ret));
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		SD_ERR("Cannot open trace directory %s: %s", dir,
		       strerror(errno));
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	}
	return dfd;
}

int consumer_open_in(int dfd, const char *name, int *out)
{
	return open_in(dfd, name, out);
}

int consumer_write_all(int fd, const void *buf, size_t len)
{
	return write_all(fd, buf, len);
}

int consumer_append_whole(int fd, const void *buf, size_t len, uint64_t *size)
{
	return append_whole(fd, buf, len, size);
}

static int open_kernel_files(void *arg)
{
	struct sd_session *s = arg;
	struct sd_kernel_session *ks = s->ksess;
	char dir[LTTCOMM_PATH_MAX + 16];
	struct sd_channel *c;
	int dfd, ret;

	snprintf(dir, sizeof(dir), "%s/kernel", s->output);
	dfd = consumer_open_dir(dir);
	if (dfd < 0)
		return dfd;
	ret = open_in(dfd, "metadata", &ks->metadata_out);
	for (c = s->kernel.channels; c && !ret; c = c->next) {
		unsigned int i;

		for (i = 0; i < c->nr_streams && !ret; i++) {
			char name[LTTCOMM_NAME_MAX + 16];

			snprintf(name, sizeof(name), "%s_%u", c->attr.name,
				 c->streams[i].cpu);
			ret = open_in(dfd, name, &c->streams[i].out_fd);
		}
	}
	close(dfd);
	return ret;
}

int consumer_open_files(struct sd_session *s)
{
	int ret;

	if (s->no_output)
		return 0;
	ret = consumer_as_owner(s, open_kernel_files, s);
	if (!ret)
		s->ksess->files_open = 1;
	return ret;
}

/* Writes one packet of st, or counts it as unwritten. */
static void write_packet(struct sd_kernel_session *ks, struct sd_stream *st,
			 const char *chan, const void *data, size_t len)
{
	int ret;

	if (ks->meta_pending_len)
		ret = -EAGAIN;	/* metadata first */
	else
		ret = append_whole(st->out_fd, data, len, &st->bytes);
	if (!ret) {
		if (st->werr)
			SD_WARN("Session %s: %s_%u: trace written again (%u packets could not be written)",
				ks->sess->name, chan, st->cpu, st->unwritten);
		st->werr = 0;
		return;
	}
	if (st->unwritten < UINT32_MAX)
		st->unwritten++;
	if (ret == -EAGAIN)
		return;
	if (!st->werr)
		SD_ERR("Session %s: cannot write %s/kernel/%s_%u: %s (its packets are dropped until writing works again)",
		       ks->sess->name, ks->sess->output, chan, st->cpu,
		       strerror(-ret));
	st->werr = -ret;
	note_write_error(ks, -ret);
}

/* Moves every ready sub-buffer of st to its file.  Returns the number of
 * packets moved. */
static unsigned int drain_stream(struct sd_kernel_session *ks,
				 struct sd_stream *st, const char *chan)
{
	unsigned int n = 0;

	for (;;) {
		struct lttng_abi_subbuf sb;

		memset(&sb, 0, sizeof(sb));
		if (ioctl(st->fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb) < 0) {
			if (errno == ENODATA)
				st->hup = 1;
			else if (errno != EAGAIN && errno != EINTR)
				SD_ERR("%s_%u: get sub-buffer: %s", chan,
				       st->cpu, strerror(errno));
			return n;
		}
		if (sb.packet_size > st->map_len ||
		    sb.mmap_offset > st->map_len - sb.packet_size ||
		    sb.content_size > sb.packet_size) {
			SD_ERR("%s_%u: bad sub-buffer (offset %llu size %llu)",
			       chan, st->cpu,
			       (unsigned long long)sb.mmap_offset,
			       (unsigned long long)sb.packet_size);
		} else if (st->out_fd >= 0) {
			write_packet(ks, st, chan,
				     (char *)st->map + sb.mmap_offset,
				     (size_t)sb.packet_size);
		}
		if (ioctl(st->fd, LTTNG_STREAM_PUT_NEXT_SUBBUF) < 0) {
			SD_ERR("%s_%u: put sub-buffer: %s", chan, st->cpu,
			       strerror(errno));
			return n;
		}
		n++;
	}
}

/* Writes the pending metadata; 0 when nothing is pending any more. */
static int flush_metadata(struct sd_kernel_session *ks)
{
	int ret;

	if (!ks->meta_pending_len)
		return 0;
	ret = append_whole(ks->metadata_out, ks->meta_pending,
			   ks->meta_pending_len, &ks->meta_bytes);
	if (ret) {
		note_write_error(ks, -ret);
		return ret;
	}
	SD_WARN("Session %s: metadata written again", ks->sess->name);
	free(ks->meta_pending);
	ks->meta_pending = NULL;
	ks->meta_pending_len = 0;
	return 0;
}

/* Keeps buf for a later flush_metadata(). */
static void keep_metadata(struct sd_kernel_session *ks, const char *buf,
			  size_t n, int err)
{
	char *p = realloc(ks->meta_pending, ks->meta_pending_len + n);

	if (!ks->meta_pending_len)
		SD_ERR("Session %s: cannot write %s/kernel/metadata: %s (kept in memory, trace data is dropped until it is written)",
		       ks->sess->name, ks->sess->output, strerror(err));
	note_write_error(ks, err);
	if (!p) {
		SD_ERR("Session %s: metadata lost: out of memory",
		       ks->sess->name);
		return;
	}
	memcpy(p + ks->meta_pending_len, buf, n);
	ks->meta_pending = p;
	ks->meta_pending_len += n;
}

static void copy_metadata(struct sd_kernel_session *ks)
{
	char buf[65536];

	if (ks->metadata_fd < 0)
		return;
	if (ks->metadata_out >= 0 && flush_metadata(ks))
		return;		/* the rest waits in the tracer */
	for (;;) {
		ssize_t n = read(ks->metadata_fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EAGAIN)
				SD_ERR("metadata read: %s", strerror(errno));
			return;
		}
		if (n == 0)
			return;
		if (ks->metadata_out >= 0) {
			int ret = append_whole(ks->metadata_out, buf,
					       (size_t)n, &ks->meta_bytes);

			if (ret) {
				keep_metadata(ks, buf, (size_t)n, -ret);
				return;
			}
		}
	}
}

/* One pass over everything; consume_lock held.  Packets moved. */
static unsigned int consume_pass(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int n = 0, i;

	/* Metadata first: a reader must never find a packet whose stream
	 * class is not declared yet. */
	copy_metadata(s->ksess);
	for (c = s->kernel.channels; c; c = c->next)
		for (i = 0; i < c->nr_streams; i++)
			n += drain_stream(s->ksess, &c->streams[i],
					  c->attr.name);
	copy_metadata(s->ksess);
	return n;
}

static void *consumer_thread(void *arg)
{
	struct sd_kernel_session *ks = arg;
	struct sd_session *s = ks->sess;
	struct pollfd *pfd = NULL;
	struct sd_stream **polled = NULL;	/* stream of pfd[i], i >= 1 */
	unsigned int cap = 0, moved = 0;

	for (;;) {
		struct sd_channel *c;
		unsigned int n = 0, i;
		int timeout = 200;

		pthread_mutex_lock(&ks->consume_lock);
		if (ks->quit) {
			pthread_mutex_unlock(&ks->consume_lock);
			break;
		}
		for (c = s->kernel.channels; c; c = c->next) {
			n += c->nr_streams;
			if (c->attr.read_timer_us &&
			    (int)(c->attr.read_timer_us / 1000) < timeout)
				timeout = (int)(c->attr.read_timer_us / 1000);
		}
		/* While data flows, look again soon instead of waiting for
		 * the next wake-up: the writers get their sub-buffers back
		 * sooner and discard less. */
		if (moved)
			timeout = 2;
		else if (ks->tracing && timeout > 50)
			timeout = 50;
		if (timeout < 1)
			timeout = 1;
		if (n + 1 > cap) {
			struct pollfd *tp = realloc(pfd, (n + 1) * sizeof(*pfd));
			struct sd_stream **ts;

			if (tp)
				pfd = tp;
			ts = realloc(polled, (n + 1) * sizeof(*polled));
			if (ts)
				polled = ts;
			if (tp && ts)
				cap = n + 1;
		}
		n = 0;
		if (cap) {
			pfd[n].fd = ks->wake[0];
			pfd[n++].events = POLLIN;
		}
		for (c = s->kernel.channels; c; c = c->next)
			for (i = 0; i < c->nr_streams && n < cap; i++) {
				polled[n] = &c->streams[i];
				pfd[n].fd = c->streams[i].hup ? -1 :
					    c->streams[i].fd;
				pfd[n++].events = POLLIN;
			}
		pthread_mutex_unlock(&ks->consume_lock);

		/* Without memory for the poll set, just pass on the timer. */
		if (!n)
			usleep((useconds_t)timeout * 1000);
		else if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			usleep(10000);

		pthread_mutex_lock(&ks->consume_lock);
		if (!ks->quit) {
			char junk[64];

			if (n && (pfd[0].revents & POLLIN))
				while (read(ks->wake[0], junk, sizeof(junk)) > 0)
					;
			moved = consume_pass(s);
			/* Finalized streams stop being polled (streams are
			 * only freed after this thread is joined). */
			for (i = 1; i < n; i++)
				if (pfd[i].fd >= 0 &&
				    (pfd[i].revents &
				     (POLLHUP | POLLERR | POLLNVAL)) &&
				    !(pfd[i].revents & POLLIN))
					polled[i]->hup = 1;
		}
		pthread_mutex_unlock(&ks->consume_lock);
	}
	free(pfd);
	free(polled);
	return NULL;
}

int consumer_start(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (pipe2(ks->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		return -LTTNG_ERR_NOMEM;
	ks->quit = 0;
	if (pthread_create(&ks->thread, NULL, consumer_thread, ks)) {
		close(ks->wake[0]);
		close(ks->wake[1]);
		ks->wake[0] = ks->wake[1] = -1;
		return -LTTNG_ERR_NOMEM;
	}
	ks->thread_running = 1;
	return 0;
}

void consumer_drain(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	unsigned int idle = 0;

	pthread_mutex_lock(&ks->consume_lock);
	ks->tracing = 0;
	/* LTTNG_SESSION_STOP waited for the records in flight and flushed
	 * every stream: what remains is readable with GET_NEXT_SUBBUF. */
	/* Until two passes in a row (1 ms apart) find nothing. */
	while (idle < 2) {
		if (consume_pass(s)) {
			idle = 0;
		} else {
			idle++;
			usleep(1000);
		}
	}
	pthread_mutex_unlock(&ks->consume_lock);
}

void consumer_stop(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;

	if (!ks->thread_running)
		return;
	pthread_mutex_lock(&ks->consume_lock);
	ks->quit = 1;
	pthread_mutex_unlock(&ks->consume_lock);
	if (write(ks->wake[1], "q", 1) < 0)
		SD_DBG("consumer wake: %s", strerror(errno));
	pthread_join(ks->thread, NULL);
	ks->thread_running = 0;
	close(ks->wake[0]);
	close(ks->wake[1]);
	ks->wake[0] = ks->wake[1] = -1;
}
