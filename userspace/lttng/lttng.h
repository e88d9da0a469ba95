/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lttng.h - shared declarations of the lttng command-line client.
 *
 * main.c parses the global options and dispatches to one function per
 * command (commands/<name>.c, table in main.c); every command declares
 * its options as a table that options.c parses.  A command returns a
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

/*
 * Options, declared once per command as a table (options.c does the
 * rest: getopt's tables, the "Options:" help, --list-options):
 *
 *	static struct opt_target target;
 *	static const char *output;
 *	static const struct cmd_option options[] = {
 *		OPT_TARGET(&target),
 *		OPT_STRING('o', "output", &output, "DIR", "Write to DIR"),
 *		OPT_CALLBACK(0, "subbuf-size", "SIZE", opt_subbuf,
 *			     "Sub-buffer size\n(continued on a second line)"),
 *		OPT_COMMON(),
 *		OPT_END(),
 *	};
 *
 * A callback returns 0 to go on, or the exit code that ends the command
 * (after printing its error); OPT_DONE ends it with success.  The values
 * live in the command file's statics: a command runs once per process.
 */
enum opt_kind {
	OPT_KIND_END = 0,
	OPT_KIND_SET_INT,	/* *(int *)value = intval */
	OPT_KIND_COUNT,		/* ++*(int *)value */
	OPT_KIND_STRING,	/* *(const char **)value = the argument */
	OPT_KIND_CALLBACK,	/* cb(option, argument) */
	OPT_KIND_ALIAS,		/* hidden long name of the option whose
				 * short letter is short_name */
	OPT_KIND_HELP,		/* --help */
	OPT_KIND_LIST_OPTIONS,	/* --list-options (intval: list itself) */
	OPT_KIND_LIST_COMMANDS,	/* --list-commands (of the sub-commands) */
};

enum opt_arg {
	OPT_ARG_NONE,
	OPT_ARG_REQUIRED,
	OPT_ARG_OPTIONAL,	/* --opt=VALUE, or --opt VALUE when VALUE
				 * does not start with '-' */
};

struct cmd_option {
	enum opt_kind kind;
	int short_name;		/* 0: long option only */
	const char *long_name;
	enum opt_arg arg;
	const char *arg_help;	/* "DIR": shown as --output=DIR */
	const char *help;	/* NULL: not in --help; '\n' continues the
				 * text on the next line */
	void *value;
	int intval;
	int (*cb)(const struct cmd_option *opt, const char *arg);
};

#define OPT_DONE 256		/* a callback's "stop here, exit 0" */

#define OPT_SET_INT(s, l, v, i, h) \
	{ .kind = OPT_KIND_SET_INT, .short_name = (s), .long_name = (l), \
	  .help = (h), .value = (v), .intval = (i) }
#define OPT_BOOL(s, l, v, h)	OPT_SET_INT(s, l, v, 1, h)
#define OPT_COUNT(s, l, v, h) \
	{ .kind = OPT_KIND_COUNT, .short_name = (s), .long_name = (l), \
	  .help = (h), .value = (v) }
#define OPT_STRING(s, l, v, a, h) \
	{ .kind = OPT_KIND_STRING, .short_name = (s), .long_name = (l), \
	  .arg = OPT_ARG_REQUIRED, .arg_help = (a), .help = (h), .value = (v) }
/* A callback with a required argument (a) or none (OPT_CALLBACK_NOARG);
 * i is passed as opt->intval. */
#define OPT_CALLBACK_INT(s, l, a, f, i, h) \
	{ .kind = OPT_KIND_CALLBACK, .short_name = (s), .long_name = (l), \
	  .arg = OPT_ARG_REQUIRED, .arg_help = (a), .help = (h), \
	  .intval = (i), .cb = (f) }
#define OPT_CALLBACK(s, l, a, f, h)	OPT_CALLBACK_INT(s, l, a, f, 0, h)
#define OPT_CALLBACK_NOARG(s, l, f, i, h) \
	{ .kind = OPT_KIND_CALLBACK, .short_name = (s), .long_name = (l), \
	  .help = (h), .intval = (i), .cb = (f) }
/* A callback whose argument is optional (arg NULL when absent). */
#define OPT_CALLBACK_OPTARG(s, l, a, f, i, h) \
	{ .kind = OPT_KIND_CALLBACK, .short_name = (s), .long_name = (l), \
	  .arg = OPT_ARG_OPTIONAL, .arg_help = (a), .help = (h), \
	  .intval = (i), .cb = (f) }
#define OPT_ALIAS(s, l) \
	{ .kind = OPT_KIND_ALIAS, .short_name = (s), .long_name = (l) }
/* -h/--help and --list-options, at the end of every command's table. */
#define OPT_COMMON() \
	{ .kind = OPT_KIND_HELP, .short_name = 'h', .long_name = "help", \
	  .help = "Show this help" }, \
	{ .kind = OPT_KIND_LIST_OPTIONS, .long_name = "list-options", \
	  .help = "List the options of this command" }
/* --list-commands, for a command with sub-commands. */
#define OPT_LIST_COMMANDS(h) \
	{ .kind = OPT_KIND_LIST_COMMANDS, .long_name = "list-commands", \
	  .help = (h) }
#define OPT_END()	{ .kind = OPT_KIND_END }
/*
 * The two tables of a command with sub-commands (snapshot, regenerate):
 * sub, the options its sub-commands share (-s... before or after the
 * sub-command's name), and own, the command's: the same ones with
 * --list-commands.
 */
#define OPT_SUBCOMMAND_TABLES(sub, own, ...) \
	static const struct cmd_option sub[] = { \
		__VA_ARGS__, OPT_COMMON(), OPT_END() \
	}; \
	static const struct cmd_option own[] = { \
		__VA_ARGS__, OPT_LIST_COMMANDS("List the sub-commands"), \
		OPT_COMMON(), OPT_END() \
	}

/* -s/--session, -k/--kernel, -u/--userspace: what most commands act on. */
struct opt_target {
	const char *session;	/* -s; NULL: the current session */
	int kernel;		/* -k */
	int user;		/* -u */
};
#define OPT_KERNEL(t)	OPT_BOOL('k', "kernel", &(t)->kernel, "Kernel domain")
#define OPT_USERSPACE(t) \
	OPT_BOOL('u', "userspace", &(t)->user, "User space domain")
#define OPT_SESSION(t) \
	OPT_STRING('s', "session", &(t)->session, "SESSION", \
		   "Act on SESSION instead of the current session")
#define OPT_TARGET(t)	OPT_KERNEL(t), OPT_USERSPACE(t), OPT_SESSION(t)

struct cmd_struct;

/*
 * What a command file exports.  A command with sub-commands (`lttng
 * snapshot record`) lists them in subcommands, as main.c lists the
 * commands: its options stop at the first word, and its fn calls
 * run_subcommand(), whose fn parses the rest with its own spec.
 *
 * Machine interface (`lttng --mi xml`, mi.c): the global option sets
 * opt_mi; each command writes its own MI document with the mi_*() calls
 * below (no-ops without --mi), since its output interleaves with its
 * requests (one <channel> with its <success> per channel...).
 */
struct cmd_spec {
	const char *name;
	const char *summary;		/* one line, for `lttng --help` */
	const char *usage;		/* --help / help CMD: the text before
					 * "Options:" */
	const char *footer;		/* after the options (or NULL) */
	const struct cmd_option *options;	/* NULL: only -h/--help and
						 * --list-options */
	const struct cmd_struct *subcommands;	/* NULL-spec terminated */
	void (*help)(FILE *fp);		/* replaces print_cmd_help() */
	int getopt_errors;		/* getopt prints "unrecognized
					 * option" (global options) */
};

struct cmd_struct {
	int (*fn)(int argc, char **argv);	/* NULL: a group title */
	const struct cmd_spec *spec;
};

/* options.c */
/* Parses argv (argv[0]: the command) with spec->options.  0: go on, the
 * operands start at optind; 1: the command ends now with *exit_code
 * (--help, --list-options, a bad option, a callback's error). */
int parse_options(const struct cmd_spec *spec, int argc, char **argv,
		  int *exit_code);
void print_cmd_help(const struct cmd_spec *spec, FILE *fp);
void print_options(FILE *fp, const struct cmd_option *opts);
void print_commands(FILE *fp, const struct cmd_struct *cmds);
void list_options(const struct cmd_option *opts, int self);
void list_subcommands(const struct cmd_spec *spec);
const struct cmd_struct *find_subcommand(const struct cmd_spec *spec,
					 const char *name);
/* Runs the sub-command argv[optind] names; CMD_UNDEFINED when there is
 * none or it is unknown. */
int run_subcommand(const struct cmd_spec *spec, int argc, char **argv);

/* main.c */
extern int opt_quiet;
extern int opt_verbose;
extern int opt_no_sessiond;
extern const char *opt_group;
extern const char *opt_sessiond_path;
extern const struct cmd_spec lttng_spec;	/* lttng's own options and
						 * its commands */
void print_usage(FILE *fp);

/* mi.c: the machine interface (see the top of mi.c) */
#define MI_NO_SUCCESS	(-1)	/* mi_end(): no <success> element */
extern int opt_mi;		/* --mi xml */
int mi_parse_type(const char *type);	/* 0, or -1: not "xml" */
int mi_active(void);		/* between mi_begin() and mi_end() */
void mi_begin(const char *command);
void mi_open(const char *el);
void mi_close(void);
void mi_str(const char *el, const char *value);
void mi_u64(const char *el, uint64_t v);
void mi_i64(const char *el, int64_t v);
void mi_bool(const char *el, int v);
int mi_end(int success);	/* 0, or -1 when stdout failed */
/* mi_end() of a command whose exit code is result: result, or CMD_ERROR
 * when it succeeded but its MI output failed. */
int mi_end_result(int result);
/* LTTng's records; open: leave the element open for children */
void mi_session(const struct lttcomm_session_info *s, int open);
void mi_channel(const struct lttcomm_channel_attr *a, int open);
void mi_channel_attrs(const struct lttcomm_channel_attr *a);
void mi_event(int domain, const struct lttcomm_event *ev, int listing,
	      int open);
void mi_context(const char *name, int success);
/* <el><name>NAME</name><enabled/><success/></el> of a disable-* */
void mi_disabled(const char *el, const char *name, int success);
void mi_tracker_open(int type);	/* <vpid_process_attr_tracker>
				 * <process_attr_values>: mi_close() twice */
void mi_tracker_value(int type, int all, int32_t id, int success);
/* <location> of a trace chunk archive, local or on a relay daemon */
void mi_archive_location(const struct lttcomm_rotate_info *a);
void mi_rotation_schedule(uint32_t type, uint64_t value, int set);
void mi_rotation_schedule_result(uint32_t type, uint64_t value, int set,
				 int success);

/* utils.c: output */
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_nl(void);
void msg_part(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* utils.c: values */
int parse_size(const char *s, uint64_t *out);
int parse_u64(const char *s, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);
int parse_time_us(const char *s, uint64_t *out);
int copy_name(char *dst, size_t dstlen, const char *src);
int check_extra_args(int argc, char **argv, int max);
int check_name_list(const char *list, const char *kind);
/* one(arg, NAME) for each NAME of "NAME[,NAME]..." until one returns
 * non-zero: 0, or -1 out of memory. */
int for_each_name(const char *list, int (*one)(void *arg, char *name),
		  void *arg);
int get_domain(int kernel, int user, const char *domains, int *domain);
/* parse_options(), then the domain of -k/-u into *domain: 0 to go on, 1
 * when the command ends with *exit_code. */
int parse_target(const struct cmd_spec *spec, int argc, char **argv,
		 const struct opt_target *t, int *domain, int *exit_code);
const char *domain_name(int domain);
/* The words for an event rule type (enum lttcomm_event_type); an
 * unknown type gets the tracepoint's. */
struct event_type_text {
	const char *name;	/* lttng list, disable-event: "syscall" */
	const char *mi;		/* MI <type> (LTTng's MI says TRACEPOINT for
				 * a user-space probe too) */
	const char *plural;	/* enable-event --all: "system calls" */
};
const struct event_type_text *event_type_text(int type);
const char *loglevel_name(int domain, int level);
int parse_loglevel(int domain, const char *s);

/* utils.c: ~/.lttngrc and paths */
const char *lttng_home(void);
int config_path(char *buf, size_t len);
int config_get_session(char *buf, size_t len);
int config_set_session(const char *name);
int config_clear(void);
int resolve_session(const char *opt_session, char *buf, size_t len);
int session_arg_or_current(const char *arg, char *buf, size_t len);
/* -c CHANNEL: no longer than a name (LTTng's error).  0 or CMD_ERROR. */
int check_channel_opt(const char *channel);
/* -s, -c and the domain into the head of a per-channel request (session
 * and channel: LTTCOMM_NAME_MAX; channel left as it is without -c): 0 or
 * the exit code of resolve_session(). */
int resolve_session_channel(const char *opt_session, const char *channel,
			    int domain, char *session, char *chan,
			    uint32_t *req_domain);
/* The body of a command taking [SESSION | --all] (clear, destroy), in an
 * MI <sessions> document: one() on every session of the daemon (all), or
 * on arg (NULL: the current session).  With all, keep_going goes on after
 * an error, and a session that vanished meanwhile is no error; without
 * it the first error stops.  The exit code. */
int run_on_sessions(const char *command, int all, const char *arg,
		    int (*one)(const char *name), int keep_going);
/* The daemon's sessions (*s: free() it), their names terminated: their
 * number, or -1 once the daemon's error is printed. */
int32_t list_all_sessions(struct lttcomm_session_info **s);
int make_abs_path(const char *in, char *out, size_t len);
/* LTTng's "Trace chunk archive for session S is now readable at PATH"
 * ("on relay tcp://HOST/PATH [control port C, data port D]") */
void print_archive_location(const char *session,
			    const struct lttcomm_rotate_info *a);

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
/* The same for a command: 0; -1 when there is no session NAME (the
 * caller says it in its own words); CMD_ERROR with the daemon's error
 * printed. */
int client_session_info(const char *name, struct lttcomm_session_info *info);

/* errors.c */
const char *error_str(int32_t ret);
int error_exit_code(int32_t ret);

/*
 * commands/: the only list of the commands, grouped as in `lttng --help`,
 * from which main.c's dispatch table (thus help, --list-commands and the
 * bash completion) and the declarations below come.  GROUP(title) starts
 * a group; CMD(n) is the command whose function is cmd_n() and spec
 * spec_n (whose name has '-' for '_').
 */
#define LTTNG_COMMANDS(GROUP, CMD) \
	GROUP("Recording sessions") CMD(create) CMD(destroy) CMD(set_session) \
	GROUP("Recording session configurations") CMD(load) CMD(save) \
	GROUP("Channels") \
		CMD(add_context) CMD(disable_channel) CMD(enable_channel) \
	GROUP("Recording event rules") CMD(disable_event) CMD(enable_event) \
	GROUP("Status") CMD(list) CMD(status) \
	GROUP("Control") CMD(start) CMD(stop) CMD(snapshot) CMD(rotate) \
		CMD(enable_rotation) CMD(disable_rotation) CMD(clear) \
		CMD(regenerate) \
	GROUP("Resource tracking") CMD(track) CMD(untrack) \
	GROUP("Miscellaneous") CMD(help) CMD(version) CMD(view)

#define DECLARE_GROUP(title)
#define DECLARE_CMD(n) \
	int cmd_##n(int argc, char **argv); \
	extern const struct cmd_spec spec_##n;
LTTNG_COMMANDS(DECLARE_GROUP, DECLARE_CMD)
#undef DECLARE_GROUP
#undef DECLARE_CMD

/* snapshot.c: the snapshot outputs of sess (create --snapshot: all 0,
 * only "Default snapshot output set to ...").  0 or the exit code. */
int snapshot_print_outputs(const char *sess, int all);
/* enable-rotation.c, for disable-rotation too: LTTng's names of the
 * schedules; the command itself: parses the options, then calls one()
 * for each schedule type named (*timer, *size, set by the options) on the session, in an MI
 * <rotation_schedule_results>; none: the error when no type is named. */
const char *rotation_schedule_name(uint32_t type);
int run_rotation_schedules(const struct cmd_spec *spec, int argc,
			   char **argv, const char **session,
			   const int *timer, const int *size,
			   const char *none,
			   int (*one)(const char *name, uint32_t type));
/* commands/enable-channel.c, for disable-channel too: req zeroed, for
 * domain and the session of -s (or the current one), then the MI
 * document of command opened at <channels> and one(req, NAME) for each
 * NAME of list.  0, or the exit code of resolve_session() or CMD_FATAL. */
int for_each_channel(const char *command, struct lttcomm_channel_req *req,
		     const char *session, int domain, const char *list,
		     int (*one)(void *req, char *name));
/* commands/save.c: prints the daemon's struct lttcomm_detail, if any */
void print_detail(const void *reply, uint32_t len);
/* commands/stop.c: poll DATA_PENDING, a dot per wait; 0 or daemon ret */
int32_t wait_data_pending(const char *session);
/* commands/track.c: track and untrack */
extern const struct cmd_option track_options[];
int track_untrack(int argc, char **argv, int track,
		  const struct cmd_spec *spec);
/* commands/list.c: the `lttng list NAME` / `lttng status` report */
int list_session_details(const char *name, int domain, const char *channel);

#endif /* LTTNG_CLI_H */
