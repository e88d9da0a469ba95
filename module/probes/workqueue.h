/* SPDX-License-Identifier: GPL-2.0-only */
/* workqueue.h - workqueue events (descriptions, see define_event.h). */

LTTNG_EVENT(workqueue_queue_work, workqueue_queue_work,
	LTTNG_PROTO(int req_cpu, struct pool_workqueue *pwq,
		    struct work_struct *work),
	LTTNG_ARGS(req_cpu, pwq, work),
	LTTNG_FIELDS(
		f_pointer(work, work)
		f_pointer(function, work->func)
		f_integer(int, req_cpu, req_cpu)
	)
)

LTTNG_EVENT(workqueue_activate_work, workqueue_activate_work,
	LTTNG_PROTO(struct work_struct *work),
	LTTNG_ARGS(work),
	LTTNG_FIELDS(
		f_pointer(work, work)
	)
)

LTTNG_EVENT(workqueue_execute_start, workqueue_execute_start,
	LTTNG_PROTO(struct work_struct *work),
	LTTNG_ARGS(work),
	LTTNG_FIELDS(
		f_pointer(work, work)
		f_pointer(function, work->func)
	)
)

LTTNG_EVENT(workqueue_execute_end, workqueue_execute_end,
	LTTNG_PROTO(struct work_struct *work, work_func_t function),
	LTTNG_ARGS(work, function),
	LTTNG_FIELDS(
		f_pointer(work, work)
		f_pointer(function, function)
	)
)
