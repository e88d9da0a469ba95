# SPDX-License-Identifier: GPL-2.0-only
# Session rotations (sourced by run_tests.sh after rate-check.sh: uses lt,
# ASCMD, T, ok).  ust-storm's two threads record while the session is
# rotated twice; the three archives are each read alone by babeltrace2,
# and together they hold each thread's exact sequence: nothing lost,
# nothing repeated across the chunks.  Then LTTng 2.13's texts and exit
# codes of the refusals.
STORM=$D/api/ust-storm
ROT_EVENTS=${ROT_EVENTS:-300000}

echo "# rotations: 2 threads x $ROT_EVENTS records, rotated twice while recording"
lt create rot -o "$T/rot" > /dev/null
lt enable-event -u 'ust_storm:*' > /dev/null
lt_says 1 "Error: Session needs to be started once" "rotate before the first start: LTTng's error" rotate
lt start > /dev/null
# 7.5 s of recording: the second rotation comes at 2 s, later on a loaded
# machine (each rotation waits for its archive), still before the end
"${ASCMD[@]}" "$STORM" -t 2 -n "$ROT_EVENTS" -r 40000 > "$T/rot.out" 2>&1 &
SP=$!
sleep 1
lt rotate > "$T/rot1" 2>&1
rc1=$?
sleep 1
lt rotate -n > "$T/rot2" 2>&1
rc2=$?
wait $SP
lt stop > /dev/null
ok $([ $rc1 = 0 ] && [ "$(sed -n 1p "$T/rot1")" = "Waiting for rotation to complete." ] &&
     sed -n 2p "$T/rot1" | grep -qx "Trace chunk archive for session rot is now readable at $T/rot/archives/$ISO-$ISO-0"; echo $?) \
	"rotate: LTTng's texts, archive <begin>-<end>-0"
ok $([ -d "$(sed -n 's/.* readable at //p' "$T/rot1")" ]; echo $?) "the printed archive exists"
ok $([ $rc2 = 0 ] && [ "$(cat "$T/rot2")" = "Rotation ongoing for session rot" ]; echo $?) \
	"rotate --no-wait: LTTng's text (exit $rc2)"
ok $(ls "$T/rot" | grep -qx "$ISO-2"; echo $?) "the current chunk is <output>/<begin>-2 ($(ls "$T/rot" | tr '\n' ' '))"
out=$(lt rotate 2>&1)
rc=$?
ok $([ $rc = 0 ] && grep -q "archives/$ISO-$ISO-2\$" <<<"$out"; echo $?) "rotate once after stop (exit $rc)"
lt_says 1 "Error: Session was already rotated once since it became inactive" "a second rotate after stop: LTTng's error" rotate
lt destroy rot > /dev/null
ok $([ "$(ls "$T/rot")" = archives ] && [ "$(ls "$T/rot/archives" | wc -l)" = 3 ] &&
     [ "$(ls "$T/rot/archives" | grep -c "^$ISO-$ISO-[012]\$")" = 3 ]; echo $?) \
	"three archives <begin>-<end>-<n>, nothing else left in the output ($(ls "$T/rot/archives" | tr '\n' ' '))"
# each archive alone: per thread its records contiguous in sequence; the
# chunks in order continue each other
storm_archives "$T/rot" both
ok $? "babeltrace2 reads each archive alone, each holds records of both threads"
read -r c0 c1 nbad full < <(storm_exact "$ROT_EVENTS")
ok $([ "$c0" = "$ROT_EVENTS" ] && [ "$c1" = "$ROT_EVENTS" ] && [ "$nbad" = 0 ] && [ "$full" = 1 ]; echo $?) \
	"the archives in order: each thread's exact sequence ($c0 + $c1 records, $nbad out of place)"
rm -rf "$T/rot"

# refusals, LTTng 2.13's texts and exit codes
lt create rsn --snapshot -o "$T/rsn" > /dev/null
lt enable-event -u -a > /dev/null
lt start > /dev/null
lt_says 1 "Error: Rotation feature not available for this session's creation mode" "rotate a snapshot session: LTTng's error" rotate
lt destroy rsn > /dev/null
lt create rno --no-output > /dev/null
lt enable-event -u -a > /dev/null
lt start > /dev/null
lt_says 1 "Error: Rotation feature not available for this session's creation mode" "rotate a --no-output session: LTTng's error" rotate rno
lt destroy rno > /dev/null
lt_says 1 "Error: Session name not found" "rotate an unknown session" rotate nosuch
