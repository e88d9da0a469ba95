# SPDX-License-Identifier: GPL-2.0-only
# Kernel session rotations (lttng rotate), sourced from run_tests.sh
# after snapshot.sh (uses lt, lt_fail, tmp, WL, IDXCHECK, val).  A first
# process makes N getppid() calls before the first rotation (all of them
# in archive 0); a second one makes N calls while the session is rotated
# again; every archive is read alone with babeltrace2 and, per tid, the
# syscall entries of the three archives add up to exactly N: nothing lost
# or repeated across the chunks.
N=${ROT_N:-100000}

lt "create kr" create kr -o "$tmp/kr"
lt "enable-channel -k rc 1M x 8" enable-channel -k rc --subbuf-size 1M --num-subbuf 8
lt "enable-event -k --syscall getppid -c rc" enable-event -k --syscall getppid -c rc
lt "add-context -k -t tid -c rc" add-context -k -t tid -c rc
lt_fail "rotate before the first start: LTTng's error" 1 "Error: Session needs to be started once" rotate
lt "start kr" start
"$WL" getppid "$N" > "$tmp/kr.w1"
lt "rotate" rotate
r1=$out
"$WL" getppid "$N" > "$tmp/kr.w2" &
w2=$!
lt "rotate -n (a workload running)" rotate -n
ok $([ "$out" = "Rotation ongoing for session kr" ]; echo $?) "rotate -n: LTTng's text"
wait "$w2"
lt "stop kr" stop
lt "list kr" list kr
dis=$(sed -n 's/^ *Discarded events: //p' <<<"$out" | head -1)
ok $([ "${dis:-x}" = 0 ]; echo $?) "nothing discarded (${dis:-?})"
ok $([ "$(sed -n 1p <<<"$r1")" = "Waiting for rotation to complete." ] &&
     sed -n 2p <<<"$r1" | grep -qx "Trace chunk archive for session kr is now readable at $tmp/kr/archives/$ISO-$ISO-0"; echo $?) \
	"rotate: LTTng's texts, archive <begin>-<end>-0"
ok $(ls "$tmp/kr" | grep -qx "$ISO-2"; echo $?) "the current chunk is <output>/<begin>-2"
lt "destroy kr (archives the last chunk)" destroy kr
ok $(grep -qx "Destroying session kr\.*Trace chunk archive for session kr is now readable at $tmp/kr/archives/$ISO-$ISO-2" <<<"$out" &&
     [ "$(tail -1 <<<"$out")" = "Session kr destroyed" ]; echo $?) \
	"destroy prints the last archive as LTTng 2.13"
ok $([ "$(ls "$tmp/kr")" = archives ] && [ "$(ls "$tmp/kr/archives" | grep -c "^$ISO-$ISO-[012]\$")" = 3 ]; echo $?) \
	"three archives <begin>-<end>-<n> ($(ls "$tmp/kr/archives" | tr '\n' ' '))"
t1=$(val "$tmp/kr.w1" tid)
t2=$(val "$tmp/kr.w2" tid)
bad=0
s1=0
s2=0
nz=0
a0=
for a in $(ls "$tmp/kr/archives" | sort -t- -k3n); do
	r=$("$IDXCHECK" "$tmp/kr/archives/$a") || { bad=1; echo "# $a: $r"; }
	babeltrace2 "$tmp/kr/archives/$a" 2> "$tmp/kr.err" | grep 'syscall_entry_getppid:' > "$tmp/kr.ev"
	[ -s "$tmp/kr.err" ] && { bad=1; head -3 "$tmp/kr.err" | sed 's/^/# /'; }
	c1=$(grep -c "{ tid = $t1 }" "$tmp/kr.ev")
	c2=$(grep -c "{ tid = $t2 }" "$tmp/kr.ev")
	echo "# $a: tid $t1: $c1, tid $t2: $c2 getppid entries"
	s1=$((s1 + c1))
	s2=$((s2 + c2))
	[ $((c1 + c2)) -gt 0 ] && nz=$((nz + 1))
	[ -n "$a0" ] || a0=$c1
done
ok $bad "babeltrace2 reads each archive alone; index files match the packets"
ok $([ "$s1" = "$N" ] && [ "$s2" = "$N" ]; echo $?) \
	"per tid, the archives add up to exactly $N calls (tid $t1: $s1, tid $t2: $s2)"
ok $([ "$a0" = "$N" ] && [ "$nz" -ge 2 ]; echo $?) \
	"the first process's calls all in archive 0 ($a0), the calls over $nz archives"

lt "create krs --snapshot" create krs --snapshot -o "$tmp/krs"
lt "enable-event -k --syscall getppid" enable-event -k --syscall getppid
lt "start krs" start
lt_fail "rotate a snapshot session: LTTng's error" 1 \
	"Error: Rotation feature not available for this session's creation mode" rotate
lt "destroy krs" destroy krs

# automatic rotations: the daemon rotates every second while a process
# makes N getppid() calls in bursts over ~3 s; every archive read alone,
# per tid they add up to exactly N
lt "create krt" create krt -o "$tmp/krt"
lt "enable-event -k --syscall getppid (krt)" enable-event -k --syscall getppid
lt "add-context -k -t tid (krt)" add-context -k -t tid
lt "enable-rotation --timer=1s" enable-rotation --timer=1s
ok $([ "$out" = "Enabled periodic rotations every 1000000 us on session krt" ]; echo $?) \
	"enable-rotation: LTTng's text"
lt "start krt" start
( for i in 1 2 3 4 5 6; do "$WL" getppid $((N / 6)) > "$tmp/krt.w$i"; sleep 0.5; done )
lt "stop krt" stop
lt "destroy krt" destroy krt
tids=$(for i in 1 2 3 4 5 6; do val "$tmp/krt.w$i" tid; done | tr '\n' '|')
bad=0
sum=0
na=0
for a in $(ls "$tmp/krt/archives" | sort -t- -k3n); do
	babeltrace2 "$tmp/krt/archives/$a" 2> "$tmp/krt.err" | grep 'syscall_entry_getppid:' > "$tmp/krt.ev"
	[ -s "$tmp/krt.err" ] && { bad=1; head -3 "$tmp/krt.err" | sed 's/^/# /'; }
	sum=$((sum + $(grep -Ec "\\{ tid = (${tids%|}) \\}" "$tmp/krt.ev")))
	na=$((na + 1))
done
ok $([ "$bad" = 0 ] && [ "$na" -ge 3 ]; echo $?) "the daemon rotated every second: $na archives, each read alone"
ok $([ "$sum" = $((N / 6 * 6)) ]; echo $?) "the archives add up to the $((N / 6 * 6)) calls made ($sum)"
