#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/cli/run_tests.sh - in the VM, as root: kernel tracing driven
# with the lttng client, as a user types it: `lttng create` spawns root's
# lttng-sessiond (which loads the module from the build tree), the
# tracing commands set up the session, `lttng view` (babeltrace2) reads
# the trace, which is compared with what the workloads really did.  TAP.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
L=$LTTNG
WL=$WORKLOAD
TKO=$LTTNG_TEST_KO
tmp=$(mktemp -d "${LTTNG_CLI_TMP:-/tmp}/cli.XXXXXX")
chmod 755 "$tmp"
lttng_cli_env "$tmp"

lt() { lttng_ok "$@"; }	# lt DESC ARGS...: lttng ARGS must succeed; output in $out
# lt_fail DESC RC TEXT ARGS...: lttng ARGS must exit RC and print TEXT
lt_fail() {
	local d=$1 want=$2 text=$3 rc
	shift 3
	out=$("$L" "$@" 2>&1)
	rc=$?
	if [ $rc = "$want" ] && grep -qF -- "$text" <<<"$out"; then
		ok 0 "$d"
	else
		echo "# lttng $* -> $rc (want $want): $out"
		ok 1 "$d"
	fi
}

ktap_header
lttng_unload

# --- session commands as root: spawn root's daemon ----------------------
G=adm	# a group of this system, other than the default "tracing"
lt "create spawns root's session daemon, -g passed on" -g $G create k1 -o "$tmp/k1"
ok $(grep -qx "Spawning a session daemon" <<<"$out"; echo $?) "says Spawning a session daemon"
ok $(has "Traces will be output to $tmp/k1"; echo $?) "trace path as given"
S=/var/run/lttng/client-lttng-sessiond
ok $([ -S $S ]; echo $?) "root's socket $S"
ok $([ "$(stat -c %G $S)" = $G ]; echo $?) "socket group is $G (-g reached the daemon)"

# a member of the tracing group talks to root's daemon (no daemon of its own)
uhome=$tmp/uhome
mkdir -p "$uhome"
chown 65534:65534 "$uhome"
as_member() {
	as_user -G "$(getent group $G | cut -d: -f3)" -g 65534 65534 env -i PATH=/usr/bin:/bin HOME="$uhome" \
		LTTNG_SESSIOND_PATH="$LTTNG_SESSIOND_PATH" "$L" -g $G "$@" 2>&1
}
out=$(as_member create u1 -o "$uhome/u1")
ok $? "a $G member creates a session"
ok $(! has "Spawning" && has "Session u1 created."; echo $?) "in root's daemon: nothing spawned"
ok $([ ! -e "$uhome/.lttng/client-lttng-sessiond" ]; echo $?) "no per-user daemon socket"
out=$(as_member destroy u1)
ok $? "the member destroys it"
ok $([ "$(cat "$HOME/.lttngrc")" = "session=k1" ]; echo $?) ".lttngrc names k1"
insmod "$TKO"
ok $? "insmod lttng-test"

# LTTNG_CLI_ONLY="streaming ...": only these sections (the files sourced
# below), to iterate on one of them
finish() {
	stop_pid "$(cat /var/run/lttng/lttng-sessiond.pid 2>/dev/null)"
	mod_unload lttng_test 2>/dev/null
	ktap_finish
}
if [ -n "${LTTNG_CLI_ONLY:-}" ]; then
	for f in $LTTNG_CLI_ONLY; do
		. "$dir/$f.sh"
	done
	finish
fi

# --- tracepoints: every emitted event is in the trace -------------------
N=500
lt "list -k shows the test tracepoint" list -k
ok $(grep -q "^      lttng_test_event " <<<"$out"; echo $?) "lttng_test_event listed"
lt "list -k --syscall" list -k --syscall
ok $(grep -q "^      getppid" <<<"$out"; echo $?) "getppid listed among the system calls"
lt "enable-event -k lttng_test_event" enable-event -k lttng_test_event
ok $(has "kernel event lttng_test_event created in channel channel0"; echo $?) "created in channel0"
lt_fail "enable it twice: warning" 4 "Warning: Kernel event lttng_test_event already enabled" \
	enable-event -k lttng_test_event
lt "list k1" list k1
ok $(has "=== Domain: Linux kernel ===" && has "- channel0: [enabled]" &&
     has "lttng_test_event (type: tracepoint) [enabled]"; echo $?) "list shows domain, channel0, the rule"
ok $(has "Output mode:      mmap" && has "Sub-buffer size:  1048576 bytes"; echo $?) "kernel channel defaults"
lt "start" start
ok $(has "Tracing started for session k1"; echo $?) "Tracing started for session k1"
lt "status while tracing" status
ok $(has "Recording session k1: [active]"; echo $?) "status: [active]"
echo $N > /proc/lttng-test
lt "stop waits for the data" stop
ok $(has "Waiting for data availability" && has "Tracing stopped for session k1"; echo $?) "stop messages"
lt "view runs babeltrace2 on the trace" view
got=$(grep -c "lttng_test_event:" <<<"$out")
ok $([ "$got" = $N ]; echo $?) "view shows the $N emitted events (got $got)"
lt "view --viewer" view --viewer "babeltrace2 --names=none"
ok $(grep -c "lttng_test_event:" <<<"$out" | grep -qx $N; echo $?) "--viewer command line used"
lt "statistics: nothing discarded" list k1
ok $(has "Discarded events: 0"; echo $?) "Discarded events: 0"

# --- disable-event: nothing more is recorded ------------------------------
lt "disable-event -k lttng_test_event" disable-event -k lttng_test_event
lt "start again" start
echo $N > /proc/lttng-test
lt "stop again" stop
lt "view after disable" view
got=$(grep -c "lttng_test_event:" <<<"$out")
ok $([ "$got" = $N ]; echo $?) "still $N events after disable-event (got $got)"
lt "destroy k1" destroy
ok $([ ! -e "$HOME/.lttngrc" ]; echo $?) "destroy clears .lttngrc"

# --- syscalls, context, filter ---------------------------------------------
lt "create k2" create k2 -o "$tmp/k2"
lt "enable-channel -k ch" enable-channel -k ch --subbuf-size 256k --num-subbuf 4
ok $(has "kernel channel ch enabled for session k2"; echo $?) "channel ch enabled"
lt "enable-event -k --syscall getppid -c ch" enable-event -k --syscall getppid -c ch
lt "add-context -k -t tid -t procname -c ch" add-context -k -t tid -t procname -c ch
ok $(has "kernel context tid added to channel ch" && has "kernel context procname added to channel ch"; echo $?) "contexts added"
lt_fail "unknown context type" 3 "Unknown context type nope" add-context -k -t nope -c ch
lt "start k2" start
"$WL" getppid 100 > "$tmp/wl1"
lt "stop k2" stop
tid=$(val "$tmp/wl1" tid)
lt "view k2" view
got=$(grep "syscall_entry_getppid:" <<<"$out" | grep -c "tid = $tid,")
ok $([ "$got" = 100 ]; echo $?) "100 getppid entries of the workload's tid $tid (got $got)"
ok $(grep "syscall_entry_getppid:" <<<"$out" | grep "tid = $tid," | grep -q 'procname = "workload"'; echo $?) "procname context recorded"
lt "destroy k2" destroy k2

# --- filter -----------------------------------------------------------------
lt "create k3" create k3 -o "$tmp/k3"
flt='$ctx.tid == 0 || 1'
lt "enable-event with a filter" enable-event -k --syscall getppid --filter "$flt"
ok $(has "Event getppid: Filter '$flt' successfully set"; echo $?) "says the filter is set"
lt "list k3 shows the filter" list k3
ok $(has "[filter: '$flt']"; echo $?) "filter listed"
lt_fail "invalid filter: error with its position" 106 \
	"Error: Filter parsing error at 1:9: " enable-event -k --syscall getppid --filter 'tid == ('
lt "destroy k3" destroy k3

# --- track: only the tracked pid is recorded --------------------------------
lt "create k4" create k4 -o "$tmp/k4"
lt "enable-event --syscall getppid" enable-event -k --syscall getppid
lt "add-context -k -t pid (before the first start)" add-context -k -t pid
lt "untrack --all --pid" untrack -k --all --pid
ok $(has "Process ID tracking policy set to \`exclude all\`"; echo $?) "exclude all"
lt "list k4: pid tracker none" list k4
ok $(has "Process IDs:          none"; echo $?) "Process IDs: none"
lt "start k4" start
"$WL" getppid 50 > "$tmp/wl2"
lt "stop k4" stop
lt "view k4" view
got=$(grep -c "syscall_entry_getppid:" <<<"$out")
ok $([ "$got" = 0 ]; echo $?) "no event with an empty pid tracker (got $got)"
# a process that waits, is tracked by its pid, then runs the workload
mkfifo "$tmp/go"
( read -r _ < "$tmp/go"; exec "$WL" getppid 50 > "$tmp/wl3" ) &
wpid=$!
lt "track --pid of the waiting process" track -k --pid $wpid
ok $(has "Added $wpid to the process ID tracker inclusion set"; echo $?) "Added $wpid"
lt "list k4: pid tracker has it" list k4
ok $(has "Process IDs:          $wpid"; echo $?) "Process IDs: $wpid"
lt "start k4 again" start
echo go > "$tmp/go"
wait $wpid
"$WL" getppid 30 > "$tmp/wl4"	# another process: not tracked
lt "stop k4 again" stop
lt "view k4 again" view
got=$(grep "syscall_entry_getppid:" <<<"$out" | grep -c "pid = $wpid }")
ok $([ "$got" = 50 ]; echo $?) "the tracked process's 50 getppid calls are recorded (got $got)"
got=$(grep -c "syscall_entry_getppid:" <<<"$out")
ok $([ "$got" = 50 ]; echo $?) "and nothing else (got $got)"
lt "destroy k4" destroy k4

# --- wildcard tracepoints, kprobes ---------------------------------------
lt "create k6" create k6 -o "$tmp/k6"
lt "enable-event -k 'lttng_test_*' (wildcard)" enable-event -k 'lttng_test_*'
lt "enable-event -k --probe __x64_sys_getppid myprobe" \
	enable-event -k --probe __x64_sys_getppid myprobe
lt "add-context -k -t pid" add-context -k -t pid
lt "list k6 shows the kprobe" list k6
ok $(has "myprobe (type: probe) [enabled]" && has "Symbol: __x64_sys_getppid"; echo $?) "probe rule and its symbol listed"
ok $(has "lttng_test_* (type: tracepoint) [enabled]"; echo $?) "wildcard rule listed"
lt "start k6" start
echo 77 > /proc/lttng-test
"$WL" getppid 40 > "$tmp/wl6"
lt "stop k6" stop
wpid=$(val "$tmp/wl6" tid)
lt "view k6" view
got=$(grep -c "lttng_test_event:" <<<"$out")
ok $([ "$got" = 77 ]; echo $?) "the wildcard recorded the 77 test events (got $got)"
got=$(grep "myprobe:" <<<"$out" | grep -c "pid = $wpid }")
ok $([ "$got" = 40 ]; echo $?) "the kprobe fired for the workload's 40 getppid calls (got $got)"
lt "destroy k6" destroy k6

# --- function and user-space probes ----------------------------------------
# probe_target (selftests/events) calls probe_target_func N times and
# passes the SDT probe lttng_selftest:tick at two call sites per call;
# copied to the guest's tmpfs (uprobes need a page-cached file system)
PT=$tmp/probe_target
cp "$top/selftests/events/probe_target" "$PT"
lt "create k7" create k7 -o "$tmp/k7"
lt "enable-event -k --function __x64_sys_getppid gpf" \
	enable-event -k --function __x64_sys_getppid gpf
lt "enable-event -k --userspace-probe=elf:PATH:probe_target_func ufunc" \
	enable-event -k --userspace-probe="elf:$PT:probe_target_func" ufunc
# a PATH without '/' is looked up in $PATH, elf: is the default
out=$(PATH="$tmp:$PATH" "$L" enable-event -k --userspace-probe="sdt:probe_target:lttng_selftest:tick" usdt 2>&1)
ok $? "enable-event -k --userspace-probe=sdt:probe_target:lttng_selftest:tick usdt (found in PATH)" ||
	echo "# $out"
lt "add-context -k -t tid" add-context -k -t tid
lt "list k7 shows the probes" list k7
ok $(has "gpf (type: function) [enabled]" && has "ufunc (type: userspace-probe) [enabled]" &&
	has "usdt (type: userspace-probe) [enabled]"; echo $?) "function and userspace-probe rules listed"
lt "start k7" start
"$PT" 12 > "$tmp/pt7"
"$WL" getppid 9 > "$tmp/wl7"
lt "stop k7" stop
lt "view k7" view
ptid=$(val "$tmp/pt7" tid)
wtid=$(val "$tmp/wl7" tid)
f=$(grep -c "ufunc: { cpu_id = [0-9]* }, { tid = $ptid }" <<<"$out")
s=$(grep -c "usdt: { cpu_id = [0-9]* }, { tid = $ptid }" <<<"$out")
ok $([ "$f" = 12 ] && [ "$s" = 24 ]; echo $?) "uprobes: 12 entries of probe_target_func ($f), 24 SDT hits at 2 sites ($s)" ||
	grep -m 3 -E "ufunc|usdt" <<<"$out" | sed 's/^/# /'
en=$(grep -c "gpf_entry: { cpu_id = [0-9]* }, { tid = $wtid }" <<<"$out")
ex=$(grep -c "gpf_exit: { cpu_id = [0-9]* }, { tid = $wtid }" <<<"$out")
ok $([ "$en" = 9 ] && [ "$ex" = 9 ]; echo $?) "--function: 9 gpf_entry ($en) and 9 gpf_exit ($ex) for the workload's getppid"
out=$("$L" enable-event -k --userspace-probe="elf:$PT:no_such_function" nofunc 2>&1)
ok $([ $? != 0 ] && grep -qF "Event nofunc: Invalid parameter" <<<"$out"; echo $?) "a function the binary does not have is refused: $out"
out=$("$L" enable-event -k --userspace-probe="sdt:$PT:lttng_selftest" badloc 2>&1)
ok $([ $? != 0 ] && grep -qF "Invalid userspace probe location" <<<"$out"; echo $?) "a malformed location is refused: $out"
lt "destroy k7" destroy k7

# --- errors of the kernel domain --------------------------------------------
lt "create k5" create k5 -o "$tmp/k5"
lt_fail "enable-event --probe without a source" 2 "Unrecognized argument" enable-event -k --probe
lt_fail "enable-event -u --syscall" 5 "Event type not available for user-space tracing" \
	enable-event -u --syscall getppid
lt_fail "start without channel" 72 "No channel found in the session" start
lt "destroy -a" destroy -a

# --- a kernel session streamed to Debian's lttng-relayd (loopback) ----------
. "$dir/streaming.sh"

# --- trace-file limits, --no-output, destroy --no-wait ------------------------
. "$dir/tracefile.sh"

# --- snapshot sessions ----------------------------------------------------------
. "$dir/snapshot.sh"

# --- rotations -----------------------------------------------------------------
. "$dir/rotate.sh"

# --- lttng clear, lttng regenerate ---------------------------------------------
. "$dir/clear.sh"

# --- kernel sessions saved and loaded back -------------------------------------
. "$dir/saveload.sh"

# --- lttng-analyses (Debian's python3-lttnganalyses) read our traces ---------
. "$dir/analyses.sh"

finish
