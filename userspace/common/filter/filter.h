/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * filter.h - compile LTTng filter expressions to the bytecode of
 * include/lttng-filter.h (libfilter.a).
 *
 * The CLI calls lttng_filter_check() on --filter EXPR so that syntax and
 * type errors are reported before anything is sent; the daemon calls
 * lttng_filter_compile() and passes the result to the module with
 * LTTNG_EVENT_FILTER.  The language is described in
 * Documentation/filters.rst.
 */
#ifndef _LTTNG_USERSPACE_FILTER_H
#define _LTTNG_USERSPACE_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum lttng_filter_type_class {
	LTTNG_FILTER_FIELD_INTEGER,	/* integers and enums */
	LTTNG_FILTER_FIELD_STRING,	/* strings and text (char) arrays */
	LTTNG_FILTER_FIELD_ARRAY,	/* arrays/sequences of integers */
};

/* One field of the event the filter is meant for. */
struct lttng_filter_field {
	const char *name;
	enum lttng_filter_type_class type;
};

/* The compiled filter: data[0..len) is what LTTNG_EVENT_FILTER takes. */
struct lttng_filter_bytecode {
	uint32_t len;
	unsigned char data[];
};

/* Return values (negative); err receives the message. */
enum lttng_filter_error {
	LTTNG_FILTER_OK = 0,
	LTTNG_FILTER_ERR_SYNTAX = -1,		/* parsing error */
	LTTNG_FILTER_ERR_TYPE = -2,		/* e.g. string == integer */
	LTTNG_FILTER_ERR_UNSUPPORTED = -3,	/* valid LTTng, not here */
	LTTNG_FILTER_ERR_FIELD = -4,		/* unknown field (field list) */
	LTTNG_FILTER_ERR_LIMIT = -5,		/* too long, too deep, ... */
	LTTNG_FILTER_ERR_NOMEM = -6,
	LTTNG_FILTER_ERR_INVAL = -7,		/* bad arguments */
};

/*
 * Compile expr.  fields/nr_fields: the fields of the event, when known:
 * names are then checked and types enforced at compile time.  With
 * fields == NULL (a wildcard rule, or the fields are not known), field
 * names go to the bytecode's field table unchecked and the module matches
 * them against each event: the filter is false for an event that lacks a
 * field or whose field type does not fit the expression.
 *
 * On success returns 0 and *out (free with lttng_filter_bytecode_free()).
 * On error returns a negative enum lttng_filter_error and, when err is not
 * NULL, writes a one-line message such as
 *   "Filter parsing error at 1:12: unexpected ')'"
 * (line:column of the offending token, both from 1).  The CLI prints it
 * after "Error: ".
 */
int lttng_filter_compile(const char *expr, const struct lttng_filter_field *fields,
			 size_t nr_fields, struct lttng_filter_bytecode **out,
			 char *err, size_t errlen);

/* Syntax (and literal type) check only, for the CLI. */
int lttng_filter_check(const char *expr, char *err, size_t errlen);

/*
 * A user-space rule's filter (out NULL: check only, for the CLI).  As in
 * LTTng-UST, structure members ("b.c", "b->c") and application contexts
 * ("$app.PROVIDER:CTX") are accepted: no event of ours has them, so they
 * compile to field references that never resolve and the filter is false.
 */
int lttng_filter_compile_user(const char *expr,
			      struct lttng_filter_bytecode **out, char *err,
			      size_t errlen);

void lttng_filter_bytecode_free(struct lttng_filter_bytecode *bc);

/* Human-readable listing of a bytecode (tests, debugging).  Returns 0, or
 * -1 when the bytecode is malformed (what could be listed is). */
int lttng_filter_dump(const void *bc, size_t len, FILE *out);

#endif /* _LTTNG_USERSPACE_FILTER_H */
