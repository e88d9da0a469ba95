// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracepoints.c - attach the core's events to what fires them.
 *
 * Kind LTTNG_DESC_TRACEPOINT: the kernel tracepoint named desc->tp_name is
 * looked up with for_each_kernel_tracepoint() and desc->probe is
 * registered on it with the event as its data.  The probe then runs with
 * preemption disabled (tracepoints use RCU-sched/SRCU), which is what the
 * session stop and the event teardown wait for.
 *
 * Kind LTTNG_DESC_TEST: there is no kernel tracepoint; the attached events
 * are kept in an RCU list that the test source walks with
 * lttng_desc_for_each_event().
 *
 * Detaching only unhooks; lttng_tp_sync() must run before an event is
 * freed: tracepoint_synchronize_unregister() waits for both the tracepoint
 * callers and the RCU-sched readers of the test list.
 */
#include <linux/tracepoint.h>
#include <linux/rculist.h>
#include "core.h"

static LIST_HEAD(lttng_test_events);

struct tp_lookup {
	const char *name;
	struct tracepoint *tp;
};

static void tp_lookup_fn(struct tracepoint *tp, void *priv)
{
	struct tp_lookup *l = priv;

	if (!l->tp && !strcmp(tp->name, l->name))
		l->tp = tp;
}

struct tracepoint *lttng_tracepoint_find(const char *name)
{
	struct tp_lookup l = { .name = name };

	for_each_kernel_tracepoint(tp_lookup_fn, &l);
	return l.tp;
}

int lttng_tp_attach(struct lttng_event *ev)
{
	struct lttng_event_priv *p = lttng_event_priv(ev);
	const struct lttng_event_desc *d = ev->desc;
	struct tracepoint *tp;
	int ret;

	if (p->attached)
		return 0;
	if (d->kind == LTTNG_DESC_TEST) {
		list_add_tail_rcu(&p->attach_node, &lttng_test_events);
		p->attached = 1;
		return 0;
	}
	if (d->kind != LTTNG_DESC_TRACEPOINT || !d->probe)
		return -EINVAL;
	tp = lttng_tracepoint_find(d->tp_name ? d->tp_name : d->name);
	if (!tp)
		return -ENOENT;
	ret = tracepoint_probe_register(tp, d->probe, ev);
	if (ret)
		return ret;
	p->tp = tp;
	p->attached = 1;
	return 0;
}

void lttng_tp_detach(struct lttng_event *ev)
{
	struct lttng_event_priv *p = lttng_event_priv(ev);

	if (!p->attached)
		return;
	if (ev->desc->kind == LTTNG_DESC_TEST)
		list_del_rcu(&p->attach_node);
	else
		WARN_ON_ONCE(tracepoint_probe_unregister(p->tp, ev->desc->probe,
							 ev));
	p->attached = 0;
}

void lttng_tp_sync(void)
{
	tracepoint_synchronize_unregister();
}

void lttng_desc_for_each_event(const struct lttng_event_desc *desc,
			       void (*fn)(struct lttng_event *ev, void *arg),
			       void *arg)
{
	struct lttng_event_priv *p;

	rcu_read_lock_sched_notrace();
	list_for_each_entry_rcu(p, &lttng_test_events, attach_node)
		if (p->ev.desc == desc)
			fn(&p->ev, arg);
	rcu_read_unlock_sched_notrace();
}
EXPORT_SYMBOL_GPL(lttng_desc_for_each_event);
