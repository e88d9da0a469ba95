#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness checks, run inside the VM as root: a test module built against
# the guest kernel loads and unloads cleanly and the kernel log stays clean.
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib/lib.sh"
ko=$dir/vmcheck/vmcheck.ko
ktap_header
ktap_plan 5
ok_cmd "guest runs the kernel we built against ($(uname -r))" test -d "/lib/modules/$(uname -r)/build"
ok_cmd "test module loads" insmod "$ko"
ok_cmd "test module is listed" mod_loaded vmcheck
ok_cmd "test module unloads" rmmod vmcheck
ok_cmd "kernel log is clean" kernel_log_clean
ktap_finish
