// SPDX-License-Identifier: GPL-2.0-only
/*
 * syscalls.c - syscall_entry_<name> / syscall_exit_<name> events.
 *
 * The table of the x86_64 syscalls (number, name, arguments' names) is
 * generated at build time from the headers of the kernel built against
 * (scripts/gen-syscall-table.sh -> syscall_table.h).  Syscalls described
 * in probes/syscalls.h get named, typed entry fields (strings read from
 * user memory, ...); the others record their arguments as raw unsigned
 * longs.  Every exit event has one field, ret.
 *
 * One probe on the sys_enter tracepoint and one on sys_exit serve every
 * channel: they are registered when the first syscall event is created and
 * unregistered when the last one goes away.  Each channel with syscall
 * events has a struct lttng_sc_chan: two arrays indexed by syscall number
 * (entry and exit events, NULL = not traced), on an RCU list the probes
 * walk.  So a syscall costs one list walk and one array load per channel
 * with syscall events, whatever the number of events enabled.
 *
 * 32-bit (ia32/x32) syscalls are not traced.
 *
 * Locking: the tables change with lttng_sessions_mutex held; the probes
 * read them with READ_ONCE under the tracepoint's RCU-sched protection.
 * Removed tables are freed by lttng_syscalls_sync(), after the grace
 * period.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rculist.h>
#include <linux/tracepoint.h>
#include <linux/compat.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>
#include "tracer.h"
#include "sources.h"
#include "filter.h"

/* The typed entry descriptions (probes/syscalls.h), and the exit class. */
#define LTTNG_PROVIDER		syscalls
#define LTTNG_PROVIDER_NO_STRUCT
#define LTTNG_EVENTS_FILE	"syscalls.h"
#include "probes/define_event.h"

typedef void (*lttng_sc_entry_probe_t)(void *data, const unsigned long *args);

/* The filter of a raw entry event: its arguments as integers. */
static noinline bool lttng_sc_raw_filter(const struct lttng_filter_list *fl,
					 unsigned int n,
					 const unsigned long *args)
{
	struct lttng_filter_value fv[6];
	struct lttng_filter_input in = { .fields = fv, .nr_fields = n };
	unsigned int i;

	memset(fv, 0, sizeof(fv));
	for (i = 0; i < n && i < ARRAY_SIZE(fv); i++)
		fv[i].v = (s64)args[i];
	return lttng_filter_list_run(fl, &in);
}

/* Raw entry: the syscall's arguments as they are (nr_fields of them). */
static void lttng_sc_raw_entry(void *data, const unsigned long *args)
{
	struct lttng_event *ev = data;
	unsigned int n = min_t(unsigned int, ev->desc->nr_fields, 6);
	size_t len = n * sizeof(unsigned long);
	const struct lttng_filter_list *fl;
	struct lttng_rb_ctx ctx __uninitialized;	/* reserve fills it */

	fl = lttng_src_event_filter(ev);
	if (unlikely(fl) && (!lttng_event_should_record(ev) ||
			     !lttng_sc_raw_filter(fl, n, args)))
		return;
	if (lttng_event_reserve(&ctx, ev, len))
		return;
	lttng_event_write(&ctx, args, len);
	lttng_event_commit(&ctx);
}

/* ------------------------------------------------------------------ */
/* The generated table                                                 */
/* ------------------------------------------------------------------ */

#define LTTNG_SC_ARG(_name, _base)					\
	{ .name = _name, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = __lttng_int_type(unsigned long, _base, 0) } }

#define LTTNG_SYSCALL(_nr, _name, ...)					\
	static const struct lttng_field_desc lttng_sc_args_##_name[] = { \
		__VA_ARGS__						\
	};
#include "syscall_table.h"
#undef LTTNG_SYSCALL

#define LTTNG_SYSCALL(_nr, _name, ...)					\
	static const struct lttng_event_desc lttng_sc_raw_##_name = {	\
		.name = "syscall_entry_" #_name,			\
		.kind = LTTNG_DESC_SYSCALL_ENTRY,			\
		.probe = lttng_sc_raw_entry,				\
		.fields = lttng_sc_args_##_name,			\
		.nr_fields = ARRAY_SIZE(lttng_sc_args_##_name),		\
		.syscall_nr = (_nr),					\
		.owner = THIS_MODULE,					\
	};								\
	static const struct lttng_event_desc lttng_sc_exit_##_name = {	\
		.name = "syscall_exit_" #_name,				\
		.kind = LTTNG_DESC_SYSCALL_EXIT,			\
		.probe = __lttng_probe_syscall_exit,			\
		.fields = __lttng_fields_syscall_exit,			\
		.nr_fields = ARRAY_SIZE(__lttng_fields_syscall_exit),	\
		.syscall_nr = (_nr),					\
		.owner = THIS_MODULE,					\
	};
#include "syscall_table.h"
#undef LTTNG_SYSCALL

struct lttng_sc_info {
	const char *name;
	int nr;
	const struct lttng_event_desc *raw;
	const struct lttng_event_desc *exit;
};

#define LTTNG_SYSCALL(_nr, _name, ...)					\
	{ #_name, (_nr), &lttng_sc_raw_##_name, &lttng_sc_exit_##_name },
static const struct lttng_sc_info lttng_sc_info[] = {
#include "syscall_table.h"
};
#undef LTTNG_SYSCALL

/* Largest syscall number + 1, and the entry description of each. */
static unsigned int lttng_sc_nr;
static const struct lttng_event_desc **lttng_sc_entry_desc;
static const struct lttng_event_desc **lttng_sc_descs;
static struct lttng_probe_provider lttng_sc_provider = {
	.name = "syscalls",
};

/* ------------------------------------------------------------------ */
/* Per-channel tables and the probes                                   */
/* ------------------------------------------------------------------ */

struct lttng_sc_chan {
	struct list_head node;		/* lttng_sc_chans (RCU) */
	/*
	 * lttng_sc_dead.  A node taken off the RCU list keeps its pointers
	 * for the readers still walking it until the grace period ends, so
	 * it cannot be reused for the dead list.
	 */
	struct list_head dead;
	struct lttng_channel *chan;
	unsigned int nr_events;
	struct lttng_event **entry;	/* [lttng_sc_nr] */
	struct lttng_event **exit;	/* [lttng_sc_nr] */
};

static LIST_HEAD(lttng_sc_chans);	/* RCU; writers hold the mutex */
static LIST_HEAD(lttng_sc_dead);	/* freed by lttng_syscalls_sync() */
static struct tracepoint *lttng_tp_sys_enter, *lttng_tp_sys_exit;
static bool lttng_sc_attached;

static void lttng_sc_enter_probe(void *data, struct pt_regs *regs, long id)
{
	struct lttng_sc_chan *t;
	unsigned long args[6];
	bool have_args = false;

	if (unlikely(id < 0 || id >= lttng_sc_nr || in_compat_syscall()))
		return;
	list_for_each_entry_rcu(t, &lttng_sc_chans, node) {
		struct lttng_event *ev = READ_ONCE(t->entry[id]);

		if (!ev)
			continue;
		if (!have_args) {
			syscall_get_arguments(current, regs, args);
			have_args = true;
		}
		if (ev->desc->probe == lttng_sc_raw_entry)
			lttng_sc_raw_entry(ev, args);
		else
			((lttng_sc_entry_probe_t)ev->desc->probe)(ev, args);
	}
}

static void lttng_sc_exit_probe(void *data, struct pt_regs *regs, long ret)
{
	long id = syscall_get_nr(current, regs);
	struct lttng_sc_chan *t;

	if (unlikely(id < 0 || id >= lttng_sc_nr || in_compat_syscall()))
		return;
	list_for_each_entry_rcu(t, &lttng_sc_chans, node) {
		struct lttng_event *ev = READ_ONCE(t->exit[id]);

		/* every exit event has the same probe: a direct call */
		if (ev)
			__lttng_probe_syscall_exit(ev, ret);
	}
}

/* Compile-time checks of the probes against the kernel's prototypes. */
static inline void lttng_sc_tpcheck(void)
{
	check_trace_callback_type_sys_enter(lttng_sc_enter_probe);
	check_trace_callback_type_sys_exit(lttng_sc_exit_probe);
}

static int lttng_sc_attach(void)
{
	int ret;

	if (lttng_sc_attached)
		return 0;
	ret = tracepoint_probe_register(lttng_tp_sys_enter,
					lttng_sc_enter_probe, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(lttng_tp_sys_exit,
					lttng_sc_exit_probe, NULL);
	if (ret) {
		tracepoint_probe_unregister(lttng_tp_sys_enter,
					    lttng_sc_enter_probe, NULL);
		return ret;
	}
	lttng_sc_attached = true;
	return 0;
}

static void lttng_sc_detach(void)
{
	if (!lttng_sc_attached)
		return;
	tracepoint_probe_unregister(lttng_tp_sys_exit, lttng_sc_exit_probe, NULL);
	tracepoint_probe_unregister(lttng_tp_sys_enter, lttng_sc_enter_probe, NULL);
	lttng_sc_attached = false;
}

static void lttng_sc_chan_free(struct lttng_sc_chan *t)
{
	kfree(t->entry);
	kfree(t);
}

static struct lttng_sc_chan *lttng_sc_chan_find(struct lttng_channel *chan)
{
	struct lttng_sc_chan *t;

	list_for_each_entry(t, &lttng_sc_chans, node)
		if (t->chan == chan)
			return t;
	return NULL;
}

/*
 * The channel's table, or a new one, not yet visible to the probes
 * (lttng_sc_chan_put() publishes it once it has an event, or frees it).
 */
static struct lttng_sc_chan *lttng_sc_chan_get(struct lttng_channel *chan)
{
	struct lttng_sc_chan *t = lttng_sc_chan_find(chan);
	int ret;

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->entry = kcalloc(2 * lttng_sc_nr, sizeof(*t->entry), GFP_KERNEL);
	if (!t->entry) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	t->exit = t->entry + lttng_sc_nr;
	t->chan = chan;
	INIT_LIST_HEAD(&t->node);
	ret = lttng_sc_attach();
	if (ret) {
		lttng_sc_chan_free(t);
		return ERR_PTR(ret);
	}
	return t;
}

/*
 * After a change of the table's events: a new table with events is
 * published; one without events is freed at once if it was never
 * published, otherwise unpublished (freed after the sync).
 */
static void lttng_sc_chan_put(struct lttng_sc_chan *t)
{
	bool published = !list_empty(&t->node);

	if (t->nr_events) {
		if (!published)
			list_add_tail_rcu(&t->node, &lttng_sc_chans);
		return;
	}
	if (published) {
		list_del_rcu(&t->node);
		list_add_tail(&t->dead, &lttng_sc_dead);
	} else {
		lttng_sc_chan_free(t);
	}
	if (list_empty(&lttng_sc_chans))
		lttng_sc_detach();
}

/* ------------------------------------------------------------------ */
/* Enablers                                                            */
/* ------------------------------------------------------------------ */

static bool lttng_sc_wants(u32 entryexit, bool exit)
{
	return entryexit == LTTNG_ABI_SYSCALL_ENTRYEXIT ||
	       entryexit == (exit ? LTTNG_ABI_SYSCALL_EXIT :
				    LTTNG_ABI_SYSCALL_ENTRY);
}

/* Count, per event of one channel table, the enabled enablers matching. */
struct lttng_sc_recount {
	struct lttng_sc_chan *t;
	unsigned int *count;		/* [2 * lttng_sc_nr] */
};

static void lttng_sc_recount_one(struct lttng_enabler *en, void *arg)
{
	struct lttng_sc_recount *rc = arg;
	unsigned int i;
	int nr;

	if (en->chan != rc->t->chan || en->param.type != LTTNG_ABI_EV_SYSCALL ||
	    !en->enabled)
		return;
	for (i = 0; i < ARRAY_SIZE(lttng_sc_info); i++) {
		if (!lttng_name_match(en->param.name, lttng_sc_info[i].name))
			continue;
		nr = lttng_sc_info[i].nr;
		if (lttng_sc_wants(en->param.entryexit, false))
			rc->count[nr]++;
		if (lttng_sc_wants(en->param.entryexit, true))
			rc->count[lttng_sc_nr + nr]++;
	}
}

static int lttng_sc_update_enabled(struct lttng_sc_chan *t)
{
	struct lttng_sc_recount rc = { .t = t };
	struct lttng_event *ev;
	unsigned int i;

	rc.count = kcalloc(2 * lttng_sc_nr, sizeof(*rc.count), GFP_KERNEL);
	if (!rc.count)
		return -ENOMEM;
	lttng_for_each_enabler(lttng_sc_recount_one, &rc);
	for (i = 0; i < 2 * lttng_sc_nr; i++) {
		ev = t->entry[i];	/* entry[] then exit[] */
		if (!ev)
			continue;
		ev->nr_enablers = rc.count[i];
		/* filters in place first (the core's rule, tracer.h) */
		WRITE_ONCE(ev->enabled,
			   !lttng_event_filter_update(ev) && rc.count[i]);
	}
	kfree(rc.count);
	return 0;
}

static int lttng_sc_create(struct lttng_sc_chan *t, struct lttng_event **slot,
			   const struct lttng_event_desc *desc)
{
	struct lttng_event *ev;

	if (*slot)
		return 0;
	ev = lttng_event_create(t->chan, desc);
	if (IS_ERR_OR_NULL(ev))
		return ev ? PTR_ERR(ev) : -ENOMEM;
	WRITE_ONCE(ev->enabled, 0);
	ev->src_priv = t;
	t->nr_events++;
	/*
	 * Published disabled (lttng_sc_update_enabled() enables it); the
	 * probes' READ_ONCE() then see a fully set-up event.
	 */
	smp_store_release(slot, ev);
	return 0;
}

int lttng_syscalls_enabler_update(struct lttng_enabler *en)
{
	const char *pattern = en->param.name;
	u32 ee = en->param.entryexit;
	unsigned int i, matched = 0;
	struct lttng_sc_chan *t;
	int nr, ret = 0;

	if (ee > LTTNG_ABI_SYSCALL_EXIT)
		return -EINVAL;
	if (!lttng_tp_sys_enter || !lttng_tp_sys_exit)
		return -EOPNOTSUPP;
	/* nothing to do, and nothing allocated, for a name matching none */
	for (i = 0; i < ARRAY_SIZE(lttng_sc_info) && !matched; i++)
		matched = lttng_name_match(pattern, lttng_sc_info[i].name);
	if (!matched)
		return strchr(pattern, '*') ? 0 : -ENOENT;
	t = lttng_sc_chan_get(en->chan);
	if (IS_ERR(t))
		return PTR_ERR(t);
	for (i = 0; i < ARRAY_SIZE(lttng_sc_info) && !ret; i++) {
		if (!lttng_name_match(pattern, lttng_sc_info[i].name))
			continue;
		nr = lttng_sc_info[i].nr;
		if (lttng_sc_wants(ee, false))
			ret = lttng_sc_create(t, &t->entry[nr],
					      lttng_sc_entry_desc[nr]);
		if (!ret && lttng_sc_wants(ee, true))
			ret = lttng_sc_create(t, &t->exit[nr],
					      lttng_sc_info[i].exit);
	}
	if (!ret)
		ret = lttng_sc_update_enabled(t);
	lttng_sc_chan_put(t);
	return ret;
}

void lttng_syscalls_event_detach(struct lttng_event *ev)
{
	struct lttng_sc_chan *t = ev->src_priv;
	int nr = ev->desc->syscall_nr;
	struct lttng_event **slot;

	if (!t || nr < 0 || nr >= lttng_sc_nr)
		return;
	slot = ev->desc->kind == LTTNG_DESC_SYSCALL_EXIT ? &t->exit[nr] :
							   &t->entry[nr];
	if (*slot != ev)
		return;
	WRITE_ONCE(*slot, NULL);
	ev->src_priv = NULL;
	t->nr_events--;
	lttng_sc_chan_put(t);
}

/* After the grace period: no probe sees the dead tables any more. */
void lttng_syscalls_sync(void)
{
	struct lttng_sc_chan *t, *tmp;

	list_for_each_entry_safe(t, tmp, &lttng_sc_dead, dead) {
		list_del(&t->dead);
		lttng_sc_chan_free(t);
	}
}

/* ------------------------------------------------------------------ */
/* Listing, init, exit                                                 */
/* ------------------------------------------------------------------ */

int lttng_syscalls_list(char *buf, size_t len, u32 *count, u32 *needed)
{
	size_t need = 0, off = 0, n;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lttng_sc_info); i++)
		need += strlen(lttng_sc_info[i].name) + 1;
	*count = ARRAY_SIZE(lttng_sc_info);
	*needed = need;
	if (len < need)
		return -ENOSPC;
	for (i = 0; i < ARRAY_SIZE(lttng_sc_info); i++) {
		n = strlen(lttng_sc_info[i].name) + 1;
		memcpy(buf + off, lttng_sc_info[i].name, n);
		off += n;
	}
	return 0;
}

int lttng_syscalls_init(void)
{
	unsigned int i, j, n = ARRAY_SIZE(lttng_sc_info);
	const struct lttng_event_desc *typed;
	int ret;

	lttng_tp_sys_enter = lttng_src_tracepoint_find("sys_enter");
	lttng_tp_sys_exit = lttng_src_tracepoint_find("sys_exit");
	if (!lttng_tp_sys_enter || !lttng_tp_sys_exit)
		pr_warn("lttng: no sys_enter/sys_exit tracepoints: syscalls cannot be traced\n");

	for (i = 0; i < n; i++)
		lttng_sc_nr = max_t(unsigned int, lttng_sc_nr,
				    lttng_sc_info[i].nr + 1);
	lttng_sc_entry_desc = kcalloc(lttng_sc_nr, sizeof(*lttng_sc_entry_desc),
				      GFP_KERNEL);
	lttng_sc_descs = kcalloc(2 * n, sizeof(*lttng_sc_descs), GFP_KERNEL);
	if (!lttng_sc_entry_desc || !lttng_sc_descs) {
		ret = -ENOMEM;
		goto err;
	}
	for (i = 0; i < n; i++)
		lttng_sc_entry_desc[lttng_sc_info[i].nr] = lttng_sc_info[i].raw;
	/* the typed descriptions replace the raw ones */
	for (j = 0; j < ARRAY_SIZE(__lttng_descs_syscalls); j++) {
		typed = __lttng_descs_syscalls[j];
		if (typed->syscall_nr >= 0 && typed->syscall_nr < lttng_sc_nr &&
		    lttng_sc_entry_desc[typed->syscall_nr])
			lttng_sc_entry_desc[typed->syscall_nr] = typed;
	}
	for (i = 0; i < n; i++) {
		lttng_sc_descs[2 * i] = lttng_sc_entry_desc[lttng_sc_info[i].nr];
		lttng_sc_descs[2 * i + 1] = lttng_sc_info[i].exit;
	}
	lttng_sc_provider.descs = lttng_sc_descs;
	lttng_sc_provider.nr_descs = 2 * n;
	ret = lttng_provider_register(&lttng_sc_provider);
	if (ret)
		goto err;
	return 0;

err:
	kfree(lttng_sc_descs);
	kfree(lttng_sc_entry_desc);
	return ret;
}

void lttng_syscalls_exit(void)
{
	/* the core destroyed every session (so every event) before */
	WARN_ON(!list_empty(&lttng_sc_chans));
	lttng_sc_detach();
	tracepoint_synchronize_unregister();
	lttng_syscalls_sync();
	lttng_provider_unregister(&lttng_sc_provider);
	kfree(lttng_sc_descs);
	kfree(lttng_sc_entry_desc);
}
