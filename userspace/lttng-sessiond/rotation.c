// SPDX-License-Identifier: GPL-2.0-only
/*
 * rotation.c - session rotations (lttng rotate): the trace written so far
 * becomes an archive, a trace of its own, while tracing goes on in a new
 * trace chunk.  LTTng 2.13's layout:
 *
 *   <output>/kernel, <output>/ust         the first chunk (index 0)
 *   <output>/archives/<begin>-<end>-<n>/  each archived chunk
 *   <output>/<begin>-<n>/                 the current chunk once rotated
 *
 * <begin> and <end> are ISO 8601 local times, 20261206T003000+0000.
 *
 * A rotation (the session's lock held, sd_lock not: cmd_rotate() checks
 * under sd_lock and leaves the I/O below to rotate_io(), which cmd.c's
 * dispatcher runs after dropping sd_lock; so a stalled output holds up
 * its own session only):
 *   1. the next chunk is opened in <output>/.tmp_new_chunk and becomes
 *      the session's: every file opened from now on is created there;
 *   2. kernel: under the consumer's lock every stream is flushed, read out
 *      into its current files, which are closed and reopened in the new
 *      chunk (consumer.c); UST: each ring is flushed and its reader
 *      switches files when it reaches the flush position (ust-consumer.c)
 *      - we wait for every reader to get there;
 *   3. each new metadata file starts with all the metadata so far, so the
 *      archive and the new chunk are complete traces babeltrace2 reads
 *      alone; a packet is in one chunk or the other, never both;
 *   4. the previous chunk moves to archives/<begin>-<end>-<n> and the new
 *      one to <output>/<begin>-<n+1> (renames: the open files stay valid).
 * Destroying a session that was rotated archives its last chunk too.
 * Network sessions (lttng-relayd 2.11+): the relay daemon keeps the
 * chunks and archives them (relayd.c has the protocol): the next chunk
 * is created there, every stream is read out into its current relay
 * stream, which is closed once the relay daemon wrote its data, and
 * reopened in the new chunk (metadata whole again), then the previous
 * chunk is closed with "move to completed": its archive is
 * <relayd output>/<host>/<session>-<date>/archives/<begin>-<end>-<id>.
 * Live sessions and sessions without output are refused with LTTng's
 * errors.
 *
 * Automatic rotations (lttng enable-rotation): a session has at most one
 * periodic schedule (every rot_timer_us while it is active, counted from
 * its start or from the schedule's creation) and one size schedule (once
 * its current chunk holds rot_size bytes of packets: out_chunk.bytes, so
 * the count restarts at every rotation, as LTTng's consumed size since
 * the last rotation).  One scheduler thread looks at the sessions every
 * SCHED_TICK_MS (sooner for a periodic deadline), under sd_lock, and
 * never waits for a session: a due one is rotated in a thread of its own
 * (rotation_worker(), one at a time per session: rot_busy), which takes
 * the session's lock (a bounded wait) and does the rotation's I/O as
 * `lttng rotate` does, without sd_lock.  So a session whose output
 * stalls delays its own rotations only, never another session's or the
 * scheduler, which the daemon's shutdown joins.  The size of a chunk is
 * read with the session's lock (its writers hold it), only tried under
 * sd_lock: a session busy with a command is looked at again next tick.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "relayd.h"
#include "sessiond.h"
#include "ust.h"

#define TMP_NEW_CHUNK	".tmp_new_chunk"
#define ARCHIVES_DIR	"archives"
/* How long a rotation waits for the UST readers (a ring whose writer
 * died inside a sub-buffer is read past it once the session stops). */
#define UST_WAIT_MS	30000
/* The scheduler's look at the size schedules; after a failed automatic
 * rotation, the next try waits SCHED_RETRY_MS. */
#define SCHED_TICK_MS	100
#define SCHED_RETRY_MS	1000

/* LTTng's ISO 8601 form of t: 20261206T003000+0000 (local time). */
static int iso8601(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    !strftime(buf, len, "%Y%m%dT%H%M%S%z", &tm))
		return -1;
	return 0;
}

struct move_args {
	const char *output;
	const char *old_dir;		/* "" = the output directory */
	const char *archive;		/* name in archives/ */
	const char *new_dir;		/* .tmp_new_chunk's name, or NULL */
};

/* With the owner's credentials: the previous chunk into archives/, the
 * new one to its name. */
static int move_chunks(void *arg)
{
	const struct move_args *m = arg;
	static const char *const domains[] = { "kernel", "ust" };
	int out, arch = -1, ret = 0;
	unsigned int i;

	out = open(m->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (out < 0)
		return -errno;
	if (mkdirat(out, ARCHIVES_DIR, 0770) < 0 && errno != EEXIST)
		ret = -errno;
	if (!ret) {
		arch = openat(out, ARCHIVES_DIR,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (arch < 0)
			ret = -errno;
	}
	if (!ret && m->old_dir[0]) {
		if (renameat(out, m->old_dir, arch, m->archive) < 0)
			ret = -errno;
	} else if (!ret) {
		int dst;

		if (mkdirat(arch, m->archive, 0770) < 0 && errno != EEXIST)
			ret = -errno;
		dst = ret ? -1 : openat(arch, m->archive, O_RDONLY |
					O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (!ret && dst < 0)
			ret = -errno;
		for (i = 0; !ret && i < 2; i++)
			if (renameat(out, domains[i], dst, domains[i]) < 0 &&
			    errno != ENOENT)
				ret = -errno;
		if (dst >= 0)
			close(dst);
	}
	if (!ret && m->new_dir &&
	    renameat(out, TMP_NEW_CHUNK, out, m->new_dir) < 0)
		ret = -errno;
	if (arch >= 0)
		close(arch);
	close(out);
	return ret;
}

/* Archives the current chunk (its files are all closed or switched):
 * renames, the archive's absolute path in path.  next_begin: the new
 * chunk's creation, 0 when there is none (destroy). */
static int archive_chunk(struct sd_session *s, time_t end, time_t next_begin,
			 char *path, size_t len)
{
	char b[32], e[32], nb[32], archive[96], new_dir[64];
	struct move_args m = {
		.output = s->output,
		.old_dir = s->chunk_dir,
		.archive = archive,
		.new_dir = next_begin ? new_dir : NULL,
	};
	int ret;

	if (iso8601(s->chunk_begin, b, sizeof(b)) ||
	    iso8601(end, e, sizeof(e)) ||
	    (next_begin && iso8601(next_begin, nb, sizeof(nb))))
		return -LTTNG_ERR_ROTATION_FAIL_CONSUMER;
	snprintf(archive, sizeof(archive), "%s-%s-%llu", b, e,
		 (unsigned long long)s->chunk_id);
	if (next_begin)
		snprintf(new_dir, sizeof(new_dir), "%s-%llu", nb,
			 (unsigned long long)(s->chunk_id + 1));
	ret = sd_run_as(s->uid, s->gid, move_chunks, &m);
	if (ret) {
		SD_ERR("Session %s: cannot archive trace chunk %s: %s",
		       s->name, archive, ret < 0 && ret > -4096 ?
		       strerror(-ret) : "error");
		return ret < 0 && ret > -LTTNG_ERR_NR ?
		       ret : -LTTNG_ERR_ROTATION_FAIL_CONSUMER;
	}
	if (path && snprintf(path, len, "%s/%s/%s", s->output, ARCHIVES_DIR,
			     archive) >= (int)len)
		path[0] = '\0';
	if (next_begin) {
		snprintf(s->chunk_dir, sizeof(s->chunk_dir), "%s", new_dir);
		s->chunk_begin = next_begin;
		s->chunk_id++;
	}
	SD_INFO("Session %s: trace chunk archived as %s/%s/%s", s->name,
		s->output, ARCHIVES_DIR, archive);
	return 0;
}

int rotation_switch_chunk(struct sd_session *s, const char *what)
{
	char dir[LTTCOMM_PATH_MAX];
	struct out_chunk_attr a = {
		.path = dir,
		.uid = s->uid,
		.gid = s->gid,
		.label = s->name,
		.write_error = &s->write_error,
	};
	struct out_chunk *prev = s->chunk, *next;
	int ret, waited = 0;

	if (s->network)
		ret = relayd_chunk_next(s, &next);
	else if (snprintf(dir, sizeof(dir), "%s/%s", s->output,
			  TMP_NEW_CHUNK) >= (int)sizeof(dir))
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	else
		ret = out_chunk_open(&a, &next);
	if (ret)
		return ret;
	s->chunk = next;
	ret = consumer_rotate(s);
	if (!ret)
		ret = ust_owners_rotate(s);
	while (!ret && ust_rotation_pending(s->ust_key)) {
		if (waited++ >= UST_WAIT_MS) {
			SD_ERR("Session %s: %s: the user-space readers did not reach the switch point",
			       s->name, what);
			ret = -LTTNG_ERR_ROTATION_FAIL_CONSUMER;
			break;
		}
		usleep(1000);
	}
	if (ret) {
		SD_ERR("Session %s: %s failed", s->name, what);
		/* what was switched stays in the new chunk: still a trace */
	}
	if (prev) {
		/* the streams that were switched dropped their references */
		out_chunk_detach(prev);
		out_chunk_put(prev);
	}
	return ret;
}

void rotation_location(const struct sd_session *s,
		       struct lttcomm_rotate_info *info)
{
	if (!s->network)
		return;
	snprintf(info->relay_host, sizeof(info->relay_host), "%s",
		 s->ctrl.addr);
	info->ctrl_port = s->ctrl.port;
	info->data_port = s->data.port;
}

int rotation_relayd(struct sd_session *s, enum relayd_chunk_command cmd,
		    const char *what, char *path, size_t len)
{
	struct out_chunk *prev;
	char rel[LTTCOMM_PATH_MAX];
	int ret, ret2;

	/* nothing written yet: the relay daemon's chunk 0 all the same */
	ret = consumer_session_chunk(s, &prev);
	if (ret)
		return ret;
	out_chunk_get(prev);
	/* a failure leaves what switched in the new chunk, the relay daemon
	 * closes the old one all the same */
	ret = rotation_switch_chunk(s, what);
	if (s->chunk == prev) {
		out_chunk_put(prev);
		return ret ? ret : -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	rel[0] = '\0';
	ret2 = relayd_chunk_finish(prev, cmd, 1, rel, sizeof(rel));
	out_chunk_put(prev);
	s->chunk_id = relayd_chunk_id(s->chunk);
	s->chunk_begin = time(NULL);
	if (ret2) {
		SD_ERR("Session %s: %s: lttng-relayd did not close trace chunk %llu: %s",
		       s->name, what, (unsigned long long)s->chunk_id - 1,
		       strerror(-ret2));
		return -LTTNG_ERR_RELAYD_CONNECT_FAIL;
	}
	if (path && len)
		snprintf(path, len, "%s", rel);
	SD_INFO("Session %s: %s: lttng-relayd's trace chunk now %s", s->name,
		what, rel);
	return ret;
}

static int rotate(struct sd_session *s, char *path, size_t len)
{
	time_t now = time(NULL);
	int ret;

	if (s->network) {
		ret = rotation_relayd(s, RELAYD_CHUNK_CMD_MOVE_TO_COMPLETED,
				      "rotation", path, len);
		if (ret == -LTTNG_ERR_RELAYD_CONNECT_FAIL)
			ret = -LTTNG_ERR_ROTATION_FAIL_CONSUMER;
		s->rotated = 1;
		if (!s->active)
			s->rotated_after_stop = 1;
		return ret;
	}
	/* a failure leaves what switched in the new chunk: archived anyway */
	rotation_switch_chunk(s, "rotation");
	if (!s->chunk_begin)
		s->chunk_begin = now;
	ret = archive_chunk(s, now, now, path, len);
	s->rotated = 1;
	if (!s->active)
		s->rotated_after_stop = 1;
	return ret;
}

/* The session's lock only: the rotation and its archive as the reply. */
static int rotate_io(struct cmd_ctx *ctx, struct sd_session *s,
		     int sd_locked)
{
	struct lttcomm_rotate_info info;
	int ret;

	(void)sd_locked;
	memset(&info, 0, sizeof(info));
	info.chunk_id = s->chunk_id;
	ret = rotate(s, info.path, sizeof(info.path));
	if (ret)
		return ret;
	rotation_location(s, &info);
	return reply_add(ctx, &info, sizeof(info));
}

/* sd_lock held: what LTTng refuses; rotate_io() does the rest. */
int cmd_rotate(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	if (!s->started_once)
		return -LTTNG_ERR_START_SESSION_ONCE;
	if (s->live_timer_us || s->no_output || s->snapshot)
		return -LTTNG_ERR_ROTATION_NOT_AVAILABLE;
	if (s->network && (!relayd_session_conn(s) ||
			    relayd_session_conn(s)->minor < 11))
		return -LTTNG_ERR_ROTATION_NOT_AVAILABLE_RELAY;
	if (s->rotated_after_stop)
		return -LTTNG_ERR_ROTATION_MULTIPLE_AFTER_STOP;
	if (s->cleared_after_stop)
		return -LTTNG_ERR_ROTATION_AFTER_STOP_CLEAR;
	ctx->io = rotate_io;
	ctx->io_sess = s;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *f)
{
	(void)st;
	(void)f;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -errno : 0;
}

/* rm -r of an absolute path, with the owner's credentials. */
int rotation_remove_tree(void *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void rotation_session_end(struct sd_session *s)
{
	char dir[LTTCOMM_PATH_MAX];

	if (s->network && s->rotated && s->chunk) {
		/* its last streams close with the session: not waited for */
		if (relayd_chunk_finish(s->chunk,
					RELAYD_CHUNK_CMD_MOVE_TO_COMPLETED, 0,
					s->last_archive,
					sizeof(s->last_archive)))
			s->last_archive[0] = '\0';
		return;
	}
	if (!s->rotated || s->no_output || s->network || !s->chunk_begin)
		return;
	if (!s->rotated_after_stop) {
		if (archive_chunk(s, time(NULL), 0, s->last_archive,
				  sizeof(s->last_archive)))
			s->last_archive[0] = '\0';
		return;
	}
	/* rotated while inactive and not started since: LTTng has no chunk
	 * then, ours only holds metadata (its files are closed by now for
	 * the kernel; the UST ones are written no more) */
	if (s->chunk_dir[0] &&
	    snprintf(dir, sizeof(dir), "%s/%s", s->output, s->chunk_dir) <
	    (int)sizeof(dir) && sd_run_as(s->uid, s->gid, rotation_remove_tree, dir))
		SD_WARN("Session %s: cannot remove %s", s->name, dir);
}

/* --- automatic rotations ------------------------------------------------ */

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void rotation_session_started(struct sd_session *s)
{
	/* the first chunk begins with the first start, as LTTng's */
	if (!s->chunk_begin)
		s->chunk_begin = time(NULL);
	if (s->rot_timer_us)
		s->rot_next_us = mono_us() + s->rot_timer_us;
}

int cmd_rotation_set_schedule(struct cmd_ctx *ctx)
{
	const struct lttcomm_rotation_schedule *r = ctx->req;
	int periodic = r->type == LTTCOMM_ROTATION_PERIODIC;
	struct sd_session *s = ctx->sess;
	uint64_t *value;

	/* LTTng: not for live sessions nor sessions without output (and
	 * so not for snapshot sessions) */
	if (s->live_timer_us || s->no_output || s->snapshot)
		return -LTTNG_ERR_ROTATION_NOT_AVAILABLE;
	/* LTTng's bounds: a period below 2^32 us, no value of 0 or -1 */
	if (r->activate && (!r->value || r->value == UINT64_MAX ||
			    (periodic && r->value >= UINT32_MAX)))
		return -LTTNG_ERR_INVALID;
	value = periodic ? &s->rot_timer_us : &s->rot_size;
	if (r->activate && *value)
		return -LTTNG_ERR_ROTATION_SCHEDULE_SET;
	if (!r->activate && !*value)
		return -LTTNG_ERR_ROTATION_SCHEDULE_NOT_SET;
	*value = r->activate ? r->value : 0;
	if (periodic && s->active)
		s->rot_next_us = mono_us() + s->rot_timer_us;
	s->rot_retry_us = 0;
	SD_INFO("Session %s: %s rotation %s%s%llu %s", s->name,
		periodic ? "periodic" : "size-based",
		r->activate ? "enabled" : "disabled",
		r->activate ? ", every " : "", r->activate ?
		(unsigned long long)r->value : 0ULL,
		r->activate ? (periodic ? "us" : "bytes") : "");
	return 0;
}

int cmd_list_rotation_schedules(struct cmd_ctx *ctx)
{
	struct lttcomm_rotation_schedule rec;
	struct sd_session *s = ctx->sess;
	int ret = 0;

	memset(&rec, 0, sizeof(rec));
	snprintf(rec.session, sizeof(rec.session), "%s", s->name);
	rec.activate = 1;
	if (s->rot_timer_us) {
		rec.type = LTTCOMM_ROTATION_PERIODIC;
		rec.value = s->rot_timer_us;
		ret = reply_add(ctx, &rec, sizeof(rec));
	}
	if (!ret && s->rot_size) {
		rec.type = LTTCOMM_ROTATION_SIZE;
		rec.value = s->rot_size;
		ret = reply_add(ctx, &rec, sizeof(rec));
	}
	return ret;
}

/* The bytes of packets s's current chunk holds, read with s's lock
 * (which every writer of s->chunk holds); under sd_lock it is only tried
 * (against the order), 0 while another thread holds it. */
static uint64_t chunk_bytes(struct sd_session *s, int locked)
{
	uint64_t bytes = 0;

	if (!locked && pthread_mutex_trylock(&s->lock))
		return 0;
	if (s->chunk)
		bytes = __atomic_load_n(&s->chunk->bytes, __ATOMIC_RELAXED);
	if (!locked)
		pthread_mutex_unlock(&s->lock);
	return bytes;
}

/* sd_lock held (and s's lock when locked): what makes s due for an
 * automatic rotation now, NULL if nothing. */
static const char *rotation_due(struct sd_session *s, uint64_t now,
				int locked)
{
	if (s->gone || !s->active || s->no_output || s->live_timer_us ||
	    now < s->rot_retry_us || (s->rot_busy && !locked))
		return NULL;
	if (s->rot_timer_us && now >= s->rot_next_us)
		return "periodic";
	if (s->rot_size && chunk_bytes(s, locked) >= s->rot_size)
		return "size-based";
	return NULL;
}

/*
 * One automatic rotation of s (referenced, rot_busy set by the
 * scheduler): s's lock, waited for SD_LOCK_WAIT_MS at most (a command
 * stuck in a stalled output holds it: tried again after SCHED_RETRY_MS),
 * then, if s is still due, the rotation without sd_lock.
 */
static void *rotation_worker(void *arg)
{
	struct sd_session *s = arg;
	char path[LTTCOMM_PATH_MAX];
	const char *why = NULL;
	int locked = !session_lock_moving(s, SD_LOCK_WAIT_MS,
						 SD_LOCK_WAIT_MS), ret = 0;
	uint64_t now;

	pthread_mutex_lock(&sd_lock);
	now = mono_us();
	if (locked)
		why = rotation_due(s, now, 1);
	else
		s->rot_retry_us = now + SCHED_RETRY_MS * 1000ULL;
	if (why && s->rot_timer_us && now >= s->rot_next_us) {
		/* a period, not a delay after the last one: a late
		 * rotation does not shift the next */
		s->rot_next_us += s->rot_timer_us;
		if (s->rot_next_us <= now)
			s->rot_next_us = now + s->rot_timer_us;
	}
	pthread_mutex_unlock(&sd_lock);
	if (why)
		ret = rotate(s, path, sizeof(path));
	pthread_mutex_lock(&sd_lock);
	if (ret)
		s->rot_retry_us = mono_us() + SCHED_RETRY_MS * 1000ULL;
	s->rot_busy = 0;
	pthread_mutex_unlock(&sd_lock);
	if (!locked)
		SD_ERR("Session %s: busy, its automatic rotation waits",
		       s->name);
	else if (ret)
		SD_ERR("Session %s: %s rotation failed", s->name, why);
	else if (why)
		SD_INFO("Session %s: %s rotation: %s", s->name, why, path);
	if (locked)
		pthread_mutex_unlock(&s->lock);
	session_put(s);
	return NULL;
}

/* sd_lock held: s's automatic rotation handed to a thread of its own. */
static void rotation_spawn(struct sd_session *s, uint64_t now)
{
	int ret;

	s->rot_busy = 1;
	session_get(s);
	ret = sd_spawn_detached(rotation_worker, s, SD_SMALL_STACK);
	if (!ret)
		return;
	SD_ERR("Session %s: cannot start its automatic rotation: %s",
	       s->name, strerror(ret));
	s->rot_busy = 0;
	s->rot_retry_us = now + SCHED_RETRY_MS * 1000ULL;
	session_put(s);		/* the list still holds one */
}

/* One look at every session under sd_lock: each due one handed to its
 * rotation_worker().  The delay until the next periodic deadline, in ms,
 * at most SCHED_TICK_MS. */
static long rotation_tick(void)
{
	uint64_t now, wait_us = SCHED_TICK_MS * 1000ULL;
	struct sd_session *s;

	pthread_mutex_lock(&sd_lock);
	now = mono_us();
	for (s = session_first(); s; s = s->next) {
		if (rotation_due(s, now, 0))
			rotation_spawn(s, now);
		else if (s->active && s->rot_timer_us && !s->rot_busy &&
			 s->rot_next_us > now &&
			 s->rot_next_us - now < wait_us)
			wait_us = s->rot_next_us - now;
	}
	pthread_mutex_unlock(&sd_lock);
	return (long)((wait_us + 999) / 1000);
}

static pthread_t sched_thread;
static int sched_running;
static int sched_stop;
static pthread_mutex_t sched_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sched_cond;

static void *scheduler(void *arg)
{
	struct timespec ts;
	long ms;

	(void)arg;
	pthread_mutex_lock(&sched_mutex);
	while (!sched_stop) {
		pthread_mutex_unlock(&sched_mutex);
		ms = rotation_tick();
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += ms / 1000;
		ts.tv_nsec += (ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&sched_mutex);
		if (!sched_stop)
			pthread_cond_timedwait(&sched_cond, &sched_mutex, &ts);
	}
	pthread_mutex_unlock(&sched_mutex);
	return NULL;
}

int rotation_scheduler_start(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&sched_cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&sched_thread, NULL, scheduler, NULL)) {
		SD_ERR("Cannot start the rotation scheduler");
		return -1;
	}
	sched_running = 1;
	return 0;
}

void rotation_scheduler_stop(void)
{
	if (!sched_running)
		return;
	pthread_mutex_lock(&sched_mutex);
	sched_stop = 1;
	pthread_cond_signal(&sched_cond);
	pthread_mutex_unlock(&sched_mutex);
	pthread_join(sched_thread, NULL);
	sched_running = 0;
}
