#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# man-options.py LTTNG MANDIR TAG - TAP lines (no plan, for ktap_import): for lttng(1)
# and every lttng-CMD(1) of MANDIR, the options the page documents (the
# tags of its .TP/.TQ paragraphs) equal the options the command accepts
# (`lttng [CMD [ACTION]] --list-options`, every action of a command that
# has some, plus --list-options itself): a documented option the command
# refuses, or an accepted one the page does not document, fails.
# One process for every page (a Python start-up is slow on a busy host).
import os
import re
import subprocess
import sys

lttng, mandir, tag = sys.argv[1:4]

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def run(*args):
    r = subprocess.run([lttng, *args], capture_output=True, text=True)
    return r.returncode, r.stdout.split()


def accepted(cmd):
    words = [cmd] if cmd else []
    rc, opts = run(*words, "--list-options")
    if rc != 0:
        return None
    opts = set(opts) | {"--list-options"}
    # a command's actions (snapshot); lttng(1) documents only its own
    if cmd and "--list-commands" in opts:
        rc, actions = run(*words, "--list-commands")
        for action in actions:
            rc, more = run(*words, action, "--list-options")
            if rc == 0:
                opts |= set(more)
    return opts


def documented(path):
    opts = set()
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines[:-1]):
        if line.strip() not in (".TP", ".TQ"):
            continue
        tag_line = lines[i + 1]
        # groff: \- is a dash; drop font changes and quotes
        tag_line = tag_line.replace("\\-", "-")
        tag_line = re.sub(r"\\f[A-Z]", " ", tag_line)
        tag_line = tag_line.replace('"', " ")
        if not tag_line.startswith(".") and not tag_line.startswith("-"):
            continue
        opts |= set(OPTION.findall(tag_line))
    return opts


pages = sorted(p for p in os.listdir(mandir)
               if re.fullmatch(r"lttng(-[a-z-]+)?\.1", p))
n = 0
for page in pages:
    n += 1
    cmd = page[len("lttng-"):-2] if page != "lttng.1" else ""
    title = "%s man %s: documented options = accepted options" % (tag, page)
    acc = accepted(cmd)
    doc = documented(os.path.join(mandir, page))
    if acc is None:
        print("not ok %d - %s (lttng %s --list-options fails)" % (n, title, cmd))
        continue
    missing = sorted(acc - doc)
    unknown = sorted(doc - acc)
    if not missing and not unknown:
        print("ok %d - %s" % (n, title))
        continue
    print("not ok %d - %s" % (n, title))
    if missing:
        print("# accepted, not documented: %s" % " ".join(missing))
    if unknown:
        print("# documented, not accepted: %s" % " ".join(unknown))
