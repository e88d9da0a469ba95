# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/cli/analyses.sh - sourced by run_tests.sh (its helpers and
# $tmp): Debian's lttng-analyses (python3-lttnganalyses) read our kernel
# traces and find in them what the workloads really did.
#
# The session lttng-analyses-record sets up (its channel and event list;
# names our tracer does not have are refused, as LTTng refuses those its
# kernel lacks), a thread burning 400 ms of CPU (or three times dd's CPU time), 300 getppid() calls and
# dd writing 4 MiB; lttng-cputop must put the burner first,
# lttng-syscallstats count the 300 calls and lttng-iousagetop the 4 MiB.  Threads are matched by tid: without
# the procname context, lttng-analyses names them by their comm at fork
# (it does not rename them at exec, on LTTng's traces either).
# --no-intersection: by default lttng-analyses reads only the time all
# streams cover, which begins with the first packet of the last CPU to
# record anything (LTTng's packets, as ours, begin at their first event).
# dd runs right after start, and under TCG the other CPU's first event can
# come after it: dd's writes were then left out ("got none"), or the whole
# trace refused ("Trace has no intersection").
if command -v lttng-cputop > /dev/null && command -v lttng-syscallstats > /dev/null; then
	lt "create an" create an -o "$tmp/an"
	lt "enable-channel -k chan1 --subbuf-size=8M (lttng-analyses-record)" \
		enable-channel -k chan1 --subbuf-size=8M
	"$L" enable-event -s an -k sched_switch,sched_wakeup,sched_waking,block_rq_complete,block_rq_issue,block_bio_remap,block_bio_backmerge,netif_receive_skb,net_dev_xmit,sched_process_fork,sched_process_exec,lttng_statedump_process_state,lttng_statedump_file_descriptor,lttng_statedump_block_device,mm_vmscan_wakeup_kswapd,mm_page_free,mm_page_alloc,block_dirty_buffer,irq_handler_entry,irq_handler_exit,softirq_entry,softirq_exit,softirq_raise,irq_softirq_entry,irq_softirq_exit,irq_softirq_raise,kmem_mm_page_alloc,kmem_mm_page_free -c chan1 > "$tmp/an.enable" 2>&1
	lt "enable-event -k -c chan1 --syscall -a" enable-event -s an -k -c chan1 --syscall -a
	lt "list an: the scheduler events are enabled" list an
	ok $(has "sched_switch (type: tracepoint) [enabled]" &&
	     has "sched_process_exec (type: tracepoint) [enabled]"; echo $?) \
		"lttng-analyses-record's events: sched_switch, sched_process_exec enabled"
	lt "start an" start an
	# The burner burns at least three times the CPU time dd took (under
	# a loaded TCG host, dd's 4 MiB can cost more than 400 ms of guest
	# CPU time), and at least 1.5 s: the test's own shell forks and execs
	# the commands of this window, which cost several hundred ms of guest
	# CPU time on a loaded TCG host (it outran a 400 ms burner there).
	dd_cpu=$( { TIMEFORMAT='%3U %3S'; time dd if=/dev/zero of="$tmp/an.dd" bs=64k count=64 2> /dev/null; } 2>&1 )
	burn=$(awk -v t="$dd_cpu" 'BEGIN { split(t, a, " "); ms = 3000 * (a[1] + a[2]); print (ms > 1500 ? int(ms) : 1500) }')
	"$WL" spin "$burn" > "$tmp/an.spin"
	"$WL" getppid 300 > "$tmp/an.gp"
	lt "stop an" stop an
	spin=$(val "$tmp/an.spin" tid)
	gp=$(val "$tmp/an.gp" tid)
	timeout 300 lttng-cputop --no-progress --no-intersection "$tmp/an" > "$tmp/an.cputop" 2>&1
	top1=$(grep -m 1 -E ' %   ' "$tmp/an.cputop")
	ok $(grep -qE "%   .* \($spin\) " <<<"$top1"; echo $?) \
		"lttng-cputop: the burner (tid $spin) is the top thread:${top1##*%}"
	timeout 300 lttng-syscallstats --no-progress --no-intersection "$tmp/an" > "$tmp/an.sc" 2>&1
	got=$(awk -v h=" ($gp, TID: $gp)" 'index($0, h) { inb = 1; next }
		inb && /^-----/ { exit }
		inb && $1 == "-" && $2 == "getppid" { print $3; exit }' "$tmp/an.sc")
	ok $([ "$got" = 300 ]; echo $?) "lttng-syscallstats: tid $gp made 300 getppid() (got ${got:-none})"
	timeout 300 lttng-iousagetop --no-progress --no-intersection "$tmp/an" > "$tmp/an.io" 2>&1
	ddw=$(awk '/^Per-process I\/O Write/ { on = 1; next } on && /^$/ { exit }
		on && / dd \(/ { print $(NF - 9), $(NF - 8) }' "$tmp/an.io")
	ok $([ "$ddw" = "4.00 MiB" ]; echo $?) "lttng-iousagetop: dd wrote 4.00 MiB (got ${ddw:-none})"
	[ "$got" = 300 ] && [ -n "$top1" ] || { head -n 20 "$tmp/an.cputop"; head -n 20 "$tmp/an.sc"; } | sed 's/^/# /'
	[ "$ddw" = "4.00 MiB" ] || head -n 40 "$tmp/an.io" | sed 's/^/# /'
	lt "destroy an" destroy an

	# Disks and hard IRQs by name, in a small session of their own
	# (lttng-irqstats reads every event: on the session above it outran
	# the VM's time under load).  A null_blk disk created before start is
	# named by the statedump (lttng_statedump_block_device), and dd's 32
	# direct 4 KiB writes to it are counted under that name; every hard
	# IRQ lttng-irqstats names is named so in /proc/interrupts (from
	# lttng_statedump_interrupt).  --no-intersection (see above): the
	# statedump runs at start on one CPU, often before the other CPU's
	# first event.
	if modprobe null_blk nr_devices=1 2> /dev/null && [ -b /dev/nullb0 ]; then
		lt "create names" create names -o "$tmp/names"
		lt "enable-event -k block and IRQ events, statedump" enable-event -k \
			block_rq_issue,block_rq_complete,lttng_statedump_block_device,irq_handler_entry,irq_handler_exit,lttng_statedump_interrupt
		lt "start names" start names
		cp "$(command -v dd)" "$tmp/ddblk"	# not counted as dd above
		"$tmp/ddblk" if=/dev/zero of=/dev/nullb0 bs=4k count=32 oflag=direct 2> /dev/null
		ok $? "32 direct writes of 4 KiB to /dev/nullb0"
		lt "stop names" stop names
		timeout 300 lttng-iousagetop --no-progress --no-intersection "$tmp/names" > "$tmp/names.io" 2>&1
		# bar graph rows: BAR VALUE UNIT LABEL
		dreq=$(awk '/^Disk Request Count/ { on = 1; next } on && /^$/ { exit }
			on && $NF == "nullb0" { print $(NF - 2) }' "$tmp/names.io")
		dsec=$(awk '/^Disk Requests Sector Count/ { on = 1; next } on && /^$/ { exit }
			on && $NF == "nullb0" { print $(NF - 2) }' "$tmp/names.io")
		ok $([ "${dreq:-0}" = 32 ] && [ "${dsec:-0}" = 256 ]; echo $?) \
			"lttng-iousagetop: disk nullb0 named: ${dreq:-no} requests, ${dsec:-no} sectors (32, 256)" ||
			{ grep -A 6 '^Disk Request' "$tmp/names.io"
			  babeltrace2 "$tmp/names" | grep -E 'statedump_block|block_rq_issue' | head -n 40
			  cat /sys/block/nullb0/dev; } | sed 's/^/# /'
		timeout 300 lttng-irqstats --no-progress --no-intersection "$tmp/names" > "$tmp/names.irq" 2>&1
		# rows: "NR:  <NAME>  count min avg max stdev  |"
		awk '/^Hard IRQ/ { on = 1; next } on && /^$/ { exit }
			on && $1 ~ /^[0-9]+:$/ { sub(/:$/, "", $1); n = $2; gsub(/[<>]/, "", n); print $1, n }' \
			"$tmp/names.irq" > "$tmp/names.irqs"
		bad=
		while read -r num name; do
			grep -qE "^ *$num:.* ${name%%,*}" /proc/interrupts || bad="$bad $num:$name"
		done < "$tmp/names.irqs"
		ok $([ -s "$tmp/names.irqs" ] && [ -z "$bad" ]; echo $?) \
			"lttng-irqstats: hard IRQs named as in /proc/interrupts ($(tr '\n' ' ' < "$tmp/names.irqs"))${bad:+, not:$bad}" ||
			head -n 20 "$tmp/names.irq" | sed 's/^/# /'
		lt "destroy names" destroy names
		rmmod null_blk
	else
		ok 0 "lttng-analyses: disk and IRQ names # SKIP null_blk not available"
	fi
else
	ok 0 "lttng-analyses # SKIP python3-lttnganalyses not installed"
fi

