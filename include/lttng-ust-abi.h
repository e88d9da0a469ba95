/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * lttng-ust-abi.h - the protocol between an instrumented application
 * (liblttng-ust, userspace/liblttng-ust) and a session daemon
 * (userspace/lttng-sessiond/ust*.c).
 *
 * Transport: a SOCK_STREAM unix socket named LTTNG_UST_SOCK_NAME in the
 * daemon's run directory: $LTTNG_HOME/.lttng/ (default $HOME) for a user's
 * daemon, /var/run/lttng/ for root's daemon.  The application connects
 * to its user's daemon and, when the socket exists, to root's daemon too
 * (one connection to each, handled independently).
 *
 * Every message is a struct lttng_ust_msg_hdr followed by hdr.len bytes of
 * payload; hdr.nr_fds file descriptors travel with the header in one
 * SCM_RIGHTS control message.  All integers are in host byte order (both
 * ends are on the same machine).  Strings are NUL-terminated inside their
 * fixed arrays; a receiver refuses (closes the connection) any message
 * whose magic, type, length, fd count or strings are not exactly as
 * specified here.  The daemon may run as root and the application may be
 * hostile: the daemon trusts nothing the application sends, including
 * the uid/gid/pid it claims (SO_PEERCRED is authoritative) and anything it
 * later finds in the shared ring buffers (userspace/common/ust-ring.h).
 *
 * Conversation:
 *
 *   app -> daemon  REGISTER: struct lttng_ust_register, then for each of
 *                  its nr_events events a struct lttng_ust_event_info
 *                  followed by that event's nr_fields
 *                  struct lttng_ust_field_info (each ENUM field followed
 *                  by its nr_entries struct lttng_ust_enum_entry).
 *   daemon -> app  commands replaying the current state for this app
 *                  (CHANNEL_CREATE, EVENT_ENABLE, SESSION_START, ...),
 *                  each answered by the app with a REPLY, then
 *                  REGISTER_DONE (no reply).  The application's
 *                  constructor waits for REGISTER_DONE (at most
 *                  LTTNG_UST_REGISTER_TIMEOUT ms, env, default 3000; 0: do
 *                  not wait; -1: wait forever) so that a program started
 *                  inside a session is traced from its first tracepoint.
 *   daemon -> app  later commands as the user changes the session; every
 *                  command gets exactly one REPLY, in order.
 *
 * The daemon resolves rules: wildcards, log levels and exclusions are
 * matched in the daemon against the events the application reported, and
 * the application only ever receives exact event names with the CTF event
 * id to use in that channel.  Several rules can enable the same event in a
 * channel: the event is recorded when any enabled rule's filter accepts it
 * (a rule without filter accepts everything).
 *
 * Records in the rings use the same layout as the kernel tracer's
 * (module/ring_buffer.c, module/metadata.c): LTTng's packet header and
 * packet context, the compact event header (5-bit id, 27-bit timestamp;
 * id 31 = extended: 32-bit id + 64-bit timestamp), then the channel's
 * context fields in the order of CHANNEL_CREATE's list, then the event's
 * fields in description order, all packed (alignment 8 bits),
 * little-endian: integers/enums of their size, floats IEEE 754 of their
 * size, strings NUL-terminated, arrays their elements, sequences their
 * length integer then their elements.  The clock is CLOCK_MONOTONIC in ns.
 */
#ifndef _LTTNG_UST_ABI_H
#define _LTTNG_UST_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#define LTTNG_UST_ABI_MAJOR		3
#define LTTNG_UST_ABI_MINOR		0
#define LTTNG_UST_SOCK_NAME		"lttng-ust-sock-1"
#define LTTNG_UST_MSG_MAGIC		0x55535431U	/* "UST1" */

#define LTTNG_UST_NAME_MAX		256	/* "provider:event" + NUL */
#define LTTNG_UST_FIELD_NAME_MAX	128
#define LTTNG_UST_ENUM_LABEL_MAX	64
#define LTTNG_UST_PROCNAME_MAX		16
#define LTTNG_UST_MAX_EVENTS		4096	/* per application */
#define LTTNG_UST_MAX_FIELDS		128	/* per event */
#define LTTNG_UST_MAX_ENUM_ENTRIES	256	/* per enum field */
#define LTTNG_UST_MAX_CONTEXTS		16	/* per channel */
#define LTTNG_UST_MAX_STREAMS		126	/* per channel: a ring and a
						 * wake-up socket each, in one
						 * SCM_RIGHTS message (253) */
#define LTTNG_UST_FILTER_MAX		65536	/* bytecode bytes */
#define LTTNG_UST_MSG_MAX		(16U << 20)	/* any payload */

enum lttng_ust_msg_type {
	/* application -> daemon */
	LTTNG_UST_MSG_REGISTER = 1,
	LTTNG_UST_MSG_REPLY = 2,		/* struct lttng_ust_reply */
	/* daemon -> application; each answered by one REPLY */
	LTTNG_UST_MSG_CHANNEL_CREATE = 16,	/* lttng_ust_cmd_channel + fds */
	LTTNG_UST_MSG_CHANNEL_ENABLE = 17,	/* lttng_ust_cmd_key */
	LTTNG_UST_MSG_CHANNEL_DISABLE = 18,	/* lttng_ust_cmd_key */
	LTTNG_UST_MSG_EVENT_ENABLE = 19,	/* lttng_ust_cmd_event + bc */
	LTTNG_UST_MSG_EVENT_DISABLE = 20,	/* lttng_ust_cmd_event */
	LTTNG_UST_MSG_SESSION_START = 21,	/* lttng_ust_cmd_key */
	LTTNG_UST_MSG_SESSION_STOP = 22,	/* lttng_ust_cmd_key */
	/*
	 * Forget the session: stop recording into its channels, wait until
	 * no thread of the application is inside a record of them, unmap
	 * them, then reply.
	 */
	LTTNG_UST_MSG_SESSION_DESTROY = 23,	/* lttng_ust_cmd_key */
	/*
	 * Wait until every thread of the application that was inside a
	 * record when the command arrived has committed it, then reply.
	 * The daemon uses it to tell a dead writer's half-written
	 * sub-buffer from a live one's (userspace/common/ust-ring.c).
	 */
	LTTNG_UST_MSG_SYNC = 24,		/* no payload */
	/*
	 * Record the statedump (lttng_ust_statedump:start, procname,
	 * bin_info, build_id, debug_link, end) into the session's channels,
	 * after the reply.  The application also records it by itself when
	 * SESSION_START makes the session active.
	 */
	LTTNG_UST_MSG_STATEDUMP = 25,		/* lttng_ust_cmd_key */
	/* daemon -> application, no reply */
	LTTNG_UST_MSG_REGISTER_DONE = 32,	/* no payload */
};

struct lttng_ust_msg_hdr {
	uint32_t magic;			/* LTTNG_UST_MSG_MAGIC */
	uint32_t type;			/* enum lttng_ust_msg_type */
	uint32_t len;			/* payload bytes that follow */
	uint32_t nr_fds;		/* fds passed with this header */
};

/* --- registration ------------------------------------------------------ */

struct lttng_ust_register {
	uint32_t abi_major;		/* LTTNG_UST_ABI_MAJOR: must match */
	uint32_t abi_minor;
	int32_t pid;			/* checked against SO_PEERCRED */
	int32_t ppid;
	uint32_t uid;			/* checked against SO_PEERCRED */
	uint32_t gid;
	uint32_t bits_per_long;		/* 64 on x86_64 */
	uint32_t nr_events;		/* <= LTTNG_UST_MAX_EVENTS */
	char procname[LTTNG_UST_PROCNAME_MAX];	/* comm of the process */
	uint64_t reserved[4];		/* 0 */
};

/*
 * Start a REGISTER message of msg_len bytes at msg, zeroed by the caller:
 * the header and this process's identity, written alike by every sender
 * (liblttng-ust, and ust-tests' fakeapp whose misbehaviours spoil a well
 * formed message).  The caller writes procname and the nr_events events
 * that follow the returned struct.
 */
static inline struct lttng_ust_register *
lttng_ust_register_start(void *msg, size_t msg_len, uint32_t nr_events)
{
	struct lttng_ust_msg_hdr *h = msg;
	struct lttng_ust_register *r = (void *)(h + 1);

	h->magic = LTTNG_UST_MSG_MAGIC;
	h->type = LTTNG_UST_MSG_REGISTER;
	h->len = (uint32_t)(msg_len - sizeof(*h));
	r->abi_major = LTTNG_UST_ABI_MAJOR;
	r->abi_minor = LTTNG_UST_ABI_MINOR;
	r->pid = getpid();
	r->ppid = getppid();
	r->uid = getuid();
	r->gid = getgid();
	r->bits_per_long = sizeof(long) * 8;
	r->nr_events = nr_events;
	return r;
}

/* TRACE_EMERG (0) ... TRACE_DEBUG (14), as LTTng-UST. */
enum lttng_ust_loglevel {
	LTTNG_UST_TRACE_EMERG = 0,
	LTTNG_UST_TRACE_ALERT = 1,
	LTTNG_UST_TRACE_CRIT = 2,
	LTTNG_UST_TRACE_ERR = 3,
	LTTNG_UST_TRACE_WARNING = 4,
	LTTNG_UST_TRACE_NOTICE = 5,
	LTTNG_UST_TRACE_INFO = 6,
	LTTNG_UST_TRACE_DEBUG_SYSTEM = 7,
	LTTNG_UST_TRACE_DEBUG_PROGRAM = 8,
	LTTNG_UST_TRACE_DEBUG_PROCESS = 9,
	LTTNG_UST_TRACE_DEBUG_MODULE = 10,
	LTTNG_UST_TRACE_DEBUG_UNIT = 11,
	LTTNG_UST_TRACE_DEBUG_FUNCTION = 12,
	LTTNG_UST_TRACE_DEBUG_LINE = 13,	/* default of an event */
	LTTNG_UST_TRACE_DEBUG = 14,
};

struct lttng_ust_event_info {
	char name[LTTNG_UST_NAME_MAX];	/* "provider:event" */
	int32_t loglevel;		/* enum lttng_ust_loglevel */
	uint32_t nr_fields;		/* <= LTTNG_UST_MAX_FIELDS */
};

enum lttng_ust_field_type {
	LTTNG_UST_FIELD_INTEGER = 0,
	LTTNG_UST_FIELD_ENUM = 1,	/* integer container + labels */
	LTTNG_UST_FIELD_FLOAT = 2,	/* size 32 or 64 */
	LTTNG_UST_FIELD_STRING = 3,	/* NUL-terminated UTF-8 */
	LTTNG_UST_FIELD_ARRAY = 4,	/* length elements of integer type */
	LTTNG_UST_FIELD_SEQUENCE = 5,	/* length integer, then elements;
					 * in TSDL a field "_<name>_length"
					 * precedes it (as the kernel's) */
};

struct lttng_ust_field_info {
	char name[LTTNG_UST_FIELD_NAME_MAX];
	uint32_t type;			/* enum lttng_ust_field_type */
	/* integer, enum container, array/sequence element, float: */
	uint32_t size;			/* bits: 8, 16, 32, 64 (float 32, 64) */
	uint32_t signedness;		/* 0, 1 */
	uint32_t base;			/* 10 or 16 */
	uint32_t encoding;		/* 0 none, 1 UTF8 (text arrays/seqs) */
	uint32_t length;		/* ARRAY: element count */
	uint32_t length_size;		/* SEQUENCE: bits of the (unsigned)
					 * length integer */
	uint32_t nr_entries;		/* ENUM: entries that follow */
	uint32_t byte_order;		/* INTEGER, ENUM container, ARRAY and
					 * SEQUENCE elements: 0 native
					 * (little-endian), 1 big-endian
					 * ("network", written as given) */
};

struct lttng_ust_enum_entry {
	char label[LTTNG_UST_ENUM_LABEL_MAX];
	int64_t start;
	int64_t end;			/* inclusive */
};

/* --- commands (daemon -> application) ---------------------------------- */

/* Context fields a channel adds to every record, in CHANNEL_CREATE order.
 * Names and TSDL types as LTTng-UST's. */
enum lttng_ust_context_type {
	LTTNG_UST_CTX_VPID = 0,		/* int32 "vpid" */
	LTTNG_UST_CTX_VTID = 1,		/* int32 "vtid" */
	LTTNG_UST_CTX_PROCNAME = 2,	/* char[17] text "procname" */
	LTTNG_UST_CTX_PTHREAD_ID = 3,	/* unsigned long hex "pthread_id" */
	LTTNG_UST_CTX_IP = 4,		/* unsigned long hex "ip" */
	LTTNG_UST_CTX_CPU_ID = 5,	/* int32 "cpu_id" */
	LTTNG_UST_CTX_VUID = 6,		/* int32 "vuid" */
	LTTNG_UST_CTX_VGID = 7,		/* int32 "vgid" */
	LTTNG_UST_CTX_VEUID = 8,	/* int32 "veuid" */
	LTTNG_UST_CTX_VEGID = 9,	/* int32 "vegid" */
	/* uint64 "perf_thread_<counter>": a perf_event counter of the
	 * recording thread, opened on its first record; 0 if it cannot be
	 * (perf_event_open refused); its type and config in perf[] */
	LTTNG_UST_CTX_PERF_THREAD_COUNTER = 10,
};

struct lttng_ust_perf_attr {
	uint32_t type;			/* perf_event_attr.type */
	uint32_t reserved;
	uint64_t config;		/* perf_event_attr.config */
};

struct lttng_ust_cmd_key {		/* START/STOP/DESTROY: session_key;
					 * CHANNEL_EN/DISABLE: both */
	uint64_t session_key;
	uint64_t channel_key;
};

struct lttng_ust_cmd_channel {
	uint64_t session_key;		/* chosen by the daemon, unique */
	uint64_t channel_key;		/* chosen by the daemon, unique */
	char name[LTTNG_UST_NAME_MAX];	/* for messages only */
	uint32_t nr_streams;		/* one ring per CPU, in CPU order
					 * (at most LTTNG_UST_MAX_STREAMS);
					 * a record goes to
					 * ring[cpu % nr_streams] */
	uint32_t enabled;
	uint32_t nr_contexts;		/* <= LTTNG_UST_MAX_CONTEXTS */
	uint32_t contexts[LTTNG_UST_MAX_CONTEXTS];	/* context types */
	uint32_t wakeup;		/* hdr.nr_fds = nr_streams ring memfds,
					 * then, when 1, as many datagram
					 * sockets: a commit that completes a
					 * sub-buffer of ring i sends a byte
					 * on socket i if the reader asked
					 * (ust_ring_set_wakeup) */
	int64_t blocking_timeout_us;	/* a discard-mode writer that finds
					 * no room waits for the reader up to
					 * this long (-1: without limit)
					 * instead of discarding, when the
					 * application's environment has
					 * LTTNG_UST_ALLOW_BLOCKING; 0: never */
	/* contexts[i] == LTTNG_UST_CTX_PERF_THREAD_COUNTER: its counter */
	struct lttng_ust_perf_attr perf[LTTNG_UST_MAX_CONTEXTS];
};

struct lttng_ust_cmd_event {
	uint64_t session_key;
	uint64_t channel_key;
	uint64_t rule_key;		/* one per enabled rule, unique;
					 * DISABLE names the same key */
	char name[LTTNG_UST_NAME_MAX];	/* exact event name */
	uint32_t id;			/* ENABLE: CTF event id in the
					 * channel (same for every rule) */
	uint32_t filter_len;		/* ENABLE: bytecode bytes that follow
					 * (include/lttng-filter.h), 0: none */
};

struct lttng_ust_reply {
	int32_t status;			/* 0 or -errno */
	uint32_t reserved;
};

#endif /* _LTTNG_UST_ABI_H */
