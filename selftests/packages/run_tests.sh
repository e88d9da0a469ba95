#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/packages/run_tests.sh - in the VM, as root, in its throw-away
# overlay: the packages built on the host (build-packages) installed and
# used as an administrator would.
#
#  1. Debian's LTTng packages, if installed, are purged (ours conflict);
#  2. dpkg -i of our four packages: the postinst creates the tracing group
#     and DKMS installs the module for the running kernel (from the archive
#     DKMS built on the host: a build under TCG takes minutes, see
#     Documentation/testing.rst); modprobe loads it;
#  3. the sample lttng-count, built from the installed example and header,
#     counts a workload's getppid() calls through the ioctl ABI;
#  4. the session daemon started as the systemd unit says (its ExecStart,
#     ready when it returns, PIDFile), a kernel session (the test module's
#     events, a workload's syscalls) and a UST session (a program built
#     with pkg-config) with the installed lttng; then SIGTERM, as
#     systemctl stop sends it, without lttng stop: the traces must be
#     complete (babeltrace2).
# TAP output.
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../.." && pwd)
pkg=${LTTNG_PKG_DIR:-$top/build/pkg}
ver=$("$top/scripts/version")
kver=$(uname -r)
WL=$top/selftests/events/workload
UNIT=/lib/systemd/system/lttng-sessiond.service
tarball=$pkg/dkms/lttng-tracer/$ver/tarball/lttng-tracer-$ver.dkms.tar.gz
tmp=$(mktemp -d /tmp/pkg-vm.XXXXXX)
chmod 755 "$tmp"
. "$top/selftests/lib/ktap.sh"
lt() { lttng "$@" > "$tmp/lt.out" 2>&1 || { echo "# lttng $*: $(cat "$tmp/lt.out")"; return 1; }; }
count() { babeltrace2 "$1" 2>/dev/null | grep -c "$2"; }
log() { sed 's/^/# /' "$1" | tail -n "${2:-15}"; }

ktap_header
debs=$(ls "$pkg"/*_"$ver"_*.deb 2>/dev/null)
ok $([ "$(echo "$debs" | wc -w)" = 4 ] && [ -f "$tarball" ]; echo $?) \
	"the four packages and the DKMS archive for $kver built on the host ($pkg)"
[ $fail = 0 ] || { echo "# run make -C selftests/packages packages (KVER=$kver)"; ktap_finish; }

# No service is started or stopped by maintainer scripts here (no init);
# man-db's trigger does not rebuild its index (more than 15 minutes under
# TCG).  A dpkg run takes about a minute here (its database over 9p).
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d
rm -f /var/lib/man-db/auto-update
DPKG="timeout 600 dpkg"
# bash's <(...) (dkms) needs /dev/fd, which the VM's devtmpfs lacks.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# DKMS's postinst builds for the running kernel and the newest installed
# one; the archive holds the running kernel's module only: the other
# kernels' configs are moved aside, lest it start a build under TCG.
for c in /boot/config-*; do
	[ "$c" = "/boot/config-$kver" ] || mv "$c" "$c.hidden"
done
# depmod (dkms install runs it) reads every module of the kernel:
# 4000 files over 9p, 7 minutes under TCG.  The kernel's own modules are
# hidden meanwhile (ours depend on none of them).
mount -t tmpfs -o ro tmpfs "/lib/modules/$kver/kernel"

# --- 1. Debian's LTTng out ----------------------------------------------------
theirs=$(dpkg-query -W -f '${Package} ${db:Status-Status}\n' 'lttng-*' 'liblttng-*' \
	'python3-lttng' 'python3-lttngust' 2>/dev/null | awk '$2 == "installed" { print $1 }')
if [ -n "$theirs" ]; then
	echo "# purging $(echo $theirs)"
	$DPKG --purge --force-depends $theirs > "$tmp/purge.log" 2>&1 || log "$tmp/purge.log"
fi
left=$(dpkg-query -W -f '${Package} ${db:Status-Status}\n' 'lttng-*' 'liblttng-*' 2>/dev/null |
	awk '$2 == "installed" { print $1 }')
ok $([ -z "$left" ] && [ ! -e /usr/bin/lttng ]; echo $?) \
	"Debian's LTTng packages purged ($(echo $theirs))"
getent group tracing > /dev/null && groupdel tracing

# --- 2. our packages ------------------------------------------------------------
mkdir -p /usr/share/lttng-tracer-dkms
cp "$tarball" /usr/share/lttng-tracer-dkms/
t0=$(date +%s)
$DPKG -i $debs > "$tmp/dpkg.log" 2>&1
rc=$?
t1=$(date +%s)
[ $rc = 0 ] || log "$tmp/dpkg.log" 30
st=$(for d in $debs; do dpkg-query -W -f '${db:Status-Abbrev}\n' "$(dpkg-deb -f "$d" Package)"; done | sort -u | xargs)
ok $([ $rc = 0 ] && [ "$st" = ii ]; echo $?) "dpkg -i of the four packages ($(( t1 - t0 )) s)"
gid=$(getent group tracing | cut -d: -f3)
ok $([ -n "$gid" ] && [ "$gid" -lt 1000 ]; echo $?) "postinst created the system group tracing (gid $gid)"
# DKMS's own mark of a module installed for a kernel (what dkms status
# reads, without its minute of bash under TCG)
ko=/lib/modules/$kver/updates/dkms
mark=/var/lib/dkms/lttng-tracer/kernel-$kver-$(uname -m)
ok $([ "$(readlink -f "$mark")" = "/var/lib/dkms/lttng-tracer/$ver/$kver/$(uname -m)" ] &&
     ls "$ko"/lttng-test.ko* > /dev/null 2>&1 &&
     case "$(modinfo -F filename lttng-tracer)" in "$ko"/lttng-tracer.ko*) true ;; *) false ;; esac &&
     [ "$(modinfo -F version lttng-tracer)" = "$ver" ]; echo $?) \
	"DKMS installed lttng-tracer $ver for $kver in $ko"
modprobe lttng-tracer && modprobe lttng-test
ok $([ -c /dev/lttng ] && grep -q '^lttng_test ' /proc/modules && [ -e /proc/lttng-test ]; echo $?) \
	"modprobe lttng-tracer lttng-test: /dev/lttng and /proc/lttng-test"

# --- 3. the sample --------------------------------------------------------------
cc -o "$tmp/lttng-count" /usr/share/doc/lttng-tracer-dev/examples/lttng-count.c > "$tmp/cc.log" 2>&1 ||
	log "$tmp/cc.log"
"$tmp/lttng-count" -o "$tmp/cnt" -- "$WL" getppid 400 > "$tmp/cnt.out" 2> "$tmp/cnt.err"
rc=$?
log "$tmp/cnt.out" 8
total=$(sed -n 's/^total: //p' "$tmp/cnt.out")
sum=$(awk '/^cpu / { s += $3 } END { print s + 0 }' "$tmp/cnt.out")
ok $([ $rc = 0 ] && [ "$total" = 400 ] && [ "$sum" = 400 ] &&
     grep -qx 'discarded: 0' "$tmp/cnt.out"; echo $?) \
	"lttng-count (the installed example, cc with no -I): 400 getppid() hits, per-CPU counts add up ($sum)"
ok $([ "$(count "$tmp/cnt" '__x64_sys_getppid:')" = 400 ]; echo $?) \
	"babeltrace2 reads lttng-count's trace: 400 kprobe events"

# --- 4. the daemon as systemd runs it -------------------------------------------
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
pidfile=$(sed -n 's/^PIDFile=//p' "$UNIT")
$exec_start > "$tmp/sd.out" 2>&1
rc=$?
# Type=forking: ready when ExecStart returns, so the socket must accept now.
lt list > /dev/null
lrc=$?
pid=$(cat "$pidfile" 2>/dev/null)
ok $([ $rc = 0 ] && [ $lrc = 0 ] && [ -n "$pid" ] &&
     [ "$(readlink "/proc/$pid/exe")" = /usr/bin/lttng-sessiond ]; echo $?) \
	"ExecStart ($exec_start) returns ready: lttng connects at once, PIDFile names the daemon"
ok $([ "$(stat -c %G /var/run/lttng/client-lttng-sessiond)" = tracing ]; echo $?) \
	"the client socket belongs to the tracing group"

lt create k -o "$tmp/k" && lt enable-event -k lttng_test_event -s k &&
	lt enable-event -k --syscall getppid -s k && lt add-context -k -t tid -s k && lt start k
ok $? "kernel session: lttng_test_event, syscall getppid, context tid"
lt create u -o "$tmp/u" && lt enable-event -u 'pkgtest:*' -s u && lt start u
ok $? "UST session: pkgtest:*"

mkdir -p "$tmp/app" && cp "$dir"/app/tp.h "$dir"/app/app.c "$tmp/app/"
(cd "$tmp/app" && cc -I. -o app app.c $(pkg-config --cflags --libs lttng-ust)) > "$tmp/app.log" 2>&1
rc=$?
log "$tmp/app.log"
so=$(ldd "$tmp/app/app" 2>/dev/null | sed -n 's/.*liblttng-ust.so.1 => \([^ ]*\).*/\1/p')
ok $([ $rc = 0 ] && [ -n "$so" ] && cmp -s "$so" "$pkg/src/debian/liblttng-tracer-ust1/usr/lib/$(cc -print-multiarch)/liblttng-ust.so.1" &&
     objdump -T "$tmp/app/app" | grep -q '(LTTNG_TRACER_UST_1) lttng_ust_rec_begin'; echo $?) \
	"a UST program builds with pkg-config --cflags --libs lttng-ust, links the packaged $so (lttng_ust_rec_begin@LTTNG_TRACER_UST_1)"

echo 1000 > /proc/lttng-test
"$WL" getppid 300 > "$tmp/wl.out"
tid=$(sed -n 's/^tid=//p' "$tmp/wl.out")
"$tmp/app/app" 250 > "$tmp/app.out"
ok $(grep -qx 'emitted 250' "$tmp/app.out"; echo $?) "the program ran"

# systemctl stop: SIGTERM to the main process (KillMode=mixed), no lttng stop
kill -TERM "$pid"
for i in $(seq 1200); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
ok $([ ! -d "/proc/$pid" ] && [ ! -e "$pidfile" ] && [ ! -e /var/run/lttng/client-lttng-sessiond ]; echo $?) \
	"SIGTERM: the daemon exits, its pid file and socket removed"
ok $([ "$(count "$tmp/k" 'lttng_test_event:')" = 1000 ]; echo $?) \
	"kernel trace flushed: 1000 lttng_test_event"
ok $([ "$(count "$tmp/k" "syscall_entry_getppid: .*{ tid = $tid }")" = 300 ] &&
     [ "$(count "$tmp/k" "syscall_exit_getppid: .*{ tid = $tid }")" = 300 ]; echo $?) \
	"kernel trace flushed: the workload's 300 getppid entries and exits (tid $tid)"
ok $([ "$(count "$tmp/u" 'pkgtest:hello:')" = 250 ] &&
     [ "$(count "$tmp/u" 'seq = 249,')" = 1 ]; echo $?) \
	"UST trace flushed: 250 pkgtest:hello, the last with seq = 249"

umount "/lib/modules/$kver/kernel"
[ $fail = 0 ] && rm -rf "$tmp"
ktap_finish
