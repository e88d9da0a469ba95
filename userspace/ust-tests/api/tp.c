// SPDX-License-Identifier: MIT
/* tp.c - the probes of api-tp.h. */
#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "api-tp.h"
