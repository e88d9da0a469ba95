// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_impl.c - module/filter.c, the tracer's filter verifier and
 * interpreter, compiled into the test module unchanged.
 */
#include "../../../module/filter.c"
