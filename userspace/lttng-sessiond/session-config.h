/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * session-config.h - session files (LTTng 2.13's session XML): save.c
 * writes them, load.c reads them, session-config.c holds the names both
 * use (event types, log level types, trackers) and lttng.conf, the
 * daemon's own configuration file.
 */
#ifndef SESSION_CONFIG_H
#define SESSION_CONFIG_H

#include <sys/types.h>

#include "protocol.h"

struct sd_session;

/* Writes s to <dir>/<name>.lttng as uid/gid.  0 or -code (detail says
 * what failed). */
int config_save_session(const struct sd_session *s, const char *dir,
			int force, uid_t uid, gid_t gid,
			struct lttcomm_detail *detail);

/*
 * Loads the sessions of the request: every session of the file or
 * directory r->input (every *.lttng file of a directory), or of the
 * default directories (<r->home>/.lttng/sessions, then
 * LTTCOMM_SYSTEM_SESSIONS) when input is "", or only the one named
 * r->session.  Files are read as uid/gid.  All or nothing: every file is
 * parsed and checked before the first session is created, and the
 * sessions created are destroyed again when a later one fails.
 * 0 (detail->count: sessions loaded) or -code (detail says what
 * and where).
 */
struct config_loaded;
/* Pass 1, with no lock held: reads and parses (the failure is kept for
 * config_load_apply()).  NULL: no memory. */
struct config_loaded *config_load_read(const struct lttcomm_load_req *r,
				       uid_t uid, gid_t gid);
/* Pass 2, sd_lock held: the sessions created (c stays the caller's). */
int config_load_apply(struct config_loaded *c, const struct lttcomm_load_req *r,
		      struct lttcomm_detail *detail);
void config_loaded_free(struct config_loaded *c);
/* lttng-sessiond at start-up: --load PATH, or the auto-load directories
 * (<home>/.lttng/sessions/auto, LTTCOMM_SYSTEM_SESSIONS/auto) when path
 * is NULL.  0, or -code (logged) when a session could not be loaded. */
int config_load_at_start(const char *path);

/* Names shared by save.c and load.c (NULL/-1 when none). */
const char *config_event_type_name(int type);
int config_event_type(const char *name, int kernel);
const char *config_loglevel_type_name(int type);
int config_loglevel_type(const char *name);
int config_tracker_ust(unsigned int type);	/* a UST tracker */

void detail_set(struct lttcomm_detail *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* lttng.conf: calls set(key, value) for each "key = value" of the
 * [sessiond] section of the daemon's configuration files, in LTTng's
 * order: the system file, <home>/.lttng/lttng.conf, then extra (-f),
 * which must exist.  0, or -1 when extra cannot be read or a line is
 * malformed (said on stderr). */
int config_read_conf(const char *home, const char *extra,
		     int (*set)(const char *key, const char *value));
#define SD_SYSTEM_CONF	"/etc/lttng/lttng.conf"

#endif /* SESSION_CONFIG_H */
