#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/filter/run_tests.sh - run in the VM as root: load the filter
# test module, run filter_vm_test, unload, and check the kernel log.
dir=$(cd "$(dirname "$0")" && pwd)
ko=$dir/kmod/lttng-filter-test.ko
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
fail=0

rmmod lttng_filter_test 2>/dev/null
dmesg -C 2>/dev/null
if ! insmod "$ko"; then
	echo "not ok 1 - load $ko"
	exit 1
fi
"$dir/filter_vm_test" || fail=1
echo "TAP version 13"
echo "1..2"
if rmmod lttng_filter_test; then
	echo "ok 1 - filter test module unloads"
else
	echo "not ok 1 - filter test module unloads"
	fail=1
fi
if dmesg | grep -E "BUG:|WARNING:|Oops|general protection|Call Trace:|leak"; then
	echo "not ok 2 - kernel log is clean"
	fail=1
else
	echo "ok 2 - kernel log is clean"
fi
exit $fail
