// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmcheck.c - a module that proves the VM harness works.
 *
 * Loaded with action=none it only logs its load and unload.  The harness's
 * own tests load it with action=warn or action=oops to check that the VM
 * runner reports a guest kernel problem as such, not as a test failure.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/string.h>

static char *action = "none";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "none, warn or oops");

static int __init vmcheck_init(void)
{
	pr_info("vmcheck: loaded (action=%s)\n", action);
	if (!strcmp(action, "warn"))
		WARN(1, "vmcheck: deliberate warning\n");
	else if (!strcmp(action, "oops"))
		*(volatile int *)NULL = 1;
	return 0;
}

static void __exit vmcheck_exit(void)
{
	pr_info("vmcheck: unloaded\n");
}

module_init(vmcheck_init);
module_exit(vmcheck_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VM harness self-check");
