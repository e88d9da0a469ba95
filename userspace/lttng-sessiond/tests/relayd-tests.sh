#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host tests of the relay daemon client (relayd.c) against Debian's
# lttng-relayd 2.13 (TAP): tests/relayd-send streams a small CTF trace with
# known events; the relay daemon's output is read back with babeltrace2
# and compared with what was sent, byte for byte.  Live viewing through
# babeltrace2's lttng-live source; the faults: refused, stalled, killed.
set -u
D=$(cd "$(dirname "$0")" && pwd)
RS=$D/relayd-send
. "$D/../../../selftests/lib/relayd.sh"
n=0
fail=0
nfail=0
ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; nfail=$((nfail + 1)); fi
}
RELAYD=$(command -v lttng-relayd)
if [ -z "$RELAYD" ] || ! command -v babeltrace2 > /dev/null; then
	echo "ok 1 # SKIP lttng-relayd or babeltrace2 missing (scripts/setup)"
	echo "1..1"
	exit 0
fi
T=$(mktemp -d /tmp/relayd-test.XXXXXX)
export LTTNG_HOME=$T		# the relay daemon's run directory
pids=
cleanup() { local p; relayd_kill; for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT

O=$T/out
relayd_start "$O"; ok $? "lttng-relayd started"
CP=$RELAYD_CTRL DP=$RELAYD_DATA LP=$RELAYD_LIVE
out=$(timeout 60 "$RS" probe $CP $DP 2>&1)
ok $(grep -q '^connected 2\.1[1-9]' <<<"$out"; echo $?) "version handshake: $out"

# 1. A session: 3 streams x 5 packets x 7 events, and the metadata.
mkdir -p "$T/exp1"
out=$(timeout 60 "$RS" send -s s1 -H h1 -n 3 -p 5 -e 7 -o "$T/exp1" -E "$T/ev1" $CP $DP 2>&1); st=$?
ok $st "session streamed and closed"
p=$(sed -n 's/^path //p' <<<"$out")
ok $([[ "$p" =~ ^h1/s1-[0-9]{8}-[0-9]{6}$ ]]; echo $?) "relay daemon's path <hostname>/<session>-<date>: $p"
same=0
for f in metadata chan_0 chan_1 chan_2 index/chan_0.idx index/chan_1.idx index/chan_2.idx; do
	cmp -s "$T/exp1/$f" "$O/$p/kernel/$f" || { echo "# $f differs"; same=1; }
done
ok $same "trace files and indexes equal what was sent, byte for byte"
timeout 60 babeltrace2 "$O/$p" > "$T/bt1" 2> "$T/bt1.err"
ok $? "babeltrace2 reads the relayed trace"
ok $([ "$(wc -l < "$T/bt1")" = 105 ]; echo $?) "babeltrace2: 105 events ($(wc -l < "$T/bt1"))"
sed -n 's/.*{ seq = \([0-9]*\), stream = \([0-9]*\) }.*/seq=\1 stream=\2/p' "$T/bt1" | sort > "$T/got1"
sort "$T/ev1" > "$T/want1"
ok $([ -s "$T/want1" ] && cmp -s "$T/got1" "$T/want1"; echo $?) "every event sent was read back, no other"

# 2. A base path (the -U net://HOST/DIR form): the trace goes there.
out=$(timeout 60 "$RS" send -s s2 -H h1 -b mydir/sub -n 1 -p 2 -e 3 $CP $DP 2>&1); st=$?
p=$(sed -n 's/^path //p' <<<"$out")
ok $([ $st = 0 ] && [ "$p" = h1/mydir/sub ]; echo $?) "base path: $p"
ok $([ "$(timeout 60 babeltrace2 "$O/$p" 2>/dev/null | wc -l)" = 6 ]; echo $?) "babeltrace2: 6 events under the base path"

# 3. Live: babeltrace2's lttng-live sees events while the session runs,
# and all of them once it ends.
timeout 120 "$RS" send -s live1 -H h2 -l 100000 -n 2 -p 20 -e 5 -P 50 \
	-w "$T/go" -E "$T/ev3" $CP $DP > "$T/send3" 2>&1 &
spid=$!
pids="$pids $spid"
for i in $(seq 100); do grep -qs '^path' "$T/send3" && break; sleep 0.1; done
timeout 120 babeltrace2 -i lttng-live "net://127.0.0.1:$LP/host/h2/live1" > "$T/bt3" 2> "$T/bt3.err" &
bpid=$!
pids="$pids $bpid"
for i in $(seq 300); do [ -s "$T/bt3" ] && break; sleep 0.1; done
early=$(wc -l < "$T/bt3")
ok $([ "$early" -gt 0 ] && kill -0 $spid 2>/dev/null; echo $?) "live viewer saw $early events while the session runs"
touch "$T/go"
wait $spid; ok $? "live session streamed and closed"
wait $bpid; st=$?
[ $st = 0 ] || { echo "# babeltrace2 status $st"; sed "s/^/# /" "$T/bt3.err" | tail -5; }
ok $st "live viewer ended with the session"
# A viewer attaches at the live end of the streams (what was recorded
# before it is on disk): it sees, per stream, consecutive events of the
# workload, in order.
sed -n 's/.*{ seq = \([0-9]*\), stream = \([0-9]*\) }.*/\2 \1/p' "$T/bt3" > "$T/got3"
bad=$(awk '{ if (($1 in last) && $2 != last[$1] + 1) bad++; last[$1] = $2 } END { print bad + 0 }' "$T/got3")
ok $([ -s "$T/got3" ] && [ "$bad" = 0 ]; echo $?) "live viewer: $(wc -l < "$T/got3") events, consecutive per stream ($bad gaps)"
ok $([ "$(timeout 60 babeltrace2 "$T/out/$(sed -n 's/^path //p' "$T/send3")" 2>/dev/null | wc -l)" = 200 ]; echo $?) "live session on the relay daemon's disk: 200 events"

# 4. Faults.  Nothing listens: refused at once.
out=$(timeout 30 "$RS" probe -t 2000 1 2 2>&1)
ok $(grep -q '^error ECONNREFUSED' <<<"$out"; echo $?) "nothing listening: $out"
# A peer that accepts and never answers: the call times out.
timeout 60 "$RS" stall "$T/stallport" & stpid=$!
pids="$pids $stpid"
for i in $(seq 50); do [ -s "$T/stallport" ] && break; sleep 0.1; done
sp=$(cat "$T/stallport")
out=$(timeout 30 "$RS" probe -t 1000 "$sp" "$sp" 2>&1)
ms=$(awk '{ print $3 }' <<<"$out")
ok $(grep -q '^error ETIMEDOUT' <<<"$out" && [ "$ms" -lt 5000 ]; echo $?) "stalled relay daemon: gives up after the timeout ($out)"
kill $stpid 2>/dev/null
# A session that dies mid-way (the sender crashes): the relay daemon
# keeps serving the next one.
timeout 60 "$RS" send -s dead -H h1 -n 2 -p 6 -k $CP $DP > /dev/null 2>&1
out=$(timeout 60 "$RS" send -s after -H h1 -n 1 -p 2 -e 4 $CP $DP 2>&1); st=$?
p=$(sed -n 's/^path //p' <<<"$out")
ok $([ $st = 0 ] && [ "$(timeout 60 babeltrace2 "$O/$p" 2>/dev/null | wc -l)" = 8 ]; echo $?) "after a crashed session, the next one is whole (8 events)"
# The relay daemon killed mid-session: the sender fails within the
# timeout instead of hanging.
timeout 60 "$RS" send -s killed -H h1 -n 2 -p 10 -P 100 -t 2000 -w "$T/never" $CP $DP > "$T/send4" 2>&1 &
kpid=$!
for i in $(seq 100); do grep -qs '^path' "$T/send4" && break; sleep 0.1; done
sleep 0.5
relayd_kill
touch "$T/never"
t0=$(date +%s%N)
wait $kpid; st=$?
el=$(( ($(date +%s%N) - t0) / 1000000 ))
ok $([ $st != 0 ] && [ $st != 124 ] && [ $el -lt 10000 ]; echo $?) "relay daemon killed: the sender fails in ${el} ms (status $st)"

echo "1..$n"
echo "# $((n - nfail)) passed, $nfail failed"
exit $fail
