/* SPDX-License-Identifier: GPL-2.0-only */
/* power.h - CPU power state events (descriptions, see define_event.h). */

LTTNG_EVENT_CLASS(power_cpu_class,
	LTTNG_PROTO(unsigned int state, unsigned int cpu_id),
	LTTNG_ARGS(state, cpu_id),
	LTTNG_FIELDS(
		f_integer(u32, state, state)
		f_integer(u32, cpu_id, cpu_id)
	)
)
LTTNG_EVENT_INSTANCE(power_cpu_class, power_cpu_idle, cpu_idle)
LTTNG_EVENT_INSTANCE(power_cpu_class, power_cpu_frequency, cpu_frequency)
