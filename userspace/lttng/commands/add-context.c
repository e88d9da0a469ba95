// SPDX-License-Identifier: GPL-2.0-only
/*
 * add-context.c - lttng add-context (-k | -u) -t TYPE [-t TYPE]... [-c CHANNEL]
 *
 * Every -t TYPE is checked against LTTng's context names (the table of
 * userspace/common/context.c, the perf counters of include/lttng-contexts.h)
 * before anything is sent; then one ADD_CONTEXT per type.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

#define MAX_TYPES 64

static struct opt_target t;
static const char *channel;
static const char *types[MAX_TYPES];
static int ntypes;

/* -t TYPE: checked at once against both tables. */
static int opt_type(const struct cmd_option *o, const char *arg)
{
	struct lttcomm_context c;
	const char *why;

	(void)o;
	if (ntypes >= MAX_TYPES) {
		err("Too many context types (at most %d)", MAX_TYPES);
		return CMD_ERROR;
	}
	if (lttcomm_ctx_resolve(arg, LTTCOMM_DOMAIN_KERNEL, &c, &why) == -2) {
		if (why)
			err("%s", why);
		err("Unknown context type %s", arg);
		return CMD_FATAL;
	}
	types[ntypes++] = arg;
	return 0;
}

/* --list: the context types, in the table's order (common/context.c). */
static int opt_list(const struct cmd_option *o, const char *arg)
{
	char name[LTTCOMM_NAME_MAX];
	unsigned int i;

	(void)o;
	(void)arg;
	for (i = 0; !lttcomm_ctx_list_name(i, name, sizeof(name)); i++)
		printf("%s\n", name);
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
		     "callstack-user, cgroup_ns, ipc_ns, mnt_ns, net_ns,\n"
		     "pid_ns, time_ns, user_ns, uts_ns, uid, euid, suid,\n"
		     "gid, egid, sgid, vuid, veuid, vsuid, vgid, vegid,\n"
		     "vsgid, perf:cpu:NAME (LTTng's perf counter names),\n"
		     "perf:cpu:raw:rHEX:NAME\n"
		     "User space (-u): vpid, vtid, procname,\n"
		     "pthread_id, ip, cpu_id, vuid, vgid, veuid, vegid,\n"
		     "perf:thread:NAME, perf:thread:raw:rHEX:NAME"),
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
	struct lttcomm_context_req req = { 0 };
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
	if (check_channel_opt(channel))
		return CMD_ERROR;
	ret = resolve_session_channel(t.session, channel, domain, req.session,
				      req.channel, &req.domain);
	if (ret)
		return ret;
	mi_begin("add-context");
	mi_open("contexts");
	for (i = 0; i < ntypes; i++) {
		const char *name = types[i];

		if (lttcomm_ctx_resolve(name, domain, &req.ctx, &why)) {
			if (domain == LTTCOMM_DOMAIN_KERNEL) {
				err("Unknown context type %s", name);
				mi_end(0);
				return CMD_FATAL;
			}
			/* the daemon answers "UST invalid context" */
			strcpy(req.ctx.name, name);
			req.ctx.type = LTTCOMM_UST_CTX_INVALID;
		}
		dret = client_call(LTTCOMM_CMD_ADD_CONTEXT, &req, sizeof(req),
				   NULL, NULL);
		mi_context(name, dret >= 0);
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
	return mi_end_result(result);
}
