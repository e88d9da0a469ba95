# SPDX-License-Identifier: GPL-2.0-only
# save-load.sh - sourced by run-tests.sh with $bin (client), a fresh
# $T_HOME, T_ENV, $tag, ok (selftests/lib/ktap.sh): lttng save / lttng load.
#  - what we save validates against LTTng 2.13's session.xsd (xmllint);
#  - save -> load -> save gives the same files, byte for byte;
#  - save -> load: `lttng list`, `snapshot list-output` and their MI
#    output are the same for every session (snapshot and live ones too);
#  - the files LTTng 2.13 saved (tests/sessions/, gen-session-fixtures.sh)
#    load, and saving them again gives LTTng's files back;
#  - an unknown element or a feature we lack fails with the file, line and
#    element named, and creates nothing (not even the other sessions).
# Live sessions and network outputs go to Debian's lttng-relayd (a UST
# channel of a live session connects to it); ust-tests/saveload-check.sh
# traces into loaded live and snapshot sessions.

lt() { (cd "$T_HOME" && as_test_user "$bin" "$@"); }
q() { "$@" >/dev/null; }
check() {	# TITLE CMD...: ok when CMD succeeds
	local title=$1
	shift
	if "$@"; then ok 0 "$tag save-load: $title"; else ok 1 "$tag save-load: $title"; fi
}
sessions_listed() { lt list 2>/dev/null | sed -n 's/^  [0-9]*) \([^ ]*\) .*/\1/p' | sort | tr '\n' ' '; }
valid() {	# FILE...: every FILE validates against session.xsd
	local f rc=0
	for f; do
		xmllint --noout --schema "$SESSION_XSD" "$f" 2>"$WORK/xmllint.err" ||
			{ rc=1; sed 's/^/# /' "$WORK/xmllint.err"; }
	done
	return $rc
}
same_files() {	# DIR1 DIR2: the same *.lttng files with the same bytes
	local f rc=0
	[ "$(cd "$1" && ls)" = "$(cd "$2" && ls)" ] || { echo "# $(cd "$1" && ls) vs $(cd "$2" && ls)"; return 1; }
	for f in "$1"/*.lttng; do
		cmp -s "$f" "$2/${f##*/}" || { rc=1; diff -u "$f" "$2/${f##*/}" | head -20 | sed 's/^/# /'; }
	done
	return $rc
}

# state NAME...: what lttng list, snapshot list-output and their MI
# output say of each session
state() {
	local n
	for n; do
		echo "== $n"
		lt list "$n" 2>&1
		lt --mi xml list "$n" 2>&1
		lt snapshot list-output -s "$n" 2>&1
		lt --mi xml snapshot list-output -s "$n" 2>&1
	done
}

. ../../../selftests/lib/relayd.sh
D=$T_HOME/sl
mkdir -p "$D/relayd"
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
as_user_argv -c -g $TEST_USER_GID $TEST_USER_UID
relayd_start "$D/relayd" "${as_argv[@]}" env HOME="$T_HOME"
check "lttng-relayd starts" test -n "$RELAYD_PID"
NET=net://127.0.0.1:$RELAYD_CTRL:$RELAYD_DATA

# --- our sessions: every kind of setting we have -------------------------
lt create plain -o "$D/tr-plain" >/dev/null
lt create noout --no-output >/dev/null
lt create full -o "$D/tr-full" >/dev/null
lt enable-channel -u big --subbuf-size 16k --num-subbuf 8 --switch-timer 200000 \
	--read-timer 100000 --overwrite >/dev/null
lt enable-channel -u small >/dev/null
lt enable-event -u -c big 'app:*' --filter 'a == 1 && b != "x<y>"' -x app:a,app:b \
	--loglevel TRACE_WARNING >/dev/null
lt enable-event -u -c big app:one --loglevel-only TRACE_DEBUG >/dev/null
lt enable-event -u -c small -a >/dev/null
lt enable-event -u -c small off >/dev/null
lt disable-event -u -c small off >/dev/null
lt add-context -u -c big -t vpid -t procname -t ip >/dev/null
lt track -u --vpid 100,200 --vuid 1000 >/dev/null
lt disable-channel -u small >/dev/null
lt start full >/dev/null
lt create snap1 --snapshot -o "$D/tr-snap" >/dev/null
lt enable-channel -u ring --subbuf-size 8k >/dev/null
lt enable-event -u -c ring -a >/dev/null
lt create snap2 --snapshot --no-output >/dev/null
lt snapshot add-output -s snap2 -n named -m 1M "$D/named" >/dev/null
lt create snap3 --snapshot -U "$NET/sub" >/dev/null
lt create snap4 --snapshot --no-output >/dev/null
lt create live1 --live 500000 -U "$NET" >/dev/null
lt enable-channel -u lc >/dev/null
lt enable-event -u -c lc -a >/dev/null
ALL="full live1 noout plain snap1 snap2 snap3 snap4"
state $ALL >"$WORK/state.before"
mkdir -p "$D/a" "$D/b"
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
out=$(lt save full 2>&1)
check "save NAME writes ~/.lttng/sessions/NAME.lttng" \
	test -s "$T_HOME/.lttng/sessions/full.lttng" -a "$out" = "Session full saved successfully."
lt save full >/dev/null 2>&1
check "save over an existing file needs --force" test $? != 0
check "save --force overwrites" q lt save -f full
check "save -a -o DIR" q lt save -a -o "$D/a"
check "every session saved" test "$(cd "$D/a" && ls | tr '\n' ' ')" = "$(printf '%s.lttng ' $ALL)"
check "saved files validate against session.xsd" valid "$D"/a/*.lttng
check "the file has what the session has" \
	grep -q '<filter>a == 1 &amp;&amp; b != &quot;x&lt;y&gt;&quot;</filter>' "$D/a/full.lttng"
lt destroy -a >/dev/null
check "load -a -i DIR" q lt load -a -i "$D/a"
check "the sessions are back" test "$(sessions_listed)" = "$ALL "
state $ALL >"$WORK/state.after"
check "... as they were: list, snapshot list-output and their MI output" \
	eval 'diff "$WORK/state.before" "$WORK/state.after" | head -20 | sed "s/^/# /"; cmp -s "$WORK/state.before" "$WORK/state.after"'
check "the snapshot output is back with its name, size and path" \
	eval 'lt snapshot list-output -s snap2 | grep -qxF "    [1] named: $D/named (max size: 1048576 bytes)"'
check "the live session is back with its timer and relay daemon" \
	eval 'lt list | grep -qx "    Live timer interval: 500000 us" &&
	      lt list | grep -qxF "    Trace output: tcp4://127.0.0.1:$RELAYD_CTRL/ [data: $RELAYD_DATA]"'
check "save -> load -> save: same bytes" eval 'lt save -a -o "$D/b" >/dev/null && same_files "$D/a" "$D/b"'
lt load -i "$D/a/full.lttng" >/dev/null 2>&1
check "load over an existing session needs --force" test $? != 0
check "load --force replaces it" q lt load -f -i "$D/a/full.lttng" full
check "load --override-name" q lt load -i "$D/a/plain.lttng" plain --override-name other
check "the renamed session exists, with its output" \
	eval 'lt list other | grep -q "Trace output: $D/tr-plain"'
lt destroy -a >/dev/null

# --- files saved by LTTng 2.13 --------------------------------------------
mkdir -p "$D/lttng" "$D/c"
for f in sessions/*.lttng; do
	sed -e "s|@DIR@/|$D/|" -e "s|:@CTRL@/|:$RELAYD_CTRL/|" \
	    -e "s|:@DATA@/|:$RELAYD_DATA/|" "$f" >"$D/lttng/${f##*/}"
done
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
check "LTTng's files validate against session.xsd" valid "$D"/lttng/*.lttng
sed 's|<type>0</type>|<type>99</type>|' "$D/lttng/ust-perf.lttng" >"$D/bad-perf.lttng"
check "LTTng's files load" q lt load -a -i "$D/lttng"
check "LTTng's sessions are there" test "$(sessions_listed)" = "empty live live2 nets nets2 nooutput rotation snap snapnamed snapnet snapnet2 snapnone ust-perf ust-pid ust-uid "
check "LTTng's snapshot outputs are loaded: name, maximum size, path or URL" \
	eval 'lt snapshot list-output -s snapnamed | grep -qxF "    [1] mine: $D/mine (max size: 1048576 bytes)" &&
	      lt snapshot list-output -s snap | grep -qxF "    [1] snapshot-1: $D/snap" &&
	      lt snapshot list-output -s snapnet | grep -qxF "    [1] snapshot-1: tcp4://127.0.0.1:5342/x" &&
	      lt snapshot list-output -s snapnet2 | grep -qxF "    [1] far: tcp4://127.0.0.1:5342/ (max size: 2097152 bytes)" &&
	      [ -z "$(lt snapshot list-output -s snapnone | grep "\[")" ]'
check "LTTng's live sessions are loaded with their timer" \
	eval 'lt list | grep -qx "    Live timer interval: 2000000 us" &&
	      lt list | grep -qx "    Live timer interval: 1000000 us"'
check "the network outputs are loaded as LTTng saved them" \
	eval 'lt list | grep -q "Trace output: tcp4://127.0.0.1:5342/my/sub \[data: 5343\]" &&
	      lt list nets | grep -q "Trace output: tcp4://127.0.0.1:5342/ \[data: 5343\]"'
check "ust-uid was started, as saved" eval 'lt list | grep -q "ust-uid \[active\]"'
check "saved again, they are LTTng's files" eval 'lt save -a -o "$D/c" >/dev/null && same_files "$D/lttng" "$D/c"'
lt destroy -a >/dev/null

# --- errors: a clear message, nothing created -----------------------------
[ "$(id -u)" = 0 ] && chown $TEST_USER_UID:$TEST_USER_GID "$D/bad-perf.lttng"
err=$(lt load -i "$D/bad-perf.lttng" 2>&1 >/dev/null)
rc=$?
check "an unknown perf counter type is refused (exit $rc)" test $rc != 0
check "... with file, line and counter named" \
	eval 'grep -q "bad-perf.lttng:[0-9]*: perf counter type 99 config 0 is not supported" <<<"$err"'
check "... and nothing created" test -z "$(sessions_listed)"
mkdir -p "$D/bad"
cp "$D/lttng/empty.lttng" "$D/lttng/ust-pid.lttng" "$D/bad/"
sed -i 's|<name>ch1</name>|&<bogus>1</bogus>|' "$D/bad/ust-pid.lttng"
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
err=$(lt load -a -i "$D/bad" 2>&1 >/dev/null)
rc=$?
check "an unknown element is refused (exit $rc)" test $rc != 0
check "... with file, line and element named" \
	eval 'grep -q "ust-pid.lttng:[0-9]*: unknown element <bogus> in <channel>" <<<"$err"'
check "... and nothing created, not even the good file's session" test -z "$(sessions_listed)"
printf '<sessions><session><name>x</name>' >"$D/bad/ust-pid.lttng"
err=$(lt load -a -i "$D/bad" 2>&1 >/dev/null)
rc=$?
check "a truncated file is refused, nothing created" \
	eval '[ $rc != 0 ] && [ -z "$(sessions_listed)" ] && grep -q "ust-pid.lttng:1: not well-formed XML" <<<"$err"'
lt load nosuch >/dev/null 2>&1
check "load of an unknown session fails" test $? != 0
sed 's|<snapshot_mode>true</snapshot_mode>||' "$D/lttng/snapnamed.lttng" >"$D/bad/nosnap.lttng"
sed 's|<net_output>.*|<path>/tmp</path>|; /_uri>\|<\/net_output>/d' "$D/lttng/live2.lttng" >"$D/bad/livelocal.lttng"
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
err=$(lt load -i "$D/bad/nosnap.lttng" 2>&1 >/dev/null)
rc=$?
check "snapshot outputs in a session that is not in snapshot mode are refused" \
	eval '[ $rc != 0 ] && grep -q "nosnap.lttng:[0-9]*: session snapnamed: <snapshot_outputs> without <snapshot_mode>" <<<"$err"'
err=$(lt load -i "$D/bad/livelocal.lttng" 2>&1 >/dev/null)
rc=$?
check "a live session with a local output is refused" \
	eval '[ $rc != 0 ] && grep -q "livelocal.lttng:[0-9]*: session live2: a live session needs a network output" <<<"$err"'
check "... nothing created" test -z "$(sessions_listed)"
lt destroy -a >/dev/null 2>&1
relayd_kill
