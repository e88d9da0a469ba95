#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host tests of lttng-sessiond (TAP): unit tests, then the sanitized daemon
# end to end over its socket with tests/sdclient.  As root, also a root
# daemon shared by two real users created for the test (skipped otherwise).
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/../../../selftests/lib/ktap.sh"
SD=$D/lttng-sessiond-san
C=$D/sdclient

expect() {	# expect RC DESCRIPTION -- CMD...: CMD must exit with RC
	local want=$1 desc=$2 got
	shift 3
	out=$("$@" 2>&1); got=$?
	[ "$got" = "$want" ] || echo "# got $got, want $want: $out"
	ok $([ "$got" = "$want" ]; echo $?) "$desc"
}

T=$(mktemp -d /tmp/sessiond-test.XXXXXX)
chmod 755 "$T"

# test_files runs as root for a user created here (else it skips).
files_args=
if [ "$(id -u)" = 0 ] && command -v useradd > /dev/null; then
	FU=sdtf$$
	useradd -M -N -g nogroup -d "$T/fhome" -s /bin/sh "$FU"
	mkdir -p "$T/fhome" "$T/rootonly"
	chown "$FU:nogroup" "$T/fhome"
	chmod 700 "$T/rootonly"
	files_args="$(id -u "$FU") $(id -g "$FU") $T/fhome $T/rootonly"
fi

mkdir -p "$T/out"
for t in test_registry test_protocol test_files test_output; do
	args=
	[ $t = test_files ] && args=$files_args
	[ $t = test_output ] && args=$T/out
	echo "# $t"
	"$D/$t" $args > "$T/$t.tap"
	st=$?
	ktap_import "$t: " < "$T/$t.tap"
	ok $st "$t exits 0 (no sanitizer report)"
done

[ -n "$files_args" ] && userdel "$FU"
export ASAN_OPTIONS=log_path=$T/asan:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/ubsan

# Run as the unprivileged test user: nobody when we are root.
if [ "$(id -u)" = 0 ]; then
	UH=$T/nobody-home
	mkdir -p "$UH"
	chown nobody:nogroup "$UH"
	chmod 777 "$T"
else
	UH=$T/home
	mkdir -p "$UH"
fi
# (run by another user than root: as that user)
AS() { as_user -c -g nogroup nobody env HOME="$UH" LTTNG_HOME= "$@"; }
US=$UH/.lttng/client-lttng-sessiond

echo "# per-user daemon"
AS "$SD" -v > "$T/user.log" 2>&1 &
pid=$!
wait_sock "$US" 100; ok $? "user daemon listens in \$HOME/.lttng"
ok $([ "$(stat -c %a "$UH/.lttng")" = 700 ]; echo $?) "user run directory is 0700"
expect 1 "a second daemon for the same user is refused" -- AS "$SD"
ok $(grep -q "already running" <<<"$out"; echo $?) "... with a clear message"
expect 0 "create s1" -- AS "$C" "$US" create s1
ok $(grep -q "output=$UH/lttng-traces/s1-[0-9]\{8\}-[0-9]\{6\} " <<<"$out"; echo $?) "default output under \$HOME/lttng-traces"
expect 8 "duplicate name: Session name already exists" -- AS "$C" "$US" create s1
expect 9 "name with '/': invalid character" -- AS "$C" "$US" create a/b
expect 100 "256-byte name without NUL: connection dropped" -- AS "$C" "$US" longname
expect 0 "auto-named session" -- AS "$C" "$US" create -
ok $(grep -q "^session auto-[0-9]\{8\}-[0-9]\{6\} " <<<"$out"; echo $?) "auto-YYYYMMDD-HHMMSS name"
expect 0 "explicit output" -- AS "$C" "$US" create s2 "$UH/mytrace"
expect 0 "list" -- AS "$C" "$US" list
ok $([ "$(grep -c '^session ' <<<"$out")" = 3 ]; echo $?) "list shows the 3 sessions"
expect 14 "kernel domain in a user daemon needs the root daemon" -- AS "$C" "$US" enable-event s1 k sched_switch
expect 0 "UST event enabled (creates channel0)" -- AS "$C" "$US" enable-event s1 u myev
expect 29 "same UST event again: already exists" -- AS "$C" "$US" enable-event s1 u myev
expect 0 "list channels" -- AS "$C" "$US" channels s1 u
ok $(grep -q "^channel channel0 enabled=1" <<<"$out"; echo $?) "channel0 listed"
expect 0 "enable channel c1 4 KiB x 2" -- AS "$C" "$US" enable-channel s1 u c1 4096 2
expect 3 "channel with 3000-byte sub-buffers: invalid parameter" -- AS "$C" "$US" enable-channel s1 u c2 3000 2
expect 0 "disable the UST event" -- AS "$C" "$US" disable-event s1 u myev
expect 0 "list events" -- AS "$C" "$US" events s1 u
ok $(grep -q "^event myev type=0 enabled=0" <<<"$out"; echo $?) "event listed as disabled"
expect 0 "UST tracker: track vpid 5" -- AS "$C" "$US" track s1 u 1 5
expect 44 "track vpid 5 twice: already tracked" -- AS "$C" "$US" track s1 u 1 5
expect 45 "untrack vpid 6: not tracked" -- AS "$C" "$US" untrack s1 u 1 6
expect 0 "tracker list" -- AS "$C" "$US" trackers s1 u 1
ok $([ "$out" = 5 ]; echo $?) "vpid tracker holds exactly 5"
expect 0 "untrack all" -- AS "$C" "$US" untrack s1 u 1 all
expect 0 "tracker list" -- AS "$C" "$US" trackers s1 u 1
ok $([ -z "$out" ]; echo $?) "vpid tracker empty after untrack --all"
expect 0 "track all" -- AS "$C" "$US" track s1 u 1 all
expect 0 "tracker list" -- AS "$C" "$US" trackers s1 u 1
ok $([ "$out" = all ]; echo $?) "vpid tracker back to all"
expect 0 "event in a missing channel: LTTng creates the channel" -- AS "$C" "$US" enable-event s2 u x c9
expect 27 "channel c9 exists then" -- AS "$C" "$US" enable-channel s2 u c9
expect 35 "no channel name while a non-default channel exists: need channel name" -- AS "$C" "$US" enable-event s2 u ev2
expect 0 "start s1" -- AS "$C" "$US" start s1
expect 33 "start twice: already started" -- AS "$C" "$US" start s1
expect 0 "stop s1" -- AS "$C" "$US" stop s1
expect 0 "data pending after stop" -- AS "$C" "$US" pending s1
ok $(grep -q "pending 0" <<<"$out"; echo $?) "nothing pending after stop"
expect 34 "stop twice: already stopped" -- AS "$C" "$US" stop s1
# Malformed input: each drops its connection only.
expect 0 "garbage bytes: connection closed" -- AS "$C" "$US" raw 0011223344556677889900112233445566
ok $(grep -q "^closed" <<<"$out"; echo $?) "... without an answer"
expect 0 "truncated message: connection closed" -- AS "$C" "$US" raw 4e54544c01000200881100000000000073
ok $(grep -q "^closed" <<<"$out"; echo $?) "... without an answer"
expect 0 "oversized payload: connection closed" -- AS "$C" "$US" raw 4e54544c01000200ffffff7f00000000
ok $(grep -q "^closed" <<<"$out"; echo $?) "... without an answer"
bad=0
for i in $(seq 30); do
	hex=$(head -c $((RANDOM % 64 + 1)) /dev/urandom | od -An -tx1 | tr -d ' \n')
	AS "$C" "$US" raw "$hex" > /dev/null 2>&1 || bad=$((bad + 1))
done
ok $bad "30 random messages: every connection closed cleanly"
expect 0 "daemon still answers after all that" -- AS "$C" "$US" get s1
AS "$C" "$US" stall 4 &
stall=$!
sleep 0.5
expect 0 "a stalled client does not block the others" -- AS "$C" "$US" list
wait $stall
# Concurrent clients, each creating, listing and destroying its sessions.
for i in $(seq 8); do
	( for j in 1 2 3; do
		AS "$C" "$US" create "c$i-$j" > /dev/null || exit 1
		AS "$C" "$US" enable-event "c$i-$j" u "ev$j" > /dev/null || exit 1
		AS "$C" "$US" get "c$i-$j" > /dev/null || exit 1
		AS "$C" "$US" destroy "c$i-$j" > /dev/null || exit 1
	  done ) &
done
bad=0
for j in $(jobs -p); do [ "$j" = "$pid" ] && continue; wait "$j" || bad=$((bad + 1)); done
ok $bad "8 concurrent clients x 3 sessions: every command succeeded"
expect 0 "list after the concurrent run" -- AS "$C" "$US" list
ok $(! grep -q "^session c[0-9]" <<<"$out"; echo $?) "no session left behind"
expect 0 "destroy s1" -- AS "$C" "$US" destroy s1
expect 7 "destroy s1 again: not found" -- AS "$C" "$US" destroy s1
kill -TERM "$(cat "$UH/.lttng/lttng-sessiond.pid")"
wait $pid; st=$?
ok $st "SIGTERM: exit status 0"
ok $([ ! -e "$US" ]; echo $?) "SIGTERM: socket removed"

echo "# daemonize"
AS "$SD" -d; st=$?
ok $st "-d returns 0"
expect 0 "-d: socket usable as soon as the parent returned" -- AS "$C" "$US" version
expect 1 "-d: second daemon refused" -- AS "$SD" -d
dpid=$(cat "$UH/.lttng/lttng-sessiond.pid" 2>/dev/null)
stop_pid "$dpid" 100
ok $([ ! -e "$US" ]; echo $?) "-d daemon gone after SIGTERM, socket removed"

echo "# root daemon, two users"
if [ "$(id -u)" != 0 ] || ! command -v useradd > /dev/null; then
	for d in "root daemon socket root:group 0660" "user A creates" \
		 "user B does not see A's session" "user B cannot destroy it" \
		 "root sees every session" "non-member cannot connect"; do
		skip "$d (needs root)"
	done
else
	G=sdt$$
	UA=sdta$$
	UB=sdtb$$
	groupadd "$G"
	useradd -M -N -g "$G" -d "$T/ua" -s /bin/sh "$UA"
	useradd -M -N -g "$G" -d "$T/ub" -s /bin/sh "$UB"
	mkdir -p "$T/ua" "$T/ub" "$T/run"
	chown "$UA:$G" "$T/ua"; chown "$UB:$G" "$T/ub"
	RS=$T/run/sock
	ASU() { as_user -g "$G" "$@"; }	# ASU USER CMD...: as USER, group G
	"$SD" --no-kernel --group="$G" --client-sock="$RS" > "$T/root.log" 2>&1 &
	rpid=$!
	wait_sock "$RS" 100
	# bind() makes the socket, chown/chmod follow: give them a moment
	sock_mode() { [ "$(stat -c '%a %U %G' "$RS")" = "660 root $G" ]; }
	wait_until -t 100 sock_mode
	ok $(sock_mode; echo $?) "root daemon socket root:group 0660"
	expect 0 "user A creates sa" -- ASU "$UA" "$C" "$RS" create sa
	ok $(grep -q "output=$T/ua/lttng-traces/sa-.* uid=$(id -u "$UA") " <<<"$out"; echo $?) "session owned by A, output in A's home"
	expect 0 "user B lists" -- ASU "$UB" "$C" "$RS" list
	ok $(! grep -q "session sa " <<<"$out"; echo $?) "user B does not see A's session"
	expect 5 "user B cannot destroy it: permission denied" -- ASU "$UB" "$C" "$RS" destroy sa
	expect 5 "user B cannot start it: permission denied" -- ASU "$UB" "$C" "$RS" start sa
	expect 8 "user B cannot take its name" -- ASU "$UB" "$C" "$RS" create sa
	expect 0 "user B creates sb" -- ASU "$UB" "$C" "$RS" create sb
	expect 0 "root lists" -- "$C" "$RS" list
	ok $(grep -q "session sa " <<<"$out" && grep -q "session sb " <<<"$out"; echo $?) "root sees every session"
	expect 12 "kernel domain with --no-kernel: kernel tracer not available" -- ASU "$UA" "$C" "$RS" enable-event sa k sched_switch
	expect 101 "non-member cannot connect" -- setpriv --reuid=nobody --regid=nogroup --clear-groups "$C" "$RS" list
	expect 0 "user A destroys sa" -- ASU "$UA" "$C" "$RS" destroy sa
	kill -TERM $rpid
	wait $rpid
	ok $? "root daemon: SIGTERM exit 0"
	userdel "$UA"; userdel "$UB"; groupdel "$G"
fi

reports=$(ls "$T"/asan* "$T"/ubsan* 2>/dev/null)
if [ -n "$reports" ]; then head -50 $reports | sed 's/^/# /'; fi
ok $([ -z "$reports" ]; echo $?) "no sanitizer report from daemon or client"
rm -rf "$T"
ktap_finish
