"""Date rules and lunar conversions, checked against lunar-python and brute force."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

import pytest
from lunar_python import Lunar, LunarYear, Solar

from xuanjiao.calendar import lunar
from xuanjiao.calendar.rules import (
    Announced,
    FixedDate,
    LunarEve,
    LunarRule,
    NthWeekday,
    RuleError,
    parse_rule,
)

YEARS = range(2020, 2031)


def reference_lunar(d: date) -> tuple[int, int, int, bool]:
    """(lunar year, month, day, is_leap) straight from lunar-python, no caching of ours."""
    lu = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    return lu.getYear(), abs(lu.getMonth()), lu.getDay(), lu.getMonth() < 0


def days_of(year: int):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


@pytest.fixture(scope="module")
def reference_days() -> dict[date, tuple[int, int, int, bool]]:
    return {d: reference_lunar(d) for y in (2020, 2022, 2023, 2026) for d in days_of(y)}


# --- lunar.py -----------------------------------------------------------------


def test_to_lunar_matches_lunar_python_every_day(reference_days):
    for d, expected in reference_days.items():
        assert tuple(lunar.to_lunar(d)) == expected, d


def test_to_solar_round_trips_and_rejects_missing_days():
    for year in YEARS:
        for info in lunar.year_months(year):
            for day in range(1, info.days + 1):
                d = lunar.to_solar(year, info.month, day, info.is_leap)
                assert lunar.to_lunar(d) == (year, info.month, day, info.is_leap)
            assert lunar.to_solar(year, info.month, info.days + 1, info.is_leap) is None
    assert lunar.to_solar(2026, 5, 1, leap=True) is None  # 2026 has no leap month 5


def test_days_in_month_and_leap_month_match_lunar_python():
    for year in YEARS:
        ly = LunarYear.fromYear(year)
        assert lunar.leap_month(year) == ly.getLeapMonth()
        for m in ly.getMonthsInYear():
            assert lunar.days_in_month(year, abs(m.getMonth()), m.isLeap()) == m.getDayCount()


# --- lunar rules ----------------------------------------------------------------


@pytest.mark.parametrize("text, month, day", [
    ("lunar 01-01", 1, 1),  # 春节
    ("lunar 05-05", 5, 5),  # 端午
    ("lunar 08-15", 8, 15),  # 中秋
    ("lunar 09-09", 9, 9),  # 重阳
])  # fmt: skip
def test_lunar_festivals_convert_back(text, month, day):
    rule = parse_rule(text)
    for year in YEARS:
        (found,) = rule.dates_in(year)
        assert found.year == year
        assert reference_lunar(found) == (year, month, day, False)


def test_lunar_last_is_eve_of_next_spring_festival():
    rule = parse_rule("lunar last")
    for year in YEARS:
        (eve,) = rule.dates_in(year)
        spring = Lunar.fromYmd(year, 1, 1).getSolar()
        assert eve == date(spring.getYear(), spring.getMonth(), spring.getDay()) - timedelta(days=1)
        ly, m, d, leap = reference_lunar(eve)
        last_month = LunarYear.fromYear(ly).getMonthsInYear()[-1]
        assert (ly, m, leap) == (year - 1, 12, False) and d == last_month.getDayCount()


def test_lunar_last_in_a_29_day_twelfth_month():
    # Lunar year 2025's month 12 has 29 days: 除夕 2026 is 12-29, and 12-30 does not exist.
    assert LunarYear.fromYear(2025).getMonthsInYear()[-1].getDayCount() == 29
    assert parse_rule("lunar last").dates_in(2026) == [date(2026, 2, 16)]
    assert reference_lunar(date(2026, 2, 16)) == (2025, 12, 29, False)
    assert parse_rule("lunar 12-29").dates_in(2026) == [date(2026, 2, 16)]
    assert parse_rule("lunar 12-30").dates_in(2026) == []
    # ...while lunar 2023's month 12 has 30 days, so 12-30 is 除夕 2024.
    assert parse_rule("lunar 12-30").dates_in(2024) == [date(2024, 2, 9)]
    assert parse_rule("lunar last").dates_in(2024) == [date(2024, 2, 9)]


def test_late_lunar_date_twice_or_never_in_a_gregorian_year():
    rule = parse_rule("lunar 12-08")
    assert rule.dates_in(2022) == [date(2022, 1, 10), date(2022, 12, 30)]
    assert rule.dates_in(2023) == []
    for d, ly in zip(rule.dates_in(2022), (2021, 2022)):
        assert reference_lunar(d) == (ly, 12, 8, False)
    counts = {len(rule.dates_in(y)) for y in range(2000, 2050)}
    assert counts == {0, 1, 2}


def test_every_lunar_rule_finds_exactly_the_matching_days(reference_days):
    expected: dict[tuple[int, int, int], list[date]] = defaultdict(list)
    for d, (_, m, day, leap) in sorted(reference_days.items()):
        if not leap:  # leap months never match a date rule
            expected[(d.year, m, day)].append(d)
    for year in (2020, 2022, 2023, 2026):
        for m in range(1, 13):
            for day in range(1, 31):
                want = expected.get((year, m, day), [])
                assert LunarRule(m, day).dates_in(year) == want, (year, m, day)


def test_leap_month_never_matches():
    # 2023 has a leap month 2 (闰二月): lunar 02-15 is found once, in the ordinary month.
    assert lunar.leap_month(2023) == 2
    (found,) = parse_rule("lunar 02-15").dates_in(2023)
    assert reference_lunar(found) == (2023, 2, 15, False)
    leap_day = lunar.to_solar(2023, 2, 15, leap=True)
    assert leap_day not in parse_rule("lunar 02-15").dates_in(2023)


# --- Gregorian rules ---------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2nd Thursday of March", date(2026, 3, 12)),
    ("last Sunday of January", date(2026, 1, 25)),
    ("3rd Wednesday of November", date(2026, 11, 18)),
])  # fmt: skip
def test_nth_weekday_known_dates(text, expected):
    assert parse_rule(text).dates_in(2026) == [expected]


def test_nth_weekday_brute_force():
    for year in range(2019, 2032):
        for month in range(1, 13):
            days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
            for weekday in range(7):
                hits = [d for d in days if d.weekday() == weekday]
                for n in (1, 2, 3, 4, -1):
                    want = hits[n - 1] if n > 0 else hits[-1]
                    assert NthWeekday(n, weekday, month).dates_in(year) == [want]


def test_fixed_dates_and_february_29():
    assert parse_rule("09-26").dates_in(2026) == [date(2026, 9, 26)]
    assert parse_rule("02-29").dates_in(2028) == [date(2028, 2, 29)]
    assert parse_rule("02-29").dates_in(2026) == []


def test_announced_uses_the_given_dates():
    rule = parse_rule("announced")
    dates = {2026: date(2026, 5, 17), 2025: date(2025, 5, 11)}
    assert rule.dates_in(2026, dates) == [date(2026, 5, 17)]
    assert rule.dates_in(2027, dates) == []
    assert rule.dates_in(2026) == []


def test_dates_in_returns_a_fresh_list():
    rule = parse_rule("04-07")
    rule.dates_in(2026).append(date(2026, 1, 1))
    assert rule.dates_in(2026) == [date(2026, 4, 7)]


# --- parsing -------------------------------------------------------------------


@pytest.mark.parametrize("text, rule, canonical", [
    ("04-07", FixedDate(4, 7), "04-07"),
    ("4-7", FixedDate(4, 7), "04-07"),
    ("  09-26 ", FixedDate(9, 26), "09-26"),
    ("lunar 05-05", LunarRule(5, 5), "lunar 05-05"),
    ("LUNAR 9-9", LunarRule(9, 9), "lunar 09-09"),
    ("lunar last", LunarEve(), "lunar last"),
    ("Lunar Last", LunarEve(), "lunar last"),
    ("2nd Thursday of March", NthWeekday(2, 3, 3), "2nd Thursday of March"),
    ("2ND thu OF mar", NthWeekday(2, 3, 3), "2nd Thursday of March"),
    ("last sun of jan", NthWeekday(-1, 6, 1), "last Sunday of January"),
    ("1st Tuesday of May", NthWeekday(1, 1, 5), "1st Tuesday of May"),
    ("announced", Announced(), "announced"),
])  # fmt: skip
def test_parse_and_canonical_text(text, rule, canonical):
    parsed = parse_rule(text)
    assert parsed == rule
    assert str(parsed) == canonical
    assert parse_rule(canonical) == parsed


@pytest.mark.parametrize("text, col, in_message", [
    ("", 0, "empty"),
    ("13-01", 0, "month 13"),
    ("02-30", 3, "day 30"),
    ("04-31", 3, "day 31"),
    ("lunar 13-01", 6, "month 13"),
    ("lunar 01-31", 9, "day 31"),
    ("lunar 00-10", 6, "month 0"),
    ("lunar", 5, "needs a date"),
    ("lunar first", 6, "bad lunar date"),
    ("lunar 05-05 extra", 12, "unexpected"),
    ("lunnar 01-01", 0, "unknown date rule"),
    ("2026-04-07", 0, "has a year"),
    ("04/07", 0, "bad date"),
    ("5th Monday of May", 0, "not 1st-4th"),
    ("2nd Thursdy of March", 4, "unknown weekday"),
    ("2nd Thursday in March", 13, "expected 'of'"),
    ("2nd Thursday of Marhc", 16, "unknown month"),
    ("2nd Thursday", 12, "incomplete"),
    ("announced 2026", 10, "unexpected"),
])  # fmt: skip
def test_bad_rules_report_the_column(text, col, in_message):
    with pytest.raises(RuleError) as info:
        parse_rule(text)
    assert info.value.col == col
    assert in_message in info.value.message
    assert info.value.hint


def test_hints_suggest_the_close_word():
    with pytest.raises(RuleError) as info:
        parse_rule("2nd Thursdy of March")
    assert "Thursday" in info.value.hint
    with pytest.raises(RuleError) as info:
        parse_rule("lunnar 01-01")
    assert "'lunar'" in info.value.hint and "announced" in info.value.hint


def test_non_text_input_is_an_error_not_a_crash():
    # An unquoted YAML date arrives as a date object.
    with pytest.raises(RuleError, match="has a year"):
        parse_rule(date(2026, 4, 7))  # type: ignore[arg-type]


@pytest.mark.parametrize("build", [
    lambda: FixedDate(2, 30), lambda: LunarRule(13, 1), lambda: NthWeekday(5, 0, 1),
])  # fmt: skip
def test_direct_construction_is_validated(build):
    with pytest.raises(ValueError):
        build()
