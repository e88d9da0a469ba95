// SPDX-License-Identifier: MIT
/* dyn-tp.c - the probes of dyn-tp.h, built as libdyn-tp.so. */
#define TRACEPOINT_CREATE_PROBES
#include "dyn-tp.h"
