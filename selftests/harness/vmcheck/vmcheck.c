// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmcheck.c - a module that proves the VM harness works.
 *
 * Loaded with action=none it only logs its load and unload.  The harness's
 * own tests load it with action=warn or action=oops to check that the VM
 * runner reports a guest kernel problem as such, not as a test failure,
 * and with action=lockup (this CPU spins for ever with interrupts off, in
 * vmcheck_lockup()) to check that it reports a hung guest with the stack
 * of the stuck CPU.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/string.h>
#include <linux/irqflags.h>
#include <linux/processor.h>

static char *action = "none";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "none, warn, oops or lockup");

static noinline void vmcheck_lockup(void)
{
	local_irq_disable();
	for (;;)
		cpu_relax();
}

static int __init vmcheck_init(void)
{
	pr_info("vmcheck: loaded (action=%s)\n", action);
	if (!strcmp(action, "warn"))
		WARN(1, "vmcheck: deliberate warning\n");
	else if (!strcmp(action, "oops"))
		*(volatile int *)NULL = 1;
	else if (!strcmp(action, "lockup"))
		vmcheck_lockup();
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
