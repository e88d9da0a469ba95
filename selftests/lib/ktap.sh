# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/ktap.sh - TAP output and the small helpers every test
# script of this tree shares (sourced by bash scripts: the VM selftests,
# the host suites under userspace/, the VM runner's own tests).  The
# output functions follow the kernel's kselftest helpers for shell
# (tools/testing/selftests/kselftest/ktap_helpers.sh): a version line, a
# plan, one "ok"/"not ok" line per test, "# SKIP" directives, "#"
# comments; scripts/check counts the lines of every suite.
#
#   . "$top/selftests/lib/ktap.sh"
#   ktap_header
#   ok $? "what was checked"
#   ...
#   ktap_finish		# "1..N", a "# N passed, N failed" comment, exit
#
# State (plain variables, read by the suites): n, the number of the last
# test line; fail, 1 once a test failed; npass/nfail/nskip, the counts.
# The suites keep their own output in $out for has().

n=0
fail=0
npass=0
nfail=0
nskip=0
ktap_planned=

ktap_header() {
	echo "TAP version 13"
}

# ktap_plan N: the plan up front (else ktap_finish prints it at the end)
ktap_plan() {
	ktap_planned=$1
	echo "1..$1"
}

# ok STATUS DESC: one test line; STATUS 0 passes.  Returns 0 or 1.
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
		case $2 in *"# SKIP"*) nskip=$((nskip + 1)) ;; *) npass=$((npass + 1)) ;; esac
		return 0
	fi
	echo "not ok $n - $2"
	nfail=$((nfail + 1))
	fail=1
	return 1
}

# skip DESC: a test that could not run here
skip() {
	n=$((n + 1))
	nskip=$((nskip + 1))
	echo "ok $n # SKIP $1"
}

# ok_cmd DESC CMD...: CMD (run in this shell) must succeed; its output is
# shown as comments when it fails
ok_cmd() {
	local desc=$1 log rc
	shift
	log=$(mktemp "${TMPDIR:-/tmp}/ktap.XXXXXX")
	"$@" > "$log" 2>&1
	rc=$?
	[ $rc = 0 ] || sed 's/^/# /' "$log"
	rm -f "$log"
	ok $rc "$desc"
}

# ok_out DESC CMD...: CMD must succeed; its output (stdout and stderr)
# is left in $out (for has), and shown as a comment when it fails
ok_out() {
	local desc=$1 rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc = 0 ] || echo "# ${1##*/}${2:+ ${*:2}} -> $rc: $out"
	ok $rc "$desc"
}

# status CMD...: prints CMD's exit status, for ok $(status CMD...) DESC
status() {
	"$@"
	echo $?
}

# diag TEXT...: a comment line
diag() {
	echo "# $*"
}

# ktap_import PREFIX < TAP: the test lines of another program's TAP,
# renumbered into this run, each description prefixed with PREFIX;
# version and plan lines are dropped, other lines become comments
ktap_import() {
	local prefix=$1 line st rest
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*) st=0; rest=${line#ok } ;;
		"not ok "[0-9]*) st=1; rest=${line#not ok } ;;
		"TAP version"*|1..*) continue ;;
		"#"*) echo "$line"; continue ;;
		*) echo "# $line"; continue ;;
		esac
		rest=${rest#"${rest%%[!0-9]*}"}
		case $st$rest in
		"0 # SKIP"*) skip "$prefix${rest# # SKIP }" ;;
		?" - "*) ok $st "$prefix${rest# - }" ;;
		*) ok $st "$prefix${rest# }" ;;
		esac
	done
}

# ktap_finish: the plan (when not printed up front), the counts as a
# comment, and exit with 1 if a test failed
ktap_finish() {
	[ -n "$ktap_planned" ] || echo "1..$n"
	if [ $nskip -gt 0 ]; then
		echo "# $npass passed, $nfail failed, $nskip skipped"
	else
		echo "# $npass passed, $nfail failed"
	fi
	exit $fail
}

# has TEXT: $out contains TEXT
has() {
	grep -qF -- "$1" <<<"$out"
}

# val FILE KEY: the value of the first KEY=VALUE line of FILE
val() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# wait_until [-t TENTHS] CMD...: run CMD every 0.1 s until it succeeds,
# for TENTHS tries (default 300: 30 s); fails when it never did
wait_until() {
	local tries=300 i
	if [ "$1" = -t ]; then
		tries=$2
		shift 2
	fi
	for ((i = 0; i < tries; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# wait_sock PATH [TENTHS]: until PATH is a socket
wait_sock() {
	wait_until -t "${2:-300}" test -S "$1"
}

# wait_file PATH [TENTHS]: until PATH exists
wait_file() {
	wait_until -t "${2:-300}" test -e "$1"
}

# wait_gone PID [TENTHS]: until process PID has exited
wait_gone() {
	wait_until -t "${2:-300}" _ktap_gone "$1"
}
_ktap_gone() {
	! kill -0 "$1" 2> /dev/null
}

# stop_pid PID [TENTHS]: SIGTERM to PID, then wait_gone
stop_pid() {
	[ -n "$1" ] || return 1
	kill -TERM "$1" 2> /dev/null
	wait_gone "$@"
}

# as_user [-c | -G GID,...] [-g GROUP] USER CMD...: CMD with USER's uid,
# GROUP as its group (default: USER's primary group, looked up), and
# USER's supplementary groups (-c: none; -G: these).  Only root can
# switch: run by another user, CMD runs as that user.  as_user_argv
# (same options, no CMD) leaves the prefix in the array as_argv instead,
# for commands run in the background ("${as_argv[@]}" CMD & gives CMD's
# own pid: setpriv execs it).
as_user_argv() {
	local groups=--init-groups group=
	while :; do
		case $1 in
		-c) groups=--clear-groups; shift ;;
		-G) groups=--groups=$2; shift 2 ;;
		-g) group=$2; shift 2 ;;
		*) break ;;
		esac
	done
	as_argv=()
	[ "$EUID" = 0 ] || return 0
	as_argv=(setpriv --reuid="$1" --regid="${group:-$(id -g "$1")}" "$groups")
}
as_user() {
	local o=()
	while :; do
		case $1 in
		-c) o+=("$1"); shift ;;
		-G|-g) o+=("$1" "$2"); shift 2 ;;
		*) break ;;
		esac
	done
	as_user_argv "${o[@]}" "$1" || return 125
	shift
	"${as_argv[@]}" "$@"
}
