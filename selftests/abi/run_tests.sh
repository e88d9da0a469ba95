#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/abi/run_tests.sh - run in the VM as root: load the tracer and
# the test source from the build tree, run abi_test (kselftest harness),
# then the load/unload cycles, and check the kernel log.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
ko=$LTTNG_TRACER_KO
tko=$LTTNG_TEST_KO
export LTTNG_TEST_TRACE_DIR=${LTTNG_TEST_TRACE_DIR:-/tmp}
# ASan: the tests fork and mmap device memory; keep reports useful
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

mod_fresh_load "$ko" "$tko"
"$dir/abi_test" || fail=1

# Load/unload cycles with a session left open at the unload attempt.
ktap_header
ktap_plan 3
lttng_unload
bad=""
for i in $(seq 1 20); do
	mod_load "$ko" "$tko" || { bad="insmod failed at cycle $i"; break; }
	fifo=$(mktemp -u /tmp/lttng-hold.XXXXXX)
	mkfifo "$fifo"
	"$dir/hold_session" < "$fifo" > "$fifo.out" &
	holder=$!
	exec 3> "$fifo"
	if ! wait_until -t 100 grep -qs ready "$fifo.out"; then
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
[ -z "$bad" ]
ok $? "${bad:+load/unload cycles: $bad}${bad:-20 load/unload cycles, rmmod refused while a session is open}"
lttng_unload
! mod_loaded lttng_tracer
ok $? "modules unloaded at the end"
kernel_log_clean
ok $? "kernel log is clean"
ktap_finish
