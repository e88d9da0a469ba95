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
#include "../../../include/lttng-contexts.h"

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

/*
 * The kernel context type of a name (include/lttng-contexts.h): the perf
 * counters LTTng names too; LTTNG_ABI_CTX_NR for perf:thread:NAME, which
 * the kernel refuses; -1 when unknown (msg: why, for raw counters).
 */
static int kernel_ctx_type(const char *name, const char **msg)
{
	struct lttng_perf_spec perf;
	int type = lttng_kernel_context_find(name), r;

	*msg = NULL;
	if (type >= 0)
		return type;
	r = lttng_perf_counter_parse(name, &perf, msg);
	if (r)
		return -1;
	return perf.scope == LTTNG_PERF_SCOPE_CPU ?
	       LTTNG_ABI_CTX_PERF_CPU_COUNTER : LTTNG_ABI_CTX_NR;
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
static const char *types[MAX_TYPES];
static int ntypes;

/* -t TYPE: checked at once against both tables. */
static int opt_type(const struct cmd_option *o, const char *arg)
{
	const char *why;

	(void)o;
	if (ntypes >= MAX_TYPES) {
		err("Too many context types (at most %d)", MAX_TYPES);
		return CMD_ERROR;
	}
	if (kernel_ctx_type(arg, &why) < 0 &&
	    ust_ctx_type(arg) == LTTCOMM_UST_CTX_INVALID) {
		if (why)
			err("%s", why);
		err("Unknown context type %s", arg);
		return CMD_FATAL;
	}
	types[ntypes++] = arg;
	return 0;
}

static const struct cmd_option options[] = {
	OPT_TARGET(&t),
	OPT_STRING('c', "channel", &channel, "CHANNEL", "Only this channel"),
	OPT_CALLBACK('t', "type", "TYPE", opt_type,
		     "Context field (repeatable): pid, procname, prio,\n"
		     "nice, vpid, tid, vtid, ppid, vppid, hostname,\n"
		     "cpu_id, interruptible, preemptible,\n"
		     "need_reschedule, migratable, callstack-kernel,\n"
		     "callstack-user, cgroup_ns, ipc_ns, mnt_ns, net_ns,\n"
		     "pid_ns, time_ns, user_ns, uts_ns, uid, euid, suid,\n"
		     "gid, egid, sgid, vuid, veuid, vsuid, vgid, vegid,\n"
		     "vsgid, perf:cpu:NAME (LTTng's perf counter names),\n"
		     "perf:cpu:raw:rHEX:NAME\n"
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
	const char *why;
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
		const char *name = types[i];
		int ktype = kernel_ctx_type(name, &why);

		if (domain == LTTCOMM_DOMAIN_KERNEL && ktype < 0) {
			err("Unknown context type %s", name);
			return CMD_FATAL;
		}
		if (strlen(name) >= sizeof(req.ctx.name)) {
			err("Unknown context type %s", name);
			return CMD_FATAL;
		}
		memset(&req.ctx, 0, sizeof(req.ctx));
		strcpy(req.ctx.name, name);
		if (domain == LTTCOMM_DOMAIN_UST)
			req.ctx.type = ust_ctx_type(name);
		else
			req.ctx.type = (uint32_t)ktype;
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
