#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/events/run_tests.sh - run in the VM as root: the event sources
# against workloads whose ground truth is known (selftests/events/workload
# prints it), traced with selftests/lib/lttng-trace, read back with
# babeltrace2 and compared.  TAP output.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
ko=$LTTNG_TRACER_KO
tko=$LTTNG_TEST_KO
trace=$top/selftests/lib/lttng-trace
wl=$dir/workload
tmp=$(mktemp -d "${LTTNG_EVENTS_TMP:-/tmp}/lttng-events.XXXXXX")

# rec NAME [lttng-trace args...] -- CMD: trace into $tmp/NAME, text in
# $tmp/NAME.txt, command output in $tmp/NAME.out; returns lttng-trace's status
rec() {
	local name=$1
	shift
	rm -rf "$tmp/$name"
	"$trace" -o "$tmp/$name" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
	local rc=$?
	bt_text "$tmp/$name" "$tmp/$name.txt" || rc=99
	return $rc
}

ktap_header
lttng_unload
mod_fresh_load "$ko"

# --- syscalls: N getppid() from a known tid --------------------------------
N=50
rec getppid -c tid -e sc:getppid -- "$wl" getppid $N
rc=$?
tid=$(val "$tmp/getppid.out" tid)
ppid=$(val "$tmp/getppid.out" ppid)
ok $rc "syscalls: trace of $N getppid() recorded and decoded"
e=$(count_lines "$tmp/getppid.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
x=$(count_lines "$tmp/getppid.txt" "syscall_exit_getppid:" "\{ tid = $tid \}" "ret = $ppid \}")
[ "$e" = $N ] && [ "$x" = $N ]
ok $? "syscalls: exactly $N entry ($e) and $N exit ($x, ret = $ppid) events of tid $tid"

# all syscalls, typed arguments (openat filename read from user memory)
rec allsc -c tid -e 'sc:*' -- "$wl" ids
rc=$?
tid=$(val "$tmp/allsc.out" tid)
pid=$(val "$tmp/allsc.out" pid)
ok $rc "syscalls: sc:* traced and decoded"
e=$(count_lines "$tmp/allsc.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
o=$(count_lines "$tmp/allsc.txt" "syscall_entry_openat:" "\{ tid = $tid \}" "filename = \"/proc/thread-self/comm\"")
x=$(count_lines "$tmp/allsc.txt" "syscall_exit_openat:" "\{ tid = $tid \}" "ret = [0-9]+ \}")
[ "$e" = 2 ] && [ "$o" = 1 ] && [ "$x" -ge 1 ]
ok $? "syscalls: sc:* has the 2 getppid ($e) and the openat of /proc/thread-self/comm ($o, $x exits >= 0)"
# the command was released from a system call begun before the start
# (a read() on 6.1; the kernel and libc decide which): its first event is
# that call's exit; every later entry but exit_group's has its exit
ent=$(count_lines "$tmp/allsc.txt" "syscall_entry_" "\{ tid = $tid \}")
ext=$(count_lines "$tmp/allsc.txt" "syscall_exit_" "\{ tid = $tid \}")
grp=$(count_lines "$tmp/allsc.txt" "syscall_entry_exit_group:" "\{ tid = $tid \}")
firstev=$(grep -E "syscall_.*\{ tid = $tid \}" "$tmp/allsc.txt" | head -n 1 | sed -n 's/.* \(syscall_[a-z_0-9]*\): .*/\1/p')
first=$(echo "$firstev" | grep -c "^syscall_exit_")
[ "$ent" -gt 10 ] && [ "$grp" = 1 ] && [ "$first" = 1 ] && [ $((ent - grp)) = $((ext - 1)) ]
ok $? "syscalls: every entry of tid $tid has its exit ($ent entries, $ext exits, $grp exit_group, first: ${firstev:-none})"

# entry only
rec entryonly -c tid -e sc:getppid:entry -- "$wl" getppid 3
tid=$(val "$tmp/entryonly.out" tid)
e=$(count_lines "$tmp/entryonly.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
x=$(count_lines "$tmp/entryonly.txt" "syscall_exit_getppid:")
[ "$e" = 3 ] && [ "$x" = 0 ]
ok $? "syscalls: entry only gives 3 entries ($e) and no exit ($x)"

# two rules matching the same syscall give one event, not two records
rec overlap -c tid -e sc:getppid -e 'sc:get*' -- "$wl" getppid 7
tid=$(val "$tmp/overlap.out" tid)
e=$(count_lines "$tmp/overlap.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
[ "$e" = 7 ]
ok $? "syscalls: getppid and get* together record 7 getppid (got $e)"

# a rule created disabled records nothing
rec disabled -c tid -E sc:getppid -E tp:sched_switch -E kp:dis:__x64_sys_getppid \
	-e tp:sched_process_exec -- "$wl" getppid 5
tid=$(val "$tmp/disabled.out" tid)
d=$(count_lines "$tmp/disabled.txt" "(syscall_|sched_switch|dis:)")
x=$(count_lines "$tmp/disabled.txt" "sched_process_exec:" "tid = $tid,")
[ "$d" = 0 ] && [ "$x" = 1 ]
ok $? "disabled rules record nothing ($d), an enabled one still does ($x)"

# listing
"$trace" -l sc > "$tmp/list-sc" 2>&1
nsc=$(wc -l < "$tmp/list-sc")
grep -qx getppid "$tmp/list-sc" && grep -qx openat "$tmp/list-sc" && [ "$nsc" -gt 300 ]
ok $? "listing: $nsc syscalls, getppid and openat among them"
"$trace" -l tp > "$tmp/list-tp" 2>&1
for ev in sched_switch sched_process_fork irq_softirq_entry timer_hrtimer_start \
	kmem_kmalloc net_dev_xmit block_rq_issue power_cpu_idle module_load \
	workqueue_execute_start signal_generate lttng_statedump_process_state; do
	grep -qx "$ev" "$tmp/list-tp" || { echo "# $ev not listed"; break; }
done
ok $? "listing: the tracepoint events of every family are listed"

# names as LTTng 2.13's: events after the entry point, LTTng's argument
# names (lttng-analyses reads sendto's "len", recvfrom's "size"...)
grep -qx newstat "$tmp/list-sc" && grep -qx newuname "$tmp/list-sc" &&
	grep -qx sendfile64 "$tmp/list-sc" && grep -qx umount "$tmp/list-sc" &&
	! grep -qxE "stat|uname|sendfile|umount2" "$tmp/list-sc"
ok $? "listing: syscalls named after their entry point, as LTTng (newstat, newuname, sendfile64, umount)"
rm -rf "$tmp/scnames"
"$trace" -o "$tmp/scnames" -e 'sc:*' -- true > /dev/null 2>&1
babeltrace2 --output-format=ctf-metadata "$tmp/scnames/kernel" > "$tmp/scnames.tsdl" 2>&1
# fields EVENT: its payload field names, space-separated
fields() {
	awk -v ev="\"$1\";" '$1 == "name" && $3 == ev { on = 1; next }
		on && /^event/ { exit }
		on && /^\t\t.*;$/ { f = $NF; sub(/;$/, "", f); sub(/\[.*$/, "", f); sub(/^_/, "", f); printf "%s ", f }' \
		"$tmp/scnames.tsdl"
}
want="sendto=fd buff len flags addr addr_len|recvfrom=fd ubuf size flags addr addr_len|readv=fd vec vlen|splice=fd_in off_in fd_out off_out len flags|dup=fildes|sendfile64=out_fd in_fd offset count|mmap=addr len prot flags fd offset|wait4=upid stat_addr options ru"
bad=
IFS='|' read -ra pairs <<<"$want"
for p in "${pairs[@]}"; do
	got=$(fields "syscall_entry_${p%%=*}")
	[ "${got% }" = "${p#*=}" ] || bad="$bad ${p%%=*}: '${got% }';"
done
[ -z "$bad" ] || echo "#$bad"
ok $([ -z "$bad" ] && grep -q syscall_entry_sendto "$tmp/scnames.tsdl"; echo $?) \
	"metadata: syscall arguments named as LTTng names them (sendto len, recvfrom size, readv vlen...)"

# --- sched: fork + exec + exit of a known program ---------------------------
rec forkexec -c tid -e tp:sched_process_fork -e tp:sched_process_exec \
	-e tp:sched_process_exit -- "$wl" forkexec /bin/true
ok $? "sched: fork/exec/exit traced"
parent=$(val "$tmp/forkexec.out" parent)
child=$(val "$tmp/forkexec.out" child)
f=$(count_lines "$tmp/forkexec.txt" "sched_process_fork:" "parent_tid = $parent, parent_pid = $parent," "child_tid = $child," "child_pid = $child,")
x=$(count_lines "$tmp/forkexec.txt" "sched_process_exec:" "filename = \"/bin/true\", tid = $child, old_tid = $child \}")
q=$(count_lines "$tmp/forkexec.txt" "sched_process_exit:" "tid = $child, prio")
[ "$f" = 1 ] && [ "$x" = 1 ] && [ "$q" = 1 ]
ok $? "sched: fork $parent -> $child ($f), exec /bin/true ($x), exit ($q)"

# --- sched: pipe ping-pong on one CPU ---------------------------------------
N=40
rec pingpong -e tp:sched_switch -e 'tp:sched_wak*' -- "$wl" pingpong $N
ok $? "sched: ping-pong traced"
a=$(val "$tmp/pingpong.out" tid_a)
b=$(val "$tmp/pingpong.out" tid_b)
ab=$(count_lines "$tmp/pingpong.txt" "sched_switch:" "prev_tid = $a," "next_tid = $b,")
ba=$(count_lines "$tmp/pingpong.txt" "sched_switch:" "prev_tid = $b," "next_tid = $a,")
# a blocks in read() each round trip and b's write wakes it up
wk=$(count_lines "$tmp/pingpong.txt" "sched_waking:" "tid = $a,")
[ "$ab" -ge $((N / 2)) ] && [ "$ba" -ge $((N / 2)) ] && [ "$wk" -ge $((N / 2)) ]
ok $? "sched: switches $a -> $b ($ab) and $b -> $a ($ba), wakeups of $a ($wk), for $N round trips"

# --- kprobes and kretprobes -------------------------------------------------
N=20
rec kprobe -c tid -e kp:gp_probe:__x64_sys_getppid -e kr:gp_func:__x64_sys_getppid \
	-- "$wl" getppid $N
ok $? "kprobes: kprobe and kretprobe on __x64_sys_getppid traced"
tid=$(val "$tmp/kprobe.out" tid)
ppid=$(val "$tmp/kprobe.out" ppid)
k=$(count_lines "$tmp/kprobe.txt" "gp_probe:" "\{ tid = $tid \}" "ip = 0x")
en=$(count_lines "$tmp/kprobe.txt" "gp_func_entry:" "\{ tid = $tid \}")
rt=$(count_lines "$tmp/kprobe.txt" "gp_func_return:" "\{ tid = $tid \}" "ret = $ppid \}")
[ "$k" = $N ] && [ "$en" = $N ] && [ "$rt" = $N ]
ok $? "kprobes: $N hits of the kprobe ($k), $N entries ($en) and returns with ret = $ppid ($rt)"

# kprobe by address (from /proc/kallsyms) and by symbol+offset
addr=$(awk '$3 == "__x64_sys_getppid" { print $1; exit }' /proc/kallsyms)
rec kpaddr -c tid -e "kp:byaddr:0x$addr" -e kp:byoff:__x64_sys_getppid+0 \
	-- "$wl" getppid 9
tid=$(val "$tmp/kpaddr.out" tid)
a=$(count_lines "$tmp/kpaddr.txt" "byaddr:" "\{ tid = $tid \}")
o=$(count_lines "$tmp/kpaddr.txt" "byoff:" "\{ tid = $tid \}")
# both at the function's entry (moved past an ENDBR64 where IBT is on)
ipa=$(grep -m1 "byaddr:" "$tmp/kpaddr.txt" | sed -E 's/.*ip = 0x([0-9A-F]+) .*/\1/')
ipo=$(grep -m1 "byoff:" "$tmp/kpaddr.txt" | sed -E 's/.*ip = 0x([0-9A-F]+) .*/\1/')
d=$(( 0x${ipa:-0} - 0x$addr ))
[ "$a" = 9 ] && [ "$o" = 9 ] && [ "$ipa" = "$ipo" ] && { [ $d = 0 ] || [ $d = 4 ]; }
ok $? "kprobes: by address 0x$addr ($a) and symbol+0 ($o), 9 hits each, same ip 0x$ipa"

# --- errors -----------------------------------------------------------------
"$trace" -o "$tmp/err" -e tp:no_such_event_xyz > /dev/null 2> "$tmp/err1"
r1=$?
"$trace" -o "$tmp/err" -e sc:no_such_syscall_xyz > /dev/null 2> "$tmp/err2"
r2=$?
"$trace" -o "$tmp/err" -e kp:p:no_such_symbol_xyz > /dev/null 2> "$tmp/err3"
r3=$?
[ $r1 = 3 ] && [ $r2 = 3 ] && [ $r3 = 3 ] && grep -q "errno 2 " "$tmp/err1" &&
	grep -q "errno 2 " "$tmp/err2" && grep -q "errno 2 " "$tmp/err3"
ok $? "errors: unknown tracepoint, syscall and kprobe symbol are refused with ENOENT"
"$trace" -o "$tmp/err" -e 'tp:sched_*' -e 'sc:no_such_*' > /dev/null 2> "$tmp/err4"
ok $? "errors: wildcards matching events (sched_*) or nothing (no_such_*) are accepted"

# --- contexts equal what /proc shows ----------------------------------------
ctxs="-c pid -c tid -c ppid -c vpid -c vtid -c vppid -c procname -c nice -c prio
	-c uid -c gid -c euid -c egid -c vuid -c vgid -c hostname -c cpu_id
	-c pid_ns -c mnt_ns -c net_ns -c uts_ns -c ipc_ns -c user_ns -c cgroup_ns
	-c time_ns -c interruptible -c preemptible -c need_reschedule
	-c migratable -c callstack_kernel"
# ctx_check NAME: the contexts of the traced getppid() of NAME's workload
# equal the ids it printed (from /proc and from its own syscalls)
ctx_check() {
	local o=$tmp/$1.out line=$tmp/$1.line want nsok=0 ns tid
	tid=$(val "$o" tid)
	grep -E "syscall_entry_getppid:.* tid = $tid," "$tmp/$1.txt" | head -n 1 > "$line"
	want="pid = $(val "$o" pid), tid = $tid, ppid = $(val "$o" ppid), vpid = $(val "$o" vpid), vtid = $(val "$o" vtid), vppid = $(val "$o" vppid), procname = \"$(val "$o" comm)\", nice = $(val "$o" nice), prio = $(val "$o" prio), uid = $(val "$o" uid), gid = $(val "$o" gid), euid = $(val "$o" euid), egid = $(val "$o" egid), vuid = $(val "$o" uid), vgid = $(val "$o" gid), hostname = \"$(uname -n)\""
	grep -qF "$want" "$line"
	ok $? "contexts ($1): ids, procname, nice, prio and hostname equal /proc's"
	for ns in pid mnt net uts ipc user cgroup; do
		grep -qF "${ns}_ns = $(val "$o" ${ns}_ns)," "$line" ||
			{ nsok=1; echo "# ${ns}_ns differs"; }
	done
	ok $nsok "contexts ($1): namespace inode numbers equal /proc/self/ns/*"
	if [ $nsok != 0 ] || ! grep -qF "$want" "$line"; then
		echo "# want: $want"
		sed 's/^/# got:  /' "$line"
	fi
}

# shellcheck disable=SC2086
rec ctx $ctxs -e sc:getppid:entry -- "$wl" ids
ok $? "contexts: every context added and decoded"
ctx_check ctx
grep -qE "callstack_kernel = \[ \[0\] = 0x[0-9A-F]+" "$tmp/ctx.line" &&
	grep -qE "cpu_id = [0-9]+, pid_ns" "$tmp/ctx.line" &&
	grep -qE "preemptible = 1, need_reschedule = [01], migratable = [01]" "$tmp/ctx.line"
ok $? "contexts: callstack_kernel has addresses, cpu_id, preemptible (1 in a syscall)"

# in a new pid namespace: vpid 1, vppid 0, pid/tid/ppid of the initial one
# shellcheck disable=SC2086
rec ctxns $ctxs -e sc:getppid:entry -- unshare --pid --fork "$wl" ids
ok $? "contexts: traced in a new pid namespace"
[ "$(val "$tmp/ctxns.out" vpid)" = 1 ] && [ "$(val "$tmp/ctxns.out" vppid)" = 0 ] &&
	[ "$(val "$tmp/ctxns.out" pid)" != 1 ]
ok $? "contexts (ctxns): the workload is pid 1 of its namespace"
ctx_check ctxns

# --- statedump --------------------------------------------------------------
rec statedump -e 'tp:lttng_statedump_*' -- "$wl" getppid 1
ok $? "statedump: traced"
child=$(val "$tmp/statedump.out" tid)
tracer_pid=$(val "$tmp/statedump.out" ppid)
s=$(count_lines "$tmp/statedump.txt" "lttng_statedump_start:")
e=$(count_lines "$tmp/statedump.txt" "lttng_statedump_end:")
p=$(count_lines "$tmp/statedump.txt" "lttng_statedump_process_state:" "\{ tid = $child, vtid = $child, pid = $child, vpid = $child, ppid = $tracer_pid, vppid = $tracer_pid, name = \"lttng-trace\"")
fd=$(count_lines "$tmp/statedump.txt" "lttng_statedump_file_descriptor:" "pid = $tracer_pid, fd = [0-9]+," "filename = \"/dev/lttng\"")
c=$(count_lines "$tmp/statedump.txt" "lttng_statedump_cpu_topology:")
[ "$s" = 1 ] && [ "$e" = 1 ] && [ "$p" = 1 ] && [ "$fd" -ge 1 ] && [ "$c" = "$(nproc)" ]
ok $? "statedump: start/end, the waiting child $child ($p), /dev/lttng fd of $tracer_pid ($fd), $c CPUs"

# a session's statedump goes to that session only: A is active (its
# command waits for a file) while B starts and does its statedump
rm -f "$tmp/sd.ready" "$tmp/sd.done"
"$trace" -o "$tmp/sdA" -e 'tp:lttng_statedump_*' -- \
	sh -c "echo > $tmp/sd.ready; while [ ! -e $tmp/sd.done ]; do sleep 0.1; done" \
	> /dev/null 2>&1 &
holder=$!
for _ in $(seq 1 300); do [ -e "$tmp/sd.ready" ] && break; sleep 0.1; done
rec sdB -e 'tp:lttng_statedump_*' -- "$wl" getppid 1
rb=$?
echo > "$tmp/sd.done"
wait $holder
ra=$?
babeltrace2 "$tmp/sdA" > "$tmp/sdA.txt" 2>&1
a=$(count_lines "$tmp/sdA.txt" "lttng_statedump_start:")
b=$(count_lines "$tmp/sdB.txt" "lttng_statedump_start:")
[ -e "$tmp/sd.ready" ] && [ $ra = 0 ] && [ $rb = 0 ] && [ "$a" = 1 ] && [ "$b" = 1 ]
ok $? "statedump: into the starting session only (A: $a start, B: $b start)"

# --- other families ---------------------------------------------------------
rec signal -c tid -e 'tp:signal_*' -e 'tp:timer_hrtimer_*' -e 'tp:irq_*' \
	-e 'tp:kmem_*' -e 'tp:workqueue_*' -e 'tp:power_*' -e 'tp:timer_*' \
	-- "$wl" signal
ok $? "families: signal, timer, irq, kmem, workqueue, power traced"
tid=$(val "$tmp/signal.out" tid)
sig=$(val "$tmp/signal.out" sig)
g=$(count_lines "$tmp/signal.txt" "signal_generate:" "\{ sig = $sig, errno = 0, code = 0, comm = \"workload\", pid = $tid,")
d=$(count_lines "$tmp/signal.txt" "signal_deliver:" "\{ tid = $tid \}" "\{ sig = $sig,")
h=$(count_lines "$tmp/signal.txt" "timer_hrtimer_start:" "\{ tid = $tid \}")
hi=$(count_lines "$tmp/signal.txt" "timer_hrtimer_init:" "\{ tid = $tid \}")
k=$(count_lines "$tmp/signal.txt" "kmem_(kmalloc|kfree|mm_page_alloc|mm_page_free):")
[ "$g" = 1 ] && [ "$d" = 1 ] && [ "$h" -ge 1 ] && [ "$hi" -ge 1 ] && [ "$k" -ge 1 ]
ok $? "families: signal $sig generated ($g) and delivered ($d), nanosleep's hrtimer set up ($hi) and started ($h), kmem ($k)"

rec modload -e 'tp:module_*' -- sh -c "insmod $tko && rmmod lttng_test"
ok $? "families: module events traced"
l=$(count_lines "$tmp/modload.txt" "module_load:" "name = \"lttng_test\"")
fr=$(count_lines "$tmp/modload.txt" "module_free:" "name = \"lttng_test\"")
[ "$l" = 1 ] && [ "$fr" = 1 ]
ok $? "families: module_load ($l) and module_free ($fr) of lttng_test"

# net: loopback pings (each request and reply is queued, sent and received on lo)
rec net -e 'tp:net_*' -- sh -c "ip link set lo up && busybox ping -c 2 127.0.0.1"
ok $? "families: net traced (2 pings on lo)"
q=$(count_lines "$tmp/net.txt" "net_dev_queue:" "name = \"lo\"")
x=$(count_lines "$tmp/net.txt" "net_dev_xmit:" "rc = 0," "name = \"lo\"")
r=$(count_lines "$tmp/net.txt" "net_if_receive_skb:" "name = \"lo\"")
[ "$q" -ge 4 ] && [ "$x" -ge 4 ] && [ "$r" -ge 4 ]
ok $? "families: on lo, >= 4 queued ($q), sent ($x), received ($r)"

# block: 8 direct 4 KiB writes to a null_blk device
if modprobe null_blk nr_devices=1 2>/dev/null && [ -b /dev/nullb0 ]; then
	mm=$(stat -c '%t %T' /dev/nullb0)
	dev=$(( (0x${mm% *} << 20) | 0x${mm#* } ))
	rec block -c tid -e 'tp:block_*' -- dd if=/dev/zero of=/dev/nullb0 bs=4096 count=8 oflag=direct
	ok $? "families: block traced (dev $dev)"
	bq=$(count_lines "$tmp/block.txt" "block_bio_queue:" "dev = $dev, sector = [0-9]+, nr_sector = 8,")
	is=$(count_lines "$tmp/block.txt" "block_rq_issue:" "dev = $dev," "bytes = 4096,")
	co=$(count_lines "$tmp/block.txt" "block_rq_complete:" "dev = $dev," "nr_sector = 8, error = 0,")
	gr=$(count_lines "$tmp/block.txt" "block_getrq:" "dev = $dev," "nr_sector = 8,")
	[ "$bq" = 8 ] && [ "$gr" = 8 ] && [ "$is" = 8 ] && [ "$co" = 8 ]
	ok $? "families: 8 bios queued ($bq) given requests ($gr), 8 requests issued ($is) and completed ($co)"
	rmmod null_blk
else
	skip "null_blk not available"
	skip "null_blk not available"
fi

# perf counters: refused with ENOSYS without a PMU (TCG), else increasing
if [ -d /sys/bus/event_source/devices/cpu ]; then
	rec perf -c perf:cpu:cycles -c perf:cpu:instructions -c cpu_id -c tid \
		-e sc:getppid -- "$wl" getppid 20
	ok $? "contexts: perf counters added"
	tid=$(val "$tmp/perf.out" tid)
	grep -E "syscall_entry_getppid:.*tid = $tid" "$tmp/perf.txt" |
		sed -E 's/.*perf_cpu_cycles = ([0-9]+), perf_cpu_instructions = ([0-9]+), cpu_id = ([0-9]+).*/\3 \1 \2/' |
		awk '{ if (($1 in c) && ($2 < c[$1] || $3 < i[$1])) bad = 1; c[$1] = $2; i[$1] = $3; n++ }
		     END { exit !(n == 20 && !bad) }'
	ok $? "contexts: perf counters increase on each CPU over 20 events"
else
	"$trace" -o "$tmp/perf" -c perf:cpu:cycles > /dev/null 2> "$tmp/perf.err"
	r=$?
	[ $r = 3 ] && grep -q "errno 38 " "$tmp/perf.err"
	ok $? "contexts: perf:cpu:cycles without a PMU is refused with ENOSYS"
	rec perfk -k -c tid -c perf:cpu:cycles -c pid -e sc:getppid:entry -- "$wl" getppid 3
	tid=$(val "$tmp/perfk.out" tid)
	c=$(count_lines "$tmp/perfk.txt" "syscall_entry_getppid:" "\{ tid = $tid, pid = $tid \}")
	[ "$c" = 3 ]
	ok $? "contexts: after the refusal the channel has tid and pid, nothing else ($c)"
fi

# --- heavy tracing, then unload ---------------------------------------------
rec heavy -c callstack_kernel -c procname -e 'tp:*' -e 'sc:*' \
	-- sh -c "for i in 1 2; do $wl pingpong 50 > /dev/null; $wl forkexec /bin/true > /dev/null; done"
rc=$?
[ $rc = 0 ] && grep -q . "$tmp/heavy.txt"
ok $? "heavy: every tracepoint and syscall, with callstacks, traced"
rmmod lttng_tracer
ok $? "unload after heavy tracing"
kernel_log_clean
ok $? "kernel log is clean"

[ $fail = 0 ] && rm -rf "$tmp"
ktap_finish
