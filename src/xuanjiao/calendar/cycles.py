"""Venue day cycles (content.md, venues.yml ``days:``).

    daily
    weekly Sat,Sun       English short/long names, or 周六/星期六; comma separated
    solar 2,7            Gregorian days whose last digit is 2 or 7 (0 = 10th, 20th, 30th)
    lunar 3,8            lunar days 3, 8, 13, 18, 23, 28 (0 = 10, 20, 30)

Lunar cycles are market days (集市), which run in leap months too, so leap
months match here (unlike date rules).  Day 30 only exists in 30-day lunar
months, so ``lunar 0`` gives 10, 20 and no 30 in a 29-day month.  ``solar 1``
includes the 31st, whose last digit is 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from xuanjiao.errors import did_you_mean

from ..messages import T_, t
from . import lunar
from .names import WEEKDAYS, weekday_number
from .parsing import RuleError, join_hints

__all__ = ["Cycle", "parse_cycle", "CYCLE_HINT"]

CycleKind = Literal["daily", "weekly", "solar", "lunar"]
CYCLE_HINT = T_("expected 'daily', 'weekly Sat,Sun', 'solar 2,7' or 'lunar 3,8'")


@dataclass(frozen=True)
class Cycle:
    kind: CycleKind
    values: frozenset[int] = frozenset()  # weekdays (0 = Monday) or last digits 0-9

    def __post_init__(self) -> None:
        # parse_cycle never builds a bad one; this guards direct construction.
        top = {"daily": -1, "weekly": 6, "solar": 9, "lunar": 9}.get(self.kind)
        in_range = top is not None and all(0 <= v <= top for v in self.values)
        if not in_range or (top >= 0) != bool(self.values):
            raise ValueError(f"invalid {self!r}")

    def matches(self, d: date) -> bool:
        if self.kind == "daily":
            return True
        if self.kind == "weekly":
            return d.weekday() in self.values
        day = d.day if self.kind == "solar" else lunar.to_lunar(d).day
        return day % 10 in self.values

    def dates(self, start: date, end: date) -> list[date]:
        """Matching dates from `start` to `end`, both inclusive."""
        n = (end - start).days + 1
        days = (start + timedelta(days=i) for i in range(max(n, 0)))
        return [d for d in days if self.matches(d)]

    def __str__(self) -> str:
        if self.kind == "daily":
            return "daily"
        if self.kind == "weekly":
            return "weekly " + ",".join(WEEKDAYS[i][:3] for i in sorted(self.values))
        return f"{self.kind} " + ",".join(map(str, sorted(self.values)))


def parse_cycle(text: str) -> Cycle:
    """Parse a venue ``days:`` cycle; raises `RuleError` with the offending column."""
    text = text if isinstance(text, str) else str(text)  # e.g. an unquoted YAML number
    stripped = text.strip()
    if not stripped:
        raise RuleError(t("empty days cycle"), 0, t(CYCLE_HINT))
    start = text.index(stripped)
    head = stripped.split()[0]
    rest_at = start + len(head)
    rest = text[rest_at:]
    kind = head.lower()
    if kind == "daily":
        if rest.strip():
            col = rest_at + len(rest) - len(rest.lstrip())
            raise RuleError(t("unexpected '{rest}' after 'daily'", rest=rest.strip()), col, t(CYCLE_HINT))
        return Cycle("daily")
    if kind not in ("weekly", "solar", "lunar"):
        hint = did_you_mean(kind, ["daily", "weekly", "solar", "lunar"])
        raise RuleError(t("unknown days cycle '{head}'", head=head), start, join_hints(hint, t(CYCLE_HINT)))
    items = _items(rest, rest_at)
    if not items:
        raise RuleError(t("'{kind}' needs a list", kind=kind), len(text.rstrip()), _example(kind))
    parse = _weekday if kind == "weekly" else _digit
    return Cycle(kind, frozenset(parse(word, col) for word, col in items))  # type: ignore[arg-type]


def _items(rest: str, offset: int) -> list[tuple[str, int]]:
    """Comma-separated items (spaces allowed around commas) with their columns."""
    items: list[tuple[str, int]] = []
    pos = 0
    for part in rest.replace("，", ",").split(","):
        word = part.strip()
        col = offset + pos + (part.index(word) if word else 0)
        if not word and rest.strip():
            raise RuleError(t("empty item in list"), col, t("separate items with single commas"))
        gap = re.search(r"\s+(\S)", word)
        if gap:
            hint = t("e.g. 'weekly Sat,Sun'")
            raise RuleError(t("items must be separated by commas"), col + gap.start(1), hint)
        if word:
            items.append((word, col))
        pos += len(part) + 1
    return items


def _weekday(word: str, col: int) -> int:
    n = weekday_number(word)
    if n is None:
        close = did_you_mean(word.capitalize(), WEEKDAYS + tuple(w[:3] for w in WEEKDAYS))
        hint = close or t("weekdays: Mon..Sun, Monday..Sunday or 周一..周日")
        raise RuleError(t("unknown weekday '{word}'", word=word), col, hint)
    return n


def _digit(word: str, col: int) -> int:
    if len(word) != 1 or word not in "0123456789":
        hint = t("list last digits 0-9: '3,8' means days 3, 8, 13, 18, 23, 28; 0 means 10, 20, 30")
        raise RuleError(t("'{word}' is not a single digit", word=word), col, hint)
    return int(word)


_EXAMPLES = {"weekly": "Sat,Sun", "solar": "2,7", "lunar": "3,8"}


def _example(kind: str) -> str:
    return t("e.g. '{kind} {example}'", kind=kind, example=_EXAMPLES[kind])
