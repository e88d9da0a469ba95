// SPDX-License-Identifier: GPL-2.0-only
/*
 * session.c - the session registry.
 *
 * A singly linked list of sessions, protected by sd_lock (held by the
 * caller for every function here but session_get/session_put).
 *
 * Locking order (the whole daemon; cmd.c's dispatcher takes them):
 *   1. sd_session.lock: one session's commands, one at a time, and its
 *      output I/O: file creation at start (kernel streams, and the
 *      applications' buffers, files and metadata, ust_sync_session()),
 *      the drain at stop, the teardown at destroy, a snapshot record,
 *      the applications' sync after a command changed the session, an
 *      application's joining it at registration (ust.c, reg_join()), the
 *      start and the destroy of sessions `lttng load` made or replaced,
 *      a rotation (manual or automatic), a clear, a metadata
 *      regeneration:
 *      all with this lock only, never with sd_lock or apps_lock.  A
 *      thread holds one session's lock at a time (but the load's
 *      dispatcher, which takes the loaded sessions' with a bound: cmd.c,
 *      run_later()); it is waited for a bounded time (the dispatcher,
 *      the teardown, a registration: a holder stuck in a stalled output
 *      makes the others give up, with an error, not wait with it);
 *   2. sd_lock (main.c): this list, lookups and the short state changes
 *      of every handler (cmd_run()); never held across a file-system
 *      call on a user's path (`lttng load` reads its files before it,
 *      load.c; but the exception below) or a wait for an application;
 *   3. per-subsystem locks taken under either: consume_lock (one kernel
 *      session's consumer thread, which holds it while writing: taken
 *      under sd_lock only with consumer_lock_bounded()), apps_lock (ust.c;
 *      the registry of applications and their queued commands, never
 *      held across a file-system call: a registration takes it under
 *      sd_lock only to enter the application and choose the sessions it
 *      joins), then ust_cons_lock (ust-consumer.c, never held across
 *      I/O), relayd locks, note_lock (output.c).
 * Never: sd_lock, then a session's lock (cmd_run_locked() only tries, a
 * bounded time), nor apps_lock, then sd_lock.
 * A rotation (`lttng rotate`, and the automatic ones, each in a thread
 * of its own: rotation.c), a clear, a metadata regeneration (clear.c)
 * and the archive of a rotated session's last chunk at destroy do their
 * file-system I/O with the session's lock alone, as a start does.
 * What still holds sd_lock across something slow: nothing on a user's
 * path; a statedump (clear.c) writes no file.
 * A session struct lives while referenced: the list holds one reference,
 * each command that acts on it another (taken under sd_lock), so a
 * command that drops sd_lock for its I/O still has its session.  A session records what the user asked
 * for, per domain: channels with their attributes, events, contexts and
 * trackers.  For the kernel domain, kernel.c mirrors this state onto the
 * module's objects (fds stored in the same structures); the UST domain
 * exists as state only.
 *
 * Ownership: a session belongs to the uid/gid of the client that created
 * it; only that uid or root sees it.  Names are unique in the daemon.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sessiond.h"

static struct sd_session *sessions;

struct sd_session *session_first(void)
{
	return sessions;
}

int session_visible(const struct sd_session *s, uid_t uid)
{
	return uid == 0 || s->uid == uid;
}

static struct sd_session *find_any(const char *name)
{
	struct sd_session *s;

	for (s = sessions; s; s = s->next)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

struct sd_session *session_find(const char *name, uid_t uid)
{
	struct sd_session *s = find_any(name);

	return s && session_visible(s, uid) ? s : NULL;
}

static void domain_init(struct sd_domain *d)
{
	memset(d, 0, sizeof(*d));
	tracker_reset(d);
}

void tracker_reset(struct sd_domain *d)
{
	unsigned int i;

	for (i = 0; i <= LTTCOMM_TRACKER_VGID; i++) {
		d->trackers[i].all = 1;
		d->trackers[i].nr = 0;
	}
}

int session_create(const char *name, const char *output, int no_output,
		   uid_t uid, gid_t gid, const char *home,
		   struct sd_session **out)
{
	char datetime[32];
	struct sd_session *s;
	time_t now = time(NULL);
	int auto_name = name[0] == '\0';
	int ret, n;

	if (lttcomm_format_datetime(now, datetime, sizeof(datetime)))
		return -LTTNG_ERR_UNK;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -LTTNG_ERR_NOMEM;
	if (auto_name) {
		snprintf(s->name, sizeof(s->name), "auto-%s", datetime);
	} else {
		ret = lttcomm_check_session_name(name);
		if (ret) {
			free(s);
			return ret;
		}
		strcpy(s->name, name);
	}
	if (find_any(s->name)) {
		free(s);
		return -LTTNG_ERR_EXIST_SESS;
	}
	if (no_output) {
		s->no_output = 1;
	} else if (output[0]) {
		if (output[0] != '/') {
			free(s);
			return -LTTNG_ERR_INVALID;
		}
		strcpy(s->output, output);
	} else {
		if (!home || home[0] != '/') {
			free(s);
			return -LTTNG_ERR_INVALID;
		}
		/* auto-<datetime> already carries its date. */
		if (auto_name)
			n = snprintf(s->output, sizeof(s->output),
				     "%s/lttng-traces/%s", home, s->name);
		else
			n = snprintf(s->output, sizeof(s->output),
				     "%s/lttng-traces/%s-%s", home, s->name,
				     datetime);
		if (n < 0 || (size_t)n >= sizeof(s->output)) {
			free(s);
			return -LTTNG_ERR_INVALID;
		}
	}
	/* Strip trailing slashes of a user-given output ("/" stays). */
	n = (int)strlen(s->output);
	while (n > 1 && s->output[n - 1] == '/')
		s->output[--n] = '\0';
	s->uid = uid;
	s->gid = gid;
	s->creation_time = now;
	domain_init(&s->kernel);
	domain_init(&s->ust);
	pthread_mutex_init(&s->lock, NULL);
	s->refs = 1;
	s->next = sessions;
	sessions = s;
	*out = s;
	return 0;
}

static void event_free_list(struct sd_event *e)
{
	while (e) {
		struct sd_event *n = e->next;

		free(e);
		e = n;
	}
}

static void context_free_list(struct sd_context *c)
{
	while (c) {
		struct sd_context *n = c->next;

		free(c);
		c = n;
	}
}

void channel_free_list(struct sd_domain *d)
{
	struct sd_channel *c = d->channels;

	while (c) {
		struct sd_channel *n = c->next;

		event_free_list(c->events);
		context_free_list(c->contexts);
		free(c->streams);
		free(c);
		c = n;
	}
	d->channels = NULL;
}

void session_unlink(struct sd_session *s)
{
	struct sd_session **pp;

	for (pp = &sessions; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	s->next = NULL;
	s->gone = 1;
}

void session_get(struct sd_session *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_ACQ_REL);
}

void session_put(struct sd_session *s)
{
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL))
		return;
	channel_free_list(&s->kernel);
	channel_free_list(&s->ust);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void sd_deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int sd_timedlock(pthread_mutex_t *m, long ms)
{
	struct timespec ts;

	sd_deadline(&ts, ms);
	return pthread_mutex_timedlock(m, &ts) ? -ETIMEDOUT : 0;
}

int sd_spawn_detached(void *(*fn)(void *), void *arg, size_t stack)
{
	pthread_attr_t attr;
	pthread_t t;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (stack)
		pthread_attr_setstacksize(&attr, stack);
	ret = pthread_create(&t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return ret;
}

int session_lock_moving(struct sd_session *s, long slice_ms, long max_ms)
{
	unsigned int seen = __atomic_load_n(&s->lock_turns, __ATOMIC_RELAXED);
	long waited = 0;

	for (;;) {
		long slice = slice_ms < max_ms - waited ? slice_ms :
			     max_ms - waited;
		unsigned int now;

		if (!sd_timedlock(&s->lock, slice)) {
			__atomic_add_fetch(&s->lock_turns, 1, __ATOMIC_RELAXED);
			return 0;
		}
		waited += slice;
		now = __atomic_load_n(&s->lock_turns, __ATOMIC_RELAXED);
		/* a holder stuck (no turn in a whole slice) or time is up */
		if (now == seen || waited >= max_ms)
			return -ETIMEDOUT;
		seen = now;
	}
}

void session_free(struct sd_session *s)
{
	session_unlink(s);
	session_put(s);
}

void session_fill_info(const struct sd_session *s,
		       struct lttcomm_session_info *info)
{
	memset(info, 0, sizeof(*info));
	strcpy(info->name, s->name);
	strcpy(info->output, s->output);
	info->active = (uint32_t)s->active;
	info->uid = (uint32_t)s->uid;
	info->gid = (uint32_t)s->gid;
	info->has_kernel = (uint32_t)s->kernel.present;
	info->has_ust = (uint32_t)s->ust.present;
	info->creation_time = (uint64_t)s->creation_time;
	info->started_once = (uint32_t)s->started_once;
	info->snapshot = (uint32_t)s->snapshot;
	info->write_error = (uint32_t)__atomic_load_n(&s->write_error,
						      __ATOMIC_RELAXED);
	info->live_timer_us = s->live_timer_us;
	info->network = (uint32_t)s->network;
}

struct sd_domain *session_domain(struct sd_session *s, uint32_t domain)
{
	switch (domain) {
	case LTTCOMM_DOMAIN_KERNEL:
		return &s->kernel;
	case LTTCOMM_DOMAIN_UST:
		return &s->ust;
	default:
		return NULL;
	}
}

struct sd_channel *domain_channel_find(struct sd_domain *d, const char *name)
{
	struct sd_channel *c;

	for (c = d->channels; c; c = c->next)
		if (!strcmp(c->attr.name, name))
			return c;
	return NULL;
}

void channel_defaults(struct lttcomm_channel_attr *attr, uint32_t domain,
		      const char *name)
{
	memset(attr, 0, sizeof(*attr));
	snprintf(attr->name, sizeof(attr->name), "%s", name);
	attr->overwrite = LTTCOMM_EVENT_LOSS_DEFAULT;
	channel_attr_check(attr, domain);
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

int channel_attr_check(struct lttcomm_channel_attr *attr, uint32_t domain)
{
	int kernel = domain == LTTCOMM_DOMAIN_KERNEL;

	if (lttcomm_check_channel_name(attr->name))
		return -LTTNG_ERR_INVALID_CHANNEL_NAME;
	if (!attr->subbuf_size)
		attr->subbuf_size = kernel ? SD_KERNEL_SUBBUF_SIZE :
				    attr->buffer_type == LTTCOMM_BUFFER_PER_PID ?
				    SD_UST_PID_SUBBUF_SIZE : SD_UST_SUBBUF_SIZE;
	if (!attr->num_subbuf)
		attr->num_subbuf = kernel ? SD_KERNEL_NUM_SUBBUF :
					    SD_UST_NUM_SUBBUF;
	if (attr->overwrite == LTTCOMM_EVENT_LOSS_DEFAULT)
		attr->overwrite = LTTCOMM_EVENT_LOSS_DISCARD;
	if (attr->monitor_timer_us == LTTCOMM_TIMER_OFF)
		attr->monitor_timer_us = 0;	/* as LTTng: 0 is none */
	else if (!attr->monitor_timer_us)
		attr->monitor_timer_us = SD_MONITOR_TIMER;
	/* Every stream is read through mmap (consumer.c, ust-consumer.c);
	 * LTTng's kernel default, splice, is taken as mmap. */
	if (attr->output == LTTCOMM_OUTPUT_SPLICE && !kernel)
		return -LTTNG_ERR_NOT_SUPPORTED;
	attr->output = LTTCOMM_OUTPUT_MMAP;
	/* User space: sent to the applications (ust.c), whose writers wait
	 * for room only with LTTNG_UST_ALLOW_BLOCKING, as LTTng's.  Kernel
	 * writers never block. */
	if (attr->blocking_timeout_us < -1 ||
	    (kernel && attr->blocking_timeout_us))
		return -LTTNG_ERR_INVALID;
	/* 0 = the domain default (the protocol has no "unset" marker). */
	if (!attr->read_timer_us && kernel)
		attr->read_timer_us = SD_KERNEL_READ_TIMER;
	if (!is_pow2(attr->subbuf_size) || attr->subbuf_size < 4096 ||
	    attr->subbuf_size > (1ULL << 32))
		return -LTTNG_ERR_INVALID;
	/* one sub-buffer: in discard mode only, as LTTng */
	if (!is_pow2(attr->num_subbuf) || !attr->num_subbuf ||
	    attr->num_subbuf > (1ULL << 20))
		return -LTTNG_ERR_INVALID;
	if (attr->num_subbuf < 2 && attr->overwrite)	/* LTTng: the tracer refuses it */
		return kernel ? -LTTNG_ERR_KERN_CHAN_FAIL : -LTTNG_ERR_INVALID;
	if (attr->overwrite > LTTCOMM_EVENT_LOSS_OVERWRITE ||
	    attr->buffer_type > LTTCOMM_BUFFER_GLOBAL)
		return -LTTNG_ERR_INVALID;
	/* Kernel buffers are global: per-uid/per-pid make no sense there. */
	if (kernel && (attr->buffer_type == LTTCOMM_BUFFER_PER_UID ||
		       attr->buffer_type == LTTCOMM_BUFFER_PER_PID))
		return -LTTNG_ERR_INVALID;
	/* Trace-file limits: a count needs a size; a size smaller than a
	 * sub-buffer (a packet) is refused for user space, as LTTng does
	 * (its client rounds it up first); a kernel packet larger than the
	 * size gets a file of its own. */
	if (!attr->tracefile_size)
		attr->tracefile_count = 0;
	if (!kernel && attr->tracefile_size &&
	    attr->tracefile_size < attr->subbuf_size)
		return -LTTNG_ERR_INVALID;
	if (attr->tracefile_count > UINT32_MAX)
		return -LTTNG_ERR_INVALID;
	/* The client checked too, but any client can skip that. */
	if (kernel && !lttcomm_buffers_fit(attr->subbuf_size, attr->num_subbuf))
		return -LTTNG_ERR_NOMEM;
	return 0;
}

struct sd_channel *channel_new(struct sd_domain *d,
			       const struct lttcomm_channel_attr *attr,
			       uint32_t domain)
{
	struct sd_channel *c = calloc(1, sizeof(*c)), **pp;

	(void)domain;
	if (!c)
		return NULL;
	c->attr = *attr;
	c->attr.enabled = 1;
	c->attr.discarded = 0;
	c->attr.lost_packets = 0;
	c->attr.unwritten = 0;
	c->fd = -1;
	/* Keep creation order for listings. */
	for (pp = &d->channels; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	return c;
}
