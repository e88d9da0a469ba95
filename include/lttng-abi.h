/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-abi.h - the ioctl ABI of the lttng tracer module.
 *
 * This one header is shared by the kernel module (module/), the session
 * daemon (userspace/lttng-sessiond) and the tests (selftests/).  It only
 * depends on <linux/types.h> and <linux/ioctl.h> so that it compiles in
 * both worlds.
 *
 * Object model: every object is a file descriptor.
 *
 *   open("/dev/lttng")                    tracer fd (root only, 0600)
 *     LTTNG_IOC_SESSION                -> session fd
 *       LTTNG_SESSION_CHANNEL          -> channel fd
 *         LTTNG_CHANNEL_STREAM         -> stream fd (one per possible CPU,
 *                                         then -ENOENT)
 *         LTTNG_CHANNEL_EVENT          -> event fd
 *       LTTNG_SESSION_METADATA         -> metadata fd (read() gives TSDL)
 *
 * A child object holds a reference on its parent: closing fds in any order
 * is safe, and the last close frees the object.  A process that exits with
 * everything open leaks nothing.
 *
 * All structures have explicit sizes and padding (no implicit holes) so that
 * 32/64-bit layouts agree.  Reserved fields must be zero: the module returns
 * -EINVAL otherwise, which keeps room for future extensions.
 */
#ifndef _LTTNG_ABI_H
#define _LTTNG_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Bumped on any incompatible change; the daemon refuses another major. */
#define LTTNG_ABI_MAJOR		2
#define LTTNG_ABI_MINOR		0

/* Tracer version, as written in the trace metadata (env). */
#define LTTNG_TRACER_MAJOR	2
#define LTTNG_TRACER_MINOR	13
#define LTTNG_TRACER_PATCHLEVEL	0

#define LTTNG_DEVICE_PATH	"/dev/lttng"
#define LTTNG_MODULE_NAME	"lttng-tracer"

#define LTTNG_NAME_MAX		256	/* names, including the final NUL */
#define LTTNG_SYM_NAME_MAX	256	/* kprobe symbols, including NUL */
#define LTTNG_FILTER_MAX_LEN	65536	/* filter bytecode, bytes */

#define LTTNG_IOC_MAGIC		0xF6

/* ------------------------------------------------------------------ */
/* Tracer fd (/dev/lttng)                                              */
/* ------------------------------------------------------------------ */

struct lttng_abi_version {
	__u32 abi_major;
	__u32 abi_minor;
	__u32 tracer_major;
	__u32 tracer_minor;
	__u32 tracer_patchlevel;
	__u32 reserved;
};

enum lttng_abi_event_type {
	LTTNG_ABI_EV_TRACEPOINT	= 0,
	LTTNG_ABI_EV_SYSCALL	= 1,
	LTTNG_ABI_EV_KPROBE	= 2,
	LTTNG_ABI_EV_KRETPROBE	= 3,
	LTTNG_ABI_EV_UPROBE	= 4,
	LTTNG_ABI_EV_NR,
};

/* LTTNG_IOC_LIST_EVENTS flags, for type SYSCALL. */
#define LTTNG_ABI_LIST_COMPAT	0x1	/* the 32-bit (ia32) syscalls */

/*
 * LTTNG_IOC_LIST_EVENTS: fills buf with NUL-terminated event names (each
 * name followed by its '\0'), of the given type (tracepoint or syscall).
 * For syscalls the names are the bare syscall names ("read", "openat"),
 * those of the 64-bit table, or of the 32-bit (compat) one when flags has
 * LTTNG_ABI_LIST_COMPAT (empty when the kernel has no ia32 emulation).
 * needed receives the number of bytes the full list takes and count the
 * number of names; when len < needed, nothing is copied and -ENOSPC is
 * returned (call again with a larger buffer).  buf may be 0 with len 0 to
 * only learn the size.
 */
struct lttng_abi_event_list {
	__u64 buf;		/* user pointer */
	__u32 len;		/* size of buf */
	__u32 type;		/* enum lttng_abi_event_type */
	__u32 count;		/* out */
	__u32 needed;		/* out */
	__u32 flags;		/* LTTNG_ABI_LIST_* */
	__u32 reserved;
};

#define LTTNG_IOC_VERSION	_IOR(LTTNG_IOC_MAGIC, 0x00, struct lttng_abi_version)
#define LTTNG_IOC_SESSION	_IO(LTTNG_IOC_MAGIC, 0x01)
#define LTTNG_IOC_LIST_EVENTS	_IOWR(LTTNG_IOC_MAGIC, 0x02, struct lttng_abi_event_list)

/* ------------------------------------------------------------------ */
/* Session fd                                                          */
/* ------------------------------------------------------------------ */

struct lttng_abi_session_name {
	char name[LTTNG_NAME_MAX];	/* NUL-terminated, non-empty */
};

struct lttng_abi_session_creation_time {
	char iso8601[32];		/* e.g. "20261126T134301+0000" */
};

enum lttng_abi_output {
	LTTNG_ABI_OUTPUT_MMAP = 0,
};

struct lttng_abi_channel {
	__u64 subbuf_size;	/* bytes, power of two, >= PAGE_SIZE */
	__u64 num_subbuf;	/* power of two, >= 2 */
	__u32 switch_timer_us;	/* 0 = none */
	__u32 read_timer_us;	/* 0 = none (consumer polls with wakeups) */
	__u32 overwrite;	/* 0 = discard, 1 = overwrite */
	__u32 output;		/* enum lttng_abi_output */
	__u32 reserved[4];
};

enum lttng_abi_session_state {
	LTTNG_ABI_SESSION_INACTIVE = 0,
	LTTNG_ABI_SESSION_ACTIVE = 1,
};

struct lttng_abi_session_status {
	__u32 state;		/* enum lttng_abi_session_state */
	__u32 nr_channels;
	__u32 nr_events;
	__u32 reserved;
	__u64 events_discarded;	/* sum over the channels' streams */
};

enum lttng_abi_tracker_type {
	LTTNG_ABI_TRACKER_PID = 0,
	LTTNG_ABI_TRACKER_VPID = 1,
	LTTNG_ABI_TRACKER_UID = 2,
	LTTNG_ABI_TRACKER_VUID = 3,
	LTTNG_ABI_TRACKER_GID = 4,
	LTTNG_ABI_TRACKER_VGID = 5,
};

/* id == -1 means "all" (track all / untrack all). */
struct lttng_abi_tracker {
	__u32 type;		/* enum lttng_abi_tracker_type */
	__s32 id;
};

/*
 * Session rules (those of an LTTng kernel session):
 *  - SET_NAME, SET_CREATION_TIME, CHANNEL (and LTTNG_CHANNEL_CONTEXT) are
 *    refused with -EBUSY once the session was started; names must be
 *    printable without '"' or '\\' (-EINVAL);
 *  - one metadata fd at a time (-EBUSY); it is readable from the first
 *    start on (before that, read() returns 0);
 *  - START on an active session and STOP on an inactive one return -EBUSY
 *    and change nothing;
 *  - STOP waits for the records in flight and flushes every stream: once it
 *    returns, everything recorded is readable with GET_NEXT_SUBBUF (until
 *    -EAGAIN).  The streams are not finalized: the session can be started
 *    again.  Closing the session fd destroys the session: it stops, flushes
 *    and finalizes the streams (drained: -ENODATA, POLLHUP) and hangs up
 *    the metadata fd once read; the other fds stay valid until closed.
 *  - Trackers: everything is tracked by default.  TRACK(id) on "all"
 *    switches to the set {id}; TRACK(-1) tracks all again; UNTRACK(-1)
 *    tracks nothing; UNTRACK(id) removes id (-ENOENT when absent, -EINVAL
 *    when tracking all); TRACK of an id already tracked is -EEXIST.
 */
#define LTTNG_SESSION_SET_NAME	\
	_IOW(LTTNG_IOC_MAGIC, 0x10, struct lttng_abi_session_name)
#define LTTNG_SESSION_SET_CREATION_TIME	\
	_IOW(LTTNG_IOC_MAGIC, 0x11, struct lttng_abi_session_creation_time)
#define LTTNG_SESSION_CHANNEL	\
	_IOW(LTTNG_IOC_MAGIC, 0x12, struct lttng_abi_channel)
#define LTTNG_SESSION_METADATA	\
	_IOW(LTTNG_IOC_MAGIC, 0x13, struct lttng_abi_channel)
#define LTTNG_SESSION_START	_IO(LTTNG_IOC_MAGIC, 0x14)
#define LTTNG_SESSION_STOP	_IO(LTTNG_IOC_MAGIC, 0x15)
/* Switch the current sub-buffer of every stream (partial packets become readable). */
#define LTTNG_SESSION_QUIESCENT	_IO(LTTNG_IOC_MAGIC, 0x16)
#define LTTNG_SESSION_STATUS	\
	_IOR(LTTNG_IOC_MAGIC, 0x17, struct lttng_abi_session_status)
#define LTTNG_SESSION_TRACK	\
	_IOW(LTTNG_IOC_MAGIC, 0x18, struct lttng_abi_tracker)
#define LTTNG_SESSION_UNTRACK	\
	_IOW(LTTNG_IOC_MAGIC, 0x19, struct lttng_abi_tracker)
/*
 * Record the statedump again (lttng regenerate statedump): the
 * lttng_statedump_* events enabled in the session are emitted once more,
 * between a new lttng_statedump_start and lttng_statedump_end, as at
 * START.  The argument must be 0 (-EINVAL); the session must be active
 * (-EBUSY); -ENOMEM when the statedump could not be allocated.
 */
#define LTTNG_SESSION_STATEDUMP	_IO(LTTNG_IOC_MAGIC, 0x1a)
/*
 * Write the metadata again (lttng regenerate metadata, after a change of
 * the wall clock): the clock's offset is sampled again and the TSDL text
 * is rebuilt from the start; the session's metadata fd then reads it from
 * its first byte (its version is bumped).  The argument must be 0
 * (-EINVAL); the session must be active (-EBUSY); -ENOMEM leaves the
 * previous text and offset as they were.
 */
#define LTTNG_SESSION_METADATA_REGEN	_IO(LTTNG_IOC_MAGIC, 0x1b)

/* ------------------------------------------------------------------ */
/* Channel fd                                                          */
/* ------------------------------------------------------------------ */

enum lttng_abi_syscall_entryexit {
	LTTNG_ABI_SYSCALL_ENTRYEXIT = 0,
	LTTNG_ABI_SYSCALL_ENTRY = 1,
	LTTNG_ABI_SYSCALL_EXIT = 2,
};

/*
 * name: the event name ("sched_switch", "sched_*", "*").  For syscalls, the
 * bare syscall name ("getppid", "*" for all); the recorded events are named
 * syscall_entry_<name> / syscall_exit_<name>, and for the 32-bit
 * (compat) syscalls of that name compat_syscall_entry_<name> /
 * compat_syscall_exit_<name>.  For kprobes and kretprobes, name is the
 * user's event name and the probe point is given in u.kprobe (symbol_name +
 * offset, or addr when symbol_name is empty); a kretprobe records
 * <name>_entry and <name>_exit.  For uprobes, name is the user's event name
 * and u.uprobe gives the binary (an fd open for reading on a regular file,
 * only used during the call) and the file offsets of the probed
 * instructions (a function's entry, or every call site of an SDT probe):
 * one event, recorded at each of them.
 */
/*
 * LTTNG_CHANNEL_EVENT creates an enabler (returned as the event fd):
 *  - tracepoint: an exact name that matches no known event is -ENOENT; a
 *    wildcard is accepted even when it matches nothing yet (providers
 *    loaded later are matched);
 *  - syscall: a name that matches no syscall of this kernel is accepted
 *    and records nothing, as in LTTng 2.13;
 *  - events can be created while the session is active; their metadata is
 *    appended;
 *  - closing the event fd keeps its events (as LTTng does): they go with
 *    the channel;
 *  - ENABLE/DISABLE of an event or channel already in that state: 0;
 *  - LTTNG_EVENT_FILTER: the bytecode (include/lttng-filter.h) is copied
 *    and verified: -EFAULT, -EINVAL (refused by the verifier, bad
 *    arguments), -EEXIST (the enabler already has a filter), -ENOMEM.
 *    The enabler's events are then recorded only when the filter of one
 *    of the enabled enablers matching them accepts them (an enabler
 *    without a filter accepts everything).  Create the enabler disabled,
 *    set the filter, then enable it.
 */
struct lttng_abi_kprobe {
	__u64 addr;
	__u64 offset;
	char symbol_name[LTTNG_SYM_NAME_MAX];
};

#define LTTNG_UPROBE_MAX_CALLSITES	32

struct lttng_abi_uprobe {
	__s32 fd;		/* the binary, open for reading */
	__u32 nr_offsets;	/* 1..LTTNG_UPROBE_MAX_CALLSITES */
	__u64 offsets[LTTNG_UPROBE_MAX_CALLSITES];	/* in the file */
};

struct lttng_abi_event {
	char name[LTTNG_NAME_MAX];
	__u32 type;		/* enum lttng_abi_event_type */
	__u32 entryexit;	/* syscalls: enum lttng_abi_syscall_entryexit */
	__u32 disabled;		/* create disabled (0 = create enabled) */
	__u32 reserved;
	union {
		struct lttng_abi_kprobe kprobe;
		struct lttng_abi_uprobe uprobe;
		char padding[512];
	} u;
};

enum lttng_abi_context_type {
	LTTNG_ABI_CTX_PID = 0,
	LTTNG_ABI_CTX_PROCNAME = 1,
	LTTNG_ABI_CTX_PRIO = 2,
	LTTNG_ABI_CTX_NICE = 3,
	LTTNG_ABI_CTX_VPID = 4,
	LTTNG_ABI_CTX_TID = 5,
	LTTNG_ABI_CTX_VTID = 6,
	LTTNG_ABI_CTX_PPID = 7,
	LTTNG_ABI_CTX_VPPID = 8,
	LTTNG_ABI_CTX_PERF_CPU_COUNTER = 9,
	LTTNG_ABI_CTX_HOSTNAME = 10,
	LTTNG_ABI_CTX_CPU_ID = 11,
	LTTNG_ABI_CTX_INTERRUPTIBLE = 12,
	LTTNG_ABI_CTX_PREEMPTIBLE = 13,
	LTTNG_ABI_CTX_NEED_RESCHEDULE = 14,
	LTTNG_ABI_CTX_MIGRATABLE = 15,
	LTTNG_ABI_CTX_CALLSTACK_KERNEL = 16,
	LTTNG_ABI_CTX_CGROUP_NS = 17,
	LTTNG_ABI_CTX_IPC_NS = 18,
	LTTNG_ABI_CTX_MNT_NS = 19,
	LTTNG_ABI_CTX_NET_NS = 20,
	LTTNG_ABI_CTX_PID_NS = 21,
	LTTNG_ABI_CTX_USER_NS = 22,
	LTTNG_ABI_CTX_UTS_NS = 23,
	LTTNG_ABI_CTX_UID = 24,
	LTTNG_ABI_CTX_EUID = 25,
	LTTNG_ABI_CTX_SUID = 26,
	LTTNG_ABI_CTX_GID = 27,
	LTTNG_ABI_CTX_EGID = 28,
	LTTNG_ABI_CTX_SGID = 29,
	LTTNG_ABI_CTX_VUID = 30,
	LTTNG_ABI_CTX_VGID = 31,
	LTTNG_ABI_CTX_TIME_NS = 32,
	LTTNG_ABI_CTX_CALLSTACK_USER = 33,
	LTTNG_ABI_CTX_VEUID = 34,
	LTTNG_ABI_CTX_VSUID = 35,
	LTTNG_ABI_CTX_VEGID = 36,
	LTTNG_ABI_CTX_VSGID = 37,
	LTTNG_ABI_CTX_NR,
};

/*
 * A per-CPU perf counter (LTTNG_ABI_CTX_PERF_CPU_COUNTER): the perf event
 * type and config of perf_event_open(2) (PERF_TYPE_HARDWARE, _SOFTWARE,
 * _HW_CACHE or _RAW) and the name of its field in the trace, as LTTng
 * names it: "perf_cpu_" and the counter's name with '-' and ':' made '_'
 * ("perf_cpu_cache_misses", "perf_cpu_raw_r0013c_x86unhalt").  Two
 * counters of one channel cannot have the same name (-EEXIST).  A counter
 * the machine cannot count (no PMU, as under TCG) is refused with -ENOSYS.
 */
struct lttng_abi_perf_counter {
	__u32 type;
	__u32 reserved;
	__u64 config;
	char name[LTTNG_SYM_NAME_MAX];	/* [A-Za-z_][A-Za-z0-9_]* */
};

struct lttng_abi_context {
	__u32 type;		/* enum lttng_abi_context_type */
	__u32 reserved;
	struct lttng_abi_perf_counter perf;	/* PERF_CPU_COUNTER, else 0 */
};

#define LTTNG_CHANNEL_STREAM	_IO(LTTNG_IOC_MAGIC, 0x20)
#define LTTNG_CHANNEL_EVENT	\
	_IOW(LTTNG_IOC_MAGIC, 0x21, struct lttng_abi_event)
#define LTTNG_CHANNEL_CONTEXT	\
	_IOW(LTTNG_IOC_MAGIC, 0x22, struct lttng_abi_context)
#define LTTNG_CHANNEL_ENABLE	_IO(LTTNG_IOC_MAGIC, 0x23)
#define LTTNG_CHANNEL_DISABLE	_IO(LTTNG_IOC_MAGIC, 0x24)

/* ------------------------------------------------------------------ */
/* Event fd                                                            */
/* ------------------------------------------------------------------ */

struct lttng_abi_filter {
	__u64 bytecode;		/* user pointer */
	__u32 len;		/* bytes, <= LTTNG_FILTER_MAX_LEN */
	__u32 reserved;
};

#define LTTNG_EVENT_ENABLE	_IO(LTTNG_IOC_MAGIC, 0x30)
#define LTTNG_EVENT_DISABLE	_IO(LTTNG_IOC_MAGIC, 0x31)
#define LTTNG_EVENT_FILTER	\
	_IOW(LTTNG_IOC_MAGIC, 0x32, struct lttng_abi_filter)

/* ------------------------------------------------------------------ */
/* Stream fd (data streams)                                            */
/* ------------------------------------------------------------------ */

/*
 * The stream fd is mmap()ed read-only over its whole buffer (length from
 * LTTNG_STREAM_GET_MMAP_LEN).  The consumer loop is:
 *
 *   poll(POLLIN)             a sub-buffer is ready (POLLHUP: finalized
 *                            and fully consumed)
 *   GET_NEXT_SUBBUF(&sb)     -EAGAIN: nothing ready yet; -ENODATA: the
 *                            stream is finalized and empty
 *   write packet_size bytes at mmap + sb.mmap_offset (the packet is
 *   padded to packet_size, its content rounded up to a page;
 *   content_size is the used part, in bytes)
 *   PUT_NEXT_SUBBUF          release it to the writer
 */
struct lttng_abi_subbuf {
	__u64 mmap_offset;	/* bytes from the start of the mapping */
	__u64 content_size;	/* bytes of the packet in use */
	__u64 packet_size;	/* bytes of the packet: content_size rounded
				 * up to the page size (<= sub-buffer size) */
	__u64 timestamp_begin;
	__u64 timestamp_end;
	__u64 events_discarded;	/* cumulative, for this stream */
	__u64 seq_num;		/* packet sequence number in this stream */
	__u32 cpu_id;
	__u32 stream_id;	/* the CTF stream class id (= channel id) */
};

struct lttng_abi_stream_info {
	__u64 subbuf_size;
	__u64 num_subbuf;
	__u64 mmap_len;
	__u64 events_discarded;	/* cumulative, for this stream */
	__u32 cpu_id;
	__u32 stream_id;
	__u32 finalized;	/* 1 once the session is destroyed (its fd
				 * closed) and this stream fully read */
	__u32 reserved;
};

#define LTTNG_STREAM_GET_NEXT_SUBBUF	\
	_IOR(LTTNG_IOC_MAGIC, 0x40, struct lttng_abi_subbuf)
#define LTTNG_STREAM_PUT_NEXT_SUBBUF	_IO(LTTNG_IOC_MAGIC, 0x41)
#define LTTNG_STREAM_GET_MMAP_LEN	_IOR(LTTNG_IOC_MAGIC, 0x42, __u64)
/* Close the current sub-buffer now (even partial) so it becomes readable. */
#define LTTNG_STREAM_FLUSH		_IO(LTTNG_IOC_MAGIC, 0x43)
#define LTTNG_STREAM_INFO		\
	_IOR(LTTNG_IOC_MAGIC, 0x44, struct lttng_abi_stream_info)

/*
 * Snapshots: reading a stream without consuming it, while writers go on
 * (module/snapshot.c).  The reader flushes the stream (FLUSH), samples its
 * positions, then reads every sub-buffer from consumed to produced:
 *
 *   SNAPSHOT_SAMPLE(&pos)     pos.produced: the end of the last closed
 *                             packet; pos.consumed: the oldest packet still
 *                             in the ring (both free-running byte
 *                             positions, multiples of the sub-buffer size)
 *   for (p = consumed; p < produced; p += subbuf_size)
 *     SNAPSHOT_GET_SUBBUF({p})  like GET_NEXT_SUBBUF, for the packet at p:
 *                             -EAGAIN: overwritten meanwhile (skip it);
 *                             -ENODATA: not complete (still written)
 *     write sb.packet_size bytes at mmap + sb.mmap_offset
 *     SNAPSHOT_PUT_SUBBUF
 *
 * The read position of the stream does not move: a later snapshot sees
 * the packets still there again.
 */
struct lttng_abi_snapshot_pos {
	__u64 consumed;
	__u64 produced;
};

struct lttng_abi_snapshot_subbuf {
	__u64 pos;			/* in: a multiple of the sub-buffer size */
	struct lttng_abi_subbuf sb;	/* out */
};

#define LTTNG_STREAM_SNAPSHOT_SAMPLE	\
	_IOR(LTTNG_IOC_MAGIC, 0x45, struct lttng_abi_snapshot_pos)
#define LTTNG_STREAM_SNAPSHOT_GET_SUBBUF	\
	_IOWR(LTTNG_IOC_MAGIC, 0x46, struct lttng_abi_snapshot_subbuf)
#define LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF	_IO(LTTNG_IOC_MAGIC, 0x47)

/*
 * The stream's clock now, in the session's clock (what its records are
 * timestamped with; never before the stream's last timestamp).  The live
 * timer reads it, then FLUSHes: when nothing becomes readable, the stream
 * holds no record before that time (a live beacon).
 */
#define LTTNG_STREAM_GET_TIMESTAMP	_IOR(LTTNG_IOC_MAGIC, 0x48, __u64)
/*
 * FLUSH, but an empty sub-buffer is closed too, as a packet of its header
 * alone (begun and ended now), when the ring has room for it: a live
 * session's first packet of each stream (lttng-relayd ignores the beacons
 * of a stream that never sent a packet, and live viewers would wait for
 * it).  LTTng's RING_BUFFER_FLUSH_EMPTY.
 */
#define LTTNG_STREAM_FLUSH_EMPTY	_IO(LTTNG_IOC_MAGIC, 0x49)
/*
 * Discard what the stream holds (lttng clear on a session whose buffers
 * nobody consumes: snapshot and --no-output sessions).  The open packet
 * is closed (FLUSH), then the read position moves over every complete
 * packet, as if a consumer had read them all: the next GET_NEXT_SUBBUF
 * or snapshot sees only packets begun after the clear.  A packet that a
 * writer has not committed completely yet stays.  The discarded-events
 * counter and the packet sequence numbers go on (readers see the gap).
 * The argument must be 0 (-EINVAL); -EBUSY while a reader holds a
 * sub-buffer (a GET_NEXT_SUBBUF or SNAPSHOT_GET_SUBBUF not put yet).
 */
#define LTTNG_STREAM_CLEAR		_IO(LTTNG_IOC_MAGIC, 0x4a)

/* ------------------------------------------------------------------ */
/* Metadata fd                                                         */
/* ------------------------------------------------------------------ */

/*
 * read() returns the next bytes of the session's TSDL metadata text (it
 * begins with the CTF 1.8 signature comment); 0 when everything generated so far has been
 * read.  Declarations are appended when events are created, so the consumer
 * keeps reading.  poll() reports POLLIN when unread metadata exists and
 * POLLHUP once the session is destroyed and everything was read.
 * LTTNG_METADATA_GET_VERSION returns a counter bumped on each append.
 */
#define LTTNG_METADATA_GET_VERSION	_IOR(LTTNG_IOC_MAGIC, 0x50, __u64)

#endif /* _LTTNG_ABI_H */
