// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctf-index-check - checks the CTF index files of a trace against its
 * stream files (babeltrace2 reads the traces; this checks what it may
 * skip: LTTng 2.13's index/<stream>.idx, which lttng-relayd live and Trace
 * Compass rely on).
 *
 *   ctf-index-check [-q] DIR...
 *
 * Every directory under DIR holding a `metadata` file is a trace; each of
 * its stream files (every regular file but metadata) must have
 * index/<file>.idx with:
 *   - the header: magic 0xC1F1DCC1, major 1, minor 1, entry size 72;
 *   - one entry per packet of the stream file, in order: offset = the sum
 *     of the previous packets' sizes, the sizes covering the file exactly;
 *   - in each entry, the fields of the packet's own header and context
 *     (packet and content size, timestamps, events discarded, stream id
 *     and instance, sequence number), timestamp_begin <= timestamp_end,
 *     content_size <= packet_size;
 *   - sequence numbers increasing along the file.
 * Prints "TRACES traces, FILES stream files, PACKETS packets" and each
 * problem found; exits 0 when there is none and at least one stream file.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IDX_MAGIC	0xC1F1DCC1U
#define IDX_HDR		16
#define IDX_ENTRY	72
#define PKT_MAGIC	0xC1FC1FC1U
#define PKT_HDR		84	/* packet header + context (LTTng's) */

static unsigned long traces, files, packets, problems;
static int quiet;

static void bad(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void bad(const char *path, const char *fmt, ...)
{
	va_list ap;

	problems++;
	if (problems > 50)
		return;
	printf("%s: ", path);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The size-byte unsigned integer at p, big-endian (index files) or
 * little-endian (packets: x86's native order). */
static uint64_t get_uint(const unsigned char *p, unsigned int size, int big)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
	return v;
}

#define be64(p)	get_uint(p, 8, 1)
#define be32(p)	get_uint(p, 4, 1)
#define le64(p)	get_uint(p, 8, 0)
#define le32(p)	get_uint(p, 4, 0)

static unsigned char *read_all(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY);
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
}

static void check_stream(const char *dir, const char *name)
{
	char data[8192], idx[8192];
	unsigned char *d, *x;
	size_t dlen, xlen, i, n;
	uint64_t off = 0, prev_seq = 0;

	snprintf(data, sizeof(data), "%s/%s", dir, name);
	snprintf(idx, sizeof(idx), "%s/index/%s.idx", dir, name);
	files++;
	d = read_all(data, &dlen);
	x = read_all(idx, &xlen);
	if (!d || !x) {
		bad(data, "%s", !d ? "cannot read" : "no index file");
		goto out;
	}
	if (xlen < IDX_HDR || be32(x) != IDX_MAGIC || be32(x + 4) != 1 ||
	    be32(x + 8) != 1 || be32(x + 12) != IDX_ENTRY) {
		bad(idx, "bad header");
		goto out;
	}
	if ((xlen - IDX_HDR) % IDX_ENTRY) {
		bad(idx, "size %zu is not header + whole entries", xlen);
		goto out;
	}
	n = (xlen - IDX_HDR) / IDX_ENTRY;
	for (i = 0; i < n; i++) {
		const unsigned char *e = x + IDX_HDR + i * IDX_ENTRY;
		uint64_t psize = be64(e + 8), csize = be64(e + 16);
		const unsigned char *p;

		if (be64(e) != off) {
			bad(idx, "entry %zu: offset %llu, expected %llu", i,
			    (unsigned long long)be64(e),
			    (unsigned long long)off);
			goto out;
		}
		if (psize % 8 || psize / 8 < PKT_HDR ||
		    off + psize / 8 > dlen) {
			bad(idx, "entry %zu: packet size %llu bits beyond the file",
			    i, (unsigned long long)psize);
			goto out;
		}
		p = d + off;
		if (le32(p) != PKT_MAGIC)
			bad(data, "no packet magic at offset %llu",
			    (unsigned long long)off);
		if (le64(p + 56) != psize || le64(p + 48) != csize ||
		    le64(p + 32) != be64(e + 24) || le64(p + 40) != be64(e + 32) ||
		    le64(p + 72) != be64(e + 40) || le32(p + 20) != be64(e + 48) ||
		    le64(p + 24) != be64(e + 56) || le64(p + 64) != be64(e + 64))
			bad(idx, "entry %zu differs from the packet at %llu", i,
			    (unsigned long long)off);
		if (be64(e + 24) > be64(e + 32) || csize > psize)
			bad(idx, "entry %zu: begin > end or content > packet", i);
		if (i && be64(e + 64) <= prev_seq)
			bad(idx, "entry %zu: sequence number %llu after %llu", i,
			    (unsigned long long)be64(e + 64),
			    (unsigned long long)prev_seq);
		prev_seq = be64(e + 64);
		off += psize / 8;
		packets++;
	}
	if (off != dlen)
		bad(idx, "indexes %llu bytes of a %zu-byte file",
		    (unsigned long long)off, dlen);
out:
	free(d);
	free(x);
}

static void walk(const char *dir)
{
	char path[8192];
	struct dirent *de;
	struct stat st;
	int is_trace;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/metadata", dir);
	is_trace = stat(path, &st) == 0;
	traces += is_trace;
	dp = opendir(dir);
	if (!dp)
		return;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!is_trace || strcmp(de->d_name, "index"))
				walk(path);
		} else if (S_ISREG(st.st_mode) && is_trace &&
			   strcmp(de->d_name, "metadata")) {
			check_stream(dir, de->d_name);
		}
	}
	closedir(dp);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-q")) {
		quiet = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-q] DIR...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++)
		walk(argv[i]);
	if (!quiet || problems)
		printf("%lu traces, %lu stream files, %lu packets, %lu problems\n",
		       traces, files, packets, problems);
	return problems || !files ? 1 : 0;
}
