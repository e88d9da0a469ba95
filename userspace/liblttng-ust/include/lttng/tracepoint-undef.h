/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-undef.h - between two passes of
 * <lttng/tracepoint-event.h>: forget every provider and field macro (a
 * pass defines those it needs, then <lttng/tracepoint-empty.h> the others).
 * No include guard.
 */
#undef TRACEPOINT_EVENT_CLASS
#undef TRACEPOINT_EVENT_INSTANCE
#undef TRACEPOINT_LOGLEVEL
#undef TRACEPOINT_ENUM
#undef TRACEPOINT_MODEL_EMF_URI
#undef ctf_integer
#undef ctf_integer_hex
#undef ctf_float
#undef ctf_string
#undef ctf_array
#undef ctf_array_hex
#undef ctf_array_text
#undef ctf_sequence
#undef ctf_sequence_hex
#undef ctf_sequence_text
#undef ctf_enum
#undef ctf_enum_value
#undef ctf_enum_range
