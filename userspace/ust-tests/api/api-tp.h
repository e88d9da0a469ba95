/* SPDX-License-Identifier: MIT */
/*
 * api-tp.h - a provider using the field kinds LTTng-UST users reach for
 * beyond the basics: network byte order, _nowrite fields, ctf_unused.
 */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER ust_api

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./api-tp.h"

#if !defined(UST_API_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define UST_API_TP_H

#include <stdint.h>
#include <lttng/tracepoint.h>

/* port and addr as they travel (network order); secret and hidden are
 * for filters only; ctx is no field at all */
TRACEPOINT_EVENT(ust_api, net,
	TP_ARGS(uint16_t, port, uint32_t, addr, int, secret,
		const char *, hidden, const uint16_t *, ports,
		const uint32_t *, addrs, unsigned int, naddrs, void *, ctx),
	TP_FIELDS(
		ctf_integer_network(uint16_t, port, port)
		ctf_integer_network_hex(uint32_t, addr, addr)
		ctf_integer_nowrite(int, secret, secret)
		ctf_string_nowrite(hidden, hidden)
		ctf_integer(int, shown, secret * 10)
		ctf_array_network(uint16_t, ports, ports, 2)
		ctf_sequence_network_hex(uint32_t, addrs, addrs, unsigned int, naddrs)
		ctf_sequence_nowrite(uint32_t, addrs_hidden, addrs, unsigned int, naddrs)
		ctf_unused(ctx)
	)
)
TRACEPOINT_LOGLEVEL(ust_api, net, TRACE_NOTICE)

#endif

#include <lttng/tracepoint-event.h>
