// SPDX-License-Identifier: GPL-2.0-only
/*
 * client.c - the client socket and its connections.
 *
 * The listening socket is a unix stream socket: root's daemon makes it
 * root:<group> 0660, a user's daemon 0660 inside its 0700 directory.  Each
 * accepted connection gets a detached thread that reads requests
 * (lttcomm_recv_msg + lttcomm_check_request: any malformed, truncated or
 * oversized message drops that connection only), takes the peer's
 * credentials from SO_PEERCRED once at accept time, and runs each command
 * with the locks it needs (cmd_dispatch(), cmd.c, where the handlers are;
 * the locking order is in session.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "sessiond.h"
#include "ust.h"

/*
 * Connection limits: a connection costs a thread, and a client may hold
 * one for up to io_timeout without sending anything.  So that one user
 * cannot lock the others out, each non-root uid may hold at most
 * MAX_PER_USER connections and all non-root uids together MAX_CLIENTS;
 * root's own connections are only bounded by MAX_CLIENTS_ROOT.
 */
#define MAX_CLIENTS 128
#define MAX_PER_USER 16
#define MAX_CLIENTS_ROOT 64

static const struct timeval io_timeout = { .tv_sec = 60 };

static int nr_clients, nr_root_clients;
static struct {
	uid_t uid;
	int n;
} per_user[MAX_CLIENTS];
static pthread_mutex_t clients_lock = PTHREAD_MUTEX_INITIALIZER;

/* Counts a new connection of uid; 0, or -1 when over a limit.
 * clients_lock held. */
static int client_get(uid_t uid)
{
	int i, free_slot = -1;

	if (uid == 0) {
		if (nr_root_clients >= MAX_CLIENTS_ROOT)
			return -1;
		nr_root_clients++;
		return 0;
	}
	if (nr_clients >= MAX_CLIENTS)
		return -1;
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (per_user[i].n && per_user[i].uid == uid)
			break;
		if (!per_user[i].n && free_slot < 0)
			free_slot = i;
	}
	if (i == MAX_CLIENTS) {
		if (free_slot < 0)
			return -1;
		i = free_slot;
		per_user[i].uid = uid;
	}
	if (per_user[i].n >= MAX_PER_USER)
		return -1;
	per_user[i].n++;
	nr_clients++;
	return 0;
}

static void client_put(uid_t uid)
{
	int i;

	pthread_mutex_lock(&clients_lock);
	if (uid == 0) {
		nr_root_clients--;
	} else {
		for (i = 0; i < MAX_CLIENTS; i++)
			if (per_user[i].n && per_user[i].uid == uid) {
				per_user[i].n--;
				break;
			}
		nr_clients--;
	}
	pthread_mutex_unlock(&clients_lock);
}

int client_listen(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(sd_cfg.sock_path) >= sizeof(addr.sun_path)) {
		SD_ERR("Socket path too long: %s", sd_cfg.sock_path);
		return -1;
	}
	strcpy(addr.sun_path, sd_cfg.sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		SD_ERR("socket: %s", strerror(errno));
		return -1;
	}
	/* We hold the lock file: whatever is there is stale. */
	unlink(sd_cfg.sock_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		SD_ERR("Cannot bind %s: %s", sd_cfg.sock_path, strerror(errno));
		close(fd);
		return -1;
	}
	if (sd_cfg.is_root) {
		struct group *gr = getgrnam(sd_cfg.group);
		gid_t gid = 0;

		if (gr)
			gid = gr->gr_gid;
		else
			SD_WARN("No group \"%s\": only root can use this session daemon",
				sd_cfg.group);
		if (chown(sd_cfg.sock_path, 0, gid) < 0)
			SD_WARN("chown %s: %s", sd_cfg.sock_path,
				strerror(errno));
	}
	if (chmod(sd_cfg.sock_path, 0660) < 0) {
		SD_ERR("chmod %s: %s", sd_cfg.sock_path, strerror(errno));
		close(fd);
		return -1;
	}
	if (listen(fd, 64) < 0) {
		SD_ERR("listen: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* ---------------------------------------------------------------------- */

struct conn {
	int fd;
	struct ucred cred;
};

/* The largest request is an event request; nothing bigger is legitimate. */
#define MAX_REQUEST 65536

static void *conn_thread(void *arg)
{
	struct conn *cn = arg;

	for (;;) {
		struct lttcomm_hdr hdr;
		struct cmd_ctx ctx;
		void *payload;
		int ret;

		ret = lttcomm_recv_msg(cn->fd, &hdr, &payload, MAX_REQUEST);
		if (ret) {
			if (ret != -ECONNRESET)
				SD_DBG("pid %d: dropping connection: %s",
				       (int)cn->cred.pid, strerror(-ret));
			break;
		}
		if (lttcomm_check_request(hdr.cmd, payload, hdr.payload_len)) {
			SD_DBG("pid %d: dropping connection: malformed command %u (%u bytes)",
			       (int)cn->cred.pid, hdr.cmd, hdr.payload_len);
			free(payload);
			break;
		}
		SD_DBG2("pid %d uid %u: command %u", (int)cn->cred.pid,
			(unsigned int)cn->cred.uid, hdr.cmd);
		ctx = (struct cmd_ctx){
			.cmd = hdr.cmd,
			.req = payload,
			.uid = cn->cred.uid,
			.gid = cn->cred.gid,
		};
		ret = cmd_dispatch(&ctx);
		/* applications answer the commands without sd_lock held */
		ust_client_wait();
		free(payload);
		if (ret < 0)
			SD_DBG("command %u: %s", hdr.cmd, lttcomm_strerror(ret));
		ret = lttcomm_send_msg(cn->fd, hdr.cmd, ret, ctx.reply,
				       ctx.reply_len);
		free(ctx.reply);
		if (ret)
			break;
	}
	close(cn->fd);
	client_put(cn->cred.uid);
	free(cn);
	return NULL;
}

int client_accept(int lfd)
{
	socklen_t len = sizeof(struct ucred);
	struct conn *cn;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return -errno;
	cn = calloc(1, sizeof(*cn));
	if (!cn) {
		close(fd);
		return -ENOMEM;
	}
	cn->fd = fd;
	/* A client that stalls mid-message or stops reading loses its
	 * connection instead of holding a thread forever. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &io_timeout,
		   sizeof(io_timeout));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &io_timeout,
		   sizeof(io_timeout));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cn->cred, &len) < 0) {
		SD_ERR("SO_PEERCRED: %s", strerror(errno));
		goto drop;
	}
	pthread_mutex_lock(&clients_lock);
	if (client_get(cn->cred.uid)) {
		static time_t last_warn;
		time_t now = time(NULL);
		int warn = now != last_warn;

		last_warn = now;
		pthread_mutex_unlock(&clients_lock);
		/* at most once a second: a flood must not flood the log */
		if (warn)
			SD_WARN("Too many connections: connection of pid %d (uid %u) refused",
				(int)cn->cred.pid, (unsigned int)cn->cred.uid);
		goto drop;
	}
	pthread_mutex_unlock(&clients_lock);
	if (sd_spawn_detached(conn_thread, cn, SD_SMALL_STACK)) {
		client_put(cn->cred.uid);
		goto drop;
	}
	return 0;
drop:
	close(fd);
	free(cn);
	return 0;
}
