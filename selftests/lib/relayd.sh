# SPDX-License-Identifier: GPL-2.0-only
#
# selftests/lib/relayd.sh - Debian's lttng-relayd for the suites that
# stream to it (sourced, bash): one on free loopback ports.

# relayd_start OUTDIR [PREFIX...]: starts `PREFIX... lttng-relayd` (the
# prefix must exec it: env, setpriv) writing to OUTDIR, on three free
# consecutive loopback ports; sets RELAYD_CTRL, RELAYD_DATA, RELAYD_LIVE
# and RELAYD_PID once it listens.  1 when it never did.
relayd_start() {
	local out=$1 try base i
	shift
	for try in 1 2 3 4 5; do
		base=$((20000 + (RANDOM % 10000) * 3))
		RELAYD_CTRL=$base RELAYD_DATA=$((base + 1)) RELAYD_LIVE=$((base + 2))
		"$@" lttng-relayd -C "tcp://127.0.0.1:$RELAYD_CTRL" \
			-D "tcp://127.0.0.1:$RELAYD_DATA" \
			-L "tcp://127.0.0.1:$RELAYD_LIVE" -o "$out" \
			> "$out.log" 2>&1 &
		RELAYD_PID=$!
		for ((i = 0; i < 100; i++)); do
			kill -0 "$RELAYD_PID" 2> /dev/null || break
			_relayd_listens "$RELAYD_CTRL" && _relayd_listens "$RELAYD_DATA" &&
				_relayd_listens "$RELAYD_LIVE" && return 0
			sleep 0.1
		done
		kill -9 "$RELAYD_PID" 2> /dev/null
		wait "$RELAYD_PID" 2> /dev/null
	done
	RELAYD_PID=
	return 1
}
# PORT listens on 127.0.0.1
_relayd_listens() {
	grep -q "0100007F:$(printf %04X "$1") 00000000:0000 0A" /proc/net/tcp
}

# relayd_kill: the relay daemon dies at once (SIGKILL), as in a crash
relayd_kill() {
	[ -n "${RELAYD_PID:-}" ] || return 0
	kill -9 "$RELAYD_PID" 2> /dev/null
	wait "$RELAYD_PID" 2> /dev/null
	RELAYD_PID=
}
