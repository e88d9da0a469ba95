// SPDX-License-Identifier: MIT
/* extra-tp.c - probes of extra-tp.h, and a call of each event. */
#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "extra-tp.h"

/* not called by the sample program: here so that the calls compile */
void extra_emit(void);
void extra_emit(void)
{
	tracepoint(ust_extra, first, 1, -2);
	tracepoint(ust_extra, second, 3, -4);
}
