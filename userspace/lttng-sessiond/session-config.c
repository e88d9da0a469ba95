// SPDX-License-Identifier: GPL-2.0-only
/*
 * session-config.c - the names of session files shared by save.c and
 * load.c, and lttng.conf, the daemon's configuration file.
 *
 * lttng.conf is LTTng's INI file: "[section]" lines, "key = value" lines,
 * ';' or '#' comments.  The daemon reads the [sessiond] section only;
 * each key is the long name of one of its options (main.c decides).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sessiond.h"
#include "session-config.h"

void detail_set(struct lttcomm_detail *d, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->text[0])	/* the first (innermost) cause wins */
		return;
	va_start(ap, fmt);
	vsnprintf(d->text, sizeof(d->text), fmt, ap);
	va_end(ap);
}

/* --- names ----------------------------------------------------------- */

static const struct {
	int type;
	const char *name;
} event_types[] = {
	{ LTTCOMM_EVENT_TRACEPOINT, "TRACEPOINT" },
	{ LTTCOMM_EVENT_PROBE, "PROBE" },
	{ LTTCOMM_EVENT_FUNCTION, "FUNCTION" },	/* a kretprobe */
	{ LTTCOMM_EVENT_SYSCALL, "SYSCALL" },
	{ LTTCOMM_EVENT_ALL, "ALL" },
	/* older names of the kprobes, read only */
	{ LTTCOMM_EVENT_PROBE, "KPROBE" },
	{ LTTCOMM_EVENT_FUNCTION, "KRETPROBE" },
};

const char *config_event_type_name(int type)
{
	size_t i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++)
		if (event_types[i].type == type)
			return event_types[i].name;
	return "TRACEPOINT";
}

int config_event_type(const char *name, int kernel)
{
	size_t i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++)
		if (!strcmp(event_types[i].name, name)) {
			int t = event_types[i].type;

			/* user space has tracepoints only */
			if (!kernel && t != LTTCOMM_EVENT_TRACEPOINT &&
			    t != LTTCOMM_EVENT_ALL)
				return -2;
			return t;
		}
	return -3;
}

static const char *const loglevel_types[] = {
	[LTTCOMM_LOGLEVEL_ALL] = "ALL",
	[LTTCOMM_LOGLEVEL_RANGE] = "RANGE",
	[LTTCOMM_LOGLEVEL_SINGLE] = "SINGLE",
};

const char *config_loglevel_type_name(int type)
{
	return type >= 0 && type <= LTTCOMM_LOGLEVEL_SINGLE ?
		loglevel_types[type] : "ALL";
}

int config_loglevel_type(const char *name)
{
	int i;

	for (i = 0; i <= LTTCOMM_LOGLEVEL_SINGLE; i++)
		if (!strcmp(loglevel_types[i], name))
			return i;
	return -1;
}

int config_tracker_ust(unsigned int type)
{
	return type == LTTCOMM_TRACKER_VPID || type == LTTCOMM_TRACKER_VUID ||
	       type == LTTCOMM_TRACKER_VGID;
}

/* --- lttng.conf ------------------------------------------------------ */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One file; a missing optional file is no error. */
static int read_one(const char *path, int must_exist,
		    int (*set)(const char *key, const char *value))
{
	char line[4096], *p, *eq;
	int in_section = 0, lineno = 0, ret = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "Error: Unable to read configuration file %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	SD_DBG("Reading configuration file %s", path);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		p = trim(line);
		if (!*p || *p == ';' || *p == '#')
			continue;
		if (*p == '[') {
			char *end = strchr(p, ']');

			if (!end) {
				fprintf(stderr, "Error: %s:%d: malformed section header\n",
					path, lineno);
				ret = -1;
				break;
			}
			*end = '\0';
			in_section = !strcmp(trim(p + 1), "sessiond");
			continue;
		}
		eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "Error: %s:%d: expected \"key = value\"\n",
				path, lineno);
			ret = -1;
			break;
		}
		if (!in_section)
			continue;
		*eq = '\0';
		if (set(trim(p), trim(eq + 1))) {
			ret = -1;
			break;
		}
	}
	fclose(f);
	return ret;
}

int config_read_conf(const char *home, const char *extra,
		     int (*set)(const char *key, const char *value))
{
	char path[4200];

	if (read_one(SD_SYSTEM_CONF, 0, set))
		return -1;
	if (home && snprintf(path, sizeof(path), "%s/%s/lttng.conf", home,
			     LTTCOMM_USER_DIR) < (int)sizeof(path) &&
	    read_one(path, 0, set))
		return -1;
	return extra ? read_one(extra, 1, set) : 0;
}
