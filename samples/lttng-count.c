// SPDX-License-Identifier: MIT
/*
 * lttng-count - count the hits of a kernel function, per CPU, straight from
 * the tracer's ioctl ABI: no daemon, no library, only the installed header
 * <lttng-tracer/ioctl-abi.h> (Documentation/abi.rst).
 *
 *   lttng-count [-k SYMBOL] [-o DIR] -- CMD [ARGS...]
 *   lttng-count [-k SYMBOL] [-o DIR] [-d SECONDS]
 *
 * Opens /dev/lttng (root), creates a session, a channel (one stream per
 * CPU, each mmap()ed) and a kprobe event on SYMBOL (default
 * __x64_sys_getppid); starts, runs CMD (only its process is traced: pid
 * tracker) or waits SECONDS (default 1, the whole system), stops, reads
 * every packet through the mapping and walks its records, and prints
 * "cpu N: M" per CPU, then "total: M" and "discarded: D".  With -o DIR,
 * the packets and the metadata are also written there as a CTF trace
 * (DIR/metadata, DIR/chan_<cpu>) that babeltrace2 reads.
 *
 * The record layout walked here is the one of Documentation/abi.rst: a
 * packet starts with its 84-byte header and context; a record is an event
 * header (4 bytes: 5-bit id + 27-bit time; or, id 31, 13 bytes) then the
 * payload, here the kprobe's "ip" (8 bytes); no channel context is added.
 *
 * Build: cc -o lttng-count lttng-count.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lttng-tracer/ioctl-abi.h>

#define MAX_CPUS	1024
#define PACKET_HEADER	84	/* packet header (32) + packet context (52) */
#define KPROBE_PAYLOAD	8	/* ip */

static void die(const char *what, int err)
{
	fprintf(stderr, "lttng-count: %s: %s\n", what, strerror(err));
	exit(1);
}

/* ioctl() that dies on error; returns the new fd, or 0. */
static int xioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	int r = ioctl(fd, cmd, arg);

	if (r < 0)
		die(what, errno);
	return r;
}

struct stream {
	int fd, cpu, out;
	const unsigned char *map;
	uint64_t len, count;
};

/* Counts the records of one packet; -1 if it is not what we expect. */
static long walk_packet(const unsigned char *p, uint64_t size)
{
	uint64_t off = PACKET_HEADER;
	long n = 0;

	while (off < size) {
		unsigned int id = p[off] & 0x1f;

		off += id == 31 ? 13 : 4;
		if (id == 31)
			memcpy(&id, p + off - 12, sizeof(id));
		if (id != 0)	/* the session's only event has id 0 */
			return -1;
		off += KPROBE_PAYLOAD;
		n++;
	}
	return off == size ? n : -1;
}

/* Reads every packet ready in the stream; returns the discarded count. */
static uint64_t drain(struct stream *st, const char *dir)
{
	struct lttng_abi_subbuf sb;
	uint64_t discarded = 0;
	char path[4200];
	long n;

	while (ioctl(st->fd, LTTNG_STREAM_GET_NEXT_SUBBUF, &sb) == 0) {
		n = walk_packet(st->map + sb.mmap_offset, sb.content_size);
		if (n < 0) {
			fprintf(stderr, "lttng-count: cpu %d: unexpected record layout\n",
				st->cpu);
			exit(1);
		}
		st->count += n;
		discarded = sb.events_discarded;
		if (dir && st->out < 0) {
			snprintf(path, sizeof(path), "%s/chan_%d", dir, st->cpu);
			st->out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (st->out < 0)
				die(path, errno);
		}
		if (dir && write(st->out, st->map + sb.mmap_offset, sb.packet_size) !=
		    (ssize_t)sb.packet_size)
			die("write", errno);
		xioctl(st->fd, LTTNG_STREAM_PUT_NEXT_SUBBUF, NULL, "put sub-buffer");
	}
	if (errno != EAGAIN && errno != ENODATA)
		die("get sub-buffer", errno);
	return discarded;
}

static void usage(void)
{
	fprintf(stderr, "usage: lttng-count [-k SYMBOL] [-o DIR] [-d SECONDS | -- CMD [ARGS...]]\n");
	exit(2);
}

/* /dev/lttng, once its ABI is known to be ours. */
static int open_tracer(void)
{
	struct lttng_abi_version v;
	int tracer = open(LTTNG_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (tracer < 0)
		die(LTTNG_DEVICE_PATH " (is " LTTNG_MODULE_NAME " loaded? are you root?)", errno);
	xioctl(tracer, LTTNG_IOC_VERSION, &v, "version");
	if (v.abi_major != LTTNG_ABI_MAJOR) {
		fprintf(stderr, "lttng-count: tracer ABI %u, this program knows %u\n",
			v.abi_major, LTTNG_ABI_MAJOR);
		exit(1);
	}
	return tracer;
}

/* One stream per possible CPU (then -ENOENT), each mapped; their number. */
static int open_streams(int chan, struct stream *st)
{
	struct lttng_abi_stream_info info;
	int nst = 0;

	for (;;) {
		int fd = ioctl(chan, LTTNG_CHANNEL_STREAM);

		if (fd < 0 && errno == ENOENT)
			break;
		if (fd < 0 || nst == MAX_CPUS)
			die("stream", fd < 0 ? errno : E2BIG);
		st[nst].fd = fd;
		st[nst].out = -1;
		xioctl(fd, LTTNG_STREAM_GET_MMAP_LEN, &st[nst].len, "mmap length");
		xioctl(fd, LTTNG_STREAM_INFO, &info, "stream info");
		st[nst].cpu = info.cpu_id;
		st[nst].map = mmap(NULL, st[nst].len, PROT_READ, MAP_SHARED, fd, 0);
		if (st[nst].map == MAP_FAILED)
			die("mmap", errno);
		nst++;
	}
	return nst;
}

static void enable_kprobe(int chan, const char *sym)
{
	struct lttng_abi_event ev;

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.name, sizeof(ev.name), "%s", sym);
	ev.type = LTTNG_ABI_EV_KPROBE;
	snprintf(ev.u.kprobe.symbol_name, sizeof(ev.u.kprobe.symbol_name), "%s", sym);
	xioctl(chan, LTTNG_CHANNEL_EVENT, &ev, sym);
}

/* Forks the command, tracked by the session; it waits for a byte on
 * go[1] before it runs.  Its pid. */
static pid_t fork_command(int session, char **cmd, int go[2])
{
	struct lttng_abi_tracker t = { .type = LTTNG_ABI_TRACKER_PID };
	pid_t pid;
	char b;

	if (pipe2(go, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		die("fork", errno);
	if (pid == 0) {
		if (read(go[0], &b, 1) != 1)
			_exit(126);
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	t.id = pid;
	xioctl(session, LTTNG_SESSION_TRACK, &t, "track pid");
	return pid;
}

/* Releases the command and waits for its end; its wait status. */
static int run_command(pid_t pid, int go[2])
{
	int status = 0;

	if (write(go[1], "g", 1) != 1)
		die("release the command", errno);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid", errno);
	return status;
}

/* Drains every stream and prints the counts. */
static void print_counts(struct stream *st, int nst, const char *dir)
{
	uint64_t total = 0, discarded = 0;
	int i;

	for (i = 0; i < nst; i++) {
		discarded += drain(&st[i], dir);
		printf("cpu %d: %llu\n", st[i].cpu, (unsigned long long)st[i].count);
		total += st[i].count;
	}
	printf("total: %llu\ndiscarded: %llu\n", (unsigned long long)total,
	       (unsigned long long)discarded);
}

/* DIR/metadata; the metadata is readable once the session started. */
static void write_metadata(int meta, const char *dir)
{
	char path[4200], buf[8192];
	ssize_t n;
	int out;

	snprintf(path, sizeof(path), "%s/metadata", dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die(path, errno);
	while ((n = read(meta, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			die("write metadata", errno);
	if (n < 0)
		die("read metadata", errno);
	close(out);
}

int main(int argc, char **argv)
{
	static struct stream st[MAX_CPUS];
	struct lttng_abi_channel ch = { .subbuf_size = 1 << 16, .num_subbuf = 8,
					.output = LTTNG_ABI_OUTPUT_MMAP };
	struct lttng_abi_channel mch = { .subbuf_size = 1 << 16, .num_subbuf = 2,
					 .output = LTTNG_ABI_OUTPUT_MMAP };
	const char *sym = "__x64_sys_getppid", *dir = NULL;
	int c, nst, tracer, session, chan, meta, status = 0, go[2];
	unsigned int seconds = 1;
	pid_t pid = 0;

	while ((c = getopt(argc, argv, "k:o:d:")) != -1) {
		switch (c) {
		case 'k': sym = optarg; break;
		case 'o': dir = optarg; break;
		case 'd': seconds = strtoul(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (strlen(sym) >= LTTNG_SYM_NAME_MAX)
		usage();
	tracer = open_tracer();
	session = xioctl(tracer, LTTNG_IOC_SESSION, NULL, "session");
	chan = xioctl(session, LTTNG_SESSION_CHANNEL, &ch, "channel");
	meta = xioctl(session, LTTNG_SESSION_METADATA, &mch, "metadata");
	nst = open_streams(chan, st);
	enable_kprobe(chan, sym);
	if (dir && mkdir(dir, 0755) < 0 && errno != EEXIST)
		die(dir, errno);
	if (optind < argc)	/* the command waits until it is tracked */
		pid = fork_command(session, argv + optind, go);
	xioctl(session, LTTNG_SESSION_START, NULL, "start");
	if (pid)
		status = run_command(pid, go);
	else
		sleep(seconds);
	xioctl(session, LTTNG_SESSION_STOP, NULL, "stop");	/* flushes */
	print_counts(st, nst, dir);
	if (dir)
		write_metadata(meta, dir);
	close(session);		/* destroys the session */
	if (pid)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}
