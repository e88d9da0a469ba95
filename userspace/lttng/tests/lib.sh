# SPDX-License-Identifier: GPL-2.0-only
# lib.sh - shared by the lttng host tests (sourced).
#
# A "scenario" (tests/scenarios/NAME.cmds) is a list of lttng command
# lines, one per line (shell words, optionally preceded by VAR=VALUE
# environment settings; '#' comments; @HOME@ is the test's $HOME).  Running it in a fresh
# $HOME gives a transcript: for every command its normalized stdout
# ("> "), stderr ("! "), exit code ("? ") and ~/.lttngrc ("= ").  The
# expected transcripts (tests/fixtures/NAME.expected) were made by running
# the scenario with LTTng 2.13.9 (tests/gen-fixtures.sh), or by hand for
# tests/fixtures/ours-*.expected where LTTng cannot serve as a reference
# (see the header of each scenario).
#
# Commands run as an unprivileged user when we are root (root's lttng
# always talks to root's daemon at /var/run/lttng, which must be left
# alone): the tests need `setpriv` and the user `nobody`.

. "$(dirname "${BASH_SOURCE[0]}")/../../../selftests/lib/ktap.sh"

TEST_USER_UID=65534
TEST_USER_GID=65534

# as_test_user CMD...: run CMD as the test user with a clean environment
as_test_user() {
	as_user -c -g $TEST_USER_GID $TEST_USER_UID env -i PATH=/usr/bin:/bin HOME="$T_HOME" ${T_ENV} "$@"
}

# new_home DIR: a fresh home owned by the test user, with an empty
# directory "alt" (scenarios use it as another LTTNG_HOME: @HOME@/alt)
new_home() {
	rm -rf "$1"
	mkdir -p "$1/alt"
	[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$1"
	T_HOME=$1
}

# stop_daemon: stop the daemons of $T_HOME and $T_HOME/alt (pid files)
stop_daemon() {
	local pidf pid i
	for pidf in "$T_HOME/.lttng/lttng-sessiond.pid" \
		    "$T_HOME/alt/.lttng/lttng-sessiond.pid"; do
		[ -f "$pidf" ] || continue
		pid=$(cat "$pidf" 2>/dev/null)
		[ -n "$pid" ] || continue
		kill "$pid" 2>/dev/null || continue
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	done
}

# normalize: paths and times that differ from run to run
normalize() {
	sed -e "s|$T_HOME|@HOME@|g" \
	    -e 's|[^ (]*/lttng-sessiond/lttng-sessiond|@SESSIOND@|g' \
	    -e 's/[0-9]\{8\}-[0-9]\{6\}/@DATETIME@/g'
}

# run_one BIN [VAR=VALUE]... ARGS...: one transcript block on stdout
run_one() {
	local bin=$1 out err rc vars=()
	shift
	while [[ ${1:-} =~ ^[A-Z_]+= ]]; do
		vars+=("$1")
		shift
	done
	out=$(mktemp) err=$(mktemp)
	chmod 644 "$out" "$err"
	[ "$(id -u)" = 0 ] && chown $TEST_USER_UID "$out" "$err"
	(cd "$T_HOME" && as_test_user "${vars[@]}" "$bin" "$@" >"$out" 2>"$err")
	rc=$?
	echo "\$ ${vars[*]}${vars:+ }lttng $*" | normalize
	sed 's/^/> /' "$out" | normalize
	# ASan/UBSan reports must make the test fail: keep them verbatim
	sed "s|^[^ ]*/lttng[-a-z]*: |lttng: |" "$err" | sed "s/^/! /" | normalize
	echo "? $rc"
	if [ -f "$T_HOME/.lttngrc" ]; then
		sed 's/^/= /' "$T_HOME/.lttngrc" | normalize
	else
		echo "= <none>"
	fi
	rm -f "$out" "$err"
}

# run_scenario BIN FILE: the whole transcript of a scenario
run_scenario() {
	local bin=$1 file=$2 line
	while IFS= read -r line; do
		case "$line" in ''|'#'*) continue ;; esac
		line=${line//@HOME@/$T_HOME}
		eval "set -- $line"
		run_one "$bin" "$@"
	done <"$file"
}
