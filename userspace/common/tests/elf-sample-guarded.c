// SPDX-License-Identifier: LGPL-2.1-only
/* elf-sample-guarded.c - an SDT probe guarded by a semaphore (elf-sample.c) */
#define _SDT_HAS_SEMAPHORES 1
#include <sdt.h>	/* sys/sdt.h, found with -idirafter */

unsigned short sample_guarded_semaphore __attribute__((section(".probes")));

int sample_guarded(int x)
{
	if (sample_guarded_semaphore)
		DTRACE_PROBE1(sample, guarded, x);
	return x;
}
