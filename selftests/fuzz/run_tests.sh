#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/fuzz/run_tests.sh - run in the VM as root: load the tracer and
# the test event source from the build tree, run the ioctl fuzzer (its own
# TAP plan), then check that both modules unload (nothing leaked: every fd
# pins the module) and that the kernel log is clean.
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../.." && pwd)
ko=$top/module/lttng-tracer.ko
tko=$top/module/test/lttng-test.ko
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
fail=0

rmmod lttng_test 2>/dev/null
rmmod lttng_tracer 2>/dev/null
dmesg -C 2>/dev/null
if ! insmod "$ko" || ! insmod "$tko"; then
	echo "not ok 1 - load $ko and $tko"
	exit 1
fi
"$dir/ioctl_fuzz" || fail=1

echo "TAP version 13"
echo "1..3"
if rmmod lttng_test && rmmod lttng_tracer; then
	echo "ok 1 - rmmod lttng_test, rmmod lttng_tracer after the fuzzing"
else
	echo "not ok 1 - rmmod lttng_test, rmmod lttng_tracer after the fuzzing"
	grep lttng /proc/modules | sed 's/^/# /'
	fail=1
fi
if grep -q '^lttng_' /proc/modules; then
	echo "not ok 2 - modules unloaded at the end"
	fail=1
else
	echo "ok 2 - modules unloaded at the end"
fi
if dmesg | grep -E "BUG:|WARNING:|Oops|general protection|Call Trace:|leak|refcount_t"; then
	echo "not ok 3 - kernel log is clean"
	fail=1
else
	echo "ok 3 - kernel log is clean"
fi
exit $fail
