#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# End-to-end tests of user-space tracing (TAP), no kernel module needed.
#
# A per-user daemon (the ASan/UBSan build) runs as an ordinary user
# (nobody when we are root) with a scratch HOME; our lttng client drives
# it; applications are the scripted fakeapp (protocol-level, hostile
# modes) and, when built, the sample program userspace/ust-sample.
# Every trace is read with babeltrace2 and compared, event by event and
# field by field, with what the applications emitted.  As root, a root
# daemon (--no-kernel, private socket directory) traces another user's
# application too.
set -u
D=$(cd "$(dirname "$0")" && pwd)

. "$D/lib.sh"
SAMPLE=$U/ust-sample/ust-sample

command -v babeltrace2 > /dev/null || { echo "1..0 # SKIP babeltrace2 missing"; exit 0; }

T=$(mktemp -d /tmp/ust-tests.XXXXXX)
chmod 755 "$T"
export ASAN_OPTIONS=log_path=$T/asan:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/ubsan
# a few seconds would make the hostile tests slow
export LTTNG_UST_APP_TIMEOUT_MS=1500
# our programs must not register with a root daemon running on the machine
export LTTNG_UST_ROOT_RUNDIR=

UH=$T/home
test_user "$UH"
SOCK=$UH/.lttng/lttng-ust-sock-1
# whatever happens, no daemon or application of ours outlives the run
cleanup() {
	local p
	p=$(cat "$UH/.lttng/lttng-sessiond.pid" 2>/dev/null) && kill "$p" 2>/dev/null
	for p in "${APPPID[@]}"; do kill -9 "$p" 2>/dev/null; done
}
trap cleanup EXIT

start_daemon() {
	AS "$SD" -b -vv > "$T/sd.log" 2>&1
	wait_sock "$SOCK" 100
}
daemon_alive() { kill -0 "$(cat "$UH/.lttng/lttng-sessiond.pid")" 2>/dev/null; }

echo "# per-user daemon as uid $TUID"
ok_cmd "daemon starts as an ordinary user" start_daemon
ok $([ "$(stat -c %a "$SOCK")" = 600 ] && [ "$(stat -c %u "$SOCK")" = "$TUID" ]; echo $?) "application socket is the user's, 0600"

# --- 1. app before start, contexts, exact values ----------------------------
lt create s1 -o "$T/s1" > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
ok_cmd "fakeapp registers (before start)" app_start a1 app
P1=$(app_realpid a1)
lt list -u > "$T/list.out"
{
	printf 'UST events:\n-------------\n\n'
	printf 'PID: %s - Name: %s\n' "$P1" "$FAKE"
	printf '      fake:ev_int (loglevel: TRACE_INFO (6)) (type: tracepoint)\n'
	printf '      fake:ev_str (loglevel: TRACE_DEBUG_LINE (13)) (type: tracepoint)\n'
	printf '      fake:ev_dbg (loglevel: TRACE_DEBUG (14)) (type: tracepoint)\n\n'
} > "$T/list.want"
cmp -s "$T/list.out" "$T/list.want" || diff "$T/list.want" "$T/list.out" | sed 's/^/# /'
ok $(cmp -s "$T/list.out" "$T/list.want"; echo $?) "lttng list -u shows the registered application's events"
lt start > /dev/null
ok_cmd "app emits 20 x 3 events" app_emit a1 20
ok_cmd "second app registers after start" app_start a2 app
P2=$(app_realpid a2)
app_emit a2 7
lt stop > /dev/null
{ expect_fake "$P1" 0 19 int str dbg; expect_fake "$P2" 0 6 int str dbg; } > "$T/exp"
same_events "per-UID: both apps' events, every field and value" "$T/exp" "$T/s1"
ok $([ "$(ls "$T/s1/ust/uid")" = "$TUID" ] && [ -f "$T/s1/ust/uid/$TUID/64-bit/metadata" ] && ls "$T/s1/ust/uid/$TUID/64-bit/channel0_0" > /dev/null; echo $?) "layout ust/uid/<uid>/64-bit/{metadata,channel0_<cpu>}"
md=$T/s1/ust/uid/$TUID/64-bit/metadata
ok $(grep -q 'domain = "ust";' "$md" && grep -q 'tracer_name = "lttng-ust";' "$md" && grep -q 'tracer_buffering_scheme = "uid";' "$md" && grep -q "tracer_buffering_id = $TUID;" "$md" && grep -q 'loglevel = 14;' "$md"; echo $?) "metadata env and loglevel as LTTng-UST"
ok $([ "$(stat -c %u "$md")" = "$TUID" ]; echo $?) "trace files belong to the session owner"

# --- 2. stop/start again, disable-event ------------------------------------
lt start > /dev/null
app_emit a1 3
lt disable-event -u -a > /dev/null
lt enable-event -u fake:ev_str > /dev/null
app_emit a1 2
lt stop > /dev/null
lt list s1 -u > "$T/lists1"
ok $(grep -A3 'Recording event rules' "$T/lists1" | sed -n 2,3p | tr -d ' ' | tr '\n' ' ' | grep -q '^fake:ev_str(type:tracepoint)\[enabled\] \*(type:tracepoint)\[disabled\]'; echo $?) "lttng list shows UST rules newest first"
{ expect_fake "$P1" 0 19 int str dbg; expect_fake "$P2" 0 6 int str dbg
  expect_fake "$P1" 0 2 int str dbg; expect_fake "$P1" 0 1 str; } > "$T/exp"
same_events "disable-event -u -a then enable one event: only it is recorded" "$T/exp" "$T/s1"

# --- 3. killed application -------------------------------------------------
lt start > /dev/null
app_emit a2 5
{ kill -9 "$P2"; wait "${APPPID[a2]}"; } 2>/dev/null
sleep 0.3
ok $(daemon_alive; echo $?) "daemon survives an application SIGKILLed mid-trace"
app_emit a1 1
lt stop > /dev/null
{ cat "$T/exp"; expect_fake "$P2" 0 4 str; expect_fake "$P1" 0 0 str; } > "$T/exp2"
same_events "records of the killed application before the kill are in the trace" "$T/exp2" "$T/s1"
lt destroy s1 > /dev/null

# --- 4. rules: wildcard, exclusion, loglevels, filter ---------------------
rule_case() {	# rule_case DESC EXPECTED_EVENTS -- enable-event args...
	local desc=$1 evs=$2
	shift 3
	lt create r -o "$T/r" > /dev/null
	lt add-context -u -t vpid -t vtid -t procname > /dev/null 2>&1
	lt enable-event -u "$@" > /dev/null
	lt start > /dev/null
	app_emit a1 10
	lt stop > /dev/null
	lt destroy r > /dev/null
	# shellcheck disable=SC2086
	expect_fake "$P1" 0 9 $evs > "$T/exp"
	[ -n "$evs" ] || : > "$T/exp"
	same_events "$desc" "$T/exp" "$T/r"
	rm -rf "$T/r"
}
lt create r -o "$T/r" > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt enable-event -u 'fake:ev_*' -x fake:ev_dbg > /dev/null
lt start > /dev/null; app_emit a1 10; lt stop > /dev/null; lt destroy r > /dev/null
expect_fake "$P1" 0 9 int str > "$T/exp"
same_events "wildcard with --exclude" "$T/exp" "$T/r"; rm -rf "$T/r"
rule_case "--loglevel TRACE_INFO (6 and more severe)" "int" -- -a --loglevel TRACE_INFO
rule_case "--loglevel-only TRACE_DEBUG_LINE" "str" -- -a --loglevel-only TRACE_DEBUG_LINE
rule_case "--loglevel TRACE_DEBUG: every level" "int str dbg" -- 'fake:*' --loglevel TRACE_DEBUG
rule_case "exact names" "int dbg" -- fake:ev_int,fake:ev_dbg
# Filters run in the application: see the sample program's tests.

# --- 4b. disable-channel, trackers, switch timer ---------------------------------
lt create d -o "$T/d" > /dev/null
lt enable-channel -u --switch-timer 200000 channel0 > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
app_emit a1 2
lt disable-channel -u channel0 > /dev/null
app_emit a1 3
lt enable-channel -u channel0 > /dev/null
app_emit a1 1
sleep 0.6
events "$T/d" | norm > "$T/got"
ok $([ "$(wc -l < "$T/got")" = 9 ]; echo $?) "switch timer: records readable while the session is active"
lt track -u --vpid 1 > /dev/null
app_emit a1 4
lt untrack -u --vpid --all > /dev/null
lt track -u --vpid "$P1" > /dev/null
app_emit a1 1
lt stop > /dev/null
lt destroy d > /dev/null
{ expect_fake "$P1" 0 1 int str dbg; expect_fake "$P1" 0 0 int str dbg; expect_fake "$P1" 0 0 int str dbg; } > "$T/exp"
same_events "disable-channel -u stops recording, enable-channel -u resumes; vpid tracker" "$T/exp" "$T/d"
rm -rf "$T/d"

# --- 5. per-PID buffers ------------------------------------------------------
lt create p -o "$T/p" > /dev/null
lt enable-channel -u --buffers-pid channel0 > /dev/null
out=$(lt enable-channel -u --buffers-uid other 2>&1)
ok $(grep -q 'Buffer type mismatch for session' <<<"$out"; echo $?) "per-UID channel in a per-PID session: Buffer type mismatch"
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
app_start a3 app
P3=$(app_realpid a3)
app_emit a1 4
app_emit a3 6
lt stop > /dev/null
lt list p > "$T/listp"
ok $(grep -q '^Buffering scheme: per-process' "$T/listp"; echo $?) "lttng list: per-process buffering"
nd=$(ls "$T/p/ust/pid" | wc -l)
d1=$(ls -d "$T/p/ust/pid/fakeapp-$P1-"* 2>/dev/null | head -1)
d3=$(ls -d "$T/p/ust/pid/fakeapp-$P3-"* 2>/dev/null | head -1)
ok $([ "$nd" = 2 ] && [ -n "$d1" ] && [ -n "$d3" ]; echo $?) "per-PID: one directory per application (<procname>-<pid>-<datetime>)"
expect_fake "$P1" 0 3 int str dbg > "$T/exp"
same_events "per-PID trace of app 1 has its events only" "$T/exp" "$d1"
expect_fake "$P3" 0 5 int str dbg > "$T/exp"
same_events "per-PID trace of app 3 has its events only" "$T/exp" "$d3"
ok $(grep -q 'tracer_buffering_scheme = "pid";' "$d3/metadata" && grep -q "vpid = $P3;" "$d3/metadata" && grep -q 'procname = "fakeapp";' "$d3/metadata"; echo $?) "per-PID metadata: scheme, vpid, procname"
{ expect_fake "$P1" 0 3 int str dbg; expect_fake "$P3" 0 5 int str dbg; } > "$T/exp"
same_events "babeltrace2 merges the per-PID traces" "$T/exp" "$T/p"
app_stop a3
lt destroy p > /dev/null

# --- 6. conflicting event description ----------------------------------------
lt create c -o "$T/c" > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
app_start a4 dup-conflict
P4=$(app_realpid a4)
app_emit a1 2
app_emit a4 3
lt stop > /dev/null
{ expect_fake "$P1" 0 1 int str dbg; expect_fake "$P4" 0 2 str dbg; } > "$T/exp"
same_events "same event name, other fields in a second app of the uid: its copy refused" "$T/exp" "$T/c"
ok $(grep -q "event fake:ev_int does not match" "$T/sd.log"; echo $?) "... with a logged error"
app_stop a4

# --- 7. hostile applications ---------------------------------------------------
for m in garbage badmagic truncated stall liepid lieuid hugecount unterminated badfield tsdl trailing fds extramsg noreply badreply slowreply; do
	r=$(AS "$FAKE" "$SOCK" $m 2>&1)
	ok $([ "$r" = dropped ]; echo $?) "hostile app ($m) is dropped"
done
r=$(AS "$FAKE" "$SOCK" fuzz300 2>&1)
rc=$?
echo "# $r"
ok $rc "300 randomly mutated registrations: every connection ends"
ok $(daemon_alive && lt list > /dev/null; echo $?) "daemon keeps serving clients"
lt start > /dev/null
app_emit a1 1
lt stop > /dev/null
{ cat "$T/exp"; expect_fake "$P1" 0 0 int str dbg; } > "$T/exp2"
same_events "and keeps tracing the well-behaved application" "$T/exp2" "$T/c"
lt destroy c > /dev/null

# --- 8. client errors as LTTng ----------------------------------------------------
lt create e -o "$T/e" > /dev/null
out=$(lt add-context -u -t pid 2>&1)
ok $(grep -q 'Error: pid: UST invalid context' <<<"$out"; echo $?) "add-context -u -t pid: UST invalid context"
lt enable-event -u -a > /dev/null
lt start > /dev/null
out=$(lt add-context -u -t vpid 2>&1)
ok $(grep -q 'Error: vpid: Tracing has already been started once' <<<"$out"; echo $?) "add-context -u after start refused as LTTng"
out=$(lt enable-channel -u late 2>&1)
ok $(grep -q 'Tracing has already been started once' <<<"$out"; echo $?) "new UST channel after start refused as LTTng"
lt destroy e > /dev/null
app_stop a1

# --- 9. the sample program (userspace/ust-sample) --------------------------------
if [ -x "$SAMPLE" ] && [ -f "$D/sample-check.sh" ]; then
	. "$D/sample-check.sh"
	# lttng_ust_statedump events, perf:thread contexts
	. "$D/statedump-perf-check.sh"
	# trace-file limits, index files, --no-output
	. "$D/tracefile-check.sh"
else
	skip "ust-sample not built"
fi

# --- 9b. tracef, tracelog, network/_nowrite fields, dynamic linkage -------------
if [ -x "$D/api/ust-api" ] && [ -x "$D/api/ust-dyn" ]; then
	. "$D/api-check.sh"
else
	skip "api/ust-api not built"
fi

# --- 9c. the consumer keeps up; writers killed at random points -------------------
if [ -x "$D/api/ust-storm" ]; then
	. "$D/rate-check.sh"
	. "$D/deadwriter-check.sh"
	# snapshot sessions
	. "$D/snapshot-check.sh"
	# rotation
	. "$D/rotate-check.sh"
	. "$D/rotation-schedule-check.sh"
	# lttng clear, lttng regenerate
	. "$D/clear-check.sh"
else
	skip "api/ust-storm not built"
fi

# --- 10. shutdown -----------------------------------------------------------------
stop_pid "$(cat "$UH/.lttng/lttng-sessiond.pid")" 100
ok $? "daemon exits on SIGTERM"
ok $([ ! -e "$SOCK" ]; echo $?) "application socket removed"

# --- 10b. an application started before the daemon -----------------------------
if [ -x "$SAMPLE" ]; then
	LTTNG_UST_REGISTER_TIMEOUT=0 "${ASCMD[@]}" "$SAMPLE" -n 5 -w 6000 > "$T/early.out" 2>&1 &
	PE=$!
	sleep 0.5
	start_daemon
	lt create early -o "$T/early" > /dev/null
	lt enable-event -u -a > /dev/null
	lt start > /dev/null
	wait_listed "$PE"
	wait "$PE"
	lt stop > /dev/null
	ne=$(events "$T/early" | grep -c '^ust_sample:')
	ok $([ "$ne" = 13 ]; echo $?) "an application started before the daemon registers when it appears (13 records)"
	lt destroy early > /dev/null
	stop_pid "$(cat "$UH/.lttng/lttng-sessiond.pid")" 100
fi

# --- 10c. trace files that cannot grow (disk full; here a file size limit) ------
# The daemon runs under `ulimit -f` with SIGXFSZ ignored: its writes past
# 512 KiB fail with EFBIG as they would with ENOSPC on a full disk (the
# limit applies to the rings' memfds too: they are smaller).
if [ -x "$SAMPLE" ]; then
	AS bash -c 'trap "" XFSZ; ulimit -f 512; exec "$0" -b -vv' "$SD" > "$T/sd-full.log" 2>&1
	wait_sock "$SOCK" 100
	lt create full -o "$T/full" > /dev/null
	lt enable-channel -u c --subbuf-size 16k --num-subbuf 8 > /dev/null
	lt enable-event -u -a -c c > /dev/null
	lt start > /dev/null
	AS "$SAMPLE" -n 20000 -d 10 -t 2 > /dev/null 2>&1
	out=$(lt stop 2>&1)
	rc=$?
	ok $([ $rc = 4 ] && grep -q "^Warning: Some trace data of session full could not be written: File too large" <<<"$out"; echo $?) \
		"file too large: lttng stop warns, exit 4 (exit $rc)"
	out=$(lt list full 2>&1)
	ok $(grep -q "Trace write error: File too large" <<<"$out" && grep -q "Packets not written: [1-9]" <<<"$out"; echo $?) \
		"file too large: lttng list shows the error and the packets not written"
	errs=$(grep -c "cannot write .*File too large" "$T/sd-full.log")
	ok $([ "$errs" -ge 1 ] && [ "$errs" -le "$(nproc)" ]; echo $?) \
		"file too large: logged once per stream file ($errs lines)"
	nrec=$(babeltrace2 "$T/full" 2> "$T/full.err" | grep -c '^\[')
	# (babeltrace2 may warn about events the rings discarded: nothing else)
	ok $([ "${PIPESTATUS[0]}" = 0 ] && ! grep -qv 'Tracer discarded' "$T/full.err" && [ "$nrec" -gt 0 ]; echo $?) \
		"file too large: the written part is a valid trace (whole packets only, $nrec records)"
	big=$(find "$T/full" -type f -size +512k | wc -l)
	ok $([ "$big" = 0 ]; echo $?) "file too large: no file beyond the limit"
	lt destroy full > /dev/null
	ok $?  "file too large: the daemon keeps serving"
	stop_pid "$(cat "$UH/.lttng/lttng-sessiond.pid")" 100
fi

# --- 10d. hostile applications against the daemon's time and memory ------------
if [ -x "$D/api/ust-storm" ]; then
	. "$D/attack-check.sh"
else
	skip "api/ust-storm not built"
fi

# --- 11. root daemon: every user's applications ---------------------------
if [ "$(id -u)" = 0 ] && command -v unshare > /dev/null; then
	export T SD LT FAKE SAMPLE TUID
	unshare -m --propagation private bash -c '
		ASCMD=(setpriv --reuid=$TUID --regid=$TUID --clear-groups env HOME=/nonexistent)
		. "$0"' "$D/root-check.sh" > "$T/root.tap"
	rc=$?
	ktap_import "" < "$T/root.tap"
	[ $rc = 0 ] || { diag "root-check.sh exited with status $rc"; fail=1; }
else
	skip "root daemon: needs root and unshare"
fi

# --- sanitizers -------------------------------------------------------------------
reports=$(cat "$T"/asan* "$T"/ubsan* 2>/dev/null | grep -c 'ERROR\|runtime error')
[ "$reports" = 0 ] || cat "$T"/asan* "$T"/ubsan* 2>/dev/null | head -30 | sed 's/^/# /'
ok $([ "$reports" = 0 ]; echo $?) "no ASan/UBSan report from the daemons"
grep 'runtime error' "$T/sd.log" | head -3 | sed 's/^/# /'
ok $(! grep -q 'runtime error' "$T/sd.log"; echo $?) "no UBSan message in the daemon log"

if [ "$fail" = 0 ]; then rm -rf "$T"; else echo "# logs kept in $T"; fi
ktap_finish
