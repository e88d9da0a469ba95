// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_registry - the session registry (session.c) and the name rules of
 * libcommon, without any daemon or module.
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "sessiond.h"
#include "tap.h"

static int matches(const char *s, const char *re)
{
	regex_t r;
	int m;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB))
		return 0;
	m = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return m;
}

int main(void)
{
	struct sd_session *a = NULL, *b = NULL, *c = NULL, *x = NULL;
	struct lttcomm_channel_attr attr;
	struct lttcomm_session_info info;
	char name[300];
	int ret;

	setenv("TZ", "UTC", 1);
	/* Name rules. */
	ok(lttcomm_check_session_name("good-name_1.x") == 0, "plain name accepted");
	ok(lttcomm_check_session_name("a/b") == -LTTNG_ERR_SESSION_INVALID_CHAR,
	   "'/' rejected as invalid character");
	ok(lttcomm_check_session_name("") == -LTTNG_ERR_INVALID, "empty name rejected");
	memset(name, 'n', 255);
	name[255] = '\0';
	ok(lttcomm_check_session_name(name) == 0, "255-character name accepted");
	memset(name, 'n', 256);
	name[256] = '\0';
	ok(lttcomm_check_session_name(name) == -LTTNG_ERR_INVALID,
	   "256-character name rejected");
	ok(lttcomm_check_channel_name("chan") == 0 &&
	   lttcomm_check_channel_name(".hidden") && lttcomm_check_channel_name("a/b") &&
	   lttcomm_check_channel_name(""), "channel name rules");

	/* Creation. */
	ret = session_create("s1", "", 0, 1000, 1000, "/home/u", &a);
	ok(ret == 0 && a, "create s1");
	ok(a && matches(a->output, "^/home/u/lttng-traces/s1-[0-9]{8}-[0-9]{6}$"),
	   "default output ~/lttng-traces/<name>-<date>-<time>: %s",
	   a ? a->output : "");
	ret = session_create("s1", "", 0, 1001, 1001, "/home/v", &x);
	ok(ret == -LTTNG_ERR_EXIST_SESS, "duplicate name rejected, even for another user");
	ret = session_create("a/b", "", 0, 1000, 1000, "/home/u", &x);
	ok(ret == -LTTNG_ERR_SESSION_INVALID_CHAR, "create with '/' rejected");
	ret = session_create("", "", 0, 1001, 1001, "/home/v", &b);
	ok(ret == 0 && b && matches(b->name, "^auto-[0-9]{8}-[0-9]{6}$"),
	   "auto name %s", b ? b->name : "");
	ok(b && !strncmp(b->output, "/home/v/lttng-traces/auto-", 26) &&
	   !strcmp(strrchr(b->output, '/') + 1, b->name),
	   "auto session output has no second date: %s", b ? b->output : "");
	ret = session_create("out", "/tmp/trace//", 0, 0, 0, NULL, &c);
	ok(ret == 0 && c && !strcmp(c->output, "/tmp/trace"),
	   "explicit output kept (trailing slashes stripped)");
	ret = session_create("rel", "relative/path", 0, 0, 0, NULL, &x);
	ok(ret == -LTTNG_ERR_INVALID, "relative output rejected");
	ret = session_create("nohome", "", 0, 5, 5, NULL, &x);
	ok(ret == -LTTNG_ERR_INVALID, "no home and no output rejected");

	/* Ownership. */
	ok(session_find("s1", 1000) == a, "owner finds own session");
	ok(session_find("s1", 1001) == NULL, "another user does not see it");
	ok(session_find("s1", 0) == a, "root sees every session");
	ok(session_find("nope", 0) == NULL, "unknown name not found");
	session_fill_info(a, &info);
	ok(!strcmp(info.name, "s1") && info.uid == 1000 && info.gid == 1000 &&
	   info.active == 0 && info.creation_time > 0, "session info");

	/* Channels. */
	channel_defaults(&attr, LTTCOMM_DOMAIN_KERNEL, "channel0");
	ok(attr.subbuf_size == 1 << 20 && attr.num_subbuf == 4 &&
	   attr.read_timer_us == 200000 && attr.switch_timer_us == 0 &&
	   attr.overwrite == 0, "kernel channel defaults of LTTng 2.13");
	attr.subbuf_size = 3000;
	ok(channel_attr_check(&attr, LTTCOMM_DOMAIN_KERNEL) == -LTTNG_ERR_INVALID,
	   "sub-buffer size not a power of two rejected");
	attr.subbuf_size = 4096;
	attr.num_subbuf = 1;
	ok(channel_attr_check(&attr, LTTCOMM_DOMAIN_KERNEL) == 0,
	   "one sub-buffer accepted in discard mode (as LTTng)");
	attr.overwrite = 1;
	ok(channel_attr_check(&attr, LTTCOMM_DOMAIN_KERNEL) == -LTTNG_ERR_KERN_CHAN_FAIL,
	   "one sub-buffer in overwrite mode: the tracer's refusal");
	attr.overwrite = 0;
	attr.num_subbuf = 8;
	ok(channel_attr_check(&attr, LTTCOMM_DOMAIN_KERNEL) == 0, "4 KiB x 8 accepted");
	strcpy(attr.name, "bad/name");
	ok(channel_attr_check(&attr, LTTCOMM_DOMAIN_KERNEL) ==
	   -LTTNG_ERR_INVALID_CHANNEL_NAME, "channel name with '/' rejected");
	strcpy(attr.name, "c1");
	ok(channel_new(&a->ust, &attr, LTTCOMM_DOMAIN_UST) != NULL &&
	   domain_channel_find(&a->ust, "c1") && !domain_channel_find(&a->ust, "c2"),
	   "channel registered and found by name");

	session_free(a);
	ok(session_find("s1", 0) == NULL, "freed session is gone");
	ret = session_create("s1", "", 0, 1001, 1001, "/home/v", &a);
	ok(ret == 0, "name reusable after destroy");
	session_free(a);
	session_free(b);
	session_free(c);
	ok(session_first() == NULL, "registry empty");
	return tap_done();
}
