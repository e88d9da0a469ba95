#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/filter/run_tests.sh - run in the VM as root: load the filter
# test module, run filter_vm_test, unload, and check the kernel log; then
# filters end to end (filter_e2e.sh).
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
ko=$dir/kmod/lttng-filter-test.ko
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

mod_fresh_load "$ko"
"$dir/filter_vm_test" || fail=1
ktap_header
ktap_plan 2
rmmod lttng_filter_test
ok $? "filter test module unloads"
kernel_log_clean
ok $? "kernel log is clean"
"$dir/filter_e2e.sh" || fail=1
ktap_finish
