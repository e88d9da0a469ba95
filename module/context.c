// SPDX-License-Identifier: GPL-2.0-only
/*
 * context.c - per-channel contexts: values recorded with every event of a
 * channel, after the event header, in the order they were added.
 *
 * Each context type of the ABI (enum lttng_abi_context_type) has a
 * definition below: its field name and CTF type (LTTng's names: "pid",
 * "procname", "perf_cpu_cycles", ...), and how to record it.  Most are
 * fixed-size integers or char arrays of the current task, read in probe
 * context (any context, NMI included: no locks, no sleeping).  Two need
 * more:
 *
 *  - callstack_kernel: a sequence (unsigned int length, then addresses).
 *    get_size() saves the stack into a per-CPU buffer, one per context
 *    level (task, softirq, hardirq, NMI) so that a nested event between
 *    get_size() and record() of another does not overwrite it; record()
 *    writes that same buffer.  The core calls both on the same CPU with
 *    preemption disabled (inside lttng_event_reserve()).  Frames of this
 *    module (the tracer itself) are left out.
 *
 *  - perf counters: one kernel counter per online CPU
 *    (perf_event_create_kernel_counter), created and released by a CPU
 *    hotplug multi-instance state so that CPUs coming online get theirs and
 *    CPUs going offline release theirs; record() reads this CPU's counter
 *    with interrupts off (the pmu's read then the count, as
 *    perf_event_read_local() would, which is not exported).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/percpu.h>
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
#include <linux/stacktrace.h>
#include <linux/perf_event.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include "tracer.h"
#include "sources.h"

#define LTTNG_CTX_INT(_t, _base)					\
	{ .kind = LTTNG_TYPE_INTEGER, .integer = {			\
		.size = sizeof(_t) * 8, .alignment = 8,			\
		.signedness = is_signed_type(_t), .base = (_base) } }
#define LTTNG_CTX_TEXT(_len)						\
	{ .kind = LTTNG_TYPE_ARRAY, .length = (_len), .integer = {	\
		.size = 8, .alignment = 8, .signedness = 1, .base = 10,	\
		.encoding = 1 } }

/* ------------------------------------------------------------------ */
/* Values of the current task                                          */
/* ------------------------------------------------------------------ */

typedef long (*lttng_ctx_value_t)(void);

static long lttng_ctx_pid(void) { return task_tgid_nr(current); }
static long lttng_ctx_tid(void) { return task_pid_nr(current); }
static long lttng_ctx_vpid(void) { return task_tgid_vnr(current); }
static long lttng_ctx_vtid(void) { return task_pid_vnr(current); }
static long lttng_ctx_prio(void) { return current->prio - MAX_RT_PRIO; }
static long lttng_ctx_nice(void) { return task_nice(current); }
static long lttng_ctx_cpu_id(void) { return smp_processor_id(); }
static long lttng_ctx_need_resched(void) { return test_tsk_need_resched(current); }
static long lttng_ctx_interruptible(void) { return !irqs_disabled(); }

static long lttng_ctx_ppid(void)
{
	long v;

	rcu_read_lock();
	v = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();
	return v;
}

static long lttng_ctx_vppid(void)
{
	long v;

	rcu_read_lock();
	v = task_tgid_vnr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return v;
}

/*
 * Preemptible if, but for the tracer itself (the tracepoint or kprobe
 * handler's preempt_disable plus lttng_event_reserve()'s), nothing
 * disables preemption: not in interrupt, interrupts on.
 */
#define LTTNG_PREEMPT_NESTING	2
static long lttng_ctx_preemptible(void)
{
	unsigned int pc = preempt_count();

	return !(pc & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK)) &&
	       (pc & PREEMPT_MASK) <= LTTNG_PREEMPT_NESTING && !irqs_disabled();
}

static long lttng_ctx_migratable(void)
{
#ifdef CONFIG_SMP
	return !current->migration_disabled && current->nr_cpus_allowed > 1;
#else
	return 0;
#endif
}

/* Namespaces: their inode numbers (0 once the task dropped them). */
static long lttng_ctx_pid_ns(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	return ns ? ns->ns.inum : 0;
}

static long lttng_ctx_user_ns(void)
{
	return current_user_ns()->ns.inum;
}

#define LTTNG_CTX_NSPROXY_NS(_name, _expr)				\
static long lttng_ctx_##_name(void)					\
{									\
	struct nsproxy *nsp = READ_ONCE(current->nsproxy);		\
									\
	return nsp ? (_expr) : 0;					\
}
LTTNG_CTX_NSPROXY_NS(uts_ns, nsp->uts_ns->ns.inum)
LTTNG_CTX_NSPROXY_NS(ipc_ns, nsp->ipc_ns ? nsp->ipc_ns->ns.inum : 0)
/* struct mnt_namespace is private to fs/; its first member is its ns_common */
LTTNG_CTX_NSPROXY_NS(mnt_ns, ((struct ns_common *)nsp->mnt_ns)->inum)
LTTNG_CTX_NSPROXY_NS(net_ns, nsp->net_ns->ns.inum)
LTTNG_CTX_NSPROXY_NS(cgroup_ns, nsp->cgroup_ns ? nsp->cgroup_ns->ns.inum : 0)
#ifdef CONFIG_TIME_NS
LTTNG_CTX_NSPROXY_NS(time_ns, nsp->time_ns ? nsp->time_ns->ns.inum : 0)
#else
static long lttng_ctx_time_ns(void) { return 0; }
#endif

/* Credentials: ids in the initial user namespace, v* in the task's own. */
#define LTTNG_CTX_ID(_name, _conv, _ns, _field)				\
static long lttng_ctx_##_name(void)					\
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
LTTNG_CTX_ID(vgid, from_kgid_munged, c->user_ns, gid)

/* ------------------------------------------------------------------ */
/* Integer contexts                                                    */
/* ------------------------------------------------------------------ */

static size_t lttng_ctx_fixed_size(struct lttng_ctx_field *f)
{
	if (f->field.type.kind == LTTNG_TYPE_ARRAY)
		return f->field.type.length;
	return f->field.type.integer.size / 8;
}

/* Integer contexts: the value function is in priv. */
static void lttng_ctx_int_record(struct lttng_ctx_field *f,
				 struct lttng_rb_ctx *ctx)
{
	long v = ((lttng_ctx_value_t)f->priv)();
	union {
		s8 s8;
		s32 s32;
		u32 u32;
		s64 s64;
	} u;

	/* constant sizes: each write is one store */
	switch (lttng_ctx_fixed_size(f)) {
	case 1:
		u.s8 = v;
		lttng_event_write(ctx, &u.s8, 1);
		break;
	case 4:
		u.s32 = v;
		lttng_event_write(ctx, &u.s32, 4);
		break;
	default:
		u.s64 = v;
		lttng_event_write(ctx, &u.s64, 8);
		break;
	}
}

static void lttng_ctx_procname_record(struct lttng_ctx_field *f,
				      struct lttng_rb_ctx *ctx)
{
	lttng_event_write(ctx, current->comm, TASK_COMM_LEN);
}

static void lttng_ctx_hostname_record(struct lttng_ctx_field *f,
				      struct lttng_rb_ctx *ctx)
{
	struct nsproxy *nsp = READ_ONCE(current->nsproxy);
	char name[__NEW_UTS_LEN + 1];

	memset(name, 0, sizeof(name));
	if (nsp)
		strscpy(name, nsp->uts_ns->name.nodename, sizeof(name));
	lttng_event_write(ctx, name, sizeof(name));
}

/* ------------------------------------------------------------------ */
/* callstack_kernel                                                    */
/* ------------------------------------------------------------------ */

#define LTTNG_CS_DEPTH	64
#define LTTNG_CS_LEVELS	4	/* task, softirq, hardirq, NMI */

struct lttng_cs_buf {
	unsigned int nr[LTTNG_CS_LEVELS];
	unsigned long entries[LTTNG_CS_LEVELS][LTTNG_CS_DEPTH];
};

static unsigned int lttng_cs_level(void)
{
	if (in_nmi())
		return 3;
	if (in_hardirq())
		return 2;
	if (in_serving_softirq())
		return 1;
	return 0;
}

static size_t lttng_cs_get_size(struct lttng_ctx_field *f)
{
	struct lttng_cs_buf *b = this_cpu_ptr((struct lttng_cs_buf __percpu *)f->priv);
	unsigned int l = lttng_cs_level(), n, skip = 0;

	n = stack_trace_save(b->entries[l], LTTNG_CS_DEPTH, 0);
	/* leave out the tracer's own frames */
	while (skip < n && within_module(b->entries[l][skip], THIS_MODULE))
		skip++;
	if (skip)
		memmove(b->entries[l], b->entries[l] + skip,
			(n - skip) * sizeof(unsigned long));
	b->nr[l] = n - skip;
	return sizeof(unsigned int) + b->nr[l] * sizeof(unsigned long);
}

static void lttng_cs_record(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx)
{
	struct lttng_cs_buf *b = this_cpu_ptr((struct lttng_cs_buf __percpu *)f->priv);
	unsigned int l = lttng_cs_level();

	lttng_event_write(ctx, &b->nr[l], sizeof(b->nr[l]));
	lttng_event_write(ctx, b->entries[l], b->nr[l] * sizeof(unsigned long));
}

static void lttng_cs_destroy(struct lttng_ctx_field *f)
{
	free_percpu((struct lttng_cs_buf __percpu *)f->priv);
}

static int lttng_cs_init(struct lttng_ctx_field *f)
{
	struct lttng_cs_buf __percpu *b = alloc_percpu(struct lttng_cs_buf);

	if (!b)
		return -ENOMEM;
	f->priv = (void __force *)b;
	f->get_size = lttng_cs_get_size;
	f->record = lttng_cs_record;
	f->destroy = lttng_cs_destroy;
	return 0;
}

/* ------------------------------------------------------------------ */
/* perf counters                                                       */
/* ------------------------------------------------------------------ */

struct lttng_perf {
	struct perf_event_attr attr;
	struct perf_event * __percpu *events;
	struct hlist_node cpuhp;
};

static int lttng_perf_cpuhp_state = -1;

static const struct {
	const char *name;
	u64 config;
} lttng_perf_counters[LTTNG_ABI_PERF_NR] = {
	[LTTNG_ABI_PERF_CPU_CYCLES] = { "perf_cpu_cycles", PERF_COUNT_HW_CPU_CYCLES },
	[LTTNG_ABI_PERF_INSTRUCTIONS] = { "perf_cpu_instructions", PERF_COUNT_HW_INSTRUCTIONS },
	[LTTNG_ABI_PERF_CACHE_MISSES] = { "perf_cpu_cache_misses", PERF_COUNT_HW_CACHE_MISSES },
	[LTTNG_ABI_PERF_CACHE_REFERENCES] = { "perf_cpu_cache_references", PERF_COUNT_HW_CACHE_REFERENCES },
	[LTTNG_ABI_PERF_BRANCH_MISSES] = { "perf_cpu_branch_misses", PERF_COUNT_HW_BRANCH_MISSES },
	[LTTNG_ABI_PERF_BRANCH_INSTRUCTIONS] = { "perf_cpu_branch_instructions", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
};

/*
 * Runs on the CPU coming online (hotplug thread), or for each online CPU
 * when the context is added.
 */
static int lttng_perf_online(unsigned int cpu, struct hlist_node *node)
{
	struct lttng_perf *p = hlist_entry(node, struct lttng_perf, cpuhp);
	struct perf_event *ev;

	ev = perf_event_create_kernel_counter(&p->attr, cpu, NULL, NULL, NULL);
	if (IS_ERR(ev))
		return PTR_ERR(ev);
	if (ev->state != PERF_EVENT_STATE_ACTIVE) {
		perf_event_release_kernel(ev);
		return -EBUSY;
	}
	WRITE_ONCE(*per_cpu_ptr(p->events, cpu), ev);
	return 0;
}

/*
 * Runs on the CPU going offline: no record of that CPU is in progress
 * (they run with preemption disabled), interrupts arriving now see NULL.
 */
static int lttng_perf_offline(unsigned int cpu, struct hlist_node *node)
{
	struct lttng_perf *p = hlist_entry(node, struct lttng_perf, cpuhp);
	struct perf_event *ev = *per_cpu_ptr(p->events, cpu);

	WRITE_ONCE(*per_cpu_ptr(p->events, cpu), NULL);
	barrier();
	if (ev)
		perf_event_release_kernel(ev);
	return 0;
}

static void lttng_perf_record(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx)
{
	struct lttng_perf *p = f->priv;
	struct perf_event *ev = READ_ONCE(*this_cpu_ptr(p->events));
	unsigned long flags;
	u64 v = 0;

	if (ev) {
		local_irq_save(flags);
		if (READ_ONCE(ev->state) == PERF_EVENT_STATE_ACTIVE &&
		    ev->oncpu == smp_processor_id())
			ev->pmu->read(ev);
		v = local64_read(&ev->count);
		local_irq_restore(flags);
	}
	lttng_event_write(ctx, &v, sizeof(v));
}

static void lttng_perf_destroy(struct lttng_ctx_field *f)
{
	struct lttng_perf *p = f->priv;

	cpuhp_state_remove_instance(lttng_perf_cpuhp_state, &p->cpuhp);
	free_percpu(p->events);
	kfree(p);
}

static int lttng_perf_init(struct lttng_ctx_field *f, u32 counter)
{
	struct lttng_perf *p;
	int ret;

	if (counter >= LTTNG_ABI_PERF_NR)
		return -EINVAL;
	if (lttng_perf_cpuhp_state < 0)
		return -ENOSYS;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->events = alloc_percpu(struct perf_event *);
	if (!p->events) {
		kfree(p);
		return -ENOMEM;
	}
	p->attr.type = PERF_TYPE_HARDWARE;
	p->attr.config = lttng_perf_counters[counter].config;
	p->attr.size = sizeof(p->attr);
	p->attr.pinned = 1;
	p->attr.disabled = 0;
	ret = cpuhp_state_add_instance(lttng_perf_cpuhp_state, &p->cpuhp);
	if (ret) {
		free_percpu(p->events);
		kfree(p);
		/* no such hardware counter here (e.g. in a VM) */
		return ret == -ENOENT || ret == -EOPNOTSUPP ? -ENOSYS : ret;
	}
	f->field.name = lttng_perf_counters[counter].name;
	f->priv = p;
	f->record = lttng_perf_record;
	f->destroy = lttng_perf_destroy;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The definitions                                                     */
/* ------------------------------------------------------------------ */

struct lttng_ctx_def {
	const char *name;
	struct lttng_type type;
	lttng_ctx_value_t value;	/* integer contexts */
	void (*record)(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx);
};

#define LTTNG_CTX_DEF_INT(_abi, _name, _t, _fn)				\
	[LTTNG_ABI_CTX_##_abi] = { .name = _name,			\
		.type = LTTNG_CTX_INT(_t, 10), .value = _fn }
#define LTTNG_CTX_DEF_NS(_abi, _name, _fn)				\
	LTTNG_CTX_DEF_INT(_abi, _name, unsigned int, _fn)

static const struct lttng_ctx_def lttng_ctx_defs[LTTNG_ABI_CTX_NR] = {
	LTTNG_CTX_DEF_INT(PID, "pid", pid_t, lttng_ctx_pid),
	LTTNG_CTX_DEF_INT(TID, "tid", pid_t, lttng_ctx_tid),
	LTTNG_CTX_DEF_INT(VPID, "vpid", pid_t, lttng_ctx_vpid),
	LTTNG_CTX_DEF_INT(VTID, "vtid", pid_t, lttng_ctx_vtid),
	LTTNG_CTX_DEF_INT(PPID, "ppid", pid_t, lttng_ctx_ppid),
	LTTNG_CTX_DEF_INT(VPPID, "vppid", pid_t, lttng_ctx_vppid),
	LTTNG_CTX_DEF_INT(PRIO, "prio", int, lttng_ctx_prio),
	LTTNG_CTX_DEF_INT(NICE, "nice", int, lttng_ctx_nice),
	LTTNG_CTX_DEF_INT(CPU_ID, "cpu_id", int, lttng_ctx_cpu_id),
	LTTNG_CTX_DEF_INT(INTERRUPTIBLE, "interruptible", s8,
			  lttng_ctx_interruptible),
	LTTNG_CTX_DEF_INT(PREEMPTIBLE, "preemptible", s8, lttng_ctx_preemptible),
	LTTNG_CTX_DEF_INT(NEED_RESCHEDULE, "need_reschedule", s8,
			  lttng_ctx_need_resched),
	LTTNG_CTX_DEF_INT(MIGRATABLE, "migratable", s8, lttng_ctx_migratable),
	LTTNG_CTX_DEF_NS(CGROUP_NS, "cgroup_ns", lttng_ctx_cgroup_ns),
	LTTNG_CTX_DEF_NS(IPC_NS, "ipc_ns", lttng_ctx_ipc_ns),
	LTTNG_CTX_DEF_NS(MNT_NS, "mnt_ns", lttng_ctx_mnt_ns),
	LTTNG_CTX_DEF_NS(NET_NS, "net_ns", lttng_ctx_net_ns),
	LTTNG_CTX_DEF_NS(PID_NS, "pid_ns", lttng_ctx_pid_ns),
	LTTNG_CTX_DEF_NS(USER_NS, "user_ns", lttng_ctx_user_ns),
	LTTNG_CTX_DEF_NS(UTS_NS, "uts_ns", lttng_ctx_uts_ns),
	LTTNG_CTX_DEF_NS(TIME_NS, "time_ns", lttng_ctx_time_ns),
	LTTNG_CTX_DEF_INT(UID, "uid", uid_t, lttng_ctx_uid),
	LTTNG_CTX_DEF_INT(EUID, "euid", uid_t, lttng_ctx_euid),
	LTTNG_CTX_DEF_INT(SUID, "suid", uid_t, lttng_ctx_suid),
	LTTNG_CTX_DEF_INT(GID, "gid", gid_t, lttng_ctx_gid),
	LTTNG_CTX_DEF_INT(EGID, "egid", gid_t, lttng_ctx_egid),
	LTTNG_CTX_DEF_INT(SGID, "sgid", gid_t, lttng_ctx_sgid),
	LTTNG_CTX_DEF_INT(VUID, "vuid", uid_t, lttng_ctx_vuid),
	LTTNG_CTX_DEF_INT(VGID, "vgid", gid_t, lttng_ctx_vgid),
	[LTTNG_ABI_CTX_PROCNAME] = { .name = "procname",
		.type = LTTNG_CTX_TEXT(TASK_COMM_LEN),
		.record = lttng_ctx_procname_record },
	[LTTNG_ABI_CTX_HOSTNAME] = { .name = "hostname",
		.type = LTTNG_CTX_TEXT(__NEW_UTS_LEN + 1),
		.record = lttng_ctx_hostname_record },
	[LTTNG_ABI_CTX_CALLSTACK_KERNEL] = { .name = "callstack_kernel",
		.type = { .kind = LTTNG_TYPE_SEQUENCE,
			  .integer = { .size = 64, .alignment = 8, .base = 16 },
			  .length_type = { .size = 32, .alignment = 8,
					   .base = 10 } } },
	[LTTNG_ABI_CTX_PERF_CPU_COUNTER] = { .name = "perf_cpu",
		.type = LTTNG_CTX_INT(u64, 10) },
};

/* ------------------------------------------------------------------ */
/* Interface with the core                                             */
/* ------------------------------------------------------------------ */

int lttng_context_add(struct lttng_ctx *ctx, const struct lttng_abi_context *abi)
{
	const struct lttng_ctx_def *def;
	struct lttng_ctx_field *f;
	unsigned int i;
	int ret = 0;

	if (abi->type >= LTTNG_ABI_CTX_NR || abi->reserved[0] || abi->reserved[1])
		return -EINVAL;
	if (abi->type == LTTNG_ABI_CTX_PERF_CPU_COUNTER ?
	    abi->perf_counter >= LTTNG_ABI_PERF_NR : abi->perf_counter)
		return -EINVAL;
	def = &lttng_ctx_defs[abi->type];
	if (!def->name)
		return -ENOSYS;
	for (i = 0; i < ctx->nr_fields; i++)
		if (ctx->fields[i].abi_type == abi->type &&
		    ctx->fields[i].abi_perf == abi->perf_counter)
			return -EEXIST;
	if (ctx->nr_fields == LTTNG_MAX_CTX_FIELDS)
		return -ENOSPC;

	f = &ctx->fields[ctx->nr_fields];
	memset(f, 0, sizeof(*f));
	f->field.name = def->name;
	f->field.type = def->type;
	f->abi_type = abi->type;
	f->abi_perf = abi->perf_counter;
	f->get_size = lttng_ctx_fixed_size;
	switch (abi->type) {
	case LTTNG_ABI_CTX_CALLSTACK_KERNEL:
		ret = lttng_cs_init(f);
		break;
	case LTTNG_ABI_CTX_PERF_CPU_COUNTER:
		ret = lttng_perf_init(f, abi->perf_counter);
		break;
	default:
		if (def->value) {
			f->priv = def->value;
			f->record = lttng_ctx_int_record;
		} else {
			f->record = def->record;
		}
		break;
	}
	if (ret) {
		memset(f, 0, sizeof(*f));
		return ret;
	}
	/* fully set up before the probes can see it */
	smp_store_release(&ctx->nr_fields, ctx->nr_fields + 1);
	return 0;
}

void lttng_context_destroy(struct lttng_ctx *ctx)
{
	unsigned int i = ctx->nr_fields;

	while (i--) {
		if (ctx->fields[i].destroy)
			ctx->fields[i].destroy(&ctx->fields[i]);
	}
	ctx->nr_fields = 0;
}

/* Pairs with the smp_store_release() of lttng_context_add(). */
size_t lttng_context_size(struct lttng_ctx *ctx)
{
	unsigned int i, n = smp_load_acquire(&ctx->nr_fields);
	size_t len = 0;

	for (i = 0; i < n; i++)
		len += ctx->fields[i].get_size(&ctx->fields[i]);
	return len;
}

/* Pairs with the smp_store_release() of lttng_context_add(). */
void lttng_context_record(struct lttng_ctx *ctx, struct lttng_rb_ctx *rctx)
{
	unsigned int i, n = smp_load_acquire(&ctx->nr_fields);

	for (i = 0; i < n; i++)
		ctx->fields[i].record(&ctx->fields[i], rctx);
}

int lttng_context_init(void)
{
	int ret;

	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "lttng/perf:online",
				      lttng_perf_online, lttng_perf_offline);
	if (ret < 0) {
		pr_warn("lttng: no CPU hotplug state: no perf counter contexts\n");
		return 0;
	}
	lttng_perf_cpuhp_state = ret;
	return 0;
}

void lttng_context_exit(void)
{
	if (lttng_perf_cpuhp_state >= 0)
		cpuhp_remove_multi_state(lttng_perf_cpuhp_state);
	lttng_perf_cpuhp_state = -1;
}
