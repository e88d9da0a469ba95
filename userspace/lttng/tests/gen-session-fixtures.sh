#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# gen-session-fixtures.sh - (re)make tests/sessions/*.lttng: session files
# saved by LTTng 2.13.9 itself (Debian's lttng-tools, /usr/bin/lttng) for
# save-load.sh, which loads them with our client and daemon.  Output paths
# are written as @DIR@ (save-load.sh puts its own directory back).
# Review the diff before committing.  Not needed to run the tests.
set -u
cd "$(dirname "$0")"
. ./lib.sh

REF=${LTTNG_REF:-/usr/bin/lttng}
[ -x "$REF" ] || { echo "no reference lttng at $REF" >&2; exit 1; }
"$REF" --version | grep -q ' 2\.13\.' || { echo "reference is not LTTng 2.13" >&2; exit 1; }
WORK=$(mktemp -d /tmp/lttng-gen.XXXXXX)
chmod 755 "$WORK"
T_ENV=
new_home "$WORK/home"
D=$T_HOME/tr
lt() { (cd "$T_HOME" && as_test_user "$REF" "$@") >/dev/null || echo "failed: lttng $*" >&2; }

lt create empty -o "$D/empty"
lt create nooutput --no-output
# per-process buffers, every channel attribute, filters, log levels,
# exclusions, contexts, trackers
lt create ust-pid -o "$D/ust-pid"
lt enable-channel -u ch1 --buffers-pid --subbuf-size 16k --num-subbuf 8 \
	--switch-timer 200000 --read-timer 100000 --overwrite
lt enable-event -u -c ch1 'app:*' --filter 'a == 1 && b != "x"' \
	-x app:noisy,app:loud --loglevel TRACE_WARNING
lt enable-event -u -c ch1 app:one --loglevel-only TRACE_DEBUG
lt add-context -u -c ch1 -t vpid -t vtid -t procname -t ip
lt track -u --vpid 100,200 --vuid 1000
# per-user buffers, a disabled channel and event, a started session
# (contexts from session.xsd's list: LTTng 2.13 also saves VUID, CPU_ID...
# that its own schema does not know)
lt create ust-uid -o "$D/ust-uid"
lt enable-channel -u ch2 --monitor-timer 2000000
lt enable-channel -u off --buffers-uid
lt enable-event -u -c ch2 -a
lt enable-event -u -c ch2 x:y
lt disable-event -u -c ch2 x:y
lt enable-event -u -c off z
lt disable-channel -u off
lt add-context -u -c ch2 -t pthread_id -t vpid
lt track -u --vgid 5
lt start ust-uid
# a UST per-thread perf counter context
lt create ust-perf -o "$D/ust-perf"
lt enable-channel -u ch
lt add-context -u -c ch -t perf:thread:cpu-cycles
# automatic rotation schedules
lt create rotation -o "$D/rotation"
lt enable-channel -u ch
lt enable-rotation -s rotation --timer=5s --size=1M
# network outputs (no lttng-relayd needed to create and save them)
lt create nets --set-url net://127.0.0.1
lt create nets2 -U net://127.0.0.1:5342:5343/my/sub
# snapshot sessions: the default output, a named one with a maximum
# size, network ones, none (snap and live are loaded by
# ust-tests/saveload-check.sh: every event, the fakeapp's contexts)
lt create snap --snapshot -o "$D/snap"
lt enable-channel -u ch
lt enable-event -u -c ch -a
lt add-context -u -c ch -t vpid -t vtid -t procname
lt create snapnamed --snapshot --no-output
lt enable-channel -u ch --subbuf-size 8k
lt snapshot add-output -s snapnamed -n mine -m 1M "$D/mine"
lt create snapnet --snapshot -U net://127.0.0.1:5342:5343/x
lt create snapnet2 --snapshot --no-output
lt snapshot add-output -s snapnet2 -n far -m 2M net://127.0.0.1
lt create snapnone --snapshot --no-output
# live sessions: a UST channel of a live session connects to the relay
# daemon (Debian's, on free ports written @CTRL@ and @DATA@)
. ../../../selftests/lib/relayd.sh
as_user_argv -c -g $TEST_USER_GID $TEST_USER_UID
relayd_start "$T_HOME/relayd" "${as_argv[@]}" env HOME="$T_HOME" ||
	echo "no lttng-relayd" >&2
lt create live --live 2000000 -U "net://127.0.0.1:$RELAYD_CTRL:$RELAYD_DATA"
lt enable-channel -u ch --subbuf-size 8k
lt enable-event -u -c ch -a
lt add-context -u -c ch -t vpid -t vtid -t procname
lt create live2 --live -U "net://127.0.0.1:$RELAYD_CTRL:$RELAYD_DATA/sub"
lt save -a -o "$T_HOME/saved"
lt destroy -a
stop_daemon
relayd_kill
for f in "$T_HOME"/saved/*.lttng; do
	sed -e "s|$D/|@DIR@/|" -e "s|:$RELAYD_CTRL/|:@CTRL@/|" \
	    -e "s|:$RELAYD_DATA/|:@DATA@/|" "$f" >"sessions/$(basename "$f")"
	echo "sessions/$(basename "$f")"
done
rm -rf "$WORK"
