"""The official work calendar, checked day by day against chinesecalendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xuanjiao.calendar.workcal import WorkCalendar, holidays_dir, shipped_years

chinese_calendar = pytest.importorskip("chinese_calendar")

CAL = WorkCalendar.load()


def days_of(year: int):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


def test_shipped_years_cover_2020_to_2026():
    assert set(range(2020, 2027)) <= set(shipped_years())
    assert {int(p.stem) for p in holidays_dir().glob("*.yml")} == set(shipped_years())


@pytest.mark.parametrize("year", sorted(shipped_years()))
def test_every_day_matches_chinesecalendar(year):
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        pytest.skip(f"chinesecalendar has no data for {year}")
    for d in days_of(year):
        assert CAL.is_workday(d) == chinese_calendar.is_workday(d), d


def test_shipped_workdays_are_weekend_days_and_dates_stay_in_their_year():
    for year, (holidays, workdays) in shipped_years().items():
        assert all(d.weekday() >= 5 for d in workdays)
        assert all(d.year == year for d in holidays | workdays)
        assert not holidays & workdays


def test_make_up_saturday_counts_as_a_working_day():
    # 2026 Spring Festival: off 02-15 (Sun) .. 02-23 (Mon); Saturdays 02-14 and 02-28 are worked.
    assert date(2026, 2, 14) in CAL.workdays and date(2026, 2, 14).weekday() == 5
    assert CAL.is_workday(date(2026, 2, 14))
    assert not CAL.is_workday(date(2026, 2, 16))  # a Monday inside the holiday
    assert CAL.workday_before(date(2026, 2, 24), 1) == date(2026, 2, 14)
    assert CAL.workday_after(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CAL.workday_after(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert CAL.workday_before(date(2026, 2, 24), 2) == date(2026, 2, 13)


def test_national_day_week_is_skipped():
    # 2026 National Day: off 10-01 (Thu) .. 10-07 (Wed), Saturday 10-10 worked; Monday 10-05 is off.
    assert not CAL.is_workday(date(2026, 10, 5))
    assert CAL.workday_after(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert CAL.workday_after(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert CAL.workday_before(date(2026, 10, 8), 1) == date(2026, 9, 30)
    assert CAL.workday_before(date(2026, 10, 8), 0) == date(2026, 10, 8)


def test_counting_agrees_with_a_brute_force_walk():
    start = date(2026, 9, 15)
    forward = [d for d in (start + timedelta(days=i) for i in range(1, 60)) if CAL.is_workday(d)]
    backward = [d for d in (start - timedelta(days=i) for i in range(1, 60)) if CAL.is_workday(d)]
    for n in range(1, 20):
        assert CAL.workday_after(start, n) == forward[n - 1]
        assert CAL.workday_before(start, n) == backward[n - 1]
    with pytest.raises(ValueError):
        CAL.workday_after(start, -1)


def test_override_replaces_a_shipped_year():
    cal = WorkCalendar.load({2026: {"holidays": ["2026-03-02"], "workdays": [date(2026, 3, 7)]}})
    assert not cal.is_workday(date(2026, 3, 2))
    assert cal.is_workday(date(2026, 3, 7))
    assert cal.is_workday(date(2026, 10, 5))  # the shipped 2026 is gone entirely
    assert not cal.is_workday(date(2026, 2, 14))
    assert cal.is_workday(date(2025, 1, 26))  # other years kept: a 2025 make-up Sunday


def test_override_adds_a_new_year_with_string_keys():
    cal = WorkCalendar.load({"2027": {"holidays": [date(2027, 1, 1)], "workdays": []}})
    assert cal.has_year(2027) and not cal.is_workday(date(2027, 1, 1))
    assert cal.missing_years([date(2027, 5, 1), date(2028, 1, 3)]) == {2028}


def test_override_accepts_objects_with_holidays_and_workdays():
    class HolidayYear:  # the shape of the content loader's model
        holidays = [date(2027, 2, 8)]
        workdays = [date(2027, 2, 20)]

    cal = WorkCalendar.load({2027: HolidayYear()})
    assert not cal.is_workday(date(2027, 2, 8)) and cal.is_workday(date(2027, 2, 20))


def test_missing_year_falls_back_to_monday_to_friday():
    assert not CAL.has_year(2031)
    assert CAL.missing_years([date(2026, 5, 1), date(2031, 1, 1), date(2031, 2, 3)]) == {2031}
    assert CAL.is_workday(date(2031, 1, 1))  # a Wednesday: no holiday data, so it is worked
    assert not CAL.is_workday(date(2031, 1, 4))  # Saturday
    assert CAL.workday_after(date(2031, 1, 3), 1) == date(2031, 1, 6)


@pytest.mark.parametrize("overrides, message", [
    ({2027: {"holiday": []}}, "unknown key"),
    ({2027: {"holidays": ["2027-13-01"]}}, "not a date"),
    ({2027: {"holidays": ["2027-02-06"], "workdays": ["2027-02-06"]}}, "both"),
    ({"next": {"holidays": []}}, "not a year"),
    ({2027: ["2027-01-01"]}, "mapping"),
])  # fmt: skip
def test_bad_overrides_are_rejected(overrides, message):
    with pytest.raises(ValueError, match=message):
        WorkCalendar.load(overrides)
