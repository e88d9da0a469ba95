#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# mi-struct.py FILE - the element structure of an MI document, one element
# a line, indented by depth: names only, plus the values of <success> and
# <enabled> (names, paths and numbers differ from run to run).  An empty
# or malformed document prints "<no document>".  The children of <events>
# and <channels> are sorted: LTTng lists them in its hash tables' order.
#
# mi-struct.py --filter: copies stdin to stdout, each line "@@struct FILE"
# replaced by FILE's structure (one process for a whole transcript: a
# Python start-up per command was most of mi.sh's time on a busy host).
import sys
import xml.etree.ElementTree as ET

KEEP = {"success", "enabled"}


UNORDERED = {"events", "channels"}


def walk(el, depth, out):
    tag = el.tag.split("}")[-1]
    line = "  " * depth + tag
    if tag in KEEP and el.text:
        line += " = " + el.text.strip()
    out.append(line)
    blocks = []
    for child in el:
        block = []
        walk(child, depth + 1, block)
        blocks.append(block)
    if tag in UNORDERED:
        blocks.sort()
    for block in blocks:
        out.extend(block)


def structure(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return "<no document>"
    out = []
    walk(root, 0, out)
    return "\n".join(out)


if sys.argv[1] == "--filter":
    for line in sys.stdin:
        if line.startswith("@@struct "):
            print(structure(line[len("@@struct "):].rstrip("\n")))
        else:
            sys.stdout.write(line)
else:
    print(structure(sys.argv[1]))
