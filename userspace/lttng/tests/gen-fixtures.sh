#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# gen-fixtures.sh [--ours] [SCENARIO...] - (re)make tests/fixtures/NAME.expected by
# running tests/scenarios/NAME.cmds with the reference: LTTng 2.13.9's
# /usr/bin/lttng (Debian's lttng-tools), each scenario in a fresh $HOME.
# Only for scenarios whose name does not start with "ours-".  Review the
# diff before committing.  Not needed to run the tests.
set -u
cd "$(dirname "$0")"
. ./lib.sh

OUTDIR=${FIXTURES_OUT:-fixtures}	# compare-with-lttng.sh writes elsewhere
WORK=$(mktemp -d /tmp/lttng-gen.XXXXXX)
chmod 755 "$WORK"
T_ENV=
if [ "${1:-}" = --ours ]; then
	# ours-* scenarios: LTTng cannot be the reference (our kernel domain,
	# our own texts); record OUR output, then review it line by line.
	shift
	REF=$(cd .. && pwd)/lttng
	T_ENV="LTTNG_SESSIOND_PATH=$(cd ../../lttng-sessiond && pwd)/lttng-sessiond"
	[ $# = 0 ] && set -- $(ls scenarios/ours-*.cmds | sed 's|.*/||; s|\.cmds$||')
else
	REF=${LTTNG_REF:-/usr/bin/lttng}
	[ -x "$REF" ] || { echo "no reference lttng at $REF" >&2; exit 1; }
	"$REF" --version | grep -q ' 2\.13\.' ||
		{ echo "reference is not LTTng 2.13" >&2; exit 1; }
	[ $# = 0 ] && set -- $(ls scenarios/*.cmds | sed 's|.*/||; s|\.cmds$||' | grep -v '^ours-')
fi
for name; do
	new_home "$WORK/home"
	run_scenario "$REF" "scenarios/$name.cmds" >"$OUTDIR/$name.expected"
	stop_daemon
	echo "$OUTDIR/$name.expected"
done
rm -rf "$WORK"
