// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_output - the output layer (output.c) with the local sink, on
 * packets made here: stream files and their CTF index files (LTTng 2.13's
 * layout), trace-file size and count limits (LTTng's naming and
 * rotation), whole packets only when writes fail (file size limit),
 * packets handed over in several pieces or with zero padding, metadata,
 * names that are not regular files (a FIFO: refused at once, no wait).
 *
 *   test_output DIR
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "sessiond.h"
#include "tap.h"
#include "daemon-stubs.h"

static char dir[4096];
static int write_error;

/* A packet of len bytes (multiple of 8), number k, LTTng's header. */
static void make_packet(unsigned char *p, size_t len, uint64_t k)
{
	uint64_t v;
	uint32_t w;

	memset(p, (int)(k & 0xff), len);
	w = htole32(0xC1FC1FC1U);
	memcpy(p, &w, 4);
	w = htole32(3);				/* stream_id */
	memcpy(p + 20, &w, 4);
	v = htole64(1);				/* stream_instance_id */
	memcpy(p + 24, &v, 8);
	v = htole64(1000 + k * 100);		/* timestamp_begin */
	memcpy(p + 32, &v, 8);
	v = htole64(1000 + k * 100 + 50);	/* timestamp_end */
	memcpy(p + 40, &v, 8);
	v = htole64((len - 8) * 8);		/* content_size */
	memcpy(p + 48, &v, 8);
	v = htole64(len * 8);			/* packet_size */
	memcpy(p + 56, &v, 8);
	v = htole64(k);				/* packet_seq_num */
	memcpy(p + 64, &v, 8);
	v = htole64(k / 2);			/* events_discarded */
	memcpy(p + 72, &v, 8);
}

static long file_size(const char *rel)
{
	char p[8192];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return stat(p, &st) ? -1 : (long)st.st_size;
}

static uint64_t be64_at(const unsigned char *b)
{
	uint64_t v;

	memcpy(&v, b, 8);
	return be64toh(v);
}

/*
 * Checks index file rel: the header, then one entry per packet of the
 * stream file data (all of size len): offsets, sizes and the fields of
 * packet number first + i.  Returns the number of entries, -1 if wrong.
 */
static int check_index(const char *rel, const char *data, size_t len,
		       uint64_t first)
{
	char p[8192];
	unsigned char buf[65536];
	ssize_t n;
	int fd, i, nent;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 16 || be32toh(*(uint32_t *)buf) != 0xC1F1DCC1U ||
	    be32toh(*(uint32_t *)(buf + 4)) != 1 ||
	    be32toh(*(uint32_t *)(buf + 8)) != 1 ||
	    be32toh(*(uint32_t *)(buf + 12)) != 72 || (n - 16) % 72) {
		printf("# %s: bad header or size %zd\n", rel, n);
		return -1;
	}
	nent = (int)((n - 16) / 72);
	if (file_size(data) != (long)(nent * len)) {
		printf("# %s: %d entries for %ld bytes\n", rel, nent,
		       file_size(data));
		return -1;
	}
	for (i = 0; i < nent; i++) {
		const unsigned char *e = buf + 16 + 72 * i;
		uint64_t k = first + (uint64_t)i;

		if (be64_at(e) != i * len || be64_at(e + 8) != len * 8 ||
		    be64_at(e + 16) != (len - 8) * 8 ||
		    be64_at(e + 24) != 1000 + k * 100 ||
		    be64_at(e + 32) != 1000 + k * 100 + 50 ||
		    be64_at(e + 40) != k / 2 || be64_at(e + 48) != 3 ||
		    be64_at(e + 56) != 1 || be64_at(e + 64) != k) {
			printf("# %s: entry %d wrong\n", rel, i);
			return -1;
		}
	}
	return nent;
}

/* First byte of packet i of a stream file (make_packet fills with k). */
static int packet_byte(const char *rel, size_t len, int i)
{
	char p[8192];
	unsigned char b;
	int fd, ret = -1;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	fd = open(p, O_RDONLY);
	if (fd >= 0 && pread(fd, &b, 1, (off_t)(i * len + 100)) == 1)
		ret = b;
	if (fd >= 0)
		close(fd);
	return ret;
}

static struct out_stream *open_stream(struct out_chunk *c, const char *name,
				      uint64_t size, uint64_t count)
{
	struct out_stream_attr a = { .subdir = "kernel", .name = name,
				     .tracefile_size = size,
				     .tracefile_count = count };
	struct out_stream *st = NULL;

	if (out_stream_open(c, &a, &st))
		return NULL;
	return st;
}

static int write_packets(struct out_stream *st, size_t len, uint64_t from,
			 uint64_t to)
{
	unsigned char *p = malloc(len);
	int bad = 0;

	for (; from < to; from++) {
		struct iovec iov = { p, len };

		make_packet(p, len, from);
		if (out_stream_write(st, &iov, 1, 0))
			bad++;
	}
	free(p);
	return bad;
}

/* No limit: <chan>_<cpu> and index/<chan>_<cpu>.idx */
static void test_plain(struct out_chunk *c)
{
	struct out_stream *st = open_stream(c, "plain_0", 0, 0);

	ok(st && write_packets(st, 4096, 0, 5) == 0, "5 packets written");
	out_stream_close(st);
	ok(file_size("kernel/plain_0") == 5 * 4096, "stream file: 5 packets");
	ok(check_index("kernel/index/plain_0.idx", "kernel/plain_0", 4096, 0) == 5,
	   "index: LTTng's header, one entry per packet with the packet's fields");
}

/* Size 8192, count 3: two packets a file, the oldest file reused. */
static void test_size_and_count(struct out_chunk *c)
{
	struct out_stream *st = open_stream(c, "lim_0", 8192, 3);

	ok(st && write_packets(st, 4096, 0, 10) == 0, "10 packets, 8 KiB files, 3 files");
	out_stream_close(st);
	ok(file_size("kernel/lim_0") == -1 && file_size("kernel/lim_0_3") == -1 &&
	   file_size("kernel/index/lim_0_3.idx") == -1,
	   "files are <chan>_<cpu>_<n>, n < count");
	ok(check_index("kernel/index/lim_0_0.idx", "kernel/lim_0_0", 4096, 6) == 2 &&
	   check_index("kernel/index/lim_0_1.idx", "kernel/lim_0_1", 4096, 8) == 2 &&
	   check_index("kernel/index/lim_0_2.idx", "kernel/lim_0_2", 4096, 4) == 2,
	   "the newest packets remain (4-9), each file with its own index");
	ok(packet_byte("kernel/lim_0_0", 4096, 0) == 6 &&
	   packet_byte("kernel/lim_0_1", 4096, 1) == 9,
	   "the data in the files is the packets'");
}

/* Size without count: files numbered on. */
static void test_size_no_count(struct out_chunk *c)
{
	struct out_stream *st = open_stream(c, "nocount_0", 8192, 0);

	ok(st && write_packets(st, 4096, 0, 5) == 0, "5 packets, 8 KiB files, no count");
	out_stream_close(st);
	ok(file_size("kernel/nocount_0_0") == 8192 &&
	   file_size("kernel/nocount_0_1") == 8192 &&
	   file_size("kernel/nocount_0_2") == 4096 &&
	   check_index("kernel/index/nocount_0_2.idx", "kernel/nocount_0_2", 4096, 4) == 1,
	   "files _0 _1 _2 of 8192, 8192, 4096 bytes");
}

/* A packet larger than the size gets a file of its own. */
static void test_big_packet(struct out_chunk *c)
{
	struct out_stream *st = open_stream(c, "big_0", 6000, 0);

	ok(st && write_packets(st, 4096, 0, 1) == 0 &&
	   write_packets(st, 8192, 1, 2) == 0 &&
	   write_packets(st, 4096, 2, 3) == 0, "packets of 4096, 8192, 4096 bytes, size 6000");
	out_stream_close(st);
	ok(file_size("kernel/big_0_0") == 4096 && file_size("kernel/big_0_1") == 8192 &&
	   file_size("kernel/big_0_2") == 4096 && file_size("kernel/big_0_3") == -1,
	   "one packet a file, none empty");
}

/* Whether the len bytes at off of file rel (under dir) are all zero. */
static int zeros_at(const char *rel, off_t off, size_t len)
{
	unsigned char *buf = malloc(len);
	char p[8192];
	int fd, zero = 0;
	size_t i;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	fd = open(p, O_RDONLY);
	if (fd >= 0 && pread(fd, buf, len, off) == (ssize_t)len)
		for (i = 0, zero = 1; i < len; i++)
			zero &= buf[i] == 0;
	if (fd >= 0)
		close(fd);
	free(buf);
	return zero;
}

/* Packets in pieces, with padding, and something that is no packet. */
static void test_pieces(struct out_chunk *c)
{
	struct out_stream *st = open_stream(c, "iov_0", 0, 0);
	unsigned char pkt[4096];
	struct iovec iov[3] = { { pkt, 84 }, { pkt + 84, 1000 },
				{ pkt + 1084, sizeof(pkt) - 1084 } };
	int ret;

	/* A packet in pieces (header, records, padding). */
	make_packet(pkt, sizeof(pkt), 7);
	ok(st && out_stream_write(st, iov, 3, 0) == 0 &&
	   check_index("kernel/index/iov_0.idx", "kernel/iov_0", 4096, 7) == 1 &&
	   packet_byte("kernel/iov_0", 4096, 0) == 7,
	   "a packet in three pieces: written whole, indexed");
	/* Pieces and padding: the zeros are the layer's, the index counts
	 * them; the next packet starts after them. */
	make_packet(pkt, sizeof(pkt), 8);
	ret = st ? out_stream_write(st, iov, 2, 4096 - 1084) : -1;
	ok(ret == 0 && file_size("kernel/iov_0") == 2 * 4096 &&
	   zeros_at("kernel/iov_0", 4096 + 1084, 4096 - 1084) &&
	   packet_byte("kernel/iov_0", 4096, 1) == 8 &&
	   check_index("kernel/index/iov_0.idx", "kernel/iov_0", 4096, 7) == 2,
	   "a packet with padding: header and records, then zeros, indexed as a whole");
	/* Not a packet: refused, counted. */
	memset(pkt, 0, sizeof(pkt));
	iov[0].iov_len = sizeof(pkt);
	ok(st && out_stream_write(st, iov, 1, 0) == -EINVAL && st->unwritten == 1 &&
	   file_size("kernel/iov_0") == 2 * 4096,
	   "a packet without LTTng's magic is not written, counted");
	out_stream_close(st);
}

/* Whole packets when the file cannot grow (RLIMIT_FSIZE: EFBIG). */
static void test_file_size_limit(struct out_chunk *c)
{
	struct out_stream *st;
	struct rlimit rl, small;
	int ret;

	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &rl);
	st = open_stream(c, "full_0", 0, 0);
	small.rlim_cur = 10000;
	small.rlim_max = rl.rlim_max;
	setrlimit(RLIMIT_FSIZE, &small);
	ret = st ? write_packets(st, 4096, 0, 4) : -1;
	setrlimit(RLIMIT_FSIZE, &rl);
	ok(ret == 2 && st->unwritten == 2 && file_size("kernel/full_0") == 8192 &&
	   check_index("kernel/index/full_0.idx", "kernel/full_0", 4096, 0) == 2,
	   "file size limit: 2 whole packets written, 2 counted unwritten, index matches");
	ok(write_error == EFBIG, "the error is noted for the session (%d)", write_error);
	ok(st && write_packets(st, 4096, 4, 5) == 0 && st->werr == 0 &&
	   file_size("kernel/full_0") == 3 * 4096,
	   "writing resumes once there is room");
	out_stream_close(st);
}

/* Metadata: appended, no index. */
static void test_metadata(struct out_chunk *c)
{
	struct out_stream_attr a = { .subdir = "ust/uid/0/64-bit",
				     .name = "metadata", .metadata = 1,
				     .tracefile_size = 4096 };
	struct out_stream *meta = NULL;
	int ret;

	ret = out_stream_open(c, &a, &meta);
	ok(ret == 0 && out_metadata_write(meta, "/* CTF 1.8 */\n", 14) == 0 &&
	   out_metadata_write(meta, "trace {};\n", 10) == 0 &&
	   file_size("ust/uid/0/64-bit/metadata") == 24 &&
	   file_size("ust/uid/0/64-bit/index") == -1,
	   "metadata appended in its subdirectory, without index or limits");
	out_stream_close(meta);
}

/* A subdirectory that is a symlink (to target) is not followed. */
static void test_symlink(struct out_chunk *c, const char *target)
{
	char p[8192];
	struct out_stream_attr a = { .subdir = "evil/x", .name = "c_0" };
	struct out_stream *st = NULL;
	int ret;

	snprintf(p, sizeof(p), "%s/evil", dir);
	if (symlink(target, p))
		printf("# symlink: %s\n", strerror(errno));
	ret = out_stream_open(c, &a, &st);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL && !st,
	   "a symlink below the chunk is not followed (%d)", ret);
}

/* A FIFO where a trace file goes (planted by the user, without a
 * reader): refused at once instead of waiting for a reader; a file
 * of the same name that is regular is truncated. */
static void test_fifo(struct out_chunk *c)
{
	char p[8192];
	struct out_stream_attr a = { .subdir = "fifo", .name = "metadata",
				     .metadata = 1 };
	struct out_stream_attr d = { .subdir = "fifo", .name = "c_0" };
	struct out_stream *st;
	int fd, ret;

	snprintf(p, sizeof(p), "%s/fifo", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/fifo/metadata", dir);
	if (mkfifo(p, 0600))
		printf("# mkfifo: %s\n", strerror(errno));
	alarm(10);		/* a hang fails the test */
	st = NULL;
	ret = out_stream_open(c, &a, &st);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL && !st,
	   "a FIFO in place of the metadata file is refused without waiting (%d)", ret);
	/* with a reader, the open would succeed: still refused */
	fd = open(p, O_RDWR | O_NONBLOCK);
	st = NULL;
	ret = out_stream_open(c, &a, &st);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL && !st,
	   "a FIFO with a reader is refused too (%d)", ret);
	if (fd >= 0)
		close(fd);
	alarm(0);
	snprintf(p, sizeof(p), "%s/fifo/c_0", dir);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0 && write(fd, "old", 3) != 3)
		printf("# write: %s\n", strerror(errno));
	if (fd >= 0)
		close(fd);
	st = NULL;
	ret = out_stream_open(c, &d, &st);
	ok(ret == 0 && st && file_size("fifo/c_0") == 0,
	   "an existing regular file is truncated (%d)", ret);
	out_stream_close(st);
}

/* Detached from its session: errors are no longer noted there. */
static void test_detached(struct out_chunk *c)
{
	unsigned char pkt[4096];
	struct iovec iov = { pkt, sizeof(pkt) };
	struct out_stream *st;

	write_error = 0;
	out_chunk_detach(c);
	st = open_stream(c, "detached_0", 0, 0);
	memset(pkt, 0, sizeof(pkt));
	ok(st && out_stream_write(st, &iov, 1, 0) == -EINVAL &&
	   st->unwritten == 1 && write_error == 0,
	   "after out_chunk_detach() a failed write is counted, not noted");
	out_stream_close(st);
}

int main(int argc, char **argv)
{
	struct out_chunk_attr ca = { .label = "t", .write_error = &write_error };
	struct out_chunk *c = NULL;
	int ret;

	if (argc < 2)
		return 2;
	snprintf(dir, sizeof(dir), "%s/trace", argv[1]);
	ca.path = dir;
	ca.uid = getuid();
	ca.gid = getgid();
	ret = out_chunk_open(&ca, &c);
	ok(ret == 0 && c, "chunk opened: its directory created (%d)", ret);
	if (ret)
		return tap_done();
	test_plain(c);
	test_size_and_count(c);
	test_size_no_count(c);
	test_big_packet(c);
	test_pieces(c);
	test_file_size_limit(c);
	test_metadata(c);
	test_symlink(c, argv[1]);
	test_fifo(c);
	test_detached(c);
	out_chunk_put(c);
	return tap_done();
}
