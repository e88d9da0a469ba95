#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness checks, run inside the VM as root: a test module built against
# the guest kernel loads and unloads cleanly and the kernel log stays clean.
dir=$(cd "$(dirname "$0")" && pwd)
ko=$dir/vmcheck/vmcheck.ko
n=0 fail=0
t() {	# description command...
	n=$((n + 1))
	d=$1; shift
	if "$@" > /tmp/harness.out 2>&1; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"; sed 's/^/# /' /tmp/harness.out; fail=$((fail + 1))
	fi
}
echo "TAP version 13"
echo "1..5"
t "guest runs the kernel we built against ($(uname -r))" test -d "/lib/modules/$(uname -r)/build"
t "test module loads" insmod "$ko"
t "test module is listed" grep -q '^vmcheck ' /proc/modules
t "test module unloads" rmmod vmcheck
t "kernel log is clean" sh -c '! dmesg | grep -E "BUG:|WARNING:|Oops|general protection|Call Trace:"'
exit $fail
