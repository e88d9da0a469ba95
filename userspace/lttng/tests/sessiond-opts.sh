# SPDX-License-Identifier: GPL-2.0-only
# sessiond-opts.sh - sourced by run-tests.sh with $bin (client), a fresh
# $T_HOME, T_ENV, $tag, $SESSIOND, ok (selftests/lib/ktap.sh): the
# options of lttng-sessiond(8) that touch no kernel: lttng.conf (-f and
# $HOME/.lttng/lttng.conf), -p/--pidfile, -a/--apps-sock, -l/--load and
# the auto-load directory ~/.lttng/sessions/auto.

so() { ok $1 "$tag sessiond-opts: $2"; }
sd() { (cd "$T_HOME" && as_test_user "$SESSIOND" "$@"); }
lt() { (cd "$T_HOME" && as_test_user "$bin" "$@"); }
sd_stop() {	# PIDFILE: stop the daemon whose pid is there
	local pid i
	pid=$(cat "$1" 2>/dev/null) || return 1
	kill "$pid" 2>/dev/null || return 1
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid"
	return 1
}
sessions_of() { lt list 2>/dev/null | sed -n 's/^  [0-9]*) \([^ ]*\) .*/\1/p' | sort | tr '\n' ' '; }
as_owner() {	# files the test user must own
	[ "$(id -u)" = 0 ] && chown -R $TEST_USER_UID:$TEST_USER_GID "$@"
	return 0
}
H=$T_HOME
PID=$H/.lttng/lttng-sessiond.pid

# lttng.conf: -f FILE, keys of [sessiond] only; the command line wins
mkdir -p "$H/conf"
cat > "$H/conf/a.conf" <<CONF
; comment
# comment
[other]
pidfile = $H/conf/wrong.pid
[sessiond]
pidfile = $H/conf/conf.pid
apps-sock = $H/conf/apps-sock
no-kernel = yes
sig-parent = off
CONF
as_owner "$H/conf"
sd -b -f "$H/conf/a.conf" > "$H/sd.log" 2>&1
so $? "-f FILE: daemon starts"
so $([ -s "$H/conf/conf.pid" ] && [ ! -e "$H/conf/wrong.pid" ] && [ ! -e "$PID" ]; echo $?) "pidfile of the [sessiond] section used, not [other]'s"
so $([ -S "$H/conf/apps-sock" ]; echo $?) "apps-sock from the file: applications' socket there"
so $(lt create c1 --no-output >/dev/null 2>&1; echo $?) "the client reaches it"
sd_stop "$H/conf/conf.pid"
so $? "it stops on SIGTERM"
so $([ ! -e "$H/conf/conf.pid" ] && [ ! -e "$H/conf/apps-sock" ]; echo $?) "pid file and socket removed at exit"

sd -b -f "$H/conf/a.conf" -p "$H/conf/cli.pid" > "$H/sd.log" 2>&1
so $([ -s "$H/conf/cli.pid" ] && [ ! -e "$H/conf/conf.pid" ]; echo $?) "-p on the command line beats the file"
sd_stop "$H/conf/cli.pid"

# $HOME/.lttng/lttng.conf is read without -f; unknown keys warn
mkdir -p "$H/.lttng"
printf '[sessiond]\npidfile = %s\nnosuch-option = 1\n' "$H/conf/home.pid" > "$H/.lttng/lttng.conf"
as_owner "$H/.lttng"
sd -b > "$H/sd.log" 2>&1
so $([ -s "$H/conf/home.pid" ]; echo $?) "\$HOME/.lttng/lttng.conf read by default"
so $(grep -q 'Unrecognized option "nosuch-option" in daemon configuration file' "$H/sd.log"; echo $?) "unknown key: LTTng's warning"
sd_stop "$H/conf/home.pid"
rm -f "$H/.lttng/lttng.conf"

sd -b -f "$H/conf/none.conf" > "$H/sd.log" 2>&1
so $([ $? = 1 ] && grep -q "none.conf" "$H/sd.log"; echo $?) "-f of a missing file: error naming it, exit 1"
printf '[sessiond]\njunk line\n' > "$H/conf/bad.conf"
as_owner "$H/conf"
sd -b -f "$H/conf/bad.conf" > "$H/sd.log" 2>&1
so $([ $? = 1 ] && grep -q "bad.conf:2" "$H/sd.log"; echo $?) "malformed line: error with file and line, exit 1"
so $([ ! -e "$PID" ]; echo $?) "... and no daemon"

# -l FILE / DIR, auto-load of ~/.lttng/sessions/auto
mkdir -p "$H/ld" "$H/.lttng/sessions/auto" "$H/tr"
sed "s|@DIR@|$H/tr|" sessions/empty.lttng > "$H/ld/empty.lttng"
sed "s|@DIR@|$H/tr|" sessions/ust-uid.lttng > "$H/.lttng/sessions/auto/ust-uid.lttng"
as_owner "$H/ld" "$H/.lttng" "$H/tr"
auto_name=$(sed -n 's|^\t\t<name>\(.*\)</name>|\1|p' "$H/.lttng/sessions/auto/ust-uid.lttng" | head -1)
sd -b -l "$H/ld/empty.lttng" > "$H/sd.log" 2>&1
so $? "-l FILE: daemon starts"
so $([ "$(sessions_of)" = "empty " ]; echo $?) "-l FILE: its session is there, the auto directory is not loaded ($(sessions_of))"
sd_stop "$PID"
sd -b > "$H/sd.log" 2>&1
so $([ "$(sessions_of)" = "$auto_name " ]; echo $?) "no -l: ~/.lttng/sessions/auto loaded ($(sessions_of))"
lt list "$auto_name" > "$H/list.out" 2>&1
so $(grep -q "Channel" "$H/list.out" || grep -q "channel" "$H/list.out"; echo $?) "the auto-loaded session has its channels"
sd_stop "$PID"
cp "$H/.lttng/sessions/auto/ust-uid.lttng" "$H/ld/"
as_owner "$H/ld"
sd -b --load "$H/ld" > "$H/sd.log" 2>&1
so $([ "$(sessions_of)" = "$(printf '%s\n' empty "$auto_name" | sort | tr '\n' ' ')" ]; echo $?) "--load DIR: every session file of the directory ($(sessions_of))"
sd_stop "$PID"
printf '<sessions><session><name>x</name><bogus/></session></sessions>\n' > "$H/ld/bad.lttng"
as_owner "$H/ld"
sd -b -l "$H/ld" > "$H/sd.log" 2>&1
so $([ $? = 1 ] && grep -q "Session load failed.*bogus" "$H/sd.log"; echo $?) "a session that cannot load stops the daemon, naming the element"
so $([ ! -e "$PID" ] && ! lt list >/dev/null 2>&1; echo $?) "... no daemon left"
sd -b -l "$H/ld/nosuch" > "$H/sd.log" 2>&1
so $([ $? = 1 ]; echo $?) "-l of a missing path: exit 1"
rm -rf "$H/.lttng/sessions/auto"
