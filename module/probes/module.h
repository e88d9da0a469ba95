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

LTTNG_EVENT(module_free, module_free,
	LTTNG_PROTO(struct module *mod),
	LTTNG_ARGS(mod),
	LTTNG_FIELDS(
		f_string(name, mod->name)
	)
)
