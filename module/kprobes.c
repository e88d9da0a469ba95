// SPDX-License-Identifier: GPL-2.0-only
/*
 * kprobes.c - kprobe and kretprobe events, described at run time.
 *
 * An enabler of type KPROBE (lttng enable-event --probe SYMBOL+OFFSET or
 * ADDRESS) gives one event, named as the user asked, with one field:
 *
 *   ip          the probed address
 *
 * An enabler of type KRETPROBE (--function SYMBOL) gives two events, named
 * and laid out as LTTng's:
 *
 *   <name>_entry    ip, parent_ip (the caller's return address)
 *   <name>_exit     ip, parent_ip
 *
 * Each enabler has a struct lttng_kp holding the (k|kret)probe, the run-time
 * descriptions (struct lttng_event_desc, names included) and the events.
 * The probe is registered before the events are created (so an unknown
 * symbol fails early with -ENOENT and nothing to undo); the handlers do
 * nothing until the events are published.  An event's name is unique in its
 * channel (-EEXIST).  A request that fails keeps nothing: if a kretprobe's
 * return event cannot be made, the probe is unregistered and its entry
 * event freed before the error goes back.  When the core detaches the last
 * event of a struct lttng_kp, the probe is unregistered (which waits for
 * running handlers) and the structure is freed by the second
 * lttng_sources_sync() after that (struct lttng_src_lists, sources.h).
 *
 * Locking: everything but the handlers runs with lttng_sessions_mutex
 * held.  Handlers run with preemption disabled, in any context.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include "tracer.h"
#include "sources.h"
#include "filter.h"

#define LTTNG_KP_FIELD(_name)						\
	{ .name = _name, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = { .size = 64, .alignment = 8, .base = 16 } } }

static const struct lttng_field_desc lttng_kp_fields[] = {
	LTTNG_KP_FIELD("ip"),
	LTTNG_KP_FIELD("parent_ip"),
};

#define LTTNG_KP_SUFFIX_MAX	sizeof("_entry")

struct lttng_kp {
	struct list_head node;		/* on a list of lttng_kprobes_lists */
	struct lttng_enabler *en;
	struct lttng_channel *chan;
	bool is_ret;
	bool registered;
	unsigned int nr_events;
	struct kprobe kp;
	struct kretprobe krp;
	struct lttng_event *ev_entry;	/* kprobe, or kretprobe entry */
	struct lttng_event *ev_return;
	struct lttng_event_desc desc_entry;
	struct lttng_event_desc desc_return;
	char name[LTTNG_NAME_MAX];	/* the user's event name */
	char name_entry[LTTNG_NAME_MAX + LTTNG_KP_SUFFIX_MAX];
	char name_return[LTTNG_NAME_MAX + LTTNG_KP_SUFFIX_MAX];
	char symbol[LTTNG_SYM_NAME_MAX];
};

/* ------------------------------------------------------------------ */
/* Handlers                                                            */
/* ------------------------------------------------------------------ */

/* The filter: ip and parent_ip as integers (nr_fields of them). */
static noinline bool lttng_kp_filter(const struct lttng_filter_list *fl,
				     const unsigned long *v,
				     unsigned int nr_fields)
{
	struct lttng_filter_value fv[2];
	struct lttng_filter_input in = { .fields = fv, .nr_fields = nr_fields };
	unsigned int i;

	memset(fv, 0, sizeof(fv));
	for (i = 0; i < nr_fields; i++)
		fv[i].v = (s64)v[i];
	return lttng_filter_list_run(fl, &in);
}

static void lttng_kp_record(struct lttng_event *ev, unsigned long ip,
			    unsigned long parent_ip, unsigned int nr_fields)
{
	unsigned long v[2] = { ip, parent_ip };
	const struct lttng_filter_list *fl;
	struct lttng_rb_ctx ctx __uninitialized;	/* reserve fills it */

	if (!ev)
		return;
	fl = lttng_src_event_filter(ev);
	if (unlikely(fl) && (!lttng_event_should_record(ev) ||
			     !lttng_kp_filter(fl, v, nr_fields)))
		return;
	if (lttng_event_reserve(&ctx, ev, nr_fields * sizeof(v[0])))
		return;
	lttng_event_write(&ctx, v, nr_fields * sizeof(v[0]));
	lttng_event_commit(&ctx);
}

static int lttng_kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct lttng_kp *k = container_of(p, struct lttng_kp, kp);

	lttng_kp_record(READ_ONCE(k->ev_entry), (unsigned long)p->addr, 0, 1);
	return 0;
}

/* The probe of a kretprobe instance, NULL once it is being unregistered. */
static struct lttng_kp *lttng_krp_of(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = get_kretprobe(ri);

	return rp ? container_of(rp, struct lttng_kp, krp) : NULL;
}

static int lttng_krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct lttng_kp *k = lttng_krp_of(ri);

	/* at the function's first instruction, the return address is on top */
	if (k)
		lttng_kp_record(READ_ONCE(k->ev_entry),
				(unsigned long)k->krp.kp.addr,
				regs_get_kernel_stack_nth(regs, 0), 2);
	return 0;
}

static int lttng_krp_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct lttng_kp *k = lttng_krp_of(ri);

	if (k)
		lttng_kp_record(READ_ONCE(k->ev_return),
				(unsigned long)k->krp.kp.addr,
				get_kretprobe_retaddr(ri), 2);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Enablers                                                            */
/* ------------------------------------------------------------------ */

static void lttng_kp_set_enabled(struct lttng_kp *k)
{
	int on = READ_ONCE(k->en->enabled) ? 1 : 0;

	if (k->ev_entry) {
		k->ev_entry->nr_enablers = on;
		/* filters in place first (the core's rule, tracer.h) */
		WRITE_ONCE(k->ev_entry->enabled,
			   !lttng_event_filter_update(k->ev_entry) && on);
	}
	if (k->ev_return) {
		k->ev_return->nr_enablers = on;
		WRITE_ONCE(k->ev_return->enabled,
			   !lttng_event_filter_update(k->ev_return) && on);
	}
}

static void lttng_kp_desc(struct lttng_kp *k, struct lttng_event_desc *d,
			  const char *name, enum lttng_desc_kind kind,
			  unsigned int nr_fields)
{
	d->name = name;
	d->kind = kind;
	d->fields = lttng_kp_fields;
	d->nr_fields = nr_fields;
	d->syscall_nr = -1;
	d->owner = THIS_MODULE;
}

static int lttng_kp_check(const struct lttng_enabler *en, bool is_ret)
{
	const struct lttng_abi_kprobe *kp = &en->param.u.kprobe;
	const struct lttng_kp *k;
	size_t len = strnlen(en->param.name, LTTNG_NAME_MAX);

	if (!len || len == LTTNG_NAME_MAX || strchr(en->param.name, '*'))
		return -EINVAL;
	if (strnlen(kp->symbol_name, LTTNG_SYM_NAME_MAX) == LTTNG_SYM_NAME_MAX)
		return -EINVAL;
	if (!kp->symbol_name[0] && !kp->addr)
		return -EINVAL;
	if (is_ret && kp->offset)
		return -EINVAL;		/* a kretprobe is on a function entry */
	list_for_each_entry(k, &lttng_kprobes_lists.live, node)
		if (k->chan == en->chan && !strcmp(k->name, en->param.name))
			return -EEXIST;
	return 0;
}

static int lttng_kp_register(struct lttng_kp *k, const struct lttng_abi_kprobe *p)
{
	struct kprobe *kp = k->is_ret ? &k->krp.kp : &k->kp;
	int ret;

	if (p->symbol_name[0]) {
		strscpy(k->symbol, p->symbol_name, sizeof(k->symbol));
		kp->symbol_name = k->symbol;
		kp->offset = p->offset;
	} else {
		kp->addr = (kprobe_opcode_t *)(unsigned long)p->addr;
	}
	if (k->is_ret) {
		k->krp.entry_handler = lttng_krp_entry;
		k->krp.handler = lttng_krp_return;
		ret = register_kretprobe(&k->krp);
	} else {
		k->kp.pre_handler = lttng_kp_pre;
		ret = register_kprobe(&k->kp);
	}
	if (!ret)
		k->registered = true;
	return ret;
}

static void lttng_kp_unregister(struct lttng_kp *k)
{
	if (!k->registered)
		return;
	if (k->is_ret)
		unregister_kretprobe(&k->krp);
	else
		unregister_kprobe(&k->kp);
	k->registered = false;
}

static int lttng_kp_create(struct lttng_kp *k, struct lttng_event **slot,
			   const struct lttng_event_desc *desc)
{
	int ret;

	/* an event's name is unique in its channel (and in the metadata) */
	if (lttng_channel_has_event(k->chan, desc->name))
		return -EEXIST;
	ret = lttng_event_publish(k->chan, desc, k, slot);
	if (!ret)
		k->nr_events++;
	return ret;
}

/* No event left: stop the probe, free the rest after the sync. */
static void lttng_kp_put(struct lttng_kp *k)
{
	if (k->nr_events)
		return;
	lttng_kp_unregister(k);
	list_move_tail(&k->node, &lttng_kprobes_lists.dead);
}

int lttng_kprobes_enabler_update(struct lttng_enabler *en)
{
	bool is_ret = en->param.type == LTTNG_ABI_EV_KRETPROBE;
	struct lttng_kp *k;
	int ret;

	list_for_each_entry(k, &lttng_kprobes_lists.live, node) {
		if (k->en == en) {
			lttng_kp_set_enabled(k);
			return 0;
		}
	}
	ret = lttng_kp_check(en, is_ret);
	if (ret)
		return ret;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->en = en;
	k->chan = en->chan;
	k->is_ret = is_ret;
	strscpy(k->name, en->param.name, sizeof(k->name));
	if (is_ret) {
		snprintf(k->name_entry, sizeof(k->name_entry), "%s_entry",
			 en->param.name);
		snprintf(k->name_return, sizeof(k->name_return), "%s_exit",
			 en->param.name);
		lttng_kp_desc(k, &k->desc_entry, k->name_entry,
			      LTTNG_DESC_KRETPROBE, 2);
		lttng_kp_desc(k, &k->desc_return, k->name_return,
			      LTTNG_DESC_KRETPROBE, 2);
	} else {
		strscpy(k->name_entry, en->param.name, sizeof(k->name_entry));
		lttng_kp_desc(k, &k->desc_entry, k->name_entry,
			      LTTNG_DESC_KPROBE, 1);
	}
	ret = lttng_kp_register(k, &en->param.u.kprobe);
	if (ret) {
		kfree(k);
		return ret;
	}
	list_add_tail(&k->node, &lttng_kprobes_lists.live);
	ret = lttng_kp_create(k, &k->ev_entry, &k->desc_entry);
	if (!ret && is_ret)
		ret = lttng_kp_create(k, &k->ev_return, &k->desc_return);
	if (ret) {
		/*
		 * A failed request keeps nothing (the core frees the
		 * enabler): a kretprobe's entry event goes when its return
		 * event could not be made.  Unregistering waits for running
		 * handlers (and a pending return handler no longer runs), so
		 * the event, never enabled, and the probe can go at once.
		 */
		lttng_kp_unregister(k);
		list_del(&k->node);
		if (k->ev_entry)
			lttng_event_destroy_unused(k->ev_entry);
		kfree(k);
		return ret;
	}
	lttng_kp_set_enabled(k);
	return 0;
}

void lttng_kprobes_event_detach(struct lttng_event *ev)
{
	struct lttng_kp *k = ev->src_priv;

	if (!k)
		return;
	if (k->ev_entry == ev)
		WRITE_ONCE(k->ev_entry, NULL);
	else if (k->ev_return == ev)
		WRITE_ONCE(k->ev_return, NULL);
	else
		return;
	ev->src_priv = NULL;
	k->nr_events--;
	lttng_kp_put(k);
}

/* live: probe registered; dead, ready: freed two syncs later (sources.h) */
LTTNG_SRC_LISTS_DEFINE(lttng_kprobes_lists, struct lttng_kp, node,
		       lttng_kp_unregister, kfree);
