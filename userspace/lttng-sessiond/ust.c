// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust.c - instrumented applications: registration, registry, commands.
 *
 * The daemon listens on LTTNG_UST_SOCK_NAME in its run directory (root's:
 * 0666 so that every user's applications reach it; a user's: inside its
 * 0700 directory, and only peers of the daemon's uid are accepted).
 *
 * Threads:
 *  - the application thread polls the listening socket, a wake pipe and
 *    every registered application's socket.  A new connection gets a
 *    short-lived registration thread (at most SD_UST_MAX_REG at once)
 *    that reads and validates REGISTER without any lock, with a deadline;
 *    then, under sd_lock, the application enters the registry and the
 *    state of every session that concerns it is replayed, followed by
 *    REGISTER_DONE.  Data or a hang-up on a registered socket outside a
 *    command (commands run under sd_lock, so the thread checks again
 *    under sd_lock) means the application died or misbehaves: it is
 *    dropped and its buffers are read out (ust_owner_put).
 *  - client threads (client.c) call ust_sync_session() after each UST
 *    change, under sd_lock.
 *
 * Validation of REGISTER: the header here (magic, type, length, no fds),
 * the payload in ust-register.c.  Anything wrong closes the connection.
 *
 * Synchronisation model: for each (application, session) the daemon keeps
 * what it told the application (channels with their keys and enabled
 * state, one rule key per (rule, event) pair enabled, started or not).
 * ust_sync_app() compares that with the session's registry (channels,
 * enabled rules resolved against the application's events: star-glob
 * names, log level range or single, exclusions) and sends the difference.
 * The same function replays everything to an application that registers
 * late, so there is a single code path for "what must this app do".
 * Only sessions that were started at least once are pushed to
 * applications (as LTTng: buffers appear at the first start).
 *
 * Every exchange has a deadline (SD_UST_APP_TIMEOUT_MS, or the
 * environment LTTNG_UST_APP_TIMEOUT_MS): a failed or late exchange
 * marks the application dead; it is reaped at the end of the operation.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "filter/filter.h"
#include "ust.h"

#define SD_UST_MAX_REG		16

struct ust_app_rule {
	struct sd_event *rule;
	uint32_t ev;			/* index in app->events */
	uint64_t key;
	struct ust_app_rule *next;
};

struct ust_app_chan {
	struct sd_channel *chan;
	struct ust_ochan *oc;
	uint64_t key;
	int enabled;
	struct ust_app_rule *rules;
	struct ust_app_chan *next;
};

struct ust_app_sess {
	struct sd_session *s;
	struct ust_owner *owner;
	int started;
	struct ust_app_chan *chans;
	struct ust_app_sess *next;
};

struct ust_app {
	int fd;
	int dead;
	pid_t pid, ppid;
	uid_t uid;
	gid_t gid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	char datetime[32];
	uint32_t nr_events;
	struct ust_event_desc *events;
	unsigned char *conflict_logged;
	struct ust_app_sess *sessions;
	int64_t op_deadline;		/* ms: end of the current operation's
					 * budget for this app, 0 none */
	struct ust_app *next;
};

static struct ust_app *apps;
static unsigned int nr_apps;
static int listen_fd = -1;
static int wake_pipe[2] = { -1, -1 };
static char sock_path[4200];
static pthread_t app_thread;
static int app_thread_running;
static volatile int app_quit;
static int nr_reg;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t next_key = 1;
static int timeout_ms = SD_UST_APP_TIMEOUT_MS;

static uint64_t new_key(void)
{
	return next_key++;
}

static void wake_app_thread(void)
{
	if (wake_pipe[1] >= 0 && write(wake_pipe[1], "w", 1) < 0)
		SD_DBG2("ust wake: %s", strerror(errno));
}

/* --- messages -------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = ev };
		int64_t left = deadline - now_ms();
		int ret;

		if (left <= 0)
			return -ETIMEDOUT;
		ret = poll(&p, 1, (int)left);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
		if (p.revents & (ev | POLLHUP | POLLERR))
			return 0;
		return -EPIPE;
	}
}

/* Receives len bytes; any fd that comes along is closed and refused. */
static int recv_deadline(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;

	while (len) {
		char cbuf[CMSG_SPACE(sizeof(int) * 8)];
		struct iovec iov = { .iov_base = p, .iov_len = len };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *cm;
		int got_fds = 0;
		ssize_t n;
		int ret = wait_fd(fd, POLLIN, deadline);

		if (ret)
			return ret;
		n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SCM_RIGHTS) {
				size_t i, nfd = (cm->cmsg_len - CMSG_LEN(0)) /
						sizeof(int);
				int fds[8];

				memcpy(fds, CMSG_DATA(cm),
				       (nfd > 8 ? 8 : nfd) * sizeof(int));
				for (i = 0; i < nfd && i < 8; i++)
					close(fds[i]);
				got_fds = 1;
			}
		}
		if (got_fds || (mh.msg_flags & MSG_CTRUNC))
			return -EPROTO;
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_deadline(int fd, const void *hdr, size_t hlen,
			 const void *buf, size_t len, const int *fds,
			 unsigned int nfds, int64_t deadline)
{
	size_t total = hlen + len, done = 0;
	union {
		char buf[CMSG_SPACE(sizeof(int) * 253)];
		struct cmsghdr align;
	} cbuf;

	if (nfds > 253)
		return -EINVAL;
	while (done < total) {
		struct iovec iov[2];
		struct msghdr mh = { .msg_iov = iov };
		ssize_t n;
		int ret;

		if (done < hlen) {
			iov[0].iov_base = (char *)hdr + done;
			iov[0].iov_len = hlen - done;
			iov[1].iov_base = (void *)buf;
			iov[1].iov_len = len;
			mh.msg_iovlen = len ? 2 : 1;
		} else {
			iov[0].iov_base = (char *)buf + (done - hlen);
			iov[0].iov_len = total - done;
			mh.msg_iovlen = 1;
		}
		if (done == 0 && nfds) {
			struct cmsghdr *cm;

			memset(&cbuf, 0, sizeof(cbuf));
			mh.msg_control = cbuf.buf;
			mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
			memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
		}
		ret = wait_fd(fd, POLLOUT, deadline);
		if (ret)
			return ret;
		n = sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		done += (size_t)n;
	}
	return 0;
}

static void app_fail(struct ust_app *a, const char *what, int err)
{
	if (a->dead)
		return;
	SD_WARN("Application %s (pid %d): %s: %s; dropping it", a->procname,
		(int)a->pid, what, strerror(-err));
	a->dead = 1;
	shutdown(a->fd, SHUT_RDWR);
}

/*
 * Sends one command and waits for its REPLY.  Returns the application's
 * status (0 or -errno), or -EPIPE after dropping the application (timeout,
 * broken exchange, garbage).
 */
static int app_cmd(struct ust_app *a, uint32_t type, const void *p,
		   uint32_t len, const int *fds, unsigned int nfds)
{
	struct lttng_ust_msg_hdr h = {
		.magic = LTTNG_UST_MSG_MAGIC, .type = type, .len = len,
		.nr_fds = nfds,
	};
	struct lttng_ust_reply rep;
	int64_t deadline = now_ms() + timeout_ms;
	int ret;

	/* An app answering each command just in time must not hold sd_lock
	 * for a command count times the timeout: one budget per operation. */
	if (a->op_deadline && a->op_deadline < deadline)
		deadline = a->op_deadline;

	if (a->dead)
		return -EPIPE;
	ret = send_deadline(a->fd, &h, sizeof(h), p, len, fds, nfds, deadline);
	if (ret) {
		app_fail(a, "sending a command", ret);
		return -EPIPE;
	}
	if (type == LTTNG_UST_MSG_REGISTER_DONE)
		return 0;
	ret = recv_deadline(a->fd, &h, sizeof(h), deadline);
	if (!ret && (h.magic != LTTNG_UST_MSG_MAGIC ||
		     h.type != LTTNG_UST_MSG_REPLY || h.len != sizeof(rep) ||
		     h.nr_fds))
		ret = -EPROTO;
	if (!ret)
		ret = recv_deadline(a->fd, &rep, sizeof(rep), deadline);
	if (!ret && (rep.status > 0 || rep.status < -4095 || rep.reserved))
		ret = -EPROTO;
	if (ret) {
		app_fail(a, "waiting for a reply", ret);
		return -EPIPE;
	}
	return rep.status;
}

/* --- rule resolution --------------------------------------------------- */

static int rule_matches(const struct sd_event *e, const struct ust_event_desc *d)
{
	const struct lttcomm_event *ev = &e->ev;
	uint32_t i;

	if (!ev->enabled || (ev->type != LTTCOMM_EVENT_TRACEPOINT &&
			     ev->type != LTTCOMM_EVENT_ALL))
		return 0;
	if (!lttcomm_glob_match(ev->name[0] ? ev->name : "*", d->name))
		return 0;
	if (ev->loglevel_type == LTTCOMM_LOGLEVEL_RANGE &&
	    d->loglevel > ev->loglevel)
		return 0;
	if (ev->loglevel_type == LTTCOMM_LOGLEVEL_SINGLE &&
	    d->loglevel != ev->loglevel)
		return 0;
	for (i = 0; i < ev->nr_exclusions && i < LTTCOMM_EXCLUSION_MAX; i++)
		if (lttcomm_glob_match(ev->exclusions[i], d->name))
			return 0;
	return 1;
}

/* A session traces an application when it is root's (in root's daemon)
 * or the application's user's, and the UST trackers let it through. */
static int app_concerned(const struct sd_session *s, const struct ust_app *a)
{
	const struct sd_tracker *t;
	unsigned int i;
	int32_t ids[3] = { (int32_t)a->pid, (int32_t)a->uid, (int32_t)a->gid };
	int types[3] = { LTTCOMM_TRACKER_VPID, LTTCOMM_TRACKER_VUID,
			 LTTCOMM_TRACKER_VGID };
	int k;

	if (s->uid != 0 && s->uid != a->uid)
		return 0;
	for (k = 0; k < 3; k++) {
		int found = 0;

		t = &s->ust.trackers[types[k]];
		if (t->all)
			continue;
		for (i = 0; i < t->nr; i++)
			if (t->ids[i] == ids[k])
				found = 1;
		if (!found)
			return 0;
	}
	return 1;
}

static int session_per_pid(const struct sd_session *s)
{
	return s->ust.channels &&
	       s->ust.channels->attr.buffer_type == LTTCOMM_BUFFER_PER_PID;
}

/* --- synchronisation --------------------------------------------------- */

static struct ust_app_sess *asess_find(struct ust_app *a,
				       const struct sd_session *s)
{
	struct ust_app_sess *as;

	for (as = a->sessions; as; as = as->next)
		if (as->s == s)
			return as;
	return NULL;
}

static void achan_free(struct ust_app_chan *ac)
{
	while (ac->rules) {
		struct ust_app_rule *r = ac->rules;

		ac->rules = r->next;
		free(r);
	}
	free(ac);
}

/* Forgets a's state for as (the app is gone or the session is). */
static void asess_free(struct ust_app *a, struct ust_app_sess *as, int put)
{
	struct ust_app_sess **pp;

	for (pp = &a->sessions; *pp; pp = &(*pp)->next)
		if (*pp == as) {
			*pp = as->next;
			break;
		}
	while (as->chans) {
		struct ust_app_chan *ac = as->chans;

		as->chans = ac->next;
		achan_free(ac);
	}
	if (as->owner) {
		if (put) {
			ust_owner_put(as->owner);
		} else {
			pthread_mutex_lock(&ust_cons_lock);
			as->owner->nr_alive--;
			pthread_mutex_unlock(&ust_cons_lock);
		}
	}
	free(as);
}

static void session_key(struct sd_session *s)
{
	if (!s->ust_key)
		s->ust_key = new_key();
}

static int send_channel(struct ust_app *a, struct sd_session *s,
			struct ust_app_chan *ac)
{
	struct lttng_ust_cmd_channel cmd;
	struct sd_context *x;
	int fds[LTTNG_UST_MAX_STREAMS];
	unsigned int i;

	memset(&cmd, 0, sizeof(cmd));
	cmd.session_key = s->ust_key;
	cmd.channel_key = ac->key;
	snprintf(cmd.name, sizeof(cmd.name), "%s", ac->chan->attr.name);
	cmd.nr_streams = ac->oc->nr_streams;
	cmd.enabled = ac->chan->attr.enabled ? 1 : 0;
	for (x = ac->chan->contexts; x && cmd.nr_contexts < LTTNG_UST_MAX_CONTEXTS;
	     x = x->next)
		cmd.contexts[cmd.nr_contexts++] = x->ctx.type;
	for (i = 0; i < ac->oc->nr_streams; i++)
		fds[i] = ac->oc->streams[i].fd;
	ac->enabled = (int)cmd.enabled;
	return app_cmd(a, LTTNG_UST_MSG_CHANNEL_CREATE, &cmd, sizeof(cmd), fds,
		       ac->oc->nr_streams);
}

static int send_key(struct ust_app *a, uint32_t type, uint64_t skey,
		    uint64_t ckey)
{
	struct lttng_ust_cmd_key k = { .session_key = skey, .channel_key = ckey };

	return app_cmd(a, type, &k, sizeof(k), NULL, 0);
}

static int send_event(struct ust_app *a, struct sd_session *s,
		      struct ust_app_chan *ac, struct ust_app_rule *r,
		      uint32_t id, int enable)
{
	struct lttng_ust_cmd_event *cmd;
	struct lttng_filter_bytecode *bc = NULL;
	size_t len = sizeof(*cmd);
	int ret;

	if (enable && r->rule->ev.filter[0]) {
		char err[256];

		if (lttng_filter_compile_user(r->rule->ev.filter, &bc, err,
					 sizeof(err))) {
			SD_WARN("UST event %s: %s", r->rule->ev.name, err);
			return -EINVAL;
		}
		if (bc->len > LTTNG_UST_FILTER_MAX) {
			lttng_filter_bytecode_free(bc);
			return -E2BIG;
		}
		len += bc->len;
	}
	cmd = calloc(1, len);
	if (!cmd) {
		lttng_filter_bytecode_free(bc);
		return -ENOMEM;
	}
	cmd->session_key = s->ust_key;
	cmd->channel_key = ac->key;
	cmd->rule_key = r->key;
	snprintf(cmd->name, sizeof(cmd->name), "%s", a->events[r->ev].name);
	if (enable) {
		cmd->id = id;
		if (bc) {
			cmd->filter_len = bc->len;
			memcpy(cmd + 1, bc->data, bc->len);
		}
	}
	ret = app_cmd(a, enable ? LTTNG_UST_MSG_EVENT_ENABLE :
		      LTTNG_UST_MSG_EVENT_DISABLE, cmd, (uint32_t)len, NULL, 0);
	free(cmd);
	lttng_filter_bytecode_free(bc);
	return ret;
}

static int rule_present(struct ust_app_chan *ac, struct sd_event *e,
			uint32_t ev)
{
	struct ust_app_rule *r;

	for (r = ac->rules; r; r = r->next)
		if (r->rule == e && r->ev == ev)
			return 1;
	return 0;
}

static int rule_wanted(struct sd_channel *c, struct ust_app_rule *r,
		       const struct ust_app *a)
{
	struct sd_event *e;

	for (e = c->events; e; e = e->next)
		if (e == r->rule)
			return rule_matches(e, &a->events[r->ev]);
	return 0;
}

static int sync_channel(struct ust_app *a, struct ust_app_sess *as,
			struct ust_app_chan *ac)
{
	struct sd_channel *c = ac->chan;
	struct ust_app_rule **pp, *r;
	struct sd_event *e;
	uint32_t i;
	int ret;

	/* Rules that no longer apply first. */
	for (pp = &ac->rules; *pp; ) {
		r = *pp;
		if (rule_wanted(c, r, a)) {
			pp = &r->next;
			continue;
		}
		ret = send_event(a, as->s, ac, r, 0, 0);
		if (ret == -EPIPE)
			return ret;
		*pp = r->next;
		free(r);
	}
	for (e = c->events; e; e = e->next) {
		for (i = 0; i < a->nr_events; i++) {
			const struct ust_event_desc *d = &a->events[i];
			int id;

			if (!rule_matches(e, d) || rule_present(ac, e, i))
				continue;
			id = ust_ochan_event_id(as->owner, ac->oc, d);
			if (id < 0) {
				if (!a->conflict_logged[i])
					SD_ERR("Application %s (pid %d): event %s does not match the description already in use for uid %u: not enabled",
					       a->procname, (int)a->pid,
					       d->name, (unsigned int)a->uid);
				a->conflict_logged[i] = 1;
				continue;
			}
			r = calloc(1, sizeof(*r));
			if (!r)
				return -ENOMEM;
			r->rule = e;
			r->ev = i;
			r->key = new_key();
			ret = send_event(a, as->s, ac, r, (uint32_t)id, 1);
			if (ret == -EPIPE) {
				free(r);
				return ret;
			}
			if (ret) {
				SD_WARN("Application %s (pid %d): enabling %s: %s",
					a->procname, (int)a->pid, d->name,
					strerror(-ret));
				free(r);
				continue;
			}
			r->next = ac->rules;
			ac->rules = r;
		}
	}
	if (ac->enabled != (int)c->attr.enabled) {
		ret = send_key(a, c->attr.enabled ? LTTNG_UST_MSG_CHANNEL_ENABLE :
			       LTTNG_UST_MSG_CHANNEL_DISABLE, as->s->ust_key,
			       ac->key);
		if (ret == -EPIPE)
			return ret;
		if (!ret)
			ac->enabled = (int)c->attr.enabled;
	}
	return 0;
}

static int sync_app_once(struct ust_app *a, struct sd_session *s);

/* Brings a in line with s (sd_lock held), within twice the command
 * timeout in total.  -EPIPE: a is dead. */
static int ust_sync_app(struct ust_app *a, struct sd_session *s)
{
	int ret;

	a->op_deadline = now_ms() + 2 * (int64_t)timeout_ms;
	ret = sync_app_once(a, s);
	a->op_deadline = 0;
	return ret;
}

static int sync_app_once(struct ust_app *a, struct sd_session *s)
{
	struct ust_app_sess *as = asess_find(a, s);
	struct sd_channel *c;
	uint32_t stream_id = 0;
	int ret;

	if (a->dead)
		return -EPIPE;
	if (!s->started_once || s->no_output || !s->ust.channels)
		return 0;
	if (!app_concerned(s, a)) {
		/* No longer tracked (vpid/vuid/vgid trackers): stop it. */
		if (as && as->started) {
			ret = send_key(a, LTTNG_UST_MSG_SESSION_STOP,
				       s->ust_key, 0);
			if (ret == -EPIPE)
				return ret;
			if (!ret)
				as->started = 0;
		}
		return 0;
	}
	session_key(s);
	if (!as) {
		int per_pid = session_per_pid(s);
		struct ust_owner *o;

		o = ust_owner_get(s, per_pid, a->uid, a->pid, a->procname,
				  a->datetime);
		if (!o)
			return -ENOMEM;
		as = calloc(1, sizeof(*as));
		if (!as)
			return -ENOMEM;	/* o stays for the next attempt */
		as->s = s;
		as->owner = o;
		pthread_mutex_lock(&ust_cons_lock);
		o->nr_alive++;
		pthread_mutex_unlock(&ust_cons_lock);
		as->next = a->sessions;
		a->sessions = as;
	}
	for (c = s->ust.channels; c; c = c->next, stream_id++) {
		struct ust_app_chan *ac, **pp;

		for (ac = as->chans; ac; ac = ac->next)
			if (ac->chan == c)
				break;
		if (!ac) {
			struct ust_ochan *oc = ust_ochan_get(as->owner, c,
							     stream_id);

			if (!oc)
				return -ENOMEM;
			ac = calloc(1, sizeof(*ac));
			if (!ac)
				return -ENOMEM;
			ac->chan = c;
			ac->oc = oc;
			ac->key = oc->key;
			ret = send_channel(a, s, ac);
			if (ret) {
				free(ac);
				if (ret == -EPIPE)
					return ret;
				SD_WARN("Application %s (pid %d): channel %s: %s",
					a->procname, (int)a->pid, c->attr.name,
					strerror(-ret));
				continue;
			}
			for (pp = &as->chans; *pp; pp = &(*pp)->next)
				;
			*pp = ac;
		}
		ret = sync_channel(a, as, ac);
		if (ret == -EPIPE)
			return ret;
	}
	if (as->started != s->active) {
		ret = send_key(a, s->active ? LTTNG_UST_MSG_SESSION_START :
			       LTTNG_UST_MSG_SESSION_STOP, s->ust_key, 0);
		if (ret == -EPIPE)
			return ret;
		if (!ret)
			as->started = s->active;
	}
	return 0;
}

static void app_free(struct ust_app *a)
{
	while (a->sessions)
		asess_free(a, a->sessions, 1);
	ust_events_free(a->events, a->nr_events);
	free(a->conflict_logged);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
}

/* Unlinks and frees every dead application (sd_lock held). */
static void reap_dead(void)
{
	struct ust_app **pp = &apps;
	int any = 0;

	while (*pp) {
		struct ust_app *a = *pp;

		if (!a->dead) {
			pp = &a->next;
			continue;
		}
		*pp = a->next;
		nr_apps--;
		SD_INFO("Application %s (pid %d) unregistered", a->procname,
			(int)a->pid);
		app_free(a);
		any = 1;
	}
	if (any)
		wake_app_thread();
}

void ust_sync_session(struct sd_session *s)
{
	struct ust_app *a;

	for (a = apps; a; a = a->next)
		ust_sync_app(a, s);
	reap_dead();
}

void ust_session_stop(struct sd_session *s)
{
	ust_sync_session(s);
	ust_owners_drain(s);
}

void ust_session_destroy(struct sd_session *s)
{
	struct ust_app *a;

	for (a = apps; a; a = a->next) {
		struct ust_app_sess *as = asess_find(a, s);

		if (!as)
			continue;
		send_key(a, LTTNG_UST_MSG_SESSION_DESTROY, s->ust_key, 0);
		asess_free(a, as, 0);
	}
	reap_dead();
	ust_owners_drain(s);
	ust_owners_free(s);
}

/* The listing record kind of an application's field. */
static uint32_t field_kind(const struct lttng_ust_field_info *f)
{
	switch (f->type) {
	case LTTNG_UST_FIELD_INTEGER:
		return LTTCOMM_FIELD_INTEGER;
	case LTTNG_UST_FIELD_ENUM:
		return LTTCOMM_FIELD_ENUM;
	case LTTNG_UST_FIELD_FLOAT:
		return LTTCOMM_FIELD_FLOAT;
	case LTTNG_UST_FIELD_STRING:
		return LTTCOMM_FIELD_STRING;
	default:	/* arrays and sequences: text ones are strings */
		return f->encoding ? LTTCOMM_FIELD_STRING : LTTCOMM_FIELD_OTHER;
	}
}

/*
 * The events of the registered applications of uid (0: all), as records
 * of size rec_size: lttcomm_ust_tracepoint_info, or with fields set
 * lttcomm_ust_field_info (one per field, one for an event without).
 */
static int list_events(uid_t uid, int fields, size_t rec_size, void **out)
{
	char *v = NULL;
	struct ust_app *a;
	size_t n = 0, cap = 0;
	uint32_t i, f;

	for (a = apps; a; a = a->next) {
		if (a->dead || (uid != 0 && a->uid != uid))
			continue;
		for (i = 0; i < a->nr_events; i++) {
			const struct ust_event_desc *e = &a->events[i];

			for (f = 0; f < (fields && e->nr_fields ?
					 e->nr_fields : 1); f++) {
				struct lttcomm_ust_tracepoint_info *ev;

				if (n == cap) {
					size_t nc = cap ? cap * 2 : 64;
					void *t;

					if (nc * rec_size > LTTCOMM_MAX_PAYLOAD)
						goto full;
					t = realloc(v, nc * rec_size);
					if (!t) {
						free(v);
						return -LTTNG_ERR_NOMEM;
					}
					v = t;
					cap = nc;
				}
				memset(v + n * rec_size, 0, rec_size);
				/* the event record starts both kinds */
				ev = (void *)(v + n * rec_size);
				strcpy(ev->name, e->name);
				ev->loglevel = e->loglevel;
				ev->pid = (int32_t)a->pid;
				strcpy(ev->procname, a->procname);
				if (fields && e->nr_fields) {
					struct lttcomm_ust_field_info *fi =
						(void *)ev;

					snprintf(fi->field, sizeof(fi->field),
						 "%s", e->fields[f].name);
					fi->type = field_kind(&e->fields[f]);
				}
				n++;
			}
		}
	}
full:
	*out = v;
	return (int)n;
}

int ust_list_events(uid_t uid, struct lttcomm_ust_tracepoint_info **out)
{
	return list_events(uid, 0, sizeof(**out), (void **)out);
}

int ust_list_fields(uid_t uid, struct lttcomm_ust_field_info **out)
{
	return list_events(uid, 1, sizeof(**out), (void **)out);
}

int ust_context_type(uint32_t type, const char *name)
{
	(void)name;
	return type <= LTTNG_UST_CTX_VEGID ? (int)type : -1;
}

/* --- registration ------------------------------------------------------ */

/* Fills a from its checked REGISTER payload (ust-register.c). */
static int parse_register(struct ust_app *a, const struct ucred *cred,
			  const void *buf, size_t len)
{
	struct ust_registration r;
	int ret = ust_parse_register(&r, cred, buf, len);

	if (ret)
		return ret;
	a->pid = cred->pid;
	a->ppid = r.ppid;
	a->uid = cred->uid;
	a->gid = cred->gid;
	memcpy(a->procname, r.procname, sizeof(a->procname));
	a->nr_events = r.nr_events;
	a->events = r.events;
	a->conflict_logged = calloc(r.nr_events ? r.nr_events : 1, 1);
	return a->conflict_logged ? 0 : -ENOMEM;	/* app_free() frees */
}

/* One user cannot take every slot of root's daemon. */
static unsigned int apps_of(uid_t uid)
{
	struct ust_app *a;
	unsigned int n = 0;

	for (a = apps; a; a = a->next)
		n += a->uid == uid;
	return n;
}

struct reg_job {
	int fd;
	struct ucred cred;
};

static void *reg_thread(void *arg)
{
	struct reg_job *job = arg;
	struct lttng_ust_msg_hdr h;
	struct ust_app *a = NULL;
	struct sd_session *s;
	int64_t deadline = now_ms() + timeout_ms;
	void *buf = NULL;
	char why[64] = "";
	int ret;

	ret = recv_deadline(job->fd, &h, sizeof(h), deadline);
	if (ret) {
		snprintf(why, sizeof(why), "%s", strerror(-ret));
		goto drop;
	}
	if (h.magic != LTTNG_UST_MSG_MAGIC || h.type != LTTNG_UST_MSG_REGISTER ||
	    h.nr_fds || h.len < sizeof(struct lttng_ust_register) ||
	    h.len > LTTNG_UST_MSG_MAX) {
		snprintf(why, sizeof(why), "bad header");
		goto drop;
	}
	buf = malloc(h.len);
	a = calloc(1, sizeof(*a));
	if (!buf || !a) {
		snprintf(why, sizeof(why), "out of memory");
		goto drop;
	}
	a->fd = -1;
	ret = recv_deadline(job->fd, buf, h.len, deadline);
	if (!ret)
		ret = parse_register(a, &job->cred, buf, h.len);
	if (ret) {
		snprintf(why, sizeof(why), "%s", ret == -EPROTO ?
			 "malformed registration" : strerror(-ret));
		goto drop;
	}
	free(buf);
	buf = NULL;
	lttcomm_format_datetime(time(NULL), a->datetime, sizeof(a->datetime));
	a->fd = job->fd;
	job->fd = -1;

	pthread_mutex_lock(&sd_lock);
	if (nr_apps >= SD_UST_MAX_APPS || app_quit ||
	    apps_of(a->uid) >= SD_UST_MAX_APPS_PER_UID) {
		pthread_mutex_unlock(&sd_lock);
		snprintf(why, sizeof(why), "too many applications");
		goto drop;
	}
	a->next = apps;
	apps = a;
	nr_apps++;
	SD_INFO("Application %s (pid %d, uid %u) registered with %u events",
		a->procname, (int)a->pid, (unsigned int)a->uid, a->nr_events);
	for (s = session_first(); s && !a->dead; s = s->next)
		ust_sync_app(a, s);
	if (!a->dead)
		app_cmd(a, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
	reap_dead();
	pthread_mutex_unlock(&sd_lock);
	wake_app_thread();
	goto out;
drop:
	SD_WARN("Application pid %d uid %u refused: %s", (int)job->cred.pid,
		(unsigned int)job->cred.uid, why);
	if (a) {
		a->fd = -1;
		app_free(a);
	}
	free(buf);
out:
	if (job->fd >= 0)
		close(job->fd);
	free(job);
	pthread_mutex_lock(&reg_lock);
	nr_reg--;
	pthread_mutex_unlock(&reg_lock);
	return NULL;
}

static void accept_app(void)
{
	socklen_t len = sizeof(struct ucred);
	struct reg_job *job;
	pthread_attr_t attr;
	pthread_t t;
	int fd;

	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	job = calloc(1, sizeof(*job));
	if (!job)
		goto drop;
	job->fd = fd;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &job->cred, &len) < 0)
		goto drop;
	/* A user's daemon only traces its user's applications. */
	if (!sd_cfg.is_root && job->cred.uid != geteuid()) {
		SD_WARN("Application pid %d of uid %u refused: not our user",
			(int)job->cred.pid, (unsigned int)job->cred.uid);
		goto drop;
	}
	pthread_mutex_lock(&reg_lock);
	if (nr_reg >= SD_UST_MAX_REG) {
		pthread_mutex_unlock(&reg_lock);
		SD_WARN("Too many registrations in progress: pid %d refused",
			(int)job->cred.pid);
		goto drop;
	}
	nr_reg++;
	pthread_mutex_unlock(&reg_lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	if (pthread_create(&t, &attr, reg_thread, job)) {
		pthread_attr_destroy(&attr);
		pthread_mutex_lock(&reg_lock);
		nr_reg--;
		pthread_mutex_unlock(&reg_lock);
		goto drop;
	}
	pthread_attr_destroy(&attr);
	return;
drop:
	close(fd);
	free(job);
}

/* An application's socket became readable or hung up outside a command. */
static void check_app(int fd)
{
	struct ust_app *a;

	pthread_mutex_lock(&sd_lock);
	for (a = apps; a; a = a->next) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (a->fd != fd || a->dead)
			continue;
		if (poll(&p, 1, 0) <= 0)
			break;	/* a command consumed it meanwhile */
		if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			a->dead = 1;
		} else {
			char c;
			ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);

			if (n == 0)
				a->dead = 1;
			else if (n > 0)
				app_fail(a, "unexpected message", -EPROTO);
		}
		break;
	}
	reap_dead();
	pthread_mutex_unlock(&sd_lock);
}

static void *app_thread_fn(void *arg)
{
	struct pollfd *pfd = NULL;
	size_t cap = 0;

	(void)arg;
	while (!app_quit) {
		struct ust_app *a;
		size_t n = 2, i;

		pthread_mutex_lock(&sd_lock);
		if (nr_apps + 2 > cap) {
			void *t = realloc(pfd, (nr_apps + 2) * sizeof(*pfd));

			if (t) {
				pfd = t;
				cap = nr_apps + 2;
			}
		}
		if (cap >= 2) {
			pfd[0].fd = listen_fd;
			pfd[0].events = POLLIN;
			pfd[1].fd = wake_pipe[0];
			pfd[1].events = POLLIN;
			for (a = apps; a && n < cap; a = a->next) {
				pfd[n].fd = a->dead ? -1 : a->fd;
				pfd[n++].events = POLLIN;
			}
		}
		pthread_mutex_unlock(&sd_lock);
		if (cap < 2) {
			usleep(100000);
			continue;
		}
		if (poll(pfd, n, 1000) < 0) {
			if (errno != EINTR)
				usleep(10000);
			continue;
		}
		if (pfd[1].revents & POLLIN) {
			char junk[64];

			while (read(wake_pipe[0], junk, sizeof(junk)) > 0)
				;
		}
		if (pfd[0].revents & POLLIN)
			accept_app();
		for (i = 2; i < n; i++)
			if (pfd[i].fd >= 0 && pfd[i].revents)
				check_app(pfd[i].fd);
	}
	free(pfd);
	return NULL;
}

int ust_init(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *env = getenv("LTTNG_UST_APP_TIMEOUT_MS");
	int fd;

	if (env && atoi(env) > 0)
		timeout_ms = atoi(env);
	if (snprintf(sock_path, sizeof(sock_path), "%s/%s", sd_cfg.rundir,
		     LTTNG_UST_SOCK_NAME) >= (int)sizeof(addr.sun_path)) {
		SD_ERR("UST socket path too long: %s", sock_path);
		return -1;
	}
	strcpy(addr.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		SD_ERR("socket: %s", strerror(errno));
		return -1;
	}
	unlink(sock_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    chmod(sock_path, sd_cfg.is_root ? 0666 : 0600) < 0 ||
	    listen(fd, 64) < 0) {
		SD_ERR("UST socket %s: %s", sock_path, strerror(errno));
		close(fd);
		return -1;
	}
	listen_fd = fd;
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		goto fail;
	if (ust_consumer_start())
		goto fail;
	app_quit = 0;
	if (pthread_create(&app_thread, NULL, app_thread_fn, NULL)) {
		ust_consumer_stop();
		goto fail;
	}
	app_thread_running = 1;
	SD_DBG("Applications register on %s", sock_path);
	return 0;
fail:
	SD_ERR("UST: cannot start: %s", strerror(errno));
	close(listen_fd);
	listen_fd = -1;
	unlink(sock_path);
	return -1;
}

/* After every session was destroyed (cmd_teardown_all). */
void ust_fini(void)
{
	if (app_thread_running) {
		app_quit = 1;
		wake_app_thread();
		pthread_join(app_thread, NULL);
		app_thread_running = 0;
	}
	if (listen_fd >= 0) {
		close(listen_fd);
		listen_fd = -1;
		unlink(sock_path);
	}
	pthread_mutex_lock(&sd_lock);
	while (apps) {
		struct ust_app *a = apps;

		apps = a->next;
		app_free(a);
	}
	nr_apps = 0;
	pthread_mutex_unlock(&sd_lock);
	ust_consumer_stop();
}
