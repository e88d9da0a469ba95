#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Root's daemon and user-space tracing, run by run_tests.sh as root inside
# a private mount namespace (unshare -m) whose /var/run/lttng is a fresh
# tmpfs: the daemon uses its real root paths without touching the host's.
# A root session traces the applications of every user: one of root and
# one of the test user (uid TUID), each in ust/uid/<uid>/64-bit.
# Prints TAP (run_tests.sh renumbers it into its own).
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
# the real library must find this namespace's /var/run/lttng
unset LTTNG_UST_ROOT_RUNDIR

mkdir -p /var/run/lttng
mount -t tmpfs -o mode=755 none /var/run/lttng || { skip "cannot mount a private /var/run/lttng"; ktap_finish; }
RSOCK=/var/run/lttng/lttng-ust-sock-1
RL() { "$LT" "$@"; }
"$SD" -b -vv --no-kernel > "$T/root.log" 2>&1
wait_sock "$RSOCK" 100
ok $([ "$(stat -c %a "$RSOCK")" = 666 ]; echo $?) "root daemon: application socket /var/run/lttng/$(basename "$RSOCK") open to every user"

# the test user's application (ASCMD) and a root application
ok_cmd "application of uid $TUID registers with root's daemon" app_start ru app "$RSOCK"
PU=$(app_realpid ru)
SAVE=("${ASCMD[@]}")
ASCMD=(env)
ok_cmd "root's application registers" app_start rr app "$RSOCK"
PR=$(app_realpid rr)
ASCMD=("${SAVE[@]}")
RL list -u > "$T/rlist"
ok $(grep -q "^PID: $PU - Name: " "$T/rlist" && grep -q "^PID: $PR - Name: " "$T/rlist"; echo $?) "root's lttng list -u shows both applications"
RL create rs -o "$T/rs" > /dev/null
RL enable-event -u -a > /dev/null
RL add-context -u -t vpid -t vtid -t procname > /dev/null
RL start > /dev/null
app_emit ru 4
app_emit rr 3
RL stop > /dev/null
ok $([ "$(ls "$T/rs/ust/uid" | sort | tr '\n' ' ')" = "0 $TUID " ]; echo $?) "root session: one trace per uid (ust/uid/0, ust/uid/$TUID)"
expect_fake "$PU" 0 3 int str dbg > "$T/exp"
same_events "root session traces the user's application" "$T/exp" "$T/rs/ust/uid/$TUID"
expect_fake "$PR" 0 2 int str dbg > "$T/exp"
same_events "root session traces root's application" "$T/exp" "$T/rs/ust/uid/0"
RL destroy rs > /dev/null
if [ -x "$SAMPLE" ]; then
	# the real library finds root's daemon by itself
	RL create rs2 -o "$T/rs2" > /dev/null
	RL enable-event -u 'ust_sample:*' > /dev/null
	RL start > /dev/null
	"${ASCMD[@]}" "$SAMPLE" -n 12 > /dev/null 2>&1
	RL stop > /dev/null
	RL destroy rs2 > /dev/null
	nr=$(bt_count "$T/rs2/ust/uid/$TUID" '^\[')
	ok $([ "$nr" = 28 ]; echo $?) "root session traces the sample run by uid $TUID (28 records)"
fi
app_stop ru
app_stop rr
rpid=$(cat /var/run/lttng/lttng-sessiond.pid)
stop_pid "$rpid" 100
ok $(! kill -0 "$rpid" 2>/dev/null && [ ! -e /var/run/lttng/lttng-sessiond.pid ]; echo $?) "root daemon exits cleanly"
umount /var/run/lttng
ktap_finish
