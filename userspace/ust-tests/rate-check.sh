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
lt_says 1 "Error: Channel o: Invalid parameter (session one)" "--num-subbuf 1 --overwrite: LTTng's error" enable-channel -u o --num-subbuf 1 --overwrite
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

# --- blocking mode (enable-channel --blocking-timeout) -----------------------------
# A tiny ring (2 x 4 KiB: about 330 records) and 2 threads writing as fast
# as they can.  With LTTNG_UST_ALLOW_BLOCKING the writers wait for the
# consumer instead of discarding: every record is in the trace, in order.
# Without it, as LTTng-UST, the timeout is ignored: with a 10 s read timer
# (the consumer reads only at stop) the ring fills and records are
# discarded.  A finite timeout: the writer waits that long, then discards
# (the consumer also looks at every ring once a second: records after
# that get in, in order, after a gap).
blk_run() {	# name storm-env-or-empty threads events timeout [read-timer]
	local name=$1 env=$2 th=$3 n=$4 to=$5 rt=${6:+--read-timer $6}
	lt create "$name" -o "$T/$name" > /dev/null
	# shellcheck disable=SC2086
	lt enable-channel -u c --subbuf-size 4096 --num-subbuf 2 \
		--blocking-timeout="$to" $rt > /dev/null
	lt enable-event -u 'ust_storm:*' -c c > /dev/null
	lt start > /dev/null
	# shellcheck disable=SC2086
	"${ASCMD[@]}" $env "$STORM" -t "$th" -n "$n" > "$T/$name.out" 2>&1
	lt stop > /dev/null
	blk_dis=$(lt list "$name" | sed -n 's/^ *Discarded events: //p' | head -1)
	lt destroy "$name" > /dev/null
	babeltrace2 "$T/$name" 2> "$T/$name.err" |
		sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' |
		awk -v n="$n" -v th="$th" '
		{ if (($1 in next_seq) && $2 < next_seq[$1] || $3 != 7 * $2 - 3) bad++
		  if ($2 != cnt[$1]) gap[$1] = 1
		  next_seq[$1] = $2 + 1; cnt[$1]++ }
		END { for (t = 0; t < th; t++) { full += cnt[t] == n && !gap[t]; tot += cnt[t] }
		      printf "%d %d %d\n", tot, bad + 0, full + 0 }' > "$T/$name.res"
	# bad: out of order or wrong value; full: threads with all n, no gap
	read -r blk_got blk_bad blk_full < "$T/$name.res"
	blk_ns=$(sed -n 's/^total .* ns \([0-9]*\) .*/\1/p' "$T/$name.out")
	grep -qi error "$T/$name.err" && blk_bad=err
	rm -rf "$T/$name"
}
blk_run blk "env LTTNG_UST_ALLOW_BLOCKING=1" 2 50000 inf
echo "# blocking: $blk_got records, ${blk_dis:-?} discarded, $blk_bad out of sequence"
ok $([ "${blk_dis:-x}" = 0 ] && [ "$blk_got" = 100000 ] && [ "$blk_bad" = 0 ] &&
     [ "$blk_full" = 2 ]; echo $?) \
	"blocking-timeout inf, LTTNG_UST_ALLOW_BLOCKING=1, 2 x 4 KiB ring: each thread's exact sequence, 0 discarded (${blk_dis:-?})"
blk_run blkoff "" 2 50000 inf 10000000
echo "# without LTTNG_UST_ALLOW_BLOCKING: $blk_got records, ${blk_dis:-?} discarded"
ok $([ "${blk_dis:-0}" -gt 0 ] && [ $((blk_got + blk_dis)) = 100000 ] && [ "$blk_bad" = 0 ]; echo $?) \
	"blocking-timeout inf without LTTNG_UST_ALLOW_BLOCKING: discards as before ($blk_got recorded + ${blk_dis:-?} discarded = 100000)"
blk_run blkto "env LTTNG_UST_ALLOW_BLOCKING=1" 1 1000 2000 10000000
echo "# blocking-timeout 2000 us: $blk_got records, ${blk_dis:-?} discarded in ${blk_ns:-?} ns"
ok $([ "${blk_dis:-0}" -gt 0 ] && [ $((blk_got + blk_dis)) = 1000 ] && [ "$blk_bad" = 0 ] &&
     [ "${blk_ns:-0}" -ge $((blk_dis * 2000000)) ]; echo $?) \
	"blocking-timeout 2000 us, consumer asleep: each discarded record waited 2 ms first ($blk_dis discarded, ${blk_ns:-?} ns)"
