#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/abi/run_tests.sh - run in the VM as root: load the tracer and
# the test source from the build tree, run abi_test (kselftest harness),
# then the load/unload cycles, and check the kernel log.
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../.." && pwd)
ko=$top/module/lttng-tracer.ko
tko=$top/module/test/lttng-test.ko
export LTTNG_TEST_TRACE_DIR=${LTTNG_TEST_TRACE_DIR:-/tmp}
# ASan: the tests fork and mmap device memory; keep reports useful
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
fail=0

unload() {
	rmmod lttng_test 2>/dev/null
	rmmod lttng_tracer 2>/dev/null
}

unload
dmesg -C 2>/dev/null
if ! insmod "$ko" || ! insmod "$tko"; then
	echo "not ok 1 - load $ko and $tko"
	exit 1
fi
"$dir/abi_test" || fail=1

# Load/unload cycles with a session left open at the unload attempt.
echo "TAP version 13"
echo "1..3"
unload
bad=""
for i in $(seq 1 20); do
	insmod "$ko" && insmod "$tko" || { bad="insmod failed at cycle $i"; break; }
	fifo=$(mktemp -u /tmp/lttng-hold.XXXXXX)
	mkfifo "$fifo"
	"$dir/hold_session" < "$fifo" > "$fifo.out" &
	holder=$!
	exec 3> "$fifo"
	for _ in $(seq 1 100); do
		grep -q ready "$fifo.out" 2>/dev/null && break
		sleep 0.1
	done
	if ! grep -q ready "$fifo.out"; then
		bad="holder not ready at cycle $i"
	fi
	rmmod lttng_test 2>/dev/null
	if rmmod lttng_tracer 2>/dev/null; then
		bad="rmmod lttng_tracer succeeded with a session open (cycle $i)"
	fi
	exec 3>&-
	wait "$holder"
	rm -f "$fifo" "$fifo.out"
	[ -n "$bad" ] && break
	if ! rmmod lttng_tracer; then
		bad="rmmod lttng_tracer failed after close (cycle $i)"
		break
	fi
done
if [ -z "$bad" ]; then
	echo "ok 1 - 20 load/unload cycles, rmmod refused while a session is open"
else
	echo "not ok 1 - load/unload cycles: $bad"
	fail=1
fi
unload
if grep -q '^lttng_tracer ' /proc/modules; then
	echo "not ok 2 - modules unloaded at the end"
	fail=1
else
	echo "ok 2 - modules unloaded at the end"
fi
if dmesg | grep -E "BUG:|WARNING:|Oops|general protection|Call Trace:|leak"; then
	echo "not ok 3 - kernel log is clean"
	fail=1
else
	echo "ok 3 - kernel log is clean"
fi
exit $fail
