// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd.c - the daemon's command handlers.
 *
 * client.c receives a request, checks it against its row of
 * LTTCOMM_COMMANDS (protocol.h) and calls cmd_dispatch(); the row's
 * handler below acts on the registry (session.c), the kernel (kernel.c)
 * and the applications (ust*.c), and adds the reply records with
 * reply_add().  Every handler has the same signature:
 *
 *	static int cmd_<name>(struct cmd_ctx *ctx);	0 or -LTTNG_ERR_*
 *
 * Locking (the order is in session.c): cmd_dispatch() takes the lock of
 * the session a request names (every request struct of at least
 * LTTCOMM_NAME_MAX bytes begins with it, protocol.h), then sd_lock for
 * the handler, so every command, old or new, is serialized against the
 * other commands on its session and sees a consistent registry.  A
 * handler whose command writes to the session's output (start: trace
 * files, the applications' too; stop: drain; destroy: drain and
 * teardown; snapshot record: the record; rotate, clear, regenerate
 * metadata: new chunks and files, renames) does not do it there: it sets
 * ctx->io, which cmd_dispatch() runs after dropping sd_lock, with the
 * session's lock alone; so are the applications told of a change of the
 * session (LTTCOMM_F_UST_SYNC), and the starts of a LOAD.  A stalled
 * output therefore holds up its own session only, and that for a bounded
 * time (consumer.c).
 *
 * Authorisation: a peer sees and controls only sessions it owns (root:
 * all); kernel-domain commands need the root daemon.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "lttng-abi.h"
#include "filter/filter.h"
#include "output.h"
#include "sessiond.h"
#include "session-config.h"
#include "ust.h"

int reply_add(struct cmd_ctx *ctx, const void *rec, size_t size)
{
	void *tmp;

	if (ctx->reply_len + size > LTTCOMM_MAX_PAYLOAD)
		return -LTTNG_ERR_NOMEM;
	tmp = realloc(ctx->reply, ctx->reply_len + size);
	if (!tmp)
		return -LTTNG_ERR_NOMEM;
	ctx->reply = tmp;
	memcpy((char *)ctx->reply + ctx->reply_len, rec, size);
	ctx->reply_len += (uint32_t)size;
	return 0;
}

/* Kernel-domain commands are refused unless this is root's daemon and
 * the tracer is there. */
static int domain_check(uint32_t domain)
{
	switch (domain) {
	case LTTCOMM_DOMAIN_KERNEL:
		if (!sd_cfg.is_root)
			return -LTTNG_ERR_NEED_ROOT_SESSIOND;
		return kernel_status();
	case LTTCOMM_DOMAIN_UST:
		return 0;
	default:
		return -LTTNG_ERR_INVALID;
	}
}

static const char *home_of(uid_t uid, char *buf, size_t len)
{
	struct passwd pw, *pwp = NULL;

	if (uid == geteuid())
		return lttcomm_user_home();
	if (getpwuid_r(uid, &pw, buf, len, &pwp) || !pwp)
		return NULL;
	return pw.pw_dir;
}

static int cmd_create(struct cmd_ctx *ctx)
{
	const struct lttcomm_create_req *r = ctx->req;
	uid_t uid = ctx->uid;
	struct lttcomm_session_info info;
	struct sd_session *s;
	char pwbuf[4096];
	const char *home = NULL;
	int ret;

	if (!r->no_output && !r->output[0]) {
		home = home_of(uid, pwbuf, sizeof(pwbuf));
		if (!home)
			return -LTTNG_ERR_SESSION_FAIL;
	}
	if (r->live_timer_us && (r->ctrl.dtype == LTTCOMM_DST_NONE ||
				 r->snapshot))
		return -LTTNG_ERR_INVALID;	/* live: to a relayd only */
	if (r->ctrl.dtype != LTTCOMM_DST_NONE && r->snapshot) {
		/* its default snapshot output is the relay daemon */
		ret = session_create(r->name, "", 1, uid, ctx->gid, NULL, &s);
		if (ret)
			return ret;
		s->auto_name = !r->name[0];
		snapshot_session_init(s);
		ret = snapshot_net_output_init(s, &r->ctrl, &r->data);
		if (ret) {
			session_free(s);
			return ret;
		}
	} else if (r->ctrl.dtype != LTTCOMM_DST_NONE) {
		/* To lttng-relayd: connected on the first domain command. */
		ret = session_create(r->name, "", 1, uid, ctx->gid, NULL, &s);
		if (ret)
			return ret;
		s->no_output = 0;
		s->network = 1;
		s->auto_name = !r->name[0];
		s->ctrl = r->ctrl;
		s->data = r->data;
		s->live_timer_us = r->live_timer_us;
		if (lttcomm_net_output_str(&s->ctrl, &s->data, s->output,
					   sizeof(s->output))) {
			session_free(s);
			return -LTTNG_ERR_INVALID;
		}
	} else {
		ret = session_create(r->name, r->output, (int)r->no_output,
				     uid, ctx->gid, home, &s);
		if (ret)
			return ret;
	}
	if (r->snapshot && !s->snapshot)
		snapshot_session_init(s);
	SD_INFO("Session %s created for uid %u, output %s", s->name,
		(unsigned int)uid, s->output[0] ? s->output : "(none)");
	session_fill_info(s, &info);
	return reply_add(ctx, &info, sizeof(info));
}

/* sd_lock held: the stop of the tracers; stop_io() writes the rest. */
static int do_stop(struct sd_session *s)
{
	int ret = 0;

	if (s->ksess)
		ret = kernel_stop(s);
	s->active = 0;
	/* SESSION_STOP to the applications, then every ring read out. */
	ust_session_stop(s);
	return ret;
}

/* The session's lock only: the kernel buffers written out, bounded. */
static int stop_io(struct cmd_ctx *ctx, struct sd_session *s, int sd_locked)
{
	(void)ctx;
	(void)sd_locked;
	return s->ksess ? consumer_drain(s) : 0;
}

/* sd_lock held: stopped, the applications told, the name free. */
static void destroy_begin(struct sd_session *s)
{
	if (s->active)
		do_stop(s);
	ust_session_destroy(s);
	session_unlink(s);
}

/* The session's lock only: the kernel buffers written out and the
 * kernel objects closed (bounded: a stalled output gets the session
 * abandoned), then the list's reference dropped. */
static int destroy_io(struct cmd_ctx *ctx, struct sd_session *s,
		      int sd_locked)
{
	int ret = stop_io(ctx, s, sd_locked), ret2;

	ret2 = kernel_session_destroy(s);
	if (ret2)
		ret = ret2;
	if (s->abandoned) {
		SD_ERR("Session %s destroyed, its output stalled: its consumer and kernel objects are left behind",
		       s->name);
		return ret;
	}
	/* UST's streams may still be read out: the chunk and the relay
	 * connection stay until the last one is closed, the session goes;
	 * a rotated session's last chunk archived (renames: without
	 * sd_lock, which a stalled output would hold) */
	if (!sd_locked)
		pthread_mutex_lock(&sd_lock);
	relayd_session_end(s);
	if (!sd_locked)
		pthread_mutex_unlock(&sd_lock);
	rotation_session_end(s);
	out_chunk_detach(s->chunk);
	out_chunk_put(s->chunk);
	s->chunk = NULL;
	SD_INFO("Session %s destroyed", s->name);
	session_put(s);
	return ret;
}

/* s's lock, waited for 3 * SD_STALL_SECONDS at most: 0, or -ETIMEDOUT
 * (its holder is stuck in a stalled output). */
static int session_lock_bounded(struct sd_session *s)
{
	return session_lock_moving(s, 3000L * SD_STALL_SECONDS,
				   3000L * SD_STALL_SECONDS);
}

/* Every session destroyed, one at a time, in bounded time: a command
 * still running on one holds its lock for a bounded time only. */
void cmd_teardown_all(void)
{
	for (;;) {
		struct sd_session *s;
		int locked, gone;

		pthread_mutex_lock(&sd_lock);
		s = session_first();
		if (s)
			session_get(s);
		pthread_mutex_unlock(&sd_lock);
		if (!s)
			break;
		locked = !session_lock_bounded(s);
		pthread_mutex_lock(&sd_lock);
		gone = s->gone;
		if (!gone && locked) {
			destroy_begin(s);
		} else if (!gone) {
			SD_ERR("Session %s: busy for %d s, abandoned",
			       s->name, 3 * SD_STALL_SECONDS);
			session_unlink(s);
			s->abandoned = 1;
		}
		pthread_mutex_unlock(&sd_lock);
		if (!gone && locked)
			destroy_io(NULL, s, 0);
		if (locked)
			pthread_mutex_unlock(&s->lock);
		session_put(s);
	}
}

/* The session a command acts on.  Another user's session exists for the
 * peer only as a taken name: acting on it is "Permission denied" (as in
 * LTTng 2.13), while listings (GET_SESSION, LIST_SESSIONS) do not show
 * it at all. */
int session_lookup(const char *name, uid_t uid, struct sd_session **s)
{
	if (!name[0])
		return -LTTNG_ERR_NO_SESSION;
	*s = session_find(name, uid);
	if (*s)
		return 0;
	return session_find(name, 0) ? -LTTNG_ERR_EPERM :
				       -LTTNG_ERR_SESS_NOT_FOUND;
}

/* The session a command changes (ctx->sess) in a domain the peer may
 * use; a UST session is noted for LTTCOMM_F_UST_SYNC (cmd_run()). */
static int target_domain(struct cmd_ctx *ctx, uint32_t domain)
{
	int ret = domain_check(domain);

	if (ret)
		return ret;
	ret = relayd_session_setup(ctx->sess, domain);
	if (ret)
		return ret;
	ctx->ust_sync = domain == LTTCOMM_DOMAIN_UST ? ctx->sess : NULL;
	return 0;
}

/* Creates a channel in the registry and, for the kernel, in the module. */
static int create_channel(struct sd_session *s, uint32_t domain,
			  struct lttcomm_channel_attr *attr,
			  struct sd_channel **out)
{
	struct sd_domain *d = session_domain(s, domain);
	struct sd_channel *c;
	int ret;

	/* channels of snapshot sessions keep the newest packets */
	if (s->snapshot && attr->overwrite == LTTCOMM_EVENT_LOSS_DEFAULT)
		attr->overwrite = LTTCOMM_EVENT_LOSS_OVERWRITE;
	ret = channel_attr_check(attr, domain);
	if (ret)
		return ret;
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		int fd;

		ret = kernel_session_ensure(s);
		if (ret)
			return ret;
		fd = kernel_channel_open(s, attr);
		if (fd < 0)
			return fd;
		/* The consumer thread walks the channel list. */
		ret = consumer_lock_bounded(s->ksess);
		if (ret) {
			close(fd);
			return ret;
		}
		c = channel_new(d, attr, domain);
		if (c)
			c->fd = fd;
		pthread_mutex_unlock(&s->ksess->consume_lock);
		if (!c) {
			close(fd);
			return -LTTNG_ERR_NOMEM;
		}
	} else {
		c = channel_new(d, attr, domain);
		if (!c)
			return -LTTNG_ERR_NOMEM;
	}
	d->present = 1;
	*out = c;
	return 0;
}

/* The channel an event/context command addresses ("" = channel0); creates
 * it with the defaults when create is set and it is missing (LTTng's
 * enable-event does so for any channel name). */
static int target_channel(struct sd_session *s, uint32_t domain,
			  const char *name, int create, struct sd_channel **out)
{
	struct sd_domain *d = session_domain(s, domain);
	struct lttcomm_channel_attr attr;
	struct sd_channel *c;

	if (!name[0]) {
		c = domain_channel_find(d, SD_DEFAULT_CHANNEL);
		if (!c && d->channels)
			return -LTTNG_ERR_NEED_CHANNEL_NAME;
		name = SD_DEFAULT_CHANNEL;
	} else {
		c = domain_channel_find(d, name);
	}
	if (c) {
		*out = c;
		return 0;
	}
	if (!create)
		return domain == LTTCOMM_DOMAIN_KERNEL ?
			-LTTNG_ERR_KERN_CHAN_NOT_FOUND :
			-LTTNG_ERR_UST_CHAN_NOT_FOUND;
	channel_defaults(&attr, domain, name);
	if (s->snapshot)
		attr.overwrite = LTTCOMM_EVENT_LOSS_OVERWRITE;
	/* A new user-space channel follows the session's buffering. */
	if (domain == LTTCOMM_DOMAIN_UST && d->channels &&
	    d->channels->attr.buffer_type == LTTCOMM_BUFFER_PER_PID) {
		attr.buffer_type = LTTCOMM_BUFFER_PER_PID;
		attr.subbuf_size = SD_UST_PID_SUBBUF_SIZE;
	}
	return create_channel(s, domain, &attr, out);
}

/* A UST channel's buffers: per-pid, or per-uid (the default). */
static uint32_t ust_buffers(uint32_t buffer_type)
{
	return buffer_type == LTTCOMM_BUFFER_PER_PID ? LTTCOMM_BUFFER_PER_PID :
						      LTTCOMM_BUFFER_PER_UID;
}

/*
 * The channel `name` of ctx->sess in a domain the peer may use (*c is
 * NULL when there is none).  0 or -code.
 */
static int domain_channel(struct cmd_ctx *ctx, uint32_t domain,
			  const char *name, struct sd_channel **c)
{
	int ret = target_domain(ctx, domain);

	if (ret)
		return ret;
	*c = domain_channel_find(session_domain(ctx->sess, domain), name);
	return 0;
}

/*
 * Turns a channel (e NULL) or an event rule on or off, in the module too
 * when it has an object there (fd >= 0).  0 or -code.
 */
static int set_enabled(struct sd_channel *c, struct sd_event *e, int on)
{
	uint32_t *enabled = e ? &e->ev.enabled : &c->attr.enabled;
	int ret = 0;

	if ((e ? e->fd : c->fd) >= 0 && *enabled != (uint32_t)on)
		ret = e ? kernel_event_set_enabled(e, on) :
			  kernel_channel_set_enabled(c, on);
	if (!ret)
		*enabled = (uint32_t)on;
	return ret;
}

/* Enabling again a channel or event rule that exists: `exist` when it is
 * enabled already. */
static int enable_again(struct sd_channel *c, struct sd_event *e, int exist)
{
	if (e ? e->ev.enabled : c->attr.enabled)
		return exist;
	return set_enabled(c, e, 1);
}

static int cmd_enable_channel(struct cmd_ctx *ctx)
{
	const struct lttcomm_channel_req *r = ctx->req;
	struct lttcomm_channel_attr attr = r->attr;
	struct sd_session *s = ctx->sess;
	struct sd_channel *c;
	int ret;

	if (!attr.name[0])
		snprintf(attr.name, sizeof(attr.name), "%s", SD_DEFAULT_CHANNEL);
	ret = domain_channel(ctx, r->domain, attr.name, &c);
	if (ret)
		return ret;
	if (lttcomm_check_channel_name(attr.name))
		return -LTTNG_ERR_INVALID_CHANNEL_NAME;
	if (!c && r->domain == LTTCOMM_DOMAIN_UST) {
		struct sd_channel *first = s->ust.channels;
		uint32_t want = ust_buffers(attr.buffer_type);

		/* Applications got their channels at the first start. */
		if (s->started_once)
			return -LTTNG_ERR_TRACE_ALREADY_STARTED;

		/* One buffering scheme per session (LTTng's rule). */
		if (first && ust_buffers(first->attr.buffer_type) != want)
			return -LTTNG_ERR_BUFFER_TYPE_MISMATCH;
		/* per-process buffers get their own default size
		 * (channel_attr_check) */
		attr.buffer_type = want;
	}
	if (c)
		return enable_again(c, NULL,
				    r->domain == LTTCOMM_DOMAIN_KERNEL ?
				    -LTTNG_ERR_KERN_CHAN_EXIST :
				    -LTTNG_ERR_UST_CHAN_EXIST);
	return create_channel(s, r->domain, &attr, &c);
}

static int cmd_disable_channel(struct cmd_ctx *ctx)
{
	const struct lttcomm_channel_req *r = ctx->req;
	struct sd_channel *c;
	int ret;

	ret = domain_channel(ctx, r->domain, r->attr.name, &c);
	if (ret)
		return ret;
	if (!c)
		return r->domain == LTTCOMM_DOMAIN_KERNEL ?
			-LTTNG_ERR_KERN_CHAN_NOT_FOUND :
			-LTTNG_ERR_UST_CHAN_NOT_FOUND;
	return set_enabled(c, NULL, 0);
}

static struct sd_event *event_find(struct sd_channel *c,
				   const struct lttcomm_event *ev, int type)
{
	struct sd_event *e;

	for (e = c->events; e; e = e->next)
		if (e->ev.type == type && !strcmp(e->ev.name, ev->name) &&
		    !strcmp(e->ev.filter, ev->filter) &&
		    !strcmp(e->ev.probe_symbol, ev->probe_symbol) &&
		    e->ev.probe_addr == ev->probe_addr &&
		    e->ev.probe_offset == ev->probe_offset &&
		    e->ev.loglevel_type == ev->loglevel_type &&
		    e->ev.loglevel == ev->loglevel)
			return e;
	return NULL;
}

static int enable_one(struct sd_channel *c, uint32_t domain,
		      const struct lttcomm_event *ev, int type)
{
	int kernel = domain == LTTCOMM_DOMAIN_KERNEL;
	struct sd_event *e = event_find(c, ev, type), **pp;
	int ret;

	if (e)
		return enable_again(c, e, kernel ? -LTTNG_ERR_KERN_EVENT_EXIST :
						   -LTTNG_ERR_UST_EVENT_EXIST);
	e = calloc(1, sizeof(*e));
	if (!e)
		return -LTTNG_ERR_NOMEM;
	e->ev = *ev;
	e->ev.type = type;
	e->ev.enabled = 1;
	e->fd = -1;
	if (kernel) {
		ret = kernel_event_create(c, e);
		if (ret) {
			free(e);
			return ret;
		}
	}
	for (pp = &c->events; *pp; pp = &(*pp)->next)
		;
	*pp = e;
	return 0;
}

/*
 * The binary of a user-space probe location (elf:PATH:... or sdt:PATH:...)
 * must be a regular file the peer can read: the daemon opens it on the
 * peer's behalf.  0 or -code.
 */
static int uprobe_location_readable(const char *loc, uid_t uid, gid_t gid)
{
	const char *path = strchr(loc, ':'), *end;
	char buf[LTTCOMM_NAME_MAX];
	struct stat st;

	if (!path || !(end = strchr(path + 1, ':')) ||
	    (size_t)(end - path - 1) >= sizeof(buf) || end == path + 1)
		return -LTTNG_ERR_INVALID;
	memcpy(buf, path + 1, (size_t)(end - path - 1));
	buf[end - path - 1] = '\0';
	if (stat(buf, &st) || !S_ISREG(st.st_mode))
		return -LTTNG_ERR_INVALID;
	if (uid == 0 || (st.st_uid == uid && (st.st_mode & S_IRUSR)) ||
	    (st.st_uid != uid && st.st_gid == gid && (st.st_mode & S_IRGRP)) ||
	    (st.st_uid != uid && st.st_gid != gid && (st.st_mode & S_IROTH)))
		return 0;
	return -LTTNG_ERR_EPERM;
}

static int cmd_enable_event(struct cmd_ctx *ctx)
{
	const struct lttcomm_event_req *r = ctx->req;
	const struct lttcomm_event *ev = &r->event;
	int kernel = r->domain == LTTCOMM_DOMAIN_KERNEL;
	struct sd_session *s = ctx->sess;
	struct sd_channel *c;
	int ret;

	ret = target_domain(ctx, r->domain);
	if (ret)
		return ret;
	if (!ev->name[0])
		return -LTTNG_ERR_INVALID;
	if (kernel && ev->nr_exclusions) {
		SD_WARN("Kernel event %s: exclusions are not supported",
			ev->name);
		return -LTTNG_ERR_NOT_SUPPORTED;
	}
	if (ev->filter[0]) {
		char err[256];

		/* before anything is created (the default channel) */
		if (!memchr(ev->filter, '\0', sizeof(ev->filter)) ||
		    (kernel ? lttng_filter_check(ev->filter, err, sizeof(err)) :
		     lttng_filter_compile_user(ev->filter, NULL, err,
					       sizeof(err)))) {
			SD_WARN("Event %s: invalid filter", ev->name);
			return -LTTNG_ERR_FILTER_INVAL;
		}
	}
	if ((ev->type == LTTCOMM_EVENT_PROBE ||
	     ev->type == LTTCOMM_EVENT_FUNCTION) &&
	    (!kernel || (!ev->probe_symbol[0] && !ev->probe_addr)))
		return -LTTNG_ERR_INVALID;
	if (!kernel && ev->type == LTTCOMM_EVENT_SYSCALL)
		return -LTTNG_ERR_NOT_SUPPORTED;
	if (ev->type == LTTCOMM_EVENT_USERSPACE_PROBE) {
		if (!kernel || !ev->probe_symbol[0])
			return -LTTNG_ERR_INVALID;
		ret = uprobe_location_readable(ev->probe_symbol, ctx->uid,
					       ctx->gid);
		if (ret)
			return ret;
	}
	ret = target_channel(s, r->domain, r->channel, 1, &c);
	if (ret)
		return ret;
	if (ev->type == LTTCOMM_EVENT_ALL) {
		/* -a: every tracepoint, and every system call for the kernel. */
		ret = enable_one(c, r->domain, ev, LTTCOMM_EVENT_TRACEPOINT);
		if (kernel && (!ret || ret == -LTTNG_ERR_KERN_EVENT_EXIST)) {
			int ret2 = enable_one(c, r->domain, ev,
					      LTTCOMM_EVENT_SYSCALL);

			if (!ret2 || ret)
				ret = ret2;
		}
		return ret;
	}
	return enable_one(c, r->domain, ev, ev->type);
}

static int cmd_disable_event(struct cmd_ctx *ctx)
{
	const struct lttcomm_event_req *r = ctx->req;
	const struct lttcomm_event *ev = &r->event;
	/* "" or "*" (lttng disable-event -a): every event of the type. */
	int all = !ev->name[0] || !strcmp(ev->name, "*");
	struct sd_session *s = ctx->sess;
	struct sd_channel *c;
	struct sd_event *e;
	int ret, found = 0;

	ret = target_domain(ctx, r->domain);
	if (ret)
		return ret;
	ret = target_channel(s, r->domain, r->channel, 0, &c);
	if (ret)
		return ret;
	for (e = c->events; e; e = e->next) {
		if ((!all && strcmp(e->ev.name, ev->name)) ||
		    (ev->type != LTTCOMM_EVENT_ALL && e->ev.type != ev->type))
			continue;
		found = 1;
		ret = set_enabled(c, e, 0);
		if (ret)
			return ret;
	}
	if (!found && !all)
		return r->domain == LTTCOMM_DOMAIN_KERNEL ?
			-LTTNG_ERR_EVENT_NOT_FOUND :
			-LTTNG_ERR_UST_EVENT_NOT_FOUND;
	return 0;
}

static int context_valid(const struct lttcomm_context *ctx, uint32_t domain)
{
	if (domain != LTTCOMM_DOMAIN_KERNEL)
		return ust_context_type(ctx->type, ctx->name) >= 0;
	if (ctx->type >= LTTNG_ABI_CTX_NR)
		return 0;
	if (ctx->type == LTTNG_ABI_CTX_PERF_CPU_COUNTER)
		return kernel_perf_counter(ctx->name, NULL) == 0;
	return 1;
}

static int context_has(struct sd_channel *c, const struct lttcomm_context *ctx)
{
	struct sd_context *x;

	for (x = c->contexts; x; x = x->next)
		if (x->ctx.type == ctx->type &&
		    /* perf counters: one type, told apart by name */
		    (strncmp(ctx->name, "perf:", 5) ||
		     !strcmp(x->ctx.name, ctx->name)))
			return 1;
	return 0;
}

static int context_add_one(struct sd_channel *c, uint32_t domain,
			   const struct lttcomm_context *ctx)
{
	struct sd_context *x, **pp;
	int ret;

	if (c->fd >= 0) {
		ret = kernel_context_add(c, ctx);
		if (ret)
			return ret;
	}
	(void)domain;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -LTTNG_ERR_NOMEM;
	x->ctx = *ctx;
	for (pp = &c->contexts; *pp; pp = &(*pp)->next)
		;
	*pp = x;
	return 0;
}

static int cmd_add_context(struct cmd_ctx *ctx)
{
	const struct lttcomm_context_req *r = ctx->req;
	int kernel = r->domain == LTTCOMM_DOMAIN_KERNEL;
	int exist = kernel ? -LTTNG_ERR_KERN_CONTEXT_EXIST :
			     -LTTNG_ERR_UST_CONTEXT_EXIST;
	struct sd_session *s = ctx->sess;
	struct sd_channel *c;
	struct sd_domain *d;
	int ret;

	ret = domain_check(r->domain);
	if (ret)
		return ret;
	if (!context_valid(&r->ctx, r->domain))
		return kernel ? -LTTNG_ERR_INVALID :
				-LTTNG_ERR_UST_CONTEXT_INVAL;
	/* The applications' channels (and their metadata) are fixed at
	 * the first start, as in LTTng. */
	if (!kernel && s->started_once)
		return -LTTNG_ERR_TRACE_ALREADY_STARTED;
	d = session_domain(s, r->domain);
	if (r->channel[0] || !d->channels) {
		ret = target_channel(s, r->domain, r->channel,
				     !r->channel[0], &c);
		if (ret)
			return ret;
		if (context_has(c, &r->ctx))
			return exist;
		return context_add_one(c, r->domain, &r->ctx);
	}
	/* Every channel of the domain: refuse before changing anything. */
	for (c = d->channels; c; c = c->next)
		if (context_has(c, &r->ctx))
			return exist;
	for (c = d->channels; c; c = c->next) {
		ret = context_add_one(c, r->domain, &r->ctx);
		if (ret)
			return ret;
	}
	return 0;
}

static int tracker_change(struct cmd_ctx *ctx, int track)
{
	const struct lttcomm_tracker_req *r = ctx->req;
	struct sd_tracker *t;
	struct sd_session *s = ctx->sess;
	struct sd_domain *d;
	unsigned int i;
	int ret, idx = -1;

	ret = target_domain(ctx, r->domain);
	if (ret)
		return ret;
	d = session_domain(s, r->domain);
	t = &d->trackers[r->type];
	if (!r->all) {
		if (r->id < 0)
			return -LTTNG_ERR_INVALID;
		for (i = 0; i < t->nr; i++)
			if (t->ids[i] == r->id)
				idx = (int)i;
		/* Tracking an id while tracking all switches to {id}. */
		if (track && idx >= 0)
			return -LTTNG_ERR_ID_TRACKED;
		if (!track && (t->all || idx < 0))
			return -LTTNG_ERR_ID_NOT_TRACKED;
		if (track && t->nr >= SD_TRACKER_MAX_IDS)
			return -LTTNG_ERR_NOMEM;
	}
	if (r->domain == LTTCOMM_DOMAIN_KERNEL) {
		ret = kernel_session_ensure(s);
		if (ret)
			return ret;
		ret = kernel_track(s, r->type, r->all ? -1 : r->id, track);
		if (ret)
			return ret;
	}
	if (r->all) {
		t->all = track;
		t->nr = 0;
	} else if (track) {
		if (t->all) {
			t->all = 0;
			t->nr = 0;
		}
		t->ids[t->nr++] = r->id;
	} else {
		t->ids[idx] = t->ids[--t->nr];
	}
	d->present = 1;
	return 0;
}

static int cmd_track(struct cmd_ctx *ctx)
{
	return tracker_change(ctx, 1);
}

static int cmd_untrack(struct cmd_ctx *ctx)
{
	return tracker_change(ctx, 0);
}

static int cmd_list_tracker(struct cmd_ctx *ctx)
{
	const struct lttcomm_tracker_req *r = ctx->req;
	struct sd_session *s = ctx->sess;
	struct sd_tracker *t;
	unsigned int i;
	int ret;

	if (!session_domain(s, r->domain))
		return -LTTNG_ERR_INVALID;
	t = &session_domain(s, r->domain)->trackers[r->type];
	if (t->all) {
		struct lttcomm_tracker_id id = { .id = -1, .all = 1 };

		return reply_add(ctx, &id, sizeof(id));
	}
	for (i = 0; i < t->nr; i++) {
		struct lttcomm_tracker_id id = { .id = t->ids[i] };

		ret = reply_add(ctx, &id, sizeof(id));
		if (ret)
			return ret;
	}
	return 0;
}

/* The session's lock only: streams and trace files, then started.  The
 * applications are told without sd_lock too (ust_sync_session() creates
 * their buffers' trace files): the session's lock keeps every other
 * command off the session state it reads, and apps_lock, which it takes,
 * comes after the session's lock in the order (session.c). */
static int start_io(struct cmd_ctx *ctx, struct sd_session *s, int sd_locked)
{
	int ret;

	(void)ctx;
	if (s->kernel.present && s->ksess) {
		ret = kernel_start(s);
		if (ret)
			return ret;
	}
	if (!sd_locked)
		pthread_mutex_lock(&sd_lock);
	s->active = 1;
	s->started_once = 1;
	s->rotated_after_stop = 0;
	rotation_session_started(s);
	s->cleared_after_stop = 0;
	if (!sd_locked)
		pthread_mutex_unlock(&sd_lock);
	/* Buffers and files for the registered applications, START. */
	ust_sync_session(s);
	SD_INFO("Session %s started", s->name);
	return 0;
}

static int cmd_start(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;
	int ret;

	if (s->active)
		return -LTTNG_ERR_TRACE_ALREADY_STARTED;
	if (s->kernel.present) {
		ret = domain_check(LTTCOMM_DOMAIN_KERNEL);
		if (ret)
			return ret;
		ret = kernel_session_ensure(s);
		if (ret)
			return ret;
	}
	ctx->io = start_io;
	ctx->io_sess = s;
	return 0;
}

static int cmd_stop(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;
	int ret;

	if (!s->active)
		return -LTTNG_ERR_TRACE_ALREADY_STOPPED;
	ret = do_stop(s);
	ctx->io = stop_io;
	ctx->io_sess = s;
	SD_INFO("Session %s stopped", s->name);
	return ret;
}

static int cmd_list_channels(struct cmd_ctx *ctx)
{
	const struct lttcomm_session_req *r = ctx->req;
	struct sd_session *s = ctx->sess;
	struct sd_channel *c;
	struct sd_domain *d;
	int ret;

	d = session_domain(s, r->domain);
	if (!d)
		return -LTTNG_ERR_INVALID;
	for (c = d->channels; c; c = c->next) {
		struct lttcomm_channel_attr a = c->attr;

		a.live_timer_us = s->live_timer_us;
		if (c->nr_streams) {
			unsigned int i;

			a.discarded = kernel_channel_discarded(c);
			/* the consumer's counters: under its lock */
			ret = consumer_lock_bounded(s->ksess);
			if (ret)
				return ret;
			for (i = 0; i < c->nr_streams; i++) {
				uint32_t u = c->streams[i].out ?
					     c->streams[i].out->unwritten : 0;

				a.unwritten = a.unwritten < UINT32_MAX - u ?
					      a.unwritten + u : UINT32_MAX;
			}
			pthread_mutex_unlock(&s->ksess->consume_lock);
		} else if (r->domain == LTTCOMM_DOMAIN_UST) {
			ust_channel_counts(c, &a.discarded, &a.unwritten);
		}
		ret = reply_add(ctx, &a, sizeof(a));
		if (ret)
			return ret;
	}
	return 0;
}

/* The existing channel, in ctx->sess, that a LIST_EVENTS or LIST_CONTEXTS
 * request names: 0 or -code. */
static int listed_channel(struct cmd_ctx *ctx, uint32_t domain,
			  const char *channel, struct sd_channel **c)
{
	if (!session_domain(ctx->sess, domain))
		return -LTTNG_ERR_INVALID;
	return target_channel(ctx->sess, domain, channel, 0, c);
}

static int cmd_list_events(struct cmd_ctx *ctx)
{
	const struct lttcomm_event_req *r = ctx->req;
	struct sd_channel *c;
	struct sd_event *e;
	int ret = listed_channel(ctx, r->domain, r->channel, &c);

	if (ret)
		return ret;
	for (e = c->events; e && !ret; e = e->next)
		ret = reply_add(ctx, &e->ev, sizeof(e->ev));
	if (ret)
		return ret;
	/* LTTng lists a UST channel's rules newest first. */
	if (r->domain == LTTCOMM_DOMAIN_UST && ctx->reply_len) {
		struct lttcomm_event *v = ctx->reply, tmp;
		size_t n = ctx->reply_len / sizeof(*v), i;

		for (i = 0; i < n / 2; i++) {
			tmp = v[i];
			v[i] = v[n - 1 - i];
			v[n - 1 - i] = tmp;
		}
	}
	return 0;
}

static int cmd_list_contexts(struct cmd_ctx *ctx)
{
	const struct lttcomm_context_req *r = ctx->req;
	struct sd_channel *c;
	struct sd_context *x;
	int ret = listed_channel(ctx, r->domain, r->channel, &c);

	if (ret)
		return ret;
	for (x = c->contexts; x && !ret; x = x->next)
		ret = reply_add(ctx, &x->ctx, sizeof(x->ctx));
	return ret;
}

static int list_kernel(struct cmd_ctx *ctx, int syscalls)
{
	const struct lttcomm_session_req *r = ctx->req;
	struct lttcomm_tracepoint_info *list;
	int ret, n;

	if (r->domain == LTTCOMM_DOMAIN_UST)
		return syscalls ? -LTTNG_ERR_NOT_SUPPORTED : 0;
	ret = domain_check(r->domain);
	if (ret)
		return ret;
	n = kernel_list(syscalls, &list);
	if (n < 0)
		return n;
	ret = reply_add(ctx, list, (size_t)n * sizeof(*list));
	free(list);
	return ret;
}

static int cmd_list_tracepoints(struct cmd_ctx *ctx)
{
	return list_kernel(ctx, 0);
}

static int cmd_list_syscalls(struct cmd_ctx *ctx)
{
	return list_kernel(ctx, 1);
}

static int cmd_version(struct cmd_ctx *ctx)
{
	struct lttcomm_version_reply v;

	memset(&v, 0, sizeof(v));
	v.major = LTTNG_TRACER_MAJOR;
	v.minor = LTTNG_TRACER_MINOR;
	v.patchlevel = LTTNG_TRACER_PATCHLEVEL;
	v.abi_major = kernel_abi_major();
	snprintf(v.name, sizeof(v.name), "lttng-sessiond");
	return reply_add(ctx, &v, sizeof(v));
}

static int cmd_destroy(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	destroy_begin(s);
	ctx->io = destroy_io;
	ctx->io_sess = s;
	return 0;
}

static int cmd_list_sessions(struct cmd_ctx *ctx)
{
	struct lttcomm_session_info info;
	struct sd_session *s;
	int ret = 0;

	for (s = session_first(); s && !ret; s = s->next) {
		if (!session_visible(s, ctx->uid))
			continue;
		session_fill_info(s, &info);
		ret = reply_add(ctx, &info, sizeof(info));
	}
	return ret;
}

static int cmd_get_session(struct cmd_ctx *ctx)
{
	const struct lttcomm_session_req *r = ctx->req;
	struct lttcomm_session_info info;
	struct sd_session *s;

	if (!r->session[0])
		return -LTTNG_ERR_NO_SESSION;
	s = session_find(r->session, ctx->uid);
	if (!s)
		return -LTTNG_ERR_SESS_NOT_FOUND;
	session_fill_info(s, &info);
	return reply_add(ctx, &info, sizeof(info));
}

static int cmd_data_pending(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	/* the kernel's STOP drains synchronously; UST buffers are read
	 * out after STOP by their consumer threads */
	return s->active || ust_data_pending(s) ? 1 : 0;
}

/* Replies the n records of `size` bytes a listing gave in v (or its
 * error, n < 0), and frees v. */
static int reply_listing(struct cmd_ctx *ctx, void *v, int n, size_t size)
{
	int ret = n <= 0 ? n : reply_add(ctx, v, (size_t)n * size);

	free(v);
	return ret;
}

static int cmd_list_ust_events(struct cmd_ctx *ctx)
{
	struct lttcomm_ust_tracepoint_info *v = NULL;
	int n = ust_list_events(ctx->uid, &v);

	return reply_listing(ctx, v, n, sizeof(*v));
}

static int cmd_list_ust_fields(struct cmd_ctx *ctx)
{
	struct lttcomm_ust_field_info *v = NULL;
	int n = ust_list_fields(ctx->uid, &v);

	return reply_listing(ctx, v, n, sizeof(*v));
}

/* The default directory of session files: <home>/.lttng/sessions. */
static int sessions_dir(const char *home, char *buf, size_t len)
{
	return snprintf(buf, len, "%s/%s", home, LTTCOMM_SESSIONS_DIR) <
	       (int)len ? 0 : -1;
}

static int cmd_save(struct cmd_ctx *ctx)
{
	const struct lttcomm_save_req *r = ctx->req;
	struct lttcomm_detail detail;
	char dir[LTTCOMM_PATH_MAX];
	struct sd_session *s;
	int ret = 0;

	memset(&detail, 0, sizeof(detail));
	if (r->output[0]) {
		strcpy(dir, r->output);
	} else if (r->home[0] != '/' ||
		   sessions_dir(r->home, dir, sizeof(dir))) {
		detail_set(&detail, "no home directory to save in");
		ret = -LTTNG_ERR_SET_URL;
	}
	if (!ret && dir[0] != '/') {
		detail_set(&detail, "%s: not an absolute path", dir);
		ret = -LTTNG_ERR_SET_URL;
	}
	if (!ret && r->session[0]) {
		ret = session_lookup(r->session, ctx->uid, &s);
		if (!ret)
			ret = config_save_session(s, dir, (int)r->force,
						  ctx->uid, ctx->gid, &detail);
		detail.count = !ret;
	} else if (!ret) {
		/* every session the peer sees (root: all of them) */
		for (s = session_first(); s && !ret; s = s->next) {
			if (!session_visible(s, ctx->uid))
				continue;
			ret = config_save_session(s, dir, (int)r->force,
						  ctx->uid, ctx->gid, &detail);
			detail.count += !ret;
		}
	}
	if (reply_add(ctx, &detail, sizeof(detail)))
		return ret ? ret : -LTTNG_ERR_NOMEM;
	return ret;
}

static int cmd_load(struct cmd_ctx *ctx)
{
	const struct lttcomm_load_req *r = ctx->req;
	struct lttcomm_detail detail;
	int ret;

	memset(&detail, 0, sizeof(detail));
	ret = ctx->load ? config_load_apply(ctx->load, r, &detail) :
			  -LTTNG_ERR_NOMEM;
	if (reply_add(ctx, &detail, sizeof(detail)))
		return ret ? ret : -LTTNG_ERR_NOMEM;
	return ret;
}

/* The handler column of LTTCOMM_COMMANDS. */
/* --- snapshot sessions (the work is in snapshot.c) --------------------- */

static int cmd_snapshot_add_output(struct cmd_ctx *ctx)
{
	struct lttcomm_snapshot_output o = *(const struct lttcomm_snapshot_output *)ctx->req;
	int ret = snapshot_add_output(ctx->sess, &o);

	return ret ? ret : reply_add(ctx, &o, sizeof(o));
}

static int cmd_snapshot_del_output(struct cmd_ctx *ctx)
{
	return snapshot_del_output(ctx->sess, ctx->req);
}

static int cmd_snapshot_list_output(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	if (!s->snap_has_output)
		return 0;
	return reply_add(ctx, &s->snap_output, sizeof(s->snap_output));
}

/* The session's lock only: the record written (snapshot.c reads the
 * session's snapshot output and channels, which only commands on the
 * session change), then its output as the reply. */
static int snapshot_record_io(struct cmd_ctx *ctx, struct sd_session *s,
			      int sd_locked)
{
	int ret = snapshot_record(s, &ctx->snap);

	(void)sd_locked;
	return ret ? ret : reply_add(ctx, &ctx->snap, sizeof(ctx->snap));
}

static int cmd_snapshot_record(struct cmd_ctx *ctx)
{
	struct sd_session *s = ctx->sess;

	ctx->snap = *(const struct lttcomm_snapshot_output *)ctx->req;
	if (!s->snapshot)
		return -LTTNG_ERR_NOT_SNAPSHOT_SESSION;
	ctx->io = snapshot_record_io;
	ctx->io_sess = s;
	return 0;
}

#define CMD_HANDLER(cmd, req, rep, flags, handler) \
	[LTTCOMM_CMD_##cmd] = handler,

static int (*const handlers[LTTCOMM_CMD_NR])(struct cmd_ctx *) = {
	LTTCOMM_COMMANDS(CMD_HANDLER)
};

/* The row's handler (sd_lock held), without the applications' sync. */
static int run_handler(struct cmd_ctx *ctx)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(ctx->cmd);

	ctx->reply = NULL;
	ctx->reply_len = 0;
	ctx->ust_sync = NULL;
	ctx->io = NULL;
	ctx->io_sess = NULL;
	ctx->sess = NULL;
	if (!d)
		return -LTTNG_ERR_INVALID_PROTOCOL;
	if (d->flags & LTTCOMM_F_SESSION) {
		/* the request begins with the session's name (protocol.h) */
		int ret = session_lookup(ctx->req, ctx->uid, &ctx->sess);

		if (ret)
			return ret;
	}
	return handlers[ctx->cmd](ctx);
}

/* A failed command's reply records go, unless its row keeps a detail. */
static int run_end(struct cmd_ctx *ctx, int ret)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(ctx->cmd);

	if (ret && !(d && (d->flags & LTTCOMM_F_ERR_DETAIL))) {
		free(ctx->reply);
		ctx->reply = NULL;
		ctx->reply_len = 0;
	}
	return ret;
}

/* After a successful change of a session's UST state, the applications
 * are told (ust.c; nothing happens before the first start). */
static struct sd_session *sync_wanted(const struct cmd_ctx *ctx, int ret)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(ctx->cmd);

	return !ret && d && (d->flags & LTTCOMM_F_UST_SYNC) ? ctx->ust_sync :
	       NULL;
}

int cmd_run(struct cmd_ctx *ctx)
{
	int ret = run_handler(ctx);
	struct sd_session *sync = sync_wanted(ctx, ret);

	if (sync)
		ust_sync_session(sync);
	return run_end(ctx, ret);
}

/* The session a request names: requests of at least LTTCOMM_NAME_MAX
 * bytes begin with it (protocol.h); "" for the others. */
static void request_session(const struct cmd_ctx *ctx, char *name)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(ctx->cmd);

	name[0] = '\0';
	if (!d || !ctx->req || d->req_size < LTTCOMM_NAME_MAX ||
	    strnlen(ctx->req, LTTCOMM_NAME_MAX) == LTTCOMM_NAME_MAX)
		return;
	strcpy(name, ctx->req);
}

/* After the I/O part: destroying a rotated session replies with where
 * its last trace chunk was archived (LTTng's client prints it). */
static int io_reply(struct cmd_ctx *ctx, struct sd_session *s)
{
	struct lttcomm_rotate_info info;

	if (ctx->io != destroy_io || !s->last_archive[0])
		return 0;
	memset(&info, 0, sizeof(info));
	snprintf(info.path, sizeof(info.path), "%s", s->last_archive);
	info.chunk_id = s->chunk_id;
	rotation_location(s, &info);
	return reply_add(ctx, &info, sizeof(info));
}

/* Starts and destroys that load.c asked for (cmd_run_locked() under the
 * LOAD command of this thread's dispatch): their I/O parts run after
 * sd_lock is dropped, each with its session's lock alone, as `lttng
 * start` and `lttng destroy` do, in order.  A session already started
 * meanwhile (the load is visible once sd_lock is dropped) or destroyed
 * is not started.  The first error is the load's. */
static __thread struct cmd_ctx *dispatching;

static int run_later(struct cmd_ctx *ctx, struct sd_session *held)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ctx->nr_later; i++) {
		struct sd_session *t = ctx->later[i].s;
		int r = 0, idle = 1, start = ctx->later[i].io == start_io;

		if (t != held && session_lock_bounded(t)) {
			SD_ERR("Session %s: busy, its loaded %s is not done",
			       t->name, start ? "start" : "destroy");
			r = -LTTNG_ERR_OUTPUT_STALLED;
		} else {
			if (start) {
				pthread_mutex_lock(&sd_lock);
				idle = !t->gone && !t->active;
				pthread_mutex_unlock(&sd_lock);
			}
			if (idle)
				r = ctx->later[i].io(ctx, t, 0);
			if (t != held)
				pthread_mutex_unlock(&t->lock);
		}
		if (r)
			SD_ERR("Session %s: loaded, its %s failed: %s", t->name,
			       start ? "start" : "destroy", lttcomm_strerror(r));
		if (r && !ret)
			ret = r;
		session_put(t);
	}
	free(ctx->later);
	ctx->later = NULL;
	ctx->nr_later = 0;
	return ret;
}

int cmd_dispatch(struct cmd_ctx *ctx)
{
	char name[LTTCOMM_NAME_MAX];
	struct sd_session *s, *sync;
	int ret, io_ret;

	request_session(ctx, name);
	/* a LOAD's files are read before any lock is taken */
	ctx->load = ctx->cmd == LTTCOMM_CMD_LOAD_SESSION ?
		    config_load_read(ctx->req, ctx->uid, ctx->gid) : NULL;
	for (;;) {
		s = NULL;
		if (name[0]) {
			pthread_mutex_lock(&sd_lock);
			s = session_find(name, 0);
			if (s)
				session_get(s);
			pthread_mutex_unlock(&sd_lock);
			/* a command of another user's session waits here,
			 * holding no daemon-wide lock, a bounded time (as
			 * the teardown: a command or a registration stuck
			 * in a stalled output holds it) */
			if (s && session_lock_bounded(s)) {
				session_put(s);
				config_loaded_free(ctx->load);
				ctx->load = NULL;
				return run_end(ctx, -LTTNG_ERR_OUTPUT_STALLED);
			}
		}
		pthread_mutex_lock(&sd_lock);
		/* Still the session of that name (it may have been destroyed
		 * or created meanwhile)? */
		if (name[0] && session_find(name, 0) != s) {
			pthread_mutex_unlock(&sd_lock);
			if (s) {
				pthread_mutex_unlock(&s->lock);
				session_put(s);
			}
			continue;
		}
		break;
	}
	ctx->later = NULL;
	ctx->nr_later = 0;
	dispatching = ctx;
	ret = run_handler(ctx);
	dispatching = NULL;
	sync = sync_wanted(ctx, ret);
	/* The applications of the session this command holds are told
	 * without sd_lock (new channels get their trace files there); any
	 * other session's under it. */
	if (sync && sync != s) {
		ust_sync_session(sync);
		sync = NULL;
	}
	pthread_mutex_unlock(&sd_lock);
	if (sync)
		ust_sync_session(sync);
	if (ctx->io && ctx->io_sess == s && s) {
		io_ret = ctx->io(ctx, s, 0);
		if (!ret)
			ret = io_ret;
		if (!ret)
			ret = io_reply(ctx, s);
	}
	io_ret = run_later(ctx, s);
	if (!ret)
		ret = io_ret;
	ret = run_end(ctx, ret);
	if (s) {
		pthread_mutex_unlock(&s->lock);
		session_put(s);
	}
	config_loaded_free(ctx->load);
	ctx->load = NULL;
	return ret;
}

int cmd_run_locked(struct cmd_ctx *ctx)
{
	int ret = cmd_run(ctx), io_ret, tries;
	struct sd_session *s = ctx->io_sess;
	struct cmd_ctx *d = dispatching;

	if (!ctx->io || !s)
		return ret;
	/* A start or a destroy under a client's LOAD: its I/O after
	 * sd_lock (run_later()). */
	if ((ctx->io == start_io || ctx->io == destroy_io) && !ret && d &&
	    d != ctx) {
		struct cmd_later *v = realloc(d->later, (d->nr_later + 1) *
					      sizeof(*v));

		if (v) {
			session_get(s);
			v[d->nr_later].s = s;
			v[d->nr_later++].io = ctx->io;
			d->later = v;
			return 0;
		}
	}
	/* Against the order (sd_lock is held): only try, a bounded time;
	 * a command on it runs its I/O part without sd_lock and ends. */
	for (tries = 0; pthread_mutex_trylock(&s->lock); tries++) {
		if (tries >= SD_LOCK_WAIT_MS / 10) {
			SD_ERR("Session %s: busy, its %s is not done",
			       s->name, ctx->io == start_io ? "start" : "I/O");
			return ret ? ret : -LTTNG_ERR_OUTPUT_STALLED;
		}
		pthread_mutex_unlock(&sd_lock);
		usleep(10000);
		pthread_mutex_lock(&sd_lock);
	}
	io_ret = ctx->io(ctx, s, 1);
	if (!ret && !io_ret)
		io_ret = io_reply(ctx, s);
	pthread_mutex_unlock(&s->lock);
	return ret ? ret : io_ret;
}
