/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-decl.h - (re)defines the provider macros as
 * declarations: what every file including a provider header sees (the
 * event's flag and its probe function).  No include guard: included by
 * <lttng/tracepoint.h> and again after the passes of
 * <lttng/tracepoint-event.h>.
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
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)			\
	__LTTNG_UST_EXTERN struct lttng_ust_event_state __LTTNG_UST_EV(p, n); \
	__LTTNG_UST_EXTERN void __LTTNG_UST_PROBE(p, n)(__LTTNG_UST_PROTO(args));
#define TRACEPOINT_LOGLEVEL(p, n, level)
#define TRACEPOINT_ENUM(p, e, values)
#define TRACEPOINT_MODEL_EMF_URI(p, n, uri)
