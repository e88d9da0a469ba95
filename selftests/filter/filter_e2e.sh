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

# --- filters on every context LTTng filters on ------------------------------
# Five copies of the workload, named after how they run, make 5 getppid()
# each: plain, in a mount namespace, in a pid namespace, pinned to CPU 0
# (not migratable), with real ids 1001/2001 and effective and saved ones
# 1002/2002 (the guest is chrooted: no user namespace can be made there,
# the v* ids are those of the initial one).
# Each filter must keep exactly the processes it describes.
for w in wl_plain wl_mnt wl_pid wl_pin wl_uid; do cp "$WL" "$tmp/$w"; done
mntns=$(stat -L -c %i /proc/self/ns/mnt)
pidns=$(stat -L -c %i /proc/self/ns/pid)
run_workloads() {
	"$tmp/wl_plain" getppid 5 > /dev/null
	unshare --mount "$tmp/wl_mnt" getppid 5 > /dev/null
	unshare --pid --fork "$tmp/wl_pid" getppid 5 > /dev/null
	taskset -c 0 "$tmp/wl_pin" getppid 5 > /dev/null
	setpriv --ruid=1001 --euid=1002 --rgid=2001 --egid=2002 --clear-groups \
		"$tmp/wl_uid" getppid 5 > /dev/null
}
# ctx_case DESC EXPECTED FILTER [before|after LTTNG-ARGS...]: a session
# where getppid is filtered by FILTER (an lttng command run before or
# after enable-event); the names of the workloads whose 5 entries were
# recorded (and no partial ones) must be EXPECTED
i=0
ctx_case() {
	local desc=$1 want=$2 filter=$3 when=${4:-} got c
	shift 3
	[ $# -gt 0 ] && shift
	i=$((i + 1))
	"$L" create "fc$i" -o "$tmp/fc$i" > /dev/null 2>&1
	"$L" enable-channel -k channel0 > /dev/null 2>&1
	"$L" add-context -k -t procname > /dev/null 2>&1
	[ "$when" = before ] && "$L" "$@" > /dev/null 2>&1
	out=$("$L" enable-event -k --syscall getppid --filter "$filter" 2>&1)
	c=$?
	[ "$when" = after ] && "$L" "$@" > /dev/null 2>&1
	"$L" start > /dev/null 2>&1
	run_workloads
	"$L" stop > /dev/null 2>&1
	got=$("$L" view 2>/dev/null | grep "syscall_entry_getppid:" |
		sed -n 's/.*procname = "\(wl_[a-z]*\)".*/\1/p' | sort | uniq -c |
		awk '{ printf "%s%s", (n++ ? " " : ""), $1 == 5 ? $2 : $2 "(" $1 ")" }')
	"$L" destroy "fc$i" > /dev/null 2>&1
	ok $([ $c = 0 ] && [ "$got" = "$want" ]; echo $?) "$desc: $filter -> ${got:-nothing}"
	[ $c = 0 ] || echo "# enable-event: $out"
}
ctx_case "mnt_ns" wl_mnt "\$ctx.mnt_ns != $mntns"
ctx_case "pid_ns" wl_pid "\$ctx.pid_ns != $pidns"
ctx_case "preemptible, interruptible (in a system call)" \
	"wl_mnt wl_pid wl_pin wl_plain wl_uid" \
	'$ctx.preemptible == 1 && $ctx.interruptible == 1'
ctx_case "migratable" wl_pin '$ctx.migratable == 0 && $ctx.procname == "wl_*"'
ctx_case "uid family" wl_uid \
	'$ctx.uid == 1001 && $ctx.euid == 1002 && $ctx.suid == 1002 && $ctx.vuid == 1001 && $ctx.veuid == 1002 && $ctx.vsuid == 1002 && $ctx.gid == 2001 && $ctx.vegid == 2002 && $ctx.vsgid == 2002 && $ctx.sgid == 2002'
ctx_case "perf counter of the channel" "wl_mnt wl_pid wl_pin wl_plain wl_uid" \
	'$ctx.perf:cpu:page-fault > 0' before add-context -k -t perf:cpu:page-fault
ctx_case "perf counter the channel does not have: false" "" \
	'$ctx.perf:cpu:cpu-clock >= 0' before add-context -k -t perf:cpu:page-fault
ctx_case "perf counter added after the filter" "wl_mnt wl_pid wl_pin wl_plain wl_uid" \
	'$ctx.perf:cpu:task-clock > 0' after add-context -k -t perf:cpu:task-clock
out=$("$L" enable-event -k -s nosuch --syscall getppid --filter '$ctx.perf:thread:cycles > 0' 2>&1)
ok $([ $? != 0 ] && has "per-thread perf counters"; echo $?) "a per-thread perf counter is refused: $out"

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
