// SPDX-License-Identifier: LGPL-2.1-only
/*
 * protocol.c - framing and validation of the client <-> daemon protocol.
 *
 * Design: a message is a fixed header plus a payload whose size is fixed
 * by the command (requests) or a multiple of a fixed record (replies).
 * The receiver never trusts a length: the header is checked (magic,
 * version, payload bound) before any allocation, the payload size must
 * match the command exactly, and every string field must be NUL-terminated
 * within its array before anybody looks at it.  Any failure is reported to
 * the caller, which drops the connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "protocol.h"

#define STR_OK(field) lttcomm_str_ok((field), sizeof(field))

int lttcomm_str_ok(const char *s, size_t max)
{
	return memchr(s, '\0', max) != NULL;
}

long lttcomm_req_size(unsigned int cmd)
{
	switch (cmd) {
	case LTTCOMM_CMD_VERSION:
	case LTTCOMM_CMD_LIST_SESSIONS:
		return 0;
	case LTTCOMM_CMD_CREATE_SESSION:
		return sizeof(struct lttcomm_create_req);
	case LTTCOMM_CMD_DESTROY_SESSION:
	case LTTCOMM_CMD_GET_SESSION:
	case LTTCOMM_CMD_LIST_CHANNELS:
	case LTTCOMM_CMD_START:
	case LTTCOMM_CMD_STOP:
	case LTTCOMM_CMD_DATA_PENDING:
	case LTTCOMM_CMD_LIST_TRACEPOINTS:
	case LTTCOMM_CMD_LIST_SYSCALLS:
	case LTTCOMM_CMD_LIST_UST_EVENTS:
		return sizeof(struct lttcomm_session_req);
	case LTTCOMM_CMD_ENABLE_CHANNEL:
	case LTTCOMM_CMD_DISABLE_CHANNEL:
		return sizeof(struct lttcomm_channel_req);
	case LTTCOMM_CMD_ENABLE_EVENT:
	case LTTCOMM_CMD_DISABLE_EVENT:
	case LTTCOMM_CMD_LIST_EVENTS:
		return sizeof(struct lttcomm_event_req);
	case LTTCOMM_CMD_ADD_CONTEXT:
	case LTTCOMM_CMD_LIST_CONTEXTS:
		return sizeof(struct lttcomm_context_req);
	case LTTCOMM_CMD_TRACK:
	case LTTCOMM_CMD_UNTRACK:
	case LTTCOMM_CMD_LIST_TRACKER:
		return sizeof(struct lttcomm_tracker_req);
	default:
		return -1;
	}
}

long lttcomm_reply_record_size(unsigned int cmd)
{
	switch (cmd) {
	case LTTCOMM_CMD_VERSION:
		return sizeof(struct lttcomm_version_reply);
	case LTTCOMM_CMD_CREATE_SESSION:
	case LTTCOMM_CMD_LIST_SESSIONS:
	case LTTCOMM_CMD_GET_SESSION:
		return sizeof(struct lttcomm_session_info);
	case LTTCOMM_CMD_LIST_CHANNELS:
		return sizeof(struct lttcomm_channel_attr);
	case LTTCOMM_CMD_LIST_EVENTS:
		return sizeof(struct lttcomm_event);
	case LTTCOMM_CMD_LIST_CONTEXTS:
		return sizeof(struct lttcomm_context);
	case LTTCOMM_CMD_LIST_TRACEPOINTS:
	case LTTCOMM_CMD_LIST_SYSCALLS:
		return sizeof(struct lttcomm_tracepoint_info);
	case LTTCOMM_CMD_LIST_TRACKER:
		return sizeof(struct lttcomm_tracker_id);
	case LTTCOMM_CMD_LIST_UST_EVENTS:
		return sizeof(struct lttcomm_ust_tracepoint_info);
	default:
		if (cmd >= LTTCOMM_CMD_VERSION && cmd < LTTCOMM_CMD_NR)
			return 0;
		return -1;
	}
}

static int domain_ok(uint32_t domain)
{
	return domain <= LTTCOMM_DOMAIN_UST;
}

static int event_ok(const struct lttcomm_event *ev)
{
	uint32_t i;

	if (!STR_OK(ev->name) || !STR_OK(ev->probe_symbol) ||
	    !STR_OK(ev->filter))
		return 0;
	if (ev->type < LTTCOMM_EVENT_ALL || ev->type > LTTCOMM_EVENT_SYSCALL)
		return 0;
	if (ev->loglevel_type < LTTCOMM_LOGLEVEL_ALL ||
	    ev->loglevel_type > LTTCOMM_LOGLEVEL_SINGLE)
		return 0;
	if (ev->nr_exclusions > LTTCOMM_EXCLUSION_MAX)
		return 0;
	for (i = 0; i < ev->nr_exclusions; i++)
		if (!STR_OK(ev->exclusions[i]))
			return 0;
	return 1;
}

static int channel_attr_ok(const struct lttcomm_channel_attr *a)
{
	return STR_OK(a->name);
}

static int context_ok(const struct lttcomm_context *c)
{
	return STR_OK(c->name);
}

int lttcomm_check_request(unsigned int cmd, const void *buf, size_t len)
{
	long want = lttcomm_req_size(cmd);

	if (want < 0 || (size_t)want != len)
		return -1;
	switch (cmd) {
	case LTTCOMM_CMD_CREATE_SESSION: {
		const struct lttcomm_create_req *r = buf;

		return STR_OK(r->name) && STR_OK(r->output) ? 0 : -1;
	}
	case LTTCOMM_CMD_DESTROY_SESSION:
	case LTTCOMM_CMD_GET_SESSION:
	case LTTCOMM_CMD_LIST_CHANNELS:
	case LTTCOMM_CMD_START:
	case LTTCOMM_CMD_STOP:
	case LTTCOMM_CMD_DATA_PENDING:
	case LTTCOMM_CMD_LIST_TRACEPOINTS:
	case LTTCOMM_CMD_LIST_SYSCALLS:
	case LTTCOMM_CMD_LIST_UST_EVENTS: {
		const struct lttcomm_session_req *r = buf;

		return STR_OK(r->session) && domain_ok(r->domain) ? 0 : -1;
	}
	case LTTCOMM_CMD_ENABLE_CHANNEL:
	case LTTCOMM_CMD_DISABLE_CHANNEL: {
		const struct lttcomm_channel_req *r = buf;

		return STR_OK(r->session) && domain_ok(r->domain) &&
		       channel_attr_ok(&r->attr) ? 0 : -1;
	}
	case LTTCOMM_CMD_ENABLE_EVENT:
	case LTTCOMM_CMD_DISABLE_EVENT:
	case LTTCOMM_CMD_LIST_EVENTS: {
		const struct lttcomm_event_req *r = buf;

		return STR_OK(r->session) && STR_OK(r->channel) &&
		       domain_ok(r->domain) && event_ok(&r->event) ? 0 : -1;
	}
	case LTTCOMM_CMD_ADD_CONTEXT:
	case LTTCOMM_CMD_LIST_CONTEXTS: {
		const struct lttcomm_context_req *r = buf;

		return STR_OK(r->session) && STR_OK(r->channel) &&
		       domain_ok(r->domain) && context_ok(&r->ctx) ? 0 : -1;
	}
	case LTTCOMM_CMD_TRACK:
	case LTTCOMM_CMD_UNTRACK:
	case LTTCOMM_CMD_LIST_TRACKER: {
		const struct lttcomm_tracker_req *r = buf;

		return STR_OK(r->session) && domain_ok(r->domain) &&
		       r->type <= LTTCOMM_TRACKER_VGID ? 0 : -1;
	}
	default:
		return 0;	/* no payload */
	}
}

int lttcomm_check_reply(unsigned int cmd, const void *buf, size_t len)
{
	long rec = lttcomm_reply_record_size(cmd);
	const char *p = buf;
	size_t off;

	if (rec < 0)
		return -1;
	if (rec == 0)
		return len == 0 ? 0 : -1;
	if (len % (size_t)rec)
		return -1;
	for (off = 0; off < len; off += (size_t)rec) {
		const void *r = p + off;
		int ok = 1;

		switch (cmd) {
		case LTTCOMM_CMD_VERSION:
			ok = STR_OK(((const struct lttcomm_version_reply *)r)->name);
			break;
		case LTTCOMM_CMD_CREATE_SESSION:
		case LTTCOMM_CMD_LIST_SESSIONS:
		case LTTCOMM_CMD_GET_SESSION: {
			const struct lttcomm_session_info *s = r;

			ok = STR_OK(s->name) && STR_OK(s->output);
			break;
		}
		case LTTCOMM_CMD_LIST_CHANNELS:
			ok = channel_attr_ok(r);
			break;
		case LTTCOMM_CMD_LIST_EVENTS:
			ok = event_ok(r);
			break;
		case LTTCOMM_CMD_LIST_CONTEXTS:
			ok = context_ok(r);
			break;
		case LTTCOMM_CMD_LIST_TRACEPOINTS:
		case LTTCOMM_CMD_LIST_SYSCALLS:
			ok = STR_OK(((const struct lttcomm_tracepoint_info *)r)->name);
			break;
		case LTTCOMM_CMD_LIST_UST_EVENTS: {
			const struct lttcomm_ust_tracepoint_info *u = r;

			ok = STR_OK(u->name) && STR_OK(u->procname);
			break;
		}
		default:
			break;
		}
		if (!ok)
			return -1;
	}
	return 0;
}

int lttcomm_send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lttcomm_recv_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lttcomm_send_msg(int fd, unsigned int cmd, int32_t ret,
		     const void *payload, uint32_t len)
{
	struct lttcomm_hdr hdr = {
		.magic = LTTCOMM_MAGIC,
		.version = LTTCOMM_VERSION,
		.cmd = (uint16_t)cmd,
		.payload_len = len,
		.ret = ret,
	};
	int err;

	if (len > LTTCOMM_MAX_PAYLOAD)
		return -EMSGSIZE;
	err = lttcomm_send_all(fd, &hdr, sizeof(hdr));
	if (err)
		return err;
	if (len)
		err = lttcomm_send_all(fd, payload, len);
	return err;
}

int lttcomm_recv_msg(int fd, struct lttcomm_hdr *hdr, void **payload,
		     uint32_t max_payload)
{
	void *buf = NULL;
	int err;

	*payload = NULL;
	err = lttcomm_recv_all(fd, hdr, sizeof(*hdr));
	if (err)
		return err;
	if (hdr->magic != LTTCOMM_MAGIC || hdr->version != LTTCOMM_VERSION)
		return -EPROTO;
	if (max_payload > LTTCOMM_MAX_PAYLOAD)
		max_payload = LTTCOMM_MAX_PAYLOAD;
	if (hdr->payload_len > max_payload)
		return -EMSGSIZE;
	if (hdr->payload_len) {
		buf = malloc(hdr->payload_len);
		if (!buf)
			return -ENOMEM;
		err = lttcomm_recv_all(fd, buf, hdr->payload_len);
		if (err) {
			free(buf);
			/* EOF inside a message is a truncation, not a close. */
			return err == -ECONNRESET ? -EPROTO : err;
		}
	}
	*payload = buf;
	return 0;
}

int lttcomm_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int lttcomm_call(int fd, unsigned int cmd, const void *req, uint32_t req_len,
		 void **reply, uint32_t *reply_len)
{
	struct lttcomm_hdr hdr;
	void *buf;

	*reply = NULL;
	*reply_len = 0;
	if (lttcomm_send_msg(fd, cmd, 0, req, req_len))
		return -LTTNG_ERR_INVALID_PROTOCOL;
	if (lttcomm_recv_msg(fd, &hdr, &buf, LTTCOMM_MAX_PAYLOAD))
		return -LTTNG_ERR_INVALID_PROTOCOL;
	if (hdr.cmd != cmd || hdr.ret > 0 || hdr.ret <= -LTTNG_ERR_NR ||
	    (hdr.ret == 0 ? lttcomm_check_reply(cmd, buf, hdr.payload_len) :
			    hdr.payload_len != 0)) {
		/* DATA_PENDING answers 1 for "pending". */
		if (!(cmd == LTTCOMM_CMD_DATA_PENDING && hdr.ret == 1 &&
		      hdr.payload_len == 0)) {
			free(buf);
			return -LTTNG_ERR_INVALID_PROTOCOL;
		}
	}
	*reply = buf;
	*reply_len = hdr.payload_len;
	return hdr.ret;
}

/* --- names, time, paths --------------------------------------------- */

int lttcomm_check_session_name(const char *name)
{
	size_t len = strnlen(name, LTTCOMM_NAME_MAX);

	if (len == 0 || len >= LTTCOMM_NAME_MAX)
		return -LTTNG_ERR_INVALID;
	if (strchr(name, '/'))
		return -LTTNG_ERR_SESSION_INVALID_CHAR;
	return 0;
}

int lttcomm_check_channel_name(const char *name)
{
	size_t len = strnlen(name, LTTCOMM_NAME_MAX);

	if (len == 0 || len >= LTTCOMM_NAME_MAX)
		return -1;
	if (strchr(name, '/') || name[0] == '.')
		return -1;
	return 0;
}

/* Number of CPUs in a list like "0-3,8,10-11" (sysfs "possible"). */
static unsigned long cpu_list_count(const char *list)
{
	unsigned long n = 0, a, b;
	char *end;

	while (*list >= '0' && *list <= '9') {
		a = b = strtoul(list, &end, 10);
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (b >= a)
			n += b - a + 1;
		if (*end != ',')
			break;
		list = end + 1;
	}
	return n;
}

int lttcomm_buffers_fit(uint64_t subbuf_size, uint64_t num_subbuf)
{
	unsigned long long avail_kb = 0;
	unsigned long cpus = 0;
	uint64_t per_cpu, total;
	char line[256];
	FILE *f;

	f = fopen("/sys/devices/system/cpu/possible", "re");
	if (f) {
		if (fgets(line, sizeof(line), f))
			cpus = cpu_list_count(line);
		fclose(f);
	}
	if (!cpus) {
		long n = sysconf(_SC_NPROCESSORS_CONF);

		cpus = n > 0 ? (unsigned long)n : 1;
	}
	f = fopen("/proc/meminfo", "re");
	if (!f)
		return 1;	/* cannot tell: let the tracer decide */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &avail_kb) == 1)
			break;
	fclose(f);
	if (!avail_kb)
		return 1;
	if (num_subbuf && subbuf_size > UINT64_MAX / num_subbuf)
		return 0;
	per_cpu = subbuf_size * num_subbuf;
	if (per_cpu > UINT64_MAX / cpus)
		return 0;
	total = per_cpu * cpus;
	return total / 1024 <= avail_kb;
}

int lttcomm_format_datetime(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return -1;
	if (strftime(buf, len, "%Y%m%d-%H%M%S", &tm) == 0)
		return -1;
	return 0;
}

const char *lttcomm_user_home(void)
{
	const char *home = getenv("LTTNG_HOME");
	struct passwd *pw;

	if (home && home[0])
		return home;
	home = getenv("HOME");
	if (home && home[0])
		return home;
	pw = getpwuid(getuid());
	return pw ? pw->pw_dir : NULL;
}

int lttcomm_user_rundir(const char *home, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", home, LTTCOMM_USER_DIR);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int lttcomm_user_sock_path(const char *home, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s/%s", home, LTTCOMM_USER_DIR,
			 LTTCOMM_USER_SOCK);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}
