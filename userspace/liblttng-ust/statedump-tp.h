/* SPDX-License-Identifier: MIT */
/*
 * statedump-tp.h - the provider of the statedump (statedump.c), built into
 * liblttng-ust: LTTng-UST 2.13's events, field names, types and log level,
 * which babeltrace2's debug-info filter and lttng-analyses read.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER lttng_ust_statedump

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "statedump-tp.h"

#if !defined(LTTNG_UST_STATEDUMP_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define LTTNG_UST_STATEDUMP_TP_H

#include <stddef.h>
#include <stdint.h>
#include <lttng/tracepoint.h>

TRACEPOINT_EVENT(lttng_ust_statedump, start,
	TP_ARGS(int, unused),
	TP_FIELDS(
		ctf_unused(unused)
	)
)

TRACEPOINT_EVENT(lttng_ust_statedump, bin_info,
	TP_ARGS(uintptr_t, baddr, uint64_t, memsz, const char *, path,
		uint8_t, is_pic, uint8_t, has_build_id, uint8_t, has_debug_link),
	TP_FIELDS(
		ctf_integer_hex(uintptr_t, baddr, baddr)
		ctf_integer(uint64_t, memsz, memsz)
		ctf_string(path, path)
		ctf_integer(uint8_t, is_pic, is_pic)
		ctf_integer(uint8_t, has_build_id, has_build_id)
		ctf_integer(uint8_t, has_debug_link, has_debug_link)
	)
)

TRACEPOINT_EVENT(lttng_ust_statedump, build_id,
	TP_ARGS(uintptr_t, baddr, const uint8_t *, build_id, size_t, build_id_len),
	TP_FIELDS(
		ctf_integer_hex(uintptr_t, baddr, baddr)
		ctf_sequence_hex(uint8_t, build_id, build_id, size_t, build_id_len)
	)
)

TRACEPOINT_EVENT(lttng_ust_statedump, debug_link,
	TP_ARGS(uintptr_t, baddr, const char *, filename, uint32_t, crc),
	TP_FIELDS(
		ctf_integer_hex(uintptr_t, baddr, baddr)
		ctf_integer(uint32_t, crc, crc)
		ctf_string(filename, filename)
	)
)

TRACEPOINT_EVENT(lttng_ust_statedump, procname,
	TP_ARGS(const char *, name),
	TP_FIELDS(
		ctf_array_text(char, procname, name, 17)
	)
)

TRACEPOINT_EVENT(lttng_ust_statedump, end,
	TP_ARGS(int, unused),
	TP_FIELDS(
		ctf_unused(unused)
	)
)

TRACEPOINT_LOGLEVEL(lttng_ust_statedump, start, TRACE_DEBUG_LINE)
TRACEPOINT_LOGLEVEL(lttng_ust_statedump, bin_info, TRACE_DEBUG_LINE)
TRACEPOINT_LOGLEVEL(lttng_ust_statedump, build_id, TRACE_DEBUG_LINE)
TRACEPOINT_LOGLEVEL(lttng_ust_statedump, debug_link, TRACE_DEBUG_LINE)
TRACEPOINT_LOGLEVEL(lttng_ust_statedump, procname, TRACE_DEBUG_LINE)
TRACEPOINT_LOGLEVEL(lttng_ust_statedump, end, TRACE_DEBUG_LINE)

#endif

#include <lttng/tracepoint-event.h>
