"""Two versions of one thing side by side, for the conflict page: the fields whose values
differ (front matter, or the item of a YAML list), and the body line by line."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from .catalog import Kind, key_of
from .forms import LABELS
from .roundtrip import RoundTripError, read_unit
from .words import _

CONTEXT = 2  # unchanged lines shown around a change; longer runs fold


@dataclass(frozen=True)
class FieldChange:
    label: str
    theirs: str
    mine: str


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side body: `tag` is same, changed, theirs (only in theirs),
    mine (only in mine) or fold (`theirs` then says how many same lines are hidden)."""

    tag: str
    theirs_no: int | None = None
    theirs: str = ""
    mine_no: int | None = None
    mine: str = ""


@dataclass(frozen=True)
class Comparison:
    fields: list[FieldChange]
    rows: list[Row]
    whole_file: bool  # the rows compare the whole file (its front matter could not be read)


def compare(kind: Kind, ident: str, theirs: str, mine: str) -> Comparison:
    try:
        their_data, their_body = read_unit(theirs, kind.markdown, key_of(kind, theirs, ident))
        my_data, my_body = read_unit(mine, kind.markdown, key_of(kind, mine, ident))
    except (RoundTripError, KeyError, IndexError, ValueError):
        return Comparison([], rows(theirs, mine), True)
    flat_theirs, flat_mine = flatten(their_data), flatten(my_data)
    names = list(flat_theirs) + [n for n in flat_mine if n not in flat_theirs]
    fields = [
        FieldChange(label(n), flat_theirs.get(n, ""), flat_mine.get(n, ""))
        for n in names
        if flat_theirs.get(n) != flat_mine.get(n)
    ]
    body = rows(their_body or "", my_body or "") if (their_body or "") != (my_body or "") else []
    if not fields and not body and theirs != mine:  # only comments or spacing differ
        return Comparison([], rows(theirs, mine), True)
    return Comparison(fields, body, False)


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Dotted field name -> the value as the form shows it (lists joined, dates ISO)."""
    if isinstance(data, dict):
        out: dict[str, str] = {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix.rstrip("."): show(data)}


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return _("、").join(show(v) for v in value)
    return str(value)


def label(name: str) -> str:
    """ "print.quantity" -> "印刷要求 › 印数" (translated)."""
    return " › ".join(_(LABELS[p]) if p in LABELS else p for p in name.split("."))


def rows(theirs: str, mine: str) -> list[Row]:
    a, b = theirs.splitlines(), mine.splitlines()
    out: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += _same(a, i1, i2, j1, first=not out, last=i2 == len(a))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            left = i1 + k if i1 + k < i2 else None
            right = j1 + k if j1 + k < j2 else None
            side = "changed" if left is not None and right is not None else ("theirs" if right is None else "mine")
            out.append(
                Row(
                    side,
                    None if left is None else left + 1,
                    "" if left is None else a[left],
                    None if right is None else right + 1,
                    "" if right is None else b[right],
                )
            )
    return out


def _same(a: list[str], i1: int, i2: int, j1: int, *, first: bool, last: bool) -> list[Row]:
    """An unchanged run: whole when short, else CONTEXT lines at the ends that touch a change."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    n = i2 - i1
    if n <= keep_head + keep_tail + 1:
        shown = list(range(n))
        hidden = 0
    else:
        shown = list(range(keep_head)) + list(range(n - keep_tail, n))
        hidden = n - keep_head - keep_tail
    out: list[Row] = []
    for k in shown:
        if hidden and k == n - keep_tail:
            out.append(Row("fold", theirs=str(hidden)))
            hidden = 0
        out.append(Row("same", i1 + k + 1, a[i1 + k], j1 + k + 1, a[i1 + k]))
    if hidden:
        out.append(Row("fold", theirs=str(hidden)))
    return out
