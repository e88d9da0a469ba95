/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake-daemon.h - the session daemon's end of include/lttng-ust-abi.h,
 * just enough for the tests and the benchmark of liblttng-ust: send a
 * message (with fds), receive one, send a command and get its reply.
 */
#ifndef _UST_FAKE_DAEMON_H
#define _UST_FAKE_DAEMON_H

#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lttng-ust-abi.h"

#define FAKE_MAX_FDS	8

static int send_msg(int fd, uint32_t type, const void *p, uint32_t len,
		    const int *fds, unsigned int nfds)
{
	struct lttng_ust_msg_hdr h = { LTTNG_UST_MSG_MAGIC, type, len, nfds };
	union {
		char buf[CMSG_SPACE(FAKE_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, len } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
	ssize_t n;

	if (nfds) {
		struct cmsghdr *cm;

		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
	}
	n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	return n == (ssize_t)(sizeof(h) + len) ? 0 : -1;
}

static int recv_all(int fd, void *buf, size_t len, int timeout_ms)
{
	char *p = buf;

	while (len) {
		struct pollfd pf = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&pf, 1, timeout_ms) <= 0)
			return -1;
		n = recv(fd, p, len, 0);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Receive one message (payload malloc()ed). */
static int recv_msg(int fd, struct lttng_ust_msg_hdr *h, char **payload,
		    int timeout_ms)
{
	*payload = NULL;
	if (recv_all(fd, h, sizeof(*h), timeout_ms))
		return -1;
	if (h->magic != LTTNG_UST_MSG_MAGIC || h->len > LTTNG_UST_MSG_MAX)
		return -1;
	*payload = malloc(h->len + 1);
	if (!*payload || recv_all(fd, *payload, h->len, timeout_ms))
		return -1;
	return 0;
}

static int command(int fd, uint32_t type, const void *p, uint32_t len,
		   const int *fds, unsigned int nfds)
{
	struct lttng_ust_msg_hdr h;
	struct lttng_ust_reply r;
	char *payload;
	int ret = -1000;

	if (send_msg(fd, type, p, len, fds, nfds))
		return -1001;
	if (recv_msg(fd, &h, &payload, 5000) == 0 &&
	    h.type == LTTNG_UST_MSG_REPLY && h.len == sizeof(r)) {
		memcpy(&r, payload, sizeof(r));
		ret = r.status;
	}
	free(payload);
	return ret;
}

#endif
