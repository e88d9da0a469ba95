/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-undef.h - between two passes of
 * <lttng/tracepoint-event.h>: forget every provider macro and generic
 * field macro (a pass defines those it needs, then
 * <lttng/tracepoint-empty.h> the others).  No include guard.
 */
#undef TRACEPOINT_EVENT_CLASS
#undef TRACEPOINT_EVENT_INSTANCE
#undef TRACEPOINT_LOGLEVEL
#undef TRACEPOINT_ENUM
#undef TRACEPOINT_MODEL_EMF_URI
#undef _ctf_integer_ext
#undef _ctf_float
#undef _ctf_string
#undef _ctf_array_ext
#undef _ctf_sequence_ext
#undef _ctf_enum
#undef ctf_enum_value
#undef ctf_enum_range
