# SPDX-License-Identifier: GPL-2.0-only
# Kernel sessions streamed to Debian's lttng-relayd on loopback, sourced
# from run_tests.sh (uses lt, tmp, L): a session's trace as the relay
# daemon writes it, a live session followed by babeltrace2's lttng-live
# (every event, while it runs and by the end), the relay daemon killed
# while a session records.
if command -v lttng-relayd > /dev/null; then
	relay=$(mktemp -d "$tmp/relay.XXXXXX")	# a new one when run again
	relayd_start "$relay"
	ok $? "lttng-relayd listens"
	rp=$RELAYD_CTRL
	lt "create -U net://127.0.0.1:CTRL:DATA" create kr -U "net://127.0.0.1:$rp:$((rp + 1))"
	ok $(has "Traces will be output to tcp4://127.0.0.1:$rp/ [data: $((rp + 1))]"; echo $?) "output shown as LTTng shows it"
	lt "enable-event -k lttng_test_event (connects to the relay daemon)" enable-event -k lttng_test_event
	lt "start kr" start
	echo 1500 > /proc/lttng-test
	lt "stop kr" stop
	lt "destroy kr" destroy kr
	kdir=$(ls -d "$relay/$(hostname)"/kr-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	ok $([ -f "$kdir/kernel/metadata" ] && ls "$kdir/kernel/index/"channel0_*.idx > /dev/null; echo $?) "relay daemon wrote <hostname>/kr-<date>/kernel/{metadata,channel0_<cpu>,index/}"
	got=$(babeltrace2 "$kdir" 2> /dev/null | grep -c "lttng_test_event:")
	ok $([ "$got" = 1500 ]; echo $?) "relayed kernel trace: the 1500 events (got $got)"
	# live: babeltrace2's lttng-live follows the session while it runs
	# (attached before the streams exist, so it reads them from the
	# start).  The second batch is written on CPU 1 only and the session
	# stopped at once: CPU 0's stream is idle, and the viewer shows those
	# events only once CPU 0's beacons (which go on after stop, as with
	# LTTng) pass their time.
	lt "create --live -U" create kl --live -U "net://127.0.0.1:$rp:$((rp + 1))"
	ok $(has "Live session kl created." && has "Live timer interval set to 1000000 us"; echo $?) "create --live: LTTng's texts, 1 s by default"
	lt "enable-event -k lttng_test_event (live)" enable-event -k lttng_test_event
	live_viewer_start "$tmp/live" kl
	ok $? "babeltrace2 lttng-live connects"
	lt "start kl" start
	taskset -c 0 sh -c 'echo 300 > /proc/lttng-test'
	wait_until -t 1200 grep -q "lttng_test_event:" "$tmp/live.out"
	early=$(grep -c "lttng_test_event:" "$tmp/live.out")
	ok $([ "$early" -gt 0 ]; echo $?) "live viewer saw $early events before stop"
	taskset -c 1 sh -c 'echo 300 > /proc/lttng-test'
	lt "stop kl" stop
	all_seen() { [ "$(grep -c "lttng_test_event:" "$tmp/live.out")" -ge 600 ]; }
	wait_until -t 600 all_seen
	got=$(grep -c "lttng_test_event:" "$tmp/live.out")
	ok $([ "$got" = 600 ]; echo $?) "live viewer: all 600 events after stop, before destroy (got $got)"
	lt "destroy kl" destroy kl
	live_viewer_end; rc=$?
	got=$(grep -c "lttng_test_event:" "$tmp/live.out")
	[ "$rc" = 0 ] || tail -3 "$tmp/live.err" | sed 's/^/# /'
	ok "$rc" "babeltrace2 lttng-live ends with the session, status 0 (status $rc)"
	ok $([ "$got" = 600 ]; echo $?) "live viewer: all 600 events by the end, no more (got $got)"
	kldir=$(ls -d "$relay/$(hostname)"/kl-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	ondisk=$(babeltrace2 "$kldir" 2> /dev/null | grep -c "lttng_test_event:")
	ok $([ "$ondisk" = 600 ]; echo $?) "live session: the relay daemon has all 600 events (got $ondisk)"
	# the relay daemon killed while a session records: stop and destroy
	# return within seconds, with a warning
	lt "create kr2 -U" create kr2 -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-event -k lttng_test_event" enable-event -k lttng_test_event
	lt "start kr2" start
	echo 500 > /proc/lttng-test
	relayd_kill
	echo 500 > /proc/lttng-test
	t0=$(date +%s)
	out=$(timeout 120 "$L" stop 2>&1); rc=$?
	t1=$(date +%s)
	ok $([ $rc = 4 ] && has "Warning: Some trace data of session kr2 could not be written"; echo $?) "stop after the relay daemon died: warning, exit 4 ($rc: $out)"
	ok $([ $((t1 - t0)) -lt 30 ]; echo $?) "stop returned in $((t1 - t0)) s"
	out=$(timeout 120 "$L" destroy kr2 2>&1); rc=$?
	ok $([ $rc = 0 ] && [ $(($(date +%s) - t1)) -lt 30 ]; echo $?) "destroy returned ($rc)"
else
	ok 0 "lttng-relayd # SKIP lttng-tools not installed"
fi

