#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/sessiond/run_tests.sh - in the VM, as root: kernel tracing
# through lttng-sessiond (loaded from the build tree with
# LTTNG_MODULE_PATH), driven with userspace/lttng-sessiond/tests/sdclient,
# read back with babeltrace2 and compared with what the workloads did.
# TAP output.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
SD=${SESSIOND_BIN:-$LTTNG_SESSIOND}
C=$SDCLIENT
WL=$WORKLOAD
S=/var/run/lttng/client-lttng-sessiond
export LTTNG_MODULE_PATH=$top/module:$top/module/test
export ASAN_OPTIONS=detect_leaks=0
tmp=$(mktemp -d "${LTTNG_SESSIOND_TMP:-/tmp}/sessiond.XXXXXX")
chmod 755 "$tmp"

cmd() {	# cmd DESC SDCLIENT-ARGS...: must succeed
	local d=$1
	shift
	ok_out "$d" "$C" "$S" "$@"
}

# getppid_traced SESSION SUFFIX N OUT: start SESSION, the workload's N
# getppid (its output in $tmp/OUT), stop; sets tid to the workload's and
# reads the trace into $tmp/SESSION.txt.
getppid_traced() {
	cmd "start $1$2" start "$1"
	"$WL" getppid "$3" > "$tmp/$4"
	cmd "stop $1$2" stop "$1"
	tid=$(val "$tmp/$4" tid)
	bt_text "$tmp/$1"
}

ktap_header
lttng_unload
kernel_log_reset

# --- A: the root daemon loads the module; the test source, file owners ---
"$SD" -b -v --extra-kmod-probes=lttng-test > "$tmp/sd1.log" 2>&1
ok $? "root daemon starts in the background"
wait_sock "$S"
ok $([ "$(stat -c '%a %U' "$S")" = "660 root" ]; echo $?) "socket $S is 0660 root"
ok $(mod_loaded lttng_tracer; echo $?) "daemon loaded lttng_tracer with libkmod"
cmd "version reports the module ABI" version
abi=$(awk '$1 == "#define" && $2 == "LTTNG_ABI_MAJOR" { print $3 }' "$top/include/lttng-abi.h")
ok $([ -n "$abi" ] && grep -q "abi $abi" <<<"$out"; echo $?) "ABI major $abi, as include/lttng-abi.h says"
pid1=$(cat /var/run/lttng/lttng-sessiond.pid)
ok $(mod_loaded lttng_test; echo $?) "--extra-kmod-probes=lttng-test loaded the test source"

N=1000
cmd "create t1" create t1 "$tmp/t1"
cmd "enable-event lttng_test_event (default channel0)" enable-event t1 k lttng_test_event
cmd "channel0 has LTTng's defaults" channels t1 k
ok $(grep -q "channel channel0 enabled=1 subbuf=1048576 num=4 read_timer=200000 overwrite=0" <<<"$out"; echo $?) "1 MiB x 4, read timer 200 ms, discard"
cmd "start t1" start t1
echo $N > /proc/lttng-test
cmd "stop t1" stop t1
cmd "nothing pending after stop" pending t1
bt_text "$tmp/t1"
ok $? "babeltrace2 reads the trace right after stop"
got=$(grep -c "lttng_test_event:" "$tmp/t1.txt")
ok $([ "$got" = $N ]; echo $?) "trace has the $N emitted events (got $got)"
ok $([ -s "$tmp/t1/kernel/metadata" ] && ls "$tmp/t1/kernel/" | grep -q '^channel0_[0-9]*$'; echo $?) "files kernel/metadata and kernel/channel0_<cpu>"
# Restart: the same files keep growing.
cmd "start t1 again" start t1
echo $N > /proc/lttng-test
cmd "stop t1 again" stop t1
bt_text "$tmp/t1"
got=$(grep -c "lttng_test_event:" "$tmp/t1.txt")
ok $([ "$got" = $((2 * N)) ]; echo $?) "after a second start/stop: $((2 * N)) events (got $got)"
cmd "channel statistics" channels t1 k
ok $(grep -q "discarded=0" <<<"$out"; echo $?) "no event discarded"
cmd "destroy t1" destroy t1

# Destroy without stop: the data is on disk when destroy returns.
cmd "create t1d" create t1d "$tmp/t1d"
cmd "enable-event" enable-event t1d k lttng_test_event
cmd "start t1d" start t1d
echo 777 > /proc/lttng-test
cmd "destroy t1d while active" destroy t1d
bt_text "$tmp/t1d"
got=$(grep -c "lttng_test_event:" "$tmp/t1d.txt")
ok $([ "$got" = 777 ]; echo $?) "destroy of an active session wrote all 777 events (got $got)"

# Discards with tiny buffers: the daemon's count equals the packets'.
cmd "create t2" create t2 "$tmp/t2"
cmd "small channel 4 KiB x 2" enable-channel t2 k small 4096 2
cmd "enable-event in it" enable-event t2 k lttng_test_event small
cmd "start t2" start t2
echo "20000 all" > /proc/lttng-test
cmd "stop t2" stop t2
cmd "list channels" channels t2 k
disc=$(sed -n 's/.*discarded=\([0-9]*\).*/\1/p' <<<"$out")
bt_text "$tmp/t2"
got=$(grep -c "lttng_test_event:" "$tmp/t2.txt")
cpus=$(grep -c '^processor' /proc/cpuinfo)
echo "# recorded $got, discarded $disc, emitted $((20000 * cpus))"
ok $([ $((got + disc)) = $((20000 * cpus)) ]; echo $?) "recorded + discarded (daemon) = emitted"
cmd "destroy t2" destroy t2

cmd "list kernel tracepoints" tracepoints k
ok $(grep -qx lttng_test_event <<<"$out"; echo $?) "tracepoint list has lttng_test_event"
cmd "list kernel syscalls" syscalls k
ok $(grep -qx getppid <<<"$out"; echo $?) "syscall list has getppid"

# Trackers go to the module: with only uid 4242 tracked, root's calls are
# not recorded; tracking every uid again brings them back.
cmd "create t6" create t6 "$tmp/t6"
cmd "enable syscall getppid" enable-event t6 k getppid "" syscall
cmd "add context tid" context t6 k 5
cmd "track uid 4242" track t6 k 2 4242
cmd "list the uid tracker" trackers t6 k 2
ok $([ "$out" = 4242 ]; echo $?) "uid tracker is {4242}"
getppid_traced t6 "" 50 wl6a.out
got=$(grep -c "syscall_entry_getppid:" "$tmp/t6.txt")
ok $([ "$got" = 0 ]; echo $?) "uid 0 not tracked: none of its getppid recorded (got $got)"
cmd "track every uid" track t6 k 2 all
getppid_traced t6 " again" 50 wl6b.out
got=$(grep "syscall_entry_getppid:" "$tmp/t6.txt" | grep -c "tid = $tid }")
ok $([ "$got" = 50 ]; echo $?) "all uids tracked: the 50 getppid recorded (got $got)"
cmd "destroy t6" destroy t6

# A kprobe through the daemon.
cmd "create t7" create t7 "$tmp/t7"
cmd "kprobe kp_getppid on __x64_sys_getppid" probe t7 kp_getppid __x64_sys_getppid
cmd "add context tid" context t7 k 5
getppid_traced t7 "" 40 wl7.out
got=$(grep "kp_getppid:" "$tmp/t7.txt" | grep -c "tid = $tid }")
ok $([ "$got" = 40 ]; echo $?) "kprobe hit 40 times by the workload (got $got)"
cmd "destroy t7" destroy t7

# A user of the tracing group: trace files are the user's.
getent group tracing > /dev/null || groupadd tracing
U=sdtu$$
useradd -M -N -g tracing -d "$tmp/uhome" -s /bin/sh "$U" 2>/dev/null
mkdir -p "$tmp/uhome"
chown "$U:tracing" "$tmp/uhome"
# (A group created just now: give the socket to it as the daemon would.)
chgrp tracing "$S"
AS() { as_user -g tracing "$U" "$@"; }
out=$(AS "$C" "$S" create ut 2>&1)
ok $? "tracing-group user creates a session"
uout=$(sed -n 's/.*output=\([^ ]*\) .*/\1/p' <<<"$out")
ok $([ "${uout#"$tmp/uhome/lttng-traces/ut-"}" != "$uout" ]; echo $?) "default output in the user's home: $uout"
AS "$C" "$S" enable-event ut k lttng_test_event > /dev/null
AS "$C" "$S" start ut > /dev/null
echo 10 > /proc/lttng-test
AS "$C" "$S" stop ut > /dev/null
ok $? "user stops the session"
owners=$(find "$uout" -printf '%u\n' | sort -u)
ok $([ "$owners" = "$U" ]; echo $?) "every trace file and directory belongs to the user ($owners)"
bt_text "$uout"
got=$(grep -c "lttng_test_event:" "$uout.txt")
ok $([ "$got" = 10 ]; echo $?) "user's trace has the 10 events (got $got)"
AS "$C" "$S" destroy ut > /dev/null
# Symlink to a place the user cannot write: the root daemon must not
# follow it.
mkdir -p /root/sd-forbidden-$$
ln -s /root/sd-forbidden-$$ "$tmp/uhome/evil"
AS "$C" "$S" create ev "$tmp/uhome/evil/trace" > /dev/null
AS "$C" "$S" enable-event ev k lttng_test_event > /dev/null
out=$(AS "$C" "$S" start ev 2>&1)
ok $([ $? != 0 ] && [ ! -e /root/sd-forbidden-$$/trace ]; echo $?) "no trace written through a user's symlink into /root ($out)"
AS "$C" "$S" destroy ev > /dev/null
out=$(AS "$C" "$S" create other 2>&1); AS "$C" "$S" destroy other > /dev/null
"$C" "$S" create rootsess "$tmp/rs" > /dev/null
out=$(AS "$C" "$S" destroy rootsess 2>&1)
ok $([ $? = 5 ]; echo $?) "the user cannot destroy root's session (permission denied)"
"$C" "$S" destroy rootsess > /dev/null
userdel "$U" 2>/dev/null

kill -TERM "$pid1"
wait_gone "$pid1"
ok $? "SIGTERM: daemon exits"
ok $([ ! -e "$S" ]; echo $?) "SIGTERM: socket removed"
ok $(! mod_loaded lttng_tracer && ! mod_loaded lttng_test; echo $?) "SIGTERM: the modules it loaded are unloaded"

# --- B: SIGTERM while tracing writes everything ---------------------------
"$SD" -b > "$tmp/sd2.log" 2>&1
wait_sock "$S"
pid2=$(cat /var/run/lttng/lttng-sessiond.pid)
M=300
cmd "create t3" create t3 "$tmp/t3"
cmd "enable syscall getppid" enable-event t3 k getppid "" syscall
cmd "add context tid" context t3 k 5
cmd "start t3" start t3
"$WL" getppid $M > "$tmp/wl3.out"
tid=$(val "$tmp/wl3.out" tid)
kill -TERM "$pid2"
wait_gone "$pid2"
ok $? "SIGTERM with an active session: daemon exits"
bt_text "$tmp/t3"
ok $? "babeltrace2 reads the trace written at SIGTERM"
got=$(grep "syscall_entry_getppid:" "$tmp/t3.txt" | grep -c "tid = $tid }")
ok $([ "$got" = $M ]; echo $?) "all $M getppid entries of tid $tid are there (got $got)"

# --- B2: keeping up with a syscall storm at the default settings --------
"$SD" -b > "$tmp/sd2b.log" 2>&1
wait_sock "$S"
pid2b=$(cat /var/run/lttng/lttng-sessiond.pid)
K=50000
cmd "create storm" create storm "$tmp/storm"
cmd "enable every syscall" enable-event storm k "*" "" syscall
cmd "add context tid" context storm k 5
cmd "start storm" start storm
"$WL" getppid $K > "$tmp/wls.out"
tid=$(val "$tmp/wls.out" tid)
cmd "stop storm" stop storm
cmd "storm statistics" channels storm k
ok $(grep -q "discarded=0" <<<"$out"; echo $?) "default channel kept up: no discarded event ($out)"
bt_text "$tmp/storm"
got=$(grep "syscall_exit_getppid:" "$tmp/storm.txt" | grep -c "tid = $tid }")
ok $([ "$got" = $K ]; echo $?) "all $K getppid exits recorded (got $got)"
kill -TERM "$pid2b"
wait_gone "$pid2b"

# --- C: SIGKILL mid-trace -------------------------------------------------
"$SD" -b > "$tmp/sd3.log" 2>&1
wait_sock "$S"
pid3=$(cat /var/run/lttng/lttng-sessiond.pid)
cmd "create t4" create t4 "$tmp/t4"
cmd "enable all syscalls" enable-event t4 k "*" "" syscall
cmd "start t4" start t4
"$WL" getppid 5000 > /dev/null
sleep 1
kill -KILL "$pid3"
wait_gone "$pid3"
bt_text "$tmp/t4"
ok $? "SIGKILL: what was written is a readable trace"
rm -f "$S"
rmmod lttng_tracer
ok $? "SIGKILL: the module unloads (every object freed)"
kernel_log_clean
ok $? "dmesg clean"

# --- D: no module: warning, kernel disabled, no crash ---------------------
LTTNG_MODULE_PATH=/nonexistent "$SD" -b > "$tmp/sd4.log" 2>&1
wait_sock "$S"
pid4=$(cat /var/run/lttng/lttng-sessiond.pid)
ok $(grep -q "Warning:.*kernel tracing is disabled" "$tmp/sd4.log"; echo $?) "missing module: clear warning"
"$C" "$S" create t5 "$tmp/t5" > /dev/null
out=$("$C" "$S" enable-event t5 k getppid "" syscall 2>&1)
ok $([ $? = 12 ]; echo $?) "kernel commands fail with Kernel tracer not available ($out)"
kill -TERM "$pid4"
wait_gone "$pid4"
ok $? "daemon without kernel tracer exits on SIGTERM"

# --- D2: --kmod-probes: only these probes (LTTng's meaning) --------------
"$SD" -b --kmod-probes=sched,lttng-test > "$tmp/sd6.log" 2>&1
wait_sock "$S"
pid6=$(cat /var/run/lttng/lttng-sessiond.pid)
ok $([ "$(cat /sys/module/lttng_tracer/parameters/probes 2>/dev/null)" = sched,lttng-test ]; echo $?) "--kmod-probes: the tracer is loaded with probes=sched,lttng-test"
out=$("$C" "$S" tracepoints k 2>&1)
ok $(grep -qx sched_switch <<<"$out" && ! grep -qx irq_handler_entry <<<"$out" &&
     ! grep -qx kmem_kmalloc <<<"$out"; echo $?) "--kmod-probes=sched: sched events listed, irq and kmem ones not"
ok $(grep -qx lttng_test_event <<<"$out" && mod_loaded lttng_test; echo $?) "--kmod-probes=...,lttng-test: the module of that name is loaded too"
kill -TERM "$pid6"
wait_gone "$pid6"
ok $(! mod_loaded lttng_tracer && ! mod_loaded lttng_test; echo $?) "--kmod-probes daemon unloads both at exit"
"$SD" -b --kmod-probes='sched;x' > "$tmp/sd7.log" 2>&1
wait_sock "$S"
pid7=$(cat /var/run/lttng/lttng-sessiond.pid)
ok $(grep -q "not a list of probe names" "$tmp/sd7.log" &&
     "$C" "$S" tracepoints k 2>&1 | grep -qx irq_handler_entry; echo $?) "a --kmod-probes list that is no list of names: warning, every probe loaded"
kill -TERM "$pid7"
wait_gone "$pid7"

# --- E: the lttng CLI against this daemon (when it is built) ------------
L=${LTTNG_BIN:-$LTTNG}
if [ -x "$L" ]; then
	"$SD" -b --extra-kmod-probes=lttng-test > "$tmp/sd5.log" 2>&1
	wait_sock "$S"
	pid5=$(cat /var/run/lttng/lttng-sessiond.pid)
	export HOME=$tmp/clihome
	mkdir -p "$HOME"
	"$L" create clis -o "$tmp/clis" > "$tmp/cli.out" 2>&1 &&
	"$L" enable-event -k lttng_test_event >> "$tmp/cli.out" 2>&1 &&
	"$L" start >> "$tmp/cli.out" 2>&1
	ok $? "lttng create, enable-event -k, start"
	echo 321 > /proc/lttng-test
	"$L" stop >> "$tmp/cli.out" 2>&1
	ok $? "lttng stop"
	bt_text "$tmp/clis"
	got=$(grep -c "lttng_test_event:" "$tmp/clis.txt")
	ok $([ "$got" = 321 ]; echo $?) "trace read right after lttng stop has the 321 events (got $got)"
	"$L" destroy >> "$tmp/cli.out" 2>&1
	ok $? "lttng destroy"
	sed 's/^/# cli: /' "$tmp/cli.out"
	kill -TERM "$pid5"
	wait_gone "$pid5"
else
	for d in "lttng create, enable-event -k, start" "lttng stop" \
		 "trace complete after lttng stop" "lttng destroy"; do
		skip "$d (no userspace/lttng/lttng)"
	done
fi

ok $(! grep -qE "Sanitizer|runtime error" "$tmp"/sd*.log; echo $?) "no sanitizer report from the daemon"
for f in "$tmp"/sd*.log; do sed "s|^|# $(basename "$f"): |" "$f"; done | head -60
rm -rf "$tmp"
ktap_finish
