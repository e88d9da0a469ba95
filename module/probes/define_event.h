/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * define_event.h - describe an event once, get everything from it.
 *
 * Design
 * ------
 * An event is written once, in a description file (probes/<family>.h):
 *
 *	LTTNG_EVENT(sched_process_exec,		event name in the trace
 *		sched_process_exec,		kernel tracepoint it hooks
 *		LTTNG_PROTO(struct task_struct *p, pid_t old_pid,
 *			    struct linux_binprm *bprm),
 *		LTTNG_ARGS(p, old_pid, bprm),
 *		LTTNG_FIELDS(
 *			f_string(filename, bprm->filename)
 *			f_integer(pid_t, tid, p->pid)
 *			f_integer(pid_t, old_tid, old_pid)
 *		)
 *	)
 *
 * Several events with the same prototype and fields share a class:
 * LTTNG_EVENT_CLASS(class, proto, args, fields) then one
 * LTTNG_EVENT_INSTANCE(class, name, tracepoint) per event.
 *
 * The family's .c file includes the kernel's trace/events header (for the
 * prototypes), names its provider and description file, and includes this
 * header, which includes the description file once per pass, each pass
 * giving the macros another meaning (X-macro style):
 *
 *   pass 1  enum __lttng_ndyn_<class>: how many fields have a run-time size
 *   pass 2  __lttng_fields_<class>[]: struct lttng_field_desc (the core
 *           writes the TSDL declaration from it)
 *   pass 3  __lttng_size_<class>(): the payload size of one record (and the
 *           run-time sizes, kept in __dyn[] for pass 4)
 *   pass 3b __lttng_filter_<class>(): for an event with a filter
 *           (ev->filter), the fields as filter input (Documentation/
 *           filters.rst), run through the filters
 *   pass 4  __lttng_probe_<class>(void *data, <proto>): the tracepoint probe,
 *           data being the struct lttng_event; it sizes the record, runs
 *           the filter if any, reserves the record, writes every field in
 *           order and commits.  Reserve is its only out-of-line call for
 *           an event of fixed-size fields: the size is a compile-time
 *           constant, each field is one store into the slot and the
 *           commit is inline (tracer.h)
 *   pass 5  __lttng_desc_<name>: struct lttng_event_desc, plus a compile
 *           time check that the probe matches the tracepoint's prototype of
 *           the kernel we build against (check_trace_callback_type_<tp>)
 *   pass 6  the provider: every description, registered by sources.c
 *
 * Field kinds (the value expressions may use the probe's arguments; they
 * are evaluated in probe context: no sleeping, no faults):
 *
 *   f_integer(c_type, name, expr)	decimal integer of sizeof(c_type)
 *   f_integer_hex(c_type, name, expr)	same, displayed in hexadecimal
 *   f_pointer(name, expr)		unsigned long, hexadecimal
 *   f_integer_network_hex(c_type, name, expr)
 *					an integer in network byte order,
 *					declared big endian, hexadecimal
 *   f_enum(entries, c_type, name, expr) integer with labels: entries is a
 *					LTTNG_ENUM() table
 *   f_array_text(name, src, len)	char[len] (UTF-8), copied from src
 *   f_string(name, expr)		NUL-terminated kernel string
 *   f_user_string(name, uexpr)		NUL-terminated user string (read
 *					without faulting; "" if unreadable)
 *   f_sequence(c_type, name, count_expr, elem_expr)
 *					unsigned int length then count_expr
 *					elements; elem_expr uses __i (index)
 *
 * The record is packed (8-bit alignment), in description order; strings
 * are sized once and written with exactly that size even if the source
 * changes meanwhile (see lttng_src_write_string()).
 */
#ifndef LTTNG_PROVIDER
#error "define LTTNG_PROVIDER before including define_event.h"
#endif
#ifndef LTTNG_EVENTS_FILE
#error "define LTTNG_EVENTS_FILE before including define_event.h"
#endif

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/compiler.h>
#include "../tracer.h"
#include "../sources.h"
#include "../filter.h"

#define LTTNG_PROTO(...)	__VA_ARGS__
#define LTTNG_ARGS(...)		__VA_ARGS__
#define LTTNG_FIELDS(...)	__VA_ARGS__
#define __LTTNG_PARAMS(...)	__VA_ARGS__
#define __LTTNG_CAT2(a, b)	a##b
#define __LTTNG_CAT(a, b)	__LTTNG_CAT2(a, b)

/* Labels of an enumeration, for f_enum(): LTTNG_ENUM(name, { "A", 0, 0 }, ...) */
#define LTTNG_ENUM(_name, ...)						\
	static const struct lttng_enum_entry _name[] = { __VA_ARGS__ };

/* Expands (lazily) to the current pass's f_integer_hex. */
#define f_pointer(_n, _e)	f_integer_hex(unsigned long, _n, (unsigned long)(_e))
/*
 * An integer kept in network byte order (__be32 ...), written as it is
 * and declared big endian, displayed in hexadecimal: f_integer_hex but in
 * pass 2, which declares it.
 */
#define f_integer_network_hex(_t, _n, _e)	f_integer_hex(_t, _n, _e)

/*
 * Compile-time test of a tracepoint's prototype in the kernel built against,
 * for LTTNG_EVENT_INSTANCE_CHOOSE(): LTTNG_TP_PROTO_IS(hrtimer_start,
 * struct hrtimer *, enum hrtimer_mode, bool).
 */
#define LTTNG_TP_PROTO_IS(_tp, ...)					\
	__builtin_types_compatible_p(typeof(&__traceiter_##_tp),	\
				     int (*)(void *, __VA_ARGS__))

#define __lttng_int_type(_t, _base, _enc)				\
	{								\
		.size = sizeof(_t) * 8,					\
		.alignment = 8,						\
		.signedness = is_signed_type(_t),			\
		.base = (_base),					\
		.encoding = (_enc),					\
	}

/* An event is a class with one instance of the same name. */
#define LTTNG_EVENT(_name, _tp, _proto, _args, _fields)			\
	LTTNG_EVENT_CLASS(_name, __LTTNG_PARAMS(_proto),		\
			  __LTTNG_PARAMS(_args), __LTTNG_PARAMS(_fields)) \
	LTTNG_EVENT_INSTANCE(_name, _name, _tp)

/* ------------------------------------------------------------------ */
/* Pass 1: number of run-time sized fields                             */
/* ------------------------------------------------------------------ */
#define f_integer(_t, _n, _e)
#define f_integer_hex(_t, _n, _e)
#define f_enum(_ent, _t, _n, _e)
#define f_array_text(_n, _src, _len)
#define f_string(_n, _e)		+ 1
#define f_user_string(_n, _e)		+ 1
#define f_sequence(_t, _n, _cnt, _elem)	+ 1
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	enum { __lttng_ndyn_##_class = 0 _fields };
#define LTTNG_EVENT_INSTANCE(_class, _name, _tp)
#define LTTNG_EVENT_INSTANCE_KIND(_class, _name, _kind, _nr)
#define LTTNG_EVENT_INSTANCE_CHOOSE(_cond, _class_t, _class_f, _name, _tp)
#include LTTNG_EVENTS_FILE

/* Pass 1b: user strings and sequences (filter input buffers) */
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
#undef LTTNG_ENUM
#define LTTNG_ENUM(_name, ...)
#define f_integer(_t, _n, _e)
#define f_integer_hex(_t, _n, _e)
#define f_enum(_ent, _t, _n, _e)
#define f_array_text(_n, _src, _len)
#define f_string(_n, _e)
#define f_user_string(_n, _e)		+ 1
#define f_sequence(_t, _n, _cnt, _elem)
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	enum { __lttng_nustr_##_class = 0 _fields };
#include LTTNG_EVENTS_FILE
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
#define f_integer(_t, _n, _e)
#define f_integer_hex(_t, _n, _e)
#define f_enum(_ent, _t, _n, _e)
#define f_array_text(_n, _src, _len)
#define f_string(_n, _e)
#define f_user_string(_n, _e)
#define f_sequence(_t, _n, _cnt, _elem)	+ 1
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	enum { __lttng_nseq_##_class = 0 _fields };
#include LTTNG_EVENTS_FILE

/* ------------------------------------------------------------------ */
/* Pass 2: field descriptions                                          */
/* ------------------------------------------------------------------ */
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
#undef LTTNG_ENUM
#define LTTNG_ENUM(_name, ...)
#define f_integer(_t, _n, _e)						\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = __lttng_int_type(_t, 10, 0) } },
#define f_integer_hex(_t, _n, _e)					\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = __lttng_int_type(_t, 16, 0) } },
#define f_enum(_ent, _t, _n, _e)					\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_ENUM,		\
		.integer = __lttng_int_type(_t, 10, 0),			\
		.entries = _ent, .nr_entries = ARRAY_SIZE(_ent) } },
#define f_array_text(_n, _src, _len)					\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_ARRAY,		\
		.integer = __lttng_int_type(char, 10, 1),		\
		.length = (_len) } },
#define f_string(_n, _e)						\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_STRING,		\
		.integer = __lttng_int_type(char, 10, 1) } },
#define f_user_string(_n, _e)	f_string(_n, _e)
#define f_sequence(_t, _n, _cnt, _elem)					\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_SEQUENCE,		\
		.integer = __lttng_int_type(_t, 10, 0),			\
		.length_type = __lttng_int_type(unsigned int, 10, 0) } },
#undef f_integer_network_hex
#define f_integer_network_hex(_t, _n, _e)				\
	{ .name = #_n, .type = { .kind = LTTNG_TYPE_INTEGER,		\
		.integer = { .size = sizeof(_t) * 8, .alignment = 8,	\
			     .base = 16, .byte_order = 1 } } },
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	static const struct lttng_field_desc __maybe_unused		\
	__lttng_fields_##_class[] = {					\
		_fields							\
	};
#include LTTNG_EVENTS_FILE
#undef f_integer_network_hex
#define f_integer_network_hex(_t, _n, _e)	f_integer_hex(_t, _n, _e)

/* ------------------------------------------------------------------ */
/* Pass 3: payload size (and run-time sizes into __dyn[])               */
/* ------------------------------------------------------------------ */
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
#define f_integer(_t, _n, _e)		__len += sizeof(_t);
#define f_integer_hex(_t, _n, _e)	__len += sizeof(_t);
#define f_enum(_ent, _t, _n, _e)	__len += sizeof(_t);
#define f_array_text(_n, _src, _len)	__len += (_len);
#define f_string(_n, _e)						\
	__dyn[__di] = lttng_src_kstrlen(_e);				\
	__len += __dyn[__di++];
#define f_user_string(_n, _e)						\
	__dyn[__di] = lttng_src_ustrlen(_e);				\
	__len += __dyn[__di++];
#define f_sequence(_t, _n, _cnt, _elem)					\
	__dyn[__di] = (_cnt);						\
	__len += sizeof(unsigned int) + __dyn[__di++] * sizeof(_t);
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	static inline size_t __lttng_size_##_class(size_t *__dyn, _proto) \
	{								\
		size_t __len = 0;					\
		unsigned int __di = 0;					\
									\
		_fields							\
		(void)__dyn;						\
		(void)__di;						\
		return __len;						\
	}
#include LTTNG_EVENTS_FILE

/* ------------------------------------------------------------------ */
/* Pass 3b: the filter, for events that have one (Documentation/filters) */
/* ------------------------------------------------------------------ */
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
#define f_integer(_t, _n, _e)		__fv[__fi++].v = (s64)(_t)(_e);
#define f_integer_hex(_t, _n, _e)	f_integer(_t, _n, _e)
#define f_enum(_ent, _t, _n, _e)	f_integer(_t, _n, _e)
#define f_array_text(_n, _src, _len)					\
	__fv[__fi].ptr = (_src);					\
	__fv[__fi++].len = (_len);
#define f_string(_n, _e)						\
	__fv[__fi].ptr = lttng_src_kstr(_e);				\
	__fv[__fi++].len = __dyn[__di++];
#define f_user_string(_n, _e)						\
	lttng_src_ustr_copy(__ustr[__ui], (const char __user *)(_e),	\
			    __dyn[__di++]);				\
	__fv[__fi].ptr = __ustr[__ui++];				\
	__fv[__fi++].len = LTTNG_FILTER_USTR;
#define f_sequence(_t, _n, _cnt, _elem)					\
	{								\
		_t *__sb = (_t *)__seq[__si++];				\
		unsigned int __i, __n = min_t(size_t, __dyn[__di++],	\
					      LTTNG_FILTER_SEQ);	\
									\
		BUILD_BUG_ON(sizeof(_t) > sizeof(u64));			\
		for (__i = 0; __i < __n; __i++)				\
			__sb[__i] = (_elem);				\
		__fv[__fi].ptr = __sb;					\
		__fv[__fi++].len = __n;					\
	}
/*
 * Out of line, so that the probe of an event without a filter pays
 * neither the time nor the stack.  Returns true when the event is kept.
 */
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	static noinline bool __lttng_filter_##_class(			\
		const struct lttng_filter_list *__fl,			\
		const size_t *__dyn, _proto)				\
	{								\
		struct lttng_filter_value				\
			__fv[ARRAY_SIZE(__lttng_fields_##_class) + 1];	\
		struct lttng_filter_input __in = {			\
			.fields = __fv,					\
			.nr_fields = ARRAY_SIZE(__lttng_fields_##_class), \
		};							\
		char __ustr[__lttng_nustr_##_class + 1][LTTNG_FILTER_USTR]; \
		u64 __seq[__lttng_nseq_##_class + 1][LTTNG_FILTER_SEQ];	\
		unsigned int __fi = 0, __di = 0, __ui = 0, __si = 0;	\
									\
		memset(__fv, 0, sizeof(__fv));				\
		_fields							\
		(void)__ustr;						\
		(void)__seq;						\
		(void)__di;						\
		(void)__ui;						\
		(void)__si;						\
		(void)__fi;						\
		return lttng_filter_list_run(__fl, &__in);		\
	}
#include LTTNG_EVENTS_FILE

/* ------------------------------------------------------------------ */
/* Pass 4: the probe                                                   */
/* ------------------------------------------------------------------ */
#include "define_event_undef.h"
#undef LTTNG_EVENT_CLASS
/*
 * An event whose fields all have a constant size (__fixed) reserved
 * exactly the sum of their sizes: its fields are plain stores through a
 * local cursor (kept in a register), with no bound check.  The others
 * write through lttng_event_write(), which checks each write.
 */
#define __lttng_put(_src, _len)						\
	do {								\
		if (__fixed) {						\
			memcpy(__p, (_src), (_len));			\
			__p += (_len);					\
		} else {						\
			lttng_event_write(&__ctx, (_src), (_len));	\
		}							\
	} while (0);
#define f_integer(_t, _n, _e)						\
	{								\
		_t __v = (_e);						\
									\
		__lttng_put(&__v, sizeof(__v))				\
	}
#define f_integer_hex(_t, _n, _e)	f_integer(_t, _n, _e)
#define f_enum(_ent, _t, _n, _e)	f_integer(_t, _n, _e)
#define f_array_text(_n, _src, _len)	__lttng_put((_src), (_len))
#define f_string(_n, _e)						\
	lttng_src_write_string(&__ctx, (_e), __dyn[__di++], false);
#define f_user_string(_n, _e)						\
	lttng_src_write_string(&__ctx, (const char __force *)(_e),	\
			       __dyn[__di++], true);
#define f_sequence(_t, _n, _cnt, _elem)					\
	{								\
		unsigned int __n = __dyn[__di++], __i;			\
									\
		lttng_event_write(&__ctx, &__n, sizeof(__n));		\
		for (__i = 0; __i < __n; __i++) {			\
			_t __v = (_elem);				\
									\
			lttng_event_write(&__ctx, &__v, sizeof(__v));	\
		}							\
	}
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)		\
	static void __lttng_probe_##_class(void *__data, _proto)	\
	{								\
		struct lttng_event *__ev = __data;			\
		/* filled by reserve/size: no zeroing (INIT_STACK_ALL_ZERO) */ \
		struct lttng_rb_ctx __ctx __uninitialized;		\
		size_t __dyn[__lttng_ndyn_##_class + 1] __uninitialized; \
		const bool __fixed = !__lttng_ndyn_##_class;		\
		char *__p;						\
		unsigned int __di = 0;					\
		size_t __len;						\
		const struct lttng_filter_list *__fl;			\
									\
		if (unlikely(!READ_ONCE(__ev->enabled)))		\
			return;						\
		/* strings cost their length: no sizing unless needed */ \
		if (__lttng_ndyn_##_class &&				\
		    !lttng_event_should_record(__ev))			\
			return;						\
		__len = __lttng_size_##_class(__dyn, _args);		\
		__fl = lttng_src_event_filter(__ev);			\
		if (unlikely(__fl) &&					\
		    (!lttng_event_should_record(__ev) ||		\
		     !__lttng_filter_##_class(__fl, __dyn, _args)))	\
			return;						\
		/* checks should_record itself (tracer.h) */		\
		if (lttng_event_reserve(&__ctx, __ev, __len))		\
			return;						\
		__p = __ctx.pos;					\
		_fields							\
		(void)__di;						\
		if (__fixed)						\
			__ctx.pos = __p;				\
		lttng_event_commit(&__ctx);				\
	}
#include LTTNG_EVENTS_FILE

/* ------------------------------------------------------------------ */
/* Pass 5: event descriptions                                          */
/* ------------------------------------------------------------------ */
#undef LTTNG_EVENT_CLASS
#undef LTTNG_EVENT_INSTANCE
#undef LTTNG_EVENT_INSTANCE_KIND
#undef LTTNG_EVENT_INSTANCE_CHOOSE
#define LTTNG_EVENT_CLASS(_class, _proto, _args, _fields)
#define __lttng_desc_body(_class, _name)				\
	.name = #_name,							\
	.fields = __lttng_fields_##_class,				\
	.nr_fields = ARRAY_SIZE(__lttng_fields_##_class),		\
	.owner = THIS_MODULE
#define LTTNG_EVENT_INSTANCE(_class, _name, _tp)			\
	static inline void __lttng_tpcheck_##_name(void)		\
	{								\
		check_trace_callback_type_##_tp(__lttng_probe_##_class); \
	}								\
	static const struct lttng_event_desc __lttng_desc_##_name = {	\
		__lttng_desc_body(_class, _name),			\
		.kind = LTTNG_DESC_TRACEPOINT,				\
		.tp_name = #_tp,					\
		.probe = __lttng_probe_##_class,			\
		.syscall_nr = -1,					\
	};
/* An event emitted by the sources themselves (statedump, syscalls). */
#define LTTNG_EVENT_INSTANCE_KIND(_class, _name, _kind, _nr)		\
	static const struct lttng_event_desc __lttng_desc_##_name = {	\
		__lttng_desc_body(_class, _name),			\
		.kind = (_kind),					\
		.probe = __lttng_probe_##_class,			\
		.syscall_nr = (_nr),					\
	};
/*
 * A tracepoint whose prototype differs between kernels: _cond is a
 * compile-time constant (see LTTNG_TP_PROTO_IS()) choosing the class whose
 * probe matches the kernel built against; both classes have the same
 * fields.  Only the chosen probe is checked and referenced.
 */
#define LTTNG_EVENT_INSTANCE_CHOOSE(_cond, _class_t, _class_f, _name, _tp) \
	static inline void __lttng_tpcheck_##_name(void)		\
	{								\
		check_trace_callback_type_##_tp(			\
			__builtin_choose_expr(_cond,			\
					      __lttng_probe_##_class_t,	\
					      __lttng_probe_##_class_f)); \
	}								\
	static const struct lttng_event_desc __lttng_desc_##_name = {	\
		__lttng_desc_body(_class_t, _name),			\
		.kind = LTTNG_DESC_TRACEPOINT,				\
		.tp_name = #_tp,					\
		.probe = __builtin_choose_expr(_cond,			\
					       (void *)__lttng_probe_##_class_t, \
					       (void *)__lttng_probe_##_class_f), \
		.syscall_nr = -1,					\
	};
#include LTTNG_EVENTS_FILE

/* ------------------------------------------------------------------ */
/* Pass 6: the provider                                                */
/* ------------------------------------------------------------------ */
#undef LTTNG_EVENT_INSTANCE
#undef LTTNG_EVENT_INSTANCE_KIND
#undef LTTNG_EVENT_INSTANCE_CHOOSE
#define LTTNG_EVENT_INSTANCE(_class, _name, _tp)	&__lttng_desc_##_name,
#define LTTNG_EVENT_INSTANCE_KIND(_class, _name, _kind, _nr)		\
	&__lttng_desc_##_name,
#define LTTNG_EVENT_INSTANCE_CHOOSE(_cond, _class_t, _class_f, _name, _tp) \
	&__lttng_desc_##_name,
static const struct lttng_event_desc * const
__LTTNG_CAT(__lttng_descs_, LTTNG_PROVIDER)[] = {
#include LTTNG_EVENTS_FILE
};

#ifndef LTTNG_PROVIDER_NO_STRUCT
struct lttng_probe_provider __LTTNG_CAT(lttng_provider_, LTTNG_PROVIDER) = {
	.name = __stringify(LTTNG_PROVIDER),
	.descs = __LTTNG_CAT(__lttng_descs_, LTTNG_PROVIDER),
	.nr_descs = ARRAY_SIZE(__LTTNG_CAT(__lttng_descs_, LTTNG_PROVIDER)),
};
#endif

/* Leave the macro names free for another description file. */
#include "define_event_undef.h"
#undef f_pointer
#undef LTTNG_ENUM
#undef LTTNG_EVENT_CLASS
#undef LTTNG_EVENT_INSTANCE
#undef LTTNG_EVENT_INSTANCE_KIND
#undef LTTNG_EVENT_INSTANCE_CHOOSE
#undef __lttng_desc_body
#undef __lttng_put
