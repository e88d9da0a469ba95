// SPDX-License-Identifier: GPL-2.0-only
/*
 * sectool - helpers of the security suite that the shell cannot do.
 *
 *   sectool channel SUBBUF NUM   one LTTNG_SESSION_CHANNEL straight through
 *                                the ioctl ABI (no daemon, no client check
 *                                in front); prints "ok FD" or "errno NAME"
 *   sectool fill                 channels of the largest accepted size
 *                                (256 MiB per CPU) until one is refused;
 *                                prints "created N, then errno NAME", then
 *                                closes everything
 *   sectool flood SOCK N SEC     N connections to SOCK, each sending half
 *                                a message header, held for SEC seconds;
 *                                prints "held K of N" once all are tried
 *   sectool failreq N            N event requests that must fail, on one
 *                                channel kept open all along (unknown
 *                                syscall, tracepoint and kprobe symbol,
 *                                kretprobe with an offset, a name with
 *                                '";' in it, a kprobe name taken), after
 *                                1000 of warm-up; prints the unreclaimable
 *                                slab (kB) before and after, and any
 *                                request that did not fail as expected
 *   sectool failret N            the same for N kretprobe requests (on
 *                                vfs_read) whose return event's name,
 *                                ret_exit, a kprobe already has: EEXIST
 *                                once the entry event ret_entry is made;
 *                                after 50 of warm-up
 *   sectool holdfds N            open N file descriptors (dups of
 *                                /dev/null), print "holding N", sleep
 *                                until killed
 *
 * The caller checks errnos, dmesg (no WARNING, no OOM killer), that the
 * memory comes back, and that other clients are still served.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lttng-abi.h"

#define MAX_FILL 16

static const char *errname(int e)
{
	switch (e) {
	case ENOMEM: return "ENOMEM";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	default: return strerror(e);
	}
}

static int channel(int sfd, unsigned long long subbuf, unsigned long long num)
{
	struct lttng_abi_channel c;

	memset(&c, 0, sizeof(c));
	c.subbuf_size = subbuf;
	c.num_subbuf = num;
	c.output = LTTNG_ABI_OUTPUT_MMAP;
	return ioctl(sfd, LTTNG_SESSION_CHANNEL, &c);
}

static long meminfo_kb(const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

struct bad_request {
	const char *what;
	int type;
	const char *name;
	const char *symbol;
	unsigned long long offset;
	unsigned int entryexit;		/* syscalls: enum lttng_abi_syscall_entryexit */
	int want;			/* errno */
};

static const struct bad_request bad_requests[] = {
	{ "syscall of a bad entry/exit", LTTNG_ABI_EV_SYSCALL, "getppid", "", 0, 3, EINVAL },
	{ "unknown tracepoint", LTTNG_ABI_EV_TRACEPOINT, "no_such_event", "", 0, 0, ENOENT },
	{ "kprobe on an unknown symbol", LTTNG_ABI_EV_KPROBE, "kp", "no_such_symbol_xyz", 0, 0, ENOENT },
	{ "kretprobe with an offset", LTTNG_ABI_EV_KRETPROBE, "krp", "vfs_read", 4, 0, EINVAL },
	{ "kprobe named with '\";'", LTTNG_ABI_EV_KPROBE, "x\";};event{name=\"y", "vfs_read", 0, 0, EINVAL },
	{ "kprobe name taken", LTTNG_ABI_EV_KPROBE, "taken", "vfs_write", 0, 0, EEXIST },
};

/* Registered, its entry event made, then its return event is refused. */
static const struct bad_request bad_kretprobe[] = {
	{ "kretprobe whose return event's name is taken", LTTNG_ABI_EV_KRETPROBE, "ret", "vfs_read", 0, 0, EEXIST },
};

static int bad_request(int cfd, const struct bad_request *b)
{
	struct lttng_abi_event ev;

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.name, sizeof(ev.name), "%s", b->name);
	ev.type = b->type;
	ev.entryexit = b->entryexit;
	snprintf(ev.u.kprobe.symbol_name, sizeof(ev.u.kprobe.symbol_name),
		 "%s", b->symbol);
	ev.u.kprobe.offset = b->offset;
	return ioctl(cfd, LTTNG_CHANNEL_EVENT, &ev) < 0 ? errno : 0;
}

/* A kprobe on vfs_write named NAME, on channel CFD. */
static int take_name(int cfd, const char *name)
{
	struct lttng_abi_event taken;

	memset(&taken, 0, sizeof(taken));
	snprintf(taken.name, sizeof(taken.name), "%s", name);
	taken.type = LTTNG_ABI_EV_KPROBE;
	strcpy(taken.u.kprobe.symbol_name, "vfs_write");
	if (ioctl(cfd, LTTNG_CHANNEL_EVENT, &taken) < 0) {
		printf("kprobe %s on vfs_write: errno %s\n", name,
		       errname(errno));
		return -1;
	}
	return 0;
}

static int failreq(int sfd, long n, const struct bad_request *bad, int nb,
		   long warmup)
{
	long i, wrong = 0, before, after;
	int cfd, e;

	cfd = channel(sfd, 4096, 4);
	if (cfd < 0) {
		printf("channel: errno %s\n", errname(errno));
		return 1;
	}
	if (take_name(cfd, "taken") || take_name(cfd, "ret_exit"))
		return 1;
	for (i = 0; i < warmup; i++)
		bad_request(cfd, &bad[i % nb]);
	before = meminfo_kb("SUnreclaim");
	for (i = 0; i < n; i++) {
		const struct bad_request *b = &bad[i % nb];

		e = bad_request(cfd, b);
		if (e != b->want && wrong++ < 10)
			printf("%s: %s, expected %s\n", b->what,
			       e ? errname(e) : "success", errname(b->want));
	}
	after = meminfo_kb("SUnreclaim");
	printf("requests %ld, wrong %ld, SUnreclaim %ld kB -> %ld kB\n",
	       n, wrong, before, after);
	close(cfd);
	return wrong ? 1 : 0;
}

static int holdfds(long n)
{
	struct rlimit rl = { .rlim_cur = n + 64, .rlim_max = n + 64 };
	int fd = open("/dev/null", O_RDONLY);
	long i;

	if (fd < 0 || setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("holdfds");
		return 1;
	}
	for (i = 0; i < n - 1; i++)
		if (dup(fd) < 0) {
			perror("dup");
			return 1;
		}
	printf("holding %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}

static int flood(const char *path, int n, int sec)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	unsigned char half[8] = { 0x4e, 0x54, 0x54, 0x4c };	/* magic */
	int i, held = 0;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	for (i = 0; i < n; i++) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		if (fd < 0)
			break;
		if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
		    send(fd, half, sizeof(half), MSG_NOSIGNAL) < 0) {
			close(fd);
			continue;
		}
		held++;	/* (the daemon may still refuse and close it) */
	}
	printf("opened %d of %d\n", held, n);
	fflush(stdout);
	sleep((unsigned int)sec);
	return 0;
}

static int fill(int sfd)
{
	int fd, n = 0, fds[MAX_FILL];

	for (;;) {
		if (n == MAX_FILL) {
			printf("created %d, never refused\n", n);
			break;
		}
		fd = channel(sfd, 64ULL << 20, 4);
		if (fd < 0) {
			printf("created %d, then errno %s\n", n, errname(errno));
			break;
		}
		fds[n++] = fd;
	}
	while (n)
		close(fds[--n]);
	return 0;
}

int main(int argc, char **argv)
{
	int tfd, sfd, fd;

	if (argc >= 5 && !strcmp(argv[1], "flood"))
		return flood(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc >= 3 && !strcmp(argv[1], "holdfds"))
		return holdfds(atol(argv[2]));
	if (argc < 2 || (strcmp(argv[1], "fill") &&
			 ((strcmp(argv[1], "failreq") &&
			   strcmp(argv[1], "failret")) || argc < 3) &&
			 (strcmp(argv[1], "channel") || argc < 4))) {
		fprintf(stderr, "usage: sectool channel SUBBUF NUM | fill | failreq N |\n"
			"       failret N | holdfds N | flood SOCK N SEC\n");
		return 2;
	}
	tfd = open("/dev/lttng", O_RDWR);
	if (tfd < 0) {
		perror("/dev/lttng");
		return 1;
	}
	sfd = ioctl(tfd, LTTNG_IOC_SESSION);
	if (sfd < 0) {
		perror("LTTNG_IOC_SESSION");
		return 1;
	}
	if (!strcmp(argv[1], "fill"))
		return fill(sfd);
	if (!strcmp(argv[1], "failreq"))
		return failreq(sfd, atol(argv[2]), bad_requests,
			       sizeof(bad_requests) / sizeof(bad_requests[0]),
			       1000);
	if (!strcmp(argv[1], "failret"))
		return failreq(sfd, atol(argv[2]), bad_kretprobe, 1, 50);
	fd = channel(sfd, strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0));
	if (fd < 0)
		printf("errno %s\n", errname(errno));
	else
		printf("ok %d\n", fd);
	return 0;
}
