// SPDX-License-Identifier: LGPL-2.1-only
/*
 * uri.c - the output URLs of `lttng create` (-U/--set-url, -C/--ctrl-url,
 * -D/--data-url, --live), with LTTng 2.13's rules and messages:
 *
 *   file:///PATH, or /PATH           a local directory
 *   net://HOST[:CTRL[:DATA]][/DIR]   lttng-relayd, IPv4 (net4:// too)
 *   net6://HOST[:CTRL[:DATA]][/DIR]  the same over IPv6
 *   tcp://HOST[:PORT][/DIR]          one of the two ports (-C, -D), IPv4
 *                                    (tcp4://); tcp6:// for IPv6
 *
 * HOST is a name, an address, or an IPv6 address in brackets; a name is
 * resolved here, by the client, for the address family of the protocol
 * ("localhost" falls back to the loopback address).  Ports default to
 * 5342 (control) and 5343 (data).  DIR replaces the relayd's
 * <session>-<date> directory.  Protocol names are case-insensitive.
 *
 * Every error is reported as LTTng prints it, one line per call of
 * report(), ending with what `lttng create` adds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "protocol.h"

enum url_kind { URL_FILE, URL_NET, URL_TCP };

static const struct {
	const char *prefix;
	enum url_kind kind;
	int family;
} protos[] = {
	{ "file://", URL_FILE, 0 },
	{ "net://", URL_NET, AF_INET },
	{ "net4://", URL_NET, AF_INET },
	{ "net6://", URL_NET, AF_INET6 },
	{ "tcp://", URL_TCP, AF_INET },
	{ "tcp4://", URL_TCP, AF_INET },
	{ "tcp6://", URL_TCP, AF_INET6 },
};

/* One parsed URL: a path, or one (tcp) or two (net) destinations. */
struct parsed_url {
	enum url_kind kind;
	char path[LTTCOMM_PATH_MAX];
	struct lttcomm_uri uri[2];	/* net: control, data; tcp: [0] */
};

static void say(void (*report)(const char *), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(void (*report)(const char *), const char *fmt, ...)
{
	char buf[LTTCOMM_PATH_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report(buf);
}

/* addr (a name or an address) as a numeric address of family af. */
static int resolve(const char *addr, int af, char *out, size_t len,
		   void (*report)(const char *))
{
	unsigned char bin[sizeof(struct in6_addr)];
	struct addrinfo hints, *res = NULL;

	if (inet_pton(af, addr, bin) == 1 && strlen(addr) < len) {
		memcpy(out, addr, strlen(addr) + 1);
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(addr, NULL, &hints, &res) == 0 && res) {
		const void *a = af == AF_INET ?
			(const void *)&((struct sockaddr_in *)res->ai_addr)->sin_addr :
			(const void *)&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
		int ok = inet_ntop(af, a, out, (socklen_t)len) != NULL;

		freeaddrinfo(res);
		if (ok)
			return 0;
	} else if (!strcmp(addr, "localhost")) {
		/* A system without a "localhost" entry (RFC 6761). */
		snprintf(out, len, "%s", af == AF_INET ? "127.0.0.1" : "::1");
		return 0;
	}
	say(report, "URI parse bad hostname %s for af %d", addr, af);
	return -1;
}

/* The number of a port, as atoi() reads it; 0 when it is not one. */
static long port_value(const char *b, const char *e)
{
	char buf[32];
	long v;

	snprintf(buf, sizeof(buf), "%.*s", (int)(e - b), b);
	v = strtol(buf, NULL, 10);
	if (v > INT_MAX || v < INT_MIN)
		v = (int)v;
	return v;
}

/* Parses one URL into p: 0 or -1 (reported). */
static int parse_one(const char *url, struct parsed_url *p,
		     void (*report)(const char *))
{
	const char *s, *addr_b, *addr_e;
	char host[LTTCOMM_PATH_MAX];
	long ports[2] = { 0, 0 };
	unsigned int i, nports = 0;
	int family = 0;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (!strncasecmp(url, protos[i].prefix,
				 strlen(protos[i].prefix)))
			break;
	if (i == sizeof(protos) / sizeof(protos[0])) {
		say(report, "URI parse unknown protocol %s", url);
		return -1;
	}
	p->kind = protos[i].kind;
	family = protos[i].family;
	s = url + strlen(protos[i].prefix);
	if (p->kind == URL_FILE) {
		if (*s != '/') {
			say(report, "Missing destination full path.");
			return -1;
		}
		snprintf(p->path, sizeof(p->path), "%s", s);
		return 0;
	}
	if (*s == '[') {
		addr_b = s + 1;
		addr_e = strchr(addr_b, ']');
		if (!addr_e || addr_e == addr_b) {
			say(report, "Broken IPv6 address %s", addr_b);
			return -1;
		}
		s = addr_e + 1;
		if (*s && *s != ':' && *s != '/') {
			say(report, "Unknown symbol after IPv6 address: %s", s);
			return -1;
		}
	} else {
		addr_b = s;
		s += strcspn(s, ":/");
		addr_e = s;
	}
	if (addr_b == addr_e) {
		say(report, "No address or hostname detected.");
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(addr_e - addr_b), addr_b);
	/* ":CTRL:DATA" for net://, ":PORT" for tcp:// */
	while (*s == ':' && nports < (p->kind == URL_NET ? 2U : 1U)) {
		const char *b = ++s;

		s += strcspn(s, ":/");
		if (s != b) {
			long v = port_value(b, s);

			if (v > 0xffff || v <= 0) {
				say(report, "Invalid port number %ld", v);
				return -1;
			}
			ports[nports] = v;
		}
		nports++;
	}
	if (*s == '/') {
		snprintf(p->uri[0].subdir, sizeof(p->uri[0].subdir), "%s",
			 s + 1);
	} else if (*s) {
		say(report, "Trailing characters not recognized: %s", s);
		return -1;
	}
	p->uri[0].dtype = family == AF_INET ? LTTCOMM_DST_IPV4 :
					      LTTCOMM_DST_IPV6;
	p->uri[0].port = (uint32_t)ports[0];
	if (resolve(host, family, p->uri[0].addr, sizeof(p->uri[0].addr),
		    report))
		return -1;
	if (p->kind == URL_NET) {
		p->uri[1].dtype = p->uri[0].dtype;
		p->uri[1].port = (uint32_t)ports[1];
		memcpy(p->uri[1].addr, p->uri[0].addr, sizeof(p->uri[1].addr));
	}
	return 0;
}

static void default_port(struct lttcomm_uri *u, uint32_t port)
{
	if (!u->port)
		u->port = port;
}

int lttcomm_parse_urls(const char *ctrl_url, const char *data_url,
		       struct lttcomm_uri *ctrl, struct lttcomm_uri *data,
		       char *path, size_t path_len,
		       void (*report)(const char *))
{
	static struct parsed_url c, d;	/* large: not on the stack */
	char file_url[LTTCOMM_PATH_MAX + 8];
	int same = 1;

	if (ctrl_url && *ctrl_url && data_url && *data_url)
		same = !strcmp(ctrl_url, data_url);
	if (ctrl_url && ctrl_url[0] == '/') {
		if (snprintf(file_url, sizeof(file_url), "file://%s",
			     ctrl_url) >= (int)sizeof(file_url))
			goto bad;
		ctrl_url = file_url;
	}
	memset(ctrl, 0, sizeof(*ctrl));
	memset(data, 0, sizeof(*data));
	if (!ctrl_url || !*ctrl_url)
		goto bad;
	if (parse_one(ctrl_url, &c, report)) {
		say(report, "Unable to parse the URL %s", ctrl_url);
		goto bad;
	}
	if (c.kind == URL_FILE) {
		if (data_url && *data_url) {
			say(report, "Cannot have a data URL when destination is file://");
			goto bad;
		}
		if (strlen(c.path) >= path_len)
			goto bad;
		strcpy(path, c.path);
		return LTTCOMM_URL_LOCAL;
	}
	*ctrl = c.uri[0];
	default_port(ctrl, LTTCOMM_RELAYD_CTRL_PORT);
	if (c.kind == URL_NET) {
		if (!same) {
			say(report, "Control URL uses the net:// protocol and the data URL is different. Not allowed.");
			goto bad;
		}
		*data = c.uri[1];
		default_port(data, LTTCOMM_RELAYD_DATA_PORT);
		return LTTCOMM_URL_NET;
	}
	if (!data_url || !*data_url)
		goto bad;		/* one tcp:// URL is not an output */
	if (parse_one(data_url, &d, report)) {
		say(report, "Unable to parse the URL %s", data_url);
		goto bad;
	}
	if (d.kind == URL_NET) {
		say(report, "Data URL can not be set with the net[4|6]:// protocol");
		goto bad;
	}
	if (d.kind == URL_FILE || strcmp(ctrl->addr, d.uri[0].addr)) {
		say(report, "Control and data destination mismatch");
		goto bad;
	}
	*data = d.uri[0];
	data->subdir[0] = '\0';
	default_port(data, LTTCOMM_RELAYD_DATA_PORT);
	return LTTCOMM_URL_NET;
bad:
	memset(ctrl, 0, sizeof(*ctrl));
	memset(data, 0, sizeof(*data));
	say(report, "Unrecognized URL format.");
	return -1;
}

int lttcomm_uri_str(const struct lttcomm_uri *u, char *buf, size_t len)
{
	int v6 = u->dtype == LTTCOMM_DST_IPV6;

	return snprintf(buf, len, "tcp%c://%s%s%s:%u/%s", v6 ? '6' : '4',
			v6 ? "[" : "", u->addr, v6 ? "]" : "", u->port,
			u->subdir);
}

int lttcomm_net_output_str(const struct lttcomm_uri *ctrl,
			   const struct lttcomm_uri *data, char *buf,
			   size_t len)
{
	int n = lttcomm_uri_str(ctrl, buf, len);

	if (n < 0 || (size_t)n >= len)
		return -1;
	n += snprintf(buf + n, len - (size_t)n, " [data: %u]", data->port);
	return (size_t)n >= len ? -1 : 0;
}

int lttcomm_check_uri(const struct lttcomm_uri *u)
{
	unsigned char bin[sizeof(struct in6_addr)];

	if (u->dtype != LTTCOMM_DST_IPV4 && u->dtype != LTTCOMM_DST_IPV6)
		return -1;
	if (!u->port || u->port > 0xffff ||
	    !memchr(u->addr, '\0', sizeof(u->addr)) ||
	    !memchr(u->subdir, '\0', sizeof(u->subdir)))
		return -1;
	return inet_pton(u->dtype == LTTCOMM_DST_IPV4 ? AF_INET : AF_INET6,
			 u->addr, bin) == 1 ? 0 : -1;
}
