// SPDX-License-Identifier: GPL-2.0-only
/*
 * ust-register.c - the REGISTER message of an instrumented application,
 * decoded and checked completely before the daemon keeps anything of it.
 *
 * Any process can connect to root's application socket, so this is the
 * daemon's most exposed input; it is a pure function of the bytes and the
 * peer's SO_PEERCRED (no lock, no I/O), fuzzed on its own by
 * userspace/fuzz/fuzz_ust_register.c.
 *
 * Checks: ABI major; pid/uid/gid equal to SO_PEERCRED's (the socket is
 * authoritative, a lie is refused); bits_per_long 64; counts within the
 * limits of lttng-ust-abi.h; every string NUL-terminated; names restricted
 * to characters that cannot break the TSDL they end up in (event names:
 * printable, no quote or backslash; field names: C identifiers; enum
 * labels: no control character, quote or backslash); types, sizes, bases
 * and encodings valid, byte order native or (integers) big-endian;
 * reserved fields zero; no duplicate event or field
 * name; enum entries with start <= end; the payload consumed exactly.  The
 * process name is made printable and path-safe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ust.h"

static int str_ok(const char *s, size_t max)
{
	return memchr(s, '\0', max) != NULL;
}

/* Event names go into TSDL strings: printable, no quote, no backslash. */
static int event_name_ok(const char *s)
{
	if (!str_ok(s, LTTNG_UST_NAME_MAX) || !s[0])
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e ||
		    *s == '"' || *s == '\\')
			return 0;
	return 1;
}

static int ident_ok(const char *s, size_t max)
{
	size_t i;

	if (!str_ok(s, max) || !s[0])
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (i && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

static int int_size_ok(uint32_t size)
{
	return size == 8 || size == 16 || size == 32 || size == 64;
}

static int field_ok(const struct lttng_ust_field_info *f)
{
	if (!ident_ok(f->name, sizeof(f->name)) || f->byte_order > 1 ||
	    f->signedness > 1 || f->encoding > 1 ||
	    (f->base != 10 && f->base != 16))
		return 0;
	/* big-endian ("network"): integers and their arrays, sequences */
	if (f->byte_order && f->type != LTTNG_UST_FIELD_INTEGER &&
	    f->type != LTTNG_UST_FIELD_ARRAY &&
	    f->type != LTTNG_UST_FIELD_SEQUENCE)
		return 0;
	switch (f->type) {
	case LTTNG_UST_FIELD_INTEGER:
		return int_size_ok(f->size) && !f->length && !f->length_size &&
		       !f->nr_entries;
	case LTTNG_UST_FIELD_ENUM:
		return int_size_ok(f->size) && !f->length && !f->length_size &&
		       f->nr_entries >= 1 &&
		       f->nr_entries <= LTTNG_UST_MAX_ENUM_ENTRIES;
	case LTTNG_UST_FIELD_FLOAT:
		return (f->size == 32 || f->size == 64) && !f->length &&
		       !f->length_size && !f->nr_entries;
	case LTTNG_UST_FIELD_STRING:
		return !f->length && !f->length_size && !f->nr_entries;
	case LTTNG_UST_FIELD_ARRAY:
		return int_size_ok(f->size) && f->length >= 1 &&
		       f->length <= (1U << 20) && !f->length_size &&
		       !f->nr_entries;
	case LTTNG_UST_FIELD_SEQUENCE:
		return int_size_ok(f->size) && int_size_ok(f->length_size) &&
		       !f->length && !f->nr_entries;
	default:
		return 0;
	}
}

static int label_ok(const struct lttng_ust_enum_entry *e)
{
	const char *s = e->label;

	if (!str_ok(s, sizeof(e->label)) || e->start > e->end)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

struct cursor {
	const char *p;
	size_t left;
};

static const void *take(struct cursor *c, size_t n)
{
	const void *r = c->p;

	if (c->left < n)
		return NULL;
	c->p += n;
	c->left -= n;
	return r;
}

uint32_t ust_name_hash(const char *s)
{
	uint32_t h = 2166136261U;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	return h;
}

/*
 * Duplicate names in linear time (a registration may hold 4096 events of
 * 128 fields: pairwise comparisons would let an application make the
 * daemon burn seconds of CPU).  Open addressing over indexes into a
 * caller's array of names; 0: new (added), 1: already there.
 */
struct nameset {
	uint32_t *slot;			/* index + 1, 0: free */
	uint32_t mask;
	const char *base;		/* names at base + i * stride */
	size_t stride;
};

static int nameset_init(struct nameset *ns, uint32_t n, const void *base,
			size_t stride)
{
	uint32_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	ns->slot = calloc(cap, sizeof(*ns->slot));
	ns->mask = cap - 1;
	ns->base = base;
	ns->stride = stride;
	return ns->slot ? 0 : -ENOMEM;
}

static int nameset_add(struct nameset *ns, uint32_t idx)
{
	const char *name = ns->base + idx * ns->stride;
	uint32_t i;

	for (i = ust_name_hash(name) & ns->mask; ns->slot[i]; i = (i + 1) & ns->mask)
		if (!strcmp(ns->base + (ns->slot[i] - 1) * ns->stride, name))
			return 1;
	ns->slot[i] = idx + 1;
	return 0;
}

/* The whole payload into a; on error the caller frees what a holds. */
static int parse_events(struct ust_registration *a, struct cursor *cur,
			struct nameset *evs);

static int parse(struct ust_registration *a, const struct ucred *cred,
		 const void *buf, size_t len)
{
	struct cursor cur = { buf, len };
	struct lttng_ust_register reg;
	const void *p;
	uint32_t i;

	p = take(&cur, sizeof(reg));
	if (!p)
		return -EPROTO;
	memcpy(&reg, p, sizeof(reg));
	if (reg.abi_major != LTTNG_UST_ABI_MAJOR) {
		SD_WARN("pid %d: UST ABI %u, we speak %u", (int)cred->pid,
			reg.abi_major, LTTNG_UST_ABI_MAJOR);
		return -EPROTO;
	}
	if (reg.pid != cred->pid || reg.uid != cred->uid ||
	    reg.gid != cred->gid) {
		SD_WARN("pid %d: registration claims pid %d uid %u gid %u, the socket says pid %d uid %u gid %u",
			(int)cred->pid, reg.pid, reg.uid, reg.gid,
			(int)cred->pid, (unsigned int)cred->uid,
			(unsigned int)cred->gid);
		return -EPROTO;
	}
	if (reg.bits_per_long != 64 || reg.nr_events > LTTNG_UST_MAX_EVENTS ||
	    !str_ok(reg.procname, sizeof(reg.procname)) || reg.reserved[0] ||
	    reg.reserved[1] || reg.reserved[2] || reg.reserved[3])
		return -EPROTO;
	a->ppid = reg.ppid;
	/* comm may hold anything: keep it printable for names and TSDL. */
	for (i = 0; reg.procname[i]; i++)
		a->procname[i] = (reg.procname[i] < 0x20 ||
				  reg.procname[i] > 0x7e ||
				  reg.procname[i] == '/' ||
				  reg.procname[i] == '"' ||
				  reg.procname[i] == '\\') ? '_' : reg.procname[i];
	a->nr_events = reg.nr_events;
	a->events = calloc(reg.nr_events ? reg.nr_events : 1,
			   sizeof(*a->events));
	if (!a->events)
		return -ENOMEM;
	{
		struct nameset evs;
		int ret;

		if (nameset_init(&evs, reg.nr_events, a->events[0].name,
				 sizeof(a->events[0])))
			return -ENOMEM;
		ret = parse_events(a, &cur, &evs);
		free(evs.slot);
		return ret;
	}
}

static int parse_events(struct ust_registration *a, struct cursor *cur,
			struct nameset *evs)
{
	struct nameset fs = { 0 };
	const void *p;
	uint32_t i, j, k;
	int ret = -EPROTO;

	for (i = 0; i < a->nr_events; i++) {
		struct ust_event_desc *d = &a->events[i];
		struct lttng_ust_event_info ei;
		size_t nent = 0;

		p = take(cur, sizeof(ei));
		if (!p)
			goto out;
		memcpy(&ei, p, sizeof(ei));
		if (!event_name_ok(ei.name) || ei.loglevel < 0 ||
		    ei.loglevel > LTTNG_UST_TRACE_DEBUG ||
		    ei.nr_fields > LTTNG_UST_MAX_FIELDS)
			goto out;
		strcpy(d->name, ei.name);
		if (nameset_add(evs, i))
			goto out;
		d->loglevel = ei.loglevel;
		d->nr_fields = ei.nr_fields;
		d->fields = calloc(ei.nr_fields ? ei.nr_fields : 1,
				   sizeof(*d->fields));
		free(fs.slot);
		if (!d->fields || nameset_init(&fs, ei.nr_fields, d->fields[0].name,
					       sizeof(d->fields[0]))) {
			ret = -ENOMEM;
			goto out;
		}
		for (j = 0; j < ei.nr_fields; j++) {
			struct lttng_ust_field_info *f = &d->fields[j];

			p = take(cur, sizeof(*f));
			if (!p)
				goto out;
			memcpy(f, p, sizeof(*f));
			if (!field_ok(f) || nameset_add(&fs, j))
				goto out;
			if (f->type != LTTNG_UST_FIELD_ENUM)
				continue;
			p = take(cur, f->nr_entries * sizeof(*d->entries));
			if (!p)
				goto out;
			{
				void *t = realloc(d->entries,
						  (nent + f->nr_entries) *
						  sizeof(*d->entries));

				if (!t) {
					ret = -ENOMEM;
					goto out;
				}
				d->entries = t;
			}
			memcpy(d->entries + nent, p,
			       f->nr_entries * sizeof(*d->entries));
			for (k = 0; k < f->nr_entries; k++)
				if (!label_ok(&d->entries[nent + k]))
					goto out;
			nent += f->nr_entries;
		}
		d->nr_entries = (uint32_t)nent;
	}
	ret = cur->left ? -EPROTO : 0;
out:
	free(fs.slot);
	return ret;
}

int ust_parse_register(struct ust_registration *r, const struct ucred *cred,
		       const void *buf, size_t len)
{
	int ret;

	memset(r, 0, sizeof(*r));
	ret = parse(r, cred, buf, len);
	if (ret) {
		ust_events_free(r->events, r->nr_events);
		memset(r, 0, sizeof(*r));
	}
	return ret;
}

void ust_events_free(struct ust_event_desc *events, uint32_t nr)
{
	uint32_t i;

	if (!events)
		return;
	for (i = 0; i < nr; i++) {
		free(events[i].fields);
		free(events[i].entries);
	}
	free(events);
}
