# SPDX-License-Identifier: GPL-2.0-only
# help.sh - sourced by run-tests.sh with $bin and $WORK: `lttng help CMD`
# runs man ($LTTNG_MAN_BIN_PATH) on lttng-CMD(1), the installed page
# (PREFIX/share/man) or the source tree's, as LTTng does.

# a fake man that prints its arguments
fake_man=$WORK/fake-man
printf '#!/bin/sh\necho "$@"\nexit 3\n' >"$fake_man"
chmod 755 "$fake_man"

got=$(LTTNG_MAN_BIN_PATH=$fake_man "$bin" help create 2>&1)
rc=$?
page=${got#-l }
if [ "$rc" = 3 ] && [ "${got%% *}" = -l ] && [ -f "$page" ] &&
   [ "$(basename "$page")" = lttng-create.1 ]; then
	ok 0 "$tag help: help create runs man -l on the tree's lttng-create.1"
else
	ok 1 "$tag help: help create runs man on lttng-create.1 (got '$got', exit $rc)"
fi

prefix=$WORK/prefix
mkdir -p "$prefix/bin" "$prefix/share/man/man1"
cp "$bin" "$prefix/bin/lttng"
cp ../../../Documentation/man/lttng-enable-event.1 "$prefix/share/man/man1/"
got=$(LTTNG_MAN_BIN_PATH=$fake_man "$prefix/bin/lttng" help enable-event 2>&1)
if [ "$got" = "-M $prefix/bin/../share/man 1 lttng-enable-event" ]; then
	ok 0 "$tag help: an installed lttng shows its installed page"
else
	ok 1 "$tag help: an installed lttng shows its installed page (got '$got')"
fi
# no page installed for this command, no source tree next to it
got=$(LTTNG_MAN_BIN_PATH=$fake_man "$prefix/bin/lttng" help start 2>&1)
rc=$?
if [ "$rc" = 0 ] && [ "$(echo "$got" | head -1)" = "Usage: lttng [GENERAL OPTIONS] start [SESSION]" ]; then
	ok 0 "$tag help: without a page, the short help"
else
	ok 1 "$tag help: without a page, the short help (got '$(echo "$got" | head -1)', exit $rc)"
fi
rm -rf "$prefix"
got=$(LTTNG_MAN_BIN_PATH=/nonexistent "$bin" help create 2>&1 | head -1)
if [ "$got" = "Usage: lttng [GENERAL OPTIONS] create [SESSION] [--snapshot | --live[=PERIOD]]" ]; then
	ok 0 "$tag help: without man, the short help"
else
	ok 1 "$tag help: without man, the short help (got '$got')"
fi
