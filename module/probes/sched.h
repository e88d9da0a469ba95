/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched.h - scheduler events (descriptions, see define_event.h).
 * No include guard: define_event.h includes this file once per pass.
 * Helpers (lttng_*) are in sched.c.
 */

/* comm, tid, prio of a task, as most scheduler events record them. */
#define LTTNG_SCHED_TASK_FIELDS(_t)					\
	f_array_text(comm, (_t)->comm, TASK_COMM_LEN)			\
	f_integer(pid_t, tid, (_t)->pid)				\
	f_integer(int, prio, (_t)->prio - MAX_RT_PRIO)

LTTNG_EVENT(sched_switch, sched_switch,
	LTTNG_PROTO(bool preempt, struct task_struct *prev,
		    struct task_struct *next, unsigned int prev_state),
	LTTNG_ARGS(preempt, prev, next, prev_state),
	LTTNG_FIELDS(
		f_array_text(prev_comm, prev->comm, TASK_COMM_LEN)
		f_integer(pid_t, prev_tid, prev->pid)
		f_integer(int, prev_prio, prev->prio - MAX_RT_PRIO)
		f_integer(long, prev_state,
			  lttng_switch_state(preempt, prev_state, prev))
		f_array_text(next_comm, next->comm, TASK_COMM_LEN)
		f_integer(pid_t, next_tid, next->pid)
		f_integer(int, next_prio, next->prio - MAX_RT_PRIO)
	)
)

LTTNG_EVENT_CLASS(sched_wakeup_class,
	LTTNG_PROTO(struct task_struct *p),
	LTTNG_ARGS(p),
	LTTNG_FIELDS(
		LTTNG_SCHED_TASK_FIELDS(p)
		f_integer(int, target_cpu, task_cpu(p))
	)
)
LTTNG_EVENT_INSTANCE(sched_wakeup_class, sched_waking, sched_waking)
LTTNG_EVENT_INSTANCE(sched_wakeup_class, sched_wakeup, sched_wakeup)
LTTNG_EVENT_INSTANCE(sched_wakeup_class, sched_wakeup_new, sched_wakeup_new)

LTTNG_EVENT(sched_migrate_task, sched_migrate_task,
	LTTNG_PROTO(struct task_struct *p, int dest_cpu),
	LTTNG_ARGS(p, dest_cpu),
	LTTNG_FIELDS(
		LTTNG_SCHED_TASK_FIELDS(p)
		f_integer(int, orig_cpu, task_cpu(p))
		f_integer(int, dest_cpu, dest_cpu)
	)
)

LTTNG_EVENT_CLASS(sched_process_class,
	LTTNG_PROTO(struct task_struct *p),
	LTTNG_ARGS(p),
	LTTNG_FIELDS(
		LTTNG_SCHED_TASK_FIELDS(p)
	)
)
LTTNG_EVENT_INSTANCE(sched_process_class, sched_process_free, sched_process_free)
LTTNG_EVENT_INSTANCE(sched_process_class, sched_process_exit, sched_process_exit)
LTTNG_EVENT_INSTANCE(sched_process_class, sched_wait_task, sched_wait_task)

LTTNG_EVENT(sched_process_hang, sched_process_hang,
	LTTNG_PROTO(struct task_struct *tsk),
	LTTNG_ARGS(tsk),
	LTTNG_FIELDS(
		f_array_text(comm, tsk->comm, TASK_COMM_LEN)
		f_integer(pid_t, tid, tsk->pid)
	)
)

LTTNG_EVENT(sched_pi_setprio, sched_pi_setprio,
	LTTNG_PROTO(struct task_struct *tsk, struct task_struct *pi_task),
	LTTNG_ARGS(tsk, pi_task),
	LTTNG_FIELDS(
		f_array_text(comm, tsk->comm, TASK_COMM_LEN)
		f_integer(pid_t, tid, tsk->pid)
		f_integer(int, oldprio, tsk->prio - MAX_RT_PRIO)
		f_integer(int, newprio, lttng_pi_newprio(tsk, pi_task))
	)
)

LTTNG_EVENT_CLASS(sched_stat_class,
	LTTNG_PROTO(struct task_struct *tsk, u64 delay),
	LTTNG_ARGS(tsk, delay),
	LTTNG_FIELDS(
		f_array_text(comm, tsk->comm, TASK_COMM_LEN)
		f_integer(pid_t, tid, tsk->pid)
		f_integer(u64, delay, delay)
	)
)
LTTNG_EVENT_INSTANCE(sched_stat_class, sched_stat_wait, sched_stat_wait)
LTTNG_EVENT_INSTANCE(sched_stat_class, sched_stat_sleep, sched_stat_sleep)
LTTNG_EVENT_INSTANCE(sched_stat_class, sched_stat_iowait, sched_stat_iowait)
LTTNG_EVENT_INSTANCE(sched_stat_class, sched_stat_blocked, sched_stat_blocked)

LTTNG_EVENT(sched_process_wait, sched_process_wait,
	LTTNG_PROTO(struct pid *pid),
	LTTNG_ARGS(pid),
	LTTNG_FIELDS(
		f_array_text(comm, current->comm, TASK_COMM_LEN)
		f_integer(pid_t, tid, pid_nr(pid))
		f_integer(int, prio, current->prio - MAX_RT_PRIO)
	)
)

LTTNG_EVENT(sched_process_fork, sched_process_fork,
	LTTNG_PROTO(struct task_struct *parent, struct task_struct *child),
	LTTNG_ARGS(parent, child),
	LTTNG_FIELDS(
		f_array_text(parent_comm, parent->comm, TASK_COMM_LEN)
		f_integer(pid_t, parent_tid, parent->pid)
		f_integer(pid_t, parent_pid, parent->tgid)
		f_integer(unsigned int, parent_ns_inum, lttng_pid_ns_inum(parent))
		f_array_text(child_comm, child->comm, TASK_COMM_LEN)
		f_integer(pid_t, child_tid, child->pid)
		f_sequence(pid_t, vtids, lttng_pid_levels(child),
			   lttng_pid_at_level(child, __i))
		f_integer(pid_t, child_pid, child->tgid)
		f_integer(unsigned int, child_ns_inum, lttng_pid_ns_inum(child))
	)
)

LTTNG_EVENT(sched_process_exec, sched_process_exec,
	LTTNG_PROTO(struct task_struct *p, pid_t old_pid,
		    struct linux_binprm *bprm),
	LTTNG_ARGS(p, old_pid, bprm),
	LTTNG_FIELDS(
		f_string(filename, bprm->filename)
		f_integer(pid_t, tid, p->pid)
		f_integer(pid_t, old_tid, old_pid)
	)
)

/*
 * sched_stat_runtime lost its vruntime argument in Linux 6.8: the probe
 * matching the kernel built against is chosen at compile time.
 */
#define LTTNG_SCHED_STAT_RUNTIME_FIELDS(_vruntime)			\
	f_array_text(comm, tsk->comm, TASK_COMM_LEN)			\
	f_integer(pid_t, tid, tsk->pid)					\
	f_integer(u64, runtime, runtime)				\
	f_integer(u64, vruntime, _vruntime)

LTTNG_EVENT_CLASS(sched_stat_runtime_3args,
	LTTNG_PROTO(struct task_struct *tsk, u64 runtime, u64 vruntime),
	LTTNG_ARGS(tsk, runtime, vruntime),
	LTTNG_FIELDS(LTTNG_SCHED_STAT_RUNTIME_FIELDS(vruntime))
)
LTTNG_EVENT_CLASS(sched_stat_runtime_2args,
	LTTNG_PROTO(struct task_struct *tsk, u64 runtime),
	LTTNG_ARGS(tsk, runtime),
	LTTNG_FIELDS(LTTNG_SCHED_STAT_RUNTIME_FIELDS(tsk->se.vruntime))
)
LTTNG_EVENT_INSTANCE_CHOOSE(
	LTTNG_TP_PROTO_IS(sched_stat_runtime, struct task_struct *, u64, u64),
	sched_stat_runtime_3args, sched_stat_runtime_2args,
	sched_stat_runtime, sched_stat_runtime)
