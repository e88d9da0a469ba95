// SPDX-License-Identifier: GPL-2.0-only
/*
 * relayd.c - the relay daemon protocol of LTTng 2.13, client side.
 *
 * lttng-relayd receives traces over two TCP connections per session
 * (every integer big-endian, structures packed):
 *
 *   control (default port 5342): requests, each a 24-byte header
 *	{ u64 circuit_id = 0, u64 data_size, u32 cmd, u32 cmd_version = 0 }
 *	and data_size bytes of payload; every request but SEND_METADATA
 *	gets a reply, read before the next request is sent.
 *   data (default port 5343): packets only, each a 32-byte header
 *	{ u64 circuit_id = 0, u64 stream handle, u64 net_seq_num,
 *	  u32 data_size, u32 padding_size }
 *	and data_size bytes; the relay daemon appends padding_size zero
 *	bytes itself.  Nothing comes back.
 *
 * A session's messages, in the order LTTng 2.13's session and consumer
 * daemons send them (the command numbers are the protocol's):
 *
 *   VERSION (5)            { u32 major, minor } both ways: 2.13 from us,
 *                          the relay daemon's back; the lower minor is
 *                          used; the majors must be equal, and we need
 *                          2.11+ (trace chunks, the forms below)
 *   GET_CONFIGURATION (22) { u64 query_flags } -> { u32 ret, u64 flags }
 *                          (2.12+)
 *   CREATE_SESSION (2)     { u32 name_len, hostname_len, base_path_len,
 *                            live_timer_us; u8 snapshot,
 *                            name_contains_creation_time;
 *                            u8 sessiond_uuid[16]; u64 session_id,
 *                            creation_time; u8 has_chunk; u64 chunk_id }
 *                          then the three strings with their NULs
 *                          -> { u64 relayd session id, u32 ret,
 *                               u32 path_len } and the session's path
 *                          <hostname>/<name>-<date> (base path: instead
 *                          of <name>-<date>; name_contains_creation_time:
 *                          <name> alone) under the relay daemon's output
 *   CREATE_TRACE_CHUNK (19) { u64 chunk_id, creation_time;
 *                            u32 name_len } [name]  -> { u32 ret }
 *                          the first chunk, unnamed, is the session
 *                          directory; streams are created in a chunk
 *   ADD_STREAM (1)         { u32 name_len, path_len; u64 tracefile_size,
 *                            tracefile_count, chunk_id } name, path
 *                          -> { u64 handle, u32 ret }; the stream file is
 *                          <path>/<name> in the chunk ("metadata" is the
 *                          metadata stream), with index/<name>.idx
 *   STREAMS_SENT (16)      -> { u32 ret }: live viewers may see them
 *   SEND_METADATA (6)      { u64 handle, u32 padding } text; no reply
 *   data connection        the packets of each stream, net_seq_num 0, 1,
 *                          2, ... per stream
 *   SEND_INDEX (13)        { u64 handle, net_seq_num, packet_size,
 *                            content_size, timestamp_begin,
 *                            timestamp_end, events_discarded, stream_id,
 *                            stream_instance_id, packet_seq_num }
 *                          -> { u32 ret }: one per packet (the relay
 *                          daemon pairs it with the packet of the same
 *                          net_seq_num and writes the index file live
 *                          viewers read); with packet_size 0 it is a
 *                          live beacon: the stream is idle up to
 *                          timestamp_end
 *   BEGIN_DATA_PENDING (10) { u64 relayd session id } -> { u32 ret }
 *   DATA_PENDING (8)       { u64 handle, last net_seq_num } -> { u32 0|1 }
 *   QUIESCENT_CONTROL (9)  { u64 metadata handle } -> { u32 ret }
 *   END_DATA_PENDING (11)  { u64 relayd session id } -> { u32 0|1 }
 *   CLOSE_STREAM (7)       { u64 handle, last net_seq_num } -> { u32 ret }
 *   CLOSE_TRACE_CHUNK (20) { u64 chunk_id, close_time; u8 has_command;
 *                            u32 command } -> { u32 ret, u32 path_len }
 *                          [path]
 *                          MOVE_TO_COMPLETED (rotation): once its last
 *                          stream is closed, the chunk moves to
 *                          archives/<begin>-<end>-<id>; DELETE (clear,
 *                          when GET_CONFIGURATION's flag 1 allows it): it
 *                          is removed; the path is where it ends up
 *   TRACE_CHUNK_EXISTS (21) { u64 chunk_id } -> { u32 ret, u8 exists }
 *                          (lttng-relayd 2.13 looks it up under its own
 *                          session id, not ours: it may say "no" early)
 *   A rotation: CREATE_TRACE_CHUNK of the next id (the relay daemon
 *   moves the current chunk aside, the new one is .tmp_new_chunk), the
 *   streams switched to it, CLOSE_TRACE_CHUNK of the previous one (the
 *   new one takes its name, <begin>-<id>), TRACE_CHUNK_EXISTS until the
 *   archive is complete.
 *   closing the control connection ends the session.
 *
 * ret is LTTng's LTTNG_OK (10) on success.  Every call has a deadline:
 * sockets are non-blocking and every wait is a poll() bounded by what is
 * left of the call's timeout.  Any failure to send or receive (timeout,
 * reset, a reply that makes no sense) leaves the stream of messages
 * undefined: the connection is marked broken, both sockets are shut
 * down (which also wakes a thread blocked on the other one) and every
 * later call fails at once.  A refusal (ret not LTTNG_OK) is just that
 * call's error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "relayd.h"

enum relayd_cmd {
	RELAYD_ADD_STREAM = 1,
	RELAYD_CREATE_SESSION = 2,
	RELAYD_VERSION = 5,
	RELAYD_SEND_METADATA = 6,
	RELAYD_CLOSE_STREAM = 7,
	RELAYD_DATA_PENDING = 8,
	RELAYD_QUIESCENT_CONTROL = 9,
	RELAYD_BEGIN_DATA_PENDING = 10,
	RELAYD_END_DATA_PENDING = 11,
	RELAYD_SEND_INDEX = 13,
	RELAYD_STREAMS_SENT = 16,
	RELAYD_CREATE_TRACE_CHUNK = 19,
	RELAYD_CLOSE_TRACE_CHUNK = 20,
	RELAYD_TRACE_CHUNK_EXISTS = 21,
	RELAYD_GET_CONFIGURATION = 22,
};

#define RET_OK		10	/* LTTng's LTTNG_OK */
#define HDR_LEN		24
#define DATA_HDR_LEN	32
#define INDEX_LEN	80	/* CTF index 1.1 fields, with the handle and
				 * net_seq_num */

/* --- encoding -------------------------------------------------------- */

static unsigned char *put32(unsigned char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
	return p + 4;
}

static unsigned char *put64(unsigned char *p, uint64_t v)
{
	p = put32(p, (uint32_t)(v >> 32));
	return put32(p, (uint32_t)v);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* --- deadlines and I/O ----------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The deadline of a call starting now; -1: none. */
static int64_t deadline_of(const struct relayd_conn *r)
{
	return r->timeout_ms < 0 ? -1 : now_ms() + r->timeout_ms;
}

/* Waits for events on fd until the deadline: 0, -ETIMEDOUT or -errno. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	for (;;) {
		int left = -1, n;

		if (deadline >= 0) {
			int64_t l = deadline - now_ms();

			if (l <= 0)
				return -ETIMEDOUT;
			left = l > 60000 ? 60000 : (int)l;
		}
		n = poll(&pfd, 1, left);
		if (n > 0)
			return 0;	/* ready, or an error the I/O reports */
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

/* After a non-blocking send or receive on fd failed (errno): 0 when it
 * is worth trying again (interrupted, or fd ready for events before the
 * deadline), else the error. */
static int io_again(int fd, short events, int64_t deadline)
{
	if (errno == EINTR)
		return 0;
	if (errno != EAGAIN)
		return -errno;
	return wait_fd(fd, events, deadline);
}

/* Sends every byte of iov (modified) before the deadline. */
static int send_iov(int fd, struct iovec *iov, int cnt, int64_t deadline)
{
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = (size_t)cnt };

	while (mh.msg_iovlen) {
		ssize_t n = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		int ret;

		if (n < 0) {
			ret = io_again(fd, POLLOUT, deadline);
			if (ret)
				return ret;
			continue;
		}
		while (mh.msg_iovlen && (size_t)n >= mh.msg_iov->iov_len) {
			n -= (ssize_t)mh.msg_iov->iov_len;
			mh.msg_iov++;
			mh.msg_iovlen--;
		}
		if (mh.msg_iovlen) {
			mh.msg_iov->iov_base = (char *)mh.msg_iov->iov_base + n;
			mh.msg_iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Receives exactly len bytes before the deadline; the peer closing is
 * -ECONNRESET. */
static int recv_all(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, MSG_DONTWAIT);
		int ret;

		if (n == 0)
			return -ECONNRESET;
		if (n < 0) {
			ret = io_again(fd, POLLIN, deadline);
			if (ret)
				return ret;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Marks r broken (the first error is kept) and shuts both sockets down;
 * returns err. */
static int fail(struct relayd_conn *r, int err)
{
	int none = 0;

	if (__atomic_compare_exchange_n(&r->broken, &none, -err, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (r->ctrl_fd >= 0)
			shutdown(r->ctrl_fd, SHUT_RDWR);
		if (r->data_fd >= 0)
			shutdown(r->data_fd, SHUT_RDWR);
	}
	return err;
}

int relayd_broken(const struct relayd_conn *r)
{
	return __atomic_load_n(&r->broken, __ATOMIC_SEQ_CST);
}

/* --- control exchanges ------------------------------------------------- */

/* Starts an exchange: takes the control lock.  0 or -ENOTCONN. */
static int ctrl_begin(struct relayd_conn *r, int64_t *deadline)
{
	pthread_mutex_lock(&r->ctrl_lock);
	if (r->ctrl_fd < 0 || relayd_broken(r)) {
		pthread_mutex_unlock(&r->ctrl_lock);
		return -ENOTCONN;
	}
	*deadline = deadline_of(r);
	return 0;
}

/* Ends it: a failure other than a refusal breaks the connection. */
static int ctrl_end(struct relayd_conn *r, int ret)
{
	if (ret < 0 && ret != -EPROTO)
		fail(r, ret);
	pthread_mutex_unlock(&r->ctrl_lock);
	return ret;
}

/* Sends one request: the header, then len bytes of p and extra_len of
 * extra (an optional second piece of payload). */
static int ctrl_send(struct relayd_conn *r, uint32_t cmd, const void *p,
		     size_t len, const void *extra, size_t extra_len,
		     int64_t deadline)
{
	unsigned char hdr[HDR_LEN], *q = hdr;
	struct iovec iov[3];
	int n = 0;

	q = put64(q, 0);			/* circuit_id */
	q = put64(q, len + extra_len);		/* data_size */
	q = put32(q, cmd);
	put32(q, 0);				/* cmd_version */
	iov[n++] = (struct iovec){ hdr, sizeof(hdr) };
	if (len)
		iov[n++] = (struct iovec){ (void *)p, len };
	if (extra_len)
		iov[n++] = (struct iovec){ (void *)extra, extra_len };
	return send_iov(r->ctrl_fd, iov, n, deadline);
}

/* One request and its fixed-size reply. */
static int call(struct relayd_conn *r, uint32_t cmd, const void *p,
		size_t len, void *reply, size_t reply_len)
{
	int64_t deadline;
	int ret = ctrl_begin(r, &deadline);

	if (ret)
		return ret;
	ret = ctrl_send(r, cmd, p, len, NULL, 0, deadline);
	if (!ret)
		ret = recv_all(r->ctrl_fd, reply, reply_len, deadline);
	return ctrl_end(r, ret);
}

/* A request whose reply is one u32, in *v. */
static int call_u32(struct relayd_conn *r, uint32_t cmd, const void *p,
		    size_t len, uint32_t *v)
{
	unsigned char rep[4];
	int ret = call(r, cmd, p, len, rep, sizeof(rep));

	if (!ret)
		*v = get32(rep);
	return ret;
}

/* A request whose reply, in reply, starts with { u32 ret }: 0, or -EPROTO
 * when refused. */
static int call_status(struct relayd_conn *r, uint32_t cmd, const void *p,
		       size_t len, unsigned char *reply, size_t reply_len)
{
	int ret = call(r, cmd, p, len, reply, reply_len);

	return ret ? ret : get32(reply) == RET_OK ? 0 : -EPROTO;
}

/* A request whose reply is { u32 ret }: 0, or -EPROTO when refused. */
static int call_generic(struct relayd_conn *r, uint32_t cmd, const void *p,
			size_t len)
{
	unsigned char rep[4];

	return call_status(r, cmd, p, len, rep, sizeof(rep));
}

/* A request whose reply is { u32 0|1 } (data pending): 0, 1 or -EPROTO. */
static int call_pending(struct relayd_conn *r, uint32_t cmd, const void *p,
			size_t len)
{
	uint32_t v;
	int ret = call_u32(r, cmd, p, len, &v);

	return ret ? ret : v <= 1 ? (int)v : -EPROTO;
}

/* --- connection --------------------------------------------------------- */

int relayd_timeout_from_env(void)
{
	const char *s = getenv("LTTNG_NETWORK_SOCKET_TIMEOUT");
	char *end;
	long v;

	if (!s || !*s)
		return RELAYD_DEFAULT_TIMEOUT_MS;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > 24L * 3600 * 1000)
		return RELAYD_DEFAULT_TIMEOUT_MS;
	return (int)v;
}

/*
 * u's numeric IPv4 or IPv6 address and port as a socket address in ss: its
 * length, or 0 when u names no address of its family.
 */
static socklen_t uri_sockaddr(const struct lttcomm_uri *u,
			      struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	void *bin;
	socklen_t sl;

	memset(ss, 0, sizeof(*ss));
	if (u->dtype == LTTCOMM_DST_IPV4) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)u->port);
		bin = &sin->sin_addr;
		sl = sizeof(*sin);
	} else if (u->dtype == LTTCOMM_DST_IPV6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)u->port);
		bin = &sin6->sin6_addr;
		sl = sizeof(*sin6);
	} else {
		return 0;
	}
	return inet_pton(ss->ss_family, u->addr, bin) == 1 ? sl : 0;
}

/* A connected TCP socket to u, or -errno. */
static int tcp_connect(const struct lttcomm_uri *u, int64_t deadline)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, ret, one = 1, soerr = 0;
	socklen_t el = sizeof(soerr);

	sl = uri_sockaddr(u, &ss);
	if (!sl || !u->port || u->port > 0xffff)
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -errno;
	/* Requests and their replies are small: no Nagle delay. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
		if (errno != EINPROGRESS) {
			ret = -errno;
			goto fail;
		}
		ret = wait_fd(fd, POLLOUT, deadline);
		if (ret)
			goto fail;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &el) < 0) {
			ret = -errno;
			goto fail;
		}
		if (soerr) {
			ret = -soerr;
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	return ret;
}

static int version_check(struct relayd_conn *r)
{
	unsigned char msg[8], rep[8];
	uint32_t major, minor;
	int ret;

	put32(put32(msg, RELAYD_PROTO_MAJOR), RELAYD_PROTO_MINOR);
	ret = call(r, RELAYD_VERSION, msg, sizeof(msg), rep, sizeof(rep));
	if (ret)
		return ret;
	major = get32(rep);
	minor = get32(rep + 4);
	if (major != RELAYD_PROTO_MAJOR || minor < RELAYD_PROTO_MIN_MINOR)
		return -EPROTONOSUPPORT;
	r->major = major;
	r->minor = minor < RELAYD_PROTO_MINOR ? minor : RELAYD_PROTO_MINOR;
	return 0;
}

static int get_configuration(struct relayd_conn *r)
{
	unsigned char msg[8], rep[12];
	int ret;

	r->config_flags = 0;
	if (r->minor < 12)
		return 0;
	put64(msg, 0);
	ret = call_status(r, RELAYD_GET_CONFIGURATION, msg, sizeof(msg), rep,
			  sizeof(rep));
	if (ret)
		return ret;
	r->config_flags = get64(rep + 4);
	return 0;
}

int relayd_connect(struct relayd_conn *r, const struct lttcomm_uri *ctrl,
		   const struct lttcomm_uri *data, int timeout_ms)
{
	int64_t deadline;
	int ret;

	memset(r, 0, sizeof(*r));
	r->ctrl_fd = r->data_fd = -1;
	r->timeout_ms = timeout_ms;
	pthread_mutex_init(&r->ctrl_lock, NULL);
	pthread_mutex_init(&r->data_lock, NULL);
	deadline = deadline_of(r);
	ret = tcp_connect(ctrl, deadline);
	if (ret < 0)
		goto fail;
	r->ctrl_fd = ret;
	ret = version_check(r);
	if (!ret)
		ret = get_configuration(r);
	if (ret)
		goto fail;
	ret = tcp_connect(data, deadline_of(r));
	if (ret < 0)
		goto fail;
	r->data_fd = ret;
	return 0;
fail:
	relayd_close(r);
	return ret;
}

void relayd_close(struct relayd_conn *r)
{
	lttcomm_close(&r->ctrl_fd);
	lttcomm_close(&r->data_fd);
	if (!r->broken)
		r->broken = ENOTCONN;
}

/* --- session and chunks ------------------------------------------------ */

/* The plen bytes that follow a reply, in out (len bytes): 0 or -errno
 * (-EBADMSG: more than out holds). */
static int recv_payload(struct relayd_conn *r, char *out, size_t len,
			uint32_t plen, int64_t deadline)
{
	if (plen > len)
		return -EBADMSG;
	return plen ? recv_all(r->ctrl_fd, out, plen, deadline) : 0;
}

/* The relay's path (plen bytes with its NUL, 0: none) into path, when the
 * caller wants it: 0 or -ENAMETOOLONG. */
static int copy_path(const char *out, uint32_t plen, char *path,
		     size_t path_len)
{
	if (!path || !path_len)
		return 0;
	if (plen > path_len)
		return -ENAMETOOLONG;
	if (plen)
		memcpy(path, out, plen);
	else
		path[0] = '\0';
	return 0;
}

int relayd_create_session(struct relayd_conn *r,
			  const struct relayd_session_attr *a,
			  char *path, size_t path_len)
{
	const char *base = a->base_path ? a->base_path : "";
	size_t nl = strlen(a->name) + 1, hl = strlen(a->hostname) + 1,
	       bl = strlen(base) + 1;
	unsigned char fixed[59], rep[16], *q = fixed, *names;
	char out[LTTCOMM_PATH_MAX];
	uint32_t ret_code, plen;
	int64_t deadline;
	int ret;

	if (nl > LTTCOMM_NAME_MAX || hl > LTTCOMM_NAME_MAX ||
	    bl > LTTCOMM_PATH_MAX)
		return -ENAMETOOLONG;
	q = put32(q, (uint32_t)nl);
	q = put32(q, (uint32_t)hl);
	q = put32(q, (uint32_t)bl);
	q = put32(q, a->live_timer_us);
	*q++ = !!a->snapshot;
	*q++ = !!a->name_contains_time;
	memcpy(q, a->sessiond_uuid, 16);
	q += 16;
	q = put64(q, a->session_id);
	q = put64(q, a->creation_time);
	*q++ = a->current_chunk != NULL;
	put64(q, a->current_chunk ? *a->current_chunk : 0);
	names = malloc(nl + hl + bl);
	if (!names)
		return -ENOMEM;
	memcpy(names, a->name, nl);
	memcpy(names + nl, a->hostname, hl);
	memcpy(names + nl + hl, base, bl);

	ret = ctrl_begin(r, &deadline);
	if (ret) {
		free(names);
		return ret;
	}
	ret = ctrl_send(r, RELAYD_CREATE_SESSION, fixed, sizeof(fixed), names,
			nl + hl + bl, deadline);
	free(names);
	if (!ret)
		ret = recv_all(r->ctrl_fd, rep, sizeof(rep), deadline);
	if (ret)
		return ctrl_end(r, ret);
	ret_code = get32(rep + 8);
	plen = get32(rep + 12);
	ret = recv_payload(r, out, sizeof(out), plen, deadline);
	if (ret)
		return ctrl_end(r, ret);
	if (ret_code != RET_OK)
		return ctrl_end(r, -EPROTO);
	if (!plen || out[plen - 1] != '\0')
		return ctrl_end(r, -EBADMSG);
	r->session_id = get64(rep);
	r->snapshot = !!a->snapshot;
	return ctrl_end(r, copy_path(out, plen, path, path_len));
}

int relayd_create_chunk(struct relayd_conn *r, uint64_t chunk_id,
			uint64_t creation_time, const char *name)
{
	unsigned char msg[20 + LTTCOMM_NAME_MAX], *q = msg;
	size_t nl = name ? strlen(name) + 1 : 0;

	if (nl > LTTCOMM_NAME_MAX)
		return -ENAMETOOLONG;
	q = put64(q, chunk_id);
	q = put64(q, creation_time);
	q = put32(q, (uint32_t)nl);
	if (nl)
		memcpy(q, name, nl);
	return call_generic(r, RELAYD_CREATE_TRACE_CHUNK, msg, 20 + nl);
}

int relayd_close_chunk(struct relayd_conn *r, uint64_t chunk_id,
		       uint64_t close_time, enum relayd_chunk_command cmd,
		       char *path, size_t path_len)
{
	unsigned char msg[21], rep[8], *q = msg;
	char out[LTTCOMM_PATH_MAX];
	uint32_t ret_code, plen;
	int64_t deadline;
	int ret;

	q = put64(q, chunk_id);
	q = put64(q, close_time);
	*q++ = cmd != RELAYD_CHUNK_CMD_NONE;
	put32(q, cmd == RELAYD_CHUNK_CMD_NONE ? 0 : (uint32_t)cmd);
	ret = ctrl_begin(r, &deadline);
	if (ret)
		return ret;
	ret = ctrl_send(r, RELAYD_CLOSE_TRACE_CHUNK, msg, sizeof(msg), NULL, 0,
			deadline);
	if (!ret)
		ret = recv_all(r->ctrl_fd, rep, sizeof(rep), deadline);
	if (ret)
		return ctrl_end(r, ret);
	ret_code = get32(rep);
	plen = get32(rep + 4);
	/* The path follows only a success. */
	if (ret_code != RET_OK)
		return ctrl_end(r, -EPROTO);
	ret = recv_payload(r, out, sizeof(out), plen, deadline);
	if (ret)
		return ctrl_end(r, ret);
	if (plen && out[plen - 1] != '\0')
		return ctrl_end(r, -EBADMSG);
	return ctrl_end(r, copy_path(out, plen, path, path_len));
}

int relayd_chunk_exists(struct relayd_conn *r, uint64_t chunk_id)
{
	unsigned char msg[8], rep[5];
	int ret;

	put64(msg, chunk_id);
	ret = call_status(r, RELAYD_TRACE_CHUNK_EXISTS, msg, sizeof(msg), rep,
			  sizeof(rep));
	return ret ? ret : !!rep[4];
}

int relayd_allows_clear(const struct relayd_conn *r)
{
	return r->minor >= 12 &&
	       (r->config_flags & RELAYD_CONFIG_CLEAR_ALLOWED);
}

/* --- streams ------------------------------------------------------------ */

int relayd_add_stream(struct relayd_conn *r, const char *name,
		      const char *path, uint64_t tracefile_size,
		      uint64_t tracefile_count, uint64_t chunk_id,
		      uint64_t *handle)
{
	size_t nl = strlen(name) + 1, pl = strlen(path) + 1;
	unsigned char *msg, *q, rep[12];
	int ret;

	if (nl > LTTCOMM_NAME_MAX + 16 || pl > LTTCOMM_PATH_MAX)
		return -ENAMETOOLONG;
	msg = malloc(32 + nl + pl);
	if (!msg)
		return -ENOMEM;
	q = put32(msg, (uint32_t)nl);
	q = put32(q, (uint32_t)pl);
	q = put64(q, tracefile_size);
	q = put64(q, tracefile_count);
	q = put64(q, chunk_id);
	memcpy(q, name, nl);
	memcpy(q + nl, path, pl);
	ret = call(r, RELAYD_ADD_STREAM, msg, 32 + nl + pl, rep, sizeof(rep));
	free(msg);
	if (ret)
		return ret;
	if (get32(rep + 8) != RET_OK)
		return -EPROTO;
	*handle = get64(rep);
	return 0;
}

int relayd_streams_sent(struct relayd_conn *r)
{
	return call_generic(r, RELAYD_STREAMS_SENT, NULL, 0);
}

int relayd_send_metadata(struct relayd_conn *r, uint64_t handle,
			 const void *buf, size_t len)
{
	unsigned char mh[12];
	int64_t deadline;
	int ret;

	put32(put64(mh, handle), 0);
	ret = ctrl_begin(r, &deadline);
	if (ret)
		return ret;
	ret = ctrl_send(r, RELAYD_SEND_METADATA, mh, sizeof(mh), buf, len,
			deadline);
	return ctrl_end(r, ret);
}

int relayd_send_packet(struct relayd_conn *r, uint64_t handle, uint64_t seq,
		       const struct iovec *iov, int iovcnt, size_t len,
		       uint32_t padding)
{
	unsigned char hdr[DATA_HDR_LEN], *q = hdr;
	struct iovec v[1 + 16];
	int i, ret;

	if (iovcnt > 16 || len > UINT32_MAX)
		return -EINVAL;
	q = put64(q, 0);			/* circuit_id */
	q = put64(q, handle);
	q = put64(q, seq);
	q = put32(q, (uint32_t)len);
	put32(q, padding);
	v[0] = (struct iovec){ hdr, sizeof(hdr) };
	for (i = 0; i < iovcnt; i++)
		v[1 + i] = iov[i];
	pthread_mutex_lock(&r->data_lock);
	if (r->data_fd < 0 || relayd_broken(r)) {
		pthread_mutex_unlock(&r->data_lock);
		return -ENOTCONN;
	}
	ret = send_iov(r->data_fd, v, 1 + iovcnt, deadline_of(r));
	if (ret)
		fail(r, ret);
	pthread_mutex_unlock(&r->data_lock);
	return ret;
}

int relayd_send_index(struct relayd_conn *r, uint64_t handle, uint64_t seq,
		      const struct relayd_index *idx)
{
	unsigned char msg[INDEX_LEN], *q = msg;

	q = put64(q, handle);
	q = put64(q, seq);
	q = put64(q, idx->packet_size);
	q = put64(q, idx->content_size);
	q = put64(q, idx->timestamp_begin);
	q = put64(q, idx->timestamp_end);
	q = put64(q, idx->events_discarded);
	q = put64(q, idx->stream_id);
	q = put64(q, idx->stream_instance_id);
	put64(q, idx->packet_seq_num);
	return call_generic(r, RELAYD_SEND_INDEX, msg, sizeof(msg));
}

int relayd_send_beacon(struct relayd_conn *r, uint64_t handle,
		       uint64_t last_seq, uint64_t stream_id, uint64_t ts)
{
	struct relayd_index idx = {
		.timestamp_end = ts,
		.stream_id = stream_id,
	};

	return relayd_send_index(r, handle, last_seq, &idx);
}

int relayd_close_stream(struct relayd_conn *r, uint64_t handle,
			uint64_t last_seq)
{
	unsigned char msg[16];

	put64(put64(msg, handle), last_seq);
	return call_generic(r, RELAYD_CLOSE_STREAM, msg, sizeof(msg));
}

/* --- data pending ---------------------------------------------------------- */

int relayd_begin_data_pending(struct relayd_conn *r)
{
	unsigned char msg[8];

	put64(msg, r->session_id);
	return call_generic(r, RELAYD_BEGIN_DATA_PENDING, msg, sizeof(msg));
}

int relayd_data_pending(struct relayd_conn *r, uint64_t handle,
			uint64_t last_seq)
{
	unsigned char msg[16];

	put64(put64(msg, handle), last_seq);
	return call_pending(r, RELAYD_DATA_PENDING, msg, sizeof(msg));
}

int relayd_quiescent_control(struct relayd_conn *r, uint64_t handle)
{
	unsigned char msg[8];

	put64(msg, handle);
	return call_generic(r, RELAYD_QUIESCENT_CONTROL, msg, sizeof(msg));
}

int relayd_end_data_pending(struct relayd_conn *r)
{
	unsigned char msg[8];

	put64(msg, r->session_id);
	return call_pending(r, RELAYD_END_DATA_PENDING, msg, sizeof(msg));
}
