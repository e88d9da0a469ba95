# SPDX-License-Identifier: GPL-2.0-only
# The consumer keeps up (sourced by run_tests.sh): ust-storm, 2 threads
# paced at RATE_PER_THREAD records/s each (200000: 400000 records/s,
# about 11 MB/s of trace, in all; bench/ust-bench shows our consumer
# sustaining ten times that unpaced on a loaded 2-core host, so that
# this holds with the sanitized daemon on a busy CI machine too), at the
# default channel geometry (4 x 512 KiB per CPU, woken by the writers):
# nothing discarded, and every thread's exact sequence in the trace.
STORM=$D/api/ust-storm
RATE_PER_THREAD=${RATE_PER_THREAD:-200000}
RATE_EVENTS=${RATE_EVENTS:-500000}

echo "# high rate: 2 threads x $RATE_PER_THREAD records/s, default geometry"
lt create rate -o "$T/rate" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n "$RATE_EVENTS" -r "$RATE_PER_THREAD" > "$T/rate.out" 2>&1
lt stop > /dev/null
dis=$(lt list rate | sed -n 's/^ *Discarded events: //p' | head -1)
lt destroy rate > /dev/null
sed -n 's/^total //p' "$T/rate.out" | sed 's/^/# storm: /'
# per thread: seq 0..N-1 in order, value = 7 seq - 3
babeltrace2 "$T/rate" 2> "$T/rate.err" |
	sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' |
	awk -v n="$RATE_EVENTS" '
	{ if ($2 != next_seq[$1] || $3 != 7 * $2 - 3) bad++; next_seq[$1] = $2 + 1; cnt[$1]++ }
	END { printf "%d %d %d %d\n", cnt[0], cnt[1], bad + 0, (next_seq[0] == n && next_seq[1] == n) }' > "$T/rate.res"
read -r c0 c1 bad full < "$T/rate.res"
echo "# thread 0: $c0, thread 1: $c1 records; $bad out of sequence; discarded ${dis:-?}"
ok $([ "${dis:-x}" = 0 ]; echo $?) "high rate: nothing discarded (${dis:-?})"
ok $([ "$c0" = "$RATE_EVENTS" ] && [ "$c1" = "$RATE_EVENTS" ] && [ "$bad" = 0 ] && [ "$full" = 1 ] &&
     [ ! -s "$T/rate.err" ]; echo $?) "high rate: each thread's exact sequence, $RATE_EVENTS records each"
rm -rf "$T/rate"

# --- one sub-buffer (discard mode, as LTTng accepts it) ---------------------------
lt create one -o "$T/one" > /dev/null
out=$(lt enable-channel -u c --subbuf-size 64k --num-subbuf 1 2>&1)
ok $? "enable-channel -u --num-subbuf 1 accepted in discard mode ($out)"
out=$(lt enable-channel -u o --num-subbuf 1 --overwrite 2>&1)
rc=$?
ok $([ $rc = 1 ] && [ "$out" = "Error: Channel o: Invalid parameter (session one)" ]; echo $?) \
	"--num-subbuf 1 --overwrite: LTTng's error (exit $rc)"
lt enable-event -u 'ust_storm:*' -c c > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n 20000 -r 50000 > /dev/null 2>&1
lt stop > /dev/null
dis=$(lt list one | sed -n 's/^ *Discarded events: //p' | head -1)
lt destroy one > /dev/null
babeltrace2 "$T/one" 2> "$T/one.err" |
	sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' |
	awk '{ if (($1 in l) && $2 <= l[$1] || $3 != 7 * $2 - 3) bad++; l[$1] = $2; c++ }
	     END { print c + 0, bad + 0 }' > "$T/one.res"
read -r got bad < "$T/one.res"
ok $([ "$bad" = 0 ] && ! grep -qi error "$T/one.err" && [ "$got" -gt 0 ] &&
     [ $((got + ${dis:-0})) = 40000 ]; echo $?) \
	"one sub-buffer: $got records in order + ${dis:-?} discarded = 40000 emitted"
rm -rf "$T/one"
