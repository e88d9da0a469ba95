# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/kernel.sh - the kernel side of the VM selftests (sourced,
# bash, as root in the guest): the tracer's modules from the build tree,
# and the kernel log, which must stay clean.  KERNEL_LOG_BAD is the one
# definition of "a kernel log that reports a problem": the selftests
# check it after their tests, the VM runner (selftests/vm/run, which
# sources this file on the host) on the guest's whole log after every
# command.

_kernel_sh_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LTTNG_TRACER_KO=$_kernel_sh_top/module/lttng-tracer.ko
LTTNG_TEST_KO=$_kernel_sh_top/module/test/lttng-test.ko

# a kernel that died: panics, oopses, BUG()s
KERNEL_LOG_CRASH='Kernel panic|Oops|BUG:|kernel BUG|general protection'
# ... or complained: WARN()s and stack traces, sanitizer reports,
# lockups, hung tasks, RCU stalls, refcount and leak reports
KERNEL_LOG_BAD="$KERNEL_LOG_CRASH|WARNING:|Call Trace:|UBSAN:|KASAN:|soft lockup|hung_task|blocked for more than|rcu.*detected stall|refcount_t|leak"

# kernel_log_reset: forget what the kernel said so far
kernel_log_reset() {
	dmesg -C 2> /dev/null
}

# kernel_log_clean [EXTRA_ERE]: no line of the kernel log matches
# KERNEL_LOG_BAD (or EXTRA_ERE); the lines that do are shown as comments
kernel_log_clean() {
	local bad
	bad=$(dmesg | grep -E -- "$KERNEL_LOG_BAD${1:+|$1}")
	[ -z "$bad" ] && return 0
	sed 's/^/# dmesg: /' <<<"$bad" | head -n 40
	return 1
}

# mod_loaded NAME: module NAME is loaded
mod_loaded() {
	grep -q "^$1 " /proc/modules
}

# mod_load KO...: insmod each file, in order; stops at the first failure
mod_load() {
	local ko
	for ko in "$@"; do
		insmod "$ko" || return 1
	done
}

# mod_unload NAME...: rmmod each module that is loaded, in order; fails
# when one of them stays loaded
mod_unload() {
	local m rc=0
	for m in "$@"; do
		mod_loaded "$m" || continue
		rmmod "$m" || rc=1
	done
	return $rc
}

# lttng_unload: the test event source and the tracer, when loaded
lttng_unload() {
	mod_unload lttng_test lttng_tracer 2> /dev/null
}

# mod_fresh_load KO...: from a clean slate (these modules unloaded, the
# kernel log cleared), insmod each file; when one fails, a failing test
# line and exit: nothing else of the suite can run
mod_fresh_load() {
	local ko names=()
	for ko in "$@"; do
		ko=${ko##*/}
		ko=${ko%.ko}
		names=("${ko//-/_}" "${names[@]}")
	done
	mod_unload "${names[@]}" 2> /dev/null
	kernel_log_reset
	mod_load "$@" && return 0
	echo "not ok 1 - load $*"
	exit 1
}
