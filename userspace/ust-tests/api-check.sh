# SPDX-License-Identifier: GPL-2.0-only
# What LTTng-UST users reach for beyond the basics (sourced by
# run_tests.sh: uses lt, AS, ASCMD, T, ok, events...): tracef(),
# tracelog(), network-order and _nowrite fields (api/ust-api), and a
# provider in its own shared object loaded with dlopen()
# (TRACEPOINT_PROBE_DYNAMIC_LINKAGE, api/ust-dyn + api/libdyn-tp.so).
# The traces are read with babeltrace2 and compared with what the
# programs did, and, when Debian's LTTng-UST 2.13 is installed, with the
# trace LTTng makes of the same program.
API=$D/api/ust-api
DYN=$D/api/ust-dyn

# api_lines N LINE_WARNING LINE_INFO [SELECT]: what ust-api -n N records
api_lines() {
	awk -v n="$1" -v lw="$2" -v li="$3" '
	function net(i, k, s) {
		s = ""
		for (k = 0; k < i % 3; k++)
			s = s sprintf("%s[%d] = 0x7F00000%d", k ? ", " : "", k, k + 1)
		return sprintf("ust_api:net: { port = %d, addr = 0xA00000%d, shown = %d, ports = [ [0] = 80, [1] = %d ], _addrs_length = %d, addrs = [%s] }",
			8000 + i, i, 10 * i, 443 + i, i % 3, s ? " " s " " : " ")
	}
	BEGIN {
		for (i = 0; i < n; i++) {
			m = sprintf("tracef %d: x%d", i, i)
			printf "lttng_ust_tracef:event: { _msg_length = %d, msg = \"%s\" }\n", length(m), m
			m = sprintf("warning %d", i)
			printf "lttng_ust_tracelog:LTTNG_UST_TRACEPOINT_LOGLEVEL_WARNING: { line = %d, file = \"api/api.c\", func = \"main\", _msg_length = %d, msg = \"%s\" }\n", lw, length(m), m
			m = sprintf("info %d", i)
			printf "lttng_ust_tracelog:LTTNG_UST_TRACEPOINT_LOGLEVEL_INFO: { line = %d, file = \"api/api.c\", func = \"main\", _msg_length = %d, msg = \"%s\" }\n", li, length(m), m
			print net(i)
		}
	}'
}
# payload lines of a trace, without the cpu_id packet context
payloads() { events "$1" | sed -E 's/: \{ cpu_id = [0-9]+ \}, /: /'; }
# api_run OUT TRACE ENABLE_ARGS...: ust-api -n 4 in a session of ours
api_run() {
	local out=$1 tr=$2
	shift 2
	lt create api -o "$tr" > /dev/null
	lt enable-event -u "$@" > /dev/null
	lt start > /dev/null
	(cd "$D" && "${ASCMD[@]}" "$API" -n 4 > "$out" 2>&1)
	lt stop > /dev/null
	lt destroy api > /dev/null
}
api_cmp() {	# api_cmp DESC WANT_FILE TRACE
	payloads "$3" > "$T/got"
	if cmp -s "$2" "$T/got"; then
		ok 0 "$1 ($(wc -l < "$2") records)"
	else
		diff "$2" "$T/got" | head -4 | sed 's/^/# /'
		ok 1 "$1"
	fi
}

echo "# tracef(), tracelog(), network and _nowrite fields (api/ust-api)"
api_run "$T/api.out" "$T/api" -a
read -r _ _ _ _ lw li < "$T/api.out"
api_lines 4 "$lw" "$li" > "$T/want"
api_cmp "tracef, tracelog (both level spellings), network-order integers, arrays and sequences, _nowrite fields absent: LTTng-UST 2.13's names and fields" "$T/want" "$T/api"
md=$(ls "$T"/api/ust/uid/*/64-bit/metadata)
ok $(grep -q 'byte_order = be; } _port;' "$md" && ! grep -q '_secret\|_hidden\|_addrs_hidden' "$md"; echo $?) "metadata: network fields big-endian, no _nowrite field"
rm -rf "$T/api"

api_run "$T/api.out" "$T/api" ust_api:net --filter 'secret == 1 || hidden == "h0" && port == 8002'
api_lines 4 "$lw" "$li" | grep -E 'shown = (10|20),' > "$T/want"
api_cmp "filters on _nowrite fields (integer, string) and on a network-order integer (host value)" "$T/want" "$T/api"
rm -rf "$T/api"

api_run "$T/api.out" "$T/api" -a --loglevel TRACE_WARNING
api_lines 4 "$lw" "$li" | grep 'LOGLEVEL_WARNING:' > "$T/want"
api_cmp "--loglevel TRACE_WARNING: tracelog's WARNING events only" "$T/want" "$T/api"
rm -rf "$T/api"

# the same program against LTTng-UST 2.13, traced by LTTng's daemon
if [ -x "$D/api/ust-api-lttng" ] && [ -x /usr/bin/lttng-sessiond ] && [ -x /usr/bin/lttng ]; then
	LH=$T/lttng-home
	mkdir -p "$LH"
	[ "$(id -u)" = 0 ] && chown "$TUID:$TUID" "$LH"
	LAS=("${ASCMD[@]}" HOME="$LH" LTTNG_HOME="$LH")
	"${LAS[@]}" /usr/bin/lttng-sessiond --daemonize > /dev/null 2>&1
	"${LAS[@]}" /usr/bin/lttng create api -o "$T/api-lttng" > /dev/null
	"${LAS[@]}" /usr/bin/lttng enable-event -u 'ust_api:*,lttng_ust_tracef:*,lttng_ust_tracelog:*' > /dev/null
	"${LAS[@]}" /usr/bin/lttng start > /dev/null
	(cd "$D" && "${LAS[@]}" "$D/api/ust-api-lttng" -n 4 > "$T/api-lttng.out" 2>&1)
	"${LAS[@]}" /usr/bin/lttng destroy api > /dev/null
	kill "$(cat "$LH/.lttng/lttng-sessiond.pid" 2>/dev/null)" 2>/dev/null
	read -r _ _ _ _ llw lli < "$T/api-lttng.out"
	api_run "$T/api.out" "$T/api" -a
	# the tracelog() lines differ between the two builds of the source
	payloads "$T/api-lttng" | sed "s/line = $llw,/line = W,/; s/line = $lli,/line = I,/" > "$T/want"
	payloads "$T/api" | sed "s/line = $lw,/line = W,/; s/line = $li,/line = I,/" > "$T/got"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
		ok 0 "the same program traced by LTTng 2.13: the same records, field by field ($(wc -l < "$T/want"))"
	else
		diff "$T/want" "$T/got" | head -4 | sed 's/^/# /'
		ok 1 "the same program traced by LTTng 2.13: the same records, field by field"
	fi
	rm -rf "$T/api" "$T/api-lttng"
else
	skip "LTTng-UST 2.13 not installed (liblttng-ust-dev, lttng-tools)"
fi

echo "# a provider in its own shared object (TRACEPOINT_PROBE_DYNAMIC_LINKAGE)"
ok $(! readelf -d "$DYN" | grep -q 'NEEDED.*lttng'; echo $?) "ust-dyn is not linked with liblttng-ust or its provider"
lt create dyn -o "$T/dyn" > /dev/null
lt enable-event -u 'ust_dyn:*' > /dev/null
lt start > /dev/null
# our library first: Debian's LTTng-UST has the same file name
"${ASCMD[@]}" LD_LIBRARY_PATH="$U/liblttng-ust" "$DYN" 3 > "$T/dyn1.out" 2>&1
r1=$?
"${ASCMD[@]}" LD_LIBRARY_PATH="$U/liblttng-ust" "$DYN" "$D/api/libdyn-tp.so" 5 > "$T/dyn2.out" 2>&1
r2=$?
lt stop > /dev/null
lt destroy dyn > /dev/null
for f in main other; do for i in 0 1 2 3 4; do
	echo "ust_dyn:ping: { i = $i, from = \"$f\" }"
done; done > "$T/want"
ok $([ $r1 = 0 ] && grep -q '^ust-dyn: pid' "$T/dyn1.out"; echo $?) "without its provider the program runs, tracepoints off"
ok $([ $r2 = 0 ]; echo $?) "the program loads the provider with dlopen()"
api_cmp "its tracepoints, in the file that defines them and in another file, record once the provider is loaded (and only then)" "$T/want" "$T/dyn"
rm -rf "$T/dyn"
