# SPDX-License-Identifier: GPL-2.0-only
# Hostile applications against the daemon's time and memory (sourced by
# run_tests.sh; its own daemon, started under `ulimit -f 16384` with
# SIGXFSZ ignored so that the flood below cannot fill the disk: its
# packets beyond 16 MiB per file are counted, not written).  While each attack runs, `lttng list` of the
# same daemon is timed in a loop (it needs the daemon-wide lock) and a
# well-behaved application keeps being traced by another session.
#   flood      an application keeps its rings "always full" and goes on
#              after SESSION_STOP: every drain is bounded, none holds a
#              lock, its session's stop finishes;
#   slowreply  30 applications answer each command just under the
#              timeout: the commands of `lttng start` go to all of them
#              at once with one deadline, they are dropped;
#   bigreg     registrations of ~16 MiB each: what one uid may make the
#              daemon hold is capped (SD_UST_MEM_PER_UID);
#   newevents  registrations with ever new event names: the event
#              descriptions an owner keeps are capped
#              (SD_UST_OWNER_EVENTS_MAX).
echo "# hostile applications: daemon time and memory"
AS bash -c 'trap "" XFSZ; ulimit -f 16384; exec "$0" -b -vv' "$SD" > "$T/sd-attack.log" 2>&1
for i in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
apid=$(cat "$UH/.lttng/lttng-sessiond.pid")

# list_probe_start / list_probe_stop: `lttng list` timed in a loop
list_probe_start() {
	rm -f "$T/probe.stop" "$T/probe.ms"
	(
		while [ ! -e "$T/probe.stop" ]; do
			t0=${EPOCHREALTIME/./}
			lt list > /dev/null 2>&1 || echo "failed"
			t1=${EPOCHREALTIME/./}
			echo $(((t1 - t0) / 1000))
			sleep 0.1
		done
	) > "$T/probe.ms" &
	PROBE=$!
}
list_probe_stop() {	# sets probe_max (ms), probe_n, probe_fail
	touch "$T/probe.stop"
	wait "$PROBE"
	probe_fail=$(grep -c failed "$T/probe.ms")
	probe_n=$(grep -vc failed "$T/probe.ms")
	probe_max=$(grep -v failed "$T/probe.ms" | sort -n | tail -1)
}
# a bystander: ust-storm recording its sequence (1000 records/s) through
# every attack, in a session of its own that tracks its pid only
STORM=$D/api/ust-storm
lt create by -o "$T/by" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 1 -n 0 -r 1000 > "$T/by.out" 2>&1 &
PBY=$!
APPPID[by]=$PBY
lt track -u --vpid "$PBY" > /dev/null

# --- flood ---------------------------------------------------------------
lt create fl -o "$T/fl" > /dev/null
lt enable-channel -u --subbuf-size 4k --num-subbuf 2 c > /dev/null
lt enable-event -u -a -c c > /dev/null
lt start fl > /dev/null
app_start fl1 flood
list_probe_start
sleep 2
t0=${EPOCHREALTIME/./}
timeout 60 "${ASCMD[@]}" "$LT" stop fl > /dev/null 2>&1
rc=$?
# 4: "some trace data could not be written" (the file size limit)
[ $rc = 4 ] && rc=0
t1=${EPOCHREALTIME/./}
list_probe_stop
stop_ms=$(((t1 - t0) / 1000))
echo "# flood: lttng stop of its session ${stop_ms} ms; lttng list $probe_n times, at most ${probe_max} ms"
ok $([ $rc = 0 ]; echo $?) "flood (rings always full, writing after stop): its session's stop finishes (${stop_ms} ms)"
ok $([ "$probe_fail" = 0 ] && [ "${probe_max:-9999}" -lt 2000 ]; echo $?) \
	"flood: lttng list answers within 2 s meanwhile ($probe_n times, at most ${probe_max:-?} ms)"
app_stop fl1
lt destroy fl > /dev/null
rm -rf "$T/fl"

# --- 30 applications answering each command just under the timeout -------
lt create sl -o "$T/sl" > /dev/null
lt enable-event -u -a > /dev/null
spids=()
for i in $(seq 30); do
	timeout 120 "${ASCMD[@]}" "$FAKE" "$SOCK" slowapp > "$T/slow$i.out" 2>&1 &
	spids+=($!)
	for _ in $(seq 100); do
		grep -q . "$T/slow$i.out" 2>/dev/null && break
		sleep 0.05
	done
done
nreg=$(cat "$T"/slow*.out | grep -c '^registered')
list_probe_start
t0=${EPOCHREALTIME/./}
lt start sl > /dev/null
t1=${EPOCHREALTIME/./}
sleep 1
list_probe_stop
start_ms=$(((t1 - t0) / 1000))
wait "${spids[@]}"
ndropped=$(cat "$T"/slow*.out | grep -c '^dropped')
echo "# slow applications: $nreg registered, lttng start ${start_ms} ms, $ndropped dropped; lttng list $probe_n times, at most ${probe_max} ms"
ok $([ "$nreg" = 30 ] && [ "$ndropped" = 30 ]; echo $?) \
	"30 applications answering each command just under the timeout: all dropped ($ndropped), one deadline for the command"
ok $([ "$start_ms" -lt $((3 * LTTNG_UST_APP_TIMEOUT_MS)) ]; echo $?) \
	"slow applications: lttng start returns after one deadline, not one per application (${start_ms} ms)"
ok $([ "$probe_fail" = 0 ] && [ "${probe_max:-9999}" -lt 2000 ]; echo $?) \
	"slow applications: lttng list answers within 2 s meanwhile ($probe_n times, at most ${probe_max:-?} ms)"
lt destroy sl > /dev/null
rm -rf "$T/sl"

# --- registrations as large as the protocol allows -----------------------
# one after the other: 4 of ~16 MiB (15.9 MiB of event descriptions each)
# fit in the 64 MiB of a uid, the 5th is refused before it is even read
rss0=$(awk '/^VmRSS/ { print $2 }' "/proc/$apid/status")
list_probe_start
bpids=()
for i in 1 2 3 4 5; do
	rm -f "$T/big$i.in"
	mkfifo "$T/big$i.in"
	chmod 666 "$T/big$i.in"
	timeout 120 "${ASCMD[@]}" "$FAKE" "$SOCK" bigreg < "$T/big$i.in" > "$T/big$i.out" 2>&1 &
	bpids+=($!)
	exec {bfd}> "$T/big$i.in"
	eval "BIGFD$i=$bfd"
	for _ in $(seq 600); do
		grep -q 'registered\|dropped' "$T/big$i.out" 2>/dev/null && break
		sleep 0.1
	done
done
list_probe_stop
rss1=$(awk '/^VmRSS/ { print $2 }' "/proc/$apid/status")
got=$(for i in 1 2 3 4 5; do head -1 "$T/big$i.out"; done | tr '\n' ' ')
refused=$(grep -c 'holds too much memory' "$T/sd-attack.log")
echo "# 5 registrations of ~16 MiB in a row: $got; daemon RSS $((rss0 / 1024)) -> $((rss1 / 1024)) MiB; lttng list at most ${probe_max} ms"
ok $([ "$got" = "registered registered registered registered dropped " ] && [ "$refused" = 1 ]; echo $?) \
	"registrations of ~16 MiB from one uid: 4 kept, the 5th refused (64 MiB per uid)"
ok $([ "$probe_fail" = 0 ] && [ "${probe_max:-9999}" -lt 2000 ]; echo $?) \
	"large registrations: lttng list answers within 2 s meanwhile (at most ${probe_max:-?} ms)"
for i in 1 2 3 4 5; do eval "exec {BIGFD$i}>&-"; done
wait "${bpids[@]}"
sleep 0.5
timeout 60 "${ASCMD[@]}" "$FAKE" "$SOCK" bigreg < /dev/null > "$T/big9.out" 2>&1
ok $(grep -q '^registered' "$T/big9.out"; echo $?) "once they are gone, their memory is free again (another one registers)"

# --- ever new event names --------------------------------------------------
lt create ne -o "$T/ne" > /dev/null
lt enable-event -u -a > /dev/null
lt start ne > /dev/null
list_probe_start
timeout 300 "${ASCMD[@]}" "$FAKE" "$SOCK" newevents17 > "$T/ne.out" 2>&1
list_probe_stop
capped=$(grep -c 'more than 65536 event descriptions' "$T/sd-attack.log")
nev=$(grep -c '^event {' "$T"/ne/ust/uid/*/64-bit/metadata)
echo "# $(cat "$T/ne.out") of 4096 new event names: $nev declared; lttng list at most ${probe_max} ms"
ok $(grep -q '^rounds 17$' "$T/ne.out" && [ "$capped" = 1 ] && [ "$nev" -le 65536 ] && [ "$nev" -ge 40000 ]; echo $?) \
	"17 x 4096 new event names: the owner keeps at most 65536 descriptions or 32 MiB of them ($nev), said once"
ok $([ "$probe_fail" = 0 ] && [ "${probe_max:-9999}" -lt 2000 ]; echo $?) \
	"new event names: lttng list answers within 2 s meanwhile (at most ${probe_max:-?} ms)"
lt destroy ne > /dev/null
rm -rf "$T/ne"

# --- the bystander was traced throughout -----------------------------------
kill -TERM "$PBY"
wait "$PBY"
lt stop by > /dev/null
lt destroy by > /dev/null
nby=$(sed -n 's/^thread 0 events \([0-9]*\) .*/\1/p' "$T/by.out")
# its records: all of them, consecutive, to its last
babeltrace2 "$T/by" 2> "$T/by.err" | sed -n 's/.*seq = \([0-9]*\),.*/\1/p' |
	awk 'NR > 1 && $1 != p + 1 { gap++ } { p = $1; n++ } END { print n + 0, gap + 0, p }' > "$T/by.res"
read -r byn bygap bylast < "$T/by.res"
echo "# bystander: $nby records, $byn in its trace, $bygap gaps, last $bylast"
ok $([ "${nby:-0}" -gt 0 ] && [ "$byn" = "$nby" ] && [ "$bygap" = 0 ] && [ "$bylast" = $((nby - 1)) ] &&
     [ ! -s "$T/by.err" ]; echo $?) \
	"another session's application was traced throughout, without a gap ($byn records)"
ok $(kill -0 "$apid" 2>/dev/null; echo $?) "the daemon survived every attack"
kill "$apid"
for i in $(seq 100); do kill -0 "$apid" 2>/dev/null || break; sleep 0.1; done
