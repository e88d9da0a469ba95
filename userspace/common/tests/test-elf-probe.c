// SPDX-License-Identifier: LGPL-2.1-only
/*
 * test-elf-probe.c - elf-probe.c against binaries whose answers are known
 * (TAP).  Usage: test-elf-probe SAMPLE64 SAMPLE32
 *
 *  - the function's offset equals the one SAMPLE64 computes for itself
 *    from /proc/self/maps, as the kernel's uprobes would;
 *  - every SDT call site found is a nop in the file (what sys/sdt.h puts
 *    there), two for sample:site, in both the 64- and the 32-bit file;
 *  - a semaphore-guarded probe, unknown names, files that are not ELF
 *    and truncated or corrupted copies give errors, never a crash
 *    (the test runs under ASan/UBSan).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../elf-probe.h"

static int n, failed;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		failed = 1;
}

static int open_or_die(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	return fd;
}

/* All offsets point at a nop (0x90) of the file. */
static int all_nops(int fd, const uint64_t *off, unsigned int nr)
{
	unsigned char c;
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (pread(fd, &c, 1, (off_t)off[i]) != 1 || c != 0x90)
			return 0;
	return 1;
}

static void check_sdt(const char *path, const char *what)
{
	uint64_t off[8];
	unsigned int nr = 0;
	char err[256] = "";
	int fd = open_or_die(path), r;

	r = lttng_elf_sdt_offsets(fd, "sample", "site", off, 8, &nr, err,
				  sizeof(err));
	ok(r == 0 && nr == 2 && off[0] != off[1] && all_nops(fd, off, nr),
	   "%s: sample:site has 2 call sites, each a nop (%d, %u: %s)", what,
	   r, nr, err);
	r = lttng_elf_sdt_offsets(fd, "sample", "site", off, 1, &nr, err,
				  sizeof(err));
	ok(r == -E2BIG, "%s: more call sites than room: E2BIG (%d)", what, r);
	r = lttng_elf_sdt_offsets(fd, "sample", "guarded", off, 8, &nr, err,
				  sizeof(err));
	ok(r == -EOPNOTSUPP && strstr(err, "semaphore"),
	   "%s: a probe guarded by a semaphore is refused (%d: %s)", what, r, err);
	r = lttng_elf_sdt_offsets(fd, "sample", "nosuch", off, 8, &nr, err,
				  sizeof(err));
	ok(r == -ENOENT && nr == 0, "%s: unknown probe: ENOENT (%d: %s)", what,
	   r, err);
	close(fd);
}

/* A copy of path with len bytes, or with bytes flipped by seed. */
static int mangled(const char *path, size_t len, unsigned int seed)
{
	char tmpl[] = "/tmp/test-elf-probe.XXXXXX";
	static unsigned char buf[4 << 20];
	int in = open_or_die(path), out = mkstemp(tmpl);
	ssize_t got = read(in, buf, sizeof(buf));
	unsigned int i;

	close(in);
	if (out < 0 || got <= 0)
		exit(1);
	if ((size_t)got > len)
		got = (ssize_t)len;
	srand(seed);
	for (i = 0; seed && i < 8; i++) {
		/* the headers and tables are where it hurts */
		size_t at = (size_t)rand() % (i < 4 && got > 256 ? 256 : (size_t)got);

		buf[at] = (unsigned char)rand();
	}
	if (write(out, buf, (size_t)got) != got)
		exit(1);
	unlink(tmpl);
	return out;
}

int main(int argc, char **argv)
{
	uint64_t off, want, sites[32];
	unsigned int nr, i, errors = 0;
	char err[256] = "", cmd[4200];
	FILE *p;
	int fd, r;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SAMPLE64 SAMPLE32\n", argv[0]);
		return 2;
	}
	printf("TAP version 13\n");

	snprintf(cmd, sizeof(cmd), "%s", argv[1]);
	p = popen(cmd, "r");
	if (!p || fscanf(p, "%lu", (unsigned long *)&want) != 1)
		return 1;
	pclose(p);
	fd = open_or_die(argv[1]);
	r = lttng_elf_function_offset(fd, "sample_function", &off, err,
				      sizeof(err));
	ok(r == 0 && off == want,
	   "64-bit: sample_function at offset %lu, as /proc/self/maps says (%lu)",
	   (unsigned long)off, (unsigned long)want);
	r = lttng_elf_function_offset(fd, "main", &off, err, sizeof(err));
	ok(r == 0 && off != want, "64-bit: main found elsewhere");
	r = lttng_elf_function_offset(fd, "nosuch_function", &off, err,
				      sizeof(err));
	ok(r == -ENOENT && strstr(err, "nosuch_function"),
	   "64-bit: unknown function: ENOENT (%s)", err);
	r = lttng_elf_function_offset(fd, "sample_guarded_semaphore", &off,
				      err, sizeof(err));
	ok(r == -ENOENT, "64-bit: a variable is not a function (%d)", r);
	close(fd);
	check_sdt(argv[1], "64-bit");

	fd = open_or_die(argv[2]);
	r = lttng_elf_function_offset(fd, "sample_function", &off, err,
				      sizeof(err));
	ok(r == 0 && off > 0, "32-bit: sample_function found (%d: %s)", r, err);
	close(fd);
	check_sdt(argv[2], "32-bit");

	fd = open_or_die("/etc/passwd");
	r = lttng_elf_function_offset(fd, "main", &off, err, sizeof(err));
	ok(r == -ENOEXEC, "not an ELF file: ENOEXEC (%s)", err);
	close(fd);
	fd = open_or_die("/dev/null");
	r = lttng_elf_sdt_offsets(fd, "a", "b", sites, 32, &nr, err, sizeof(err));
	ok(r == -ENOEXEC, "not a regular file: ENOEXEC (%s)", err);
	close(fd);

	/* truncated copies, then 3000 corrupted ones: errors, no crash */
	for (i = 0; i < 64; i++) {
		fd = mangled(argv[1], i * 97, 0);
		r = lttng_elf_function_offset(fd, "sample_function", &off, err,
					      sizeof(err));
		errors += r != 0;
		close(fd);
	}
	ok(errors == 64, "64 truncated copies: an error each (%u)", errors);
	for (i = 1; i <= 3000; i++) {
		fd = mangled(argv[1 + i % 2], (size_t)-1, i);
		lttng_elf_function_offset(fd, "sample_function", &off, err,
					  sizeof(err));
		lttng_elf_sdt_offsets(fd, "sample", "site", sites, 32, &nr,
				      err, sizeof(err));
		close(fd);
	}
	ok(1, "3000 corrupted copies read without a crash");
	printf("1..%d\n", n);
	return failed;
}
