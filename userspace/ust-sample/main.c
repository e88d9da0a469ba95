// SPDX-License-Identifier: MIT
/*
 * ust-sample - a program instrumented with lttng/tracepoint.h, emitting a
 * known sequence (for the tests and the README).
 *
 *   ust-sample [-n COUNT] [-d DELAY_US] [-w WAIT_MS] [-t THREADS] [-f]
 *
 *   -n COUNT     iterations per thread (default 10)
 *   -d DELAY_US  sleep between iterations (default 0)
 *   -w WAIT_MS   sleep before the first event (default 0)
 *   -t THREADS   threads emitting the sequence (default 1)
 *   -f           fork first: parent and child both emit the sequence
 *
 * Each thread emits:
 *   ust_sample:start  count=COUNT name="ust-sample"
 *   for i in 0..COUNT-1:
 *     ust_sample:event  seq=i addr=0x1000+i small=-(i%100)
 *                       big=i*1000000007 ratio=i/4.0 ratio_f=(float)(i/4.0)
 *                       msg="msg-<i>" values=[i, 2i, 3i] tag="t<i%10>xy"[0..3]
 *                       seqvalues=[i, 2i, 3i][0..i%4) seqtext=msg[0..3)
 *                       parity=i%2 (EVEN/ODD)
 *     ust_sample:tick   (no field)
 *     ust_sample:warn   neg=-i          when i % 10 == 0
 *   ust_sample:stop   emitted=COUNT
 * and prints "ust-sample: pid PID emitted COUNT" per thread on stdout.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ust-sample-tp.h"

static int count = 10;
static long delay_us;

static void *emit(void *arg)
{
	struct timespec d = { delay_us / 1000000, (delay_us % 1000000) * 1000 };
	char msg[32], tag[8];
	int i, v[3];

	(void)arg;
	tracepoint(ust_sample, start, count, "ust-sample");
	for (i = 0; i < count; i++) {
		snprintf(msg, sizeof(msg), "msg-%d", i);
		snprintf(tag, sizeof(tag), "t%dxy", i % 10);
		v[0] = i;
		v[1] = 2 * i;
		v[2] = 3 * i;
		tracepoint(ust_sample, event, i, msg, v, (unsigned int)(i % 4),
			   i / 4.0, tag);
		tracepoint(ust_sample, tick);
		if (i % 10 == 0)
			tracepoint(ust_sample, warn, i);
		if (delay_us)
			nanosleep(&d, NULL);
	}
	tracepoint(ust_sample, stop, count);
	printf("ust-sample: pid %d emitted %d\n", (int)getpid(), count);
	fflush(stdout);
	return NULL;
}

int main(int argc, char **argv)
{
	int opt, threads = 1, do_fork = 0, i, status = 0;
	long wait_ms = 0;
	pthread_t *th;
	pid_t child = -1;

	while ((opt = getopt(argc, argv, "n:d:w:t:f")) != -1) {
		switch (opt) {
		case 'n':
			count = atoi(optarg);
			break;
		case 'd':
			delay_us = atol(optarg);
			break;
		case 'w':
			wait_ms = atol(optarg);
			break;
		case 't':
			threads = atoi(optarg);
			break;
		case 'f':
			do_fork = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-n COUNT] [-d DELAY_US] [-w WAIT_MS] [-t THREADS] [-f]\n",
				argv[0]);
			return 2;
		}
	}
	if (count < 0 || threads < 1 || threads > 1024 || delay_us < 0 ||
	    wait_ms < 0) {
		fprintf(stderr, "%s: bad argument\n", argv[0]);
		return 2;
	}
	if (do_fork) {
		fflush(stdout);
		child = fork();
		if (child < 0) {
			perror("fork");
			return 1;
		}
	}
	if (wait_ms) {
		struct timespec w = { wait_ms / 1000, (wait_ms % 1000) * 1000000 };

		nanosleep(&w, NULL);
	}
	th = calloc((size_t)threads, sizeof(*th));
	if (!th)
		return 1;
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[i], NULL, emit, NULL)) {
			perror("pthread_create");
			return 1;
		}
	for (i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (child > 0 && (waitpid(child, &status, 0) < 0 ||
			  !WIFEXITED(status) || WEXITSTATUS(status)))
		return 1;
	return 0;
}
