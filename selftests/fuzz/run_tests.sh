#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/fuzz/run_tests.sh - run in the VM as root: load the tracer and
# the test event source from the build tree, run the ioctl fuzzer (its own
# TAP plan), then check that both modules unload (nothing leaked: every fd
# pins the module) and that the kernel log is clean.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

mod_fresh_load "$LTTNG_TRACER_KO" "$LTTNG_TEST_KO"
"$dir/ioctl_fuzz" || fail=1

ktap_header
ktap_plan 3
rmmod lttng_test && rmmod lttng_tracer
ok $? "rmmod lttng_test, rmmod lttng_tracer after the fuzzing" ||
	grep lttng /proc/modules | sed 's/^/# /'
! grep -q '^lttng_' /proc/modules
ok $? "modules unloaded at the end"
kernel_log_clean
ok $? "kernel log is clean"
ktap_finish
