/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-contexts.h - the kernel contexts by name, shared by the module
 * (module/filter.c), the filter compiler (userspace/common/filter), the
 * command-line client, the session daemon and the selftests.
 *
 * LTTNG_KERNEL_CONTEXTS(X) lists, for each context of
 * enum lttng_abi_context_type but the perf counters, X(ID, NAME, FILTER):
 *
 *   ID      the enum lttng_abi_context_type value without its prefix;
 *   NAME    the name `lttng add-context -k -t NAME` takes, and the one a
 *           filter reads as $ctx.NAME (LTTng 2.13's names);
 *   FILTER  what $ctx.NAME gives a filter: INT, STR, or NONE when it
 *           cannot be used in a filter (the call stacks).
 *
 * The perf counters (LTTNG_ABI_CTX_PERF_CPU_COUNTER) are named
 * perf:cpu:NAME after LTTNG_PERF_COUNTERS(X), X(NAME, TYPE, CONFIG): the
 * perf event type and config of perf_event_open(2); and
 * perf:cpu:raw:rHEX:NAME for a raw PMU event of config HEX.  Their field in
 * the trace is named after the whole name with ':' and '-' made '_'
 * (perf:cpu:cache-misses: perf_cpu_cache_misses), and a filter reads it as
 * $ctx.perf:cpu:cache-misses when the channel has that context.
 * perf:thread:NAME are LTTng's per-thread counters, which exist for user
 * space only: the kernel domain refuses them, as LTTng does.
 */
#ifndef _LTTNG_CONTEXTS_H
#define _LTTNG_CONTEXTS_H

#define LTTNG_KERNEL_CONTEXTS(X)					\
	X(PID, "pid", INT)						\
	X(PROCNAME, "procname", STR)					\
	X(PRIO, "prio", INT)						\
	X(NICE, "nice", INT)						\
	X(VPID, "vpid", INT)						\
	X(TID, "tid", INT)						\
	X(VTID, "vtid", INT)						\
	X(PPID, "ppid", INT)						\
	X(VPPID, "vppid", INT)						\
	X(HOSTNAME, "hostname", STR)					\
	X(CPU_ID, "cpu_id", INT)					\
	X(INTERRUPTIBLE, "interruptible", INT)				\
	X(PREEMPTIBLE, "preemptible", INT)				\
	X(NEED_RESCHEDULE, "need_reschedule", INT)			\
	X(MIGRATABLE, "migratable", INT)				\
	X(CALLSTACK_KERNEL, "callstack-kernel", NONE)			\
	X(CALLSTACK_USER, "callstack-user", NONE)			\
	X(CGROUP_NS, "cgroup_ns", INT)					\
	X(IPC_NS, "ipc_ns", INT)					\
	X(MNT_NS, "mnt_ns", INT)					\
	X(NET_NS, "net_ns", INT)					\
	X(PID_NS, "pid_ns", INT)					\
	X(TIME_NS, "time_ns", INT)					\
	X(USER_NS, "user_ns", INT)					\
	X(UTS_NS, "uts_ns", INT)					\
	X(UID, "uid", INT)						\
	X(EUID, "euid", INT)						\
	X(SUID, "suid", INT)						\
	X(GID, "gid", INT)						\
	X(EGID, "egid", INT)						\
	X(SGID, "sgid", INT)						\
	X(VUID, "vuid", INT)						\
	X(VEUID, "veuid", INT)						\
	X(VSUID, "vsuid", INT)						\
	X(VGID, "vgid", INT)						\
	X(VEGID, "vegid", INT)						\
	X(VSGID, "vsgid", INT)

/* What a context gives a filter (the FILTER column). */
#define LTTNG_CTX_FILTER_NONE	0
#define LTTNG_CTX_FILTER_INT	1
#define LTTNG_CTX_FILTER_STR	2

/* The values of enum perf_type_id and of the perf_hw_* / perf_sw_* ids
 * (include/uapi/linux/perf_event.h, a stable ABI), so that this table
 * compiles without that header. */
#define LTTNG_PERF_TYPE_HARDWARE	0
#define LTTNG_PERF_TYPE_SOFTWARE	1
#define LTTNG_PERF_TYPE_HW_CACHE	3
#define LTTNG_PERF_TYPE_RAW		4

/* A PERF_TYPE_HW_CACHE config: cache id, operation, result. */
#define LTTNG_PERF_CACHE(_id, _op, _res)	\
	((_id) | ((_op) << 8) | ((_res) << 16))
/* The six counters LTTng names NAME-loads ... NAME-prefetch-misses. */
#define LTTNG_PERF_CACHE6(X, _name, _id)				\
	X(_name "-loads", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 0, 0)) \
	X(_name "-load-misses", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 0, 1)) \
	X(_name "-stores", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 1, 0)) \
	X(_name "-store-misses", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 1, 1)) \
	X(_name "-prefetches", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 2, 0)) \
	X(_name "-prefetch-misses", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(_id, 2, 1))

/* LTTng 2.13's perf counter names (add-context -t perf:cpu:NAME). */
#define LTTNG_PERF_COUNTERS(X)						\
	X("cpu-cycles", LTTNG_PERF_TYPE_HARDWARE, 0)			\
	X("cycles", LTTNG_PERF_TYPE_HARDWARE, 0)			\
	X("stalled-cycles-frontend", LTTNG_PERF_TYPE_HARDWARE, 7)	\
	X("idle-cycles-frontend", LTTNG_PERF_TYPE_HARDWARE, 7)		\
	X("stalled-cycles-backend", LTTNG_PERF_TYPE_HARDWARE, 8)	\
	X("idle-cycles-backend", LTTNG_PERF_TYPE_HARDWARE, 8)		\
	X("instructions", LTTNG_PERF_TYPE_HARDWARE, 1)			\
	X("cache-references", LTTNG_PERF_TYPE_HARDWARE, 2)		\
	X("cache-misses", LTTNG_PERF_TYPE_HARDWARE, 3)			\
	X("branch-instructions", LTTNG_PERF_TYPE_HARDWARE, 4)		\
	X("branches", LTTNG_PERF_TYPE_HARDWARE, 4)			\
	X("branch-misses", LTTNG_PERF_TYPE_HARDWARE, 5)			\
	X("bus-cycles", LTTNG_PERF_TYPE_HARDWARE, 6)			\
	LTTNG_PERF_CACHE6(X, "L1-dcache", 0)				\
	LTTNG_PERF_CACHE6(X, "L1-icache", 1)				\
	LTTNG_PERF_CACHE6(X, "LLC", 2)					\
	LTTNG_PERF_CACHE6(X, "dTLB", 3)					\
	X("iTLB-loads", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(4, 0, 0)) \
	X("iTLB-load-misses", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(4, 0, 1)) \
	X("branch-loads", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(5, 0, 0)) \
	X("branch-load-misses", LTTNG_PERF_TYPE_HW_CACHE, LTTNG_PERF_CACHE(5, 0, 1)) \
	X("cpu-clock", LTTNG_PERF_TYPE_SOFTWARE, 0)			\
	X("task-clock", LTTNG_PERF_TYPE_SOFTWARE, 1)			\
	X("page-fault", LTTNG_PERF_TYPE_SOFTWARE, 2)			\
	X("faults", LTTNG_PERF_TYPE_SOFTWARE, 2)			\
	X("major-faults", LTTNG_PERF_TYPE_SOFTWARE, 6)			\
	X("minor-faults", LTTNG_PERF_TYPE_SOFTWARE, 5)			\
	X("context-switches", LTTNG_PERF_TYPE_SOFTWARE, 3)		\
	X("cs", LTTNG_PERF_TYPE_SOFTWARE, 3)				\
	X("cpu-migrations", LTTNG_PERF_TYPE_SOFTWARE, 4)		\
	X("migrations", LTTNG_PERF_TYPE_SOFTWARE, 4)			\
	X("alignment-faults", LTTNG_PERF_TYPE_SOFTWARE, 7)		\
	X("emulation-faults", LTTNG_PERF_TYPE_SOFTWARE, 8)

#ifndef __KERNEL__
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

/* The name of each kernel context, by enum lttng_abi_context_type. */
static inline const char *lttng_kernel_context_name(unsigned int type)
{
	switch (type) {
#define LTTNG_CTX_NAME_CASE(_id, _name, _f)	\
	case LTTNG_ABI_CTX_##_id: return _name;
	LTTNG_KERNEL_CONTEXTS(LTTNG_CTX_NAME_CASE)
#undef LTTNG_CTX_NAME_CASE
	default:
		return NULL;
	}
}

/* The kernel context named NAME (not a perf counter), or -1. */
static inline int lttng_kernel_context_find(const char *name)
{
#define LTTNG_CTX_FIND(_id, _name, _f)		\
	if (!strcmp(name, _name))		\
		return LTTNG_ABI_CTX_##_id;
	LTTNG_KERNEL_CONTEXTS(LTTNG_CTX_FIND)
#undef LTTNG_CTX_FIND
	return -1;
}

/* What a perf counter name is. */
enum lttng_perf_scope {
	LTTNG_PERF_SCOPE_CPU,		/* perf:cpu:NAME, and perf:NAME */
	LTTNG_PERF_SCOPE_THREAD,	/* perf:thread:NAME (user space) */
};

struct lttng_perf_spec {
	enum lttng_perf_scope scope;
	uint32_t type;
	uint64_t config;
	char field[256];		/* perf_cpu_cycles */
};

/* Every name of LTTNG_PERF_COUNTERS, in order, then NULL. */
static inline const char *lttng_perf_counter_name(unsigned int i)
{
	static const char * const names[] = {
#define LTTNG_PERF_NAME(_n, _t, _c) _n,
		LTTNG_PERF_COUNTERS(LTTNG_PERF_NAME)
#undef LTTNG_PERF_NAME
		NULL
	};

	return i < sizeof(names) / sizeof(names[0]) ? names[i] : NULL;
}

/*
 * Parse a perf counter context name as LTTng 2.13 does: perf:cpu:NAME,
 * perf:thread:NAME and the older perf:NAME (a per-CPU counter) for NAME in
 * LTTNG_PERF_COUNTERS; perf:cpu:raw:rHEX:NAME and perf:thread:raw:rHEX:NAME
 * for a raw PMU event.  0 and *out filled; -ENOENT when NAME is not a perf
 * counter name; -EINVAL for a malformed raw one (msg then says why).
 */
static inline int lttng_perf_counter_parse(const char *name,
					   struct lttng_perf_spec *out,
					   const char **msg)
{
	static const struct {
		const char *name;
		uint32_t type;
		uint64_t config;
	} tbl[] = {
#define LTTNG_PERF_ROW(_n, _t, _c) { _n, _t, _c },
		LTTNG_PERF_COUNTERS(LTTNG_PERF_ROW)
#undef LTTNG_PERF_ROW
	};
	const char *rest, *hex, *colon;
	size_t i;
	char *end;

	*msg = NULL;
	if (strncmp(name, "perf:", 5))
		return -ENOENT;
	if (!strncmp(name + 5, "cpu:", 4)) {
		out->scope = LTTNG_PERF_SCOPE_CPU;
		rest = name + 9;
	} else if (!strncmp(name + 5, "thread:", 7)) {
		out->scope = LTTNG_PERF_SCOPE_THREAD;
		rest = name + 12;
	} else {
		out->scope = LTTNG_PERF_SCOPE_CPU;
		rest = name + 5;
		if (!strncmp(rest, "raw:", 4))
			return -ENOENT;
	}
	if (strlen(name) >= sizeof(out->field))
		return -ENOENT;
	if (!strncmp(rest, "raw:", 4) && rest != name + 5) {
		hex = rest + 4;
		colon = strchr(hex, ':');
		if (!colon || !colon[1]) {
			*msg = "Invalid perf counter specifier, expected a specifier of the form perf:cpu:raw:rNNN:<name> or perf:thread:raw:rNNN:<name>";
			return -EINVAL;
		}
		if (strchr(colon + 1, ':')) {
			*msg = "Too many ':' in perf raw format";
			return -EINVAL;
		}
		if (hex[0] != 'r' || colon - hex < 2) {
			*msg = "Wrong perf raw mask format: expected rNNN";
			return -EINVAL;
		}
		errno = 0;
		out->config = strtoull(hex + 1, &end, 16);
		if (errno || end != colon) {
			*msg = "Wrong perf raw mask format: expected rNNN";
			return -EINVAL;
		}
		out->type = LTTNG_PERF_TYPE_RAW;
	} else {
		for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++)
			if (!strcmp(rest, tbl[i].name))
				break;
		if (i == sizeof(tbl) / sizeof(tbl[0]))
			return -ENOENT;
		out->type = tbl[i].type;
		out->config = tbl[i].config;
	}
	for (i = 0; name[i]; i++)
		out->field[i] = name[i] == ':' || name[i] == '-' ? '_' : name[i];
	out->field[i] = '\0';
	return 0;
}
#endif /* !__KERNEL__ */

#endif /* _LTTNG_CONTEXTS_H */
