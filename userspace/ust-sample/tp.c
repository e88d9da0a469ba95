// SPDX-License-Identifier: MIT
/* tp.c - the sample's probes: generated from ust-sample-tp.h. */
#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "ust-sample-tp.h"
