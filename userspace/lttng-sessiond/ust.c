// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust.c - instrumented applications: registration, registry, commands.
 *
 * The daemon listens on LTTNG_UST_SOCK_NAME in its run directory (or at
 * lttng-sessiond --apps-sock PATH; root's:
 * 0666 so that every user's applications reach it; a user's: inside its
 * 0700 directory, and only peers of the daemon's uid are accepted).
 *
 * Threads and locks
 * -----------------
 * Nothing here holds a lock while it waits for an application:
 *  - the application thread owns every registered application's socket:
 *    it sends the queued commands and reads the replies without blocking
 *    (poll), accepts connections, drops applications that fail, hang up,
 *    send something unsolicited or miss their deadline;
 *  - a new connection gets a short-lived registration thread (at most
 *    SD_UST_MAX_REG at once, SD_UST_MAX_REG_PER_UID per uid: the uid's
 *    next SD_UST_MAX_PARKED_PER_UID connections wait for their turn,
 *    in order, further ones are refused) that reads
 *    and validates REGISTER without any lock, with a deadline; then,
 *    under sd_lock and apps_lock, the application enters the registry
 *    and the sessions that concern it are chosen (referenced); both are
 *    dropped, and it joins each session with that session's lock alone
 *    (reg_join(): waited for while its holders change, up to the apps'
 *    timeout, SD_LOCK_WAIT_MS if none moves), as a start does;
 *    REGISTER_DONE follows; a session not joined in time (its output
 *    stalled) is joined then, when its lock is free (reg_join_late()),
 *    and the thread ends;
 *  - client threads (client.c) call ust_sync_session() & co. with the
 *    session's lock; the client waits for the replies after releasing
 *    every lock (ust_client_wait), so another user's `lttng list` never
 *    waits for a slow application.
 * No file is created or written with apps_lock (or sd_lock) held: the
 * buffers' owners and channels, with their files and the first part of
 * their metadata, are made before (prepare_owners()), the commands are
 * then planned under apps_lock into an operation that is held (not sent),
 * the new event declarations written without apps_lock, and only then is
 * the operation let go (sync_apps()): a session whose output stalls holds
 * up only the thread that holds its lock.
 *
 * Operations and deadlines
 * ------------------------
 * The commands queued by one call (a client command, a registration, a
 * recovery) form an operation with one deadline, SD_UST_APP_TIMEOUT_MS
 * (or LTTNG_UST_APP_TIMEOUT_MS in the daemon's environment) after it was
 * queued in full, for all of its applications at once (plus
 * SD_UST_CMD_ALLOWANCE_MS per command beyond the first to the same
 * application, for the ones with thousands of events): they are served
 * in parallel, and an application that has not answered every command
 * of the operation by then is dropped (its socket shut down), as is one
 * that answers garbage.  Operations of one application are served in
 * order, so their deadlines are in order too.  When an operation's last
 * command is answered or failed, its action runs: after STOP the rings
 * are flushed and read out (ust_owners_stop), after DESTROY the owners are
 * read out and freed, after a recovery's SYNC the dead writer's
 * sub-buffers are skipped (ust_owner_force).
 *
 * Synchronisation model
 * ---------------------
 * For each (application, session) the daemon keeps what it told the
 * application (channels with their keys and enabled state, one rule key
 * per (rule, event) pair enabled, started or not), updated when the
 * command is queued, and corrected if the application refuses it.
 * sync_app() compares that with the session's registry (channels,
 * enabled rules resolved against the application's events: star-glob
 * names, log level range or single, exclusions) and queues the
 * difference.  The same function replays everything to an application
 * that registers late, so there is a single code path for "what must
 * this app do".  Only sessions that were started at least once are
 * pushed to applications (as LTTng: buffers appear at the first start).
 *
 * A dead writer
 * -------------
 * When an application's socket hangs up (it died; not when we dropped
 * it) while others keep writing into a per-UID buffer it shared, it may
 * have died inside a record: its sub-buffer would never complete.  The
 * rings are flushed and every other application of that buffer gets
 * SYNC (a grace period: their records begun before are committed); then
 * whatever is still incomplete below the flush position is the dead
 * one's and is skipped (ust-ring.c).
 *
 * Memory: one uid's applications may make the daemon keep at most
 * SD_UST_MEM_PER_UID of registrations (being read, and the event
 * descriptions of registered applications), SD_UST_MAX_APPS_PER_UID
 * applications; each buffer owner at most SD_UST_OWNER_EVENTS_MAX event
 * descriptions (ust-consumer.c).
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
#include "lttng-abi.h"
#include "lttng-contexts.h"
#include "ust.h"

#define SD_UST_MAX_REG		16
#define CLIENT_MAX_OPS		8
/* Beyond the timeout, per command of one operation to one application:
 * thousands of events get the time to be enabled, a slow application
 * still does not. */
#define SD_UST_CMD_ALLOWANCE_MS	2
#define REPLY_LEN		(sizeof(struct lttng_ust_msg_hdr) + \
				 sizeof(struct lttng_ust_reply))

/* What to correct in the application's state if it refuses a command. */
enum cmd_kind {
	CK_NONE,
	CK_CHANNEL,		/* CHANNEL_CREATE: forget the channel */
	CK_RULE,		/* EVENT_ENABLE: forget the rule */
	CK_RULE_QUIET,		/* the same, said already */
	CK_CHAN_STATE,		/* CHANNEL_EN/DISABLE: state unknown */
	CK_RUN_STATE,		/* SESSION_START/STOP: state unknown */
};

enum op_kind {
	OP_PLAIN,
	OP_STOP,		/* then flush and read out the session */
	OP_DESTROY,		/* then read out and free its owners */
	OP_RECOVER,		/* then skip a dead writer's sub-buffers */
};

struct ust_op {
	struct ust_op *next;
	uint64_t seq;			/* unique */
	int kind;
	int64_t deadline;		/* ms, CLOCK_MONOTONIC, from submit */
	unsigned int pending;		/* commands not answered yet */
	int submitted;
	int held;			/* its metadata being written: not sent */
	int done;
	unsigned int waiters;		/* client threads waiting */
	uint64_t sess_key;		/* STOP, DESTROY */
	struct ust_owner *owner;	/* RECOVER */
	uint64_t *pos;
	unsigned int npos;
};

struct ust_cmd {
	struct ust_cmd *next;
	struct ust_op *op;
	unsigned int idx;		/* of its op's commands to this app */
	char *msg;			/* header + payload */
	size_t len, sent;
	int *fds;			/* duplicates, closed once sent */
	unsigned int nfds;
	uint32_t type;
	int kind;			/* enum cmd_kind */
	uint64_t skey, ckey, rkey;
	struct ust_oevent *oev;		/* EVENT_ENABLE: the event */
	char what[LTTNG_UST_NAME_MAX];	/* for messages */
};

struct ust_app_rule {
	struct sd_event *rule;
	uint32_t ev;			/* index in app->events */
	uint64_t key;
	struct ust_app_rule *next;
};

/* Which of the application's events a rule enabled (one bit each). */
struct rule_bits {
	struct sd_event *rule;
	unsigned char *bits;
	struct rule_bits *next;
};

struct ust_app_chan {
	struct sd_channel *chan;
	struct ust_ochan *oc;
	uint64_t key;
	int enabled;			/* -1: unknown */
	struct ust_app_rule *rules;
	struct rule_bits *present;	/* the same, to look up in O(1) */
	struct ust_app_chan *next;
};

struct ust_app_sess {
	struct sd_session *s;
	uint64_t key;
	struct ust_owner *owner;
	int started;			/* -1: unknown */
	struct ust_app_chan *chans;
	struct ust_app_sess *next;
};

struct uid_acct {
	uid_t uid;
	size_t bytes;			/* registrations and descriptions */
	unsigned int nreg;		/* registrations being read */
	unsigned int nparked;		/* ... and waiting for a turn */
	unsigned int napps;		/* registered applications */
	struct uid_acct *next;
};

struct ust_app {
	int fd;
	int dead;			/* dropped or gone: to reap */
	int died;			/* it hung up (not dropped by us) */
	int joining;			/* its registration thread uses it */
	pid_t pid, ppid;
	uid_t uid;
	gid_t gid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	char datetime[32];
	uint32_t nr_events;
	struct ust_event_desc *events;
	size_t desc_bytes;		/* accounted to its uid */
	unsigned char *conflict_logged;
	struct ust_app_sess *sessions;
	struct ust_cmd *outq, **outq_tail;	/* not fully sent */
	struct ust_cmd *wait, **wait_tail;	/* sent, reply awaited */
	unsigned char rbuf[REPLY_LEN];
	size_t rlen;
	uint64_t q_op;			/* operation of the last command queued */
	unsigned int q_n;		/* its commands queued to this app */
	struct ust_app *next;
};

static pthread_mutex_t apps_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t op_cond;
static struct ust_app *apps;
static unsigned int nr_apps;
static struct ust_op *ops;
static int listen_fd = -1;
static int wake_pipe[2] = { -1, -1 };
static char sock_path[4200];
static pthread_t app_thread;
static int app_thread_running;
static volatile int app_quit;
static uint64_t next_key = 1;
static int timeout_ms = SD_UST_APP_TIMEOUT_MS;
/* registrations: counts and memory per uid (reg_lock) */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct uid_acct *accts;
static int nr_reg;
/* the operations a client thread's request queued */
static __thread struct ust_op *client_ops[CLIENT_MAX_OPS];
static __thread unsigned int nr_client_ops;

static uint64_t new_key(void)
{
	return next_key++;
}

static void wake_app_thread(void)
{
	if (wake_pipe[1] >= 0 && write(wake_pipe[1], "w", 1) < 0 &&
	    errno != EAGAIN)
		SD_DBG2("ust wake: %s", strerror(errno));
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- per-uid accounting (reg_lock) -------------------------------------- */

static struct uid_acct *acct_get(uid_t uid)
{
	struct uid_acct *u;

	for (u = accts; u; u = u->next)
		if (u->uid == uid)
			return u;
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->uid = uid;
	u->next = accts;
	accts = u;
	return u;
}

static void acct_put(struct uid_acct *u)
{
	struct uid_acct **pp;

	if (u->bytes || u->nreg || u->nparked || u->napps)
		return;
	for (pp = &accts; *pp; pp = &(*pp)->next)
		if (*pp == u) {
			*pp = u->next;
			free(u);
			return;
		}
}

/* Reserves (delta > 0) or releases bytes of uid; 0 or -ENOMEM over cap. */
static int acct_bytes(uid_t uid, ssize_t delta)
{
	struct uid_acct *u;
	int ret = 0;

	pthread_mutex_lock(&reg_lock);
	u = acct_get(uid);
	if (!u) {
		ret = -ENOMEM;
	} else if (delta > 0 && u->bytes + (size_t)delta > SD_UST_MEM_PER_UID) {
		ret = -ENOMEM;
	} else {
		u->bytes += (size_t)delta;
		acct_put(u);
	}
	pthread_mutex_unlock(&reg_lock);
	return ret;
}

static void acct_apps(uid_t uid, int delta)
{
	struct uid_acct *u;

	pthread_mutex_lock(&reg_lock);
	u = acct_get(uid);
	if (u) {
		u->napps = (unsigned int)((int)u->napps + delta);
		acct_put(u);
	}
	pthread_mutex_unlock(&reg_lock);
}

/* --- blocking receive with a deadline (registration) --------------------- */

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

/*
 * Receives up to len bytes without blocking; any fd that comes along is
 * closed and refused.  Returns the byte count, -EAGAIN, -ECONNRESET (end
 * of connection) or -errno.
 */
static ssize_t recv_nofd(int fd, void *buf, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int got_fds = 0;
	ssize_t n;

	do {
		n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
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
	return n;
}

static int recv_deadline(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;

	while (len) {
		ssize_t n;
		int ret = wait_fd(fd, POLLIN, deadline);

		if (ret)
			return ret;
		n = recv_nofd(fd, p, len);
		if (n == -EAGAIN)
			continue;
		if (n < 0)
			return (int)n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* --- operations (apps_lock) ---------------------------------------------- */

static struct ust_op *op_new(int kind)
{
	struct ust_op *op = calloc(1, sizeof(*op));

	if (!op)
		return NULL;
	op->kind = kind;
	op->seq = new_key();
	op->next = ops;
	ops = op;
	return op;
}

static void op_unlink(struct ust_op *op)
{
	struct ust_op **pp;

	for (pp = &ops; *pp; pp = &(*pp)->next)
		if (*pp == op) {
			*pp = op->next;
			return;
		}
}

static void op_free(struct ust_op *op)
{
	free(op->pos);
	free(op);
}

/* Every command answered or failed: the action, then the waiters. */
static void op_complete(struct ust_op *op)
{
	switch (op->kind) {
	case OP_STOP:
		ust_owners_stop(op->sess_key);
		break;
	case OP_DESTROY:
		ust_owners_finish(op->sess_key);
		break;
	case OP_RECOVER:
		ust_owner_force(op->owner, op->pos, op->npos);
		break;
	default:
		break;
	}
	op->done = 1;
	op_unlink(op);
	pthread_cond_broadcast(&op_cond);
	if (!op->waiters)
		op_free(op);
}

static void op_submit(struct ust_op *op)
{
	if (!op)
		return;
	/* the time to plan it (thousands of events) is not the apps' */
	op->deadline = now_ms() + timeout_ms;
	op->submitted = 1;
	if (!op->pending)
		op_complete(op);
}

/* The calling client thread will wait for op (ust_client_wait). */
static void op_track(struct ust_op *op)
{
	if (!op || op->done || nr_client_ops >= CLIENT_MAX_OPS)
		return;
	op->waiters++;
	client_ops[nr_client_ops++] = op;
}

void ust_client_wait(void)
{
	unsigned int i;

	if (!nr_client_ops)
		return;
	pthread_mutex_lock(&apps_lock);
	for (i = 0; i < nr_client_ops; i++) {
		struct ust_op *op = client_ops[i];

		/* the application thread completes it by its deadline */
		while (!op->done) {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&op_cond, &apps_lock, &ts);
		}
		if (!--op->waiters)
			op_free(op);
	}
	nr_client_ops = 0;
	pthread_mutex_unlock(&apps_lock);
}

/* --- commands (apps_lock) ------------------------------------------------ */

/* It hung up: it exited or was killed (to reap, maybe to recover). */
static void app_gone(struct ust_app *a)
{
	a->dead = 1;
	a->died = 1;
}

static void cmd_free(struct ust_cmd *c)
{
	unsigned int i;

	for (i = 0; i < c->nfds; i++)
		if (c->fds[i] >= 0)
			close(c->fds[i]);
	free(c->fds);
	free(c->msg);
	free(c);
}

/*
 * Queues a command for a (fds: taken over, closed once sent); NULL
 * op: no operation waits for it.  -ENOMEM (the fds are closed).
 */
static int queue_cmd(struct ust_app *a, struct ust_op *op, uint32_t type,
		     const void *p, uint32_t len, int *fds, unsigned int nfds,
		     struct ust_cmd **out)
{
	struct lttng_ust_msg_hdr h = {
		.magic = LTTNG_UST_MSG_MAGIC, .type = type, .len = len,
		.nr_fds = nfds,
	};
	struct ust_cmd *c = calloc(1, sizeof(*c));
	unsigned int i;

	if (c)
		c->msg = malloc(sizeof(h) + len);
	if (c && nfds) {
		c->fds = malloc(nfds * sizeof(int));
		if (c->fds) {
			memcpy(c->fds, fds, nfds * sizeof(int));
			c->nfds = nfds;
		}
	}
	if (!c || !c->msg || (nfds && !c->fds)) {
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		if (c) {
			c->nfds = 0;
			cmd_free(c);
		}
		return -ENOMEM;
	}
	memcpy(c->msg, &h, sizeof(h));
	if (len)
		memcpy(c->msg + sizeof(h), p, len);
	c->len = sizeof(h) + len;
	c->type = type;
	c->op = op;
	if (op) {
		op->pending++;
		if (a->q_op != op->seq) {
			a->q_op = op->seq;
			a->q_n = 0;
		}
		c->idx = a->q_n++;
	}
	*a->outq_tail = c;
	a->outq_tail = &c->next;
	if (out)
		*out = c;
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

static struct ust_app_sess *asess_by_key(struct ust_app *a, uint64_t key)
{
	struct ust_app_sess *as;

	for (as = a->sessions; as; as = as->next)
		if (as->key == key)
			return as;
	return NULL;
}

static struct ust_app_chan *achan_by_key(struct ust_app_sess *as, uint64_t key)
{
	struct ust_app_chan *ac;

	for (ac = as ? as->chans : NULL; ac; ac = ac->next)
		if (ac->key == key)
			return ac;
	return NULL;
}

static void achan_free(struct ust_app_chan *ac)
{
	while (ac->rules) {
		struct ust_app_rule *r = ac->rules;

		ac->rules = r->next;
		free(r);
	}
	while (ac->present) {
		struct rule_bits *b = ac->present;

		ac->present = b->next;
		free(b->bits);
		free(b);
	}
	free(ac);
}

/* Marks event ev of a as enabled (on) or not by rule e in ac; 0 or
 * -ENOMEM (marking on). */
static int rule_mark(struct ust_app *a, struct ust_app_chan *ac,
		     struct sd_event *e, uint32_t ev, int on)
{
	struct rule_bits *b;

	for (b = ac->present; b; b = b->next)
		if (b->rule == e)
			break;
	if (!b && !on)
		return 0;
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (b)
			b->bits = calloc(a->nr_events / 8 + 1, 1);
		if (!b || !b->bits) {
			free(b);
			return -ENOMEM;
		}
		b->rule = e;
		b->next = ac->present;
		ac->present = b;
	}
	if (on)
		b->bits[ev / 8] |= (unsigned char)(1U << (ev % 8));
	else
		b->bits[ev / 8] &= (unsigned char)~(1U << (ev % 8));
	return 0;
}

/* The application refused a command: what we assumed is corrected. */
static void cmd_refused(struct ust_app *a, struct ust_cmd *c, int status)
{
	struct ust_app_sess *as = asess_by_key(a, c->skey);
	struct ust_app_chan *ac = achan_by_key(as, c->ckey), **pc;
	struct ust_app_rule **pr;

	switch (c->kind) {
	case CK_CHANNEL:
		SD_WARN("Application %s (pid %d): channel %s: %s", a->procname,
			(int)a->pid, c->what, strerror(-status));
		for (pc = as ? &as->chans : NULL; pc && *pc; pc = &(*pc)->next)
			if (*pc == ac) {
				*pc = ac->next;
				achan_free(ac);
				break;
			}
		break;
	case CK_RULE:
	case CK_RULE_QUIET:
		if (c->kind == CK_RULE)
			SD_WARN("Application %s (pid %d): enabling %s: %s",
				a->procname, (int)a->pid, c->what,
				strerror(-status));
		for (pr = ac ? &ac->rules : NULL; pr && *pr; pr = &(*pr)->next)
			if ((*pr)->key == c->rkey) {
				struct ust_app_rule *r = *pr;

				*pr = r->next;
				rule_mark(a, ac, r->rule, r->ev, 0);
				free(r);
				break;
			}
		break;
	case CK_CHAN_STATE:
		if (ac)
			ac->enabled = -1;
		break;
	case CK_RUN_STATE:
		if (as)
			as->started = -1;
		break;
	default:
		break;
	}
}

/* c is answered (status) or failed (app dead); c is freed. */
static void cmd_done(struct ust_app *a, struct ust_cmd *c, int status)
{
	if (status && !a->dead)
		cmd_refused(a, c, status);
	if (c->op && !--c->op->pending && c->op->submitted)
		op_complete(c->op);
	cmd_free(c);
}

/* Sends what it can of a's queue without blocking. */
static void app_send(struct ust_app *a)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 2 * LTTNG_UST_MAX_STREAMS)];
		struct cmsghdr align;
	} cbuf;

	while (a->outq && !a->dead) {
		struct ust_cmd *c = a->outq;
		struct iovec iov = { c->msg + c->sent, c->len - c->sent };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		unsigned int i;
		ssize_t n;

		/* the events it enables are not declared yet */
		if (!c->sent && c->op && c->op->held)
			return;
		if (!c->sent && c->nfds) {
			struct cmsghdr *cm;

			memset(&cbuf, 0, sizeof(cbuf));
			mh.msg_control = cbuf.buf;
			mh.msg_controllen = CMSG_SPACE(sizeof(int) * c->nfds);
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * c->nfds);
			memcpy(CMSG_DATA(cm), c->fds, sizeof(int) * c->nfds);
		}
		n = sendmsg(a->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			int err = n < 0 ? -errno : -EPIPE;

			if ((err == -EPIPE || err == -ECONNRESET) && !a->wait)
				app_gone(a);	/* exited meanwhile */
			else
				app_fail(a, "sending a command", err);
			return;
		}
		if (!c->sent) {
			/* the fds went with the first bytes */
			for (i = 0; i < c->nfds; i++)
				close(c->fds[i]);
			c->nfds = 0;
		}
		c->sent += (size_t)n;
		if (c->sent < c->len)
			continue;
		a->outq = c->next;
		if (!a->outq)
			a->outq_tail = &a->outq;
		c->next = NULL;
		if (c->type == LTTNG_UST_MSG_REGISTER_DONE) {
			cmd_done(a, c, 0);	/* no reply to this one */
			continue;
		}
		*a->wait_tail = c;
		a->wait_tail = &c->next;
	}
}

/* Reads replies without blocking; anything else drops the application. */
static void app_recv(struct ust_app *a)
{
	while (!a->dead) {
		ssize_t n = recv_nofd(a->fd, a->rbuf + a->rlen,
				      REPLY_LEN - a->rlen);
		struct lttng_ust_msg_hdr h;
		struct lttng_ust_reply rep;
		struct ust_cmd *c;

		if (n == -EAGAIN)
			return;
		if (n == -ECONNRESET && !a->rlen && !a->wait) {
			/* it went away between commands (exit or crash),
			 * maybe before reading the ones just queued */
			app_gone(a);
			return;
		}
		if (n < 0) {
			if (n == -ECONNRESET)
				a->died = 1;
			app_fail(a, a->wait ? "waiting for a reply" :
				 "unexpected message", (int)n);
			return;
		}
		if (!a->wait) {
			app_fail(a, "unexpected message", -EPROTO);
			return;
		}
		a->rlen += (size_t)n;
		if (a->rlen < REPLY_LEN)
			continue;
		a->rlen = 0;
		memcpy(&h, a->rbuf, sizeof(h));
		memcpy(&rep, a->rbuf + sizeof(h), sizeof(rep));
		if (h.magic != LTTNG_UST_MSG_MAGIC ||
		    h.type != LTTNG_UST_MSG_REPLY || h.len != sizeof(rep) ||
		    h.nr_fds || rep.status > 0 || rep.status < -4095 ||
		    rep.reserved) {
			app_fail(a, "waiting for a reply", -EPROTO);
			return;
		}
		c = a->wait;
		a->wait = c->next;
		if (!a->wait)
			a->wait_tail = &a->wait;
		cmd_done(a, c, rep.status);
	}
}

/* --- rule resolution ----------------------------------------------------- */

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

/* --- synchronisation (the session's lock; apps_lock where said) -------- */

static struct ust_app_sess *asess_find(struct ust_app *a,
				       const struct sd_session *s)
{
	struct ust_app_sess *as;

	for (as = a->sessions; as; as = as->next)
		if (as->s == s)
			return as;
	return NULL;
}

/* Forgets a's state for as (the app is gone: read_out, or the session
 * is).  Returns how many applications its owner has left. */
static int asess_free(struct ust_app *a, struct ust_app_sess *as, int read_out)
{
	struct ust_app_sess **pp;
	int left = 0;

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
	if (as->owner)
		left = ust_owner_app_gone(as->owner, read_out);
	free(as);
	return left;
}

static void session_key(struct sd_session *s)
{
	if (!s->ust_key)
		s->ust_key = new_key();
}

static int queue_key(struct ust_app *a, struct ust_op *op, uint32_t type,
		     uint64_t skey, uint64_t ckey, int kind)
{
	struct lttng_ust_cmd_key k = { .session_key = skey, .channel_key = ckey };
	struct ust_cmd *c;
	int ret = queue_cmd(a, op, type, &k, sizeof(k), NULL, 0, &c);

	if (!ret) {
		c->kind = kind;
		c->skey = skey;
		c->ckey = ckey;
	}
	return ret;
}

static int queue_channel(struct ust_app *a, struct ust_op *op,
			 struct sd_session *s, struct ust_app_chan *ac)
{
	struct lttng_ust_cmd_channel cmd;
	struct sd_context *x;
	int fds[2 * LTTNG_UST_MAX_STREAMS];
	struct ust_cmd *c;
	int ret;

	memset(&cmd, 0, sizeof(cmd));
	cmd.session_key = s->ust_key;
	cmd.channel_key = ac->key;
	snprintf(cmd.name, sizeof(cmd.name), "%s", ac->chan->attr.name);
	cmd.nr_streams = ac->oc->nr_streams;
	cmd.enabled = ac->chan->attr.enabled ? 1 : 0;
	cmd.wakeup = 1;
	/* applications honour it only with LTTNG_UST_ALLOW_BLOCKING set;
	 * overwrite mode never waits */
	if (!ac->chan->attr.overwrite)
		cmd.blocking_timeout_us = ac->chan->attr.blocking_timeout_us;
	for (x = ac->chan->contexts; x && cmd.nr_contexts < LTTNG_UST_MAX_CONTEXTS;
	     x = x->next)
	{
		/* (checked by add-context; else a counter that never opens) */
		if (x->ctx.type == LTTNG_UST_CTX_PERF_THREAD_COUNTER &&
		    ust_perf_attr(x->ctx.name, &cmd.perf[cmd.nr_contexts],
				  NULL, 0))
			cmd.perf[cmd.nr_contexts].type = UINT32_MAX;
		cmd.contexts[cmd.nr_contexts++] = x->ctx.type;
	}
	ret = ust_ochan_dup_fds(ac->oc, fds);
	if (ret)
		return ret;
	ac->enabled = (int)cmd.enabled;
	ret = queue_cmd(a, op, LTTNG_UST_MSG_CHANNEL_CREATE, &cmd, sizeof(cmd),
			fds, 2 * ac->oc->nr_streams, &c);
	if (!ret) {
		c->kind = CK_CHANNEL;
		c->skey = s->ust_key;
		c->ckey = ac->key;
		snprintf(c->what, sizeof(c->what), "%s", ac->chan->attr.name);
	}
	return ret;
}

static int queue_event(struct ust_app *a, struct ust_op *op,
		       struct sd_session *s, struct ust_app_chan *ac,
		       struct ust_app_rule *r, struct ust_oevent *oev,
		       uint32_t id, int enable)
{
	struct lttng_ust_cmd_event *cmd;
	struct lttng_filter_bytecode *bc = NULL;
	size_t len = sizeof(*cmd);
	struct ust_cmd *c;
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
	ret = queue_cmd(a, op, enable ? LTTNG_UST_MSG_EVENT_ENABLE :
			LTTNG_UST_MSG_EVENT_DISABLE, cmd, (uint32_t)len, NULL, 0,
			&c);
	if (!ret && enable) {
		c->oev = oev;
		c->kind = CK_RULE;
		c->skey = s->ust_key;
		c->ckey = ac->key;
		c->rkey = r->key;
		snprintf(c->what, sizeof(c->what), "%s", a->events[r->ev].name);
	}
	free(cmd);
	lttng_filter_bytecode_free(bc);
	return ret;
}

static int rule_present(struct ust_app_chan *ac, struct sd_event *e,
			uint32_t ev)
{
	struct rule_bits *b;

	for (b = ac->present; b; b = b->next)
		if (b->rule == e)
			return (b->bits[ev / 8] >> (ev % 8)) & 1;
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

static int sync_channel(struct ust_app *a, struct ust_op *op,
			struct ust_app_sess *as, struct ust_app_chan *ac)
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
		ret = queue_event(a, op, as->s, ac, r, NULL, 0, 0);
		if (ret)
			return ret;
		*pp = r->next;
		rule_mark(a, ac, r->rule, r->ev, 0);
		free(r);
	}
	for (e = c->events; e; e = e->next) {
		for (i = 0; i < a->nr_events; i++) {
			const struct ust_event_desc *d = &a->events[i];
			struct ust_oevent *oev;
			int id;

			if (!rule_matches(e, d) || rule_present(ac, e, i))
				continue;
			id = ust_ochan_event_id(as->owner, ac->oc, d, &oev);
			if (id == -1) {
				if (!a->conflict_logged[i])
					SD_ERR("Application %s (pid %d): event %s does not match the description already in use for uid %u: not enabled",
					       a->procname, (int)a->pid,
					       d->name, (unsigned int)a->uid);
				a->conflict_logged[i] = 1;
				continue;
			}
			if (id < 0)
				continue;
			r = calloc(1, sizeof(*r));
			if (!r || rule_mark(a, ac, e, i, 1)) {
				free(r);
				return -ENOMEM;
			}
			r->rule = e;
			r->ev = i;
			r->key = new_key();
			ret = queue_event(a, op, as->s, ac, r, oev, (uint32_t)id, 1);
			if (ret) {
				rule_mark(a, ac, e, i, 0);
				free(r);
				if (ret == -ENOMEM)
					return ret;
				continue;
			}
			r->next = ac->rules;
			ac->rules = r;
		}
	}
	if (ac->enabled != (int)c->attr.enabled) {
		ret = queue_key(a, op, c->attr.enabled ?
				LTTNG_UST_MSG_CHANNEL_ENABLE :
				LTTNG_UST_MSG_CHANNEL_DISABLE, as->key, ac->key,
				CK_CHAN_STATE);
		if (ret)
			return ret;
		ac->enabled = (int)c->attr.enabled;
	}
	return 0;
}

/*
 * The event declarations could not be written: the commands that would
 * enable those events, still queued, are taken back (as refused).
 */
static void cancel_undeclared(struct ust_app *a)
{
	struct ust_cmd **pp = &a->outq, *c;
	unsigned int n = 0;

	a->outq_tail = &a->outq;
	while ((c = *pp)) {
		/* one being sent stays (only new events are undeclared) */
		if (!c->oev || !c->oev->undeclared || c->sent) {
			a->outq_tail = &c->next;
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		c->kind = CK_RULE_QUIET;
		cmd_done(a, c, -EIO);
		n++;
	}
	if (n)
		SD_WARN("Application %s (pid %d): %u events not enabled: their metadata could not be written",
			a->procname, (int)a->pid, n);
}

/* Queues what a must be told to be in line with s (part of op), apps_lock
 * held: the owner and channels prepare_owners() made are found, none is
 * made here. */
static int sync_app_plan(struct ust_app *a, struct sd_session *s,
			 struct ust_op *op)
{
	struct ust_app_sess *as = asess_find(a, s);
	struct sd_channel *c;
	uint32_t stream_id = 0;
	int ret;

	if (a->dead)
		return -EPIPE;
	if (!s->started_once || !s->ust.channels)
		return 0;
	if (!app_concerned(s, a)) {
		/* No longer tracked (vpid/vuid/vgid trackers): stop it. */
		if (as && as->started) {
			ret = queue_key(a, op, LTTNG_UST_MSG_SESSION_STOP,
					as->key, 0, CK_RUN_STATE);
			if (ret)
				return ret;
			as->started = 0;
		}
		return 0;
	}
	session_key(s);
	if (!as) {
		/* created by prepare_owners() (or it failed: logged) */
		struct ust_owner *o = ust_owner_find(s, session_per_pid(s),
						     a->uid, a->pid);

		if (!o)
			return 0;
		as = calloc(1, sizeof(*as));
		if (!as)
			return -ENOMEM;	/* o stays for the next attempt */
		as->s = s;
		as->key = s->ust_key;
		as->owner = o;
		ust_owner_app_added(o);
		as->next = a->sessions;
		a->sessions = as;
	}
	for (c = s->ust.channels; c; c = c->next, stream_id++) {
		struct ust_app_chan *ac, **pp;

		for (ac = as->chans; ac; ac = ac->next)
			if (ac->chan == c)
				break;
		if (!ac) {
			struct ust_ochan *oc = ust_ochan_find(as->owner, c);

			if (!oc)
				continue;	/* its files failed (logged) */
			ac = calloc(1, sizeof(*ac));
			if (!ac)
				return -ENOMEM;
			ac->chan = c;
			ac->oc = oc;
			ac->key = oc->key;
			ret = queue_channel(a, op, s, ac);
			if (ret) {
				free(ac);
				SD_WARN("Application %s (pid %d): channel %s: %s",
					a->procname, (int)a->pid, c->attr.name,
					strerror(-ret));
				continue;
			}
			for (pp = &as->chans; *pp; pp = &(*pp)->next)
				;
			*pp = ac;
		}
		ret = sync_channel(a, op, as, ac);
		if (ret)
			return ret;
	}
	if (as->started != s->active) {
		ret = queue_key(a, op, s->active ? LTTNG_UST_MSG_SESSION_START :
				LTTNG_UST_MSG_SESSION_STOP, as->key, 0,
				CK_RUN_STATE);
		if (ret)
			return ret;
		as->started = s->active;
	}
	return 0;
}

/* What an application needs created for a session, copied from it. */
struct owner_want {
	uid_t uid;
	pid_t pid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	char datetime[32];
};

/*
 * The owners and channels, with their files and the first part of their
 * metadata, that the applications (only: that one) need in s: created
 * with s's lock alone, no daemon-wide lock (a stalled output holds up
 * this session only); sync_app_plan() finds them under apps_lock.
 */
static void prepare_owners(struct sd_session *s, struct ust_app *only)
{
	struct owner_want *w = NULL, *v;
	unsigned int n = 0, i;
	struct sd_channel *c;
	struct ust_app *a;
	uint32_t id;

	pthread_mutex_lock(&apps_lock);
	if (s->started_once && s->ust.channels)
		session_key(s);
	for (a = apps; a && s->ust_key; a = a->next) {
		if (a->dead || (only && a != only) || !app_concerned(s, a) ||
		    !(v = realloc(w, (n + 1) * sizeof(*w))))
			continue;
		w = v;
		w[n].uid = a->uid;
		w[n].pid = a->pid;
		memcpy(w[n].procname, a->procname, sizeof(w[n].procname));
		memcpy(w[n].datetime, a->datetime, sizeof(w[n].datetime));
		n++;
	}
	pthread_mutex_unlock(&apps_lock);
	for (i = 0; i < n; i++) {
		struct ust_owner *o = ust_owner_get(s, session_per_pid(s),
						    w[i].uid, w[i].pid,
						    w[i].procname, w[i].datetime);

		for (c = s->ust.channels, id = 0; o && c; c = c->next, id++)
			if (!ust_ochan_get(o, c, id))
				break;
	}
	free(w);
}

/* Adds o to the owners whose new event declarations are to be written
 * (v has room for one per application). */
static void note_owner(struct ust_owner **v, unsigned int *n,
		       struct ust_owner *o)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (v[i] == o)
			return;
	v[(*n)++] = o;
}

/*
 * Brings the applications (only: that one) in line with s, s's lock
 * held: files first (prepare_owners()), then the commands are planned
 * under apps_lock into op, held, then the event declarations written
 * without apps_lock, then op is let go (the commands of events that could
 * not be declared taken back).  Returns with apps_lock held.
 */
static void sync_apps(struct sd_session *s, struct ust_app *only,
		      struct ust_op *op)
{
	struct ust_owner **v = NULL;
	unsigned int n = 0, i;
	struct ust_app *a;
	int failed = 0;

	prepare_owners(s, only);
	pthread_mutex_lock(&apps_lock);
	v = calloc(nr_apps + 1, sizeof(*v));
	if (!v) {
		SD_ERR("Session %s: out of memory: its applications not told",
		       s->name);
		return;
	}
	if (op)
		op->held = 1;
	for (a = apps; a; a = a->next) {
		struct ust_app_sess *as;
		int ret;

		if (a->dead || (only && a != only))
			continue;
		ret = sync_app_plan(a, s, op);
		if (ret && ret != -EPIPE)
			SD_WARN("Application %s (pid %d): session %s: %s",
				a->procname, (int)a->pid, s->name,
				strerror(-ret));
		as = asess_find(a, s);
		if (as && as->owner && as->owner->md_new)
			note_owner(v, &n, as->owner);
	}
	if (op)
		op->sess_key = s->ust_key;	/* maybe new */
	pthread_mutex_unlock(&apps_lock);
	for (i = 0; i < n; i++)
		failed |= ust_owner_commit(v[i]) != 0;
	free(v);
	pthread_mutex_lock(&apps_lock);
	for (a = apps; a && failed; a = a->next)
		if (!a->dead)
			cancel_undeclared(a);
	if (op)
		op->held = 0;
}

/* A client's operation on session s: each(a, as, op) for every
 * application a in s (as: its session), op NULL when out of memory.
 * Returns op with apps_lock held, until client_op_end(). */
static struct ust_op *client_op_each(struct sd_session *s, int kind,
				     void (*each)(struct ust_app *a,
						  struct ust_app_sess *as,
						  struct ust_op *op))
{
	struct ust_op *op;
	struct ust_app *a;

	pthread_mutex_lock(&apps_lock);
	op = op_new(kind);
	if (op)
		op->sess_key = s->ust_key;
	for (a = apps; a; a = a->next) {
		struct ust_app_sess *as = asess_find(a, s);

		if (as)
			each(a, as, op);
	}
	return op;
}

/* Submits op (apps_lock held), for the calling client thread to wait for
 * (ust_client_wait), then lets apps_lock go and wakes the app thread. */
static void client_op_end(struct ust_op *op)
{
	op_track(op);
	op_submit(op);
	pthread_mutex_unlock(&apps_lock);
	wake_app_thread();
}

static void sync_session(struct sd_session *s, int kind)
{
	struct ust_op *op;

	pthread_mutex_lock(&apps_lock);
	op = op_new(kind);
	pthread_mutex_unlock(&apps_lock);
	sync_apps(s, NULL, op);
	client_op_end(op);
}

void ust_sync_session(struct sd_session *s)
{
	sync_session(s, OP_PLAIN);
}

void ust_session_stop(struct sd_session *s)
{
	sync_session(s, OP_STOP);
}

static void queue_destroy(struct ust_app *a, struct ust_app_sess *as,
			  struct ust_op *op)
{
	if (!a->dead)
		queue_key(a, op, LTTNG_UST_MSG_SESSION_DESTROY, as->key, 0,
			  CK_NONE);
	asess_free(a, as, 0);
}

void ust_session_destroy(struct sd_session *s)
{
	struct ust_op *op = client_op_each(s, OP_DESTROY, queue_destroy);

	ust_owners_detach(s);
	if (!op) {
		/* no memory: at least read out and free them */
		ust_owners_finish(s->ust_key);
	}
	client_op_end(op);
}

static void queue_statedump(struct ust_app *a, struct ust_app_sess *as,
			    struct ust_op *op)
{
	if (as->started && !a->dead)
		queue_key(a, op, LTTNG_UST_MSG_STATEDUMP, as->key, 0, CK_NONE);
}

void ust_session_statedump(struct sd_session *s)
{
	client_op_end(client_op_each(s, OP_PLAIN, queue_statedump));
}

int ust_data_pending(struct sd_session *s)
{
	struct ust_op *op;
	int pending = 0;

	if (!s->ust_key)
		return 0;
	pthread_mutex_lock(&apps_lock);
	for (op = ops; op && !pending; op = op->next)
		pending = op->kind == OP_STOP && op->sess_key == s->ust_key;
	pthread_mutex_unlock(&apps_lock);
	return pending || ust_owners_pending(s->ust_key);
}

/* --- applications leaving (application thread, apps_lock) ---------------- */

/* a died inside a record, maybe, in buffers shared with other writers:
 * once those went through a grace period, skip what a left incomplete. */
static void recover_owner(struct ust_app *dead, struct ust_owner *o)
{
	struct ust_op *op = op_new(OP_RECOVER);
	struct ust_app *a;

	if (!op) {
		SD_ERR("Application %s (pid %d): out of memory: its buffers cannot be recovered",
		       dead->procname, (int)dead->pid);
		return;
	}
	op->owner = o;
	op->pos = ust_owner_flush(o, &op->npos);
	/* it was not inside a record (a plain exit, most often): done */
	if (op->pos && !ust_owner_incomplete(o, op->pos, op->npos)) {
		op_submit(op);
		return;
	}
	for (a = apps; a; a = a->next) {
		struct ust_app_sess *as;

		if (a == dead || a->dead)
			continue;
		for (as = a->sessions; as; as = as->next)
			if (as->owner == o)
				break;
		if (as)
			queue_cmd(a, op, LTTNG_UST_MSG_SYNC, NULL, 0, NULL, 0,
				  NULL);
	}
	SD_DBG("Application %s (pid %d) died: %u other writer(s) of %s to synchronize",
	       dead->procname, (int)dead->pid, op->pending, o->dir);
	op_submit(op);
}

static void app_free(struct ust_app *a)
{
	struct ust_cmd *c;

	/* its commands fail: operations waiting for it go on */
	a->dead = 1;
	while ((c = a->wait) || (c = a->outq)) {
		if (c == a->wait)
			a->wait = c->next;
		else
			a->outq = c->next;
		cmd_done(a, c, -EPIPE);
	}
	a->wait_tail = &a->wait;
	a->outq_tail = &a->outq;
	while (a->sessions) {
		struct ust_owner *o = a->sessions->owner;
		int left = asess_free(a, a->sessions, 1);

		if (a->died && o && left > 0 && !o->per_pid)
			recover_owner(a, o);
	}
	ust_events_free(a->events, a->nr_events);
	free(a->conflict_logged);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
}

/* Unlinks and frees every dead application. */
static void reap_dead(void)
{
	struct ust_app **pp = &apps;

	while (*pp) {
		struct ust_app *a = *pp;

		if (!a->dead || a->joining) {
			pp = &a->next;
			continue;
		}
		*pp = a->next;
		nr_apps--;
		SD_INFO("Application %s (pid %d) unregistered", a->procname,
			(int)a->pid);
		acct_apps(a->uid, -1);
		acct_bytes(a->uid, -(ssize_t)a->desc_bytes);
		app_free(a);
	}
}

/* --- queries ------------------------------------------------------------- */

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
	int ret = 0;

	pthread_mutex_lock(&apps_lock);
	for (a = apps; a && !ret; a = a->next) {
		if (a->dead || (uid != 0 && a->uid != uid))
			continue;
		for (i = 0; i < a->nr_events && !ret; i++) {
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
						ret = -LTTNG_ERR_NOMEM;
						break;
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
	pthread_mutex_unlock(&apps_lock);
	if (ret) {
		free(v);
		return ret;
	}
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
	if (type == LTTNG_UST_CTX_PERF_THREAD_COUNTER)
		return ust_perf_attr(name, NULL, NULL, 0) ? -1 : (int)type;
	return type <= LTTNG_UST_CTX_VEGID ? (int)type : -1;
}

int ust_perf_attr(const char *name, struct lttng_ust_perf_attr *attr,
		  char *field, size_t size)
{
	struct lttng_ust_perf_attr a;

	memset(&a, 0, sizeof(a));
	if (lttcomm_ctx_perf_scope(name, LTTNG_PERF_SCOPE_THREAD, &a.type,
				   &a.config, field, size))
		return -1;
	if (attr)
		*attr = a;
	return 0;
}

/* --- registration -------------------------------------------------------- */

/* Fills a from its checked REGISTER payload (ust-register.c). */
static int parse_register(struct ust_app *a, const struct ucred *cred,
			  const void *buf, size_t len)
{
	struct ust_registration r;
	int ret = ust_parse_register(&r, cred, buf, len);
	uint32_t i;

	if (ret)
		return ret;
	a->pid = cred->pid;
	a->ppid = r.ppid;
	a->uid = cred->uid;
	a->gid = cred->gid;
	memcpy(a->procname, r.procname, sizeof(a->procname));
	a->nr_events = r.nr_events;
	a->events = r.events;
	for (i = 0; i < r.nr_events; i++)
		a->desc_bytes += ust_desc_bytes(&r.events[i]);
	a->conflict_logged = calloc(r.nr_events ? r.nr_events : 1, 1);
	return a->conflict_logged ? 0 : -ENOMEM;	/* app_free() frees */
}

struct reg_job {
	int fd;
	struct ucred cred;
	struct reg_job *next;		/* parked (reg_lock) */
};

/* Connections whose uid had SD_UST_MAX_REG_PER_UID registrations being
 * read: each waits for one of them to end (reg_done()), in order,
 * rather than being refused (the application would run untraced). */
static struct reg_job *parked, **parked_tail = &parked;

static void *reg_thread(void *arg);

static int reg_start(struct reg_job *job)
{
	return sd_spawn_detached(reg_thread, job, SD_SMALL_STACK);
}

/* The first parked connection of u->uid, unlinked (reg_lock held). */
static struct reg_job *unpark(struct uid_acct *u)
{
	struct reg_job **pp, *job;

	for (pp = &parked; *pp; pp = &(*pp)->next)
		if ((*pp)->cred.uid == u->uid)
			break;
	job = *pp;
	if (!job)
		return NULL;
	*pp = job->next;
	if (!*pp)
		parked_tail = pp;
	u->nparked--;
	return job;
}

/* A registration of uid ended: the next parked one of uid starts. */
static void reg_done(uid_t uid)
{
	struct reg_job *job;
	struct uid_acct *u;

	do {
		pthread_mutex_lock(&reg_lock);
		nr_reg--;
		job = NULL;
		u = acct_get(uid);
		if (u) {
			u->nreg--;
			job = unpark(u);
			if (job) {
				nr_reg++;
				u->nreg++;
			}
			acct_put(u);
		}
		pthread_mutex_unlock(&reg_lock);
		if (job && reg_start(job)) {
			close(job->fd);
			free(job);
			continue;
		}
		break;
	} while (1);
}

/* Closes the parked connections (the daemon quits). */
static void reg_unpark_all(void)
{
	struct reg_job *job;
	struct uid_acct *u;

	pthread_mutex_lock(&reg_lock);
	while ((job = parked)) {
		parked = job->next;
		u = acct_get(job->cred.uid);
		if (u) {
			u->nparked--;
			acct_put(u);
		}
		close(job->fd);
		free(job);
	}
	parked_tail = &parked;
	pthread_mutex_unlock(&reg_lock);
}

/* a joins s (referenced) with s's lock alone, waited for while it
 * changes hands (other registrations joining it at the same time) up to
 * the applications' timeout, for SD_LOCK_WAIT_MS if no holder moves (its
 * output stalled): 0, or -ETIMEDOUT and a is not in s yet. */
static int reg_join(struct ust_app *a, struct sd_session *s)
{
	struct ust_op *op;
	int gone;

	if (session_lock_moving(s, SD_LOCK_WAIT_MS, timeout_ms))
		return -ETIMEDOUT;
	pthread_mutex_lock(&sd_lock);
	gone = s->gone;
	pthread_mutex_unlock(&sd_lock);
	if (!gone) {
		pthread_mutex_lock(&apps_lock);
		op = op_new(OP_PLAIN);
		pthread_mutex_unlock(&apps_lock);
		sync_apps(s, a, op);
		op_submit(op);
		pthread_mutex_unlock(&apps_lock);
		wake_app_thread();
	}
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/* The sessions reg_enter() could not join before REGISTER_DONE: joined
 * as soon as their lock is free (the application runs meanwhile, as
 * with a daemon late to answer), given up if a dies, s is destroyed or
 * the daemon quits. */
static void reg_join_late(struct ust_app *a, struct sd_session **v,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		SD_WARN("Application %s (pid %d): session %s is busy: joined when it answers",
			a->procname, (int)a->pid, v[i]->name);
		while (!app_quit && !a->dead && !v[i]->gone &&
		       reg_join(a, v[i]))
			;
		session_put(v[i]);
	}
}

/* Enters a (validated, accounted) into the registry; the sessions that
 * concern it are chosen under sd_lock (referenced), joined one at a time
 * without any daemon-wide lock (reg_join()), then REGISTER_DONE. */
static int reg_enter(struct ust_app *a)
{
	struct sd_session *s, **v = NULL, **nv;
	unsigned int mine = 0, n = 0, late = 0, i;
	struct ust_op *op;
	struct ust_app *b;

	pthread_mutex_lock(&sd_lock);
	pthread_mutex_lock(&apps_lock);
	for (b = apps; b; b = b->next)
		mine += b->uid == a->uid;
	if (nr_apps >= SD_UST_MAX_APPS || app_quit ||
	    mine >= SD_UST_MAX_APPS_PER_UID) {
		pthread_mutex_unlock(&apps_lock);
		pthread_mutex_unlock(&sd_lock);
		return -EUSERS;
	}
	a->outq_tail = &a->outq;
	a->wait_tail = &a->wait;
	a->joining = 1;			/* not reaped meanwhile */
	a->next = apps;
	apps = a;
	nr_apps++;
	acct_apps(a->uid, 1);
	SD_INFO("Application %s (pid %d, uid %u) registered with %u events",
		a->procname, (int)a->pid, (unsigned int)a->uid, a->nr_events);
	for (s = session_first(); s; s = s->next) {
		if (!s->started_once || !s->ust.channels ||
		    !app_concerned(s, a) ||
		    !(nv = realloc(v, (n + 1) * sizeof(*v))))
			continue;
		v = nv;
		v[n++] = s;
		session_get(s);
	}
	pthread_mutex_unlock(&apps_lock);
	pthread_mutex_unlock(&sd_lock);
	for (i = 0; i < n; i++) {
		if (!a->dead && reg_join(a, v[i])) {
			v[late++] = v[i];	/* keeps its reference */
			continue;
		}
		session_put(v[i]);
	}
	pthread_mutex_lock(&apps_lock);
	op = op_new(OP_PLAIN);
	if (!a->dead && queue_cmd(a, op, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0,
				  NULL, 0, NULL))
		app_fail(a, "registering", -ENOMEM);
	op_submit(op);
	pthread_mutex_unlock(&apps_lock);
	wake_app_thread();
	reg_join_late(a, v, late);
	free(v);
	pthread_mutex_lock(&apps_lock);
	a->joining = 0;
	pthread_mutex_unlock(&apps_lock);
	return 0;
}

static void *reg_thread(void *arg)
{
	struct reg_job *job = arg;
	struct lttng_ust_msg_hdr h;
	struct ust_app *a = NULL;
	int64_t deadline = now_ms() + timeout_ms;
	void *buf = NULL;
	size_t reserved = 0;
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
	/* what one user's registrations may make us hold */
	if (acct_bytes(job->cred.uid, (ssize_t)h.len)) {
		snprintf(why, sizeof(why), "uid %u holds too much memory",
			 (unsigned int)job->cred.uid);
		goto drop;
	}
	reserved = h.len;
	/* a large one gets the time to come: 1 s more per 4 MiB */
	deadline += (int64_t)(h.len >> 22) * 1000;
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
	/* the buffer is gone, the descriptions stay */
	acct_bytes(job->cred.uid, -(ssize_t)reserved);
	reserved = 0;
	if (acct_bytes(a->uid, (ssize_t)a->desc_bytes)) {
		a->desc_bytes = 0;
		snprintf(why, sizeof(why), "uid %u holds too much memory",
			 (unsigned int)job->cred.uid);
		goto drop;
	}
	lttcomm_format_datetime(time(NULL), a->datetime, sizeof(a->datetime));
	a->fd = job->fd;
	if (reg_enter(a)) {
		a->fd = -1;
		acct_bytes(a->uid, -(ssize_t)a->desc_bytes);
		a->desc_bytes = 0;
		snprintf(why, sizeof(why), "too many applications");
		goto drop;
	}
	job->fd = -1;
	goto out;
drop:
	SD_WARN("Application pid %d uid %u refused: %s", (int)job->cred.pid,
		(unsigned int)job->cred.uid, why);
	if (reserved)
		acct_bytes(job->cred.uid, -(ssize_t)reserved);
	if (a) {
		a->fd = -1;
		a->desc_bytes = 0;
		app_free(a);
	}
	free(buf);
out:
	if (job->fd >= 0)
		close(job->fd);
	reg_done(job->cred.uid);
	free(job);
	return NULL;
}

static void accept_app(void)
{
	socklen_t len = sizeof(struct ucred);
	struct reg_job *job;
	struct uid_acct *u;
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
	u = acct_get(job->cred.uid);
	if (!u || nr_reg >= SD_UST_MAX_REG ||
	    (u->nreg >= SD_UST_MAX_REG_PER_UID &&
	     u->nparked >= SD_UST_MAX_PARKED_PER_UID)) {
		if (u)
			acct_put(u);
		pthread_mutex_unlock(&reg_lock);
		SD_WARN("Too many registrations in progress: pid %d uid %u refused",
			(int)job->cred.pid, (unsigned int)job->cred.uid);
		goto drop;
	}
	if (u->nreg >= SD_UST_MAX_REG_PER_UID) {
		/* its turn comes when one of the uid's ends */
		u->nparked++;
		*parked_tail = job;
		parked_tail = &job->next;
		pthread_mutex_unlock(&reg_lock);
		return;
	}
	nr_reg++;
	u->nreg++;
	pthread_mutex_unlock(&reg_lock);
	if (reg_start(job)) {
		reg_done(job->cred.uid);
		goto drop;
	}
	return;
drop:
	close(fd);
	free(job);
}

/* --- the application thread ---------------------------------------------- */

/* Drops the applications behind their operation's deadline; returns the
 * time to the next deadline (ms, at most 1000). */
static int deadlines(void)
{
	int64_t now = now_ms(), next = now + 1000;
	struct ust_app *a;

	for (a = apps; a; a = a->next) {
		struct ust_cmd *c = a->wait ? a->wait : a->outq;
		int64_t dl;

		if (a->dead || !c || !c->op || !c->op->submitted)
			continue;
		dl = c->op->deadline + (int64_t)c->idx * SD_UST_CMD_ALLOWANCE_MS;
		if (now >= dl) {
			app_fail(a, "no answer in time", -ETIMEDOUT);
			continue;
		}
		if (dl < next)
			next = dl;
	}
	return (int)(next - now);
}

static void *app_thread_fn(void *arg)
{
	struct pollfd *pfd = NULL;
	struct ust_app **pa = NULL;
	size_t cap = 0;

	(void)arg;
	pthread_mutex_lock(&apps_lock);
	while (!app_quit) {
		struct ust_app *a;
		size_t n = 2, i;
		int timeout;

		timeout = deadlines();
		reap_dead();
		if (nr_apps + 2 > cap) {
			void *t = realloc(pfd, (nr_apps + 2) * sizeof(*pfd));
			void *u = t ? realloc(pa, (nr_apps + 2) * sizeof(*pa)) : NULL;

			if (t)
				pfd = t;
			if (u)
				pa = u;
			if (t && u)
				cap = nr_apps + 2;
		}
		if (cap < 2) {
			pthread_mutex_unlock(&apps_lock);
			usleep(100000);
			pthread_mutex_lock(&apps_lock);
			continue;
		}
		pfd[0].fd = listen_fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = wake_pipe[0];
		pfd[1].events = POLLIN;
		for (a = apps; a && n < cap; a = a->next) {
			app_send(a);
			pfd[n].fd = a->dead ? -1 : a->fd;
			pfd[n].events = POLLIN | (a->outq ? POLLOUT : 0);
			pa[n++] = a;
		}
		pthread_mutex_unlock(&apps_lock);
		if (poll(pfd, n, timeout > 0 ? timeout : 0) < 0 &&
		    errno != EINTR)
			usleep(10000);
		if (pfd[1].revents & POLLIN) {
			char junk[64];

			while (read(wake_pipe[0], junk, sizeof(junk)) > 0)
				;
		}
		if (pfd[0].revents & POLLIN)
			accept_app();
		pthread_mutex_lock(&apps_lock);
		/* only this thread frees applications: pa[] is valid */
		for (i = 2; i < n; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (pfd[i].revents & POLLOUT)
				app_send(pa[i]);
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				app_recv(pa[i]);
		}
	}
	pthread_mutex_unlock(&apps_lock);
	free(pfd);
	free(pa);
	return NULL;
}

int ust_init(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *env = getenv("LTTNG_UST_APP_TIMEOUT_MS");
	pthread_condattr_t ca;
	int fd;

	if (env && atoi(env) > 0)
		timeout_ms = atoi(env);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&op_cond, &ca);
	pthread_condattr_destroy(&ca);
	if ((sd_cfg.apps_sock ?
	     snprintf(sock_path, sizeof(sock_path), "%s", sd_cfg.apps_sock) :
	     snprintf(sock_path, sizeof(sock_path), "%s/%s", sd_cfg.rundir,
		      LTTNG_UST_SOCK_NAME)) >= (int)sizeof(addr.sun_path)) {
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
	if (pthread_create(&app_thread, NULL, app_thread_fn, NULL))
		goto fail;
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
	/* the destroys of the teardown: answered or timed out */
	ust_client_wait();
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
	reg_unpark_all();
	pthread_mutex_lock(&apps_lock);
	while (apps) {
		struct ust_app *a = apps;

		apps = a->next;
		/* one a registration thread still joins (a session's
		 * output stalled) is left to it: the process ends */
		if (!a->joining)
			app_free(a);
	}
	nr_apps = 0;
	/* operations left (their applications are gone): complete them */
	while (ops)
		op_complete(ops);
	pthread_mutex_unlock(&apps_lock);
	ust_consumer_stop(2 * timeout_ms);
}
