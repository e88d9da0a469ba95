/* SPDX-License-Identifier: GPL-2.0-only */
/* signal.h - signal events (descriptions, see define_event.h). */

/* The errno and code of a signal's siginfo (the kernel's TP_STORE_SIGINFO). */
#define LTTNG_SIGINFO_FIELDS(_info)					\
	f_integer(int, errno, lttng_siginfo_errno(_info))		\
	f_integer(int, code, lttng_siginfo_code(_info))

LTTNG_EVENT(signal_generate, signal_generate,
	LTTNG_PROTO(int sig, struct kernel_siginfo *info,
		    struct task_struct *task, int group, int result),
	LTTNG_ARGS(sig, info, task, group, result),
	LTTNG_FIELDS(
		f_integer(int, sig, sig)
		LTTNG_SIGINFO_FIELDS(info)
		f_array_text(comm, task->comm, TASK_COMM_LEN)
		f_integer(pid_t, pid, task->pid)
		f_integer(int, group, group)
		f_integer(int, result, result)
	)
)

LTTNG_EVENT(signal_deliver, signal_deliver,
	LTTNG_PROTO(int sig, struct kernel_siginfo *info,
		    struct k_sigaction *ka),
	LTTNG_ARGS(sig, info, ka),
	LTTNG_FIELDS(
		f_integer(int, sig, sig)
		LTTNG_SIGINFO_FIELDS(info)
		f_pointer(sa_handler, ka->sa.sa_handler)
		f_integer_hex(unsigned long, sa_flags, ka->sa.sa_flags)
	)
)
