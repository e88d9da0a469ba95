# SPDX-License-Identifier: GPL-2.0-only
# lttng clear and lttng regenerate with user-space buffers (sourced by
# run_tests.sh after rotate-check.sh: uses lt, ASCMD, T, TUID, ok, D).
# ust-storm's records carry (thread, seq): a first run of two threads x
# CLR_N1 records is cleared, a second of one thread x CLR_N2 follows;
# babeltrace2 must then read exactly the second run's records, in the
# same place.  Then the metadata is regenerated while recording (the
# trace still reads, every record there), and LTTng 2.13's texts and exit
# codes.
STORM=$D/api/ust-storm
CLR_N1=${CLR_N1:-5000}
CLR_N2=${CLR_N2:-300}
# clr_seqs DIR: "thread seq" of the storm records in DIR ("bad" for a
# wrong value, "error" when babeltrace2 complains)
clr_seqs() {
	babeltrace2 "$1" 2> "$T/clr.err" |
	sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' |
	awk '{ if ($3 != 7 * $2 - 3) print "bad"; else print $1, $2 }'
	[ -s "$T/clr.err" ] && echo error
}
# clr_exact FILE N: exactly thread 0's seq 0..N-1, in order, nothing else
clr_exact() {
	awk -v n="$2" '$1 != 0 || $2 != c { bad++ } { c++ } END { exit !(c == n && !bad) }' "$1"
}
echo "# lttng clear: $CLR_N1 x 2 records cleared, then $CLR_N2 recorded"
lt create clr -o "$T/clr" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt_says 0 'Session "clr" cleared' "clear before the first start: nothing to do, LTTng's text" clear
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n "$CLR_N1" > /dev/null 2>&1
lt_says 0 'Session "clr" cleared' "clear an active session" clear clr
udir=$T/clr/ust/uid/$TUID/64-bit
ok $([ -f "$udir/metadata" ] && [ ! -e "$T/clr/.tmp_new_chunk" ] && [ "$(ls "$T/clr")" = ust ]; echo $?) \
	"the trace stays in <output>/ust/uid/<uid>/64-bit ($(ls "$T/clr" | tr '\n' ' '))"
"${ASCMD[@]}" "$STORM" -t 1 -n "$CLR_N2" > /dev/null 2>&1
lt stop > /dev/null
clr_seqs "$T/clr" > "$T/clr.seqs"
ok $(clr_exact "$T/clr.seqs" "$CLR_N2"; echo $?) \
	"babeltrace2 reads only the records after the clear ($(wc -l < "$T/clr.seqs") records, $CLR_N2 expected)"
out=$(lt clear 2>&1)
rc=$?
clr_seqs "$T/clr" > "$T/clr.seqs"
ok $([ $rc = 0 ] && [ ! -s "$T/clr.seqs" ] && [ -f "$udir/metadata" ]; echo $?) \
	"clear after stop: the trace reads, with no record left (exit $rc)"
lt_says 1 "Error: Session was already cleared since it became inactive" "rotate after stop and clear: LTTng's error" rotate
lt_says 118 "Error: Session not started" "regenerate metadata of an inactive session: LTTng's error" regenerate metadata
out=$(lt regenerate statedump 2>&1)
rc=$?
ok $([ $rc = 118 ] && [ -z "$out" ]; echo $?) \
	"regenerate statedump of an inactive session: exit 118, silent as LTTng (exit $rc)"

echo "# lttng regenerate metadata while recording"
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 1 -n "$CLR_N2" > /dev/null 2>&1
md_before=$(stat -c %s "$udir/metadata")
lt_says 0 "Metadata successfully regenerated for session clr" "regenerate metadata: LTTng's text" regenerate metadata
md_after=$(stat -c %s "$udir/metadata")
ok $([ "$md_before" = "$md_after" ] && [ "$(grep -c '^trace {' "$udir/metadata")" = 1 ]; echo $?) \
	"the metadata file is written again, not appended to ($md_before -> $md_after bytes)"
lt_says 0 "State dump successfully regenerated for session clr" "regenerate statedump: LTTng's text" regenerate -s clr statedump
"${ASCMD[@]}" "$STORM" -t 1 -n "$CLR_N2" > /dev/null 2>&1
lt stop > /dev/null
clr_seqs "$T/clr" > "$T/clr.seqs"
ok $([ "$(grep -c '^0 ' "$T/clr.seqs")" = $((2 * CLR_N2)) ] && ! grep -q 'bad\|error' "$T/clr.seqs"; echo $?) \
	"the trace still reads: both runs around the regeneration ($(wc -l < "$T/clr.seqs") records)"
lt destroy clr > /dev/null
rm -rf "$T/clr"

echo "# lttng clear of a snapshot session"
lt create csn --snapshot -o "$T/csn" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n "$CLR_N1" > /dev/null 2>&1
lt_says 0 'Session "csn" cleared' "clear a snapshot session" clear
"${ASCMD[@]}" "$STORM" -t 1 -n "$CLR_N2" > /dev/null 2>&1
lt snapshot record > /dev/null
clr_seqs "$T/csn" > "$T/clr.seqs"
ok $(clr_exact "$T/clr.seqs" "$CLR_N2"; echo $?) \
	"the snapshot holds only the records after the clear ($(wc -l < "$T/clr.seqs") records)"
lt destroy csn > /dev/null
rm -rf "$T/csn"

# refusals and -a, LTTng 2.13's texts and exit codes
lt create cpp -o "$T/cpp" > /dev/null
lt enable-channel -u --buffers-pid c > /dev/null
lt enable-event -u -a -c c > /dev/null
lt start > /dev/null
lt_says 120 "Error: Per-PID recording sessions are not supported" "regenerate metadata of a per-PID session: LTTng's error" regenerate metadata
lt create cp2 -o "$T/cp2" > /dev/null
out=$(lt clear -a 2>&1)
rc=$?
ok $([ $rc = 0 ] && [ "$out" = 'Session "cpp" cleared
Session "cp2" cleared' ] || [ "$out" = 'Session "cp2" cleared
Session "cpp" cleared' ]; echo $?) "clear --all: every session (exit $rc)"
lt destroy -a > /dev/null
lt_says 23 "Error: Session name nosuch not found" "clear an unknown session: LTTng's error" clear nosuch
lt_says 0 "No session found, nothing to do." "clear --all without sessions: LTTng's text" clear -a
rm -rf "$T/cpp" "$T/cp2"
