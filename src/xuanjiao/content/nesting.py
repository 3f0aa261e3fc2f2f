"""Markdown nested deeper than a reader can follow, refused before anything renders it.

Python-Markdown parses nested lists and emphasis recursively: a list nested ~250 deep, or
~600 emphasis marks opened in one paragraph, end in a RecursionError in the site and in print
alike. The loader checks every body here, so a
document too deep is an error at its line and never reaches a renderer.
"""

from __future__ import annotations

import re

from ..errors import Diagnostic, Location
from ..messages import t

MAX_NESTING = 20  # levels of lists and quotes; a leaflet needs two or three
MAX_EMPHASIS_MARKS = 300  # * _ ~ in one paragraph: a long bold table uses a few dozen
_MARKERS = re.compile(r"(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)")


def line_depth(line: str) -> int:
    """Levels a line opens: its indentation in 4-column steps plus the list and quote markers
    it starts with ("- - - x", "> > x")."""
    text = line.expandtabs(4)
    rest = text.lstrip(" ")
    depth = (len(text) - len(rest)) // 4
    pos = 0
    while (m := _MARKERS.match(rest, pos)) is not None:
        depth += 1
        pos = m.end()
    return depth


def nesting_errors(body: str, first_line: int, path: str) -> list[Diagnostic]:
    """An error at the first line nested too deep, or at the first paragraph with too many
    emphasis marks (one is enough to act on)."""
    marks, start = 0, 0
    for offset, line in enumerate(body.split("\n")):
        depth = line_depth(line)
        if depth > MAX_NESTING:
            return [
                Location(path, first_line + offset, 1).error(
                    t(
                        "lists or quotes nested {depth} levels deep; the limit is {limit}",
                        depth=depth,
                        limit=MAX_NESTING,
                    ),
                    hint=t("flatten the list: readers follow two or three levels at most"),
                )
            ]
        if not line.strip():
            marks, start = 0, offset + 1
            continue
        marks += sum(line.count(c) for c in "*_~")
        if marks > MAX_EMPHASIS_MARKS:
            return [
                Location(path, first_line + start, 1).error(
                    t("more than {limit} emphasis marks (* _ ~) in one paragraph", limit=MAX_EMPHASIS_MARKS),
                    hint=t("bold or italic a few words only; split the paragraph"),
                )
            ]
    return []
