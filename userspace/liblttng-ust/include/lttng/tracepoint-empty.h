/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-empty.h - in a pass of <lttng/tracepoint-event.h>:
 * every provider macro and generic field macro the pass did not define
 * expands to nothing.  No include guard.
 */
#ifndef TRACEPOINT_EVENT
#define TRACEPOINT_EVENT(p, n, args, fields)				\
	TRACEPOINT_EVENT_CLASS(p, n, TP_ARGS(args), TP_FIELDS(fields))	\
	TRACEPOINT_EVENT_INSTANCE(p, n, n, TP_ARGS(args))
#endif
#ifndef TRACEPOINT_EVENT_CLASS
#define TRACEPOINT_EVENT_CLASS(p, c, args, fields)
#endif
#ifndef TRACEPOINT_EVENT_INSTANCE
#define TRACEPOINT_EVENT_INSTANCE(p, c, n, args)
#endif
#ifndef TRACEPOINT_LOGLEVEL
#define TRACEPOINT_LOGLEVEL(p, n, level)
#endif
#ifndef TRACEPOINT_ENUM
#define TRACEPOINT_ENUM(p, e, values)
#endif
#ifndef TRACEPOINT_MODEL_EMF_URI
#define TRACEPOINT_MODEL_EMF_URI(p, n, uri)
#endif
#ifndef _ctf_integer_ext
#define _ctf_integer_ext(t, n, e, b, bo, nw)
#endif
#ifndef _ctf_float
#define _ctf_float(t, n, e, nw)
#endif
#ifndef _ctf_string
#define _ctf_string(n, e, nw)
#endif
#ifndef _ctf_array_ext
#define _ctf_array_ext(t, n, e, l, b, enc, bo, nw)
#endif
#ifndef _ctf_sequence_ext
#define _ctf_sequence_ext(t, n, e, lt, le, b, enc, bo, nw)
#endif
#ifndef _ctf_enum
#define _ctf_enum(p, en, t, n, e, nw)
#endif
#ifndef ctf_enum_value
#define ctf_enum_value(label, v)
#endif
#ifndef ctf_enum_range
#define ctf_enum_range(label, a, b)
#endif
