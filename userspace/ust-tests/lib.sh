# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the UST end-to-end tests (sourced by run_tests.sh and
# root-check.sh).  Needs: n, fail, T, FAKE, ASCMD (the command prefix that
# runs a program as the test user), SOCK (default application socket).

ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check() {	# check DESCRIPTION CMD...: CMD must succeed
	local desc=$1
	shift
	"$@"
	ok $? "$desc"
}

declare -A APPFD APPPID
# app_start NAME MODE [SOCK]: a fakeapp driven through a fifo.
app_start() {
	local name=$1 mode=$2 sock=${3:-$SOCK} i
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
	for i in $(seq 200); do
		grep -q '^registered' "$T/$name.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# $name did not register: $(cat "$T/$name.out")"
	return 1
}
# app_emit NAME COUNT: waits until the app wrote them.
app_emit() {
	local name=$1 before i
	before=$(grep -c '^emitted' "$T/$name.out")
	echo "emit $2" >&"${APPFD[$name]}"
	for i in $(seq 200); do
		[ "$(grep -c '^emitted' "$T/$name.out")" -gt "$before" ] && return 0
		sleep 0.05
	done
	return 1
}
app_stop() {
	local name=$1
	exec {APPFD[$name]}>&-
	wait "${APPPID[$name]}" 2>/dev/null
}
app_realpid() {	# the fakeapp's pid (AS is setpriv + env: exec chain)
	echo "${APPPID[$1]}"
}

# Events of a trace, one per line, without timestamps and host name.
events() {
	babeltrace2 "$@" 2>"$T/bt.err" | sed -E 's/^\[[^]]*\] \([^)]*\) [^ ]+ //'
}
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

