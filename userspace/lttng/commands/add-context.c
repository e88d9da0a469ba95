// SPDX-License-Identifier: GPL-2.0-only
/*
 * add-context.c - lttng add-context (-k | -u) -t TYPE [-t TYPE]... [-c CHANNEL]
 *
 * Every -t TYPE is checked against the table below (LTTng's context
 * names) before anything is sent; then one ADD_CONTEXT per type.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"
#include "../../../include/lttng-abi.h"
#include "../../../include/lttng-ust-abi.h"

static const struct {
	const char *name;
	uint32_t type;
	uint32_t perf;
} ctx_table[] = {
	{ "pid", LTTNG_ABI_CTX_PID, 0 },
	{ "procname", LTTNG_ABI_CTX_PROCNAME, 0 },
	{ "prio", LTTNG_ABI_CTX_PRIO, 0 },
	{ "nice", LTTNG_ABI_CTX_NICE, 0 },
	{ "vpid", LTTNG_ABI_CTX_VPID, 0 },
	{ "tid", LTTNG_ABI_CTX_TID, 0 },
	{ "vtid", LTTNG_ABI_CTX_VTID, 0 },
	{ "ppid", LTTNG_ABI_CTX_PPID, 0 },
	{ "vppid", LTTNG_ABI_CTX_VPPID, 0 },
	{ "hostname", LTTNG_ABI_CTX_HOSTNAME, 0 },
	{ "cpu_id", LTTNG_ABI_CTX_CPU_ID, 0 },
	{ "interruptible", LTTNG_ABI_CTX_INTERRUPTIBLE, 0 },
	{ "preemptible", LTTNG_ABI_CTX_PREEMPTIBLE, 0 },
	{ "need_reschedule", LTTNG_ABI_CTX_NEED_RESCHEDULE, 0 },
	{ "migratable", LTTNG_ABI_CTX_MIGRATABLE, 0 },
	{ "callstack-kernel", LTTNG_ABI_CTX_CALLSTACK_KERNEL, 0 },
	{ "cgroup_ns", LTTNG_ABI_CTX_CGROUP_NS, 0 },
	{ "ipc_ns", LTTNG_ABI_CTX_IPC_NS, 0 },
	{ "mnt_ns", LTTNG_ABI_CTX_MNT_NS, 0 },
	{ "net_ns", LTTNG_ABI_CTX_NET_NS, 0 },
	{ "pid_ns", LTTNG_ABI_CTX_PID_NS, 0 },
	{ "time_ns", LTTNG_ABI_CTX_TIME_NS, 0 },
	{ "user_ns", LTTNG_ABI_CTX_USER_NS, 0 },
	{ "uts_ns", LTTNG_ABI_CTX_UTS_NS, 0 },
	{ "uid", LTTNG_ABI_CTX_UID, 0 },
	{ "euid", LTTNG_ABI_CTX_EUID, 0 },
	{ "suid", LTTNG_ABI_CTX_SUID, 0 },
	{ "gid", LTTNG_ABI_CTX_GID, 0 },
	{ "egid", LTTNG_ABI_CTX_EGID, 0 },
	{ "sgid", LTTNG_ABI_CTX_SGID, 0 },
	{ "vuid", LTTNG_ABI_CTX_VUID, 0 },
	{ "vgid", LTTNG_ABI_CTX_VGID, 0 },
	{ "perf:cpu:cycles", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_CPU_CYCLES },
	{ "perf:cpu:instructions", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_INSTRUCTIONS },
	{ "perf:cpu:cache-misses", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_CACHE_MISSES },
	{ "perf:cpu:cache-references", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_CACHE_REFERENCES },
	{ "perf:cpu:branch-misses", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_BRANCH_MISSES },
	{ "perf:cpu:branch-instructions", LTTNG_ABI_CTX_PERF_CPU_COUNTER, LTTNG_ABI_PERF_BRANCH_INSTRUCTIONS },
};

#define CTX_NR (sizeof(ctx_table) / sizeof(ctx_table[0]))

/* User space contexts (include/lttng-ust-abi.h), LTTng-UST's names. */
static const struct {
	const char *name;
	uint32_t type;
} ust_ctx_table[] = {
	{ "vpid", LTTNG_UST_CTX_VPID },
	{ "vtid", LTTNG_UST_CTX_VTID },
	{ "procname", LTTNG_UST_CTX_PROCNAME },
	{ "pthread_id", LTTNG_UST_CTX_PTHREAD_ID },
	{ "ip", LTTNG_UST_CTX_IP },
	{ "cpu_id", LTTNG_UST_CTX_CPU_ID },
	{ "vuid", LTTNG_UST_CTX_VUID },
	{ "vgid", LTTNG_UST_CTX_VGID },
	{ "veuid", LTTNG_UST_CTX_VEUID },
	{ "vegid", LTTNG_UST_CTX_VEGID },
};

#define UST_CTX_NR (sizeof(ust_ctx_table) / sizeof(ust_ctx_table[0]))

/* Index in ctx_table, or CTX_NR + index in ust_ctx_table. */
static int find_ctx_any(const char *name)
{
	size_t i;

	for (i = 0; i < CTX_NR; i++)
		if (!strcmp(ctx_table[i].name, name))
			return (int)i;
	for (i = 0; i < UST_CTX_NR; i++)
		if (!strcmp(ust_ctx_table[i].name, name))
			return (int)(CTX_NR + i);
	return -1;
}

static const char *ctx_name(int idx)
{
	return idx < (int)CTX_NR ? ctx_table[idx].name :
				   ust_ctx_table[idx - CTX_NR].name;
}

/* The type sent for the UST domain. */
static uint32_t ust_ctx_type(const char *name)
{
	size_t i;

	for (i = 0; i < UST_CTX_NR; i++)
		if (!strcmp(ust_ctx_table[i].name, name))
			return ust_ctx_table[i].type;
	return LTTCOMM_UST_CTX_INVALID;
}
#define MAX_TYPES 64

static struct opt_target t;
static const char *channel;
static int types[MAX_TYPES], ntypes;

/* -t TYPE: checked at once against both tables. */
static int opt_type(const struct cmd_option *o, const char *arg)
{
	(void)o;
	if (ntypes >= MAX_TYPES) {
		err("Too many context types (at most %d)", MAX_TYPES);
		return CMD_ERROR;
	}
	types[ntypes] = find_ctx_any(arg);
	if (types[ntypes] < 0) {
		err("Unknown context type %s", arg);
		return CMD_FATAL;
	}
	ntypes++;
	return 0;
}

/* --list: the context types, kernel's then user space's own, once each. */
static int opt_list(const struct cmd_option *o, const char *arg)
{
	size_t i;

	(void)o;
	(void)arg;
	for (i = 0; i < CTX_NR + UST_CTX_NR; i++)
		if (find_ctx_any(ctx_name((int)i)) == (int)i)
			printf("%s\n", ctx_name((int)i));
	return OPT_DONE;
}

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_CALLBACK_NOARG(0, "list", opt_list, 0,
			   "List the context types and exit"),
	OPT_STRING('c', "channel", &channel, "CHANNEL", "Only this channel"),
	OPT_CALLBACK('t', "type", "TYPE", opt_type,
		     "Context field (repeatable): pid, procname, prio,\n"
		     "nice, vpid, tid, vtid, ppid, vppid, hostname,\n"
		     "cpu_id, interruptible, preemptible,\n"
		     "need_reschedule, migratable, callstack-kernel,\n"
		     "cgroup_ns, ipc_ns, mnt_ns, net_ns, pid_ns,\n"
		     "time_ns, user_ns, uts_ns, uid, euid, suid, gid,\n"
		     "egid, sgid, vuid, vgid, perf:cpu:cycles,\n"
		     "perf:cpu:instructions, perf:cpu:cache-misses,\n"
		     "perf:cpu:cache-references,\n"
		     "perf:cpu:branch-misses,\n"
		     "perf:cpu:branch-instructions\n"
		     "User space (-u): vpid, vtid, procname,\n"
		     "pthread_id, ip, cpu_id, vuid, vgid, veuid, vegid"),
	OPT_COMMON(),
	OPT_END(),
};

const struct cmd_spec spec_add_context = {
	.name = "add-context",
	.summary = "Add context fields to be recorded",
	.usage =
"Usage: lttng [GENERAL OPTIONS] add-context (--kernel | --userspace)\n"
"             [--session=SESSION] [--channel=CHANNEL] --type=TYPE...\n"
"\n"
"Record the context fields TYPE with every event of CHANNEL (default:\n"
"every channel of the domain).\n"
"\n",
	.options = options,
};

int cmd_add_context(int argc, char **argv)
{
	struct lttcomm_context_req req;
	int ret, domain, i;
	int result = CMD_SUCCESS;
	int32_t dret;

	if (parse_options(&spec_add_context, argc, argv, &ret))
		return ret;
	if (check_extra_args(argc, argv, 0))
		return CMD_ERROR;
	if (!ntypes) {
		err("Missing mandatory -t TYPE");
		return CMD_ERROR;
	}
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &domain);
	if (ret)
		return ret;
	if (channel && strlen(channel) >= LTTCOMM_NAME_MAX) {
		err("%s", error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME));
		return CMD_ERROR;
	}
	memset(&req, 0, sizeof(req));
	ret = resolve_session(t.session, req.session, sizeof(req.session));
	if (ret)
		return ret;
	if (channel)
		strcpy(req.channel, channel);
	req.domain = domain;
	for (i = 0; i < ntypes; i++) {
		const char *name = ctx_name(types[i]);

		if (domain == LTTCOMM_DOMAIN_KERNEL && types[i] >= (int)CTX_NR) {
			err("Unknown context type %s", name);
			return CMD_FATAL;
		}
		memset(&req.ctx, 0, sizeof(req.ctx));
		strcpy(req.ctx.name, name);
		if (domain == LTTCOMM_DOMAIN_UST) {
			req.ctx.type = ust_ctx_type(name);
		} else {
			req.ctx.type = ctx_table[types[i]].type;
			req.ctx.perf_counter = ctx_table[types[i]].perf;
		}
		dret = client_call(LTTCOMM_CMD_ADD_CONTEXT, &req, sizeof(req),
				   NULL, NULL);
		if (dret < 0) {
			err("%s: %s", name, error_str(dret));
			result = CMD_WARNING;
			if (dret == CLIENT_ERR_NO_SESSIOND)
				break;
		} else if (channel) {
			msg("%s context %s added to channel %s",
			    domain_name(domain), name, channel);
		} else {
			msg("%s context %s added to all channels",
			    domain_name(domain), name);
		}
	}
	return result;
}
