#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# compare-with-lttng.sh - optional: when LTTng 2.13 (lttng-tools) is
# installed, run the reference scenarios with it again and diff the result
# with the committed fixtures (which our client must match: run-tests.sh).
# Exit 0 when they are the same.  The committed files are not touched.
set -u
cd "$(dirname "$0")"
command -v lttng >/dev/null || { echo "lttng-tools is not installed" >&2; exit 77; }
out=$(mktemp -d /tmp/lttng-cmp.XXXXXX)
chmod 755 "$out"
FIXTURES_OUT=$out ./gen-fixtures.sh "$@" >/dev/null || exit 1
rc=0
for f in "$out"/*.expected; do
	diff -u "fixtures/$(basename "$f")" "$f" || rc=1
done
rm -rf "$out"
[ $rc = 0 ] && echo "the reference LTTng still produces the committed fixtures"
exit $rc
