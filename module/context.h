/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * context.h - the values of the contexts of the current task and CPU,
 * written once for both of their readers: context.c records them with
 * every event of a channel that has them, filter.c gives them to filters
 * ($ctx.NAME).  Static inline so that module/filter.c, also compiled into
 * the filter test module (selftests/filter/kmod), needs nothing exported.
 *
 * Every getter runs in probe context (any context, NMI included): no
 * locks but RCU read side, no sleeping; a task only reads its own
 * credentials and namespaces.  In interrupt context they describe the
 * interrupted task, as LTTng's contexts do.
 */
#ifndef _LTTNG_MODULE_CONTEXT_H
#define _LTTNG_MODULE_CONTEXT_H

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/pid_namespace.h>
#include <linux/nsproxy.h>
#include <linux/utsname.h>
#include <linux/ipc_namespace.h>
#include <linux/cgroup.h>
#include <linux/time_namespace.h>
#include <linux/user_namespace.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include <linux/irqflags.h>
#include <net/net_namespace.h>
#include "../include/lttng-abi.h"

static inline long lttng_ctx_pid(void) { return task_tgid_nr(current); }
static inline long lttng_ctx_tid(void) { return task_pid_nr(current); }
static inline long lttng_ctx_vpid(void) { return task_tgid_vnr(current); }
static inline long lttng_ctx_vtid(void) { return task_pid_vnr(current); }
static inline long lttng_ctx_prio(void) { return current->prio - MAX_RT_PRIO; }
static inline long lttng_ctx_nice(void) { return task_nice(current); }
static inline long lttng_ctx_cpu_id(void) { return raw_smp_processor_id(); }
static inline long lttng_ctx_need_resched(void) { return test_tsk_need_resched(current); }
static inline long lttng_ctx_interruptible(void) { return !irqs_disabled(); }

static inline long lttng_ctx_ppid(void)
{
	long v;

	rcu_read_lock();
	v = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();
	return v;
}

static inline long lttng_ctx_vppid(void)
{
	long v;

	rcu_read_lock();
	v = task_tgid_vnr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return v;
}

/*
 * Preemptible if, but for the tracer itself, nothing disables preemption:
 * not in interrupt, interrupts on, and no more preempt_disable() levels
 * than the tracer's: the instrumentation's (tracepoint, kprobe, uprobe
 * handler) while a filter runs, plus lttng_event_reserve()'s while the
 * record is written.
 */
#define LTTNG_PREEMPT_NESTING_FILTER	1
#define LTTNG_PREEMPT_NESTING_RECORD	2
static inline long lttng_ctx_preemptible_at(unsigned int nesting)
{
	unsigned int pc = preempt_count();

	return !(pc & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK)) &&
	       (pc & PREEMPT_MASK) <= nesting && !irqs_disabled();
}

static inline long lttng_ctx_preemptible(void)
{
	return lttng_ctx_preemptible_at(LTTNG_PREEMPT_NESTING_RECORD);
}

static inline long lttng_ctx_migratable(void)
{
#ifdef CONFIG_SMP
	return !current->migration_disabled && current->nr_cpus_allowed > 1;
#else
	return 0;
#endif
}

/* Namespaces: their inode numbers (0 once the task dropped them). */
static inline long lttng_ctx_pid_ns(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	return ns ? ns->ns.inum : 0;
}

static inline long lttng_ctx_user_ns(void)
{
	return current_user_ns()->ns.inum;
}

#define LTTNG_CTX_NSPROXY_NS(_name, _expr)				\
static inline long lttng_ctx_##_name(void)				\
{									\
	struct nsproxy *nsp = READ_ONCE(current->nsproxy);		\
									\
	return nsp ? (_expr) : 0;					\
}
LTTNG_CTX_NSPROXY_NS(uts_ns, nsp->uts_ns->ns.inum)
LTTNG_CTX_NSPROXY_NS(ipc_ns, nsp->ipc_ns ? nsp->ipc_ns->ns.inum : 0)
/* struct mnt_namespace is private to fs/; its first member is its ns_common */
LTTNG_CTX_NSPROXY_NS(mnt_ns, nsp->mnt_ns ? ((struct ns_common *)nsp->mnt_ns)->inum : 0)
LTTNG_CTX_NSPROXY_NS(net_ns, nsp->net_ns->ns.inum)
LTTNG_CTX_NSPROXY_NS(cgroup_ns, nsp->cgroup_ns ? nsp->cgroup_ns->ns.inum : 0)
#ifdef CONFIG_TIME_NS
LTTNG_CTX_NSPROXY_NS(time_ns, nsp->time_ns ? nsp->time_ns->ns.inum : 0)
#else
static inline long lttng_ctx_time_ns(void) { return 0; }
#endif

/* Credentials: ids in the initial user namespace, v* in the task's own. */
#define LTTNG_CTX_ID(_name, _conv, _ns, _field)				\
static inline long lttng_ctx_##_name(void)				\
{									\
	const struct cred *c = current_cred();				\
									\
	return _conv(_ns, c->_field);					\
}
LTTNG_CTX_ID(uid, from_kuid_munged, &init_user_ns, uid)
LTTNG_CTX_ID(euid, from_kuid_munged, &init_user_ns, euid)
LTTNG_CTX_ID(suid, from_kuid_munged, &init_user_ns, suid)
LTTNG_CTX_ID(gid, from_kgid_munged, &init_user_ns, gid)
LTTNG_CTX_ID(egid, from_kgid_munged, &init_user_ns, egid)
LTTNG_CTX_ID(sgid, from_kgid_munged, &init_user_ns, sgid)
LTTNG_CTX_ID(vuid, from_kuid_munged, c->user_ns, uid)
LTTNG_CTX_ID(veuid, from_kuid_munged, c->user_ns, euid)
LTTNG_CTX_ID(vsuid, from_kuid_munged, c->user_ns, suid)
LTTNG_CTX_ID(vgid, from_kgid_munged, c->user_ns, gid)
LTTNG_CTX_ID(vegid, from_kgid_munged, c->user_ns, egid)
LTTNG_CTX_ID(vsgid, from_kgid_munged, c->user_ns, sgid)

/*
 * X(ID, getter, C type of the recorded field) for every integer context:
 * context.c's definitions and lttng_ctx_read() below both come from it.
 */
#define LTTNG_CTX_INTEGERS(X)						\
	X(PID, lttng_ctx_pid, pid_t)					\
	X(TID, lttng_ctx_tid, pid_t)					\
	X(VPID, lttng_ctx_vpid, pid_t)					\
	X(VTID, lttng_ctx_vtid, pid_t)					\
	X(PPID, lttng_ctx_ppid, pid_t)					\
	X(VPPID, lttng_ctx_vppid, pid_t)				\
	X(PRIO, lttng_ctx_prio, int)					\
	X(NICE, lttng_ctx_nice, int)					\
	X(CPU_ID, lttng_ctx_cpu_id, int)				\
	X(INTERRUPTIBLE, lttng_ctx_interruptible, s8)			\
	X(PREEMPTIBLE, lttng_ctx_preemptible, s8)			\
	X(NEED_RESCHEDULE, lttng_ctx_need_resched, s8)			\
	X(MIGRATABLE, lttng_ctx_migratable, s8)				\
	X(CGROUP_NS, lttng_ctx_cgroup_ns, unsigned int)			\
	X(IPC_NS, lttng_ctx_ipc_ns, unsigned int)			\
	X(MNT_NS, lttng_ctx_mnt_ns, unsigned int)			\
	X(NET_NS, lttng_ctx_net_ns, unsigned int)			\
	X(PID_NS, lttng_ctx_pid_ns, unsigned int)			\
	X(USER_NS, lttng_ctx_user_ns, unsigned int)			\
	X(UTS_NS, lttng_ctx_uts_ns, unsigned int)			\
	X(TIME_NS, lttng_ctx_time_ns, unsigned int)			\
	X(UID, lttng_ctx_uid, uid_t)					\
	X(EUID, lttng_ctx_euid, uid_t)					\
	X(SUID, lttng_ctx_suid, uid_t)					\
	X(GID, lttng_ctx_gid, gid_t)					\
	X(EGID, lttng_ctx_egid, gid_t)					\
	X(SGID, lttng_ctx_sgid, gid_t)					\
	X(VUID, lttng_ctx_vuid, uid_t)					\
	X(VEUID, lttng_ctx_veuid, uid_t)				\
	X(VSUID, lttng_ctx_vsuid, uid_t)				\
	X(VGID, lttng_ctx_vgid, gid_t)					\
	X(VEGID, lttng_ctx_vegid, gid_t)				\
	X(VSGID, lttng_ctx_vsgid, gid_t)

/* The string contexts: their text and its most bytes. */
static inline bool lttng_ctx_string(u16 id, const char **str, u32 *len)
{
	struct nsproxy *nsp;

	switch (id) {
	case LTTNG_ABI_CTX_PROCNAME:
		*str = current->comm;
		*len = sizeof(current->comm);
		return true;
	case LTTNG_ABI_CTX_HOSTNAME:
		nsp = READ_ONCE(current->nsproxy);
		if (!nsp)
			return false;
		*str = nsp->uts_ns->name.nodename;
		*len = sizeof(nsp->uts_ns->name.nodename);
		return true;
	default:
		return false;
	}
}

/*
 * A context by its ABI id, as a filter reads it while the probe has not
 * reserved yet (preemptible counts one nesting less): *v for integers,
 * *str and *len for strings.  false: not available (the filter is false).
 * The value is the one recorded, converted to the field's C type.
 */
static inline bool lttng_ctx_read(u16 id, s64 *v, const char **str, u32 *len)
{
	if (id == LTTNG_ABI_CTX_PREEMPTIBLE) {
		*v = lttng_ctx_preemptible_at(LTTNG_PREEMPT_NESTING_FILTER);
		return true;
	}
	switch (id) {
#define LTTNG_CTX_READ_CASE(_id, _fn, _t)				\
	case LTTNG_ABI_CTX_##_id:					\
		*v = (_t)_fn();						\
		return true;
	LTTNG_CTX_INTEGERS(LTTNG_CTX_READ_CASE)
#undef LTTNG_CTX_READ_CASE
	default:
		return lttng_ctx_string(id, str, len);
	}
}

#endif /* _LTTNG_MODULE_CONTEXT_H */
