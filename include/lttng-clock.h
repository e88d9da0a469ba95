/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-clock.h - trace clock plugins: another kernel module replaces the
 * clock that timestamps every record, with the interface lttng-modules
 * offers (<lttng/clock.h>), so that a plugin written for LTTng builds
 * against this tracer unchanged.  Documentation/abi.rst has the rules.
 *
 *	static u64 my_read64(void) { ... }
 *	static u64 my_freq(void) { return 1000; }
 *	static int my_uuid(char *uuid) { strcpy(uuid, "83c63deb-..."); return 0; }
 *	static const char *my_name(void) { return "my_clock"; }
 *	static const char *my_description(void) { return "..."; }
 *	static struct lttng_trace_clock my_clock = {
 *		.read64 = my_read64, .freq = my_freq, .uuid = my_uuid,
 *		.name = my_name, .description = my_description,
 *	};
 *	module init:  return lttng_clock_register_plugin(&my_clock, THIS_MODULE);
 *	module exit:  lttng_clock_unregister_plugin(&my_clock, THIS_MODULE);
 *
 * read64 runs in any context (NMI included) and must never go back in
 * time; the others are called when a session is created.  Registration
 * fails with -EBUSY while any tracing session exists (a session keeps the
 * clock it was created with, and pins the plugin module), -EEXIST when a
 * plugin is already registered, -EINVAL when the clock describes itself
 * badly (name not a CTF identifier, no read64, a frequency of 0, a uuid
 * that is not one).
 */
#ifndef _LTTNG_CLOCK_H
#define _LTTNG_CLOCK_H

#include <linux/types.h>

struct module;

/* Bytes of a uuid string with its NUL: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define LTTNG_MODULES_UUID_STR_LEN	37

struct lttng_trace_clock {
	u64 (*read64)(void);		/* the clock now, in cycles */
	u64 (*freq)(void);		/* cycles per second */
	int (*uuid)(char *uuid);	/* 0 and the uuid string written, or
					 * not 0: the clock has none (NULL
					 * too) */
	const char *(*name)(void);	/* CTF identifier, < 64 bytes */
	const char *(*description)(void);	/* < 128 bytes */
};

int lttng_clock_register_plugin(struct lttng_trace_clock *ltc,
				struct module *mod);
void lttng_clock_unregister_plugin(struct lttng_trace_clock *ltc,
				   struct module *mod);

#endif /* _LTTNG_CLOCK_H */
