// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - lttng-sessiond: options, single instance, daemonize, signals.
 *
 * Start-up order: parse options; pick the run directory (root:
 * /var/run/lttng, user: $LTTNG_HOME/.lttng, or the directory of
 * --client-sock); take an exclusive flock on <rundir>/lttng-sessiond.lck
 * (a second daemon for the same user fails here, in the foreground, with
 * exit status 1); fork when daemonizing; load the kernel tracer; create
 * the client socket; only then tell the waiting parent (pipe) that we are
 * ready, so that a client started right after the parent exits connects.
 *
 * SIGTERM/SIGINT/SIGHUP... are read from a signalfd by the main loop
 * (blocked in every thread): on SIGTERM or SIGINT every session is
 * stopped, drained to disk and destroyed, the socket and pid file are
 * removed, the modules we loaded are unloaded, and we exit 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "sessiond.h"
#include "ust.h"

struct sd_config sd_cfg = { .group = "tracing" };
pthread_mutex_t sd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void sd_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > sd_cfg.verbose)
		return;
	pthread_mutex_lock(&log_lock);
	if (level == -2)
		fputs("Error: ", stderr);
	else if (level == -1)
		fputs("Warning: ", stderr);
	else if (level > 0)
		fprintf(stderr, "%s [%d]: ", level == 1 ? "INFO" : "DEBUG",
			(int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&log_lock);
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: lttng-sessiond [OPTIONS]\n"
"\n"
"Options:\n"
"  -d, --daemonize          Start as a Unix daemon (closes the console fds)\n"
"  -b, --background         Start as a Unix daemon, keep the console fds\n"
"  -S, --sig-parent         Send SIGUSR1 to the parent once ready\n"
"  -g, --group=GROUP        Tracing group of the root daemon (default: tracing)\n"
"      --no-kernel          Do not load the kernel tracer\n"
"      --kmod-probes=LIST   Also load these comma-separated probe modules\n"
"      --module-path=PATH   Load the modules from PATH (colon-separated\n"
"                           directories, or the tracer's .ko) instead of\n"
"                           the installed ones (also LTTNG_MODULE_PATH)\n"
"      --client-sock=PATH   Client socket path (the lock file goes next to it)\n"
"  -v, --verbose            More messages (repeat for more)\n"
"  -q, --quiet              No warnings\n"
"  -h, --help               Show this help\n"
"  -V, --version            Show the version\n"
"\n"
"See lttng-sessiond(8).\n");
}

enum { OPT_NO_KERNEL = 256, OPT_KMOD_PROBES, OPT_MODULE_PATH,
       OPT_CLIENT_SOCK };

static int parse_options(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "daemonize", no_argument, NULL, 'd' },
		{ "background", no_argument, NULL, 'b' },
		{ "sig-parent", no_argument, NULL, 'S' },
		{ "group", required_argument, NULL, 'g' },
		{ "no-kernel", no_argument, NULL, OPT_NO_KERNEL },
		{ "kmod-probes", required_argument, NULL, OPT_KMOD_PROBES },
		{ "module-path", required_argument, NULL, OPT_MODULE_PATH },
		{ "client-sock", required_argument, NULL, OPT_CLIENT_SOCK },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "dbSg:vqhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			sd_cfg.daemonize = 1;
			break;
		case 'b':
			sd_cfg.background = 1;
			break;
		case 'S':
			sd_cfg.sig_parent = 1;
			break;
		case 'g':
			if (!optarg[0]) {
				fprintf(stderr, "Error: Empty group name\n");
				return -1;
			}
			sd_cfg.group = optarg;
			break;
		case OPT_NO_KERNEL:
			sd_cfg.no_kernel = 1;
			break;
		case OPT_KMOD_PROBES:
			sd_cfg.kmod_probes = optarg;
			break;
		case OPT_MODULE_PATH:
			sd_cfg.module_path = optarg;
			break;
		case OPT_CLIENT_SOCK:
			sock = optarg;
			break;
		case 'v':
			if (sd_cfg.verbose >= 0)
				sd_cfg.verbose++;
			break;
		case 'q':
			sd_cfg.verbose = -2;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("%d.%d.%d\n", LTTNG_TRACER_MAJOR,
			       LTTNG_TRACER_MINOR, LTTNG_TRACER_PATCHLEVEL);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "Error: Unexpected argument: %s\n",
			argv[optind]);
		return -1;
	}
	if (sd_cfg.daemonize && sd_cfg.background) {
		fprintf(stderr, "Error: --daemonize and --background are mutually exclusive\n");
		return -1;
	}
	sd_cfg.is_root = geteuid() == 0;
	if (sock) {
		char tmp[sizeof(sd_cfg.sock_path)];

		if (snprintf(sd_cfg.sock_path, sizeof(sd_cfg.sock_path), "%s",
			     sock) >= (int)sizeof(sd_cfg.sock_path))
			goto toolong;
		strcpy(tmp, sock);
		snprintf(sd_cfg.rundir, sizeof(sd_cfg.rundir), "%s",
			 dirname(tmp));
	} else if (sd_cfg.is_root) {
		strcpy(sd_cfg.rundir, LTTCOMM_RUNDIR);
		strcpy(sd_cfg.sock_path, LTTCOMM_ROOT_SOCK);
	} else {
		const char *home = lttcomm_user_home();

		if (!home) {
			fprintf(stderr, "Error: No home directory (set HOME or LTTNG_HOME)\n");
			return -1;
		}
		if (lttcomm_user_rundir(home, sd_cfg.rundir,
					sizeof(sd_cfg.rundir)) ||
		    lttcomm_user_sock_path(home, sd_cfg.sock_path,
					   sizeof(sd_cfg.sock_path)))
			goto toolong;
	}
	return 0;
toolong:
	fprintf(stderr, "Error: Path too long\n");
	return -1;
}

/* Creates the run directory: 0755 for root's, 0700 for a user's. */
static int make_rundir(void)
{
	mode_t mode = sd_cfg.is_root ? 0755 : 0700;
	struct stat st;

	if (mkdir(sd_cfg.rundir, mode) < 0 && errno != EEXIST) {
		fprintf(stderr, "Error: Unable to create %s: %s\n",
			sd_cfg.rundir, strerror(errno));
		return -1;
	}
	if (lstat(sd_cfg.rundir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "Error: %s is not a directory\n", sd_cfg.rundir);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		fprintf(stderr, "Error: %s is not owned by us\n", sd_cfg.rundir);
		return -1;
	}
	/* Root's must be traversable by the tracing group (umask aside). */
	if (sd_cfg.is_root && (st.st_mode & 0777) != mode &&
	    chmod(sd_cfg.rundir, mode) < 0) {
		fprintf(stderr, "Error: chmod %s: %s\n", sd_cfg.rundir,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int lock_fd = -1;
static char lock_path[4200], pid_path[4200];

static int take_lock(void)
{
	int fd;

	/* A live socket means a live daemon, whatever its locking. */
	fd = lttcomm_connect(sd_cfg.sock_path);
	if (fd >= 0) {
		close(fd);
		fprintf(stderr, "Error: A session daemon is already running.\n");
		return -1;
	}
	snprintf(lock_path, sizeof(lock_path), "%s/lttng-sessiond.lck",
		 sd_cfg.rundir);
	lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		       0640);
	if (lock_fd < 0) {
		fprintf(stderr, "Error: Unable to open %s: %s\n", lock_path,
			strerror(errno));
		return -1;
	}
	if (flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr, "Error: A session daemon is already running.\n");
		else
			fprintf(stderr, "Error: Unable to lock %s: %s\n",
				lock_path, strerror(errno));
		return -1;
	}
	return 0;
}

static void write_pid_file(void)
{
	FILE *f;

	snprintf(pid_path, sizeof(pid_path), "%s/lttng-sessiond.pid",
		 sd_cfg.rundir);
	f = fopen(pid_path, "we");
	if (!f)
		return;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

/* Forks; the parent waits until the child reports readiness (one byte on
 * the pipe) and exits 0, or exits 1 if the child dies first. */
static int daemonize(int *ready_fd)
{
	int p[2];
	pid_t pid;
	ssize_t n;
	char c = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		/* Without the byte, the child failed (and said why). */
		_exit(n == 1 && c == 'R' ? 0 : 1);
	}
	close(p[0]);
	setsid();
	if (sd_cfg.daemonize) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		if (chdir("/") < 0)
			SD_DBG("chdir /: %s", strerror(errno));
	}
	*ready_fd = p[1];
	return 0;
}

int main(int argc, char **argv)
{
	struct signalfd_siginfo si;
	int ready_fd = -1, lfd, sfd;
	pid_t parent = getppid();
	sigset_t set;

	if (parse_options(argc, argv))
		return 1;
	umask(027);
	if (make_rundir() || take_lock())
		return 1;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	signal(SIGPIPE, SIG_IGN);

	if ((sd_cfg.daemonize || sd_cfg.background) && daemonize(&ready_fd)) {
		fprintf(stderr, "Error: fork: %s\n", strerror(errno));
		return 1;
	}
	/* Block before any thread exists: all threads inherit the mask. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		SD_ERR("signalfd: %s", strerror(errno));
		return 1;
	}

	kernel_init();

	lfd = client_listen();
	if (lfd < 0) {
		kernel_fini();
		return 1;
	}
	if (ust_init()) {
		close(lfd);
		unlink(sd_cfg.sock_path);
		kernel_fini();
		return 1;
	}
	write_pid_file();
	SD_DBG("Listening on %s (kernel tracing %s)", sd_cfg.sock_path,
	       kernel_status() ? "disabled" : "enabled");
	if (ready_fd >= 0) {
		char c = 'R';

		if (write(ready_fd, &c, 1) < 0)
			SD_DBG("ready pipe: %s", strerror(errno));
		close(ready_fd);
	}
	if (sd_cfg.sig_parent)
		kill(sd_cfg.daemonize || sd_cfg.background ? parent :
		     getppid(), SIGUSR1);

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = lfd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			SD_ERR("poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGHUP)
				continue;
			SD_DBG("Signal %u: shutting down", si.ssi_signo);
			break;
		}
		if (pfd[0].revents & POLLIN) {
			int ret = client_accept(lfd);

			if (ret && ret != -EAGAIN && ret != -EINTR &&
			    ret != -ECONNABORTED)
				SD_ERR("accept: %s", strerror(-ret));
		}
	}
	/* No new connections, then write out and tear down every session. */
	close(lfd);
	unlink(sd_cfg.sock_path);
	cmd_teardown_all();
	ust_fini();
	kernel_fini();
	unlink(pid_path);
	return 0;
}
