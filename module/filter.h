/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter.h - event filters in the module: verify, link and run the
 * bytecode of include/lttng-filter.h.  See module/filter.c.
 *
 * Life cycle:
 *
 *   LTTNG_EVENT_FILTER ioctl on an enabler:
 *	lttng_filter_bc_copy(user ptr, len, &bc)	copy + structural check
 *   for every event the enabler matches (now or later):
 *	lttng_filter_link(bc, ev->desc, ctx, &prog)	per-event typing
 *	(ctx: the channel's contexts, for LOAD_CTX_REF, or NULL)
 *   probe, before lttng_event_reserve():
 *	lttng_filter_run(prog, &input)			true: record it
 *   teardown (after the probes are synchronized):
 *	lttng_filter_free(prog); lttng_filter_bc_free(bc);
 *
 * lttng_filter_load() does copy + link in one call for a single event.
 */
#ifndef _LTTNG_MODULE_FILTER_H
#define _LTTNG_MODULE_FILTER_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/compiler.h>
#endif
#include "../include/lttng-filter.h"

struct lttng_event_desc;
struct lttng_ctx;

/*
 * The value of one event field, as the probe gives it (input->fields[i]
 * for the i-th field of the event description):
 *  - integer and enum fields: v, already converted to s64 (a C cast of the
 *    argument: signed types sign-extend, unsigned ones zero-extend);
 *  - strings: ptr to kernel memory, len = the most bytes that may be read
 *    (the string ends at the first NUL or after len bytes);
 *  - arrays and sequences: ptr to the elements (kernel memory, native
 *    layout of the element type of the description), len = element count.
 */
struct lttng_filter_value {
	s64 v;
	const void *ptr;
	u32 len;
};

struct lttng_filter_input {
	const struct lttng_filter_value *fields;
	unsigned int nr_fields;		/* = desc->nr_fields */
};

/* A verified, event-independent copy of the user's bytecode. */
struct lttng_filter_bc {
	u32 len;
	u8 data[];		/* header, refs, code, data pool */
};

/* A program linked against one event description. */
struct lttng_filter_prog;

int lttng_filter_bc_copy(const void __user *ubc, u32 len,
			 struct lttng_filter_bc **out);
/* Same checks on bytecode already in kernel memory (copied). */
int lttng_filter_bc_dup(const void *kbc, u32 len, struct lttng_filter_bc **out);
void lttng_filter_bc_free(struct lttng_filter_bc *bc);

int lttng_filter_link(const struct lttng_filter_bc *bc,
		      const struct lttng_event_desc *desc,
		      const struct lttng_ctx *ctx,
		      struct lttng_filter_prog **out);
int lttng_filter_load(const void __user *ubc, u32 len,
		      const struct lttng_event_desc *desc,
		      struct lttng_filter_prog **out);
void lttng_filter_free(struct lttng_filter_prog *prog);

/* Never sleeps, never allocates, bounded time. */
bool lttng_filter_run(const struct lttng_filter_prog *prog,
		      const struct lttng_filter_input *in);

/*
 * true when the filter can never match this event (a field it reads is
 * missing from the event, or has a type the expression cannot use).
 */
bool lttng_filter_prog_never(const struct lttng_filter_prog *prog);

/*
 * Several rules (enablers) on one event: the event is recorded when one of
 * them matches (LTTng semantics).  A rule without a filter matches all.
 * The core keeps one such list per event (ev->filter) and replaces it with
 * RCU when rules come and go; NULL means "no filter at all".
 */
struct lttng_filter_list {
	unsigned int nr;
	const struct lttng_filter_prog *progs[];
};

static inline bool lttng_filter_list_run(const struct lttng_filter_list *l,
					 const struct lttng_filter_input *in)
{
	unsigned int i;

	for (i = 0; i < l->nr; i++)
		if (lttng_filter_run(l->progs[i], in))
			return true;
	return false;
}

/*
 * Context values for LOAD_CTX, read from the current task and CPU.
 * Returns false when the context is not available; *str and *len are set for
 * string contexts, *v for integer ones.  Provided by filter.c in the
 * kernel; the host unit tests provide their own.
 */
bool lttng_filter_get_ctx(u16 id, s64 *v, const char **str, u32 *len);
/* Whether a context id may be used in a filter, and its kind. */
int lttng_filter_ctx_kind(u16 id);	/* 1 int, 2 str, 0 unsupported */

#endif /* _LTTNG_MODULE_FILTER_H */
