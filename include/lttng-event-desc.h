/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng-event-desc.h - what a record holds: the descriptions of types,
 * fields, events and channel contexts.
 *
 * An event is described once, as a struct lttng_event_desc: the module
 * builds its descriptions with the macros of module/probes/define_event.h
 * (the probe, the serializer and the TSDL declaration all come from them);
 * liblttng-ust builds one for each user-space event from its provider's
 * fields.  The filter interpreter (module/filter.c, built in the module,
 * in liblttng-ust and in the host tests) types its bytecode against these
 * descriptions and reads channel contexts through struct lttng_ctx.
 *
 * Shared by the module and user space: only fixed-size types here, no
 * kernel header beyond <linux/types.h> (which user space has too).
 */
#ifndef _LTTNG_EVENT_DESC_H
#define _LTTNG_EVENT_DESC_H

#include <linux/types.h>
#ifndef __KERNEL__
#include <stdbool.h>
#include <stddef.h>
#endif

struct lttng_rb_ctx;
struct module;

/* ------------------------------------------------------------------ */
/* Type descriptions, shared by events and contexts                    */
/* ------------------------------------------------------------------ */

enum lttng_type_kind {
	LTTNG_TYPE_INTEGER,
	LTTNG_TYPE_ENUM,	/* integer container + labelled ranges */
	LTTNG_TYPE_STRING,	/* NUL-terminated UTF-8 */
	LTTNG_TYPE_ARRAY,	/* fixed length, of integers */
	LTTNG_TYPE_SEQUENCE,	/* length integer then elements; in TSDL a
				 * field "_<name>_length" precedes it */
};

struct lttng_integer_type {
	__u8 size;		/* bits: 8, 16, 32, 64 */
	__u8 alignment;		/* bits: 8 on x86 (packed) */
	__u8 signedness;	/* 0 or 1 */
	__u8 base;		/* 10 or 16 (for TSDL display) */
	__u8 encoding;		/* 0: none, 1: UTF8 (char arrays/sequences) */
	__u8 byte_order;	/* 0: native, 1: big endian (network) */
};

struct lttng_enum_entry {
	const char *label;
	__s64 start;
	__s64 end;		/* inclusive */
};

struct lttng_type {
	enum lttng_type_kind kind;
	/* integer; enum container; array/sequence element */
	struct lttng_integer_type integer;
	/* array: element count */
	unsigned int length;
	/* sequence: the type of the length field */
	struct lttng_integer_type length_type;
	/* enum */
	const struct lttng_enum_entry *entries;
	unsigned int nr_entries;
};

struct lttng_field_desc {
	const char *name;
	struct lttng_type type;
};

/* ------------------------------------------------------------------ */
/* Event descriptions                                                  */
/* ------------------------------------------------------------------ */

enum lttng_desc_kind {
	LTTNG_DESC_TRACEPOINT,		/* kernel tracepoint tp_name */
	LTTNG_DESC_SYSCALL_ENTRY,	/* through sys_enter */
	LTTNG_DESC_SYSCALL_EXIT,	/* through sys_exit */
	LTTNG_DESC_COMPAT_SYSCALL_ENTRY,	/* the same, of 32-bit tasks */
	LTTNG_DESC_COMPAT_SYSCALL_EXIT,
	LTTNG_DESC_KPROBE,		/* built at run time */
	LTTNG_DESC_KRETPROBE,		/* built at run time */
	LTTNG_DESC_UPROBE,		/* built at run time */
	LTTNG_DESC_TEST,		/* the test event source, and events
					 * a source emits itself (statedump):
					 * see lttng_desc_for_each_event() */
};

struct lttng_event_desc {
	const char *name;		/* event name in the trace */
	enum lttng_desc_kind kind;
	const char *tp_name;		/* tracepoint to hook (TRACEPOINT) */
	void *probe;			/* tracepoint probe; its data is the
					 * struct lttng_event * */
	const struct lttng_field_desc *fields;
	unsigned int nr_fields;
	int syscall_nr;			/* SYSCALL_*: the syscall number */
	struct module *owner;
};

/* ------------------------------------------------------------------ */
/* Channel contexts                                                    */
/* ------------------------------------------------------------------ */

/* Context fields (implemented by module/context.c). */
struct lttng_ctx_field {
	struct lttng_field_desc field;	/* its TSDL name and type */
	/* bytes this context will write for the current task/cpu */
	size_t (*get_size)(struct lttng_ctx_field *f);
	/* write it with lttng_event_write() */
	void (*record)(struct lttng_ctx_field *f, struct lttng_rb_ctx *ctx);
	void (*destroy)(struct lttng_ctx_field *f);
	/* its value now, for filters (NULL: filters cannot read it) */
	bool (*value)(const struct lttng_ctx_field *f, __s64 *v);
	__u32 abi_type;			/* enum lttng_abi_context_type */
	void *priv;
};

#define LTTNG_MAX_CTX_FIELDS	32

struct lttng_ctx {
	unsigned int nr_fields;
	struct lttng_ctx_field fields[LTTNG_MAX_CTX_FIELDS];
};

#endif /* _LTTNG_EVENT_DESC_H */
