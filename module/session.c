// SPDX-License-Identifier: GPL-2.0-only
/*
 * session.c - sessions, channels, enablers, events and the provider
 * registry.
 *
 * Model (like LTTng): a session has channels; a channel has a ring buffer
 * per CPU, contexts, enablers and events.  An enabler is one
 * LTTNG_CHANNEL_EVENT request: a name pattern ('*' wildcards) of one event
 * type.  Events are the concrete instances: one per (channel, event
 * description) that some enabler matched, each with a channel-local id
 * (its CTF event id) and a declaration in the metadata.  An event is
 * enabled while at least one enabled enabler of the channel matches it.
 *
 * For tracepoint enablers the core does the matching against every
 * registered provider and attaches the events (tracepoints.c); providers
 * registered later are matched against the existing enablers.  Syscall and
 * kprobe enablers are handed to the sources (tracer.h).  Events live until
 * their channel is freed: closing an event fd keeps its enabler, as in
 * LTTng.
 *
 * Rules (LTTng's, for a kernel session):
 *  - channels and contexts can only be added before the first start
 *    (-EBUSY after);
 *  - events can be created at any time; their metadata is appended;
 *  - start on an active session and stop on an inactive one return -EBUSY
 *    and change nothing;
 *  - the name and creation time can only be set before the first start.
 *
 * Filters (Documentation/filters.rst): an enabler has at most one filter
 * (LTTNG_EVENT_FILTER).  Each event has the list of the programs linked
 * for it from the filters of the enabled enablers matching it, published
 * with RCU as ev->filter, or NULL when one of them has no filter (record
 * all).  Whoever sets ev->enabled calls lttng_event_filter_update() just
 * before, so that the filters are in place before the event is enabled;
 * when no enabled enabler matches, the last list stays (the event is
 * disabled anyway) so that disabling never records unfiltered events in
 * between.  Old lists are freed after a grace period (call_rcu; probes
 * run with preemption disabled).
 *
 * Everything here runs under lttng_sessions_mutex.  Probes only read
 * session->active, chan->enabled, ev->enabled, ev->filter and the RCU
 * tracker sets.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/utsname.h>
#include <linux/pid_namespace.h>
#include <linux/log2.h>
#include "core.h"
#include "filter.h"

DEFINE_MUTEX(lttng_sessions_mutex);
EXPORT_SYMBOL_GPL(lttng_sessions_mutex);

LIST_HEAD(lttng_sessions);
static LIST_HEAD(lttng_providers);

/* ------------------------------------------------------------------ */
/* Names and providers                                                 */
/* ------------------------------------------------------------------ */

bool lttng_name_match(const char *pattern, const char *name)
{
	const char *star_p = NULL, *star_n = NULL;

	while (*name) {
		if (*pattern == '*') {
			star_p = ++pattern;
			star_n = name;
		} else if (*pattern == *name) {
			pattern++;
			name++;
		} else if (star_p) {
			pattern = star_p;
			name = ++star_n;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return !*pattern;
}
EXPORT_SYMBOL_GPL(lttng_name_match);

static bool desc_is_core(const struct lttng_event_desc *d)
{
	return d->kind == LTTNG_DESC_TRACEPOINT || d->kind == LTTNG_DESC_TEST;
}

static int lttng_enabler_match_core(struct lttng_enabler *en);

static void provider_match_enabler(struct lttng_enabler *en, void *arg)
{
	if (en->param.type == LTTNG_ABI_EV_TRACEPOINT)
		lttng_enabler_match_core(en);
}

int lttng_provider_register(struct lttng_probe_provider *p)
{
	struct lttng_probe_provider *it;
	unsigned int i;

	if (!p || !p->name || (p->nr_descs && !p->descs))
		return -EINVAL;
	for (i = 0; i < p->nr_descs; i++)
		if (!p->descs[i] || !p->descs[i]->name ||
		    (p->descs[i]->nr_fields && !p->descs[i]->fields))
			return -EINVAL;
	mutex_lock(&lttng_sessions_mutex);
	list_for_each_entry(it, &lttng_providers, node) {
		if (it == p || !strcmp(it->name, p->name)) {
			mutex_unlock(&lttng_sessions_mutex);
			return -EEXIST;
		}
	}
	list_add_tail(&p->node, &lttng_providers);
	lttng_for_each_enabler(provider_match_enabler, NULL);
	mutex_unlock(&lttng_sessions_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(lttng_provider_register);

/*
 * Events hold a reference on their description's module, so no event of
 * this provider exists when its module goes away.
 */
void lttng_provider_unregister(struct lttng_probe_provider *p)
{
	mutex_lock(&lttng_sessions_mutex);
	list_del(&p->node);
	mutex_unlock(&lttng_sessions_mutex);
}
EXPORT_SYMBOL_GPL(lttng_provider_unregister);

const struct lttng_event_desc *lttng_desc_find(const char *name)
{
	struct lttng_probe_provider *p;
	unsigned int i;

	list_for_each_entry(p, &lttng_providers, node)
		for (i = 0; i < p->nr_descs; i++)
			if (!strcmp(p->descs[i]->name, name))
				return p->descs[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(lttng_desc_find);

void lttng_for_each_enabler(void (*fn)(struct lttng_enabler *en, void *arg),
			    void *arg)
{
	struct lttng_session *s;
	struct lttng_channel *chan;
	struct lttng_enabler *en;

	lockdep_assert_held(&lttng_sessions_mutex);
	list_for_each_entry(s, &lttng_sessions, node)
		list_for_each_entry(chan, &s->chans, node)
			list_for_each_entry(en, &chan->enablers, node)
				fn(en, arg);
}
EXPORT_SYMBOL_GPL(lttng_for_each_enabler);

/* Names of the tracepoint-type events that can be enabled. */
int lttng_list_tracepoints(char *buf, size_t len, u32 *count, u32 *needed)
{
	struct lttng_probe_provider *p;
	size_t need = 0, pos = 0;
	u32 n = 0;
	unsigned int i;

	list_for_each_entry(p, &lttng_providers, node) {
		for (i = 0; i < p->nr_descs; i++) {
			if (!desc_is_core(p->descs[i]))
				continue;
			need += strlen(p->descs[i]->name) + 1;
			n++;
		}
	}
	*count = n;
	*needed = need;
	if (len < need)
		return -ENOSPC;
	list_for_each_entry(p, &lttng_providers, node) {
		for (i = 0; i < p->nr_descs; i++) {
			size_t l;

			if (!desc_is_core(p->descs[i]))
				continue;
			l = strlen(p->descs[i]->name) + 1;
			memcpy(buf + pos, p->descs[i]->name, l);
			pos += l;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Probe-side checks and accessors                                     */
/* ------------------------------------------------------------------ */

static s32 tracker_value(int type)
{
	switch (type) {
	case LTTNG_ABI_TRACKER_PID:
		return task_tgid_nr(current);
	case LTTNG_ABI_TRACKER_VPID:
		return task_tgid_vnr(current);
	case LTTNG_ABI_TRACKER_UID:
		return from_kuid_munged(&init_user_ns, current_uid());
	case LTTNG_ABI_TRACKER_VUID:
		return from_kuid_munged(current_user_ns(), current_uid());
	case LTTNG_ABI_TRACKER_GID:
		return from_kgid_munged(&init_user_ns, current_gid());
	case LTTNG_ABI_TRACKER_VGID:
		return from_kgid_munged(current_user_ns(), current_gid());
	}
	return -1;
}

bool lttng_trackers_match(struct lttng_session *s)
{
	bool ok = true;
	int t;

	rcu_read_lock_sched_notrace();
	for (t = 0; t < LTTNG_NR_TRACKERS && ok; t++) {
		struct lttng_id_set *set = rcu_dereference_sched(s->trackers[t]);
		s32 v;
		unsigned int i;

		if (!set)
			continue;
		v = tracker_value(t);
		ok = false;
		for (i = 0; i < set->nr; i++) {
			if (set->ids[i] == v) {
				ok = true;
				break;
			}
		}
	}
	rcu_read_unlock_sched_notrace();
	return ok;
}

bool lttng_event_should_record(struct lttng_event *ev)
{
	return lttng_event_recordable(ev);
}
EXPORT_SYMBOL_GPL(lttng_event_should_record);

struct lttng_session *lttng_channel_session(struct lttng_channel *chan)
{
	return chan->session;
}
EXPORT_SYMBOL_GPL(lttng_channel_session);

struct lttng_ctx *lttng_channel_ctx(struct lttng_channel *chan)
{
	return &chan->ctx;
}
EXPORT_SYMBOL_GPL(lttng_channel_ctx);

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

void lttng_copy_sanitized(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = (isprint(src[i]) && src[i] != '"' && src[i] != '\\') ?
			 src[i] : '_';
	dst[i] = '\0';
}

struct lttng_session *lttng_session_create(void)
{
	struct lttng_session *s;
	struct tm tm;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	kref_init(&s->ref);
	INIT_LIST_HEAD(&s->chans);
	init_waitqueue_head(&s->meta_wait);
	uuid_gen(&s->uuid);
	if (lttng_clock_session_get(&s->clock)) {
		kfree(s);
		return NULL;
	}
	strscpy(s->name, "auto", sizeof(s->name));
	time64_to_tm(ktime_get_real_seconds(), 0, &tm);
	snprintf(s->creation_time, sizeof(s->creation_time),
		 "%04ld%02d%02dT%02d%02d%02d+0000", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	lttng_copy_sanitized(s->hostname, utsname()->nodename,
			     sizeof(s->hostname));
	list_add_tail(&s->node, &lttng_sessions);
	return s;
}

static void lttng_session_free(struct kref *ref)
{
	struct lttng_session *s = container_of(ref, struct lttng_session, ref);
	int t;

	WARN_ON_ONCE(!list_empty(&s->chans));
	list_del(&s->node);
	for (t = 0; t < LTTNG_NR_TRACKERS; t++)
		kfree(rcu_dereference_protected(s->trackers[t], 1));
	lttng_metadata_free(s);
	lttng_clock_session_put(&s->clock);
	kfree(s);
}

void lttng_session_put(struct lttng_session *s)
{
	lockdep_assert_held(&lttng_sessions_mutex);
	kref_put(&s->ref, lttng_session_free);
}

/* The session fd is closed. */
void lttng_session_destroy(struct lttng_session *s)
{
	struct lttng_channel *chan;

	if (s->active)
		lttng_session_stop(s);
	s->destroyed = 1;
	list_for_each_entry(chan, &s->chans, node) {
		lttng_rb_flush_all(&chan->rb);
		lttng_rb_set_finalized(&chan->rb, 1);
	}
	wake_up_interruptible(&s->meta_wait);
	lttng_session_put(s);
}

/* Session names and times end up in TSDL strings: keep them plain. */
static bool tsdl_safe_string(const char *str)
{
	for (; *str; str++)
		if (!isprint(*str) || *str == '"' || *str == '\\')
			return false;
	return true;
}

int lttng_session_set_name(struct lttng_session *s, const char *name)
{
	if (!*name || !tsdl_safe_string(name))
		return -EINVAL;
	if (s->been_active)
		return -EBUSY;
	strscpy(s->name, name, sizeof(s->name));
	return 0;
}

int lttng_session_set_creation_time(struct lttng_session *s, const char *t)
{
	if (!*t || !tsdl_safe_string(t))
		return -EINVAL;
	if (s->been_active)
		return -EBUSY;
	strscpy(s->creation_time, t, sizeof(s->creation_time));
	return 0;
}

int lttng_session_start(struct lttng_session *s)
{
	struct lttng_channel *chan;
	int ret;

	if (s->active)
		return -EBUSY;
	if (!s->meta_dumped) {
		ret = lttng_metadata_dump_session(s);
		if (ret)
			return ret;
	}
	s->been_active = 1;
	list_for_each_entry(chan, &s->chans, node)
		lttng_rb_set_finalized(&chan->rb, 0);
	WRITE_ONCE(s->active, 1);
	lttng_statedump_session(s);
	return 0;
}

int lttng_session_statedump(struct lttng_session *s)
{
	if (!s->active)
		return -EBUSY;
	return lttng_statedump_session(s);
}

int lttng_session_metadata_regen(struct lttng_session *s)
{
	if (!s->active)
		return -EBUSY;
	return lttng_metadata_regenerate(s);
}

void lttng_session_flush(struct lttng_session *s)
{
	struct lttng_channel *chan;

	list_for_each_entry(chan, &s->chans, node)
		lttng_rb_flush_all(&chan->rb);
}

int lttng_session_stop(struct lttng_session *s)
{
	if (!s->active)
		return -EBUSY;
	WRITE_ONCE(s->active, 0);
	/* probes run with preemption disabled: wait for those in flight */
	synchronize_rcu();
	lttng_session_flush(s);
	return 0;
}

void lttng_session_status(struct lttng_session *s,
			  struct lttng_abi_session_status *st)
{
	struct lttng_channel *chan;
	struct lttng_event *ev;

	memset(st, 0, sizeof(*st));
	st->state = s->active ? LTTNG_ABI_SESSION_ACTIVE :
				LTTNG_ABI_SESSION_INACTIVE;
	list_for_each_entry(chan, &s->chans, node) {
		st->nr_channels++;
		list_for_each_entry(ev, &chan->events, node)
			st->nr_events++;
		st->events_discarded += lttng_rb_lost(&chan->rb);
	}
}

/*
 * Trackers: by default everything is tracked (NULL set).  track(id) on
 * "all" switches to the set {id}; track(-1) goes back to "all";
 * untrack(-1) tracks nothing; untrack(id) removes id (-ENOENT if absent,
 * -EINVAL on "all": nothing to remove from); track(id) of a tracked id is
 * -EEXIST.  Sets are replaced with RCU.
 */
int lttng_session_track(struct lttng_session *s,
			const struct lttng_abi_tracker *t, bool track)
{
	struct lttng_id_set *old, *new = NULL;
	unsigned int i, n, j;
	int k;

	if (t->type > LTTNG_ABI_TRACKER_VGID || t->id < -1)
		return -EINVAL;
	old = rcu_dereference_protected(s->trackers[t->type],
					lockdep_is_held(&lttng_sessions_mutex));
	if (t->id == -1) {
		if (!track) {
			new = kzalloc(sizeof(*new), GFP_KERNEL);
			if (!new)
				return -ENOMEM;
		}
	} else {
		n = old ? old->nr : 0;
		for (i = 0; old && i < n; i++)
			if (old->ids[i] == t->id)
				break;
		if (track && old && i < n)
			return -EEXIST;
		if (!track && !old)
			return -EINVAL;
		if (!track && i == n)
			return -ENOENT;
		new = kzalloc(struct_size(new, ids, n + 1), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		for (j = 0; j < n; j++)
			if (track || j != i)
				new->ids[new->nr++] = old->ids[j];
		if (track)
			new->ids[new->nr++] = t->id;
	}
	rcu_assign_pointer(s->trackers[t->type], new);
	if (old)
		kfree_rcu(old, rcu);
	for (k = 0; k < LTTNG_NR_TRACKERS; k++)
		if (rcu_access_pointer(s->trackers[k]))
			break;
	WRITE_ONCE(s->tracker_active, k < LTTNG_NR_TRACKERS);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

int lttng_abi_channel_check(const struct lttng_abi_channel *p)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(p->reserved); i++)
		if (p->reserved[i])
			return -EINVAL;
	if (p->output != LTTNG_ABI_OUTPUT_MMAP || p->overwrite > 1)
		return -EINVAL;
	/* as lttng-modules: one sub-buffer is enough in discard mode only */
	if (p->subbuf_size < PAGE_SIZE || !is_power_of_2(p->subbuf_size) ||
	    p->num_subbuf < (p->overwrite ? 2 : 1) ||
	    !is_power_of_2(p->num_subbuf))
		return -EINVAL;
	if (p->subbuf_size > LTTNG_RB_MAX_BUF_SIZE ||
	    p->num_subbuf > LTTNG_RB_MAX_BUF_SIZE / PAGE_SIZE ||
	    p->subbuf_size * p->num_subbuf > LTTNG_RB_MAX_BUF_SIZE)
		return -EINVAL;
	return 0;
}

struct lttng_channel *lttng_channel_create(struct lttng_session *s,
					   const struct lttng_abi_channel *p)
{
	struct lttng_channel *chan;
	int ret;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return ERR_PTR(-ENOMEM);
	kref_init(&chan->ref);
	INIT_LIST_HEAD(&chan->events);
	INIT_LIST_HEAD(&chan->enablers);
	chan->param = *p;
	chan->enabled = 1;
	chan->id = s->next_chan_id;
	ret = lttng_rb_chan_init(&chan->rb, p, s->uuid.b, chan->id);
	if (ret) {
		kfree(chan);
		return ERR_PTR(ret);
	}
	s->next_chan_id++;
	chan->session = s;
	kref_get(&s->ref);
	list_add_tail(&chan->node, &s->chans);
	return chan;
}

static void lttng_event_detach(struct lttng_event *ev)
{
	if (desc_is_core(ev->desc))
		lttng_tp_detach(ev);
	else
		lttng_sources_event_detach(ev);
}

static void lttng_channel_free(struct kref *ref)
{
	struct lttng_channel *chan = container_of(ref, struct lttng_channel,
						  ref);
	struct lttng_session *s = chan->session;
	struct lttng_event *ev, *etmp;
	struct lttng_enabler *en, *ntmp;

	list_for_each_entry(ev, &chan->events, node)
		lttng_event_detach(ev);
	lttng_tp_sync();
	lttng_sources_sync();
	lttng_rb_chan_fini(&chan->rb);
	lttng_context_destroy(&chan->ctx);
	list_for_each_entry_safe(ev, etmp, &chan->events, node) {
		list_del(&ev->node);
		lttng_event_filter_free(ev);
		module_put(ev->desc->owner);
		kfree(lttng_event_priv(ev));
	}
	list_for_each_entry_safe(en, ntmp, &chan->enablers, node) {
		list_del(&en->node);
		lttng_filter_bc_free(en->filter_bc);
		kfree(en);
	}
	list_del(&chan->node);
	kfree(chan);
	lttng_session_put(s);
}

void lttng_channel_put(struct lttng_channel *chan)
{
	lockdep_assert_held(&lttng_sessions_mutex);
	kref_put(&chan->ref, lttng_channel_free);
}

static int event_filter_update(struct lttng_event *ev, bool force);

int lttng_channel_add_context(struct lttng_channel *chan,
			      const struct lttng_abi_context *c)
{
	struct lttng_event *ev;
	int ret;

	if (c->reserved || c->type >= LTTNG_ABI_CTX_NR)
		return -EINVAL;
	if (chan->session->been_active)
		return -EBUSY;
	ret = lttng_context_add(&chan->ctx, c);
	if (ret)
		return ret;
	/* filters reading this context ($ctx.perf:...) can read it now */
	list_for_each_entry(ev, &chan->events, node)
		if (lttng_event_priv(ev)->fstate && event_filter_update(ev, true))
			WRITE_ONCE(ev->enabled, 0);	/* never unfiltered */
	return 0;
}

/* ------------------------------------------------------------------ */
/* Events and enablers                                                 */
/* ------------------------------------------------------------------ */

static struct lttng_event *event_alloc(struct lttng_channel *chan,
				       const struct lttng_event_desc *desc)
{
	struct lttng_event_priv *p;

	if (!try_module_get(desc->owner))
		return ERR_PTR(-ENOENT);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		module_put(desc->owner);
		return ERR_PTR(-ENOMEM);
	}
	INIT_LIST_HEAD(&p->attach_node);
	p->ev.id = chan->next_event_id++;
	p->ev.desc = desc;
	p->ev.chan = chan;
	list_add_tail(&p->ev.node, &chan->events);
	return &p->ev;
}

/* Undo event_alloc() of an event that was never attached nor declared. */
static void event_free_unused(struct lttng_event *ev)
{
	list_del(&ev->node);
	module_put(ev->desc->owner);
	kfree(lttng_event_priv(ev));
}

bool lttng_channel_has_event(struct lttng_channel *chan, const char *name)
{
	struct lttng_event *ev;

	lockdep_assert_held(&lttng_sessions_mutex);
	list_for_each_entry(ev, &chan->events, node)
		if (!strcmp(ev->desc->name, name))
			return true;
	return false;
}
EXPORT_SYMBOL_GPL(lttng_channel_has_event);

void lttng_event_destroy_unused(struct lttng_event *ev)
{
	lockdep_assert_held(&lttng_sessions_mutex);
	lttng_event_filter_free(ev);
	event_free_unused(ev);
}
EXPORT_SYMBOL_GPL(lttng_event_destroy_unused);

struct lttng_event *lttng_event_create(struct lttng_channel *chan,
				       const struct lttng_event_desc *desc)
{
	struct lttng_event *ev;
	int ret;

	lockdep_assert_held(&lttng_sessions_mutex);
	if (!chan || !desc || !desc->name)
		return ERR_PTR(-EINVAL);
	ev = event_alloc(chan, desc);
	if (IS_ERR(ev))
		return ev;
	ret = lttng_metadata_dump_event(ev);
	if (ret) {
		event_free_unused(ev);
		return ERR_PTR(ret);
	}
	return ev;
}
EXPORT_SYMBOL_GPL(lttng_event_create);

int lttng_event_publish(struct lttng_channel *chan,
			const struct lttng_event_desc *desc, void *src_priv,
			struct lttng_event **slot)
{
	struct lttng_event *ev = lttng_event_create(chan, desc);

	if (IS_ERR_OR_NULL(ev))
		return ev ? PTR_ERR(ev) : -ENOMEM;
	WRITE_ONCE(ev->enabled, 0);
	ev->src_priv = src_priv;
	/* the handlers' READ_ONCE() then see a fully set-up event */
	smp_store_release(slot, ev);
	return 0;
}
EXPORT_SYMBOL_GPL(lttng_event_publish);

static struct lttng_event *chan_find_event(struct lttng_channel *chan,
					   const struct lttng_event_desc *d)
{
	struct lttng_event *ev;

	list_for_each_entry(ev, &chan->events, node)
		if (ev->desc == d)
			return ev;
	return NULL;
}

/* Recompute the enabled state of the channel's tracepoint/test events. */
static void chan_sync_core_events(struct lttng_channel *chan)
{
	struct lttng_event *ev;
	struct lttng_enabler *en;

	list_for_each_entry(ev, &chan->events, node) {
		unsigned int n = 0;

		if (!desc_is_core(ev->desc))
			continue;
		list_for_each_entry(en, &chan->enablers, node)
			if (en->enabled &&
			    en->param.type == LTTNG_ABI_EV_TRACEPOINT &&
			    lttng_name_match(en->param.name, ev->desc->name))
				n++;
		ev->nr_enablers = n;
		WRITE_ONCE(ev->enabled, !lttng_event_filter_update(ev) && n);
	}
}

/*
 * Create and attach the events of every registered tracepoint/test
 * description matching the enabler.  Returns the number of descriptions
 * matched (existing events included) or a negative error of the last
 * failed attach when nothing could be matched.
 */
static int lttng_enabler_match_core(struct lttng_enabler *en)
{
	struct lttng_channel *chan = en->chan;
	struct lttng_probe_provider *p;
	int matched = 0, err = 0;
	unsigned int i;

	list_for_each_entry(p, &lttng_providers, node) {
		for (i = 0; i < p->nr_descs; i++) {
			const struct lttng_event_desc *d = p->descs[i];
			struct lttng_event *ev;
			int ret;

			if (!desc_is_core(d) ||
			    !lttng_name_match(en->param.name, d->name))
				continue;
			if (chan_find_event(chan, d)) {
				matched++;
				continue;
			}
			ev = event_alloc(chan, d);
			if (IS_ERR(ev)) {
				err = PTR_ERR(ev);
				continue;
			}
			ret = lttng_tp_attach(ev);
			if (ret) {
				event_free_unused(ev);
				err = ret;
				continue;
			}
			ret = lttng_metadata_dump_event(ev);
			if (ret)
				err = ret;	/* event stays, metadata broken */
			matched++;
		}
	}
	chan_sync_core_events(chan);
	return matched ? matched : err;
}

int lttng_event_check(const struct lttng_abi_event *p)
{
	const struct lttng_abi_kprobe *k = &p->u.kprobe;

	if (!memchr(p->name, '\0', sizeof(p->name)) || !p->name[0])
		return -EINVAL;
	if (p->type >= LTTNG_ABI_EV_NR || p->reserved || p->disabled > 1)
		return -EINVAL;
	if (p->entryexit > LTTNG_ABI_SYSCALL_EXIT ||
	    (p->type != LTTNG_ABI_EV_SYSCALL &&
	     p->entryexit != LTTNG_ABI_SYSCALL_ENTRYEXIT))
		return -EINVAL;
	if (p->type == LTTNG_ABI_EV_UPROBE)
		return lttng_uprobe_check(p);
	if (p->type == LTTNG_ABI_EV_KPROBE || p->type == LTTNG_ABI_EV_KRETPROBE) {
		if (!memchr(k->symbol_name, '\0', sizeof(k->symbol_name)))
			return -EINVAL;
		if (!k->symbol_name[0] && !k->addr)
			return -EINVAL;
		/* the name goes into the TSDL as it is, as a session's */
		if (strchr(p->name, '*') || !tsdl_safe_string(p->name))
			return -EINVAL;
	}
	return 0;
}

static int enabler_update(struct lttng_enabler *en)
{
	switch (en->param.type) {
	case LTTNG_ABI_EV_TRACEPOINT: {
		int ret = lttng_enabler_match_core(en);

		if (ret > 0)
			return 0;
		/* a wildcard may match later providers */
		if (strchr(en->param.name, '*'))
			return 0;
		return ret ? ret : -ENOENT;
	}
	case LTTNG_ABI_EV_SYSCALL:
		return lttng_syscalls_enabler_update(en);
	case LTTNG_ABI_EV_UPROBE:
		return lttng_uprobes_enabler_update(en);
	default:
		return lttng_kprobes_enabler_update(en);
	}
}

struct lttng_enabler *lttng_enabler_create(struct lttng_channel *chan,
					   const struct lttng_abi_event *p)
{
	struct lttng_enabler *en;
	int ret;

	en = kzalloc(sizeof(*en), GFP_KERNEL);
	if (!en)
		return ERR_PTR(-ENOMEM);
	en->param = *p;
	en->chan = chan;
	en->enabled = !p->disabled;
	list_add_tail(&en->node, &chan->enablers);
	ret = enabler_update(en);
	if (ret) {
		/*
		 * A failed request keeps nothing: the sources left the events
		 * it may have created disabled and hold no pointer to it.
		 */
		list_del(&en->node);
		if (p->type == LTTNG_ABI_EV_TRACEPOINT)
			chan_sync_core_events(chan);
		kfree(en);
		return ERR_PTR(ret);
	}
	return en;
}

int lttng_enabler_set_enabled(struct lttng_enabler *en, int enabled)
{
	int old = en->enabled, ret;

	if (old == enabled)
		return 0;
	en->enabled = enabled;
	ret = enabler_update(en);
	if (ret && en->param.type != LTTNG_ABI_EV_TRACEPOINT) {
		en->enabled = old;
		enabler_update(en);
	}
	if (en->param.type == LTTNG_ABI_EV_TRACEPOINT)
		return 0;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Filters                                                             */
/* ------------------------------------------------------------------ */

/*
 * The filter state of an event: the program linked from each filtered
 * enabler that applies (all[i] from bcs[i], in channel order), and the
 * published list of those that can match.  bcs[] lets an update that
 * changes nothing for this event cost no allocation and no grace period.
 */
struct lttng_event_filter {
	struct rcu_head rcu;
	unsigned int nr_bcs;
	const struct lttng_filter_bc **bcs;	/* [n] */
	struct lttng_filter_prog **all;		/* [n] */
	struct lttng_filter_list *list;
};

/* Whether an enabler applies to an event (what the sources match). */
static bool enabler_applies(const struct lttng_enabler *en,
			    const struct lttng_event_desc *d)
{
	const char *prefix;
	size_t l;

	switch (en->param.type) {
	case LTTNG_ABI_EV_TRACEPOINT:
		return desc_is_core(d) && lttng_name_match(en->param.name, d->name);
	case LTTNG_ABI_EV_SYSCALL:
		if (d->kind == LTTNG_DESC_SYSCALL_ENTRY &&
		    en->param.entryexit != LTTNG_ABI_SYSCALL_EXIT)
			prefix = "syscall_entry_";
		else if (d->kind == LTTNG_DESC_SYSCALL_EXIT &&
			 en->param.entryexit != LTTNG_ABI_SYSCALL_ENTRY)
			prefix = "syscall_exit_";
		else if (d->kind == LTTNG_DESC_COMPAT_SYSCALL_ENTRY &&
			 en->param.entryexit != LTTNG_ABI_SYSCALL_EXIT)
			prefix = "compat_syscall_entry_";
		else if (d->kind == LTTNG_DESC_COMPAT_SYSCALL_EXIT &&
			 en->param.entryexit != LTTNG_ABI_SYSCALL_ENTRY)
			prefix = "compat_syscall_exit_";
		else
			return false;
		l = strlen(prefix);
		return !strncmp(d->name, prefix, l) &&
		       lttng_name_match(en->param.name, d->name + l);
	case LTTNG_ABI_EV_KPROBE:
		return d->kind == LTTNG_DESC_KPROBE &&
		       !strcmp(en->param.name, d->name);
	case LTTNG_ABI_EV_UPROBE:
		return d->kind == LTTNG_DESC_UPROBE &&
		       !strcmp(en->param.name, d->name);
	case LTTNG_ABI_EV_KRETPROBE:
		l = strlen(en->param.name);
		return d->kind == LTTNG_DESC_KRETPROBE &&
		       !strncmp(en->param.name, d->name, l) &&
		       (!strcmp(d->name + l, "_entry") ||
			!strcmp(d->name + l, "_exit"));
	}
	return false;
}

static void event_filter_destroy(struct lttng_event_filter *fs)
{
	unsigned int i;

	for (i = 0; i < fs->nr_bcs; i++)
		lttng_filter_free(fs->all[i]);
	kfree(fs->list);
	kfree(fs);
}

static void event_filter_destroy_rcu(struct rcu_head *head)
{
	event_filter_destroy(container_of(head, struct lttng_event_filter, rcu));
}

static struct lttng_event_filter *event_filter_build(struct lttng_event *ev,
						     unsigned int n)
{
	struct lttng_event_filter *fs;
	struct lttng_enabler *en;
	struct lttng_filter_prog *prog;
	int ret;

	fs = kzalloc(sizeof(*fs) + n * (sizeof(*fs->bcs) + sizeof(*fs->all)),
		     GFP_KERNEL);
	if (!fs)
		return ERR_PTR(-ENOMEM);
	fs->bcs = (const struct lttng_filter_bc **)(fs + 1);
	fs->all = (struct lttng_filter_prog **)(fs->bcs + n);
	fs->list = kzalloc(struct_size(fs->list, progs, n), GFP_KERNEL);
	if (!fs->list) {
		kfree(fs);
		return ERR_PTR(-ENOMEM);
	}
	list_for_each_entry(en, &ev->chan->enablers, node) {
		if (!en->enabled || !enabler_applies(en, ev->desc))
			continue;
		if (WARN_ON_ONCE(fs->nr_bcs == n || !en->filter_bc))
			break;
		ret = lttng_filter_link(en->filter_bc, ev->desc,
					&ev->chan->ctx, &prog);
		if (ret) {
			event_filter_destroy(fs);
			return ERR_PTR(ret);
		}
		fs->bcs[fs->nr_bcs] = en->filter_bc;
		fs->all[fs->nr_bcs++] = prog;
		/* a program that can never match this event is not run */
		if (!lttng_filter_prog_never(prog))
			fs->list->progs[fs->list->nr++] = prog;
	}
	return fs;
}

/* force: link again even if the filters did not change (a context came). */
static int event_filter_update(struct lttng_event *ev, bool force)
{
	struct lttng_event_priv *p = lttng_event_priv(ev);
	struct lttng_event_filter *old = p->fstate, *fs = NULL;
	struct lttng_enabler *en;
	unsigned int n = 0;
	bool same = old != NULL && !force;

	lockdep_assert_held(&lttng_sessions_mutex);
	list_for_each_entry(en, &ev->chan->enablers, node) {
		if (!en->enabled || !enabler_applies(en, ev->desc))
			continue;
		if (!en->filter_bc)
			goto publish;		/* this one records all */
		if (same && (n >= old->nr_bcs || old->bcs[n] != en->filter_bc))
			same = false;
		n++;
	}
	/* no rule applies: the event is (being) disabled, keep the filters */
	if (!n || (same && n == old->nr_bcs))
		return 0;
	fs = event_filter_build(ev, n);
	if (IS_ERR(fs))
		return PTR_ERR(fs);
publish:
	if (!fs && !old)
		return 0;
	rcu_assign_pointer(ev->filter, fs ? fs->list : NULL);
	p->fstate = fs;
	if (old)
		call_rcu(&old->rcu, event_filter_destroy_rcu);
	return 0;
}

int lttng_event_filter_update(struct lttng_event *ev)
{
	return event_filter_update(ev, false);
}
EXPORT_SYMBOL_GPL(lttng_event_filter_update);

/* After the probes are synchronized (the channel goes away). */
void lttng_event_filter_free(struct lttng_event *ev)
{
	struct lttng_event_priv *p = lttng_event_priv(ev);

	if (!p->fstate)
		return;
	RCU_INIT_POINTER(ev->filter, NULL);
	event_filter_destroy(p->fstate);
	p->fstate = NULL;
}

int lttng_enabler_set_filter(struct lttng_enabler *en, const void __user *ubc,
			     u32 len)
{
	struct lttng_filter_bc *bc;
	struct lttng_event *ev;
	int ret;

	if (en->filter_bc)
		return -EEXIST;
	ret = lttng_filter_bc_copy(ubc, len, &bc);
	if (ret)
		return ret;
	en->filter_bc = bc;
	list_for_each_entry(ev, &en->chan->events, node)
		if (lttng_event_filter_update(ev))
			WRITE_ONCE(ev->enabled, 0);	/* never unfiltered */
	return 0;
}
