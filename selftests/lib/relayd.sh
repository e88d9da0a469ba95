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
		"$@" lttng-relayd ${LTTNG_TEST_RELAYD_ARGS:-} -C "tcp://127.0.0.1:$RELAYD_CTRL" \
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

# live_viewer_start OUT SESSION [TENTHS]: babeltrace2's lttng-live follows
# SESSION of this host on the relay daemon's live port, its text in
# OUT.out and OUT.err; returns once the relay daemon counts it attached
# to SESSION, to each of its sessions of that name when there are several
# (1 when it was not within TENTHS tenths of a second,
# default 600), with LIVE_PID set.  Attached before the session's
# streams exist, it reads them from their start (a viewer attaching
# later starts at their live end).  LTTNG_TEST_VIEWER_ARGS adds
# babeltrace2 options (--log-level=TRACE to see what it waits for).
live_viewer_start() {
	local out=$1 sess=$2 tries=${3:-600}
	# shellcheck disable=SC2086
	timeout 900 babeltrace2 ${LTTNG_TEST_VIEWER_ARGS:-} -i lttng-live \
		"net://127.0.0.1:$RELAYD_LIVE/host/$(hostname)/$sess" \
		> "$out.out" 2> "$out.err" &
	LIVE_PID=$!
	local end=$((SECONDS + (tries + 9) / 10))
	until _live_viewer_attached "$sess"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}
# relayd_sessions SESSION: the relay daemon's sessions named SESSION of
# this host, one line each, "ID CLIENTS STREAMS", as its live port lists
# them (LIST_SESSIONS of the viewer protocol, LTTng 2.13's
# lttng-viewer-abi.h: big-endian fields, a session is id u64, live timer,
# clients, streams u32, hostname[64], name[255]).  A session with kernel
# and user-space channels is two of them, one per domain's consumer, as
# with LTTng; babeltrace2's own listing merges them into one line.
relayd_sessions() {
	timeout 10 python3 - "$RELAYD_LIVE" "$(hostname)" "$1" <<'PY'
import socket, struct, sys
port, host, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
def recv(n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            sys.exit(1)
        b += c
    return b
# CONNECT (a client command connection, viewer protocol 2.4), then
# LIST_SESSIONS
s.sendall(struct.pack(">QII", 20, 1, 0) + struct.pack(">QIII", 0, 2, 4, 1))
recv(20)
s.sendall(struct.pack(">QII", 0, 2, 0))
count, = struct.unpack(">I", recv(4))
for _ in range(count):
    sid, _timer, clients, streams, h, n = struct.unpack(">QIII64s255s", recv(339))
    if h.split(b"\0")[0].decode() == host and n.split(b"\0")[0].decode() == name:
        print(sid, clients, streams)
PY
}
# the relay daemon lists SESSION of this host, each of its sessions of
# that name with a viewer attached
_live_viewer_attached() {
	local l
	kill -0 "$LIVE_PID" 2> /dev/null || return 1
	l=$(relayd_sessions "$1")
	[ -n "$l" ] && awk '$2 < 1 { bad = 1 } END { exit bad }' <<< "$l"
}

# live_viewer_end [TENTHS]: waits (default 1200 tenths) for the viewer
# to end with its session; its exit status (124 when it had to be killed)
live_viewer_end() {
	if ! wait_until -t "${1:-1200}" _ktap_gone "$LIVE_PID"; then
		kill "$LIVE_PID" 2> /dev/null
		wait "$LIVE_PID" 2> /dev/null
		return 124
	fi
	wait "$LIVE_PID"
}
