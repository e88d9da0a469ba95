/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-ctf-layout.h - the binary layout of the CTF 1.8 packets and event
 * headers written by the kernel's ring buffers (module/ring_buffer.c) and
 * by the user-space rings (userspace/common/ust-ring.c), which the
 * metadata of both domains describes (include/lttng-tsdl.h builds its
 * packet header, packet context and event header from the same
 * definitions).  It is LTTng 2.13's layout, little-endian, packed.
 *
 * A packet (one sub-buffer) begins with the packet header (magic, trace
 * UUID, stream id and instance) and the packet context (timestamps, sizes
 * in bits, sequence number, discarded-event count, CPU): 84 bytes, filled
 * by the reader when it hands the packet out.
 *
 * Each record begins with an event header, either
 *   compact:  4 bytes, a little-endian 32-bit word holding the event id
 *             in its low 5 bits and the low 27 bits of the timestamp
 *             above them; used when the id is below 31 and the record
 *             opens the packet or the time since the previous record
 *             fits in 27 bits (a reader extends the 27 bits from the
 *             previous timestamp);
 *   extended: 13 bytes, 31 in the first byte, then the 32-bit event id
 *             and the 64-bit timestamp, both little-endian, unaligned.
 */
#ifndef _LTTNG_CTF_LAYOUT_H
#define _LTTNG_CTF_LAYOUT_H

#include <linux/types.h>

#define LTTNG_CTF_PACKET_MAGIC		0xC1FC1FC1U

/*
 * The packet header and the packet context, one field a line:
 * F(C type, C name, TSDL type).  The C types spell the byte order; the
 * TSDL types are the metadata's names for the same integers (the
 * timestamps are mapped to the clock).
 */
#define LTTNG_CTF_PACKET_HEADER_FIELDS(F)				\
	F(__le32, magic, "uint32_t")					\
	F(__u8, uuid[16], "uint8_t ")					\
	F(__le32, stream_id, "uint32_t")				\
	F(__le64, stream_instance_id, "uint64_t")

#define LTTNG_CTF_PACKET_CONTEXT_FIELDS(F)				\
	F(__le64, timestamp_begin, "uint64_clock_monotonic_t")		\
	F(__le64, timestamp_end, "uint64_clock_monotonic_t")		\
	F(__le64, content_size, "uint64_t")	/* bits */		\
	F(__le64, packet_size, "uint64_t")	/* bits */		\
	F(__le64, packet_seq_num, "uint64_t")				\
	F(__le64, events_discarded, "unsigned long")			\
	F(__le32, cpu_id, "uint32_t")

#define LTTNG_CTF_C_FIELD(ctype, name, tsdl)	ctype name;

/* What begins every packet: the packet header, then its context. */
struct lttng_ctf_packet_header {
	LTTNG_CTF_PACKET_HEADER_FIELDS(LTTNG_CTF_C_FIELD)
	LTTNG_CTF_PACKET_CONTEXT_FIELDS(LTTNG_CTF_C_FIELD)
} __attribute__((packed));

#define LTTNG_CTF_PACKET_HEADER_LEN	84

/* Event headers.  The numbers are plain so that the metadata can quote
 * them (LTTNG_CTF_STR). */
#define LTTNG_CTF_EVENT_ID_BITS		5	/* compact: id */
#define LTTNG_CTF_COMPACT_TS_BITS	27	/* compact: timestamp */
#define LTTNG_CTF_EVENT_ID_COMPACT_MAX	30	/* largest compact id */
#define LTTNG_CTF_EVENT_ID_EXTENDED	31	/* id field of an extended header */
#define LTTNG_CTF_EVENT_HEADER_COMPACT	4	/* bytes */
#define LTTNG_CTF_EVENT_HEADER_EXTENDED	13	/* bytes: 1 + 4 + 8 */

#define LTTNG_CTF_STR_(x)	#x
#define LTTNG_CTF_STR(x)	LTTNG_CTF_STR_(x)

_Static_assert(sizeof(struct lttng_ctf_packet_header) ==
	       LTTNG_CTF_PACKET_HEADER_LEN, "CTF packet header and context");
_Static_assert(LTTNG_CTF_EVENT_ID_BITS + LTTNG_CTF_COMPACT_TS_BITS ==
	       8 * LTTNG_CTF_EVENT_HEADER_COMPACT, "compact event header");
_Static_assert(LTTNG_CTF_EVENT_ID_EXTENDED ==
	       (1 << LTTNG_CTF_EVENT_ID_BITS) - 1 &&
	       LTTNG_CTF_EVENT_ID_COMPACT_MAX == LTTNG_CTF_EVENT_ID_EXTENDED - 1,
	       "event ids of the compact header");
_Static_assert(LTTNG_CTF_EVENT_HEADER_EXTENDED == 1 + 4 + 8,
	       "extended event header");

#endif /* _LTTNG_CTF_LAYOUT_H */
