// SPDX-License-Identifier: GPL-2.0-only
/*
 * fakeapp.c - a scripted peer of the daemon's application socket, for the
 * UST daemon tests only (it is not the tracing library: it speaks
 * include/lttng-ust-abi.h by hand so that it can also misbehave).
 *
 *   fakeapp SOCK app       registers three events, obeys every command,
 *                          reads lines on stdin: "emit N" writes N records
 *                          of each enabled event (value i = 0..N-1) with
 *                          ust_ring_reserve/commit and prints "emitted";
 *                          "state" prints the enabled events; EOF exits.
 *   fakeapp SOCK dup-conflict
 *                          like app, but "fake:ev_int" has another field
 *   fakeapp SOCK HOSTILE   one misbehaviour, then waits (at most 20 s) for
 *                          the daemon to close the connection: prints
 *                          "dropped" and exits 0 if it did, 1 otherwise.
 *
 * HOSTILE: garbage, badmagic, truncated, stall, liepid, lieuid, hugecount,
 * unterminated, badfield, tsdl, trailing, fds, noreply, badreply, extramsg,
 * slowreply (each reply in time, the whole replay too slow),
 * fuzzN (N randomly mutated registrations, see fuzz()).
 *
 * Attacks on the daemon's resources (each prints what became of it):
 *   slowapp     registers, prints "registered", then answers every command
 *               1.2 s late, until the daemon drops it: "dropped"
 *   flood       like app, but once started records without end into every
 *               channel, closing each sub-buffer after a few records, and
 *               goes on after SESSION_STOP: its rings look always full;
 *               stdin EOF ends it
 *   bigreg      a registration as large as the protocol allows (4096
 *               events x 23 fields, ~16 MiB), then stays until stdin EOF:
 *               "registered" or "dropped"
 *   newevents N N registrations in a row, each with 4096 events of new
 *               names, each completed (REGISTER_DONE) then closed:
 *               "rounds R" (R completed)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lttng-ust-abi.h"
#include "ust-ring.h"

#define NEV 3

struct chan {
	uint64_t key;
	unsigned int nr;
	struct ust_ring *rings[LTTNG_UST_MAX_STREAMS];
	uint32_t nctx, ctx[LTTNG_UST_MAX_CONTEXTS];
	int enabled;
};

struct rule {
	uint64_t key, chan;
	uint32_t ev, id;
};

static struct chan chans[16];
static unsigned int nchans;
static struct rule rules[256];
static unsigned int nrules;
static int started;
static int slow_replies;	/* slowreply: each reply 1.2 s late */
static const char *ev_names[NEV] = { "fake:ev_int", "fake:ev_str",
				      "fake:ev_dbg" };
static const int ev_levels[NEV] = { 6, 13, 14 };

static void die(const char *m)
{
	fprintf(stderr, "fakeapp: %s: %s\n", m, strerror(errno));
	exit(2);
}

static int sendmsg_fds(int fd, const void *buf, size_t len, int *fds, int n)
{
	char cb[CMSG_SPACE(sizeof(int) * 4)];
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (n) {
		struct cmsghdr *cm;

		memset(cb, 0, sizeof(cb));
		mh.msg_control = cb;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	}
	return sendmsg(fd, &mh, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

static void send_raw(int fd, const void *buf, size_t len)
{
	if (sendmsg_fds(fd, buf, len, NULL, 0))
		die("send");
}

/* The header of a REGISTER of len bytes (zeroed) for nev events: this
 * process's identity; the events follow it. */
static struct lttng_ust_register *register_header(char *b, size_t len,
						  uint32_t nev)
{
	struct lttng_ust_register *r = lttng_ust_register_start(b, len, nev);

	prctl(PR_GET_NAME, r->procname);
	return r;
}

/* Builds a REGISTER message into *out; returns its size. */
static size_t build_register(char **out, int conflict)
{
	size_t len = sizeof(struct lttng_ust_msg_hdr) +
		     sizeof(struct lttng_ust_register) +
		     NEV * (sizeof(struct lttng_ust_event_info) +
			    sizeof(struct lttng_ust_field_info));
	char *b = calloc(1, len), *p;
	struct lttng_ust_register *r;
	int i;

	if (!b)
		die("calloc");
	r = register_header(b, len, NEV);
	p = (char *)(r + 1);
	for (i = 0; i < NEV; i++) {
		struct lttng_ust_event_info *e = (void *)p;
		struct lttng_ust_field_info *f = (void *)(e + 1);

		strcpy(e->name, ev_names[i]);
		e->loglevel = ev_levels[i];
		e->nr_fields = 1;
		f->base = 10;
		if (i == 1) {
			strcpy(f->name, "s");
			f->type = LTTNG_UST_FIELD_STRING;
		} else {
			strcpy(f->name, i == 0 ? "v" : "x");
			f->type = LTTNG_UST_FIELD_INTEGER;
			f->size = i == 0 ? 64 : 32;
			f->signedness = 1;
			if (conflict && i == 0)
				f->size = 16;
		}
		p = (char *)(f + 1);
	}
	*out = b;
	return len;
}

/* A REGISTER of nev events named fake:<tag>_<k>, nf integer fields each. */
static size_t build_big_register(char **out, uint32_t nev, uint32_t nf,
				 const char *tag)
{
	size_t len = sizeof(struct lttng_ust_msg_hdr) +
		     sizeof(struct lttng_ust_register) +
		     nev * (sizeof(struct lttng_ust_event_info) +
			    nf * sizeof(struct lttng_ust_field_info));
	char *b = calloc(1, len), *p;
	struct lttng_ust_register *r;
	uint32_t i, k;

	if (!b)
		die("calloc");
	r = register_header(b, len, nev);
	p = (char *)(r + 1);
	for (i = 0; i < nev; i++) {
		struct lttng_ust_event_info e = { .loglevel = 13, .nr_fields = nf };

		snprintf(e.name, sizeof(e.name), "fake:%s_%u", tag, i);
		memcpy(p, &e, sizeof(e));
		p += sizeof(e);
		for (k = 0; k < nf; k++) {
			struct lttng_ust_field_info f = {
				.type = LTTNG_UST_FIELD_INTEGER, .size = 32,
				.signedness = 1, .base = 10,
			};

			snprintf(f.name, sizeof(f.name), "f%u", k);
			memcpy(p, &f, sizeof(f));
			p += sizeof(f);
		}
	}
	*out = b;
	return len;
}

static int recv_msg(int fd, struct lttng_ust_msg_hdr *h, void **payload,
		    int *fds)
{
	char cb[CMSG_SPACE(sizeof(int) * 253)];
	struct iovec iov = { h, sizeof(*h) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cb, .msg_controllen = sizeof(cb) };
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &mh, MSG_WAITALL | MSG_CMSG_CLOEXEC);
	size_t got = 0;

	if (n != sizeof(*h))
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_type == SCM_RIGHTS)
			memcpy(fds, CMSG_DATA(cm), cm->cmsg_len - CMSG_LEN(0));
	*payload = calloc(1, h->len + 1);
	while (got < h->len) {
		n = recv(fd, (char *)*payload + got, h->len - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void reply(int fd, int32_t status)
{
	struct {
		struct lttng_ust_msg_hdr h;
		struct lttng_ust_reply r;
	} m = { { LTTNG_UST_MSG_MAGIC, LTTNG_UST_MSG_REPLY,
		  sizeof(struct lttng_ust_reply), 0 }, { status, 0 } };

	if (sendmsg_fds(fd, &m, sizeof(m), NULL, 0)) {
		if (slow_replies) {
			printf("dropped\n");
			exit(0);
		}
		die("send");
	}
}

static struct chan *chan_find(uint64_t key)
{
	unsigned int i;

	for (i = 0; i < nchans; i++)
		if (chans[i].key == key)
			return &chans[i];
	return NULL;
}

/* Handles one command; returns 1 for REGISTER_DONE. */
static int handle(int fd, int mode_noreply, int mode_badreply)
{
	struct lttng_ust_msg_hdr h;
	void *p = NULL;
	int fds[253], i;

	if (recv_msg(fd, &h, &p, fds)) {
		if (slow_replies) {
			printf("dropped\n");
			exit(0);
		}
		fprintf(stderr, "fakeapp: daemon closed the connection\n");
		exit(3);
	}
	if (h.type == LTTNG_UST_MSG_REGISTER_DONE) {
		free(p);
		return 1;
	}
	if (mode_noreply) {
		free(p);
		return 0;
	}
	if (mode_badreply) {
		send_raw(fd, "this is not a reply at all", 26);
		free(p);
		return 0;
	}
	switch (h.type) {
	case LTTNG_UST_MSG_CHANNEL_CREATE: {
		struct lttng_ust_cmd_channel *c = p;
		struct chan *ch = &chans[nchans < 16 ? nchans++ : 15];

		ch->key = c->channel_key;
		ch->nr = c->nr_streams;
		ch->nctx = c->nr_contexts;
		ch->enabled = (int)c->enabled;
		memcpy(ch->ctx, c->contexts, sizeof(ch->ctx));
		for (i = 0; i < (int)c->nr_streams; i++) {
			if (ust_ring_map(fds[i], &ch->rings[i]))
				die("map");
			close(fds[i]);
			/* the wake-up socket: the ring owns it */
			if (c->wakeup)
				ust_ring_set_wakeup(ch->rings[i],
						    fds[c->nr_streams + i]);
		}
		break;
	}
	case LTTNG_UST_MSG_CHANNEL_ENABLE:
	case LTTNG_UST_MSG_CHANNEL_DISABLE: {
		struct lttng_ust_cmd_key *k = p;
		struct chan *ch = chan_find(k->channel_key);

		if (ch)
			ch->enabled = h.type == LTTNG_UST_MSG_CHANNEL_ENABLE;
		break;
	}
	case LTTNG_UST_MSG_EVENT_ENABLE: {
		struct lttng_ust_cmd_event *e = p;

		for (i = 0; i < NEV; i++)
			if (!strcmp(ev_names[i], e->name))
				break;
		if (i == NEV || nrules == 256)
			break;		/* not one of ours (newevents) */
		rules[nrules].key = e->rule_key;
		rules[nrules].chan = e->channel_key;
		rules[nrules].ev = (uint32_t)i;
		rules[nrules++].id = e->id;
		break;
	}
	case LTTNG_UST_MSG_EVENT_DISABLE: {
		struct lttng_ust_cmd_event *e = p;

		for (i = 0; i < (int)nrules; i++)
			if (rules[i].key == e->rule_key)
				rules[i] = rules[--nrules];
		break;
	}
	case LTTNG_UST_MSG_SESSION_START:
		started = 1;
		break;
	case LTTNG_UST_MSG_SESSION_STOP:
		started = 0;
		break;
	case LTTNG_UST_MSG_SESSION_DESTROY:
		started = 0;
		nchans = 0;
		nrules = 0;
		break;
	}
	free(p);
	if (slow_replies)
		usleep(1200000);
	reply(fd, 0);
	return 0;
}

static size_t ctx_len(uint32_t t)
{
	switch (t) {
	case LTTNG_UST_CTX_PROCNAME:
		return 17;
	case LTTNG_UST_CTX_PTHREAD_ID:
	case LTTNG_UST_CTX_IP:
		return 8;
	default:
		return 4;
	}
}

static int ever_started;	/* flood: goes on after SESSION_STOP */

static void emit(unsigned int n)
{
	unsigned int i, r, k;

	if (!started && !ever_started)
		return;
	for (i = 0; i < n; i++) {
		/* one record per (channel, event), whatever the rules */
		for (r = 0; r < nrules; r++) {
			struct chan *ch = chan_find(rules[r].chan);
			struct ust_ring_ctx c = { 0 };
			size_t len = 0, o = 0;
			unsigned int dup;
			int cpu = sched_getcpu();

			for (dup = 0, k = 0; k < r; k++)
				if (rules[k].chan == rules[r].chan &&
				    rules[k].ev == rules[r].ev)
					dup = 1;
			if (dup || !ch || !ch->enabled)
				continue;
			for (k = 0; k < ch->nctx; k++)
				len += ctx_len(ch->ctx[k]);
			len += rules[r].ev == 0 ? 8 : rules[r].ev == 2 ? 4 : 0;
			if (rules[r].ev == 1)
				len += (size_t)snprintf(NULL, 0, "s%u", i) + 1;
			c.ring = ch->rings[(cpu < 0 ? 0 : cpu) % ch->nr];
			c.event_id = rules[r].id;
			c.payload_len = len;
			if (ust_ring_reserve(&c))
				continue;
			for (k = 0; k < ch->nctx; k++) {
				int32_t v32 = 0;
				uint64_t v64 = 0;

				switch (ch->ctx[k]) {
				case LTTNG_UST_CTX_VPID:
					v32 = getpid();
					break;
				case LTTNG_UST_CTX_VTID:
					v32 = (int32_t)syscall(SYS_gettid);
					break;
				case LTTNG_UST_CTX_PROCNAME:
					memset(c.payload + o, 0, 17);
					prctl(PR_GET_NAME, c.payload + o);
					o += 17;
					continue;
				case LTTNG_UST_CTX_PTHREAD_ID:
				case LTTNG_UST_CTX_IP:
					v64 = 0x1234;
					memcpy(c.payload + o, &v64, 8);
					o += 8;
					continue;
				default:
					v32 = 7;
				}
				memcpy(c.payload + o, &v32, 4);
				o += 4;
			}
			if (rules[r].ev == 0) {
				int64_t v = i;

				memcpy(c.payload + o, &v, 8);
			} else if (rules[r].ev == 2) {
				int32_t v = (int32_t)i;

				memcpy(c.payload + o, &v, 4);
			} else {
				sprintf(c.payload + o, "s%u", i);
			}
			ust_ring_commit(&c);
		}
	}
}

static int connect_sock(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (void *)&a, sizeof(a)) < 0)
		die("connect");
	return fd;
}

/* Waits for the daemon to close the connection (reading what it sends). */
static int wait_dropped(int fd)
{
	time_t end = time(NULL) + 20;

	while (time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		char buf[4096];

		if (poll(&p, 1, 1000) <= 0)
			continue;
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) <= 0) {
			printf("dropped\n");
			return 0;
		}
	}
	printf("still connected\n");
	return 1;
}

/*
 * fuzzN: N connections, each a valid REGISTER with 1 to 8 random bytes
 * changed (mostly in the fixed part, where the checks are), then the
 * write side shut down; reads until the daemon closes.  A mutation that
 * stays valid registers, and the half-closed socket ends it.
 */
static int fuzz(const char *sock, int n)
{
	unsigned int seed = (unsigned int)getpid();
	int i, dropped = 0, accepted = 0;

	for (i = 0; i < n; i++) {
		char *reg, buf[4096];
		size_t len = build_register(&reg, 0);
		int fd = connect_sock(sock), k, nm = 1 + rand_r(&seed) % 8;
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t got = 1;

		for (k = 0; k < nm; k++) {
			size_t span = rand_r(&seed) % 4 ? 16 +
				sizeof(struct lttng_ust_register) + 300 : len;
			size_t off = (size_t)rand_r(&seed) % span;

			reg[off] = (char)rand_r(&seed);
		}
		sendmsg_fds(fd, reg, len, NULL, 0);
		shutdown(fd, SHUT_WR);
		while (got > 0 && poll(&p, 1, 5000) > 0) {
			got = recv(fd, buf, sizeof(buf), 0);
			if (got > 0)
				accepted = 1;
		}
		dropped += got <= 0;
		close(fd);
		free(reg);
	}
	printf("fuzz: %d connections, %d closed by the daemon%s\n", n,
	       dropped, accepted ? " (some mutations were valid)" : "");
	return dropped == n ? 0 : 1;
}

/* Stays registered with a registration as large as allowed. */
static int bigreg(const char *sock)
{
	char *reg;
	size_t len = build_big_register(&reg, LTTNG_UST_MAX_EVENTS, 23, "big");
	int fd = connect_sock(sock);
	struct lttng_ust_msg_hdr h;
	void *p = NULL;
	int fds[253];

	/* refused while we send: the daemon closed the connection */
	if (sendmsg_fds(fd, reg, len, NULL, 0)) {
		printf("dropped\n");
		return 0;
	}
	free(reg);
	/* the replay (no session here) is REGISTER_DONE alone */
	if (recv_msg(fd, &h, &p, fds) || h.type != LTTNG_UST_MSG_REGISTER_DONE) {
		printf("dropped\n");
		return 0;
	}
	free(p);
	printf("registered\n");
	while (getchar() != EOF)
		;
	return 0;
}

/* Registrations in a row, each with events of new names. */
static int newevents(const char *sock, int n)
{
	int round;

	for (round = 0; round < n; round++) {
		char tag[32], *reg;
		size_t len;
		int fd = connect_sock(sock);

		snprintf(tag, sizeof(tag), "n%d_%d", (int)getpid(), round);
		len = build_big_register(&reg, LTTNG_UST_MAX_EVENTS, 1, tag);
		send_raw(fd, reg, len);
		free(reg);
		nchans = 0;
		nrules = 0;
		while (!handle(fd, 0, 0))
			;
		close(fd);
	}
	printf("rounds %d\n", round);
	return 0;
}

/* Records without end, sub-buffers closed after a few records each. */
static int flood(const char *sock)
{
	char *reg;
	size_t len = build_register(&reg, 0);
	int fd = connect_sock(sock);
	unsigned long packets = 0;

	send_raw(fd, reg, len);
	free(reg);
	while (!handle(fd, 0, 0))
		;
	printf("registered\n");
	for (;;) {
		struct pollfd p[2] = { { fd, POLLIN, 0 }, { 0, POLLIN, 0 } };
		unsigned int c, i;

		if (poll(p, 2, ever_started ? 0 : 100) < 0)
			continue;
		if (p[0].revents)
			handle(fd, 0, 0);
		if (p[1].revents) {
			char line[64];

			if (!fgets(line, sizeof(line), stdin))
				break;
		}
		ever_started |= started;
		if (!ever_started)
			continue;
		emit(4);
		for (c = 0; c < nchans; c++)
			for (i = 0; i < chans[c].nr; i++)
				ust_ring_flush(chans[c].rings[i]);
		packets++;
	}
	printf("flooded %lu\n", packets);
	return 0;
}

/* slowapp: registers, then answers every command late until dropped
 * (handle() exits then). */
static void __attribute__((noreturn)) slowapp(const char *sock)
{
	int fd = connect_sock(sock);
	char *reg;
	size_t len = build_register(&reg, 0);

	send_raw(fd, reg, len);
	while (!handle(fd, 0, 0))
		;
	printf("registered\n");
	slow_replies = 1;	/* handle() exits once dropped */
	for (;;)
		handle(fd, 0, 0);
}

/* app's stdin commands: "emit N", "state"; returns at EOF. */
static int app_commands(int fd)
{
	for (;;) {
		struct pollfd p[2] = { { fd, POLLIN, 0 }, { 0, POLLIN, 0 } };
		char line[128];

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[0].revents)
			handle(fd, 0, 0);
		if (!p[1].revents)
			continue;
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		if (!strncmp(line, "emit ", 5)) {
			emit((unsigned int)atoi(line + 5));
			printf("emitted\n");
		} else if (!strncmp(line, "state", 5)) {
			unsigned int r;

			for (r = 0; r < nrules; r++)
				printf("rule %s id %u\n",
				       ev_names[rules[r].ev], rules[r].id);
			printf("started %d\n", started);
		}
	}
}

/* app, dup-conflict, noreply and badreply. */
static int app(int fd, char *reg, size_t len, const char *mode)
{
	int noreply = !strcmp(mode, "noreply");
	int badreply = !strcmp(mode, "badreply");

	send_raw(fd, reg, len);
	if (noreply || badreply) {
		/* answer nothing (or garbage) to the first command */
		handle(fd, noreply, badreply);
		return wait_dropped(fd);
	}
	while (!handle(fd, 0, 0))
		;
	printf("registered\n");
	return app_commands(fd);
}

static int send_with_fds(int fd, char *reg, size_t len)
{
	struct lttng_ust_msg_hdr *h = (void *)reg;
	int fds[1] = { 0 };

	h->nr_fds = 1;
	if (sendmsg_fds(fd, reg, len, fds, 1))
		die("send");
	return wait_dropped(fd);
}

/* every reply within the command timeout (1.5 s in the tests), but the
 * whole replay is too long */
static int slowreply(int fd, char *reg, size_t len)
{
	slow_replies = 1;
	send_raw(fd, reg, len);
	while (!handle(fd, 0, 0))
		;
	printf("still connected\n");
	return 1;
}

static int extramsg(int fd, char *reg, size_t len)
{
	send_raw(fd, reg, len);
	while (!handle(fd, 0, 0))
		;
	/* an unsolicited message after registration */
	send_raw(fd, reg, sizeof(struct lttng_ust_msg_hdr));
	return wait_dropped(fd);
}

/* A registration and the parts of it that the hostile modes spoil. */
struct reg_parts {
	char *reg;
	size_t len;			/* what is sent: 0, nothing */
	struct lttng_ust_msg_hdr *h;
	struct lttng_ust_register *r;
	struct lttng_ust_event_info *e;
	struct lttng_ust_field_info *f;
};

static void spoil_garbage(struct reg_parts *p)
{
	memset(p->reg, 0x5a, p->len);
}

static void spoil_badmagic(struct reg_parts *p)
{
	p->h->magic = 0xdeadbeef;
}

/* header promises more: then stall */
static void spoil_truncated(struct reg_parts *p)
{
	p->len -= 100;
}

static void spoil_stall(struct reg_parts *p)
{
	p->len = 0;
}

static void spoil_liepid(struct reg_parts *p)
{
	p->r->pid = 1;
}

static void spoil_lieuid(struct reg_parts *p)
{
	p->r->uid = p->r->uid ? 0 : 1000;
}

static void spoil_hugecount(struct reg_parts *p)
{
	p->r->nr_events = LTTNG_UST_MAX_EVENTS + 1;
}

static void spoil_unterminated(struct reg_parts *p)
{
	memset(p->e->name, 'A', sizeof(p->e->name));
}

static void spoil_badfield(struct reg_parts *p)
{
	p->f->size = 12;
}

static void spoil_tsdl(struct reg_parts *p)
{
	strcpy(p->e->name, "x\"; }; event { name = \"y");
}

static void spoil_trailing(struct reg_parts *p)
{
	p->h->len += 8;
	p->reg = realloc(p->reg, p->len + 8);
	memset(p->reg + p->len, 0, 8);
	p->len += 8;
}

/* The hostile modes: a spoiled registration sent, or a run of their own
 * on the connection; then until the daemon drops it. */
static const struct hostile_mode {
	const char *name;
	void (*spoil)(struct reg_parts *p);
	int (*run)(int fd, char *reg, size_t len);
} hostile_modes[] = {
	{ "garbage", spoil_garbage, NULL },
	{ "badmagic", spoil_badmagic, NULL },
	{ "truncated", spoil_truncated, NULL },
	{ "stall", spoil_stall, NULL },
	{ "liepid", spoil_liepid, NULL },
	{ "lieuid", spoil_lieuid, NULL },
	{ "hugecount", spoil_hugecount, NULL },
	{ "unterminated", spoil_unterminated, NULL },
	{ "badfield", spoil_badfield, NULL },
	{ "tsdl", spoil_tsdl, NULL },
	{ "trailing", spoil_trailing, NULL },
	{ "fds", NULL, send_with_fds },
	{ "slowreply", NULL, slowreply },
	{ "extramsg", NULL, extramsg },
};

static int hostile(int fd, char *reg, size_t len, const char *mode)
{
	const struct hostile_mode *m = NULL;
	struct reg_parts p;
	size_t i;

	for (i = 0; i < sizeof(hostile_modes) / sizeof(hostile_modes[0]); i++)
		if (!strcmp(mode, hostile_modes[i].name))
			m = &hostile_modes[i];
	if (!m) {
		fprintf(stderr, "fakeapp: unknown mode %s\n", mode);
		return 2;
	}
	if (m->run)
		return m->run(fd, reg, len);
	p.reg = reg;
	p.len = len;
	p.h = (void *)reg;
	p.r = (void *)(p.h + 1);
	p.e = (void *)(p.r + 1);
	p.f = (void *)(p.e + 1);
	m->spoil(&p);
	if (p.len)
		send_raw(fd, p.reg, p.len);
	return wait_dropped(fd);
}

int main(int argc, char **argv)
{
	const char *mode;
	char *reg;
	size_t len;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: fakeapp SOCK MODE\n");
		return 2;
	}
	mode = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strncmp(mode, "fuzz", 4))
		return fuzz(argv[1], atoi(mode + 4));
	if (!strcmp(mode, "bigreg"))
		return bigreg(argv[1]);
	if (!strncmp(mode, "newevents", 9))
		return newevents(argv[1], atoi(mode + 9));
	if (!strcmp(mode, "flood"))
		return flood(argv[1]);
	if (!strcmp(mode, "slowapp"))
		slowapp(argv[1]);
	fd = connect_sock(argv[1]);
	len = build_register(&reg, !strcmp(mode, "dup-conflict"));
	if (!strcmp(mode, "app") || !strcmp(mode, "dup-conflict") ||
	    !strcmp(mode, "noreply") || !strcmp(mode, "badreply"))
		return app(fd, reg, len, mode);
	return hostile(fd, reg, len, mode);
}
