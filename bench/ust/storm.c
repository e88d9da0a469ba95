// SPDX-License-Identifier: MIT
/*
 * storm - records user-space events as fast as it can (bench/ust-bench,
 * and the high-rate tests of userspace/ust-tests).  Built twice from this
 * source: against our liblttng-ust and against LTTng-UST 2.13.
 *
 *   storm [-t THREADS] [-n EVENTS] [-r RATE] [-w WAIT_MS]
 *
 *   -t THREADS  threads (default 1), started together
 *   -n EVENTS   events per thread (default 1000000; 0: until SIGINT or
 *               SIGTERM, then the threads stop and the counts are printed)
 *   -r RATE     events per second per thread (default 0: as fast as
 *               possible); paced in bursts of 1000 events
 *   -w WAIT_MS  sleep before starting (default 0)
 *
 * Thread k (0-based) records ust_storm:event thread=k seq=i value=7i-3
 * for i in 0..EVENTS-1.  Prints "started" when the threads start, then
 * one line per thread,
 *   thread K events N ns T cpu_ns C
 * (T: its loop's duration, C: the CPU time it used), then
 *   total events N ns T ns_per_event X cpu_ns_per_event Y events_per_s Z
 * where T is the longest thread's duration, X = T * THREADS / N (the
 * wall time each event costs its thread), Y = the threads' CPU time / N
 * (what an event costs, whatever else the machine runs) and Z = N / T.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "storm-tp.h"

static long nev = 1000000;
static long rate;
static int nthreads = 1;
static pthread_barrier_t go;
static volatile sig_atomic_t stop;

struct th {
	pthread_t t;
	int k;
	uint64_t ns;
	uint64_t cpu_ns;
	uint64_t events;
};

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static void *run(void *arg)
{
	struct th *th = arg;
	uint64_t t0, c0, i;

	pthread_barrier_wait(&go);
	if (!th->k) {
		printf("started\n");
		fflush(stdout);
	}
	c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = now_ns();
	for (i = 0; nev ? i < (uint64_t)nev : !stop; i++) {
		tracepoint(ust_storm, event, th->k, i);
		if (rate && i % 1000 == 999) {
			/* where this thread should be at this rate */
			uint64_t due = t0 + (i + 1) * 1000000000ULL / (uint64_t)rate;
			uint64_t now = now_ns();

			if (due > now) {
				struct timespec d = {
					(time_t)((due - now) / 1000000000ULL),
					(long)((due - now) % 1000000000ULL)
				};

				nanosleep(&d, NULL);
			}
		}
	}
	th->events = i;
	th->ns = now_ns() - t0;
	th->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
	return NULL;
}

int main(int argc, char **argv)
{
	struct th *ths;
	uint64_t max = 0, cpu = 0, total = 0;
	long wait_ms = 0;
	int opt, i;

	while ((opt = getopt(argc, argv, "t:n:r:w:")) != -1) {
		switch (opt) {
		case 't':
			nthreads = atoi(optarg);
			break;
		case 'n':
			nev = atol(optarg);
			break;
		case 'r':
			rate = atol(optarg);
			break;
		case 'w':
			wait_ms = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-t THREADS] [-n EVENTS] [-r RATE] [-w WAIT_MS]\n",
				argv[0]);
			return 2;
		}
	}
	if (nthreads < 1 || nthreads > 256 || nev < 0 || rate < 0 || wait_ms < 0) {
		fprintf(stderr, "%s: bad argument\n", argv[0]);
		return 2;
	}
	if (wait_ms) {
		struct timespec w = { wait_ms / 1000, (wait_ms % 1000) * 1000000 };

		nanosleep(&w, NULL);
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	ths = calloc((size_t)nthreads, sizeof(*ths));
	if (!ths || pthread_barrier_init(&go, NULL, (unsigned int)nthreads))
		return 1;
	for (i = 0; i < nthreads; i++) {
		ths[i].k = i;
		if (pthread_create(&ths[i].t, NULL, run, &ths[i])) {
			perror("pthread_create");
			return 1;
		}
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(ths[i].t, NULL);
		printf("thread %d events %llu ns %llu cpu_ns %llu\n", i,
		       (unsigned long long)ths[i].events,
		       (unsigned long long)ths[i].ns,
		       (unsigned long long)ths[i].cpu_ns);
		if (ths[i].ns > max)
			max = ths[i].ns;
		cpu += ths[i].cpu_ns;
		total += ths[i].events;
	}
	printf("total events %llu ns %llu ns_per_event %.1f cpu_ns_per_event %.1f events_per_s %.0f\n",
	       (unsigned long long)total, (unsigned long long)max,
	       (double)max * nthreads / (double)total,
	       (double)cpu / (double)total,
	       (double)total * 1e9 / (double)(max ? max : 1));
	fflush(stdout);
	free(ths);
	return 0;
}
