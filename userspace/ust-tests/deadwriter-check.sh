# SPDX-License-Identifier: GPL-2.0-only
# Writers killed at random points in per-UID buffers they share with a
# survivor (sourced by run_tests.sh).  One survivor records its sequence
# (ust-storm, paced) through DEAD_RUNS (100) victims of the same uid,
# each recording as fast as it can and SIGKILLed after a random delay,
# most often inside a record: the sub-buffer it leaves half-committed
# would block the ring for the survivor; the daemon notices the death,
# flushes, lets the other writers go through a grace period (SYNC) and
# skips what stays incomplete (ust-ring.c, ust.c "A dead writer").
# Checked: the survivor's records are its exact sequence with gaps only
# where sub-buffers were skipped, up to its very last record (the rings
# never stay blocked), and the trace reads cleanly.
STORM=$D/api/ust-storm
DEAD_RUNS=${DEAD_RUNS:-100}

echo "# $DEAD_RUNS writers killed at random points next to a survivor (per-UID buffers)"
lt create dead -o "$T/dead" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt add-context -u -t vpid > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 1 -n 0 -r 5000 > "$T/surv.out" 2>&1 &
SURV=$!
skips0=$(grep -c 'left incomplete by a dead application skipped' "$T/sd.log")
rm -f "$T/victim"
mkfifo "$T/victim"
chmod 666 "$T/victim"
for i in $(seq "$DEAD_RUNS"); do
	"${ASCMD[@]}" "$STORM" -t 1 -n 0 > "$T/victim" 2>&1 &
	v=$!
	exec {vfd}< "$T/victim"
	# once it records (as fast as it can): 0 to 5 ms more (a read that
	# times out: no process to start)
	read -r -t 10 -u "$vfd" _
	read -r -t "0.00$((RANDOM % 6))" -u "$vfd" _
	kill -9 "$v" 2>/dev/null
	wait "$v" 2>/dev/null
	exec {vfd}<&-
done
sleep 0.5
kill -TERM "$SURV"
wait "$SURV"
lt stop > /dev/null
nsurv=$(sed -n 's/^thread 0 events \([0-9]*\) .*/\1/p' "$T/surv.out")
skips=$(($(grep -c 'left incomplete by a dead application skipped' "$T/sd.log") - skips0))
nsb=$(grep 'left incomplete by a dead application skipped' "$T/sd.log" | tail -n +$((skips0 + 1)) |
      sed -n 's/.*: \([0-9]*\) sub-buffer(s) left incomplete.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
lt destroy dead > /dev/null
# the survivor's records: seq of vpid SURV, in trace order
babeltrace2 "$T/dead" 2> "$T/dead.err" | tee >(wc -l > "$T/dead.count") | grep "vpid = $SURV }" |
	sed -n 's/.*seq = \([0-9]*\),.*/\1/p' > "$T/surv.seq"
rc=${PIPESTATUS[0]}
got=$(wc -l < "$T/surv.seq")
last=$(tail -1 "$T/surv.seq")
# strictly increasing, each record's value right
ordered=$(awk 'NR > 1 && $1 <= p { bad = 1 } { p = $1 } END { print bad ? 1 : 0 }' "$T/surv.seq")
lost=$((nsurv - got))
# a skipped 512 KiB sub-buffer holds at most 512 KiB / 28 bytes of its records
echo "# survivor: $nsurv records, $got in the trace, $lost lost; $skips recoveries skipped $nsb sub-buffers; $(cat "$T/dead.count") records in all"
ok $([ "$rc" = 0 ] && ! grep -qv 'Tracer discarded\|discarded packet' "$T/dead.err"; echo $?) "killed writers: the trace reads cleanly"
ok $([ "${nsurv:-0}" -gt 0 ] && [ "$last" = $((nsurv - 1)) ] && [ "$ordered" = 0 ]; echo $?) \
	"the survivor's records are in order, up to its last one ($last of ${nsurv:-0}): the rings never stayed blocked"
ok $([ "$lost" -ge 0 ] && [ "$lost" -le $((nsb * 524288 / 28)) ]; echo $?) \
	"the survivor lost only records in skipped sub-buffers ($lost, $nsb sub-buffers skipped)"
ok $([ "$skips" -gt 0 ]; echo $?) "some kills landed inside a record and were recovered ($skips of $DEAD_RUNS)"
ok $(daemon_alive; echo $?) "the daemon is fine after $DEAD_RUNS killed writers"
rm -rf "$T/dead"
