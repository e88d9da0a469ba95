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
# $tmp/NAME.txt, command output in $tmp/NAME.out, and $tid the thread id
# the workload printed there (if any); returns lttng-trace's status
rec() {
	local name=$1
	shift
	rm -rf "$tmp/$name"
	"$trace" -o "$tmp/$name" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
	local rc=$?
	bt_text "$tmp/$name" "$tmp/$name.txt" || rc=99
	tid=$(val "$tmp/$name.out" tid)
	return $rc
}

# list_events KIND: lttng-trace -l KIND into $tmp/list-KIND; prints how
# many names it lists
list_events() {
	"$trace" -l "$1" > "$tmp/list-$1" 2>&1
	wc -l < "$tmp/list-$1"
}

# listed FILE NAME...: each NAME is a whole line of FILE (a listing of
# lttng-trace -l); says the first one missing
listed() {
	local f=$1 name
	shift
	for name; do
		grep -qx "$name" "$f" || { echo "# $name not listed"; return 1; }
	done
}

ktap_header
lttng_unload
mod_fresh_load "$ko"

# --- syscalls: N getppid() from a known tid --------------------------------
N=50
rec getppid -c tid -e sc:getppid -- "$wl" getppid $N
rc=$?
ppid=$(val "$tmp/getppid.out" ppid)
ok $rc "syscalls: trace of $N getppid() recorded and decoded"
e=$(count_lines "$tmp/getppid.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
x=$(count_lines "$tmp/getppid.txt" "syscall_exit_getppid:" "\{ tid = $tid \}" "ret = $ppid \}")
[ "$e" = $N ] && [ "$x" = $N ]
ok $? "syscalls: exactly $N entry ($e) and $N exit ($x, ret = $ppid) events of tid $tid"

# all syscalls, typed arguments (openat filename read from user memory)
rec allsc -c tid -e 'sc:*' -- "$wl" ids
rc=$?
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
e=$(count_lines "$tmp/entryonly.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
x=$(count_lines "$tmp/entryonly.txt" "syscall_exit_getppid:")
[ "$e" = 3 ] && [ "$x" = 0 ]
ok $? "syscalls: entry only gives 3 entries ($e) and no exit ($x)"

# two rules matching the same syscall give one event, not two records
rec overlap -c tid -e sc:getppid -e 'sc:get*' -- "$wl" getppid 7
e=$(count_lines "$tmp/overlap.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
[ "$e" = 7 ]
ok $? "syscalls: getppid and get* together record 7 getppid (got $e)"

# a rule created disabled records nothing
rec disabled -c tid -E sc:getppid -E tp:sched_switch -E kp:dis:__x64_sys_getppid \
	-e tp:sched_process_exec -- "$wl" getppid 5
d=$(count_lines "$tmp/disabled.txt" "(syscall_|sched_switch|dis:)")
x=$(count_lines "$tmp/disabled.txt" "sched_process_exec:" "tid = $tid,")
[ "$d" = 0 ] && [ "$x" = 1 ]
ok $? "disabled rules record nothing ($d), an enabled one still does ($x)"

# listing
nsc=$(list_events sc)
listed "$tmp/list-sc" getppid openat && [ "$nsc" -gt 300 ]
ok $? "listing: $nsc syscalls, getppid and openat among them"
list_events tp > /dev/null
listed "$tmp/list-tp" sched_switch sched_process_fork irq_softirq_entry \
	timer_hrtimer_start kmem_kmalloc net_dev_xmit block_rq_issue \
	power_cpu_idle module_load workqueue_execute_start signal_generate \
	lttng_statedump_process_state
ok $? "listing: the tracepoint events of every family are listed"

# names as LTTng 2.13's: events after the entry point, LTTng's argument
# names (lttng-analyses reads sendto's "len", recvfrom's "size"...)
listed "$tmp/list-sc" newstat newuname sendfile64 umount &&
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
addr=$(awk '$3 == "__x64_sys_getppid" { print $1; exit }' /proc/kallsyms)
# ip is the function, or past its ENDBR64 where IBT is on
ips="0x$(printf %X $((0x$addr)))|0x$(printf %X $((0x$addr + 4)))"
k=$(count_lines "$tmp/kprobe.txt" "gp_probe:" "\{ tid = $tid \}" "ip = 0x")
# LTTng's names and fields: NAME_entry and NAME_exit, { ip, parent_ip },
# parent_ip the caller's return address: the same for the entry and exit
en=$(count_lines "$tmp/kprobe.txt" "gp_func_entry:" "\{ tid = $tid \}" "\{ ip = ($ips), parent_ip = 0x[0-9A-F]+ \}$")
ex=$(count_lines "$tmp/kprobe.txt" "gp_func_exit:" "\{ tid = $tid \}" "\{ ip = ($ips), parent_ip = 0x[0-9A-F]+ \}$")
pe=$(grep -E "gp_func_entry:.*tid = $tid \}" "$tmp/kprobe.txt" | sed -E 's/.*parent_ip = (0x[0-9A-F]+).*/\1/' | sort -u)
px=$(grep -E "gp_func_exit:.*tid = $tid \}" "$tmp/kprobe.txt" | sed -E 's/.*parent_ip = (0x[0-9A-F]+).*/\1/' | sort -u)
[ "$k" = $N ] && [ "$en" = $N ] && [ "$ex" = $N ] && [ -n "$pe" ] && [ "$pe" = "$px" ]
ok $? "kprobes: $N hits of the kprobe ($k), $N gp_func_entry ($en) and gp_func_exit ($ex) at $ips, returning to $pe ($px)"

# kprobe by address (from /proc/kallsyms) and by symbol+offset
addr=$(awk '$3 == "__x64_sys_getppid" { print $1; exit }' /proc/kallsyms)
rec kpaddr -c tid -e "kp:byaddr:0x$addr" -e kp:byoff:__x64_sys_getppid+0 \
	-- "$wl" getppid 9
a=$(count_lines "$tmp/kpaddr.txt" "byaddr:" "\{ tid = $tid \}")
o=$(count_lines "$tmp/kpaddr.txt" "byoff:" "\{ tid = $tid \}")
# both at the function's entry (moved past an ENDBR64 where IBT is on)
ipa=$(grep -m1 "byaddr:" "$tmp/kpaddr.txt" | sed -E 's/.*ip = 0x([0-9A-F]+) .*/\1/')
ipo=$(grep -m1 "byoff:" "$tmp/kpaddr.txt" | sed -E 's/.*ip = 0x([0-9A-F]+) .*/\1/')
d=$(( 0x${ipa:-0} - 0x$addr ))
[ "$a" = 9 ] && [ "$o" = 9 ] && [ "$ipa" = "$ipo" ] && { [ $d = 0 ] || [ $d = 4 ]; }
ok $? "kprobes: by address 0x$addr ($a) and symbol+0 ($o), 9 hits each, same ip 0x$ipa"

# --- user-space probes (uprobes) --------------------------------------------
# a function's entry (elf:) and the two call sites of an SDT probe (sdt:)
# of probe_target, 64-bit and not PIE (file addresses are the process'),
# and the same in the 32-bit static probe_target32; offsets found by
# userspace/common/elf-probe.c, as the daemon finds them
# (copies in the guest's tmpfs: uprobes need a file system that keeps
# pages in the page cache, which the 9p root does not)
cp "$dir/probe_target" "$dir/probe_target32" "$tmp/"
pt=$tmp/probe_target
pt32=$tmp/probe_target32
# sdt_locs BINARY: the addresses of the lttng_selftest:tick call sites,
# as babeltrace2 prints them (0x40114C)
sdt_locs() {
	readelf -n "$1" | grep -A2 "Provider: lttng_selftest" | grep -A1 "Name: tick" |
		sed -n 's/.*Location: 0x0*\([0-9a-f]*\),.*/0x\U\1/p'
}
# fn_addr BINARY: the address of probe_target_func
fn_addr() {
	nm "$1" | awk '$3 == "probe_target_func" { print $1 }' |
		sed 's/^0*\([0-9a-f]*\)/0x\U\1/'
}
N=15
for b in 64 32; do
	bin=$pt
	[ $b = 32 ] && bin=$pt32
	rec uprobe$b -c tid -c callstack-user -e "up:ufunc:elf:$bin:probe_target_func" \
		-e "up:usdt:sdt:$bin:lttng_selftest:tick" -- "$bin" $N
	ok $? "uprobes ($b-bit): a function and an SDT probe of probe_target traced" ||
		sed 's/^/# /' "$tmp/uprobe$b.err"
	fa=$(fn_addr "$bin")
	locs=($(sdt_locs "$bin"))
	f=$(count_lines "$tmp/uprobe$b.txt" "ufunc:" "tid = $tid," "\{ ip = $fa \}")
	s1=$(count_lines "$tmp/uprobe$b.txt" "usdt:" "tid = $tid," "\{ ip = ${locs[0]:-none} \}")
	s2=$(count_lines "$tmp/uprobe$b.txt" "usdt:" "tid = $tid," "\{ ip = ${locs[1]:-none} \}")
	all=$(count_lines "$tmp/uprobe$b.txt" "(ufunc|usdt):")
	[ "$f" = $N ] && [ "$s1" = $N ] && [ "$s2" = $N ] && [ ${#locs[@]} = 2 ] && [ "$all" = $((3 * N)) ]
	ok $? "uprobes ($b-bit): $N entries of probe_target_func at $fa ($f), $N hits of each SDT call site ${locs[0]} ($s1) and ${locs[1]} ($s2), nothing else ($all)"
	# callstack-user: at the function's entry, its first address is it
	c=$(count_lines "$tmp/uprobe$b.txt" "ufunc:" "callstack_user = \[ \[0\] = $fa, \[1\] = 0x[0-9A-F]+")
	[ "$c" = $N ]
	ok $? "uprobes ($b-bit): callstack-user starts at probe_target_func then its caller's frame ($c of $N)"
done
# the same binary on another channel would be another event; a wrong
# offset, an fd that is not a file, a probe with a semaphore: refused
"$trace" -o "$tmp/err" -e "up:x:elf:$pt:no_such_function" > /dev/null 2> "$tmp/uperr1"
r1=$?
"$trace" -o "$tmp/err" -e "up:x:elf:/proc/self/status:main" > /dev/null 2> "$tmp/uperr2"
r2=$?
[ $r1 = 3 ] && grep -q "not found" "$tmp/uperr1" && [ $r2 = 3 ]
ok $? "uprobes: an unknown function and a file that is not ELF are refused"
rm -rf "$tmp/uprobe64" "$tmp/uprobe32"
grep -q ufunc "$tmp/uprobe64.txt" || head -n 5 "$tmp/uprobe64.txt" | sed 's/^/# /'

# --- 32-bit (compat) syscalls ------------------------------------------------
# probe_target32 is a static 32-bit program: its syscalls are recorded as
# compat_syscall_entry_*/compat_syscall_exit_*, named as LTTng names them
N=12
rec compat -c tid -e sc:getppid -e sc:write -e sc:exit_group -e sc:brk \
	-- "$pt32" $N
ok $? "compat syscalls: a 32-bit program traced"
ppid=$(val "$tmp/compat.out" ppid)
len=$(wc -c < "$tmp/compat.out")
e=$(count_lines "$tmp/compat.txt" "compat_syscall_entry_getppid:" "\{ tid = $tid \}")
x=$(count_lines "$tmp/compat.txt" "compat_syscall_exit_getppid:" "\{ tid = $tid \}" "ret = $ppid \}")
w=$(count_lines "$tmp/compat.txt" "compat_syscall_entry_write:" "\{ tid = $tid \}" "\{ fd = 1, buf = 0x[0-9A-F]+, count = $len \}")
wx=$(count_lines "$tmp/compat.txt" "compat_syscall_exit_write:" "\{ tid = $tid \}" "ret = $len \}")
g=$(count_lines "$tmp/compat.txt" "compat_syscall_entry_exit_group:" "\{ tid = $tid \}" "error_code = 0 \}")
b=$(count_lines "$tmp/compat.txt" "compat_syscall_entry_brk:" "\{ tid = $tid \}")
nat=$(count_lines "$tmp/compat.txt" " syscall_(entry|exit)_(getppid|write|brk|exit_group):" "\{ tid = $tid \}")
[ "$e" = $N ] && [ "$x" = $N ] && [ "$w" = 1 ] && [ "$wx" = 1 ] && [ "$g" = 1 ] && [ "$b" -ge 1 ] && [ "$nat" = 0 ]
ok $? "compat syscalls: $N getppid ($e, $x with ret = $ppid), the write of $len bytes to fd 1 ($w, $wx), brk ($b), exit_group ($g), none as 64-bit ($nat)"
# the 64-bit workload is not recorded as compat
rec native -c tid -e sc:getppid -- "$wl" getppid 4
c=$(count_lines "$tmp/native.txt" "compat_syscall_")
n64=$(count_lines "$tmp/native.txt" "syscall_entry_getppid:" "\{ tid = $tid \}")
[ "$c" = 0 ] && [ "$n64" = 4 ]
ok $? "compat syscalls: a 64-bit program's getppid is syscall_entry_getppid ($n64), no compat event ($c)"
n32=$(list_events sc32)
listed "$tmp/list-sc32" getppid mmap_pgoff llseek time nanosleep \
	clock_gettime64 && [ "$n32" -gt 350 ] &&
	! grep -qxE "time32|old_mmap|ia32_.*|.*_time32" "$tmp/list-sc32"
ok $? "compat syscalls: $n32 listed, named as LTTng's 32-bit table (time, llseek, mmap_pgoff, nanosleep; clock_gettime64)"

# --- errors -----------------------------------------------------------------
"$trace" -o "$tmp/err" -e tp:no_such_event_xyz > /dev/null 2> "$tmp/err1"
r1=$?
"$trace" -o "$tmp/err" -e sc:no_such_syscall_xyz > /dev/null 2> "$tmp/err2"
r2=$?
"$trace" -o "$tmp/err" -e kp:p:no_such_symbol_xyz > /dev/null 2> "$tmp/err3"
r3=$?
[ $r1 = 3 ] && [ $r3 = 3 ] && grep -q "errno 2 " "$tmp/err1" && grep -q "errno 2 " "$tmp/err3"
ok $? "errors: unknown tracepoint and kprobe symbol are refused with ENOENT"
# a syscall name this kernel does not have: kept, records nothing (LTTng
# 2.13 says "kernel event no_such_syscall_xyz created")
rec nosc -e sc:no_such_syscall_xyz -e sc:getppid -- "$wl" getppid 3
r2=$?
o=$(count_lines "$tmp/nosc.txt" "syscall_")
g=$(count_lines "$tmp/nosc.txt" "syscall_entry_getppid:")
[ $r2 = 0 ] && [ "$g" -ge 3 ] && [ "$o" = $(count_lines "$tmp/nosc.txt" "syscall_(entry|exit)_getppid:") ]
ok $? "errors: an unknown syscall name is accepted as LTTng does, and records nothing ($r2, $g getppid, $o in all)"
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

# interrupts, network interfaces and block devices, as LTTng's statedump
# names them: compared with /proc/interrupts, ip addr and sysfs
ip link set lo up
modprobe null_blk nr_devices=1 2>/dev/null
rec sdall -e 'tp:lttng_statedump_*' -- true
ok $? "statedump: interrupts, network interfaces and block devices traced"
# "irq chip action" of every action of every interrupt
awk -v ncpu="$(grep -c ^processor /proc/cpuinfo)" '$1 ~ /^[0-9]+:$/ && NF > ncpu + 3 {
		irq = $1; sub(/:$/, "", irq); chip = $(ncpu + 2)
		acts = ""; for (i = ncpu + 4; i <= NF; i++) acts = acts (acts == "" ? "" : " ") $i
		n = split(acts, a, /, /)
		for (i = 1; i <= n; i++) print irq, chip, a[i] }' /proc/interrupts | sort > "$tmp/sd.irq.want"
sed -n 's/.*lttng_statedump_interrupt: .*{ irq = \([0-9]*\), name = "\([^"]*\)", action = "\([^"]*\)", tid = [0-9]* }$/\1 \2 \3/p' \
	"$tmp/sdall.txt" | sort > "$tmp/sd.irq.got"
ni=$(wc -l < "$tmp/sd.irq.got")
[ "$ni" -gt 3 ] && cmp -s "$tmp/sd.irq.want" "$tmp/sd.irq.got"
ok $? "statedump: the $ni interrupt actions are /proc/interrupts' (irq, chip, action)" ||
	diff "$tmp/sd.irq.want" "$tmp/sd.irq.got" | head -n 10 | sed 's/^/# /'
# "name address": each IPv4 address of an interface up, 0x0 if down
for d in /sys/class/net/*; do
	i=${d##*/}
	if [ $(( $(cat "$d/flags") & 1 )) = 0 ]; then
		echo "$i 0x0"
		continue
	fi
	ip -4 -o addr show dev "$i" | awk '{ print $4 }' | cut -d/ -f1 |
		while IFS=. read -r a b c e; do
			printf '%s 0x%X\n' "$i" $(( (a << 24) | (b << 16) | (c << 8) | e ))
		done
done | sort > "$tmp/sd.net.want"
sed -n 's/.*lttng_statedump_network_interface: .*{ name = "\([^"]*\)", address_ipv4 = \(0x[0-9A-F]*\) }$/\1 \2/p' \
	"$tmp/sdall.txt" | sort > "$tmp/sd.net.got"
[ -s "$tmp/sd.net.got" ] && grep -qx "lo 0x7F000001" "$tmp/sd.net.got" &&
	cmp -s "$tmp/sd.net.want" "$tmp/sd.net.got"
ok $? "statedump: network interfaces as ip addr shows them ($(tr '\n' ' ' < "$tmp/sd.net.got"))" ||
	diff "$tmp/sd.net.want" "$tmp/sd.net.got" | head -n 10 | sed 's/^/# /'
# "dev name" of every non-empty, visible disk and partition
for d in /sys/class/block/*; do
	[ "$(cat "$d/size")" != 0 ] || continue
	[ "$(cat "$d/hidden" 2>/dev/null)" != 1 ] || continue
	IFS=: read -r ma mi < "$d/dev"
	echo "$(( (ma << 20) | mi )) ${d##*/}"
done | sort > "$tmp/sd.blk.want"
sed -n 's/.*lttng_statedump_block_device: .*{ dev = \([0-9]*\), diskname = "\([^"]*\)" }$/\1 \2/p' \
	"$tmp/sdall.txt" | sort > "$tmp/sd.blk.got"
if [ -b /dev/nullb0 ]; then
	grep -q " nullb0$" "$tmp/sd.blk.got" && cmp -s "$tmp/sd.blk.want" "$tmp/sd.blk.got"
	ok $? "statedump: block devices as sysfs lists them ($(tr '\n' ' ' < "$tmp/sd.blk.got"))" ||
		diff "$tmp/sd.blk.want" "$tmp/sd.blk.got" | head -n 10 | sed 's/^/# /'
else
	ok 0 "statedump: block devices # SKIP null_blk not available"
fi
rmmod null_blk 2>/dev/null

# --- other families ---------------------------------------------------------
rec signal -c tid -e 'tp:signal_*' -e 'tp:timer_hrtimer_*' -e 'tp:irq_*' \
	-e 'tp:kmem_*' -e 'tp:workqueue_*' -e 'tp:power_*' -e 'tp:timer_*' \
	-- "$wl" signal
ok $? "families: signal, timer, irq, kmem, workqueue, power traced"
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
	# under TCG there is no PMU: every hardware counter of LTTng's list
	# (and a raw one) is refused; the counting path is checked below
	# with the software counters, which count everywhere
	bad=
	for c in perf:cpu:cycles perf:cpu:instructions perf:cpu:cache-misses \
		perf:cpu:branch-loads perf:cpu:L1-dcache-load-misses \
		perf:cpu:stalled-cycles-frontend perf:cpu:raw:r003c:unhalted; do
		"$trace" -o "$tmp/perf" -c "$c" > /dev/null 2> "$tmp/perf.err"
		r=$?
		{ [ $r = 3 ] && grep -q "errno 38 " "$tmp/perf.err"; } || bad="$bad $c($r)"
	done
	[ -z "$bad" ]
	ok $? "contexts: LTTng's hardware perf counters and a raw one, without a PMU, are refused with ENOSYS${bad:+ (not:$bad)}"
	rec perfk -k -c tid -c perf:cpu:cycles -c pid -e sc:getppid:entry -- "$wl" getppid 3
	tid=$(val "$tmp/perfk.out" tid)
	c=$(count_lines "$tmp/perfk.txt" "syscall_entry_getppid:" "\{ tid = $tid, pid = $tid \}")
	[ "$c" = 3 ]
	ok $? "contexts: after the refusal the channel has tid and pid, nothing else ($c)"
fi

# perf software counters: the whole counting path (per-CPU kernel
# counters, read in the probe, recorded, decoded) without a PMU.  The
# workload writes to N new pages between two getppid(), pinned to one
# CPU: page-fault grows by N at least, cpu-clock and task-clock grow.
N=64
rec perfsw -c tid -c cpu_id -c perf:cpu:page-fault -c perf:cpu:cpu-clock \
	-c perf:cpu:task-clock -c perf:cpu:context-switches \
	-e sc:getppid:entry -- taskset -c 0 "$wl" faults $N
ok $? "contexts: perf software counters added and traced"
grep -E "syscall_entry_getppid:.*tid = $tid," "$tmp/perfsw.txt" |
	sed -nE 's/.*cpu_id = ([0-9]+), perf_cpu_page_fault = ([0-9]+), perf_cpu_cpu_clock = ([0-9]+), perf_cpu_task_clock = ([0-9]+), perf_cpu_context_switches = ([0-9]+).*/\1 \2 \3 \4 \5/p' > "$tmp/perfsw.vals"
pf_c1= pf_f1=0 pf_k1=0 pf_t1=0 pf_s1=0 pf_c2= pf_f2=0 pf_k2=0 pf_t2=0 pf_s2=0
# (no process substitution: the guest has no /dev/fd)
read -r pf_c1 pf_f1 pf_k1 pf_t1 pf_s1 <<< "$(sed -n 1p "$tmp/perfsw.vals")"
read -r pf_c2 pf_f2 pf_k2 pf_t2 pf_s2 <<< "$(sed -n 2p "$tmp/perfsw.vals")"
echo "# cpu $pf_c1 -> $pf_c2, page-fault $pf_f1 -> $pf_f2, cpu-clock $pf_k1 -> $pf_k2, task-clock $pf_t1 -> $pf_t2, cs $pf_s1 -> $pf_s2"
[ "$(wc -l < "$tmp/perfsw.vals")" = 2 ] && [ "$pf_c1" = 0 ] && [ "$pf_c2" = 0 ] &&
	[ $((pf_f2 - pf_f1)) -ge $N ] && [ "$pf_k2" -gt "$pf_k1" ] &&
	[ "$pf_t2" -gt "$pf_t1" ] && [ "$pf_s2" -ge "$pf_s1" ]
ok $? "contexts: page-fault grew by >= $N ($((pf_f2 - pf_f1))), cpu-clock ($((pf_k2 - pf_k1)) ns) and task-clock ($((pf_t2 - pf_t1)) ns) grew, on CPU 0" ||
	{ echo "tid $tid"; cat "$tmp/perfsw.out" "$tmp/perfsw.vals";
	  grep -m 2 "syscall_entry_getppid:" "$tmp/perfsw.txt"; } | sed 's/^/# /'

# --- new contexts: veuid vsuid vegid vsgid ----------------------------------
# the real, effective and saved ids all different (setpriv makes the
# saved ones the effective ones): each context has its own; the guest
# runs in a chroot, where user namespaces cannot be made, so v* equal
# the ids of the initial namespace
rec vids -c tid -c uid -c veuid -c vsuid -c gid -c vegid -c vsgid -c vuid -c vgid \
	-e sc:getppid:entry -- setpriv --ruid=1001 --euid=1002 --rgid=2001 --egid=2002 \
	--clear-groups "$wl" ids
ok $? "contexts: veuid, vsuid, vegid, vsgid traced" || sed 's/^/# /' "$tmp/vids.err"
o=$tmp/vids.out
want="{ tid = $(val "$o" tid), uid = $(val "$o" uid), veuid = $(val "$o" euid), vsuid = $(val "$o" suid), gid = $(val "$o" gid), vegid = $(val "$o" egid), vsgid = $(val "$o" sgid), vuid = $(val "$o" uid), vgid = $(val "$o" gid) }"
c=$(grep -cF "$want" "$tmp/vids.txt")
# "ids" makes two getppid(): one itself, one through getppid(3)
[ "$c" = 2 ] && [ "$(val "$o" uid)" = 1001 ] && [ "$(val "$o" euid)" = 1002 ] &&
	[ "$(val "$o" egid)" = 2002 ] && [ "$(val "$o" suid)" = 1002 ]
ok $? "contexts: the ids of the task, real 1001/2001, effective and saved 1002/2002 ($c): $want" ||
	grep "syscall_entry_getppid:" "$tmp/vids.txt" | head -n 2 | sed 's/^/# /'

# --- trace clock plugin -----------------------------------------------------
# module/test/lttng-clock-test.ko: a 1 kHz clock standing at its "value"
# parameter; the records' timestamps are what the test sets
cko=$top/module/test/lttng-clock-test.ko
cval=/sys/module/lttng_clock_test/parameters/value
insmod "$tko" 2>/dev/null
# refused while a session exists (lttng-trace's, around the command)
rm -f "$tmp/clockbusy.rc"
rec clockbusy -e tp:lttng_test_event -- sh -c "insmod $cko 2> $tmp/clockbusy.msg; echo \$? > $tmp/clockbusy.rc"
cb=$(cat "$tmp/clockbusy.rc" 2>/dev/null)
[ -n "$cb" ] && [ "$cb" != 0 ] && grep -q "Device or resource busy" "$tmp/clockbusy.msg" &&
	! grep -q lttng_clock_test /proc/modules
ok $? "clock plugin: refused with EBUSY while a session exists (insmod: ${cb:-not run})"
t0=$(date +%s)
insmod "$cko"
ok $? "clock plugin: lttng-clock-test.ko registers its clock"
rec clock -e tp:lttng_test_event -- sh -c \
	"echo 3 > /proc/lttng-test; echo 5000 > $cval; echo 2 > /proc/lttng-test; echo 5003 > $cval"
rc=$?
babeltrace2 --clock-cycles "$tmp/clock" > "$tmp/clock.cyc" 2>&1
babeltrace2 --clock-seconds "$tmp/clock" > "$tmp/clock.sec" 2>&1
babeltrace2 --output-format=ctf-metadata "$tmp/clock/kernel" > "$tmp/clock.tsdl" 2>&1
a=$(count_lines "$tmp/clock.cyc" "^\[0*1000\] .*lttng_test_event:")
b=$(count_lines "$tmp/clock.cyc" "^\[0*5000\] .*lttng_test_event:")
all=$(count_lines "$tmp/clock.cyc" "lttng_test_event:")
[ $rc = 0 ] && [ "$a" = 3 ] && [ "$b" = 2 ] && [ "$all" = 5 ]
ok $? "clock plugin: the 3 events at cycle 1000 ($a), the 2 at 5000 ($b), as the clock read"
grep -q 'name = "lttng_test_clock";' "$tmp/clock.tsdl" &&
	grep -q 'uuid = "83c63deb-7aa4-48fb-abda-946f400d76e6";' "$tmp/clock.tsdl" &&
	grep -q 'description = "Frozen 1 kHz clock of the selftests";' "$tmp/clock.tsdl" &&
	grep -q 'freq = 1000;' "$tmp/clock.tsdl" &&
	grep -q 'map = clock.lttng_test_clock.value;' "$tmp/clock.tsdl"
ok $? "clock plugin: the metadata declares the plugin's name, uuid, description and 1 kHz"
# wall clock: the session was created at cycle 1000 (t0 <= created <=
# now); the second group is exactly 4 s after the first
s1=$(sed -n 's/^\[\([0-9]*\)\.\([0-9]*\)\] .*lttng_test_event:.*/\1.\2/p' "$tmp/clock.sec" | sort -u | sed -n 1p)
s2=$(sed -n 's/^\[\([0-9]*\)\.\([0-9]*\)\] .*lttng_test_event:.*/\1.\2/p' "$tmp/clock.sec" | sort -u | sed -n 2p)
t1=$(date +%s)
echo "# wall clock: $s1 and $s2 (test ran from $t0 to $t1)"
[ -n "$s1" ] && [ -n "$s2" ] && [ "${s2#*.}" = "${s1#*.}" ] &&
	[ $((${s2%.*} - ${s1%.*})) = 4 ] && [ "${s1%.*}" -ge $((t0 - 1)) ] && [ "${s1%.*}" -le "$t1" ]
ok $? "clock plugin: babeltrace2 shows them at the session's creation time ($s1) and 4 s later ($s2)"
rmmod lttng_clock_test
ok $? "clock plugin: unloaded once no session uses it"
rmmod lttng_test 2>/dev/null
rec clockback -e sc:getppid -- "$wl" getppid 1
grep -q 'name = "monotonic";' "$tmp/clockback/kernel/metadata" &&
	grep -q 'freq = 1000000000;' "$tmp/clockback/kernel/metadata"
ok $? "clock plugin: the next session has the monotonic clock again"

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
