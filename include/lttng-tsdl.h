/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-tsdl.h - the CTF 1.8 metadata (TSDL) text shared by the kernel
 * tracer's metadata (module/metadata.c) and the session daemon's UST
 * metadata (userspace/lttng-sessiond/ust-metadata.c): both domains write
 * the same basic types, trace block, clock and packet/event headers (the
 * layout LTTng 2.13 uses, which babeltrace2, Trace Compass and
 * lttng-analyses read), and only their env blocks, streams and events
 * differ.
 *
 * Blocks that hold a value are printf formats; the conversion is a macro
 * argument because the kernel's printf has its own (%pUb for a UUID).
 * The packet header, packet context and event header describe the layout
 * of include/lttng-ctf-layout.h, and are built from it.
 */
#ifndef _LTTNG_TSDL_H
#define _LTTNG_TSDL_H

#include "lttng-ctf-layout.h"

/* one field of the packet header (in the trace block) or context */
#define LTTNG_TSDL_HEADER_FIELD(ctype, name, tsdl)	"\t\t" tsdl " " #name ";\n"
#define LTTNG_TSDL_CONTEXT_FIELD(ctype, name, tsdl)	"\t" tsdl " " #name ";\n"
#define LTTNG_TSDL_ID_BITS	LTTNG_CTF_STR(LTTNG_CTF_EVENT_ID_BITS)
#define LTTNG_TSDL_TS_BITS	LTTNG_CTF_STR(LTTNG_CTF_COMPACT_TS_BITS)

#define LTTNG_TSDL_BASIC_TYPES \
	"/* CTF 1.8 */\n\n" \
	"typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n" \
	"typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n" \
	"typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n" \
	"typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n" \
	"typealias integer { size = 64; align = 8; signed = false; } := unsigned long;\n" \
	"typealias integer { size = " LTTNG_TSDL_ID_BITS "; align = 1; signed = false; } := uint" LTTNG_TSDL_ID_BITS "_t;\n" \
	"typealias integer { size = " LTTNG_TSDL_TS_BITS "; align = 1; signed = false; } := uint" LTTNG_TSDL_TS_BITS "_t;\n\n"

/* One argument: the trace UUID (conversion UUID_FMT). */
#define LTTNG_TSDL_TRACE(UUID_FMT) \
	"trace {\n" \
	"\tmajor = 1;\n" \
	"\tminor = 8;\n" \
	"\tuuid = \"" UUID_FMT "\";\n" \
	"\tbyte_order = le;\n" \
	"\tpacket.header := struct {\n" \
	LTTNG_CTF_PACKET_HEADER_FIELDS(LTTNG_TSDL_HEADER_FIELD) \
	"\t};\n" \
	"};\n\n"

/*
 * The clock block: LTTNG_TSDL_CLOCK_NAME (one argument, the name), then
 * LTTNG_TSDL_CLOCK_UUID (the uuid, with conversion UUID_FMT) unless the
 * clock has none, then LTTNG_TSDL_CLOCK_END: the description, the
 * frequency (conversion FREQ_FMT), the offset from the Epoch in whole
 * seconds (long long) and in cycles (conversion OFF_FMT).
 */
#define LTTNG_TSDL_CLOCK_NAME \
	"clock {\n" \
	"\tname = \"%s\";\n"
#define LTTNG_TSDL_CLOCK_UUID(UUID_FMT) \
	"\tuuid = \"" UUID_FMT "\";\n"
#define LTTNG_TSDL_CLOCK_END(FREQ_FMT, OFF_FMT) \
	"\tdescription = \"%s\";\n" \
	"\tfreq = " FREQ_FMT "; /* Frequency, in Hz */\n" \
	"\t/* clock value offset from Epoch is: offset * (1/freq) */\n" \
	"\toffset_s = %lld;\n" \
	"\toffset = " OFF_FMT ";\n" \
	"\tprecision = 1;\n" \
	"\tabsolute = TRUE;\n" \
	"};\n\n"

/* The clock-mapped integers, the packet context and the event header of
 * every stream.  Three arguments: the clock's name, three times. */
#define LTTNG_TSDL_HEADERS \
	"typealias integer {\n" \
	"\tsize = " LTTNG_TSDL_TS_BITS "; align = 1; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint" LTTNG_TSDL_TS_BITS "_clock_monotonic_t;\n\n" \
	"typealias integer {\n" \
	"\tsize = 32; align = 8; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint32_clock_monotonic_t;\n\n" \
	"typealias integer {\n" \
	"\tsize = 64; align = 8; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint64_clock_monotonic_t;\n\n" \
	"struct packet_context {\n" \
	LTTNG_CTF_PACKET_CONTEXT_FIELDS(LTTNG_TSDL_CONTEXT_FIELD) \
	"};\n\n" \
	"struct event_header_compact {\n" \
	"\tenum : uint" LTTNG_TSDL_ID_BITS "_t { compact = 0 ... " \
	LTTNG_CTF_STR(LTTNG_CTF_EVENT_ID_COMPACT_MAX) ", extended = " \
	LTTNG_CTF_STR(LTTNG_CTF_EVENT_ID_EXTENDED) " } id;\n" \
	"\tvariant <id> {\n" \
	"\t\tstruct {\n" \
	"\t\t\tuint" LTTNG_TSDL_TS_BITS "_clock_monotonic_t timestamp;\n" \
	"\t\t} compact;\n" \
	"\t\tstruct {\n" \
	"\t\t\tuint32_t id;\n" \
	"\t\t\tuint64_clock_monotonic_t timestamp;\n" \
	"\t\t} extended;\n" \
	"\t} v;\n" \
	"} align(8);\n\n"

#endif
