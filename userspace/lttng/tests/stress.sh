# SPDX-License-Identifier: GPL-2.0-only
# stress.sh - sourced by run-tests.sh with $bin (client), a fresh $T_HOME,
# T_ENV, ok (selftests/lib/ktap.sh).  Many sessions and concurrent
# clients against one daemon: nothing lost, nothing duplicated,
# ~/.lttngrc never corrupt.

lt() { (cd "$T_HOME" && as_test_user "$bin" "$@"); }

# session names listed by `lttng list`, in order
listed() {
	lt list | sed -n 's/^  [0-9]*) \(.*\) \[\(in\)\{0,1\}active\]$/\1/p'
}

NSESS=100
NPROC=8
PER=10

# --- no daemon yet: concurrent first creates all succeed -------------------
for p in $(seq $NPROC); do
	(lt create "first$p" >"$WORK/first.$p" 2>&1; echo "rc=$?" >>"$WORK/first.$p") &
done
wait
good=$(grep -lx "rc=0" "$WORK"/first.* | wc -l)
spawned=$(grep -lx "Spawning a session daemon" "$WORK"/first.* | wc -l)
if [ "$good" = $NPROC ] && [ "$spawned" -ge 1 ] && ! grep -q Error "$WORK"/first.*; then
	ok 0 "$tag stress: $NPROC concurrent first creates all succeed ($spawned spawned)"
else
	ok 1 "$tag stress: $NPROC concurrent first creates all succeed ($good did, $spawned spawned)"
	grep -h . "$WORK"/first.* | sort | uniq -c | sed 's/^/# /'
fi
rm -f "$WORK"/first.*
if [ "$(listed | sort)" = "$(seq $NPROC | sed 's/^/first/' | sort)" ]; then
	ok 0 "$tag stress: one daemon has all $NPROC sessions"
else
	ok 1 "$tag stress: one daemon has all $NPROC sessions"
fi
lt destroy -a >/dev/null 2>&1

# --- many sessions -------------------------------------------------------
lt create first >/dev/null 2>&1
for i in $(seq 2 $NSESS); do
	lt create "s$i" >/dev/null 2>&1 || ok 1 "$tag stress: create s$i"
done
got=$(listed | wc -l)
if [ "$got" = "$NSESS" ]; then
	ok 0 "$tag stress: $NSESS sessions listed"
else
	ok 1 "$tag stress: $NSESS sessions listed (got $got)"
fi
# newest first: s100 ... s2, first (creation order within one second)
exp=$( (for i in $(seq $NSESS -1 2); do echo "s$i"; done; echo first) )
if [ "$(listed)" = "$exp" ]; then
	ok 0 "$tag stress: list is newest first"
else
	ok 1 "$tag stress: list is newest first"
	diff <(echo "$exp") <(listed) | head -5 | sed 's/^/# /'
fi
if [ "$(cat "$T_HOME/.lttngrc")" = "session=s$NSESS" ]; then
	ok 0 "$tag stress: .lttngrc names the last created session"
else
	ok 1 "$tag stress: .lttngrc names the last created session"
fi
start=$(date +%s%N)
lt list >/dev/null
end=$(date +%s%N)
echo "# lttng list with $NSESS sessions: $(( (end - start) / 1000000 )) ms"
out=$(lt destroy -a | sort)
exp=$( (echo "Session first destroyed"; for i in $(seq 2 $NSESS); do
	echo "Session s$i destroyed"; done) | sort)
if [ "$out" = "$exp" ] && [ "$(lt list)" = "Currently no available recording session" ]; then
	ok 0 "$tag stress: destroy -a destroys all $NSESS"
else
	ok 1 "$tag stress: destroy -a destroys all $NSESS"
fi
if [ ! -e "$T_HOME/.lttngrc" ]; then
	ok 0 "$tag stress: destroy -a clears .lttngrc"
else
	ok 1 "$tag stress: destroy -a clears .lttngrc"
fi

# --- concurrent clients: distinct names ------------------------------------
worker() {
	local p=$1 i
	for i in $(seq $PER); do
		lt create "p$p-$i" >/dev/null 2>"$WORK/err.$p.$i" ||
			echo "create p$p-$i failed: $(cat "$WORK/err.$p.$i")"
		# every other one is destroyed again at once
		if [ $((i % 2)) = 0 ]; then
			lt destroy "p$p-$i" >/dev/null 2>&1 ||
				echo "destroy p$p-$i failed"
		fi
	done
}
pids=
for p in $(seq $NPROC); do
	worker "$p" >"$WORK/worker.$p" &
	pids="$pids $!"
done
wait $pids
if cat "$WORK"/worker.* | grep -q .; then
	ok 1 "$tag stress: $NPROC concurrent clients create/destroy"
	cat "$WORK"/worker.* | head -5 | sed 's/^/# /'
else
	ok 0 "$tag stress: $NPROC concurrent clients create/destroy"
fi
rm -f "$WORK"/worker.* "$WORK"/err.*
exp=$(for p in $(seq $NPROC); do for i in $(seq $PER); do
	[ $((i % 2)) = 1 ] && echo "p$p-$i"; done; done | sort)
if [ "$(listed | sort)" = "$exp" ]; then
	ok 0 "$tag stress: exactly the surviving sessions are listed"
else
	ok 1 "$tag stress: exactly the surviving sessions are listed"
	diff <(echo "$exp") <(listed | sort) | head -5 | sed 's/^/# /'
fi
# absent (its session was destroyed last) or one whole line
if [ ! -e "$T_HOME/.lttngrc" ]; then
	rc=absent
else
	rc=$(cat "$T_HOME/.lttngrc"; echo x)
fi
case "$rc" in
absent|session=p[1-9]-[0-9]$'\n'x|session=p[1-9]-[0-9][0-9]$'\n'x)
	ok 0 "$tag stress: .lttngrc is absent or one whole line after the race" ;;
*)	ok 1 "$tag stress: .lttngrc is absent or one whole line after the race (got '$rc')" ;;
esac
if ls "$T_HOME"/.lttngrc.tmp.* >/dev/null 2>&1; then
	ok 1 "$tag stress: no temporary .lttngrc left behind"
else
	ok 0 "$tag stress: no temporary .lttngrc left behind"
fi

# --- concurrent clients: the same name --------------------------------------
# race WHAT WIN LOSE: NPROC clients run `lttng WHAT same` at once; exactly
# one must print WIN, all the others LOSE
race() {
	local what=$1 win=$2 lose=$3 p wins losses
	for p in $(seq $NPROC); do
		lt "$what" same >"$WORK/same.$p" 2>&1 &
	done
	wait
	wins=$(grep -lx "$win" "$WORK"/same.* | wc -l)
	losses=$(grep -lx "$lose" "$WORK"/same.* | wc -l)
	if [ "$wins" = 1 ] && [ "$losses" = $((NPROC - 1)) ]; then
		ok 0 "$tag stress: one of $NPROC racing ${what}s of one name wins"
	else
		ok 1 "$tag stress: one of $NPROC racing ${what}s of one name wins ($wins won, $losses lost)"
	fi
	rm -f "$WORK"/same.*
}
race create "Session same created." "Error: Session name already exists"
race destroy "Session same destroyed" "Error: Session name same not found"
lt destroy -a >/dev/null 2>&1
