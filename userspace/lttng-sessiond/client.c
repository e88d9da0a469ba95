// SPDX-License-Identifier: GPL-2.0-only
/*
 * client.c - the client socket and the command dispatcher.
 *
 * The listening socket is a unix stream socket: root's daemon makes it
 * root:<group> 0660, a user's daemon 0660 inside its 0700 directory.  Each
 * accepted connection gets a detached thread that reads requests
 * (lttcomm_recv_msg + lttcomm_check_request: any malformed, truncated or
 * oversized message drops that connection only), takes the peer's
 * credentials from SO_PEERCRED once at accept time, and runs each command
 * under sd_lock.  Authorisation: a peer sees and controls only sessions it
 * owns (root: all); kernel-domain commands need the root daemon.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "filter/filter.h"
#include "sessiond.h"
#include "ust.h"

/*
 * Connection limits: a connection costs a thread, and a client may hold
 * one for up to io_timeout without sending anything.  So that one user
 * cannot lock the others out, each non-root uid may hold at most
 * MAX_PER_USER connections and all non-root uids together MAX_CLIENTS;
 * root's own connections are only bounded by MAX_CLIENTS_ROOT.
 */
#define MAX_CLIENTS 128
#define MAX_PER_USER 16
#define MAX_CLIENTS_ROOT 64

static const struct timeval io_timeout = { .tv_sec = 60 };

static int nr_clients, nr_root_clients;
static struct {
	uid_t uid;
	int n;
} per_user[MAX_CLIENTS];
static pthread_mutex_t clients_lock = PTHREAD_MUTEX_INITIALIZER;

/* Counts a new connection of uid; 0, or -1 when over a limit.
 * clients_lock held. */
static int client_get(uid_t uid)
{
	int i, free_slot = -1;

	if (uid == 0) {
		if (nr_root_clients >= MAX_CLIENTS_ROOT)
			return -1;
		nr_root_clients++;
		return 0;
	}
	if (nr_clients >= MAX_CLIENTS)
		return -1;
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (per_user[i].n && per_user[i].uid == uid)
			break;
		if (!per_user[i].n && free_slot < 0)
			free_slot = i;
	}
	if (i == MAX_CLIENTS) {
		if (free_slot < 0)
			return -1;
		i = free_slot;
		per_user[i].uid = uid;
	}
	if (per_user[i].n >= MAX_PER_USER)
		return -1;
	per_user[i].n++;
	nr_clients++;
	return 0;
}

static void client_put(uid_t uid)
{
	int i;

	pthread_mutex_lock(&clients_lock);
	if (uid == 0) {
		nr_root_clients--;
	} else {
		for (i = 0; i < MAX_CLIENTS; i++)
			if (per_user[i].n && per_user[i].uid == uid) {
				per_user[i].n--;
				break;
			}
		nr_clients--;
	}
	pthread_mutex_unlock(&clients_lock);
}

int client_listen(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(sd_cfg.sock_path) >= sizeof(addr.sun_path)) {
		SD_ERR("Socket path too long: %s", sd_cfg.sock_path);
		return -1;
	}
	strcpy(addr.sun_path, sd_cfg.sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		SD_ERR("socket: %s", strerror(errno));
		return -1;
	}
	/* We hold the lock file: whatever is there is stale. */
	unlink(sd_cfg.sock_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		SD_ERR("Cannot bind %s: %s", sd_cfg.sock_path, strerror(errno));
		close(fd);
		return -1;
	}
	if (sd_cfg.is_root) {
		struct group *gr = getgrnam(sd_cfg.group);
		gid_t gid = 0;

		if (gr)
			gid = gr->gr_gid;
		else
			SD_WARN("No group \"%s\": only root can use this session daemon",
				sd_cfg.group);
		if (chown(sd_cfg.sock_path, 0, gid) < 0)
			SD_WARN("chown %s: %s", sd_cfg.sock_path,
				strerror(errno));
	}
	if (chmod(sd_cfg.sock_path, 0660) < 0) {
		SD_ERR("chmod %s: %s", sd_cfg.sock_path, strerror(errno));
		close(fd);
		return -1;
	}
	if (listen(fd, 64) < 0) {
		SD_ERR("listen: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* ---------------------------------------------------------------------- */

struct reply {
	void *buf;
	uint32_t len;
};

static int reply_add(struct reply *r, const void *rec, size_t size)
{
	void *tmp;

	if (r->len + size > LTTCOMM_MAX_PAYLOAD)
		return -LTTNG_ERR_NOMEM;
	tmp = realloc(r->buf, r->len + size);
	if (!tmp)
		return -LTTNG_ERR_NOMEM;
	r->buf = tmp;
	memcpy((char *)r->buf + r->len, rec, size);
	r->len += (uint32_t)size;
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

static int cmd_create(const struct lttcomm_create_req *r, uid_t uid,
		      gid_t gid, struct reply *rep)
{
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
	ret = session_create(r->name, r->output, (int)r->no_output, uid, gid,
			     home, &s);
	if (ret)
		return ret;
	SD_INFO("Session %s created for uid %u, output %s", s->name,
		(unsigned int)uid, s->output[0] ? s->output : "(none)");
	session_fill_info(s, &info);
	return reply_add(rep, &info, sizeof(info));
}

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

static void do_destroy(struct sd_session *s)
{
	if (s->active)
		do_stop(s);
	kernel_session_destroy(s);
	ust_session_destroy(s);
	SD_INFO("Session %s destroyed", s->name);
	session_free(s);
}

void client_teardown_all(void)
{
	pthread_mutex_lock(&sd_lock);
	while (session_first())
		do_destroy(session_first());
	pthread_mutex_unlock(&sd_lock);
}

/* The session a command acts on.  Another user's session exists for the
 * peer only as a taken name: acting on it is "Permission denied" (as in
 * LTTng 2.13), while listings (GET_SESSION, LIST_SESSIONS) do not show
 * it at all. */
static int lookup(const char *name, uid_t uid, struct sd_session **s)
{
	if (!name[0])
		return -LTTNG_ERR_NO_SESSION;
	*s = session_find(name, uid);
	if (*s)
		return 0;
	return session_find(name, 0) ? -LTTNG_ERR_EPERM :
				       -LTTNG_ERR_SESS_NOT_FOUND;
}

/* Creates a channel in the registry and, for the kernel, in the module. */
static int create_channel(struct sd_session *s, uint32_t domain,
			  struct lttcomm_channel_attr *attr,
			  struct sd_channel **out)
{
	struct sd_domain *d = session_domain(s, domain);
	struct sd_channel *c;
	int ret;

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
		pthread_mutex_lock(&s->ksess->consume_lock);
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
 * channel0 with the defaults when create is set and it is missing. */
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
	if (!create || strcmp(name, SD_DEFAULT_CHANNEL))
		return domain == LTTCOMM_DOMAIN_KERNEL ?
			-LTTNG_ERR_KERN_CHAN_NOT_FOUND :
			-LTTNG_ERR_UST_CHAN_NOT_FOUND;
	channel_defaults(&attr, domain, name);
	return create_channel(s, domain, &attr, out);
}

static int cmd_enable_channel(const struct lttcomm_channel_req *r, uid_t uid)
{
	struct lttcomm_channel_attr attr = r->attr;
	struct sd_session *s;
	struct sd_channel *c;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	ret = domain_check(r->domain);
	if (ret)
		return ret;
	if (!attr.name[0])
		snprintf(attr.name, sizeof(attr.name), "%s", SD_DEFAULT_CHANNEL);
	if (lttcomm_check_channel_name(attr.name))
		return -LTTNG_ERR_INVALID_CHANNEL_NAME;
	c = domain_channel_find(session_domain(s, r->domain), attr.name);
	if (!c && r->domain == LTTCOMM_DOMAIN_UST) {
		struct sd_channel *first = s->ust.channels;
		uint32_t want = attr.buffer_type == 2 ? 2 : 1;

		/* Applications got their channels at the first start. */
		if (s->started_once)
			return -LTTNG_ERR_TRACE_ALREADY_STARTED;

		/* One buffering scheme per session (LTTng's rule). */
		if (first && (first->attr.buffer_type == 2 ? 2 : 1) != want)
			return -LTTNG_ERR_BUFFER_TYPE_MISMATCH;
		attr.buffer_type = want;
	}
	if (c) {
		if (c->attr.enabled)
			return r->domain == LTTCOMM_DOMAIN_KERNEL ?
				-LTTNG_ERR_KERN_CHAN_EXIST :
				-LTTNG_ERR_UST_CHAN_EXIST;
		if (c->fd >= 0) {
			ret = kernel_channel_set_enabled(c, 1);
			if (ret)
				return ret;
		}
		c->attr.enabled = 1;
		return 0;
	}
	return create_channel(s, r->domain, &attr, &c);
}

static int cmd_disable_channel(const struct lttcomm_channel_req *r, uid_t uid)
{
	struct sd_session *s;
	struct sd_channel *c;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	ret = domain_check(r->domain);
	if (ret)
		return ret;
	c = domain_channel_find(session_domain(s, r->domain), r->attr.name);
	if (!c)
		return r->domain == LTTCOMM_DOMAIN_KERNEL ?
			-LTTNG_ERR_KERN_CHAN_NOT_FOUND :
			-LTTNG_ERR_UST_CHAN_NOT_FOUND;
	if (c->fd >= 0 && c->attr.enabled) {
		ret = kernel_channel_set_enabled(c, 0);
		if (ret)
			return ret;
	}
	c->attr.enabled = 0;
	return 0;
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

	if (e) {
		if (e->ev.enabled)
			return kernel ? -LTTNG_ERR_KERN_EVENT_EXIST :
					-LTTNG_ERR_UST_EVENT_EXIST;
		if (e->fd >= 0) {
			ret = kernel_event_set_enabled(e, 1);
			if (ret)
				return ret;
		}
		e->ev.enabled = 1;
		return 0;
	}
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

static int cmd_enable_event(const struct lttcomm_event_req *r, uid_t uid)
{
	const struct lttcomm_event *ev = &r->event;
	int kernel = r->domain == LTTCOMM_DOMAIN_KERNEL;
	struct sd_session *s;
	struct sd_channel *c;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	ret = domain_check(r->domain);
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
		    lttng_filter_check(ev->filter, err, sizeof(err))) {
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

static int cmd_disable_event(const struct lttcomm_event_req *r, uid_t uid)
{
	const struct lttcomm_event *ev = &r->event;
	/* "" or "*" (lttng disable-event -a): every event of the type. */
	int all = !ev->name[0] || !strcmp(ev->name, "*");
	struct sd_session *s;
	struct sd_channel *c;
	struct sd_event *e;
	int ret, found = 0;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	ret = domain_check(r->domain);
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
		if (!e->ev.enabled)
			continue;
		if (e->fd >= 0) {
			ret = kernel_event_set_enabled(e, 0);
			if (ret)
				return ret;
		}
		e->ev.enabled = 0;
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
		    (ctx->type != LTTNG_ABI_CTX_PERF_CPU_COUNTER ||
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

static int cmd_add_context(const struct lttcomm_context_req *r, uid_t uid)
{
	int kernel = r->domain == LTTCOMM_DOMAIN_KERNEL;
	int exist = kernel ? -LTTNG_ERR_KERN_CONTEXT_EXIST :
			     -LTTNG_ERR_UST_CONTEXT_EXIST;
	struct sd_session *s;
	struct sd_channel *c;
	struct sd_domain *d;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
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
		ret = target_channel(s, r->domain, r->channel, 1, &c);
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

static int cmd_track(const struct lttcomm_tracker_req *r, uid_t uid,
		     int track)
{
	struct sd_tracker *t;
	struct sd_session *s;
	struct sd_domain *d;
	unsigned int i;
	int ret, idx = -1;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	ret = domain_check(r->domain);
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

static int cmd_list_tracker(const struct lttcomm_tracker_req *r, uid_t uid,
			    struct reply *rep)
{
	struct sd_session *s;
	struct sd_tracker *t;
	unsigned int i;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	if (!session_domain(s, r->domain))
		return -LTTNG_ERR_INVALID;
	t = &session_domain(s, r->domain)->trackers[r->type];
	if (t->all) {
		struct lttcomm_tracker_id id = { .id = -1, .all = 1 };

		return reply_add(rep, &id, sizeof(id));
	}
	for (i = 0; i < t->nr; i++) {
		struct lttcomm_tracker_id id = { .id = t->ids[i] };

		ret = reply_add(rep, &id, sizeof(id));
		if (ret)
			return ret;
	}
	return 0;
}

static int cmd_start(const struct lttcomm_session_req *r, uid_t uid)
{
	struct sd_session *s;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	if (s->active)
		return -LTTNG_ERR_TRACE_ALREADY_STARTED;
	if (s->kernel.present) {
		ret = domain_check(LTTCOMM_DOMAIN_KERNEL);
		if (ret)
			return ret;
		if (s->no_output)
			return -LTTNG_ERR_NOT_SUPPORTED;
		ret = kernel_session_ensure(s);
		if (!ret)
			ret = kernel_start(s);
		if (ret)
			return ret;
	}
	if (s->ust.channels && s->no_output)
		return -LTTNG_ERR_NOT_SUPPORTED;
	s->active = 1;
	s->started_once = 1;
	/* Buffers and files for the registered applications, START. */
	ust_sync_session(s);
	SD_INFO("Session %s started", s->name);
	return 0;
}

static int cmd_stop(const struct lttcomm_session_req *r, uid_t uid)
{
	struct sd_session *s;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	if (!s->active)
		return -LTTNG_ERR_TRACE_ALREADY_STOPPED;
	ret = do_stop(s);
	SD_INFO("Session %s stopped", s->name);
	return ret;
}

static int cmd_list_channels(const struct lttcomm_session_req *r, uid_t uid,
			     struct reply *rep)
{
	struct sd_session *s;
	struct sd_channel *c;
	struct sd_domain *d;
	int ret;

	ret = lookup(r->session, uid, &s);
	if (ret)
		return ret;
	d = session_domain(s, r->domain);
	if (!d)
		return -LTTNG_ERR_INVALID;
	for (c = d->channels; c; c = c->next) {
		struct lttcomm_channel_attr a = c->attr;

		if (c->nr_streams) {
			unsigned int i;

			a.discarded = kernel_channel_discarded(c);
			/* the consumer's counters: under its lock */
			pthread_mutex_lock(&s->ksess->consume_lock);
			for (i = 0; i < c->nr_streams; i++)
				if (a.unwritten < UINT32_MAX - c->streams[i].unwritten)
					a.unwritten += c->streams[i].unwritten;
				else
					a.unwritten = UINT32_MAX;
			pthread_mutex_unlock(&s->ksess->consume_lock);
		} else if (r->domain == LTTCOMM_DOMAIN_UST) {
			ust_channel_counts(c, &a.discarded, &a.unwritten);
		}
		ret = reply_add(rep, &a, sizeof(a));
		if (ret)
			return ret;
	}
	return 0;
}

/* The existing channel a listing request names, in a session of uid. */
static int listed_channel(const char *session, uint32_t domain,
			  const char *channel, uid_t uid, struct sd_channel **c)
{
	struct sd_session *s;
	int ret;

	ret = lookup(session, uid, &s);
	if (ret)
		return ret;
	if (!session_domain(s, domain))
		return -LTTNG_ERR_INVALID;
	return target_channel(s, domain, channel, 0, c);
}

static int cmd_list_events(const struct lttcomm_event_req *r, uid_t uid,
			   struct reply *rep)
{
	struct sd_channel *c;
	struct sd_event *e;
	int ret;

	ret = listed_channel(r->session, r->domain, r->channel, uid, &c);
	if (ret)
		return ret;
	for (e = c->events; e; e = e->next) {
		ret = reply_add(rep, &e->ev, sizeof(e->ev));
		if (ret)
			return ret;
	}
	/* LTTng lists a UST channel's rules newest first. */
	if (r->domain == LTTCOMM_DOMAIN_UST && rep->len) {
		struct lttcomm_event *v = rep->buf, tmp;
		size_t n = rep->len / sizeof(*v), i;

		for (i = 0; i < n / 2; i++) {
			tmp = v[i];
			v[i] = v[n - 1 - i];
			v[n - 1 - i] = tmp;
		}
	}
	return 0;
}

static int cmd_list_contexts(const struct lttcomm_context_req *r, uid_t uid,
			     struct reply *rep)
{
	struct sd_channel *c;
	struct sd_context *x;
	int ret;

	ret = listed_channel(r->session, r->domain, r->channel, uid, &c);
	if (ret)
		return ret;
	for (x = c->contexts; x; x = x->next) {
		ret = reply_add(rep, &x->ctx, sizeof(x->ctx));
		if (ret)
			return ret;
	}
	return 0;
}

static int cmd_list_tracepoints(const struct lttcomm_session_req *r,
				int syscalls, struct reply *rep)
{
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
	ret = reply_add(rep, list, (size_t)n * sizeof(*list));
	free(list);
	return ret;
}

/* After a successful change of a session's UST state, tell the
 * applications (ust.c; nothing happens before the first start). */
static void ust_after_command(unsigned int cmd, const void *req, uid_t uid)
{
	const char *session;
	uint32_t domain;
	struct sd_session *s;

	switch (cmd) {
	case LTTCOMM_CMD_ENABLE_CHANNEL:
	case LTTCOMM_CMD_DISABLE_CHANNEL:
		session = ((const struct lttcomm_channel_req *)req)->session;
		domain = ((const struct lttcomm_channel_req *)req)->domain;
		break;
	case LTTCOMM_CMD_ENABLE_EVENT:
	case LTTCOMM_CMD_DISABLE_EVENT:
		session = ((const struct lttcomm_event_req *)req)->session;
		domain = ((const struct lttcomm_event_req *)req)->domain;
		break;
	case LTTCOMM_CMD_TRACK:
	case LTTCOMM_CMD_UNTRACK:
		session = ((const struct lttcomm_tracker_req *)req)->session;
		domain = ((const struct lttcomm_tracker_req *)req)->domain;
		break;
	default:
		return;
	}
	if (domain == LTTCOMM_DOMAIN_UST && !lookup(session, uid, &s))
		ust_sync_session(s);
}

int client_dispatch(unsigned int cmd, const void *req, uid_t uid, gid_t gid,
		    void **reply, uint32_t *reply_len)
{
	const struct lttcomm_session_req *sr = req;
	struct reply rep = { NULL, 0 };
	struct sd_session *s;
	int ret = 0;

	switch (cmd) {
	case LTTCOMM_CMD_VERSION: {
		struct lttcomm_version_reply v;

		memset(&v, 0, sizeof(v));
		v.major = LTTNG_TRACER_MAJOR;
		v.minor = LTTNG_TRACER_MINOR;
		v.patchlevel = LTTNG_TRACER_PATCHLEVEL;
		v.abi_major = kernel_abi_major();
		snprintf(v.name, sizeof(v.name), "lttng-sessiond");
		ret = reply_add(&rep, &v, sizeof(v));
		break;
	}
	case LTTCOMM_CMD_CREATE_SESSION:
		ret = cmd_create(req, uid, gid, &rep);
		break;
	case LTTCOMM_CMD_DESTROY_SESSION:
		ret = lookup(sr->session, uid, &s);
		if (!ret)
			do_destroy(s);
		break;
	case LTTCOMM_CMD_LIST_SESSIONS:
		for (s = session_first(); s && !ret; s = s->next) {
			struct lttcomm_session_info info;

			if (!session_visible(s, uid))
				continue;
			session_fill_info(s, &info);
			ret = reply_add(&rep, &info, sizeof(info));
		}
		break;
	case LTTCOMM_CMD_GET_SESSION:
		s = session_find(sr->session, uid);
		ret = !sr->session[0] ? -LTTNG_ERR_NO_SESSION :
		      !s ? -LTTNG_ERR_SESS_NOT_FOUND : 0;
		if (!ret) {
			struct lttcomm_session_info info;

			session_fill_info(s, &info);
			ret = reply_add(&rep, &info, sizeof(info));
		}
		break;
	case LTTCOMM_CMD_LIST_CHANNELS:
		ret = cmd_list_channels(req, uid, &rep);
		break;
	case LTTCOMM_CMD_LIST_EVENTS:
		ret = cmd_list_events(req, uid, &rep);
		break;
	case LTTCOMM_CMD_LIST_CONTEXTS:
		ret = cmd_list_contexts(req, uid, &rep);
		break;
	case LTTCOMM_CMD_LIST_TRACEPOINTS:
		ret = cmd_list_tracepoints(req, 0, &rep);
		break;
	case LTTCOMM_CMD_LIST_SYSCALLS:
		ret = cmd_list_tracepoints(req, 1, &rep);
		break;
	case LTTCOMM_CMD_ENABLE_CHANNEL:
		ret = cmd_enable_channel(req, uid);
		break;
	case LTTCOMM_CMD_DISABLE_CHANNEL:
		ret = cmd_disable_channel(req, uid);
		break;
	case LTTCOMM_CMD_ENABLE_EVENT:
		ret = cmd_enable_event(req, uid);
		break;
	case LTTCOMM_CMD_DISABLE_EVENT:
		ret = cmd_disable_event(req, uid);
		break;
	case LTTCOMM_CMD_ADD_CONTEXT:
		ret = cmd_add_context(req, uid);
		break;
	case LTTCOMM_CMD_START:
		ret = cmd_start(req, uid);
		break;
	case LTTCOMM_CMD_STOP:
		ret = cmd_stop(req, uid);
		break;
	case LTTCOMM_CMD_DATA_PENDING:
		ret = lookup(sr->session, uid, &s);
		/* STOP drains synchronously: only an active session has
		 * data on its way. */
		if (!ret)
			ret = s->active ? 1 : 0;
		break;
	case LTTCOMM_CMD_TRACK:
		ret = cmd_track(req, uid, 1);
		break;
	case LTTCOMM_CMD_UNTRACK:
		ret = cmd_track(req, uid, 0);
		break;
	case LTTCOMM_CMD_LIST_TRACKER:
		ret = cmd_list_tracker(req, uid, &rep);
		break;
	case LTTCOMM_CMD_LIST_UST_EVENTS: {
		struct lttcomm_ust_tracepoint_info *v = NULL;
		int n = ust_list_events(uid, &v);

		ret = n <= 0 ? n : reply_add(&rep, v, (size_t)n * sizeof(*v));
		free(v);
		break;
	}
	default:
		ret = -LTTNG_ERR_INVALID_PROTOCOL;
		break;
	}
	if (!ret)
		ust_after_command(cmd, req, uid);
	if (ret) {
		free(rep.buf);
		rep.buf = NULL;
		rep.len = 0;
	}
	*reply = rep.buf;
	*reply_len = rep.len;
	return ret;
}

/* ---------------------------------------------------------------------- */

struct conn {
	int fd;
	struct ucred cred;
};

/* The largest request is an event request; nothing bigger is legitimate. */
#define MAX_REQUEST 65536

static void *conn_thread(void *arg)
{
	struct conn *cn = arg;

	for (;;) {
		struct lttcomm_hdr hdr;
		void *payload, *reply;
		uint32_t reply_len;
		int ret;

		ret = lttcomm_recv_msg(cn->fd, &hdr, &payload, MAX_REQUEST);
		if (ret) {
			if (ret != -ECONNRESET)
				SD_DBG("pid %d: dropping connection: %s",
				       (int)cn->cred.pid, strerror(-ret));
			break;
		}
		if (lttcomm_check_request(hdr.cmd, payload, hdr.payload_len)) {
			SD_DBG("pid %d: dropping connection: malformed command %u (%u bytes)",
			       (int)cn->cred.pid, hdr.cmd, hdr.payload_len);
			free(payload);
			break;
		}
		SD_DBG2("pid %d uid %u: command %u", (int)cn->cred.pid,
			(unsigned int)cn->cred.uid, hdr.cmd);
		pthread_mutex_lock(&sd_lock);
		ret = client_dispatch(hdr.cmd, payload, cn->cred.uid,
				      cn->cred.gid, &reply, &reply_len);
		pthread_mutex_unlock(&sd_lock);
		free(payload);
		if (ret < 0)
			SD_DBG("command %u: %s", hdr.cmd, lttcomm_strerror(ret));
		ret = lttcomm_send_msg(cn->fd, hdr.cmd, ret, reply, reply_len);
		free(reply);
		if (ret)
			break;
	}
	close(cn->fd);
	client_put(cn->cred.uid);
	free(cn);
	return NULL;
}

int client_accept(int lfd)
{
	socklen_t len = sizeof(struct ucred);
	pthread_attr_t attr;
	struct conn *cn;
	pthread_t t;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return -errno;
	cn = calloc(1, sizeof(*cn));
	if (!cn) {
		close(fd);
		return -ENOMEM;
	}
	cn->fd = fd;
	/* A client that stalls mid-message or stops reading loses its
	 * connection instead of holding a thread forever. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &io_timeout,
		   sizeof(io_timeout));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &io_timeout,
		   sizeof(io_timeout));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cn->cred, &len) < 0) {
		SD_ERR("SO_PEERCRED: %s", strerror(errno));
		goto drop;
	}
	pthread_mutex_lock(&clients_lock);
	if (client_get(cn->cred.uid)) {
		static time_t last_warn;
		time_t now = time(NULL);
		int warn = now != last_warn;

		last_warn = now;
		pthread_mutex_unlock(&clients_lock);
		/* at most once a second: a flood must not flood the log */
		if (warn)
			SD_WARN("Too many connections: connection of pid %d (uid %u) refused",
				(int)cn->cred.pid, (unsigned int)cn->cred.uid);
		goto drop;
	}
	pthread_mutex_unlock(&clients_lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	if (pthread_create(&t, &attr, conn_thread, cn)) {
		pthread_attr_destroy(&attr);
		client_put(cn->cred.uid);
		goto drop;
	}
	pthread_attr_destroy(&attr);
	return 0;
drop:
	close(fd);
	free(cn);
	return 0;
}
