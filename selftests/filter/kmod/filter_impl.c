// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_impl.c - module/filter.c, the tracer's filter verifier and
 * interpreter, compiled into the test module unchanged.
 */
/* lttng-tracer exports lttng_filter_run: do not export it twice */
#define LTTNG_FILTER_NO_EXPORT
#include "../../../module/filter.c"
