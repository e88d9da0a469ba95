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
	if (argc < 2 || (strcmp(argv[1], "fill") &&
			 (strcmp(argv[1], "channel") || argc < 4))) {
		fprintf(stderr, "usage: sectool channel SUBBUF NUM | fill | flood SOCK N SEC\n");
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
	fd = channel(sfd, strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0));
	if (fd < 0)
		printf("errno %s\n", errname(errno));
	else
		printf("ok %d\n", fd);
	return 0;
}
