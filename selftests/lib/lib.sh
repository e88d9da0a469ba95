# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/lib.sh - what a VM selftest sources: top (the tree), and
# the helpers of ktap.sh (TAP, waiting, users), kernel.sh (modules,
# kernel log), trace.sh (babeltrace2) and lttng.sh (this tree's
# programs).  Host suites source the ones they need.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$top/selftests/lib/ktap.sh"
. "$top/selftests/lib/kernel.sh"
. "$top/selftests/lib/trace.sh"
. "$top/selftests/lib/lttng.sh"
