// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_protocol - framing and validation of libcommon's protocol code with
 * well-formed, truncated, oversized and random messages over socketpairs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol.h"
#include "tap.h"

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 8) & 0xffffff;
}

/* Writes raw bytes to one end, closes it, receives on the other. */
static int recv_raw(const void *buf, size_t len, struct lttcomm_hdr *hdr,
		    void **payload, uint32_t max)
{
	int sv[2], ret;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -999;
	if (len)
		lttcomm_send_all(sv[0], buf, len);
	close(sv[0]);
	ret = lttcomm_recv_msg(sv[1], hdr, payload, max);
	close(sv[1]);
	return ret;
}

/* One row of LTTNG_ERRORS per code: a text and LTTng's exit code. */
static void test_error_table(void)
{
	int i, bad = 0;

	for (i = 0; i < LTTNG_ERR_NR; i++)
		if (!lttcomm_strerror(i) || lttcomm_error_exit_code(i) < 10)
			bad++;
	ok(!bad && lttcomm_error_exit_code(-LTTNG_ERR_SESS_NOT_FOUND) == 23 &&
	   lttcomm_error_exit_code(LTTNG_ERR_NO_CHANNEL) == 72 &&
	   lttcomm_error_exit_code(LTTNG_ERR_NR) == -1,
	   "every error code has a text and LTTng's exit code");
}

/* LTTng's star-glob patterns (common/glob.c). */
static void test_glob(void)
{
	ok(lttcomm_glob_match("*", "") && lttcomm_glob_match("*", "a:b") &&
	   lttcomm_glob_match("sched_*", "sched_switch") &&
	   !lttcomm_glob_match("sched_*", "sche") &&
	   lttcomm_glob_match("a*b*c", "axxbyyc") &&
	   !lttcomm_glob_match("a*b*c", "axxbyy") &&
	   lttcomm_glob_match("a**", "a") &&
	   lttcomm_glob_match("ust_sample:event", "ust_sample:event") &&
	   !lttcomm_glob_match("ust_sample:event", "ust_sample:event2"),
	   "star-glob: '*' matches any run, the rest literally");
	ok(lttcomm_glob_match("a\\*b", "a*b") &&
	   !lttcomm_glob_match("a\\*b", "axb") &&
	   lttcomm_glob_match("a\\\\*", "a\\xyz"),
	   "star-glob: '\\' makes the next character literal");
	ok(lttcomm_glob_ends_with_star("sched_*", 7) &&
	   !lttcomm_glob_ends_with_star("sched_*", 6) &&
	   !lttcomm_glob_ends_with_star("", 0),
	   "a pattern ending with '*'");
}

/* Perf counter contexts of session files (<perf><type/><config/><name/>,
 * as LTTng saves them) back to their add-context names. */
static void test_perf_names(void)
{
	char name[LTTCOMM_NAME_MAX];

	ok(lttcomm_ctx_by_perf(0, 0, "perf_cpu_cycles", name, sizeof(name)) == 0 &&
	   !strcmp(name, "perf:cpu:cycles"),
	   "perf type 0 config 0: perf:cpu:cycles");
	ok(lttcomm_ctx_by_perf(4, 0x13, "perf_cpu_raw_r0013_foo", name,
			       sizeof(name)) == 0 &&
	   !strcmp(name, "perf:cpu:raw:r0013:foo"),
	   "raw counter as LTTng saves it (type 4, config 19, perf_cpu_raw_r0013_foo): perf:cpu:raw:r0013:foo (%s)",
	   name);
	ok(lttcomm_ctx_by_perf(4, 0x3c, "perf_cpu_raw_r3c_my_ev", name,
			       sizeof(name)) == 0 &&
	   !strcmp(name, "perf:cpu:raw:r3c:my_ev"),
	   "raw counter whose name has '_': perf:cpu:raw:r3c:my_ev");
	ok(lttcomm_ctx_by_perf(4, 0x14, "perf_cpu_raw_r0013_foo", name,
			       sizeof(name)),
	   "raw counter whose field disagrees with its config: refused");
	ok(lttcomm_ctx_by_perf(4, 0x3c, "unhalted", name, sizeof(name)) == 0 &&
	   !strcmp(name, "perf:cpu:raw:r3c:unhalted"),
	   "raw counter with another field name: rCONFIG:FIELD");
	ok(lttcomm_ctx_by_perf(99, 1, "perf_x", name, sizeof(name)),
	   "unknown perf type: refused");
}

/* Messages are built here; more than the largest request.  Shared by
 * the tests in turn (the random messages start from what is left). */
static unsigned char buf[32768];

static void test_sizes(void)
{
	unsigned int cmd;
	int bad = 0;

	for (cmd = LTTCOMM_CMD_VERSION; cmd < LTTCOMM_CMD_NR; cmd++)
		if (lttcomm_req_size(cmd) < 0 || lttcomm_reply_record_size(cmd) < 0)
			bad++;
	ok(!bad, "every command has a request size and a reply record size");
	ok(lttcomm_req_size(0) < 0 && lttcomm_req_size(LTTCOMM_CMD_NR) < 0 &&
	   lttcomm_req_size(0xffff) < 0, "unknown commands have none");
}

/* Session requests; leaves in sreq the one the framing tests send. */
static void test_session_requests(struct lttcomm_session_req *sreq)
{
	memset(sreq, 0, sizeof(*sreq));
	strcpy(sreq->session, "s");
	ok(lttcomm_check_request(LTTCOMM_CMD_START, sreq, sizeof(*sreq)) == 0,
	   "well-formed START accepted");
	ok(lttcomm_check_request(LTTCOMM_CMD_START, sreq, sizeof(*sreq) - 1),
	   "short START rejected");
	ok(lttcomm_check_request(LTTCOMM_CMD_START, sreq, sizeof(*sreq) + 1),
	   "long START rejected");
	memset(sreq->session, 'a', sizeof(sreq->session));
	ok(lttcomm_check_request(LTTCOMM_CMD_START, sreq, sizeof(*sreq)),
	   "session name without NUL rejected");
	strcpy(sreq->session, "s");
	sreq->domain = 7;
	ok(lttcomm_check_request(LTTCOMM_CMD_START, sreq, sizeof(*sreq)),
	   "unknown domain rejected");
	ok(lttcomm_check_request(LTTCOMM_CMD_VERSION, NULL, 0) == 0 &&
	   lttcomm_check_request(LTTCOMM_CMD_VERSION, buf, 1),
	   "VERSION takes no payload");
}

static void test_event_requests(void)
{
	struct lttcomm_event_req *ereq = calloc(1, sizeof(*ereq));

	strcpy(ereq->session, "s");
	strcpy(ereq->event.name, "ev");
	ok(lttcomm_check_request(LTTCOMM_CMD_ENABLE_EVENT, ereq, sizeof(*ereq)) == 0,
	   "well-formed ENABLE_EVENT accepted");
	ereq->event.nr_exclusions = LTTCOMM_EXCLUSION_MAX + 1;
	ok(lttcomm_check_request(LTTCOMM_CMD_ENABLE_EVENT, ereq, sizeof(*ereq)),
	   "too many exclusions rejected");
	ereq->event.nr_exclusions = 1;
	memset(ereq->event.exclusions[0], 'x', LTTCOMM_NAME_MAX);
	ok(lttcomm_check_request(LTTCOMM_CMD_ENABLE_EVENT, ereq, sizeof(*ereq)),
	   "exclusion without NUL rejected");
	ereq->event.nr_exclusions = 0;
	memset(ereq->event.filter, 'f', LTTCOMM_FILTER_MAX);
	ok(lttcomm_check_request(LTTCOMM_CMD_ENABLE_EVENT, ereq, sizeof(*ereq)),
	   "filter without NUL rejected");
	ereq->event.filter[0] = '\0';
	ereq->event.type = 9;
	ok(lttcomm_check_request(LTTCOMM_CMD_ENABLE_EVENT, ereq, sizeof(*ereq)),
	   "unknown event type rejected");
	free(ereq);
}

static void test_replies(void)
{
	ok(lttcomm_check_reply(LTTCOMM_CMD_START, NULL, 0) == 0 &&
	   lttcomm_check_reply(LTTCOMM_CMD_START, buf, 4), "START reply is empty");
	memset(buf, 0, sizeof(buf));
	ok(lttcomm_check_reply(LTTCOMM_CMD_LIST_CONTEXTS, buf,
			       2 * sizeof(struct lttcomm_context)) == 0 &&
	   lttcomm_check_reply(LTTCOMM_CMD_LIST_CONTEXTS, buf,
			       2 * sizeof(struct lttcomm_context) - 1),
	   "list reply must be whole records");
}

/* Receives header h (put in buf) and the len - sizeof(h) bytes after it. */
static int recv_hdr(const struct lttcomm_hdr *h, size_t len,
		    struct lttcomm_hdr *hdr, void **payload)
{
	memcpy(buf, h, sizeof(*h));
	return recv_raw(buf, len, hdr, payload, 65536);
}

/* Framing over a socket. */
static void test_framing(const struct lttcomm_session_req *sreq)
{
	struct lttcomm_hdr h = { LTTCOMM_MAGIC, LTTCOMM_VERSION,
				 LTTCOMM_CMD_START, sizeof(*sreq), 0 };
	struct lttcomm_hdr hdr;
	void *payload;
	int ret;

	memcpy(buf + sizeof(h), sreq, sizeof(*sreq));
	ret = recv_hdr(&h, sizeof(h) + sizeof(*sreq), &hdr, &payload);
	ok(ret == 0 && hdr.cmd == LTTCOMM_CMD_START &&
	   hdr.payload_len == sizeof(*sreq) && payload &&
	   !memcmp(payload, sreq, sizeof(*sreq)), "message round trip");
	free(payload);
	ret = recv_raw(buf, sizeof(h) + sizeof(*sreq) - 10, &hdr, &payload, 65536);
	ok(ret == -EPROTO && !payload, "truncated payload -> -EPROTO");
	ret = recv_raw(buf, sizeof(h) - 1, &hdr, &payload, 65536);
	ok(ret == -ECONNRESET || ret == -EPROTO, "truncated header fails (%d)", ret);
	ret = recv_raw(buf, 0, &hdr, &payload, 65536);
	ok(ret == -ECONNRESET, "clean close -> -ECONNRESET");
	h.magic = 0xdeadbeef;
	ret = recv_hdr(&h, sizeof(h) + sizeof(*sreq), &hdr, &payload);
	ok(ret == -EPROTO, "bad magic -> -EPROTO");
	h.magic = LTTCOMM_MAGIC;
	h.version = 99;
	ret = recv_hdr(&h, sizeof(h), &hdr, &payload);
	ok(ret == -EPROTO, "other version -> -EPROTO");
	h.version = LTTCOMM_VERSION;
	h.payload_len = 0xffffffffu;
	ret = recv_hdr(&h, sizeof(h), &hdr, &payload);
	ok(ret == -EMSGSIZE && !payload, "4 GiB payload -> -EMSGSIZE, nothing allocated");
	h.payload_len = 65537;
	ret = recv_hdr(&h, sizeof(h), &hdr, &payload);
	ok(ret == -EMSGSIZE, "payload over the caller's bound -> -EMSGSIZE");
}

/* One random message into buf; its length. */
static size_t random_message(void)
{
	struct lttcomm_hdr h;
	size_t len = rnd() % 7000, k;

	for (k = 0; k < len; k++)
		buf[sizeof(h) + k] = (unsigned char)rnd();
	/* Often valid-looking headers, sometimes plausible sizes. */
	h.magic = rnd() % 4 ? LTTCOMM_MAGIC : rnd();
	h.version = rnd() % 4 ? LTTCOMM_VERSION : (uint16_t)rnd();
	h.cmd = (uint16_t)(rnd() % (LTTCOMM_CMD_NR + 2));
	if (rnd() % 2 && lttcomm_req_size(h.cmd) > 0 &&
	    (size_t)lttcomm_req_size(h.cmd) <= sizeof(buf) - sizeof(h))
		len = (size_t)lttcomm_req_size(h.cmd);
	h.payload_len = rnd() % 8 ? (uint32_t)len : rnd() | (rnd() << 16);
	h.ret = 0;
	memcpy(buf, &h, sizeof(h));
	/* Sometimes cut the message short. */
	k = sizeof(h) + len;
	if (rnd() % 5 == 0)
		k = rnd() % (k + 1);
	return k;
}

/* Random messages: never accepted unless well-formed; no crash,
 * no leak (ASan), bounded. */
static void test_random_messages(void)
{
	struct lttcomm_hdr hdr;
	void *payload;
	int ret, i, bad = 0;

	for (i = 0; i < 3000; i++) {
		ret = recv_raw(buf, random_message(), &hdr, &payload, 65536);
		if (ret == 0) {
			int acc = !lttcomm_check_request(hdr.cmd, payload,
							 hdr.payload_len);

			/* Accepted requests must have their exact size. */
			if (acc && lttcomm_req_size(hdr.cmd) != (long)hdr.payload_len)
				bad++;
			if (hdr.magic != LTTCOMM_MAGIC || hdr.version != LTTCOMM_VERSION)
				bad++;
		} else if (payload) {
			bad++;
		}
		free(payload);
	}
	ok(!bad, "3000 random/truncated messages handled (%d anomalies)", bad);
}

int main(void)
{
	struct lttcomm_session_req sreq;

	test_sizes();
	test_session_requests(&sreq);
	test_event_requests();
	test_replies();
	test_framing(&sreq);
	test_random_messages();
	ok(!strcmp(lttcomm_strerror(-LTTNG_ERR_EXIST_SESS), "Session name already exists") &&
	   !strcmp(lttcomm_strerror(LTTNG_ERR_SESSION_INVALID_CHAR),
		   "Invalid character found in session name") &&
	   !strcmp(lttcomm_strerror(9999), "Unknown error code"),
	   "error texts are LTTng's");
	test_error_table();
	test_glob();
	test_perf_names();
	return tap_done();
}
