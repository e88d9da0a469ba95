// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-lib.c - liblttng-ust against a fake session daemon, TAP.
 *
 * The test plays the daemon's side of include/lttng-ust-abi.h on a socket
 * in a scratch $HOME/.lttng/, and runs tests/sample-app (the ust-sample
 * program built with ASan/UBSan against san/liblttng-ust.so) under it:
 *
 *  - REGISTER: pid (checked with SO_PEERCRED), procname, the 5 events of
 *    ust-sample-tp.h with their log levels and every field description;
 *  - a session: CHANNEL_CREATE (2 rings, contexts vpid, vtid, procname,
 *    pthread_id), EVENT_ENABLE with ids (one above 30: extended headers)
 *    and a filter on one event, SESSION_START, REGISTER_DONE: the records
 *    read back from the rings are exactly the program's known sequence,
 *    every field and context value checked;
 *  - two threads, and fork(): the child registers as its own application,
 *    both write into the same rings (per-UID buffers);
 *  - a daemon that sends garbage: the application survives and registers
 *    again; a daemon that never answers: the constructor gives up after
 *    LTTNG_UST_REGISTER_TIMEOUT; a daemon that appears after the program
 *    started: the program registers within the retry interval;
 *  - SESSION_DESTROY while the program records: replied, the program goes
 *    on; SESSION_STOP: nothing recorded after the reply.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lttng-ust-abi.h"
#include "ust-ring.h"
#include "filter.h"
#include "tap.h"
#include "fake-daemon.h"
#include "rnd.h"

#define MAX_APPS	16
#define NR_STREAMS	2
#define SB_SIZE		65536
#define NSB		8

static char home[64], sock_path[100];
static const char *app_path, *app_name;
static int no_membarrier;	/* test the fallback grace periods */
static int lsock = -1;

/* ------------------------------------------------------------------ */
/* The registration                                                    */
/* ------------------------------------------------------------------ */

struct reg {
	int ok;
	char why[200];
	pid_t pid;
	char procname[LTTNG_UST_PROCNAME_MAX];
	uint32_t nr_events;	/* the program's (not lttng_ust_*) */
	int fields_ok;
	int loglevels_ok;
	int extra;		/* ust_extra:first/second, right */
	int builtin;		/* tracef/tracelog events, right */
	int statedump;		/* lttng_ust_statedump events, right */
};

/* The lttng_ust_statedump events as LTTng-UST 2.13's: names, log level,
 * fields (name, type, size, base, signedness). */
static int statedump_ok(const struct lttng_ust_event_info *ei,
			const struct lttng_ust_field_info *fi)
{
	static const struct {
		const char *ev;
		const char *fields;	/* name:type:size:base, space separated */
	} want[] = {
		{ "start", "" },
		{ "bin_info", "baddr:0:64:16 memsz:0:64:10 path:3:0:0 is_pic:0:8:10 has_build_id:0:8:10 has_debug_link:0:8:10" },
		{ "build_id", "baddr:0:64:16 build_id:5:8:16" },
		{ "debug_link", "baddr:0:64:16 crc:0:32:10 filename:3:0:0" },
		{ "procname", "procname:4:8:10" },
		{ "end", "" },
	};
	const char *pfx = "lttng_ust_statedump:";
	char got[512];
	size_t i, n = 0;
	uint32_t k;

	if (strncmp(ei->name, pfx, strlen(pfx)) || ei->loglevel != 13)
		return 0;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strcmp(ei->name + strlen(pfx), want[i].ev))
			break;
	if (i == sizeof(want) / sizeof(want[0]))
		return 0;
	got[0] = '\0';
	for (k = 0; k < ei->nr_fields; k++) {
		const struct lttng_ust_field_info *f = &fi[k];
		int str = f->type == 3;

		/* integers unsigned; procname is char[17] text */
		if ((f->signedness && (f->type == 0 || f->type == 5)) ||
		    (f->type == 5 && f->length_size != 64) ||
		    (f->type == 4 && (f->length != 17 || f->encoding != 1)))
			return 0;
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s:%u:%u:%u",
				      k ? " " : "", f->name, f->type,
				      str ? 0 : f->size, str ? 0 : f->base);
		if (n >= sizeof(got))
			return 0;
	}
	return !strcmp(got, want[i].fields);
}

/* lttng_ust_tracef:event and the 15 lttng_ust_tracelog events: names,
 * log levels and fields as LTTng-UST 2.13's. */
static int builtin_ok(const struct lttng_ust_event_info *ei,
		      const struct lttng_ust_field_info *fi)
{
	static const char *const levels[15] = {
		"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO",
		"DEBUG_SYSTEM", "DEBUG_PROGRAM", "DEBUG_PROCESS",
		"DEBUG_MODULE", "DEBUG_UNIT", "DEBUG_FUNCTION", "DEBUG_LINE",
		"DEBUG",
	};
	const char *pfx = "lttng_ust_tracelog:LTTNG_UST_TRACEPOINT_LOGLEVEL_";
	const struct lttng_ust_field_info *msg;
	int i;

	if (!strcmp(ei->name, "lttng_ust_tracef:event")) {
		if (ei->loglevel != 14 || ei->nr_fields != 1)
			return 0;
		msg = &fi[0];
	} else {
		if (strncmp(ei->name, pfx, strlen(pfx)) || ei->nr_fields != 4)
			return 0;
		for (i = 0; i < 15; i++)
			if (!strcmp(ei->name + strlen(pfx), levels[i]))
				break;
		if (i == 15 || ei->loglevel != i ||
		    strcmp(fi[0].name, "line") || fi[0].type != 0 ||
		    fi[0].size != 32 || !fi[0].signedness ||
		    strcmp(fi[1].name, "file") || fi[1].type != 3 ||
		    strcmp(fi[2].name, "func") || fi[2].type != 3)
			return 0;
		msg = &fi[3];
	}
	return !strcmp(msg->name, "msg") && msg->type == 5 && msg->size == 8 &&
	       msg->encoding == 1 && msg->length_size == 32;
}

/*
 * The fields of ust_sample:event, at *@pp, against what ust_sample.h
 * declares: rg->fields_ok, and rg->why for a field that differs.
 * -1 when the message is truncated.
 */
static int check_sample_fields(const char **pp, const char *end,
			       const struct lttng_ust_event_info *ei,
			       struct reg *rg)
{
	/* name, type, size, signed, base, encoding, length, length_size, entries */
	static const uint32_t want[12][9] = {
		{ 0, 0, 32, 1, 10, 0, 0, 0, 0 },	/* seq */
		{ 1, 0, 64, 0, 16, 0, 0, 0, 0 },	/* addr */
		{ 2, 0, 8, 1, 10, 0, 0, 0, 0 },		/* small */
		{ 3, 0, 64, 0, 10, 0, 0, 0, 0 },	/* big */
		{ 4, 2, 64, 1, 10, 0, 0, 0, 0 },	/* ratio */
		{ 5, 2, 32, 1, 10, 0, 0, 0, 0 },	/* ratio_f */
		{ 6, 3, 8, 1, 10, 1, 0, 0, 0 },		/* msg */
		{ 7, 4, 32, 1, 10, 0, 3, 0, 0 },	/* values */
		{ 8, 4, 8, 1, 10, 1, 4, 0, 0 },		/* tag */
		{ 9, 5, 32, 1, 10, 0, 0, 32, 0 },	/* seqvalues */
		{ 10, 5, 8, 1, 10, 1, 0, 8, 0 },	/* seqtext */
		{ 11, 1, 32, 1, 10, 0, 0, 0, 2 },	/* parity */
	};
	static const char *names[12] = {
		"seq", "addr", "small", "big", "ratio", "ratio_f",
		"msg", "values", "tag", "seqvalues", "seqtext",
		"parity",
	};
	uint32_t k;

	rg->fields_ok = ei->nr_fields == 12;
	for (k = 0; k < ei->nr_fields && k < 12; k++) {
		struct lttng_ust_field_info fi;

		if ((size_t)(end - *pp) < sizeof(fi))
			return -1;
		memcpy(&fi, *pp, sizeof(fi));
		*pp += sizeof(fi);
		if (strcmp(fi.name, names[k]) ||
		    fi.type != want[k][1] || fi.size != want[k][2] ||
		    fi.signedness != want[k][3] ||
		    fi.base != want[k][4] ||
		    fi.encoding != want[k][5] ||
		    fi.length != want[k][6] ||
		    fi.length_size != want[k][7] ||
		    fi.nr_entries != want[k][8]) {
			rg->fields_ok = 0;
			snprintf(rg->why, sizeof(rg->why),
				 "field %s: type %u size %u signed %u base %u enc %u len %u lsz %u ne %u",
				 fi.name, fi.type, fi.size, fi.signedness,
				 fi.base, fi.encoding, fi.length,
				 fi.length_size, fi.nr_entries);
		}
		if (fi.nr_entries) {
			struct lttng_ust_enum_entry e[2];

			if (fi.nr_entries != 2 ||
			    (size_t)(end - *pp) < sizeof(e))
				return -1;
			memcpy(e, *pp, sizeof(e));
			*pp += sizeof(e);
			if (strcmp(e[0].label, "EVEN") || e[0].start ||
			    e[0].end || strcmp(e[1].label, "ODD") ||
			    e[1].start != 1 || e[1].end != 1)
				rg->fields_ok = 0;
		}
	}
	return 0;
}

/* The two fields of ust_extra:first or :second, at *@pp: 1 if right. */
static int check_extra_fields(const char **pp, const char *end,
			      const struct lttng_ust_event_info *ei)
{
	struct lttng_ust_field_info fi[2];

	if (ei->nr_fields != 2 || (size_t)(end - *pp) < sizeof(fi))
		return -1;
	memcpy(fi, *pp, sizeof(fi));
	*pp += sizeof(fi);
	return !strcmp(fi[0].name, "a") && fi[0].size == 16 &&
	       !fi[0].signedness && fi[0].base == 16 &&
	       !strcmp(fi[1].name, "b") && fi[1].size == 64 &&
	       fi[1].signedness && fi[1].base == 10 &&
	       ei->loglevel == (ei->name[10] == 'f' ? 13 : 3);
}

static void check_register(const char *p, uint32_t len, struct reg *rg)
{
	struct lttng_ust_register r;
	const char *end = p + len;
	uint32_t i, k;
	int found = 0;

	rg->ok = 0;
	if (len < sizeof(r)) {
		snprintf(rg->why, sizeof(rg->why), "short REGISTER");
		return;
	}
	memcpy(&r, p, sizeof(r));
	p += sizeof(r);
	rg->pid = r.pid;
	memcpy(rg->procname, r.procname, sizeof(r.procname));
	rg->nr_events = 0;
	rg->loglevels_ok = 1;
	rg->extra = 0;
	rg->builtin = 0;
	rg->statedump = 0;
	if (r.abi_major != LTTNG_UST_ABI_MAJOR || r.bits_per_long != 64 ||
	    r.uid != getuid()) {
		snprintf(rg->why, sizeof(rg->why), "bad header");
		return;
	}
	for (i = 0; i < r.nr_events; i++) {
		struct lttng_ust_event_info ei;
		static const struct { const char *n; int ll; } lls[] = {
			{ "ust_sample:start", 6 }, { "ust_sample:event", 13 },
			{ "ust_sample:warn", 4 }, { "ust_sample:tick", 14 },
			{ "ust_sample:stop", 6 },
		};

		if ((size_t)(end - p) < sizeof(ei))
			goto trunc;
		memcpy(&ei, p, sizeof(ei));
		p += sizeof(ei);
		if (!strncmp(ei.name, "lttng_ust_", 10)) {
			struct lttng_ust_field_info fi[8];

			if (ei.nr_fields > 8 ||
			    (size_t)(end - p) < ei.nr_fields * sizeof(fi[0]))
				goto trunc;
			memcpy(fi, p, ei.nr_fields * sizeof(fi[0]));
			p += ei.nr_fields * sizeof(fi[0]);
			if (!strncmp(ei.name, "lttng_ust_statedump:", 20))
				rg->statedump += statedump_ok(&ei, fi);
			else
				rg->builtin += builtin_ok(&ei, fi);
			continue;
		}
		rg->nr_events++;
		for (k = 0; k < 5; k++)
			if (!strcmp(ei.name, lls[k].n) && ei.loglevel != lls[k].ll)
				rg->loglevels_ok = 0;
		if (!strcmp(ei.name, "ust_extra:first") ||
		    !strcmp(ei.name, "ust_extra:second")) {
			int r = check_extra_fields(&p, end, &ei);

			if (r < 0)
				goto trunc;
			rg->extra += r;
			continue;
		}
		if (!strcmp(ei.name, "ust_sample:event")) {
			found = 1;
			if (check_sample_fields(&p, end, &ei, rg))
				goto trunc;
			continue;
		}
		for (k = 0; k < ei.nr_fields; k++) {
			struct lttng_ust_field_info fi;

			if ((size_t)(end - p) < sizeof(fi))
				goto trunc;
			memcpy(&fi, p, sizeof(fi));
			p += sizeof(fi) + (size_t)fi.nr_entries *
					 sizeof(struct lttng_ust_enum_entry);
		}
	}
	if (p != end) {
		snprintf(rg->why, sizeof(rg->why), "%zd bytes left over", end - p);
		return;
	}
	if (!found) {
		snprintf(rg->why, sizeof(rg->why), "ust_sample:event missing");
		return;
	}
	rg->ok = 1;
	return;
trunc:
	snprintf(rg->why, sizeof(rg->why), "truncated REGISTER");
}

/* ------------------------------------------------------------------ */
/* The fake daemon: one thread per application connection              */
/* ------------------------------------------------------------------ */

enum mode {
	M_TRACE,	/* session, enable, start, done; wait for EOF */
	M_GARBAGE,	/* answer REGISTER with a bad message */
	M_SILENT,	/* never answer */
	M_DESTROY,	/* trace, then destroy the session while it runs */
	M_STOP,		/* trace, stop after a while */
	M_NOTHING,	/* REGISTER_DONE only: nothing enabled */
	M_DIE,		/* trace, then the daemon closes the connection */
	M_FUZZ,		/* hostile: mutated commands, random messages */
};

struct app_conn {
	int fd;
	enum mode mode;
	struct reg reg;
	pid_t peer_pid;
	int replies_ok;
	int destroy_ret;
	int late_cmd_ret;
	uint64_t stop_ts;
	int partial;		/* registered before its second provider */
};

static int ring_fds[NR_STREAMS];

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}
static struct lttng_filter_bytecode *filter_bc;

#define fuzz_rnd rnd

/*
 * Hostile daemon: well-formed commands with random fields, mutated ones
 * (bytes flipped, lengths and fd counts wrong, random types), random
 * filter bytecode; the application must neither crash (it runs under
 * ASan/UBSan) nor stop answering well-formed commands.
 */
/* random messages' lengths: below this (a fixed bound keeps the random
 * sequence, and so the run, the same when the ABI's structures grow) */
#define FUZZ_LEN	2400

static void fuzz_conn(struct app_conn *a)
{
	static unsigned char buf[sizeof(struct lttng_ust_cmd_channel) + FUZZ_LEN];
	int i, answered = 0;

	for (i = 0; i < 300; i++) {
		uint32_t type, len, k, nfds = 0;
		int fds[NR_STREAMS], ret;
		struct lttng_ust_cmd_channel *ch = (void *)buf;
		struct lttng_ust_cmd_event *ev = (void *)buf;

		memset(buf, 0, sizeof(buf));
		switch (fuzz_rnd() % 20 / 6) {
		case 0:		/* channel create, random contexts/keys */
			type = LTTNG_UST_MSG_CHANNEL_CREATE;
			len = sizeof(*ch);
			ch->session_key = fuzz_rnd() % 3;
			ch->channel_key = fuzz_rnd() % 3;
			ch->nr_streams = NR_STREAMS;
			ch->enabled = (uint32_t)fuzz_rnd();
			ch->nr_contexts = (uint32_t)(fuzz_rnd() % 20);
			for (k = 0; k < LTTNG_UST_MAX_CONTEXTS; k++)
				ch->contexts[k] = (uint32_t)(fuzz_rnd() % 12);
			snprintf(ch->name, sizeof(ch->name), "fz");
			memcpy(fds, ring_fds, sizeof(fds));
			nfds = NR_STREAMS;
			break;
		case 1:		/* event enable, random bytecode */
			type = LTTNG_UST_MSG_EVENT_ENABLE;
			ev->session_key = fuzz_rnd() % 3;
			ev->channel_key = fuzz_rnd() % 3;
			ev->rule_key = fuzz_rnd() % 8;
			ev->id = (uint32_t)(fuzz_rnd() % 40);
			snprintf(ev->name, sizeof(ev->name), "%s",
				 fuzz_rnd() % 2 ? "ust_sample:event" : "ust_sample:tick");
			ev->filter_len = (uint32_t)(fuzz_rnd() % 3 ? filter_bc->len :
						    fuzz_rnd() % 200);
			memcpy(buf + sizeof(*ev), filter_bc->data,
			       filter_bc->len < 1024 ? filter_bc->len : 1024);
			for (k = 0; k < fuzz_rnd() % 4; k++)
				buf[sizeof(*ev) + fuzz_rnd() % 200] = (unsigned char)fuzz_rnd();
			len = (uint32_t)sizeof(*ev) + ev->filter_len;
			break;
		case 2:		/* keys */
			type = LTTNG_UST_MSG_CHANNEL_CREATE + 1 + (uint32_t)(fuzz_rnd() % 7);
			len = sizeof(struct lttng_ust_cmd_key);
			((struct lttng_ust_cmd_key *)buf)->session_key = fuzz_rnd() % 3;
			((struct lttng_ust_cmd_key *)buf)->channel_key = fuzz_rnd() % 3;
			if (type == LTTNG_UST_MSG_EVENT_ENABLE ||
			    type == LTTNG_UST_MSG_EVENT_DISABLE) {
				len = sizeof(*ev);
				snprintf(ev->name, sizeof(ev->name), "ust_sample:event");
				ev->rule_key = fuzz_rnd() % 8;
				ev->filter_len = 0;
			}
			break;
		default:	/* anything: random type, length, bytes, fds */
			type = (uint32_t)(fuzz_rnd() % 40);
			len = (uint32_t)(fuzz_rnd() % FUZZ_LEN);
			for (k = 0; k < len; k++)
				buf[k] = (unsigned char)fuzz_rnd();
			if (fuzz_rnd() % 4 == 0) {
				memcpy(fds, ring_fds, sizeof(fds));
				nfds = 1 + (uint32_t)(fuzz_rnd() % NR_STREAMS);
			}
			break;
		}
		ret = command(a->fd, type, buf, len, fds, nfds);
		if (getenv("FUZZ_DEBUG"))
			fprintf(stderr, "fuzz: type %u len %u nfds %u -> %d\n",
				type, len, nfds, ret);
		if (ret == -1001 || ret == -1000)
			break;		/* it disconnected (malformed message) */
		answered++;
		if (fuzz_rnd() % 10 == 0) {
			struct lttng_ust_cmd_key key = { fuzz_rnd() % 3, 0 };

			command(a->fd, LTTNG_UST_MSG_SESSION_START, &key,
				sizeof(key), NULL, 0);
		}
	}
	a->replies_ok = answered;
	send_msg(a->fd, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
}

/* channel0 with its rings, then two channels that are refused. */
static int create_channels(int fd)
{
	struct lttng_ust_cmd_channel ch = { 0 };
	int bad[NR_STREAMS];
	int ok = 1;

	ch.session_key = 7;
	ch.channel_key = 70;
	snprintf(ch.name, sizeof(ch.name), "channel0");
	ch.nr_streams = NR_STREAMS;
	ch.enabled = 1;
	ch.nr_contexts = 6;
	ch.contexts[0] = LTTNG_UST_CTX_VPID;
	ch.contexts[1] = LTTNG_UST_CTX_VTID;
	ch.contexts[2] = LTTNG_UST_CTX_PROCNAME;
	ch.contexts[3] = LTTNG_UST_CTX_PTHREAD_ID;
	ch.contexts[4] = LTTNG_UST_CTX_PERF_THREAD_COUNTER;
	ch.perf[4].type = 1;		/* PERF_TYPE_SOFTWARE */
	ch.perf[4].config = 1;		/* PERF_COUNT_SW_TASK_CLOCK */
	ch.contexts[5] = LTTNG_UST_CTX_PERF_THREAD_COUNTER;
	ch.perf[5].type = UINT32_MAX;	/* no such perf_event type */
	ok &= command(fd, LTTNG_UST_MSG_CHANNEL_CREATE, &ch, sizeof(ch),
		      ring_fds, NR_STREAMS) == 0;
	/* an impossible command: an error reply, no disconnection */
	ch.channel_key = 71;
	ch.contexts[0] = 999;
	ok &= command(fd, LTTNG_UST_MSG_CHANNEL_CREATE, &ch, sizeof(ch),
		      ring_fds, NR_STREAMS) == -EINVAL;
	/* fds that are not rings: refused, no crash */
	bad[0] = open("/dev/null", O_RDWR);
	bad[1] = open("/dev/zero", O_RDWR);
	ch.channel_key = 72;
	ch.contexts[0] = LTTNG_UST_CTX_VPID;
	ok &= command(fd, LTTNG_UST_MSG_CHANNEL_CREATE, &ch, sizeof(ch), bad,
		      NR_STREAMS) == -EINVAL;
	close(bad[0]);
	close(bad[1]);
	return ok;
}

/* The sample's events in channel0 (one with the filter), then one that
 * does not exist. */
static int enable_events(int fd)
{
	struct {
		struct lttng_ust_cmd_event e;
		unsigned char bc[1024];
	} ev;
	static const struct { const char *n; uint32_t id; int filt; } en[] = {
		{ "ust_sample:start", 0, 0 }, { "ust_sample:event", 1, 1 },
		{ "ust_sample:tick", 2, 0 }, { "ust_sample:stop", 3, 0 },
		{ "ust_sample:warn", 40, 0 },
	};
	unsigned int i;
	int ok = 1;

	for (i = 0; i < 5; i++) {
		uint32_t blen = en[i].filt ? filter_bc->len : 0;

		memset(&ev, 0, sizeof(ev));
		ev.e.session_key = 7;
		ev.e.channel_key = 70;
		ev.e.rule_key = 100 + i;
		snprintf(ev.e.name, sizeof(ev.e.name), "%s", en[i].n);
		ev.e.id = en[i].id;
		ev.e.filter_len = blen;
		if (blen)
			memcpy(ev.bc, filter_bc->data, blen);
		ok &= command(fd, LTTNG_UST_MSG_EVENT_ENABLE, &ev,
			      (uint32_t)(sizeof(ev.e) + blen), NULL, 0) == 0;
	}
	/* unknown event: -ENOENT */
	memset(&ev, 0, sizeof(ev));
	ev.e.session_key = 7;
	ev.e.channel_key = 70;
	ev.e.rule_key = 999;
	snprintf(ev.e.name, sizeof(ev.e.name), "ust_sample:nope");
	ok &= command(fd, LTTNG_UST_MSG_EVENT_ENABLE, &ev, sizeof(ev.e),
		      NULL, 0) == -ENOENT;
	return ok;
}

/* After the session started: M_DIE drops the connection, M_DESTROY and
 * M_STOP end the session 100 ms later. */
static void end_session(struct app_conn *a, struct lttng_ust_cmd_key *key)
{
	struct timespec d = { 0, 100 * 1000 * 1000 };

	if (a->mode != M_DIE && a->mode != M_DESTROY && a->mode != M_STOP)
		return;
	nanosleep(&d, NULL);
	if (a->mode == M_DIE) {
		a->stop_ts = mono_ns();
		shutdown(a->fd, SHUT_RDWR);
	} else if (a->mode == M_DESTROY) {
		a->destroy_ret = command(a->fd, LTTNG_UST_MSG_SESSION_DESTROY,
					 key, sizeof(*key), NULL, 0);
		/* the session is gone: -ENOENT */
		a->late_cmd_ret = command(a->fd, LTTNG_UST_MSG_SESSION_START,
					  key, sizeof(*key), NULL, 0);
	} else {
		a->destroy_ret = command(a->fd, LTTNG_UST_MSG_SESSION_STOP,
					 key, sizeof(*key), NULL, 0);
		a->stop_ts = mono_ns();
	}
}

/* A session as lttng-sessiond sets one up: channel, events, start. */
static void trace_app(struct app_conn *a)
{
	struct lttng_ust_cmd_key key = { 7, 70 };
	int ok = 1;

	ok &= create_channels(a->fd);
	ok &= enable_events(a->fd);
	ok &= command(a->fd, LTTNG_UST_MSG_SESSION_START, &key, sizeof(key),
		      NULL, 0) == 0;
	send_msg(a->fd, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
	a->replies_ok = ok;
	end_session(a, &key);
}

/* Until the application goes away. */
static void wait_app_gone(struct app_conn *a)
{
	for (;;) {
		struct pollfd pf = { a->fd, POLLIN, 0 };
		char b[256];

		if (poll(&pf, 1, 20000) <= 0 || read(a->fd, b, sizeof(b)) <= 0)
			break;
	}
}

static void *app_thread(void *arg)
{
	struct app_conn *a = arg;
	struct lttng_ust_msg_hdr h;
	struct ucred cr;
	socklen_t crl = sizeof(cr);
	char *payload;

	if (!getsockopt(a->fd, SOL_SOCKET, SO_PEERCRED, &cr, &crl))
		a->peer_pid = cr.pid;
	if (recv_msg(a->fd, &h, &payload, 10000) || h.type != LTTNG_UST_MSG_REGISTER ||
	    h.nr_fds) {
		snprintf(a->reg.why, sizeof(a->reg.why), "no REGISTER");
		free(payload);
		return NULL;
	}
	check_register(payload, h.len, &a->reg);
	free(payload);
	/*
	 * The first provider's constructor registers before the second one
	 * is known: acknowledge it, the full registration follows.
	 */
	if (a->reg.nr_events < 7 && a->mode != M_GARBAGE && a->mode != M_SILENT) {
		a->partial = 1;
		send_msg(a->fd, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
		wait_app_gone(a);
		return NULL;
	}
	switch (a->mode) {
	case M_GARBAGE: {
		struct lttng_ust_msg_hdr bad = { 0x12345678, 99, 4, 0 };

		if (write(a->fd, &bad, sizeof(bad)) < 0)
			break;
		break;
	}
	case M_SILENT:
		break;
	case M_FUZZ:
		fuzz_conn(a);
		break;
	case M_NOTHING:
		send_msg(a->fd, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
		break;
	default:
		trace_app(a);
		break;
	}
	wait_app_gone(a);
	return NULL;
}

struct daemon {
	pthread_t th;
	enum mode mode;
	int nr;
	struct app_conn apps[MAX_APPS];
	pthread_t app_th[MAX_APPS];
	int stop;
};

static void *daemon_thread(void *arg)
{
	struct daemon *d = arg;

	while (!d->stop) {
		struct pollfd pf = { lsock, POLLIN, 0 };
		int fd;

		if (poll(&pf, 1, 50) <= 0)
			continue;
		fd = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		if (d->nr == MAX_APPS) {
			close(fd);
			continue;
		}
		d->apps[d->nr].fd = fd;
		d->apps[d->nr].mode = d->mode;
		pthread_create(&d->app_th[d->nr], NULL, app_thread, &d->apps[d->nr]);
		d->nr++;
	}
	return NULL;
}

/* Full registrations, and the last one. */
static int nfull(const struct daemon *d)
{
	int i, n = 0;

	for (i = 0; i < d->nr; i++)
		n += !d->apps[i].partial;
	return n;
}

static struct app_conn *last_full(struct daemon *d)
{
	static struct app_conn none;
	int i;

	for (i = d->nr - 1; i >= 0; i--)
		if (!d->apps[i].partial)
			return &d->apps[i];
	return &none;
}

static void daemon_start(struct daemon *d, enum mode m)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(d, 0, sizeof(*d));
	d->mode = m;
	if (lsock < 0) {
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
		unlink(sock_path);
		lsock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (bind(lsock, (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(lsock, 16)) {
			perror("bind");
			exit(1);
		}
	}
	pthread_create(&d->th, NULL, daemon_thread, d);
}

static void daemon_stop(struct daemon *d)
{
	int i;

	d->stop = 1;
	pthread_join(d->th, NULL);
	for (i = 0; i < d->nr; i++) {
		shutdown(d->apps[i].fd, SHUT_RDWR);
		pthread_join(d->app_th[i], NULL);
		close(d->apps[i].fd);
	}
	close(lsock);
	unlink(sock_path);
	lsock = -1;
}

/* ------------------------------------------------------------------ */
/* Running the sample application                                      */
/* ------------------------------------------------------------------ */

static int app_debug;	/* LTTNG_UST_DEBUG=1, stderr with stdout */

static pid_t run_app(const char *timeout, char *const args[], int *out_fd)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (!pid) {
		char *argv[16] = { (char *)app_path };
		int i;

		for (i = 0; args[i] && i < 14; i++)
			argv[i + 1] = args[i];
		dup2(p[1], 1);
		if (app_debug) {
			dup2(p[1], 2);
			setenv("LTTNG_UST_DEBUG", "1", 1);
		}
		close(p[0]);
		setenv("HOME", home, 1);
		unsetenv("LTTNG_HOME");
		setenv("LTTNG_UST_ROOT_RUNDIR", "", 1);	/* no root daemon */
		setenv("LTTNG_UST_REGISTER_TIMEOUT", timeout, 1);
		setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
		if (no_membarrier)
			setenv("LTTNG_UST_NO_MEMBARRIER", "1", 1);
		execv(app_path, argv);
		_exit(127);
	}
	close(p[1]);
	*out_fd = p[0];
	return pid;
}

/* Status of the application, its stdout in out (NUL-terminated). */
static int wait_app(pid_t pid, int fd, char *out, size_t len)
{
	size_t n = 0;
	ssize_t r;
	int st;

	while (n + 1 < len && (r = read(fd, out + n, len - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fd);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ------------------------------------------------------------------ */
/* Reading the trace                                                   */
/* ------------------------------------------------------------------ */

struct rec {
	uint64_t ts;
	uint32_t id;
	int32_t pid, tid;
	char procname[17];
	uint64_t pthread_id;
	uint64_t task_clock;	/* perf:thread:task-clock */
	uint64_t refused;	/* a counter perf_event_open refuses: 0 */
	/* fields */
	int64_t seq;
	int ok;			/* every field as main.c says */
};

static struct rec *recs;
static size_t nrecs, caprecs;

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

struct cur {
	const uint8_t *p, *end;
	int bad;
};

static void take(struct cur *c, void *dst, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p, n);
	c->p += n;
}

static const char *take_str(struct cur *c)
{
	const uint8_t *z = memchr(c->p, 0, (size_t)(c->end - c->p));
	const char *s = (const char *)c->p;

	if (!z) {
		c->bad = 1;
		return "";
	}
	c->p = z + 1;
	return s;
}

/* Decode the fields of one record of event id, check them. */
static void decode_fields(struct cur *c, struct rec *r)
{
	r->ok = 1;
	switch (r->id) {
	case 0: {	/* start */
		int32_t count;

		take(c, &count, 4);
		r->seq = count;
		r->ok = !strcmp(take_str(c), "ust-sample");
		break;
	}
	case 1: {	/* event */
		int32_t seq, values[3], parity, sv[3];
		uint64_t addr, big;
		int8_t small;
		double ratio;
		float ratio_f;
		char tag[4], want_tag[8], msg[32], st[3];
		uint32_t slen, i;
		uint8_t tlen;
		const char *m;

		take(c, &seq, 4);
		take(c, &addr, 8);
		take(c, &small, 1);
		take(c, &big, 8);
		take(c, &ratio, 8);
		take(c, &ratio_f, 4);
		m = take_str(c);
		take(c, values, 12);
		take(c, tag, 4);
		take(c, &slen, 4);
		if (slen > 3) {
			c->bad = 1;
			break;
		}
		take(c, sv, 4 * slen);
		take(c, &tlen, 1);
		if (tlen != 3) {
			c->bad = 1;
			break;
		}
		take(c, st, 3);
		take(c, &parity, 4);
		r->seq = seq;
		snprintf(msg, sizeof(msg), "msg-%d", seq);
		snprintf(want_tag, sizeof(want_tag), "t%dxy", seq % 10);
		r->ok = addr == 0x1000UL + (unsigned long)seq &&
			small == (int8_t)-(seq % 100) &&
			big == (uint64_t)seq * 1000000007ULL &&
			ratio == seq / 4.0 && ratio_f == (float)(seq / 4.0) &&
			!strcmp(m, msg) && values[0] == seq &&
			values[1] == 2 * seq && values[2] == 3 * seq &&
			!memcmp(tag, want_tag, 4) && slen == (uint32_t)seq % 4 &&
			!memcmp(st, msg, 3) && parity == seq % 2;
		for (i = 0; i < slen; i++)
			if (sv[i] != (int32_t)(i + 1) * seq)
				r->ok = 0;
		break;
	}
	case 2:		/* tick */
		break;
	case 3: {	/* stop */
		int32_t n;

		take(c, &n, 4);
		r->seq = n;
		break;
	}
	case 40: {	/* warn */
		int64_t neg;

		take(c, &neg, 8);
		r->seq = -neg;
		break;
	}
	default:
		r->ok = 0;
	}
	if (c->bad)
		r->ok = 0;
}

static int decode_errors;

static void decode_packet(const uint8_t *buf, size_t len)
{
	uint64_t content, ts_begin, cur;
	const uint64_t mask = (1ULL << 27) - 1;
	struct cur c;

	memcpy(&ts_begin, buf + 32, 8);
	memcpy(&content, buf + 48, 8);
	content /= 8;
	if (content > len) {
		decode_errors++;
		return;
	}
	cur = ts_begin;
	c.p = buf + 84;
	c.end = buf + content;
	c.bad = 0;
	while (c.p < c.end && !c.bad) {
		struct rec r = { 0 };
		uint8_t b = c.p[0];

		if ((b & 0x1f) == 31) {
			c.p++;
			take(&c, &r.id, 4);
			take(&c, &r.ts, 8);
		} else {
			uint32_t w, low;

			take(&c, &w, 4);
			r.id = w & 0x1f;
			low = w >> 5;
			r.ts = (cur & ~mask) | low;
			if (low < (cur & mask))
				r.ts += mask + 1;
		}
		cur = r.ts;
		take(&c, &r.pid, 4);
		take(&c, &r.tid, 4);
		take(&c, r.procname, 17);
		take(&c, &r.pthread_id, 8);
		take(&c, &r.task_clock, 8);
		take(&c, &r.refused, 8);
		decode_fields(&c, &r);
		if (c.bad) {
			decode_errors++;
			break;
		}
		if (nrecs == caprecs) {
			caprecs = caprecs ? caprecs * 2 : 1024;
			recs = realloc(recs, caprecs * sizeof(*recs));
		}
		recs[nrecs++] = r;
	}
}

static void read_trace(struct ust_ring **rings)
{
	uint8_t *buf = malloc(SB_SIZE);
	int i;

	free(recs);
	recs = NULL;
	nrecs = caprecs = 0;
	decode_errors = 0;
	for (i = 0; i < NR_STREAMS; i++) {
		ssize_t n;

		ust_ring_flush(rings[i]);
		while ((n = ust_ring_read_packet(rings[i], buf, SB_SIZE, 1)) > 0)
			decode_packet(buf, (size_t)n);
		if (n < 0)
			decode_errors++;
	}
	free(buf);
	if (nrecs)
		qsort(recs, nrecs, sizeof(*recs), rec_cmp);
}

/* check_thread()'s state after iteration *i: the next iteration, or the stop */
static int next_iteration(int *i, int count)
{
	++*i;
	return *i == count ? 5 : 1;
}

/*
 * Check the records of one thread (pid, tid) against main.c's sequence
 * with the filter "seq % 3 == 0 || msg == \"msg-1\"" on ust_sample:event.
 * Returns the number of records matched, or -1 with why set.
 */
static long check_thread(pid_t pid, int32_t tid, int count, long upto,
			 char *why, size_t wl)
{
	long n = 0;
	size_t k;
	int i = -1, state = 0;	/* expected next: 0 start, 1 event/tick, ... */
	int want_event = 0;

	for (k = 0; k < nrecs; k++) {
		struct rec *r = &recs[k];

		if (r->pid != pid || r->tid != tid)
			continue;
		if (upto >= 0 && n >= upto)
			break;
		if (!r->ok || strncmp(r->procname, app_name, 15)) {
			snprintf(why, wl, "record %ld (id %u seq %" PRId64 ") has a wrong field",
				 n, r->id, r->seq);
			return -1;
		}
		switch (state) {
		case 0:
			if (r->id != 0 || r->seq != count)
				goto order;
			state = 1;
			i = 0;
			break;
		case 1:		/* event (if filtered in) then tick */
			want_event = i % 3 == 0 || i == 1;
			if (want_event) {
				if (r->id != 1 || r->seq != i)
					goto order;
				state = 2;
				break;
			}
			/* fall through */
		case 2:		/* tick, then a warn every 10th iteration */
			if (r->id != 2)
				goto order;
			state = i % 10 == 0 ? 3 : next_iteration(&i, count);
			break;
		case 3:
			if (r->id != 40 || r->seq != i)
				goto order;
			state = next_iteration(&i, count);
			break;
		case 5:
			if (r->id != 3 || r->seq != count)
				goto order;
			state = 6;
			break;
		default:
			goto order;
		}
		n++;
	}
	if (upto < 0 && state != 6) {
		snprintf(why, wl, "sequence incomplete after %ld records (state %d, i %d)",
			 n, state, i);
		return -1;
	}
	return n;
order:
	snprintf(why, wl, "record %ld out of sequence (id %u seq %" PRId64 ", expected i=%d state %d)",
		 n, recs[k].id, recs[k].seq, i, state);
	return -1;
}

/* Records expected for count iterations with the filter above. */
static long expected(int count)
{
	long n = 2;
	int i;

	for (i = 0; i < count; i++)
		n += 1 + (i % 3 == 0 || i == 1) + (i % 10 == 0);
	return n;
}

/* Distinct (pid, tid) pairs in the trace. */
static int threads_of(pid_t pid, int32_t *tids, int max)
{
	int n = 0, j;
	size_t k;

	for (k = 0; k < nrecs; k++) {
		if (recs[k].pid != pid)
			continue;
		for (j = 0; j < n && tids[j] != recs[k].tid; j++)
			;
		if (j == n && n < max)
			tids[n++] = recs[k].tid;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static struct ust_ring *rings[NR_STREAMS];

static void rings_new(void)
{
	struct ust_ring_attr a = { .subbuf_size = SB_SIZE, .num_subbuf = NSB };
	int i;

	for (i = 0; i < NR_STREAMS; i++) {
		if (rings[i]) {
			ust_ring_unmap(rings[i]);
			close(ring_fds[i]);
		}
		a.cpu = (uint32_t)i;
		if (ust_ring_create(&a, &ring_fds[i]) ||
		    ust_ring_map(ring_fds[i], &rings[i])) {
			perror("ring");
			exit(1);
		}
	}
}

/* The stdout of the program run_traced() ran last, beside its trace. */
static char traced_out[4096];

/* New rings, a fake daemon in mode m, the program run to its end, its
 * output in traced_out, the trace read.  Returns its exit status. */
static int run_traced(struct daemon *d, enum mode m, const char *timeout,
		      char **args)
{
	int fd, rc;
	pid_t pid;

	rings_new();
	daemon_start(d, m);
	pid = run_app(timeout, args, &fd);
	rc = wait_app(pid, fd, traced_out, sizeof(traced_out));
	daemon_stop(d);
	read_trace(rings);
	return rc;
}

/*
 * The perf:thread contexts of channel0: task-clock grows within each
 * thread (never down between records in time order, up from its first
 * record to its last), the refused counter is 0 in every record.
 */
static void perf_check(const int32_t *tids)
{
	size_t i, j, refused = 0, down = 0;
	int t, grows = 0;

	for (i = 0; i < nrecs; i++)
		refused += recs[i].refused != 0;
	for (t = 0; tids && t < 2; t++) {
		const struct rec *first = NULL, *prev = NULL;

		for (j = 0; j < nrecs; j++) {
			const struct rec *r = &recs[j];

			if (r->tid != tids[t])
				continue;
			if (!first)
				first = r;
			if (prev && r->ts > prev->ts && r->task_clock < prev->task_clock)
				down++;
			prev = r;
		}
		grows += first && prev->task_clock > first->task_clock;
	}
	ok(tids && grows == 2 && down == 0,
	   "trace: perf:thread:task-clock grows within each thread (%d of 2, %zu decreases)",
	   grows, down);
	ok(nrecs && refused == 0,
	   "trace: a counter perf_event_open refuses is recorded as 0 (%zu of %zu records not 0)",
	   refused, nrecs);
}

static void test_trace(void)
{
	struct daemon d;
	char out[4096], why[256] = "";
	char *args[] = { "-n", "100", "-t", "2", NULL };
	int fd, rc, nt;
	int32_t tids[4];
	struct app_conn *f;
	pid_t pid;
	long a, b;

	rings_new();
	daemon_start(&d, M_TRACE);
	pid = run_app("5000", args, &fd);
	rc = wait_app(pid, fd, out, sizeof(out));
	daemon_stop(&d);
	ok(rc == 0, "trace: the application exits normally (%d)", rc);
	/* one registration per provider constructor (two providers) */
	f = last_full(&d);
	ok((d.nr == 2 || d.nr == 3) && nfull(&d) == 1 && d.apps[0].partial &&
	   f->reg.ok && f->reg.builtin == 16,
	   "trace: one REGISTER per provider constructor (and maybe one when the library loads), well formed, with tracef/tracelog's 16 events (%d, %d full, %d) %s",
	   d.nr, nfull(&d), f->reg.builtin, f->reg.why);
	ok(f->reg.statedump == 6,
	   "trace: the 6 lttng_ust_statedump events registered with LTTng-UST's fields and log level (%d)",
	   f->reg.statedump);
	ok(f->reg.pid == pid && f->peer_pid == pid &&
	   !strncmp(f->reg.procname, app_name, 15),
	   "trace: pid and procname registered");
	ok((d.apps[d.nr - 2].reg.nr_events == 5 ||
	    d.apps[d.nr - 2].reg.nr_events == 2) &&
	   f->reg.nr_events == 7 && f->reg.fields_ok && f->reg.extra == 2,
	   "trace: %u then 7 events, the fields of ust_sample:event exactly, the class instances %s",
	   d.apps[d.nr - 2].reg.nr_events, f->reg.why);
	ok(f->reg.loglevels_ok, "trace: log levels");
	ok(f->replies_ok, "trace: commands replied (errors where expected)");
	read_trace(rings);
	nt = threads_of(pid, tids, 4);
	ok(decode_errors == 0 && nt == 2, "trace: records decode (%zu records, %d threads)",
	   nrecs, nt);
	a = nt == 2 ? check_thread(pid, tids[0], 100, -1, why, sizeof(why)) : -1;
	b = nt == 2 && a >= 0 ? check_thread(pid, tids[1], 100, -1, why, sizeof(why)) : -1;
	ok(a == expected(100) && b == expected(100) && nrecs == (size_t)(a + b),
	   "trace: each thread's exact sequence, fields, contexts, filter (%ld + %ld records) %s",
	   a, b, why);
	ok(ust_ring_discarded(rings[0]) + ust_ring_discarded(rings[1]) == 0,
	   "trace: nothing discarded");
	perf_check(nt == 2 ? tids : NULL);
}

static void test_fork(void)
{
	struct daemon d;
	char why[256] = "";
	char *args[] = { "-n", "50", "-f", NULL };
	int rc, i, good = 0;

	rc = run_traced(&d, M_TRACE, "5000", args);
	ok(rc == 0, "fork: parent and child exit normally");
	{
		char regs[128] = "";
		size_t o = 0;

		for (i = 0; i < d.nr && o < sizeof(regs) - 16; i++)
			o += (size_t)snprintf(regs + o, sizeof(regs) - o, " %d:%u%s",
					      (int)d.apps[i].reg.pid,
					      d.apps[i].reg.nr_events,
					      d.apps[i].partial ? "p" : "");
		ok(nfull(&d) == 2 && last_full(&d)->reg.ok,
		   "fork: the child registered as its own application (%d registrations, %d full:%s)",
		   d.nr, nfull(&d), regs);
	}
	for (i = 0; i < d.nr; i++) {
		int32_t tid;

		if (d.apps[i].partial)
			continue;
		if (threads_of(d.apps[i].reg.pid, &tid, 1) == 1 &&
		    check_thread(d.apps[i].reg.pid, tid, 50, -1, why, sizeof(why)) ==
			    expected(50))
			good++;
	}
	ok(decode_errors == 0 && good == 2 && nrecs == 2 * (size_t)expected(50),
	   "fork: both processes' sequences in the shared rings (%zu records) %s",
	   nrecs, why);
}

static void test_nothing_enabled(void)
{
	struct daemon d;
	char *args[] = { "-n", "20", NULL };
	int rc;

	rc = run_traced(&d, M_NOTHING, "5000", args);
	ok(rc == 0 && nfull(&d) == 1 && nrecs == 0,
	   "no session: registered, nothing recorded");
}

static void test_garbage(void)
{
	struct daemon d;
	char out[4096];
	char *args[] = { "-n", "30", "-d", "30000", NULL };
	int fd, rc;
	pid_t pid;

	daemon_start(&d, M_GARBAGE);
	pid = run_app("5000", args, &fd);
	rc = wait_app(pid, fd, out, sizeof(out));
	daemon_stop(&d);
	ok(rc == 0 && strstr(out, "emitted 30"),
	   "garbage from the daemon: the application goes on (%d)", rc);
	ok(d.nr >= 2, "garbage: it disconnected and registered again (%d connections)",
	   d.nr);
}

static void test_silent(void)
{
	struct daemon d;
	char out[4096];
	char *args[] = { "-n", "3", NULL };
	struct timespec t0, t1;
	int fd, rc;
	pid_t pid;
	long ms;

	const char *p;
	int waits = 0;

	daemon_start(&d, M_SILENT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	app_debug = 1;
	pid = run_app("300", args, &fd);
	app_debug = 0;
	rc = wait_app(pid, fd, out, sizeof(out));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	daemon_stop(&d);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* timed out once (the library says so), not once per provider */
	for (p = out; (p = strstr(p, "registration not complete")); p++)
		waits++;
	ok(rc == 0 && ms >= 290 && waits == 1 && strstr(out, "emitted 3"),
	   "silent daemon: the constructors wait LTTNG_UST_REGISTER_TIMEOUT=300 ms once (%d), then the program runs (%ld ms)",
	   waits, ms);
}

static void test_late_daemon(void)
{
	struct daemon d;
	char out[4096], why[256] = "";
	char *args[] = { "-n", "200", "-d", "10000", NULL };	/* ~2 s */
	struct timespec w = { 0, 300 * 1000 * 1000 };
	int fd, rc;
	int32_t tid;
	long n;
	pid_t pid;
	size_t k;

	rings_new();
	pid = run_app("5000", args, &fd);	/* no daemon yet */
	nanosleep(&w, NULL);
	daemon_start(&d, M_TRACE);
	rc = wait_app(pid, fd, out, sizeof(out));
	daemon_stop(&d);
	read_trace(rings);
	/* (a partial registration first if it was still starting) */
	ok(rc == 0 && nfull(&d) == 1 && last_full(&d)->reg.ok,
	   "late daemon: the running program registered when it appeared");
	/* the tail of the sequence, from some event on */
	n = 0;
	for (k = 0; k < nrecs; k++)
		n += recs[k].ok;
	ok(nrecs > 50 && n == (long)nrecs && threads_of(pid, &tid, 1) == 1 &&
	   recs[nrecs - 1].id == 3,
	   "late daemon: the rest of the run is recorded (%zu records, ends with stop) %s",
	   nrecs, why);
}

static void test_destroy(void)
{
	struct daemon d;
	char *args[] = { "-n", "40", "-d", "10000", NULL };	/* ~0.4 s */
	int rc;

	rc = run_traced(&d, M_DESTROY, "5000", args);
	ok(nfull(&d) == 1 && last_full(&d)->destroy_ret == 0 &&
	   last_full(&d)->late_cmd_ret == -ENOENT,
	   "destroy: replied 0 while recording; the session is gone after (%d, %d)",
	   last_full(&d)->destroy_ret, last_full(&d)->late_cmd_ret);
	ok(rc == 0 && strstr(traced_out, "emitted 40") && nrecs > 0 &&
	   decode_errors == 0 && recs[nrecs - 1].id != 3,
	   "destroy: the program goes on, its records until the destroy are intact (%zu)",
	   nrecs);
}

/*
 * Threads recording as fast as they can while the session is destroyed:
 * the rings are unmapped in the program right after the grace period; a
 * thread still writing into them would crash it.
 */
static void test_destroy_stress(void)
{
	struct daemon d;
	char *args[] = { "-n", "400000", "-t", "3", NULL };	/* > 0.1 s */
	int rc;

	rc = run_traced(&d, M_DESTROY, "5000", args);
	ok(rc == 0 && last_full(&d)->destroy_ret == 0 && decode_errors == 0 &&
	   nrecs > 0,
	   "destroy under load (3 threads recording): no crash, %zu records intact (status %d, destroy %d, %d decode errors)",
	   nrecs, rc, last_full(&d)->destroy_ret, decode_errors);
}

static void test_die(void)
{
	struct daemon d;
	char *args[] = { "-n", "100", "-d", "10000", NULL };	/* ~1 s */
	int rc;

	rc = run_traced(&d, M_DIE, "5000", args);
	ok(rc == 0 && strstr(traced_out, "emitted 100") && nrecs > 0 &&
	   decode_errors == 0,
	   "daemon gone while recording: the program goes on (%zu records before)",
	   nrecs);
	ok(nfull(&d) >= 2, "daemon gone: the program registered again (%d full registrations)",
	   nfull(&d));
}

static void test_fuzz(void)
{
	struct daemon d;
	char *args[] = { "-n", "1500", "-d", "1000", NULL };	/* > 1.5 s */
	int rc, i, answered = 0;

	rc = run_traced(&d, M_FUZZ, "20000", args);
	for (i = 0; i < d.nr; i++)
		answered += d.apps[i].replies_ok;
	ok(rc == 0 && strstr(traced_out, "emitted 1500") && answered > 20,
	   "hostile daemon: %d connections, %d commands answered, the program never crashed (%d)",
	   d.nr, answered, rc);
}

static void test_stop(void)
{
	struct daemon d;
	char *args[] = { "-n", "40", "-d", "10000", NULL };	/* ~0.4 s */
	int rc, late = 0;
	size_t k;

	rc = run_traced(&d, M_STOP, "5000", args);
	for (k = 0; k < nrecs; k++)
		late += recs[k].ts > last_full(&d)->stop_ts;
	ok(rc == 0 && nfull(&d) == 1 && last_full(&d)->destroy_ret == 0 && nrecs > 0 &&
	   !late && decode_errors == 0,
	   "stop: replied, %zu records before, none after the reply (%d)",
	   nrecs, late);
}

int main(int argc, char **argv)
{
	char err[256];
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s SAMPLE_APP [--no-membarrier]\n", argv[0]);
		return 2;
	}
	no_membarrier = argc > 2 && !strcmp(argv[2], "--no-membarrier");
	app_path = argv[1];
	app_name = strrchr(app_path, '/') ? strrchr(app_path, '/') + 1 : app_path;
	signal(SIGPIPE, SIG_IGN);
	snprintf(home, sizeof(home), "/tmp/ust-test-XXXXXX");
	if (!mkdtemp(home))
		return 1;
	snprintf(sock_path, sizeof(sock_path), "%s/.lttng", home);
	mkdir(sock_path, 0700);
	snprintf(sock_path, sizeof(sock_path), "%s/.lttng/%s", home,
		 LTTNG_UST_SOCK_NAME);
	if (lttng_filter_compile("seq % 3 == 0 || msg == \"msg-1\"", NULL, 0,
				 &filter_bc, err, sizeof(err))) {
		fprintf(stderr, "filter: %s\n", err);
		return 1;
	}
	test_trace();
	test_fork();
	test_nothing_enabled();
	test_garbage();
	test_silent();
	test_late_daemon();
	test_destroy();
	test_stop();
	test_destroy_stress();
	test_die();
	test_fuzz();
	lttng_filter_bytecode_free(filter_bc);
	for (i = 0; i < NR_STREAMS; i++) {
		ust_ring_unmap(rings[i]);
		close(ring_fds[i]);
	}
	free(recs);
	rmdir(sock_path);
	snprintf(sock_path, sizeof(sock_path), "%s/.lttng", home);
	rmdir(sock_path);
	rmdir(home);
	return tap_done();
}
