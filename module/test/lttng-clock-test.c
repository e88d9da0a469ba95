// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-clock-test.c - a trace clock plugin for the selftests (module
 * lttng-clock-test.ko), registered with the interface of
 * include/lttng-clock.h: a 1 kHz clock that stands still, at the value of
 * the module parameter "value" (/sys/module/lttng_clock_test/parameters/
 * value, writable by root), so that a test knows the timestamp of every
 * record: set the value, make events, read the trace.  Only move it
 * forward while a session records: a trace clock never goes back.
 *
 * Load it before any session exists (the tracer refuses a new clock while
 * one does), unload it after the last one is gone.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include "../../include/lttng-clock.h"

static unsigned long long value = 1000;
module_param(value, ullong, 0644);
MODULE_PARM_DESC(value, "the clock's value, in ms (cycles of 1 kHz)");

static u64 clock_test_read64(void)
{
	return READ_ONCE(value);
}

static u64 clock_test_freq(void)
{
	return 1000;
}

static int clock_test_uuid(char *uuid)
{
	strscpy(uuid, "83c63deb-7aa4-48fb-abda-946f400d76e6",
		LTTNG_MODULES_UUID_STR_LEN);
	return 0;
}

static const char *clock_test_name(void)
{
	return "lttng_test_clock";
}

static const char *clock_test_description(void)
{
	return "Frozen 1 kHz clock of the selftests";
}

static struct lttng_trace_clock clock_test = {
	.read64 = clock_test_read64,
	.freq = clock_test_freq,
	.uuid = clock_test_uuid,
	.name = clock_test_name,
	.description = clock_test_description,
};

static int __init clock_test_init(void)
{
	return lttng_clock_register_plugin(&clock_test, THIS_MODULE);
}
module_init(clock_test_init);

static void __exit clock_test_exit(void)
{
	lttng_clock_unregister_plugin(&clock_test, THIS_MODULE);
}
module_exit(clock_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTTng tracer selftests: a frozen 1 kHz trace clock");
