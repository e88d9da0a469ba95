# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the UST end-to-end tests (sourced by run_tests.sh,
# relayd-check.sh and root-check.sh), on top of selftests/lib/ktap.sh and
# trace.sh.  Needs: T, FAKE, ASCMD (the command prefix that runs a program
# as the test user: test_user sets it), SOCK (default application socket).
. "$(dirname "${BASH_SOURCE[0]}")/../../selftests/lib/ktap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../../selftests/lib/trace.sh"

# our programs: the sanitized daemon, the client, the scripted application
U=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SD=$U/lttng-sessiond/tests/lttng-sessiond-san
LT=$U/lttng/lttng
FAKE=$U/ust-tests/fakeapp

# test_user DIR...: the user the tests run as, with $UH as its HOME:
# nobody when we are root (it then owns the DIRs, and $T is open to it),
# else ourselves.  Sets TUID and ASCMD; AS CMD... runs CMD as that user,
# lt ARGS... our lttng client ($LT).
test_user() {
	mkdir -p "$@"
	if [ "$(id -u)" = 0 ]; then
		TUID=65534
		chown "$TUID:$TUID" "$@"
		chmod 777 "$T"
		ASCMD=(setpriv --reuid=$TUID --regid=$TUID --clear-groups env HOME="$UH" LTTNG_HOME="$UH")
	else
		TUID=$(id -u)
		ASCMD=(env HOME="$UH" LTTNG_HOME="$UH")
	fi
}
AS() { "${ASCMD[@]}" "$@"; }
lt() { AS "$LT" "$@"; }
# lt_says RC TEXT DESC ARGS...: lt ARGS must exit RC and print exactly
# TEXT (LTTng's); leaves $out and $rc set
lt_says() {
	local want_rc=$1 want=$2 desc=$3
	shift 3
	out=$(lt "$@" 2>&1)
	rc=$?
	ok $([ $rc = "$want_rc" ] && [ "$out" = "$want" ]; echo $?) "$desc (exit $rc)"
}

declare -A APPFD APPPID
# app_start NAME MODE [SOCK]: a fakeapp driven through a fifo.
app_start() {
	local name=$1 mode=$2 sock=${3:-$SOCK}
	rm -f "$T/$name.in" "$T/$name.out"
	mkfifo "$T/$name.in"
	chmod 666 "$T/$name.in"
	# the other apps' fifo ends must not leak into this one (EOF); exec
	# keeps $! the application's pid (setpriv and env exec it too)
	(
		for f in "${APPFD[@]}"; do eval "exec $f>&-"; done
		exec "${ASCMD[@]}" "$FAKE" "$sock" "$mode" < "$T/$name.in" > "$T/$name.out" 2>&1
	) &
	APPPID[$name]=$!
	exec {fd}> "$T/$name.in"
	APPFD[$name]=$fd
	wait_until -t 100 grep -qs '^registered' "$T/$name.out" && return 0
	echo "# $name did not register: $(cat "$T/$name.out")"
	return 1
}
# app_emit NAME COUNT: waits until the app wrote them.
app_emit() {
	local name=$1 before
	before=$(grep -c '^emitted' "$T/$name.out")
	echo "emit $2" >&"${APPFD[$name]}"
	wait_until -t 100 _app_emitted "$name" "$before"
}
_app_emitted() { [ "$(grep -c '^emitted' "$T/$1.out")" -gt "$2" ]; }
app_stop() {
	local name=$1
	exec {APPFD[$name]}>&-
	wait "${APPPID[$name]}" 2>/dev/null
}
# wait_listed PID: until `lttng list -u` (lt) shows the application
wait_listed() {
	wait_until -t 60 _listed "$1"
}
_listed() { lt list -u | grep -q "^PID: $1 "; }
app_realpid() {	# the fakeapp's pid (AS is setpriv + env: exec chain)
	echo "${APPPID[$1]}"
}

# Events of a trace, one per line, without timestamps and host name;
# without the lttng_ust_statedump records that "enable-event -u -a" also
# enables (events_all keeps them).
events_all() {
	babeltrace2 "$@" 2>"$T/bt.err" | sed -E 's/^\[[^]]*\] \([^)]*\) [^ ]+ //'
}
events() { events_all "$@" | sed '/^lttng_ust_statedump:/d'; }
# Expected fakeapp lines: expect_fake PID FIRST LAST EVENTS... (int str dbg)
expect_fake() {
	local pid=$1 first=$2 last=$3 i e
	shift 3
	for ((i = first; i <= last; i++)); do
		for e in "$@"; do
			case $e in
			int) echo "fake:ev_int: { cpu_id = CPU }, { vpid = $pid, vtid = $pid, procname = \"fakeapp\" }, { v = $i }" ;;
			str) echo "fake:ev_str: { cpu_id = CPU }, { vpid = $pid, vtid = $pid, procname = \"fakeapp\" }, { s = \"s$i\" }" ;;
			dbg) echo "fake:ev_dbg: { cpu_id = CPU }, { vpid = $pid, vtid = $pid, procname = \"fakeapp\" }, { x = $i }" ;;
			esac
		done
	done
}
norm() { sed -E 's/\{ cpu_id = [0-9]+ \}/{ cpu_id = CPU }/' | sort; }
# same_events DESC EXPECTED_FILE TRACE...
same_events() {
	local desc=$1 exp=$2
	shift 2
	events "$@" | norm > "$T/got"
	sort "$exp" > "$T/want"
	if cmp -s "$T/got" "$T/want"; then
		ok 0 "$desc ($(wc -l < "$T/want") events)"
	else
		echo "# got $(wc -l < "$T/got") events, want $(wc -l < "$T/want")"
		diff "$T/want" "$T/got" | head -5 | sed 's/^/# /'
		ok 1 "$desc"
	fi
}

# storm_archives DIR [both]: each archive of DIR/archives read alone by
# babeltrace2, in chunk order; ust-storm's records as "thread seq value"
# lines into $T/storm.all, a comment per archive with its counts.  1 when
# babeltrace2 complained or (both) an archive lacks one of two threads.
storm_archives() {
	local dir=$1 both=${2:-} a n0 n1 bad=0
	: > "$T/storm.all"
	for a in $(ls "$dir/archives" | sort -t- -k3n); do
		babeltrace2 "$dir/archives/$a" 2> "$T/storm.err" |
			sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' > "$T/storm.chunk"
		[ -s "$T/storm.err" ] && { bad=1; sed 's/^/# /' "$T/storm.err" | head -3; }
		n0=$(grep -c '^0 ' "$T/storm.chunk"); n1=$(grep -c '^1 ' "$T/storm.chunk")
		echo "# $a: thread 0: $n0, thread 1: $n1 records"
		[ -z "$both" ] || { [ "$n0" -gt 0 ] && [ "$n1" -gt 0 ]; } || bad=1
		cat "$T/storm.chunk" >> "$T/storm.all"
	done
	return $bad
}
# storm_exact N: "count0 count1 out_of_place whole" of $T/storm.all, whole
# 1 when both threads' sequences run 0..N-1 (ust-storm's value: 7 seq - 3)
storm_exact() {
	awk -v n="$1" '
	{ if ($2 != next_seq[$1] || $3 != 7 * $2 - 3) bad++; next_seq[$1] = $2 + 1; cnt[$1]++ }
	END { printf "%d %d %d %d\n", cnt[0], cnt[1], bad + 0, (next_seq[0] == n && next_seq[1] == n) }' "$T/storm.all"
}
