/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for the kernel's <asm/local.h> (see linux/preempt.h here). */
#ifndef _HOST_ASM_LOCAL_H
#define _HOST_ASM_LOCAL_H
typedef struct {
	long v;
} local_t;

static inline long local_add_return(long i, local_t *l)
{
	return l->v += i;
}
#endif
