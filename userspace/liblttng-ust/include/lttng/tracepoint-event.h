/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-event.h - included at the end of every provider header.
 * In the one file that defines TRACEPOINT_CREATE_PROBES, it includes the
 * provider header (TRACEPOINT_INCLUDE) again once per pass, each pass
 * giving TRACEPOINT_EVENT_CLASS/INSTANCE and the ctf_*() field macros
 * another meaning, so that everything comes from the one description:
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
#define __LTTNG_UST_FD(n, _type, t, _base, _enc, _len, _lsz, _ent, _nent) \
	{ .name = #n, .type = (_type), .size = sizeof(t) * 8,		\
	  .is_signed = __LTTNG_UST_SIGNED(t), .base = (_base),		\
	  .encoding = (_enc), .length_size = (_lsz), .length = (_len),	\
	  .entries = (_ent), .nr_entries = (_nent) },
#define ctf_integer(t, n, e)	__LTTNG_UST_FD(n, __LTTNG_UST_FT_INTEGER, t, 10, 0, 0, 0, 0, 0)
#define ctf_integer_hex(t, n, e) __LTTNG_UST_FD(n, __LTTNG_UST_FT_INTEGER, t, 16, 0, 0, 0, 0, 0)
#define ctf_float(t, n, e)						\
	{ .name = #n, .type = __LTTNG_UST_FT_FLOAT, .size = sizeof(t) * 8, \
	  .is_signed = 1, .base = 10 },
#define ctf_string(n, e)	__LTTNG_UST_FD(n, __LTTNG_UST_FT_STRING, char, 10, 1, 0, 0, 0, 0)
#define ctf_array(t, n, e, l)	__LTTNG_UST_FD(n, __LTTNG_UST_FT_ARRAY, t, 10, 0, (l), 0, 0, 0)
#define ctf_array_hex(t, n, e, l) __LTTNG_UST_FD(n, __LTTNG_UST_FT_ARRAY, t, 16, 0, (l), 0, 0, 0)
#define ctf_array_text(t, n, e, l) __LTTNG_UST_FD(n, __LTTNG_UST_FT_ARRAY, t, 10, 1, (l), 0, 0, 0)
#define ctf_sequence(t, n, e, lt, le)					\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_SEQUENCE, t, 10, 0, 0, sizeof(lt) * 8, 0, 0)
#define ctf_sequence_hex(t, n, e, lt, le)				\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_SEQUENCE, t, 16, 0, 0, sizeof(lt) * 8, 0, 0)
#define ctf_sequence_text(t, n, e, lt, le)				\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_SEQUENCE, t, 10, 1, 0, sizeof(lt) * 8, 0, 0)
#define ctf_enum(p, en, t, n, e)					\
	__LTTNG_UST_FD(n, __LTTNG_UST_FT_ENUM, t, 10, 0, 0, 0,		\
		       __LTTNG_UST_ENUMTAB(p, en),			\
		       sizeof(__LTTNG_UST_ENUMTAB(p, en)) /		\
		       sizeof(__LTTNG_UST_ENUMTAB(p, en)[0]))
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	static const struct lttng_ust_field_desc __LTTNG_UST_FIELDS(p, c)[] = { fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

#include <lttng/tracepoint-undef.h>
#define ctf_integer(t, n, e)			+ 1
#define ctf_integer_hex(t, n, e)		+ 1
#define ctf_float(t, n, e)			+ 1
#define ctf_string(n, e)			+ 1
/* arrays and sequences of integers only: a float element does not compile */
#define __LTTNG_UST_INT_ELEM(t)						\
	(1 + 0 * sizeof(char[__builtin_classify_type((t)0) == 8 ? -1 : 1]))
#define ctf_array(t, n, e, l)			+ __LTTNG_UST_INT_ELEM(t)
#define ctf_array_hex(t, n, e, l)		+ __LTTNG_UST_INT_ELEM(t)
#define ctf_array_text(t, n, e, l)		+ __LTTNG_UST_INT_ELEM(t)
#define ctf_sequence(t, n, e, lt, le)		+ __LTTNG_UST_INT_ELEM(t)
#define ctf_sequence_hex(t, n, e, lt, le)	+ __LTTNG_UST_INT_ELEM(t)
#define ctf_sequence_text(t, n, e, lt, le)	+ __LTTNG_UST_INT_ELEM(t)
#define ctf_enum(p, en, t, n, e)		+ 1
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	enum { __LTTNG_UST_NF(p, c) = 0 fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

#include <lttng/tracepoint-undef.h>
#define ctf_integer(t, n, e)
#define ctf_integer_hex(t, n, e)
#define ctf_float(t, n, e)
#define ctf_string(n, e)			+ 1
#define ctf_array(t, n, e, l)
#define ctf_array_hex(t, n, e, l)
#define ctf_array_text(t, n, e, l)
#define ctf_sequence(t, n, e, lt, le)		+ 1
#define ctf_sequence_hex(t, n, e, lt, le)	+ 1
#define ctf_sequence_text(t, n, e, lt, le)	+ 1
#define ctf_enum(p, en, t, n, e)
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)			\
	enum { __LTTNG_UST_NDYN(p, c) = 0 fields };
#include <lttng/tracepoint-empty.h>
#include TRACEPOINT_INCLUDE

/* ---- pass 3: payload size ------------------------------------------- */
#include <lttng/tracepoint-undef.h>
#define ctf_integer(t, n, e)			__s += sizeof(t);
#define ctf_integer_hex(t, n, e)		__s += sizeof(t);
#define ctf_float(t, n, e)			__s += sizeof(t);
#define ctf_enum(p, en, t, n, e)		__s += sizeof(t);
#define ctf_string(n, e)						\
	{								\
		const char *__str = (e);				\
		__dyn[__i] = strlen(__str ? __str : "(null)") + 1;	\
		__s += __dyn[__i++];					\
	}
#define ctf_array(t, n, e, l)			__s += sizeof(t) * (size_t)(l);
#define ctf_array_hex(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_array_text(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_sequence(t, n, e, lt, le)					\
	{								\
		__dyn[__i] = (size_t)(lt)(le);				\
		__s += sizeof(lt) + sizeof(t) * __dyn[__i++];		\
	}
#define ctf_sequence_hex(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
#define ctf_sequence_text(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
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
#define __LTTNG_UST_FVI(e)						\
	{ __fv[__f].v = (int64_t)(e); __fv[__f].ptr = 0; __fv[__f].len = 0; __f++; }
#define ctf_integer(t, n, e)			__LTTNG_UST_FVI(e)
#define ctf_integer_hex(t, n, e)		__LTTNG_UST_FVI(e)
#define ctf_enum(p, en, t, n, e)		__LTTNG_UST_FVI(e)
#define ctf_float(t, n, e)			__LTTNG_UST_FVI(0)
#define ctf_string(n, e)						\
	{								\
		const char *__str = (e);				\
		__fv[__f].v = 0;					\
		__fv[__f].ptr = __str ? __str : "(null)";		\
		__fv[__f].len = (uint32_t)__dyn[__i++];			\
		__f++;							\
	}
#define ctf_array(t, n, e, l)						\
	{ __fv[__f].v = 0; __fv[__f].ptr = (e); __fv[__f].len = (uint32_t)(l); __f++; }
#define ctf_array_hex(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_array_text(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_sequence(t, n, e, lt, le)					\
	{								\
		__fv[__f].v = 0;					\
		__fv[__f].ptr = (e);					\
		__fv[__f].len = (uint32_t)__dyn[__i++];			\
		__f++;							\
	}
#define ctf_sequence_hex(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
#define ctf_sequence_text(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
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
#define ctf_integer(t, n, e)						\
	{ t __v = (t)(e); lttng_ust_rec_write(__r, &__v, sizeof(__v)); }
#define ctf_integer_hex(t, n, e)		ctf_integer(t, n, e)
#define ctf_float(t, n, e)			ctf_integer(t, n, e)
#define ctf_enum(p, en, t, n, e)		ctf_integer(t, n, e)
#define ctf_string(n, e)						\
	{								\
		const char *__str = (e);				\
		lttng_ust_rec_write_str(__r, __str ? __str : "(null)",	\
					__dyn[__i++]);			\
	}
#define ctf_array(t, n, e, l)						\
	lttng_ust_rec_write(__r, (e), sizeof(t) * (size_t)(l));
#define ctf_array_hex(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_array_text(t, n, e, l)		ctf_array(t, n, e, l)
#define ctf_sequence(t, n, e, lt, le)					\
	{								\
		lt __l = (lt)__dyn[__i];				\
		lttng_ust_rec_write(__r, &__l, sizeof(__l));		\
		lttng_ust_rec_write(__r, (e), sizeof(t) * __dyn[__i++]); \
	}
#define ctf_sequence_hex(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
#define ctf_sequence_text(t, n, e, lt, le)	ctf_sequence(t, n, e, lt, le)
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
	void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args))		\
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
			if (lttng_ust_rec_reserve(&__r, __fv, __len,	\
					__builtin_return_address(0)))	\
				continue;				\
			__LTTNG_UST_WRITE(p, c)(&__r, __dyn		\
				__LTTNG_UST_NAMES_C(args));		\
			lttng_ust_rec_commit(&__r);			\
		} while (lttng_ust_rec_next(&__r));			\
		lttng_ust_rec_end(&__r);				\
	}								\
	static struct lttng_ust_event_desc __LTTNG_UST_DESC(p, n) = {	\
		.name = #p ":" #n,					\
		.loglevel = &__LTTNG_UST_LL(p, n),			\
		.fields = __LTTNG_UST_FIELDS(p, c),			\
		.nr_fields = __LTTNG_UST_NF(p, c),			\
		.state = &__LTTNG_UST_EV(p, n),				\
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
