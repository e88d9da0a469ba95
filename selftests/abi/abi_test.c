// SPDX-License-Identifier: GPL-2.0-only
/*
 * abi_test.c - tests of the tracer module's ioctl ABI (run in the VM, as
 * root, with lttng-tracer.ko and lttng-test.ko loaded).
 *
 * Every ioctl and its error paths, fd lifetime, start/stop/destroy
 * cycles, discard and overwrite modes, and end-to-end traces: the test
 * consumes the buffers itself (mmap + get/put sub-buffer) into a CTF
 * trace directory, reads it back with babeltrace2 and compares every
 * event with what lttng-test.ko emitted (see module/test/lttng-test.c for
 * the values of event i).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/types.h>
#include <sys/syscall.h>
#include <time.h>

#include "kselftest_harness.h"
#include "lttng-ioctl.h"

#define PAGE	4096

static int nr_possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	int a, b, n = 0;
	char sep;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			if (fscanf(f, "%c", &sep) != 1)
				sep = '\n';
		}
		n += b - a + 1;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n;
}

static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/lttng_tracer/refcnt", "r");
	long n = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static int open_tracer(void)
{
	return open(LTTNG_DEVICE_PATH, O_RDWR);
}

static int new_session(int tracer)
{
	return xioctl(tracer, LTTNG_IOC_SESSION, NULL);
}

static int new_channel(int session, uint64_t subbuf, uint64_t n, int ow)
{
	struct lttng_abi_channel p = chan_params(subbuf, n, ow);

	return xioctl(session, LTTNG_SESSION_CHANNEL, &p);
}

static int new_event(int chan, const char *name)
{
	struct lttng_abi_event e = event_params(name, LTTNG_ABI_EV_TRACEPOINT);

	return xioctl(chan, LTTNG_CHANNEL_EVENT, &e);
}

/* ------------------------------------------------------------------ */
/* Tracer fd                                                           */
/* ------------------------------------------------------------------ */

TEST(device_mode_is_0600_root)
{
	struct stat st;

	ASSERT_EQ(0, stat(LTTNG_DEVICE_PATH, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
}

TEST(version)
{
	struct lttng_abi_version v;
	int t = open_tracer();

	ASSERT_LE(0, t);
	memset(&v, 0xff, sizeof(v));
	ASSERT_EQ(0, xioctl(t, LTTNG_IOC_VERSION, &v));
	EXPECT_EQ(LTTNG_ABI_MAJOR, v.abi_major);
	EXPECT_EQ(LTTNG_ABI_MINOR, v.abi_minor);
	EXPECT_EQ(2, v.tracer_major);
	EXPECT_EQ(13, v.tracer_minor);
	EXPECT_EQ(0, v.reserved);
	EXPECT_EQ(-EFAULT, xioctl(t, LTTNG_IOC_VERSION, (void *)8));
	close(t);
}

TEST(unknown_ioctls_enotty)
{
	struct sess s;
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	unsigned long bad[] = {
		_IO(LTTNG_IOC_MAGIC, 0x7f), _IO('x', 1),
		_IOR(LTTNG_IOC_MAGIC, 0x00, uint32_t),	/* VERSION, wrong size */
		LTTNG_STREAM_FLUSH,	/* right magic, wrong object */
	};
	unsigned int i;
	char buf[64];

	ASSERT_EQ(0, sess_setup(&s, "enotty", &cp, TEST_EVENT));
	ASSERT_LT(0, s.nstreams);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(buf, 0, sizeof(buf));
		EXPECT_EQ(-ENOTTY, xioctl(s.tracer, bad[i], buf));
		EXPECT_EQ(-ENOTTY, xioctl(s.session, bad[i], buf));
		EXPECT_EQ(-ENOTTY, xioctl(s.chan, bad[i], buf));
		EXPECT_EQ(-ENOTTY, xioctl(s.event, bad[i], buf));
		EXPECT_EQ(-ENOTTY, xioctl(s.meta, bad[i], buf));
		if (bad[i] != LTTNG_STREAM_FLUSH)
			EXPECT_EQ(-ENOTTY, xioctl(s.st[0].fd, bad[i], buf));
	}
	EXPECT_EQ(-ENOTTY, xioctl(s.tracer, LTTNG_SESSION_START, NULL));
	EXPECT_EQ(-ENOTTY, xioctl(s.chan, LTTNG_SESSION_START, NULL));
	EXPECT_EQ(-ENOTTY, xioctl(s.session, LTTNG_CHANNEL_STREAM, NULL));
	EXPECT_EQ(-ENOTTY, xioctl(s.st[0].fd, LTTNG_EVENT_ENABLE, NULL));
	sess_close(&s);
}

TEST(list_events)
{
	struct lttng_abi_event_list l;
	char *buf, *p;
	int t = open_tracer(), found = 0;
	uint32_t n = 0;

	ASSERT_LE(0, t);
	memset(&l, 0, sizeof(l));
	l.type = LTTNG_ABI_EV_TRACEPOINT;
	ASSERT_EQ(-ENOSPC, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	ASSERT_LT(0, l.count);
	ASSERT_LT(strlen(TEST_EVENT), l.needed);
	buf = calloc(1, l.needed + 16);
	ASSERT_NE(NULL, buf);
	l.len = l.needed - 1;
	l.buf = (uintptr_t)buf;
	EXPECT_EQ(-ENOSPC, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	EXPECT_EQ(0, buf[0]);			/* nothing copied */
	l.len = l.needed + 16;
	ASSERT_EQ(0, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	for (p = buf; p < buf + l.needed; p += strlen(p) + 1) {
		n++;
		if (!strcmp(p, TEST_EVENT))
			found = 1;
	}
	EXPECT_EQ(l.count, n);
	EXPECT_TRUE(found);
	/* syscall list: whatever the sources give, consistent */
	l.type = LTTNG_ABI_EV_SYSCALL;
	l.buf = 0;
	l.len = 0;
	n = xioctl(t, LTTNG_IOC_LIST_EVENTS, &l);
	EXPECT_TRUE((int)n == 0 || (int)n == -ENOSPC);
	/* errors */
	l.type = LTTNG_ABI_EV_KPROBE;
	EXPECT_EQ(-EINVAL, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	l.type = 77;
	EXPECT_EQ(-EINVAL, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	l.type = LTTNG_ABI_EV_TRACEPOINT;
	l.len = 1 << 20;
	l.buf = 16;
	EXPECT_EQ(-EFAULT, xioctl(t, LTTNG_IOC_LIST_EVENTS, &l));
	EXPECT_EQ(-EFAULT, xioctl(t, LTTNG_IOC_LIST_EVENTS, (void *)16));
	free(buf);
	close(t);
}

/* ------------------------------------------------------------------ */
/* Session fd                                                          */
/* ------------------------------------------------------------------ */

/* A tracer fd and one session on it, closed after the test. */
FIXTURE(session) {
	int t;
	int s;
};

FIXTURE_SETUP(session)
{
	self->t = open_tracer();
	ASSERT_LE(0, self->t);
	self->s = new_session(self->t);
	ASSERT_LE(0, self->s);
}

FIXTURE_TEARDOWN(session)
{
	close(self->s);
	close(self->t);
}

TEST_F(session, session_name_and_time)
{
	struct lttng_abi_session_name n;
	struct lttng_abi_session_creation_time ct;
	int s = self->s, c;

	memset(&n, 0, sizeof(n));
	strcpy(n.name, "my-session_1");
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	memset(&n, 'a', sizeof(n));		/* not terminated */
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	memset(&n, 0, sizeof(n));		/* empty */
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	strcpy(n.name, "bad\"quote");
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	strcpy(n.name, "bad\nline");
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_SET_NAME, (void *)64));

	memset(&ct, 0, sizeof(ct));
	strcpy(ct.iso8601, "20261126T134301+0000");
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_SET_CREATION_TIME, &ct));
	memset(&ct, '1', sizeof(ct));
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_CREATION_TIME, &ct));
	memset(&ct, 0, sizeof(ct));
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_SET_CREATION_TIME, &ct));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_SET_CREATION_TIME,
				  (void *)64));

	/* frozen once started */
	c = new_channel(s, PAGE, 2, 0);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	strcpy(n.name, "other");
	EXPECT_EQ(-EBUSY, xioctl(s, LTTNG_SESSION_SET_NAME, &n));
	strcpy(ct.iso8601, "20261126T134302+0000");
	EXPECT_EQ(-EBUSY, xioctl(s, LTTNG_SESSION_SET_CREATION_TIME, &ct));
	close(c);
}

TEST_F(session, channel_param_checks)
{
	struct lttng_abi_channel p;
	int s = self->s, c;

#define BADCHAN(field, value) do { \
		p = chan_params(PAGE, 4, 0); \
		p.field = value; \
		EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_CHANNEL, &p)); \
		EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_METADATA, &p)); \
	} while (0)
	BADCHAN(subbuf_size, 0);
	BADCHAN(subbuf_size, PAGE / 2);
	BADCHAN(subbuf_size, PAGE * 3);
	BADCHAN(subbuf_size, 1ULL << 40);
	BADCHAN(subbuf_size, (uint64_t)-1);
	BADCHAN(num_subbuf, 0);
	BADCHAN(num_subbuf, 3);
	BADCHAN(num_subbuf, 1ULL << 40);
	BADCHAN(num_subbuf, (uint64_t)-1);
	BADCHAN(overwrite, 2);
	BADCHAN(output, 1);
	BADCHAN(reserved[0], 1);
	BADCHAN(reserved[3], 1);
	p = chan_params(PAGE, 1, 1);	/* overwrite needs two sub-buffers */
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_CHANNEL, &p));
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_METADATA, &p));
	p = chan_params(1 << 20, 1 << 10, 0);	/* 1 GiB per CPU: too big */
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_CHANNEL, &p));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_CHANNEL, (void *)64));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_METADATA, (void *)64));

	c = new_channel(s, PAGE, 2, 1);
	EXPECT_LE(0, c);
	close(c);
	c = new_channel(s, PAGE, 1, 0);	/* the smallest: one page, discard */
	EXPECT_LE(0, c);
	close(c);
	c = new_channel(s, 2 * PAGE, 8, 0);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	EXPECT_EQ(-EBUSY, new_channel(s, PAGE, 2, 0));
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EBUSY, new_channel(s, PAGE, 2, 0));
	close(c);
}

TEST_F(session, start_stop_status)
{
	struct lttng_abi_session_status st;
	int s = self->s, c, e, i;

	memset(&st, 0xff, sizeof(st));
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(LTTNG_ABI_SESSION_INACTIVE, st.state);
	EXPECT_EQ(0, st.nr_channels);
	EXPECT_EQ(0, st.nr_events);
	EXPECT_EQ(0, st.reserved);
	EXPECT_EQ(-EBUSY, xioctl(s, LTTNG_SESSION_STOP, NULL));
	c = new_channel(s, PAGE, 2, 0);
	ASSERT_LE(0, c);
	e = new_event(c, TEST_EVENT);
	ASSERT_LE(0, e);
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
		EXPECT_EQ(-EBUSY, xioctl(s, LTTNG_SESSION_START, NULL));
		ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STATUS, &st));
		EXPECT_EQ(LTTNG_ABI_SESSION_ACTIVE, st.state);
		EXPECT_EQ(1, st.nr_channels);
		EXPECT_EQ(1, st.nr_events);
		EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_QUIESCENT, NULL));
		ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STOP, NULL));
		EXPECT_EQ(-EBUSY, xioctl(s, LTTNG_SESSION_STOP, NULL));
		ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STATUS, &st));
		EXPECT_EQ(LTTNG_ABI_SESSION_INACTIVE, st.state);
	}
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_QUIESCENT, NULL));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_STATUS, (void *)64));
	close(e);
	close(c);
}

TEST_F(session, trackers)
{
	struct lttng_abi_tracker tr = { .type = LTTNG_ABI_TRACKER_PID };
	int s = self->s;

	tr.id = 42;
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_UNTRACK, &tr)); /* all */
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	EXPECT_EQ(-EEXIST, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	tr.id = 43;
	EXPECT_EQ(-ENOENT, xioctl(s, LTTNG_SESSION_UNTRACK, &tr));
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_UNTRACK, &tr));
	tr.id = -1;
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_UNTRACK, &tr));
	EXPECT_EQ(0, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	tr.id = -2;
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	tr.id = 1;
	tr.type = 6;
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_TRACK, &tr));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_TRACK, (void *)64));
}

/* ------------------------------------------------------------------ */
/* Channel and event fds                                               */
/* ------------------------------------------------------------------ */

TEST_F(session, streams_one_per_possible_cpu)
{
	int s = self->s, c, fd, n = 0, i, fds[MAX_STREAMS];
	int seen[MAX_STREAMS] = { 0 };

	c = new_channel(s, PAGE, 4, 0);
	ASSERT_LE(0, c);
	while ((fd = xioctl(c, LTTNG_CHANNEL_STREAM, NULL)) >= 0) {
		struct lttng_abi_stream_info info;

		ASSERT_LT(n, MAX_STREAMS);
		ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_INFO, &info));
		EXPECT_EQ(PAGE, info.subbuf_size);
		EXPECT_EQ(4, info.num_subbuf);
		EXPECT_EQ(4 * PAGE, info.mmap_len);
		EXPECT_EQ(0, info.finalized);
		EXPECT_EQ(0, info.stream_id);
		ASSERT_LT(info.cpu_id, MAX_STREAMS);
		EXPECT_EQ(0, seen[info.cpu_id]);
		seen[info.cpu_id] = 1;
		fds[n++] = fd;
	}
	EXPECT_EQ(-ENOENT, fd);
	EXPECT_EQ(-ENOENT, xioctl(c, LTTNG_CHANNEL_STREAM, NULL));
	EXPECT_EQ(nr_possible_cpus(), n);
	for (i = 0; i < n; i++)
		close(fds[i]);
	close(c);
}

TEST_F(session, event_param_checks)
{
	struct lttng_abi_event e;
	int s = self->s, c, fd;

	c = new_channel(s, PAGE, 2, 0);
	ASSERT_LE(0, c);
#define BADEV(stmt, err) do { \
		e = event_params(TEST_EVENT, LTTNG_ABI_EV_TRACEPOINT); \
		stmt; \
		EXPECT_EQ(err, xioctl(c, LTTNG_CHANNEL_EVENT, &e)); \
	} while (0)
	BADEV(memset(e.name, 'a', sizeof(e.name)), -EINVAL);
	BADEV(e.name[0] = 0, -EINVAL);
	BADEV(e.type = LTTNG_ABI_EV_NR, -EINVAL);
	BADEV(e.type = 0xffffffff, -EINVAL);
	BADEV(e.reserved = 1, -EINVAL);
	BADEV(e.disabled = 2, -EINVAL);
	BADEV(e.entryexit = 1, -EINVAL);	/* not a syscall */
	BADEV((e.type = LTTNG_ABI_EV_SYSCALL, e.entryexit = 3), -EINVAL);
	BADEV((e.type = LTTNG_ABI_EV_KPROBE,
	       memset(e.u.kprobe.symbol_name, 'a',
		      sizeof(e.u.kprobe.symbol_name))), -EINVAL);
	BADEV(e.type = LTTNG_ABI_EV_KPROBE, -EINVAL);	/* no symbol/addr */
	BADEV(e.type = LTTNG_ABI_EV_KRETPROBE, -EINVAL);
	BADEV(strcpy(e.name, "no_such_event_xyz"), -ENOENT);
	EXPECT_EQ(-EFAULT, xioctl(c, LTTNG_CHANNEL_EVENT, (void *)64));

	/* a wildcard matching nothing (yet) is accepted, like LTTng */
	fd = new_event(c, "no_such_event_*");
	EXPECT_LE(0, fd);
	close(fd);
	fd = new_event(c, TEST_EVENT);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, xioctl(fd, LTTNG_EVENT_DISABLE, NULL));
	EXPECT_EQ(0, xioctl(fd, LTTNG_EVENT_DISABLE, NULL));
	EXPECT_EQ(0, xioctl(fd, LTTNG_EVENT_ENABLE, NULL));
	EXPECT_EQ(0, xioctl(fd, LTTNG_EVENT_ENABLE, NULL));
	{
		struct lttng_abi_filter f = { 0 };
		char code[16] = { 0 };

		EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_EVENT_FILTER, &f));
		f.bytecode = (uintptr_t)code;
		f.len = LTTNG_FILTER_MAX_LEN + 1;
		EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_EVENT_FILTER, &f));
		f.len = sizeof(code);
		f.reserved = 1;
		EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_EVENT_FILTER, &f));
		EXPECT_EQ(-EFAULT, xioctl(fd, LTTNG_EVENT_FILTER, (void *)64));
	}
	close(fd);
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_DISABLE, NULL));
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_DISABLE, NULL));
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_ENABLE, NULL));
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_ENABLE, NULL));

	/* events can be created on a started session */
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	fd = new_event(c, "lttng_test_*");
	EXPECT_LE(0, fd);
	close(fd);
	close(c);
}

TEST_F(session, context_param_checks)
{
	struct lttng_abi_context ctx;
	int s = self->s, c;

	c = new_channel(s, PAGE, 2, 0);
	ASSERT_LE(0, c);
	memset(&ctx, 0, sizeof(ctx));
	ctx.type = LTTNG_ABI_CTX_NR;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.type = LTTNG_ABI_CTX_PID;
	ctx.reserved = 1;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.reserved = 0;
	ctx.perf.config = 1;		/* only for perf contexts */
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.perf.config = 0;
	strcpy(ctx.perf.name, "x");
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	/* perf: a type perf_event_open() knows, a CTF name, reserved 0 */
	ctx.type = LTTNG_ABI_CTX_PERF_CPU_COUNTER;
	ctx.perf.type = 2;		/* PERF_TYPE_TRACEPOINT */
	strcpy(ctx.perf.name, "perf_cpu_x");
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.perf.type = 1;		/* PERF_TYPE_SOFTWARE */
	ctx.perf.reserved = 1;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.perf.reserved = 0;
	strcpy(ctx.perf.name, "9perf");
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	strcpy(ctx.perf.name, "perf-cpu");
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	memset(ctx.perf.name, 'a', sizeof(ctx.perf.name));	/* no NUL */
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	/* a software counter counts everywhere; twice the same name: EEXIST */
	memset(ctx.perf.name, 0, sizeof(ctx.perf.name));
	strcpy(ctx.perf.name, "perf_cpu_cpu_clock");
	ctx.perf.config = 0;		/* PERF_COUNT_SW_CPU_CLOCK */
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	EXPECT_EQ(-EEXIST, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	strcpy(ctx.perf.name, "perf_cpu_page_fault");
	ctx.perf.config = 2;		/* PERF_COUNT_SW_PAGE_FAULTS */
	EXPECT_EQ(0, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	EXPECT_EQ(-EFAULT, xioctl(c, LTTNG_CHANNEL_CONTEXT, (void *)64));
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	memset(&ctx, 0, sizeof(ctx));
	ctx.type = LTTNG_ABI_CTX_PID;
	EXPECT_EQ(-EBUSY, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	close(c);
}

/* ------------------------------------------------------------------ */
/* Stream fd                                                           */
/* ------------------------------------------------------------------ */

TEST(stream_mmap_and_subbuf_errors)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 0);
	struct lttng_abi_subbuf sb;
	struct lttng_abi_stream_info info;
	struct sess s;
	void *m;
	int i, got = 0;
	uint64_t len, ts0, ts1;

	ASSERT_EQ(0, sess_setup(&s, "mmap", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_MMAP_LEN, &len));
	EXPECT_EQ(4 * PAGE, len);
	EXPECT_EQ(-EFAULT, xioctl(s.st[0].fd, LTTNG_STREAM_GET_MMAP_LEN,
				  (void *)64));
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, s.st[0].fd, 0);
	EXPECT_EQ(MAP_FAILED, m);
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, s.st[0].fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_NE(0, mprotect(m, len, PROT_READ | PROT_WRITE));
	munmap(m, len);
	m = mmap(NULL, len * 2, PROT_READ, MAP_SHARED, s.st[0].fd, 0);
	EXPECT_EQ(MAP_FAILED, m);
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, s.st[0].fd, PAGE);
	EXPECT_EQ(MAP_FAILED, m);
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, s.st[0].fd, 0);
	if (m != MAP_FAILED) {	/* allowed, read-only too */
		EXPECT_EQ(0, *(volatile char *)m);
		EXPECT_NE(0, mprotect(m, len, PROT_READ | PROT_WRITE));
		munmap(m, len);
	}
	{
		char c;

		EXPECT_GT(0, read(s.st[0].fd, &c, 1));
		EXPECT_GT(0, write(s.st[0].fd, &c, 1));
		EXPECT_GT(0, write(s.meta, &c, 1));
		EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
					   s.meta, 0));
		EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
					   s.chan, 0));
	}

	EXPECT_EQ(-EAGAIN, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(-EINVAL, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(50, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	for (i = 0; i < s.nstreams; i++) {
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
		EXPECT_EQ(-EBUSY, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
					 &sb));
		EXPECT_EQ(PAGE, sb.packet_size);
		EXPECT_LT(84, sb.content_size);
		EXPECT_LE(sb.timestamp_begin, sb.timestamp_end);
		EXPECT_EQ(0, sb.events_discarded);
		EXPECT_EQ(0, sb.seq_num);
		EXPECT_EQ(s.st[i].cpu, sb.cpu_id);
		/* packet header as the reader sees it */
		EXPECT_EQ(0xC1FC1FC1, *(uint32_t *)((char *)s.st[i].map +
						     sb.mmap_offset));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
		EXPECT_EQ(-EINVAL, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF,
					  NULL));
		EXPECT_EQ(-EAGAIN, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
					  &sb));
		/* the stream's clock: not before its last packet, never back */
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_TIMESTAMP, &ts0));
		EXPECT_LE(sb.timestamp_end, ts0);
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_TIMESTAMP, &ts1));
		EXPECT_LE(ts0, ts1);
		EXPECT_EQ(-EFAULT, xioctl(s.st[i].fd, LTTNG_STREAM_GET_TIMESTAMP,
					  (void *)64));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH, NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_INFO, &info));
		EXPECT_EQ(0, info.finalized);
		got++;
	}
	EXPECT_EQ(s.nstreams, got);
	EXPECT_EQ(-EFAULT, xioctl(s.st[0].fd, LTTNG_STREAM_INFO, (void *)64));
	/* a subbuffer that could not be copied out is not lost */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(5, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EFAULT, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
				  (void *)64));
	EXPECT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(1, sb.seq_num);
	sess_close(&s);
}

/* FLUSH leaves an empty sub-buffer alone; FLUSH_EMPTY closes it as a
 * packet of its header alone (a live session's first packet). */
TEST(stream_flush_empty)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	struct lttng_abi_subbuf sb;
	struct sess s;
	uint64_t ts;
	int i;

	ASSERT_EQ(0, sess_setup(&s, "flushempty", &cp, NULL));
	for (i = 0; i < s.nstreams; i++) {
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH, NULL));
		EXPECT_EQ(-EAGAIN, xioctl(s.st[i].fd,
					  LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_TIMESTAMP, &ts));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH_EMPTY, NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
				    &sb));
		EXPECT_EQ(84, sb.content_size);		/* header + context */
		EXPECT_EQ(PAGE, sb.packet_size);
		EXPECT_EQ(0, sb.seq_num);
		EXPECT_LE(ts, sb.timestamp_begin);
		EXPECT_EQ(sb.timestamp_begin, sb.timestamp_end);
		EXPECT_EQ(0xC1FC1FC1, *(uint32_t *)((char *)s.st[i].map +
						     sb.mmap_offset));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF,
				    NULL));
		/* a full ring gets no empty packet: two, then nothing */
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH_EMPTY, NULL));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH_EMPTY, NULL));
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_FLUSH_EMPTY, NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
				    &sb));
		EXPECT_EQ(1, sb.seq_num);
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF,
				    NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
				    &sb));
		EXPECT_EQ(2, sb.seq_num);
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF,
				    NULL));
		EXPECT_EQ(-EAGAIN, xioctl(s.st[i].fd,
					  LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	}
	sess_close(&s);
}

TEST(poll_and_finalize_on_destroy)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 0);
	struct lttng_abi_stream_info info;
	struct lttng_abi_subbuf sb;
	struct pollfd pfd;
	struct sess s;
	char buf[256];
	uint64_t v1, v2;
	int i;

	ASSERT_EQ(0, sess_setup(&s, "poll", &cp, NULL));
	/* metadata: nothing before the first start */
	EXPECT_EQ(0, read(s.meta, buf, sizeof(buf)));
	ASSERT_EQ(0, xioctl(s.meta, LTTNG_METADATA_GET_VERSION, &v1));
	{
		struct lttng_abi_channel mp = chan_params(PAGE, 2, 0);

		EXPECT_EQ(-EBUSY, xioctl(s.session, LTTNG_SESSION_METADATA, &mp));
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	pfd.fd = s.meta;
	pfd.events = POLLIN;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_TRUE(pfd.revents & POLLIN);
	ASSERT_EQ(10, read(s.meta, buf, 10));
	EXPECT_EQ(0, memcmp(buf, "/* CTF 1.8", 10));
	while (read(s.meta, buf, sizeof(buf)) > 0)
		;
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, xioctl(s.meta, LTTNG_METADATA_GET_VERSION, &v2));
	EXPECT_LT(v1, v2);
	/* an event created now is appended */
	s.event = new_event(s.chan, TEST_EVENT);
	ASSERT_LE(0, s.event);
	ASSERT_EQ(0, xioctl(s.meta, LTTNG_METADATA_GET_VERSION, &v1));
	EXPECT_LT(v2, v1);
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	{
		char all[8192] = "";
		ssize_t n, tot = 0;

		while ((n = read(s.meta, all + tot, sizeof(all) - 1 - tot)) > 0)
			tot += n;
		all[tot] = 0;
		EXPECT_NE(NULL, strstr(all, "name = \"" TEST_EVENT "\";"));
	}
	/* streams: nothing to read, then data after a flush */
	pfd.fd = s.st[0].fd;
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, emit(20, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_QUIESCENT, NULL));
	for (i = 0; i < s.nstreams; i++) {
		pfd.fd = s.st[i].fd;
		EXPECT_EQ(1, poll(&pfd, 1, 5000));
		EXPECT_TRUE(pfd.revents & POLLIN);
	}
	/* stop: flushed, not finalized */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	EXPECT_EQ(-EAGAIN, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	/* destroy: the session fd goes, children still work and hang up */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(3, 1));
	close(s.session);
	s.session = -1;
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	for (i = 0; i < s.nstreams; i++) {
		struct lttng_abi_subbuf sb2;

		while (xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb2) == 0)
			xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL);
		EXPECT_EQ(-ENODATA, xioctl(s.st[i].fd,
					   LTTNG_STREAM_GET_NEXT_SUBBUF, &sb2));
		pfd.fd = s.st[i].fd;
		EXPECT_EQ(1, poll(&pfd, 1, 0));
		EXPECT_TRUE(pfd.revents & POLLHUP);
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_INFO, &info));
		EXPECT_EQ(1, info.finalized);
	}
	pfd.fd = s.meta;
	while (read(s.meta, buf, sizeof(buf)) > 0)
		;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_TRUE(pfd.revents & POLLHUP);
	sess_close(&s);
}

/* ------------------------------------------------------------------ */
/* Object lifetime                                                     */
/* ------------------------------------------------------------------ */

static void open_everything(struct sess *s, int start)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);

	if (sess_setup(s, "life", &cp, TEST_EVENT))
		_exit(2);
	if (start && xioctl(s->session, LTTNG_SESSION_START, NULL))
		_exit(3);
	if (start && emit(10, 0))
		_exit(4);
}

TEST(close_in_any_order)
{
	long base = module_refcnt();
	int order, i;

	ASSERT_LE(0, base);
	for (order = 0; order < 4; order++) {
		struct sess s;
		struct lttng_abi_subbuf sb;
		pid_t pid = fork();
		int status;

		ASSERT_LE(0, pid);
		if (pid == 0) {
			open_everything(&s, 1);
			switch (order) {
			case 0:	/* parents first */
				close(s.tracer);
				close(s.session);
				close(s.chan);
				close(s.meta);
				close(s.event);
				/* stream still usable */
				if (xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
					   &sb) == -EFAULT)
					_exit(5);
				for (i = 0; i < s.nstreams; i++)
					munmap(s.st[i].map, s.st[i].len);
				for (i = 0; i < s.nstreams; i++)
					close(s.st[i].fd);
				break;
			case 1:	/* children first */
				sess_close(&s);
				break;
			case 2:	/* interleaved, mapping kept after close */
				close(s.chan);
				for (i = 0; i < s.nstreams; i++)
					close(s.st[i].fd);
				close(s.session);
				close(s.event);
				close(s.meta);
				close(s.tracer);
				/* the mapping is still readable */
				if (*(volatile char *)s.st[0].map == 0x7f)
					_exit(6);
				break;
			default: /* exit with everything open */
				break;
			}
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
		EXPECT_EQ(base, module_refcnt());
	}
}

TEST(rmmod_refused_while_open)
{
	int t = open_tracer(), s;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
	close(t);
	EXPECT_NE(0, syscall(SYS_delete_module, "lttng_tracer", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	close(s);
}

/* ------------------------------------------------------------------ */
/* Traces                                                              */
/* ------------------------------------------------------------------ */

/* The payload babeltrace2 prints for event i (module/test/lttng-test.c). */
static void expected_payload(unsigned int i, char *out, size_t len)
{
	static const char * const labels[] = { "ZERO", "ONE", "TWO" };
	char seq[256] = "", *p = seq;
	unsigned int k, n = i % 5;

	for (k = 0; k < n; k++)
		p += sprintf(p, "%s[%u] = %u", k ? ", " : "", k,
			     (uint16_t)(i + 100 * k));
	snprintf(out, len,
		 "{ seq = %u, u8 = %u, s8 = %d, u16 = %u, s16 = %d, u32 = %u, "
		 "s32 = %d, u64 = %" PRIu64 ", s64 = %" PRId64 ", hex32 = 0x%X, "
		 "hex64 = 0x%" PRIX64 ", str = \"test-%u\", carr = \"c%06u\", "
		 "arr = [ [0] = %u, [1] = %u, [2] = %u, [3] = %u ], "
		 "_seqf_length = %u, seqf = [%s%s%s], enm = ( \"%s\" : container = %u ) }",
		 i, (uint8_t)i, -(int)(i % 128), (uint16_t)(i * 3),
		 (int16_t)-(int)((i * 5) % 32768), i * 7 + 1,
		 (int32_t)((int64_t)i * -11), (uint64_t)((uint64_t)i * 0x100000001ULL),
		 (int64_t)((int64_t)i * -1000003LL), i ^ 0xdeadbeef,
		 (uint64_t)(((uint64_t)i << 32) | 0xcafe), i, i % 1000000,
		 (uint8_t)i, (uint8_t)(i + 1), (uint8_t)(i + 2), (uint8_t)(i + 3),
		 n, n ? " " : "", seq, n ? " " : " ",
		 i % 10 < 3 ? labels[i % 10] : "MANY", i % 10);
}

#define NEST_BASE	1000000U	/* events emitted from the hrtimer */
#define MAX_CPUS	(MAX_STREAMS / 2)

/* Per-CPU counters; index cpu + MAX_CPUS for the nested (irq) events. */
struct bt_result {
	long events;		/* lttng_test_event lines */
	long nested;		/* of which seq >= NEST_BASE */
	long bad;		/* lines that did not match */
	long order_errors;	/* seq not following the previous one */
	long per_cpu[MAX_STREAMS];
	long first_seq[MAX_STREAMS];
	long last_seq[MAX_STREAMS];
	long stderr_bytes;
	int forks[64];		/* lttng_test_fork children of this process */
	int nforks;
	char first_bad[8192];
	char err[1024];
};

/*
 * Run babeltrace2 on dir/kernel and check every lttng_test_event line.
 * strict_seq: per CPU, 1: seq must be 0, 1, 2, ...; 0: increasing;
 * -1: repeated bursts from 0, no order check.
 */
static int run_babeltrace(const char *dir, int strict_seq, struct bt_result *r)
{
	char cmd[1024], errpath[512], line[4096], exp[2048];
	FILE *f;
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < MAX_STREAMS; i++)
		r->last_seq[i] = r->first_seq[i] = -1;
	snprintf(errpath, sizeof(errpath), "%s/babeltrace.err", dir);
	snprintf(cmd, sizeof(cmd), "babeltrace2 %s/kernel 2>%s", dir, errpath);
	f = popen(cmd, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, " " TEST_EVENT ": { cpu_id = ");

		if (strstr(line, " lttng_test_fork: ")) {
			int parent, child;

			p = strstr(line, "{ parent_pid = ");
			if (p && sscanf(p, "{ parent_pid = %d, child_pid = %d }",
					&parent, &child) == 2 &&
			    parent == getpid() && r->nforks < 64)
				r->forks[r->nforks++] = child;
			continue;
		}
		unsigned int cpu, seq;
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = 0;
		if (!p || sscanf(p, " " TEST_EVENT ": { cpu_id = %u }, { seq = %u,",
				 &cpu, &seq) != 2 || cpu >= MAX_CPUS) {
			if (!r->bad++)
				snprintf(r->first_bad, sizeof(r->first_bad), "%s", line);
			continue;
		}
		r->events++;
		if (seq >= NEST_BASE) {
			r->nested++;
			cpu += MAX_CPUS;	/* its own sequence */
		}
		p = strstr(p, "}, {") + 3;
		expected_payload(seq, exp, sizeof(exp));
		if (strcmp(p, exp)) {
			if (!r->bad++)
				snprintf(r->first_bad, sizeof(r->first_bad),
					 "got: %s\nexp: %s", p, exp);
		}
		if (r->first_seq[cpu] < 0)
			r->first_seq[cpu] = seq;
		if (strict_seq < 0)
			;	/* repeated bursts: no order to check */
		else if (strict_seq ? (long)seq != r->last_seq[cpu] + 1 &&
				      r->last_seq[cpu] >= 0
				    : (long)seq <= r->last_seq[cpu])
			r->order_errors++;
		r->last_seq[cpu] = seq;
		r->per_cpu[cpu]++;
	}
	i = pclose(f);
	f = fopen(errpath, "r");
	if (f) {
		r->stderr_bytes = fread(r->err, 1, sizeof(r->err) - 1, f);
		fseek(f, 0, SEEK_END);
		r->stderr_bytes = ftell(f);
		fclose(f);
	}
	return i == 0 ? 0 : -1;
}

/*
 * Collect the metadata and channel0's streams of a stopped session into
 * dir/kernel, close the session and read the trace back: 0, or -1 (no
 * metadata), -2 (no packet), or run_babeltrace()'s failure.
 */
static int collect_and_read(struct sess *s, const char *dir, const char *kdir,
			    int strict_seq, struct bt_result *r)
{
	int last, ret = 0;

	if (consume_metadata(s, kdir) <= 0)
		ret = -1;
	else if (consume_streams(s, kdir, "channel0", &last) <= 0)
		ret = -2;
	sess_close(s);
	return ret ? ret : run_babeltrace(dir, strict_seq, r);
}

/* babeltrace2 read the trace without a word on stderr, every line parsed. */
static void expect_clean_read(struct __test_metadata *_metadata,
			      const struct bt_result *r)
{
	EXPECT_EQ(0, r->stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r->err);
	EXPECT_EQ(0, r->bad) TH_LOG("first bad line: %s", r->first_bad);
}

static const char *trace_root(void)
{
	const char *d = getenv("LTTNG_TEST_TRACE_DIR");

	return d ? d : "/tmp";
}

FIXTURE(trace) {
	char dir[512];
	char kdir[600];
};

FIXTURE_SETUP(trace)
{
	snprintf(self->dir, sizeof(self->dir), "%s/lttng-abi-%s-%d",
		 trace_root(), _metadata->name, getpid());
	ASSERT_EQ(0, trace_dir(self->dir, self->kdir, sizeof(self->kdir)));
}

FIXTURE_TEARDOWN(trace)
{
}

/* Everything emitted is in the trace, exactly, babeltrace2 quiet. */
TEST_F_TIMEOUT(trace, exact_trace_all_cpus, 300)
{
	struct lttng_abi_channel cp = chan_params(16 * PAGE, 8, 0);
	struct lttng_abi_session_status st;
	struct bt_result r;
	struct sess s;
	const unsigned int n = 2000;
	int i, last, online = sysconf(_SC_NPROCESSORS_ONLN);
	long packets;

	struct timespec before, after;

	ASSERT_EQ(0, sess_setup(&s, "exact", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	clock_gettime(CLOCK_REALTIME, &before);
	ASSERT_EQ(0, emit(n, 1));
	clock_gettime(CLOCK_REALTIME, &after);
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	packets = consume_streams(&s, self->kdir, "channel0", &last);
	ASSERT_LT(0, packets);
	EXPECT_EQ(-EAGAIN, last);
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(0, st.events_discarded);
	sess_close(&s);

	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(0, r.order_errors);
	EXPECT_EQ((long)n * online, r.events);
	for (i = 0; i < online && i < MAX_STREAMS; i++) {
		EXPECT_EQ(n, r.per_cpu[i]) TH_LOG("cpu %d", i);
		EXPECT_EQ(0, r.first_seq[i]);
		EXPECT_EQ(n - 1, r.last_seq[i]);
	}
	/* the clock offset maps the timestamps to wall-clock time */
	{
		char cmd[1024];
		double t = 0;
		FILE *f;

		snprintf(cmd, sizeof(cmd),
			 "babeltrace2 --clock-seconds %s/kernel 2>/dev/null", self->dir);
		f = popen(cmd, "r");
		ASSERT_NE(NULL, f);
		ASSERT_EQ(1, fscanf(f, "[%lf]", &t));
		while (fgetc(f) != EOF)
			;
		pclose(f);
		EXPECT_LE(before.tv_sec - 1, (long)t);
		EXPECT_GE(after.tv_sec + 1, (long)t);
	}
}

/* Restarting a session continues the same streams; metadata appended. */
TEST_F_TIMEOUT(trace, start_stop_cycles_and_late_event, 300)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	struct bt_result r;
	struct sess s;
	int last, cycle;
	long total = 0, packets;

	ASSERT_EQ(0, sess_setup(&s, "cycles", &cp, NULL));
	for (cycle = 0; cycle < 3; cycle++) {
		ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
		if (cycle == 1) {
			/* created while active: declared late */
			s.event = new_event(s.chan, "lttng_test_*");
			ASSERT_LE(0, s.event);
		}
		ASSERT_EQ(0, emit(100, 0));
		if (cycle >= 1)
			total += 100;
		ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
		ASSERT_LE(0, consume_metadata(&s, self->kdir));
		packets = consume_streams(&s, self->kdir, "chan", &last);
		ASSERT_LE(0, packets);
		EXPECT_EQ(-EAGAIN, last);
	}
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 0, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(total, r.events);
}

/* Tiny buffers, no reader: emitted = recorded + discarded, exactly. */
TEST_F_TIMEOUT(trace, discard_mode_accounting, 300)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	struct lttng_abi_session_status st;
	struct bt_result r;
	struct sess s;
	const unsigned int n = 3000;
	int i, last, online = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t disc = 0;

	ASSERT_EQ(0, sess_setup(&s, "discard", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(n, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	for (i = 0; i < s.nstreams; i++) {
		struct lttng_abi_stream_info info;

		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_INFO, &info));
		disc += info.events_discarded;
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(disc, st.events_discarded);
	EXPECT_LT(0, disc);
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 0, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(0, r.order_errors);
	EXPECT_EQ((long)n * online, r.events + (long)disc);
	/* discard mode keeps the oldest: each CPU starts at 0 */
	for (i = 0; i < online && i < MAX_STREAMS; i++)
		EXPECT_EQ(0, r.first_seq[i]);
}

/* Overwrite mode keeps the newest packets, nothing counted as lost. */
TEST_F_TIMEOUT(trace, overwrite_mode_keeps_newest, 300)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 1);
	struct lttng_abi_session_status st;
	struct bt_result r;
	struct sess s;
	const unsigned int n = 3000;
	int i, online = sysconf(_SC_NPROCESSORS_ONLN);

	ASSERT_EQ(0, sess_setup(&s, "overwrite", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(n, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(0, st.events_discarded);
	ASSERT_EQ(0, collect_and_read(&s, self->dir, self->kdir, 1, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(0, r.order_errors);
	for (i = 0; i < online && i < MAX_STREAMS; i++) {
		EXPECT_EQ(n - 1, r.last_seq[i]) TH_LOG("cpu %d", i);
		EXPECT_LT(0, r.first_seq[i]) TH_LOG("cpu %d", i);
		/* contiguous newest events: first .. n - 1 */
		EXPECT_EQ((long)n - r.first_seq[i], r.per_cpu[i]);
	}
}

/* Tracker: untrack everyone -> nothing recorded; track self -> all. */
TEST_F_TIMEOUT(trace, pid_tracker_filters, 300)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	struct lttng_abi_tracker tr = { .type = LTTNG_ABI_TRACKER_PID, .id = -1 };
	struct bt_result r;
	struct sess s;

	ASSERT_EQ(0, sess_setup(&s, "tracker", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_UNTRACK, &tr));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(30, 0));	/* not tracked */
	tr.id = getpid();
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_TRACK, &tr));
	ASSERT_EQ(0, emit(40, 0));	/* tracked */
	tr.type = LTTNG_ABI_TRACKER_VUID;
	tr.id = 12345;			/* root is not 12345 */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_TRACK, &tr));
	ASSERT_EQ(0, emit(50, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, collect_and_read(&s, self->dir, self->kdir, 0, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(40, r.events);
}

/* Disabled event / channel: nothing recorded while disabled. */
TEST_F_TIMEOUT(trace, enable_disable, 300)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	struct bt_result r;
	struct sess s;

	ASSERT_EQ(0, sess_setup(&s, "enable", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(10, 0));
	ASSERT_EQ(0, xioctl(s.event, LTTNG_EVENT_DISABLE, NULL));
	ASSERT_EQ(0, emit(20, 0));
	ASSERT_EQ(0, xioctl(s.event, LTTNG_EVENT_ENABLE, NULL));
	ASSERT_EQ(0, xioctl(s.chan, LTTNG_CHANNEL_DISABLE, NULL));
	ASSERT_EQ(0, emit(30, 0));
	ASSERT_EQ(0, xioctl(s.chan, LTTNG_CHANNEL_ENABLE, NULL));
	ASSERT_EQ(0, emit(5, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, emit(40, 0));	/* stopped */
	ASSERT_EQ(0, collect_and_read(&s, self->dir, self->kdir, 0, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(15, r.events);
}

/*
 * Records reserved from a hard-irq hrtimer in the middle of process
 * context ones: both sequences are complete and in order, and babeltrace2
 * finds the timestamps monotonic (it complains otherwise).
 */
TEST_F_TIMEOUT(trace, nested_irq_records, 300)
{
	struct lttng_abi_channel cp = chan_params(64 * PAGE, 32, 0);
	struct lttng_abi_session_status st;
	struct bt_result r;
	struct sess s;
	const unsigned int n = 20000;
	unsigned int nested = 0;
	int i;
	FILE *f;

	ASSERT_EQ(0, sess_setup(&s, "nested", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit_mode(n, "nest"));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	f = fopen(TEST_PROC, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "nested %u", &nested));
	fclose(f);
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(0, st.events_discarded);
	ASSERT_EQ(0, collect_and_read(&s, self->dir, self->kdir, 1, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(0, r.order_errors);
	EXPECT_EQ((long)n + nested, r.events);
	EXPECT_EQ(nested, r.nested);
	TH_LOG("%u events from the hrtimer", nested);
	for (i = 0; i < MAX_CPUS; i++) {
		if (r.per_cpu[i + MAX_CPUS]) {
			EXPECT_EQ(NEST_BASE, r.first_seq[i + MAX_CPUS]);
			EXPECT_EQ(0, r.first_seq[i]);
		}
	}
}

/* A kernel tracepoint (sched_process_fork) through the core's attach. */
TEST_F_TIMEOUT(trace, kernel_tracepoint_fork, 300)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	struct bt_result r;
	struct sess s;
	int children[5], i, j, found;

	ASSERT_EQ(0, sess_setup(&s, "fork", &cp, "lttng_test_fork"));
	/* not yet started: these forks are not recorded */
	for (i = 0; i < 2; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	for (i = 0; i < 5; i++) {
		children[i] = fork();
		ASSERT_LE(0, children[i]);
		if (!children[i])
			_exit(0);
		waitpid(children[i], NULL, 0);
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, collect_and_read(&s, self->dir, self->kdir, 0, &r));
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(5, r.nforks);
	for (i = 0; i < 5; i++) {
		for (found = 0, j = 0; j < r.nforks; j++)
			found |= r.forks[j] == children[i];
		EXPECT_TRUE(found) TH_LOG("child %d missing", children[i]);
	}
}

/* The switch timer closes partial packets by itself. */
TEST_F_TIMEOUT(trace, switch_timer_delivers, 120)
{
	struct lttng_abi_channel cp = chan_params(16 * PAGE, 4, 0);
	struct lttng_abi_subbuf sb;
	struct pollfd pfd = { .events = POLLIN };
	struct sess s;
	int i, ready = 0;

	cp.switch_timer_us = 100000;
	cp.read_timer_us = 50000;
	ASSERT_EQ(0, sess_setup(&s, "switch", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(5, 1));
	for (i = 0; i < s.nstreams; i++) {
		pfd.fd = s.st[i].fd;
		if (poll(&pfd, 1, 20000) == 1 && (pfd.revents & POLLIN) &&
		    !xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb)) {
			ready++;
			EXPECT_EQ(0, xioctl(s.st[i].fd,
					    LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
		}
	}
	EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), ready);
	sess_close(&s);
}

/* The test source cannot go away while a session uses its events. */
TEST(provider_module_pinned_by_events)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	struct sess s;

	ASSERT_EQ(0, sess_setup(&s, "pin", &cp, TEST_EVENT));
	EXPECT_NE(0, syscall(SYS_delete_module, "lttng_test", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	sess_close(&s);
}

/*
 * A session named "name" recording TEST_EVENT, started, then fork():
 * returns fork()'s value (0 in the child, which shares the streams'
 * mappings), or -errno of the first step that failed.
 */
static pid_t sess_start_fork(struct sess *s, const char *name,
			     struct lttng_abi_channel *cp)
{
	pid_t pid;
	int r;

	r = sess_setup(s, name, cp, TEST_EVENT);
	if (!r)
		r = xioctl(s->session, LTTNG_SESSION_START, NULL);
	if (r)
		return r;
	pid = fork();
	return pid < 0 ? -errno : pid;
}

/* One POLLIN entry per stream of s, in pfd[0 .. s->nstreams - 1]. */
static void streams_pollfd(const struct sess *s, struct pollfd *pfd)
{
	int i;

	for (i = 0; i < s->nstreams; i++) {
		pfd[i].fd = s->st[i].fd;
		pfd[i].events = POLLIN;
	}
}

/*
 * Consume while the writers run (child process emitting on every CPU):
 * poll wake-ups, get/put racing with the writers.  Discard mode:
 * emitted = recorded + discarded; overwrite mode: whatever is read is
 * intact and in order.
 */
static void live_consume(struct __test_metadata *_metadata, const char *dir,
			 const char *kdir, int overwrite, unsigned int nsb)
{
	struct lttng_abi_channel cp = chan_params(PAGE, nsb, overwrite);
	struct lttng_abi_session_status st;
	struct pollfd pfd[MAX_STREAMS];
	struct bt_result r;
	struct sess s;
	const unsigned int n = 20000;
	int i, last, status, online = sysconf(_SC_NPROCESSORS_ONLN);
	long packets = 0;
	pid_t pid;

	cp.read_timer_us = 10000;
	pid = sess_start_fork(&s, "live", &cp);
	ASSERT_LE(0, pid);
	if (!pid) {
		/* in bursts, so that reading really interleaves with writing */
		for (i = 0; i < 100; i++) {
			if (emit(n / 100, 1))
				_exit(1);
			usleep(2000);
		}
		_exit(0);
	}
	for (;;) {
		long got;

		streams_pollfd(&s, pfd);
		poll(pfd, s.nstreams, 100);
		got = consume_streams(&s, kdir, "channel0", &last);
		ASSERT_LE(0, got);
		packets += got;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LE(0, consume_streams(&s, kdir, "channel0", &last));
	ASSERT_LT(0, consume_metadata(&s, kdir));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	sess_close(&s);
	/* bursts of n / 100 events: seq restarts at 0 in each burst */
	ASSERT_EQ(0, run_babeltrace(dir, -1, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(0, r.order_errors);
	TH_LOG("%ld packets read live, %ld events recorded, %llu discarded",
	       packets, r.events, (unsigned long long)st.events_discarded);
	if (!overwrite) {
		EXPECT_EQ((long)n * online, r.events + (long)st.events_discarded);
	} else {
		/* the reader never makes writers drop in overwrite mode */
		EXPECT_EQ(0, st.events_discarded);
		EXPECT_LT(0, r.events);
		for (i = 0; i < online && i < MAX_CPUS; i++)
			EXPECT_EQ(n / 100 - 1, r.last_seq[i]);
	}
}

TEST_F_TIMEOUT(trace, live_consumer_discard, 300)
{
	live_consume(_metadata, self->dir, self->kdir, 0, 4);
}

/* The smallest ring LTTng accepts: one page-sized sub-buffer (discard). */
TEST_F_TIMEOUT(trace, live_consumer_one_subbuf, 300)
{
	live_consume(_metadata, self->dir, self->kdir, 0, 1);
}

TEST_F_TIMEOUT(trace, live_consumer_overwrite, 300)
{
	live_consume(_metadata, self->dir, self->kdir, 1, 4);
}

/* Overwrite mode: the reader gets a copy placed after the ring. */
TEST(overwrite_get_put)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 1);
	struct lttng_abi_stream_info info;
	struct lttng_abi_subbuf sb, sb2;
	struct sess s;

	ASSERT_EQ(0, sess_setup(&s, "owget", &cp, TEST_EVENT));
	EXPECT_EQ(5 * PAGE, s.st[0].len);
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_INFO, &info));
	EXPECT_EQ(5 * PAGE, info.mmap_len);
	EXPECT_EQ(-EAGAIN, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(-EINVAL, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(2000, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EFAULT, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF,
				  (void *)64));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(4 * PAGE, sb.mmap_offset);
	EXPECT_LT(4, sb.seq_num);	/* older packets were overwritten */
	EXPECT_EQ(0xC1FC1FC1, *(uint32_t *)((char *)s.st[0].map + sb.mmap_offset));
	EXPECT_EQ(-EBUSY, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb2));
	EXPECT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	EXPECT_EQ(-EINVAL, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb2));
	EXPECT_EQ(sb.seq_num + 1, sb2.seq_num);
	EXPECT_LE(sb.timestamp_end, sb2.timestamp_begin);
	EXPECT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	sess_close(&s);
}

/*
 * Extended event headers: an event id above 30 (32 filler events enabled
 * first) and gaps longer than 2^27 ns between records of a packet.
 */
TEST_F_TIMEOUT(trace, extended_headers, 300)
{
	struct lttng_abi_channel cp = chan_params(16 * PAGE, 4, 0);
	struct bt_result r;
	struct sess s;
	int last, i, fillers, ev;

	ASSERT_EQ(0, sess_setup(&s, "extended", &cp, NULL));
	fillers = new_event(s.chan, "lttng_test_filler_*");
	ASSERT_LE(0, fillers);
	ev = new_event(s.chan, TEST_EVENT);
	ASSERT_LE(0, ev);
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, emit(10, 1));
		usleep(200000);		/* > 2^27 ns: no compact header */
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	close(fillers);
	close(ev);
	sess_close(&s);
	{
		char path[1024], *meta = NULL;
		size_t len = 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/metadata", self->kdir);
		f = fopen(path, "r");
		ASSERT_NE(NULL, f);
		ASSERT_LT(0, getdelim(&meta, &len, 0, f));
		fclose(f);
		EXPECT_NE(NULL, strstr(meta, "name = \"" TEST_EVENT "\";\n\tid = 32;"));
		free(meta);
	}
	ASSERT_EQ(0, run_babeltrace(self->dir, -1, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(30 * sysconf(_SC_NPROCESSORS_ONLN), r.events);
}

/* Two sessions record the same events independently. */
TEST_F_TIMEOUT(trace, two_sessions, 300)
{
	struct lttng_abi_channel cp = chan_params(16 * PAGE, 4, 0);
	struct bt_result r;
	struct sess a, b;
	char dir2[600], kdir2[700];
	int last;

	snprintf(dir2, sizeof(dir2), "%s-b", self->dir);
	ASSERT_EQ(0, trace_dir(dir2, kdir2, sizeof(kdir2)));
	ASSERT_EQ(0, sess_setup(&a, "sess_a", &cp, TEST_EVENT));
	ASSERT_EQ(0, sess_setup(&b, "sess_b", &cp, "lttng_test_*"));
	ASSERT_EQ(0, xioctl(a.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(100, 0));
	ASSERT_EQ(0, xioctl(b.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(50, 0));
	ASSERT_EQ(0, xioctl(a.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, emit(25, 0));
	ASSERT_EQ(0, xioctl(b.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&a, self->kdir));
	ASSERT_LT(0, consume_streams(&a, self->kdir, "channel0", &last));
	ASSERT_LT(0, consume_metadata(&b, kdir2));
	ASSERT_LT(0, consume_streams(&b, kdir2, "channel0", &last));
	sess_close(&a);
	sess_close(&b);
	ASSERT_EQ(0, run_babeltrace(self->dir, -1, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(150, r.events);
	ASSERT_EQ(0, run_babeltrace(dir2, -1, &r));
	expect_clean_read(_metadata, &r);
	EXPECT_EQ(75, r.events);
}

/*
 * Every command on every kind of fd with bad pointers and random bytes:
 * only error codes may come out (the kernel log is checked at the end of
 * run_tests.sh).
 */
TEST_F_TIMEOUT(trace, ioctl_garbage, 300)
{
	static const unsigned long cmds[] = {
		LTTNG_IOC_VERSION, LTTNG_IOC_SESSION, LTTNG_IOC_LIST_EVENTS,
		LTTNG_SESSION_SET_NAME, LTTNG_SESSION_SET_CREATION_TIME,
		LTTNG_SESSION_CHANNEL, LTTNG_SESSION_METADATA,
		LTTNG_SESSION_QUIESCENT, LTTNG_SESSION_STATUS,
		LTTNG_SESSION_TRACK, LTTNG_SESSION_UNTRACK,
		LTTNG_CHANNEL_EVENT, LTTNG_CHANNEL_CONTEXT,
		LTTNG_CHANNEL_ENABLE, LTTNG_CHANNEL_DISABLE,
		LTTNG_EVENT_ENABLE, LTTNG_EVENT_DISABLE, LTTNG_EVENT_FILTER,
		LTTNG_STREAM_GET_NEXT_SUBBUF, LTTNG_STREAM_PUT_NEXT_SUBBUF,
		LTTNG_STREAM_GET_MMAP_LEN, LTTNG_STREAM_FLUSH, LTTNG_STREAM_INFO,
		LTTNG_STREAM_GET_TIMESTAMP, LTTNG_STREAM_FLUSH_EMPTY,
		LTTNG_METADATA_GET_VERSION, LTTNG_SESSION_STATEDUMP,
		LTTNG_STREAM_CLEAR, LTTNG_SESSION_METADATA_REGEN,
	};
	static const uintptr_t ptrs[] = {
		0, 1, 4095, 0xffff888000000000ULL, 0xffffffffff600000ULL,
		(uintptr_t)-1,
	};
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	unsigned char *buf;
	struct sess s;
	unsigned int c, i, j, seed = 12345;
	int fds[6], r, created = 0;

	ASSERT_EQ(0, sess_setup(&s, "garbage", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	fds[0] = s.tracer;
	fds[1] = s.session;
	fds[2] = s.chan;
	fds[3] = s.event;
	fds[4] = s.st[0].fd;
	fds[5] = s.meta;
	buf = calloc(1, 65536);
	ASSERT_NE(NULL, buf);
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		for (i = 0; i < 6; i++) {
			for (j = 0; j < sizeof(ptrs) / sizeof(ptrs[0]); j++) {
				r = ioctl(fds[i], cmds[c], (void *)ptrs[j]);
				if (r > 2)
					close(r), created++;
			}
			for (j = 0; j < 40; j++) {
				unsigned int k;

				for (k = 0; k < 1024; k++)
					buf[k] = rand_r(&seed) >> 7;
				if (j & 1)	/* some plausible small values */
					for (k = 0; k < 1024; k += 4)
						buf[k + 1] = buf[k + 2] =
							buf[k + 3] = 0;
				r = ioctl(fds[i], cmds[c], buf);
				if (r > 2)
					close(r), created++;
			}
		}
	}
	TH_LOG("%d fds created along the way", created);
	/* still works afterwards */
	{
		struct lttng_abi_session_status st;

		EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	}
	free(buf);
	sess_close(&s);
}

/*
 * Without a read timer, a poller is woken when a sub-buffer completes
 * (irq_work queued by the writer): a child blocks in poll() before the
 * events exist; it must return long before its 60 s timeout.
 */
TEST_F_TIMEOUT(trace, poll_wakeup_without_read_timer, 120)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 0);
	struct sess s;
	int status;
	pid_t pid;

	cp.read_timer_us = 0;
	pid = sess_start_fork(&s, "wakeup", &cp);
	ASSERT_LE(0, pid);
	if (!pid) {
		struct pollfd pfd[MAX_STREAMS];

		streams_pollfd(&s, pfd);
		_exit(poll(pfd, s.nstreams, 60000) > 0 ? 0 : 1);
	}
	usleep(300000);
	ASSERT_EQ(0, emit(200, 1));	/* several full sub-buffers per CPU */
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	sess_close(&s);
}

/* The metadata's trace, env and clock blocks carry the session's facts. */
TEST(metadata_env_and_clock)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 2, 0);
	struct lttng_abi_session_creation_time ct;
	static char meta[65536];
	struct sess s;
	ssize_t n, tot = 0;
	char host[128], want[256];
	unsigned int i;
	static const char * const must[] = {
		"/* CTF 1.8 */", "major = 1;", "minor = 8;", "byte_order = le;",
		"uint32_t magic;", "uint8_t  uuid[16];", "uint32_t stream_id;",
		"uint64_t stream_instance_id;", "domain = \"kernel\";",
		"tracer_name = \"lttng-modules\";", "tracer_major = 2;",
		"tracer_minor = 13;", "trace_buffering_scheme = \"global\";",
		"trace_name = \"meta-sess\";",
		"trace_creation_datetime = \"20261126T101112+0000\";",
		"name = \"monotonic\";", "freq = 1000000000;",
		"absolute = TRUE;", "map = clock.monotonic.value;",
		"uint64_clock_monotonic_t timestamp_begin;",
		"unsigned long events_discarded;", "uint32_t cpu_id;",
		"enum : uint5_t { compact = 0 ... 30, extended = 31 } id;",
		"stream {\n\tid = 0;",
		"name = \"" TEST_EVENT "\";\n\tid = 0;\n\tstream_id = 0;",
		"string { encoding = UTF8; } _str;",
		"integer { size = 32; align = 8; signed = 0; encoding = none; base = 16; } _hex32;",
		"integer { size = 8; align = 8; signed = 0; encoding = none; base = 10; } __seqf_length;",
		"_seqf[ __seqf_length ];", "_arr[4];",
		"\"MANY\" = 3 ... 9,",
	};

	ASSERT_EQ(0, sess_setup(&s, "meta-sess", &cp, TEST_EVENT));
	memset(&ct, 0, sizeof(ct));
	strcpy(ct.iso8601, "20261126T101112+0000");
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_SET_CREATION_TIME, &ct));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	while ((n = read(s.meta, meta + tot, sizeof(meta) - 1 - tot)) > 0)
		tot += n;
	meta[tot] = 0;
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	snprintf(want, sizeof(want), "hostname = \"%s\";", host);
	EXPECT_NE(NULL, strstr(meta, want));
	for (i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		const char *m = must[i] ? must[i] : "";

		EXPECT_TRUE(strstr(meta, m) != NULL) TH_LOG("missing: %s", m);
	}
	sess_close(&s);
}

/*
 * Control operations racing with writers: while children emit without a
 * pause (one per CPU, process and irq context), sessions are started,
 * stopped, flushed, destroyed and their channels freed, fds closed in
 * various orders.  Nothing may crash or warn, and each session's counts
 * stay consistent.
 */
TEST_F_TIMEOUT(trace, teardown_while_tracing, 600)
{
	pid_t kids[3];
	int k, round, status;

	for (k = 0; k < 3; k++) {
		kids[k] = fork();
		ASSERT_LE(0, kids[k]);
		if (!kids[k]) {
			for (;;) {
				if (k == 2 ? emit_mode(500, "nest") : emit(300, k))
					_exit(1);
			}
		}
	}
	for (round = 0; round < 20; round++) {
		struct lttng_abi_channel cp = chan_params(PAGE, 4, round & 1);
		struct lttng_abi_session_status st;
		struct sess s;
		int last, i;

		cp.switch_timer_us = (round % 3) ? 1000 : 0;
		cp.read_timer_us = (round % 4) ? 2000 : 0;
		ASSERT_EQ(0, sess_setup(&s, "race", &cp, TEST_EVENT));
		ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
		for (i = 0; i < 5; i++) {
			usleep(2000);
			EXPECT_LE(0, consume_streams(&s, self->kdir, "c", &last));
			EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_QUIESCENT, NULL));
			EXPECT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_FLUSH, NULL));
			if (i == 2) {
				EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
				EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
			}
		}
		EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
		EXPECT_EQ(LTTNG_ABI_SESSION_ACTIVE, st.state);
		switch (round % 3) {
		case 0:		/* destroy while active, then the rest */
			close(s.session);
			s.session = -1;
			usleep(1000);
			sess_close(&s);
			break;
		case 1:		/* channel side first, session still active */
			for (i = 0; i < s.nstreams; i++) {
				munmap(s.st[i].map, s.st[i].len);
				close(s.st[i].fd);
				if (s.st[i].out >= 0)
					close(s.st[i].out);
			}
			s.nstreams = 0;
			close(s.event);
			s.event = -1;
			close(s.chan);
			s.chan = -1;
			usleep(1000);
			sess_close(&s);
			break;
		default:
			sess_close(&s);
			break;
		}
		/* the trace files of this round are not checked */
		{
			char cmd[1024];

			snprintf(cmd, sizeof(cmd), "rm -f %s/c_*", self->kdir);
			EXPECT_EQ(0, system(cmd));
		}
	}
	for (k = 0; k < 3; k++) {
		kill(kids[k], SIGKILL);
		ASSERT_EQ(kids[k], waitpid(kids[k], &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status));
	}
}

/*
 * A packet opened after a long pause: its first record has a compact
 * header relative to the packet's timestamp_begin, which the reader must
 * use (wall-clock gap between the two records >= the pause).
 */
TEST_F_TIMEOUT(trace, packet_start_timestamps, 120)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	double t[MAX_CPUS][2];
	int cnt[MAX_CPUS] = { 0 };
	struct sess s;
	char cmd[1024], line[4096];
	int last, i, online = sysconf(_SC_NPROCESSORS_ONLN);
	FILE *f;

	ASSERT_EQ(0, sess_setup(&s, "pktts", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(1, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_QUIESCENT, NULL));
	usleep(400000);			/* 400 ms > 2^27 ns */
	ASSERT_EQ(0, emit(1, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	snprintf(cmd, sizeof(cmd), "babeltrace2 --clock-seconds %s/kernel", self->dir);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		double ts;
		unsigned int cpu;
		char *p = strstr(line, "cpu_id = ");

		if (sscanf(line, "[%lf]", &ts) != 1 || !p ||
		    sscanf(p, "cpu_id = %u", &cpu) != 1 || cpu >= MAX_CPUS)
			continue;
		if (cnt[cpu] < 2)
			t[cpu][cnt[cpu]] = ts;
		cnt[cpu]++;
	}
	EXPECT_EQ(0, pclose(f));
	for (i = 0; i < online && i < MAX_CPUS; i++) {
		ASSERT_EQ(2, cnt[i]);
		EXPECT_LE(0.35, t[i][1] - t[i][0])
			TH_LOG("cpu %d: %.9f -> %.9f", i, t[i][0], t[i][1]);
	}
}

/*
 * Snapshot reads (module/snapshot.c): flush each stream, sample its
 * positions, copy every packet from consumed to produced into
 * kdir/<chname>_<cpu> without consuming.  Packets overwritten meanwhile
 * (-EAGAIN) are skipped.  Returns the packets written or -errno.
 */
static long snapshot_streams(struct sess *s, const char *kdir,
			     const char *chname)
{
	long packets = 0;
	int i;

	for (i = 0; i < s->nstreams; i++) {
		struct stream *st = &s->st[i];
		struct lttng_abi_snapshot_pos pos;
		struct lttng_abi_stream_info info;
		uint64_t p, prev_end = 0;
		char path[4200];
		int fd = -1, r;

		if (xioctl(st->fd, LTTNG_STREAM_FLUSH, NULL) ||
		    xioctl(st->fd, LTTNG_STREAM_INFO, &info) ||
		    xioctl(st->fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos))
			return -EIO;
		if (pos.consumed % info.subbuf_size ||
		    pos.produced % info.subbuf_size ||
		    pos.produced < pos.consumed ||
		    pos.produced - pos.consumed >
		    info.subbuf_size * info.num_subbuf)
			return -EPROTO;
		for (p = pos.consumed; p < pos.produced; p += info.subbuf_size) {
			struct lttng_abi_snapshot_subbuf ss = { .pos = p };

			r = xioctl(st->fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss);
			if (r == -EAGAIN)
				continue;
			if (r)
				return r;
			if (ss.sb.seq_num != p / info.subbuf_size ||
			    ss.sb.packet_size == 0 ||
			    ss.sb.mmap_offset + ss.sb.packet_size > st->len ||
			    ss.sb.timestamp_begin < prev_end)
				return -EPROTO;
			prev_end = ss.sb.timestamp_end;
			if (fd < 0) {
				snprintf(path, sizeof(path), "%s/%s_%d", kdir,
					 chname, st->cpu);
				fd = open(path, O_WRONLY | O_CREAT | O_TRUNC,
					  0644);
				if (fd < 0)
					return -errno;
			}
			if (write(fd, (char *)st->map + ss.sb.mmap_offset,
				  ss.sb.packet_size) != (ssize_t)ss.sb.packet_size)
				r = -EIO;
			if (xioctl(st->fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF, NULL))
				r = -EPROTO;
			if (r) {
				close(fd);
				return r;
			}
			packets++;
		}
		if (fd >= 0)
			close(fd);
	}
	return packets;
}

/*
 * Snapshot of an overwrite channel while the session is active: the
 * newest events of every CPU, contiguous; a second snapshot reads them
 * again (nothing consumed); a consuming reader still gets them after.
 */
TEST_F_TIMEOUT(trace, snapshot_overwrite_keeps_newest, 300)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 1);
	struct bt_result r, r2;
	struct sess s;
	const unsigned int n = 3000;
	char dir2[600], kdir2[700], cmd[2000];
	int i, last, online = sysconf(_SC_NPROCESSORS_ONLN);

	ASSERT_EQ(0, sess_setup(&s, "snapshot", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(n, 1));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, snapshot_streams(&s, self->kdir, "channel0"));
	snprintf(dir2, sizeof(dir2), "%s-2", self->dir);
	ASSERT_EQ(0, trace_dir(dir2, kdir2, sizeof(kdir2)));
	ASSERT_LT(0, snapshot_streams(&s, kdir2, "channel0"));
	snprintf(cmd, sizeof(cmd), "cp %s/metadata %s/", self->kdir, kdir2);
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(0, r.order_errors);
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2: %s", r.err);
	ASSERT_EQ(0, run_babeltrace(dir2, 1, &r2));
	for (i = 0; i < online && i < MAX_STREAMS; i++) {
		EXPECT_EQ(n - 1, r.last_seq[i]) TH_LOG("cpu %d", i);
		EXPECT_LT(0, r.first_seq[i]) TH_LOG("cpu %d", i);
		EXPECT_EQ((long)n - r.first_seq[i], r.per_cpu[i]);
		/* the second snapshot reads the same packets */
		EXPECT_EQ(r.per_cpu[i], r2.per_cpu[i]) TH_LOG("cpu %d", i);
		EXPECT_EQ(r.first_seq[i], r2.first_seq[i]) TH_LOG("cpu %d", i);
	}
	/* nothing was consumed: the consuming reader gets the packets */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_streams(&s, kdir2, "channel0", &last));
	sess_close(&s);
}

/*
 * The stream of the CPU that wrote (the first whose sampled position has
 * produced data), that position in *pos.
 */
static int written_stream(struct __test_metadata *_metadata, struct sess *s,
			  struct lttng_abi_snapshot_pos *pos)
{
	int i, fd = -1;

	for (i = 0; i < s->nstreams && fd < 0; i++) {
		ASSERT_EQ(0, xioctl(s->st[i].fd, LTTNG_STREAM_SNAPSHOT_SAMPLE,
				    pos));
		if (pos->produced)
			fd = s->st[i].fd;
	}
	ASSERT_LE(0, fd);
	return fd;
}

/* Discard mode: packets read in place; the argument checks. */
TEST(snapshot_get_put_errors)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 0);
	struct lttng_abi_snapshot_subbuf ss;
	struct lttng_abi_snapshot_pos pos, pos2;
	struct lttng_abi_subbuf sb;
	struct sess s;
	int fd;

	ASSERT_EQ(0, sess_setup(&s, "snaperr", &cp, TEST_EVENT));
	fd = s.st[0].fd;
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos));
	EXPECT_EQ(0, pos.consumed);
	EXPECT_EQ(0, pos.produced);
	memset(&ss, 0, sizeof(ss));
	EXPECT_EQ(-ENODATA, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(2000, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	fd = written_stream(_metadata, &s, &pos);
	/* discard mode: the 4 sub-buffers filled, the rest dropped */
	EXPECT_EQ(0, pos.consumed);
	EXPECT_EQ(4 * PAGE, pos.produced);
	EXPECT_EQ(-EFAULT, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, (void *)64));
	EXPECT_EQ(-EFAULT, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, (void *)64));
	ss.pos = 100;
	EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	ss.pos = 4 * PAGE;
	EXPECT_EQ(-ENODATA, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	ss.pos = PAGE;
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	EXPECT_EQ(PAGE, ss.sb.mmap_offset);	/* in place */
	EXPECT_EQ(1, ss.sb.seq_num);
	EXPECT_EQ(-EBUSY, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	EXPECT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF, NULL));
	EXPECT_EQ(-EINVAL, xioctl(fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF, NULL));
	/* positions unchanged; a consuming read then moves them */
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos2));
	EXPECT_EQ(0, memcmp(&pos, &pos2, sizeof(pos)));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(0, sb.seq_num);
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos2));
	EXPECT_EQ(PAGE, pos2.consumed);
	ss.pos = 0;
	EXPECT_EQ(-EAGAIN, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	sess_close(&s);
}

/* STREAM_CLEAR: argument checks, a held sub-buffer, then every
 * complete packet consumed; the ring records again afterwards. */
TEST(stream_clear)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 0);
	struct lttng_abi_snapshot_subbuf ss;
	struct lttng_abi_snapshot_pos pos;
	struct lttng_abi_subbuf sb;
	struct sess s;
	int fd, i;

	ASSERT_EQ(0, sess_setup(&s, "clear", &cp, TEST_EVENT));
	/* an empty stream: nothing to clear, not an error */
	EXPECT_EQ(0, xioctl(s.st[0].fd, LTTNG_STREAM_CLEAR, NULL));
	EXPECT_EQ(-EINVAL, xioctl(s.st[0].fd, LTTNG_STREAM_CLEAR, (void *)1));
	EXPECT_EQ(-EINVAL, xioctl(s.st[0].fd, LTTNG_STREAM_CLEAR, (void *)-1L));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(2000, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	fd = written_stream(_metadata, &s, &pos);
	EXPECT_EQ(4 * PAGE, pos.produced);	/* discard mode: full */
	/* a reader holding a packet: refused, nothing moved */
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	EXPECT_EQ(0, sb.seq_num);
	EXPECT_EQ(-EBUSY, xioctl(fd, LTTNG_STREAM_CLEAR, NULL));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL));
	ss.pos = 2 * PAGE;
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_GET_SUBBUF, &ss));
	EXPECT_EQ(-EBUSY, xioctl(fd, LTTNG_STREAM_CLEAR, NULL));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF, NULL));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos));
	EXPECT_EQ(PAGE, pos.consumed);
	/* cleared: the three packets left are consumed */
	EXPECT_EQ(0, xioctl(fd, LTTNG_STREAM_CLEAR, NULL));
	ASSERT_EQ(0, xioctl(fd, LTTNG_STREAM_SNAPSHOT_SAMPLE, &pos));
	EXPECT_EQ(4 * PAGE, pos.consumed);
	EXPECT_EQ(4 * PAGE, pos.produced);
	EXPECT_EQ(-EAGAIN, xioctl(fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb));
	/* the ring records again: the next packet follows the cleared ones */
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	for (i = 0; i < s.nstreams; i++)
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_CLEAR, NULL));
	ASSERT_EQ(0, emit(10, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	for (i = 0; i < s.nstreams; i++) {
		if (xioctl(s.st[i].fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb))
			continue;
		if (s.st[i].fd == fd)
			EXPECT_EQ(4, sb.seq_num);
		EXPECT_LT(84, sb.content_size);
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_PUT_NEXT_SUBBUF,
				    NULL));
	}
	sess_close(&s);
}

/* Overwrite mode: after CLEAR a snapshot sees only what came later. */
TEST(stream_clear_overwrite)
{
	struct lttng_abi_channel cp = chan_params(PAGE, 4, 1);
	struct lttng_abi_snapshot_pos pos;
	struct sess s;
	int i;

	ASSERT_EQ(0, sess_setup(&s, "clearow", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(3000, 1));
	for (i = 0; i < s.nstreams; i++) {
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_CLEAR, NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_SNAPSHOT_SAMPLE,
				    &pos));
		/* writers may have gone on on other CPUs meanwhile: at
		 * most what they wrote since */
		EXPECT_GE(pos.consumed + 4 * PAGE, pos.produced);
	}
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	for (i = 0; i < s.nstreams; i++) {
		EXPECT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_CLEAR, NULL));
		ASSERT_EQ(0, xioctl(s.st[i].fd, LTTNG_STREAM_SNAPSHOT_SAMPLE,
				    &pos));
		EXPECT_EQ(pos.consumed, pos.produced) TH_LOG("stream %d", i);
	}
	sess_close(&s);
}

/* SESSION_STATEDUMP: the statedump once more, between its own
 * lttng_statedump_start and _end. */
TEST_F_TIMEOUT(trace, session_statedump, 300)
{
	struct lttng_abi_channel cp = chan_params(64 * PAGE, 8, 0);
	struct lttng_abi_event e;
	char cmd[1400], line[512];
	struct sess s;
	int last, ev2, starts = 0, ends = 0;
	FILE *f;

	ASSERT_EQ(0, sess_setup(&s, "statedump", &cp, "lttng_statedump_start"));
	e = event_params("lttng_statedump_end", LTTNG_ABI_EV_TRACEPOINT);
	ev2 = xioctl(s.chan, LTTNG_CHANNEL_EVENT, &e);
	ASSERT_LE(0, ev2);
	EXPECT_EQ(-EBUSY, xioctl(s.session, LTTNG_SESSION_STATEDUMP, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	EXPECT_EQ(-EINVAL, xioctl(s.session, LTTNG_SESSION_STATEDUMP, (void *)1));
	EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATEDUMP, NULL));
	EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATEDUMP, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EBUSY, xioctl(s.session, LTTNG_SESSION_STATEDUMP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	close(ev2);
	sess_close(&s);
	snprintf(cmd, sizeof(cmd), "babeltrace2 %s/kernel", self->dir);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		starts += strstr(line, " lttng_statedump_start: ") != NULL;
		ends += strstr(line, " lttng_statedump_end: ") != NULL;
	}
	EXPECT_EQ(0, pclose(f));
	/* at START, then twice by the ioctl */
	EXPECT_EQ(3, starts);
	EXPECT_EQ(3, ends);
}

/* the metadata fd's whole text, as it reads now (0-terminated), or NULL */
static char *read_metadata_text(int fd, size_t *len)
{
	size_t n = 0, cap = 65536;
	char *t = malloc(cap);
	ssize_t r;

	while (t && (r = read(fd, t + n, cap - n - 1)) > 0) {
		n += r;
		if (cap - n < 4096) {
			char *m = realloc(t, cap *= 2);

			if (!m)
				free(t);
			t = m;
		}
	}
	if (t)
		t[n] = '\0';
	*len = n;
	return t;
}

static int count_str(const char *t, const char *what)
{
	int n = 0;

	while ((t = strstr(t, what))) {
		n++;
		t += strlen(what);
	}
	return n;
}

/* SESSION_METADATA_REGEN: the text built anew (one clock, one trace
 * block), read again from the metadata fd's first byte; its version
 * bumped; and babeltrace2 reads the trace with it. */
TEST_F_TIMEOUT(trace, session_metadata_regen, 300)
{
	struct lttng_abi_channel cp = chan_params(64 * PAGE, 8, 0);
	uint64_t v1 = 0, v2 = 0;
	size_t len1, len2;
	char *t1, *t2, path[700];
	struct bt_result r;
	struct sess s;
	int last;
	FILE *f;

	ASSERT_EQ(0, sess_setup(&s, "regen", &cp, TEST_EVENT));
	EXPECT_EQ(-EBUSY, xioctl(s.session, LTTNG_SESSION_METADATA_REGEN, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	t1 = read_metadata_text(s.meta, &len1);
	ASSERT_NE(NULL, t1);
	ASSERT_EQ(0, xioctl(s.meta, LTTNG_METADATA_GET_VERSION, &v1));
	EXPECT_EQ(-EINVAL, xioctl(s.session, LTTNG_SESSION_METADATA_REGEN,
				  (void *)1));
	EXPECT_EQ(0, xioctl(s.session, LTTNG_SESSION_METADATA_REGEN, NULL));
	ASSERT_EQ(0, xioctl(s.meta, LTTNG_METADATA_GET_VERSION, &v2));
	EXPECT_LT(v1, v2);
	t2 = read_metadata_text(s.meta, &len2);
	ASSERT_NE(NULL, t2);
	/* the same declarations but the clock's offset, from the start */
	EXPECT_EQ(0, strncmp(t2, "/* CTF 1.8 */", 13));
	EXPECT_EQ(1, count_str(t2, "\nclock {"));
	EXPECT_EQ(1, count_str(t2, "\ntrace {"));
	EXPECT_EQ(count_str(t1, "\nevent {"), count_str(t2, "\nevent {"));
	EXPECT_GT(len2 + 32, len1);
	EXPECT_LT(len2, len1 + 32);
	snprintf(path, sizeof(path), "%s/metadata", self->kdir);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(len2, fwrite(t2, 1, len2, f));
	fclose(f);
	free(t1);
	free(t2);
	ASSERT_EQ(0, emit(10, 0));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EBUSY, xioctl(s.session, LTTNG_SESSION_METADATA_REGEN, NULL));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(10, r.events);
}

TEST_HARNESS_MAIN
