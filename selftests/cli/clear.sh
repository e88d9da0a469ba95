# SPDX-License-Identifier: GPL-2.0-only
# lttng clear and lttng regenerate on kernel sessions, sourced from
# run_tests.sh after rotate.sh (uses lt, lt_fail, tmp, WL, val).  A first
# process makes N getppid() calls, the active session is cleared (stopped
# and started again around it, as LTTng: a new statedump), a second one
# makes N calls, then the statedump is regenerated twice: the trace read
# by babeltrace2 holds none of the first process's calls, all of the
# second's, the statedump of the clear's restart (complete before the
# second process's first call) and the two regenerated ones (the one of
# the first start was cleared): three lttng_statedump_start/end pairs,
# init's lttng_statedump_process_state three times.  Then a snapshot
# session cleared.
N=${CLR_N:-2000}

lt "create kc" create kc -o "$tmp/kc"
lt "enable-event -k --syscall getppid" enable-event -k --syscall getppid
lt "enable-event -k the statedump's start, end, process_state" enable-event -k \
	lttng_statedump_start,lttng_statedump_end,lttng_statedump_process_state
lt "add-context -k -t tid" add-context -k -t tid
lt "start kc" start
"$WL" getppid "$N" > "$tmp/kc.w1"
lt "clear an active kernel session" clear
ok $([ "$out" = 'Session "kc" cleared' ]; echo $?) "clear: LTTng's text"
"$WL" getppid "$N" > "$tmp/kc.w2"
lt "regenerate statedump" regenerate statedump
ok $([ "$out" = "State dump successfully regenerated for session kc" ]; echo $?) \
	"regenerate statedump: LTTng's text"
lt "regenerate statedump -s kc (again)" regenerate statedump -s kc
lt "regenerate metadata" regenerate metadata
ok $([ "$out" = "Metadata successfully regenerated for session kc" ]; echo $?) \
	"regenerate metadata: LTTng's text"
lt "stop kc" stop
lt_fail "regenerate metadata of an inactive session: LTTng's error" 118 \
	"Error: Session not started" regenerate metadata
t1=$(val "$tmp/kc.w1" tid)
t2=$(val "$tmp/kc.w2" tid)
babeltrace2 "$tmp/kc" > "$tmp/kc.ev" 2> "$tmp/kc.err"
ok $([ ! -s "$tmp/kc.err" ] && [ "$(ls "$tmp/kc")" = kernel ]; echo $?) \
	"babeltrace2 reads the cleared trace in <output>/kernel, silently"
c1=$(grep 'syscall_entry_getppid:' "$tmp/kc.ev" | grep -c "{ tid = $t1 }")
c2=$(grep 'syscall_entry_getppid:' "$tmp/kc.ev" | grep -c "{ tid = $t2 }")
ok $([ "$c1" = 0 ] && [ "$c2" = "$N" ]; echo $?) \
	"only the calls after the clear: tid $t1: $c1 (0), tid $t2: $c2 ($N)"
ns=$(grep -c ' lttng_statedump_start: ' "$tmp/kc.ev")
ne=$(grep -c ' lttng_statedump_end: ' "$tmp/kc.ev")
ni=$(grep ' lttng_statedump_process_state: ' "$tmp/kc.ev" | grep -c '{ tid = 1, vtid = 1, pid = 1,')
np=$(grep -c ' lttng_statedump_process_state: ' "$tmp/kc.ev")
ok $([ "$ns" = 3 ] && [ "$ne" = 3 ] && [ "$ni" = 3 ]; echo $?) \
	"the clear's statedump and two regenerated ones: $ns starts, $ne ends, init's process_state $ni times ($np process_state in all)"
# in time order: the clear's statedump, whole (start, init's
# process_state, end), before the second process's first call
s1=$(grep -n -m1 ' lttng_statedump_start: ' "$tmp/kc.ev" | cut -d: -f1)
i1=$(grep -n ' lttng_statedump_process_state: ' "$tmp/kc.ev" | grep -m1 '{ tid = 1, vtid = 1, pid = 1,' | cut -d: -f1)
e1=$(grep -n -m1 ' lttng_statedump_end: ' "$tmp/kc.ev" | cut -d: -f1)
w1=$(grep -n 'syscall_entry_getppid:' "$tmp/kc.ev" | grep -m1 "{ tid = $t2 }" | cut -d: -f1)
ok $([ "${s1:-0}" -gt 0 ] && [ "${s1:-0}" -lt "${i1:-0}" ] &&
     [ "${i1:-0}" -lt "${e1:-0}" ] && [ "${e1:-0}" -lt "${w1:-0}" ]; echo $?) \
	"a statedump follows the clear: its start (line $s1), init's state ($i1), its end ($e1) before the first call after the clear ($w1)"
lt "clear after stop" clear kc
babeltrace2 "$tmp/kc" > "$tmp/kc.ev" 2> "$tmp/kc.err"
ok $([ ! -s "$tmp/kc.err" ] && [ ! -s "$tmp/kc.ev" ]; echo $?) \
	"clear after stop: the trace reads, with no event left"
lt "destroy kc" destroy kc

lt "create kcs --snapshot" create kcs --snapshot -o "$tmp/kcs"
lt "enable-event -k --syscall getppid" enable-event -k --syscall getppid
lt "add-context -k -t tid" add-context -k -t tid
lt "start kcs" start
"$WL" getppid "$N" > "$tmp/kcs.w1"
lt "clear a kernel snapshot session" clear
"$WL" getppid "$N" > "$tmp/kcs.w2"
lt "snapshot record" snapshot record
t1=$(val "$tmp/kcs.w1" tid)
t2=$(val "$tmp/kcs.w2" tid)
babeltrace2 "$tmp/kcs" 2> "$tmp/kcs.err" | grep 'syscall_entry_getppid:' > "$tmp/kcs.ev"
c1=$(grep -c "{ tid = $t1 }" "$tmp/kcs.ev")
c2=$(grep -c "{ tid = $t2 }" "$tmp/kcs.ev")
ok $([ ! -s "$tmp/kcs.err" ] && [ "$c1" = 0 ] && [ "$c2" = "$N" ]; echo $?) \
	"the snapshot after the clear: tid $t1: $c1 (0), tid $t2: $c2 ($N)"
lt "destroy kcs" destroy kcs
rm -rf "$tmp/kc" "$tmp/kcs"

# --- regenerate metadata after a clock change: the clock offset sampled
# again, kernel and user space (ust-sample registered with root's daemon).
# The wall clock is set one hour ahead around the regeneration, then back;
# the kernel trace, its metadata written anew, still reads whole.
SAMPLE=$top/userspace/ust-sample/ust-sample
lt "create ur" create ur -o "$tmp/ur"
lt "enable-event -u ust_sample:*" enable-event -u 'ust_sample:*'
lt "enable-event -k --syscall getppid (ur)" enable-event -k --syscall getppid
lt "add-context -k -t tid (ur)" add-context -k -t tid
lt "start ur" start
"$SAMPLE" -n 5 > /dev/null
"$WL" getppid 300 > "$tmp/ur.w"
um=$tmp/ur/ust/uid/0/64-bit/metadata
km=$tmp/ur/kernel/metadata
off() { sed -n 's/^\toffset_s = \(-\?[0-9]*\);$/\1/p' "$1"; }
o1=$(off "$um")
k1=$(off "$km")
date -s "@$(($(date +%s) + 3600))" > /dev/null
lt "regenerate metadata (kernel and user space), the wall clock one hour ahead" regenerate metadata
o2=$(off "$um")
k2=$(off "$km")
date -s "@$(($(date +%s) - 3600))" > /dev/null
d=$((${o2:-0} - ${o1:-0}))
ok $([ -n "$o1" ] && [ "$d" -ge 3599 ] && [ "$d" -le 3601 ]; echo $?) \
	"the regenerated metadata's clock offset is sampled again: offset_s $o1 -> $o2 (+$d s, 3600 expected)"
d=$((${k2:-0} - ${k1:-0}))
ok $([ -n "$k1" ] && [ "$d" -ge 3599 ] && [ "$d" -le 3601 ] &&
     [ "$(grep -c '^clock {' "$km")" = 1 ]; echo $?) \
	"kernel: the regenerated metadata, one clock, its offset sampled again: offset_s $k1 -> $k2 (+$d s, 3600 expected)"
"$WL" getppid 200 > "$tmp/ur.w2"
lt "stop ur" stop
babeltrace2 "$tmp/ur/kernel" > "$tmp/ur.ev" 2> "$tmp/ur.err"
t1=$(val "$tmp/ur.w" tid)
t2=$(val "$tmp/ur.w2" tid)
c1=$(grep -c "syscall_entry_getppid:.*tid = $t1 }" "$tmp/ur.ev")
c2=$(grep -c "syscall_entry_getppid:.*tid = $t2 }" "$tmp/ur.ev")
ok $([ ! -s "$tmp/ur.err" ] && [ "$c1" = 300 ] && [ "$c2" = 200 ]; echo $?) \
	"babeltrace2 reads the kernel trace with the regenerated metadata: getppid entries $c1/300 before, $c2/200 after"
lt "destroy ur" destroy ur
rm -rf "$tmp/ur"
