// SPDX-License-Identifier: GPL-2.0-only
/*
 * stallfs - a FUSE file system that can stall, for the tests of a trace
 * output that stops answering (a hung disk, a dead network mount).
 *
 *	stallfs BACKING MOUNTPOINT
 *
 * Mounts BACKING (a directory) at MOUNTPOINT, passing every operation
 * through (as root: the callers' permissions are checked by the kernel,
 * default_permissions, and files are created with the caller's uid/gid).
 * SIGUSR1 stalls it: from then on every operation waits (writes, creates,
 * lookups...), as on a device that no longer answers; SIGUSR2 lets them
 * all go on.  Runs in the foreground, multi-threaded, until unmounted or
 * SIGTERM.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *backing;
static volatile sig_atomic_t stalled;

static void on_signal(int sig)
{
	stalled = sig == SIGUSR1;
}

/* Every operation starts here: waits while stalled. */
static void gate(void)
{
	while (stalled)
		usleep(10000);
}

static int real(const char *path, char *buf)
{
	if (snprintf(buf, PATH_MAX, "%s%s", backing, path) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

#define REAL(p) char rp[PATH_MAX]; int rr = real(p, rp); if (rr) return rr
#define RET(x) return (x) < 0 ? -errno : 0

/* A read's or write's result as FUSE wants it: the byte count, or -errno. */
static int count_or_errno(ssize_t r)
{
	return r < 0 ? -errno : (int)r;
}

/* Creations carry the caller's ids. */
static void own(const char *rp)
{
	struct fuse_context *c = fuse_get_context();

	if (lchown(rp, c->uid, c->gid) < 0)
		perror("stallfs: lchown");
}

static int sf_getattr(const char *p, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	gate();
	REAL(p);
	RET(lstat(rp, st));
}

static int sf_mkdir(const char *p, mode_t mode)
{
	gate();
	REAL(p);
	if (mkdir(rp, mode) < 0)
		return -errno;
	own(rp);
	return 0;
}

static int sf_unlink(const char *p)
{
	gate();
	REAL(p);
	RET(unlink(rp));
}

static int sf_rmdir(const char *p)
{
	gate();
	REAL(p);
	RET(rmdir(rp));
}

static int sf_rename(const char *a, const char *b, unsigned int flags)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	gate();
	if (flags)
		return -EINVAL;
	if (real(a, ra) || real(b, rb))
		return -ENAMETOOLONG;
	RET(rename(ra, rb));
}

static int sf_chmod(const char *p, mode_t mode, struct fuse_file_info *fi)
{
	(void)fi;
	gate();
	REAL(p);
	RET(chmod(rp, mode));
}

static int sf_chown(const char *p, uid_t u, gid_t g, struct fuse_file_info *fi)
{
	(void)fi;
	gate();
	REAL(p);
	RET(lchown(rp, u, g));
}

static int sf_truncate(const char *p, off_t size, struct fuse_file_info *fi)
{
	gate();
	if (fi)
		RET(ftruncate((int)fi->fh, size));
	REAL(p);
	RET(truncate(rp, size));
}

static int sf_open(const char *p, struct fuse_file_info *fi)
{
	int fd;

	gate();
	REAL(p);
	fd = open(rp, fi->flags & ~O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	fi->fh = (uint64_t)fd;
	fi->direct_io = 1;	/* every write reaches us: no page cache */
	return 0;
}

static int sf_create(const char *p, mode_t mode, struct fuse_file_info *fi)
{
	int fd;

	gate();
	REAL(p);
	fd = open(rp, fi->flags | O_CREAT, mode);
	if (fd < 0)
		return -errno;
	own(rp);
	fi->fh = (uint64_t)fd;
	fi->direct_io = 1;
	return 0;
}

static int sf_read(const char *p, char *buf, size_t n, off_t off,
		   struct fuse_file_info *fi)
{
	(void)p;
	gate();
	return count_or_errno(pread((int)fi->fh, buf, n, off));
}

static int sf_write(const char *p, const char *buf, size_t n, off_t off,
		    struct fuse_file_info *fi)
{
	(void)p;
	gate();
	return count_or_errno(pwrite((int)fi->fh, buf, n, off));
}

static int sf_fsync(const char *p, int datasync, struct fuse_file_info *fi)
{
	(void)p;
	gate();
	RET(datasync ? fdatasync((int)fi->fh) : fsync((int)fi->fh));
}

static int sf_release(const char *p, struct fuse_file_info *fi)
{
	(void)p;
	close((int)fi->fh);
	return 0;
}

static int sf_readdir(const char *p, void *buf, fuse_fill_dir_t fill,
		      off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct dirent *de;
	DIR *d;

	(void)off;
	(void)fi;
	(void)flags;
	gate();
	REAL(p);
	d = opendir(rp);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (fill(buf, de->d_name, NULL, 0, 0))
			break;
	closedir(d);
	return 0;
}

static int sf_utimens(const char *p, const struct timespec tv[2],
		      struct fuse_file_info *fi)
{
	(void)fi;
	gate();
	REAL(p);
	RET(utimensat(AT_FDCWD, rp, tv, AT_SYMLINK_NOFOLLOW));
}

static const struct fuse_operations ops = {
	.getattr = sf_getattr,
	.mkdir = sf_mkdir,
	.unlink = sf_unlink,
	.rmdir = sf_rmdir,
	.rename = sf_rename,
	.chmod = sf_chmod,
	.chown = sf_chown,
	.truncate = sf_truncate,
	.open = sf_open,
	.create = sf_create,
	.read = sf_read,
	.write = sf_write,
	.fsync = sf_fsync,
	.release = sf_release,
	.readdir = sf_readdir,
	.utimens = sf_utimens,
};

int main(int argc, char **argv)
{
	char *fargv[] = { argv[0], "-f", "-o", "allow_other,default_permissions",
			  NULL, NULL };
	struct sigaction sa = { .sa_handler = on_signal };

	if (argc != 3) {
		fprintf(stderr, "usage: stallfs BACKING MOUNTPOINT\n");
		return 2;
	}
	backing = argv[1];
	fargv[4] = argv[2];
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	umask(0);
	return fuse_main(5, fargv, &ops, NULL);
}
