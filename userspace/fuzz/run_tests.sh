#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-only
# userspace/fuzz/run_tests.sh TARGET... - `make check`: each libFuzzer
# target briefly over its committed corpus (FUZZ_SECONDS, FUZZ_RUNS; new
# inputs and crashes under OUT, see the Makefile).  TAP.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/../../selftests/lib/ktap.sh"
ktap_header
ktap_plan $#
mkdir -p "$OUT"
for t in "$@"; do
	log=$OUT/$t.log
	rm -rf "$OUT/new-$t"
	mkdir -p "$OUT/new-$t"
	if "$D/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -runs="$FUZZ_RUNS" \
		-artifact_prefix="$OUT/crash-$t-" -print_final_stats=1 \
		"$OUT/new-$t" "$D/corpus/$t" > "$log" 2>&1; then
		ok 0 "fuzz $t: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") runs, no crash"
	else
		ok 1 "fuzz $t: crash, see $log"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/# /'
	fi
done
ktap_finish
