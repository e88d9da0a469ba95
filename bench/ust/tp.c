// SPDX-License-Identifier: MIT
/* tp.c - the probes of storm-tp.h. */
#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "storm-tp.h"
