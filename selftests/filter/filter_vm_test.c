// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_vm_test.c - the filter verifier and interpreter in the kernel
 * (lttng-filter-test.ko, see kmod/filter_test.c), run in the VM as root.
 * TAP.
 *
 *  1. every hand-made hostile bytecode (userspace/common/filter/tests/
 *     hostile.h) is refused with EINVAL, from user memory, without a
 *     kernel complaint (run_tests.sh checks the log);
 *  2. compiled filters give the right answer on the module's samples;
 *  3. $ctx.* filters see the writing task: its tid, pid, name, nice, CPU,
 *     credentials and namespaces, compared with what /proc and the
 *     system calls say;
 *  4. corrupted bytecode is refused or runs, never crashes the kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../../userspace/common/filter/filter.h"
#include "tap.h"
#include "../../userspace/common/filter/tests/hostile.h"
#include "refuse_hostile.h"

#define PROC "/proc/lttng-filter-test"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Write bytecode; 0 or -errno. */
static int submit(const void *bc, size_t len)
{
	int fd = open(PROC, O_RDWR);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, bc, len);
	err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

/* "never r0r1r2" of the last accepted program. */
static int last_result(char *out, size_t len)
{
	int fd = open(PROC, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, out, len - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* Compile expr and run it in the kernel: "never r0r1r2", or an error. */
static int run(const char *expr, char *res, size_t len)
{
	struct lttng_filter_bytecode *bc;
	char err[256];
	int ret;

	ret = lttng_filter_compile(expr, NULL, 0, &bc, err, sizeof(err));
	if (ret) {
		snprintf(res, len, "compile: %s", err);
		return -1;
	}
	ret = submit(bc->data, bc->len);
	lttng_filter_bytecode_free(bc);
	if (ret) {
		snprintf(res, len, "write: %s", strerror(-ret));
		return -1;
	}
	return last_result(res, len);
}

static int submit_hostile(void *arg, const void *bc, size_t len)
{
	(void)arg;
	return submit(bc, len);
}

static void hostile(void)
{
	refuse_hostile("kernel", submit_hostile, NULL);
	hb_base();
	ok(submit(hb.out, hb_build()) == 0, "kernel accepts the base program");
}

static const struct {
	const char *expr;
	const char *want;	/* never flag, then one result per sample */
} cases[] = {
	{ "intfield == 42", "0 100" },
	{ "intfield > 0 && intfield < 501", "0 101" },
	{ "intfield + 8 == 50 || intfield * -1 == 5", "0 110" },
	{ "intfield / 0 == 0", "0 000" },
	{ "1 << 64 == 0 || 1", "0 000" },
	{ "intfield & 0xff == 42", "0 100" },
	{ "strfield == \"hello\"", "0 100" },
	{ "strfield == \"h*\" || strfield == \"\"", "0 110" },
	{ "strfield == \"a\\*b*\"", "0 001" },
	{ "strfield != \"*\"", "0 000" },
	{ "strfield < \"b\"", "0 011" },
	{ "comm == \"*sh*\"", "0 101" },
	{ "comm == \"0123456789abcdef\"", "0 010" },
	{ "comm[0] == 115", "0 001" },
	{ "arr[3] == 65535 || arr[2] == 30", "0 101" },
	{ "arr[4] == 0 || 1", "0 000" },
	{ "seq[1] == 5 || seq[2] == 9", "0 101" },
	{ "intfield > 41.5", "0 101" },
	{ "nosuchfield == 1", "1 000" },
	{ "strfield + 1", "1 000" },
};

static void samples(void)
{
	char res[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = run(cases[i].expr, res, sizeof(res));

		if (!ok(!ret && !strcmp(res, cases[i].want), "kernel runs %s -> %s",
			cases[i].expr, cases[i].want))
			diag("got %s", res);
	}
}

static long ns_inode(const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	if (stat(path, &st))
		return -1;
	return (long)st.st_ino;
}

static void contexts(void)
{
	static const char *const nss[][2] = {
		{ "pid_ns", "pid" }, { "net_ns", "net" }, { "uts_ns", "uts" },
		{ "ipc_ns", "ipc" }, { "user_ns", "user" },
		{ "cgroup_ns", "cgroup" }, { "time_ns", "time" },
	};
	char expr[512], res[512];
	struct utsname u;
	cpu_set_t set;
	size_t i;
	int cpu;

	prctl(PR_SET_NAME, "filtvm-ctx", 0, 0, 0);
	setpriority(PRIO_PROCESS, 0, 5);
	cpu = sched_getcpu();
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	uname(&u);

#define CTX_CASE(desc, fmt, ...) do {					\
		snprintf(expr, sizeof(expr), fmt, __VA_ARGS__);		\
		if (!ok(!run(expr, res, sizeof(res)) && !strcmp(res, "0 111"), \
			"context: %s (%s)", desc, expr))		\
			diag("got %s", res);				\
	} while (0)

	CTX_CASE("tid of the writer", "$ctx.tid == %d && $ctx.vtid == %d",
		 gettid(), gettid());
	CTX_CASE("pid of the writer", "$ctx.pid == %d && $ctx.vpid == %d",
		 getpid(), getpid());
	CTX_CASE("parent pid", "$ctx.ppid == %d && $ctx.vppid == %d",
		 getppid(), getppid());
	CTX_CASE("process name", "$ctx.procname == \"%s\"", "filtvm-ctx");
	CTX_CASE("process name glob", "$ctx.procname == \"%s\"", "filtvm*");
	CTX_CASE("nice and priority", "$ctx.nice == %d && $ctx.prio == %d",
		 5, 25);
	CTX_CASE("cpu", "$ctx.cpu_id == %d", cpu);
	CTX_CASE("hostname", "$ctx.hostname == \"%s\"", u.nodename);
	CTX_CASE("credentials", "$ctx.uid == %d && $ctx.euid == %d && $ctx.gid == %d"
		 " && $ctx.egid == %d && $ctx.vuid == %d && $ctx.vgid == %d",
		 getuid(), geteuid(), getgid(), getegid(), getuid(), getgid());
	for (i = 0; i < ARRAY_SIZE(nss); i++) {
		long ino = ns_inode(nss[i][1]);
		char desc[64];

		snprintf(desc, sizeof(desc), "namespace %s", nss[i][1]);
		if (ino < 0) {
			ok(1, "# SKIP %s: no /proc/self/ns/%s", desc, nss[i][1]);
			continue;
		}
		CTX_CASE(desc, "$ctx.%s == %ld", nss[i][0], ino);
	}
	snprintf(expr, sizeof(expr), "$ctx.tid == %d", gettid() + 1);
	ok(!run(expr, res, sizeof(res)) && !strcmp(res, "0 000"),
	   "context: another tid does not match");
}

static void fuzz(void)
{
	static const char *const seeds[] = {
		"intfield == 42 && strfield == \"h*o\" || arr[2] > 1",
		"$ctx.procname != \"x\" && (seq[1] << 2) / intfield % 3 != ~1",
		"comm == \"ba*\" || !(intfield & 1) && $ctx.tid > 5",
	};
	unsigned int i, seed = 7, accepted = 0, refused = 0, other = 0;
	uint8_t buf[1024];

	for (i = 0; i < 3000; i++) {
		size_t len = hb_mutant(seeds[i % 3], &seed, buf, sizeof(buf));
		int ret;

		if (!len)
			break;
		ret = submit(buf, len);
		if (!ret)
			accepted++;
		else if (ret == -EINVAL)
			refused++;
		else
			other++;
	}
	ok(i == 3000 && other == 0, "kernel: 3000 corrupted bytecodes, %u refused "
	   "(EINVAL), %u accepted and run, %u other answers", refused, accepted,
	   other);
}

int main(void)
{
	if (access(PROC, W_OK)) {
		printf("not ok 1 - %s: %s (is lttng-filter-test.ko loaded?)\n",
		       PROC, strerror(errno));
		return 1;
	}
	hostile();
	samples();
	contexts();
	fuzz();
	return tap_done();
}
