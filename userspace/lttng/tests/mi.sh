# SPDX-License-Identifier: GPL-2.0-only
# mi.sh - sourced by run-tests.sh with $bin (client), a fresh $T_HOME,
# T_ENV, $tag, ok: `lttng --mi xml` for the commands of mi/commands.
# Every document validates against LTTng's mi-lttng-4.1.xsd, and its
# element structure (mi-struct.py) and exit code equal LTTng 2.13's on the
# same commands (fixtures/mi.expected; `mi.sh --gen` remakes it with
# /usr/bin/lttng).

# mi_transcript BIN: "$ command", the structure, "? exit code" per command
# of mi/commands; MI_EACH, if set, is called with the command after each
# (its document in $WORK/mi.out)
mi_transcript() {
	local bin=$1 line out rc idx=0
	while IFS= read -r line; do
		case "$line" in ''|'#'*) continue ;; esac
		line=${line//@HOME@/$T_HOME}
		eval "set -- $line"
		idx=$((idx + 1))
		out=$WORK/mi.$idx.out
		(cd "$T_HOME" && as_test_user "$bin" --mi xml "$@") >"$out" 2>/dev/null
		rc=$?
		echo "\$ lttng --mi xml $*" | sed "s|$T_HOME|@HOME@|g"
		echo "@@struct $out"
		echo "? $rc"
		cp "$out" "$WORK/mi.out"
		[ -n "${MI_EACH:-}" ] && "$MI_EACH" "$*"
	done <mi/commands >"$WORK/mi.raw"
	./mi-struct.py --filter <"$WORK/mi.raw"
	rm -f "$WORK"/mi.[0-9]*.out "$WORK/mi.raw"
}

if [ "${1:-}" = --gen ]; then
	set -u
	cd "$(dirname "$0")"
	. ./lib.sh
	WORK=$(mktemp -d /tmp/lttng-gen.XXXXXX)
	chmod 755 "$WORK"
	T_ENV=
	new_home "$WORK/home"
	# LTTng writes <success> in add-context's <context>, which its own
	# schema refuses: we follow the schema, the fixture drops them
	mi_transcript /usr/bin/lttng |
		awk '/^        symbol$/ { print; sym = 1; next }
		     sym && /^        success = / { sym = 0; next }
		     { sym = 0; print }' >fixtures/mi.expected
	stop_daemon
	rm -rf "$WORK"
	echo fixtures/mi.expected
	return 0 2>/dev/null || exit 0
fi

# every document ours writes validates against the MI schema
mi_validate() {
	local t="$tag mi: lttng --mi xml ${1//$T_HOME/@HOME@}: valid MI 4.1"
	# no document (view, help): nothing to validate
	[ "$(head -c 5 "$WORK/mi.out")" = "<?xml" ] || return 0
	if xmllint --noout --schema "$MI_XSD" "$WORK/mi.out" 2>"$WORK/mi.err"; then
		ok 0 "$t" >&3
	else
		ok 1 "$t" >&3
		sed 's/^/# /' "$WORK/mi.err" >&3
	fi
}
MI_EACH=mi_validate mi_transcript "$bin" 3>&1 >"$WORK/mi.actual"
compare_blocks mi "$tag" fixtures/mi.expected "$WORK/mi.actual"
