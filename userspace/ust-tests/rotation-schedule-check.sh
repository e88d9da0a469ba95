# SPDX-License-Identifier: GPL-2.0-only
# Automatic rotations (sourced by run_tests.sh after rotate-check.sh: uses
# lt, ASCMD, T, ok).  ust-storm's two threads record at a known rate
# while the daemon rotates the session on its own: every second
# (enable-rotation --timer), then each time 256 KiB were recorded
# (--size).  Every archive is read alone by babeltrace2; together they
# hold each thread's exact sequence.  destroy prints the last archive as
# LTTng 2.13 does.

# rot_sched_read DIR NAME: each archive of DIR/archives read alone (one
# "# ..." line each), their records appended in index order to
# $T/NAME.all; prints the number of archives, of those that babeltrace2
# refused, and of those that hold records
rot_sched_read() {
	local dir=$1 name=$2 a n=0 nbad=0 nfull=0
	: > "$T/$name.all"
	for a in $(ls "$dir/archives" | sort -t- -k3n); do
		if ! babeltrace2 "$dir/archives/$a" > "$T/$name.txt" 2> "$T/$name.err" ||
		   [ -s "$T/$name.err" ]; then
			nbad=$((nbad + 1))
			sed 's/^/# /' "$T/$name.err" | head -3 >&2
		fi
		sed -n 's/.*{ thread = \([0-9]*\), seq = \([0-9]*\), value = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' \
			"$T/$name.txt" >> "$T/$name.all"
		echo "# $a: $(wc -l < "$T/$name.txt") records" >&2
		[ -s "$T/$name.txt" ] && nfull=$((nfull + 1))
		n=$((n + 1))
	done
	echo "$n $nbad $nfull"
}

# rot_sched_exact FILE EVENTS: "ok" when FILE holds, per thread 0 and 1,
# seq 0..EVENTS-1 in order with value 7*seq-3, else a description
rot_sched_exact() {
	awk -v n="$2" '
		{ if ($2 != next_seq[$1] || $3 != 7 * $2 - 3) bad++; next_seq[$1] = $2 + 1; cnt[$1]++ }
		END { if (cnt[0] == n && cnt[1] == n && !bad && next_seq[0] == n && next_seq[1] == n) print "ok";
		      else printf "%d + %d records, %d out of place\n", cnt[0], cnt[1], bad }' "$1"
}

# --- periodic: every second, ~6 s of recording ------------------------------
# the schedule is set once the application is registered and recording:
# an archive made before it registered would hold no trace at all
SCHED_EVENTS=30000
echo "# automatic rotations: --timer=1s, 2 threads x $SCHED_EVENTS records at 5000/s"
lt create rsched -o "$T/rsched" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n "$SCHED_EVENTS" -r 5000 > "$T/rsched.out" 2>&1 &
SP=$!
wait_listed "$SP"
lt_says 0 "Enabled periodic rotations every 1000000 us on session rsched" "enable-rotation --timer=1s: LTTng's text" enable-rotation --timer=1s
lt list rsched > "$T/rsched.list"
ok $(grep -A1 -x "Automatic rotation schedules:" "$T/rsched.list" | grep -qx "    timer period: 1000000 us"; echo $?) \
	"list shows the periodic schedule"
wait $SP
lt disable-rotation --timer > /dev/null
lt stop > /dev/null
lt destroy rsched > "$T/rsched.destroy" 2>&1
rc=$?
last=$(ls "$T/rsched/archives" | sort -t- -k3n | tail -1)
ok $([ $rc = 0 ] &&
     [ "$(sed -n 1p "$T/rsched.destroy")" = "Destroying session rsched..Trace chunk archive for session rsched is now readable at $T/rsched/archives/$last" ] &&
     [ -z "$(sed -n 2p "$T/rsched.destroy")" ] &&
     [ "$(sed -n 3p "$T/rsched.destroy")" = "Session rsched destroyed" ]; echo $?) \
	"destroy prints the last archive as LTTng 2.13 ($last)"
read -r narch nbad nfull < <(rot_sched_read "$T/rsched" rsched)
ok $([ "$nfull" -ge 3 ] && [ "$nbad" = 0 ] && [ "$(ls "$T/rsched")" = archives ]; echo $?) \
	"the daemon rotated every second: $narch archives ($nfull with records), each read alone ($nbad refused)"
res=$(rot_sched_exact "$T/rsched.all" "$SCHED_EVENTS")
ok $([ "$res" = ok ]; echo $?) "the archives in order hold each thread's exact sequence ($res)"
rm -rf "$T/rsched"

# --- size-based: each 256 KiB recorded (16 KiB sub-buffers) ------------------
echo "# automatic rotations: --size=256k, 2 threads x $SCHED_EVENTS records at 5000/s"
lt create rsize -o "$T/rsize" > /dev/null
lt enable-channel -u --subbuf-size=16k --num-subbuf=8 c16 > /dev/null
lt enable-event -u -c c16 'ust_storm:*' > /dev/null
lt_says 0 "Enabled size-based rotations every 262144 bytes written on session rsize" "enable-rotation --size=256k: LTTng's text" enable-rotation --size=256k
lt start > /dev/null
"${ASCMD[@]}" "$STORM" -t 2 -n "$SCHED_EVENTS" -r 5000 > "$T/rsize.out" 2>&1
lt stop > /dev/null
lt disable-rotation --size > "$T/rsize.dis" 2>&1
ok $([ "$(cat "$T/rsize.dis")" = "Disabled size-based rotation on session rsize" ]; echo $?) \
	"disable-rotation --size: LTTng's text"
lt destroy rsize > /dev/null
read -r narch nbad nfull < <(rot_sched_read "$T/rsize" rsize)
# the sizes of the packets the archives hold: each archive but the last
# reached the threshold, none is far above it
big=$(for a in $(ls "$T/rsize/archives" | sort -t- -k3n | head -n -1); do
	du -sb --exclude=metadata --exclude=index "$T/rsize/archives/$a/ust" | cut -f1; done |
	awk '$1 < 262144 { small++ } END { print small + 0 }')
ok $([ "$narch" -ge 3 ] && [ "$nbad" = 0 ] && [ "$big" = 0 ]; echo $?) \
	"the daemon rotated at each 256 KiB: $narch archives, each read alone ($nbad refused, $big under the threshold)"
res=$(rot_sched_exact "$T/rsize.all" "$SCHED_EVENTS")
ok $([ "$res" = ok ]; echo $?) "the archives in order hold each thread's exact sequence ($res)"
rm -rf "$T/rsize"
