// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_ioctl_test.c - LTTNG_EVENT_FILTER on real enablers of the tracer
 * module (lttng-tracer.ko and lttng-test.ko loaded), in the VM, as root.
 * TAP.
 *
 *  1. every hand-made hostile bytecode (userspace/common/filter/tests/
 *     hostile.h) is refused with EINVAL on a tracepoint enabler, and so
 *     are truncated, oversized and unreadable arguments;
 *  2. a compiled filter is accepted; a second one on the same enabler is
 *     EEXIST; filters are accepted on wildcard, system call and kprobe
 *     enablers too;
 *  3. events go through filtered rules while the session runs (the
 *     probes run the filters), and while rules come and go, without a
 *     kernel complaint (filter_e2e.sh checks the log).  What is recorded is checked by filter_e2e.sh,
 *     through lttng and babeltrace2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../userspace/common/filter/filter.h"
#include "../../userspace/common/filter/tests/hostile.h"
#include "lttng-ioctl.h"
#include "tap.h"
#include "refuse_hostile.h"

static int set_filter(int fd, const void *bc, size_t len)
{
	struct lttng_abi_filter f = {
		.bytecode = (uintptr_t)bc,
		.len = (uint32_t)len,
	};

	return xioctl(fd, LTTNG_EVENT_FILTER, &f);
}

static int set_expr(int fd, const char *expr)
{
	struct lttng_filter_bytecode *bc;
	char err[256];
	int ret;

	if (lttng_filter_compile(expr, NULL, 0, &bc, err, sizeof(err))) {
		diag("compile %s: %s", expr, err);
		return -1000;
	}
	ret = set_filter(fd, bc->data, bc->len);
	lttng_filter_bytecode_free(bc);
	return ret;
}

static int new_event(int chan, const char *name, uint32_t type,
		     const char *symbol, int disabled)
{
	struct lttng_abi_event e = event_params(name, type);

	e.disabled = disabled;
	if (symbol)
		snprintf(e.u.kprobe.symbol_name, sizeof(e.u.kprobe.symbol_name),
			 "%s", symbol);
	return xioctl(chan, LTTNG_CHANNEL_EVENT, &e);
}

static int open_session(int tracer, int *chan)
{
	struct lttng_abi_channel p = chan_params(65536, 4, 0);
	int s;

	p.read_timer_us = 0;
	s = xioctl(tracer, LTTNG_IOC_SESSION, NULL);
	if (s < 0)
		return s;
	*chan = xioctl(s, LTTNG_SESSION_CHANNEL, &p);
	if (*chan < 0) {
		close(s);
		return *chan;
	}
	return s;
}

static int set_filter_hostile(void *ev, const void *bc, size_t len)
{
	return set_filter(*(int *)ev, bc, len);
}

static void hostile(int ev)
{
	long len;
	void *map;
	int ret;

	refuse_hostile("LTTNG_EVENT_FILTER", set_filter_hostile, &ev);

	/* a valid program, cut short, or past the end of the user's memory */
	hb_base();
	len = hb_build();
	ok(set_filter(ev, hb.out, (size_t)len - 1) == -EINVAL,
	   "truncated bytecode refused");
	map = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map != MAP_FAILED) {
		munmap((char *)map + 4096, 4096);
		memcpy((char *)map + 4096 - 16, hb.out, 16);
		ret = set_filter(ev, (char *)map + 4096 - 16, (size_t)len);
		ok(ret == -EFAULT || ret == -EINVAL,
		   "bytecode running into unmapped memory refused (%d)", ret);
		munmap(map, 4096);
	}
	ok(set_filter(ev, hb.out, LTTNG_FILTER_MAX_LEN + 1) == -EINVAL,
	   "oversized length refused");
}

/*
 * Rules come and go (created, filtered, enabled, disabled) while another
 * process emits events on every CPU: the per-event filter lists are
 * replaced under the running probes.  Nothing to see but a clean kernel
 * log (checked by the caller) and every ioctl succeeding.
 */
static void churn(int chan)
{
	static const char *const exprs[] = {
		"seq % 2 == 0", "str == \"test-1*\"", "enm == 3 || u8 > 200",
		"$ctx.procname == \"*\" && arr[3] != 7", "seqf[1] > 50",
	};
	int fds[40], i, bad = 0, status = 0;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		for (i = 0; i < 20; i++)
			if (emit(500, 0) != 0)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < 40; i++) {
		fds[i] = new_event(chan, i % 3 ? "lttng_test_event" :
					 "lttng_test_*", LTTNG_ABI_EV_TRACEPOINT,
				   NULL, 1);
		if (fds[i] < 0) {
			bad++;
			continue;
		}
		if (i % 4 != 3 &&
		    set_expr(fds[i], exprs[i % (sizeof(exprs) / sizeof(exprs[0]))]))
			bad++;
		if (xioctl(fds[i], LTTNG_EVENT_ENABLE, NULL))
			bad++;
		if (i >= 2 && fds[i - 2] >= 0 &&
		    xioctl(fds[i - 2], LTTNG_EVENT_DISABLE, NULL))
			bad++;
	}
	waitpid(pid, &status, 0);
	ok(!bad, "40 rules created, filtered, enabled, disabled while events flow (%d failures)",
	   bad);
	ok(WIFEXITED(status) && !WEXITSTATUS(status),
	   "the emitter ran to the end");
	for (i = 0; i < 40; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int main(void)
{
	int tracer, s, c, ev, ev2, ret;

	tracer = open(LTTNG_DEVICE_PATH, O_RDWR);
	if (tracer < 0) {
		printf("not ok 1 - open %s: %s\n", LTTNG_DEVICE_PATH,
		       strerror(errno));
		return 1;
	}
	s = open_session(tracer, &c);
	if (s < 0) {
		printf("not ok 1 - session and channel: %s\n", strerror(-s));
		return 1;
	}

	ev = new_event(c, "lttng_test_event", LTTNG_ABI_EV_TRACEPOINT, NULL, 1);
	ok(ev >= 0, "tracepoint enabler created disabled");
	if (ev < 0)
		return tap_done();
	hostile(ev);
	ok(set_expr(ev, "seq % 7 == 3") == 0, "compiled filter accepted");
	ok(set_expr(ev, "seq == 1") == -EEXIST, "second filter: EEXIST");
	ok(xioctl(ev, LTTNG_EVENT_ENABLE, NULL) == 0, "filtered enabler enabled");

	ev2 = new_event(c, "lttng_test_*", LTTNG_ABI_EV_TRACEPOINT, NULL, 1);
	ok(ev2 >= 0 && set_expr(ev2, "str == \"test-1*\"") == 0,
	   "filter on a wildcard enabler");
	close(ev2);
	ev2 = new_event(c, "getppid", LTTNG_ABI_EV_SYSCALL, NULL, 1);
	ok(ev2 >= 0 && set_expr(ev2, "$ctx.procname == \"nosuch\"") == 0,
	   "filter on a system call enabler");
	ret = ev2 >= 0 ? xioctl(ev2, LTTNG_EVENT_ENABLE, NULL) : ev2;
	ok(ret == 0, "filtered system call enabler enabled (%d)", ret);
	close(ev2);
	ev2 = new_event(c, "kp_filter", LTTNG_ABI_EV_KPROBE, "do_sys_openat2", 1);
	ret = ev2 >= 0 ? set_expr(ev2, "ip == 0") : ev2;
	ok(ret == 0, "filter on a kprobe enabler (%d)", ret);
	if (ev2 >= 0)
		close(ev2);

	ok(xioctl(s, LTTNG_SESSION_START, NULL) == 0, "session started");
	ok(emit(700, 0) == 0, "700 events emitted through filtered rules");
	churn(c);
	ok(xioctl(s, LTTNG_SESSION_STOP, NULL) == 0, "session stopped");

	close(ev);
	close(c);
	close(s);
	close(tracer);
	return tap_done();
}
