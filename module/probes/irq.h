/* SPDX-License-Identifier: GPL-2.0-only */
/* irq.h - interrupt events (descriptions, see define_event.h). */

LTTNG_EVENT(irq_handler_entry, irq_handler_entry,
	LTTNG_PROTO(int irq, struct irqaction *action),
	LTTNG_ARGS(irq, action),
	LTTNG_FIELDS(
		f_integer(int, irq, irq)
		f_string(name, action->name)
	)
)

LTTNG_EVENT(irq_handler_exit, irq_handler_exit,
	LTTNG_PROTO(int irq, struct irqaction *action, int ret),
	LTTNG_ARGS(irq, action, ret),
	LTTNG_FIELDS(
		f_integer(int, irq, irq)
		f_integer(int, ret, ret)
	)
)

LTTNG_EVENT_CLASS(irq_softirq_class,
	LTTNG_PROTO(unsigned int vec_nr),
	LTTNG_ARGS(vec_nr),
	LTTNG_FIELDS(
		f_integer(unsigned int, vec, vec_nr)
	)
)
LTTNG_EVENT_INSTANCE(irq_softirq_class, irq_softirq_entry, softirq_entry)
LTTNG_EVENT_INSTANCE(irq_softirq_class, irq_softirq_exit, softirq_exit)
LTTNG_EVENT_INSTANCE(irq_softirq_class, irq_softirq_raise, softirq_raise)
