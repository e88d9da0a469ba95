# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/lttng.sh - the programs of this tree the suites drive
# (sourced, bash, after ktap.sh): their paths, and the lttng client as it
# is used by a user, one command a test.

_lttng_sh_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LTTNG=$_lttng_sh_top/userspace/lttng/lttng
LTTNG_SESSIOND=$_lttng_sh_top/userspace/lttng-sessiond/lttng-sessiond
SDCLIENT=$_lttng_sh_top/userspace/lttng-sessiond/tests/sdclient
WORKLOAD=$_lttng_sh_top/selftests/events/workload

# lttng_cli_env DIR: the client's environment for a suite: HOME is
# DIR/home, and `lttng create` spawns this tree's root daemon, which
# loads this tree's module
lttng_cli_env() {
	export LTTNG_MODULE_PATH=$_lttng_sh_top/module
	export LTTNG_SESSIOND_PATH=$LTTNG_SESSIOND
	export HOME=$1/home
	mkdir -p "$HOME"
}

# lttng_ok DESC ARGS...: one test: `lttng ARGS` succeeds; its output is
# left in $out (for has)
lttng_ok() {
	local d=$1
	shift
	ok_out "$d" "$LTTNG" "$@"
}
