/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint.h - instrument a C program with tracepoints.
 *
 * The declaration API is LTTng-UST's.  A provider header (say tp.h):
 *
 *	#undef TRACEPOINT_PROVIDER
 *	#define TRACEPOINT_PROVIDER myapp
 *	#undef TRACEPOINT_INCLUDE
 *	#define TRACEPOINT_INCLUDE "./tp.h"
 *	#if !defined(MYAPP_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
 *	#define MYAPP_TP_H
 *	#include <lttng/tracepoint.h>
 *
 *	TRACEPOINT_EVENT(myapp, request,
 *		TP_ARGS(int, id, const char *, path, const int *, v, size_t, n),
 *		TP_FIELDS(
 *			ctf_integer(int, id, id)
 *			ctf_string(path, path)
 *			ctf_sequence(int, values, v, unsigned int, n)
 *		)
 *	)
 *	TRACEPOINT_LOGLEVEL(myapp, request, TRACE_INFO)
 *
 *	#endif
 *	#include <lttng/tracepoint-event.h>
 *
 * One .c file of the program defines the probes:
 *
 *	#define TRACEPOINT_DEFINE
 *	#define TRACEPOINT_CREATE_PROBES
 *	#include "tp.h"
 *
 * and the code calls tracepoint(myapp, request, 42, "/x", values, 3);
 * link with -llttng-ust.
 *
 * TP_ARGS lists (type, name) pairs (at most 10, none for TP_ARGS()).  Field
 * macros (separated by nothing; their expressions may use the arguments
 * and are evaluated only when the event is recorded, possibly several
 * times: keep them free of side effects):
 *
 *	ctf_integer(type, field, expr)		decimal integer of sizeof(type)
 *	ctf_integer_hex(type, field, expr)	shown in hexadecimal
 *	ctf_integer_network(type, field, expr)	expr is in network byte order
 *						(big-endian): written as is,
 *						declared big-endian
 *	ctf_integer_network_hex(type, field, expr)
 *	ctf_float(type, field, expr)		float or double
 *	ctf_string(field, expr)			NUL-terminated (NULL: "(null)")
 *	ctf_array(type, field, expr, len)	len integers (len: constant;
 *						arrays and sequences hold
 *						integers only)
 *	ctf_array_hex(type, field, expr, len)
 *	ctf_array_network(type, field, expr, len), ctf_array_network_hex
 *	ctf_array_text(char, field, expr, len)	len chars, shown as text
 *	ctf_sequence(type, field, expr, length_type, length_expr)
 *	ctf_sequence_hex(...), ctf_sequence_network(...),
 *	ctf_sequence_network_hex(...), ctf_sequence_text(char, ...)
 *	ctf_enum(provider, enum, type, field, expr)	labels from
 *		TRACEPOINT_ENUM(provider, enum, TP_ENUM_VALUES(
 *			ctf_enum_value("LABEL", value)
 *			ctf_enum_range("LABEL", first, last)))
 *	ctf_unused(expr)			nothing (an argument kept for
 *						the call's sake)
 *
 * Each has a _nowrite form (ctf_integer_nowrite, ctf_string_nowrite,
 * ctf_array_network_nowrite_hex, ...): the field is not recorded, but a
 * filter (lttng enable-event --filter) can test it.
 *
 * TRACEPOINT_EVENT_CLASS(provider, class, args, fields) +
 * TRACEPOINT_EVENT_INSTANCE(provider, class, name, args) share the fields
 * of a class among several events.  TRACEPOINT_LOGLEVEL(provider, name,
 * TRACE_xxx) sets an event's log level (default TRACE_DEBUG_LINE); the
 * LTTNG_UST_TRACEPOINT_LOGLEVEL_xxx names of LTTng-UST 2.13 work too.
 *
 * Cost: tracepoint() is one load and one predictable branch on the event's
 * flag while no session records the event; its arguments are not even
 * evaluated.  When recording: no system call (vDSO clock, rseq cpu id).
 *
 * Providers in their own shared object, loaded with dlopen() (or
 * LD_PRELOAD) when the program is to be traced: build the provider's
 * .c (TRACEPOINT_CREATE_PROBES) into a shared object linked with
 * -llttng-ust, and in the program define TRACEPOINT_PROBE_DYNAMIC_LINKAGE
 * next to TRACEPOINT_DEFINE in the one file that defines the tracepoints
 * (do not link the program with liblttng-ust).  Until the provider is
 * loaded its tracepoints stay off; see tracepoint-decl.h.
 *
 * Everything named __lttng_ust_* or lttng_ust_rec_* below is the interface
 * between the generated code and liblttng-ust, not for direct use.
 */
#ifndef _LTTNG_TRACEPOINT_H
#define _LTTNG_TRACEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Log levels (LTTng-UST's names and values). */
enum {
	TRACE_EMERG = 0,
	TRACE_ALERT = 1,
	TRACE_CRIT = 2,
	TRACE_ERR = 3,
	TRACE_WARNING = 4,
	TRACE_NOTICE = 5,
	TRACE_INFO = 6,
	TRACE_DEBUG_SYSTEM = 7,
	TRACE_DEBUG_PROGRAM = 8,
	TRACE_DEBUG_PROCESS = 9,
	TRACE_DEBUG_MODULE = 10,
	TRACE_DEBUG_UNIT = 11,
	TRACE_DEBUG_FUNCTION = 12,
	TRACE_DEBUG_LINE = 13,
	TRACE_DEBUG = 14,
};

/* The same, as LTTng-UST 2.13 names them. */
enum {
	LTTNG_UST_TRACEPOINT_LOGLEVEL_EMERG = 0,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_ALERT = 1,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_CRIT = 2,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_ERR = 3,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING = 4,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_NOTICE = 5,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO = 6,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_SYSTEM = 7,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROGRAM = 8,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_PROCESS = 9,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_MODULE = 10,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_UNIT = 11,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_FUNCTION = 12,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG_LINE = 13,
	LTTNG_UST_TRACEPOINT_LOGLEVEL_DEBUG = 14,
};

/* Field types (the values of lttng-ust-abi.h's enum lttng_ust_field_type). */
enum {
	__LTTNG_UST_FT_INTEGER = 0,
	__LTTNG_UST_FT_ENUM = 1,
	__LTTNG_UST_FT_FLOAT = 2,
	__LTTNG_UST_FT_STRING = 3,
	__LTTNG_UST_FT_ARRAY = 4,
	__LTTNG_UST_FT_SEQUENCE = 5,
};

struct lttng_ust_enum_value {
	const char *label;
	long long start;
	long long end;			/* inclusive */
};

struct lttng_ust_field_desc {
	const char *name;
	unsigned char type;		/* __LTTNG_UST_FT_* */
	unsigned char size;		/* bits: integer, enum container, float,
					 * array/sequence element */
	unsigned char is_signed;
	unsigned char base;		/* 10 or 16 */
	unsigned char encoding;		/* 1: text (char arrays/sequences) */
	unsigned char length_size;	/* sequence: bits of its length */
	unsigned char nowrite;		/* 1: for filters only, not recorded */
	unsigned char byte_order;	/* 1: big-endian (network) */
	unsigned int length;		/* array: elements */
	const struct lttng_ust_enum_value *entries;
	unsigned int nr_entries;
};

/* One per event, in the program: tracepoint() reads "enabled". */
struct lttng_ust_event_state {
	int enabled;
	void *priv;			/* liblttng-ust */
};

struct lttng_ust_event_desc {
	const char *name;		/* "provider:event" */
	const int *loglevel;		/* 1 + level, or 0 for the default */
	const struct lttng_ust_field_desc *fields;
	unsigned int nr_fields;
	struct lttng_ust_event_state *state;
	void (*probe)(void);		/* the probe, of the event's type */
	void *priv;			/* liblttng-ust */
};

struct lttng_ust_provider {
	const char *name;
	struct lttng_ust_event_desc *const *descs;
	unsigned int nr_descs;
	struct lttng_ust_provider *next;	/* liblttng-ust */
	int registered;				/* liblttng-ust */
};

/* A field's value for filters (same layout as module/filter.h's). */
struct lttng_ust_fv {
	int64_t v;
	const void *ptr;
	uint32_t len;
};

/* A record being written by a probe. */
struct lttng_ust_rec {
	char *pos;			/* next field byte */
	char *end;			/* end of the reserved payload */
	int any_filter;			/* the probe must fill the filter input */
	int nr_fields;
	uint64_t priv[14];		/* liblttng-ust */
};

/*
 *	if (!lttng_ust_rec_begin(&r, &state))	(nothing records it)
 *		return;
 *	do {
 *		if (!lttng_ust_rec_reserve(&r, fv, len, ip))
 *			write the fields;
 *	} while (lttng_ust_rec_commit_next(&r));
 */
int lttng_ust_rec_begin(struct lttng_ust_rec *r, struct lttng_ust_event_state *st);
int lttng_ust_rec_reserve(struct lttng_ust_rec *r, const struct lttng_ust_fv *fv,
			  size_t len, void *ip);
/* Commits what reserve reserved; 1: another channel records the event. */
int lttng_ust_rec_commit_next(struct lttng_ust_rec *r);
void lttng_ust_provider_register(struct lttng_ust_provider *p);
void lttng_ust_provider_unregister(struct lttng_ust_provider *p);
/*
 * TRACEPOINT_PROBE_DYNAMIC_LINKAGE: the program's stand-in state of an
 * event (site) and the probe it calls (*fn) follow the event name's
 * provider once one is registered; add = 0 forgets them.
 */
void lttng_ust_dyn_site(struct lttng_ust_event_state *site, void (**fn)(void),
			const char *name, int add);

/* Never writes past the reserved payload, whatever the caller asks. */
static inline void lttng_ust_rec_write(struct lttng_ust_rec *r, const void *src,
				       size_t len)
{
	size_t room = (size_t)(r->end - r->pos);

	if (len > room)
		len = room;
	if (len)
		memcpy(r->pos, src, len);
	r->pos += len;
}

/* len = bytes reserved for the string, NUL included (strlen + 1 then). */
static inline void lttng_ust_rec_write_str(struct lttng_ust_rec *r,
					   const char *s, size_t len)
{
	size_t room = (size_t)(r->end - r->pos), n;

	if (!len || len > room)
		return;
	n = strnlen(s, len - 1);	/* the string may have changed */
	memcpy(r->pos, s, n);
	memset(r->pos + n, 0, len - n);
	r->pos += len;
}

/* --- argument lists: TP_ARGS(type, name, ...) ------------------------- */

#define TP_ARGS(...)		__VA_ARGS__
#define TP_FIELDS(...)		__VA_ARGS__
#define TP_ENUM_VALUES(...)	__VA_ARGS__

#define __LTTNG_UST_CAT2(a, b)	a##b
#define __LTTNG_UST_CAT(a, b)	__LTTNG_UST_CAT2(a, b)
#define __LTTNG_UST_STR2(a)	#a
#define __LTTNG_UST_STR(a)	__LTTNG_UST_STR2(a)

#define __LTTNG_UST_NARGS(...)						\
	__LTTNG_UST_NARGS_(_, ##__VA_ARGS__, 20, 19, 18, 17, 16, 15, 14, \
			   13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __LTTNG_UST_NARGS_(_z, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, \
			   _11, _12, _13, _14, _15, _16, _17, _18, _19, \
			   _20, N, ...) N

/* ", t1 n1, t2 n2 ..." (or nothing) */
#define __LTTNG_UST_PC_0()
#define __LTTNG_UST_PC_2(t, n)		, t n
#define __LTTNG_UST_PC_4(t, n, ...)	, t n __LTTNG_UST_PC_2(__VA_ARGS__)
#define __LTTNG_UST_PC_6(t, n, ...)	, t n __LTTNG_UST_PC_4(__VA_ARGS__)
#define __LTTNG_UST_PC_8(t, n, ...)	, t n __LTTNG_UST_PC_6(__VA_ARGS__)
#define __LTTNG_UST_PC_10(t, n, ...)	, t n __LTTNG_UST_PC_8(__VA_ARGS__)
#define __LTTNG_UST_PC_12(t, n, ...)	, t n __LTTNG_UST_PC_10(__VA_ARGS__)
#define __LTTNG_UST_PC_14(t, n, ...)	, t n __LTTNG_UST_PC_12(__VA_ARGS__)
#define __LTTNG_UST_PC_16(t, n, ...)	, t n __LTTNG_UST_PC_14(__VA_ARGS__)
#define __LTTNG_UST_PC_18(t, n, ...)	, t n __LTTNG_UST_PC_16(__VA_ARGS__)
#define __LTTNG_UST_PC_20(t, n, ...)	, t n __LTTNG_UST_PC_18(__VA_ARGS__)
/* ", n1, n2 ..." (or nothing) */
#define __LTTNG_UST_NC_0()
#define __LTTNG_UST_NC_2(t, n)		, n
#define __LTTNG_UST_NC_4(t, n, ...)	, n __LTTNG_UST_NC_2(__VA_ARGS__)
#define __LTTNG_UST_NC_6(t, n, ...)	, n __LTTNG_UST_NC_4(__VA_ARGS__)
#define __LTTNG_UST_NC_8(t, n, ...)	, n __LTTNG_UST_NC_6(__VA_ARGS__)
#define __LTTNG_UST_NC_10(t, n, ...)	, n __LTTNG_UST_NC_8(__VA_ARGS__)
#define __LTTNG_UST_NC_12(t, n, ...)	, n __LTTNG_UST_NC_10(__VA_ARGS__)
#define __LTTNG_UST_NC_14(t, n, ...)	, n __LTTNG_UST_NC_12(__VA_ARGS__)
#define __LTTNG_UST_NC_16(t, n, ...)	, n __LTTNG_UST_NC_14(__VA_ARGS__)
#define __LTTNG_UST_NC_18(t, n, ...)	, n __LTTNG_UST_NC_16(__VA_ARGS__)
#define __LTTNG_UST_NC_20(t, n, ...)	, n __LTTNG_UST_NC_18(__VA_ARGS__)
/* "t1 n1, t2 n2" or "void" */
#define __LTTNG_UST_P_0()		void
#define __LTTNG_UST_P_2(t, n)		t n
#define __LTTNG_UST_P_4(t, n, ...)	t n __LTTNG_UST_PC_2(__VA_ARGS__)
#define __LTTNG_UST_P_6(t, n, ...)	t n __LTTNG_UST_PC_4(__VA_ARGS__)
#define __LTTNG_UST_P_8(t, n, ...)	t n __LTTNG_UST_PC_6(__VA_ARGS__)
#define __LTTNG_UST_P_10(t, n, ...)	t n __LTTNG_UST_PC_8(__VA_ARGS__)
#define __LTTNG_UST_P_12(t, n, ...)	t n __LTTNG_UST_PC_10(__VA_ARGS__)
#define __LTTNG_UST_P_14(t, n, ...)	t n __LTTNG_UST_PC_12(__VA_ARGS__)
#define __LTTNG_UST_P_16(t, n, ...)	t n __LTTNG_UST_PC_14(__VA_ARGS__)
#define __LTTNG_UST_P_18(t, n, ...)	t n __LTTNG_UST_PC_16(__VA_ARGS__)
#define __LTTNG_UST_P_20(t, n, ...)	t n __LTTNG_UST_PC_18(__VA_ARGS__)

/* "n1, n2" or nothing */
#define __LTTNG_UST_N_0()
#define __LTTNG_UST_N_2(t, n)		n
#define __LTTNG_UST_N_4(t, n, ...)	n __LTTNG_UST_NC_2(__VA_ARGS__)
#define __LTTNG_UST_N_6(t, n, ...)	n __LTTNG_UST_NC_4(__VA_ARGS__)
#define __LTTNG_UST_N_8(t, n, ...)	n __LTTNG_UST_NC_6(__VA_ARGS__)
#define __LTTNG_UST_N_10(t, n, ...)	n __LTTNG_UST_NC_8(__VA_ARGS__)
#define __LTTNG_UST_N_12(t, n, ...)	n __LTTNG_UST_NC_10(__VA_ARGS__)
#define __LTTNG_UST_N_14(t, n, ...)	n __LTTNG_UST_NC_12(__VA_ARGS__)
#define __LTTNG_UST_N_16(t, n, ...)	n __LTTNG_UST_NC_14(__VA_ARGS__)
#define __LTTNG_UST_N_18(t, n, ...)	n __LTTNG_UST_NC_16(__VA_ARGS__)
#define __LTTNG_UST_N_20(t, n, ...)	n __LTTNG_UST_NC_18(__VA_ARGS__)

#define __LTTNG_UST_PROTO(...)						\
	__LTTNG_UST_CAT(__LTTNG_UST_P_, __LTTNG_UST_NARGS(__VA_ARGS__))(__VA_ARGS__)
#define __LTTNG_UST_PROTO_C(...)					\
	__LTTNG_UST_CAT(__LTTNG_UST_PC_, __LTTNG_UST_NARGS(__VA_ARGS__))(__VA_ARGS__)
#define __LTTNG_UST_NAMES_C(...)					\
	__LTTNG_UST_CAT(__LTTNG_UST_NC_, __LTTNG_UST_NARGS(__VA_ARGS__))(__VA_ARGS__)
#define __LTTNG_UST_NAMES(...)						\
	__LTTNG_UST_CAT(__LTTNG_UST_N_, __LTTNG_UST_NARGS(__VA_ARGS__))(__VA_ARGS__)

/* C++ programs call the probes of a provider compiled as C. */
#ifdef __cplusplus
#define __LTTNG_UST_EXTERN	extern "C"
#else
#define __LTTNG_UST_EXTERN	extern
#endif

/* Names of the objects of provider p, event or class n. */
#define __LTTNG_UST_EV(p, n)		__lttng_ust_ev__##p##___##n
#define __LTTNG_UST_PROBE(p, n)		__lttng_ust_probe__##p##___##n

/* --- the calls -------------------------------------------------------- */

#define tracepoint_enabled(provider, name)				\
	__builtin_expect(!!__atomic_load_n(&__LTTNG_UST_EV(provider, name).enabled, \
					   __ATOMIC_RELAXED), 0)

#define do_tracepoint(provider, name, ...)				\
	__LTTNG_UST_PROBE(provider, name)(__VA_ARGS__)

#define tracepoint(provider, name, ...)					\
	do {								\
		if (tracepoint_enabled(provider, name))			\
			do_tracepoint(provider, name, ##__VA_ARGS__);	\
	} while (0)

#ifdef __cplusplus
}
#endif

#endif /* _LTTNG_TRACEPOINT_H */

/*
 * Declarations (every inclusion of a provider header, outside of the
 * passes of <lttng/tracepoint-event.h>).
 */
#ifndef __LTTNG_UST_IN_PASSES
#include <lttng/tracepoint-decl.h>
#endif
