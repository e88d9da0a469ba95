// SPDX-License-Identifier: LGPL-2.1-only
/*
 * context.c - the context fields, described once.
 *
 * One row per context name `lttng add-context -t` accepts: the kernel
 * ABI type (and perf counter), the user space type, and the names LTTng
 * gives it in session files and MI output (PID, VPID, ...; perf counters
 * are written as <perf> with perf_event's type/config and LTTng's
 * "perf_cpu_cycles" style name), and the process attribute trackers'
 * names (session files, MI).  Used by the client (add-context, MI)
 * and the daemon (save, load).
 */
#include <stddef.h>
#include <string.h>

#include "protocol.h"
#include "lttng-abi.h"
#include "lttng-ust-abi.h"

/* perf_event_attr type/config of the hardware counters. */
#define PERF_HW		0
#define K(t)		LTTNG_ABI_CTX_##t
#define U(t)		LTTNG_UST_CTX_##t
#define NONE		(-1)
/* perf:cpu:NAME, a hardware counter of config c */
#define PERF(n, abi, c, pn) \
	{ .name = "perf:cpu:" n, .kernel_type = K(PERF_CPU_COUNTER), \
	  .perf = LTTNG_ABI_PERF_##abi, .ust_type = NONE, \
	  .perf_type = PERF_HW, .perf_config = (c), .perf_name = (pn) }

static const struct lttcomm_ctx_desc ctxs[] = {
	{ .name = "pid", .config_name = "PID", .kernel_type = K(PID),
	  .ust_type = NONE },
	{ .name = "procname", .config_name = "PROCNAME", .kernel_type = K(PROCNAME),
	  .ust_type = U(PROCNAME) },
	{ .name = "prio", .config_name = "PRIO", .kernel_type = K(PRIO),
	  .ust_type = NONE },
	{ .name = "nice", .config_name = "NICE", .kernel_type = K(NICE),
	  .ust_type = NONE },
	{ .name = "vpid", .config_name = "VPID", .kernel_type = K(VPID),
	  .ust_type = U(VPID) },
	{ .name = "tid", .config_name = "TID", .kernel_type = K(TID),
	  .ust_type = NONE },
	{ .name = "vtid", .config_name = "VTID", .kernel_type = K(VTID),
	  .ust_type = U(VTID) },
	{ .name = "ppid", .config_name = "PPID", .kernel_type = K(PPID),
	  .ust_type = NONE },
	{ .name = "vppid", .config_name = "VPPID", .kernel_type = K(VPPID),
	  .ust_type = NONE },
	{ .name = "hostname", .config_name = "HOSTNAME", .kernel_type = K(HOSTNAME),
	  .ust_type = NONE },
	{ .name = "cpu_id", .config_name = "CPU_ID", .kernel_type = K(CPU_ID),
	  .ust_type = U(CPU_ID) },
	{ .name = "interruptible", .config_name = "INTERRUPTIBLE", .kernel_type = K(INTERRUPTIBLE),
	  .ust_type = NONE },
	{ .name = "preemptible", .config_name = "PREEMPTIBLE", .kernel_type = K(PREEMPTIBLE),
	  .ust_type = NONE },
	{ .name = "need_reschedule", .config_name = "NEED_RESCHEDULE", .kernel_type = K(NEED_RESCHEDULE),
	  .ust_type = NONE },
	{ .name = "migratable", .config_name = "MIGRATABLE", .kernel_type = K(MIGRATABLE),
	  .ust_type = NONE },
	{ .name = "callstack-kernel", .config_name = "CALLSTACK_KERNEL", .kernel_type = K(CALLSTACK_KERNEL),
	  .ust_type = NONE },
	{ .name = "cgroup_ns", .config_name = "CGROUP_NS", .kernel_type = K(CGROUP_NS),
	  .ust_type = NONE },
	{ .name = "ipc_ns", .config_name = "IPC_NS", .kernel_type = K(IPC_NS),
	  .ust_type = NONE },
	{ .name = "mnt_ns", .config_name = "MNT_NS", .kernel_type = K(MNT_NS),
	  .ust_type = NONE },
	{ .name = "net_ns", .config_name = "NET_NS", .kernel_type = K(NET_NS),
	  .ust_type = NONE },
	{ .name = "pid_ns", .config_name = "PID_NS", .kernel_type = K(PID_NS),
	  .ust_type = NONE },
	{ .name = "time_ns", .config_name = "TIME_NS", .kernel_type = K(TIME_NS),
	  .ust_type = NONE },
	{ .name = "user_ns", .config_name = "USER_NS", .kernel_type = K(USER_NS),
	  .ust_type = NONE },
	{ .name = "uts_ns", .config_name = "UTS_NS", .kernel_type = K(UTS_NS),
	  .ust_type = NONE },
	{ .name = "uid", .config_name = "UID", .kernel_type = K(UID),
	  .ust_type = NONE },
	{ .name = "euid", .config_name = "EUID", .kernel_type = K(EUID),
	  .ust_type = NONE },
	{ .name = "suid", .config_name = "SUID", .kernel_type = K(SUID),
	  .ust_type = NONE },
	{ .name = "gid", .config_name = "GID", .kernel_type = K(GID),
	  .ust_type = NONE },
	{ .name = "egid", .config_name = "EGID", .kernel_type = K(EGID),
	  .ust_type = NONE },
	{ .name = "sgid", .config_name = "SGID", .kernel_type = K(SGID),
	  .ust_type = NONE },
	{ .name = "vuid", .config_name = "VUID", .kernel_type = K(VUID),
	  .ust_type = U(VUID) },
	{ .name = "vgid", .config_name = "VGID", .kernel_type = K(VGID),
	  .ust_type = U(VGID) },
	{ .name = "pthread_id", .config_name = "PTHREAD_ID", .kernel_type = NONE,
	  .ust_type = U(PTHREAD_ID) },
	{ .name = "ip", .config_name = "IP", .kernel_type = NONE,
	  .ust_type = U(IP) },
	{ .name = "veuid", .config_name = "VEUID", .kernel_type = NONE,
	  .ust_type = U(VEUID) },
	{ .name = "vegid", .config_name = "VEGID", .kernel_type = NONE,
	  .ust_type = U(VEGID) },
	PERF("cycles", CPU_CYCLES, 0, "perf_cpu_cycles"),
	PERF("instructions", INSTRUCTIONS, 1, "perf_cpu_instructions"),
	PERF("cache-references", CACHE_REFERENCES, 2, "perf_cpu_cache_references"),
	PERF("cache-misses", CACHE_MISSES, 3, "perf_cpu_cache_misses"),
	PERF("branch-instructions", BRANCH_INSTRUCTIONS, 4, "perf_cpu_branch_instructions"),
	PERF("branch-misses", BRANCH_MISSES, 5, "perf_cpu_branch_misses"),
	{ .name = NULL },
};

const struct lttcomm_ctx_desc *lttcomm_ctx_at(unsigned int i)
{
	return i < sizeof(ctxs) / sizeof(ctxs[0]) - 1 ? &ctxs[i] : NULL;
}

const struct lttcomm_ctx_desc *lttcomm_ctx_by_name(const char *name)
{
	const struct lttcomm_ctx_desc *c;

	for (c = ctxs; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const struct lttcomm_ctx_desc *lttcomm_ctx_by_config(const char *cfg)
{
	const struct lttcomm_ctx_desc *c;

	for (c = ctxs; c->name; c++)
		if (c->config_name && !strcmp(c->config_name, cfg))
			return c;
	return NULL;
}

const struct lttcomm_ctx_desc *lttcomm_ctx_by_perf(uint32_t type,
						   uint64_t config)
{
	const struct lttcomm_ctx_desc *c;

	for (c = ctxs; c->name; c++)
		if (c->perf_name && c->perf_type == type &&
		    c->perf_config == config)
			return c;
	return NULL;
}

int lttcomm_ctx_fill(const struct lttcomm_ctx_desc *c, uint32_t domain,
		     struct lttcomm_context *out)
{
	memset(out, 0, sizeof(*out));
	if (domain == LTTCOMM_DOMAIN_KERNEL ? c->kernel_type < 0 :
					     c->ust_type < 0)
		return -1;
	strcpy(out->name, c->name);
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		out->type = (uint32_t)c->kernel_type;
		out->perf_counter = c->perf;
	} else {
		out->type = (uint32_t)c->ust_type;
	}
	return 0;
}

static const char *const trackers[] = {
	[LTTCOMM_TRACKER_PID] = "pid",
	[LTTCOMM_TRACKER_VPID] = "vpid",
	[LTTCOMM_TRACKER_UID] = "uid",
	[LTTCOMM_TRACKER_VUID] = "vuid",
	[LTTCOMM_TRACKER_GID] = "gid",
	[LTTCOMM_TRACKER_VGID] = "vgid",
};

const char *lttcomm_tracker_name(unsigned int type)
{
	return type <= LTTCOMM_TRACKER_VGID ? trackers[type] : NULL;
}
