#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-only
# userspace/ust-sample/run_tests.sh - `make check`: the sample program
# runs without a session daemon (TAP).
D=$(cd "$(dirname "$0")" && pwd)
. "$D/../../selftests/lib/ktap.sh"
ktap_header
h=$(mktemp -d)
out=$(HOME=$h LTTNG_UST_ROOT_RUNDIR= LTTNG_UST_REGISTER_TIMEOUT=0 "$D/ust-sample" -n 5 -t 2 2>&1)
rc=$?
rm -rf "$h"
[ $rc = 0 ] && [ "$(grep -c 'emitted 5' <<<"$out")" = 2 ]
ok $? "ust-sample runs without a session daemon" || diag "exit $rc: $out"
ktap_finish
