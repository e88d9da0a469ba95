# SPDX-License-Identifier: GPL-2.0-only
# Sourced by run_tests.sh: the lttng_ust_statedump events and the
# perf:thread:NAME contexts, with the sample program (our liblttng-ust).
#
# The program waits 5 s before its threads record: it is alive while the
# test reads its /proc/PID/maps and asks for a second statedump.  Its
# bin_info records are compared with the maps (base address = the start
# of the object's first mapping), its build ids with readelf's, babeltrace2's
# debug-info filter must resolve the ip context to the program's function,
# and the per-thread counters must grow within every thread.

echo "# statedump and perf:thread contexts (ust-sample)"
lt create sd -o "$T/sd" > /dev/null
lt enable-event -u 'lttng_ust_statedump:*' > /dev/null
lt enable-event -u 'ust_sample:*' > /dev/null
out=$(lt add-context -u -t vpid -t vtid -t ip -t perf:thread:task-clock \
	-t perf:thread:page-fault -t perf:thread:cpu-cycles 2>&1)
ok $?  "add-context -u perf:thread:task-clock, page-fault, cpu-cycles accepted"
ok $(grep -q '^ust context perf:thread:task-clock added to all channels$' <<<"$out"; echo $?) "... with LTTng's message"
lt start > /dev/null
sample_run "$T/sd.out" -n 50 -d 2000 -t 3 -w 5000
PS=$!
wait_until -t 100 _sample_listed "$PS"
AS cat "/proc/$PS/maps" > "$T/sd.maps"
alive_before=$(kill -0 "$PS" 2>/dev/null && echo 1)
out=$(lt regenerate statedump 2>&1)
rc=$?
alive_after=$(kill -0 "$PS" 2>/dev/null && ! grep -q emitted "$T/sd.out" && echo 1)
ok $([ $rc = 0 ] && [ "$out" = "State dump successfully regenerated for session sd" ]; echo $?) "regenerate statedump: exit 0, LTTng's message"
wait "$PS"
lt stop > /dev/null
lt destroy sd > /dev/null
ok $([ "$alive_before$alive_after" = 11 ]; echo $?) "the program was alive, not yet recording, during the regenerate"

events_all "$T/sd" | grep "vpid = $PS," > "$T/sd.ev"
# statedump: two start..end runs, with the same objects
nstart=$(grep -c '^lttng_ust_statedump:start:' "$T/sd.ev")
nend=$(grep -c '^lttng_ust_statedump:end:' "$T/sd.ev")
ok $([ "$nstart" = 2 ] && [ "$nend" = 2 ]; echo $?) "statedump at start and at regenerate: 2 start, 2 end ($nstart, $nend)"
awk '/statedump:start:/ { run++ } /statedump:bin_info:/ { print run, $0 }' "$T/sd.ev" |
	sed -E 's/^([0-9]+) .*\{ baddr = (0x[0-9A-F]+), memsz = ([0-9]+), path = "([^"]*)", is_pic = ([01]), has_build_id = ([01]), has_debug_link = ([01]) \}$/\1 \2 \3 \4 \5 \6 \7/' > "$T/sd.bin"
awk '/statedump:start:/ { run++ } /statedump:bin_info:/ && run == 1' "$T/sd.ev" | sed 's/.*baddr/baddr/' | sort > "$T/sd.bin1"
awk '/statedump:start:/ { run++ } /statedump:bin_info:/ && run == 2' "$T/sd.ev" | sed 's/.*baddr/baddr/' | sort > "$T/sd.bin2"
ok $([ -s "$T/sd.bin1" ] && cmp -s "$T/sd.bin1" "$T/sd.bin2"; echo $?) "both statedumps list the same $(wc -l < "$T/sd.bin1") objects"
ok $(grep -q '^lttng_ust_statedump:procname: .*{ procname = "ust-sample" }$' "$T/sd.ev"; echo $?) "procname: ust-sample"

# bin_info against /proc/PID/maps: every file-backed object, its base
# address the start of its first mapping, its end in the last page of
# its last mapping or after it
exe=$(readlink -f "$SAMPLE")
lib=$(readlink -f "$U/liblttng-ust/liblttng-ust.so.1")
nbad=0 nobj=0
while read -r baddr memsz path pic bid dl; do
	case $path in /*) ;; *) continue ;; esac
	nobj=$((nobj + 1))
	rp=$(readlink -f "$path")
	read -r lo hi < <(awk -v p="$rp" '$6 == p { split($1, a, "-"); print a[1], a[2] }' "$T/sd.maps" |
		sort | awk 'NR == 1 { lo = $1 } { hi = $2 } END { print lo, hi }')
	# its file mappings lie within [baddr, baddr + memsz) (the .bss may go
	# on in an anonymous mapping after the last one)
	if [ -z "$lo" ] || [ $((baddr)) != $((16#$lo)) ] ||
	   [ $(((baddr + memsz + 4095) / 4096 * 4096)) -lt $((16#$hi)) ] ||
	   [ $((baddr + memsz)) -le $((16#$hi - 4096)) ] ||
	   [ "$memsz" = 0 ] || [ "$pic" != 1 ]; then
		echo "# $path: baddr $baddr memsz $memsz pic $pic, maps ${lo:-none}-${hi:-none}"
		nbad=$((nbad + 1))
	fi
done < <(awk '$1 == 1 { $1 = ""; print }' "$T/sd.bin")
ok $([ "$nobj" -ge 3 ] && [ "$nbad" = 0 ]; echo $?) "bin_info: $nobj files, base address and size match /proc/PID/maps ($nbad differ)"
ok $(cut -d' ' -f4 "$T/sd.bin" | grep -qx "$exe" &&
     cut -d' ' -f4 "$T/sd.bin" | xargs -n1 readlink -f 2>/dev/null | grep -qx "$lib" &&
     cut -d' ' -f4 "$T/sd.bin" | grep -q '/libc\.so\.6$' &&
     cut -d' ' -f4 "$T/sd.bin" | grep -q '^\[linux-vdso\.so\.1\]$'; echo $?) "bin_info lists the program, liblttng-ust, libc and the vDSO"
# the program's build id as readelf reads it
want=$(readelf -n "$exe" 2>/dev/null | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
ebase=$(awk -v p="$exe" '$1 == 1 && $4 == p { print $2 }' "$T/sd.bin")
got=$(grep "^lttng_ust_statedump:build_id: .*baddr = $ebase," "$T/sd.ev" | head -1 |
	grep -o '\[[0-9]*\] = 0x[0-9A-F]*' | sed 's/.*0x//' | while read -r b; do printf '%02x' $((16#$b)); done)
ok $([ -n "$want" ] && [ "$got" = "$want" ]; echo $?) "build_id of the program = readelf's ($got)"
# libc's .gnu_debuglink (Debian's libc has one)
libc=$(awk '$1 == 1 && $4 ~ /libc\.so\.6$/ { print $4; exit }' "$T/sd.bin")
lbase=$(awk '$1 == 1 && $4 ~ /libc\.so\.6$/ { print $2; exit }' "$T/sd.bin")
wantdl=$(readelf -p .gnu_debuglink "$libc" 2>/dev/null | sed -n 's/^ *\[ *0\] *//p')
gotdl=$(grep "^lttng_ust_statedump:debug_link: .*baddr = $lbase," "$T/sd.ev" | head -1 | sed -n 's/.*filename = "\([^"]*\)" }$/\1/p')
if [ -n "$wantdl" ]; then
	ok $([ "$gotdl" = "$wantdl" ]; echo $?) "debug_link of libc = its .gnu_debuglink ($gotdl)"
else
	skip "libc has no .gnu_debuglink here"
fi
# babeltrace2's debug-info resolves the ip context with the statedump
nrec=$(grep -c '^ust_sample:event:' "$T/sd.ev")
nres=$(babeltrace2 --debug-info "$T/sd" 2>/dev/null | grep "vpid = $PS," | grep '^.*ust_sample:event:' |
	grep -c 'debug_info = { bin = "ust-sample+0x[0-9a-f]*", func = "emit+0x[0-9a-f]*"')
ok $([ "$nrec" = 150 ] && [ "$nres" = "$nrec" ]; echo $?) "babeltrace2 --debug-info: $nres of $nrec ust_sample:event records resolved to ust-sample's emit()"

# perf:thread counters: per thread, task-clock grows, page-fault and
# cpu-cycles never decrease (cpu-cycles is 0 where perf_event_open refuses it)
grep '^ust_sample:' "$T/sd.ev" |
	sed -nE 's/.*vtid = ([0-9]+), ip = 0x[0-9A-F]+, perf_thread_task_clock = ([0-9]+), perf_thread_page_fault = ([0-9]+), perf_thread_cpu_cycles = ([0-9]+) \}.*/\1 \2 \3 \4/p' > "$T/sd.perf"
nthreads=$(cut -d' ' -f1 "$T/sd.perf" | sort -u | wc -l)
verdict=$(awk '{ n[$1]++
	if (n[$1] > 1 && ($2 < tc[$1] || $3 < pf[$1] || $4 < cy[$1])) bad++
	if (n[$1] == 1) first[$1] = $2
	tc[$1] = $2; pf[$1] = $3; cy[$1] = $4 }
	END { for (t in n) if (tc[t] <= first[t]) bad++; print NR, bad + 0 }' "$T/sd.perf")
ok $([ "$nthreads" = 3 ] && [ "$verdict" = "321 0" ]; echo $?) "perf_thread_* contexts: 3 threads, 321 records, per thread task-clock grows and no counter decreases (records, bad: $verdict)"
cycles=$(awk '$4 > 0' "$T/sd.perf" | wc -l)
echo "# perf_thread_cpu_cycles: $cycles of $(wc -l < "$T/sd.perf") records nonzero (0: no PMU access here)"
md=$(find "$T/sd" -name metadata | head -1)
ok $(grep -q 'integer { size = 64; align = 8; signed = 0; encoding = none; base = 10; } _perf_thread_task_clock;' "$md" &&
     grep -q 'integer { size = 64; align = 8; signed = 0; encoding = none; base = 10; } _perf_thread_cpu_cycles;' "$md"; echo $?) "metadata: perf_thread_<name> uint64 fields as LTTng-UST writes them"

# add-context --list: LTTng 2.13's list, perf:cpu:* and perf:thread:* included
if [ -x /usr/bin/lttng ]; then
	AS /usr/bin/lttng add-context --list > "$T/ctx.lttng" 2>&1
	lt add-context --list > "$T/ctx.ours" 2>&1
	ok $(cmp -s "$T/ctx.lttng" "$T/ctx.ours"; echo $?) "add-context --list prints LTTng 2.13's list ($(wc -l < "$T/ctx.ours") names)"
else
	skip "Debian's lttng not installed: add-context --list not compared"
fi
