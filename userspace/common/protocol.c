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

static int domain_ok(uint32_t domain)
{
	return domain <= LTTCOMM_DOMAIN_UST;
}

/*
 * One check per payload type of LTTCOMM_COMMANDS: 1 when the struct,
 * already known to have the right size, is well formed.
 */
static int lttcomm_check_none(const void *p)
{
	(void)p;
	return 1;
}

static int lttcomm_check_create_req(const void *p)
{
	const struct lttcomm_create_req *r = p;

	if (!STR_OK(r->name) || !STR_OK(r->output))
		return 0;
	/* A network output: both destinations, well formed. */
	if (r->ctrl.dtype == LTTCOMM_DST_NONE)
		return r->data.dtype == LTTCOMM_DST_NONE && !r->live_timer_us;
	return !lttcomm_check_uri(&r->ctrl) && !lttcomm_check_uri(&r->data);
}

static int lttcomm_check_snapshot_output(const void *p)
{
	const struct lttcomm_snapshot_output *o = p;

	if (!STR_OK(o->session) || !STR_OK(o->name) || !STR_OK(o->path) ||
	    o->reserved)
		return 0;
	if (o->ctrl.dtype == LTTCOMM_DST_NONE)
		return o->data.dtype == LTTCOMM_DST_NONE &&
		       (!o->path[0] || o->path[0] == '/');
	return !lttcomm_check_uri(&o->ctrl) && !lttcomm_check_uri(&o->data);
}

static int lttcomm_check_session_req(const void *p)
{
	const struct lttcomm_session_req *r = p;

	return STR_OK(r->session) && domain_ok(r->domain);
}

static int lttcomm_check_channel_attr(const void *p)
{
	const struct lttcomm_channel_attr *a = p;

	return STR_OK(a->name) && a->output <= LTTCOMM_OUTPUT_SPLICE;
}

static int lttcomm_check_channel_req(const void *p)
{
	const struct lttcomm_channel_req *r = p;

	return STR_OK(r->session) && domain_ok(r->domain) &&
	       lttcomm_check_channel_attr(&r->attr);
}

static int lttcomm_check_event(const void *p)
{
	const struct lttcomm_event *ev = p;
	uint32_t i;

	if (!STR_OK(ev->name) || !STR_OK(ev->probe_symbol) ||
	    !STR_OK(ev->filter))
		return 0;
	if (ev->type < LTTCOMM_EVENT_ALL || ev->type > LTTCOMM_EVENT_USERSPACE_PROBE)
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

/* The channel a request names: its session, its name and its domain. */
static int channel_target_ok(const char session[LTTCOMM_NAME_MAX],
			     const char channel[LTTCOMM_NAME_MAX],
			     uint32_t domain)
{
	return lttcomm_str_ok(session, LTTCOMM_NAME_MAX) &&
	       lttcomm_str_ok(channel, LTTCOMM_NAME_MAX) && domain_ok(domain);
}

static int lttcomm_check_event_req(const void *p)
{
	const struct lttcomm_event_req *r = p;

	return channel_target_ok(r->session, r->channel, r->domain) &&
	       lttcomm_check_event(&r->event);
}

static int lttcomm_check_context(const void *p)
{
	const struct lttcomm_context *c = p;

	return STR_OK(c->name);
}

static int lttcomm_check_context_req(const void *p)
{
	const struct lttcomm_context_req *r = p;

	return channel_target_ok(r->session, r->channel, r->domain) &&
	       lttcomm_check_context(&r->ctx);
}

static int lttcomm_check_tracker_req(const void *p)
{
	const struct lttcomm_tracker_req *r = p;

	return STR_OK(r->session) && domain_ok(r->domain) &&
	       r->type <= LTTCOMM_TRACKER_VGID;
}

static int lttcomm_check_save_req(const void *p)
{
	const struct lttcomm_save_req *r = p;

	return STR_OK(r->session) && STR_OK(r->output) && STR_OK(r->home);
}

static int lttcomm_check_load_req(const void *p)
{
	const struct lttcomm_load_req *r = p;

	return STR_OK(r->session) && STR_OK(r->input) && STR_OK(r->home) &&
	       STR_OK(r->override_url) && STR_OK(r->override_name);
}

static int lttcomm_check_detail(const void *p)
{
	return STR_OK(((const struct lttcomm_detail *)p)->text);
}

static int lttcomm_check_version_reply(const void *p)
{
	return STR_OK(((const struct lttcomm_version_reply *)p)->name);
}

static int lttcomm_check_session_info(const void *p)
{
	const struct lttcomm_session_info *s = p;

	return STR_OK(s->name) && STR_OK(s->output);
}

static int lttcomm_check_tracepoint_info(const void *p)
{
	return STR_OK(((const struct lttcomm_tracepoint_info *)p)->name);
}

static int lttcomm_check_ust_tracepoint_info(const void *p)
{
	const struct lttcomm_ust_tracepoint_info *u = p;

	return STR_OK(u->name) && STR_OK(u->procname);
}

static int lttcomm_check_ust_field_info(const void *p)
{
	const struct lttcomm_ust_field_info *f = p;

	return lttcomm_check_ust_tracepoint_info(&f->event) &&
	       STR_OK(f->field) && f->type <= LTTCOMM_FIELD_OTHER;
}

#define lttcomm_check_tracker_id lttcomm_check_none

static int lttcomm_check_rotate_info(const void *p)
{
	const struct lttcomm_rotate_info *r = p;

	return lttcomm_str_ok(r->path, sizeof(r->path));
}

static int lttcomm_check_rotation_schedule(const void *p)
{
	const struct lttcomm_rotation_schedule *r = p;

	return STR_OK(r->session) && r->type <= LTTCOMM_ROTATION_SIZE &&
	       r->activate <= 1;
}

#define CMD_DESC(cmd, req, rep, fl, handler)				\
	[LTTCOMM_CMD_##cmd] = {						\
		.name = #cmd,						\
		.req_size = sizeof(struct lttcomm_##req),		\
		.req_ok = lttcomm_check_##req,				\
		.rec_size = sizeof(struct lttcomm_##rep),		\
		.rec_ok = lttcomm_check_##rep,				\
		.flags = (fl),						\
	},

static const struct lttcomm_cmd_desc cmd_descs[LTTCOMM_CMD_NR] = {
	LTTCOMM_COMMANDS(CMD_DESC)
};

const struct lttcomm_cmd_desc *lttcomm_cmd_desc(unsigned int cmd)
{
	if (cmd >= LTTCOMM_CMD_NR || !cmd_descs[cmd].name)
		return NULL;
	return &cmd_descs[cmd];
}

long lttcomm_req_size(unsigned int cmd)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);

	return d ? (long)d->req_size : -1;
}

long lttcomm_reply_record_size(unsigned int cmd)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);

	return d ? (long)d->rec_size : -1;
}

int lttcomm_check_request(unsigned int cmd, const void *buf, size_t len)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);

	if (!d || d->req_size != len)
		return -1;
	return d->req_ok(buf) ? 0 : -1;
}

int lttcomm_check_reply(unsigned int cmd, const void *buf, size_t len)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);
	const char *p = buf;
	size_t off;

	if (!d)
		return -1;
	if (d->rec_size == 0)
		return len == 0 ? 0 : -1;
	if (len % d->rec_size)
		return -1;
	for (off = 0; off < len; off += d->rec_size)
		if (!d->rec_ok(p + off))
			return -1;
	return 0;
}

void lttcomm_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int lttcomm_send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = TEMP_FAILURE_RETRY(send(fd, p, len, MSG_NOSIGNAL));

		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lttcomm_recv_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = TEMP_FAILURE_RETRY(recv(fd, p, len, 0));

		if (n < 0)
			return -errno;
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

/* An error reply of a LTTCOMM_F_ERR_DETAIL command may carry one record. */
static int err_detail_ok(unsigned int cmd, uint32_t len)
{
	const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);

	return d && (d->flags & LTTCOMM_F_ERR_DETAIL) && len == d->rec_size;
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
	    (hdr.ret == 0 || err_detail_ok(cmd, hdr.payload_len) ?
	     lttcomm_check_reply(cmd, buf, hdr.payload_len) :
	     hdr.payload_len != 0)) {
		/* DATA_PENDING answers 1 for "pending". */
		const struct lttcomm_cmd_desc *d = lttcomm_cmd_desc(cmd);

		if (!(d && (d->flags & LTTCOMM_F_RET_PENDING) &&
		      hdr.ret == 1 && hdr.payload_len == 0)) {
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
