/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng.h - shared declarations of the lttng command-line client.
 *
 * main.c parses the global options and dispatches to one function per
 * command (commands/<name>.c, table in main.c).  A command returns a
 * process exit code: one of enum cmd_ret, or LTTng's numeric error code
 * for the errors where LTTng itself exits with that code.
 *
 * client.c talks to lttng-sessiond (one connection per process, opened
 * on first use), errors.c turns protocol error codes into LTTng's texts
 * and exit codes, utils.c holds the shared argument checks, ~/.lttngrc
 * handling and output helpers.
 */
#ifndef LTTNG_CLI_H
#define LTTNG_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include "../common/protocol.h"

#define LTTNG_CLI_VERSION	"2.13.9"
#define LTTNG_CLI_VERSION_NAME	"Nordicit\xc3\xa9"

enum cmd_ret {
	CMD_SUCCESS = 0,
	CMD_ERROR = 1,
	CMD_UNDEFINED = 2,	/* bad option: main prints the error */
	CMD_FATAL = 3,
	CMD_WARNING = 4,
	CMD_UNSUPPORTED = 5,
};

/* What a command file exports: its name, help text and options. */
struct cmd_spec {
	const char *name;
	const char *summary;		/* one line, for `lttng --help` */
	const char *usage;		/* full text for --help / help CMD */
	const char *shortopts;		/* getopt_long, without leading ':' */
	const struct option *longopts;
};

struct cmd_struct {
	int (*fn)(int argc, char **argv);
	const struct cmd_spec *spec;
};

/* Long-option values shared by every command. */
enum {
	OPT_HELP = 'h',
	OPT_LIST_OPTIONS = 0x1000,
	OPT_CMD_FIRST,		/* commands number their own from here */
};
#define COMMON_LONGOPTS \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "list-options", no_argument, NULL, OPT_LIST_OPTIONS }

/* -s/--session, -k/--kernel, -u/--userspace: what most commands act on
 * (shortopts "s:ku"); opt_target() takes them. */
#define TARGET_LONGOPTS \
	{ "session", required_argument, NULL, 's' }, \
	{ "kernel", no_argument, NULL, 'k' }, \
	{ "userspace", no_argument, NULL, 'u' }

struct opt_target {
	const char *session;	/* -s; NULL: the current session */
	int kernel;		/* -k */
	int user;		/* -u */
};

/* main.c */
extern int opt_quiet;
extern int opt_verbose;
extern int opt_no_sessiond;
extern const char *opt_group;
extern const char *opt_sessiond_path;
extern const struct cmd_struct commands[];
const struct cmd_struct *find_command(const char *name);
void print_usage(FILE *fp);
void list_commands(void);

/* utils.c: output */
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_nl(void);
void msg_part(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* utils.c: option parsing helpers */
void opt_begin(void);
int opt_next(const struct cmd_spec *spec, int argc, char **argv);
int opt_common(const struct cmd_spec *spec, int opt, int *done);
int opt_target(struct opt_target *t, int opt);
void print_cmd_usage(const struct cmd_spec *spec, FILE *fp);
int parse_size(const char *s, uint64_t *out);
int parse_u64(const char *s, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);
int copy_name(char *dst, size_t dstlen, const char *src);
int check_extra_args(int argc, char **argv, int max);
int check_name_list(const char *list, const char *kind);
int get_domain(int kernel, int user, const char *domains, int *domain);
const char *domain_name(int domain);
const char *loglevel_name(int domain, int level);
int parse_loglevel(int domain, const char *s);

/* utils.c: ~/.lttngrc and paths */
const char *lttng_home(void);
int config_path(char *buf, size_t len);
int config_get_session(char *buf, size_t len);
int config_set_session(const char *name);
int config_clear(void);
int resolve_session(const char *opt_session, char *buf, size_t len);
int make_abs_path(const char *in, char *out, size_t len);

/* client.c */
/* Pseudo error code: no daemon answered (LTTng's LTTNG_ERR_NO_SESSIOND). */
#define CLIENT_ERR_NO_SESSIOND	(-1000)
int client_connect(int spawn);
int32_t client_call(uint16_t cmd, const void *req, uint32_t req_len,
		    void **reply, uint32_t *reply_len);
int32_t client_list(uint16_t cmd, const void *req, uint32_t req_len,
		    size_t size, void **records);
void client_close(void);
int32_t client_get_session(const char *name,
			   struct lttcomm_session_info *info);

/* errors.c */
const char *error_str(int32_t ret);
int error_exit_code(int32_t ret);

/* commands/ */
#define DECLARE_CMD(n) \
	int cmd_##n(int argc, char **argv); \
	extern const struct cmd_spec spec_##n
DECLARE_CMD(create);
DECLARE_CMD(destroy);
DECLARE_CMD(list);
DECLARE_CMD(set_session);
DECLARE_CMD(enable_channel);
DECLARE_CMD(disable_channel);
DECLARE_CMD(enable_event);
DECLARE_CMD(disable_event);
DECLARE_CMD(add_context);
DECLARE_CMD(start);
DECLARE_CMD(stop);
DECLARE_CMD(status);
DECLARE_CMD(view);
DECLARE_CMD(track);
DECLARE_CMD(untrack);
DECLARE_CMD(version);
DECLARE_CMD(help);

/* commands/stop.c: poll DATA_PENDING, a dot per wait; 0 or daemon ret */
int32_t wait_data_pending(const char *session);
/* commands/track.c: track and untrack */
extern const struct option track_longopts[];
int track_untrack(int argc, char **argv, int track,
		  const struct cmd_spec *spec);
/* commands/list.c: the `lttng list NAME` / `lttng status` report */
int list_session_details(const char *name, int domain, const char *channel);

#endif /* LTTNG_CLI_H */
