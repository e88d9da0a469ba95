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

#include "kselftest_harness.h"
#include "lttng_common.h"

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

TEST(session_name_and_time)
{
	struct lttng_abi_session_name n;
	struct lttng_abi_session_creation_time ct;
	int t = open_tracer(), s, c;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	close(s);
	close(t);
}

TEST(channel_param_checks)
{
	struct lttng_abi_channel p;
	int t = open_tracer(), s, c;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	BADCHAN(num_subbuf, 1);
	BADCHAN(num_subbuf, 3);
	BADCHAN(num_subbuf, 1ULL << 40);
	BADCHAN(num_subbuf, (uint64_t)-1);
	BADCHAN(overwrite, 2);
	BADCHAN(output, 1);
	BADCHAN(reserved[0], 1);
	BADCHAN(reserved[3], 1);
	p = chan_params(1 << 20, 1 << 10, 0);	/* 1 GiB per CPU: too big */
	EXPECT_EQ(-EINVAL, xioctl(s, LTTNG_SESSION_CHANNEL, &p));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_CHANNEL, (void *)64));
	EXPECT_EQ(-EFAULT, xioctl(s, LTTNG_SESSION_METADATA, (void *)64));

	c = new_channel(s, PAGE, 2, 1);
	EXPECT_LE(0, c);
	close(c);
	c = new_channel(s, 2 * PAGE, 8, 0);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	EXPECT_EQ(-EBUSY, new_channel(s, PAGE, 2, 0));
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_STOP, NULL));
	EXPECT_EQ(-EBUSY, new_channel(s, PAGE, 2, 0));
	close(c);
	close(s);
	close(t);
}

TEST(start_stop_status)
{
	struct lttng_abi_session_status st;
	int t = open_tracer(), s, c, e, i;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	close(s);
	close(t);
}

TEST(trackers)
{
	struct lttng_abi_tracker tr = { .type = LTTNG_ABI_TRACKER_PID };
	int t = open_tracer(), s;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	close(s);
	close(t);
}

/* ------------------------------------------------------------------ */
/* Channel and event fds                                               */
/* ------------------------------------------------------------------ */

TEST(streams_one_per_possible_cpu)
{
	int t = open_tracer(), s, c, fd, n = 0, i, fds[MAX_STREAMS];
	int seen[MAX_STREAMS] = { 0 };

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	close(s);
	close(t);
}

TEST(event_param_checks)
{
	struct lttng_abi_event e;
	int t = open_tracer(), s, c, fd;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
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
	close(s);
	close(t);
}

TEST(context_param_checks)
{
	struct lttng_abi_context ctx;
	int t = open_tracer(), s, c;

	ASSERT_LE(0, t);
	s = new_session(t);
	ASSERT_LE(0, s);
	c = new_channel(s, PAGE, 2, 0);
	ASSERT_LE(0, c);
	memset(&ctx, 0, sizeof(ctx));
	ctx.type = LTTNG_ABI_CTX_NR;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.type = LTTNG_ABI_CTX_PID;
	ctx.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.reserved[1] = 0;
	ctx.perf_counter = 1;		/* only for perf contexts */
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	ctx.type = LTTNG_ABI_CTX_PERF_CPU_COUNTER;
	ctx.perf_counter = LTTNG_ABI_PERF_NR;
	EXPECT_EQ(-EINVAL, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	EXPECT_EQ(-EFAULT, xioctl(c, LTTNG_CHANNEL_CONTEXT, (void *)64));
	ASSERT_EQ(0, xioctl(s, LTTNG_SESSION_START, NULL));
	ctx.type = LTTNG_ABI_CTX_PID;
	ctx.perf_counter = 0;
	EXPECT_EQ(-EBUSY, xioctl(c, LTTNG_CHANNEL_CONTEXT, &ctx));
	close(c);
	close(s);
	close(t);
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
	uint64_t len;

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
 * strict_seq: per CPU, seq must be 0, 1, 2, ... (else only increasing).
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
		if (strict_seq ? (long)seq != r->last_seq[cpu] + 1 &&
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

	ASSERT_EQ(0, sess_setup(&s, "exact", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(n, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	packets = consume_streams(&s, self->kdir, "channel0", &last);
	ASSERT_LT(0, packets);
	EXPECT_EQ(-EAGAIN, last);
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(0, st.events_discarded);
	sess_close(&s);

	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(0, r.order_errors);
	EXPECT_EQ((long)n * online, r.events);
	for (i = 0; i < online && i < MAX_STREAMS; i++) {
		EXPECT_EQ(n, r.per_cpu[i]) TH_LOG("cpu %d", i);
		EXPECT_EQ(0, r.first_seq[i]);
		EXPECT_EQ(n - 1, r.last_seq[i]);
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
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
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
	int i, last, online = sysconf(_SC_NPROCESSORS_ONLN);

	ASSERT_EQ(0, sess_setup(&s, "overwrite", &cp, TEST_EVENT));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_START, NULL));
	ASSERT_EQ(0, emit(n, 1));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STOP, NULL));
	ASSERT_EQ(0, xioctl(s.session, LTTNG_SESSION_STATUS, &st));
	EXPECT_EQ(0, st.events_discarded);
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
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
	int last;

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
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 0, &r));
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(40, r.events);
}

/* Disabled event / channel: nothing recorded while disabled. */
TEST_F_TIMEOUT(trace, enable_disable, 300)
{
	struct lttng_abi_channel cp = chan_params(4 * PAGE, 4, 0);
	struct bt_result r;
	struct sess s;
	int last;

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
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 0, &r));
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
	EXPECT_EQ(15, r.events);
}

/*
 * Records reserved from a hard-irq hrtimer in the middle of process
 * context ones: both sequences are complete and in order, and babeltrace2
 * finds the timestamps monotonic (it complains otherwise).
 */
TEST_F_TIMEOUT(trace, nested_irq_records, 300)
{
	struct lttng_abi_channel cp = chan_params(64 * PAGE, 8, 0);
	struct lttng_abi_session_status st;
	struct bt_result r;
	struct sess s;
	const unsigned int n = 20000;
	unsigned int nested = 0;
	int last, i;
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
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 1, &r));
	EXPECT_EQ(0, r.stderr_bytes) TH_LOG("babeltrace2 stderr: %s", r.err);
	EXPECT_EQ(0, r.bad) TH_LOG("first bad line: %s", r.first_bad);
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
	int children[5], last, i, j, found;

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
	ASSERT_LT(0, consume_metadata(&s, self->kdir));
	ASSERT_LT(0, consume_streams(&s, self->kdir, "channel0", &last));
	sess_close(&s);
	ASSERT_EQ(0, run_babeltrace(self->dir, 0, &r));
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

TEST_HARNESS_MAIN
