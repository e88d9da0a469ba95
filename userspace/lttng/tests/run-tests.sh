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
#  2. stress.sh: many sessions, concurrent clients.
# The daemon is userspace/lttng-sessiond/lttng-sessiond (built if needed).
set -u
bins=()
for b in "$@"; do
	bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done
cd "$(dirname "$0")"
TESTDIR=$PWD
. ./lib.sh

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
trap 'T_HOME=$WORK/home; stop_daemon; rm -rf "$WORK"' EXIT


# compare_blocks NAME EXPECTED ACTUAL: one TAP line per command
compare_blocks() {
	local name=$1 exp=$2 act=$3 i nexp nact
	csplit -s -z -f "$WORK/e." -b '%03d' "$exp" '/^\$ /' '{*}'
	csplit -s -z -f "$WORK/a." -b '%03d' "$act" '/^\$ /' '{*}'
	nexp=$(ls "$WORK"/e.* | wc -l)
	nact=$(ls "$WORK"/a.* | wc -l)
	for f in "$WORK"/e.*; do
		i=${f##*.}
		title="$name: $(head -1 "$f" | cut -c3-)"
		if [ -f "$WORK/a.$i" ] && cmp -s "$f" "$WORK/a.$i"; then
			ok 0 "$title"
		else
			ok 1 "$title"
			diff -u "$f" "$WORK/a.$i" 2>&1 | sed 's/^/# /'
		fi
	done
	[ "$nexp" = "$nact" ] || ok 1 "$name: $nact commands run, $nexp expected"
	rm -f "$WORK"/e.* "$WORK"/a.*
}

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
		compare_blocks "$tag $name" "fixtures/$name.expected" \
			"$WORK/actual"
	done
	. ./completion.sh
	. ./help.sh
	new_home "$WORK/home"
	. ./stress.sh
	stop_daemon
done
ktap_finish
