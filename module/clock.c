// SPDX-License-Identifier: GPL-2.0-only
/*
 * clock.c - the trace clock.
 *
 * Records are timestamped with ktime_get_mono_fast_ns(): CLOCK_MONOTONIC in
 * nanoseconds, readable from any context including NMI (it uses the
 * timekeeper's latch, never a lock).  The metadata declares it as the CTF
 * clock "monotonic" (freq 1 GHz) with an offset equal to
 * CLOCK_REALTIME - CLOCK_MONOTONIC sampled when a session is created, so
 * that trace viewers show wall-clock times.  The clock UUID is random per
 * module load: traces of one boot/load share it.
 */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/uuid.h>
#include "core.h"

static uuid_t lttng_clock_uuid_val;

void lttng_clock_init(void)
{
	uuid_gen(&lttng_clock_uuid_val);
}

const uuid_t *lttng_clock_uuid(void)
{
	return &lttng_clock_uuid_val;
}

u64 lttng_clock_read(void)
{
	return lttng_clock_now();
}
EXPORT_SYMBOL_GPL(lttng_clock_read);

/* Realtime minus monotonic: take the pair whose reads are closest. */
s64 lttng_clock_offset_ns(void)
{
	s64 best = 0;
	u64 best_gap = U64_MAX;
	int i;

	for (i = 0; i < 5; i++) {
		u64 m1 = ktime_get_mono_fast_ns();
		u64 r = ktime_get_real_ns();
		u64 m2 = ktime_get_mono_fast_ns();

		if (m2 - m1 < best_gap) {
			best_gap = m2 - m1;
			best = (s64)r - (s64)(m1 + (m2 - m1) / 2);
		}
	}
	return best;
}
