/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-empty.h - in a pass of <lttng/tracepoint-event.h>:
 * every provider and field macro the pass did not define expands to
 * nothing.  No include guard.
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
#ifndef ctf_integer
#define ctf_integer(t, n, e)
#endif
#ifndef ctf_integer_hex
#define ctf_integer_hex(t, n, e)
#endif
#ifndef ctf_float
#define ctf_float(t, n, e)
#endif
#ifndef ctf_string
#define ctf_string(n, e)
#endif
#ifndef ctf_array
#define ctf_array(t, n, e, l)
#endif
#ifndef ctf_array_hex
#define ctf_array_hex(t, n, e, l)
#endif
#ifndef ctf_array_text
#define ctf_array_text(t, n, e, l)
#endif
#ifndef ctf_sequence
#define ctf_sequence(t, n, e, lt, le)
#endif
#ifndef ctf_sequence_hex
#define ctf_sequence_hex(t, n, e, lt, le)
#endif
#ifndef ctf_sequence_text
#define ctf_sequence_text(t, n, e, lt, le)
#endif
#ifndef ctf_enum
#define ctf_enum(p, en, t, n, e)
#endif
#ifndef ctf_enum_value
#define ctf_enum_value(label, v)
#endif
#ifndef ctf_enum_range
#define ctf_enum_range(label, a, b)
#endif
