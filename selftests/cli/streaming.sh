# SPDX-License-Identifier: GPL-2.0-only
# Kernel sessions streamed to Debian's lttng-relayd on loopback, sourced
# from run_tests.sh (uses lt, tmp, L): a session's trace as the relay
# daemon writes it, a live session followed by babeltrace2's lttng-live
# (every event, while it runs and by the end), rotations and clear (the
# relay daemon's archives, exact per-thread counts), snapshots to the
# relay daemon, the relay daemon killed while a session records.
if command -v lttng-relayd > /dev/null; then
	t_streaming=$SECONDS
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
	# a session with kernel and user-space channels: each domain's
	# consumer has its own relay daemon session (lttng-relayd lists the
	# name twice, as with LTTng 2.13's consumer daemons; babeltrace2's
	# listing shows them as one), their traces in one directory, kernel/
	# and ust/uid/0/64-bit/ (in each archive once rotated)
	SAMPLE=$top/userspace/ust-sample/ust-sample
	lt "create km -U (kernel and user space)" create km -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-event -k lttng_test_event (km)" enable-event -k lttng_test_event
	n1=$(relayd_sessions km | wc -l)
	lt "enable-event -u ust_sample:* (km)" enable-event -u 'ust_sample:*'
	lt "add-context -u -t vpid (km)" add-context -u -t vpid
	n2=$(relayd_sessions km | wc -l)
	ok $([ "$n1" = 1 ] && [ "$n2" = 2 ]; echo $?) \
		"lttng-relayd lists km once for the kernel domain ($n1), twice with user space ($n2)"
	# rotated once: each archive holds both domains' traces, read alone
	lt "start km" start
	echo 800 > /proc/lttng-test
	"$SAMPLE" -n 30 > "$tmp/km.sample"
	P1=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/km.sample")
	lt "rotate km (kernel and user space)" rotate
	echo 200 > /proc/lttng-test
	"$SAMPLE" -n 30 > "$tmp/km.sample"
	P2=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/km.sample")
	lt "stop km" stop
	lt "destroy km (archives the last chunk)" destroy km
	mdir=$(ls -d "$relay/$(hostname)"/km-[0-9]*-[0-9]* 2> /dev/null)
	two() { [ "$(ls "$mdir/archives" 2> /dev/null | grep -c "^$ISO-$ISO-[01]\$")" = 2 ]; }
	wait_until -t 600 two
	ok $([ -n "$mdir" ] && [ "$(wc -l <<< "$mdir")" = 1 ] && two && [ "$(ls "$mdir")" = archives ]; echo $?) \
		"one session directory ${mdir#$relay/}, two archives ($(ls "$mdir/archives" 2> /dev/null | tr '\n' ' '))"
	i=0
	for a in $(ls "$mdir/archives" 2> /dev/null | sort -t- -k3n); do
		d=$mdir/archives/$a
		nk=$(bt_count "$d/kernel" ' lttng_test_event: ')
		# ust-sample -n 30: start, 30 event, 30 tick, 3 warn, stop
		n1=$(bt_count "$d/ust/uid/0/64-bit" "vpid = $P1 ")
		n2=$(bt_count "$d/ust/uid/0/64-bit" "vpid = $P2 ")
		nb=$(bt_count "$d" ' lttng_test_event: | ust_sample:')
		if [ $i = 0 ]; then want="800 65 0 865"; else want="200 0 65 265"; fi
		ok $([ "$nk $n1 $n2 $nb" = "$want" ]; echo $?) \
			"archive $i read alone: kernel $nk, first app $n1, second app $n2, together $nb ($want)"
		i=$((i + 1))
	done
	# the same live: one viewer follows both relay daemon sessions, sees
	# each domain's events while the session runs, all of them by the
	# end, and ends with the session
	lt "create kml --live (kernel and user space)" create kml --live -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-event -k lttng_test_event (kml)" enable-event -k lttng_test_event
	lt "enable-event -u ust_sample:* (kml)" enable-event -u 'ust_sample:*'
	lt "add-context -u -t vpid (kml)" add-context -u -t vpid
	live_viewer_start "$tmp/mlive" kml; rc=$?
	nsess=$(relayd_sessions kml | wc -l)
	ok $([ "$rc" = 0 ] && [ "$nsess" = 2 ]; echo $?) "babeltrace2 lttng-live attaches to both relay daemon sessions of kml ($rc, $nsess sessions)"
	lt "start kml" start
	echo 300 > /proc/lttng-test
	"$SAMPLE" -n 30 > "$tmp/kml.sample"
	P=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/kml.sample")
	both_seen() { grep -q " lttng_test_event: " "$tmp/mlive.out" && grep -q " ust_sample:" "$tmp/mlive.out"; }
	wait_until -t 1200 both_seen
	ok $(both_seen; echo $?) "live viewer saw kernel and user-space events before stop"
	lt "stop kml" stop
	mall_seen() { [ "$(grep -c " lttng_test_event: " "$tmp/mlive.out")" -ge 300 ] &&
		      [ "$(grep -c "vpid = $P " "$tmp/mlive.out")" -ge 65 ]; }
	wait_until -t 600 mall_seen
	lt "destroy kml" destroy kml
	live_viewer_end; rc=$?
	[ "$rc" = 0 ] || tail -3 "$tmp/mlive.err" | sed 's/^/# /'
	ok "$rc" "babeltrace2 lttng-live ends with both sessions, status 0 (status $rc)"
	nk=$(grep -c " lttng_test_event: " "$tmp/mlive.out")
	nu=$(grep -c "vpid = $P " "$tmp/mlive.out")
	ok $([ "$nk" = 300 ] && [ "$nu" = 65 ]; echo $?) \
		"live viewer: exactly the 300 kernel events ($nk) and the app's 65 ($nu) by the end"
	mdir=$(ls -d "$relay/$(hostname)"/kml-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	nk=$(bt_count "$mdir/kernel" ' lttng_test_event: ')
	nu=$(bt_count "$mdir/ust" "vpid = $P ")
	ok $([ "$nk" = 300 ] && [ "$nu" = 65 ]; echo $?) "live session: the relay daemon has them all ($nk, $nu)"
	t_netrot=$SECONDS
	# rotations of a network session: the relay daemon archives each
	# chunk as <hostname>/<session>-<date>/archives/<begin>-<end>-<id>,
	# each read alone; a first process's getppid() calls all land in
	# archive 0, a second one's run while the session is rotated again
	# (once the new chunk has data):
	# per tid, the three archives hold exactly N entries
	N=${NET_ROT_N:-10000}
	lt "create krr -U" create krr -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-channel -k rc 64k x 16" enable-channel -k rc --subbuf-size 64k --num-subbuf 16
	lt "enable-event -k --syscall getppid -c rc" enable-event -k --syscall getppid -c rc
	lt "add-context -k -t tid -c rc" add-context -k -t tid -c rc
	lt "start krr" start
	rdir=$(ls -d "$relay/$(hostname)"/krr-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	"$WL" getppid "$N" > "$tmp/krr.w1"
	lt "rotate krr" rotate
	ok $([ "$(sed -n 2p <<<"$out")" = "Trace chunk archive for session krr is now readable on relay tcp://127.0.0.1/${rdir#$relay/} [control port $rp, data port $((rp + 1))]" ]; echo $?) \
		"rotate: LTTng's text for a relay daemon's archive"
	"$WL" getppid "$N" > "$tmp/krr.w2" &
	w2=$!
	# rotated once the relay daemon has packets of the new chunk
	chunk_data() { find "$@" -name 'rc_[0-9]*' -size +0 2> /dev/null | grep -q .; }
	wait_until -t 600 chunk_data "$rdir"/*-1
	lt "rotate krr (a workload running)" rotate
	ok $(grep -q "readable on relay tcp://127.0.0.1/${rdir#$relay/}/archives/$ISO-$ISO-1 \[control port" <<<"$out"; echo $?) "second rotation: archive -1"
	wait "$w2"
	lt "stop krr" stop
	lt "list krr" list krr
	dis=$(sed -n 's/^ *Discarded events: //p' <<<"$out" | head -1)
	ok $([ "${dis:-x}" = 0 ]; echo $?) "nothing discarded (${dis:-?})"
	lt "destroy krr (archives the last chunk)" destroy krr
	ok $(grep -q "readable on relay tcp://127.0.0.1/${rdir#$relay/}/archives/$ISO-$ISO-2 \[control port" <<<"$out"; echo $?) "destroy: archive -2"
	three() { [ "$(ls "$rdir/archives" 2> /dev/null | grep -c "^$ISO-$ISO-[012]\$")" = 3 ]; }
	wait_until -t 600 three
	ok $(three && [ "$(ls "$rdir")" = archives ]; echo $?) "three archives on the relay daemon ($(ls "$rdir/archives" 2> /dev/null | tr '\n' ' '))"
	t1=$(val "$tmp/krr.w1" tid)
	t2=$(val "$tmp/krr.w2" tid)
	bad=0 s1=0 s2=0 a0=
	for a in $(ls "$rdir/archives" | sort -t- -k3n); do
		babeltrace2 "$rdir/archives/$a" 2> "$tmp/krr.err" | grep 'syscall_entry_getppid:' > "$tmp/krr.ev"
		[ -s "$tmp/krr.err" ] && { bad=1; head -3 "$tmp/krr.err" | sed 's/^/# /'; }
		c1=$(grep -c "{ tid = $t1 }" "$tmp/krr.ev")
		c2=$(grep -c "{ tid = $t2 }" "$tmp/krr.ev")
		echo "# $a: tid $t1: $c1, tid $t2: $c2 getppid entries"
		s1=$((s1 + c1)) s2=$((s2 + c2))
		[ -n "$a0" ] || a0=$c1
	done
	ok $bad "babeltrace2 reads each relayed archive alone"
	ok $([ "$s1" = "$N" ] && [ "$s2" = "$N" ] && [ "$a0" = "$N" ]; echo $?) \
		"per tid, exactly $N entries over the archives ($s1, $s2), the first process's all in archive 0 ($a0)"
	# clear: the relay daemon drops what was recorded, the session goes on
	lt "create kcl -U" create kcl -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-event -k lttng_test_event (kcl)" enable-event -k lttng_test_event
	lt "start kcl" start
	echo 700 > /proc/lttng-test
	lt "clear kcl" clear
	echo 250 > /proc/lttng-test
	lt "stop kcl" stop
	lt "destroy kcl" destroy kcl
	cdir=$(ls -d "$relay/$(hostname)"/kcl-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	got=$(babeltrace2 "$cdir" 2> /dev/null | grep -c "lttng_test_event:")
	ok $([ "$got" = 250 ] && [ "$(ls "$cdir")" = kernel ]; echo $?) "clear: the relay daemon keeps the 250 events after it, in the session directory (got $got; $(ls "$cdir" | tr '\n' ' '))"
	# snapshots of kernel and user-space buffers to the relay daemon (a
	# relay daemon session per domain, one snapshot directory): the
	# session's default output and a one-time URL, each a complete trace
	# of the buffers
	lt "create ks --snapshot -U" create ks --snapshot -U "net://127.0.0.1:$rp:$((rp + 1))"
	lt "enable-event -k lttng_test_event (ks)" enable-event -k lttng_test_event
	lt "enable-event -u ust_sample:* (ks)" enable-event -u 'ust_sample:*'
	lt "add-context -u -t vpid (ks)" add-context -u -t vpid
	lt "start ks" start
	echo 400 > /proc/lttng-test
	"$SAMPLE" -n 30 > "$tmp/ks.sample"
	P=$(sed -n 's/^ust-sample: pid \([0-9]*\).*/\1/p' "$tmp/ks.sample")
	lt "snapshot record (to the relay daemon)" snapshot record
	ok $([ "$out" = "Snapshot recorded successfully for session ks" ]; echo $?) "snapshot record: LTTng's text"
	lt "snapshot record -n once net://" snapshot record -n once "net://127.0.0.1:$rp:$((rp + 1))"
	lt "destroy ks" destroy ks
	sdir=$(ls -d "$relay/$(hostname)"/ks-[0-9]*-[0-9]* 2> /dev/null | head -n 1)
	s0=$(ls -d "$sdir"/snapshot-1-[0-9]*-[0-9]*-0 2> /dev/null | head -n 1)
	s1=$(ls -d "$sdir"/once-[0-9]*-[0-9]*-1 2> /dev/null | head -n 1)
	for d in "$s0" "$s1"; do
		babeltrace2 "$d" > "$tmp/ks.ev" 2> "$tmp/ks.err"
		got=$(grep -c " lttng_test_event: " "$tmp/ks.ev")
		gu=$(grep -c "vpid = $P " "$tmp/ks.ev")
		ok $([ -n "$d" ] && [ -f "$d/kernel/metadata" ] && [ -f "$d/ust/uid/0/64-bit/metadata" ] &&
		     [ "$got" = 400 ] && [ "$gu" = 65 ] && ! [ -s "$tmp/ks.err" ]; echo $?) \
			"relayed kernel and user-space snapshot ${d#$relay/}: the 400 kernel events (got $got), the app's 65 (got $gu)"
	done
	echo "# rotation, clear, snapshot to the relay daemon: $((SECONDS - t_netrot)) s"
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
	echo "# streaming.sh: $((SECONDS - t_streaming)) s"
else
	ok 0 "lttng-relayd # SKIP lttng-tools not installed"
fi

