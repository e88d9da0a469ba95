// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-trace - record a kernel trace of one command, straight from the
 * module's ioctl ABI (what the session daemon and consumer do, in small),
 * for the selftests.
 *
 *   lttng-trace -o DIR [-v] [-s SUBBUF] [-n NUM] [-e SPEC]... [-E SPEC]...
 *               [-c CTX]... [-- CMD [ARGS...]]
 *
 * -e creates an event rule enabled, -E disabled.  -k: a refused context is
 * reported and skipped instead of ending the run.
 *
 * SPEC:  tp:NAME                 tracepoint event or pattern (sched_*)
 *        sc:NAME[:entry|:exit]   syscall(s) (NAME may be a pattern, * = all)
 *        kp:NAME:SYMBOL[+OFF]    kprobe (or kp:NAME:0xADDR)
 *        kr:NAME:SYMBOL          kretprobe (NAME_entry / NAME_return)
 * CTX:   pid tid vpid vtid ppid vppid procname prio nice hostname cpu_id
 *        interruptible preemptible need_reschedule migratable
 *        callstack_kernel cgroup_ns ipc_ns mnt_ns net_ns pid_ns user_ns
 *        uts_ns time_ns uid euid suid gid egid sgid vuid vgid
 *        perf:cpu:cycles perf:cpu:instructions perf:cpu:cache-misses
 *        perf:cpu:cache-references perf:cpu:branch-misses
 *        perf:cpu:branch-instructions
 *
 * One session, one channel; the session starts, CMD runs (forked, released
 * once tracing is on) while the streams are consumed, the session stops
 * (which flushes), and what is left is consumed into
 * DIR/kernel/{metadata,chan0_<cpu>} (a CTF trace for babeltrace2).  Without CMD, only the set-up is done (to test errors).
 *
 * lttng-trace -l tp|sc lists the tracepoint or syscall events instead.
 *
 * Exit status: CMD's exit status; 3 when the tracer refuses an event or a
 * context (the message says which and the errno, by name and number); 2
 * for usage errors; 1 for other failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lttng-ioctl.h"

#define CHAN_NAME	"chan0"

static struct sess sess;
static int verbose, keep_going;

static void die(const char *what, int err)
{
	fprintf(stderr, "lttng-trace: %s: %s\n", what, strerror(err));
	exit(1);
}

static void refused(const char *what, const char *arg, int err)
{
	fprintf(stderr, "lttng-trace: %s %s refused: errno %d (%s)\n",
		what, arg, err, strerror(err));
	exit(3);
}

static const char * const ctx_names[LTTNG_ABI_CTX_NR] = {
	[LTTNG_ABI_CTX_PID] = "pid", [LTTNG_ABI_CTX_PROCNAME] = "procname",
	[LTTNG_ABI_CTX_PRIO] = "prio", [LTTNG_ABI_CTX_NICE] = "nice",
	[LTTNG_ABI_CTX_VPID] = "vpid", [LTTNG_ABI_CTX_TID] = "tid",
	[LTTNG_ABI_CTX_VTID] = "vtid", [LTTNG_ABI_CTX_PPID] = "ppid",
	[LTTNG_ABI_CTX_VPPID] = "vppid", [LTTNG_ABI_CTX_HOSTNAME] = "hostname",
	[LTTNG_ABI_CTX_CPU_ID] = "cpu_id",
	[LTTNG_ABI_CTX_INTERRUPTIBLE] = "interruptible",
	[LTTNG_ABI_CTX_PREEMPTIBLE] = "preemptible",
	[LTTNG_ABI_CTX_NEED_RESCHEDULE] = "need_reschedule",
	[LTTNG_ABI_CTX_MIGRATABLE] = "migratable",
	[LTTNG_ABI_CTX_CALLSTACK_KERNEL] = "callstack_kernel",
	[LTTNG_ABI_CTX_CGROUP_NS] = "cgroup_ns", [LTTNG_ABI_CTX_IPC_NS] = "ipc_ns",
	[LTTNG_ABI_CTX_MNT_NS] = "mnt_ns", [LTTNG_ABI_CTX_NET_NS] = "net_ns",
	[LTTNG_ABI_CTX_PID_NS] = "pid_ns", [LTTNG_ABI_CTX_USER_NS] = "user_ns",
	[LTTNG_ABI_CTX_UTS_NS] = "uts_ns", [LTTNG_ABI_CTX_TIME_NS] = "time_ns",
	[LTTNG_ABI_CTX_UID] = "uid", [LTTNG_ABI_CTX_EUID] = "euid",
	[LTTNG_ABI_CTX_SUID] = "suid", [LTTNG_ABI_CTX_GID] = "gid",
	[LTTNG_ABI_CTX_EGID] = "egid", [LTTNG_ABI_CTX_SGID] = "sgid",
	[LTTNG_ABI_CTX_VUID] = "vuid", [LTTNG_ABI_CTX_VGID] = "vgid",
};

static const char * const perf_names[LTTNG_ABI_PERF_NR] = {
	"cycles", "instructions", "cache-misses", "cache-references",
	"branch-misses", "branch-instructions",
};

static void add_context(const char *name)
{
	struct lttng_abi_context c;
	unsigned int i;
	int r;

	memset(&c, 0, sizeof(c));
	c.type = LTTNG_ABI_CTX_NR;
	if (!strncmp(name, "perf:cpu:", 9)) {
		for (i = 0; i < LTTNG_ABI_PERF_NR; i++)
			if (!strcmp(name + 9, perf_names[i]))
				break;
		if (i < LTTNG_ABI_PERF_NR) {
			c.type = LTTNG_ABI_CTX_PERF_CPU_COUNTER;
			c.perf_counter = i;
		}
	} else {
		for (i = 0; i < LTTNG_ABI_CTX_NR; i++)
			if (ctx_names[i] && !strcmp(name, ctx_names[i]))
				c.type = i;
	}
	if (c.type == LTTNG_ABI_CTX_NR) {
		fprintf(stderr, "lttng-trace: unknown context %s\n", name);
		exit(2);
	}
	r = xioctl(sess.chan, LTTNG_CHANNEL_CONTEXT, &c);
	if (r && keep_going)
		fprintf(stderr, "lttng-trace: context %s refused: errno %d (%s), "
			"going on\n", name, -r, strerror(-r));
	else if (r)
		refused("context", name, -r);
}

static void add_event(const char *spec, int disabled)
{
	struct lttng_abi_event e;
	char buf[1024], *kind, *name, *rest, *plus;
	int r;

	memset(&e, 0, sizeof(e));
	snprintf(buf, sizeof(buf), "%s", spec);
	kind = buf;
	name = strchr(buf, ':');
	if (!name)
		goto usage;
	*name++ = '\0';
	rest = strchr(name, ':');
	if (rest)
		*rest++ = '\0';
	snprintf(e.name, sizeof(e.name), "%s", name);
	if (!strcmp(kind, "tp")) {
		e.type = LTTNG_ABI_EV_TRACEPOINT;
	} else if (!strcmp(kind, "sc")) {
		e.type = LTTNG_ABI_EV_SYSCALL;
		if (rest && !strcmp(rest, "entry"))
			e.entryexit = LTTNG_ABI_SYSCALL_ENTRY;
		else if (rest && !strcmp(rest, "exit"))
			e.entryexit = LTTNG_ABI_SYSCALL_EXIT;
		else if (rest)
			goto usage;
	} else if (!strcmp(kind, "kp") || !strcmp(kind, "kr")) {
		e.type = kind[1] == 'p' ? LTTNG_ABI_EV_KPROBE :
					  LTTNG_ABI_EV_KRETPROBE;
		if (!rest || !*rest)
			goto usage;
		if (!strncmp(rest, "0x", 2)) {
			e.u.kprobe.addr = strtoull(rest, NULL, 16);
		} else {
			plus = strchr(rest, '+');
			if (plus) {
				*plus++ = '\0';
				e.u.kprobe.offset = strtoull(plus, NULL, 0);
			}
			snprintf(e.u.kprobe.symbol_name,
				 sizeof(e.u.kprobe.symbol_name), "%s", rest);
		}
	} else {
		goto usage;
	}
	e.disabled = disabled;
	r = xioctl(sess.chan, LTTNG_CHANNEL_EVENT, &e);
	if (r < 0)
		refused("event", spec, -r);
	return;
usage:
	fprintf(stderr, "lttng-trace: bad event spec %s\n", spec);
	exit(2);
}

/* Drain what the streams have ready now, then the metadata (at the end). */
static void consume(const char *kdir, int metadata)
{
	int last;
	long r = consume_streams(&sess, kdir, CHAN_NAME, &last);

	if (r < 0)
		die("consume packets", (int)-r);
	if (metadata && (r = consume_metadata(&sess, kdir)) < 0)
		die("consume metadata", (int)-r);
}

/* -l tp|sc: print the events the tracer can enable, one per line. */
static int list_events(const char *type)
{
	struct lttng_abi_event_list l;
	int fd = open(LTTNG_DEVICE_PATH, O_RDWR), r;
	char *buf, *p;

	if (fd < 0)
		die(LTTNG_DEVICE_PATH, errno);
	memset(&l, 0, sizeof(l));
	l.type = !strcmp(type, "sc") ? LTTNG_ABI_EV_SYSCALL :
				       LTTNG_ABI_EV_TRACEPOINT;
	r = xioctl(fd, LTTNG_IOC_LIST_EVENTS, &l);
	if (r && r != -ENOSPC)
		die("list", -r);
	buf = malloc(l.needed + 1);
	if (!buf)
		die("list", ENOMEM);
	l.buf = (uintptr_t)buf;
	l.len = l.needed;
	r = xioctl(fd, LTTNG_IOC_LIST_EVENTS, &l);
	if (r)
		die("list", -r);
	for (p = buf; p < buf + l.needed; p += strlen(p) + 1)
		printf("%s\n", p);
	free(buf);
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: lttng-trace -o DIR [-s SUBBUF] [-n NUM] "
		"[-e|-E SPEC]... [-c CTX]... [-- CMD [ARGS...]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *events[64], *ctxs[64];
	int disabled[64];
	int nev = 0, nctx = 0, opt, i, r, status = 0, go[2];
	struct lttng_abi_channel cp, mp;
	char kdir[4096];
	uint64_t subbuf = 1 << 18, nsub = 8;
	pid_t pid = -1;

	while ((opt = getopt(argc, argv, "+o:s:n:e:E:c:kvl:")) != -1) {
		switch (opt) {
		case 'k': keep_going = 1; break;
		case 'l': return list_events(optarg);
		case 'v': verbose = 1; break;
		case 'o': dir = optarg; break;
		case 's': subbuf = strtoull(optarg, NULL, 0); break;
		case 'n': nsub = strtoull(optarg, NULL, 0); break;
		case 'e':
		case 'E':
			if (nev < 64) {
				disabled[nev] = opt == 'E';
				events[nev++] = optarg;
			}
			break;
		case 'c': if (nctx < 64) ctxs[nctx++] = optarg; break;
		default: usage();
		}
	}
	if (!dir)
		usage();

	r = sess_open(&sess);
	if (r)
		die("session", -r);
	cp = chan_params(subbuf, nsub, 0);
	cp.read_timer_us = 100000;
	r = sess_channel(&sess, &cp);
	if (r)
		die("channel", -r);
	mp = chan_params(1 << 16, 2, 0);
	mp.read_timer_us = 0;
	r = sess_metadata(&sess, &mp);
	if (r)
		die("metadata", -r);
	for (i = 0; i < nctx; i++)
		add_context(ctxs[i]);
	for (i = 0; i < nev; i++)
		add_event(events[i], disabled[i]);
	if (optind >= argc)
		return 0;

	r = trace_dir(dir, kdir, sizeof(kdir));
	if (r)
		die(dir, -r);

	/* the command waits until tracing is on */
	if (pipe(go))
		die("pipe", errno);
	pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (!pid) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(126);
		close(go[0]);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	close(go[0]);
	r = xioctl(sess.session, LTTNG_SESSION_START, NULL);
	if (r)
		die("start", -r);
	if (write(go[1], "g", 1) != 1)
		die("release", errno);
	close(go[1]);
	/* consume while the command runs, so that the buffers never fill */
	for (;;) {
		struct pollfd pfd[MAX_STREAMS];
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			die("waitpid", errno);
		consume(kdir, 0);
		for (i = 0; i < sess.nstreams; i++) {
			pfd[i].fd = sess.st[i].fd;
			pfd[i].events = POLLIN;
		}
		poll(pfd, sess.nstreams, 50);
	}
	/* STOP flushes: then everything recorded is ready (-EAGAIN after) */
	r = xioctl(sess.session, LTTNG_SESSION_STOP, NULL);
	if (r)
		die("stop", -r);
	consume(kdir, 1);
	for (i = 0; verbose && i < sess.nstreams; i++) {
		struct lttng_abi_stream_info info;

		if (!xioctl(sess.st[i].fd, LTTNG_STREAM_INFO, &info))
			fprintf(stderr, "lttng-trace: stream cpu %d: %lu packets, "
				"%llu events discarded\n", sess.st[i].cpu,
				sess.st[i].packets,
				(unsigned long long)info.events_discarded);
	}
	sess_close(&sess);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
