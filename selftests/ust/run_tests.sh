#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/ust/run_tests.sh - in the VM, as root: root's lttng-sessiond
# with the kernel tracer (module from the build tree) and user-space
# tracing at once: a kernel session, a UST session and a session with
# both domains, all active together, the sample program run by root and
# by nobody (registered with root's daemon).  Every trace is read with
# babeltrace2 and counted against what was emitted.  TAP output.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
SAMPLE=$top/userspace/ust-sample/ust-sample
RUN=/var/run/lttng
export LTTNG_MODULE_PATH=$top/module:$top/module/test
tmp=$(mktemp -d /tmp/ust-vm.XXXXXX)
chmod 755 "$tmp"

lt() { "$LTTNG" "$@" > "$tmp/lt.out" 2>&1 || { echo "# lttng $*: $(cat "$tmp/lt.out")"; return 1; }; }

ktap_header
lttng_unload
"$LTTNG_SESSIOND" -b --extra-kmod-probes=lttng-test > "$tmp/sd.log" 2>&1
ok $? "root daemon starts with the kernel tracer"
wait_sock $RUN/lttng-ust-sock-1
ok $([ "$(stat -c %a $RUN/lttng-ust-sock-1)" = 666 ]; echo $?) "application socket $RUN/lttng-ust-sock-1 (0666)"

lt create k -o "$tmp/k" && lt enable-event -k lttng_test_event -s k
ok $? "kernel session k"
lt create u -o "$tmp/u" && lt enable-event -u -a -s u && lt add-context -u -t vpid -s u
ok $? "UST session u"
lt create b -o "$tmp/b" && lt enable-event -k lttng_test_event -s b &&
	lt enable-event -u 'ust_sample:st*' -s b
ok $? "session b with both domains"
lt start k && lt start u && lt start b
ok $? "the three sessions start"
echo 500 > /proc/lttng-test
"$SAMPLE" -n 30 > "$tmp/s1.out"
su -s /bin/sh nobody -c "HOME=/nonexistent $SAMPLE -n 20" > "$tmp/s2.out"
P1=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/s1.out")
P2=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/s2.out")
echo 300 > /proc/lttng-test
lt stop k && lt stop u && lt stop b
ok $? "the three sessions stop"

ok $([ "$(bt_count "$tmp/k" lttng_test_event:)" = 800 ]; echo $?) "kernel session: 800 lttng_test_event"
ok $([ ! -e "$tmp/k/ust" ]; echo $?) "kernel session has no ust/ directory"
# sample -n N: 1 start + N event + N tick + ceil(N/10) warn + 1 stop
# (enable-event -u -a also records each app's lttng_ust_statedump:*, once
# at the start)
ok $([ "$(bt_count "$tmp/u/ust/uid/0" "vpid = $P1 " " ust_sample:")" = 65 ]; echo $?) "UST session: root's sample, 65 records in ust/uid/0"
ok $([ "$(bt_count "$tmp/u/ust/uid/0" "vpid = $P1 " " lttng_ust_statedump:start:")" = 1 ] &&
     [ "$(bt_count "$tmp/u/ust/uid/0" "vpid = $P1 " " lttng_ust_statedump:end:")" = 1 ]; echo $?) "UST session: root's sample's statedump, one start and one end"
nobody=$(id -u nobody)
ok $([ "$(bt_count "$tmp/u/ust/uid/$nobody" "vpid = $P2 " " ust_sample:")" = 44 ]; echo $?) "UST session: nobody's sample, 44 records in ust/uid/$nobody"
ok $([ ! -e "$tmp/u/kernel" ]; echo $?) "UST session has no kernel/ directory"
ok $([ "$(bt_count "$tmp/b/kernel" lttng_test_event:)" = 800 ]; echo $?) "mixed session: 800 kernel events"
ok $([ "$(bt_count "$tmp/b/ust" 'ust_sample:st')" = 4 ]; echo $?) "mixed session: start/stop of both samples (4 records)"
ok $([ "$(bt_count "$tmp/b" 'ust_sample:|lttng_test_event:')" = 804 ]; echo $?) "babeltrace2 reads the mixed session's two traces together"
"$LTTNG" list -u > "$tmp/listu"
ok $(grep -q "^UST events:" "$tmp/listu"; echo $?) "lttng list -u in root's daemon"
lt destroy -a
ok $? "destroy every session"
kill "$(cat $RUN/lttng-sessiond.pid)"
wait_until -t 100 test ! -e $RUN/lttng-sessiond.pid
ok $([ ! -e $RUN/lttng-ust-sock-1 ]; echo $?) "daemon exits, application socket removed"
[ $fail = 0 ] && rm -rf "$tmp"
ktap_finish
