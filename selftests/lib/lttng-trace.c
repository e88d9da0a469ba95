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
 *        kr:NAME:SYMBOL          kretprobe (NAME_entry / NAME_exit)
 *        up:NAME:elf:PATH:FUNC   uprobe on a function's entry
 *        up:NAME:sdt:PATH:PROVIDER:PROBE  uprobe on an SDT probe's sites
 * CTX:   the names of lttng add-context -k (include/lttng-contexts.h):
 *        pid tid procname ... callstack-kernel callstack-user veuid ...,
 *        perf:cpu:NAME, perf:cpu:raw:rHEX:NAME; callstack_kernel and
 *        callstack_user are accepted too.
 *
 * One session, one channel; the session starts, CMD runs (forked, released
 * once tracing is on) while the streams are consumed, the session stops
 * (which flushes), and what is left is consumed into
 * DIR/kernel/{metadata,chan0_<cpu>} (a CTF trace for babeltrace2).  Without CMD, only the set-up is done (to test errors).
 *
 * lttng-trace -l tp|sc|sc32 lists the tracepoint or syscall (64-bit,
 * 32-bit) events instead.
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
#include "lttng-contexts.h"
#include "elf-probe.h"

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

static void add_context(const char *name)
{
	struct lttng_abi_context c;
	struct lttng_perf_spec perf;
	const char *msg;
	int r, type;

	memset(&c, 0, sizeof(c));
	r = lttng_perf_counter_parse(name, &perf, &msg);
	if (r == -EINVAL || (!r && perf.scope != LTTNG_PERF_SCOPE_CPU)) {
		fprintf(stderr, "lttng-trace: %s: %s\n", name,
			msg ? msg : "not a kernel context");
		exit(2);
	}
	if (!r) {
		c.type = LTTNG_ABI_CTX_PERF_CPU_COUNTER;
		c.perf.type = perf.type;
		c.perf.config = perf.config;
		snprintf(c.perf.name, sizeof(c.perf.name), "%s", perf.field);
	} else {
		type = lttng_kernel_context_find(name);
		if (type < 0) {
			/* the field names of the call stacks, as before */
			if (!strcmp(name, "callstack_kernel"))
				type = LTTNG_ABI_CTX_CALLSTACK_KERNEL;
			else if (!strcmp(name, "callstack_user"))
				type = LTTNG_ABI_CTX_CALLSTACK_USER;
		}
		if (type < 0) {
			fprintf(stderr, "lttng-trace: unknown context %s\n", name);
			exit(2);
		}
		c.type = type;
	}
	r = xioctl(sess.chan, LTTNG_CHANNEL_CONTEXT, &c);
	if (r && keep_going)
		fprintf(stderr, "lttng-trace: context %s refused: errno %d (%s), "
			"going on\n", name, -r, strerror(-r));
	else if (r)
		refused("context", name, -r);
}

/*
 * up:NAME:elf:PATH:FUNCTION or up:NAME:sdt:PATH:PROVIDER:PROBE: the
 * offsets found by userspace/common/elf-probe.c, as the daemon does; the
 * fd is only needed during the ioctl (kept open until exit: simpler).
 */
static int add_uprobe(struct lttng_abi_event *e, char *loc)
{
	char *path, *sym, *probe = NULL, err[256];
	uint64_t off[LTTNG_UPROBE_MAX_CALLSITES];
	unsigned int nr = 1, i;
	int fd, r;

	path = strchr(loc, ':');
	if (!path)
		return -1;
	*path++ = '\0';
	sym = strchr(path, ':');
	if (!sym)
		return -1;
	*sym++ = '\0';
	if (!strcmp(loc, "sdt")) {
		probe = strchr(sym, ':');
		if (!probe)
			return -1;
		*probe++ = '\0';
	} else if (strcmp(loc, "elf")) {
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path, errno);
	e->type = LTTNG_ABI_EV_UPROBE;
	e->u.uprobe.fd = fd;
	if (probe)
		r = lttng_elf_sdt_offsets(fd, sym, probe, off,
					  LTTNG_UPROBE_MAX_CALLSITES, &nr,
					  err, sizeof(err));
	else
		r = lttng_elf_function_offset(fd, sym, off, err, sizeof(err));
	if (r) {
		fprintf(stderr, "lttng-trace: %s: %s\n", path, err);
		exit(3);
	}
	e->u.uprobe.nr_offsets = nr;
	for (i = 0; i < nr; i++)
		e->u.uprobe.offsets[i] = off[i];
	return 0;
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
	} else if (!strcmp(kind, "up")) {
		if (!rest || add_uprobe(&e, rest))
			goto usage;
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

/* -l tp|sc|sc32: print the events the tracer can enable, one per line
 * (sc32: the 32-bit syscalls). */
static int list_events(const char *type)
{
	struct lttng_abi_event_list l;
	int fd = open(LTTNG_DEVICE_PATH, O_RDWR), r;
	char *buf, *p;

	if (fd < 0)
		die(LTTNG_DEVICE_PATH, errno);
	memset(&l, 0, sizeof(l));
	l.type = strcmp(type, "tp") ? LTTNG_ABI_EV_SYSCALL :
				      LTTNG_ABI_EV_TRACEPOINT;
	if (!strcmp(type, "sc32"))
		l.flags = LTTNG_ABI_LIST_COMPAT;
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

/* The session, its channel and metadata channel. */
static void open_session(uint64_t subbuf, uint64_t nsub)
{
	struct lttng_abi_channel cp, mp;
	int r;

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
}

/* Forks the command; it waits for a byte on go[1] (tracing on). */
static pid_t fork_command(char **cmd, int go[2])
{
	pid_t pid;

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
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	close(go[0]);
	return pid;
}

/* Consumes while the command runs, so that the buffers never fill;
 * the command's wait status. */
static int consume_until_exit(const char *kdir, pid_t pid)
{
	int i, status = 0;

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
	return status;
}

/* -v: packets and discarded events of every stream. */
static void report_streams(void)
{
	int i;

	for (i = 0; i < sess.nstreams; i++) {
		struct lttng_abi_stream_info info;

		if (!xioctl(sess.st[i].fd, LTTNG_STREAM_INFO, &info))
			fprintf(stderr, "lttng-trace: stream cpu %d: %lu packets, "
				"%llu events discarded\n", sess.st[i].cpu,
				sess.st[i].packets,
				(unsigned long long)info.events_discarded);
	}
}

/* Starts tracing, releases the command, consumes until it ends, stops
 * and consumes the rest; the command's wait status. */
static int trace_command(const char *kdir, char **cmd)
{
	int r, status, go[2];
	pid_t pid = fork_command(cmd, go);

	r = xioctl(sess.session, LTTNG_SESSION_START, NULL);
	if (r)
		die("start", -r);
	if (write(go[1], "g", 1) != 1)
		die("release", errno);
	close(go[1]);
	status = consume_until_exit(kdir, pid);
	/* STOP flushes: then everything recorded is ready (-EAGAIN after) */
	r = xioctl(sess.session, LTTNG_SESSION_STOP, NULL);
	if (r)
		die("stop", -r);
	consume(kdir, 1);
	if (verbose)
		report_streams();
	return status;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *events[64], *ctxs[64];
	int disabled[64];
	int nev = 0, nctx = 0, opt, i, r, status;
	char kdir[4096];
	uint64_t subbuf = 1 << 18, nsub = 8;

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
	open_session(subbuf, nsub);
	for (i = 0; i < nctx; i++)
		add_context(ctxs[i]);
	for (i = 0; i < nev; i++)
		add_event(events[i], disabled[i]);
	if (optind >= argc)
		return 0;
	r = trace_dir(dir, kdir, sizeof(kdir));
	if (r)
		die(dir, -r);
	status = trace_command(kdir, argv + optind);
	sess_close(&sess);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
