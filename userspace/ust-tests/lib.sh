# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the UST end-to-end tests (sourced by run_tests.sh and
# root-check.sh), on top of selftests/lib/ktap.sh and trace.sh.  Needs:
# T, FAKE, ASCMD (the command prefix that runs a program as the test
# user), SOCK (default application socket).
. "$(dirname "${BASH_SOURCE[0]}")/../../selftests/lib/ktap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../../selftests/lib/trace.sh"

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

