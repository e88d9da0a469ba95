// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - module init/exit of the lttng tracer: the /dev/lttng misc
 * device (root only, mode 0600) and the event sources.
 *
 * Setup order: clock, the ring buffers' CPU hotplug state, event sources
 * (their providers register with the core), then the device; teardown is
 * the reverse.  While any tracer fd
 * is open the module cannot be removed (every fops pins THIS_MODULE), so
 * no session exists at exit.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include "core.h"

static struct miscdevice lttng_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lttng",
	.fops = &lttng_tracer_fops,
	.mode = 0600,
};

static int __init lttng_init(void)
{
	int ret;

	lttng_clock_init();
	ret = lttng_rb_init();
	if (ret)
		return ret;
	ret = lttng_sources_init();
	if (ret)
		goto err_rb;
	ret = misc_register(&lttng_misc);
	if (ret)
		goto err_sources;
	return 0;

err_sources:
	lttng_sources_exit();
err_rb:
	lttng_rb_exit();
	return ret;
}

static void __exit lttng_exit(void)
{
	misc_deregister(&lttng_misc);
	lttng_sources_exit();
	lttng_rb_exit();
	/* event filter lists freed with call_rcu() (session.c) */
	rcu_barrier();
}

module_init(lttng_init);
module_exit(lttng_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTTng-style kernel tracer");
MODULE_VERSION(LTTNG_VERSION);
