/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-event.h - included at the end of every provider header.
 * In the one file that defines TRACEPOINT_CREATE_PROBES, it includes the
 * provider header (TRACEPOINT_INCLUDE) again once per pass, each pass
 * giving TRACEPOINT_EVENT_CLASS/INSTANCE and the field macros another
 * meaning, so that everything comes from the one description:
 *
 *   pass 1  enumerations: label tables (TRACEPOINT_ENUM)
 *   pass 2  per class: field descriptions (sent to the session daemon),
 *           the number of fields and of run-time sized fields
 *   pass 3  per class: the payload size of a record (string lengths and
 *           sequence lengths kept in __dyn[] for the next passes)
 *   pass 4  per class: the filter input (one value per field)
 *   pass 5  per class: the serializer (fields in order, packed)
 *   pass 6  per event: its flag, its probe function (size, filter input,
 *           then for each channel recording it: filter, reserve, write,
 *           commit), its log level and description
 *   pass 7  log levels (TRACEPOINT_LOGLEVEL)
 *   pass 8  the provider: its events, registered with liblttng-ust by a
 *           constructor (unregistered by a destructor)
 *
 * The public field macros (ctf_integer, ctf_string_nowrite, ...) are
 * defined once, in lttng/tracepoint-fields.h, in terms of six generic ones
 * (_ctf_integer_ext, _ctf_float, _ctf_string, _ctf_array_ext,
 * _ctf_sequence_ext, _ctf_enum) that each pass defines.  A _nowrite field
 * has a description, a filter value and, when run-time sized, a __dyn[]
 * entry, but no bytes in the record (the daemon never hears of it).  A
 * network field is written as given and declared big-endian; its filter
 * value is converted to the host's order.
 *
 * Each event's probe is defined under an internal name (static), which
 * the provider's description uses, and exported under the public name
 * tracepoint() calls (an alias): a program that defines the public names
 * itself (TRACEPOINT_PROBE_DYNAMIC_LINKAGE) and exports them cannot make
 * the description point at its own trampoline.  The flag is referenced by
 * its public name everywhere: a program reading it from a shared object
 * has its own copy (copy relocation) and that copy is the one to set.
 */
#if defined(TRACEPOINT_CREATE_PROBES) && !defined(__LTTNG_UST_IN_PASSES)
#define __LTTNG_UST_IN_PASSES
#define TRACEPOINT_HEADER_MULTI_READ

#ifndef TRACEPOINT_PROVIDER
#error "define TRACEPOINT_PROVIDER in the provider header"
#endif
#ifndef TRACEPOINT_INCLUDE
#error "define TRACEPOINT_INCLUDE in the provider header"
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-variable"

#define __LTTNG_UST_SIGNED(t)	((t)-1 < (t)1)
#define __LTTNG_UST_ENUMTAB(p, e)	__lttng_ust_enum__##p##__##e
#define __LTTNG_UST_FIELDS(p, c)	__lttng_ust_fields__##p##__##c
#define __LTTNG_UST_NDYN(p, c)		__lttng_ust_ndyn__##p##__##c
#define __LTTNG_UST_NF(p, c)		__lttng_ust_nf__##p##__##c
#define __LTTNG_UST_SIZE(p, c)		__lttng_ust_size__##p##__##c
#define __LTTNG_UST_FILL(p, c)		__lttng_ust_fill__##p##__##c
#define __LTTNG_UST_WRITE(p, c)		__lttng_ust_write__##p##__##c
#define __LTTNG_UST_LL(p, n)		__lttng_ust_ll__##p##___##n
#define __LTTNG_UST_DESC(p, n)		__lttng_ust_desc__##p##___##n
#define __LTTNG_UST_PROBE_IN(p, n)	__lttng_ust_probei__##p##___##n

/* The value of a big-endian integer of type t, in the host's order. */
#define __LTTNG_UST_NTOH(t, v)						\
	((t)(sizeof(t) == 2 ? __builtin_bswap16((uint16_t)(v)) :	\
	     sizeof(t) == 4 ? __builtin_bswap32((uint32_t)(v)) :	\
	     sizeof(t) == 8 ? __builtin_bswap64((uint64_t)(v)) :	\
	     (uint64_t)(v)))

#include <lttng/tracepoint-fields.h>

/* ---- pass 1: enumerations ------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define ctf_enum_value(label, v)	{ (label), (long long)(v), (long long)(v) },
#define ctf_enum_range(label, a, b)	{ (label), (long long)(a), (long long)(b) },
#define TRACEPOINT_ENUM(p, e, values)					\
	static const struct lttng_ust_enum_value __LTTNG_UST_ENUMTAB(p, e)[] = { values };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 2: field descriptions and counts -------------------------- */
#include <lttng/tracepoint-undef.h>
#define __LTTNG_UST_FD(n, _type, t, _base, _enc, _len, _lsz, _ent, _nent, _nw, _bo) \
	{ .name = #n, .type = (_type), .size = sizeof(t) * 8,		\
	  .is_signed = __LTTNG_UST_SIGNED(t), .base = (_base),		\
	  .encoding = (_enc), .length_size = (_lsz), .nowrite = (_nw),	\
	  .byte_order = (_bo), .length = (_len), .entries = (_ent),	\
	  .nr_entries = (_nent) },
#define _ctf_integer_ext(t, n, e, b, bo, nw)				\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_INTEGER, t, b, 0, 0, 0, 0, 0, nw, bo)
#define _ctf_float(t, n, e, nw)						\
	{ .name = #n, .type = __LTTNG_UST_FT_FLOAT, .size = sizeof(t) * 8, \
	  .is_signed = 1, .base = 10, .nowrite = (nw) },
#define _ctf_string(n, e, nw)						\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_STRING, char, 10, 1, 0, 0, 0, 0, nw, 0)
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)			\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_ARRAY, t, b, enc, (l), 0, 0, 0, nw, bo)
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)		\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_SEQUENCE, t, b, enc, 0,	\
		       sizeof(lt) * 8, 0, 0, nw, bo)
#define _ctf_enum(p, en, t, n, e, nw)					\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_ENUM, t, 10, 0, 0, 0,		\
		       __LTTNG_UST_ENUMTAB(p, en),			\
		       sizeof(__LTTNG_UST_ENUMTAB(p, en)) /		\
		       sizeof(__LTTNG_UST_ENUMTAB(p, en)[0]), nw, 0)
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	static const struct lttng_ust_field_desc __LTTNG_UST_FIELDS(p, c)[] = { fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

#include <lttng/tracepoint-undef.h>
/* arrays and sequences of integers only: a float element does not compile */
#define __LTTNG_UST_INT_ELEM(t)						\
	(1 + 0 * sizeof(char[__builtin_classify_type((t)0) == 8 ? -1 : 1]))
#define _ctf_integer_ext(t, n, e, b, bo, nw)			+ 1
#define _ctf_float(t, n, e, nw)					+ 1
#define _ctf_string(n, e, nw)					+ 1
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)		+ __LTTNG_UST_INT_ELEM(t)
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)	+ __LTTNG_UST_INT_ELEM(t)
#define _ctf_enum(p, en, t, n, e, nw)				+ 1
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	enum { __LTTNG_UST_NF(p, c) = 0 fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

#include <lttng/tracepoint-undef.h>
#define _ctf_string(n, e, nw)					+ 1
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)	+ 1
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	enum { __LTTNG_UST_NDYN(p, c) = 0 fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 3: payload size ------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define _ctf_integer_ext(t, n, e, b, bo, nw)	__s += (nw) ? 0 : sizeof(t);
#define _ctf_float(t, n, e, nw)			__s += (nw) ? 0 : sizeof(t);
#define _ctf_enum(p, en, t, n, e, nw)		__s += (nw) ? 0 : sizeof(t);
#define _ctf_string(n, e, nw)						\
	{								\
		const char *__str = (e);				\
		__dyn[__i] = strlen(__str ? __str : "(null)") + 1;	\
		__s += (nw) ? 0 : __dyn[__i];				\
		__i++;							\
	}
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)			\
	__s += (nw) ? 0 : sizeof(t) * (size_t)(l);
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)		\
	{								\
		__dyn[__i] = (size_t)(lt)(le);				\
		__s += (nw) ? 0 : sizeof(lt) + sizeof(t) * __dyn[__i];	\
		__i++;							\
	}
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	static inline size_t __LTTNG_UST_SIZE(p, c)(size_t *__dyn	\
			__LTTNG_UST_PROTO_C(args))			\
	{								\
		size_t __s = 0;						\
		unsigned int __i = 0;					\
									\
		(void)__dyn;						\
		(void)__i;						\
		fields							\
		return __s;						\
	}
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 4: filter input ------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define __LTTNG_UST_FVI(val)						\
	{ __fv[__f].v = (int64_t)(val); __fv[__f].ptr = 0; __fv[__f].len = 0; __f++; }
#define _ctf_integer_ext(t, n, e, b, bo, nw)				\
	__LTTNG_UST_FVI((bo) ? __LTTNG_UST_NTOH(t, (t)(e)) : (t)(e))
#define _ctf_enum(p, en, t, n, e, nw)		__LTTNG_UST_FVI((t)(e))
#define _ctf_float(t, n, e, nw)			__LTTNG_UST_FVI(0)
#define _ctf_string(n, e, nw)						\
	{								\
		const char *__str = (e);				\
		__fv[__f].v = 0;					\
		__fv[__f].ptr = __str ? __str : "(null)";		\
		__fv[__f].len = (uint32_t)__dyn[__i++];			\
		__f++;							\
	}
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)			\
	{ __fv[__f].v = 0; __fv[__f].ptr = (e); __fv[__f].len = (uint32_t)(l); __f++; }
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)		\
	{								\
		__fv[__f].v = 0;					\
		__fv[__f].ptr = (e);					\
		__fv[__f].len = (uint32_t)__dyn[__i++];			\
		__f++;							\
	}
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	static inline void __LTTNG_UST_FILL(p, c)(struct lttng_ust_fv *__fv, \
			const size_t *__dyn __LTTNG_UST_PROTO_C(args))	\
	{								\
		unsigned int __i = 0, __f = 0;				\
									\
		(void)__fv;						\
		(void)__dyn;						\
		(void)__i;						\
		(void)__f;						\
		fields							\
	}
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 5: serializer --------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define _ctf_integer_ext(t, n, e, b, bo, nw)				\
	if (!(nw)) { t __v = (t)(e); lttng_ust_rec_write(__r, &__v, sizeof(__v)); }
#define _ctf_float(t, n, e, nw)		_ctf_integer_ext(t, n, e, 10, 0, nw)
#define _ctf_enum(p, en, t, n, e, nw)	_ctf_integer_ext(t, n, e, 10, 0, nw)
#define _ctf_string(n, e, nw)						\
	{								\
		if (!(nw)) {						\
			const char *__str = (e);			\
			lttng_ust_rec_write_str(__r, __str ? __str : "(null)", \
						__dyn[__i]);		\
		}							\
		__i++;							\
	}
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)			\
	if (!(nw)) lttng_ust_rec_write(__r, (e), sizeof(t) * (size_t)(l));
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)		\
	{								\
		if (!(nw)) {						\
			lt __l = (lt)__dyn[__i];			\
			lttng_ust_rec_write(__r, &__l, sizeof(__l));	\
			lttng_ust_rec_write(__r, (e),			\
					    sizeof(t) * __dyn[__i]);	\
		}							\
		__i++;							\
	}
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	static inline void __LTTNG_UST_WRITE(p, c)(struct lttng_ust_rec *__r, \
			const size_t *__dyn __LTTNG_UST_PROTO_C(args))	\
	{								\
		unsigned int __i = 0;					\
									\
		(void)__dyn;						\
		(void)__i;						\
		fields							\
	}
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 6: events: flag, probe, description ----------------------- */
#include <lttng/tracepoint-undef.h>
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)			\
	struct lttng_ust_event_state __LTTNG_UST_EV(p, n);		\
	static int __LTTNG_UST_LL(p, n);				\
	static void __LTTNG_UST_PROBE_IN(p, n)(__LTTNG_UST_PROTO(args)) \
	{								\
		struct lttng_ust_rec __r;				\
		size_t __dyn[__LTTNG_UST_NDYN(p, c) + 1];		\
		struct lttng_ust_fv __fv[__LTTNG_UST_NF(p, c) + 1];	\
		size_t __len;						\
									\
		if (!lttng_ust_rec_begin(&__r, &__LTTNG_UST_EV(p, n)))	\
			return;						\
		__len = __LTTNG_UST_SIZE(p, c)(__dyn			\
				__LTTNG_UST_NAMES_C(args));		\
		if (__r.any_filter)					\
			__LTTNG_UST_FILL(p, c)(__fv, __dyn		\
				__LTTNG_UST_NAMES_C(args));		\
		__r.nr_fields = __LTTNG_UST_NF(p, c);			\
		do {							\
			if (!lttng_ust_rec_reserve(&__r, __fv, __len,	\
					__builtin_return_address(0)))	\
				__LTTNG_UST_WRITE(p, c)(&__r, __dyn	\
					__LTTNG_UST_NAMES_C(args));	\
		} while (lttng_ust_rec_commit_next(&__r));		\
	}								\
	__LTTNG_UST_EXTERN void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args)) \
		__attribute__((alias(__LTTNG_UST_STR(__LTTNG_UST_PROBE_IN(p, n))))); \
	static struct lttng_ust_event_desc __LTTNG_UST_DESC(p, n) = {	\
		.name = #p ":" #n,					\
		.loglevel = &__LTTNG_UST_LL(p, n),			\
		.fields = __LTTNG_UST_FIELDS(p, c),			\
		.nr_fields = __LTTNG_UST_NF(p, c),			\
		.state = &__LTTNG_UST_EV(p, n),				\
		.probe = (void (*)(void))__LTTNG_UST_PROBE_IN(p, n),	\
	};
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 7: log levels --------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define TRACEPOINT_LOGLEVEL(p, n, level)				\
	static int __LTTNG_UST_LL(p, n) = 1 + (level);
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 8: the provider ------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)	&__LTTNG_UST_DESC(p, n),
#include <lttng/tracepoint-empty.h>
static struct lttng_ust_event_desc *const
__LTTNG_UST_CAT(__lttng_ust_descs__, TRACEPOINT_PROVIDER)[] = {
#include TRACEPOINT_INCLUDE
};

static struct lttng_ust_provider
__LTTNG_UST_CAT(__lttng_ust_provider__, TRACEPOINT_PROVIDER) = {
	.name = __LTTNG_UST_STR(TRACEPOINT_PROVIDER),
	.descs = __LTTNG_UST_CAT(__lttng_ust_descs__, TRACEPOINT_PROVIDER),
	.nr_descs = sizeof(__LTTNG_UST_CAT(__lttng_ust_descs__, TRACEPOINT_PROVIDER)) /
		    sizeof(__LTTNG_UST_CAT(__lttng_ust_descs__, TRACEPOINT_PROVIDER)[0]),
};

static void __attribute__((constructor))
__LTTNG_UST_CAT(__lttng_ust_register__, TRACEPOINT_PROVIDER)(void)
{
	lttng_ust_provider_register(
		&__LTTNG_UST_CAT(__lttng_ust_provider__, TRACEPOINT_PROVIDER));
}

static void __attribute__((destructor))
__LTTNG_UST_CAT(__lttng_ust_unregister__, TRACEPOINT_PROVIDER)(void)
{
	lttng_ust_provider_unregister(
		&__LTTNG_UST_CAT(__lttng_ust_provider__, TRACEPOINT_PROVIDER));
}

#pragma GCC diagnostic pop

/* back to declarations, for provider headers included after this one */
#include <lttng/tracepoint-undef.h>
#undef TRACEPOINT_HEADER_MULTI_READ
#undef __LTTNG_UST_IN_PASSES
#include <lttng/tracepoint-decl.h>
#endif /* TRACEPOINT_CREATE_PROBES */
