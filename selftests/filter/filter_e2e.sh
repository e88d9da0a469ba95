#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/filter/filter_e2e.sh - in the VM, as root: filters end to end.
# `lttng enable-event --filter` through the daemon into the module; the
# test event source (/proc/lttng-test: event i has seq = i, str =
# "test-<i>", enm = i % 10) and the workload give the ground truth;
# `lttng view` (babeltrace2) must show exactly the events that match.
# Then LTTNG_EVENT_FILTER on real enablers (filter_ioctl_test).  TAP.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
L=$LTTNG
WL=$WORKLOAD
TKO=$LTTNG_TEST_KO
tmp=$(mktemp -d /tmp/filter-e2e.XXXXXX)
chmod 755 "$tmp"
lttng_cli_env "$tmp"

lt() { lttng_ok "$@"; }	# lt DESC ARGS...: lttng ARGS must succeed; output in $out
# the seq of every lttng_test_event of the trace of session $1, sorted
seqs() {
	"$L" view "$1" 2>/dev/null | grep "lttng_test_event:" |
		sed -n 's/.*{ seq = \([0-9]*\),.*/\1/p' | sort -n
}
# the i in [0, $1) for which the awk condition $2 holds
expect() { awk -v n="$1" "BEGIN { for (i = 0; i < n; i++) if ($2) print i }"; }
# same_seqs DESC SESSION N CONDITION
same_seqs() {
	local got want
	got=$(seqs "$2")
	want=$(expect "$3" "$4")
	if [ "$got" = "$want" ]; then
		ok 0 "$1 ($(wc -l <<<"$want") events)"
	else
		echo "# want $(wc -l <<<"$want") events, got $(grep -c . <<<"$got")"
		diff <(echo "$want") <(echo "$got") | head -n 10 | sed 's/^/# /'
		ok 1 "$1"
	fi
}
# trace SESSION N: start, emit N test events, stop
trace() {
	"$L" start "$1" >/dev/null 2>&1
	echo "$2" > /proc/lttng-test
	"$L" stop "$1" >/dev/null 2>&1
}

ktap_header
lttng_unload
kernel_log_reset

N=300
# --- one filter: seq % 3 == 0 -------------------------------------------------
lt "create f1 (spawns the daemon, loads the module)" create f1 -o "$tmp/f1"
insmod "$TKO"
ok $? "insmod lttng-test"
lt "enable-event with --filter" enable-event -k lttng_test_event --filter 'seq % 3 == 0'
ok $(has "Event lttng_test_event: Filter 'seq % 3 == 0' successfully set"; echo $?) "says the filter is set"
lt "list f1" list f1
ok $(has "lttng_test_event (type: tracepoint) [enabled] [filter: 'seq % 3 == 0']"; echo $?) "list shows the filter"
trace f1 $N
same_seqs "seq % 3 == 0: exactly those events recorded" f1 $N 'i % 3 == 0'
lt "destroy f1" destroy f1

# --- two rules on one event: OR ----------------------------------------------
lt "create f2" create f2 -o "$tmp/f2"
lt "rule 1: seq < 10" enable-event -k lttng_test_event --filter 'seq < 10'
lt "rule 2: a string glob" enable-event -k lttng_test_event --filter 'str == "test-2*"'
lt "rule 3: a missing field (never true)" enable-event -k lttng_test_event --filter 'nosuch == 1'
lt "list f2" list f2
ok $(has "[filter: 'seq < 10']" && has "[filter: 'str == \"test-2*\"']" && has "[filter: 'nosuch == 1']"; echo $?) "three rules listed"
trace f2 $N
same_seqs "two rules combine as OR, each event once" f2 $N 'i < 10 || substr("test-" i, 1, 6) == "test-2"'
lt "destroy f2" destroy f2

# --- a rule without filter records all ---------------------------------------
lt "create f3" create f3 -o "$tmp/f3"
lt "filtered rule" enable-event -k lttng_test_event --filter 'enm == 2'
lt "unfiltered rule" enable-event -k lttng_test_event
trace f3 $N
same_seqs "filtered + unfiltered rule: every event, once" f3 $N '1'
lt "destroy f3" destroy f3

# --- more of the language on the test event ----------------------------------
lt "create f4" create f4 -o "$tmp/f4"
lt "arithmetic, bitwise, arrays, sequences, contexts" enable-event -k lttng_test_event \
	--filter '((u16 & 1) == 0 && seq < 6 || arr[1] == 5 || seqf[1] == 107 || s64 == -1000003 * 99) && $ctx.procname != "nosuch*"'
trace f4 $N
same_seqs "composite filter: exactly the matching events" f4 $N \
	'(i % 2 == 0 && i < 6) || (i + 1) % 256 == 5 || (i % 5 > 1 && i + 100 == 107) || i == 99'
lt "destroy f4" destroy f4

# --- bad filters: reported, nothing changes ----------------------------------
lt "create f5" create f5 -o "$tmp/f5"
out=$("$L" enable-event -k lttng_test_event --filter 'seq ==' 2>&1)
rc=$?
ok $([ $rc = 106 ] && has "Error: Filter parsing error at 1:" ; echo $?) "syntax error: exit 106 and the position ($rc: $out)"
out=$("$L" enable-event -k lttng_test_event --filter 'seq == "a" + 1' 2>&1)
rc=$?
ok $([ $rc = 106 ] && has "Error: Filter type error at 1:"; echo $?) "type error reported ($rc: $out)"
out=$("$L" enable-event -k lttng_test_event --filter 'seq + 1.5 == 2' 2>&1)
ok $([ $? = 106 ] && has "floating point"; echo $?) "float arithmetic refused"
lt "list f5" list f5
ok $(! has "channel0" && ! has "lttng_test_event"; echo $?) "nothing was created ($out)"
lt "destroy f5" destroy f5

# --- system calls filtered on the process name -------------------------------
lt "create f6" create f6 -o "$tmp/f6"
lt "getppid filtered on \$ctx.procname" enable-event -k --syscall getppid --filter '$ctx.procname == "workl*"'
lt "add-context procname" add-context -k -t procname
lt "start f6" start
cp "$WL" "$tmp/otherload"
"$WL" getppid 100 > "$tmp/wl1"
"$tmp/otherload" getppid 50 > "$tmp/wl2"
lt "stop f6" stop
lt "view f6" view
e=$(grep "syscall_entry_getppid:" <<<"$out")
x=$(grep "syscall_exit_getppid:" <<<"$out")
got=$(grep -c 'procname = "workload"' <<<"$e")
ok $([ "$got" = 100 ]; echo $?) "100 getppid entries of the workload (got $got)"
got=$(grep -c 'procname = "workload"' <<<"$x")
ok $([ "$got" = 100 ]; echo $?) "100 getppid exits of the workload (got $got)"
got=$(printf '%s\n%s\n' "$e" "$x" | grep . | grep -vc 'procname = "workload"')
ok $([ "$got" = 0 ]; echo $?) "no other process's getppid ($got)"
lt "destroy f6" destroy f6

# --- the ioctl itself --------------------------------------------------------
# its TAP lines, renumbered into this run
"$dir/filter_ioctl_test" > "$tmp/ioctl.tap" 2>&1
rc=$?
ktap_import "" < "$tmp/ioctl.tap"
ok $rc "filter_ioctl_test: LTTNG_EVENT_FILTER on real enablers"

"$L" destroy -a >/dev/null 2>&1
stop_pid "$(cat /var/run/lttng/lttng-sessiond.pid 2>/dev/null)" 100
rmmod lttng_test 2>/dev/null
ok $? "lttng-test unloads"
rmmod lttng_tracer 2>/dev/null
ok $? "lttng-tracer unloads (filter lists freed)"
kernel_log_clean
ok $? "kernel log is clean"
rm -rf "$tmp"
ktap_finish
