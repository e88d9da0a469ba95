# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/trace.sh - reading traces back with babeltrace2 (sourced,
# bash): the text of a trace, and counts of its records, which the suites
# compare with what their workloads did.

# A time in the name of a rotation's archive, <begin>-<end>-<n> (LTTng's
# ISO 8601 form, 20261206T003000+0000), as a grep basic regex
ISO='[0-9]\{8\}T[0-9]\{6\}[+-][0-9]\{4\}'

# bt_text TRACE [FILE]: the text of TRACE in FILE (default TRACE.txt),
# babeltrace2's messages in FILE.err; babeltrace2's exit status
bt_text() {
	local f=${2:-$1.txt}
	babeltrace2 "$1" > "$f" 2> "$f.err"
}

# match_all ERE...: the lines of stdin that match every ERE
match_all() {
	if [ $# = 0 ]; then
		cat
		return 0
	fi
	local re=$1
	shift
	grep -E -- "$re" | match_all "$@"
}

# count_lines FILE ERE...: how many lines of FILE match every ERE
count_lines() {
	local f=$1
	shift
	match_all "$@" < "$f" | wc -l
}

# bt_count TRACE ERE...: how many records of TRACE (babeltrace2's text)
# match every ERE
bt_count() {
	local t=$1
	shift
	babeltrace2 "$t" 2> /dev/null | match_all "$@" | wc -l
}
