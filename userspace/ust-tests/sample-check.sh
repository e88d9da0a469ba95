# SPDX-License-Identifier: GPL-2.0-only
# The sample program (userspace/ust-sample, real liblttng-ust) traced by
# the per-user daemon of run_tests.sh (sourced from there: uses lt, AS,
# ASCMD, SAMPLE, T, ok...).  Every thread's records are compared, in
# order and field by field, with the sequence ust-sample documents (see
# its main.c), generated here independently.

# sample_lines N [LIMIT]: one thread's expected records (payload only).
sample_lines() {
	awk -v n="$1" -v limit="${2:-0}" '
	function out(s) { print s; if (limit && ++c >= limit) exit }
	BEGIN {
		out(sprintf("ust_sample:start: { count = %d, name = \"ust-sample\" }", n))
		for (i = 0; i < n; i++) {
			nv = i % 4
			sv = ""
			for (k = 0; k < nv; k++)
				sv = sv sprintf("%s[%d] = %d", k ? ", " : "", k, i * (k + 1))
			sv = nv ? "[ " sv " ]" : "[ ]"
			out(sprintf("ust_sample:event: { seq = %d, addr = 0x%X, small = %d, big = %.0f, ratio = %g, ratio_f = %g, msg = \"msg-%d\", values = [ [0] = %d, [1] = %d, [2] = %d ], tag = \"t%dxy\", _seqvalues_length = %d, seqvalues = %s, _seqtext_length = 3, seqtext = \"msg\", parity = ( \"%s\" : container = %d ) }",
				i, 4096 + i, -(i % 100), i * 1000000007, i / 4.0, i / 4.0,
				i, i, 2 * i, 3 * i, i % 10, nv, sv,
				i % 2 ? "ODD" : "EVEN", i % 2))
			out("ust_sample:tick: { }")
			if (i % 10 == 0)
				out(sprintf("ust_sample:warn: { neg = %d }", -i))
		}
		out(sprintf("ust_sample:stop: { emitted = %d }", n))
	}'
}

# split_threads TRACE: one file $T/th.<vpid>.<vtid> per thread with its
# payload lines in trace order; checks procname on the way.
split_threads() {
	rm -f "$T"/th.*
	events "$1" | sed -E 's/\{ cpu_id = [0-9]+ \}, //' |
	awk -v dir="$T" '
	match($0, /\{ vpid = [0-9]+, vtid = [0-9]+, procname = "[^"]*" \}, /) {
		ctx = substr($0, RSTART, RLENGTH)
		rest = substr($0, 1, RSTART - 1) substr($0, RSTART + RLENGTH)
		split(ctx, f, /[ ,"]+/)
		if (f[10] != "ust-sample")
			print "bad procname: " $0 > (dir "/th.bad")
		print rest > (dir "/th." f[4] "." f[7])
		next
	}
	{ print "no context: " $0 > (dir "/th.bad") }'
}

# thread_ok DESC FILE N [LIMIT]: FILE is exactly sample_lines N
thread_ok() {
	local desc=$1 f=$2
	sample_lines "$3" "${4:-0}" > "$T/want"
	if [ -f "$f" ] && cmp -s "$f" "$T/want"; then
		ok 0 "$desc ($(wc -l < "$T/want") records)"
	else
		[ -f "$f" ] && diff "$T/want" "$f" | head -4 | sed 's/^/# /'
		ok 1 "$desc"
	fi
}

sample_pid() { sed -n 's/^ust-sample: pid \([0-9]*\) emitted.*/\1/p' "$1" | head -1; }
sample_run() {	# sample_run OUT ARGS...: in the background
	local out=$1
	shift
	"${ASCMD[@]}" "$SAMPLE" "$@" > "$out" 2>&1 &
}
# the sample's own events listed, not only the library's tracef/tracelog
_sample_listed() {
	lt list -u | sed -n "/^PID: $1 /,/^\$/p" | grep -q 'ust_sample:stop'
}

echo "# ust-sample (liblttng-ust)"
lt create u1 -o "$T/u1" > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
sample_run "$T/sA" -n 25 -w 5000
PA=$!
wait_until -t 100 _sample_listed "$PA"
lt list -u | sed -n "/^PID: $PA - /,/^\$/p" > "$T/listA"
{
	echo "PID: $PA - Name: $SAMPLE"
	printf '      %s\n' \
		'ust_sample:event (loglevel: TRACE_DEBUG_LINE (13)) (type: tracepoint)' \
		'ust_sample:start (loglevel: TRACE_INFO (6)) (type: tracepoint)' \
		'ust_sample:stop (loglevel: TRACE_INFO (6)) (type: tracepoint)' \
		'ust_sample:tick (loglevel: TRACE_DEBUG (14)) (type: tracepoint)' \
		'ust_sample:warn (loglevel: TRACE_WARNING (4)) (type: tracepoint)' \
		'lttng_ust_tracef:event (loglevel: TRACE_DEBUG (14)) (type: tracepoint)'
	# tracelog()'s events, one per level, as LTTng-UST 2.13 names them
	l=0
	for lv in EMERG ALERT CRIT ERR WARNING NOTICE INFO DEBUG_SYSTEM DEBUG_PROGRAM \
		DEBUG_PROCESS DEBUG_MODULE DEBUG_UNIT DEBUG_FUNCTION DEBUG_LINE DEBUG; do
		printf '      lttng_ust_tracelog:LTTNG_UST_TRACEPOINT_LOGLEVEL_%s (loglevel: TRACE_%s (%d)) (type: tracepoint)\n' "$lv" "$lv" $l
		l=$((l + 1))
	done
	for e in start procname bin_info build_id debug_link end; do
		printf '      lttng_ust_statedump:%s (loglevel: TRACE_DEBUG_LINE (13)) (type: tracepoint)\n' $e
	done
	echo
} | sort > "$T/listA.want"
sort "$T/listA" | cmp -s - "$T/listA.want"
ok $? "lttng list -u: the sample's PID, path, its 5 events, tracef/tracelog's 16 and the statedump's 6, with their log levels"
lt start > /dev/null
sample_run "$T/sB" -n 15 -t 3
PB=$!
wait "$PA" "$PB"
lt stop > /dev/null
split_threads "$T/u1"
ok $([ ! -e "$T/th.bad" ]; echo $?) "every record has vpid, vtid and procname \"ust-sample\""
fa=$(ls "$T"/th."$PA".* 2>/dev/null)
thread_ok "app started before lttng start: exact sequence" "$fa" 25
nb=0
for f in "$T"/th."$PB".*; do
	[ -f "$f" ] || continue
	nb=$((nb + 1))
	thread_ok "app started after lttng start, thread ${f##*.}: exact sequence" "$f" 15
done
ok $([ "$nb" = 3 ]; echo $?) "3 threads, 3 distinct vtids"
ok $([ "$(ls "$T"/th.* | wc -l)" = 4 ]; echo $?) "nothing else in the per-UID trace"
lt destroy u1 > /dev/null

# rules against the real library: filters run there
sample_rule() {	# sample_rule DESC AWK_SELECTOR -- enable-event args
	local desc=$1 sel=$2
	shift 3
	lt create r -o "$T/r" > /dev/null
	lt add-context -u -t vpid -t vtid -t procname > /dev/null
	lt enable-event -u "$@" > /dev/null
	lt start > /dev/null
	sample_run "$T/sR" -n 24
	wait $!
	lt stop > /dev/null
	lt destroy r > /dev/null
	split_threads "$T/r"
	sample_lines 24 | awk "$sel" > "$T/want"
	f=$(ls "$T"/th.* 2>/dev/null | head -1)
	if [ -n "$f" ] && cmp -s "$f" "$T/want" && [ "$(ls "$T"/th.* | wc -l)" = 1 ]; then
		ok 0 "$desc ($(wc -l < "$T/want") records)"
	else
		[ -n "$f" ] && diff "$T/want" "$f" | head -4 | sed 's/^/# /'
		ok 1 "$desc"
	fi
	rm -rf "$T/r"
}
sample_rule "--loglevel TRACE_INFO" '/^ust_sample:(start|stop|warn):/' -- -a --loglevel TRACE_INFO
sample_rule "--loglevel TRACE_WARNING" '/^ust_sample:warn:/' -- -a --loglevel TRACE_WARNING
sample_rule "--loglevel-only TRACE_DEBUG" '/^ust_sample:tick:/' -- -a --loglevel-only TRACE_DEBUG
sample_rule "wildcard with exclusions" '/^ust_sample:(start|stop|warn):/' -- 'ust_sample:*' -x ust_sample:tick,ust_sample:event
sample_rule "--filter 'seq >= 5 && seq < 8 || msg == \"msg-20\"'" '/^ust_sample:event: \{ seq = ([567]|20),/' -- ust_sample:event --filter 'seq >= 5 && seq < 8 || msg == "msg-20"'
sample_rule "--filter on the enum field" '/^ust_sample:event: .*"ODD"/' -- ust_sample:event --filter 'parity == 1'

# killed mid-trace
lt create k -o "$T/k" > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
sample_run "$T/sK" -n 1000000 -d 300
PK=$!
sleep 1
{ kill -9 "$PK"; wait "$PK"; } 2>/dev/null
ok $(daemon_alive; echo $?) "daemon survives the sample SIGKILLed mid-trace"
lt stop > /dev/null
split_threads "$T/k"
f=$(ls "$T"/th."$PK".* 2>/dev/null | head -1)
nk=$([ -n "$f" ] && wc -l < "$f" || echo 0)
ok $([ "$nk" -gt 20 ]; echo $?) "records before the kill are in the trace ($nk)"
thread_ok "... and they are exactly the start of the sequence" "$f" 1000000 "$nk"
lt destroy k > /dev/null

# per-PID
lt create pp -o "$T/pp" > /dev/null
lt enable-channel -u --buffers-pid chan > /dev/null
lt enable-event -u -a -c chan > /dev/null
lt add-context -u -t vpid -t vtid -t procname -c chan > /dev/null
lt start > /dev/null
sample_run "$T/sP1" -n 8
P1s=$!
sample_run "$T/sP2" -n 11
P2s=$!
wait "$P1s" "$P2s"
lt stop > /dev/null
for p in "$P1s:8" "$P2s:11"; do
	d=$(ls -d "$T/pp/ust/pid/ust-sample-${p%:*}-"* 2>/dev/null | head -1)
	ok $([ -n "$d" ] && [ -f "$d/chan_0" ]; echo $?) "per-PID directory ust-sample-${p%:*}-<datetime> with chan_<cpu>"
	split_threads "$d"
	thread_ok "per-PID trace of pid ${p%:*} holds exactly its sequence" "$(ls "$T"/th.* | head -1)" "${p#*:}"
done
lt destroy pp > /dev/null

# discard mode accounting: every record is either in the trace or counted
# (a 10 s read timer: on an idle core the consumer, woken by the writers
# without one, kept up with all 42002 records and nothing was discarded)
lt create dsc -o "$T/dsc" > /dev/null
lt enable-channel -u --subbuf-size 4096 --num-subbuf 2 --read-timer 10000000 small > /dev/null
lt enable-event -u 'ust_sample:*' -c small > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$SAMPLE" -n 20000 > /dev/null 2>&1
lt stop > /dev/null
rec=$(bt_count "$T/dsc" '^\[')
dis=$(lt list dsc | sed -n 's/^ *Discarded events: //p' | head -1)
echo "# recorded $rec, discarded $dis"
ok $([ "${dis:-0}" -gt 0 ] && [ $((rec + dis)) = 42002 ]; echo $?) "4 KiB x 2 buffers: recorded + 'Discarded events' = the 42002 records emitted"
lt destroy dsc > /dev/null

# overwrite mode keeps the newest records.  A 10 s read timer: the writers
# do not wake the consumer (which otherwise keeps up with 42002 records and
# nothing is ever overwritten); it reads once a second at most.
lt create ow -o "$T/ow" > /dev/null
lt enable-channel -u --overwrite --subbuf-size 4096 --num-subbuf 4 --read-timer 10000000 ring > /dev/null
lt enable-event -u 'ust_sample:*' -c ring > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$SAMPLE" -n 20000 > /dev/null 2>&1
lt stop > /dev/null
events "$T/ow" > "$T/owl"
ok $(tail -1 "$T/owl" | grep -q '^ust_sample:stop: .*{ emitted = 20000 }$' && [ "$(wc -l < "$T/owl")" -lt 42002 ]; echo $?) "--overwrite: the newest records are kept ($(wc -l < "$T/owl") of 42002)"
lt destroy ow > /dev/null

# many applications at once, registering together, one per-UID trace
lt create many -o "$T/many" > /dev/null
lt enable-event -u -a > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
pids=()
for i in $(seq 8); do
	sample_run "$T/sM$i" -n 200 -t 2
	pids+=($!)
done
wait "${pids[@]}"
lt stop > /dev/null
split_threads "$T/many"
good=0
sample_lines 200 > "$T/want"
for f in "$T"/th.*.*; do cmp -s "$f" "$T/want" && good=$((good + 1)); done
ok $([ "$good" = 16 ] && [ "$(ls "$T"/th.* | wc -l)" = 16 ] && [ "$(ls "$T/many/ust/uid")" = "$TUID" ]; echo $?) "8 applications x 2 threads at once: 16 exact sequences in one per-UID trace ($good)"
if [ "$good" != 16 ]; then	# what went wrong, for the log
	for f in "$T"/th.*.*; do
		cmp -s "$f" "$T/want" ||
			diag "${f##*/}: $(wc -l < "$f") of $(wc -l < "$T/want") lines, first: $(head -c 80 "$f")"
	done
	grep -i 'busy\|refused\|registrations' "$T/sd.log" | tail -5 | sed 's/^/# /'
fi
lt destroy many > /dev/null

# a uid's registrations beyond the ones being read wait for their turn:
# 4 stalled connections of the user hold every read slot until their
# deadline, the sample's registration waits behind them, not refused
lt create park -o "$T/park" > /dev/null
lt enable-event -u 'ust_sample:*' > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
spids=()
for i in 1 2 3 4; do
	AS "$FAKE" "$SOCK" stall > "$T/stall$i" 2>&1 &
	spids+=($!)
done
sleep 0.5
sample_run "$T/sPk" -n 30
PK=$!
wait "$PK" "${spids[@]}"
lt stop > /dev/null
split_threads "$T/park"
thread_ok "registration behind 4 stalled ones of its user: parked, then traced whole" "$(ls "$T"/th."$PK".* 2>/dev/null | head -1)" 30
ok $(! grep -q "pid $PK uid .* refused" "$T/sd.log"; echo $?) "... not refused ('Too many registrations in progress')"
lt destroy park > /dev/null

# every UST context type, values from the real process
lt create cx -o "$T/cx" > /dev/null
lt enable-event -u ust_sample:stop > /dev/null
lt add-context -u -t vpid -t vtid -t procname -t pthread_id -t ip -t cpu_id -t vuid -t vgid -t veuid -t vegid > /dev/null
lt start > /dev/null
sample_run "$T/sC" -n 3
PC=$!
wait "$PC"
lt stop > /dev/null
line=$(events "$T/cx")
echo "# $line"
ncpu=$(getconf _NPROCESSORS_CONF)
re="^ust_sample:stop: \\{ cpu_id = ([0-9]+) \\}, \\{ vpid = $PC, vtid = ([0-9]+), procname = \"ust-sample\", pthread_id = 0x[0-9A-F]+, ip = 0x[0-9A-F]+, cpu_id = ([0-9]+), vuid = $TUID, vgid = $TUID, veuid = $TUID, vegid = $TUID \\}, \\{ emitted = 3 \\}\$"
[[ $line =~ $re ]]
ok $([ $? = 0 ] && [ "${BASH_REMATCH[3]}" -lt "$ncpu" ] && [ "${BASH_REMATCH[2]}" != "$PC" ]; echo $?) "add-context -u: all 10 UST context types, values of the real process (uid/gid $TUID)"
lt destroy cx > /dev/null
