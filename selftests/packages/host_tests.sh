#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/packages/host_tests.sh - on the host, after build-packages:
# the packages' versions, contents and relations with Debian's LTTng
# packages (downloaded by scripts/setup into build/debian-lttng), the
# library's SONAME and symbol versions, the installed headers compiled
# alone, the systemd unit through systemd-analyze verify, the build
# dependencies.  TAP.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../.." && pwd)
pkg=${LTTNG_PKG_DIR:-$top/build/pkg}
ref=$top/build/debian-lttng
ver=$("$top/scripts/version")
kver=${KVER:-$("$top/scripts/kver")}
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top/selftests/lib/ktap.sh"

ktap_header
declare -A deb=(
	[lttng-tracer-dkms]=$pkg/lttng-tracer-dkms_${ver}_all.deb
	[lttng-tracer-tools]=$pkg/lttng-tracer-tools_${ver}_$arch.deb
	[liblttng-tracer-ust1]=$pkg/liblttng-tracer-ust1_${ver}_$arch.deb
	[lttng-tracer-dev]=$pkg/lttng-tracer-dev_${ver}_$arch.deb
)
r=0
for p in "${!deb[@]}"; do
	f=${deb[$p]}
	if [ ! -f "$f" ] || [ "$(dpkg-deb -f "$f" Version)" != "$ver" ] ||
	   [ "$(dpkg-deb -f "$f" Package)" != "$p" ]; then
		echo "# $f: missing, or not $p $ver"; r=1
	fi
	mkdir -p "$tmp/$p" && dpkg-deb -x "$f" "$tmp/$p" 2>/dev/null
	dpkg-deb -c "$f" 2>/dev/null | awk '{ print substr($6, 2) }' | grep -v '/$' |
		sort > "$tmp/$p.files"
done
ok $r "four packages built, all version $ver (debian/changelog)"
[ $r = 0 ] || ktap_finish

# --- the module's sources and DKMS ------------------------------------------
src=$tmp/lttng-tracer-dkms/usr/src/lttng-tracer-$ver
ok $(grep -qx "PACKAGE_VERSION=\"$ver\"" "$src/dkms.conf" &&
     grep -qx 'AUTOINSTALL="yes"' "$src/dkms.conf"; echo $?) \
	"dkms.conf: PACKAGE_VERSION=\"$ver\" (dh_dkms -V), AUTOINSTALL=yes"
junk=$(cd "$src" && find . -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o \
	-name syscall_table.h -o -name '.git*' | head -n 3)
ok $([ -f "$src/Kbuild" ] && [ -f "$src/module/main.c" ] && [ -f "$src/module/test/lttng-test.c" ] &&
     [ -x "$src/scripts/gen-syscall-table.sh" ] && [ -z "$junk" ]; echo $?) \
	"lttng-tracer-dkms: the module's sources, no build product ($junk)"
built=$pkg/dkms/lttng-tracer/$ver/$kver/x86_64/module
# (compressed as the kernel's own modules are: .ko.xz for 6.12)
ok $([ "$(modinfo -F version "$built"/lttng-tracer.ko* 2>/dev/null)" = "$ver" ] &&
     [ "$(modinfo -F vermagic "$built"/lttng-test.ko* 2>/dev/null | cut -d' ' -f1)" = "$kver" ]; echo $?) \
	"dkms build for $kver: lttng-tracer.ko (version $ver) and lttng-test.ko"

# --- relations with Debian's packages ---------------------------------------
# A package of ours must conflict with (and replace) a package of Debian's
# exactly when a file of theirs is a file of ours, or (DKMS) a module of
# theirs has the name of one of ours.
modnames() { grep -o 'BUILT_MODULE_NAME\[[^]]*\]="[^"]*"' "$1" | sed 's/.*="\(.*\)"/\1/' | sort -u; }
modnames "$src/dkms.conf" > "$tmp/our.modules"
r=0 seen=0
for d in "$ref"/*.deb; do
	[ -f "$d" ] || continue
	seen=$((seen + 1))
	dp=$(dpkg-deb -f "$d" Package)
	dpkg-deb -c "$d" | awk '{ print substr($6, 2) }' | grep -v '/$' | sort > "$tmp/ref.files"
	theirs=
	if grep -q '/dkms.conf$' "$tmp/ref.files"; then
		mkdir -p "$tmp/ref" && dpkg-deb -x "$d" "$tmp/ref"
		modnames "$(find "$tmp/ref" -name dkms.conf | head -n 1)" > "$tmp/ref.modules"
		theirs=$(comm -12 "$tmp/our.modules" "$tmp/ref.modules" | tr '\n' ' ')
	fi
	for p in "${!deb[@]}"; do
		same=$(comm -12 "$tmp/$p.files" "$tmp/ref.files" | head -n 2 | tr '\n' ' ')
		[ "$p" = lttng-tracer-dkms ] && same+=$theirs
		c=$(dpkg-deb -f "${deb[$p]}" Conflicts | tr ',' '\n' | sed 's/ //g; s/(.*//' | grep -cx "$dp")
		rp=$(dpkg-deb -f "${deb[$p]}" Replaces | tr ',' '\n' | sed 's/ //g; s/(.*//' | grep -cx "$dp")
		if [ -n "$same" ] && { [ "$c" = 0 ] || [ "$rp" = 0 ]; }; then
			echo "# $p shares $same with Debian's $dp but does not conflict with and replace it"; r=1
		elif [ -z "$same" ] && [ "$c$rp" != 00 ]; then
			echo "# $p conflicts with or replaces Debian's $dp, which has no file or module of ours"; r=1
		elif [ -n "$same" ]; then
			echo "# $p conflicts with $dp: $same"
		fi
	done
done
ok $([ $r = 0 ] && [ "$seen" -ge 4 ]; echo $?) \
	"Conflicts/Replaces exactly where files or modules collide with Debian's LTTng ($seen packages)"

# --- the library --------------------------------------------------------------
lib=$tmp/liblttng-tracer-ust1/usr/lib/$multiarch/liblttng-ust.so.1
dev=$tmp/lttng-tracer-dev
ok $([ "$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = liblttng-ust.so.1 ] &&
     [ "$(readlink "$dev/usr/lib/$multiarch/liblttng-ust.so")" = liblttng-ust.so.1 ]; echo $?) \
	"liblttng-ust.so.1: SONAME liblttng-ust.so.1, liblttng-ust.so links to it"
objdump -T "$lib" | awk '$2 == "g" && $4 == ".text" { print $(NF-1), $NF }' > "$tmp/syms"
ok $([ -s "$tmp/syms" ] && ! grep -qv '^LTTNG_TRACER_UST_1 ' "$tmp/syms" &&
     [ "$(wc -l < "$tmp/syms")" = "$(grep -c '^\s*lttng_ust_[a-z_]*;' "$top/userspace/liblttng-ust/liblttng-ust.map")" ]; echo $?) \
	"every exported function ($(wc -l < "$tmp/syms")) is versioned LTTNG_TRACER_UST_1, as liblttng-ust.map lists"
ok $(dpkg-deb --ctrl-tarfile "${deb[liblttng-tracer-ust1]}" | tar -xOf - ./symbols 2>/dev/null |
     grep -q '^ lttng_ust_rec_begin@LTTNG_TRACER_UST_1 '; echo $?) \
	"liblttng-tracer-ust1 has a symbols file"
pc=$dev/usr/lib/$multiarch/pkgconfig/lttng-ust.pc
ok $([ "$(PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$(dirname "$pc")" pkg-config --modversion lttng-ust)" = "$ver" ] &&
     [ "$(PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$(dirname "$pc")" pkg-config --libs lttng-ust | xargs)" = "-llttng-ust" ]; echo $?) \
	"lttng-ust.pc: version $ver, --libs -llttng-ust"

# --- headers ------------------------------------------------------------------
r=0
for h in "$top"/userspace/liblttng-ust/include/lttng/*.h; do
	[ -f "$dev/usr/include/lttng/$(basename "$h")" ] || { echo "# $(basename "$h") not installed"; r=1; }
done
ok $r "every header of userspace/liblttng-ust/include/lttng/ installed in /usr/include/lttng"
r=0
for h in "$dev"/usr/include/lttng-tracer/*.h; do
	b=lttng-tracer/$(basename "$h")
	# the ioctl ABI is ISO C; the filter bytecode's helper uses GNU C's
	# case ranges (gcc and clang, C and C++)
	std="-std=c11 -pedantic"
	[ "$b" = lttng-tracer/ioctl-abi.h ] || std=-std=gnu11
	for cc in "gcc -x c $std" "g++ -x c++ -std=c++11"; do
		echo "#include <$b>" | $cc -Wall -Wextra -Werror -fsyntax-only -I"$dev/usr/include" - 2>"$tmp/cc.err" ||
			{ echo "# $b with $cc:"; sed 's/^/# /' "$tmp/cc.err" | head -n 5; r=1; }
	done
done
ok $([ $r = 0 ] && [ -f "$dev/usr/include/lttng-tracer/ioctl-abi.h" ]; echo $?) \
	"<lttng-tracer/ioctl-abi.h> (C11 -pedantic) and <lttng-tracer/filter-bytecode.h> (GNU C) compile alone, as C and C++"
ok $(cmp -s "$dev/usr/share/doc/lttng-tracer-dev/examples/lttng-count.c" "$top/samples/lttng-count.c" &&
     gcc -std=c11 -Wall -Wextra -Werror -I"$dev/usr/include" -fsyntax-only \
	"$dev/usr/share/doc/lttng-tracer-dev/examples/lttng-count.c" 2>&1 | sed 's/^/# /'; echo "${PIPESTATUS[0]}") \
	"the example lttng-count.c builds against the packaged header alone"

# --- the systemd unit -----------------------------------------------------------
# systemd-analyze verify with the package as root: it checks the unit's
# syntax and its executable; the host's own units give the targets.
root=$tmp/lttng-tracer-tools
unit=$root/lib/systemd/system/lttng-sessiond.service
mkdir -p "$root/usr/lib/systemd" && cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
systemd-analyze verify --root="$root" lttng-sessiond.service > "$tmp/verify" 2>&1
vrc=$?
sed 's/^/# /' "$tmp/verify"
ok $([ $vrc = 0 ] && ! grep -q 'lttng-sessiond' "$tmp/verify"; echo $?) \
	"systemd-analyze verify lttng-sessiond.service: no complaint"
ok $(grep -qx 'Type=forking' "$unit" && grep -qx 'ExecStart=/usr/bin/lttng-sessiond --daemonize --group tracing' "$unit" &&
     grep -qx 'PIDFile=/run/lttng/lttng-sessiond.pid' "$unit" && [ "$(readlink -f /var/run)" = /run ]; echo $?) \
	"the unit: Type=forking on --daemonize --group tracing, PIDFile where the daemon writes it"

# --- building -----------------------------------------------------------------
ok $(cd "$top" && dpkg-checkbuilddeps 2>&1 | sed 's/^/# /'; echo "${PIPESTATUS[0]}") \
	"dpkg-checkbuilddeps: debian/control's Build-Depends are installed"
ok $(cd "$top" && apt-get -s build-dep ./ 2>&1 | grep -q '^0 upgraded, 0 newly installed'; echo $?) \
	"apt-get build-dep . resolves the build dependencies (nothing left to install)"

ktap_finish
