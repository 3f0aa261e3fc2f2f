"""Date rules of awareness days (content.md, "Date rules").

``parse_rule`` turns the text of a ``date:`` field into a `DateRule`; a rule
yields every date of a Gregorian year that matches it.  Forms::

    09-26                     fixed Gregorian date (02-29 only in leap years)
    lunar 05-05               lunar date; leap months never match
    lunar last                除夕, the day before lunar 01-01
    2nd Thursday of March     N = 1st..4th or last
    announced                 no rule; the dates come from ``dates:`` per year

A late lunar date (``lunar 12-08``) can fall in January of the next Gregorian
year, so it occurs 0, 1 or 2 times in a Gregorian year.  ``lunar 12-30`` (or
any day 30) yields nothing in a lunar year whose month has 29 days; use
``lunar last`` for 除夕.
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import ClassVar, Mapping

from xuanjiao.errors import did_you_mean

from ..messages import T_, t
from . import lunar
from .names import MONTHS, WEEKDAYS, month_number, weekday_number
from .parsing import RuleError, join_hints, tokens

__all__ = [
    "RuleError", "DateRule", "FixedDate", "LunarRule", "LunarEve", "NthWeekday", "Announced",
    "parse_rule", "RULE_HINT",
]  # fmt: skip

RULE_HINT = T_("expected MM-DD, 'lunar MM-DD', 'lunar last', 'Nth WEEKDAY of MONTH' or 'announced'")
_ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1}
_ORDINALS |= {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINAL_TEXT = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}
_MD = re.compile(r"(\d{1,2})-(\d{1,2})")
_FULL_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_ORDINAL_LIKE = re.compile(r"\d+(st|nd|rd|th)", re.IGNORECASE)


@dataclass(frozen=True)
class DateRule:
    """Base of all rules; frozen and hashable so results can be cached per (rule, year)."""

    kind: ClassVar[str] = ""

    def dates_in(self, year: int, announced: Mapping[int, date] | None = None) -> list[date]:
        """Every date in Gregorian `year` matching the rule, sorted."""
        return list(_cached_dates(self, year))

    def _dates(self, year: int) -> tuple[date, ...]:
        raise NotImplementedError


def _check(ok: bool, rule: DateRule) -> None:
    if not ok:  # parse_rule never builds these; this guards direct construction
        raise ValueError(f"invalid {rule!r}")


@lru_cache(maxsize=8192)
def _cached_dates(rule: DateRule, year: int) -> tuple[date, ...]:
    return rule._dates(year)


@dataclass(frozen=True)
class FixedDate(DateRule):
    month: int
    day: int
    kind: ClassVar[str] = "fixed"

    def __post_init__(self) -> None:
        ok = 1 <= self.month <= 12 and 1 <= self.day <= _cal.monthrange(2000, self.month)[1]
        _check(ok, self)

    def _dates(self, year: int) -> tuple[date, ...]:
        if self.day > _cal.monthrange(year, self.month)[1]:
            return ()  # 02-29 in a common year
        return (date(year, self.month, self.day),)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class LunarRule(DateRule):
    month: int
    day: int
    kind: ClassVar[str] = "lunar"

    def __post_init__(self) -> None:
        _check(1 <= self.month <= 12 and 1 <= self.day <= 30, self)

    def _dates(self, year: int) -> tuple[date, ...]:
        # Lunar year Y-1's last months reach into January/February of Y.
        found = (lunar.to_solar(ly, self.month, self.day) for ly in (year - 1, year))
        return tuple(d for d in found if d is not None and d.year == year)

    def __str__(self) -> str:
        return f"lunar {self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class LunarEve(DateRule):
    """除夕: the last day of lunar month 12, whether it has 29 or 30 days."""

    kind: ClassVar[str] = "lunar-last"

    def _dates(self, year: int) -> tuple[date, ...]:
        return (lunar.spring_festival(year) - timedelta(days=1),)

    def __str__(self) -> str:
        return "lunar last"


@dataclass(frozen=True)
class NthWeekday(DateRule):
    n: int  # 1..4, or -1 for the last one
    weekday: int  # 0 = Monday
    month: int
    kind: ClassVar[str] = "nth-weekday"

    def __post_init__(self) -> None:
        _check(self.n in _ORDINAL_TEXT and 0 <= self.weekday <= 6 and 1 <= self.month <= 12, self)

    def _dates(self, year: int) -> tuple[date, ...]:
        if self.n > 0:
            first = date(year, self.month, 1)
            offset = (self.weekday - first.weekday()) % 7 + 7 * (self.n - 1)
            return (first + timedelta(days=offset),)
        last = date(year, self.month, _cal.monthrange(year, self.month)[1])
        return (last - timedelta(days=(last.weekday() - self.weekday) % 7),)

    def __str__(self) -> str:
        return f"{_ORDINAL_TEXT[self.n]} {WEEKDAYS[self.weekday]} of {MONTHS[self.month - 1]}"


@dataclass(frozen=True)
class Announced(DateRule):
    """No rule: the day's `dates:` mapping (year -> first day) gives the dates."""

    kind: ClassVar[str] = "announced"

    def dates_in(self, year: int, announced: Mapping[int, date] | None = None) -> list[date]:
        return sorted(d for d in (announced or {}).values() if d.year == year)

    def _dates(self, year: int) -> tuple[date, ...]:
        return ()

    def __str__(self) -> str:
        return "announced"


def parse_rule(text: str) -> DateRule:
    """Parse a date rule; raises `RuleError` with the column of the offending part."""
    text = text if isinstance(text, str) else str(text)  # e.g. a YAML date: reported below
    words = tokens(text)
    if not words:
        raise RuleError(t("empty date rule"), 0, t(RULE_HINT))
    head, col = words[0]
    low = head.lower()
    if low == "announced":
        _no_more(words, 1)
        return Announced()
    if low == "lunar":
        return _parse_lunar(text, words)
    if low in _ORDINALS or _ORDINAL_LIKE.fullmatch(head):
        return _parse_nth(text, words)
    if head[:1].isdigit():
        _no_more(words, 1)
        return FixedDate(*_parse_md(head, col, lunar_days=False))
    suggestion = did_you_mean(low, ["lunar", "announced", "last", *_ORDINALS])
    raise RuleError(t("unknown date rule '{text}'", text=text.strip()), col, join_hints(suggestion, t(RULE_HINT)))


def _parse_lunar(text: str, words: list[tuple[str, int]]) -> DateRule:
    hint = t("write 'lunar MM-DD' or 'lunar last' (除夕)")
    if len(words) < 2:
        raise RuleError(t("'lunar' needs a date"), len(text.rstrip()), hint)
    _no_more(words, 2)
    word, col = words[1]
    if word.lower() == "last":
        return LunarEve()
    if not word[:1].isdigit():
        raise RuleError(t("bad lunar date '{word}'", word=word), col, hint)
    return LunarRule(*_parse_md(word, col, lunar_days=True))


def _parse_md(word: str, col: int, lunar_days: bool) -> tuple[int, int]:
    kind = "lunar MM-DD" if lunar_days else "MM-DD"
    if _FULL_DATE.fullmatch(word):
        hint = t("a rule is {kind} without a year; for dates set each year use 'announced' + dates:", kind=kind)
        raise RuleError(t("'{word}' has a year", word=word), col, hint)
    m = _MD.fullmatch(word)
    if m is None:
        raise RuleError(
            t("bad date '{word}'", word=word),
            col,
            t("expected {kind}, e.g. '{prefix}05-05'", kind=kind, prefix=kind[:-5]),
        )
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise RuleError(t("month {month} is out of range", month=month), col, t("months are 01-12"))
    max_day = 30 if lunar_days else _cal.monthrange(2000, month)[1]  # 2000: allow 02-29
    if not 1 <= day <= max_day:
        if lunar_days:
            message = t("day {day} is out of range for a lunar month (1-{max_day})", day=day, max_day=max_day)
            hint = t("lunar months have 29 or 30 days; use 'lunar last' for 除夕")
        else:
            where = MONTHS[month - 1]
            message = t("day {day} is out of range for {month} (1-{max_day})", day=day, month=where, max_day=max_day)
            hint = t("{month} has at most {max_day} days", month=where, max_day=max_day)
        raise RuleError(message, col + m.start(2), hint)
    return month, day


_NTH_FORM = T_("write 'Nth WEEKDAY of MONTH' with N = 1st, 2nd, 3rd, 4th or last")


def _parse_nth(text: str, words: list[tuple[str, int]]) -> DateRule:
    nth, col = words[0]
    n = _ORDINALS.get(nth.lower())
    if n is None:
        hint = t("a 5th weekday does not occur every month; use 'last'")
        raise RuleError(t("'{nth}' is not 1st-4th or last", nth=nth), col, hint)
    if len(words) < 4:
        raise RuleError(t("incomplete weekday rule"), len(text.rstrip()), t(_NTH_FORM))
    _no_more(words, 4)
    (wd_word, wd_col), (of, of_col), (mo_word, mo_col) = words[1:4]
    weekday = weekday_number(wd_word) if wd_word.isascii() else None
    if weekday is None:
        close = did_you_mean(wd_word.capitalize(), WEEKDAYS)
        hint = join_hints(close, t("weekdays: Monday..Sunday or Mon..Sun"))
        raise RuleError(t("unknown weekday '{wd_word}'", wd_word=wd_word), wd_col, hint)
    if of.lower() != "of":
        raise RuleError(t("expected 'of', found '{of}'", of=of), of_col, t(_NTH_FORM))
    month = month_number(mo_word)
    if month is None:
        close = did_you_mean(mo_word.capitalize(), MONTHS)
        hint = join_hints(close, t("months: January..December or Jan..Dec"))
        raise RuleError(t("unknown month '{mo_word}'", mo_word=mo_word), mo_col, hint)
    return NthWeekday(n, weekday, month)


def _no_more(words: list[tuple[str, int]], count: int) -> None:
    if len(words) > count:
        word, col = words[count]
        raise RuleError(t("unexpected '{word}'", word=word), col, t(RULE_HINT))
