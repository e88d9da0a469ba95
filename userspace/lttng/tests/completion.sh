# SPDX-License-Identifier: GPL-2.0-only
# completion.sh - sourced by run-tests.sh with $bin: the bash completion
# against this client (its --list-commands / --list-options).

complete_words() {	# WORD... : what bash would offer for the last word
	PATH=$(dirname "$bin"):$PATH bash -c '
		lttng() { "'"$bin"'" "$@"; }
		source ../bash-completion/lttng
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _lttng
		echo "${COMPREPLY[*]}"' _ "$@"
}

check_completion() {	# EXPECTED WORD...
	local exp=$1 got
	shift
	got=$(complete_words "$@")
	if [ "$got" = "$exp" ]; then
		ok 0 "$tag completion: $*"
	else
		ok 1 "$tag completion: $* (got '$got', expected '$exp')"
	fi
}

check_completion "enable-channel enable-event enable-rotation" lttng en
check_completion "--output" lttng -q create --out
check_completion "--filter" lttng enable-event --fi
check_completion "vpid vppid" lttng add-context -t vp
check_completion "--no-sessiond" lttng --no-s
check_completion "set-session" lttng help set-
