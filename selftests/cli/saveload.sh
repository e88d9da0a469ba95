# SPDX-License-Identifier: GPL-2.0-only
# Kernel sessions through lttng save / lttng load (sourced from
# run_tests.sh with lttng-test loaded: uses lt, has, val, tmp, L, WL).
# A session with a tuned channel, a filtered syscall rule, a kprobe, a
# tracepoint and contexts is saved, destroyed and loaded back: `lttng
# list` shows the same session, and the loaded session records what the
# workloads do (read back with babeltrace2).

lt "create ksl" create ksl -o "$tmp/ksl"
lt "enable-channel -k kch (256k x 4, switch timer)" enable-channel -k kch \
	--subbuf-size 256k --num-subbuf 4 --switch-timer 500000
lt "enable-event -k --syscall getppid with a filter" enable-event -k -c kch \
	--syscall getppid --filter '$ctx.procname == "workload"'
lt "enable-event -k --probe __x64_sys_getppid kpgp" enable-event -k -c kch \
	--probe __x64_sys_getppid kpgp
lt "enable-event -k lttng_test_event" enable-event -k -c kch lttng_test_event
lt "add-context -k -t tid -t procname" add-context -k -c kch -t tid -t procname
lt "list ksl (before save)" list ksl
sed '/^Recording session\|Trace path/d' <<<"$out" > "$tmp/ksl.list1"
lt "save ksl -o DIR" save ksl -o "$tmp/kslsaved"
ok $(grep -q "<type>KERNEL</type>" "$tmp/kslsaved/ksl.lttng" &&
     grep -q "<type>SYSCALL</type>" "$tmp/kslsaved/ksl.lttng" &&
     grep -q "<symbol_name>__x64_sys_getppid</symbol_name>" "$tmp/kslsaved/ksl.lttng"; echo $?) "the file has the kernel domain, the syscall and the kprobe"
lt "destroy ksl" destroy ksl
lt "load -i DIR ksl" load -i "$tmp/kslsaved" ksl
lt "list ksl (loaded)" list ksl
sed '/^Recording session\|Trace path/d' <<<"$out" > "$tmp/ksl.list2"
ok $(cmp -s "$tmp/ksl.list1" "$tmp/ksl.list2"; echo $?) "the loaded session lists as the saved one"
diff "$tmp/ksl.list1" "$tmp/ksl.list2" | sed 's/^/# /'
lt "set-session ksl" set-session ksl
lt "start ksl (loaded)" start ksl
"$WL" getppid 60 > "$tmp/kslw"
echo 25 > /proc/lttng-test
lt "stop ksl" stop ksl
tid=$(val "$tmp/kslw" tid)
lt "view ksl" view ksl
got=$(grep "syscall_entry_getppid:" <<<"$out" | grep -c "tid = $tid,")
all=$(grep -c "syscall_entry_getppid:" <<<"$out")
ok $([ "$got" = 60 ] && [ "$all" = 60 ]; echo $?) "loaded: 60 getppid entries, all of the workload (filter kept; got $got of $all)"
got=$(grep "kpgp:" <<<"$out" | grep -c "tid = $tid,")
ok $([ "$got" = 60 ]; echo $?) "loaded: the kprobe fired 60 times for the workload (got $got)"
got=$(grep -c "lttng_test_event:" <<<"$out")
ok $([ "$got" = 25 ]; echo $?) "loaded: 25 test events (got $got)"
ok $(grep "syscall_entry_getppid:" <<<"$out" | head -1 | grep -q 'procname = "workload"'; echo $?) "loaded: contexts recorded"
lt "destroy ksl (loaded)" destroy ksl
