// SPDX-License-Identifier: GPL-2.0-only
/*
 * client.c - the connection to lttng-sessiond.
 *
 * Which daemon: root (euid 0) always talks to root's daemon
 * (LTTCOMM_ROOT_SOCK).  A user in the tracing group (-g NAME, default
 * "tracing") talks to root's daemon when one answers, else to their own.
 * Everyone else talks to their own daemon at
 * $LTTNG_HOME/.lttng/client-lttng-sessiond ($HOME when LTTNG_HOME is
 * unset).
 *
 * Only `create` starts a daemon when none answers (like LTTng), unless
 * --no-sessiond: it runs `lttng-sessiond --daemonize` ($LTTNG_SESSIOND_PATH,
 * --sessiond-path, or the binary next to ours), waits for it to exit
 * (it forks and returns once its socket listens) and connects again.
 *
 * One connection per process, opened on first use and reused for every
 * request: a command costs one connect and a few round trips.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lttng.h"

/* A reply slower than this means the peer is not our daemon (or hung). */
#define REPLY_TIMEOUT_SEC 60

static int sock_fd = -1;

static int connect_path(const char *path)
{
	struct timeval tv = { .tv_sec = REPLY_TIMEOUT_SEC };
	int fd = lttcomm_connect(path);

	if (fd < 0)
		return -1;
	/* never hang on a daemon that does not speak our protocol */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static int in_tracing_group(void)
{
	const char *name = opt_group ? opt_group : "tracing";
	struct group *gr = getgrnam(name);
	gid_t groups[NGROUPS_MAX];
	int i, n;

	if (!gr)
		return 0;
	if (getegid() == gr->gr_gid)
		return 1;
	n = getgroups(NGROUPS_MAX, groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gr->gr_gid)
			return 1;
	return 0;
}

/* Try the daemon(s) this user may talk to; -1 when none answers. */
static int try_connect(void)
{
	char path[PATH_MAX];
	int fd;

	if (geteuid() == 0) {
		dbg("Connecting to %s", LTTCOMM_ROOT_SOCK);
		return connect_path(LTTCOMM_ROOT_SOCK);
	}
	if (in_tracing_group()) {
		fd = connect_path(LTTCOMM_ROOT_SOCK);
		if (fd >= 0) {
			dbg("Connected to %s", LTTCOMM_ROOT_SOCK);
			return fd;
		}
	}
	if (lttcomm_user_sock_path(lttng_home(), path, sizeof(path)))
		return -1;
	dbg("Connecting to %s", path);
	return connect_path(path);
}

static int find_sessiond(char *buf, size_t len)
{
	const char *env = getenv("LTTNG_SESSIOND_PATH");
	char self[PATH_MAX], *slash;
	ssize_t n;

	if (opt_sessiond_path)
		env = opt_sessiond_path;
	if (env && *env) {
		if (snprintf(buf, len, "%s", env) >= (int)len)
			return -1;
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	/* build tree: userspace/lttng/lttng -> userspace/lttng-sessiond/ */
	if (snprintf(buf, len, "%s/../lttng-sessiond/lttng-sessiond", self) <
	    (int)len && access(buf, X_OK) == 0)
		return 0;
	/* installed: $(PREFIX)/bin/lttng next to $(PREFIX)/bin/lttng-sessiond */
	if (snprintf(buf, len, "%s/lttng-sessiond", self) < (int)len)
		return 0;
	return -1;
}

/*
 * Run `lttng-sessiond --daemonize` and wait for it to return.  Its stderr
 * goes to a pipe: when it fails only because another client spawned a
 * daemon at the same moment ("already running"), the caller connects to
 * that one and the failure is never shown.  0, or -1 with *failed set to
 * what to print if no daemon answers after all.
 */
static int spawn_sessiond(char *failed, size_t len)
{
	char path[PATH_MAX], errbuf[1024];
	char *argv[5];
	int argc = 0, status, pfd[2];
	ssize_t n = 0;
	pid_t pid;

	failed[0] = '\0';
	if (find_sessiond(path, sizeof(path))) {
		err("No session daemon binary found");
		return -2;
	}
	if (access(path, X_OK)) {
		err("No such file or access denied: %s", path);
		err("Problem occurred while launching session daemon (%s)", path);
		return -2;
	}
	msg("Spawning a session daemon");
	argv[argc++] = path;
	argv[argc++] = "--daemonize";
	if (opt_group && geteuid() == 0) {
		argv[argc++] = "--group";
		argv[argc++] = (char *)opt_group;
	}
	argv[argc] = NULL;
	if (pipe2(pfd, O_CLOEXEC)) {
		err("Unable to create a pipe: %s", strerror(errno));
		return -2;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		err("Unable to fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -2;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		if (devnull >= 0) {
			/* keep the caller's stdout clean: our texts only */
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDOUT_FILENO);
			close(devnull);
		}
		dup2(pfd[1], STDERR_FILENO);
		execv(path, argv);
		fprintf(stderr, "Error: Unable to execute %s: %s\n", path,
			strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 1 << 8;
			break;
		}
	/* what it said before returning; never wait for EOF (the daemon
	 * itself may keep the pipe open) */
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	n = read(pfd[0], errbuf, sizeof(errbuf) - 1);
	close(pfd[0]);
	errbuf[n > 0 ? n : 0] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(failed, len, "%sError: Session daemon terminated with an error (exit status: %d)\n"
			 "Error: Problem occurred while launching session daemon (%s)\n",
			 errbuf, WEXITSTATUS(status), path);
	else
		snprintf(failed, len, "%sError: Session daemon terminated abnormally\n"
			 "Error: Problem occurred while launching session daemon (%s)\n",
			 errbuf, path);
	return -1;
}

/*
 * Open the connection.  Returns 0, or -1 when no daemon answers (after
 * trying to spawn one when `spawn`); the caller prints the error.
 */
int client_connect(int spawn)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char failed[1024 + PATH_MAX + 256];
	int i, ret;

	if (sock_fd >= 0)
		return 0;
	sock_fd = try_connect();
	if (sock_fd >= 0)
		return 0;
	if (!spawn || opt_no_sessiond)
		return -1;
	ret = spawn_sessiond(failed, sizeof(failed));
	if (ret == -2)
		return -2;
	/*
	 * --daemonize returns once listening; allow for slow machines.  After
	 * a failed spawn, another client's daemon may be starting: wait 1 s.
	 */
	for (i = 0; i < (ret ? 50 : 1000) && sock_fd < 0; i++) {
		sock_fd = try_connect();
		if (sock_fd < 0)
			nanosleep(&ts, NULL);
	}
	if (sock_fd >= 0)
		return 0;
	if (ret) {
		if (!opt_quiet) {
			fflush(stdout);
			fputs(failed, stderr);
		}
		return -2;
	}
	return -1;
}

void client_close(void)
{
	if (sock_fd >= 0)
		close(sock_fd);
	sock_fd = -1;
}

/*
 * One request/reply round trip.  Returns the daemon's ret (0 or
 * -lttng_error_code, or 1 for DATA_PENDING's "pending"), or
 * CLIENT_ERR_NO_SESSIOND when no daemon answers, -LTTNG_ERR_INVALID_PROTOCOL
 * when the exchange breaks (the connection is then closed).
 * A reply payload, if any, is returned in *reply (malloc'ed, caller
 * frees) when reply is not NULL.
 */
int32_t client_call(uint16_t cmd, const void *req, uint32_t req_len,
		    void **reply, uint32_t *reply_len)
{
	void *payload;
	uint32_t len;
	int32_t ret;

	if (reply)
		*reply = NULL;
	if (reply_len)
		*reply_len = 0;
	if (client_connect(0))
		return CLIENT_ERR_NO_SESSIOND;
	ret = lttcomm_call(sock_fd, cmd, req, req_len, &payload, &len);
	if (ret == -LTTNG_ERR_INVALID_PROTOCOL) {
		dbg("Broken exchange with the session daemon");
		client_close();
	}
	if (reply) {
		*reply = payload;
		if (reply_len)
			*reply_len = len;
	} else {
		free(payload);
	}
	return ret;
}

int client_session_info(const char *name, struct lttcomm_session_info *info)
{
	int32_t ret = client_get_session(name, info);

	if (ret == -LTTNG_ERR_SESS_NOT_FOUND || ret == -LTTNG_ERR_NO_SESSION)
		return -1;
	if (ret < 0) {
		err("%s", error_str(ret));
		return CMD_ERROR;
	}
	return 0;
}

/* GET_SESSION: one session's info by name. */
int32_t client_get_session(const char *name, struct lttcomm_session_info *info)
{
	struct lttcomm_session_req req;
	void *reply;
	uint32_t len;
	int32_t ret;

	memset(&req, 0, sizeof(req));
	if (copy_name(req.session, sizeof(req.session), name))
		return -LTTNG_ERR_SESS_NOT_FOUND;
	ret = client_call(LTTCOMM_CMD_GET_SESSION, &req, sizeof(req), &reply,
			  &len);
	if (ret == 0) {
		if (len != sizeof(*info)) {
			free(reply);
			return -LTTNG_ERR_INVALID_PROTOCOL;
		}
		memcpy(info, reply, sizeof(*info));
		info->name[sizeof(info->name) - 1] = '\0';
		info->output[sizeof(info->output) - 1] = '\0';
	}
	free(reply);
	return ret;
}

/*
 * A listing reply: an array of `size`-byte records.  Returns the count,
 * or a negative ret; *records is malloc'ed.
 */
int32_t client_list(uint16_t cmd, const void *req, uint32_t req_len,
		    size_t size, void **records)
{
	uint32_t len;
	int32_t ret;

	ret = client_call(cmd, req, req_len, records, &len);
	if (ret < 0)
		return ret;
	if (len % size) {
		free(*records);
		*records = NULL;
		return -LTTNG_ERR_INVALID_PROTOCOL;
	}
	return (int32_t)(len / size);
}
