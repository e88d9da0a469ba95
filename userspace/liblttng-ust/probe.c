// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe.c - the fast path of liblttng-ust: what a generated probe calls.
 *
 *	if (!lttng_ust_rec_begin(&r, &state))	enter the read side, get the
 *		return;				event's set (NULL: leave)
 *	size the payload; filter input if r.any_filter
 *	do {
 *		if (!lttng_ust_rec_reserve(&r, fv, len, ip))	filter, ring
 *			write the fields			reserve, contexts
 *	} while (lttng_ust_rec_commit_next(&r));	commit; next channel
 *						or leave the read side
 *
 * No lock and no system call: the clock is the vDSO's, the CPU number
 * comes from rseq (glibc's sched_getcpu()), the thread id, process id,
 * user ids and thread name are cached (per thread / per process, refreshed
 * after fork()).
 *
 * Grace period.  Read side: a probe counts itself in before loading the
 * event's set and out after its last use of it.  Two implementations,
 * chosen once at start:
 *
 *  - membarrier (Linux >= 4.14, MEMBARRIER_CMD_PRIVATE_EXPEDITED): each
 *    thread has its own nesting counter (registered in a list on its first
 *    record, unlinked by a thread-specific-data destructor at its exit),
 *    written with plain stores, no atomic instruction.  ust_synchronize()
 *    runs membarrier(), which makes every running thread of the process
 *    execute a full barrier: a reader whose "in" store was still in its
 *    store buffer (its set load possibly done before our unpublish) has it
 *    visible after the barrier, so we see it counted and wait; a reader
 *    entering after its barrier loads the set after our unpublish, the new
 *    one.  Then each thread's counter must be seen at zero once.
 *  - fallback: READERS shared counters on their own cache lines, a thread
 *    always using the same one; "in" is a seq_cst increment (a full
 *    barrier on x86) before the set load, "out" a release decrement;
 *    ust_synchronize() waits until each counter has been seen at zero.
 *
 * In both cases a reader counted before the zero was seen has left, and a
 * reader entering after it sees the new set: readers never wait for the
 * updater, the updater waits for readers only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/membarrier.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ust-lib.h"

#define READERS		64

static struct {
	_Alignas(64) atomic_long n;
} readers[READERS];
static atomic_uint next_reader_slot;

/* membarrier read side: one per thread that ever recorded */
struct ust_reader {
	_Atomic long nest;		/* written by its thread only */
	struct ust_reader *next;
	int registered;
};

static int use_membarrier;
static pthread_mutex_t reader_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ust_reader *reader_list;
static pthread_key_t reader_key;

struct tls_cache {
	struct ust_reader rd;
	void *ip;			/* tracef(): its caller's address */
	const struct ust_session *only;	/* statedump: its session alone */
	int slot;			/* readers[] index, -1: unassigned */
	int32_t tid;			/* 0: not read yet */
	int have_name;
	char name[17];
};

static __thread struct tls_cache tls
	__attribute__((tls_model("initial-exec"))) = { .slot = -1 };

/* Process-wide contexts, refreshed at init and in a fork child. */
static int32_t ctx_pid, ctx_uid, ctx_gid, ctx_euid, ctx_egid;

/* What the generated code's struct lttng_ust_rec keeps for us. */
struct rec_priv {
	struct ust_ring_ctx rctx;
	struct ust_set *set;
	unsigned int idx;
	int slot;
};

_Static_assert(sizeof(struct rec_priv) <= sizeof(((struct lttng_ust_rec *)0)->priv),
	       "struct lttng_ust_rec too small");
_Static_assert(sizeof(struct lttng_ust_fv) == sizeof(struct lttng_filter_value) &&
	       offsetof(struct lttng_ust_fv, ptr) == offsetof(struct lttng_filter_value, ptr) &&
	       offsetof(struct lttng_ust_fv, len) == offsetof(struct lttng_filter_value, len),
	       "filter values");

static inline struct rec_priv *rp(struct lttng_ust_rec *r)
{
	return (struct rec_priv *)r->priv;
}

void ust_ctx_refresh(void)
{
	ctx_pid = getpid();
	ctx_uid = (int32_t)getuid();
	ctx_gid = (int32_t)getgid();
	ctx_euid = (int32_t)geteuid();
	ctx_egid = (int32_t)getegid();
}

void ust_set_caller_ip(void *ip)
{
	tls.ip = ip;
}

void ust_set_session_only(const struct ust_session *s)
{
	tls.only = s;
}

void ust_thread_reset(void)
{
	tls.tid = 0;
	tls.have_name = 0;
}

static inline int32_t cur_tid(void)
{
	if (__builtin_expect(!tls.tid, 0))
		tls.tid = (int32_t)syscall(SYS_gettid);
	return tls.tid;
}

static const char *cur_name(void)
{
	if (!tls.have_name) {
		memset(tls.name, 0, sizeof(tls.name));
		if (prctl(PR_GET_NAME, tls.name) < 0)
			strcpy(tls.name, "?");
		tls.have_name = 1;
	}
	return tls.name;
}

static inline int cur_cpu(void)
{
	int cpu = sched_getcpu();

	return cpu < 0 ? 0 : cpu;
}

size_t ust_ctx_size(uint32_t type)
{
	switch (type) {
	case LTTNG_UST_CTX_VPID:
	case LTTNG_UST_CTX_VTID:
	case LTTNG_UST_CTX_CPU_ID:
	case LTTNG_UST_CTX_VUID:
	case LTTNG_UST_CTX_VGID:
	case LTTNG_UST_CTX_VEUID:
	case LTTNG_UST_CTX_VEGID:
		return 4;
	case LTTNG_UST_CTX_PROCNAME:
		return 17;
	case LTTNG_UST_CTX_PTHREAD_ID:
	case LTTNG_UST_CTX_IP:
		return sizeof(unsigned long);
	case LTTNG_UST_CTX_PERF_THREAD_COUNTER:
		return sizeof(uint64_t);
	default:
		return 0;
	}
}

static void write_ctx(struct lttng_ust_rec *r, const struct ust_chan *c,
		      int cpu, void *ip)
{
	uint32_t i;

	for (i = 0; i < c->nr_ctx; i++) {
		int32_t v;
		unsigned long ul;
		uint64_t u64;

		switch (c->ctx[i]) {
		case LTTNG_UST_CTX_VPID:
			v = ctx_pid;
			break;
		case LTTNG_UST_CTX_VTID:
			v = cur_tid();
			break;
		case LTTNG_UST_CTX_CPU_ID:
			v = cpu;
			break;
		case LTTNG_UST_CTX_VUID:
			v = ctx_uid;
			break;
		case LTTNG_UST_CTX_VGID:
			v = ctx_gid;
			break;
		case LTTNG_UST_CTX_VEUID:
			v = ctx_euid;
			break;
		case LTTNG_UST_CTX_VEGID:
			v = ctx_egid;
			break;
		case LTTNG_UST_CTX_PROCNAME:
			lttng_ust_rec_write(r, cur_name(), 17);
			continue;
		case LTTNG_UST_CTX_PTHREAD_ID:
			ul = (unsigned long)pthread_self();
			lttng_ust_rec_write(r, &ul, sizeof(ul));
			continue;
		case LTTNG_UST_CTX_IP:
			ul = (unsigned long)(tls.ip ? tls.ip : ip);
			lttng_ust_rec_write(r, &ul, sizeof(ul));
			continue;
		case LTTNG_UST_CTX_PERF_THREAD_COUNTER:
			u64 = ust_perf_read(c->perf[i].type, c->perf[i].config);
			lttng_ust_rec_write(r, &u64, sizeof(u64));
			continue;
		default:
			continue;	/* refused at CHANNEL_CREATE */
		}
		lttng_ust_rec_write(r, &v, sizeof(v));
	}
}

/* ------------------------------------------------------------------ */
/* The probe's calls                                                   */
/* ------------------------------------------------------------------ */

static void reader_unlink(struct ust_reader *rd)
{
	struct ust_reader **pp;

	for (pp = &reader_list; *pp; pp = &(*pp)->next)
		if (*pp == rd) {
			*pp = rd->next;
			break;
		}
	rd->registered = 0;
}

/* thread exit: its counter leaves the list */
static void reader_exit(void *arg)
{
	pthread_mutex_lock(&reader_lock);
	reader_unlink(arg);
	pthread_mutex_unlock(&reader_lock);
}

/* A thread's first record (signals blocked: a handler's record must not
 * find the lock taken by the same thread). */
static void reader_register(struct ust_reader *rd)
{
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_mutex_lock(&reader_lock);
	rd->next = reader_list;
	reader_list = rd;
	rd->registered = 1;
	pthread_mutex_unlock(&reader_lock);
	pthread_setspecific(reader_key, rd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static inline void read_out(struct rec_priv *p)
{
	if (p->slot < 0) {
		struct ust_reader *rd = &tls.rd;

		atomic_signal_fence(memory_order_seq_cst);
		atomic_store_explicit(&rd->nest,
				      atomic_load_explicit(&rd->nest, memory_order_relaxed) - 1,
				      memory_order_release);
	} else {
		atomic_fetch_sub_explicit(&readers[p->slot].n, 1,
					  memory_order_release);
	}
}

int lttng_ust_rec_begin(struct lttng_ust_rec *r, struct lttng_ust_event_state *st)
{
	struct rec_priv *p = rp(r);
	struct ust_set *set;

	if (__builtin_expect(use_membarrier, 1)) {
		struct ust_reader *rd = &tls.rd;

		if (__builtin_expect(!rd->registered, 0))
			reader_register(rd);
		/* plain store: membarrier() orders it for the updater */
		atomic_store_explicit(&rd->nest,
				      atomic_load_explicit(&rd->nest, memory_order_relaxed) + 1,
				      memory_order_relaxed);
		atomic_signal_fence(memory_order_seq_cst);
		p->slot = -1;
		set = __atomic_load_n((struct ust_set **)&st->priv, __ATOMIC_ACQUIRE);
	} else {
		int slot = tls.slot;

		if (__builtin_expect(slot < 0, 0)) {
			slot = (int)(atomic_fetch_add(&next_reader_slot, 1) % READERS);
			tls.slot = slot;
		}
		atomic_fetch_add_explicit(&readers[slot].n, 1, memory_order_seq_cst);
		p->slot = slot;
		set = __atomic_load_n((struct ust_set **)&st->priv, __ATOMIC_SEQ_CST);
	}
	if (!set || !set->nr) {
		read_out(p);
		return 0;
	}
	p->set = set;
	p->idx = 0;
	r->any_filter = set->any_filter;
	r->pos = r->end = NULL;
	return 1;
}

int lttng_ust_rec_reserve(struct lttng_ust_rec *r, const struct lttng_ust_fv *fv,
			  size_t len, void *ip)
{
	struct rec_priv *p = rp(r);
	const struct ust_inst *in = &p->set->inst[p->idx];
	const struct ust_chan *c = in->chan;
	int cpu;

	if (in->filters) {
		struct lttng_filter_input input = {
			.fields = (const struct lttng_filter_value *)fv,
			.nr_fields = (unsigned int)r->nr_fields,
		};

		if (!lttng_filter_list_run(in->filters, &input))
			return -1;
	}
	if (__builtin_expect(tls.only != NULL, 0) && c->sess != tls.only)
		return -1;
	cpu = cur_cpu();
	p->rctx.ring = c->rings[(unsigned int)cpu % c->nr_streams];
	p->rctx.event_id = in->id;
	p->rctx.payload_len = c->ctx_len + len;
	if (__builtin_expect(c->blocking_timeout_us != 0, 0)) {
		/* blocking mode: wait for room while the channel writes */
		if (ust_ring_reserve_wait(&p->rctx, c->blocking_timeout_us,
					  &c->writing))
			return -1;
	} else if (ust_ring_reserve(&p->rctx)) {
		return -1;
	}
	r->pos = p->rctx.payload;
	r->end = p->rctx.payload + p->rctx.payload_len;
	if (c->nr_ctx)
		write_ctx(r, c, cpu, ip);
	return 0;
}

int lttng_ust_rec_commit_next(struct lttng_ust_rec *r)
{
	struct rec_priv *p = rp(r);

	if (r->end) {
		/* a field shorter than announced: zeros keep it readable */
		if (r->pos < r->end)
			memset(r->pos, 0, (size_t)(r->end - r->pos));
		ust_ring_commit(&p->rctx);
		r->pos = r->end = NULL;
	}
	if (++p->idx < p->set->nr)
		return 1;
	read_out(p);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Grace period (update side, under ust_lock)                          */
/* ------------------------------------------------------------------ */

/* Wait until *n has been seen at zero once (spin a little, then sleep). */
static void wait_zero(_Atomic long *n)
{
	struct timespec ts = { 0, 50 * 1000 };
	int spins = 0;

	while (atomic_load_explicit(n, memory_order_seq_cst) > 0) {
		if (++spins < 1000)
			continue;
		nanosleep(&ts, NULL);
	}
}

void ust_synchronize(void)
{
	int i;

	atomic_thread_fence(memory_order_seq_cst);
	if (use_membarrier) {
		struct ust_reader *rd;

		if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0))
			DBG("membarrier: %s", strerror(errno));
		pthread_mutex_lock(&reader_lock);
		for (rd = reader_list; rd; rd = rd->next)
			wait_zero(&rd->nest);
		pthread_mutex_unlock(&reader_lock);
		return;
	}
	for (i = 0; i < READERS; i++)
		wait_zero(&readers[i].n);
}

/* At start: the membarrier read side if the kernel has it. */
void ust_read_init(void)
{
	const char *no = secure_getenv("LTTNG_UST_NO_MEMBARRIER");

	pthread_key_create(&reader_key, reader_exit);
	use_membarrier = !(no && *no && strcmp(no, "0")) &&
			 !syscall(SYS_membarrier,
				  MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
	DBG("grace periods: %s", use_membarrier ? "membarrier" : "shared counters");
}

/* fork child: the other threads are gone, and so are their sections */
void ust_read_reset(void)
{
	int i;

	for (i = 0; i < READERS; i++)
		atomic_store(&readers[i].n, 0);
	/* the other threads' counters are in memory the child reuses */
	pthread_mutex_init(&reader_lock, NULL);
	reader_list = NULL;
	atomic_store(&tls.rd.nest, 0);
	if (tls.rd.registered) {
		tls.rd.next = NULL;
		reader_list = &tls.rd;
	}
	if (use_membarrier &&
	    syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0))
		use_membarrier = 0;
}

/* ------------------------------------------------------------------ */
/* Contexts for filters ($ctx.*), called by module/filter.c            */
/* ------------------------------------------------------------------ */

bool lttng_filter_get_ctx(u16 id, s64 *v, const char **str, u32 *len)
{
	switch (id) {
	case LTTNG_ABI_CTX_PID:
	case LTTNG_ABI_CTX_VPID:
		*v = ctx_pid;
		return true;
	case LTTNG_ABI_CTX_TID:
	case LTTNG_ABI_CTX_VTID:
		*v = cur_tid();
		return true;
	case LTTNG_ABI_CTX_PPID:
	case LTTNG_ABI_CTX_VPPID:
		*v = getppid();
		return true;
	case LTTNG_ABI_CTX_PROCNAME:
		*str = cur_name();
		*len = 17;
		return true;
	case LTTNG_ABI_CTX_CPU_ID:
		*v = cur_cpu();
		return true;
	case LTTNG_ABI_CTX_UID:
	case LTTNG_ABI_CTX_VUID:
		*v = ctx_uid;
		return true;
	case LTTNG_ABI_CTX_EUID:
		*v = ctx_euid;
		return true;
	case LTTNG_ABI_CTX_GID:
	case LTTNG_ABI_CTX_VGID:
		*v = ctx_gid;
		return true;
	case LTTNG_ABI_CTX_EGID:
		*v = ctx_egid;
		return true;
	default:
		return false;	/* not available here: the filter is false */
	}
}
