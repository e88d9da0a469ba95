// SPDX-License-Identifier: MIT
/* dyn-other.c - another file of ust-dyn calling the same tracepoint. */
#include "dyn-tp.h"

void emit_other(int n);

void emit_other(int n)
{
	int i;

	for (i = 0; i < n; i++)
		tracepoint(ust_dyn, ping, i, "other");
}
