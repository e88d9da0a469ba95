// SPDX-License-Identifier: LGPL-2.1-only
/*
 * fuzz_ust_register.c - libFuzzer harness of the session daemon's REGISTER
 * decoder (userspace/lttng-sessiond/ust-register.c), the input any local
 * process can send to root's application socket.
 *
 * Input: one flag byte, then the REGISTER payload.  The peer is pid 4242,
 * uid 1000, gid 1000; flag bit 0 makes the payload's pid/uid/gid that
 * peer's and bit 1 its ABI major and word size ours, so that most inputs
 * get past the identity checks into the event descriptions.  The payload
 * is a heap copy of its exact size (ASan sees any read past it).  An
 * accepted registration must keep the promises the rest of the daemon
 * relies on (names terminated and TSDL-safe, counts within the limits,
 * enum entries accounted for): a broken promise aborts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the daemon's logger: the decoder warns about lying peers */
void sd_log(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static void check_name(const char *s, size_t max, int ident)
{
	size_t i, n = strnlen(s, max);

	if (n == 0 || n == max)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
			abort();
		if (ident && !(c == '_' || (c >= 'a' && c <= 'z') ||
			       (c >= 'A' && c <= 'Z') ||
			       (i && c >= '0' && c <= '9')))
			abort();
	}
}

static void check(const struct ust_registration *r)
{
	uint32_t i, j, ent;
	size_t n = strnlen(r->procname, sizeof(r->procname));

	if (n == sizeof(r->procname) || strpbrk(r->procname, "/\"\\"))
		abort();
	if (r->nr_events > LTTNG_UST_MAX_EVENTS || (r->nr_events && !r->events))
		abort();
	for (i = 0; i < r->nr_events; i++) {
		const struct ust_event_desc *d = &r->events[i];

		check_name(d->name, sizeof(d->name), 0);
		if (d->nr_fields > LTTNG_UST_MAX_FIELDS ||
		    d->loglevel < 0 || d->loglevel > LTTNG_UST_TRACE_DEBUG)
			abort();
		for (j = 0; j < i; j++)
			if (!strcmp(r->events[j].name, d->name))
				abort();
		for (j = 0, ent = 0; j < d->nr_fields; j++) {
			check_name(d->fields[j].name,
				   sizeof(d->fields[j].name), 1);
			if (d->fields[j].type == LTTNG_UST_FIELD_ENUM)
				ent += d->fields[j].nr_entries;
		}
		if (ent != d->nr_entries)
			abort();
		for (j = 0; j < d->nr_entries; j++)
			if (d->entries[j].start > d->entries[j].end ||
			    strnlen(d->entries[j].label,
				    sizeof(d->entries[j].label)) ==
			    sizeof(d->entries[j].label))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ucred cred = { .pid = 4242, .uid = 1000, .gid = 1000 };
	struct ust_registration r;
	struct lttng_ust_register reg;
	uint8_t *buf;
	size_t len;
	int ret;

	if (size < 1 || size > (1U << 20))
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	if (len >= sizeof(reg)) {
		memcpy(&reg, buf, sizeof(reg));
		if (data[0] & 1) {
			reg.pid = cred.pid;
			reg.uid = cred.uid;
			reg.gid = cred.gid;
		}
		if (data[0] & 2) {
			reg.abi_major = LTTNG_UST_ABI_MAJOR;
			reg.bits_per_long = 64;
		}
		memcpy(buf, &reg, sizeof(reg));
	}
	ret = ust_parse_register(&r, &cred, buf, len);
	if (ret == 0) {
		check(&r);
		ust_events_free(r.events, r.nr_events);
	} else if (ret != -EPROTO && ret != -ENOMEM) {
		abort();
	} else if (r.events || r.nr_events) {
		abort();	/* a refusal keeps nothing */
	}
	free(buf);
	return 0;
}
