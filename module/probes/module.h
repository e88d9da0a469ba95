/* SPDX-License-Identifier: GPL-2.0-only */
/* module.h - kernel module events (descriptions, see define_event.h). */

LTTNG_EVENT(module_load, module_load,
	LTTNG_PROTO(struct module *mod),
	LTTNG_ARGS(mod),
	LTTNG_FIELDS(
		f_integer_hex(unsigned int, taints, mod->taints)
		f_string(name, mod->name)
	)
)

LTTNG_EVENT_CLASS(module_refcnt_class,
	LTTNG_PROTO(struct module *mod, unsigned long ip),
	LTTNG_ARGS(mod, ip),
	LTTNG_FIELDS(
		f_integer_hex(unsigned long, ip, ip)
		f_integer(int, refcnt, module_refcount(mod))
		f_string(name, mod->name)
	)
)
LTTNG_EVENT_INSTANCE(module_refcnt_class, module_get, module_get)
LTTNG_EVENT_INSTANCE(module_refcnt_class, module_put, module_put)

LTTNG_EVENT(module_request, module_request,
	LTTNG_PROTO(char *name, bool wait, unsigned long ip),
	LTTNG_ARGS(name, wait, ip),
	LTTNG_FIELDS(
		f_integer_hex(unsigned long, ip, ip)
		f_integer(bool, wait, wait)
		f_string(name, name)
	)
)

LTTNG_EVENT(module_free, module_free,
	LTTNG_PROTO(struct module *mod),
	LTTNG_ARGS(mod),
	LTTNG_FIELDS(
		f_string(name, mod->name)
	)
)
