/* SPDX-License-Identifier: MIT */
/*
 * lttng/tracepoint-fields.h - the field macros of LTTng-UST's declaration
 * API (see lttng/tracepoint.h), each a generic field macro that every
 * pass of <lttng/tracepoint-event.h> defines:
 *
 *   _ctf_integer_ext(type, field, expr, base, big_endian, nowrite)
 *   _ctf_float(type, field, expr, nowrite)
 *   _ctf_string(field, expr, nowrite)
 *   _ctf_array_ext(type, field, expr, length, base, text, big_endian, nowrite)
 *   _ctf_sequence_ext(type, field, expr, length_type, length_expr, base,
 *                     text, big_endian, nowrite)
 *   _ctf_enum(provider, enum, type, field, expr, nowrite)
 */
#ifndef _LTTNG_TRACEPOINT_FIELDS_H
#define _LTTNG_TRACEPOINT_FIELDS_H

#define ctf_integer(t, n, e)		_ctf_integer_ext(t, n, e, 10, 0, 0)
#define ctf_integer_hex(t, n, e)	_ctf_integer_ext(t, n, e, 16, 0, 0)
#define ctf_integer_network(t, n, e)	_ctf_integer_ext(t, n, e, 10, 1, 0)
#define ctf_integer_network_hex(t, n, e) _ctf_integer_ext(t, n, e, 16, 1, 0)
#define ctf_integer_nowrite(t, n, e)	_ctf_integer_ext(t, n, e, 10, 0, 1)

#define ctf_float(t, n, e)		_ctf_float(t, n, e, 0)
#define ctf_float_nowrite(t, n, e)	_ctf_float(t, n, e, 1)

#define ctf_string(n, e)		_ctf_string(n, e, 0)
#define ctf_string_nowrite(n, e)	_ctf_string(n, e, 1)

#define ctf_array(t, n, e, l)		_ctf_array_ext(t, n, e, l, 10, 0, 0, 0)
#define ctf_array_hex(t, n, e, l)	_ctf_array_ext(t, n, e, l, 16, 0, 0, 0)
#define ctf_array_network(t, n, e, l)	_ctf_array_ext(t, n, e, l, 10, 0, 1, 0)
#define ctf_array_network_hex(t, n, e, l) _ctf_array_ext(t, n, e, l, 16, 0, 1, 0)
#define ctf_array_text(t, n, e, l)	_ctf_array_ext(t, n, e, l, 10, 1, 0, 0)
#define ctf_array_nowrite(t, n, e, l)	_ctf_array_ext(t, n, e, l, 10, 0, 0, 1)
#define ctf_array_nowrite_hex(t, n, e, l) _ctf_array_ext(t, n, e, l, 16, 0, 0, 1)
#define ctf_array_network_nowrite(t, n, e, l) \
	_ctf_array_ext(t, n, e, l, 10, 0, 1, 1)
#define ctf_array_network_nowrite_hex(t, n, e, l) \
	_ctf_array_ext(t, n, e, l, 16, 0, 1, 1)
#define ctf_array_text_nowrite(t, n, e, l) _ctf_array_ext(t, n, e, l, 10, 1, 0, 1)

#define ctf_sequence(t, n, e, lt, le)	_ctf_sequence_ext(t, n, e, lt, le, 10, 0, 0, 0)
#define ctf_sequence_hex(t, n, e, lt, le) _ctf_sequence_ext(t, n, e, lt, le, 16, 0, 0, 0)
#define ctf_sequence_network(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 10, 0, 1, 0)
#define ctf_sequence_network_hex(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 16, 0, 1, 0)
#define ctf_sequence_text(t, n, e, lt, le) _ctf_sequence_ext(t, n, e, lt, le, 10, 1, 0, 0)
#define ctf_sequence_nowrite(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 10, 0, 0, 1)
#define ctf_sequence_nowrite_hex(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 16, 0, 0, 1)
#define ctf_sequence_network_nowrite(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 10, 0, 1, 1)
#define ctf_sequence_network_nowrite_hex(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 16, 0, 1, 1)
#define ctf_sequence_text_nowrite(t, n, e, lt, le) \
	_ctf_sequence_ext(t, n, e, lt, le, 10, 1, 0, 1)

#define ctf_enum(p, en, t, n, e)	_ctf_enum(p, en, t, n, e, 0)
#define ctf_enum_nowrite(p, en, t, n, e) _ctf_enum(p, en, t, n, e, 1)

/* an argument that is no field (LTTng's tracef() passes its caller's ip) */
#define ctf_unused(e)
#define ctf_unused_nowrite(e)

#endif /* _LTTNG_TRACEPOINT_FIELDS_H */
