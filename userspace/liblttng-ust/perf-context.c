// SPDX-License-Identifier: LGPL-2.1-only
/*
 * perf-context.c - the perf:thread:NAME contexts: a perf_event counter of
 * the recording thread, written as a uint64 field "perf_thread_<name>".
 *
 * Each thread opens its own counter (perf_event_open(pid 0, cpu -1),
 * counting user space only, which perf_event_paranoid 2 allows for one's
 * own threads) the first time it records into a channel with that
 * context, and maps the counter's first page.  A value is read with
 * rdpmc, under the page's sequence lock, when the kernel says user space
 * may (cap_user_rdpmc and a hardware counter index); otherwise, software
 * counters (task-clock, page-fault, ...) for instance, with read(2).  A
 * counter that cannot be opened reads 0, as in LTTng-UST, and is not
 * tried again by that thread.
 *
 * The counters of a thread live in a small thread-local table keyed by
 * (type, config), closed when the thread exits (a pthread key destructor)
 * and forgotten in a fork child (its fds count the parent's thread).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ust-lib.h"

#define PERF_SLOTS	LTTNG_UST_MAX_CONTEXTS

struct perf_slot {
	uint32_t type;
	uint64_t config;
	int state;		/* 0 unused, 1 open, -1 failed */
	int fd;
	struct perf_event_mmap_page *pc;
};

struct perf_tls {
	int nr;
	int key_set;
	struct perf_slot slot[PERF_SLOTS];
};

static __thread struct perf_tls ptls
	__attribute__((tls_model("initial-exec")));

static pthread_key_t perf_key;
static pthread_once_t perf_once = PTHREAD_ONCE_INIT;

static void slots_close(struct perf_tls *t)
{
	int i;

	for (i = 0; i < t->nr; i++) {
		struct perf_slot *s = &t->slot[i];

		if (s->state == 1) {
			if (s->pc)
				munmap(s->pc, (size_t)sysconf(_SC_PAGESIZE));
			close(s->fd);
		}
	}
	t->nr = 0;
}

static void thread_exit(void *arg)
{
	(void)arg;
	slots_close(&ptls);
}

static void key_init(void)
{
	if (pthread_key_create(&perf_key, thread_exit))
		perf_key = (pthread_key_t)-1;
}

void ust_perf_fork_child(void)
{
	/* the fds count the parent's thread: drop them, count ours */
	slots_close(&ptls);
}

static void slot_open(struct perf_slot *s)
{
	struct perf_event_attr attr;
	long fd;
	void *pc;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = s->type;
	attr.config = s->config;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		DBG("perf counter type %u config 0x%llx: %s", s->type,
		    (unsigned long long)s->config, strerror(errno));
		s->state = -1;
		return;
	}
	pc = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED,
		  (int)fd, 0);
	s->pc = pc == MAP_FAILED ? NULL : pc;
	s->fd = (int)fd;
	s->state = 1;
}

static bool read_rdpmc(const struct perf_event_mmap_page *pc, uint64_t *v)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t seq, idx, lo, hi;
	uint64_t width;
	int64_t count, pmc;

	do {
		seq = __atomic_load_n(&pc->lock, __ATOMIC_ACQUIRE);
		idx = pc->index;
		if (!pc->cap_user_rdpmc || !idx)
			return false;
		count = pc->offset;
		width = pc->pmc_width;
		__asm__ volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(idx - 1));
		pmc = (int64_t)(((uint64_t)hi << 32) | lo);
		if (width && width < 64) {
			pmc <<= 64 - width;
			pmc >>= 64 - width;
		}
		count += pmc;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (__atomic_load_n(&pc->lock, __ATOMIC_RELAXED) != seq);
	*v = (uint64_t)count;
	return true;
#else
	(void)pc;
	(void)v;
	return false;
#endif
}

uint64_t ust_perf_read(uint32_t type, uint64_t config)
{
	struct perf_tls *t = &ptls;
	struct perf_slot *s = NULL;
	uint64_t v = 0;
	int i;

	for (i = 0; i < t->nr; i++) {
		if (t->slot[i].type == type && t->slot[i].config == config) {
			s = &t->slot[i];
			break;
		}
	}
	if (!s) {
		if (t->nr == PERF_SLOTS)
			return 0;
		if (!t->key_set) {
			pthread_once(&perf_once, key_init);
			if (perf_key != (pthread_key_t)-1)
				pthread_setspecific(perf_key, t);
			t->key_set = 1;
		}
		s = &t->slot[t->nr];
		memset(s, 0, sizeof(*s));
		s->type = type;
		s->config = config;
		slot_open(s);
		t->nr++;	/* after: a signal handler sees it complete */
	}
	if (s->state != 1)
		return 0;
	if (s->pc && read_rdpmc(s->pc, &v))
		return v;
	if (read(s->fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return 0;
	return v;
}
