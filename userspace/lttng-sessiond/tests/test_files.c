// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_files - trace files are created with the session owner's
 * credentials (consumer.c, output.c), without the module: as root, for the user
 * given on the command line, in DIR (a directory that user owns).
 *
 *   test_files UID GID DIR ROOTONLY
 *
 * ROOTONLY is a directory only root may write.  Without arguments (not
 * root), every test is skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "sessiond.h"
#include "tap.h"
#include "daemon-stubs.h"

pthread_mutex_t sd_lock = PTHREAD_MUTEX_INITIALIZER;

/* A session with one channel of two fake streams, as kernel.c makes. */
static struct sd_session *fake_session(const char *out, uid_t uid, gid_t gid)
{
	struct lttcomm_channel_attr attr;
	struct sd_session *s;
	struct sd_channel *c;

	if (session_create("", out, 0, uid, gid, NULL, &s))
		return NULL;
	s->ksess = calloc(1, sizeof(*s->ksess));
	s->ksess->sess = s;
	channel_defaults(&attr, LTTCOMM_DOMAIN_KERNEL, "chan");
	c = channel_new(&s->kernel, &attr, LTTCOMM_DOMAIN_KERNEL);
	c->streams = calloc(2, sizeof(*c->streams));
	c->nr_streams = 2;
	c->streams[0].cpu = 0;
	c->streams[1].cpu = 1;
	return s;
}

static void drop_session(struct sd_session *s)
{
	struct sd_channel *c;
	unsigned int i;

	out_stream_close(s->ksess->meta_out);
	for (c = s->kernel.channels; c; c = c->next) {
		for (i = 0; i < c->nr_streams; i++)
			out_stream_close(c->streams[i].out);
		free(c->streams);
		c->streams = NULL;
	}
	out_chunk_put(s->chunk);
	free(s->ksess);
	s->ksess = NULL;
	session_free(s);
}

static int owned_by(const char *path, uid_t uid)
{
	struct stat st;

	return lstat(path, &st) == 0 && st.st_uid == uid;
}

int main(int argc, char **argv)
{
	char out[4096], p[4200], victim[4200];
	struct sd_session *s;
	uid_t uid;
	gid_t gid;
	int ret, fd;

	if (argc < 5 || geteuid() != 0) {
		const char *t[] = { "files created as the user",
				    "trace directory owned by the user",
				    "metadata owned by the user",
				    "stream files chan_0 and chan_1 owned by the user",
				    "daemon credentials unchanged",
				    "symlink to a root-only directory not followed",
				    "nothing created there",
				    "symlinked metadata file not followed",
				    "the symlink's target unchanged",
				    "output in a root-only directory refused" };
		unsigned int i;

		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			skip("%s (needs root)", t[i]);
		return tap_done();
	}
	uid = (uid_t)atoi(argv[1]);
	gid = (gid_t)atoi(argv[2]);

	/* Plain case. */
	snprintf(out, sizeof(out), "%s/trace", argv[3]);
	s = fake_session(out, uid, gid);
	ret = consumer_open_files(s);
	ok(ret == 0, "files created as the user (%d)", ret);
	snprintf(p, sizeof(p), "%s/kernel", out);
	ok(owned_by(out, uid) && owned_by(p, uid), "trace directory owned by the user");
	snprintf(p, sizeof(p), "%s/kernel/metadata", out);
	ok(owned_by(p, uid) && s->ksess->meta_out, "metadata owned by the user");
	snprintf(p, sizeof(p), "%s/kernel/chan_0", out);
	snprintf(victim, sizeof(victim), "%s/kernel/chan_1", out);
	ok(owned_by(p, uid) && owned_by(victim, uid), "stream files chan_0 and chan_1 owned by the user");
	drop_session(s);
	ok(geteuid() == 0 && getegid() == 0 && setfsuid(-1) == 0,
	   "daemon credentials unchanged");

	/* A user's symlink into a directory only root may write. */
	snprintf(p, sizeof(p), "%s/evil", argv[3]);
	if (symlink(argv[4], p) || lchown(p, uid, gid))
		printf("# symlink: %s\n", strerror(errno));
	snprintf(out, sizeof(out), "%s/evil/trace", argv[3]);
	s = fake_session(out, uid, gid);
	ret = consumer_open_files(s);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL, "symlink to a root-only directory not followed (%d)", ret);
	snprintf(p, sizeof(p), "%s/trace", argv[4]);
	ok(access(p, F_OK) != 0, "nothing created there");
	drop_session(s);

	/* A metadata file that is a symlink to a root file. */
	snprintf(victim, sizeof(victim), "%s/victim", argv[4]);
	fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, "keep\n", 5) != 5)
			printf("# write victim failed\n");
		close(fd);
	}
	snprintf(out, sizeof(out), "%s/t2", argv[3]);
	snprintf(p, sizeof(p), "%s/kernel", out);
	if (mkdir(out, 0755) || mkdir(p, 0755) || chown(out, uid, gid) ||
	    chown(p, uid, gid))
		printf("# mkdir: %s\n", strerror(errno));
	snprintf(p, sizeof(p), "%s/kernel/metadata", out);
	if (symlink(victim, p))
		printf("# symlink: %s\n", strerror(errno));
	s = fake_session(out, uid, gid);
	ret = consumer_open_files(s);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL, "symlinked metadata file not followed (%d)", ret);
	{
		char buf[16] = "";

		fd = open(victim, O_RDONLY);
		if (fd >= 0) {
			if (read(fd, buf, sizeof(buf) - 1) < 0)
				buf[0] = '\0';
			close(fd);
		}
		ok(!strcmp(buf, "keep\n"), "the symlink's target unchanged");
	}
	drop_session(s);

	/* Directly in a directory only root may write. */
	snprintf(out, sizeof(out), "%s/direct", argv[4]);
	s = fake_session(out, uid, gid);
	ret = consumer_open_files(s);
	ok(ret == -LTTNG_ERR_CREATE_DIR_FAIL && access(out, F_OK) != 0,
	   "output in a root-only directory refused");
	drop_session(s);
	return tap_done();
}
