// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl_fuzz.c - random and hostile use of the tracer's fd ABI
 * (include/lttng-abi.h), run in the VM as root with lttng-tracer.ko and
 * lttng-test.ko loaded (run_tests.sh).
 *
 * Objects (tracer, session, channel, event, stream, metadata fds, plus a
 * few foreign fds: /dev/null, a pipe) live in a shared table.  Each step
 * picks an object and does one of: an ioctl (usually one of its own type's
 * commands, sometimes another type's, a wrong-size variant or a random
 * number) with a valid, mutated, boundary or hostile argument (NULL, 1, a
 * kernel address, a struct straddling a PROT_NONE page, a read-only page
 * for output structs, unterminated names, huge and zero sizes); read(),
 * poll(), mmap() with random length/offset/protection, dup(), close();
 * a use of an fd number that was just closed; events from /proc/lttng-test.
 *
 * Phases:
 *  1. one thread, reproducible from the seed;
 *  2. FUZZ_THREADS threads on the same table (same objects, concurrent
 *     ioctls, closes racing with ioctls);
 *  3. start/stop/quiescent/destroy races: a consumer thread polls, mmaps
 *     and reads every stream and the metadata while other threads start,
 *     stop, flush, enable/disable and finally the main thread destroys the
 *     session (closes its fd) under the consumer's feet; the consumer must
 *     then drain to -ENODATA/POLLHUP.  Meanwhile the last CPU keeps going
 *     offline and back (see hotplugger()).
 * Then every fd is closed and /proc/self/fd must hold no lttng object.
 *
 * Checks (beyond "the kernel did not crash", which the VM runner and
 * run_tests.sh check in dmesg): a command of another object type on an
 * lttng fd returns -ENOTTY; every error is one of the errnos the ABI
 * documents; the process gets no signal.
 *
 * Bounds: the work is fixed, time only caps it (a loaded host runs the
 * guest several times slower): FUZZ_CALLS (default 120000) calls, half in
 * phase 1, half in phase 2, then FUZZ_RACE_ROUNDS (default 30) rounds of
 * phase 3 (whose calls vary with timing, a few thousand); FUZZ_TIME seconds (default 600) at most, 45% for phase 1, up to
 * 75% for phases 1 and 2.  FUZZ_SEED (default: time) is printed first so
 * a failure can be replayed; FUZZ_THREADS (default 4); FUZZ_RACE_ONLY=1
 * runs phase 3 alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "lttng-abi.h"
#include "tap.h"

#define NOBJ		48
#define TEST_PROC	"/proc/lttng-test"

enum otype { T_NONE, T_TRACER, T_SESSION, T_CHANNEL, T_EVENT, T_STREAM,
	     T_METADATA, T_FOREIGN, T_NR };

static const char *const tname[T_NR] = {
	"none", "tracer", "session", "channel", "event", "stream", "metadata",
	"foreign",
};

struct obj {
	int fd;
	enum otype type;
};

static struct obj objs[NOBJ];
static pthread_mutex_t objs_lock = PTHREAD_MUTEX_INITIALIZER;
static int last_closed = -1;

static atomic_ulong ncalls;
static atomic_ulong nbad;		/* check failures */
static unsigned long max_calls;
static double deadline;
static uint64_t seed;

/* ------------------------------------------------------------------ */

struct rng { uint64_t s; };

static uint64_t rnd(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

static unsigned int rn(struct rng *r, unsigned int n)
{
	return n ? (unsigned int)(rnd(r) % n) : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int budget_left(unsigned long limit)
{
	return atomic_load(&ncalls) < limit && now() < deadline;
}

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void bad(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&nbad, 1) >= 20)
		return;
	va_start(ap, fmt);
	printf("# FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */

struct cmd {
	unsigned long nr;
	enum otype type;
	const char *name;
	int creates;		/* the result is an fd of this type */
};

#define C(n, t, c) { n, t, #n, c }
static const struct cmd cmds[] = {
	C(LTTNG_IOC_VERSION, T_TRACER, T_NONE),
	C(LTTNG_IOC_SESSION, T_TRACER, T_SESSION),
	C(LTTNG_IOC_LIST_EVENTS, T_TRACER, T_NONE),
	C(LTTNG_SESSION_SET_NAME, T_SESSION, T_NONE),
	C(LTTNG_SESSION_SET_CREATION_TIME, T_SESSION, T_NONE),
	C(LTTNG_SESSION_CHANNEL, T_SESSION, T_CHANNEL),
	C(LTTNG_SESSION_METADATA, T_SESSION, T_METADATA),
	C(LTTNG_SESSION_START, T_SESSION, T_NONE),
	C(LTTNG_SESSION_STOP, T_SESSION, T_NONE),
	C(LTTNG_SESSION_QUIESCENT, T_SESSION, T_NONE),
	C(LTTNG_SESSION_STATUS, T_SESSION, T_NONE),
	C(LTTNG_SESSION_TRACK, T_SESSION, T_NONE),
	C(LTTNG_SESSION_UNTRACK, T_SESSION, T_NONE),
	C(LTTNG_CHANNEL_STREAM, T_CHANNEL, T_STREAM),
	C(LTTNG_CHANNEL_EVENT, T_CHANNEL, T_EVENT),
	C(LTTNG_CHANNEL_CONTEXT, T_CHANNEL, T_NONE),
	C(LTTNG_CHANNEL_ENABLE, T_CHANNEL, T_NONE),
	C(LTTNG_CHANNEL_DISABLE, T_CHANNEL, T_NONE),
	C(LTTNG_EVENT_ENABLE, T_EVENT, T_NONE),
	C(LTTNG_EVENT_DISABLE, T_EVENT, T_NONE),
	C(LTTNG_EVENT_FILTER, T_EVENT, T_NONE),
	C(LTTNG_STREAM_GET_NEXT_SUBBUF, T_STREAM, T_NONE),
	C(LTTNG_STREAM_PUT_NEXT_SUBBUF, T_STREAM, T_NONE),
	C(LTTNG_STREAM_GET_MMAP_LEN, T_STREAM, T_NONE),
	C(LTTNG_STREAM_FLUSH, T_STREAM, T_NONE),
	C(LTTNG_STREAM_INFO, T_STREAM, T_NONE),
	C(LTTNG_METADATA_GET_VERSION, T_METADATA, T_NONE),
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* errnos the ABI documents (lttng-abi.h, abi.c) or the VFS may return */
static int errno_ok(int e)
{
	switch (e) {
	case EINVAL: case EFAULT: case ENOTTY: case EBUSY: case ENOENT:
	case EEXIST: case ENOSPC: case EAGAIN: case ENODATA: case ENOMEM:
	case EBADF: case EOPNOTSUPP: case EMFILE: case ENFILE: case EPERM:
	case EACCES: case ENODEV: case E2BIG: case ERANGE: case EOVERFLOW:
	case ENOSYS:
	/* register_kprobe(): an address inside an instruction */
	case EILSEQ:
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */

struct argbuf {
	char *page;		/* page 0: rw, page 1: PROT_NONE */
	char *ro;		/* a read-only page */
	char big[LTTNG_FILTER_MAX_LEN + 64];
	long pagesz;
};

static void argbuf_init(struct argbuf *a)
{
	a->pagesz = sysconf(_SC_PAGESIZE);
	a->page = mmap(NULL, 2 * a->pagesz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a->ro = mmap(NULL, a->pagesz, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a->page == MAP_FAILED || a->ro == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	mprotect(a->page + a->pagesz, a->pagesz, PROT_NONE);
}

static const uint64_t u64_edges[] = {
	0, 1, 2, 3, 4095, 4096, 4097, 8192, 65536, 1 << 20, 1ULL << 22,
	1ULL << 30, 1ULL << 31, 1ULL << 32, (1ULL << 32) - 1, 1ULL << 63,
	~0ULL, ~0ULL - 4095, 0x8000000000000000ULL >> 12,
};

static uint64_t edge(struct rng *r)
{
	return u64_edges[rn(r, sizeof(u64_edges) / sizeof(u64_edges[0]))];
}

static const char *const names[] = {
	"lttng_test_event", "lttng_test_*", "*", "sched_*", "sched_switch",
	"getppid", "read", "openat", "nosuchevent", "sched_process_fork",
	"a\"b", "back\\slash", "tab\there", "x", "lttng_test_event_nested",
};

/* a name field: valid, empty, unterminated, hostile characters */
static void fill_name(struct rng *r, char *dst, size_t size)
{
	size_t i, n;

	switch (rn(r, 8)) {
	case 0:
		memset(dst, 'A' + rn(r, 26), size);	/* unterminated */
		break;
	case 1:
		memset(dst, 0, size);			/* empty */
		break;
	case 2:
		n = rn(r, size);
		for (i = 0; i < n; i++)
			dst[i] = (char)rnd(r);
		memset(dst + n, 0, size - n);
		break;
	case 3:
		memset(dst, 'n', size - 1);		/* longest */
		dst[size - 1] = 0;
		break;
	default:
		memset(dst, 0, size);
		snprintf(dst, size, "%s",
			 names[rn(r, sizeof(names) / sizeof(names[0]))]);
	}
}

static void fill_channel(struct rng *r, struct lttng_abi_channel *c)
{
	memset(c, 0, sizeof(*c));
	if (rn(r, 3)) {
		c->subbuf_size = 4096ULL << rn(r, 3);
		c->num_subbuf = 2ULL << rn(r, 2);
	} else {
		c->subbuf_size = rn(r, 2) ? edge(r) : rnd(r);
		c->num_subbuf = rn(r, 2) ? edge(r) : rnd(r);
	}
	c->switch_timer_us = rn(r, 4) ? rn(r, 3) * 1000 : (uint32_t)edge(r);
	c->read_timer_us = rn(r, 4) ? rn(r, 3) * 20000 : (uint32_t)edge(r);
	c->overwrite = rn(r, 8) ? rn(r, 2) : rn(r, 5);
	c->output = rn(r, 8) ? 0 : rn(r, 3);
	if (!rn(r, 8))
		c->reserved[rn(r, 4)] = (uint32_t)rnd(r);
}

static void fill_event(struct rng *r, struct lttng_abi_event *e)
{
	static const char *const syms[] = {
		"__x64_sys_getppid", "do_sys_openat2", "nosuchsymbol_xyz",
		"", "vfs_read",
	};

	memset(e, 0, sizeof(*e));
	fill_name(r, e->name, sizeof(e->name));
	e->type = rn(r, 6) ? rn(r, 4) : rn(r, 7);
	/* kprobes are slow to register: keep them rarer */
	if (e->type >= LTTNG_ABI_EV_KPROBE && rn(r, 4))
		e->type = rn(r, 2);
	e->entryexit = rn(r, 6) ? rn(r, 3) : rn(r, 9);
	e->disabled = rn(r, 6) ? rn(r, 2) : (uint32_t)rnd(r);
	if (!rn(r, 10))
		e->reserved = 1;
	if (e->type == LTTNG_ABI_EV_KPROBE || e->type == LTTNG_ABI_EV_KRETPROBE) {
		snprintf(e->u.kprobe.symbol_name,
			 sizeof(e->u.kprobe.symbol_name), "%s",
			 syms[rn(r, sizeof(syms) / sizeof(syms[0]))]);
		if (!rn(r, 6))
			memset(e->u.kprobe.symbol_name, 'k',
			       sizeof(e->u.kprobe.symbol_name));
		e->u.kprobe.offset = rn(r, 3) ? 0 : edge(r);
		/* an address only with an empty symbol: 0, 1 or a bogus one */
		e->u.kprobe.addr = rn(r, 2) ? 0 : (rn(r, 2) ? 1 : edge(r));
	}
}

static void fill_event_list(struct rng *r, struct argbuf *a,
			    struct lttng_abi_event_list *l)
{
	l->type = rn(r, 5) ? rn(r, 2) : rn(r, 6);
	switch (rn(r, 5)) {
	case 0:
		break;			/* size query */
	case 1:
		l->buf = (uint64_t)(uintptr_t)a->big;
		l->len = sizeof(a->big);
		break;
	case 2:
		l->buf = (uint64_t)(uintptr_t)a->big;
		l->len = rn(r, 64);	/* too small */
		break;
	case 3:
		l->buf = rn(r, 2) ? 1 : 0xffffffff81000000ULL;
		l->len = (uint32_t)edge(r);
		break;
	default:
		l->buf = (uint64_t)(uintptr_t)a->ro;
		l->len = (uint32_t)edge(r);
	}
}

static void fill_context(struct rng *r, struct lttng_abi_context *c)
{
	c->type = rn(r, 6) ? rn(r, LTTNG_ABI_CTX_NR) : (uint32_t)rnd(r);
	/* perf: any type (0..5) and config, a name or garbage */
	c->perf.type = rn(r, 4) ? rn(r, 6) : (uint32_t)rnd(r);
	c->perf.config = rn(r, 2) ? rn(r, 10) : rnd(r);
	if (rn(r, 3))
		snprintf(c->perf.name, sizeof(c->perf.name),
			 "perf_cpu_x%u", rn(r, 4));
	else
		for (int i = 0; i < 8; i++)
			c->perf.name[i] = (char)rnd(r);
	if (!rn(r, 10))
		c->reserved = 1;
	if (!rn(r, 10))
		c->perf.reserved = 1;
}

static void fill_filter(struct rng *r, struct argbuf *a,
			struct lttng_abi_filter *f)
{
	for (int i = 0; i < 64; i++)
		a->big[i] = (char)rnd(r);
	f->bytecode = rn(r, 3) ? (uint64_t)(uintptr_t)a->big :
		(rn(r, 2) ? 0 : 0xffffffff81000000ULL);
	f->len = rn(r, 2) ? rn(r, 128) : (uint32_t)edge(r);
	if (f->len > sizeof(a->big) && rn(r, 2))
		f->len = LTTNG_FILTER_MAX_LEN;
	if (!rn(r, 10))
		f->reserved = 1;
}

/* The struct cmd takes, built at p (1 KiB, zeroed) and maybe mutated. */
static void fill_struct(struct rng *r, struct argbuf *a, unsigned long nr,
			char *p)
{
	memset(p, 0, 1024);
	switch (nr) {
	case LTTNG_IOC_LIST_EVENTS:
		fill_event_list(r, a, (void *)p);
		break;
	case LTTNG_SESSION_SET_NAME:
		fill_name(r, p, sizeof(struct lttng_abi_session_name));
		break;
	case LTTNG_SESSION_SET_CREATION_TIME:
		if (rn(r, 2))
			fill_name(r, p, 32);
		else
			strcpy(p, "20261126T134301+0000");
		break;
	case LTTNG_SESSION_CHANNEL:
	case LTTNG_SESSION_METADATA:
		fill_channel(r, (void *)p);
		break;
	case LTTNG_SESSION_TRACK:
	case LTTNG_SESSION_UNTRACK: {
		struct lttng_abi_tracker *t = (void *)p;

		t->type = rn(r, 6) ? rn(r, 6) : (uint32_t)rnd(r);
		t->id = rn(r, 3) ? (int32_t)rn(r, 4) - 1 : (int32_t)rnd(r);
		break;
	}
	case LTTNG_CHANNEL_EVENT:
		fill_event(r, (void *)p);
		break;
	case LTTNG_CHANNEL_CONTEXT:
		fill_context(r, (void *)p);
		break;
	case LTTNG_EVENT_FILTER:
		fill_filter(r, a, (void *)p);
		break;
	default:
		break;		/* output structs, _IO: a zeroed buffer */
	}
}

/*
 * The argument of one ioctl.  kind: 0 a struct built for cmd (maybe
 * mutated), 1 random bytes, 2 NULL, 3 (void *)1, 4 a kernel address,
 * 5 straddling the PROT_NONE page, 6 a read-only page, 7 an integer.
 */
static unsigned long make_arg(struct rng *r, struct argbuf *a,
			      unsigned long nr)
{
	size_t size = _IOC_SIZE(nr);
	char *p = a->page + a->pagesz - 1024;	/* 1 KiB before the guard */
	unsigned int kind = rn(r, 4) ? 0 : rn(r, 8);

	if (size > 1024)
		size = 1024;	/* struct lttng_abi_event is 784 bytes */
	switch (kind) {
	case 1:
		for (size_t i = 0; i < size; i++)
			p[i] = (char)rnd(r);
		return (unsigned long)p;
	case 2:
		return 0;
	case 3:
		return 1;
	case 4:
		return rn(r, 2) ? 0xffffffff81000000UL : 0xffff888000000000UL;
	case 5:
		return (unsigned long)(a->page + a->pagesz - (size ? rn(r, size) : 0));
	case 6:
		return (unsigned long)a->ro;
	case 7:
		return rnd(r);
	}
	fill_struct(r, a, nr, p);
	return (unsigned long)p;
}

/* ------------------------------------------------------------------ */
/* Object table                                                        */

static void obj_add(int fd, enum otype t)
{
	int i, victim = -1;

	pthread_mutex_lock(&objs_lock);
	for (i = 0; i < NOBJ; i++)
		if (objs[i].type == T_NONE)
			break;
	if (i == NOBJ) {
		/* full: replace a random one (not slot 0, the tracer) */
		i = 1 + (int)(((unsigned int)fd * 2654435761u) % (NOBJ - 1));
		victim = objs[i].fd;
	}
	objs[i].fd = fd;
	objs[i].type = t;
	if (victim >= 0) {
		close(victim);
		last_closed = victim;
	}
	pthread_mutex_unlock(&objs_lock);
}

static struct obj obj_pick(struct rng *r)
{
	struct obj o = { -1, T_NONE };

	pthread_mutex_lock(&objs_lock);
	for (int tries = 0; tries < 8; tries++) {
		o = objs[rn(r, NOBJ)];
		if (o.type != T_NONE)
			break;
	}
	pthread_mutex_unlock(&objs_lock);
	return o;
}

static void obj_close_random(struct rng *r)
{
	int i = 1 + rn(r, NOBJ - 1), fd = -1;

	pthread_mutex_lock(&objs_lock);
	if (objs[i].type != T_NONE) {
		fd = objs[i].fd;
		objs[i].type = T_NONE;
		objs[i].fd = -1;
		close(fd);
		last_closed = fd;
	}
	pthread_mutex_unlock(&objs_lock);
	if (fd >= 0)
		atomic_fetch_add(&ncalls, 1);
}

static int count_type(enum otype t)
{
	int n = 0;

	pthread_mutex_lock(&objs_lock);
	for (int i = 0; i < NOBJ; i++)
		n += objs[i].type == t;
	pthread_mutex_unlock(&objs_lock);
	return n;
}

static void obj_close_all(void)
{
	pthread_mutex_lock(&objs_lock);
	for (int i = 0; i < NOBJ; i++) {
		if (objs[i].type != T_NONE)
			close(objs[i].fd);
		objs[i].type = T_NONE;
		objs[i].fd = -1;
	}
	pthread_mutex_unlock(&objs_lock);
}

/* ------------------------------------------------------------------ */
/* One random step                                                     */

static void do_ioctl(struct rng *r, struct argbuf *a, struct obj o)
{
	const struct cmd *c = NULL;
	unsigned long nr;
	long ret;
	int own;

	switch (rn(r, 10)) {
	case 0:		/* another type's command, or an unknown one */
		if (rn(r, 2)) {
			nr = _IOC(rn(r, 4), LTTNG_IOC_MAGIC, rn(r, 0x60),
				  rn(r, 2) ? rn(r, 1024) : 0);
		} else {
			c = &cmds[rn(r, NCMDS)];
			nr = c->nr;
		}
		break;
	case 1:		/* one of ours with the wrong size or direction */
		c = &cmds[rn(r, NCMDS)];
		nr = _IOC(_IOC_DIR(c->nr) ^ rn(r, 4), LTTNG_IOC_MAGIC,
			  _IOC_NR(c->nr), _IOC_SIZE(c->nr) + rn(r, 9) - 4);
		c = NULL;
		break;
	default:	/* a command of this object's type */
		for (int tries = 0; tries < 16; tries++) {
			c = &cmds[rn(r, NCMDS)];
			if (c->type == o.type)
				break;
		}
		nr = c->nr;
	}
	/* a random number may be a real command: know what it creates */
	if (!c)
		for (size_t i = 0; i < NCMDS; i++)
			if (cmds[i].nr == nr)
				c = &cmds[i];
	own = c && c->type == o.type;
	/* keep the expensive creations in check */
	if (c && c->creates == T_SESSION && own && count_type(T_SESSION) >= 6)
		return;
	if (c && c->creates == T_CHANNEL && own && count_type(T_CHANNEL) >= 8)
		return;

	ret = ioctl(o.fd, nr, make_arg(r, a, nr));
	atomic_fetch_add(&ncalls, 1);
	if (ret < 0) {
		int e = errno;

		if (!errno_ok(e))
			bad("ioctl(%s fd %d, %s/%#lx): unexpected errno %d (%s)",
			    tname[o.type], o.fd, c ? c->name : "?", nr, e,
			    strerror(e));
		return;
	}
	if (c && c->creates != T_NONE)
		obj_add((int)ret, c->creates);
}

static void do_read(struct rng *r, struct argbuf *a, struct obj o)
{
	size_t len = rn(r, 2) ? rn(r, 8192) : (size_t)edge(r);
	void *buf;

	switch (rn(r, 5)) {
	case 0:
		buf = NULL;
		break;
	case 1:
		buf = (void *)0xffffffff81000000UL;
		break;
	case 2:
		buf = a->ro;
		break;
	default:
		buf = a->big;
		if (len > sizeof(a->big))
			len = sizeof(a->big);
	}
	if (read(o.fd, buf, len) < 0 && !errno_ok(errno) && errno != EINVAL)
		bad("read(%s): errno %d", tname[o.type], errno);
	atomic_fetch_add(&ncalls, 1);
}

static void do_poll(struct rng *r, struct obj o)
{
	struct pollfd p = { .fd = o.fd, .events = POLLIN | POLLPRI | POLLOUT };

	if (rn(r, 4) == 0)
		p.events = (short)rnd(r);
	poll(&p, 1, 0);
	atomic_fetch_add(&ncalls, 1);
}

static void do_mmap(struct rng *r, struct argbuf *a, struct obj o)
{
	uint64_t len = 0;
	size_t maplen;
	off_t off = 0;
	int prot = PROT_READ, flags = MAP_SHARED;
	volatile char *m;
	struct lttng_abi_subbuf sb;

	if (ioctl(o.fd, LTTNG_STREAM_GET_MMAP_LEN, &len) < 0)
		len = a->pagesz;
	atomic_fetch_add(&ncalls, 1);
	maplen = len;
	switch (rn(r, 6)) {
	case 0:
		maplen = len + a->pagesz * (1 + rn(r, 4));	/* too long */
		break;
	case 1:
		off = a->pagesz * (1 + rn(r, 4));
		break;
	case 2:
		prot |= PROT_WRITE;
		break;
	case 3:
		flags = MAP_PRIVATE;
		break;
	case 4:
		maplen = a->pagesz;
		break;
	default:
		break;
	}
	if (!maplen)
		maplen = a->pagesz;
	m = mmap(NULL, maplen, prot, flags, o.fd, off);
	atomic_fetch_add(&ncalls, 1);
	if (m == MAP_FAILED)
		return;
	if (o.type != T_STREAM || prot != PROT_READ) {
		if (prot & PROT_WRITE && o.type == T_STREAM && flags == MAP_SHARED)
			bad("stream mapped writable (shared)");
		munmap((void *)m, maplen);
		return;
	}
	/* read within the buffer only: that much must never fault */
	if (off == 0 && maplen <= len) {
		for (size_t i = 0; i < maplen; i += a->pagesz * 7)
			(void)m[i];
		if (ioctl(o.fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb) == 0) {
			if (sb.mmap_offset + sb.packet_size > len)
				bad("sub-buffer %" PRIu64 "+%" PRIu64
				    " outside the mapping (%" PRIu64 ")",
				    (uint64_t)sb.mmap_offset,
				    (uint64_t)sb.packet_size, len);
			else if (sb.mmap_offset + sb.packet_size <= maplen)
				(void)m[sb.mmap_offset + sb.packet_size - 1];
			ioctl(o.fd, LTTNG_STREAM_PUT_NEXT_SUBBUF);
			atomic_fetch_add(&ncalls, 2);
		}
	}
	munmap((void *)m, maplen);
}

static void emit_events(struct rng *r)
{
	char buf[16];
	int fd = open(TEST_PROC, O_WRONLY);
	int n;

	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%u", 1 + rn(r, 20));
	if (write(fd, buf, n) < 0) {
		/* not an error for the fuzzer */
	}
	close(fd);
	getppid();
}

static void step(struct rng *r, struct argbuf *a)
{
	struct obj o;
	unsigned int op = rn(r, 100);

	if (op < 2) {
		int fd = open(LTTNG_DEVICE_PATH, O_RDWR);

		atomic_fetch_add(&ncalls, 1);
		if (fd >= 0)
			obj_add(fd, T_TRACER);
		return;
	}
	if (op < 6) {
		obj_close_random(r);
		return;
	}
	if (op < 8) {
		emit_events(r);
		return;
	}
	if (op < 10) {		/* use after close (the number may be reused) */
		o.fd = last_closed;
		o.type = T_FOREIGN;
		if (o.fd > 2)
			do_ioctl(r, a, o);
		return;
	}
	o = obj_pick(r);
	if (o.type == T_NONE)
		return;
	if (op < 14) {
		do_read(r, a, o);
	} else if (op < 17) {
		do_poll(r, o);
	} else if (op < 20) {
		do_mmap(r, a, o);
	} else if (op < 21) {
		int fd = dup(o.fd);

		atomic_fetch_add(&ncalls, 1);
		if (fd >= 0)
			obj_add(fd, o.type);
	} else {
		do_ioctl(r, a, o);
	}
}

/*
 * The -ENOTTY rule, checked on fds only this thread touches: every
 * command of another type on every lttng fd type of a fresh set.
 */
static void check_enotty(void)
{
	struct lttng_abi_channel cp = {
		.subbuf_size = 4096, .num_subbuf = 2, .output = 0,
	};
	struct lttng_abi_event ev;
	int fds[T_NR];
	char buf[1024];

	for (int t = 0; t < T_NR; t++)
		fds[t] = -1;
	memset(&ev, 0, sizeof(ev));
	strcpy(ev.name, "lttng_test_event");
	fds[T_TRACER] = open(LTTNG_DEVICE_PATH, O_RDWR);
	fds[T_SESSION] = ioctl(fds[T_TRACER], LTTNG_IOC_SESSION);
	fds[T_CHANNEL] = ioctl(fds[T_SESSION], LTTNG_SESSION_CHANNEL, &cp);
	fds[T_METADATA] = ioctl(fds[T_SESSION], LTTNG_SESSION_METADATA, &cp);
	fds[T_EVENT] = ioctl(fds[T_CHANNEL], LTTNG_CHANNEL_EVENT, &ev);
	fds[T_STREAM] = ioctl(fds[T_CHANNEL], LTTNG_CHANNEL_STREAM);
	for (int t = T_TRACER; t <= T_METADATA; t++) {
		if (fds[t] < 0) {
			bad("could not create a %s fd: %s", tname[t],
			    strerror(errno));
			continue;
		}
		for (size_t i = 0; i < NCMDS; i++) {
			if (cmds[i].type == (enum otype)t)
				continue;
			memset(buf, 0, sizeof(buf));
			if (ioctl(fds[t], cmds[i].nr, buf) != -1 ||
			    errno != ENOTTY)
				bad("%s on a %s fd: %d, not ENOTTY",
				    cmds[i].name, tname[t], errno);
			atomic_fetch_add(&ncalls, 1);
		}
	}
	for (int t = T_NR - 1; t >= 0; t--)
		if (fds[t] >= 0)
			close(fds[t]);
}

/* ------------------------------------------------------------------ */
/* Phases                                                              */

struct worker {
	pthread_t th;
	struct rng r;
	struct argbuf a;
	unsigned long limit;
};

static void *fuzz_thread(void *arg)
{
	struct worker *w = arg;

	while (budget_left(w->limit))
		step(&w->r, &w->a);
	return NULL;
}

static void seed_objects(void)
{
	int fd = open(LTTNG_DEVICE_PATH, O_RDWR);
	int p[2];

	if (fd < 0) {
		bad("open %s: %s", LTTNG_DEVICE_PATH, strerror(errno));
		return;
	}
	pthread_mutex_lock(&objs_lock);
	objs[0].fd = fd;	/* slot 0 is never closed by obj_close_random */
	objs[0].type = T_TRACER;
	pthread_mutex_unlock(&objs_lock);
	obj_add(open("/dev/null", O_RDWR), T_FOREIGN);
	if (pipe2(p, O_NONBLOCK) == 0) {
		obj_add(p[0], T_FOREIGN);
		obj_add(p[1], T_FOREIGN);
	}
}

/* race phase: one traced session, a consumer, mutators, then destroy */
struct race {
	int session, chan, meta, ev;
	int streams[16];
	int nstreams;
	atomic_int destroyed;
	uint64_t seed;
};

static void *consumer(void *arg)
{
	struct race *rc = arg;
	struct pollfd pf[17];
	void *maps[16];
	uint64_t lens[16];
	int done[16] = { 0 }, ndone = 0, n = rc->nstreams;
	char buf[4096];

	for (int i = 0; i < n; i++) {
		lens[i] = 0;
		maps[i] = MAP_FAILED;
		if (ioctl(rc->streams[i], LTTNG_STREAM_GET_MMAP_LEN, &lens[i]) == 0)
			maps[i] = mmap(NULL, lens[i], PROT_READ, MAP_SHARED,
				       rc->streams[i], 0);
		atomic_fetch_add(&ncalls, 2);
	}
	double give_up = 0;

	while (ndone < n) {
		if (atomic_load(&rc->destroyed) && !give_up)
			give_up = now() + 30;
		if (give_up && now() > give_up)
			break;
		for (int i = 0; i < n; i++) {
			pf[i].fd = rc->streams[i];
			pf[i].events = POLLIN;
			pf[i].revents = 0;
		}
		pf[n].fd = rc->meta;
		pf[n].events = POLLIN;
		poll(pf, n + 1, 5);
		atomic_fetch_add(&ncalls, 1);
		while (read(rc->meta, buf, sizeof(buf)) > 0)
			atomic_fetch_add(&ncalls, 1);
		atomic_fetch_add(&ncalls, 1);
		for (int i = 0; i < n; i++) {
			struct lttng_abi_subbuf sb;
			int ret;

			if (done[i])
				continue;
			ret = ioctl(rc->streams[i], LTTNG_STREAM_GET_NEXT_SUBBUF, &sb);
			atomic_fetch_add(&ncalls, 1);
			if (ret == 0) {
				if (maps[i] != MAP_FAILED &&
				    sb.mmap_offset + sb.packet_size <= lens[i] &&
				    sb.content_size <= sb.packet_size) {
					volatile const char *p = (char *)maps[i] +
						sb.mmap_offset;
					(void)p[0];
					(void)p[sb.packet_size - 1];
				} else if (maps[i] != MAP_FAILED) {
					bad("bad sub-buffer: off %" PRIu64
					    " packet %" PRIu64 " content %" PRIu64,
					    (uint64_t)sb.mmap_offset,
					    (uint64_t)sb.packet_size,
					    (uint64_t)sb.content_size);
				}
				if (ioctl(rc->streams[i], LTTNG_STREAM_PUT_NEXT_SUBBUF))
					bad("PUT_NEXT_SUBBUF after GET: %s",
					    strerror(errno));
				atomic_fetch_add(&ncalls, 1);
			} else if (errno == ENODATA) {
				if (!atomic_load(&rc->destroyed))
					bad("stream finalized before destroy");
				done[i] = 1;
				ndone++;
			} else if (errno != EAGAIN) {
				bad("GET_NEXT_SUBBUF: %s", strerror(errno));
				done[i] = 1;
				ndone++;
			}
		}
	}
	if (ndone < n)
		bad("consumer: %d of %d streams never reached ENODATA", n - ndone, n);
	for (int i = 0; i < n; i++)
		if (maps[i] != MAP_FAILED)
			munmap(maps[i], lens[i]);
	return NULL;
}

static void *mutator(void *arg)
{
	struct race *rc = arg;
	struct rng r = { rc->seed };
	static const unsigned long ops[] = {
		LTTNG_SESSION_START, LTTNG_SESSION_STOP,
		LTTNG_SESSION_QUIESCENT, LTTNG_SESSION_STATUS,
	};
	struct lttng_abi_session_status st;
	struct lttng_abi_stream_info si;

	for (int i = 0; i < 200 && !atomic_load(&rc->destroyed); i++) {
		switch (rn(&r, 6)) {
		case 0: case 1:
			ioctl(rc->session, ops[rn(&r, 4)], &st);
			break;
		case 2:
			ioctl(rc->chan, rn(&r, 2) ? LTTNG_CHANNEL_ENABLE :
			      LTTNG_CHANNEL_DISABLE);
			break;
		case 3:
			ioctl(rc->ev, rn(&r, 2) ? LTTNG_EVENT_ENABLE :
			      LTTNG_EVENT_DISABLE);
			break;
		case 4:
			ioctl(rc->streams[rn(&r, rc->nstreams)],
			      rn(&r, 2) ? LTTNG_STREAM_FLUSH : LTTNG_STREAM_INFO,
			      &si);
			break;
		default:
			emit_events(&r);
		}
		atomic_fetch_add(&ncalls, 1);
	}
	return NULL;
}

static int race_round(int tracer, uint64_t s)
{
	struct lttng_abi_channel cp = {
		.subbuf_size = 4096, .num_subbuf = 4, .switch_timer_us = 0,
		.read_timer_us = 0, .overwrite = 0, .output = 0,
	};
	struct lttng_abi_event ev;
	struct race rc;
	pthread_t cons, mut[2];
	struct rng r = { s };

	memset(&rc, 0, sizeof(rc));
	rc.seed = s;
	cp.overwrite = rn(&r, 2);
	cp.switch_timer_us = rn(&r, 2) ? 0 : 2000;
	memset(&ev, 0, sizeof(ev));
	/*
	 * Half of the rounds switch every kernel tracepoint on and off
	 * ("*"): thousands of text_poke_bp() under the other threads.
	 */
	strcpy(ev.name, rn(&r, 2) ? "*" : "lttng_test_event");
	ev.type = LTTNG_ABI_EV_TRACEPOINT;
	rc.session = ioctl(tracer, LTTNG_IOC_SESSION);
	if (rc.session < 0)
		return -1;
	rc.chan = ioctl(rc.session, LTTNG_SESSION_CHANNEL, &cp);
	rc.meta = ioctl(rc.session, LTTNG_SESSION_METADATA, &cp);
	rc.ev = ioctl(rc.chan, LTTNG_CHANNEL_EVENT, &ev);
	if (rc.chan < 0 || rc.meta < 0 || rc.ev < 0) {
		bad("race set-up: chan %d meta %d event %d (%s)", rc.chan,
		    rc.meta, rc.ev, strerror(errno));
		close(rc.session);
		return -1;
	}
	while (rc.nstreams < 16) {
		int fd = ioctl(rc.chan, LTTNG_CHANNEL_STREAM);

		if (fd < 0)
			break;
		rc.streams[rc.nstreams++] = fd;
	}
	atomic_fetch_add(&ncalls, 6 + rc.nstreams);
	if (rn(&r, 2))
		ioctl(rc.session, LTTNG_SESSION_START);
	pthread_create(&cons, NULL, consumer, &rc);
	rc.seed = s ^ 0x1234;
	pthread_create(&mut[0], NULL, mutator, &rc);
	rc.seed = s ^ 0x5678;
	pthread_create(&mut[1], NULL, mutator, &rc);
	/* destroy while everything runs */
	for (int i = rn(&r, 30); i > 0; i--)
		emit_events(&r);
	atomic_store(&rc.destroyed, 1);
	close(rc.session);
	atomic_fetch_add(&ncalls, 1);
	pthread_join(mut[0], NULL);
	pthread_join(mut[1], NULL);
	/* the other fds stay valid after destroy */
	ioctl(rc.chan, LTTNG_CHANNEL_DISABLE);
	ioctl(rc.ev, LTTNG_EVENT_ENABLE);
	atomic_fetch_add(&ncalls, 2);
	pthread_join(cons, NULL);
	close(rc.ev);
	close(rc.chan);
	close(rc.meta);
	for (int i = 0; i < rc.nstreams; i++)
		close(rc.streams[i]);
	return 0;
}

/*
 * During the races, the last CPU goes offline and comes back, over and
 * over (root, when it can be hot-unplugged; FUZZ_HOTPLUG=0 to skip):
 * streams of an offline CPU are flushed by STOP, QUIESCENT and FLUSH
 * from several threads at once, channels are created while it is away
 * (their switch timers must start when it returns) and destroyed.
 */
static char hotplug_path[64];
static atomic_int hotplug_stop;
static atomic_int hotplug_cycles;

static int cpu_set_online(int on)
{
	int fd = open(hotplug_path, O_WRONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, on ? "1" : "0", 1) == 1 ? 0 : -1;
	close(fd);
	return ret;
}

static int hotplug_setup(void)
{
	const char *e = getenv("FUZZ_HOTPLUG");
	long n = sysconf(_SC_NPROCESSORS_CONF);

	if ((e && !strcmp(e, "0")) || n < 2)
		return 0;
	snprintf(hotplug_path, sizeof(hotplug_path),
		 "/sys/devices/system/cpu/cpu%ld/online", n - 1);
	return access(hotplug_path, W_OK) == 0;
}

static void *hotplugger(void *arg)
{
	struct rng r = { seed ^ 0xC0FFEEULL };

	(void)arg;
	while (!atomic_load(&hotplug_stop)) {
		if (cpu_set_online(0)) {
			bad("%s: cannot take the CPU offline: %s",
			    hotplug_path, strerror(errno));
			break;
		}
		usleep(rn(&r, 300000));
		if (cpu_set_online(1)) {
			bad("%s: cannot bring the CPU back: %s",
			    hotplug_path, strerror(errno));
			break;
		}
		atomic_fetch_add(&hotplug_cycles, 1);
		usleep(rn(&r, 300000));
	}
	return NULL;
}

/*
 * A call that never returns is a kernel bug (or a lost wakeup): print
 * every thread's kernel stack and fail, rather than let the VM time out.
 */
static void *watchdog(void *arg)
{
	unsigned long last = ~0UL;
	int still = 0;

	(void)arg;
	for (;;) {
		unsigned long c = atomic_load(&ncalls);
		DIR *d;
		struct dirent *de;

		sleep(5);
		still = c == last ? still + 5 : 0;
		last = c;
		if (still < 60)
			continue;
		printf("# no progress for %d s: kernel stacks of every thread\n",
		       still);
		d = opendir("/proc/self/task");
		while (d && (de = readdir(d))) {
			char path[300], line[256];
			FILE *f;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/self/task/%s/stack",
				 de->d_name);
			f = fopen(path, "r");
			printf("# task %s:\n", de->d_name);
			while (f && fgets(line, sizeof(line), f))
				printf("#   %s", line);
			if (f)
				fclose(f);
		}
		if (d)
			closedir(d);
		ok(0, "a call hung (seed %" PRIu64 ")", seed);
		_exit(2);
	}
	return NULL;
}

/* no fd of this process may point at an lttng object any more */
static int lttng_fds_left(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	char path[300], target[256];
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		ssize_t l;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		l = readlink(path, target, sizeof(target) - 1);
		if (l <= 0)
			continue;
		target[l] = 0;
		if (strstr(target, "lttng")) {
			printf("# left open: fd %s -> %s\n", de->d_name, target);
			n++;
		}
	}
	closedir(d);
	return n;
}

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

/* 2. nthreads workers (w[0]'s argbuf is set up) on the same objects */
static void run_threads(struct worker *w, unsigned int nthreads,
			unsigned long limit)
{
	for (unsigned int i = 0; i < nthreads; i++) {
		w[i].r.s = seed ^ (0x9E3779B97F4A7C15ULL * (i + 1));
		if (i)
			argbuf_init(&w[i].a);
		w[i].limit = limit;
		pthread_create(&w[i].th, NULL, fuzz_thread, &w[i]);
	}
	for (unsigned int i = 0; i < nthreads; i++)
		pthread_join(w[i].th, NULL);
}

/* 3. start/stop/destroy races with a consumer (and CPU hotplug when the
 * machine allows it): the rounds run */
static int run_races(struct rng *r, unsigned long race_rounds, double t0)
{
	int tracer = open(LTTNG_DEVICE_PATH, O_RDWR);
	int hotplug = hotplug_setup();
	int rounds = 0;
	pthread_t hp;

	if (hotplug && pthread_create(&hp, NULL, hotplugger, NULL))
		hotplug = 0;
	/* rounds are slow (threads, set-up, drain): counted, not calls */
	while (tracer >= 0 && (rounds < 3 ||
			       ((unsigned long)rounds < race_rounds &&
				now() < deadline))) {
		if (race_round(tracer, rnd(r)))
			break;
		rounds++;
		if (getenv("FUZZ_VERBOSE"))
			printf("# race round %d: %lu calls, %.0f s\n",
			       rounds, atomic_load(&ncalls), now() - t0);
	}
	if (tracer >= 0)
		close(tracer);
	if (hotplug) {
		atomic_store(&hotplug_stop, 1);
		pthread_join(hp, NULL);
		if (cpu_set_online(1))
			bad("%s: CPU left offline", hotplug_path);
	}
	return rounds;
}

int main(void)
{
	unsigned long total, p1, p2, before, min_calls, race_rounds;
	unsigned int nthreads;
	double t0 = now(), tmax;
	struct worker *w;
	struct rng r;
	pthread_t wd;
	int rounds, left;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = env_ul("FUZZ_SEED", (unsigned long)time(NULL) ^ (unsigned long)getpid());
	total = env_ul("FUZZ_CALLS", 120000);
	min_calls = env_ul("FUZZ_MIN_CALLS", total < 100000 ? total : 100000);
	tmax = (double)env_ul("FUZZ_TIME", 600);
	race_rounds = env_ul("FUZZ_RACE_ROUNDS", 30);
	nthreads = (unsigned int)env_ul("FUZZ_THREADS", 4);
	if (nthreads < 1 || nthreads > 64)
		nthreads = 4;
	max_calls = total;
	printf("TAP version 13\n");
	printf("# seed %" PRIu64 " (replay: FUZZ_SEED=%" PRIu64
	       " FUZZ_CALLS=%lu FUZZ_THREADS=%u)\n", seed, seed, total, nthreads);
	if (access(LTTNG_DEVICE_PATH, R_OK | W_OK)) {
		printf("Bail out! %s: %s\n", LTTNG_DEVICE_PATH, strerror(errno));
		return 1;
	}
	r.s = seed ? seed : 1;
	pthread_create(&wd, NULL, watchdog, NULL);
	pthread_detach(wd);

	/* 1. the ENOTTY rule, then one reproducible thread */
	check_enotty();
	seed_objects();
	/* FUZZ_RACE_ONLY=1: only phase 3 (to reproduce a race) */
	p1 = getenv("FUZZ_RACE_ONLY") ? 0 : total / 2;
	deadline = t0 + tmax * 0.45;
	w = calloc(nthreads, sizeof(*w));
	argbuf_init(&w[0].a);
	while (budget_left(p1))
		step(&r, &w[0].a);
	ok(!atomic_load(&nbad), "one thread: %lu calls, %.0f s",
	   atomic_load(&ncalls), now() - t0);

	/* 2. several threads on the same objects */
	before = atomic_load(&nbad);
	p2 = p1 ? total : 0;
	deadline = t0 + tmax * 0.75;
	run_threads(w, nthreads, p2);
	ok(atomic_load(&nbad) == before,
	   "%u threads on shared objects: %lu calls so far, %.0f s", nthreads,
	   atomic_load(&ncalls), now() - t0);
	obj_close_all();

	/* 3. start/stop/destroy races with a consumer */
	before = atomic_load(&nbad);
	deadline = t0 + tmax;
	rounds = run_races(&r, race_rounds, t0);
	ok(atomic_load(&nbad) == before && rounds >= 3,
	   "start/stop/destroy races with a consumer: %d rounds, "
	   "%d CPU offline/online cycles", rounds,
	   atomic_load(&hotplug_cycles));

	ok(atomic_load(&ncalls) >= min_calls,
	   "calls fuzzed: %lu (at least %lu), %.0f s",
	   atomic_load(&ncalls), min_calls, now() - t0);
	for (unsigned int i = 0; i < nthreads; i++) {
		munmap(w[i].a.page, 2 * w[i].a.pagesz);
		munmap(w[i].a.ro, w[i].a.pagesz);
	}
	free(w);
	left = lttng_fds_left();
	ok(!left, "every lttng fd closed");
	ok(!atomic_load(&nbad), "no unexpected result (%lu)",
	   atomic_load(&nbad));
	return tap_done();
}
