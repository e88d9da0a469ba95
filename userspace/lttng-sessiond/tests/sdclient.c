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

static void print_session(const struct lttcomm_session_info *s)
{
	printf("session %s output=%s active=%u uid=%u gid=%u kernel=%u\n",
	       s->name, s->output, s->active, s->uid, s->gid, s->has_kernel);
}

int main(int argc, char **argv)
{
	uint32_t rlen = 0, i;
	void *rep = NULL;
	const char *cmd;
	int fd, ret;

	if (argc < 3) {
		fprintf(stderr, "usage: sdclient SOCK CMD ...\n");
		return 2;
	}
	fd = lttcomm_connect(argv[1]);
	if (fd < 0) {
		printf("connect: %s\n", strerror(-fd));
		return 101;
	}
	cmd = argv[2];
	if (!strcmp(cmd, "version")) {
		struct lttcomm_version_reply *v;

		call(fd, LTTCOMM_CMD_VERSION, NULL, 0, &rep, &rlen);
		v = rep;
		printf("%s %u.%u.%u abi %u\n", v->name, v->major, v->minor,
		       v->patchlevel, v->abi_major);
	} else if (!strcmp(cmd, "create") && argc >= 4) {
		struct lttcomm_create_req r;

		memset(&r, 0, sizeof(r));
		if (strcmp(argv[3], "-"))
			snprintf(r.name, sizeof(r.name), "%s", argv[3]);
		if (argc >= 5)
			snprintf(r.output, sizeof(r.output), "%s", argv[4]);
		call(fd, LTTCOMM_CMD_CREATE_SESSION, &r, sizeof(r), &rep, &rlen);
		print_session(rep);
	} else if (!strcmp(cmd, "longname")) {
		struct lttcomm_create_req r;

		memset(&r, 0, sizeof(r));
		memset(r.name, 'x', sizeof(r.name));
		call(fd, LTTCOMM_CMD_CREATE_SESSION, &r, sizeof(r), &rep, &rlen);
		print_session(rep);
	} else if (argc >= 4 && (!strcmp(cmd, "destroy") ||
		   !strcmp(cmd, "start") || !strcmp(cmd, "stop") ||
		   !strcmp(cmd, "get") || !strcmp(cmd, "pending"))) {
		struct lttcomm_session_req r;
		unsigned int c = !strcmp(cmd, "destroy") ?
			LTTCOMM_CMD_DESTROY_SESSION :
			!strcmp(cmd, "start") ? LTTCOMM_CMD_START :
			!strcmp(cmd, "stop") ? LTTCOMM_CMD_STOP :
			!strcmp(cmd, "get") ? LTTCOMM_CMD_GET_SESSION :
			LTTCOMM_CMD_DATA_PENDING;

		memset(&r, 0, sizeof(r));
		snprintf(r.session, sizeof(r.session), "%s", argv[3]);
		ret = call(fd, c, &r, sizeof(r), &rep, &rlen);
		if (c == LTTCOMM_CMD_GET_SESSION)
			print_session(rep);
		if (c == LTTCOMM_CMD_DATA_PENDING)
			printf("pending %d\n", ret);
	} else if (!strcmp(cmd, "list")) {
		call(fd, LTTCOMM_CMD_LIST_SESSIONS, NULL, 0, &rep, &rlen);
		for (i = 0; i < rlen / sizeof(struct lttcomm_session_info); i++)
			print_session((struct lttcomm_session_info *)rep + i);
	} else if (!strcmp(cmd, "channels") && argc >= 5) {
		struct lttcomm_session_req r;
		struct lttcomm_channel_attr *a;

		memset(&r, 0, sizeof(r));
		snprintf(r.session, sizeof(r.session), "%s", argv[3]);
		r.domain = dom(argv[4]);
		call(fd, LTTCOMM_CMD_LIST_CHANNELS, &r, sizeof(r), &rep, &rlen);
		for (i = 0; i < rlen / sizeof(*a); i++) {
			a = (struct lttcomm_channel_attr *)rep + i;
			printf("channel %s enabled=%u subbuf=%llu num=%llu read_timer=%u overwrite=%u discarded=%llu\n",
			       a->name, a->enabled,
			       (unsigned long long)a->subbuf_size,
			       (unsigned long long)a->num_subbuf,
			       a->read_timer_us, a->overwrite,
			       (unsigned long long)a->discarded);
		}
	} else if (!strcmp(cmd, "enable-channel") && argc >= 6) {
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
		call(fd, LTTCOMM_CMD_ENABLE_CHANNEL, &r, sizeof(r), &rep, &rlen);
	} else if ((!strcmp(cmd, "enable-event") ||
		    !strcmp(cmd, "disable-event") || !strcmp(cmd, "events")) &&
		   argc >= 5) {
		struct lttcomm_event_req *r = calloc(1, sizeof(*r));
		unsigned int c = !strcmp(cmd, "events") ?
			LTTCOMM_CMD_LIST_EVENTS : cmd[0] == 'e' ?
			LTTCOMM_CMD_ENABLE_EVENT : LTTCOMM_CMD_DISABLE_EVENT;
		int ci = c == LTTCOMM_CMD_LIST_EVENTS ? 5 : 6;

		snprintf(r->session, sizeof(r->session), "%s", argv[3]);
		r->domain = dom(argv[4]);
		if (c != LTTCOMM_CMD_LIST_EVENTS && argc >= 6)
			snprintf(r->event.name, sizeof(r->event.name), "%s",
				 argv[5]);
		if (argc > ci)
			snprintf(r->channel, sizeof(r->channel), "%s",
				 argv[ci]);
		r->event.type = LTTCOMM_EVENT_TRACEPOINT;
		if (argc > 7 && !strcmp(argv[7], "syscall"))
			r->event.type = LTTCOMM_EVENT_SYSCALL;
		if (argc > 7 && !strcmp(argv[7], "all"))
			r->event.type = LTTCOMM_EVENT_ALL;
		call(fd, c, r, sizeof(*r), &rep, &rlen);
		for (i = 0; i < rlen / sizeof(struct lttcomm_event); i++) {
			struct lttcomm_event *e = (struct lttcomm_event *)rep + i;

			printf("event %s type=%d enabled=%u\n", e->name,
			       e->type, e->enabled);
		}
		free(r);
	} else if (!strcmp(cmd, "context") && argc >= 6) {
		struct lttcomm_context_req r;

		memset(&r, 0, sizeof(r));
		snprintf(r.session, sizeof(r.session), "%s", argv[3]);
		r.domain = dom(argv[4]);
		r.ctx.type = (uint32_t)atoi(argv[5]);
		snprintf(r.ctx.name, sizeof(r.ctx.name), "ctx%s", argv[5]);
		if (argc >= 7)
			snprintf(r.channel, sizeof(r.channel), "%s", argv[6]);
		call(fd, LTTCOMM_CMD_ADD_CONTEXT, &r, sizeof(r), &rep, &rlen);
	} else if (!strcmp(cmd, "probe") && argc >= 6) {
		struct lttcomm_event_req *r = calloc(1, sizeof(*r));

		snprintf(r->session, sizeof(r->session), "%s", argv[3]);
		r->domain = LTTCOMM_DOMAIN_KERNEL;
		snprintf(r->event.name, sizeof(r->event.name), "%s", argv[4]);
		snprintf(r->event.probe_symbol, sizeof(r->event.probe_symbol),
			 "%s", argv[5]);
		if (argc >= 7)
			snprintf(r->channel, sizeof(r->channel), "%s", argv[6]);
		r->event.type = LTTCOMM_EVENT_PROBE;
		call(fd, LTTCOMM_CMD_ENABLE_EVENT, r, sizeof(*r), &rep, &rlen);
		free(r);
	} else if ((!strcmp(cmd, "tracepoints") || !strcmp(cmd, "syscalls")) &&
		   argc >= 4) {
		struct lttcomm_session_req r;

		memset(&r, 0, sizeof(r));
		r.domain = dom(argv[3]);
		call(fd, cmd[0] == 't' ? LTTCOMM_CMD_LIST_TRACEPOINTS :
		     LTTCOMM_CMD_LIST_SYSCALLS, &r, sizeof(r), &rep, &rlen);
		for (i = 0; i < rlen / sizeof(struct lttcomm_tracepoint_info); i++)
			printf("%s\n", ((struct lttcomm_tracepoint_info *)rep)[i].name);
	} else if ((!strcmp(cmd, "track") || !strcmp(cmd, "untrack") ||
		    !strcmp(cmd, "trackers")) && argc >= 6) {
		struct lttcomm_tracker_req r;
		unsigned int c = !strcmp(cmd, "track") ? LTTCOMM_CMD_TRACK :
			!strcmp(cmd, "untrack") ? LTTCOMM_CMD_UNTRACK :
			LTTCOMM_CMD_LIST_TRACKER;

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
			struct lttcomm_tracker_id *t =
				(struct lttcomm_tracker_id *)rep + i;

			if (t->all)
				printf("all\n");
			else
				printf("%d\n", t->id);
		}
	} else if (!strcmp(cmd, "stall") && argc >= 4) {
		/* Half a header, then nothing for a while. */
		struct lttcomm_hdr h = { .magic = LTTCOMM_MAGIC };

		lttcomm_send_all(fd, &h, sizeof(h) / 2);
		sleep((unsigned int)atoi(argv[3]));
	} else if (!strcmp(cmd, "raw") && argc >= 4) {
		size_t n = strlen(argv[3]) / 2, k;
		unsigned char *b = malloc(n + 1);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char c;

		for (k = 0; k < n; k++)
			sscanf(argv[3] + 2 * k, "%2hhx", &b[k]);
		lttcomm_send_all(fd, b, n);
		free(b);
		shutdown(fd, SHUT_WR);
		/* The daemon must close without answering. */
		if (poll(&p, 1, 5000) == 1 &&
		    (read(fd, &c, 1) == 0 || errno == ECONNRESET))
			printf("closed\n");
		else
			printf("not closed\n");
	} else {
		fprintf(stderr, "sdclient: bad command\n");
		return 2;
	}
	free(rep);
	close(fd);
	return 0;
}
