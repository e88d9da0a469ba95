# SPDX-License-Identifier: GPL-2.0-only
# Kernel sessions through lttng save / lttng load (sourced from
# run_tests.sh with lttng-test loaded: uses lt, has, val, tmp, L, WL).
# A session with a tuned channel, a filtered syscall rule, a kprobe, a
# tracepoint and contexts is saved, destroyed and loaded back: `lttng
# list` shows the same session, and the loaded session records what the
# workloads do (read back with babeltrace2).

lt "create ks" create ks -o "$tmp/ks"
lt "enable-channel -k kch (256k x 4, switch timer)" enable-channel -k kch \
	--subbuf-size 256k --num-subbuf 4 --switch-timer 500000
lt "enable-event -k --syscall getppid with a filter" enable-event -k -c kch \
	--syscall getppid --filter '$ctx.procname == "workload"'
lt "enable-event -k --probe __x64_sys_getppid kpgp" enable-event -k -c kch \
	--probe __x64_sys_getppid kpgp
lt "enable-event -k lttng_test_event" enable-event -k -c kch lttng_test_event
lt "add-context -k -t tid -t procname" add-context -k -c kch -t tid -t procname
lt "list ks (before save)" list ks
sed '/^Recording session\|Trace path/d' <<<"$out" > "$tmp/ks.list1"
lt "save ks -o DIR" save ks -o "$tmp/ksaved"
ok $(grep -q "<type>KERNEL</type>" "$tmp/ksaved/ks.lttng" &&
     grep -q "<type>SYSCALL</type>" "$tmp/ksaved/ks.lttng" &&
     grep -q "<symbol_name>__x64_sys_getppid</symbol_name>" "$tmp/ksaved/ks.lttng"; echo $?) "the file has the kernel domain, the syscall and the kprobe"
lt "destroy ks" destroy ks
lt "load -i DIR ks" load -i "$tmp/ksaved" ks
lt "list ks (loaded)" list ks
sed '/^Recording session\|Trace path/d' <<<"$out" > "$tmp/ks.list2"
ok $(cmp -s "$tmp/ks.list1" "$tmp/ks.list2"; echo $?) "the loaded session lists as the saved one"
diff "$tmp/ks.list1" "$tmp/ks.list2" | sed 's/^/# /'
lt "set-session ks" set-session ks
lt "start ks (loaded)" start ks
"$WL" getppid 60 > "$tmp/ksw"
echo 25 > /proc/lttng-test
lt "stop ks" stop ks
tid=$(val "$tmp/ksw" tid)
lt "view ks" view ks
got=$(grep "syscall_entry_getppid:" <<<"$out" | grep -c "tid = $tid,")
all=$(grep -c "syscall_entry_getppid:" <<<"$out")
ok $([ "$got" = 60 ] && [ "$all" = 60 ]; echo $?) "loaded: 60 getppid entries, all of the workload (filter kept; got $got of $all)"
got=$(grep "kpgp:" <<<"$out" | grep -c "tid = $tid,")
ok $([ "$got" = 60 ]; echo $?) "loaded: the kprobe fired 60 times for the workload (got $got)"
got=$(grep -c "lttng_test_event:" <<<"$out")
ok $([ "$got" = 25 ]; echo $?) "loaded: 25 test events (got $got)"
ok $(grep "syscall_entry_getppid:" <<<"$out" | head -1 | grep -q 'procname = "workload"'; echo $?) "loaded: contexts recorded"
lt "destroy ks (loaded)" destroy ks
