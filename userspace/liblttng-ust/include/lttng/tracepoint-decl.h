/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-decl.h - (re)defines the provider macros as
 * declarations: what every file including a provider header sees (the
 * event's flag and its probe function).  No include guard: included by
 * <lttng/tracepoint.h> and again after the passes of
 * <lttng/tracepoint-event.h>.
 *
 * TRACEPOINT_PROBE_DYNAMIC_LINKAGE, in the program's file that defines
 * TRACEPOINT_DEFINE (not in a TRACEPOINT_CREATE_PROBES file): the program
 * itself defines each event's flag (off) and a probe that calls through a
 * pointer (NULL), so that it links without the provider.  Constructors
 * hand them to liblttng-ust, loaded with dlopen("liblttng-ust.so.1") (the
 * program is not linked with it; without it they stay off; where
 * LTTng-UST's library of that name is installed too, ours must come first
 * in the library search path); when the
 * provider's shared object is loaded (dlopen, LD_PRELOAD) and registers,
 * the library points them at its probes and keeps the flags in step with
 * its own (lttng_ust_dyn_site).  Other files of the program keep using
 * the plain declarations below.
 */
#undef TRACEPOINT_EVENT
#undef TRACEPOINT_EVENT_CLASS
#undef TRACEPOINT_EVENT_INSTANCE
#undef TRACEPOINT_LOGLEVEL
#undef TRACEPOINT_ENUM
#undef TRACEPOINT_MODEL_EMF_URI

#define TRACEPOINT_EVENT(p, n, args, fields)				\
	TRACEPOINT_EVENT_CLASS(p, n, TP_ARGS(args), TP_FIELDS(fields))	\
	TRACEPOINT_EVENT_INSTANCE(p, n, n, TP_ARGS(args))
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)
#define TRACEPOINT_LOGLEVEL(p, n, level)
#define TRACEPOINT_ENUM(p, e, values)
#define TRACEPOINT_MODEL_EMF_URI(p, n, uri)

#if defined(TRACEPOINT_DEFINE) && defined(TRACEPOINT_PROBE_DYNAMIC_LINKAGE) && \
	!defined(TRACEPOINT_CREATE_PROBES)

#ifndef __LTTNG_UST_DYN_HELPER
#define __LTTNG_UST_DYN_HELPER
#include <dlfcn.h>

typedef void (*__lttng_ust_dyn_fn_t)(struct lttng_ust_event_state *,
				     void (**)(void), const char *, int);
static __lttng_ust_dyn_fn_t __lttng_ust_dyn_fn;
static int __lttng_ust_dyn_tried;

static inline void __lttng_ust_dyn_link(struct lttng_ust_event_state *site,
					void (**fn)(void), const char *name,
					int add)
{
	if (!__lttng_ust_dyn_tried && add) {
		void *h = dlopen("liblttng-ust.so.1", RTLD_NOW | RTLD_GLOBAL);
		void *f = h ? dlsym(h, "lttng_ust_dyn_site") : NULL;

		/* another tracer's library of that name: leave it */
		if (h && !f)
			dlclose(h);
		memcpy(&__lttng_ust_dyn_fn, &f, sizeof(f));
		__lttng_ust_dyn_tried = 1;
	}
	if (__lttng_ust_dyn_fn)
		__lttng_ust_dyn_fn(site, fn, name, add);
}
#endif

#define __LTTNG_UST_DYN_FN(p, n)	__lttng_ust_dfn__##p##___##n
#define __LTTNG_UST_DYN_REG(p, n)	__lttng_ust_dreg__##p##___##n
#define __LTTNG_UST_DYN_UNREG(p, n)	__lttng_ust_dunreg__##p##___##n
/* A constructor (add 1) or destructor (add 0) that links or unlinks event
 * p:n's site with a loaded liblttng-ust. */
#define __LTTNG_UST_DYN_HOOK(p, n, name, when, fn, add)			\
	static void __attribute__((when)) fn(p, n)(void)		\
	{								\
		__lttng_ust_dyn_link(&__LTTNG_UST_EV(p, n),		\
			(void (**)(void))&__LTTNG_UST_DYN_FN(p, n),	\
			name, add);					\
	}
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)			\
	__LTTNG_UST_EXTERN struct lttng_ust_event_state __LTTNG_UST_EV(p, n); \
	struct lttng_ust_event_state __LTTNG_UST_EV(p, n);		\
	static void (*__LTTNG_UST_DYN_FN(p, n))(__LTTNG_UST_PROTO(args)); \
	__LTTNG_UST_EXTERN void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args)); \
	void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args))		\
	{								\
		void (*__f)(__LTTNG_UST_PROTO(args)) =			\
			__atomic_load_n(&__LTTNG_UST_DYN_FN(p, n),	\
					__ATOMIC_ACQUIRE);		\
									\
		if (__f)						\
			__f(__LTTNG_UST_NAMES(args));			\
	}								\
	__LTTNG_UST_DYN_HOOK(p, n, #p ":" #n, constructor,		\
			     __LTTNG_UST_DYN_REG, 1)			\
	__LTTNG_UST_DYN_HOOK(p, n, #p ":" #n, destructor,		\
			     __LTTNG_UST_DYN_UNREG, 0)
#else
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)			\
	__LTTNG_UST_EXTERN struct lttng_ust_event_state __LTTNG_UST_EV(p, n); \
	__LTTNG_UST_EXTERN void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args));
#endif
