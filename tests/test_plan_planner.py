"""The planner on projects built for the test: due dates on the real 2026 official calendar,
session dates on lunar market cycles, volunteer assignment, quantities, warnings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations

import pytest

from xuanjiao.content.loader import load_project
from xuanjiao.schedule import plan_project
from xuanjiao.schedule.model import Session
from xuanjiao.schedule.quantities import copies_for
from xuanjiao.schedule.roster import assign
from xuanjiao_bench.planning import synthetic_project

D = dt.date

DAYS = """\
- id: test-feb-day
  name: {zh-CN: 二月测试日}
  date: "02-26"
  source: https://example.org/feb
- id: test-sep-day
  name: {zh-CN: 九月测试日}
  date: "09-29"
  source: https://example.org/sep
- id: test-apr-day
  name: {zh-CN: 四月测试日}
  date: "04-14"
  source: https://example.org/apr
- id: test-mar-day
  name: {zh-CN: 三月测试日}
  date: "03-10"
  source: https://example.org/mar
- id: test-jun-day
  name: {zh-CN: 六月测试日}
  date: "06-10"
  source: https://example.org/jun
"""

PLAN = """\
window: {before: 10, after: 7}
tasks:
  - {id: plan, title: 制定活动方案并报批, before: 7, owner: 宣传科}
  - {id: print, title: 宣传资料付印, before: 3, owner: 宣传科}
  - {id: notice, title: 发布活动预告, before: 1}
  - {id: news, title: 发布活动报道, after: 2, owner: 宣传科}
  - {id: report, title: 报送统计表, after: 4, owner: 办公室}
print_spare: 0.1
"""

VENUES = """\
- id: station
  name: 县火车站
  kind: station
  address: 站前路 1 号
  hours: "07:30-11:00"
  volunteers: 2
  reach: 1000
  days: daily
- id: east-market
  name: 东坪镇集市
  kind: market
  hours: "07:00-10:30"
  volunteers: 2
  reach: 333
  days: "lunar 5,0"
- id: west-market
  name: 柳河镇集市
  kind: market
  hours: "07:00-11:00"
  volunteers: 3
  reach: 500
  days: "lunar 3,8"
- id: square
  name: 人民广场
  kind: square
  hours: "18:30-20:30"
  volunteers: 2
  reach: 400
  days: "weekly Sat,Sun"
- id: big-square
  name: 体育广场
  kind: square
  hours: "09:00-11:00"
  volunteers: 12
  reach: 100
  days: "weekly Sun"
"""

VOLUNTEERS = """\
- {id: v001, name: 甲一, phone: "13900000001", roles: [发放资料], available: []}
- {id: v002, name: 乙二, phone: "13900000002", roles: [宣讲, 咨询], available: []}
- {id: v003, name: 丙三, phone: "13900000003", roles: [发放资料], available: [Sat, Sun]}
- {id: v004, name: 丁四, phone: "13900000004", roles: [咨询], available: [Mon, Tue, Wed, Thu, Fri]}
- {id: v005, name: 戊五, phone: "13900000005", roles: [摄影], available: [2026-04-07, 2026-04-12]}
- {id: v006, name: 己六, phone: "13900000006", roles: [发放资料], available: [Tue, Thu]}
"""


def campaign(day: str, year: int, venues: str, materials: str = "[]") -> str:
    return f"""\
---
day: {day}
year: {year}
title: {year} 年测试宣传活动
venues: {venues}
materials: {materials}
---
## 活动目的

测试。
"""


FILES = {
    "content/awareness-days.yml": DAYS,
    "content/plan.yml": PLAN,
    "content/venues.yml": VENUES,
    "private/volunteers.yml": VOLUNTEERS,
    "content/campaigns/feb-2026.md": campaign("test-feb-day", 2026, "[station]"),
    "content/campaigns/sep-2026.md": campaign("test-sep-day", 2026, "[station]"),
    "content/campaigns/apr-2026.md": campaign(
        "test-apr-day", 2026, "[station, east-market, west-market, square]", "[apr-leaflet, apr-poster]"
    ),
    "content/campaigns/whd-2026.md": campaign("world-health-day", 2026, "[station, west-market, square]"),
    "content/campaigns/jun-2026.md": campaign("test-jun-day", 2026, "[big-square]"),
    "content/campaigns/mar-2031.md": campaign("test-mar-day", 2031, "[station]"),
    "content/campaigns/feb-2031.md": campaign("test-feb-day", 2031, "[station]"),
    "content/materials/apr-leaflet.md": """\
        ---
        title: 测试折页
        kind: leaflet
        campaigns: [apr-2026]
        status: approved
        reviewed_by: 测试医生
        reviewed_on: 2026-01-05
        ---
        正文。
        """,
    "content/materials/apr-poster.md": """\
        ---
        title: 测试海报
        kind: poster
        status: approved
        reviewed_by: 测试医生
        reviewed_on: 2026-01-05
        print: {quantity: 250}
        ---
        正文。
        """,
}


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("plan") / "proj", FILES)
    project, _ = load_project(root)
    return project, plan_project(project)


def dues(planset, cid):
    return {t.id: t.due for t in planset.plans[cid].tasks}


# -- tasks on the official calendar ----------------------------------------------------------


def test_spring_festival_make_up_saturdays_count_and_the_holiday_monday_is_skipped(planned):
    _, ps = planned
    # 2026-02-26 (Thu). Off 02-15..02-23 (02-23 is a Monday); Saturdays 02-14 and 02-28 worked.
    assert dues(ps, "feb-2026") == {
        "plan": D(2026, 2, 10),
        "print": D(2026, 2, 14),  # 02-25, 02-24, then the make-up Saturday (02-23 Monday is a holiday)
        "notice": D(2026, 2, 25),
        "news": D(2026, 2, 28),  # Fri 02-27, then the make-up Saturday 02-28
        "report": D(2026, 3, 3),
    }


def test_mid_autumn_and_national_day_are_skipped(planned):
    _, ps = planned
    # 2026-09-29 (Tue). Off 09-25..27 and 10-01..07; Sunday 09-20 and Saturday 10-10 worked.
    assert dues(ps, "sep-2026") == {
        "plan": D(2026, 9, 18),  # 28, 24, 23, 22, 21, Sun 20 (worked), 18
        "print": D(2026, 9, 23),
        "notice": D(2026, 9, 28),
        "news": D(2026, 10, 8),  # 09-30, then after the National Day week
        "report": D(2026, 10, 10),  # the make-up Saturday
    }


def test_tasks_are_in_due_order_and_due_on_working_days(planned):
    _, ps = planned
    from xuanjiao.schedule import work_calendar

    cal = work_calendar(planned[0])
    for plan in ps.plans.values():
        due = [t.due for t in plan.tasks]
        assert due == sorted(due)
        assert all(cal.is_workday(d) for d in due)


def test_a_year_without_official_data_plans_mon_to_fri_and_warns_once(planned):
    _, ps = planned
    assert dues(ps, "mar-2031")["notice"] == D(2031, 3, 7)  # Monday 03-10 -> Friday before
    assert dues(ps, "mar-2031")["news"] == D(2031, 3, 12)
    missing = [d for d in ps.diagnostics if "2031" in d.message and "work calendar" in d.message]
    assert len(missing) == 1, missing  # two campaigns in 2031, one warning
    assert missing[0].severity == "warning"
    assert "content/holidays.yml" in missing[0].hint
    assert missing[0].path == "content/campaigns/feb-2031.md"  # the first one that needs it
    assert any("2031" in w for w in ps.plans["mar-2031"].warnings)
    assert not any("work calendar" in w for w in ps.plans["apr-2026"].warnings)


# -- sessions ------------------------------------------------------------------------------------


def session_dates(plan, venue):
    return [s.date for s in plan.sessions if s.venue == venue]


def test_lunar_market_days_across_a_29_day_lunar_month(planned):
    _, ps = planned
    plan = ps.plans["apr-2026"]
    assert (plan.window_start, plan.window_end) == (D(2026, 4, 4), D(2026, 4, 21))
    # Lunar month 2 of 2026 runs 03-19..04-16 (29 days, so no day 30); month 3 starts 04-17.
    assert session_dates(plan, "east-market") == [D(2026, 4, 7), D(2026, 4, 12), D(2026, 4, 21)]  # 2-20, 2-25, 3-05
    assert session_dates(plan, "west-market") == [D(2026, 4, 5), D(2026, 4, 10), D(2026, 4, 15), D(2026, 4, 19)]
    assert session_dates(plan, "square") == [D(2026, 4, d) for d in (4, 5, 11, 12, 18, 19)]
    assert session_dates(plan, "station") == [D(2026, 4, 4) + dt.timedelta(days=i) for i in range(18)]


def test_sessions_use_the_venue_hours_and_are_in_time_order(planned):
    _, ps = planned
    plan = ps.plans["apr-2026"]
    market = next(s for s in plan.sessions if s.venue == "west-market" and not s.partners)
    assert (market.start, market.end, market.needed) == ("07:00", "11:00", 3)
    joint = next(s for s in plan.sessions if s.venue == "west-market" and s.partners)  # with whd-2026
    assert (joint.start, joint.end, joint.needed) == ("07:00", "11:00", 4)
    keys = [(s.date, s.start) for s in plan.sessions]
    assert keys == sorted(keys)


# -- volunteers --------------------------------------------------------------------------------


def all_sessions(ps):
    """Every session once: a joint session is listed in each of its campaigns' plans."""
    return [s for p in ps.plans.values() for s in p.sessions if s.reported_here]


def overlaps(a: Session, b: Session) -> bool:
    return a.date == b.date and a.start < b.end and b.start < a.end


def test_nobody_is_in_two_places_at_once_across_campaigns(planned):
    _, ps = planned
    by_person = defaultdict(list)
    for s in all_sessions(ps):
        for vid in s.volunteers:
            by_person[vid].append(s)
    # apr-2026 and whd-2026 overlap (04-04..04-14) and share the station and the market
    shared_days = {s.date for s in ps.plans["whd-2026"].sessions} & {s.date for s in ps.plans["apr-2026"].sessions}
    assert shared_days
    # where they meet at one venue on one day it is one joint session with one roster
    apr = {(s.venue, s.date): s for s in ps.plans["apr-2026"].sessions}
    joint = [(s, apr[(s.venue, s.date)]) for s in ps.plans["whd-2026"].sessions if (s.venue, s.date) in apr]
    assert joint and all(a.partners == ("apr-2026",) and b.partners == ("whd-2026",) for a, b in joint)
    assert all(a.assignments == b.assignments and a.host == b.host == "whd-2026" for a, b in joint)
    for vid, sessions in by_person.items():
        for a, b in combinations(sessions, 2):
            assert not overlaps(a, b), (vid, a, b)


def test_unavailable_volunteers_are_never_assigned(planned):
    project, ps = planned
    seen = set()
    for s in all_sessions(ps):
        for vid in s.volunteers:
            assert project.volunteers[vid].available_on(s.date), (vid, s.date)
            seen.add((vid, s.date))
    assert ("v005", D(2026, 4, 7)) in seen or ("v005", D(2026, 4, 12)) in seen  # date-only people are used
    assert not any(vid == "v005" and d not in (D(2026, 4, 7), D(2026, 4, 12)) for vid, d in seen)


def test_a_session_with_too_few_people_is_a_warning_naming_it(planned):
    _, ps = planned
    plan = ps.plans["jun-2026"]
    (first, *_) = plan.sessions
    assert first.venue == "big-square" and first.needed == 12
    # 2026-06-14 is a Sunday: v001, v002, v003 are free; nine places are missing
    sunday = next(s for s in plan.sessions if s.date == D(2026, 6, 14))
    assert sunday.volunteers == ("v001", "v002", "v003") and sunday.short == 9
    assert "volunteer shortfall: big-square 2026-06-14 09:00-11:00 needs 12, 3 assigned (9 short)" in plan.warnings
    diag = [d for d in ps.diagnostics if "jun-2026" in d.message and "not enough volunteers" in d.message]
    assert len(diag) == 1 and diag[0].severity == "warning"
    assert "2026-06-14 09:00-11:00 (9 short)" in diag[0].message
    assert diag[0].path == "content/campaigns/jun-2026.md" and diag[0].line == 5  # the venues: line


def test_no_names_in_public_warnings(planned):
    project, ps = planned
    names = [v.name for v in project.volunteers.values()] + [v.phone for v in project.volunteers.values()]
    for plan in ps.plans.values():
        for w in plan.warnings:
            assert not any(n in w for n in names)


def test_planning_is_deterministic(planned):
    project, ps = planned
    again = plan_project(project)
    assert again.plans == ps.plans
    assert again.diagnostics == ps.diagnostics


def sessions_on(date: dt.date, specs: list[tuple[str, str, str, int]]) -> list[Session]:
    return [Session("c", venue, date, start, end, need) for venue, start, end, need in specs]


def volunteers(spec: dict[str, tuple[list[str], list]]):
    from xuanjiao.content.models import Volunteer

    return {vid: Volunteer(id=vid, name=vid, roles=roles, available=avail) for vid, (roles, avail) in spec.items()}


def test_load_is_spread_with_ties_broken_by_id():
    people = volunteers({f"v{i}": (["发放资料"], []) for i in range(1, 5)})
    day = D(2026, 5, 6)
    sessions = sessions_on(
        day,
        [
            ("a", "07:00", "08:00", 1),
            ("b", "08:00", "09:00", 1),
            ("c", "09:00", "10:00", 1),
            ("d", "10:00", "11:00", 1),
            ("e", "11:00", "12:00", 1),
        ],
    )
    got = assign(sessions, people)
    order = [got[s.key][0].volunteer for s in sessions]
    assert order == ["v1", "v2", "v3", "v4", "v1"]  # back-to-back sessions do not overlap


def test_a_speaker_or_counsellor_is_included_when_one_is_free():
    people = volunteers({"v1": (["发放资料"], []), "v2": (["发放资料"], []), "v3": (["摄影", "咨询"], [])})
    (s,) = sessions_on(D(2026, 5, 6), [("a", "08:00", "10:00", 2)])
    got = assign([s], people)[s.key]
    assert [a.volunteer for a in got] == ["v1", "v3"]
    assert {a.volunteer: a.role for a in got} == {"v1": "发放资料", "v3": "咨询"}


def test_scarce_volunteers_are_shared_between_concurrent_sessions():
    people = volunteers({f"v{i}": (["宣讲"], []) for i in range(1, 5)})
    sessions = sessions_on(D(2026, 5, 6), [("a", "07:00", "11:00", 4), ("b", "08:00", "11:00", 4)])
    got = assign(sessions, people)
    assert [len(got[s.key]) for s in sessions] == [2, 2]


def test_volunteers_stay_near_home_and_the_market_is_not_left_short():
    """The station session comes first in the day; the market town's people must not be
    sent there while the market needs them (issue: a team member was, the market one short)."""
    from xuanjiao.content.models import Venue, Volunteer

    venues = {
        "station": Venue(id="station", name="县火车站站前广场", hours="07:00-11:00"),
        "market": Venue(id="market", name="高坡镇赶场点", address="高坡镇老场坝", hours="07:30-11:00"),
    }
    people = {
        "v1": Volunteer(id="v1", name="a", roles=["宣讲"], team="县青年志愿者服务队"),
        "v2": Volunteer(id="v2", name="b", roles=["宣讲"], team="高坡镇卫生院志愿服务队"),
        "v3": Volunteer(id="v3", name="c", roles=["发放资料"], home="market"),
        "v4": Volunteer(id="v4", name="d", roles=["发放资料"], team="岚峰县高坡镇青年志愿者"),
        "v5": Volunteer(id="v5", name="e", roles=["发放资料"]),
    }
    sessions = sessions_on(D(2026, 5, 6), [("station", "07:00", "11:00", 2), ("market", "07:30", "11:00", 3)])
    got = assign(sessions, people, venues)
    assert {a.volunteer for a in got[sessions[1].key]} == {"v2", "v3", "v4"}
    assert {a.volunteer for a in got[sessions[0].key]} == {"v1", "v5"}


def test_home_people_go_first_even_with_a_lighter_load_elsewhere():
    from xuanjiao.content.models import Venue, Volunteer

    venues = {"market": Venue(id="market", name="水口镇农贸市场")}
    people = {
        "v1": Volunteer(id="v1", name="a", roles=["宣讲"]),
        "v9": Volunteer(id="v9", name="b", roles=["宣讲"], home="market"),
    }
    (s,) = sessions_on(D(2026, 5, 6), [("market", "08:00", "10:00", 1)])
    assert [a.volunteer for a in assign([s], people, venues)[s.key]] == ["v9"]
    assert [a.volunteer for a in assign([s], people)[s.key]] == ["v1"]  # without venues: by load, then id


def test_a_volunteer_home_must_be_a_known_venue(make_project):
    root = make_project(
        {
            "content/venues.yml": "- {id: gaopo-market, name: 高坡镇赶场点, kind: market, days: daily}\n",
            "private/volunteers.yml": "- {id: v1, name: 吴秀兰, home: gaopo-markt}\n",
        }
    )
    from xuanjiao.errors import BuildError

    with pytest.raises(BuildError) as failed:
        load_project(root)
    errors = [d for d in failed.value.diagnostics if d.severity == "error"]
    assert [(d.path, d.line, d.col) for d in errors] == [("private/volunteers.yml", 1, 29)]
    assert "gaopo-markt" in errors[0].message and "gaopo-market" in errors[0].hint


# -- print quantities ----------------------------------------------------------------------------


def test_copies_are_rounded_up_to_a_hundred_with_exact_arithmetic():
    assert copies_for(1000, 0.1) == 1100  # float: 1100.0000000000002 would round up to 1200
    assert copies_for(1001, 0.1) == 1200
    assert copies_for(0, 0.1) == 0
    assert copies_for(90, 0.0) == 100


def test_quantities_follow_reach_unless_the_material_sets_one(planned):
    project, ps = planned
    plan = ps.plans["apr-2026"]
    reach = {vid: v.reach for vid, v in project.venues.items()}
    expected_reach = sum(reach[s.venue] for s in plan.sessions)
    assert expected_reach == 18 * 1000 + 3 * 333 + 4 * 500 + 6 * 400 == 23399
    quantities = {q.material: q.quantity for q in plan.print}
    assert quantities == {"apr-leaflet": 25800, "apr-poster": 250}  # 23399 × 1.1 = 25738.9 -> 25800


def test_the_synthetic_bench_project_plans_cleanly():
    project = synthetic_project(campaigns=6, venues=20, volunteers=40)
    ps = plan_project(project)
    assert len(ps.plans) == 6
    assert not [d for d in ps.diagnostics if d.severity == "error"]
    by_person = defaultdict(list)
    for s in all_sessions(ps):
        for vid in s.volunteers:
            assert project.volunteers[vid].available_on(s.date)
            by_person[vid].append(s)
    for sessions in by_person.values():
        for a, b in combinations(sessions, 2):
            assert not overlaps(a, b)


# -- problems reported, never silence ----------------------------------------------------------------


def test_campaign_problems_are_diagnostics_with_locations(make_project):
    root = make_project(
        {
            "content/awareness-days.yml": """\
            - {id: leap-day, name: {zh-CN: 闰日}, date: "02-29"}
            """,
            "content/venues.yml": """\
            - {id: sat-market, name: 周六集市, hours: "07:00-09:00", volunteers: 1, days: "weekly Sat"}
            - {id: hall, name: 大厅, hours: "09:00-10:00", volunteers: 1, days: daily}
            """,
            "content/plan.yml": "window: {before: 0, after: 0}\ntasks: []\n",
            "content/campaigns/leap-2026.md": campaign("leap-day", 2026, "[hall]"),
            "content/campaigns/whd-a.md": campaign("world-health-day", 2026, "[sat-market, hall]"),
            "content/campaigns/whd-b.md": campaign("world-health-day", 2026, "[hall]"),
        }
    )
    project, _ = load_project(root)
    ps = plan_project(project)
    errors = {(d.path, d.line): d.message for d in ps.diagnostics if d.severity == "error"}
    assert errors[("content/campaigns/leap-2026.md", 3)].startswith("'leap-day' (02-29) has no date in 2026")
    assert "'whd-a' and 'whd-b' are both for 'world-health-day' in 2026" in errors[("content/campaigns/whd-b.md", 2)]
    plan = ps.plans["whd-a"]
    assert [s.venue for s in plan.sessions] == ["hall"]  # 2026-04-07 is a Tuesday: no Saturday market
    assert any("venue 'sat-market' has no session" in w for w in plan.warnings)
    none = [d for d in ps.diagnostics if d.path == "private/volunteers.yml"]
    assert len(none) == 1 and "no volunteers are listed" in none[0].message  # one warning, not one per venue
    assert not any("not enough volunteers" in d.message for d in ps.diagnostics)


def test_the_plan_document_says_when_due_dates_are_not_official(planned):
    from xuanjiao.schedule.document import build_document

    project, ps = planned
    assert ps.plans["mar-2031"].unofficial_years == (2031,)
    text = str(build_document(project, ps.plans["mar-2031"]).sections[3])
    assert "2031年节假日安排尚未公布，暂按周一至周五推算" in text
    assert "已按国家法定节假日和调休安排推算" in str(build_document(project, ps.plans["feb-2026"]).sections[3])


def test_the_issue_case_planned_whole_the_town_team_goes_to_its_market(make_project):
    """Issue 19, point 4, through the planner: on a 高坡镇 market day the town team's volunteer,
    free that day, is at the market, not at the station the roster fills first, and the market
    is not left one short while the station is full."""
    root = make_project(
        {
            "content/awareness-days.yml": '- {id: test-may-day, name: {zh-CN: 五月测试日}, date: "05-09", '
            "source: https://example.org/m}\n",
            "content/plan.yml": "window: {before: 0, after: 0}\ntasks: []\n",
            "content/venues.yml": """\
            - {id: station, name: 县火车站站前广场, kind: station, hours: "07:00-11:00", volunteers: 2, days: daily}
            - {id: gaopo-market, name: 高坡镇赶场点, address: 高坡镇老场坝, kind: market, hours: "07:30-11:00",
               volunteers: 2, days: "lunar 3,8"}
            """,
            "private/volunteers.yml": """\
            - {id: a1, name: 甲, phone: "13900000001", team: 县青年志愿者服务队, roles: [宣讲], available: []}
            - {id: a2, name: 乙, phone: "13900000002", team: 县青年志愿者服务队, roles: [发放资料], available: []}
            - {id: g1, name: 丙, phone: "13900000003", team: 高坡镇卫生院志愿服务队, roles: [宣讲], available: []}
            - {id: g2, name: 丁, phone: "13900000004", team: 高坡镇卫生院志愿服务队, roles: [发放资料], available: [2026-05-09]}
            """,
            "content/campaigns/may-2026.md": campaign("test-may-day", 2026, "[station, gaopo-market]"),
        }
    )
    project, _ = load_project(root)
    plan = plan_project(project).plans["may-2026"]
    by_venue = {s.venue: s for s in plan.sessions}
    assert by_venue["gaopo-market"].date == D(2026, 5, 9)  # lunar 3-23, a market day
    assert by_venue["gaopo-market"].volunteers == ("g1", "g2") and not by_venue["gaopo-market"].short
    assert by_venue["station"].volunteers == ("a1", "a2")
