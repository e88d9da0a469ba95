// SPDX-License-Identifier: GPL-2.0-only
/*
 * sdclient - a tiny protocol client for the daemon tests.
 *
 *   sdclient SOCK version
 *   sdclient SOCK create NAME|- [OUTPUT]   ("-" = auto name)
 *   sdclient SOCK destroy|start|stop|get|pending NAME
 *   sdclient SOCK list
 *   sdclient SOCK channels NAME k|u
 *   sdclient SOCK enable-channel NAME k|u CHAN [SUBBUF NUM]
 *   sdclient SOCK enable-event NAME k|u EVENT [CHAN] [tp|syscall|all]
 *   sdclient SOCK disable-event NAME k|u EVENT [CHAN]
 *   sdclient SOCK events NAME k|u [CHAN]
 *   sdclient SOCK context NAME k|u CTXTYPE [CHAN]
 *   sdclient SOCK probe NAME EVENT SYMBOL [CHAN]   (kernel kprobe)
 *   sdclient SOCK tracepoints|syscalls k|u
 *   sdclient SOCK track|untrack NAME k|u TYPE ID|all
 *   sdclient SOCK trackers NAME k|u TYPE
 *   sdclient SOCK stall SECONDS       (half a header, then sleep)
 *   sdclient SOCK raw HEXBYTES        (send bytes, report if closed)
 *   sdclient SOCK longname            (256-byte name without NUL)
 *   sdclient SOCK listloop STOPFILE   (list sessions, a new connection
 *                                     every 0.2 s, until STOPFILE exists
 *                                     (10 min at most): one line a call,
 *                                     "MS CODE", the round trip in ms)
 *
 * Prints the result records one per line; on error prints
 * "error <code>: <text>" and exits with the code (or 100 for a broken
 * connection).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "protocol.h"

static uint32_t dom(const char *s)
{
	return s[0] == 'k' ? LTTCOMM_DOMAIN_KERNEL : LTTCOMM_DOMAIN_UST;
}

static int call(int fd, unsigned int cmd, const void *req, uint32_t len,
		void **rep, uint32_t *rlen)
{
	int ret = lttcomm_call(fd, cmd, req, len, rep, rlen);

	if (ret < 0) {
		printf("error %d: %s\n", -ret, lttcomm_strerror(ret));
		exit(-ret == LTTNG_ERR_INVALID_PROTOCOL ? 100 : -ret);
	}
	return ret;
}

/* A session request: for session name (NULL: none) in domain. */
static void session_req(struct lttcomm_session_req *r, const char *name,
			uint32_t domain)
{
	memset(r, 0, sizeof(*r));
	if (name)
		snprintf(r->session, sizeof(r->session), "%s", name);
	r->domain = domain;
}

static void print_session(const struct lttcomm_session_info *s)
{
	printf("session %s output=%s active=%u uid=%u gid=%u kernel=%u\n",
	       s->name, s->output, s->active, s->uid, s->gid, s->has_kernel);
}

/* The reply of the last call, freed at exit. */
static void *rep;
static uint32_t rlen;

static void do_version(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_version_reply *v;

	(void)argc;
	(void)argv;
	call(fd, c, NULL, 0, &rep, &rlen);
	v = rep;
	printf("%s %u.%u.%u abi %u\n", v->name, v->major, v->minor,
	       v->patchlevel, v->abi_major);
}

static void do_create(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_create_req r;

	memset(&r, 0, sizeof(r));
	if (strcmp(argv[3], "-"))
		snprintf(r.name, sizeof(r.name), "%s", argv[3]);
	if (argc >= 5)
		snprintf(r.output, sizeof(r.output), "%s", argv[4]);
	call(fd, c, &r, sizeof(r), &rep, &rlen);
	print_session(rep);
}

static void do_longname(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_create_req r;

	(void)argc;
	(void)argv;
	memset(&r, 0, sizeof(r));
	memset(r.name, 'x', sizeof(r.name));
	call(fd, c, &r, sizeof(r), &rep, &rlen);
	print_session(rep);
}

static void do_session(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_session_req r;
	int ret;

	(void)argc;
	session_req(&r, argv[3], LTTCOMM_DOMAIN_NONE);
	ret = call(fd, c, &r, sizeof(r), &rep, &rlen);
	if (c == LTTCOMM_CMD_GET_SESSION)
		print_session(rep);
	if (c == LTTCOMM_CMD_DATA_PENDING)
		printf("pending %d\n", ret);
}

static void do_list(int fd, unsigned int c, int argc, char **argv)
{
	uint32_t i;

	(void)argc;
	(void)argv;
	call(fd, c, NULL, 0, &rep, &rlen);
	for (i = 0; i < rlen / sizeof(struct lttcomm_session_info); i++)
		print_session((struct lttcomm_session_info *)rep + i);
}

static void do_channels(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_session_req r;
	struct lttcomm_channel_attr *a;
	uint32_t i;

	(void)argc;
	session_req(&r, argv[3], dom(argv[4]));
	call(fd, c, &r, sizeof(r), &rep, &rlen);
	for (i = 0; i < rlen / sizeof(*a); i++) {
		a = (struct lttcomm_channel_attr *)rep + i;
		printf("channel %s enabled=%u subbuf=%llu num=%llu read_timer=%u overwrite=%u discarded=%llu\n",
		       a->name, a->enabled,
		       (unsigned long long)a->subbuf_size,
		       (unsigned long long)a->num_subbuf,
		       a->read_timer_us, a->overwrite,
		       (unsigned long long)a->discarded);
	}
}

static void do_enable_channel(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_channel_req r;

	memset(&r, 0, sizeof(r));
	snprintf(r.session, sizeof(r.session), "%s", argv[3]);
	r.domain = dom(argv[4]);
	snprintf(r.attr.name, sizeof(r.attr.name), "%s", argv[5]);
	r.attr.overwrite = (uint32_t)-1;
	if (argc >= 8) {
		r.attr.subbuf_size = strtoull(argv[6], NULL, 0);
		r.attr.num_subbuf = strtoull(argv[7], NULL, 0);
	}
	call(fd, c, &r, sizeof(r), &rep, &rlen);
}

/* enable-event, disable-event and events (which has no event name). */
static void do_events(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_event_req *r = calloc(1, sizeof(*r));
	int ci = c == LTTCOMM_CMD_LIST_EVENTS ? 5 : 6;
	uint32_t i;

	snprintf(r->session, sizeof(r->session), "%s", argv[3]);
	r->domain = dom(argv[4]);
	if (c != LTTCOMM_CMD_LIST_EVENTS && argc >= 6)
		snprintf(r->event.name, sizeof(r->event.name), "%s", argv[5]);
	if (argc > ci)
		snprintf(r->channel, sizeof(r->channel), "%s", argv[ci]);
	r->event.type = LTTCOMM_EVENT_TRACEPOINT;
	if (argc > 7 && !strcmp(argv[7], "syscall"))
		r->event.type = LTTCOMM_EVENT_SYSCALL;
	if (argc > 7 && !strcmp(argv[7], "all"))
		r->event.type = LTTCOMM_EVENT_ALL;
	call(fd, c, r, sizeof(*r), &rep, &rlen);
	for (i = 0; i < rlen / sizeof(struct lttcomm_event); i++) {
		struct lttcomm_event *e = (struct lttcomm_event *)rep + i;

		printf("event %s type=%d enabled=%u\n", e->name, e->type,
		       e->enabled);
	}
	free(r);
}

static void do_context(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_context_req r;

	memset(&r, 0, sizeof(r));
	snprintf(r.session, sizeof(r.session), "%s", argv[3]);
	r.domain = dom(argv[4]);
	r.ctx.type = (uint32_t)atoi(argv[5]);
	snprintf(r.ctx.name, sizeof(r.ctx.name), "ctx%s", argv[5]);
	if (argc >= 7)
		snprintf(r.channel, sizeof(r.channel), "%s", argv[6]);
	call(fd, c, &r, sizeof(r), &rep, &rlen);
}

static void do_probe(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_event_req *r = calloc(1, sizeof(*r));

	snprintf(r->session, sizeof(r->session), "%s", argv[3]);
	r->domain = LTTCOMM_DOMAIN_KERNEL;
	snprintf(r->event.name, sizeof(r->event.name), "%s", argv[4]);
	snprintf(r->event.probe_symbol, sizeof(r->event.probe_symbol), "%s",
		 argv[5]);
	if (argc >= 7)
		snprintf(r->channel, sizeof(r->channel), "%s", argv[6]);
	r->event.type = LTTCOMM_EVENT_PROBE;
	call(fd, c, r, sizeof(*r), &rep, &rlen);
	free(r);
}

/* tracepoints and syscalls. */
static void do_tracepoints(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_session_req r;
	uint32_t i;

	(void)argc;
	session_req(&r, NULL, dom(argv[3]));
	call(fd, c, &r, sizeof(r), &rep, &rlen);
	for (i = 0; i < rlen / sizeof(struct lttcomm_tracepoint_info); i++)
		printf("%s\n", ((struct lttcomm_tracepoint_info *)rep)[i].name);
}

/* track, untrack and trackers (which has no id). */
static void do_tracker(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_tracker_req r;
	uint32_t i;

	memset(&r, 0, sizeof(r));
	snprintf(r.session, sizeof(r.session), "%s", argv[3]);
	r.domain = dom(argv[4]);
	r.type = (uint32_t)atoi(argv[5]);
	if (c != LTTCOMM_CMD_LIST_TRACKER && argc >= 7) {
		if (!strcmp(argv[6], "all"))
			r.all = 1;
		else
			r.id = atoi(argv[6]);
	}
	call(fd, c, &r, sizeof(r), &rep, &rlen);
	for (i = 0; i < rlen / sizeof(struct lttcomm_tracker_id); i++) {
		struct lttcomm_tracker_id *t = (struct lttcomm_tracker_id *)rep + i;

		if (t->all)
			printf("all\n");
		else
			printf("%d\n", t->id);
	}
}

/* Half a header, then nothing for a while. */
static void do_stall(int fd, unsigned int c, int argc, char **argv)
{
	struct lttcomm_hdr h = { .magic = LTTCOMM_MAGIC };

	(void)c;
	(void)argc;
	lttcomm_send_all(fd, &h, sizeof(h) / 2);
	sleep((unsigned int)atoi(argv[3]));
}

static void do_raw(int fd, unsigned int c, int argc, char **argv)
{
	size_t n = strlen(argv[3]) / 2, k;
	unsigned char *b = malloc(n + 1);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char ch;

	(void)c;
	(void)argc;
	for (k = 0; k < n; k++)
		sscanf(argv[3] + 2 * k, "%2hhx", &b[k]);
	lttcomm_send_all(fd, b, n);
	free(b);
	shutdown(fd, SHUT_WR);
	/* The daemon must close without answering. */
	if (poll(&p, 1, 5000) == 1 &&
	    (read(fd, &ch, 1) == 0 || errno == ECONNRESET))
		printf("closed\n");
	else
		printf("not closed\n");
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The daemon's answer time, without a client program's start-up. */
static void do_listloop(int fd, unsigned int c, int argc, char **argv)
{
	long end = now_ms() + 600000L;

	(void)fd;
	(void)argc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (access(argv[3], F_OK) && now_ms() < end) {
		long t0 = now_ms();
		int s = lttcomm_connect(argv[1]), ret = s;
		void *r = NULL;
		uint32_t rl = 0;

		if (s >= 0) {
			ret = lttcomm_call(s, c, NULL, 0, &r, &rl);
			close(s);
			free(r);
		}
		printf("%ld %d\n", now_ms() - t0, ret < 0 ? -ret : 0);
		usleep(200000);
	}
}

/* One row a command: its name, the argc it needs at least, its
 * protocol command and the function that sends it and prints the reply. */
static const struct sd_command {
	const char *name;
	int min_argc;
	unsigned int cmd;
	void (*run)(int fd, unsigned int cmd, int argc, char **argv);
} commands[] = {
	{ "version", 3, LTTCOMM_CMD_VERSION, do_version },
	{ "create", 4, LTTCOMM_CMD_CREATE_SESSION, do_create },
	{ "longname", 3, LTTCOMM_CMD_CREATE_SESSION, do_longname },
	{ "destroy", 4, LTTCOMM_CMD_DESTROY_SESSION, do_session },
	{ "start", 4, LTTCOMM_CMD_START, do_session },
	{ "stop", 4, LTTCOMM_CMD_STOP, do_session },
	{ "get", 4, LTTCOMM_CMD_GET_SESSION, do_session },
	{ "pending", 4, LTTCOMM_CMD_DATA_PENDING, do_session },
	{ "list", 3, LTTCOMM_CMD_LIST_SESSIONS, do_list },
	{ "listloop", 4, LTTCOMM_CMD_LIST_SESSIONS, do_listloop },
	{ "channels", 5, LTTCOMM_CMD_LIST_CHANNELS, do_channels },
	{ "enable-channel", 6, LTTCOMM_CMD_ENABLE_CHANNEL, do_enable_channel },
	{ "enable-event", 5, LTTCOMM_CMD_ENABLE_EVENT, do_events },
	{ "disable-event", 5, LTTCOMM_CMD_DISABLE_EVENT, do_events },
	{ "events", 5, LTTCOMM_CMD_LIST_EVENTS, do_events },
	{ "context", 6, LTTCOMM_CMD_ADD_CONTEXT, do_context },
	{ "probe", 6, LTTCOMM_CMD_ENABLE_EVENT, do_probe },
	{ "tracepoints", 4, LTTCOMM_CMD_LIST_TRACEPOINTS, do_tracepoints },
	{ "syscalls", 4, LTTCOMM_CMD_LIST_SYSCALLS, do_tracepoints },
	{ "track", 6, LTTCOMM_CMD_TRACK, do_tracker },
	{ "untrack", 6, LTTCOMM_CMD_UNTRACK, do_tracker },
	{ "trackers", 6, LTTCOMM_CMD_LIST_TRACKER, do_tracker },
	{ "stall", 4, 0, do_stall },
	{ "raw", 4, 0, do_raw },
};

int main(int argc, char **argv)
{
	const struct sd_command *c = NULL;
	size_t i;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: sdclient SOCK CMD ...\n");
		return 2;
	}
	fd = lttcomm_connect(argv[1]);
	if (fd < 0) {
		printf("connect: %s\n", strerror(-fd));
		return 101;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[2], commands[i].name) &&
		    argc >= commands[i].min_argc)
			c = &commands[i];
	if (!c) {
		fprintf(stderr, "sdclient: bad command\n");
		return 2;
	}
	c->run(fd, c->cmd, argc, argv);
	free(rep);
	close(fd);
	return 0;
}
