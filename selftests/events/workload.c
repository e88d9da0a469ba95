// SPDX-License-Identifier: GPL-2.0-only
/*
 * workload - programs with a known ground truth, for the event selftests.
 * Each prints what the trace must show, as KEY=VALUE lines on stdout.
 *
 *   workload getppid N     N getppid() calls: tid, ppid
 *   workload pingpong N    two processes, N round trips over two pipes:
 *                          tid_a, tid_b
 *   workload forkexec PROG fork, exec PROG in the child, wait: child pid,
 *                          exit status
 *   workload signal        SIGUSR1 to itself (handled), a 10 ms nanosleep:
 *                          tid, sig
 *   workload spin MS       burns MS ms of CPU time without a system call in
 *                          the loop but clock_gettime (vDSO): tid
 *   workload faults N      getppid(), writes to N new pages (N page faults),
 *                          getppid(): tid, pages
 *   workload ids           one getppid(), then its ids as /proc shows them
 *                          (pid, tid, ppid: in /proc's pid namespace) and as
 *                          the task sees them (vpid, vtid, vppid), comm,
 *                          prio, nice (/proc/self/stat), uid, gid, euid,
 *                          egid, suid, sgid, the namespace inodes
 *                          (/proc/self/ns/)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long tid(void)
{
	return syscall(SYS_gettid);
}

static int do_getppid(long n)
{
	long i, ppid = 0;

	printf("tid=%ld\n", tid());
	for (i = 0; i < n; i++)
		ppid = syscall(SYS_getppid);
	printf("ppid=%ld\n", ppid);
	return 0;
}

static int do_pingpong(long n)
{
	int ab[2], ba[2], status;
	long i, child_tid;
	char c = 'x';
	cpu_set_t cpus;
	pid_t pid;

	/* both on one CPU: each blocking read switches to the other one */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		return 1;
	if (pipe(ab) || pipe(ba))
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		for (i = 0; i < n; i++) {
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	child_tid = pid;
	for (i = 0; i < n; i++) {
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			return 1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 1;
	printf("tid_a=%ld\ntid_b=%ld\n", tid(), child_tid);
	return 0;
}

static int do_forkexec(char *prog)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	printf("parent=%ld\nchild=%ld\nstatus=%d\n", (long)getpid(), (long)pid,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static void print_ns(const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (!stat(path, &st))
		printf("%s_ns=%lu\n", name, (unsigned long)st.st_ino);
}

/* Fields 4 (ppid), 18 (priority) and 19 (nice) of /proc/self/stat. */
static int read_stat(long *ppid, long *prio, long *nice)
{
	char buf[1024], *p;
	long v[20];
	int i, n;
	FILE *f = fopen("/proc/self/stat", "r");

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* comm may hold spaces and parentheses */
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	/* field 3 is the state letter; fields 4.. are numbers */
	if (*p)
		p++;
	for (i = 4; i <= 19; i++) {
		char *end;

		v[i] = strtol(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
	}
	*ppid = v[4];
	*prio = v[18];
	*nice = v[19];
	return 0;
}

/* "/proc/self" and "/proc/thread-self" as the /proc mount sees them (the
 * initial pid namespace here), against getpid()/gettid() (the task's own). */
static long proc_link(const char *path, int want_tid)
{
	char buf[64], *slash;
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	return atol(want_tid && slash ? slash + 1 : buf);
}

static int do_ids(void)
{
	long ppid, prio, nice;
	char comm[64] = "";
	FILE *f;

	syscall(SYS_getppid);
	f = fopen("/proc/thread-self/comm", "r");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	if (read_stat(&ppid, &prio, &nice))
		return 1;
	printf("pid=%ld\ntid=%ld\nppid=%ld\n", proc_link("/proc/self", 0),
	       proc_link("/proc/thread-self", 1), ppid);
	printf("vpid=%ld\nvtid=%ld\nvppid=%ld\n", (long)getpid(), tid(),
	       (long)getppid());
	printf("comm=%s\nprio=%ld\nnice=%ld\n", comm, prio, nice);
	printf("uid=%u\ngid=%u\neuid=%u\negid=%u\n", getuid(), getgid(),
	       geteuid(), getegid());
	{
		uid_t r, e, su;
		gid_t rg, eg, sg;

		if (getresuid(&r, &e, &su) || getresgid(&rg, &eg, &sg))
			return 1;
		printf("suid=%u\nsgid=%u\n", su, sg);
	}
	print_ns("pid");
	print_ns("mnt");
	print_ns("net");
	print_ns("uts");
	print_ns("ipc");
	print_ns("user");
	print_ns("cgroup");
	return 0;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGUSR1 to itself, handled; then a 10 ms nanosleep (an hrtimer). */
static int do_signal(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	signal(SIGUSR1, on_signal);
	printf("tid=%ld\nsig=%d\n", tid(), SIGUSR1);
	fflush(stdout);
	kill(getpid(), SIGUSR1);
	nanosleep(&ts, NULL);
	return got_signal == SIGUSR1 ? 0 : 1;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int do_spin(long ms)
{
	double end = cpu_ms() + (double)ms;
	volatile unsigned long x = 0;

	printf("tid=%ld\n", tid());
	fflush(stdout);
	while (cpu_ms() < end)
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
	return 0;
}

/* N page faults between two getppid(): what perf:cpu:page-fault counts. */
static int do_faults(long n)
{
	long pg = sysconf(_SC_PAGESIZE), i;
	char *p = mmap(NULL, n * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 1;
	syscall(SYS_getppid);
	for (i = 0; i < n; i++)
		p[i * pg] = 1;
	syscall(SYS_getppid);
	printf("tid=%ld\npages=%ld\n", tid(), n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "getppid"))
		return do_getppid(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "pingpong"))
		return do_pingpong(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "forkexec"))
		return do_forkexec(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "spin"))
		return do_spin(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "faults"))
		return do_faults(atol(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "ids"))
		return do_ids();
	if (argc == 2 && !strcmp(argv[1], "signal"))
		return do_signal();
	fprintf(stderr, "usage: workload getppid N | pingpong N | forkexec PROG | spin MS | faults N | signal | ids\n");
	return 2;
}
