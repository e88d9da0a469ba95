/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * define_event_undef.h - forget the field macros of one define_event.h
 * pass before the next defines them again.  No include guard (on purpose).
 */
#undef f_integer
#undef f_integer_hex
#undef f_enum
#undef f_array_text
#undef f_string
#undef f_user_string
#undef f_sequence
