// SPDX-License-Identifier: LGPL-2.1-only
/*
 * context.c - the context fields by name, for the client (add-context,
 * MI) and the daemon (save, load).
 *
 * The kernel contexts and the perf counter names are those of
 * include/lttng-contexts.h (the list the module and the filter compiler
 * use too); this file adds what only user space needs: the name LTTng
 * gives a context in session files and MI output (the enum's name: "PID",
 * "CALLSTACK_KERNEL"), the user space contexts (LTTng-UST's names and
 * types), and the <perf> form of a perf counter (perf_event type/config
 * and its field name, "perf_cpu_cycles").
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "protocol.h"
#include "lttng-abi.h"
#include "lttng-ust-abi.h"
#include "lttng-contexts.h"

#define NONE		(-1)

static const struct lttcomm_ctx_desc ctxs[] = {
#define LTTCOMM_CTX_ROW(_id, _name, _f)					\
	{ .name = _name, .config_name = #_id,				\
	  .kernel_type = LTTNG_ABI_CTX_##_id },
	LTTNG_KERNEL_CONTEXTS(LTTCOMM_CTX_ROW)
#undef LTTCOMM_CTX_ROW
	/* user space only */
	{ .name = "pthread_id", .config_name = "PTHREAD_ID", .kernel_type = NONE },
	{ .name = "ip", .config_name = "IP", .kernel_type = NONE },
	{ .name = NULL },
};

/* The contexts of the user space domain (include/lttng-ust-abi.h). */
static const struct {
	const char *name;
	uint32_t type;
} ust_ctxs[] = {
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

/*
 * `add-context --list`: LTTng 2.13's list, in its order: the fields of the
 * table but cpu_id (which it does not list), the user space ones where it
 * puts them, then every perf counter as perf:cpu:NAME and as
 * perf:thread:NAME.
 */
int lttcomm_ctx_list_name(unsigned int i, char *buf, size_t size)
{
	static const char *const after[][2] = {
		{ "pthread_id", "tid" }, { "ip", "hostname" },
	};
	unsigned int n = 0, k, j, nperf = 0;
	const struct lttcomm_ctx_desc *c;
	const char *perf;

	for (c = ctxs; c->name; c++) {
		for (k = 0; k < sizeof(after) / sizeof(after[0]); k++)
			if (!strcmp(c->name, after[k][0]))
				break;
		if (k < sizeof(after) / sizeof(after[0]) ||
		    !strcmp(c->name, "cpu_id"))
			continue;
		if (n++ == i)
			return snprintf(buf, size, "%s", c->name) < 0 ? -1 : 0;
		for (k = 0; k < sizeof(after) / sizeof(after[0]); k++)
			if (!strcmp(c->name, after[k][1]) && n++ == i)
				return snprintf(buf, size, "%s", after[k][0]) < 0 ? -1 : 0;
	}
	while (lttng_perf_counter_name(nperf))
		nperf++;
	i -= n;
	if (i >= 2 * nperf)
		return -1;
	j = i % nperf;
	perf = lttng_perf_counter_name(j);
	snprintf(buf, size, "perf:%s:%s", i < nperf ? "cpu" : "thread", perf);
	return 0;
}

/* The context whose name (or, by_config, whose name in session files)
 * is key. */
static const struct lttcomm_ctx_desc *ctx_find(const char *key, int by_config)
{
	const struct lttcomm_ctx_desc *c;

	for (c = ctxs; c->name; c++)
		if (!strcmp(by_config ? c->config_name : c->name, key))
			return c;
	return NULL;
}

const struct lttcomm_ctx_desc *lttcomm_ctx_by_name(const char *name)
{
	return ctx_find(name, 0);
}

const struct lttcomm_ctx_desc *lttcomm_ctx_by_config(const char *cfg)
{
	return ctx_find(cfg, 1);
}

int lttcomm_ctx_perf_scope(const char *name, int scope, uint32_t *type,
			   uint64_t *config, char *field, size_t size)
{
	struct lttng_perf_spec spec;
	const char *msg;

	if (lttng_perf_counter_parse(name, &spec, &msg) ||
	    (scope >= 0 && (int)spec.scope != scope))
		return -1;
	*type = spec.type;
	*config = spec.config;
	if (field)
		snprintf(field, size, "%s", spec.field);
	return 0;
}

int lttcomm_ctx_perf(const char *name, uint32_t *type, uint64_t *config,
		     char *field, size_t size)
{
	return lttcomm_ctx_perf_scope(name, -1, type, config, field, size);
}

int lttcomm_ctx_by_perf(uint32_t type, uint64_t config, const char *field,
			char *name, size_t size)
{
	char buf[LTTCOMM_NAME_MAX], f[LTTCOMM_NAME_MAX];
	const char *n;
	uint32_t t;
	uint64_t c;
	unsigned int i;
	int found = 0;

	/* a per-thread counter's field is perf_thread_..., else per-CPU */
	const char *scope = strncmp(field, "perf_thread_", 12) ? "cpu" : "thread";

	if (type == LTTNG_PERF_TYPE_RAW) {
		/* perf:SCOPE:raw:rHEX:NAME, whose field (as LTTng saves it) is
		 * perf_SCOPE_raw_rHEX_NAME; another field: NAME is the field */
		char prefix[32];
		int is_raw;
		const char *hex;
		size_t nhex;

		snprintf(prefix, sizeof(prefix), "perf_%s_raw_r", scope);
		is_raw = !strncmp(field, prefix, strlen(prefix));
		hex = is_raw ? field + strlen(prefix) : "";
		nhex = strspn(hex, "0123456789abcdefABCDEF");
		if (is_raw && nhex && hex[nhex] == '_' && hex[nhex + 1])
			snprintf(buf, sizeof(buf), "perf:%s:raw:r%.*s:%s",
				 scope, (int)nhex, hex, hex + nhex + 1);
		else
			snprintf(buf, sizeof(buf), "perf:%s:raw:r%llx:%s",
				 scope, (unsigned long long)config,
				 field[0] ? field : "raw");
		if (lttcomm_ctx_perf(buf, &t, &c, f, sizeof(f)) ||
		    t != type || c != config)
			return -1;
		snprintf(name, size, "%s", buf);
		return 0;
	}
	for (i = 0; (n = lttng_perf_counter_name(i)); i++) {
		snprintf(buf, sizeof(buf), "perf:%s:%s", scope, n);
		if (lttcomm_ctx_perf(buf, &t, &c, f, sizeof(f)) ||
		    t != type || c != config)
			continue;
		/* the counter of that field name, else the first one */
		if (!found || !strcmp(f, field))
			snprintf(name, size, "%s", buf);
		found = 1;
		if (!strcmp(f, field))
			break;
	}
	return found ? 0 : -1;
}

int lttcomm_ctx_fill(const struct lttcomm_ctx_desc *c, uint32_t domain,
		     struct lttcomm_context *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	strcpy(out->name, c->name);
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		if (c->kernel_type < 0)
			return -1;
		out->type = (uint32_t)c->kernel_type;
		return 0;
	}
	for (i = 0; i < sizeof(ust_ctxs) / sizeof(ust_ctxs[0]); i++) {
		if (!strcmp(ust_ctxs[i].name, c->name)) {
			out->type = ust_ctxs[i].type;
			return 0;
		}
	}
	return -1;
}

const char *lttcomm_ust_ctx_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(ust_ctxs) / sizeof(ust_ctxs[0]); i++)
		if (ust_ctxs[i].type == type)
			return ust_ctxs[i].name;
	return NULL;
}

int lttcomm_ctx_resolve(const char *name, uint32_t domain,
			struct lttcomm_context *out, const char **why)
{
	const struct lttcomm_ctx_desc *d = lttcomm_ctx_by_name(name);
	struct lttng_perf_spec spec;

	*why = NULL;
	if (d)
		return lttcomm_ctx_fill(d, domain, out) ? -1 : 0;
	memset(out, 0, sizeof(*out));
	if (strlen(name) >= sizeof(out->name) ||
	    lttng_perf_counter_parse(name, &spec, why))
		return -2;
	strcpy(out->name, name);
	if (domain == LTTCOMM_DOMAIN_UST) {
		/* per-thread counters only, as LTTng-UST */
		if (spec.scope != LTTNG_PERF_SCOPE_THREAD)
			return -1;
		out->type = LTTNG_UST_CTX_PERF_THREAD_COUNTER;
		return 0;
	}
	if (domain != LTTCOMM_DOMAIN_KERNEL)
		return -1;
	/* perf:thread:NAME: sent as a type the daemon refuses, as LTTng's */
	out->type = spec.scope == LTTNG_PERF_SCOPE_CPU ?
		    LTTNG_ABI_CTX_PERF_CPU_COUNTER : LTTNG_ABI_CTX_NR;
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
