#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A UST session streamed to Debian's lttng-relayd (TAP): our per-user
# daemon (sanitized build) and lttng client, the scripted fakeapp, and
# lttng-relayd on loopback ports.  The trace the relay daemon writes is
# read with babeltrace2 and compared with what the application emitted,
# event by event.  Then the faults: a relay daemon that cannot be
# reached (LTTng's text and exit code), one killed mid-session (stop and
# destroy return within seconds with a warning; a local session in the
# same daemon is untouched).
set -u
D=$(cd "$(dirname "$0")" && pwd)

. "$D/lib.sh"
. "$D/../../selftests/lib/relayd.sh"

ktap_header
RELAYD=$(command -v lttng-relayd)
if [ -z "$RELAYD" ] || ! command -v babeltrace2 > /dev/null; then
	skip "lttng-relayd or babeltrace2 missing (scripts/setup installs them)"
	ktap_finish
fi

T=$(mktemp -d /tmp/ust-relayd.XXXXXX)
chmod 755 "$T"
export ASAN_OPTIONS=log_path=$T/asan:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/ubsan
export LTTNG_UST_APP_TIMEOUT_MS=1500 LTTNG_UST_ROOT_RUNDIR=
# every call to the relay daemon gives up after 2 s
export LTTNG_NETWORK_SOCKET_TIMEOUT=2000
UH=$T/home
test_user "$UH" "$T/relay"
SOCK=$UH/.lttng/lttng-ust-sock-1
cleanup() {
	local p
	p=$(cat "$UH/.lttng/lttng-sessiond.pid" 2>/dev/null) && kill "$p" 2>/dev/null
	for p in "${APPPID[@]}"; do kill -9 "$p" 2>/dev/null; done
	relayd_kill
}
trap cleanup EXIT

AS "$SD" -b -vv > "$T/sd.log" 2>&1
ok_cmd "daemon starts" wait_sock "$SOCK" 100
ok_cmd "lttng-relayd starts" relayd_start "$T/relay" "${ASCMD[@]}"
CP=$RELAYD_CTRL DP=$RELAYD_DATA
HOST=$(hostname)

# --- 1. a session streamed to the relay daemon ------------------------------
out=$(lt create r1 -U "net://127.0.0.1:$CP:$DP" 2>&1); st=$?
want="Session r1 created.
Traces will be output to tcp4://127.0.0.1:$CP/ [data: $DP]"
ok $([ $st = 0 ] && [ "$out" = "$want" ]; echo $?) "create -U net://: LTTng's text ($out)"
out=$(lt list 2>&1)
ok $(has "    Trace output: tcp4://127.0.0.1:$CP/ [data: $DP]"; echo $?) "lttng list shows the network output"
ok_cmd "enable-event connects to the relay daemon" lt enable-event -u -a
lt add-context -u -t vpid -t vtid -t procname > /dev/null
ok_cmd "fakeapp registers" app_start a1 app
P1=$(app_realpid a1)
lt start > /dev/null
ok_cmd "app emits 30 x 3 events" app_emit a1 30
out=$(lt stop 2>&1); st=$?
ok $([ $st = 0 ] && ! has Warning; echo $?) "stop: no warning"
ok_cmd "destroy" lt destroy r1
dir=$(ls -d "$T/relay/$HOST"/r1-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
ok $([ -n "$dir" ]; echo $?) "relay daemon's output <hostname>/r1-<date>: ${dir#$T/relay/}"
ok $([ -f "$dir/ust/uid/$TUID/64-bit/metadata" ] && ls "$dir/ust/uid/$TUID/64-bit/index/"channel0_*.idx > /dev/null; echo $?) "layout ust/uid/<uid>/64-bit/{metadata,channel0_<cpu>,index/}"
expect_fake "$P1" 0 29 int str dbg > "$T/exp"
same_events "relayed trace: every event, every field" "$T/exp" "$dir"

# --- 2. -C/-D and a directory under the host -------------------------------
out=$(lt create r2 -C "tcp://127.0.0.1:$CP/my/dir" -D "tcp://127.0.0.1:$DP" 2>&1); st=$?
ok $([ $st = 0 ] && has "Traces will be output to tcp4://127.0.0.1:$CP/my/dir [data: $DP]"; echo $?) "create -C -D: $out"
lt enable-event -u fake:ev_int > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
app_emit a1 5
lt stop > /dev/null
lt destroy r2 > /dev/null
expect_fake "$P1" 0 4 int > "$T/exp"
same_events "trace under <hostname>/my/dir" "$T/exp" "$T/relay/$HOST/my/dir"

# --- 2b. a live session, followed by babeltrace2's lttng-live ---------------
out=$(lt create lv0 --live 2>&1); st=$?
want="Live session lv0 created.
Traces will be output to tcp4://127.0.0.1:5342/ [data: 5343]
Live timer interval set to 1000000 us"
ok $([ $st = 0 ] && [ "$out" = "$want" ]; echo $?) "create --live: net://127.0.0.1 and 1 s by default ($out)"
lt destroy lv0 > /dev/null
out=$(lt create lv --live=0 2>&1); st=$?
ok $([ $st = 1 ] && has "Live timer interval must be greater than zero"; echo $?) "--live=0: LTTng's text ($out)"
out=$(lt create lv --live=1s -o "$T/nope" 2>&1); st=$?
ok $([ $st = 1 ] && has "Unsupported output type specified for live session."; echo $?) "--live with -o: LTTng's text"
out=$(lt create lv --live --snapshot 2>&1); st=$?
ok $([ $st = 1 ] && has "Snapshot and live modes are mutually exclusive."; echo $?) "--live with --snapshot: LTTng's text"
out=$(lt create lv --live=200ms -U "net://127.0.0.1:$CP:$DP" 2>&1); st=$?
want="Live session lv created.
Traces will be output to tcp4://127.0.0.1:$CP/ [data: $DP]
Live timer interval set to 200000 us"
ok $([ $st = 0 ] && [ "$out" = "$want" ]; echo $?) "create --live=200ms: LTTng's text ($out)"
ok $(lt list 2>&1 | grep -q "Live timer interval: 200000 us"; echo $?) "lttng list shows the live timer"
lt enable-event -u fake:ev_int > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
nmi=$(lt --mi xml list lv 2>&1 | grep -o "<live_timer_interval>200000</live_timer_interval>" | wc -l)
ok $([ "$nmi" = 2 ]; echo $?) "lttng --mi xml list: the live timer of the session and its channel ($nmi/2)"
live_viewer_start "$T/live" lv 100
ok $? "babeltrace2 lttng-live connects"
lt start > /dev/null
app_emit a1 10
wait_until -t 300 test -s "$T/live.out"
early=$(grep -c 'fake:ev_int' "$T/live.out")
ok $([ "$early" -gt 0 ]; echo $?) "the live viewer sees $early events while the session runs"
# an event enabled now: the metadata grows while the viewer follows, and
# the viewer decodes the update from where it stopped (packetized, as
# LTTng's: plain text without its signature comment makes babeltrace2
# fail)
lt enable-event -u fake:ev_str > /dev/null
app_emit a1 10
lt stop > /dev/null
# the viewer catches up before the session goes (a viewer still behind
# when it is destroyed can miss the last packets: not done)
_all_seen() { [ "$(grep -c 'fake:ev_int' "$T/live.out")" -ge 20 ] &&
	      [ "$(grep -c 'fake:ev_str' "$T/live.out")" -ge 10 ]; }
wait_until -t 300 _all_seen
lt destroy lv > /dev/null
live_viewer_end 300; st=$?
[ $st = 0 ] || sed 's/^/# /' "$T/live.err" | tail -5
ok $st "babeltrace2 lttng-live exit status"
{ expect_fake "$P1" 0 9 int; expect_fake "$P1" 0 9 int str; } | sort > "$T/exp"
sed -E 's/^\[[^]]*\] \([^)]*\) [^ ]+ //' "$T/live.out" | norm > "$T/got"
ok $(cmp -s "$T/exp" "$T/got"; echo $?) "live viewer: every event, every field, the one enabled while it followed too ($(wc -l < "$T/got")/30)"

# --- 2c. snapshot outputs to the relay daemon -------------------------------
# The app runs on CPU 0 only: one ring holds every record and the newest
# ones a ring of 2 x 4 KiB keeps are one contiguous tail of what it did.
taskset -p -c 0 "$P1" > /dev/null
out=$(lt create s1 --snapshot -U "net://127.0.0.1:$CP:$DP" 2>&1); st=$?
want="Snapshot session s1 created.
Default snapshot output set to tcp4://127.0.0.1:$CP/
Every channel enabled for this session will be set to mmap output and default to overwrite mode."
ok $([ $st = 0 ] && [ "$out" = "$want" ]; echo $?) "create --snapshot -U net://: LTTng's text ($out)"
out=$(lt snapshot list-output 2>&1)
ok $(has "    [1] snapshot-1: tcp4://127.0.0.1:$CP/"; echo $?) "list-output shows the network output"
lt enable-channel -u c --subbuf-size 4k --num-subbuf 2 > /dev/null
lt enable-event -u -a -c c > /dev/null
lt add-context -u -c c -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
ok_cmd "app emits 300 x 3 events" app_emit a1 300
out=$(lt snapshot record 2>&1); st=$?
ok $([ $st = 0 ] && [ "$out" = "Snapshot recorded successfully for session s1" ]; echo $?) "snapshot record to the relay daemon: LTTng's text ($st: $out)"
out=$(lt snapshot record "$T/snaploc" 2>&1); st=$?
ok $st "the same buffers recorded locally ($out)"
net=$(ls -d "$T/relay/$HOST"/s1-[0-9]*-[0-9]*/snapshot-1-[0-9]*-[0-9]*-0 2>/dev/null | head -n 1)
loc=$(ls -d "$T/snaploc"/*-1 2>/dev/null | head -n 1)
ok $([ -n "$net" ] && [ -f "$net/ust/uid/$TUID/64-bit/metadata" ] && [ -f "$net/ust/uid/$TUID/64-bit/c_0" ] && ! [ -e "$net/ust/uid/$TUID/64-bit/index" ]; echo $?) \
	"layout <hostname>/s1-<date>/snapshot-1-<date>-0/ust/uid/<uid>/64-bit/{metadata,c_<cpu>}, no index (LTTng's): ${net#$T/relay/}"
# ix_range LO HI: the fakeapp lines whose index (v, x, "s<i>") is in
# [LO, HI]; ix_min: the smallest index of the lines
_IX='{ if (match($0, /(v|x) = [0-9]+ }$/)) i = substr($0, RSTART + 4, RLENGTH - 6) + 0
	else if (match($0, /s = "s[0-9]+" }$/)) i = substr($0, RSTART + 6, RLENGTH - 9) + 0
	else next }'
ix_range() { awk -v lo="$1" -v hi="$2" "$_IX"' i >= lo && i <= hi'; }
ix_min() { awk "$_IX"' { print i }' | sort -n | head -n 1; }
events "$net" | norm > "$T/snet"
events "$loc" | norm > "$T/sloc"
nev=$(wc -l < "$T/snet")
ok $([ "$nev" -gt 10 ] && [ "$nev" -lt 900 ] && ! grep -qi error "$T/bt.err"; echo $?) "the relayed snapshot holds the ring's $nev newest events of 900"
# the oldest index m may be partial (a packet starts in its middle)
m=$(ix_min < "$T/snet")
expect_fake "$P1" $((m + 1)) 299 int str dbg | sort > "$T/exp"
ix_range $((m + 1)) 299 < "$T/snet" > "$T/snet.tail"
edge=$(ix_range "$m" "$m" < "$T/snet" | wc -l)
ok $(cmp -s "$T/exp" "$T/snet.tail" && [ "$edge" -ge 1 ] && [ "$edge" -le 3 ] && [ $((edge + $(wc -l < "$T/exp"))) = "$nev" ]; echo $?) \
	"... exactly the app's newest: every event from index $m+1 to 299, every field"
ok $(cmp -s "$T/sloc" "$T/snet"; echo $?) "... the same as the local record of the same buffers ($(wc -l < "$T/sloc"))"
# an output added with add-output (a directory under the host), then a
# one-time network output
lt snapshot del-output 1 > /dev/null
out=$(lt snapshot add-output -n rel "net://127.0.0.1:$CP:$DP/snaps" 2>&1); st=$?
ok $([ $st = 0 ] && has "  [2] rel: net://127.0.0.1:$CP:$DP/snaps"; echo $?) "add-output net://: LTTng's text, the URL as given ($st: $out)"
MI_XSD=$D/../../build/schemas/mi-lttng-4.1.xsd
lt --mi xml snapshot list-output > "$T/lo.xml" 2>&1
ok $(xmllint --noout --schema "$MI_XSD" "$T/lo.xml" 2> /dev/null &&
     grep -q "<ctrl_url>tcp4://127.0.0.1:$CP/snaps</ctrl_url><data_url>tcp4://127.0.0.1:$DP/</data_url>" "$T/lo.xml"; echo $?) \
	"list-output --mi xml: ctrl_url and data_url of the network output as LTTng's, valid against mi-lttng-4.1.xsd"
out=$(lt snapshot add-output -C "tcp://127.0.0.1:$CP" 2>&1); st=$?
ok $([ $st = 1 ] && [ "$out" = "Error: URLs must be specified for both data and control" ]; echo $?) "add-output -C without -D: LTTng's error ($st: $out)"
out=$(lt snapshot record -D "tcp://127.0.0.1:$DP" 2>&1); st=$?
ok $([ $st = 1 ] && [ "$out" = "Error: URLs must be specified for both data and control" ]; echo $?) "record -D without -C: LTTng's error ($st: $out)"
app_emit a1 5
out=$(lt snapshot record 2>&1); st=$?
ok $st "record to the added output ($out)"
out=$(lt snapshot record -n once "net://127.0.0.1:$CP:$DP" 2>&1); st=$?
ok $st "record to a one-time network output ($out)"
out=$(lt snapshot record -n cd -C "tcp://127.0.0.1:$CP/cd" -D "tcp://127.0.0.1:$DP" 2>&1); st=$?
ok $([ $st = 0 ] && [ "$out" = "Snapshot recorded successfully for session s1
Snapshot written to ctrl: tcp://127.0.0.1:$CP/cd, data: tcp://127.0.0.1:$DP" ]; echo $?) "record -C -D: LTTng's texts ($st: $out)"
lt --mi xml snapshot record -n cd -C "tcp://127.0.0.1:$CP/cd" -D "tcp://127.0.0.1:$DP" > "$T/rec.xml" 2>&1; st=$?
ok $([ $st = 0 ] && xmllint --noout --schema "$MI_XSD" "$T/rec.xml" 2> /dev/null &&
     grep -q "<snapshot><ctrl_url>tcp://127.0.0.1:$CP/cd</ctrl_url><data_url>tcp://127.0.0.1:$DP</data_url></snapshot>" "$T/rec.xml"; echo $?) \
	"record -C -D --mi xml: ctrl_url and data_url, valid against mi-lttng-4.1.xsd"
lt destroy s1 > /dev/null
d4=$(ls -d "$T/relay/$HOST"/cd/cd-[0-9]*-[0-9]*-4 2>/dev/null | head -n 1)
expect_fake "$P1" 0 4 int str dbg > "$T/exp5"
events "$d4" | norm | ix_range 0 4 > "$T/got5"
ok $([ -n "$d4" ] && cmp -s <(sort "$T/exp5") "$T/got5"; echo $?) "record -C -D: <hostname>/cd/cd-<date>-4 holds the 15 newest events"
d2=$(ls -d "$T/relay/$HOST"/snaps/rel-[0-9]*-[0-9]*-2 2>/dev/null | head -n 1)
d3=$(ls -d "$T/relay/$HOST"/s1-[0-9]*-[0-9]*/once-[0-9]*-[0-9]*-3 2>/dev/null | head -n 1)
expect_fake "$P1" 0 4 int str dbg > "$T/exp5"
ok $([ -n "$d2" ] && [ -n "$d3" ]; echo $?) "records 2 and 3: <hostname>/snaps/rel-<date>-2, <hostname>/s1-<date>/once-<date>-3"
for d in "$d2" "$d3"; do
	events "$d" | norm | ix_range 0 4 > "$T/got5"
	ok $([ -n "$d" ] && cmp -s <(sort "$T/exp5") "$T/got5"; echo $?) "${d#$T/relay/}: the 15 newest events"
done
taskset -p -c "0-$(($(nproc) - 1))" "$P1" > /dev/null

# net_session NAME CTRL DATA [OPTION...]: a session of the relay daemon
# at CTRL/DATA recording every fakeapp event with its contexts
net_session() {
	local n=$1 c=$2 d=$3
	shift 3
	lt create "$n" "$@" -U "net://127.0.0.1:$c:$d" > /dev/null
	lt enable-event -u -a > /dev/null
	lt add-context -u -t vpid -t vtid -t procname > /dev/null
}

# --- 2d. rotations and clear of a network session ---------------------------
# The relay daemon keeps the chunks: each rotation archives the previous
# one as <host>/<session>-<date>/archives/<begin>-<end>-<id> on its side,
# a trace babeltrace2 reads alone.  The fakeapp's phases between the
# rotations land each in its own chunk, exactly.
net_session rr "$CP" "$DP"
lt start > /dev/null
app_emit a1 10
out=$(lt rotate 2>&1); st=$?
rd=$(ls -d "$T/relay/$HOST"/rr-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
rrel=${rd#$T/relay/}
# (lttng-relayd 2.13 answers the session's directory for the first
# archive, LTTng prints that)
ok $([ $st = 0 ] && [ "$(sed -n 1p <<<"$out")" = "Waiting for rotation to complete." ] &&
     [ "$(sed -n 2p <<<"$out")" = "Trace chunk archive for session rr is now readable on relay tcp://127.0.0.1/$rrel [control port $CP, data port $DP]" ]; echo $?) \
	"rotate a network session: LTTng's texts ($st: $(sed -n 2p <<<"$out"))"
_arch0() { ls "$rd/archives" 2>/dev/null | grep -qx "$ISO-$ISO-0"; }
wait_until -t 300 _arch0
ok $(_arch0; echo $?) "archive <begin>-<end>-0 on the relay"
app_emit a1 20
lt --mi xml rotate > "$T/rot.xml" 2>&1; st=$?
MI_XSD=$D/../../build/schemas/mi-lttng-4.1.xsd
ok $([ $st = 0 ] && xmllint --noout --schema "$MI_XSD" "$T/rot.xml" 2> /dev/null &&
     grep -q "<relay><host>127.0.0.1</host><control_port>$CP</control_port><data_port>$DP</data_port><protocol>TCP</protocol><relative_path>$rrel/archives/$ISO-$ISO-1</relative_path></relay>" "$T/rot.xml"; echo $?) \
	"second rotation, --mi xml: the relay location of archive -1, valid against mi-lttng-4.1.xsd ($st)"
app_emit a1 30
lt stop > /dev/null
out=$(lt destroy rr 2>&1); st=$?
ok $([ $st = 0 ] && grep -q "readable on relay tcp://127.0.0.1/$rrel/archives/$ISO-$ISO-2 \[control" <<<"$out"; echo $?) \
	"destroy archives the last chunk, LTTng's text ($st: $(tail -n 1 <<<"$out"))"
# the relay daemon moves the last chunk once its streams are closed
_archives() { [ "$(ls "$rd/archives" 2>/dev/null | grep -c "^$ISO-$ISO-[012]\$")" = 3 ]; }
wait_until -t 300 _archives
ok $(_archives && [ "$(ls "$rd")" = archives ]; echo $?) "three archives on the relay, nothing else ($(ls "$rd/archives" 2>/dev/null | tr '\n' ' '))"
i=0
for n in 10 20 30; do
	a=$(ls -d "$rd/archives/"*-$i 2>/dev/null | head -n 1)
	expect_fake "$P1" 0 $((n - 1)) int str dbg > "$T/exp"
	same_events "archive $i alone: exactly the $n emits of its phase" "$T/exp" "$a"
	i=$((i + 1))
done

# two threads recording while the session is rotated twice: each
# thread's exact sequence over the three archives, nothing lost, nothing
# repeated (each rotation waits for data in the chunk it ends)
STORM=$D/api/ust-storm NST=20000
lt create rs -U "net://127.0.0.1:$CP:$DP" > /dev/null
lt enable-channel -u c --subbuf-size 16k --num-subbuf 64 > /dev/null
lt enable-event -u -c c 'ust_storm:*' > /dev/null
lt start > /dev/null
rd=$(ls -d "$T/relay/$HOST"/rs-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
"${ASCMD[@]}" "$STORM" -t 2 -n "$NST" -r 5000 > "$T/storm.out" 2>&1 &
SP=$!
_chunk_data() { find "$@" -name 'c_[0-9]*' -size +0 2>/dev/null | grep -q .; }
wait_until -t 300 _chunk_data "$rd/ust"
lt rotate > /dev/null; st1=$?
wait_until -t 300 _chunk_data "$rd"/*-1
lt rotate > /dev/null; st2=$?
wait $SP
lt stop > /dev/null
lt destroy rs > /dev/null
wait_until -t 300 _archives
ok $([ $st1 = 0 ] && [ $st2 = 0 ] && _archives; echo $?) "rotations while recording, three archives ($(ls "$rd/archives" 2>/dev/null | tr '\n' ' '))"
storm_archives "$rd"
ok $? "babeltrace2 reads each archive alone"
read -r c0 c1 nbad full < <(storm_exact "$NST")
ok $([ "$c0" = "$NST" ] && [ "$c1" = "$NST" ] && [ "$nbad" = 0 ] && [ "$full" = 1 ]; echo $?) \
	"the archives in order: each thread's exact sequence ($c0 + $c1 records, $nbad out of place)"

# clear: what was recorded goes on the relay too, the session goes on
net_session rc "$CP" "$DP"
lt start > /dev/null
app_emit a1 10
out=$(lt clear 2>&1); st=$?
ok $([ $st = 0 ] && [ "$out" = 'Session "rc" cleared' ]; echo $?) "clear a network session: LTTng's text ($st: $out)"
app_emit a1 7
lt stop > /dev/null
lt destroy rc > /dev/null
rd=$(ls -d "$T/relay/$HOST"/rc-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
expect_fake "$P1" 0 6 int str dbg > "$T/exp"
same_events "after clear the relay holds exactly what came after it" "$T/exp" "$rd"
ok $([ "$(ls "$rd")" = ust ]; echo $?) "... in the session directory itself, no archive ($(ls "$rd" | tr '\n' ' '))"

# a live session is cleared too (LTTng: not rotated)
net_session rlc "$CP" "$DP" --live=200ms
lt start > /dev/null
app_emit a1 8
out=$(lt rotate 2>&1); st=$?
ok $([ $st = 1 ] && [ "$out" = "Error: Rotation feature not available for this session's creation mode" ]; echo $?) "rotate a live session: LTTng's error ($st: $out)"
out=$(lt clear 2>&1); st=$?
ok $([ $st = 0 ] && [ "$out" = 'Session "rlc" cleared' ]; echo $?) "clear a live session ($st: $out)"
app_emit a1 3
lt stop > /dev/null
lt destroy rlc > /dev/null
expect_fake "$P1" 0 2 int str dbg > "$T/exp"
same_events "... the relay daemon holds exactly what came after the clear" "$T/exp" "$(ls -d "$T/relay/$HOST"/rlc-[0-9]*-[0-9]* | head -n 1)"

# automatic rotations of a network session (enable-rotation --timer)
net_session rt "$CP" "$DP"
out=$(lt enable-rotation --timer 1s 2>&1); st=$?
ok $st "enable-rotation --timer 1s on a network session ($out)"
lt start > /dev/null
app_emit a1 6
rd=$(ls -d "$T/relay/$HOST"/rt-[0-9]*-[0-9]* 2>/dev/null | head -n 1)
_archived() { ls "$rd/archives" 2>/dev/null | grep -q "^$ISO-$ISO-[0-9]*\$"; }
wait_until -t 300 _archived
ok $? "the relay daemon archives the periodic rotations ($(ls "$rd/archives" 2>/dev/null | wc -l) so far)"
lt stop > /dev/null
lt destroy rt > /dev/null
_moved() { [ "$(ls "$rd")" = archives ]; }
wait_until -t 300 _moved
expect_fake "$P1" 0 5 int str dbg > "$T/exp"
same_events "... the archives together hold every event once" "$T/exp" "$rd"/archives/*

# a relay daemon that does not allow clears (--disallow-clear, which
# GET_CONFIGURATION tells): LTTng's refusal, and nothing is lost
keep=("$RELAYD_PID" "$RELAYD_CTRL" "$RELAYD_DATA" "$RELAYD_LIVE")
mkdir -p "$T/relay2"
[ "$TUID" = "$(id -u)" ] || chown "$TUID:$TUID" "$T/relay2"
LTTNG_TEST_RELAYD_ARGS=--disallow-clear relayd_start "$T/relay2" "${ASCMD[@]}"
ok $? "a second lttng-relayd, --disallow-clear"
net_session rnc "$RELAYD_CTRL" "$RELAYD_DATA"
lt start > /dev/null
app_emit a1 4
out=$(lt clear 2>&1); st=$?
ok $([ $st = 157 ] && [ "$out" = "Error: Clearing a session is not supported by the relay daemon" ]; echo $?) "clear refused by the relay daemon: LTTng's error and exit code 157 ($st: $out)"
lt stop > /dev/null
lt destroy rnc > /dev/null
expect_fake "$P1" 0 3 int str dbg > "$T/exp"
same_events "... the session's trace is whole" "$T/exp" "$(ls -d "$T/relay2/$HOST"/rnc-[0-9]*-[0-9]* | head -n 1)"
relayd_kill
RELAYD_PID=${keep[0]} RELAYD_CTRL=${keep[1]} RELAYD_DATA=${keep[2]} RELAYD_LIVE=${keep[3]}

# --- 2e. sessions loaded from LTTng's session files -------------------------
. "$D/saveload-check.sh"

# --- 3. nothing listens ------------------------------------------------------
out=$(lt create r3 -U net://127.0.0.1:1:2 2>&1); st=$?
ok $st "create succeeds: LTTng connects on the first domain command"
out=$(lt enable-event -u -a 2>&1); st=$?
ok $([ $st = 104 ] && has "Unable to connect to lttng-relayd"; echo $?) "enable-event: Unable to connect to lttng-relayd, exit 104 ($st: $out)"
out=$(lt enable-channel -u c1 2>&1); st=$?
ok $([ $st = 1 ] && has "Channel c1: Unable to connect to lttng-relayd (session r3)"; echo $?) "enable-channel: LTTng's text, exit 1 ($st: $out)"
lt destroy r3 > /dev/null
out=$(lt create r4 -U tcp://127.0.0.1 2>&1); st=$?
ok $([ $st = 1 ] && has "Unrecognized URL format"; echo $?) "a tcp:// URL alone is refused ($st)"

# --- 4. the relay daemon killed mid-session --------------------------------
lt create local -o "$T/local" > /dev/null
lt enable-event -u fake:ev_str > /dev/null
lt add-context -u -t vpid -t vtid -t procname > /dev/null
lt start > /dev/null
lt create r5 -U "net://127.0.0.1:$CP:$DP" > /dev/null
lt enable-event -u -a > /dev/null
lt start > /dev/null
app_emit a1 10
relayd_kill
app_emit a1 10
t0=$(date +%s%N)
out=$(timeout 60 "${ASCMD[@]}" "$LT" stop r5 2>&1); st=$?
ms=$((($(date +%s%N) - t0) / 1000000))
ok $([ $st = 4 ] && [ $ms -lt 15000 ]; echo $?) "stop returns in ${ms} ms, exit $st (CMD_WARNING)"
ok $(has Warning; echo $?) "... with a warning ($(grep -m1 Warning <<<"$out"))"
t0=$(date +%s%N)
out=$(timeout 60 "${ASCMD[@]}" "$LT" destroy r5 2>&1); st=$?
ms=$((($(date +%s%N) - t0) / 1000000))
ok $([ $st = 0 ] && [ $ms -lt 15000 ]; echo $?) "destroy returns in ${ms} ms"
lt stop local > /dev/null
lt destroy local > /dev/null
{ expect_fake "$P1" 0 9 str; expect_fake "$P1" 0 9 str; } > "$T/exp"
same_events "the local session in the same daemon is whole" "$T/exp" "$T/local"
app_stop a1
ok $(kill -0 "$(cat "$UH/.lttng/lttng-sessiond.pid")" 2>/dev/null; echo $?) "the daemon still runs"

stop_pid "$(cat "$UH/.lttng/lttng-sessiond.pid")"
reports=$(cat "$T"/asan* "$T"/ubsan* 2>/dev/null | grep -c 'ERROR\|runtime error')
[ "$reports" = 0 ] || cat "$T"/asan* "$T"/ubsan* 2>/dev/null | head -30 | sed 's/^/# /'
ok $([ "$reports" = 0 ]; echo $?) "no ASan/UBSan report"
if [ "$fail" = 0 ]; then rm -rf "$T"; else echo "# logs kept in $T"; fi
ktap_finish
