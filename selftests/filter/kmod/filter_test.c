// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_test.c - lttng-filter-test.ko: runs module/filter.c in the kernel
 * for selftests/filter, without the rest of the tracer.
 *
 * write(/proc/lttng-filter-test, bytecode, len): lttng_filter_load() on the
 * user buffer itself (copy, verify, link against the test event below),
 * then lttng_filter_run() on each sample record, in the writer's context
 * (so $ctx.* are the writer's).  The write returns len, or the error of
 * lttng_filter_load() (-EINVAL for hostile bytecode).
 * read(): "never r0r1r2\n" of the last accepted program (r = 0/1 per
 * sample).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>
#include "../../../module/tracer.h"
#include "../../../module/filter.h"

#include "../../../userspace/common/filter/tests/test-event.h"

static DEFINE_MUTEX(test_mutex);
static char result[32] = "none\n";

static ssize_t ft_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog;
	char r[ARRAY_SIZE(samples) + 1];
	unsigned int i;
	int ret;

	if (len > U32_MAX)
		return -EINVAL;
	ret = lttng_filter_load(ubuf, (u32)len, &test_desc, &prog);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		fill(&samples[i], v);
		preempt_disable();	/* as in a probe */
		r[i] = lttng_filter_run(prog, &in) ? '1' : '0';
		preempt_enable();
	}
	r[i] = '\0';
	mutex_lock(&test_mutex);
	snprintf(result, sizeof(result), "%d %s\n",
		 lttng_filter_prog_never(prog), r);
	mutex_unlock(&test_mutex);
	lttng_filter_free(prog);
	return len;
}

static ssize_t ft_read(struct file *file, char __user *ubuf, size_t len,
		       loff_t *ppos)
{
	char buf[sizeof(result)];

	mutex_lock(&test_mutex);
	memcpy(buf, result, sizeof(buf));
	mutex_unlock(&test_mutex);
	return simple_read_from_buffer(ubuf, len, ppos, buf, strlen(buf));
}

static const struct proc_ops ft_ops = {
	.proc_write = ft_write,
	.proc_read = ft_read,
	.proc_lseek = default_llseek,
};

static struct proc_dir_entry *ft_entry;

static int __init ft_init(void)
{
	ft_entry = proc_create("lttng-filter-test", 0600, NULL, &ft_ops);
	return ft_entry ? 0 : -ENOMEM;
}

static void __exit ft_exit(void)
{
	proc_remove(ft_entry);
}

module_init(ft_init);
module_exit(ft_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lttng-tracer filter verifier/interpreter test module");
