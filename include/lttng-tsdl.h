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
 */
#ifndef _LTTNG_TSDL_H
#define _LTTNG_TSDL_H

#define LTTNG_TSDL_BASIC_TYPES \
	"/* CTF 1.8 */\n\n" \
	"typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n" \
	"typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n" \
	"typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n" \
	"typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n" \
	"typealias integer { size = 64; align = 8; signed = false; } := unsigned long;\n" \
	"typealias integer { size = 5; align = 1; signed = false; } := uint5_t;\n" \
	"typealias integer { size = 27; align = 1; signed = false; } := uint27_t;\n\n"

/* One argument: the trace UUID (conversion UUID_FMT). */
#define LTTNG_TSDL_TRACE(UUID_FMT) \
	"trace {\n" \
	"\tmajor = 1;\n" \
	"\tminor = 8;\n" \
	"\tuuid = \"" UUID_FMT "\";\n" \
	"\tbyte_order = le;\n" \
	"\tpacket.header := struct {\n" \
	"\t\tuint32_t magic;\n" \
	"\t\tuint8_t  uuid[16];\n" \
	"\t\tuint32_t stream_id;\n" \
	"\t\tuint64_t stream_instance_id;\n" \
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
	"\tsize = 27; align = 1; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint27_clock_monotonic_t;\n\n" \
	"typealias integer {\n" \
	"\tsize = 32; align = 8; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint32_clock_monotonic_t;\n\n" \
	"typealias integer {\n" \
	"\tsize = 64; align = 8; signed = false;\n" \
	"\tmap = clock.%s.value;\n" \
	"} := uint64_clock_monotonic_t;\n\n" \
	"struct packet_context {\n" \
	"\tuint64_clock_monotonic_t timestamp_begin;\n" \
	"\tuint64_clock_monotonic_t timestamp_end;\n" \
	"\tuint64_t content_size;\n" \
	"\tuint64_t packet_size;\n" \
	"\tuint64_t packet_seq_num;\n" \
	"\tunsigned long events_discarded;\n" \
	"\tuint32_t cpu_id;\n" \
	"};\n\n" \
	"struct event_header_compact {\n" \
	"\tenum : uint5_t { compact = 0 ... 30, extended = 31 } id;\n" \
	"\tvariant <id> {\n" \
	"\t\tstruct {\n" \
	"\t\t\tuint27_clock_monotonic_t timestamp;\n" \
	"\t\t} compact;\n" \
	"\t\tstruct {\n" \
	"\t\t\tuint32_t id;\n" \
	"\t\t\tuint64_clock_monotonic_t timestamp;\n" \
	"\t\t} extended;\n" \
	"\t} v;\n" \
	"} align(8);\n\n"

#endif
