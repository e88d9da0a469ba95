# SPDX-License-Identifier: GPL-2.0-only
# Snapshot sessions with user-space buffers (sourced by run_tests.sh: uses
# lt, AS, ASCMD, T, TUID, ok, app_start, app_emit, app_stop, expect_fake,
# events).  Records are read back with babeltrace2 and compared with what
# the programs recorded: the newest records of each thread, contiguous,
# up to the last one.  The programs run on CPU 0 only, so that one ring
# holds every record and "the newest" is one contiguous tail.
STORM=$D/api/ust-storm
IDXCHECK=$U/../selftests/lib/ctf-index-check
echo "# snapshot sessions: user-space buffers"

# storm_seqs DIR: "thread seq" lines of the storm records in DIR, checking
# value = 7 seq - 3 (a bad one prints "bad")
storm_seqs() {
	babeltrace2 "$1" 2> "$T/bt.err" |
	sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' |
	awk '{ if ($3 != 7 * $2 - 3) print "bad"; else print $1, $2 }'
}
# tail_runs FILE N: the records of each thread present are one run
# ending at N-1 (the tail of a ring holds the end of every thread it
# holds; with N = 0, strictly increasing only); prints the record count,
# or "bad"
tail_runs() {
	awk -v n="$2" '
	$1 == "bad" { bad++; next }
	{ if (($1 in last) && $2 != last[$1] + (n ? 1 : 0) && (n || $2 <= last[$1])) bad++
	  last[$1] = $2; c++ }
	END { for (k in last) if (n && last[k] != n - 1) bad++
	      print bad || !c ? "bad" : c + 0 }' "$1"
}
norm_cpu() { sed -E 's/\{ cpu_id = [0-9]+ \}/{ cpu_id = CPU }/'; }
# the snapshot directory of record K of session output DIR
snapdir() { ls -d "$1"/snapshot-1-*-"$2" 2>/dev/null; }

# --- per-UID: the newest records after the program exited ----------------------
N=40000
lt create snu --snapshot -o "$T/snu" > /dev/null
lt enable-channel -u c --subbuf-size 16k --num-subbuf 4 > /dev/null
lt enable-event -u 'ust_storm:*' -c c > /dev/null
ok $(lt list snu | grep -q 'Event-loss mode:  overwrite'; echo $?) "snapshot session: UST channel in overwrite mode by default"
lt_says 1 "Error: Session needs to be started once" "record before start: LTTng's error" snapshot record
lt start > /dev/null
# one writer: two on one CPU can leave the oldest sub-buffer incomplete
# (one preempted inside a record) and the other then discards
"${ASCMD[@]}" taskset -c 0 "$STORM" -t 1 -n $N > /dev/null 2>&1
lt_says 0 "Snapshot recorded successfully for session snu" "snapshot record: LTTng's message" snapshot record
S0=$(snapdir "$T/snu" 0)
U0=$S0/ust/uid/$TUID/64-bit
ok $([ -n "$S0" ] && [ -f "$U0/metadata" ] && [ -f "$U0/c_0" ] && [ -f "$U0/index/c_0.idx" ]; echo $?) \
	"layout <output>/snapshot-1-<date>-0/ust/uid/<uid>/64-bit/{metadata,c_0,index/}"
storm_seqs "$S0" > "$T/snap.seq"
r=$(tail_runs "$T/snap.seq" $N)
echo "# record 0: $r records"
ok $([ "$r" != bad ] && [ "$r" -gt 100 ] && [ "$r" -lt $N ] && ! grep -qi error "$T/bt.err"; echo $?) \
	"record 0: the newest records, contiguous up to seq $((N - 1)) ($r records)"
r2=$("$IDXCHECK" "$S0")
ok $? "record 0: index files match the packets: $r2"
# again: nothing was consumed, the same records are there
lt snapshot record > /dev/null
storm_seqs "$(snapdir "$T/snu" 1)" > "$T/snap1.seq"
ok $(cmp -s "$T/snap.seq" "$T/snap1.seq"; echo $?) "record 1: the same records (a record consumes nothing)"
# -m: the same number of newest packets from every stream, LTTng's rule
out=$(lt snapshot record -m 10k 2>&1)
rc=$?
ok $([ $rc = 1 ] && [ "$out" = "Error: Invalid snapshot size. Cannot fit at least one packet per stream.
Error: Snapshot max size is invalid" ]; echo $?) "-m below one packet per stream: LTTng's errors (exit $rc)"
ns=$(ls "$U0" | grep -c '^c_[0-9]*$')
lt snapshot record -m $((2 * 16384 * ns)) > /dev/null
S2=$(snapdir "$T/snu" 2)
big=$(find "$S2/ust/uid/$TUID/64-bit" -maxdepth 1 -name 'c_*' -printf '%s\n' | sort -n | tail -1)
storm_seqs "$S2" > "$T/snap2.seq"
r=$(tail_runs "$T/snap2.seq" $N)
ok $([ -n "$big" ] && [ "$big" -le 32768 ] && [ "$r" != bad ] && [ "$r" -lt "$(wc -l < "$T/snap.seq")" ] &&
     tail -n "$r" "$T/snap.seq" | cmp -s - "$T/snap2.seq"; echo $?) \
	"-m $((2 * 16 * ns))k: two packets per stream (largest file $big bytes), the newest $r records"
lt destroy snu > /dev/null

# --- live writers: records taken while the threads go on -------------------------
lt create snl --snapshot -o "$T/snl" > /dev/null
lt enable-channel -u c --subbuf-size 64k --num-subbuf 4 > /dev/null
lt enable-event -u 'ust_storm:*' -c c > /dev/null
lt start > /dev/null
"${ASCMD[@]}" taskset -c 0 "$STORM" -t 2 -n 0 -r 100000 > "$T/storml.out" 2>&1 &
SPID=$!
wait_until -t 100 grep -qs '^started' "$T/storml.out"
sleep 0.5
lt snapshot record > /dev/null
sleep 0.2
lt snapshot record > /dev/null
kill -INT $SPID
wait $SPID
for k in 0 1; do
	storm_seqs "$(snapdir "$T/snl" $k)" > "$T/live.seq"
	r=$(tail_runs "$T/live.seq" 0)
	ok $([ "$r" != bad ] && [ "$r" -gt 100 ] && ! grep -qi error "$T/bt.err"; echo $?) \
		"live record $k: read by babeltrace2, each thread's records in order ($r records)"
done
lt destroy snl > /dev/null

# --- per-PID buffers: the application's own trace --------------------------------
lt create snp --snapshot -o "$T/snp" > /dev/null
lt enable-channel -u c --buffers-pid --subbuf-size 16k --num-subbuf 4 > /dev/null
lt enable-event -u -a -c c > /dev/null
lt add-context -u -t vpid -t vtid -t procname -c c > /dev/null
lt start > /dev/null
SAVED=("${ASCMD[@]}")
ASCMD=(taskset -c 0 "${SAVED[@]}")
ok_cmd "per-PID: fakeapp registers" app_start sp app
ASCMD=("${SAVED[@]}")
PP=$(app_realpid sp)
app_emit sp 3000
lt snapshot record > /dev/null
S0=$(snapdir "$T/snp" 0)
ok $(ls -d "$S0"/ust/pid/fakeapp-"$PP"-[0-9]*-[0-9]* > /dev/null && [ -f "$S0"/ust/pid/fakeapp-"$PP"-*/metadata ]; echo $?) \
	"per-PID layout ust/pid/fakeapp-<pid>-<date>/"
events "$S0" | norm_cpu > "$T/pp.got"
expect_fake "$PP" 0 2999 int str dbg > "$T/pp.all"
np=$(wc -l < "$T/pp.got")
ok $([ "$np" -gt 10 ] && [ "$np" -lt 9000 ] && ! grep -qi error "$T/bt.err" &&
     tail -n "$np" "$T/pp.all" | cmp -s - "$T/pp.got"; echo $?) \
	"per-PID: the newest $np of 9000 records, every field, up to the last"
app_stop sp
lt destroy snp > /dev/null
rm -rf "$T/snu" "$T/snl" "$T/snp"
