// SPDX-License-Identifier: GPL-2.0-only
/*
 * utils.c - what every command shares: message output (honouring -q and
 * -v), value parsers, ~/.lttngrc and path handling.
 *
 * ~/.lttngrc ($LTTNG_HOME/.lttngrc, else $HOME/.lttngrc) holds the current
 * session as one line "session=NAME".  It is replaced atomically (write a
 * temporary file, rename) so that concurrent clients never see a partial
 * file, and removed when the current session is destroyed.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lttng.h"

/* --- output ------------------------------------------------------------ */

static void vprint(FILE *fp, const char *prefix, const char *fmt, va_list ap)
{
	if (fp == stderr)
		fflush(stdout);
	if (prefix)
		fputs(prefix, fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	fflush(fp);
}

/* The printers, alike but for when they are silent, their stream and
 * their prefix (--mi: stdout is the MI document). */
#define PRINTER(name, silent, fp, prefix)				\
	void name(const char *fmt, ...)					\
	{								\
		va_list ap;						\
									\
		if (silent)						\
			return;						\
		va_start(ap, fmt);					\
		vprint(fp, prefix, fmt, ap);				\
		va_end(ap);						\
	}

PRINTER(msg, opt_quiet || opt_mi, stdout, NULL)
PRINTER(err, opt_quiet, stderr, "Error: ")
PRINTER(warn, opt_quiet, stderr, "Warning: ")
PRINTER(dbg, opt_quiet || !opt_verbose, stderr, "DEBUG: ")

/* An empty line on stdout. */
void msg_nl(void)
{
	if (!opt_quiet && !opt_mi)
		fputc('\n', stdout);
}

/* Part of a line on stdout (progress dots), flushed at once. */
void msg_part(const char *fmt, ...)
{
	va_list ap;

	if (opt_quiet || opt_mi)
		return;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* --- values ------------------------------------------------------------- */

/* The unsigned number s starts with (strtoull()'s base), *end past it:
 * 0, or -1 when s starts with no digit (a sign, a blank) or the number
 * is out of range. */
static int read_u64(const char *s, int base, unsigned long long *v,
		    char **end)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*v = strtoull(s, end, base);
	return errno || *end == s ? -1 : 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (read_u64(s, 0, &v, &end) || *end)
		return -1;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(s, &v) || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* A size with an optional binary suffix: 4096, 16k, 1M, 2G. */
int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (read_u64(s, 0, &v, &end))
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		end++;
		break;
	case 'M':
		shift = 20;
		end++;
		break;
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		return -1;
	}
	if (*end)
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/*
 * A duration in microseconds with an optional unit, as LTTng reads timer
 * periods: 250, 250us, 500ms, 1s, 2m (minutes), 1h.  No sign, nothing
 * after the unit.
 */
int parse_time_us(const char *s, uint64_t *out)
{
	static const struct {
		const char *unit;
		uint64_t mult;
	} units[] = {
		{ "", 1 }, { "us", 1 }, { "ms", 1000 }, { "s", 1000000 },
		{ "m", 60000000 }, { "h", 3600000000ULL },
	};
	unsigned long long v;
	char *end;
	size_t i;

	/* no '-' anywhere (strtoull() takes "\t-5" as a huge number) */
	if (read_u64(s, 10, &v, &end) || strchr(s, '-'))
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return -1;
		*out = v * units[i].mult;
		return 0;
	}
	return -1;
}

/* Copy a name into a fixed protocol field; -1 when it does not fit. */
int copy_name(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstlen)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

/*
 * Check every NAME of "NAME[,NAME]..." before the first request, so that a
 * bad one changes nothing.  `kind` is "Channel" or "Event".
 */
/*
 * Refuse what follows the first max positional arguments, with LTTng's
 * message.  0 when there is nothing more, -1 otherwise.
 */
int check_extra_args(int argc, char **argv, int max)
{
	if (argc - optind <= max)
		return 0;
	err("Unknown argument: %s", argv[optind + max]);
	return -1;
}

int check_name_list(const char *list, const char *kind)
{
	const char *p = list, *end;
	size_t n;

	for (;;) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n >= LTTCOMM_NAME_MAX) {
			if (kind)
				err("%s %.*s...: name too long (at most %d bytes)",
				    kind, 32, p, LTTCOMM_NAME_MAX - 1);
			return CMD_ERROR;
		}
		if (!end)
			return CMD_SUCCESS;
		p = end + 1;
	}
}

int for_each_name(const char *list, int (*one)(void *arg, char *name),
		  void *arg)
{
	char *names = strdup(list), *name, *save = NULL;

	if (!names)
		return -1;
	for (name = strtok_r(names, ",", &save); name;
	     name = strtok_r(NULL, ",", &save))
		if (one(arg, name))
			break;
	free(names);
	return 0;
}

const char *domain_name(int domain)
{
	switch (domain) {
	case LTTCOMM_DOMAIN_KERNEL:
		return "kernel";
	case LTTCOMM_DOMAIN_UST:
		return "ust";
	default:
		return "none";
	}
}

/* LTTCOMM_EVENT_ALL (-1) is row 0. */
static const struct event_type_text event_types[] = {
	{ "any",             "ALL",        "events" },
	{ "tracepoint",      "TRACEPOINT", "tracepoints" },
	{ "probe",           "PROBE",      "events" },
	{ "function",        "FUNCTION",   "events" },
	{ "syscall",         "SYSCALL",    "system calls" },
	{ "userspace-probe", "TRACEPOINT", "events" },
};

const struct event_type_text *event_type_text(int type)
{
	unsigned int i = (unsigned int)(type - LTTCOMM_EVENT_ALL);

	if (i >= sizeof(event_types) / sizeof(event_types[0]))
		i = LTTCOMM_EVENT_TRACEPOINT - LTTCOMM_EVENT_ALL;
	return &event_types[i];
}

/*
 * Exactly one of -k/-u.  `domains` is the hint LTTng prints for the
 * command ("--kernel/--userspace" ...).
 */
int get_domain(int kernel, int user, const char *domains, int *domain)
{
	if (kernel && user) {
		err("Only one domain must be specified.");
		return CMD_ERROR;
	}
	if (!kernel && !user) {
		err("Please specify a domain (%s).", domains);
		return CMD_ERROR;
	}
	*domain = kernel ? LTTCOMM_DOMAIN_KERNEL : LTTCOMM_DOMAIN_UST;
	return CMD_SUCCESS;
}

/* --- ~/.lttngrc ----------------------------------------------------------- */

const char *lttng_home(void)
{
	const char *h = lttcomm_user_home();

	return h ? h : "/";
}

int config_path(char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/.lttngrc", lttng_home());

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* 0 and the name when ~/.lttngrc names a session, -1 otherwise. */
int config_get_session(char *buf, size_t len)
{
	char path[PATH_MAX], line[LTTCOMM_NAME_MAX + 64];
	FILE *fp;
	int found = -1;

	if (config_path(path, sizeof(path)))
		return -1;
	fp = fopen(path, "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strcspn(line, "\n");

		line[n] = '\0';
		if (strncmp(line, "session=", 8) || !line[8])
			continue;
		if (strlen(line + 8) >= len)
			continue;
		strcpy(buf, line + 8);
		found = 0;
	}
	fclose(fp);
	return found;
}

int config_set_session(const char *name)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	FILE *fp;
	int ok;

	if (config_path(path, sizeof(path)))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fp = fopen(tmp, "w");
	if (!fp) {
		err("Unable to write config file %s: %s", path, strerror(errno));
		return -1;
	}
	ok = fprintf(fp, "session=%s\n", name) > 0;
	ok = (fclose(fp) == 0) && ok;
	if (!ok || rename(tmp, path)) {
		err("Unable to write config file %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int config_clear(void)
{
	char path[PATH_MAX];

	if (config_path(path, sizeof(path)))
		return -1;
	if (unlink(path) && errno != ENOENT)
		return -1;
	return 0;
}

/*
 * The session a command acts on: -s NAME, else the current session from
 * ~/.lttngrc.  Prints LTTng's messages when there is none.
 */
int resolve_session(const char *opt_session, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (opt_session) {
		if (copy_name(buf, len, opt_session)) {
			err("Session name too long. Length must be lower or equal to %d",
			    LTTCOMM_NAME_MAX - 1);
			return CMD_ERROR;
		}
		return CMD_SUCCESS;
	}
	if (config_get_session(buf, len) == 0)
		return CMD_SUCCESS;
	config_path(path, sizeof(path));
	msg("Did you create a session? (lttng create <my_session>)");
	err("Can't find valid lttng config %s", path);
	return CMD_ERROR;
}

int check_channel_opt(const char *channel)
{
	if (channel && strlen(channel) >= LTTCOMM_NAME_MAX) {
		err("%s", error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME));
		return CMD_ERROR;
	}
	return 0;
}

int resolve_session_channel(const char *opt_session, const char *channel,
			    int domain, char *session, char *chan,
			    uint32_t *req_domain)
{
	int ret = resolve_session(opt_session, session, LTTCOMM_NAME_MAX);

	if (ret)
		return ret;
	if (channel)
		snprintf(chan, LTTCOMM_NAME_MAX, "%s", channel);
	*req_domain = (uint32_t)domain;
	return 0;
}

void print_archive_location(const char *session,
			    const struct lttcomm_rotate_info *a)
{
	if (a->relay_host[0])
		msg("Trace chunk archive for session %s is now readable on relay tcp://%s/%s [control port %u, data port %u]",
		    session, a->relay_host, a->path, a->ctrl_port,
		    a->data_port);
	else
		msg("Trace chunk archive for session %s is now readable at %s",
		    session, a->path);
}

/*
 * Make `in` absolute (relative to the working directory) and clean it up
 * lexically: no empty, "." or ".." components.
 */
int make_abs_path(const char *in, char *out, size_t len)
{
	char tmp[PATH_MAX * 2], cwd[PATH_MAX];
	char *comp[PATH_MAX / 2];
	char *p, *save = NULL;
	size_t n = 0, i, o = 0;

	if (in[0] == '/') {
		if (snprintf(tmp, sizeof(tmp), "%s", in) >= (int)sizeof(tmp))
			return -1;
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return -1;
		if (snprintf(tmp, sizeof(tmp), "%s/%s", cwd, in) >=
		    (int)sizeof(tmp))
			return -1;
	}
	for (p = strtok_r(tmp, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (!strcmp(p, "."))
			continue;
		if (!strcmp(p, "..")) {
			if (n)
				n--;
			continue;
		}
		if (n >= sizeof(comp) / sizeof(comp[0]))
			return -1;
		comp[n++] = p;
	}
	if (len < 2)
		return -1;
	if (!n) {
		strcpy(out, "/");
		return 0;
	}
	for (i = 0; i < n; i++) {
		size_t l = strlen(comp[i]);

		if (o + 1 + l + 1 > len)
			return -1;
		out[o++] = '/';
		memcpy(out + o, comp[i], l);
		o += l;
	}
	out[o] = '\0';
	return 0;
}

/* --- log levels ------------------------------------------------------------ */

static const char *const ust_loglevels[] = {
	"TRACE_EMERG", "TRACE_ALERT", "TRACE_CRIT", "TRACE_ERR",
	"TRACE_WARNING", "TRACE_NOTICE", "TRACE_INFO", "TRACE_DEBUG_SYSTEM",
	"TRACE_DEBUG_PROGRAM", "TRACE_DEBUG_PROCESS", "TRACE_DEBUG_MODULE",
	"TRACE_DEBUG_UNIT", "TRACE_DEBUG_FUNCTION", "TRACE_DEBUG_LINE",
	"TRACE_DEBUG",
};

static const char *const kernel_loglevels[] = {
	"KERN_EMERG", "KERN_ALERT", "KERN_CRIT", "KERN_ERR", "KERN_WARNING",
	"KERN_NOTICE", "KERN_INFO", "KERN_DEBUG",
};

const char *loglevel_name(int domain, int level)
{
	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		if (level >= 0 && level < (int)(sizeof(kernel_loglevels) /
						 sizeof(kernel_loglevels[0])))
			return kernel_loglevels[level];
	} else if (level >= 0 && level < (int)(sizeof(ust_loglevels) /
						sizeof(ust_loglevels[0]))) {
		return ust_loglevels[level];
	}
	return "<<UNKNOWN>>";
}

/*
 * A log level by name, with or without its TRACE_/KERN_ prefix, any case.
 * -1 when unknown (numbers are not accepted, like LTTng).
 */
int parse_loglevel(int domain, const char *s)
{
	const char *const *tab = ust_loglevels;
	size_t n = sizeof(ust_loglevels) / sizeof(ust_loglevels[0]), i;
	size_t plen = 6;	/* "TRACE_" */

	if (domain == LTTCOMM_DOMAIN_KERNEL) {
		tab = kernel_loglevels;
		n = sizeof(kernel_loglevels) / sizeof(kernel_loglevels[0]);
		plen = 5;	/* "KERN_" */
	}
	for (i = 0; i < n; i++)
		if (!strcasecmp(s, tab[i]) || !strcasecmp(s, tab[i] + plen))
			return (int)i;
	return -1;
}
