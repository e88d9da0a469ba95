#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run-tests.sh LTTNG [LTTNG...] - host tests of the lttng client (TAP).
#
# For every client binary given (the normal build, the ASan/UBSan build):
#  1. every scenario (tests/scenarios/*.cmds) runs in a fresh $HOME
#     against the real lttng-sessiond of this tree (spawned by
#     `lttng create` itself, as LTTng does); each command's stdout,
#     stderr, exit code and ~/.lttngrc must equal the fixture
#     (tests/fixtures/NAME.expected);
#     completion.sh, help.sh; man-options.py: every lttng-CMD(1)
#     documents exactly the options the command accepts;
#  2. save-load.sh: lttng save / lttng load (LTTng 2.13's session XML);
#  3. sessiond-opts.sh: lttng-sessiond's lttng.conf, -p, -a, -l, auto-load;
#     mi.sh: `lttng --mi xml` (LTTng's MI 4.1 schema and structure);
#  4. stress.sh: many sessions, concurrent clients.
# The daemon is userspace/lttng-sessiond/lttng-sessiond (built if needed).
set -u
bins=()
for b in "$@"; do
	bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done
cd "$(dirname "$0")"
TESTDIR=$PWD
. ./lib.sh

# LTTng 2.13's session schema: scripts/setup extracts it from Debian's
# liblttng-ctl0 (which installs it as /usr/share/xml/lttng/session.xsd)
# and mi-lttng-4.1.xsd from the source package of lttng-tools
SESSION_XSD=$(cd ../../.. && pwd)/build/schemas/session.xsd
[ -r "$SESSION_XSD" ] || SESSION_XSD=/usr/share/xml/lttng/session.xsd
MI_XSD=$(cd ../../.. && pwd)/build/schemas/mi-lttng-4.1.xsd
if [ ! -r "$SESSION_XSD" ] || [ ! -r "$MI_XSD" ] || ! command -v xmllint >/dev/null; then
	echo "Bail out! session.xsd, mi-lttng-4.1.xsd or xmllint missing: run scripts/setup"
	exit 1
fi

SESSIOND=$(cd ../../lttng-sessiond && pwd)/lttng-sessiond
if [ ! -x "$SESSIOND" ]; then
	make -s -C ../../lttng-sessiond lttng-sessiond >&2 || {
		echo "Bail out! cannot build lttng-sessiond"; exit 1; }
fi
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	echo "Bail out! setpriv is needed to run the tests as root"
	exit 1
fi

WORK=$(mktemp -d /tmp/lttng-cli-tests.XXXXXX)
chmod 755 "$WORK"
trap 'T_HOME=$WORK/home; stop_daemon; declare -F relayd_kill >/dev/null && relayd_kill; rm -rf "$WORK"' EXIT


# known_difference SCENARIO COMMAND: the reason when the differences file
# lists this command of this scenario (else nothing, status 1)
known_difference() {
	awk -F '\t' -v s="$1" -v c="$2" \
		'$1 == s && $2 == c { print $3; found = 1 } END { exit !found }' \
		differences
}

# Parity with LTTng 2.13 (scenarios recorded from it, not ours-* or mi):
# commands compared, and those whose exit code / only text differs.
par_total=0 par_rc=0 par_text=0

# compare_blocks SCENARIO TAG EXPECTED ACTUAL: one TAP line per command; a
# command listed in ./differences is a SKIP while it differs, and a
# failure once it no longer does (the list must stay true)
compare_blocks() {
	local scen=$1 name="$2 $1" exp=$3 act=$4 i nexp nact cmd why
	csplit -s -z -f "$WORK/e." -b '%03d' "$exp" '/^\$ /' '{*}'
	csplit -s -z -f "$WORK/a." -b '%03d' "$act" '/^\$ /' '{*}'
	nexp=$(ls "$WORK"/e.* | wc -l)
	nact=$(ls "$WORK"/a.* | wc -l)
	for f in "$WORK"/e.*; do
		i=${f##*.}
		cmd=$(head -1 "$f" | cut -c3-)
		title="$name: $cmd"
		why=$(known_difference "$scen" "${cmd#lttng }")
		if [ -f "$WORK/a.$i" ] && cmp -s "$f" "$WORK/a.$i"; then
			if [ -n "$why" ]; then
				ok 1 "$title (listed in tests/differences, but it no longer differs)"
			else
				ok 0 "$title"
			fi
		elif [ -n "$why" ]; then
			ok 0 "$title # SKIP listed in tests/differences: $why"
			diff -u "$f" "$WORK/a.$i" 2>&1 | sed 's/^/# /'
		else
			ok 1 "$title"
			diff -u "$f" "$WORK/a.$i" 2>&1 | sed 's/^/# /'
		fi
		# mi compares the element structure, not the texts
		case $scen in ours-*|mi) continue ;; esac
		[ "$tag" = "${tags[0]}" ] || continue
		par_total=$((par_total + 1))
		if ! cmp -s <(grep '^? ' "$f") <(grep '^? ' "$WORK/a.$i" 2>/dev/null); then
			par_rc=$((par_rc + 1))
		elif ! cmp -s "$f" "$WORK/a.$i"; then
			par_text=$((par_text + 1))
		fi
	done
	[ "$nexp" = "$nact" ] || ok 1 "$name: $nact commands run, $nexp expected"
	rm -f "$WORK"/e.* "$WORK"/a.*
}

tags=()
for bin in "${bins[@]}"; do
	tags+=("$(basename "$bin")")
done
for bin in "${bins[@]}"; do
	T_HOME=/ T_ENV=
	if ! as_test_user test -x "$bin" -a -x "$SESSIOND"; then
		echo "Bail out! user $TEST_USER_UID cannot run $bin and $SESSIOND (directory permissions)"
		exit 1
	fi
	tag=$(basename "$bin")
	echo "# client $bin, daemon $SESSIOND"
	T_ENV="LTTNG_SESSIOND_PATH=$SESSIOND"
	for cmds in scenarios/*.cmds; do
		name=$(basename "$cmds" .cmds)
		new_home "$WORK/home"
		run_scenario "$bin" "$cmds" >"$WORK/actual"
		stop_daemon
		compare_blocks "$name" "$tag" "fixtures/$name.expected" \
			"$WORK/actual"
	done
	. ./completion.sh
	. ./help.sh
	# the man pages document exactly the options the commands accept
	# (no daemon: once, with the first client)
	[ "$tag" = "${tags[0]}" ] &&
		ktap_import "" < <(./man-options.py "$bin" ../../../Documentation/man "$tag")
	new_home "$WORK/home"
	. ./save-load.sh
	stop_daemon
	new_home "$WORK/home"
	. ./sessiond-opts.sh
	stop_daemon
	new_home "$WORK/home"
	. ./mi.sh
	stop_daemon
	new_home "$WORK/home"
	. ./stress.sh
	stop_daemon
done
echo "# parity with LTTng 2.13.9: $par_total recorded commands, $par_rc differ in exit code, $((par_rc + par_text)) in exit code or text"
ktap_finish
