// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-tracepoint - ns per tracepoint() call, disabled and enabled, and
 * records/s through a ring.  No daemon needed: this program plays the
 * daemon itself (tests/fake-daemon.h) on a socket in a scratch $HOME,
 * creates the rings locally (overwrite mode, so that writers never drop)
 * and enables events in the library.  Prints results, asserts nothing.
 *
 *   bench-tracepoint [ITERATIONS]     (make bench)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "bench-tp.h"

#include "ust-ring.h"
#include "filter.h"
#include "fake-daemon.h"

#define NCPU_RINGS	2

static int lsock, app_fd = -1;
static int ring_fds[2][NCPU_RINGS];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int enable(uint64_t chan, const char *name, uint32_t id,
		  const struct lttng_filter_bytecode *bc)
{
	struct {
		struct lttng_ust_cmd_event e;
		unsigned char bc[1024];
	} ev;
	uint32_t blen = bc ? bc->len : 0;

	memset(&ev, 0, sizeof(ev));
	ev.e.session_key = 1;
	ev.e.channel_key = chan;
	ev.e.rule_key = id + 100 * chan;
	snprintf(ev.e.name, sizeof(ev.e.name), "%s", name);
	ev.e.id = id;
	ev.e.filter_len = blen;
	if (blen)
		memcpy(ev.bc, bc->data, blen);
	return command(app_fd, LTTNG_UST_MSG_EVENT_ENABLE, &ev,
		       (uint32_t)(sizeof(ev.e) + blen), NULL, 0);
}

/* Answer the library's registration and set up the session. */
static int setup_session(void)
{
	struct lttng_ust_msg_hdr h;
	struct lttng_ust_cmd_channel ch;
	struct lttng_ust_cmd_key key = { 1, 0 };
	struct lttng_filter_bytecode *bc;
	char *payload, err[128];
	int c, ret = 0;

	app_fd = accept(lsock, NULL, NULL);
	if (app_fd < 0 || recv_msg(app_fd, &h, &payload, 5000) ||
	    h.type != LTTNG_UST_MSG_REGISTER)
		return -1;
	free(payload);
	for (c = 0; c < 2; c++) {
		memset(&ch, 0, sizeof(ch));
		ch.session_key = 1;
		ch.channel_key = (uint64_t)c + 1;
		snprintf(ch.name, sizeof(ch.name), "chan%d", c);
		ch.nr_streams = NCPU_RINGS;
		ch.enabled = 1;
		if (c == 1) {
			ch.nr_contexts = 2;
			ch.contexts[0] = LTTNG_UST_CTX_VPID;
			ch.contexts[1] = LTTNG_UST_CTX_VTID;
		}
		ret |= command(app_fd, LTTNG_UST_MSG_CHANNEL_CREATE, &ch,
			       sizeof(ch), ring_fds[c], NCPU_RINGS);
	}
	if (lttng_filter_compile("i % 2 == 0", NULL, 0, &bc, err, sizeof(err)))
		return -1;
	ret |= enable(1, "bench:on", 1, NULL);
	ret |= enable(2, "bench:ctx", 2, NULL);
	ret |= enable(1, "bench:filtered", 3, bc);
	lttng_filter_bytecode_free(bc);
	ret |= command(app_fd, LTTNG_UST_MSG_SESSION_START, &key, sizeof(key),
		       NULL, 0);
	send_msg(app_fd, LTTNG_UST_MSG_REGISTER_DONE, NULL, 0, NULL, 0);
	return ret;
}

static long iters = 5000000;
static double last_ns;

#define MEASURE(label, call)						\
	do {								\
		uint64_t t0 = now_ns();					\
		long k;							\
									\
		for (k = 0; k < iters; k++)				\
			call;						\
		last_ns = (double)(now_ns() - t0) / (double)iters;	\
		printf("%-44s %8.1f ns/call\n", label, last_ns);	\
	} while (0)

static void *thread_on(void *arg)
{
	long k;

	(void)arg;
	for (k = 0; k < iters; k++)
		tracepoint(bench, on, (int)k, k);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ust_ring_attr a = { .subbuf_size = 1 << 20, .num_subbuf = 4,
				   .overwrite = 1 };
	const char *home = getenv("HOME");
	pthread_t th[2];
	uint64_t t0, t;
	double single;
	int c, i;

	if (argc > 1)
		iters = atol(argv[1]);
	if (!home || iters <= 0)
		return 2;
	/* the library read $HOME at start: our socket goes there */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/.lttng", home);
	mkdir(sa.sun_path, 0700);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/.lttng/%s", home,
		 LTTNG_UST_SOCK_NAME);
	unlink(sa.sun_path);
	lsock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(lsock, (struct sockaddr *)&sa, sizeof(sa)) || listen(lsock, 1)) {
		perror("bind");
		return 1;
	}
	for (c = 0; c < 2; c++)
		for (i = 0; i < NCPU_RINGS; i++) {
			a.cpu = (uint32_t)i;
			if (ust_ring_create(&a, &ring_fds[c][i])) {
				perror("ring");
				return 1;
			}
		}

	printf("# %ld iterations per measure\n", iters);
	MEASURE("disabled tracepoint()", tracepoint(bench, off, (int)k, k));
	/* the library retries its connection every 500 ms: it comes */
	if (setup_session()) {
		fprintf(stderr, "bench: session setup failed\n");
		return 1;
	}
	MEASURE("disabled tracepoint(), session running", tracepoint(bench, off, (int)k, k));
	MEASURE("enabled, 2 integers (12-byte payload)", tracepoint(bench, on, (int)k, k));
	single = 1e3 / last_ns;
	MEASURE("enabled, vpid+vtid contexts, string", tracepoint(bench, ctx, (int)k, "hello"));
	MEASURE("enabled, filter i % 2 == 0 (half recorded)", tracepoint(bench, filtered, (int)k));
	t0 = now_ns();
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, thread_on, NULL);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	t = now_ns() - t0;
	printf("%-44s %8.1f Mrecords/s (%.1f ns/record/thread)\n",
	       "enabled, 2 threads", 2.0 * (double)iters / ((double)t / 1e9) / 1e6,
	       (double)t / (double)iters);
	printf("%-44s %8.1f Mrecords/s\n", "enabled, 1 thread", single);
	close(app_fd);
	return 0;
}
