# SPDX-License-Identifier: GPL-2.0-only
# saveload-check.sh - sourced by relayd-check.sh (its daemon, client lt,
# lttng-relayd on $CP/$DP, fakeapp a1 of pid $P1): sessions loaded from
# the files LTTng 2.13 saved (userspace/lttng/tests/sessions/) trace.
#  - live.lttng (a live session, timer 2 s, a UST channel with vpid, vtid,
#    procname): streams to the relay daemon, a live viewer follows it,
#    and the relayed trace holds every event the app emitted;
#  - snap.lttng (a snapshot session) with --override-url: a snapshot
#    record holds every event.

SL=$U/lttng/tests/sessions
sed -e "s|:@CTRL@/|:$CP/|" -e "s|:@DATA@/|:$DP/|" "$SL/live.lttng" > "$T/live.lttng"
sed "s|@DIR@/|$T/|" "$SL/snap.lttng" > "$T/snap.lttng"
chmod 644 "$T/live.lttng" "$T/snap.lttng"

out=$(lt load -i "$T/live.lttng" 2>&1); st=$?
ok $([ $st = 0 ] && [ "$out" = "All sessions have been loaded successfully" ]; echo $?) "load LTTng's live session file ($st: $out)"
ok $(lt list 2>&1 | grep -qx "    Live timer interval: 2000000 us"; echo $?) "... with its live timer"
live_viewer_start "$T/lload" live 100
ok $? "babeltrace2 lttng-live connects to the loaded session"
lt start live > /dev/null
app_emit a1 10
_lload_seen() { [ "$(grep -c 'fake:ev_' "$T/lload.out")" -ge "$1" ]; }
wait_until -t 300 _lload_seen 1
early=$(grep -c 'fake:ev_' "$T/lload.out")
ok $([ "$early" -gt 0 ]; echo $?) "the live viewer sees $early events while the loaded session runs"
app_emit a1 10
lt stop live > /dev/null
wait_until -t 300 _lload_seen 60
lt destroy live > /dev/null
live_viewer_end 300; st=$?
[ $st = 0 ] || sed 's/^/# /' "$T/lload.err" | tail -5
ok $st "babeltrace2 lttng-live exit status"
{ expect_fake "$P1" 0 9 int str dbg; expect_fake "$P1" 0 9 int str dbg; } | sort > "$T/exp"
sed -E 's/^\[[^]]*\] \([^)]*\) [^ ]+ //' "$T/lload.out" | norm > "$T/got"
ok $(cmp -s "$T/exp" "$T/got"; echo $?) "live viewer: every event, every field ($(wc -l < "$T/got")/60)"
dir=$(ls -d "$T/relay/$HOST"/live-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
same_events "the relayed trace of the loaded live session" "$T/exp" "$dir"

out=$(lt load -i "$T/snap.lttng" --override-url "$T/snapover" 2>&1); st=$?
ok $st "load LTTng's snapshot session file with --override-url ($out)"
out=$(lt snapshot list-output -s snap 2>&1)
ok $(has "    [1] snapshot-1: $T/snapover"; echo $?) "its snapshot output, overridden ($out)"
lt start snap > /dev/null
app_emit a1 30
out=$(lt snapshot record -s snap 2>&1); st=$?
ok $st "snapshot record ($out)"
lt destroy snap > /dev/null
expect_fake "$P1" 0 29 int str dbg > "$T/exp"
same_events "the record of the loaded snapshot session: every event" "$T/exp" "$(ls -d "$T/snapover"/snapshot-1-[0-9]*-[0-9]*-0 2>/dev/null | head -n 1)"
