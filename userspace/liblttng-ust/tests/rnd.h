/* SPDX-License-Identifier: GPL-2.0-only */
/* rnd.h - a fixed-seed xorshift64 generator: reproducible test runs. */
#ifndef _UST_TEST_RND_H
#define _UST_TEST_RND_H

#include <stdint.h>

static uint64_t rnd_state = 88172645463325252ULL;

static inline uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#endif
