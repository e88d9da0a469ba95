// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-test.c - the test event source (module lttng-test.ko).
 *
 * It registers the provider "lttng_test" with one event description,
 * "lttng_test_event" (kind LTTNG_DESC_TEST), covering every field type the
 * core's metadata must describe: signed and unsigned integers of 8 to 64
 * bits, hexadecimal integers, a string, a fixed integer array, a char
 * array (UTF8 text), a sequence and an enumeration.
 *
 * Writing "N" to /proc/lttng-test emits N events from the writer's
 * context; "N all" emits N events on every online CPU (from a worker bound
 * to that CPU, one CPU after the other); "N nest" emits N events from a
 * worker on the first online CPU while a pinned hard-irq hrtimer keeps
 * emitting events i = 1000000, 1000001, ... on the same CPU (at most N),
 * so that records get reserved in interrupt context in the middle of
 * others; reading /proc/lttng-test then gives "nested <count>".  Event i
 * carries values derived from i only, so a test can recompute every field:
 *
 *   seq = i               u8 = (u8)i            s8 = -(i % 128)
 *   u16 = (u16)(3i)       s16 = -((5i) % 32768) u32 = 7i + 1
 *   s32 = -11i            u64 = i * 0x100000001 s64 = -1000003i
 *   hex32 = i ^ 0xdeadbeef (base 16)  hex64 = (i << 32) | 0xcafe (base 16)
 *   str = "test-<i>"      carr = "c<i % 1000000, 6 digits>" (char[8])
 *   arr = { i, i+1, i+2, i+3 } (u8[4])
 *   seqf: length i % 5 (u8), element k = (u16)(i + 100k)
 *   enm = i % 10 (u8): ZERO = 0, ONE = 1, TWO = 2, MANY = 3 ... 9
 *
 * The write returns once every event was emitted (or discarded).
 *
 * The same values also go to the kernel trace event lttng_test/
 * lttng_test_event (lttng-test-trace.h), so that ftrace can record the
 * same storm (bench/); it costs a static-key no-op unless enabled.
 *
 * A second description, "lttng_test_fork" (kind LTTNG_DESC_TRACEPOINT),
 * hooks the kernel tracepoint sched_process_fork through the core's
 * tracepoint attach path: fields parent_pid and child_pid (s32).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/cpu.h>
#include <linux/sched.h>
#include <linux/hrtimer.h>
#include <linux/seq_file.h>
#include "tracer.h"
#include "filter.h"
#include "lttng-test.h"
#define CREATE_TRACE_POINTS
#include "lttng-test-trace.h"

#define LTTNG_TEST_MAX_EVENTS	10000000U

#define INT_T(_size, _signed, _base) \
	{ .size = _size, .alignment = 8, .signedness = _signed, .base = _base }

static const struct lttng_enum_entry test_enum_entries[] = {
	{ .label = "ZERO", .start = 0, .end = 0 },
	{ .label = "ONE", .start = 1, .end = 1 },
	{ .label = "TWO", .start = 2, .end = 2 },
	{ .label = "MANY", .start = 3, .end = 9 },
};

static const struct lttng_field_desc test_fields[] = {
	{ "seq", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 0, 10) } },
	{ "u8", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(8, 0, 10) } },
	{ "s8", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(8, 1, 10) } },
	{ "u16", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(16, 0, 10) } },
	{ "s16", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(16, 1, 10) } },
	{ "u32", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 0, 10) } },
	{ "s32", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 1, 10) } },
	{ "u64", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(64, 0, 10) } },
	{ "s64", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(64, 1, 10) } },
	{ "hex32", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 0, 16) } },
	{ "hex64", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(64, 0, 16) } },
	{ "str", { .kind = LTTNG_TYPE_STRING } },
	{ "carr", { .kind = LTTNG_TYPE_ARRAY, .length = 8,
		    .integer = { .size = 8, .alignment = 8, .base = 10,
				 .encoding = 1 } } },
	{ "arr", { .kind = LTTNG_TYPE_ARRAY, .length = 4,
		   .integer = INT_T(8, 0, 10) } },
	{ "seqf", { .kind = LTTNG_TYPE_SEQUENCE,
		    .length_type = INT_T(8, 0, 10),
		    .integer = INT_T(16, 0, 10) } },
	{ "enm", { .kind = LTTNG_TYPE_ENUM, .integer = INT_T(8, 0, 10),
		   .entries = test_enum_entries,
		   .nr_entries = ARRAY_SIZE(test_enum_entries) } },
};

static struct lttng_event_desc test_event_desc = {
	.name = "lttng_test_event",
	.kind = LTTNG_DESC_TEST,
	.fields = test_fields,
	.nr_fields = ARRAY_SIZE(test_fields),
	.owner = THIS_MODULE,
};

static const struct lttng_field_desc fork_fields[] = {
	{ "parent_pid", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 1, 10) } },
	{ "child_pid", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 1, 10) } },
};

static void test_probe_fork(void *data, struct task_struct *parent,
			    struct task_struct *child)
{
	struct lttng_event *ev = data;
	struct lttng_rb_ctx ctx __uninitialized;	/* reserve fills it */
	s32 pids[2] = { parent->pid, child->pid };
	const struct lttng_filter_list *fl;

	if (!lttng_event_should_record(ev))
		return;
	fl = rcu_dereference_sched(ev->filter);
	if (unlikely(fl)) {
		struct lttng_filter_value fv[2] = {
			{ .v = pids[0] }, { .v = pids[1] },
		};
		struct lttng_filter_input in = { fv, ARRAY_SIZE(fv) };

		if (!lttng_filter_list_run(fl, &in))
			return;
	}
	if (lttng_event_reserve(&ctx, ev, sizeof(pids)))
		return;
	lttng_event_write(&ctx, pids, sizeof(pids));
	lttng_event_commit(&ctx);
}

static struct lttng_event_desc fork_event_desc = {
	.name = "lttng_test_fork",
	.kind = LTTNG_DESC_TRACEPOINT,
	.tp_name = "sched_process_fork",
	.probe = test_probe_fork,
	.fields = fork_fields,
	.nr_fields = ARRAY_SIZE(fork_fields),
	.owner = THIS_MODULE,
};

static const struct lttng_event_desc * const test_descs[] = {
	&test_event_desc,
	&fork_event_desc,
};

static struct lttng_probe_provider test_provider = {
	.name = "lttng_test",
	.descs = test_descs,
	.nr_descs = ARRAY_SIZE(test_descs),
};

/*
 * A second provider of field-less, never emitted events
 * "lttng_test_filler_00" .. "_31": enabling them first pushes the ids of
 * later events of the channel past 30, where the compact event header
 * cannot hold them (extended headers).
 */
#define NR_FILLERS	32
static char filler_names[NR_FILLERS][24];
static struct lttng_event_desc filler_descs[NR_FILLERS];
static const struct lttng_event_desc *filler_desc_ptrs[NR_FILLERS];

static struct lttng_probe_provider filler_provider = {
	.name = "lttng_test_filler",
	.descs = filler_desc_ptrs,
	.nr_descs = NR_FILLERS,
};

static void fillers_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_FILLERS; i++) {
		snprintf(filler_names[i], sizeof(filler_names[i]),
			 "lttng_test_filler_%02u", i);
		filler_descs[i].name = filler_names[i];
		filler_descs[i].kind = LTTNG_DESC_TEST;
		filler_descs[i].owner = THIS_MODULE;
		filler_desc_ptrs[i] = &filler_descs[i];
	}
}

static void test_values_fill(struct test_values *v, u32 i)
{
	unsigned int k;

	v->seq = i;
	v->u8v = (u8)i;
	v->s8v = (s8)-(int)(i % 128);
	v->u16v = (u16)(i * 3);
	v->s16v = (s16)-(int)((i * 5) % 32768);
	v->u32v = i * 7 + 1;
	v->s32v = (s32)((s64)i * -11);
	v->u64v = (u64)i * 0x100000001ULL;
	v->s64v = (s64)i * -1000003LL;
	v->hex32 = i ^ 0xdeadbeef;
	v->hex64 = ((u64)i << 32) | 0xcafe;
	v->str_len = snprintf(v->str, sizeof(v->str), "test-%u", i) + 1;
	snprintf(v->carr, sizeof(v->carr), "c%06u", i % 1000000);
	for (k = 0; k < 4; k++)
		v->arr[k] = (u8)(i + k);
	v->seq_len = i % 5;
	for (k = 0; k < v->seq_len; k++)
		v->seqf[k] = (u16)(i + 100 * k);
	v->enm = i % 10;
}

static size_t test_payload_len(const struct test_values *v)
{
	return sizeof(v->seq) + sizeof(v->u8v) + sizeof(v->s8v) +
	       sizeof(v->u16v) + sizeof(v->s16v) + sizeof(v->u32v) +
	       sizeof(v->s32v) + sizeof(v->u64v) + sizeof(v->s64v) +
	       sizeof(v->hex32) + sizeof(v->hex64) + v->str_len +
	       sizeof(v->carr) + sizeof(v->arr) + sizeof(v->seq_len) +
	       v->seq_len * sizeof(v->seqf[0]) + sizeof(v->enm);
}

/* The filter input of lttng_test_event, in test_fields[] order. */
static noinline bool test_filter(const struct lttng_filter_list *fl,
				 const struct test_values *v)
{
	struct lttng_filter_value fv[ARRAY_SIZE(test_fields)] = {
		{ .v = v->seq }, { .v = v->u8v }, { .v = v->s8v },
		{ .v = v->u16v }, { .v = v->s16v }, { .v = v->u32v },
		{ .v = v->s32v }, { .v = (s64)v->u64v }, { .v = v->s64v },
		{ .v = v->hex32 }, { .v = (s64)v->hex64 },
		{ .ptr = v->str, .len = v->str_len },
		{ .ptr = v->carr, .len = sizeof(v->carr) },
		{ .ptr = v->arr, .len = ARRAY_SIZE(v->arr) },
		{ .ptr = v->seqf, .len = v->seq_len },
		{ .v = v->enm },
	};
	struct lttng_filter_input in = { fv, ARRAY_SIZE(fv) };

	return lttng_filter_list_run(fl, &in);
}

static void test_record(struct lttng_event *ev, void *arg)
{
	const struct test_values *v = arg;
	const struct lttng_filter_list *fl;
	struct lttng_rb_ctx ctx __uninitialized;	/* reserve fills it */

	fl = rcu_dereference_sched(ev->filter);
	if (unlikely(fl) && (!lttng_event_should_record(ev) ||
			     !test_filter(fl, v)))
		return;
	if (lttng_event_reserve(&ctx, ev, test_payload_len(v)))
		return;
	lttng_event_write(&ctx, &v->seq, sizeof(v->seq));
	lttng_event_write(&ctx, &v->u8v, sizeof(v->u8v));
	lttng_event_write(&ctx, &v->s8v, sizeof(v->s8v));
	lttng_event_write(&ctx, &v->u16v, sizeof(v->u16v));
	lttng_event_write(&ctx, &v->s16v, sizeof(v->s16v));
	lttng_event_write(&ctx, &v->u32v, sizeof(v->u32v));
	lttng_event_write(&ctx, &v->s32v, sizeof(v->s32v));
	lttng_event_write(&ctx, &v->u64v, sizeof(v->u64v));
	lttng_event_write(&ctx, &v->s64v, sizeof(v->s64v));
	lttng_event_write(&ctx, &v->hex32, sizeof(v->hex32));
	lttng_event_write(&ctx, &v->hex64, sizeof(v->hex64));
	lttng_event_write_string(&ctx, v->str, v->str_len);
	lttng_event_write(&ctx, v->carr, sizeof(v->carr));
	lttng_event_write(&ctx, v->arr, sizeof(v->arr));
	lttng_event_write(&ctx, &v->seq_len, sizeof(v->seq_len));
	lttng_event_write(&ctx, v->seqf, v->seq_len * sizeof(v->seqf[0]));
	lttng_event_write(&ctx, &v->enm, sizeof(v->enm));
	lttng_event_commit(&ctx);
}

static void test_emit(unsigned int n)
{
	struct test_values v;
	unsigned int i;

	for (i = 0; i < n; i++) {
		test_values_fill(&v, i);
		lttng_desc_for_each_event(&test_event_desc, test_record, &v);
		trace_lttng_test_event(&v);	/* ftrace's twin (bench/) */
		if (!(i & 1023))
			cond_resched();
	}
}

static long test_emit_work(void *arg)
{
	test_emit(*(unsigned int *)arg);
	return 0;
}

#define NEST_BASE	1000000U
#define NEST_PERIOD_NS	20000

static struct hrtimer nest_timer;
static unsigned int nest_count, nest_max;

static enum hrtimer_restart test_nest_timer(struct hrtimer *t)
{
	struct test_values v;

	if (nest_count >= nest_max)
		return HRTIMER_NORESTART;
	test_values_fill(&v, NEST_BASE + nest_count++);
	lttng_desc_for_each_event(&test_event_desc, test_record, &v);
	trace_lttng_test_event(&v);
	hrtimer_forward_now(t, ns_to_ktime(NEST_PERIOD_NS));
	return HRTIMER_RESTART;
}

static long test_nest_work(void *arg)
{
	nest_count = 0;
	nest_max = *(unsigned int *)arg;
	hrtimer_init(&nest_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	nest_timer.function = test_nest_timer;
	hrtimer_start(&nest_timer, ns_to_ktime(NEST_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
	test_emit(nest_max);
	hrtimer_cancel(&nest_timer);
	return 0;
}

static DEFINE_MUTEX(test_mutex);

static int test_proc_show(struct seq_file *m, void *v)
{
	mutex_lock(&test_mutex);
	seq_printf(m, "nested %u\n", nest_count);
	mutex_unlock(&test_mutex);
	return 0;
}

static int test_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, test_proc_show, NULL);
}

static ssize_t test_proc_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char buf[32], *p, *mode;
	unsigned int n;
	int cpu;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	p = strim(buf);
	mode = strchr(p, ' ');
	if (mode) {
		*mode++ = '\0';
		mode = strim(mode);
		if (strcmp(mode, "all") && strcmp(mode, "nest"))
			return -EINVAL;
	}
	if (kstrtouint(p, 10, &n) || n > LTTNG_TEST_MAX_EVENTS)
		return -EINVAL;
	if (!mode) {
		test_emit(n);
		return count;
	}
	mutex_lock(&test_mutex);
	cpus_read_lock();
	if (!strcmp(mode, "nest")) {
		work_on_cpu(cpumask_first(cpu_online_mask), test_nest_work, &n);
	} else {
		for_each_online_cpu(cpu)
			work_on_cpu(cpu, test_emit_work, &n);
	}
	cpus_read_unlock();
	mutex_unlock(&test_mutex);
	return count;
}

static const struct proc_ops test_proc_ops = {
	.proc_open = test_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = test_proc_write,
};

static struct proc_dir_entry *test_proc;

static int __init lttng_test_init(void)
{
	int ret;

	fillers_init();
	ret = lttng_provider_register(&test_provider);
	if (ret)
		return ret;
	ret = lttng_provider_register(&filler_provider);
	if (ret)
		goto err_filler;
	test_proc = proc_create("lttng-test", 0600, NULL, &test_proc_ops);
	if (!test_proc) {
		ret = -ENOMEM;
		goto err_proc;
	}
	return 0;

err_proc:
	lttng_provider_unregister(&filler_provider);
err_filler:
	lttng_provider_unregister(&test_provider);
	return ret;
}

static void __exit lttng_test_exit(void)
{
	proc_remove(test_proc);
	lttng_provider_unregister(&filler_provider);
	lttng_provider_unregister(&test_provider);
}

module_init(lttng_test_init);
module_exit(lttng_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTTng-style tracer: test event source");
