"""Venue day cycles (daily, weekly, solar and lunar last digits)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from lunar_python import Solar

from xuanjiao.calendar import RuleError, lunar
from xuanjiao.calendar.cycles import Cycle, parse_cycle


def lunar_day(d: date) -> int:
    return Solar.fromYmd(d.year, d.month, d.day).getLunar().getDay()


def span(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_lunar_3_8_across_a_lunar_month_boundary():
    # Lunar 2025 month 12 (29 days) ends on 2026-02-16 (除夕); 2026-02-17 is 01-01.
    start, end = date(2026, 2, 10), date(2026, 3, 10)
    got = parse_cycle("lunar 3,8").dates(start, end)
    assert got == [d for d in span(start, end) if lunar_day(d) in (3, 8, 13, 18, 23, 28)]
    # 12-23, 12-28 | 01-03, 01-08, 01-13, 01-18 (checked against a printed 万年历)
    assert got == [date(2026, 2, 10), date(2026, 2, 15), date(2026, 2, 19),
                   date(2026, 2, 24), date(2026, 3, 1), date(2026, 3, 6)]  # fmt: skip


def test_lunar_0_skips_day_30_in_a_29_day_month():
    assert lunar.days_in_month(2025, 12) == 29
    first = lunar.to_solar(2025, 12, 1)
    got = parse_cycle("lunar 0").dates(first, lunar.to_solar(2026, 1, 10))
    tens = [lunar.to_solar(2025, 12, 10), lunar.to_solar(2025, 12, 20), lunar.to_solar(2026, 1, 10)]
    assert got == tens
    assert got == [date(2026, 1, 28), date(2026, 2, 7), date(2026, 2, 26)]
    # In a 30-day month day 30 is included: lunar 2023 month 12 ends on 12-30 = 2024-02-09.
    assert lunar.days_in_month(2023, 12) == 30
    assert date(2024, 2, 9) in parse_cycle("lunar 0").dates(date(2024, 2, 1), date(2024, 2, 12))


def test_lunar_cycles_match_lunar_python_for_a_whole_year_including_leap_months():
    days = span(date(2023, 1, 1), date(2023, 12, 31))  # 2023 has a leap month 2
    reference = {d: lunar_day(d) for d in days}
    for text, wanted in [("lunar 3,8", {3, 8}), ("lunar 1,4,7", {1, 4, 7}), ("lunar 0,5", {0, 5})]:
        cycle = parse_cycle(text)
        expected = [d for d in days if reference[d] % 10 in wanted]
        assert [d for d in days if cycle.matches(d)] == expected
    leap_first = lunar.to_solar(2023, 2, 3, leap=True)
    assert parse_cycle("lunar 3").matches(leap_first)  # market days run in leap months too


def test_solar_0_means_10th_20th_30th():
    got = parse_cycle("solar 0").dates(date(2026, 1, 1), date(2026, 3, 31))
    assert got == [
        date(2026, 1, 10), date(2026, 1, 20), date(2026, 1, 30), date(2026, 2, 10),
        date(2026, 2, 20), date(2026, 3, 10), date(2026, 3, 20), date(2026, 3, 30),
    ]  # fmt: skip


def test_solar_2_7():
    got = parse_cycle("solar 2,7").dates(date(2026, 1, 25), date(2026, 2, 12))
    assert got == [date(2026, 1, 27), date(2026, 2, 2), date(2026, 2, 7), date(2026, 2, 12)]


def test_weekly_sat_sun():
    cycle = parse_cycle("weekly Sat,Sun")
    got = cycle.dates(date(2026, 4, 1), date(2026, 4, 30))
    assert got == [d for d in span(date(2026, 4, 1), date(2026, 4, 30)) if d.weekday() >= 5]
    assert got[:2] == [date(2026, 4, 4), date(2026, 4, 5)] and len(got) == 8


def test_daily_and_empty_range():
    assert len(parse_cycle("daily").dates(date(2026, 1, 1), date(2026, 12, 31))) == 365
    assert parse_cycle("daily").dates(date(2026, 1, 2), date(2026, 1, 1)) == []
    assert parse_cycle("daily").dates(date(2026, 1, 1), date(2026, 1, 1)) == [date(2026, 1, 1)]


@pytest.mark.parametrize("text, cycle, canonical", [
    ("daily", Cycle("daily"), "daily"),
    ("Daily ", Cycle("daily"), "daily"),
    ("weekly Sat,Sun", Cycle("weekly", frozenset({5, 6})), "weekly Sat,Sun"),
    ("weekly sunday, SATURDAY", Cycle("weekly", frozenset({5, 6})), "weekly Sat,Sun"),
    ("weekly 周六,星期日", Cycle("weekly", frozenset({5, 6})), "weekly Sat,Sun"),
    ("weekly Wed", Cycle("weekly", frozenset({2})), "weekly Wed"),
    ("solar 7,2", Cycle("solar", frozenset({2, 7})), "solar 2,7"),
    ("lunar 3, 8", Cycle("lunar", frozenset({3, 8})), "lunar 3,8"),
    ("lunar 1,4,7", Cycle("lunar", frozenset({1, 4, 7})), "lunar 1,4,7"),
    ("lunar 5，0", Cycle("lunar", frozenset({0, 5})), "lunar 0,5"),
])  # fmt: skip
def test_parse_and_canonical_text(text, cycle, canonical):
    parsed = parse_cycle(text)
    assert parsed == cycle
    assert str(parsed) == canonical
    assert parse_cycle(canonical) == parsed


@pytest.mark.parametrize("text, col, in_message", [
    ("", 0, "empty"),
    ("monthly 1", 0, "unknown days cycle"),
    ("  lunr 3,8", 2, "unknown days cycle"),
    ("weekly", 6, "needs a list"),
    ("lunar ", 5, "needs a list"),
    ("weekly Sat,Sunn", 11, "unknown weekday"),
    ("weekly Sat Sun", 11, "separated by commas"),
    ("weekly Sat,,Sun", 11, "empty item"),
    ("lunar 3,", 8, "empty item"),
    ("solar 12", 6, "single digit"),
    ("lunar 3,x", 8, "single digit"),
    ("daily Sat", 6, "unexpected"),
])  # fmt: skip
def test_bad_cycles_report_the_column(text, col, in_message):
    with pytest.raises(RuleError) as info:
        parse_cycle(text)
    assert info.value.col == col
    assert in_message in info.value.message
    assert info.value.hint


def test_non_text_and_invalid_construction():
    with pytest.raises(RuleError, match="unknown days cycle"):
        parse_cycle(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Cycle("weekly")  # no days
    with pytest.raises(ValueError):
        Cycle("solar", frozenset({10}))
    with pytest.raises(ValueError):
        Cycle("monthly")  # type: ignore[arg-type]
