// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-ust.c - the runtime of liblttng-ust: providers, registration with
 * the session daemons, the commands they send (include/lttng-ust-abi.h).
 *
 * Providers
 * ---------
 * Each provider's generated constructor calls lttng_ust_provider_register()
 * (the program's constructors run after ours, and a provider may come with
 * a dlopen()ed library): its events join the registry, and the first one
 * starts the listener threads.  Every daemon connection registers the
 * events known when it sends REGISTER; a provider arriving later bumps the
 * registry generation and makes the connected listeners reconnect (shut
 * their socket down) so that the daemon learns about the new events: a
 * program with one provider file registers once.  The registering
 * constructor then waits until every listener has either received
 * REGISTER_DONE for the current generation or found no daemon, at most
 * LTTNG_UST_REGISTER_TIMEOUT ms (default 3000, 0: no wait, -1: forever), so
 * that a program started inside a session is traced from its first event.
 *
 * Listeners
 * ---------
 * One thread per daemon socket: the user's ($LTTNG_HOME or $HOME, then
 * /.lttng/LTTNG_UST_SOCK_NAME) and root's (/var/run/lttng/..., or the
 * directory in $LTTNG_UST_ROOT_RUNDIR; empty: none).  It
 * connects (retrying every RETRY_MS while there is no daemon, and after a
 * daemon went away), registers, then executes commands one at a time,
 * under ust_lock, and replies.  Every message is checked against the ABI
 * (magic, type, exact length, fd count, terminated strings): a malformed
 * one closes the connection, a well-formed but impossible command gets an
 * error reply; nothing the daemon sends can crash the application.  When
 * the connection ends, the sessions it created are destroyed.
 *
 * Commands change the sessions/channels/rules (struct ust_session,
 * ust_chan, ust_en, ust_rule), then recompute the set (struct ust_set) of
 * every event they touch: the channels where it is enabled, in an enabled
 * channel of an active session, with the filters of its rules (none if one
 * rule has no filter).  Sets are published with an atomic store, the old
 * ones freed after ust_synchronize() (probe.c), with everything they
 * reference (filter programs, channels and their rings): a command that
 * removes something replies only after no thread can be writing with it.
 *
 * fork(): the child inherits the parent's mappings but not its threads.
 * pthread_atfork() handlers hold ust_lock across the fork; the child drops
 * every session (without a grace period: it has a single thread, which is
 * not inside a probe), refreshes its cached ids, starts its own listeners
 * and registers as a new application.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ust-lib.h"

#define RETRY_MS		500
#define ROOT_SOCK_DIR		"/var/run/lttng"
#define NR_CONNS		2
#define MAX_RX_FDS		(2 * LTTNG_UST_MAX_STREAMS)

struct ust_conn {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int used;
	int fd;				/* -1: not connected */
	int started;
	pthread_t thread;
	unsigned long sent_gen;		/* generation of the last REGISTER */
	unsigned long done_gen;		/* answered (or no daemon) up to */
	int slow;			/* a wait for it timed out: do not
					 * wait again until it answers */
	const char *label;
	int fds[MAX_RX_FDS];		/* received with a header */
	int dump;			/* a statedump is due after the reply */
	uint64_t dump_key;		/* of that session */
};

int ust_debug;
static int reg_timeout_ms = 3000;
/* LTTNG_UST_ALLOW_BLOCKING in the environment: channels with a blocking
 * timeout make writers wait for room (else they discard, as LTTng-UST) */
static int allow_blocking;
static pthread_mutex_t ust_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ust_cond;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void lib_init(void);
static struct lttng_ust_provider *providers;
static struct ust_event *events;
static unsigned int nr_events;
static struct ust_session *sessions;
static unsigned long reg_gen;
static struct ust_conn conns[NR_CONNS];

/*
 * TRACEPOINT_PROBE_DYNAMIC_LINKAGE: a program's stand-in for an event
 * (lttng/tracepoint-decl.h), linked to the registered event of that name.
 */
struct dyn_site {
	struct dyn_site *next;		/* all of them */
	struct dyn_site *next_in_ev;
	struct lttng_ust_event_state *site;
	void (**fn)(void);
	struct ust_event *ev;		/* NULL: no provider has it yet */
	char name[LTTNG_UST_NAME_MAX];
};

static struct dyn_site *dyn_sites;
/* providers of the program (not tracef/tracelog's); listeners started
 * for the library's own wait for one until startup_until (ms) */
static unsigned int app_providers;
static uint64_t startup_until;
#define STARTUP_HOLD_MS		100

void ust_dbg(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "liblttng-ust[%d]: ", (int)getpid());
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", buf);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Wait on ust_cond (ust_lock held) until ms from now; false on timeout. */
static bool cond_wait_ms(uint64_t deadline_ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(deadline_ms / 1000);
	ts.tv_nsec = (long)(deadline_ms % 1000) * 1000000;
	return pthread_cond_timedwait(&ust_cond, &ust_lock, &ts) != ETIMEDOUT;
}

/* ------------------------------------------------------------------ */
/* Publication of the per-event sets                                   */
/* ------------------------------------------------------------------ */

/* Things to free once no probe can see them (after ust_synchronize()). */
struct garbage {
	struct ust_set **sets;
	size_t nr_sets, cap_sets;
	struct ust_chan *chans;		/* linked by next */
	struct ust_rule *rules;		/* linked by next */
};

static void set_free(struct ust_set *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++)
		free(s->inst[i].filters);
	free(s);
}

static void gc_add_set(struct garbage *g, struct ust_set *s)
{
	if (!s)
		return;
	if (g->nr_sets == g->cap_sets) {
		size_t cap = g->cap_sets ? g->cap_sets * 2 : 16;
		struct ust_set **n = realloc(g->sets, cap * sizeof(*n));

		if (!n) {
			/* cannot defer it: wait now, then free */
			ust_synchronize();
			set_free(s);
			return;
		}
		g->sets = n;
		g->cap_sets = cap;
	}
	g->sets[g->nr_sets++] = s;
}

static void rule_free(struct ust_rule *r)
{
	if (r->prog)
		lttng_filter_free(r->prog);
	if (r->bc)
		lttng_filter_bc_free(r->bc);
	free(r);
}

static void chan_free(struct ust_chan *c)
{
	uint32_t i;

	for (i = 0; i < c->nr_streams; i++)
		ust_ring_unmap(c->rings[i]);
	free(c->rings);
	free(c);
}

/* Rule r goes to g: freed by gc_run(), after the grace period. */
static void gc_rule(struct garbage *g, struct ust_rule *r)
{
	r->next = g->rules;
	g->rules = r;
}

/* Wait for the probes, then free what they could still see. */
static void gc_run(struct garbage *g)
{
	size_t i;

	if (g->nr_sets || g->chans || g->rules)
		ust_synchronize();
	for (i = 0; i < g->nr_sets; i++)
		set_free(g->sets[i]);
	free(g->sets);
	while (g->rules) {
		struct ust_rule *r = g->rules;

		g->rules = r->next;
		rule_free(r);
	}
	while (g->chans) {
		struct ust_chan *c = g->chans;

		g->chans = c->next;
		chan_free(c);
	}
	memset(g, 0, sizeof(*g));
}

/* ------------------------------------------------------------------ */
/* Dynamically linked programs (TRACEPOINT_PROBE_DYNAMIC_LINKAGE)      */
/* ------------------------------------------------------------------ */

/* The sites of ev follow its flag (ust_lock held). */
static void dyn_sites_update(struct ust_event *ev)
{
	struct dyn_site *ds;
	int on = __atomic_load_n(&ev->desc->state->enabled, __ATOMIC_RELAXED);

	for (ds = ev->sites; ds; ds = ds->next_in_ev)
		__atomic_store_n(&ds->site->enabled, on, __ATOMIC_RELAXED);
}

static void dyn_connect(struct dyn_site *ds, struct ust_event *ev)
{
	ds->ev = ev;
	ds->next_in_ev = ev->sites;
	ev->sites = ds;
	/* the probe first: a site seen on calls a valid one */
	__atomic_store_n(ds->fn, ev->desc->probe, __ATOMIC_RELEASE);
	__atomic_store_n(&ds->site->enabled,
			 __atomic_load_n(&ev->desc->state->enabled,
					 __ATOMIC_RELAXED), __ATOMIC_RELEASE);
	DBG("%s: linked to the program's tracepoint", ds->name);
}

static void dyn_disconnect(struct dyn_site *ds)
{
	struct dyn_site **pp;

	if (!ds->ev)
		return;
	for (pp = &ds->ev->sites; *pp; pp = &(*pp)->next_in_ev)
		if (*pp == ds) {
			*pp = ds->next_in_ev;
			break;
		}
	__atomic_store_n(&ds->site->enabled, 0, __ATOMIC_RELAXED);
	__atomic_store_n(ds->fn, NULL, __ATOMIC_RELEASE);
	ds->ev = NULL;
}

static struct ust_event *event_find(const char *name);

void lttng_ust_dyn_site(struct lttng_ust_event_state *site, void (**fn)(void),
			const char *name, int add)
{
	struct dyn_site *ds, **pp;
	struct ust_event *ev;

	pthread_once(&init_once, lib_init);
	if (!site || !fn || !name)
		return;
	pthread_mutex_lock(&ust_lock);
	for (pp = &dyn_sites; (ds = *pp); pp = &ds->next)
		if (ds->site == site)
			break;
	if (!add) {
		if (ds) {
			dyn_disconnect(ds);
			*pp = ds->next;
			free(ds);
		}
	} else if (!ds && (ds = calloc(1, sizeof(*ds)))) {
		ds->site = site;
		ds->fn = fn;
		snprintf(ds->name, sizeof(ds->name), "%s", name);
		ds->next = dyn_sites;
		dyn_sites = ds;
		ev = event_find(ds->name);
		if (ev)
			dyn_connect(ds, ev);
	}
	pthread_mutex_unlock(&ust_lock);
}

/* A writer waiting for room (blocking mode) gives up once this is 0. */
static void chan_set_writing(struct ust_chan *c)
{
	__atomic_store_n(&c->writing, c->enabled && c->sess && c->sess->active,
			 __ATOMIC_RELEASE);
}

static void session_set_writing(struct ust_session *s)
{
	struct ust_chan *c;

	for (c = s->chans; c; c = c->next)
		chan_set_writing(c);
}

static bool en_live(const struct ust_en *en)
{
	return en->rules && en->chan->enabled && en->chan->sess->active;
}

/* Recompute and publish the set of one event (ust_lock held). */
static void event_update(struct ust_event *ev, struct garbage *g)
{
	struct lttng_ust_event_state *st = ev->desc->state;
	struct ust_set *set = NULL, *old;
	const struct ust_en *en;
	unsigned int nr = 0;

	for (en = ev->ens; en; en = en->next_in_event)
		nr += en_live(en);
	if (nr) {
		set = calloc(1, sizeof(*set) + nr * sizeof(set->inst[0]));
		if (!set) {
			DBG("out of memory: %s not recorded", ev->desc->name);
			nr = 0;
		}
	}
	if (set) {
		for (en = ev->ens; en; en = en->next_in_event) {
			const struct ust_rule *r;
			struct lttng_filter_list *fl = NULL;
			unsigned int n = 0;
			bool all = false;

			if (!en_live(en))
				continue;
			for (r = en->rules; r; r = r->next) {
				if (!r->prog)
					all = true;
				n++;
			}
			if (!all) {
				fl = malloc(sizeof(*fl) + n * sizeof(fl->progs[0]));
				if (!fl)
					continue;	/* not recorded there */
				fl->nr = 0;
				for (r = en->rules; r; r = r->next)
					fl->progs[fl->nr++] = r->prog;
				set->any_filter = 1;
			}
			set->inst[set->nr].chan = en->chan;
			set->inst[set->nr].id = en->id;
			set->inst[set->nr].filters = fl;
			set->nr++;
		}
	}
	old = __atomic_exchange_n((struct ust_set **)&st->priv, set,
				  __ATOMIC_SEQ_CST);
	__atomic_store_n(&st->enabled, set && set->nr ? 1 : 0, __ATOMIC_RELAXED);
	dyn_sites_update(ev);
	gc_add_set(g, old);
}

static void chan_update_events(struct ust_chan *c, struct garbage *g)
{
	struct ust_en *en;

	for (en = c->ens; en; en = en->next_in_chan)
		event_update(en->ev, g);
}

static void session_update_events(struct ust_session *s, struct garbage *g)
{
	struct ust_chan *c;

	for (c = s->chans; c; c = c->next)
		chan_update_events(c, g);
}

static void en_unlink_from_event(struct ust_en *en)
{
	struct ust_en **pp;

	for (pp = &en->ev->ens; *pp; pp = &(*pp)->next_in_event)
		if (*pp == en) {
			*pp = en->next_in_event;
			return;
		}
}

/* Free en, out of both lists already; its rules go to g. */
static void en_free(struct ust_en *en, struct garbage *g)
{
	struct ust_rule *r;

	while ((r = en->rules)) {
		en->rules = r->next;
		gc_rule(g, r);
	}
	free(en);
}

/*
 * Take a session out of everything (ust_lock held): unpublished now, its
 * channels, rules and rings freed by gc_run().
 */
static void session_destroy(struct ust_session *s, struct garbage *g)
{
	struct ust_session **pp;
	struct ust_chan *c;
	struct ust_en *en;

	for (pp = &sessions; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	s->active = 0;
	session_set_writing(s);
	session_update_events(s, g);	/* events of its channels: gone */
	while ((c = s->chans)) {
		s->chans = c->next;
		while ((en = c->ens)) {
			c->ens = en->next_in_chan;
			en_unlink_from_event(en);
			en_free(en, g);
		}
		c->next = g->chans;
		g->chans = c;
	}
	free(s);
}

static void conn_drop_sessions(struct ust_conn *conn)
{
	struct garbage g = { 0 };
	struct ust_session *s, *next;

	for (s = sessions; s; s = next) {
		next = s->next;
		if (s->conn == conn) {
			DBG("%s daemon: session %llu dropped", conn->label,
			    (unsigned long long)s->key);
			session_destroy(s, &g);
		}
	}
	gc_run(&g);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static struct ust_session *session_find(struct ust_conn *conn, uint64_t key)
{
	struct ust_session *s;

	for (s = sessions; s; s = s->next)
		if (s->conn == conn && s->key == key)
			return s;
	return NULL;
}

static struct ust_chan *chan_find(struct ust_conn *conn, uint64_t skey,
				  uint64_t ckey)
{
	struct ust_session *s = session_find(conn, skey);
	struct ust_chan *c;

	if (!s)
		return NULL;
	for (c = s->chans; c; c = c->next)
		if (c->key == ckey)
			return c;
	return NULL;
}

static struct ust_event *event_find(const char *name)
{
	struct ust_event *ev;

	for (ev = events; ev; ev = ev->next)
		if (!strcmp(ev->desc->name, name))
			return ev;
	return NULL;
}

static bool str_ok(const char *s, size_t max)
{
	return memchr(s, '\0', max) != NULL;
}

/* fds: nr_streams rings, then (cmd->wakeup) as many wake-up sockets; the
 * caller closes them all (the rings keep their own copies). */
static int cmd_channel_create(struct ust_conn *conn,
			      const struct lttng_ust_cmd_channel *cmd,
			      int *fds, unsigned int nr_fds)
{
	struct ust_session *s;
	struct ust_chan *c;
	uint32_t i;
	int ret;

	if (cmd->nr_contexts > LTTNG_UST_MAX_CONTEXTS ||
	    cmd->blocking_timeout_us < -1)
		return -EINVAL;
	for (i = 0; i < cmd->nr_contexts; i++)
		if (!ust_ctx_size(cmd->contexts[i]))
			return -EINVAL;
	if (chan_find(conn, cmd->session_key, cmd->channel_key))
		return -EEXIST;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->rings = calloc(nr_fds, sizeof(*c->rings));
	if (!c->rings) {
		free(c);
		return -ENOMEM;
	}
	for (i = 0; i < nr_fds; i++) {
		ret = ust_ring_map(fds[i], &c->rings[i]);
		if (!ret && cmd->wakeup) {
			int w = fcntl(fds[nr_fds + i], F_DUPFD_CLOEXEC, 0);

			if (w < 0)
				ret = -errno;
			else
				ust_ring_set_wakeup(c->rings[i], w);
		}
		if (ret) {
			DBG("channel %s: ring %u: cannot map it (%s)",
			    cmd->name, i, strerror(-ret));
			c->nr_streams = i + (c->rings[i] != NULL);
			chan_free(c);
			return ret;
		}
	}
	c->nr_streams = nr_fds;
	c->key = cmd->channel_key;
	snprintf(c->name, sizeof(c->name), "%s", cmd->name);
	c->enabled = !!cmd->enabled;
	c->blocking_timeout_us = allow_blocking ? cmd->blocking_timeout_us : 0;
	c->nr_ctx = cmd->nr_contexts;
	for (i = 0; i < cmd->nr_contexts; i++) {
		c->ctx[i] = cmd->contexts[i];
		c->perf[i] = cmd->perf[i];
		c->ctx_len += ust_ctx_size(cmd->contexts[i]);
	}
	s = session_find(conn, cmd->session_key);
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			chan_free(c);
			return -ENOMEM;
		}
		s->conn = conn;
		s->key = cmd->session_key;
		s->next = sessions;
		sessions = s;
	}
	c->sess = s;
	c->next = s->chans;
	s->chans = c;
	chan_set_writing(c);
	DBG("%s daemon: channel %s (session %llu, %u streams) created",
	    conn->label, c->name, (unsigned long long)s->key, c->nr_streams);
	return 0;
}

static int cmd_event_enable(struct ust_conn *conn,
			     const struct lttng_ust_cmd_event *cmd,
			     const void *bc, struct garbage *g)
{
	struct ust_chan *c = chan_find(conn, cmd->session_key, cmd->channel_key);
	struct ust_event *ev;
	struct ust_rule *r;
	struct ust_en *en;
	int ret;

	if (!c)
		return -ENOENT;
	ev = event_find(cmd->name);
	if (!ev)
		return -ENOENT;
	for (en = c->ens; en; en = en->next_in_chan)
		if (en->ev == ev)
			break;
	if (en && en->id != cmd->id)
		return -EINVAL;		/* one id per event in a channel */
	if (en)
		for (r = en->rules; r; r = r->next)
			if (r->key == cmd->rule_key)
				return -EEXIST;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->key = cmd->rule_key;
	if (cmd->filter_len) {
		ret = lttng_filter_bc_dup(bc, cmd->filter_len, &r->bc);
		if (!ret)
			ret = lttng_filter_link(r->bc, &ev->kdesc, NULL, &r->prog);
		if (ret) {
			DBG("%s: filter refused (%d)", ev->desc->name, ret);
			rule_free(r);
			return ret < 0 ? ret : -EINVAL;
		}
	}
	if (!en) {
		en = calloc(1, sizeof(*en));
		if (!en) {
			rule_free(r);
			return -ENOMEM;
		}
		en->chan = c;
		en->ev = ev;
		en->id = cmd->id;
		en->next_in_chan = c->ens;
		c->ens = en;
		en->next_in_event = ev->ens;
		ev->ens = en;
	}
	r->next = en->rules;
	en->rules = r;
	event_update(ev, g);
	DBG("%s daemon: %s enabled in channel %s, id %u%s", conn->label,
	    ev->desc->name, c->name, en->id, r->prog ? " (filter)" : "");
	return 0;
}

static int cmd_event_disable(struct ust_conn *conn,
			     const struct lttng_ust_cmd_event *cmd,
			     struct garbage *g)
{
	struct ust_chan *c = chan_find(conn, cmd->session_key, cmd->channel_key);
	struct ust_en **pe, *en;
	struct ust_rule **pr, *r;
	struct ust_event *ev;

	if (!c)
		return -ENOENT;
	ev = event_find(cmd->name);
	if (!ev)
		return -ENOENT;
	for (pe = &c->ens; (en = *pe); pe = &en->next_in_chan)
		if (en->ev == ev)
			break;
	if (!en)
		return -ENOENT;
	for (pr = &en->rules; (r = *pr); pr = &r->next)
		if (r->key == cmd->rule_key)
			break;
	if (!r)
		return -ENOENT;
	*pr = r->next;
	gc_rule(g, r);
	if (!en->rules) {
		*pe = en->next_in_chan;
		en_unlink_from_event(en);
		en_free(en, g);
	}
	event_update(ev, g);
	return 0;
}

/* EVENT_ENABLE (with its filter) and EVENT_DISABLE: checked, then run
 * under ust_lock. */
static int cmd_event(struct ust_conn *conn, uint32_t type,
		     const char *payload, uint32_t len, unsigned int nr_fds,
		     bool *proto_err)
{
	struct lttng_ust_cmd_event cmd;
	struct garbage g = { 0 };
	int ret;

	if (len < sizeof(cmd) || nr_fds)
		return 0;
	memcpy(&cmd, payload, sizeof(cmd));
	if (!str_ok(cmd.name, sizeof(cmd.name)))
		return 0;
	if (type == LTTNG_UST_MSG_EVENT_ENABLE) {
		if (cmd.filter_len > LTTNG_UST_FILTER_MAX ||
		    len != sizeof(cmd) + cmd.filter_len)
			return 0;
	} else if (len != sizeof(cmd)) {
		return 0;
	}
	*proto_err = false;
	pthread_mutex_lock(&ust_lock);
	if (type == LTTNG_UST_MSG_EVENT_ENABLE)
		ret = cmd_event_enable(conn, &cmd, payload + sizeof(cmd), &g);
	else
		ret = cmd_event_disable(conn, &cmd, &g);
	gc_run(&g);
	pthread_mutex_unlock(&ust_lock);
	return ret;
}

/* The commands that name a session or a channel: under ust_lock. */
static int cmd_keyed(struct ust_conn *conn, uint32_t type,
		     const struct lttng_ust_cmd_key *key)
{
	struct garbage g = { 0 };
	struct ust_session *s;
	struct ust_chan *c;
	int ret = 0;

	pthread_mutex_lock(&ust_lock);
	if (type == LTTNG_UST_MSG_CHANNEL_ENABLE ||
	    type == LTTNG_UST_MSG_CHANNEL_DISABLE) {
		c = chan_find(conn, key->session_key, key->channel_key);
		if (!c) {
			ret = -ENOENT;
		} else {
			c->enabled = type == LTTNG_UST_MSG_CHANNEL_ENABLE;
			chan_set_writing(c);
			chan_update_events(c, &g);
		}
	} else {
		s = session_find(conn, key->session_key);
		if (!s) {
			ret = -ENOENT;
		} else if (type == LTTNG_UST_MSG_SESSION_DESTROY) {
			session_destroy(s, &g);
		} else if (type == LTTNG_UST_MSG_STATEDUMP) {
			conn->dump = 1;
			conn->dump_key = s->key;
		} else {
			if (type == LTTNG_UST_MSG_SESSION_START && !s->active) {
				conn->dump = 1;
				conn->dump_key = s->key;
			}
			s->active = type == LTTNG_UST_MSG_SESSION_START;
			session_set_writing(s);
			session_update_events(s, &g);
		}
	}
	/* stop/disable/destroy: no thread writes with the old state now */
	gc_run(&g);
	pthread_mutex_unlock(&ust_lock);
	return ret;
}

/* payload: len bytes; fds: nr_fds (closed by the caller). */
static int cmd_exec(struct ust_conn *conn, uint32_t type, const char *payload,
		    uint32_t len, int *fds, unsigned int nr_fds, bool *proto_err)
{
	const struct lttng_ust_cmd_key *key = (const void *)payload;

	*proto_err = true;
	switch (type) {
	case LTTNG_UST_MSG_CHANNEL_CREATE: {
		struct lttng_ust_cmd_channel cmd;

		if (len != sizeof(cmd))
			return 0;
		memcpy(&cmd, payload, sizeof(cmd));
		if (!str_ok(cmd.name, sizeof(cmd.name)) || cmd.wakeup > 1 ||
		    !cmd.nr_streams || cmd.nr_streams > LTTNG_UST_MAX_STREAMS ||
		    nr_fds != cmd.nr_streams * (cmd.wakeup + 1))
			return 0;
		*proto_err = false;
		return cmd_channel_create(conn, &cmd, fds, cmd.nr_streams);
	}
	case LTTNG_UST_MSG_EVENT_ENABLE:
	case LTTNG_UST_MSG_EVENT_DISABLE:
		return cmd_event(conn, type, payload, len, nr_fds, proto_err);
	case LTTNG_UST_MSG_SYNC:
		if (len || nr_fds)
			return 0;
		*proto_err = false;
		/* every record begun before now is committed after this */
		ust_synchronize();
		return 0;
	case LTTNG_UST_MSG_CHANNEL_ENABLE:
	case LTTNG_UST_MSG_CHANNEL_DISABLE:
	case LTTNG_UST_MSG_SESSION_START:
	case LTTNG_UST_MSG_SESSION_STOP:
	case LTTNG_UST_MSG_SESSION_DESTROY:
	case LTTNG_UST_MSG_STATEDUMP:
		if (len != sizeof(*key) || nr_fds)
			return 0;
		break;
	default:
		return 0;
	}
	*proto_err = false;
	return cmd_keyed(conn, type, key);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* Sends (out) or receives all of buf: 0, or -1 on error or end of file. */
static int xfer_all(int fd, char *p, size_t len, int out)
{
	while (len) {
		ssize_t n = out ? send(fd, p, len, MSG_NOSIGNAL) :
				  recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_all(int fd, const void *buf, size_t len)
{
	return xfer_all(fd, (char *)buf, len, 1);
}

static int recv_all(int fd, void *buf, size_t len)
{
	return xfer_all(fd, buf, len, 0);
}

static void close_fds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/*
 * Receive a header and the fds that came with it.  -1 on end of
 * connection or protocol error (the fds received are closed).
 */
static int recv_hdr(int fd, struct lttng_ust_msg_hdr *h, int *fds,
		    unsigned int *nr_fds)
{
	union {
		char buf[CMSG_SPACE(MAX_RX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = h, .iov_len = sizeof(*h) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;
	bool bad = false;

	*nr_fds = 0;
	do {
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		size_t k, cnt;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
			bad = true;
			continue;
		}
		cnt = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < cnt; k++) {
			int f;

			memcpy(&f, CMSG_DATA(cm) + k * sizeof(int), sizeof(int));
			if (*nr_fds < MAX_RX_FDS)
				fds[(*nr_fds)++] = f;
			else
				close(f);
		}
	}
	if (bad || (msg.msg_flags & MSG_CTRUNC) ||
	    ((size_t)n < sizeof(*h) &&
	     recv_all(fd, (char *)h + n, sizeof(*h) - (size_t)n))) {
		close_fds(fds, *nr_fds);
		*nr_fds = 0;
		return -1;
	}
	return 0;
}

static int send_reply(int fd, int32_t status)
{
	struct {
		struct lttng_ust_msg_hdr h;
		struct lttng_ust_reply r;
	} m;

	memset(&m, 0, sizeof(m));
	m.h.magic = LTTNG_UST_MSG_MAGIC;
	m.h.type = LTTNG_UST_MSG_REPLY;
	m.h.len = sizeof(m.r);
	m.r.status = status;
	return send_all(fd, &m, sizeof(m));
}

void ust_get_procname(char *buf, size_t len)
{
	char tmp[64];
	ssize_t n;
	int fd;

	memset(buf, 0, len);
	fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, tmp, sizeof(tmp) - 1);
	close(fd);
	if (n <= 0)
		return;
	tmp[n] = '\0';
	tmp[strcspn(tmp, "\n")] = '\0';
	memcpy(buf, tmp, strnlen(tmp, len - 1));
}

/* Fields the daemon hears of: those recorded (not _nowrite). */
static unsigned int written_fields(const struct lttng_ust_event_desc *d)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->nr_fields; i++)
		n += !d->fields[i].nowrite;
	return n;
}

static bool event_sendable(const struct ust_event *ev)
{
	return strlen(ev->desc->name) < LTTNG_UST_NAME_MAX &&
	       written_fields(ev->desc) <= LTTNG_UST_MAX_FIELDS;
}

/* Build the REGISTER message (ust_lock held).  malloc()ed, *len set. */
static void *build_register(size_t *len)
{
	struct lttng_ust_register *reg;
	struct ust_event *ev;
	size_t size = sizeof(struct lttng_ust_msg_hdr) + sizeof(*reg);
	unsigned int nr = 0, i;
	char *buf, *p;

	for (ev = events; ev && nr < LTTNG_UST_MAX_EVENTS; ev = ev->next) {
		if (!event_sendable(ev))
			continue;
		size += sizeof(struct lttng_ust_event_info);
		for (i = 0; i < ev->desc->nr_fields; i++) {
			const struct lttng_ust_field_desc *f = &ev->desc->fields[i];

			if (f->nowrite)
				continue;
			size += sizeof(struct lttng_ust_field_info);
			if (f->type == __LTTNG_UST_FT_ENUM)
				size += (size_t)(f->nr_entries < LTTNG_UST_MAX_ENUM_ENTRIES ?
						 f->nr_entries : LTTNG_UST_MAX_ENUM_ENTRIES) *
					sizeof(struct lttng_ust_enum_entry);
		}
		nr++;
	}
	if (size - sizeof(struct lttng_ust_msg_hdr) > LTTNG_UST_MSG_MAX)
		return NULL;
	buf = calloc(1, size);
	if (!buf)
		return NULL;
	reg = lttng_ust_register_start(buf, size, nr);
	ust_get_procname(reg->procname, sizeof(reg->procname));
	p = (char *)(reg + 1);
	nr = 0;
	for (ev = events; ev && nr < LTTNG_UST_MAX_EVENTS; ev = ev->next) {
		struct lttng_ust_event_info *ei = (void *)p;

		if (!event_sendable(ev))
			continue;
		nr++;
		snprintf(ei->name, sizeof(ei->name), "%s", ev->desc->name);
		ei->loglevel = ev->loglevel;
		ei->nr_fields = written_fields(ev->desc);
		p += sizeof(*ei);
		for (i = 0; i < ev->desc->nr_fields; i++) {
			const struct lttng_ust_field_desc *f = &ev->desc->fields[i];
			struct lttng_ust_field_info *fi = (void *)p;
			unsigned int k, ne;

			if (f->nowrite)
				continue;
			snprintf(fi->name, sizeof(fi->name), "%s", f->name);
			fi->byte_order = f->byte_order ? 1 : 0;
			fi->type = f->type;
			fi->size = f->size;
			fi->signedness = f->is_signed;
			fi->base = f->base;
			fi->encoding = f->encoding;
			fi->length = f->type == __LTTNG_UST_FT_ARRAY ? f->length : 0;
			fi->length_size = f->type == __LTTNG_UST_FT_SEQUENCE ?
					  f->length_size : 0;
			ne = f->type == __LTTNG_UST_FT_ENUM ? f->nr_entries : 0;
			if (ne > LTTNG_UST_MAX_ENUM_ENTRIES)
				ne = LTTNG_UST_MAX_ENUM_ENTRIES;
			fi->nr_entries = ne;
			p += sizeof(*fi);
			for (k = 0; k < ne; k++) {
				/* field infos are 4-byte aligned: copy it in */
				struct lttng_ust_enum_entry e;

				memset(&e, 0, sizeof(e));
				snprintf(e.label, sizeof(e.label), "%s",
					 f->entries[k].label ? f->entries[k].label : "");
				e.start = f->entries[k].start;
				e.end = f->entries[k].end;
				memcpy(p, &e, sizeof(e));
				p += sizeof(e);
			}
		}
	}
	*len = size;
	return buf;
}

static int conn_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Serve one connection until it ends. */
static void conn_serve(struct ust_conn *conn, int fd)
{
	int *fds = conn->fds;
	struct lttng_ust_msg_hdr h;
	unsigned int nr_fds;
	char *payload = NULL;

	for (;;) {
		bool proto_err;
		int status;

		free(payload);
		payload = NULL;
		if (recv_hdr(fd, &h, fds, &nr_fds))
			break;
		if (h.magic != LTTNG_UST_MSG_MAGIC || h.len > LTTNG_UST_MSG_MAX ||
		    h.nr_fds != nr_fds) {
			DBG("%s daemon: bad message header, disconnecting",
			    conn->label);
			close_fds(fds, nr_fds);
			break;
		}
		if (h.len) {
			payload = malloc(h.len);
			if (!payload || recv_all(fd, payload, h.len)) {
				close_fds(fds, nr_fds);
				break;
			}
		}
		if (h.type == LTTNG_UST_MSG_REGISTER_DONE) {
			close_fds(fds, nr_fds);
			if (h.len || nr_fds) {
				DBG("%s daemon: bad REGISTER_DONE", conn->label);
				break;
			}
			pthread_mutex_lock(&ust_lock);
			if (conn->done_gen < conn->sent_gen)
				conn->done_gen = conn->sent_gen;
			conn->slow = 0;
			pthread_cond_broadcast(&ust_cond);
			pthread_mutex_unlock(&ust_lock);
			DBG("%s daemon: registration done", conn->label);
			continue;
		}
		if (h.type == LTTNG_UST_MSG_CHANNEL_CREATE) {
			pthread_mutex_lock(&ust_lock);
			status = cmd_exec(conn, h.type, payload, h.len, fds,
					  nr_fds, &proto_err);
			pthread_mutex_unlock(&ust_lock);
		} else {
			status = cmd_exec(conn, h.type, payload, h.len, fds,
					  nr_fds, &proto_err);
		}
		close_fds(fds, nr_fds);
		if (proto_err) {
			DBG("%s daemon: malformed command %u (len %u, %u fds), disconnecting",
			    conn->label, h.type, h.len, nr_fds);
			break;
		}
		DBG("%s daemon: command %u -> %d", conn->label, h.type, status);
		if (send_reply(fd, status))
			break;
		if (conn->dump) {
			struct ust_session *s;

			conn->dump = 0;
			/* only this thread destroys the sessions of conn */
			pthread_mutex_lock(&ust_lock);
			s = session_find(conn, conn->dump_key);
			pthread_mutex_unlock(&ust_lock);
			if (s)
				ust_statedump(s);
		}
	}
	free(payload);
}

static void *listener(void *arg)
{
	struct ust_conn *conn = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&ust_lock);
	/*
	 * Started for tracef()/tracelog() as the library loads: give the
	 * program's own providers, whose constructors come next, the time
	 * to join, so that it registers once with everything.
	 */
	while (!app_providers && now_ms() < startup_until &&
	       cond_wait_ms(startup_until))
		;
	for (;;) {
		unsigned long gen = reg_gen;
		size_t len;
		char *msg;
		int fd;

		pthread_mutex_unlock(&ust_lock);
		fd = conn_connect(conn->path);
		pthread_mutex_lock(&ust_lock);
		if (fd < 0) {
			uint64_t deadline = now_ms() + RETRY_MS;

			if (conn->done_gen < gen)
				conn->done_gen = gen;
			pthread_cond_broadcast(&ust_cond);
			/* until the retry time, or a new provider */
			while (reg_gen == gen && cond_wait_ms(deadline))
				;
			continue;
		}
		conn->fd = fd;
		conn->sent_gen = reg_gen;
		msg = build_register(&len);
		pthread_mutex_unlock(&ust_lock);
		DBG("%s daemon: connected to %s, registering", conn->label,
		    conn->path);
		if (msg && !send_all(fd, msg, len))
			conn_serve(conn, fd);
		free(msg);
		pthread_mutex_lock(&ust_lock);
		conn->fd = -1;
		close(fd);
		DBG("%s daemon: disconnected", conn->label);
		conn_drop_sessions(conn);
		/* do not keep a constructor waiting for this one */
		if (conn->done_gen < conn->sent_gen)
			conn->done_gen = conn->sent_gen;
		pthread_cond_broadcast(&ust_cond);
		if (conn->sent_gen == reg_gen) {
			/* the daemon went away: try again a bit later */
			uint64_t deadline = now_ms() + RETRY_MS;

			while (reg_gen == conn->sent_gen && cond_wait_ms(deadline))
				;
		}
	}
	return NULL;
}

/* ust_lock held. */
static void listeners_start(void)
{
	int i;

	for (i = 0; i < NR_CONNS; i++) {
		struct ust_conn *c = &conns[i];

		if (!c->used || c->started)
			continue;
		if (pthread_create(&c->thread, NULL, listener, c)) {
			DBG("cannot start the %s listener thread", c->label);
			continue;
		}
		pthread_detach(c->thread);
		c->started = 1;
	}
}

/* Wait (ust_lock held) until every listener has answered reg_gen. */
static void wait_registered(void)
{
	uint64_t deadline = now_ms() + (uint64_t)(reg_timeout_ms > 0 ? reg_timeout_ms : 0);
	int i;

	if (!reg_timeout_ms)
		return;
	for (;;) {
		bool done = true;

		for (i = 0; i < NR_CONNS; i++)
			if (conns[i].started && !conns[i].slow &&
			    conns[i].done_gen < reg_gen)
				done = false;
		if (done)
			return;
		if (reg_timeout_ms < 0)
			pthread_cond_wait(&ust_cond, &ust_lock);
		else if (!cond_wait_ms(deadline))
			break;
	}
	/* a daemon that did not answer in time is not waited for again */
	for (i = 0; i < NR_CONNS; i++)
		if (conns[i].started && conns[i].done_gen < reg_gen)
			conns[i].slow = 1;
	DBG("registration not complete after %d ms, going on", reg_timeout_ms);
}

/* ------------------------------------------------------------------ */
/* Providers                                                           */
/* ------------------------------------------------------------------ */

static int event_add(struct lttng_ust_provider *p, struct lttng_ust_event_desc *d)
{
	struct ust_event *ev, **pe;
	unsigned int i;

	if (!d->name || !d->state || event_find(d->name)) {
		DBG("event %s registered twice: ignored", d->name ? d->name : "?");
		return -EEXIST;
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->kfields = calloc(d->nr_fields + 1, sizeof(*ev->kfields));
	if (!ev->kfields) {
		free(ev);
		return -ENOMEM;
	}
	/* the description module/filter.c links filters against */
	for (i = 0; i < d->nr_fields; i++) {
		const struct lttng_ust_field_desc *f = &d->fields[i];
		struct lttng_field_desc *k = &ev->kfields[i];

		k->name = f->name;
		k->type.integer.size = f->size;
		k->type.integer.alignment = 8;
		k->type.integer.signedness = f->is_signed;
		k->type.integer.base = f->base;
		k->type.integer.encoding = f->encoding;
		switch (f->type) {
		case __LTTNG_UST_FT_INTEGER:
			k->type.kind = LTTNG_TYPE_INTEGER;
			break;
		case __LTTNG_UST_FT_ENUM:
			k->type.kind = LTTNG_TYPE_ENUM;
			break;
		case __LTTNG_UST_FT_STRING:
			k->type.kind = LTTNG_TYPE_STRING;
			break;
		case __LTTNG_UST_FT_ARRAY:
			k->type.kind = LTTNG_TYPE_ARRAY;
			k->type.length = f->length;
			break;
		case __LTTNG_UST_FT_SEQUENCE:
			k->type.kind = LTTNG_TYPE_SEQUENCE;
			break;
		default:
			/* floats: no type the filter can use (filter false) */
			k->type.kind = LTTNG_TYPE_ARRAY;
			k->type.integer.size = 0;
			k->type.integer.encoding = 0;
			k->type.length = 0;
			break;
		}
	}
	ev->kdesc.name = d->name;
	ev->kdesc.kind = LTTNG_DESC_TEST;
	ev->kdesc.fields = ev->kfields;
	ev->kdesc.nr_fields = d->nr_fields;
	ev->desc = d;
	ev->prov = p;
	ev->loglevel = d->loglevel && *d->loglevel ? *d->loglevel - 1 :
						   TRACE_DEBUG_LINE;
	d->priv = ev;
	/* in registration order: REGISTER lists them as declared */
	for (pe = &events; *pe; pe = &(*pe)->next)
		;
	*pe = ev;
	nr_events++;
	{
		struct dyn_site *ds;

		for (ds = dyn_sites; ds; ds = ds->next)
			if (!ds->ev && !strcmp(ds->name, d->name))
				dyn_connect(ds, ev);
	}
	return 0;
}

static void init_conns(void)
{
	const char *home = secure_getenv("LTTNG_HOME"), *rundir;
	struct ust_conn *c = &conns[0];
	int n;

	if (!home || !*home)
		home = secure_getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (home) {
		n = snprintf(c->path, sizeof(c->path), "%s/.lttng/%s", home,
			     LTTNG_UST_SOCK_NAME);
		c->used = n > 0 && (size_t)n < sizeof(c->path);
		c->label = "user";
	}
	/* LTTNG_UST_ROOT_RUNDIR: another directory, or "" for none (tests) */
	rundir = secure_getenv("LTTNG_UST_ROOT_RUNDIR");
	if (!rundir)
		rundir = ROOT_SOCK_DIR;
	c = &conns[1];
	n = snprintf(c->path, sizeof(c->path), "%s/%s", rundir,
		     LTTNG_UST_SOCK_NAME);
	c->used = *rundir && n > 0 && (size_t)n < sizeof(c->path) &&
		  strcmp(c->path, conns[0].path) != 0;
	c->label = "root";
	for (n = 0; n < NR_CONNS; n++) {
		conns[n].fd = -1;
		if (conns[n].used)
			DBG("%s daemon socket: %s", conns[n].label, conns[n].path);
	}
}

static void cond_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&ust_cond, &a);
	pthread_condattr_destroy(&a);
}

static void atfork_prepare(void)
{
	pthread_mutex_lock(&ust_lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&ust_lock);
}

static void atfork_child(void)
{
	struct garbage g = { 0 };
	struct ust_event *ev;
	int i;

	pthread_mutex_init(&ust_lock, NULL);
	cond_init();
	ust_read_reset();
	ust_ctx_refresh();
	ust_thread_reset();
	ust_perf_fork_child();
	/* the parent's connections and sessions are not ours */
	for (i = 0; i < NR_CONNS; i++) {
		if (conns[i].fd >= 0)
			close(conns[i].fd);
		conns[i].fd = -1;
		conns[i].started = 0;
		conns[i].sent_gen = conns[i].done_gen = 0;
		conns[i].slow = 0;
	}
	while (sessions)
		session_destroy(sessions, &g);
	for (ev = events; ev; ev = ev->next) {
		/* nothing is published any more (session_destroy did it) */
		__atomic_store_n(&ev->desc->state->enabled, 0, __ATOMIC_RELAXED);
	}
	gc_run(&g);	/* no other thread: the grace period is immediate */
	DBG("forked: registering as a new application");
	pthread_mutex_lock(&ust_lock);
	if (providers) {
		reg_gen++;
		listeners_start();
		wait_registered();
	}
	pthread_mutex_unlock(&ust_lock);
}

static void lib_init(void)
{
	const char *s;

	s = secure_getenv("LTTNG_UST_DEBUG");
	ust_debug = s && *s && strcmp(s, "0");
	/* as LTTng-UST: set at all (any value) allows blocking */
	allow_blocking = secure_getenv("LTTNG_UST_ALLOW_BLOCKING") != NULL;
	s = secure_getenv("LTTNG_UST_REGISTER_TIMEOUT");
	if (s && *s) {
		char *end;
		long v = strtol(s, &end, 10);

		if (!*end && v >= -1 && v <= INT_MAX)
			reg_timeout_ms = (int)v;
		else
			DBG("LTTNG_UST_REGISTER_TIMEOUT=%s ignored", s);
	}
	cond_init();
	ust_read_init();
	ust_ctx_refresh();
	init_conns();
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static void __attribute__((constructor)) lttng_ust_init(void)
{
	pthread_once(&init_once, lib_init);
}

void lttng_ust_provider_register(struct lttng_ust_provider *p)
{
	unsigned int i, added = 0;
	int k;

	pthread_once(&init_once, lib_init);
	if (!p || p->registered)
		return;
	pthread_mutex_lock(&ust_lock);
	if (ust_builtin_provider(p)) {
		if (!app_providers && !startup_until)
			startup_until = now_ms() + STARTUP_HOLD_MS;
	} else {
		app_providers++;
	}
	for (i = 0; i < p->nr_descs; i++)
		if (p->descs[i] && !event_add(p, p->descs[i]))
			added++;
	p->registered = 1;
	p->next = providers;
	providers = p;
	DBG("provider %s: %u events", p->name, added);
	reg_gen++;
	/* connected daemons must learn about the new events: re-register */
	for (k = 0; k < NR_CONNS; k++)
		if (conns[k].fd >= 0)
			shutdown(conns[k].fd, SHUT_RDWR);
	pthread_cond_broadcast(&ust_cond);
	listeners_start();
	/*
	 * tracef()/tracelog(), registered when the library loads, do not
	 * keep the program waiting: its own providers, whose constructors
	 * run next, do (a program with none registers in the background).
	 */
	if (!ust_builtin_provider(p))
		wait_registered();
	pthread_mutex_unlock(&ust_lock);
}

void lttng_ust_provider_unregister(struct lttng_ust_provider *p)
{
	struct garbage g = { 0 };
	struct lttng_ust_provider **pp;
	struct ust_event **pe, *ev;
	struct ust_en *en, **pc;

	if (!p || !p->registered)
		return;
	pthread_mutex_lock(&ust_lock);
	for (pe = &events; (ev = *pe);) {
		if (ev->prov != p) {
			pe = &ev->next;
			continue;
		}
		/* forget every rule on it, unpublish it */
		while ((en = ev->ens)) {
			ev->ens = en->next_in_event;
			for (pc = &en->chan->ens; *pc; pc = &(*pc)->next_in_chan)
				if (*pc == en) {
					*pc = en->next_in_chan;
					break;
				}
			en_free(en, &g);
		}
		event_update(ev, &g);
		while (ev->sites)
			dyn_disconnect(ev->sites);
		*pe = ev->next;
		nr_events--;
		ev->desc->priv = NULL;
		/* freed after the grace period, with the filters linked to it */
		gc_run(&g);
		free(ev->kfields);
		free(ev);
	}
	for (pp = &providers; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	p->registered = 0;
	pthread_mutex_unlock(&ust_lock);
}
