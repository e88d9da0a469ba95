// SPDX-License-Identifier: GPL-2.0-only
/*
 * context.c - per-channel contexts: values recorded with every event of a
 * channel, after the event header, in the order they were added.
 *
 * Each context type of the ABI (enum lttng_abi_context_type) has a
 * definition below: its field name and CTF type (LTTng's names: "pid",
 * "procname", "perf_cpu_cycles", ...), and how to record it.  Most are
 * fixed-size integers or char arrays of the current task, read in probe
 * context (any context, NMI included: no locks, no sleeping) by the
 * getters of context.h, which filters ($ctx.NAME) read too.  Two kinds
 * need more:
 *
 *  - callstack_kernel, callstack_user: a sequence (unsigned int length,
 *    then addresses).  get_size() saves the stack into a per-CPU buffer,
 *    one per context level (task, softirq, hardirq, NMI) so that a nested
 *    event between get_size() and record() of another does not overwrite
 *    it; record() writes that same buffer.  The core calls both on the
 *    same CPU with preemption disabled (inside lttng_event_reserve()).
 *    The kernel stack leaves out the frames of this module (the tracer
 *    itself); the user stack is walked by its frame pointers from the
 *    task's user registers, read with copy_from_user_nofault().
 *
 *  - perf counters: any perf event type and config the user gives (the
 *    names LTTng knows are in include/lttng-contexts.h, resolved in user
 *    space), one kernel counter per online CPU
 *    (perf_event_create_kernel_counter), created and released by a CPU
 *    hotplug multi-instance state so that CPUs coming online get theirs and
 *    CPUs going offline release theirs; record() reads this CPU's counter
 *    with interrupts off (the pmu's read then the count, as
 *    perf_event_read_local() would, which is not exported).  A counter the
 *    machine cannot count (no PMU under TCG) is refused with -ENOSYS;
 *    software counters (cpu-clock, page-fault...) count everywhere.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/uaccess.h>
#include <linux/compat.h>
#include <linux/stacktrace.h>
#include <linux/perf_event.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>
#include <linux/ctype.h>
#include <asm/ptrace.h>
#include "tracer.h"
#include "sources.h"
#include "context.h"
#include "../include/lttng-contexts.h"

#define LTTNG_CTX_INT(_t, _base)					\
	{ .kind = LTTNG_TYPE_INTEGER, .integer = {			\
		.size = sizeof(_t) * 8, .alignment = 8,			\
		.signedness = is_signed_type(_t), .base = (_base) } }
#define LTTNG_CTX_TEXT(_len)						\
	{ .kind = LTTNG_TYPE_ARRAY, .length = (_len), .integer = {	\
		.size = 8, .alignment = 8, .signedness = 1, .base = 10,	\
		.encoding = 1 } }

typedef long (*lttng_ctx_value_t)(void);

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
/* callstack_kernel, callstack_user                                    */
/* ------------------------------------------------------------------ */

#define LTTNG_CS_DEPTH	64
#define LTTNG_CS_LEVELS	4	/* task, softirq, hardirq, NMI */

struct lttng_cs_buf {
	unsigned int nr[LTTNG_CS_LEVELS];
	unsigned long entries[LTTNG_CS_LEVELS][LTTNG_CS_DEPTH];
};

struct lttng_cs {
	struct lttng_cs_buf __percpu *buf;
	/* fills entries (at most LTTNG_CS_DEPTH), returns their number */
	unsigned int (*save)(unsigned long *entries);
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

/* The kernel stack, without the tracer's own frames. */
static unsigned int lttng_cs_save_kernel(unsigned long *entries)
{
	unsigned int n, skip = 0;

	n = stack_trace_save(entries, LTTNG_CS_DEPTH, 0);
	while (skip < n && within_module(entries[skip], THIS_MODULE))
		skip++;
	if (skip)
		memmove(entries, entries + skip, (n - skip) * sizeof(*entries));
	return n - skip;
}

/*
 * The user stack of the current task, by its frame pointers (the kernel's
 * own walker, stack_trace_save_user(), is not exported): the user
 * instruction pointer, then the return address of each frame, read
 * without faulting.  Code built without frame pointers gives its first
 * addresses only, as with LTTng.  Kernel threads have none.
 */
static unsigned int lttng_cs_save_user(unsigned long *entries)
{
	struct pt_regs *regs;
	unsigned long fp, prev = 0;
	unsigned int n = 0;
	bool is32;

	if (!current->mm || (current->flags & PF_KTHREAD))
		return 0;
	regs = task_pt_regs(current);
	if (!regs || !user_mode(regs))
		return 0;
	is32 = !user_64bit_mode(regs);
	entries[n++] = instruction_pointer(regs);
	fp = regs->bp;
	while (n < LTTNG_CS_DEPTH && fp && fp > prev) {
		unsigned long next, ret;

		if (is32) {
			u32 f[2];

			if (copy_from_user_nofault(f, (void __user *)fp, sizeof(f)))
				break;
			next = f[0];
			ret = f[1];
		} else {
			unsigned long f[2];

			if (copy_from_user_nofault(f, (void __user *)fp, sizeof(f)))
				break;
			next = f[0];
			ret = f[1];
		}
		if (!ret)
			break;
		entries[n++] = ret;
		prev = fp;
		fp = next;
	}
	return n;
}

static size_t lttng_cs_get_size(struct lttng_ctx_field *f)
{
	struct lttng_cs *cs = f->priv;
	struct lttng_cs_buf *b = this_cpu_ptr(cs->buf);
	unsigned int l = lttng_cs_level();

	b->nr[l] = cs->save(b->entries[l]);
	return sizeof(unsigned int) + b->nr[l] * sizeof(unsigned long);
}

static void lttng_cs_record(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx)
{
	struct lttng_cs *cs = f->priv;
	struct lttng_cs_buf *b = this_cpu_ptr(cs->buf);
	unsigned int l = lttng_cs_level();

	lttng_event_write(ctx, &b->nr[l], sizeof(b->nr[l]));
	lttng_event_write(ctx, b->entries[l], b->nr[l] * sizeof(unsigned long));
}

static void lttng_cs_destroy(struct lttng_ctx_field *f)
{
	struct lttng_cs *cs = f->priv;

	free_percpu(cs->buf);
	kfree(cs);
}

static int lttng_cs_init(struct lttng_ctx_field *f, bool user)
{
	struct lttng_cs *cs = kzalloc(sizeof(*cs), GFP_KERNEL);

	if (!cs)
		return -ENOMEM;
	cs->buf = alloc_percpu(struct lttng_cs_buf);
	if (!cs->buf) {
		kfree(cs);
		return -ENOMEM;
	}
	cs->save = user ? lttng_cs_save_user : lttng_cs_save_kernel;
	f->priv = cs;
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
	char name[LTTNG_SYM_NAME_MAX];	/* the field's */
};

static int lttng_perf_cpuhp_state = -1;

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

/* This CPU's count now (0 without a counter on this CPU). */
static u64 lttng_perf_read(const struct lttng_perf *p)
{
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
	return v;
}

static void lttng_perf_record(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx)
{
	u64 v = lttng_perf_read(f->priv);

	lttng_event_write(ctx, &v, sizeof(v));
}

/* For filters ($ctx.perf:cpu:NAME): read as recorded. */
static bool lttng_perf_value(const struct lttng_ctx_field *f, s64 *v)
{
	*v = (s64)lttng_perf_read(f->priv);
	return true;
}

static void lttng_perf_destroy(struct lttng_ctx_field *f)
{
	struct lttng_perf *p = f->priv;

	cpuhp_state_remove_instance(lttng_perf_cpuhp_state, &p->cpuhp);
	free_percpu(p->events);
	kfree(p);
}

/* A CTF identifier: [A-Za-z_][A-Za-z0-9_]*, NUL-terminated in its array. */
static bool lttng_ctx_ident(const char *s, size_t size)
{
	size_t i;

	if (!memchr(s, '\0', size) || !s[0] || isdigit(s[0]))
		return false;
	for (i = 0; s[i]; i++)
		if (!isalnum(s[i]) && s[i] != '_')
			return false;
	return true;
}

static int lttng_perf_check(const struct lttng_abi_perf_counter *pc)
{
	if (pc->reserved || !lttng_ctx_ident(pc->name, sizeof(pc->name)))
		return -EINVAL;
	switch (pc->type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_SOFTWARE:
	case PERF_TYPE_HW_CACHE:
	case PERF_TYPE_RAW:
		return 0;
	default:
		return -EINVAL;
	}
}

static int lttng_perf_init(struct lttng_ctx_field *f,
			   const struct lttng_abi_perf_counter *pc)
{
	struct lttng_perf *p;
	int ret;

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
	strscpy(p->name, pc->name, sizeof(p->name));
	p->attr.type = pc->type;
	p->attr.config = pc->config;
	p->attr.size = sizeof(p->attr);
	p->attr.pinned = 1;
	p->attr.disabled = 0;
	ret = cpuhp_state_add_instance(lttng_perf_cpuhp_state, &p->cpuhp);
	if (ret) {
		free_percpu(p->events);
		kfree(p);
		/* no such counter here (no PMU, e.g. in a VM under TCG) */
		return ret == -ENOENT || ret == -EOPNOTSUPP ? -ENOSYS : ret;
	}
	f->field.name = p->name;
	f->priv = p;
	f->record = lttng_perf_record;
	f->value = lttng_perf_value;
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

/* The integer ones: named as `lttng add-context` names them. */
#define LTTNG_CTX_NAME_OF(_id, _name, _f) [LTTNG_ABI_CTX_##_id] = _name,
static const char * const lttng_ctx_names[LTTNG_ABI_CTX_NR] = {
	LTTNG_KERNEL_CONTEXTS(LTTNG_CTX_NAME_OF)
};
#undef LTTNG_CTX_NAME_OF

#define LTTNG_CTX_DEF_INT(_id, _fn, _t)					\
	[LTTNG_ABI_CTX_##_id] = {					\
		.type = LTTNG_CTX_INT(_t, 10), .value = _fn },

#define LTTNG_CTX_CALLSTACK						\
	{ .kind = LTTNG_TYPE_SEQUENCE,					\
	  .integer = { .size = 64, .alignment = 8, .base = 16 },	\
	  .length_type = { .size = 32, .alignment = 8, .base = 10 } }

static const struct lttng_ctx_def lttng_ctx_defs[LTTNG_ABI_CTX_NR] = {
	LTTNG_CTX_INTEGERS(LTTNG_CTX_DEF_INT)
	[LTTNG_ABI_CTX_PROCNAME] = {
		.type = LTTNG_CTX_TEXT(TASK_COMM_LEN),
		.record = lttng_ctx_procname_record },
	[LTTNG_ABI_CTX_HOSTNAME] = {
		.type = LTTNG_CTX_TEXT(__NEW_UTS_LEN + 1),
		.record = lttng_ctx_hostname_record },
	[LTTNG_ABI_CTX_CALLSTACK_KERNEL] = { .name = "callstack_kernel",
		.type = LTTNG_CTX_CALLSTACK },
	[LTTNG_ABI_CTX_CALLSTACK_USER] = { .name = "callstack_user",
		.type = LTTNG_CTX_CALLSTACK },
	[LTTNG_ABI_CTX_PERF_CPU_COUNTER] = { .name = "perf_cpu",
		.type = LTTNG_CTX_INT(u64, 10) },
};

/* ------------------------------------------------------------------ */
/* Interface with the core                                             */
/* ------------------------------------------------------------------ */

int lttng_context_add(struct lttng_ctx *ctx, const struct lttng_abi_context *abi)
{
	const struct lttng_abi_perf_counter *pc = &abi->perf;
	const struct lttng_ctx_def *def;
	struct lttng_ctx_field *f;
	bool perf = abi->type == LTTNG_ABI_CTX_PERF_CPU_COUNTER;
	unsigned int i;
	int ret = 0;

	if (abi->type >= LTTNG_ABI_CTX_NR || abi->reserved)
		return -EINVAL;
	if (perf) {
		ret = lttng_perf_check(pc);
		if (ret)
			return ret;
	} else if (memchr_inv(pc, 0, sizeof(*pc))) {
		return -EINVAL;
	}
	def = &lttng_ctx_defs[abi->type];
	for (i = 0; i < ctx->nr_fields; i++)
		if (ctx->fields[i].abi_type == abi->type &&
		    (!perf || !strcmp(ctx->fields[i].field.name, pc->name)))
			return -EEXIST;
	if (ctx->nr_fields == LTTNG_MAX_CTX_FIELDS)
		return -ENOSPC;

	f = &ctx->fields[ctx->nr_fields];
	memset(f, 0, sizeof(*f));
	f->field.name = def->name ? def->name : lttng_ctx_names[abi->type];
	f->field.type = def->type;
	f->abi_type = abi->type;
	f->get_size = lttng_ctx_fixed_size;
	switch (abi->type) {
	case LTTNG_ABI_CTX_CALLSTACK_KERNEL:
	case LTTNG_ABI_CTX_CALLSTACK_USER:
		ret = lttng_cs_init(f, abi->type == LTTNG_ABI_CTX_CALLSTACK_USER);
		break;
	case LTTNG_ABI_CTX_PERF_CPU_COUNTER:
		ret = lttng_perf_init(f, pc);
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
