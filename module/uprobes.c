// SPDX-License-Identifier: GPL-2.0-only
/*
 * uprobes.c - user-space probes: an event recorded when any process
 * executes given instructions of a binary (lttng enable-event -k
 * --userspace-probe=elf:PATH:FUNCTION or sdt:PATH:PROVIDER:NAME).
 *
 * User space finds the file offsets (a function's entry from the symbol
 * table, or every call site of an SDT probe from the ELF notes) and gives
 * them with an fd of the binary (struct lttng_abi_uprobe).  An enabler of
 * type UPROBE gives one event, named as the user asked, laid out as
 * LTTng's:
 *
 *   <name>      ip (the address of the probed instruction in the process)
 *
 * Each enabler has a struct lttng_up: the inode of the binary (held), one
 * uprobe consumer per call site, the run-time description and the event.
 * The consumers are registered before the event is created (a bad offset
 * fails early with nothing to undo); the handler records nothing until the
 * event is published.  When the core detaches the event, the consumers are
 * unregistered, which waits for running handlers (6.1: the uprobe's
 * register_rwsem; 6.12: uprobe_unregister_sync()), and the structure is
 * freed by the second lttng_sources_sync() after that, as kprobes.c does.
 *
 * Handlers run in the traced task's context on its way back to user
 * space, preemptible: they disable preemption around the record, as the
 * core asks of every probe (session stop waits for such sections).
 *
 * Locking: everything but the handlers runs with lttng_sessions_mutex held.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/uprobes.h>
#include <linux/ptrace.h>
#include <linux/version.h>
#include "tracer.h"
#include "sources.h"
#include "filter.h"

/* 6.12 registers by returning a struct uprobe, and unregisters in two steps. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define LTTNG_UPROBE_HANDLE	1
#endif

static const struct lttng_field_desc lttng_up_fields[] = {
	{ .name = "ip", .type = { .kind = LTTNG_TYPE_INTEGER,
		.integer = { .size = 64, .alignment = 8, .base = 16 } } },
};

struct lttng_up;

struct lttng_up_site {
	struct uprobe_consumer uc;
	struct lttng_up *up;
	loff_t offset;
#ifdef LTTNG_UPROBE_HANDLE
	struct uprobe *uprobe;
#endif
	bool registered;
};

struct lttng_up {
	struct list_head node;		/* on a list of lttng_uprobes_lists */
	struct lttng_enabler *en;
	struct lttng_channel *chan;
	struct inode *inode;		/* igrab()bed */
	unsigned int nr_sites;
	struct lttng_up_site sites[LTTNG_UPROBE_MAX_CALLSITES];
	struct lttng_event *ev;
	struct lttng_event_desc desc;
	char name[LTTNG_NAME_MAX];
};


/* ------------------------------------------------------------------ */
/* Handler                                                             */
/* ------------------------------------------------------------------ */

static noinline bool lttng_up_filter(const struct lttng_filter_list *fl,
				     unsigned long ip)
{
	struct lttng_filter_value fv = { .v = (s64)ip };
	struct lttng_filter_input in = { .fields = &fv, .nr_fields = 1 };

	return lttng_filter_list_run(fl, &in);
}

static void lttng_up_record(struct lttng_up_site *site, struct pt_regs *regs)
{
	struct lttng_event *ev;
	const struct lttng_filter_list *fl;
	struct lttng_rb_ctx ctx __uninitialized;	/* reserve fills it */
	unsigned long ip = instruction_pointer(regs);

	preempt_disable_notrace();
	ev = READ_ONCE(site->up->ev);
	if (!ev)
		goto out;
	fl = lttng_src_event_filter(ev);
	if (unlikely(fl) && (!lttng_event_should_record(ev) ||
			     !lttng_up_filter(fl, ip)))
		goto out;
	if (lttng_event_reserve(&ctx, ev, sizeof(ip)))
		goto out;
	lttng_event_write(&ctx, &ip, sizeof(ip));
	lttng_event_commit(&ctx);
out:
	preempt_enable_notrace();
}

static int lttng_up_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	lttng_up_record(container_of(uc, struct lttng_up_site, uc), regs);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static int lttng_up_site_register(struct lttng_up *up, struct lttng_up_site *s)
{
	s->up = up;
	s->uc.handler = lttng_up_handler;
#ifdef LTTNG_UPROBE_HANDLE
	s->uprobe = uprobe_register(up->inode, s->offset, 0, &s->uc);
	if (IS_ERR(s->uprobe))
		return PTR_ERR(s->uprobe);
#else
	{
		int ret = uprobe_register(up->inode, s->offset, &s->uc);

		if (ret)
			return ret;
	}
#endif
	s->registered = true;
	return 0;
}

/* Unregister every call site; returns when no handler runs any more. */
static void lttng_up_unregister(struct lttng_up *up)
{
	unsigned int i;
	bool any = false;

	for (i = 0; i < up->nr_sites; i++) {
		struct lttng_up_site *s = &up->sites[i];

		if (!s->registered)
			continue;
#ifdef LTTNG_UPROBE_HANDLE
		uprobe_unregister_nosync(s->uprobe, &s->uc);
#else
		uprobe_unregister(up->inode, s->offset, &s->uc);
#endif
		s->registered = false;
		any = true;
	}
#ifdef LTTNG_UPROBE_HANDLE
	if (any)
		uprobe_unregister_sync();
#else
	(void)any;
#endif
}

static void lttng_up_free(struct lttng_up *up)
{
	iput(up->inode);
	kfree(up);
}

/*
 * The inode of a regular file open for reading: the real one under a
 * stacking file system (overlayfs), which is what processes map and what
 * uprobes work on.
 */
static struct inode *lttng_up_inode(int fd)
{
	struct inode *inode = NULL, *real;
	struct file *f;

	if (fd < 0)
		return ERR_PTR(-EBADF);
	f = fget(fd);
	if (!f)
		return ERR_PTR(-EBADF);
	real = d_real_inode(f->f_path.dentry);
	if (!(f->f_mode & FMODE_READ))
		inode = ERR_PTR(-EBADF);
	else if (!real || !S_ISREG(real->i_mode))
		inode = ERR_PTR(-EINVAL);
	else if (!(inode = igrab(real)))
		inode = ERR_PTR(-ENOENT);
	fput(f);
	return inode;
}

/* ------------------------------------------------------------------ */
/* Enablers                                                            */
/* ------------------------------------------------------------------ */

static void lttng_up_set_enabled(struct lttng_up *up)
{
	int on = READ_ONCE(up->en->enabled) ? 1 : 0;

	if (!up->ev)
		return;
	up->ev->nr_enablers = on;
	/* filters in place first (the core's rule, tracer.h) */
	WRITE_ONCE(up->ev->enabled, !lttng_event_filter_update(up->ev) && on);
}

int lttng_uprobe_check(const struct lttng_abi_event *p)
{
	const struct lttng_abi_uprobe *u = &p->u.uprobe;
	unsigned int i;

	if (strchr(p->name, '*') || u->fd < 0 || !u->nr_offsets ||
	    u->nr_offsets > LTTNG_UPROBE_MAX_CALLSITES)
		return -EINVAL;
	for (i = u->nr_offsets; i < LTTNG_UPROBE_MAX_CALLSITES; i++)
		if (u->offsets[i])
			return -EINVAL;
	return 0;
}

int lttng_uprobes_enabler_update(struct lttng_enabler *en)
{
	const struct lttng_abi_uprobe *u = &en->param.u.uprobe;
	struct lttng_up *up;
	unsigned int i;
	int ret;

	list_for_each_entry(up, &lttng_uprobes_lists.live, node) {
		if (up->en == en) {
			lttng_up_set_enabled(up);
			return 0;
		}
	}
	ret = lttng_uprobe_check(&en->param);
	if (ret)
		return ret;
	list_for_each_entry(up, &lttng_uprobes_lists.live, node)
		if (up->chan == en->chan && !strcmp(up->name, en->param.name))
			return -EEXIST;
	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	up->inode = lttng_up_inode(u->fd);
	if (IS_ERR(up->inode)) {
		ret = PTR_ERR(up->inode);
		kfree(up);
		return ret;
	}
	up->en = en;
	up->chan = en->chan;
	strscpy(up->name, en->param.name, sizeof(up->name));
	up->desc.name = up->name;
	up->desc.kind = LTTNG_DESC_UPROBE;
	up->desc.fields = lttng_up_fields;
	up->desc.nr_fields = ARRAY_SIZE(lttng_up_fields);
	up->desc.syscall_nr = -1;
	up->desc.owner = THIS_MODULE;
	up->nr_sites = u->nr_offsets;
	for (i = 0; i < up->nr_sites; i++) {
		up->sites[i].offset = u->offsets[i];
		ret = lttng_up_site_register(up, &up->sites[i]);
		if (ret) {
			lttng_up_unregister(up);
			lttng_up_free(up);
			return ret;
		}
	}
	ret = lttng_event_publish(up->chan, &up->desc, up, &up->ev);
	if (ret) {
		lttng_up_unregister(up);
		lttng_up_free(up);
		return ret;
	}
	list_add_tail(&up->node, &lttng_uprobes_lists.live);
	lttng_up_set_enabled(up);
	return 0;
}

void lttng_uprobes_event_detach(struct lttng_event *ev)
{
	struct lttng_up *up = ev->src_priv;

	if (!up || up->ev != ev)
		return;
	WRITE_ONCE(up->ev, NULL);
	ev->src_priv = NULL;
	lttng_up_unregister(up);
	list_move_tail(&up->node, &lttng_uprobes_lists.dead);
}

/* live: consumers registered; dead, ready: freed two syncs later (sources.h) */
LTTNG_SRC_LISTS_DEFINE(lttng_uprobes_lists, struct lttng_up, node,
		       lttng_up_unregister, lttng_up_free);
