"""The official work calendar of mainland China: holidays and 调休 make-up working days.

Shipped as one YAML file per year in ``xuanjiao/data/holidays/`` (see a file's
header for the format); a project's ``content/holidays.yml`` passes overrides,
and a year it gives replaces the shipped year as a whole.  A year with no
data at all is planned on plain Mon–Fri; `WorkCalendar.missing_years` lets the
caller warn about it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ruamel.yaml import YAML

from ..messages import t

__all__ = ["WorkCalendar", "YearBlock", "shipped_years", "holidays_dir"]

# One year as written in YAML: {"holidays": [...], "workdays": [...]}, dates or ISO strings;
# an object with .holidays and .workdays (the content loader's HolidayYear) is accepted too.
YearBlock = Mapping[str, Iterable["date | str"]]
_KEYS = ("holidays", "workdays")


def holidays_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "holidays"


@lru_cache(maxsize=1)
def shipped_years() -> Mapping[int, tuple[frozenset[date], frozenset[date]]]:
    """The packaged data: year -> (holidays, workdays), read once per process."""
    yaml = YAML(typ="safe", pure=True)
    years = {}
    for path in sorted(holidays_dir().glob("[0-9][0-9][0-9][0-9].yml")):
        year = int(path.stem)
        years[year] = _block(year, yaml.load(path.read_text(encoding="utf-8")) or {})
    return years


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = field(default=frozenset(), repr=False)
    workdays: frozenset[date] = field(default=frozenset(), repr=False)  # weekend days worked
    years: frozenset[int] = frozenset()  # Gregorian years with official data

    @classmethod
    def load(cls, overrides: Mapping[int | str, YearBlock] | None = None) -> WorkCalendar:
        """The shipped years merged with `overrides` (a year given replaces the shipped one)."""
        return cls.from_years(shipped_years(), overrides)

    @classmethod
    def from_years(
        cls,
        base: Mapping[int, tuple[Iterable[date], Iterable[date]]],
        overrides: Mapping[int | str, YearBlock] | None = None,
    ) -> WorkCalendar:
        over = {_year_key(k): _block(_year_key(k), v) for k, v in (overrides or {}).items()}
        kept = [blk for y, blk in sorted(base.items()) if y not in over]
        holidays: set[date] = set()
        workdays: set[date] = set()
        # Overrides go last so they win where a block lists a date of a neighbouring
        # year (a New Year period announced with the next year, e.g. 12-31).
        for hol, work in kept + [over[y] for y in sorted(over)]:
            holidays.update(hol)
            workdays.difference_update(hol)
            workdays.update(work)
            holidays.difference_update(work)
        return cls(frozenset(holidays), frozenset(workdays), frozenset(base) | frozenset(over))

    def is_workday(self, d: date) -> bool:
        return d in self.workdays or (d.weekday() < 5 and d not in self.holidays)

    def has_year(self, year: int) -> bool:
        return year in self.years

    def missing_years(self, dates: Iterable[date]) -> set[int]:
        """Years among `dates` without official data (planned on plain Mon–Fri)."""
        return {d.year for d in dates} - self.years

    def workday_before(self, d: date, n: int) -> date:
        """The `n`-th working day strictly before `d` (`n` = 0 gives `d` itself)."""
        return self._step(d, n, -1)

    def workday_after(self, d: date, n: int) -> date:
        """The `n`-th working day strictly after `d` (`n` = 0 gives `d` itself)."""
        return self._step(d, n, 1)

    def _step(self, d: date, n: int, direction: int) -> date:
        if n < 0:
            raise ValueError(t("working-day count must be >= 0, got {n}", n=n))
        one = timedelta(days=direction)
        while n:
            d += one
            if self.is_workday(d):
                n -= 1
        return d


def _year_key(key: int | str) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        raise ValueError(t("holidays: '{key}' is not a year", key=key)) from None


def _block(year: int, block: YearBlock | object) -> tuple[frozenset[date], frozenset[date]]:
    if not isinstance(block, Mapping) and all(hasattr(block, k) for k in _KEYS):
        block = {k: getattr(block, k) for k in _KEYS}
    if not isinstance(block, Mapping):
        raise ValueError(t("holidays {year}: expected a mapping with keys holidays and workdays", year=year))
    unknown = sorted(set(map(str, block)) - set(_KEYS))
    if unknown:
        expected = " (expected holidays, workdays)"
        raise ValueError(
            t("holidays {year}: unknown key '{unknown}'{expected}", year=year, unknown=unknown[0], expected=expected)
        )
    hol, work = (frozenset(_to_date(year, v) for v in block.get(k) or ()) for k in _KEYS)
    both = sorted(hol & work)
    if both:
        raise ValueError(
            t("holidays {year}: {both} is listed as both a holiday and a workday", year=year, both=both[0])
        )
    return hol, work


def _to_date(year: int, value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(t("holidays {year}: '{value}' is not a date (YYYY-MM-DD)", year=year, value=value)) from None
