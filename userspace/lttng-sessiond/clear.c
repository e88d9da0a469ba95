// SPDX-License-Identifier: GPL-2.0-only
/*
 * clear.c - lttng clear and lttng regenerate metadata|statedump.
 *
 * Clear (LTTng 2.13's rules): a session never started has nothing to
 * clear (success); after a stop, the first clear or rotation is the only
 * one that does something until the next start (later clears succeed
 * doing nothing; a rotation is refused, rotation.c).
 *   - Sessions with a local output: a rotation whose previous chunk is
 *     deleted instead of archived.  The next chunk is opened in
 *     <output>/.tmp_new_chunk and every stream switches to it exactly as
 *     for a rotation (consumer_rotate, ust_owners_rotate: each buffer is
 *     flushed and read out into the old files first, so a packet is
 *     either before the clear, and deleted, or after it, and kept; each
 *     new metadata file starts with all the metadata).  Then the old
 *     chunk's kernel/ and ust/ trees are removed and the new ones take
 *     their place (renames: the open files stay valid), so the trace
 *     stays where it was: <output>/kernel, <output>/ust, or the
 *     <begin>-<n> directory of a session rotated before.
 *   - Snapshot and --no-output sessions (nobody reads the buffers): the
 *     kernel streams are emptied by the module (LTTNG_STREAM_CLEAR); the
 *     user-space rings are flushed and snapshots read from that point on.
 *   - Network sessions (lttng-relayd 2.12+ allowing it, else LTTng's
 *     LTTNG_ERR_CLEAR_NOT_AVAILABLE_RELAY): a rotation to the relay
 *     daemon's next chunk (rotation.c) whose previous chunk is closed
 *     with "delete": the relay daemon removes it once its streams are
 *     closed, and the new one takes the session directory's place (or
 *     <begin>-<n> after a rotation), as LTTng's clear.
 * A tracing session's kernel tracer is stopped around the clear and
 * started again, as LTTng's: the start records a statedump, so the
 * cleared trace (or the buffers of a snapshot session) begins with one.
 * The user-space rings go on (the switch above splits them exactly), so
 * no lttng_ust_statedump:* follows the clear (LTTng's restart of the
 * applications records one: not done).
 *
 * Regenerate metadata: refused for live sessions, inactive ones and
 * per-PID user-space channels (LTTng's errors); the metadata files of the
 * current chunk are written again from the start, with the text as it is
 * now (kernel: consumer.c; user space: ust-consumer.c).  Snapshot
 * sessions write the whole metadata at each record: nothing to do.
 * Regenerate statedump: active sessions; the kernel tracer records its
 * statedump again (LTTNG_SESSION_STATEDUMP); every application traced by
 * the session records its lttng_ust_statedump:* events again.
 *
 * Locking: the handlers check what LTTng refuses under sd_lock; a clear's
 * and a metadata regeneration's work (new chunk, stream switches,
 * renames, removals, metadata files) is their I/O part (clear_io(),
 * regen_io()), which cmd.c's dispatcher runs after dropping sd_lock, with
 * the session's lock alone: a stalled output holds up its own session
 * only.  A statedump writes no file (the tracers record it into their
 * buffers, read by the consumers as any record): it runs whole under
 * sd_lock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "output.h"
#include "relayd.h"
#include "sessiond.h"
#include "ust.h"

#define TMP_NEW_CHUNK	".tmp_new_chunk"

struct swap_args {
	char old[LTTCOMM_PATH_MAX];	/* the cleared chunk's directory */
	char tmp[LTTCOMM_PATH_MAX];	/* the new chunk's */
	int in_place;			/* old is the output itself: move
					 * the domains, not the directory */
};

/* With the owner's credentials: the old chunk's traces removed, the new
 * chunk's in their place. */
static int swap_chunks(void *arg)
{
	static const char *const domains[] = { "kernel", "ust" };
	const struct swap_args *a = arg;
	char from[LTTCOMM_PATH_MAX + 16], to[LTTCOMM_PATH_MAX + 16];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct stat st;

		snprintf(to, sizeof(to), "%s/%s", a->old, domains[i]);
		if (!lstat(to, &st) && rotation_remove_tree(to))
			return -EIO;
	}
	if (!a->in_place) {
		if (rmdir(a->old) < 0 && errno != ENOENT)
			return -errno;
		return rename(a->tmp, a->old) < 0 ? -errno : 0;
	}
	for (i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s/%s", a->tmp, domains[i]);
		snprintf(to, sizeof(to), "%s/%s", a->old, domains[i]);
		if (rename(from, to) < 0 && errno != ENOENT)
			return -errno;
	}
	return rmdir(a->tmp) < 0 ? -errno : 0;
}

/* The current chunk's trace files deleted, the streams writing to new
 * ones in the same place. */
static int clear_chunk(struct sd_session *s)
{
	struct swap_args sw;
	struct out_chunk_attr a = {
		.path = sw.tmp,
		.uid = s->uid,
		.gid = s->gid,
		.label = s->name,
		.write_error = &s->write_error,
	};
	struct out_chunk *next, *here;
	int ret;

	memset(&sw, 0, sizeof(sw));
	if (snprintf(sw.tmp, sizeof(sw.tmp), "%s/%s", s->output,
		     TMP_NEW_CHUNK) >= (int)sizeof(sw.tmp) ||
	    snprintf(sw.old, sizeof(sw.old), "%s%s%s", s->output,
		     s->chunk_dir[0] ? "/" : "", s->chunk_dir) >=
	    (int)sizeof(sw.old))
		return -LTTNG_ERR_CREATE_DIR_FAIL;
	sw.in_place = !s->chunk_dir[0];
	if (!s->chunk)
		return 0;		/* nothing was ever written */
	ret = rotation_switch_chunk(s, "clear");
	if (ret) {
		/* the streams that switched write to .tmp_new_chunk: still
		 * a trace, kept */
		return -LTTNG_ERR_CLEAR_FAIL_CONSUMER;
	}
	next = s->chunk;
	ret = sd_run_as(s->uid, s->gid, swap_chunks, &sw);
	if (ret) {
		SD_ERR("Session %s: clear: cannot replace %s: %s", s->name,
		       sw.old, ret < 0 && ret > -4096 ? strerror(-ret) : "error");
		return -LTTNG_ERR_CLEAR_FAIL_CONSUMER;
	}
	if (!sw.in_place)
		return 0;	/* the chunk's directory was renamed */
	/* files opened from now on (a new application's) go to the output
	 * itself; the open ones hold their own reference on the old one */
	a.path = s->output;
	ret = out_chunk_open(&a, &here);
	if (ret)
		return ret;
	s->chunk = here;
	out_chunk_put(next);
	return 0;
}

/* The kernel tracer of an active session stopped (LTTNG_SESSION_STOP:
 * its buffers flushed) for the clear; 1 when it must be started again. */
static int kernel_pause(struct sd_session *s, int *ret)
{
	*ret = 0;
	if (!s->active || !s->ksess || s->ksess->fd < 0)
		return 0;
	*ret = kernel_stop(s);
	return !*ret;
}

/* ... and started again: a new statedump. */
static int kernel_resume(struct sd_session *s)
{
	if (ioctl(s->ksess->fd, LTTNG_SESSION_START) < 0) {
		SD_ERR("Session %s: kernel start after the clear: %s", s->name,
		       strerror(errno));
		return -LTTNG_ERR_KERN_START_FAIL;
	}
	return 0;
}

/* The session's lock only: the clear itself. */
static int clear_io(struct cmd_ctx *ctx, struct sd_session *s, int sd_locked)
{
	int ret, paused, ret2;

	(void)ctx;
	(void)sd_locked;
	paused = kernel_pause(s, &ret);
	if (ret)
		return ret;
	if (s->network && !s->snapshot) {
		ret = rotation_relayd(s, RELAYD_CHUNK_CMD_DELETE, "clear",
				      NULL, 0);
		if (ret)
			ret = -LTTNG_ERR_CLEAR_FAIL_CONSUMER;
	} else if (s->no_output) {
		ret = consumer_clear_buffers(s);
		ust_owners_clear_rings(s);
	} else {
		ret = clear_chunk(s);
	}
	if (paused) {
		ret2 = kernel_resume(s);
		if (!ret)
			ret = ret2;
	}
	if (ret)
		return ret;
	if (!s->active)
		s->cleared_after_stop = 1;
	SD_INFO("Session %s cleared", s->name);
	return 0;
}

/* sd_lock held: what LTTng refuses or has nothing to do; clear_io() does
 * the rest. */
int cmd_clear(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	if (!s->started_once)
		return 0;		/* nothing to clear: not an error */
	/* LTTng: a relay daemon 2.12+ that allows it (not started with
	 * --disallow-clear) */
	if (s->network && (!relayd_session_conn(s) ||
			    !relayd_allows_clear(relayd_session_conn(s))))
		return -LTTNG_ERR_CLEAR_NOT_AVAILABLE_RELAY;
	if (s->cleared_after_stop || s->rotated_after_stop)
		return 0;		/* already nothing since the stop */
	ctx->io = clear_io;
	ctx->io_sess = s;
	return 0;
}

/* The session's lock only: the metadata files written again. */
static int regen_io(struct cmd_ctx *ctx, struct sd_session *s, int sd_locked)
{
	int ret;

	(void)ctx;
	(void)sd_locked;
	ret = consumer_regen_metadata(s);
	if (!ret)
		ret = ust_owners_regen_metadata(s);
	if (!ret)
		SD_INFO("Session %s: metadata regenerated", s->name);
	return ret;
}

/* sd_lock held: what LTTng refuses; regen_io() does the rest. */
int cmd_regenerate_metadata(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	if (s->live_timer_us)
		return -LTTNG_ERR_LIVE_SESSION;
	if (!s->active)
		return -LTTNG_ERR_SESSION_NOT_STARTED;
	if (s->ust.channels &&
	    s->ust.channels->attr.buffer_type == LTTCOMM_BUFFER_PER_PID)
		return -LTTNG_ERR_PER_PID_SESSION;
	if (s->network)
		return -LTTNG_ERR_NOT_SUPPORTED;	/* our relay client */
	if (s->no_output)
		return 0;	/* each snapshot writes all the metadata */
	ctx->io = regen_io;
	ctx->io_sess = s;
	return 0;
}

int cmd_regenerate_statedump(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	if (!s->active)
		return -LTTNG_ERR_SESSION_NOT_STARTED;
	if (s->ksess && s->ksess->fd >= 0 &&
	    ioctl(s->ksess->fd, LTTNG_SESSION_STATEDUMP, 0) < 0) {
		SD_ERR("Session %s: kernel statedump: %s", s->name,
		       strerror(errno));
		return errno == ENOMEM ? -LTTNG_ERR_REGEN_STATEDUMP_NOMEM :
		       -LTTNG_ERR_REGEN_STATEDUMP_FAIL;
	}
	if (s->ust.channels)
		ust_session_statedump(s);
	SD_INFO("Session %s: statedump regenerated", s->name);
	return 0;
}
