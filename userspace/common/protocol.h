/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * protocol.h - the client <-> lttng-sessiond protocol.
 *
 * Unix stream socket.  Every message, request or reply, is a fixed header
 * followed by payload_len bytes of payload:
 *
 *	struct lttcomm_hdr | payload
 *
 * A request carries one command and its fixed-size request struct (below).
 * A reply carries ret (0 or a negative enum lttng_error_code) and, for
 * listing commands, an array of fixed-size records (payload_len is a
 * multiple of the record size).  Every string field is NUL-terminated
 * within its array: the receiver checks it and, like every other
 * malformed input (bad magic, other version, oversized or truncated
 * payload, wrong size for the command), drops only that connection.
 *
 * Every command is one row of LTTCOMM_COMMANDS below: its name, its
 * request struct, its reply record, its flags and the daemon's handler.
 * That row yields the command's number (enum lttcomm_cmd), its request
 * size and check, its reply record size and check (protocol.c, shared by
 * client and daemon) and the daemon's dispatch (lttng-sessiond/cmd.c).
 * Adding a command means:
 *   1. a row at the end of LTTCOMM_COMMANDS (the numbers are the ABI:
 *      never insert or reorder),
 *   2. its request struct below if no existing one fits, with a check
 *      function lttcomm_check_<type>() in protocol.c (every string field
 *      NUL-terminated, every enum in range),
 *   3. the handler, int cmd_<name>(struct cmd_ctx *ctx), in
 *      lttng-sessiond/cmd.c.
 *
 * Sockets: root's daemon listens on LTTCOMM_ROOT_SOCK (root:<group> 0660);
 * a user's daemon on $LTTNG_HOME/.lttng/client-lttng-sessiond
 * (directory 0700).  Credentials come from SO_PEERCRED.
 */
#ifndef LTTNG_PROTOCOL_H
#define LTTNG_PROTOCOL_H

#include <stdint.h>

#define LTTCOMM_MAGIC		0x4c54544eU	/* "LTTN" */
#define LTTCOMM_VERSION		1
#define LTTCOMM_MAX_PAYLOAD	(16U << 20)

#define LTTCOMM_RUNDIR		"/var/run/lttng"
#define LTTCOMM_ROOT_SOCK	LTTCOMM_RUNDIR "/client-lttng-sessiond"
#define LTTCOMM_USER_DIR	".lttng"	/* under $LTTNG_HOME or $HOME */
#define LTTCOMM_USER_SOCK	"client-lttng-sessiond"

#define LTTCOMM_NAME_MAX	256
#define LTTCOMM_PATH_MAX	4096
#define LTTCOMM_FILTER_MAX	1024		/* filter expression text */
#define LTTCOMM_EXCLUSION_MAX	16

struct lttcomm_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t cmd;		/* enum lttcomm_cmd (echoed in replies) */
	uint32_t payload_len;
	int32_t ret;		/* replies: 0 or -enum lttng_error_code */
};

/*
 * The commands.  Columns: NAME (LTTCOMM_CMD_<NAME>); REQUEST and REPLY,
 * the request struct and the reply record (struct lttcomm_<type>, "none"
 * for no payload); FLAGS (LTTCOMM_F_*); the daemon's HANDLER.
 */
#define LTTCOMM_COMMANDS(X) \
	X(VERSION,          none,        version_reply,   0,  cmd_version) \
	X(CREATE_SESSION,   create_req,  session_info,    0,  cmd_create) \
	X(DESTROY_SESSION,  session_req, rotate_info,     LTTCOMM_F_SESSION, cmd_destroy) \
	X(LIST_SESSIONS,    none,        session_info,    0,  cmd_list_sessions) \
	X(GET_SESSION,      session_req, session_info,    0,  cmd_get_session) \
	X(LIST_CHANNELS,    session_req, channel_attr,    LTTCOMM_F_SESSION, cmd_list_channels) \
	X(LIST_EVENTS,      event_req,   event,           LTTCOMM_F_SESSION, cmd_list_events) \
	X(LIST_CONTEXTS,    context_req, context,         LTTCOMM_F_SESSION, cmd_list_contexts) \
	X(LIST_TRACEPOINTS, session_req, tracepoint_info, 0,  cmd_list_tracepoints) \
	X(LIST_SYSCALLS,    session_req, tracepoint_info, 0,  cmd_list_syscalls) \
	X(ENABLE_CHANNEL,   channel_req, none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_enable_channel) \
	X(DISABLE_CHANNEL,  channel_req, none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_disable_channel) \
	X(ENABLE_EVENT,     event_req,   none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_enable_event) \
	X(DISABLE_EVENT,    event_req,   none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_disable_event) \
	X(ADD_CONTEXT,      context_req, none,            LTTCOMM_F_SESSION, cmd_add_context) \
	X(START,            session_req, none,            LTTCOMM_F_SESSION, cmd_start) \
	X(STOP,             session_req, none,            LTTCOMM_F_SESSION, cmd_stop) \
	X(DATA_PENDING,     session_req, none,            LTTCOMM_F_RET_PENDING | LTTCOMM_F_SESSION, cmd_data_pending) \
	X(TRACK,            tracker_req, none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_track) \
	X(UNTRACK,          tracker_req, none,            LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_untrack) \
	X(LIST_TRACKER,     tracker_req, tracker_id,      LTTCOMM_F_SESSION, cmd_list_tracker) \
	X(LIST_UST_EVENTS,  session_req, ust_tracepoint_info, 0, cmd_list_ust_events) \
	X(LIST_UST_FIELDS,  session_req, ust_field_info,  0,  cmd_list_ust_fields) \
	X(SAVE_SESSION,     save_req,    detail, LTTCOMM_F_ERR_DETAIL, cmd_save) \
	X(LOAD_SESSION,     load_req,    detail, LTTCOMM_F_ERR_DETAIL, cmd_load) \
	X(SNAPSHOT_ADD_OUTPUT,snapshot_output,snapshot_output, LTTCOMM_F_SESSION, cmd_snapshot_add_output) \
	X(SNAPSHOT_DEL_OUTPUT,snapshot_output,none,            LTTCOMM_F_SESSION, cmd_snapshot_del_output) \
	X(SNAPSHOT_LIST_OUTPUT,session_req, snapshot_output, LTTCOMM_F_SESSION, cmd_snapshot_list_output) \
	X(SNAPSHOT_RECORD,  snapshot_output,snapshot_output, LTTCOMM_F_UST_SYNC | LTTCOMM_F_SESSION, cmd_snapshot_record) \
	X(ROTATE_SESSION,   session_req, rotate_info,     LTTCOMM_F_SESSION, cmd_rotate) \
	/* automatic rotations (rotation.c) */ \
	X(ROTATION_SET_SCHEDULE,rotation_schedule,none,            LTTCOMM_F_SESSION, cmd_rotation_set_schedule) \
	X(LIST_ROTATION_SCHEDULES,session_req, rotation_schedule,LTTCOMM_F_SESSION, cmd_list_rotation_schedules) \
	/* lttng clear, lttng regenerate (clear.c) */ \
	X(CLEAR_SESSION,    session_req, none,            LTTCOMM_F_SESSION, cmd_clear) \
	X(REGENERATE_METADATA,session_req, none,            LTTCOMM_F_SESSION, cmd_regenerate_metadata) \
	X(REGENERATE_STATEDUMP,session_req, none,            LTTCOMM_F_SESSION, cmd_regenerate_statedump)

/* FLAGS: after a successful command on a UST session, the daemon brings
 * the registered applications up to date (lttng-sessiond/ust.c). */
#define LTTCOMM_F_UST_SYNC	(1U << 0)
/* FLAGS: a successful reply may carry ret 1 (DATA_PENDING: still
 * pending; 0: every packet is on disk). */
#define LTTCOMM_F_RET_PENDING	(1U << 1)
/* FLAGS: an error reply may carry one reply record (struct
 * lttcomm_detail: what failed, where), which the client prints. */
#define LTTCOMM_F_ERR_DETAIL	(1U << 2)
/* FLAGS: the request names an existing session of the peer; the daemon
 * looks it up before the handler, which gets it in ctx->sess (a failed
 * look-up is the command's error). */
#define LTTCOMM_F_SESSION	(1U << 3)

enum lttcomm_cmd {
	LTTCOMM_CMD_UNUSED = 0,		/* 0 is no command */
#define LTTCOMM_CMD_ENUM(name, req, rep, flags, handler) LTTCOMM_CMD_##name,
	LTTCOMM_COMMANDS(LTTCOMM_CMD_ENUM)
#undef LTTCOMM_CMD_ENUM
	LTTCOMM_CMD_NR,
};

enum lttcomm_domain {
	LTTCOMM_DOMAIN_NONE = 0,
	LTTCOMM_DOMAIN_KERNEL = 1,
	LTTCOMM_DOMAIN_UST = 2,
};

/*
 * Error codes: the subset of LTTng's that we produce, one row each:
 * NAME (LTTNG_<NAME>), the exit code of lttng for it (LTTng's number for
 * the code: LTTng numbers them from LTTNG_OK = 10) and LTTng 2.13's text
 * (scripts match on them).  The values of enum lttng_error_code are ours,
 * in the rows' order: append, never insert.  error.c makes the tables.
 */
#define LTTNG_ERRORS(X) \
	X(OK,                          10, "Success") \
	X(ERR_UNK,                     11, "Unknown error") \
	X(ERR_NOMEM,                   26, "Not enough memory") \
	X(ERR_INVALID,                 97, "Invalid parameter") \
	X(ERR_INVALID_PROTOCOL,       152, "Protocol error occurred") \
	X(ERR_EPERM,                   32, "Permission denied") \
	X(ERR_NO_SESSION,              16, "No session found") \
	X(ERR_SESS_NOT_FOUND,          23, "Session name not found") \
	X(ERR_EXIST_SESS,              28, "Session name already exists") \
	X(ERR_SESSION_INVALID_CHAR,    73, \
	  "Invalid character found in session name") \
	X(ERR_SESSION_FAIL,            18, "Create session failed") \
	X(ERR_CREATE_DIR_FAIL,         17, "Create directory failed") \
	X(ERR_KERN_NA,                 33, "Kernel tracer not available") \
	X(ERR_KERN_VERSION,            34, \
	  "Kernel tracer version is not compatible") \
	X(ERR_NEED_ROOT_SESSIOND,      79, \
	  "Tracing the kernel requires a root lttng-sessiond daemon, as " \
	  "well as \"tracing\" group membership or root user ID for the " \
	  "lttng client") \
	X(ERR_NO_UST,                  84, \
	  "LTTng-UST tracer is not supported. Please rebuild lttng-tools " \
	  "with lttng-ust support enabled") \
	X(ERR_KERN_CHAN_EXIST,         37, "Kernel channel already exists") \
	X(ERR_KERN_CHAN_NOT_FOUND,     39, "Kernel channel not found") \
	X(ERR_KERN_CHAN_FAIL,          38, "Kernel create channel failed") \
	X(ERR_KERN_CHAN_ENABLE_FAIL,   41, "Enable kernel channel failed") \
	X(ERR_KERN_CHAN_DISABLE_FAIL,  40, "Disable kernel channel failed") \
	X(ERR_KERN_EVENT_EXIST,        35, "Kernel event already exists") \
	X(ERR_KERN_ENABLE_FAIL,        43, "Enable kernel event failed") \
	X(ERR_KERN_DISABLE_FAIL,       44, "Disable kernel event failed") \
	X(ERR_KERN_CONTEXT_FAIL,       42, "Add kernel context failed") \
	X(ERR_KERN_START_FAIL,         46, "Starting kernel trace failed") \
	X(ERR_KERN_STOP_FAIL,          47, "Stopping kernel trace failed") \
	X(ERR_UST_CHAN_EXIST,          57, "UST channel already exist") \
	X(ERR_UST_CHAN_NOT_FOUND,      59, "UST channel not found") \
	X(ERR_UST_EVENT_EXIST,         55, "UST event already exist") \
	X(ERR_UST_EVENT_NOT_FOUND,     76, "UST event not found") \
	X(ERR_EVENT_NOT_FOUND,         29, "Event not found") \
	X(ERR_CHAN_NOT_FOUND,         146, "Channel not found") \
	X(ERR_TRACE_ALREADY_STARTED,   80, \
	  "Tracing has already been started once") \
	X(ERR_TRACE_ALREADY_STOPPED,   81, "Tracing has already been stopped") \
	X(ERR_NEED_CHANNEL_NAME,       83, \
	  "Non-default channel exists within session: channel name needs " \
	  "to be specified with '-c name'") \
	X(ERR_UST_CONTEXT_EXIST,       77, "UST context already exist") \
	/* LTTng has no such code: exits as for KERN_CONTEXT_FAIL */ \
	X(ERR_KERN_CONTEXT_EXIST,      42, "Kernel context already exists") \
	X(ERR_FILTER_INVAL,           106, "Invalid filter bytecode") \
	X(ERR_FILTER_EXIST,           108, "Filter already exist") \
	X(ERR_INVALID_CHANNEL_NAME,   113, "Invalid channel name") \
	X(ERR_NOT_SUPPORTED,           15, "Operation not supported") \
	X(ERR_PID_TRACKED,            114, "Process attribute is already tracked") \
	X(ERR_PID_NOT_TRACKED,        115, "Process attribute was not tracked") \
	X(ERR_ID_TRACKED,             114, "Process attribute is already tracked") \
	X(ERR_ID_NOT_TRACKED,         115, "Process attribute was not tracked") \
	X(ERR_NO_EVENT,                29, "Event not found") \
	X(ERR_CHAN_EXIST,              62, "Channel already exists") \
	X(ERR_BUFFER_TYPE_MISMATCH,    24, "Buffer type mismatch for session") \
	X(ERR_UST_CONTEXT_INVAL,       78, "UST invalid context") \
	X(ERR_NO_CHANNEL,              72, "No channel found in the session") \
	X(ERR_RELAYD_CONNECT_FAIL,    104, "Unable to connect to lttng-relayd") \
	X(ERR_RELAYD_VERSION_FAIL,    105, "Relay daemon not compatible") \
	X(ERR_SET_URL,                 20, "Error setting URL") \
	X(ERR_SAVE_FILE_EXIST,         85, "Session file already exists") \
	X(ERR_SAVE_IO_FAIL,            86, \
	  "IO error while writing session configuration") \
	X(ERR_LOAD_INVALID_CONFIG,     87, "Invalid session configuration") \
	X(ERR_LOAD_IO_FAIL,            88, \
	  "IO error while reading a session configuration") \
	X(ERR_LOAD_SESSION_NOENT,      89, "Session file not found") \
	X(ERR_MI_OUTPUT_TYPE,          91, "Invalid MI output format") \
	X(ERR_SNAPSHOT_OUTPUT_EXIST,   31, "Snapshot output already exists") \
	X(ERR_SNAPSHOT_FAIL,           51, "Snapshot record failed") \
	X(ERR_SNAPSHOT_NODATA,         71, "No data available in snapshot") \
	X(ERR_MAX_SIZE_INVALID,        90, "Snapshot max size is invalid") \
	X(ERR_NOT_SNAPSHOT_SESSION,   124, \
	  "Snapshot command can't be applied to a non-snapshot session") \
	X(ERR_START_SESSION_ONCE,      50, "Session needs to be started once") \
	X(ERR_ROTATION_NOT_AVAILABLE, 130, \
	  "Rotation feature not available for this session's creation mode") \
	X(ERR_ROTATION_MULTIPLE_AFTER_STOP, 133, \
	  "Session was already rotated once since it became inactive") \
	X(ERR_ROTATION_NOT_AVAILABLE_RELAY, 136, \
	  "Rotation feature not available on the relay") \
	X(ERR_ROTATION_FAIL_CONSUMER, 141, "Rotation failure on consumer") \
	X(ERR_ROTATION_SCHEDULE_SET,  131, \
	  "A session rotation schedule of this type is already set on the session") \
	X(ERR_ROTATION_SCHEDULE_NOT_SET, 132, \
	  "No session rotation schedule of this type is set on the session") \
	/* LTTng has no such code: exits as for ERR_UNK */ \
	X(ERR_OUTPUT_STALLED,          11, \
	  "Trace output stalled: no write progress within the bound") \
	/* lttng clear, lttng regenerate */ \
	X(ERR_SESSION_NOT_STARTED,    118, "Session not started") \
	X(ERR_LIVE_SESSION,           119, "Live sessions are not supported") \
	X(ERR_PER_PID_SESSION,        120, \
	  "Per-PID recording sessions are not supported") \
	X(ERR_REGEN_STATEDUMP_FAIL,   122, "Failed to regenerate the state dump") \
	X(ERR_REGEN_STATEDUMP_NOMEM,  123, \
	  "Failed to regenerate the state dump, not enough memory") \
	X(ERR_CLEAR_NOT_AVAILABLE_RELAY, 157, \
	  "Clearing a session is not supported by the relay daemon") \
	X(ERR_CLEAR_FAIL_CONSUMER,    158, "Consumer failed to clear the session") \
	X(ERR_ROTATION_AFTER_STOP_CLEAR, 159, \
	  "Session was already cleared since it became inactive")

enum lttng_error_code {
#define LTTNG_ERROR_ENUM(name, exit_code, text) LTTNG_##name,
	LTTNG_ERRORS(LTTNG_ERROR_ENUM)
#undef LTTNG_ERROR_ENUM
	LTTNG_ERR_NR,
};

/* --- requests --------------------------------------------------------- */

struct lttcomm_session_req {
	char session[LTTCOMM_NAME_MAX];
	uint32_t domain;
	uint32_t flags;			/* STOP: 1 = don't wait */
};

/*
 * A network destination: lttng-relayd's control or data port.  The client
 * resolves host names (uri.c): addr is a numeric address.
 */
enum lttcomm_dst_type {
	LTTCOMM_DST_NONE = 0,		/* no network output */
	LTTCOMM_DST_IPV4 = 1,
	LTTCOMM_DST_IPV6 = 2,
};
#define LTTCOMM_ADDR_MAX	48	/* INET6_ADDRSTRLEN and some */

struct lttcomm_uri {
	uint32_t dtype;			/* enum lttcomm_dst_type */
	uint32_t port;			/* 1..65535 */
	char addr[LTTCOMM_ADDR_MAX];	/* "127.0.0.1", "::1" */
	char subdir[LTTCOMM_PATH_MAX];	/* after the host, "" = none (the
					 * relayd's session directory) */
};

struct lttcomm_create_req {
	char name[LTTCOMM_NAME_MAX];	/* "" = auto-YYYYMMDD-HHMMSS */
	char output[LTTCOMM_PATH_MAX];	/* absolute; "" = default */
	uint32_t no_output;
	uint32_t live_timer_us;		/* live session (network only); 0 */
	/* Network output (ctrl.dtype != NONE): to lttng-relayd, output "" */
	struct lttcomm_uri ctrl;
	struct lttcomm_uri data;
	uint32_t snapshot;		/* snapshot mode: output is the default
					 * snapshot output, no trace written */
};

enum lttcomm_event_loss {		/* what a full buffer does */
	LTTCOMM_EVENT_LOSS_DISCARD = 0,	/* drops the new events */
	LTTCOMM_EVENT_LOSS_OVERWRITE = 1,	/* overwrites the oldest packets */
};
#define LTTCOMM_EVENT_LOSS_DEFAULT	UINT32_MAX	/* the domain's */

enum lttcomm_buffer_type {
	LTTCOMM_BUFFER_DEFAULT = 0,	/* the domain's (UST: per-uid) */
	LTTCOMM_BUFFER_PER_UID = 1,
	LTTCOMM_BUFFER_PER_PID = 2,
	LTTCOMM_BUFFER_GLOBAL = 3,	/* kernel */
};

struct lttcomm_channel_attr {
	char name[LTTCOMM_NAME_MAX];
	uint64_t subbuf_size;		/* 0 = domain default */
	uint64_t num_subbuf;		/* 0 = domain default */
	uint32_t switch_timer_us;
	uint32_t read_timer_us;
	uint32_t overwrite;		/* enum lttcomm_event_loss or
					 * LTTCOMM_EVENT_LOSS_DEFAULT */
	uint32_t buffer_type;		/* enum lttcomm_buffer_type */
	uint64_t tracefile_size;
	uint64_t tracefile_count;
	uint32_t enabled;		/* replies */
	uint32_t unwritten;		/* replies: packets the consumer could
					 * not write (disk full, I/O error) */
	uint64_t discarded;		/* replies: events discarded */
	uint64_t lost_packets;		/* replies */
	uint64_t monitor_timer_us;	/* requests: 0 = domain default,
					 * LTTCOMM_TIMER_OFF = none; replies:
					 * the period, 0 = none */
	int64_t blocking_timeout_us;	/* -1: block forever, 0: never */
	uint32_t output;		/* enum lttcomm_channel_output, 0 =
					 * the domain's */
	uint32_t live_timer_us;		/* replies: the live session's timer
					 * (its channels flush on it), 0 */
};

enum lttcomm_channel_output {		/* how the streams are read */
	LTTCOMM_OUTPUT_DEFAULT = 0,
	LTTCOMM_OUTPUT_MMAP = 1,
	LTTCOMM_OUTPUT_SPLICE = 2,
};

struct lttcomm_channel_req {
	char session[LTTCOMM_NAME_MAX];
	uint32_t domain;
	uint32_t reserved;
	struct lttcomm_channel_attr attr;
};

enum lttcomm_event_type {
	LTTCOMM_EVENT_ALL = -1,
	LTTCOMM_EVENT_TRACEPOINT = 0,
	LTTCOMM_EVENT_PROBE = 1,	/* kprobe */
	LTTCOMM_EVENT_FUNCTION = 2,	/* kretprobe (entry + return) */
	LTTCOMM_EVENT_SYSCALL = 3,
	LTTCOMM_EVENT_USERSPACE_PROBE = 4,	/* uprobe: probe_symbol is the
						 * location, elf:PATH:SYMBOL or
						 * sdt:PATH:PROVIDER:NAME */
};

enum lttcomm_loglevel_type {
	LTTCOMM_LOGLEVEL_ALL = 0,
	LTTCOMM_LOGLEVEL_RANGE = 1,	/* --loglevel: this and more severe */
	LTTCOMM_LOGLEVEL_SINGLE = 2,	/* --loglevel-only */
};

struct lttcomm_event {
	char name[LTTCOMM_NAME_MAX];
	int32_t type;			/* enum lttcomm_event_type */
	int32_t loglevel_type;		/* enum lttcomm_loglevel_type */
	int32_t loglevel;
	uint32_t enabled;		/* replies */
	char probe_symbol[LTTCOMM_NAME_MAX];	/* PROBE/FUNCTION */
	uint64_t probe_addr;
	uint64_t probe_offset;
	char filter[LTTCOMM_FILTER_MAX];	/* expression text, "" = none */
	uint32_t nr_exclusions;
	uint32_t reserved;
	char exclusions[LTTCOMM_EXCLUSION_MAX][LTTCOMM_NAME_MAX];
};

struct lttcomm_event_req {
	char session[LTTCOMM_NAME_MAX];
	char channel[LTTCOMM_NAME_MAX];	/* "" = channel0 */
	uint32_t domain;
	uint32_t reserved;
	struct lttcomm_event event;
};

struct lttcomm_context {
	char name[LTTCOMM_NAME_MAX];	/* as typed: "pid", "perf:cpu:cycles" */
	uint32_t type;			/* enum lttng_abi_context_type; UST
					 * domain: enum lttng_ust_context_type
					 * or LTTCOMM_UST_CTX_INVALID */
	uint32_t perf_counter;
};

/* A context name that exists (for the kernel) but not for user space. */
#define LTTCOMM_UST_CTX_INVALID	0xffffU

struct lttcomm_context_req {
	char session[LTTCOMM_NAME_MAX];
	char channel[LTTCOMM_NAME_MAX];	/* "" = every channel of the domain */
	uint32_t domain;
	uint32_t reserved;
	struct lttcomm_context ctx;
};

enum lttcomm_tracker_type {
	LTTCOMM_TRACKER_PID = 0,
	LTTCOMM_TRACKER_VPID,
	LTTCOMM_TRACKER_UID,
	LTTCOMM_TRACKER_VUID,
	LTTCOMM_TRACKER_GID,
	LTTCOMM_TRACKER_VGID,
};

struct lttcomm_tracker_req {
	char session[LTTCOMM_NAME_MAX];
	uint32_t domain;
	uint32_t type;			/* enum lttcomm_tracker_type */
	int32_t id;
	uint32_t all;
};

/*
 * SAVE_SESSION and LOAD_SESSION (lttng save/load, lttng-sessiond --load):
 * the daemon reads and writes the session files with the peer's
 * credentials.  Paths are absolute; home is the client's $LTTNG_HOME
 * (the default directories are <home>/.lttng/sessions and, for load,
 * LTTCOMM_SYSTEM_SESSIONS).
 */
#define LTTCOMM_SESSIONS_DIR	".lttng/sessions"	/* under home */
#define LTTCOMM_SYSTEM_SESSIONS	"/etc/lttng/sessions"
#define LTTCOMM_SESSION_EXT	".lttng"

struct lttcomm_save_req {
	char session[LTTCOMM_NAME_MAX];	/* "" = every session of the peer */
	char output[LTTCOMM_PATH_MAX];	/* directory; "" = the default */
	char home[LTTCOMM_PATH_MAX];
	uint32_t force;			/* overwrite existing files */
	uint32_t reserved;
};

struct lttcomm_load_req {
	char session[LTTCOMM_NAME_MAX];	/* "" = every session found */
	char input[LTTCOMM_PATH_MAX];	/* file or directory; "" = the
					 * default directories */
	char home[LTTCOMM_PATH_MAX];
	char override_url[LTTCOMM_PATH_MAX];	/* "" = none */
	char override_name[LTTCOMM_NAME_MAX];	/* "" = none */
	uint32_t force;			/* replace existing sessions */
	uint32_t reserved;
};

/* --- reply records ----------------------------------------------------- */

/* SAVE/LOAD: on success the number of sessions (count); on error, what
 * failed and where (LTTCOMM_F_ERR_DETAIL). */
#define LTTCOMM_DETAIL_MAX	1024
struct lttcomm_detail {
	uint32_t count;
	uint32_t reserved;
	char text[LTTCOMM_DETAIL_MAX];
};

struct lttcomm_version_reply {
	uint32_t major, minor, patchlevel;
	uint32_t abi_major;		/* kernel module ABI; 0 = no kernel */
	char name[64];
};

struct lttcomm_session_info {
	char name[LTTCOMM_NAME_MAX];
	char output[LTTCOMM_PATH_MAX];	/* trace directory */
	uint32_t active;
	uint32_t uid;
	uint32_t gid;
	uint32_t has_kernel;		/* a kernel domain exists */
	uint64_t creation_time;		/* seconds since the epoch */
	uint32_t started_once;		/* has been started at least once */
	uint32_t write_error;		/* errno of the last failed trace
					 * write, 0 = every packet written */
	uint32_t live_timer_us;		/* live session: its timer, 0 */
	uint32_t network;		/* output is lttng-relayd (output holds
					 * "tcp4://HOST:PORT/ [data: PORT]") */
	uint32_t snapshot;		/* snapshot mode */
	uint32_t has_ust;		/* a user-space domain exists (a
					 * channel, or a tracker set) */
};

/*
 * A snapshot output (a session has at most one, as in LTTng).  ADD: path
 * absolute, name "" for snapshot-<id>, id set in the reply.  DEL: by id
 * (name "") or by name.  RECORD: path "" for the session's output, else a
 * one-time output; max_size UINT64_MAX keeps the output's; the reply
 * gives the directory written.
 */
struct lttcomm_snapshot_output {
	char session[LTTCOMM_NAME_MAX];
	char name[LTTCOMM_NAME_MAX];
	char path[LTTCOMM_PATH_MAX];	/* a directory; for a network output
					 * its control URL (as shown) */
	uint64_t max_size;		/* bytes, 0: unlimited */
	uint32_t id;
	uint32_t reserved;
	/* To lttng-relayd (ctrl.dtype != NONE): one relay session per
	 * record, the record a trace chunk of it */
	struct lttcomm_uri ctrl;
	struct lttcomm_uri data;
};

/*
 * ROTATE_SESSION: the trace chunk archived, once complete (the daemon
 * answers when every packet of it is written and it was moved to
 * <output>/archives/<begin>-<end>-<index>, LTTng's name).
 */
struct lttcomm_rotate_info {
	char path[LTTCOMM_PATH_MAX];	/* the archive's absolute path; on a
					 * relay daemon: relative to its
					 * output */
	uint64_t chunk_id;
	char relay_host[LTTCOMM_ADDR_MAX];	/* "": a local archive */
	uint32_t ctrl_port, data_port;	/* the relay daemon's */
};
/* DESTROY_SESSION replies with one when destroying archived the last
 * trace chunk of a session that was rotated (LTTng prints where), with
 * none otherwise. */

/*
 * ROTATION_SET_SCHEDULE (request) and LIST_ROTATION_SCHEDULES (one record
 * per schedule set, periodic first): LTTng's automatic rotations.
 * activate 1 adds the schedule (value: period in us, > 0 and < 2^32, or
 * size threshold in bytes, > 0), 0 removes the one of that type.
 */
enum lttcomm_rotation_schedule_type {
	LTTCOMM_ROTATION_PERIODIC = 0,
	LTTCOMM_ROTATION_SIZE = 1,
};

struct lttcomm_rotation_schedule {
	char session[LTTCOMM_NAME_MAX];
	uint32_t type;			/* enum lttcomm_rotation_schedule_type */
	uint32_t activate;
	uint64_t value;
};

struct lttcomm_tracepoint_info {
	char name[LTTCOMM_NAME_MAX];
	int32_t type;			/* enum lttcomm_event_type */
	uint32_t bitness;		/* syscalls: 32/64 */
};

/* One per event of each registered application (lttng list -u). */
struct lttcomm_ust_tracepoint_info {
	char name[LTTCOMM_NAME_MAX];	/* "provider:event" */
	int32_t loglevel;
	int32_t pid;
	char procname[LTTCOMM_NAME_MAX];
};

/* LTTng's kinds of event fields (lttng list -u -f). */
enum lttcomm_field_type {
	LTTCOMM_FIELD_INTEGER = 0,
	LTTCOMM_FIELD_ENUM = 1,
	LTTCOMM_FIELD_FLOAT = 2,
	LTTCOMM_FIELD_STRING = 3,	/* strings and text arrays/sequences */
	LTTCOMM_FIELD_OTHER = 4,	/* integer arrays and sequences */
};

/* One per field of each application's event; an event without fields
 * has one record with an empty field name. */
struct lttcomm_ust_field_info {
	struct lttcomm_ust_tracepoint_info event;
	char field[LTTCOMM_NAME_MAX];
	uint32_t type;			/* enum lttcomm_field_type */
	uint32_t reserved;
};

/* One per tracked id, or a single record with all = 1 when every id is
 * tracked (the default). */
struct lttcomm_tracker_id {
	int32_t id;
	uint32_t all;
};

/* The "none" payload of LTTCOMM_COMMANDS (size 0). */
struct lttcomm_none {
};

/*
 * DISABLE_EVENT with event.name "" or "*" disables every event of the
 * channel of event.type (every type: LTTCOMM_EVENT_ALL).
 * CREATE_SESSION: the client sends the absolute output path (or "" for
 * the daemon's default, in the home of the peer's uid).
 * DATA_PENDING: 0 when the session is stopped (STOP drains before
 * answering), 1 while it is active.
 */

/* --- helpers (userspace/common/libcommon.a) ---------------------------- */

#include <stddef.h>
#include <time.h>

/* A command's row of LTTCOMM_COMMANDS, as data (protocol.c). */
struct lttcomm_cmd_desc {
	const char *name;		/* "CREATE_SESSION" */
	uint32_t req_size;		/* exact request payload size */
	int (*req_ok)(const void *req);	/* 1 when well formed */
	uint32_t rec_size;		/* reply record size, 0: no payload */
	int (*rec_ok)(const void *rec);	/* 1 when well formed */
	unsigned int flags;		/* LTTCOMM_F_* */
};

/* cmd's row, or NULL for an unknown command. */
const struct lttcomm_cmd_desc *lttcomm_cmd_desc(unsigned int cmd);
/* Expected request payload size of cmd, or -1 for an unknown command. */
long lttcomm_req_size(unsigned int cmd);
/* Reply record size of cmd (0: replies carry no payload), -1 unknown. */
long lttcomm_reply_record_size(unsigned int cmd);
/* 0 if buf/len is a well-formed request (size, NUL-terminated strings,
 * enum ranges), -1 otherwise. */
int lttcomm_check_request(unsigned int cmd, const void *buf, size_t len);
/* 0 if buf/len is a well-formed reply payload for cmd, -1 otherwise. */
int lttcomm_check_reply(unsigned int cmd, const void *buf, size_t len);
/* 1 if s has a NUL within its first max bytes. */
int lttcomm_str_ok(const char *s, size_t max);

/* Full writes/reads over a stream socket (EINTR-safe, no SIGPIPE).
 * Return 0 or -errno (-ECONNRESET on EOF). */
int lttcomm_send_all(int fd, const void *buf, size_t len);
/* Closes *fd if it is open, and marks it closed (-1). */
void lttcomm_close(int *fd);
int lttcomm_recv_all(int fd, void *buf, size_t len);
/* Send one message (header + payload). */
int lttcomm_send_msg(int fd, unsigned int cmd, int32_t ret,
		     const void *payload, uint32_t len);
/* Receive one message: checks magic, version and max_payload (at most
 * LTTCOMM_MAX_PAYLOAD), allocates *payload (NULL when empty; free() it).
 * Returns 0, -ECONNRESET (peer closed before a header), -EPROTO (bad
 * header), -EMSGSIZE (too large), or another -errno. */
int lttcomm_recv_msg(int fd, struct lttcomm_hdr *hdr, void **payload,
		     uint32_t max_payload);
/* Connect to a unix socket path; returns fd or -errno. */
int lttcomm_connect(const char *path);
/* Client: send a request, receive the reply (checked with
 * lttcomm_check_reply).  Returns the reply's ret (0 or -code), or
 * -LTTNG_ERR_INVALID_PROTOCOL on a broken exchange. */
int lttcomm_call(int fd, unsigned int cmd, const void *req, uint32_t req_len,
		 void **reply, uint32_t *reply_len);

/* Text of an lttng_error_code (either sign); "Unknown error code" for
 * a value that is none. */
const char *lttcomm_strerror(int code);
/* LTTng's exit code for an lttng_error_code (either sign), or -1 for a
 * value that is none. */
int lttcomm_error_exit_code(int code);

/* LTTng's star-glob (glob.c): 1 when name matches pattern ('*' any run,
 * '\\' escapes the next character). */
int lttcomm_glob_match(const char *pattern, const char *name);
/* 1 when the len bytes at s end with '*' (a name exclusions may apply
 * to). */
int lttcomm_glob_ends_with_star(const char *s, size_t len);

/* A channel's monitor_timer_us in a request: no monitor timer (LTTng's
 * --monitor-timer 0; 0 asks for the domain's default). */
#define LTTCOMM_TIMER_OFF	UINT64_MAX

/* lttng-relayd's default ports and LTTng's default live timer. */
#define LTTCOMM_RELAYD_CTRL_PORT	5342
#define LTTCOMM_RELAYD_DATA_PORT	5343
#define LTTCOMM_RELAYD_LIVE_PORT	5344
#define LTTCOMM_LIVE_TIMER_DEFAULT	1000000		/* us */

/* uri.c: the URLs of `lttng create -U | -C -D` (LTTng's rules).  Returns
 * LTTCOMM_URL_LOCAL (a directory, in path), LTTCOMM_URL_NET (ctrl and
 * data filled, host names resolved), or -1 after report() got each line
 * of the error as LTTng prints it. */
#define LTTCOMM_URL_LOCAL	1
#define LTTCOMM_URL_NET		2
int lttcomm_parse_urls(const char *ctrl_url, const char *data_url,
		       struct lttcomm_uri *ctrl, struct lttcomm_uri *data,
		       char *path, size_t path_len,
		       void (*report)(const char *));
/* "tcp4://127.0.0.1:5342/DIR" into buf: snprintf's result. */
int lttcomm_uri_str(const struct lttcomm_uri *u, char *buf, size_t len);
/* "tcp4://127.0.0.1:5342/DIR [data: 5343]", as `lttng list` shows a
 * network output: 0, or -1 when it does not fit. */
int lttcomm_net_output_str(const struct lttcomm_uri *ctrl,
			   const struct lttcomm_uri *data, char *buf,
			   size_t len);
/* 0 when u is a well-formed network destination (numeric address of its
 * family, port in range, strings terminated), -1 otherwise. */
int lttcomm_check_uri(const struct lttcomm_uri *u);

/*
 * The context fields (context.c), one row per `add-context -t` name but
 * the perf counters (include/lttng-contexts.h names those).
 */
struct lttcomm_ctx_desc {
	const char *name;		/* "vpid", "callstack-kernel" */
	const char *config_name;	/* session files and MI: "VPID" */
	int kernel_type;		/* enum lttng_abi_context_type, -1 */
};
/* The i-th name `add-context --list` prints, as LTTng 2.13: 0, or -1
 * past the last */
int lttcomm_ctx_list_name(unsigned int i, char *buf, size_t size);
const struct lttcomm_ctx_desc *lttcomm_ctx_by_name(const char *name);
/* "vpid" for LTTCOMM_TRACKER_VPID (NULL: unknown type) */
const char *lttcomm_tracker_name(unsigned int type);
const struct lttcomm_ctx_desc *lttcomm_ctx_by_config(const char *cfg);
/* "vpid" for LTTNG_UST_CTX_VPID: the name of a user space context type
 * (NULL: none) */
const char *lttcomm_ust_ctx_name(uint32_t type);
/* The request context of c in domain: 0, or -1 when the domain has no
 * such field. */
struct lttcomm_context;
int lttcomm_ctx_fill(const struct lttcomm_ctx_desc *c, uint32_t domain,
		     struct lttcomm_context *out);
/*
 * The request context of any name add-context takes, perf counters
 * included: 0 (perf:thread:NAME in the kernel domain: type
 * LTTNG_ABI_CTX_NR, which the daemon refuses); -1 when the domain has no
 * such field (a kernel name, a perf counter in user space); -2 when the name is unknown (*why then
 * says why, for a malformed raw counter, or is NULL).
 */
int lttcomm_ctx_resolve(const char *name, uint32_t domain,
			struct lttcomm_context *out, const char **why);
/* A per-CPU perf counter's name: its perf_event type and config and its
 * field name ("perf_cpu_cycles"): 0, or -1 when name is not one. */
int lttcomm_ctx_perf(const char *name, uint32_t *type, uint64_t *config,
		     char *field, size_t size);
/* The same for a counter of one scope (enum lttng_perf_scope; -1: any);
 * field may be NULL. */
int lttcomm_ctx_perf_scope(const char *name, int scope, uint32_t *type,
			   uint64_t *config, char *field, size_t size);
/* The per-CPU perf counter name of type/config ("perf:cpu:cycles"),
 * the one whose field is field if several; a raw counter's
 * ("perf:cpu:raw:r13:NAME") from its field perf_cpu_raw_r13_NAME: 0, or
 * -1 if none. */
int lttcomm_ctx_by_perf(uint32_t type, uint64_t config, const char *field,
			char *name, size_t size);

/* Session name rules: 0 (LTTNG_OK), -LTTNG_ERR_INVALID (empty or too
 * long) or -LTTNG_ERR_SESSION_INVALID_CHAR (contains '/'). */
int lttcomm_check_session_name(const char *name);
/* Channel/event name rules: non-empty, < LTTCOMM_NAME_MAX, no '/'; channel
 * names also must not start with '.'.  0 or -1. */
int lttcomm_check_channel_name(const char *name);
/* 1 when one buffer of subbuf_size x num_subbuf bytes per possible CPU
 * fits in the memory available now (MemAvailable), as LTTng checks before
 * creating a channel; 0 when it does not (or the product overflows). */
int lttcomm_buffers_fit(uint64_t subbuf_size, uint64_t num_subbuf);
/* "YYYYMMDD-HHMMSS" of t in local time into buf (>= 16 bytes). */
int lttcomm_format_datetime(time_t t, char *buf, size_t len);
/* $LTTNG_HOME, else $HOME, else the passwd entry's home; NULL if none. */
const char *lttcomm_user_home(void);
/* The per-user daemon directory / socket path for home. 0 or -1 (too long). */
int lttcomm_user_rundir(const char *home, char *buf, size_t len);
int lttcomm_user_sock_path(const char *home, char *buf, size_t len);

#endif /* LTTNG_PROTOCOL_H */
