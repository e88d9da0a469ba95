// SPDX-License-Identifier: GPL-2.0-only
/*
 * sources_stub.c - TEMPORARY placeholders for the event-source half of
 * tracer.h, so that the core builds and can be tested alone.  The real
 * implementations (probes/, syscalls.c, kprobes.c, context.c,
 * statedump.c) replace this file at merge: it must then be removed from
 * Kbuild.  Everything here reports "not supported".
 */
#include "tracer.h"

int lttng_syscalls_enabler_update(struct lttng_enabler *en)
{
	return en->enabled ? -ENOSYS : 0;
}

int lttng_kprobes_enabler_update(struct lttng_enabler *en)
{
	return en->enabled ? -ENOSYS : 0;
}

void lttng_sources_event_detach(struct lttng_event *ev)
{
}

void lttng_sources_sync(void)
{
}

int lttng_syscalls_list(char *buf, size_t len, u32 *count, u32 *needed)
{
	*count = 0;
	*needed = 0;
	return 0;
}

int lttng_context_add(struct lttng_ctx *ctx,
		      const struct lttng_abi_context *abi)
{
	return -ENOSYS;
}

void lttng_context_destroy(struct lttng_ctx *ctx)
{
}

size_t lttng_context_size(struct lttng_ctx *ctx)
{
	return 0;
}

void lttng_context_record(struct lttng_ctx *ctx, struct lttng_rb_ctx *rctx)
{
}

void lttng_statedump_session(struct lttng_session *session)
{
}

int lttng_sources_init(void)
{
	return 0;
}

void lttng_sources_exit(void)
{
}
