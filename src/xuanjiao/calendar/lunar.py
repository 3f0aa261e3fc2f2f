"""Chinese lunar calendar: thin, cached wrappers over lunar-python (MIT).

lunar-python computes astronomically and is slow per call, so each lunar year
is turned once into a table of its months (number, leap flag, first Gregorian
day, length); every conversion after that is a bisect over plain integers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from lunar_python import LunarYear

# Julian day number (noon-based, as lunar-python returns it) minus this is a
# proleptic Gregorian ordinal: JD 1721426 is 0001-01-01.
_JD_TO_ORDINAL = 1721425


class LunarDate(NamedTuple):
    year: int  # lunar year, named by the Gregorian year its month 1 starts in
    month: int  # 1-12
    day: int  # 1-30
    is_leap: bool  # a leap (闰) month repeats the previous month's number


@dataclass(frozen=True)
class LunarMonthInfo:
    year: int
    month: int
    is_leap: bool
    first: date  # Gregorian date of day 1
    days: int  # 29 or 30


@lru_cache(maxsize=None)
def year_months(year: int) -> tuple[LunarMonthInfo, ...]:
    """The 12 or 13 months of lunar year `year`, in order (leap month included)."""
    months = []
    for m in LunarYear.fromYear(year).getMonthsInYear():
        first = date.fromordinal(m.getFirstJulianDay() - _JD_TO_ORDINAL)
        months.append(LunarMonthInfo(year, abs(m.getMonth()), m.isLeap(), first, m.getDayCount()))
    return tuple(months)


def _find_month(year: int, month: int, leap: bool) -> LunarMonthInfo | None:
    for info in year_months(year):
        if info.month == month and info.is_leap == leap:
            return info
    return None


def days_in_month(year: int, month: int, leap: bool = False) -> int:
    """Length (29 or 30) of a lunar month; 0 when the year has no such (leap) month."""
    info = _find_month(year, month, leap)
    return info.days if info else 0


def leap_month(year: int) -> int:
    """Number of the month repeated as a leap month in lunar year `year`, 0 if none."""
    return next((m.month for m in year_months(year) if m.is_leap), 0)


@lru_cache(maxsize=65536)
def to_solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """Gregorian date of a lunar date, or None when it does not exist

    (day 30 of a 29-day month, or a leap month the year does not have).
    """
    info = _find_month(year, month, leap)
    if info is None or not 1 <= day <= info.days:
        return None
    return info.first + timedelta(days=day - 1)


def spring_festival(year: int) -> date:
    """春节: lunar 01-01 of lunar year `year` (always in Gregorian `year`)."""
    return year_months(year)[0].first


@lru_cache(maxsize=512)
def _gregorian_index(year: int) -> tuple[tuple[int, ...], tuple[LunarMonthInfo, ...]]:
    """Months overlapping Gregorian `year`: start ordinals and infos, for bisect."""
    months = [m for y in (year - 1, year) for m in year_months(y)]
    return tuple(m.first.toordinal() for m in months), tuple(months)


def to_lunar(d: date) -> LunarDate:
    """Lunar date of Gregorian date `d`."""
    starts, months = _gregorian_index(d.year)
    ordinal = d.toordinal()
    i = bisect.bisect_right(starts, ordinal) - 1
    info = months[i]
    return LunarDate(info.year, info.month, ordinal - starts[i] + 1, info.is_leap)
