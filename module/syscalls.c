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
 * events has a struct lttng_sc_chan: per table, two arrays indexed by
 * syscall number (entry and exit events, NULL = not traced), on an RCU
 * list the probes walk.  So a syscall costs one list walk and one array load per channel
 * with syscall events, whatever the number of events enabled.
 *
 * The 32-bit (ia32) syscalls of 32-bit programs, in_compat_syscall(),
 * have a table of their own (syscall_table_compat.h, named as LTTng names
 * them) and events compat_syscall_entry_<name> / compat_syscall_exit_<name>;
 * an enabler of a name enables the syscalls of that name in both tables,
 * as in LTTng.  x32 syscalls are not traced.
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
/* The generated tables                                                */
/* ------------------------------------------------------------------ */

#define LTTNG_SC_ARG(_name, _base)					\
	{ .name = _name, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = __lttng_int_type(unsigned long, _base, 0) } }

/* X(prefix of the C names, prefix of the event names, kind prefix) */
#define LTTNG_SC_DESCS(_c, _ev, _kind, _nr, _name, ...)			\
	static const struct lttng_field_desc _c##args_##_name[] = {	\
		__VA_ARGS__						\
	};								\
	static const struct lttng_event_desc _c##raw_##_name = {	\
		.name = _ev "entry_" #_name,				\
		.kind = LTTNG_DESC_##_kind##SYSCALL_ENTRY,		\
		.probe = lttng_sc_raw_entry,				\
		.fields = _c##args_##_name,				\
		.nr_fields = ARRAY_SIZE(_c##args_##_name),		\
		.syscall_nr = (_nr),					\
		.owner = THIS_MODULE,					\
	};								\
	static const struct lttng_event_desc _c##exit_##_name = {	\
		.name = _ev "exit_" #_name,				\
		.kind = LTTNG_DESC_##_kind##SYSCALL_EXIT,		\
		.probe = __lttng_probe_syscall_exit,			\
		.fields = __lttng_fields_syscall_exit,			\
		.nr_fields = ARRAY_SIZE(__lttng_fields_syscall_exit),	\
		.syscall_nr = (_nr),					\
		.owner = THIS_MODULE,					\
	};

#define LTTNG_SYSCALL(_nr, _name, ...)					\
	LTTNG_SC_DESCS(lttng_sc_, "syscall_", , _nr, _name, __VA_ARGS__)
#define LTTNG_COMPAT_SYSCALL(_nr, _name, ...)				\
	LTTNG_SC_DESCS(lttng_csc_, "compat_syscall_", COMPAT_, _nr, _name, \
		       __VA_ARGS__)
#include "syscall_table.h"
#include "syscall_table_compat.h"
#undef LTTNG_SYSCALL
#undef LTTNG_COMPAT_SYSCALL

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

#define LTTNG_COMPAT_SYSCALL(_nr, _name, ...)				\
	{ #_name, (_nr), &lttng_csc_raw_##_name, &lttng_csc_exit_##_name },
static const struct lttng_sc_info lttng_csc_info[] = {
#include "syscall_table_compat.h"
};
#undef LTTNG_COMPAT_SYSCALL

/*
 * The two tables, LTTNG_SC_NATIVE (x86_64) and LTTNG_SC_COMPAT (ia32,
 * in_compat_syscall()): the generated names, the largest syscall number
 * + 1, and the entry description of each number (typed or raw).
 */
enum { LTTNG_SC_NATIVE, LTTNG_SC_COMPAT, LTTNG_SC_ABIS };

struct lttng_sc_table {
	const struct lttng_sc_info *info;
	unsigned int nr_info;
	unsigned int nr;
	const struct lttng_event_desc **entry_desc;	/* [nr] */
};

static struct lttng_sc_table lttng_sc_tables[LTTNG_SC_ABIS] = {
	[LTTNG_SC_NATIVE] = { lttng_sc_info, ARRAY_SIZE(lttng_sc_info) },
	[LTTNG_SC_COMPAT] = { lttng_csc_info, ARRAY_SIZE(lttng_csc_info) },
};

/* Typed compat descriptions, built at init from the native ones. */
struct lttng_sc_typed_compat {
	struct lttng_event_desc desc;
	char name[64];
};
static struct lttng_sc_typed_compat *lttng_sc_typed_compat;

static const struct lttng_event_desc **lttng_sc_descs;
static struct lttng_probe_provider lttng_sc_provider = {
	.name = "syscalls",
};

/* ------------------------------------------------------------------ */
/* Per-channel tables and the probes                                   */
/* ------------------------------------------------------------------ */

/* ev[abi][exit]: arrays indexed by syscall number, NULL = not traced */
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
	struct lttng_event **ev[LTTNG_SC_ABIS][2];
};

static LIST_HEAD(lttng_sc_chans);	/* RCU; writers hold the mutex */
static LIST_HEAD(lttng_sc_dead);	/* freed by lttng_syscalls_sync() */
static struct tracepoint *lttng_tp_sys_enter, *lttng_tp_sys_exit;
static bool lttng_sc_attached;

static inline unsigned int lttng_sc_abi(void)
{
	return in_compat_syscall() ? LTTNG_SC_COMPAT : LTTNG_SC_NATIVE;
}

static void lttng_sc_enter_probe(void *data, struct pt_regs *regs, long id)
{
	unsigned int abi = lttng_sc_abi();
	struct lttng_sc_chan *t;
	unsigned long args[6];
	bool have_args = false;

	if (unlikely(id < 0 || id >= lttng_sc_tables[abi].nr))
		return;
	list_for_each_entry_rcu(t, &lttng_sc_chans, node) {
		struct lttng_event *ev = READ_ONCE(t->ev[abi][0][id]);

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
	unsigned int abi = lttng_sc_abi();
	struct lttng_sc_chan *t;

	if (unlikely(id < 0 || id >= lttng_sc_tables[abi].nr))
		return;
	list_for_each_entry_rcu(t, &lttng_sc_chans, node) {
		struct lttng_event *ev = READ_ONCE(t->ev[abi][1][id]);

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
	kfree(t->ev[0][0]);
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

/* Entries of both ABIs, entry and exit: the size of one channel's arrays. */
static unsigned int lttng_sc_slots(void)
{
	return 2 * (lttng_sc_tables[LTTNG_SC_NATIVE].nr +
		    lttng_sc_tables[LTTNG_SC_COMPAT].nr);
}

/*
 * The channel's table, or a new one, not yet visible to the probes
 * (lttng_sc_chan_put() publishes it once it has an event, or frees it).
 */
static struct lttng_sc_chan *lttng_sc_chan_get(struct lttng_channel *chan)
{
	struct lttng_sc_chan *t = lttng_sc_chan_find(chan);
	struct lttng_event **p;
	unsigned int abi;
	int ret;

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	p = kcalloc(lttng_sc_slots(), sizeof(*p), GFP_KERNEL);
	if (!p) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		t->ev[abi][0] = p;
		t->ev[abi][1] = p + lttng_sc_tables[abi].nr;
		p += 2 * lttng_sc_tables[abi].nr;
	}
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
	unsigned int *count[LTTNG_SC_ABIS][2];
};

static void lttng_sc_recount_one(struct lttng_enabler *en, void *arg)
{
	struct lttng_sc_recount *rc = arg;
	const struct lttng_sc_table *tbl;
	unsigned int abi, i;
	int nr;

	if (en->chan != rc->t->chan || en->param.type != LTTNG_ABI_EV_SYSCALL ||
	    !en->enabled)
		return;
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		tbl = &lttng_sc_tables[abi];
		for (i = 0; i < tbl->nr_info; i++) {
			if (!lttng_name_match(en->param.name, tbl->info[i].name))
				continue;
			nr = tbl->info[i].nr;
			if (lttng_sc_wants(en->param.entryexit, false))
				rc->count[abi][0][nr]++;
			if (lttng_sc_wants(en->param.entryexit, true))
				rc->count[abi][1][nr]++;
		}
	}
}

static int lttng_sc_update_enabled(struct lttng_sc_chan *t)
{
	struct lttng_sc_recount rc = { .t = t };
	unsigned int abi, x, i, *c;
	struct lttng_event *ev;

	c = kcalloc(lttng_sc_slots(), sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		rc.count[abi][0] = c;
		rc.count[abi][1] = c + lttng_sc_tables[abi].nr;
		c += 2 * lttng_sc_tables[abi].nr;
	}
	lttng_for_each_enabler(lttng_sc_recount_one, &rc);
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		for (x = 0; x < 2; x++) {
			for (i = 0; i < lttng_sc_tables[abi].nr; i++) {
				ev = t->ev[abi][x][i];
				if (!ev)
					continue;
				ev->nr_enablers = rc.count[abi][x][i];
				/* filters in place first (the core's rule) */
				WRITE_ONCE(ev->enabled,
					   !lttng_event_filter_update(ev) &&
					   rc.count[abi][x][i]);
			}
		}
	}
	kfree(rc.count[0][0]);
	return 0;
}

static int lttng_sc_create(struct lttng_sc_chan *t, struct lttng_event **slot,
			   const struct lttng_event_desc *desc)
{
	int ret;

	if (*slot)
		return 0;
	/* published disabled: lttng_sc_update_enabled() enables it */
	ret = lttng_event_publish(t->chan, desc, t, slot);
	if (!ret)
		t->nr_events++;
	return ret;
}

/*
 * The events of the syscalls named by an enabler, in both tables: the
 * 64-bit syscall_entry_<name> and the 32-bit compat_syscall_entry_<name>.
 */
int lttng_syscalls_enabler_update(struct lttng_enabler *en)
{
	const char *pattern = en->param.name;
	u32 ee = en->param.entryexit;
	const struct lttng_sc_table *tbl;
	unsigned int abi, i;
	struct lttng_sc_chan *t;
	bool matched = false;
	int nr, ret = 0;

	if (ee > LTTNG_ABI_SYSCALL_EXIT)
		return -EINVAL;
	if (!lttng_tp_sys_enter || !lttng_tp_sys_exit)
		return -EOPNOTSUPP;
	/*
	 * A name that matches no syscall of this kernel (none of its tables)
	 * is kept, as LTTng 2.13 keeps it: the rule exists, records nothing,
	 * and allocates nothing here.
	 */
	for (abi = 0; abi < LTTNG_SC_ABIS && !matched; abi++) {
		tbl = &lttng_sc_tables[abi];
		for (i = 0; i < tbl->nr_info && !matched; i++)
			matched = lttng_name_match(pattern, tbl->info[i].name);
	}
	if (!matched)
		return 0;
	t = lttng_sc_chan_get(en->chan);
	if (IS_ERR(t))
		return PTR_ERR(t);
	for (abi = 0; abi < LTTNG_SC_ABIS && !ret; abi++) {
		tbl = &lttng_sc_tables[abi];
		for (i = 0; i < tbl->nr_info && !ret; i++) {
			if (!lttng_name_match(pattern, tbl->info[i].name))
				continue;
			nr = tbl->info[i].nr;
			if (lttng_sc_wants(ee, false))
				ret = lttng_sc_create(t, &t->ev[abi][0][nr],
						      tbl->entry_desc[nr]);
			if (!ret && lttng_sc_wants(ee, true))
				ret = lttng_sc_create(t, &t->ev[abi][1][nr],
						      tbl->info[i].exit);
		}
	}
	if (!ret)
		ret = lttng_sc_update_enabled(t);
	lttng_sc_chan_put(t);
	return ret;
}

void lttng_syscalls_event_detach(struct lttng_event *ev)
{
	struct lttng_sc_chan *t = ev->src_priv;
	const struct lttng_event_desc *d = ev->desc;
	unsigned int abi = d->kind == LTTNG_DESC_COMPAT_SYSCALL_ENTRY ||
			   d->kind == LTTNG_DESC_COMPAT_SYSCALL_EXIT;
	unsigned int x = d->kind == LTTNG_DESC_SYSCALL_EXIT ||
			 d->kind == LTTNG_DESC_COMPAT_SYSCALL_EXIT;
	int nr = d->syscall_nr;
	struct lttng_event **slot;

	if (!t || nr < 0 || nr >= lttng_sc_tables[abi].nr)
		return;
	slot = &t->ev[abi][x][nr];
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

int lttng_syscalls_list(bool compat, char *buf, size_t len, u32 *count,
			u32 *needed)
{
	const struct lttng_sc_table *tbl =
		&lttng_sc_tables[compat ? LTTNG_SC_COMPAT : LTTNG_SC_NATIVE];
	size_t need = 0, off = 0, n;
	unsigned int i;

	for (i = 0; i < tbl->nr_info; i++)
		need += strlen(tbl->info[i].name) + 1;
	*count = tbl->nr_info;
	*needed = need;
	if (len < need)
		return -ENOSPC;
	for (i = 0; i < tbl->nr_info; i++) {
		n = strlen(tbl->info[i].name) + 1;
		memcpy(buf + off, tbl->info[i].name, n);
		off += n;
	}
	return 0;
}

/* Same field names, in the same order: the typed fields read args[i]. */
static bool lttng_sc_same_args(const struct lttng_event_desc *a,
			       const struct lttng_event_desc *b)
{
	unsigned int i;

	if (a->nr_fields != b->nr_fields)
		return false;
	for (i = 0; i < a->nr_fields; i++)
		if (strcmp(a->fields[i].name, b->fields[i].name))
			return false;
	return true;
}

/*
 * The typed descriptions of probes/syscalls.h replace the raw ones of
 * the 64-bit table; a 32-bit syscall of the same name whose arguments are
 * the same gets a copy of it named compat_syscall_entry_<name> (its
 * probe reads the same argument registers).
 */
static int lttng_sc_init_typed(void)
{
	struct lttng_sc_table *nat = &lttng_sc_tables[LTTNG_SC_NATIVE];
	struct lttng_sc_table *cpt = &lttng_sc_tables[LTTNG_SC_COMPAT];
	const struct lttng_event_desc *typed;
	unsigned int i, j, n = 0;
	size_t l = strlen("syscall_entry_");

	lttng_sc_typed_compat = kcalloc(ARRAY_SIZE(__lttng_descs_syscalls),
					sizeof(*lttng_sc_typed_compat),
					GFP_KERNEL);
	if (!lttng_sc_typed_compat)
		return -ENOMEM;
	for (j = 0; j < ARRAY_SIZE(__lttng_descs_syscalls); j++) {
		typed = __lttng_descs_syscalls[j];
		if (typed->syscall_nr < 0 || typed->syscall_nr >= nat->nr ||
		    !nat->entry_desc[typed->syscall_nr])
			continue;
		nat->entry_desc[typed->syscall_nr] = typed;
		for (i = 0; i < cpt->nr_info; i++) {
			struct lttng_sc_typed_compat *tc;

			if (strcmp(cpt->info[i].name, typed->name + l) ||
			    !lttng_sc_same_args(cpt->info[i].raw, typed))
				continue;
			tc = &lttng_sc_typed_compat[n++];
			tc->desc = *typed;
			snprintf(tc->name, sizeof(tc->name), "compat_%s",
				 typed->name);
			tc->desc.name = tc->name;
			tc->desc.kind = LTTNG_DESC_COMPAT_SYSCALL_ENTRY;
			tc->desc.syscall_nr = cpt->info[i].nr;
			cpt->entry_desc[cpt->info[i].nr] = &tc->desc;
			break;
		}
	}
	return 0;
}

int lttng_syscalls_init(void)
{
	unsigned int abi, i, k = 0, total = 0;
	struct lttng_sc_table *tbl;
	int ret = -ENOMEM;

	lttng_tp_sys_enter = lttng_tracepoint_find("sys_enter");
	lttng_tp_sys_exit = lttng_tracepoint_find("sys_exit");
	if (!lttng_tp_sys_enter || !lttng_tp_sys_exit)
		pr_warn("lttng: no sys_enter/sys_exit tracepoints: syscalls cannot be traced\n");

	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		tbl = &lttng_sc_tables[abi];
		for (i = 0; i < tbl->nr_info; i++)
			tbl->nr = max_t(unsigned int, tbl->nr, tbl->info[i].nr + 1);
		tbl->entry_desc = kcalloc(tbl->nr, sizeof(*tbl->entry_desc),
					  GFP_KERNEL);
		if (!tbl->entry_desc && tbl->nr)
			goto err;
		for (i = 0; i < tbl->nr_info; i++)
			tbl->entry_desc[tbl->info[i].nr] = tbl->info[i].raw;
		total += tbl->nr_info;
	}
	if (lttng_sc_init_typed())
		goto err;
	lttng_sc_descs = kcalloc(2 * total, sizeof(*lttng_sc_descs), GFP_KERNEL);
	if (!lttng_sc_descs)
		goto err;
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++) {
		tbl = &lttng_sc_tables[abi];
		for (i = 0; i < tbl->nr_info; i++) {
			lttng_sc_descs[k++] = tbl->entry_desc[tbl->info[i].nr];
			lttng_sc_descs[k++] = tbl->info[i].exit;
		}
	}
	lttng_sc_provider.descs = lttng_sc_descs;
	lttng_sc_provider.nr_descs = k;
	ret = lttng_provider_register(&lttng_sc_provider);
	if (ret)
		goto err;
	return 0;

err:
	kfree(lttng_sc_descs);
	kfree(lttng_sc_typed_compat);
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++)
		kfree(lttng_sc_tables[abi].entry_desc);
	return ret;
}

void lttng_syscalls_exit(void)
{
	unsigned int abi;

	/* the core destroyed every session (so every event) before */
	WARN_ON(!list_empty(&lttng_sc_chans));
	lttng_sc_detach();
	tracepoint_synchronize_unregister();
	lttng_syscalls_sync();
	lttng_provider_unregister(&lttng_sc_provider);
	kfree(lttng_sc_descs);
	kfree(lttng_sc_typed_compat);
	for (abi = 0; abi < LTTNG_SC_ABIS; abi++)
		kfree(lttng_sc_tables[abi].entry_desc);
}
