# SPDX-License-Identifier: GPL-2.0-only
# Kernel trace-file limits (enable-channel -C/-W), their index files, and
# --no-output sessions (sourced from run_tests.sh with lttng-test loaded:
# uses lt, lt_fail, tmp, L).  The trace of lttng_test_event, whose field
# seq counts the events of one write to /proc/lttng-test from 0, is read
# back with babeltrace2 and compared with what was emitted.

IDXCHECK=$_lttng_sh_top/selftests/lib/ctf-index-check

# seqs TRACE: the seq field of every lttng_test_event of TRACE, in order
seqs() {
	babeltrace2 "$1" 2> "$tmp/tf.err" |
		sed -n 's/.*lttng_test_event: .*[{ ]seq = \([0-9]*\),.*/\1/p'
}

N=2000
lt "create ktf" create ktf -o "$tmp/ktf"
lt "enable-channel -k tf -C 8k -W 3" enable-channel -k tf \
	--subbuf-size 4k --num-subbuf 64 -C 8k -W 3
out=$("$L" enable-channel -k big -C 100 2>&1)
rc=$?
ok $([ $rc = 0 ] && grep -qx "Warning: Tracefile size rounded up from (100) to subbuffer size (1048576)" <<<"$out"; echo $?) \
	"-C smaller than a sub-buffer: LTTng's warning, rounded up (exit $rc)"
lt_fail "-W without -C: LTTng's error" 1 \
	"Error: Missing option --tracefile-size. A file count without a size won't do anything." \
	enable-channel -k c3 -W 2
lt "enable-event -k lttng_test_event -c tf" enable-event -k lttng_test_event -c tf
lt "list ktf" list ktf
ok $(grep -A13 -- '^- tf:' <<<"$out" | grep -q "Trace file count: 3 per stream" &&
     grep -A13 -- '^- tf:' <<<"$out" | grep -q "Trace file size:  8192 bytes" &&
     grep -A13 -- '^- big:' <<<"$out" | grep -q "Trace file size:  1048576 bytes"; echo $?) \
	"lttng list shows the trace-file count and size"
lt "start ktf" start
# one write on CPU 0: stream tf_0 gets every event, the 64 sub-buffers
# hold them all (nothing discarded whatever the consumer's pace)
taskset -c 0 sh -c "echo $N > /proc/lttng-test"
lt "stop ktf" stop
lt "nothing discarded" list ktf
ok $(grep -A22 -- '^- tf:' <<<"$out" | grep -q "Discarded events: 0"; echo $?) "Discarded events: 0"
lt "destroy ktf" destroy ktf
K=$tmp/ktf/kernel
f=$(cd "$K" && ls -1 | grep -E '^tf_0(_[0-9]+)?$' | sort | tr '\n' ' ')
# LTTng's names: tf_0_0 .. tf_0_<count-1>, reused in turn
ok $([ "$f" = "tf_0_0 tf_0_1 tf_0_2 " ]; echo $?) "count 3: files tf_0_0 tf_0_1 tf_0_2 ($f)"
big=$(find "$K" -maxdepth 1 -type f -name 'tf_*' -printf '%s\n' | sort -n | tail -1)
ok $([ "$big" -le 8192 ]; echo $?) "size 8k: no file larger (largest $big bytes)"
ok $([ "$(ls "$K/index" | grep -c '^tf_0_[0-9]*\.idx$')" = 3 ]; echo $?) "an index per file (index/tf_0_N.idx)"
r=$("$IDXCHECK" "$tmp/ktf")
ok $? "index files match the packets: $r"
seqs "$tmp/ktf" > "$tmp/tf.seq"
ok $([ ! -s "$tmp/tf.err" ]; echo $?) "babeltrace2 reads the remaining files without a complaint"
got=$(wc -l < "$tmp/tf.seq")
first=$(head -1 "$tmp/tf.seq")
ok $([ "$got" -gt 0 ] && [ "$got" -lt $N ] &&
     seq "$first" $((N - 1)) | cmp -s - "$tmp/tf.seq"; echo $?) \
	"the newest events remain, contiguous up to the last (seq $first..$((N - 1)), $got events)"

# --- --no-output: started, records into the buffers, writes nothing ---------
lt "create kno --no-output" create kno --no-output
lt "enable-event -k lttng_test_event" enable-event -k lttng_test_event
lt "a --no-output session starts" start
ok $(has "Tracing started for session kno"; echo $?) "Tracing started for session kno"
echo 100 > /proc/lttng-test
lt "list kno" list kno
ok $(has "Recording session kno: [active]" && ! has "Trace output"; echo $?) "active, no trace output line"
lt "destroy --no-wait of the active session" destroy -n kno
ok $([ "$out" = "Session kno destroyed" ]; echo $?) "prints only: Session kno destroyed ($out)"
ok $([ ! -e "$HOME/lttng-traces" ] || ! ls "$HOME/lttng-traces" | grep -q '^kno'; echo $?) "nothing written"

# --- the smallest geometry LTTng accepts: one page-sized sub-buffer ---------
# lttng-modules refuses fewer than two sub-buffers only in overwrite mode
lt "create kgeo" create kgeo -o "$tmp/kgeo"
lt "enable-channel -k tiny 4k x 1 (discard)" enable-channel -k tiny --subbuf-size 4k --num-subbuf 1
lt_fail "4k x 1 in overwrite mode: the tracer's refusal, as LTTng" 1 \
	"Kernel create channel failed" enable-channel -k tinyow --subbuf-size 4k --num-subbuf 1 --overwrite
lt "enable-event -k lttng_test_event -c tiny" enable-event -k lttng_test_event -c tiny
lt "list kgeo" list kgeo
ok $(grep -A12 -- '^- tiny:' <<<"$out" | grep -q "Sub-buffer count:[[:space:]]*1$"; echo $?) "list: Sub-buffer count 1"
lt "start kgeo" start
# 20 events of one write fit in one 4 KiB packet: nothing can be lost
taskset -c 0 sh -c "echo 20 > /proc/lttng-test"
lt "stop kgeo" stop
lt "destroy kgeo" destroy kgeo
seqs "$tmp/kgeo" > "$tmp/geo.seq"
ok $([ ! -s "$tmp/tf.err" ] && seq 0 19 | cmp -s - "$tmp/geo.seq"; echo $?) \
	"babeltrace2 reads the 20 events of the 4k x 1 channel (got $(wc -l < "$tmp/geo.seq"))"
