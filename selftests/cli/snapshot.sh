# SPDX-License-Identifier: GPL-2.0-only
# Kernel snapshot sessions (create --snapshot, snapshot record / add-output
# / del-output / list-output), sourced from run_tests.sh after
# tracefile.sh (uses lt, lt_fail, tmp, L, IDXCHECK, seqs).  Every record
# is read back with babeltrace2: the newest events of what was emitted,
# contiguous, up to the last one.  Then one session with a kernel and a
# user-space channel (ust-sample, registered with root's daemon): one
# record holds both, every event of each.

# snap_ok DESC DIR N: DIR is a trace (index files right, babeltrace2
# quiet) whose events are the last ones of a write of N, at least one
# but not all; their seqs are left in DIR.seq
snap_ok() {
	local d=$1 dir=$2 want=$3 got first r
	r=$("$IDXCHECK" "$dir")
	ok $? "$d: index files match the packets: $r"
	seqs "$dir" > "$dir.seq"
	got=$(wc -l < "$dir.seq")
	first=$(head -1 "$dir.seq")
	ok $([ ! -s "$tmp/tf.err" ] && [ "$got" -gt 0 ] && [ "$got" -lt "$want" ] &&
	     seq "$first" $((want - 1)) | cmp -s - "$dir.seq"; echo $?) \
		"$d: babeltrace2 reads the newest events, contiguous (seq ${first:-none}..$((want - 1)), $got events)"
}

lt "create ks --snapshot -o" create ks --snapshot -o "$tmp/ks"
ok $(has "Snapshot session ks created." && has "Default snapshot output set to $tmp/ks" &&
     has "Every channel enabled for this session will be set to mmap output and default to overwrite mode." &&
     ! has "Traces will be output"; echo $?) "LTTng's messages"
lt_fail "record before the first start" 1 "Error: Session needs to be started once" snapshot record
lt "enable-channel -k sc 4k x 8" enable-channel -k sc --subbuf-size 4k --num-subbuf 8
lt "enable-event -k lttng_test_event -c sc" enable-event -k lttng_test_event -c sc
lt "list ks" list ks
ok $(has "Recording session ks: [inactive snapshot]" && has "Event-loss mode:  overwrite" &&
     has "Output mode:      mmap" && ! has "Trace output"; echo $?) "snapshot session, overwrite channel"
lt "start ks" start
N=3000
taskset -c 0 sh -c "echo $N > /proc/lttng-test"
lt "snapshot record" snapshot record
ok $([ "$out" = "Snapshot recorded successfully for session ks" ]; echo $?) "says: $out"
d0=$(ls -d "$tmp"/ks/snapshot-1-*-0 2>/dev/null)
ok $(basename "${d0:-none}" | grep -qE '^snapshot-1-[0-9]{8}-[0-9]{6}-0$' && [ -s "$d0/kernel/metadata" ] &&
     ls "$d0/kernel" | grep -q '^sc_0$'; echo $?) "record 0 in <output>/snapshot-1-<datetime>-0/kernel/ ($(basename "${d0:-none}"))"
[ -n "$d0" ] && snap_ok "record 0" "$d0" $N
lt "a second record" snapshot record
d1=$(ls -d "$tmp"/ks/snapshot-1-*-1 2>/dev/null)
[ -n "$d1" ] && seqs "$d1" > "$tmp/ks1.seq"
ok $([ -n "$d1" ] && [ -s "$tmp/ks1.seq" ] && cmp -s "$d0.seq" "$tmp/ks1.seq"; echo $?) \
	"record 1: the same events again (the buffers are not consumed)"
N2=1000
taskset -c 0 sh -c "echo $N2 > /proc/lttng-test"
ncpu=$(ls "$d0/kernel" | grep -c '^sc_[0-9]*$')
lt_fail "-m below a sub-buffer per stream: LTTng's error" 1 \
	"Error: Invalid snapshot size. Cannot fit at least one packet per stream." \
	snapshot record -m $((4096 * ncpu - 1))
lt "record -m $((8192 * ncpu)) (2 packets per stream)" snapshot record -m $((8192 * ncpu))
d2=$(ls -d "$tmp"/ks/snapshot-1-*-2 2>/dev/null)
sz=$(find "$d2/kernel" -maxdepth 1 -name 'sc_*' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
ok $([ -n "$d2" ] && [ "$sz" -gt 0 ] && [ "$sz" -le $((8192 * ncpu)) ]; echo $?) \
	"-m bounds the record: $sz bytes of stream files"
[ -n "$d2" ] && snap_ok "record -m" "$d2" $N2

# --- outputs ----------------------------------------------------------------
lt "snapshot list-output" snapshot list-output
ok $([ "$out" = "Snapshot output list for session ks
    [1] snapshot-1: $tmp/ks" ]; echo $?) "the default output, as LTTng lists it"
lt_fail "a second output" 1 "Error: Snapshot output already exists" snapshot add-output "$tmp/ko"
lt_fail "del-output of an unknown id" 1 "Error: Invalid parameter" snapshot del-output 5
lt "del-output 1" snapshot del-output 1
ok $(has "Snapshot output id 1 successfully deleted for session ks"; echo $?) "output 1 deleted"
lt_fail "record without an output" 1 "Error: Snapshot record failed" snapshot record
lt "add-output -n foo -m 1M" snapshot add-output -n foo -m 1M "$tmp/ko"
ok $(has "Snapshot output successfully added for session ks" &&
     has "  [2] foo: $tmp/ko (max size: 1048576 bytes)"; echo $?) "output 2 added"
lt "record -n bar DIR (one-time output)" snapshot record -s ks -n bar "$tmp/ko3"
ok $(has "Snapshot written at: $tmp/ko3" && ls "$tmp/ko3" | grep -qE '^bar-[0-9]{8}-[0-9]{6}-3$'; echo $?) \
	"written to DIR/bar-<datetime>-3"
lt "record to output foo" snapshot record
ok $(ls "$tmp/ko" | grep -qE '^foo-[0-9]{8}-[0-9]{6}-4$'; echo $?) "written to <foo's dir>/foo-<datetime>-4"
lt_fail "unknown action" 2 "Error: Unrecognized argument used with 'snapshot' command" snapshot bogus
lt "destroy ks" destroy ks
ok $([ "$out" = "Session ks destroyed" ]; echo $?) "destroyed, nothing to flush"
# --- a kernel channel and a user-space one in one snapshot session ---------
SAMPLE=$top/userspace/ust-sample/ust-sample
lt "create kus --snapshot" create kus --snapshot -o "$tmp/kus"
lt "enable-channel -k kc" enable-channel -k kc --subbuf-size 64k --num-subbuf 4
lt "enable-event -k lttng_test_event -c kc" enable-event -k lttng_test_event -c kc
lt "enable-channel -u uc" enable-channel -u uc --subbuf-size 64k --num-subbuf 4
lt "enable-event -u ust_sample:* -c uc" enable-event -u 'ust_sample:*' -c uc
lt "add-context -u -t vpid -c uc" add-context -u -t vpid -c uc
lt "start kus" start
echo 500 > /proc/lttng-test
"$SAMPLE" -n 30 > "$tmp/kus.sample"
P=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/kus.sample")
lt "snapshot record of both domains" snapshot record
d=$(ls -d "$tmp"/kus/snapshot-1-*-0 2>/dev/null)
ok $([ -n "$d" ] && [ -s "$d/kernel/metadata" ] && [ -s "$d/ust/uid/0/64-bit/metadata" ]; echo $?) \
	"one record, kernel/ and ust/uid/0/64-bit/ ($(basename "${d:-none}"))"
nk=$(bt_count "$d/kernel" ' lttng_test_event: ')
# ust-sample -n 30: start, 30 event, 30 tick, 3 warn, stop
nu=$(bt_count "$d/ust" "vpid = $P ")
nb=$(bt_count "$d" ' lttng_test_event: | ust_sample:')
ok $([ "$nk" = 500 ] && [ "$nu" = 65 ] && [ "$nb" = 565 ]; echo $?) \
	"babeltrace2 reads both halves: $nk kernel events (500), $nu of the app (65), $nb together (565)"
lt "destroy kus" destroy kus

lt "create a normal session" create kn -o "$tmp/kn"
lt_fail "record in a normal session" 1 \
	"Error: Snapshot command can't be applied to a non-snapshot session" snapshot record
lt "destroy kn" destroy kn
