# SPDX-License-Identifier: GPL-2.0-only
# Trace-file limits (enable-channel -C/-W), index files and --no-output
# sessions with the sample program (sourced from run_tests.sh after
# sample-check.sh: uses lt, AS, SAMPLE, T, ok, sample_lines,
# split_threads).  Every trace is read back with babeltrace2 and its
# records compared with the sequence the sample emitted; the index files
# are checked against the stream files with ctf-index-check.

IDXCHECK=$U/../selftests/lib/ctf-index-check
echo "# trace-file limits and index files"

# files_of DIR STREAM: the files of one stream, one per line (names only)
files_of() { (cd "$1" && ls -1 | grep -E "^$2(_[0-9]+)?\$" | sort); }
# max_size DIR: the largest stream file (not metadata) in DIR, in bytes
max_size() { find "$1" -maxdepth 1 -type f ! -name metadata -printf '%s\n' | sort -n | tail -1; }
# tail_ok DESC FILE N: FILE is the last lines of sample_lines N (and not
# all of them: the oldest files are gone)
tail_ok() {
	local desc=$1 f=$2 got
	got=$(wc -l < "$f")
	sample_lines "$3" | tail -n "$got" > "$T/want"
	if [ "$got" -gt 0 ] && [ "$got" -lt "$(sample_lines "$3" | wc -l)" ] &&
	   cmp -s "$f" "$T/want"; then
		ok 0 "$desc ($got newest records)"
	else
		diff "$T/want" "$f" | head -4 | sed 's/^/# /'
		ok 1 "$desc ($got records)"
	fi
}

# --- per-UID buffers, size and count: the newest packets remain ----------------
N=10000
lt create tf -o "$T/tf" > /dev/null
lt enable-channel -u c --subbuf-size 16k --num-subbuf 64 -C 32k -W 3 > /dev/null
out=$(lt enable-channel -u d -C 100 2>&1)
rc=$?
ok $([ $rc = 0 ] && grep -qx "Warning: Tracefile size rounded up from (100) to subbuffer size (524288)" <<<"$out"; echo $?) \
	"-C smaller than a sub-buffer: LTTng's warning, rounded up (exit $rc)"
out=$(lt enable-channel -u e -W 4 2>&1)
rc=$?
ok $([ $rc = 1 ] && grep -qx "Error: Missing option --tracefile-size. A file count without a size won't do anything." <<<"$out"; echo $?) \
	"-W without -C: LTTng's error (exit $rc)"
lt enable-event -u -a -c c > /dev/null
lt add-context -u -t vpid -t vtid -t procname -c c > /dev/null
out=$(lt list tf)
ok $(grep -A12 -- '^- c:' <<<"$out" | grep -q "Trace file count: 3 per stream" &&
     grep -A13 -- '^- c:' <<<"$out" | grep -q "Trace file size:  32768 bytes" &&
     grep -A13 -- '^- d:' <<<"$out" | grep -q "Trace file size:  524288 bytes" &&
     grep -A12 -- '^- d:' <<<"$out" | grep -q "Trace file count: 1 per stream"; echo $?) \
	"lttng list shows the trace-file count and size as LTTng"
lt start > /dev/null
# one thread on one CPU: one stream gets every record
AS taskset -c 0 "$SAMPLE" -n $N -d 50 > /dev/null 2>&1
lt stop > /dev/null
out=$(lt list tf)
ok $(grep -A22 -- '^- c:' <<<"$out" | grep -q "Discarded events: 0"; echo $?) "nothing discarded"
lt destroy tf > /dev/null
D1=$T/tf/ust/uid/$TUID/64-bit
f=$(files_of "$D1" c_0 | tr '\n' ' ')
ok $([ "$f" = "c_0_0 c_0_1 c_0_2 " ]; echo $?) "count 3: files c_0_0 c_0_1 c_0_2 ($f)"
big=$(max_size "$D1")
ok $([ "$big" -le 32768 ]; echo $?) "size 32k: no file larger (largest $big bytes)"
ok $([ "$(ls "$D1"/index | grep -c '^c_0_[0-9]*\.idx$')" = 3 ] && [ ! -e "$D1/c_0" ]; echo $?) \
	"an index per file (index/c_0_N.idx), no unnumbered file"
r=$("$IDXCHECK" "$T/tf")
ok $? "index files match the packets: $r"
split_threads "$T/tf"
ok $([ ! -s "$T/bt.err" ] && [ ! -e "$T/th.bad" ] && [ "$(ls "$T"/th.* | wc -l)" = 1 ]; echo $?) \
	"babeltrace2 reads the remaining files without a complaint"
tail_ok "the records are the newest ones, contiguous, up to the last" "$(ls "$T"/th.*)" $N

# --- per-PID buffers, size only: files numbered on, nothing lost -------------
N2=3000
lt create tp -o "$T/tp" > /dev/null
lt enable-channel -u c --buffers-pid --subbuf-size 8k --num-subbuf 64 -C 8k > /dev/null
lt enable-event -u -a -c c > /dev/null
lt add-context -u -t vpid -t vtid -t procname -c c > /dev/null
lt start > /dev/null
AS taskset -c 0 "$SAMPLE" -n $N2 -d 50 > /dev/null 2>&1
lt stop > /dev/null
lt destroy tp > /dev/null
D2=$(ls -d "$T"/tp/ust/pid/ust-sample-* 2>/dev/null | head -1)
nf=$(files_of "$D2" c_0 | wc -l)
last=$(files_of "$D2" c_0 | sed 's/^c_0_//' | sort -n | tail -1)
ok $([ "$nf" -gt 3 ] && [ "$last" = $((nf - 1)) ] && [ "$(max_size "$D2")" -le 8192 ]; echo $?) \
	"size without count: c_0_0 ... c_0_$last, none over 8 KiB ($nf files)"
r=$("$IDXCHECK" "$T/tp")
ok $? "per-PID index files match the packets: $r"
split_threads "$T/tp"
thread_ok "every record is there, in order" "$(ls "$T"/th.* | head -1)" $N2

# --- --no-output: started, traced into the buffers, nothing written ---------
lt create nout --no-output > /dev/null
lt enable-event -u -a > /dev/null
lt_says 0 "Tracing started for session nout" "a --no-output session starts" start
AS "$SAMPLE" -n 100 > /dev/null 2>&1
out=$(lt list)
ok $(grep -q "^  [0-9]) nout \[active\]" <<<"$out" && ! grep -A1 " nout " <<<"$out" | grep -q "Trace output"; echo $?) \
	"lttng list: active, no trace output line"
out=$(lt destroy -n nout 2>&1)
rc=$?
ok $([ $rc = 0 ] && [ "$out" = "Session nout destroyed" ]; echo $?) "destroy --no-wait of an active session (exit $rc: $out)"
ok $([ ! -e "$UH/lttng-traces" ] || ! ls "$UH/lttng-traces" | grep -q nout; echo $?) "nothing written"
