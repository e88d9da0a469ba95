# SPDX-License-Identifier: GPL-2.0-only
# save-load.sh - sourced by run-tests.sh with $bin (client), a fresh
# $T_HOME, T_ENV, $tag, ok (selftests/lib/ktap.sh): lttng save / lttng load.
#  - what we save validates against LTTng 2.13's session.xsd (xmllint);
#  - save -> load -> save gives the same files, byte for byte;
#  - the files LTTng 2.13 saved (tests/sessions/, gen-session-fixtures.sh)
#    load, and saving them again gives LTTng's files back;
#  - an unknown element or a feature we lack fails with the file, line and
#    element named, and creates nothing (not even the other sessions).

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

# --- our sessions: every kind of setting we have -------------------------
D=$T_HOME/sl
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
mkdir -p "$D/a" "$D/b"
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
out=$(lt save full 2>&1)
check "save NAME writes ~/.lttng/sessions/NAME.lttng" \
	test -s "$T_HOME/.lttng/sessions/full.lttng" -a "$out" = "Session full saved successfully."
lt save full >/dev/null 2>&1
check "save over an existing file needs --force" test $? != 0
check "save --force overwrites" q lt save -f full
check "save -a -o DIR" q lt save -a -o "$D/a"
check "three files saved" test "$(cd "$D/a" && ls | tr '\n' ' ')" = "full.lttng noout.lttng plain.lttng "
check "saved files validate against session.xsd" valid "$D"/a/*.lttng
check "the file has what the session has" \
	grep -q '<filter>a == 1 &amp;&amp; b != &quot;x&lt;y&gt;&quot;</filter>' "$D/a/full.lttng"
lt destroy -a >/dev/null
check "load -a -i DIR" q lt load -a -i "$D/a"
check "the sessions are back" test "$(sessions_listed)" = "full noout plain "
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
	sed "s|@DIR@/|$D/|" "$f" >"$D/lttng/${f##*/}"
done
[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$D"
check "LTTng's files validate against session.xsd" valid "$D"/lttng/*.lttng
sed 's|<type>0</type>|<type>99</type>|' "$D/lttng/ust-perf.lttng" >"$D/bad-perf.lttng"
check "LTTng's files load" q lt load -a -i "$D/lttng"
check "LTTng's sessions are there" test "$(sessions_listed)" = "empty nets nets2 nooutput rotation ust-perf ust-pid ust-uid "
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
lt destroy -a >/dev/null 2>&1
