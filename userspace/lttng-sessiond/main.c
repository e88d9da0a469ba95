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
 * Options come from lttng.conf's [sessiond] section (/etc/lttng, then
 * $LTTNG_HOME/.lttng, then -f), then from the command line.  The
 * sessions of --load (else of the auto-load directories) are loaded
 * after the sockets exist and before the parent is told we are ready.
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
#include <strings.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "sessiond.h"
#include "session-config.h"
#include "ust.h"

static const char sd_cfg_default_group[] = "tracing";
struct sd_config sd_cfg = { .group = sd_cfg_default_group };
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

/*
 * The options, one entry each: the table yields getopt's tables, --help
 * and the keys of the [sessiond] section of lttng.conf (an option's long
 * name, as in LTTng; a flag's value is true/yes/on or a non-zero number).
 */
enum sd_opt_kind { SDO_FLAG, SDO_STRING, SDO_FN };

struct sd_option {
	const char *name;
	int short_name;			/* 0: long only */
	enum sd_opt_kind kind;
	void *dest;			/* int * (FLAG), const char ** (STRING) */
	int (*fn)(const char *arg);	/* FN: arg NULL when it takes none */
	int has_arg;			/* FN */
	const char *argname;		/* help: "PATH" */
	const char *help;
	int cli_only;			/* ignored in lttng.conf */
};

static const char *config_path;		/* -f: read before the others */

static int opt_verbose(const char *arg)
{
	(void)arg;
	if (sd_cfg.verbose >= 0)
		sd_cfg.verbose++;
	return 0;
}

static int opt_quiet(const char *arg)
{
	(void)arg;
	sd_cfg.verbose = -2;
	return 0;
}

static void usage(FILE *f);

static int opt_help(const char *arg)
{
	(void)arg;
	usage(stdout);
	exit(0);
}

static int opt_version(const char *arg)
{
	(void)arg;
	printf("%d.%d.%d\n", LTTNG_TRACER_MAJOR, LTTNG_TRACER_MINOR,
	       LTTNG_TRACER_PATCHLEVEL);
	exit(0);
}

static const char *client_sock;

static const struct sd_option sd_options[] = {
	{ "daemonize", 'd', SDO_FLAG, &sd_cfg.daemonize, NULL, 0, NULL,
	  "Start as a Unix daemon (closes the console fds)", 0 },
	{ "background", 'b', SDO_FLAG, &sd_cfg.background, NULL, 0, NULL,
	  "Start as a Unix daemon, keep the console fds", 0 },
	{ "sig-parent", 'S', SDO_FLAG, &sd_cfg.sig_parent, NULL, 0, NULL,
	  "Send SIGUSR1 to the parent once ready", 0 },
	{ "config", 'f', SDO_STRING, &config_path, NULL, 0, "PATH",
	  "Read options from the [sessiond] section of this file too\n"
	  "(after /etc/lttng/lttng.conf and $LTTNG_HOME/.lttng/lttng.conf)", 1 },
	{ "group", 'g', SDO_STRING, &sd_cfg.group, NULL, 0, "GROUP",
	  "Tracing group of the root daemon (default: tracing)", 0 },
	{ "load", 'l', SDO_STRING, &sd_cfg.load_path, NULL, 0, "PATH",
	  "Load the sessions of this file or directory at start-up\n"
	  "(instead of those of ~/.lttng/sessions/auto and\n"
	  "/etc/lttng/sessions/auto)", 0 },
	{ "pidfile", 'p', SDO_STRING, &sd_cfg.pidfile, NULL, 0, "PATH",
	  "Write the daemon's pid there (default: the run directory)", 0 },
	{ "apps-sock", 'a', SDO_STRING, &sd_cfg.apps_sock, NULL, 0, "PATH",
	  "Socket of the instrumented applications", 0 },
	{ "client-sock", 'c', SDO_STRING, &client_sock, NULL, 0, "PATH",
	  "Client socket path (the lock file goes next to it)", 0 },
	{ "no-kernel", 0, SDO_FLAG, &sd_cfg.no_kernel, NULL, 0, NULL,
	  "Do not load the kernel tracer", 0 },
	{ "kmod-probes", 0, SDO_STRING, &sd_cfg.kmod_probes, NULL, 0, "LIST",
	  "Load only these comma-separated probes (PROBE: the\n"
	  "tracer's own, or the module lttng-probe-PROBE or PROBE)", 0 },
	{ "extra-kmod-probes", 0, SDO_STRING, &sd_cfg.extra_kmod_probes, NULL,
	  0, "LIST", "Load these probe modules too", 0 },
	{ "module-path", 0, SDO_STRING, &sd_cfg.module_path, NULL, 0, "PATH",
	  "Load the modules from PATH (colon-separated\n"
	  "directories, or the tracer's .ko) instead of\n"
	  "the installed ones (also LTTNG_MODULE_PATH)", 0 },
	{ "verbose", 'v', SDO_FN, NULL, opt_verbose, 0, NULL,
	  "More messages (repeat for more)", 0 },
	{ "quiet", 'q', SDO_FN, NULL, opt_quiet, 0, NULL, "No warnings", 0 },
	{ "help", 'h', SDO_FN, NULL, opt_help, 0, NULL, "Show this help", 1 },
	{ "version", 'V', SDO_FN, NULL, opt_version, 0, NULL,
	  "Show the version", 1 },
};
#define NR_OPTIONS (sizeof(sd_options) / sizeof(sd_options[0]))

static int takes_arg(const struct sd_option *o)
{
	return o->kind == SDO_STRING || (o->kind == SDO_FN && o->has_arg);
}

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "Usage: lttng-sessiond [OPTIONS]\n\nOptions:\n");
	for (i = 0; i < NR_OPTIONS; i++) {
		const struct sd_option *o = &sd_options[i];
		const char *h = o->help;
		char left[64];

		snprintf(left, sizeof(left), "%c%c%c --%s%s%s",
			 o->short_name ? '-' : ' ',
			 o->short_name ? o->short_name : ' ',
			 o->short_name ? ',' : ' ', o->name,
			 takes_arg(o) ? "=" : "", takes_arg(o) ? o->argname : "");
		fprintf(f, "  %-25s", left);
		if (strlen(left) > 25)
			fprintf(f, "\n  %-25s", "");
		for (; *h; h++) {
			fputc(*h, f);
			if (*h == '\n')
				fprintf(f, "  %-25s", "");
		}
		fputc('\n', f);
	}
	fprintf(f, "\nSee lttng-sessiond(8).\n");
}

/* Applies option o with arg (NULL: none). */
static int set_option(const struct sd_option *o, const char *arg)
{
	switch (o->kind) {
	case SDO_FLAG:
		*(int *)o->dest = 1;
		return 0;
	case SDO_STRING:
		if (!arg[0]) {
			fprintf(stderr, "Error: Empty value for --%s\n",
				o->name);
			return -1;
		}
		/* the value outlives lttng.conf's line buffer; a later
		 * occurrence replaces an earlier one (one we allocated) */
		if (*(const char **)o->dest && *(const char **)o->dest != sd_cfg_default_group)
			free((char *)*(const char **)o->dest);
		*(const char **)o->dest = strdup(arg);
		return *(const char **)o->dest ? 0 : -1;
	case SDO_FN:
		return o->fn(arg);
	}
	return -1;
}

/* 1 for true/yes/on or a non-zero number, 0 for false/no/off/0, -1. */
static int conf_bool(const char *v)
{
	char *end;
	long n;

	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on"))
		return 1;
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	    !strcasecmp(v, "off"))
		return 0;
	n = strtol(v, &end, 0);
	if (end != v && !*end)
		return n != 0;
	return -1;
}

/* One "key = value" of lttng.conf's [sessiond] section. */
static int conf_set(const char *key, const char *value)
{
	unsigned int i;

	for (i = 0; i < NR_OPTIONS; i++) {
		const struct sd_option *o = &sd_options[i];
		int b;

		if (strcmp(key, o->name))
			continue;
		if (o->cli_only)
			return 0;
		if (takes_arg(o))
			return set_option(o, value);
		b = conf_bool(value);
		if (b < 0)
			fprintf(stderr, "Warning: Invalid configuration value \"%s\" for option %s\n",
				value, key);
		return b > 0 ? set_option(o, NULL) : 0;
	}
	fprintf(stderr, "Warning: Unrecognized option \"%s\" in daemon configuration file.\n",
		key);
	return 0;
}

static int parse_options(int argc, char **argv)
{
	struct option longopts[NR_OPTIONS + 1];
	char shortopts[2 * NR_OPTIONS + 2], *s = shortopts;
	unsigned int i;
	int c, idx;

	*s++ = ':';	/* a missing value is reported as such */
	for (i = 0; i < NR_OPTIONS; i++) {
		const struct sd_option *o = &sd_options[i];

		longopts[i] = (struct option){ o->name,
			takes_arg(o) ? required_argument : no_argument, NULL,
			o->short_name ? o->short_name : (int)(256 + i) };
		if (o->short_name) {
			*s++ = (char)o->short_name;
			if (takes_arg(o))
				*s++ = ':';
		}
	}
	*s = '\0';
	memset(&longopts[NR_OPTIONS], 0, sizeof(longopts[0]));

	/* Pass 1: the configuration files, then pass 2: the command line,
	 * so that a command-line option overrides the files. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if (c == 'f')
			config_path = optarg;
	if (config_read_conf(lttcomm_user_home(), config_path, conf_set))
		return -1;
	optind = 0;	/* glibc: a full restart */
	while ((c = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
		const struct sd_option *o = NULL;

		if (c == '?' || c == ':') {
			if (optopt >= 256 && optopt < 256 + (int)NR_OPTIONS)
				fprintf(stderr, "Error: Option --%s %s\n",
					sd_options[optopt - 256].name,
					c == ':' ? "needs a value" :
						   "takes no value");
			else if (optopt)
				fprintf(stderr, "Error: %s option -%c\n",
					c == ':' ? "Missing value of" :
						   "Unknown", optopt);
			else
				fprintf(stderr, "Error: Unknown or incomplete option %s\n",
					argv[optind - 1]);
			usage(stderr);
			return -1;
		}
		if (c >= 256)
			o = &sd_options[c - 256];
		for (i = 0; !o && i < NR_OPTIONS; i++)
			if (sd_options[i].short_name == c)
				o = &sd_options[i];
		if (o->short_name == 'f')
			continue;	/* read in pass 1 */
		if (set_option(o, takes_arg(o) ? optarg : NULL))
			return -1;
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
	if (client_sock) {
		char tmp[sizeof(sd_cfg.sock_path)];

		if (snprintf(sd_cfg.sock_path, sizeof(sd_cfg.sock_path), "%s",
			     client_sock) >= (int)sizeof(sd_cfg.sock_path))
			goto toolong;
		strcpy(tmp, client_sock);
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

	if (sd_cfg.pidfile)
		snprintf(pid_path, sizeof(pid_path), "%s", sd_cfg.pidfile);
	else
		snprintf(pid_path, sizeof(pid_path), "%s/lttng-sessiond.pid",
			 sd_cfg.rundir);
	f = fopen(pid_path, "we");
	if (!f) {
		SD_WARN("Unable to write the pid file %s: %s", pid_path,
			strerror(errno));
		pid_path[0] = '\0';
		return;
	}
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

/*
 * Serve clients until SIGTERM, SIGINT or SIGQUIT arrives on @sfd
 * (SIGHUP is ignored).
 */
static void serve(int lfd, int sfd)
{
	struct signalfd_siginfo si;

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
}

/* Tell whoever waits for the daemon that it is ready: the pipe of
 * --daemonize/--background, then SIGUSR1 to the parent with --sig-parent. */
static void signal_ready(int ready_fd, pid_t parent)
{
	if (ready_fd >= 0) {
		char c = 'R';

		if (write(ready_fd, &c, 1) < 0)
			SD_DBG("ready pipe: %s", strerror(errno));
		close(ready_fd);
	}
	if (sd_cfg.sig_parent)
		kill(sd_cfg.daemonize || sd_cfg.background ? parent :
		     getppid(), SIGUSR1);
}

int main(int argc, char **argv)
{
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
	/* The sessions of --load, or of the auto-load directories, before
	 * anyone may connect; a session that fails to load stops the
	 * daemon, as LTTng's does. */
	if (config_load_at_start(sd_cfg.load_path) ||
	    rotation_scheduler_start()) {
		cmd_teardown_all();
		close(lfd);
		unlink(sd_cfg.sock_path);
		ust_fini();
		kernel_fini();
		return 1;
	}
	write_pid_file();
	SD_DBG("Listening on %s (kernel tracing %s)", sd_cfg.sock_path,
	       kernel_status() ? "disabled" : "enabled");
	signal_ready(ready_fd, parent);
	serve(lfd, sfd);
	/* No new connections, then write out and tear down every session. */
	close(lfd);
	unlink(sd_cfg.sock_path);
	rotation_scheduler_stop();
	cmd_teardown_all();
	ust_fini();
	kernel_fini();
	if (pid_path[0])
		unlink(pid_path);
	return 0;
}
