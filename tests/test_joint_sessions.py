"""Joint sessions (联合开展, issue 19): two campaigns whose windows both hold a lunar market day
at one venue get one session there, one roster, listed in both plans; the forms filled as
produced roll up with no error, the joint row counted once; the same row in two files is an
error naming both places. Real projects, real plans, real xlsx files."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from openpyxl import load_workbook

EPOCH = "1767225600"  # 2026-01-01

DAYS = """\
- id: test-may-a
  name: {zh-CN: 五月甲日}
  date: "05-10"
  source: https://example.org/a
- id: test-may-b
  name: {zh-CN: 五月乙日}
  date: "05-14"
  source: https://example.org/b
"""

VENUES = """\
- id: willow-market
  name: 柳河镇集市
  kind: market
  address: 柳河镇老街
  hours: "07:00-11:00"
  volunteers: 3
  reach: 500
  days: "lunar 3,8"
"""

VOLUNTEERS = "".join(
    f'- {{id: v00{i}, name: 志愿者{i}, phone: "1390000000{i}", roles: [{role}], available: []}}\n'
    for i, role in enumerate(["宣讲", "发放资料", "咨询", "发放资料", "发放资料", "宣讲"], 1)
)


def campaign(day: str, title: str, message: str) -> str:
    return f"""\
---
day: {day}
year: 2026
title: {title}
venues: [willow-market]
---
## 活动目的

测试联合开展。

## 核心信息

- {message}
"""


FILES = {
    "content/awareness-days.yml": DAYS,
    "content/venues.yml": VENUES,
    "content/plan.yml": "window: {before: 7, after: 3}\ntasks:\n  - {id: report, title: 报送统计表, after: 3}\n",
    "private/volunteers.yml": VOLUNTEERS,
    "content/campaigns/a-2026.md": campaign("test-may-a", "2026 年五月甲日宣传活动", "甲活动的核心信息。"),
    "content/campaigns/b-2026.md": campaign("test-may-b", "2026 年五月乙日宣传活动", "乙活动的核心信息。"),
}
JOINT = dt.date(2026, 5, 9)  # lunar 3-23: inside both windows (05-03..05-13 and 05-07..05-17)


def run(root: Path, *args: str):
    from xuanjiao.cli import main

    return CliRunner().invoke(main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("joint") / "proj", FILES)
    result = run(root, "plan", "--year", "2026")
    assert result.exit_code == 0, result.output
    return root, result.output


@pytest.fixture
def project(planned, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(planned[0], root)
    return root


def plan_json(root: Path, day: str) -> dict:
    return json.loads((root / "build" / "plans" / "2026" / day / "plan.json").read_text("utf-8"))


def form_rows(path: Path) -> tuple[list, list[list]]:
    ws = load_workbook(path)["统计表"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    return rows[0], rows[1:]


def fill(root: Path, day: str, dest: str, start: int) -> list[int]:
    """Fill every row of the plan's report-form.xlsx as produced; returns the reach of each row."""
    path = root / "build" / "plans" / "2026" / day / "report-form.xlsx"
    wb = load_workbook(path)
    ws = wb["统计表"]
    header = [c.value for c in ws[1]]
    reach = []
    for n in range(2, ws.max_row + 1):
        ws.cell(row=n, column=header.index("宣传服务人数") + 1, value=start + n)
        ws.cell(row=n, column=header.index("发放宣传资料(份)") + 1, value=10 * n)
        reach.append(start + n)
    out = root / "private" / "reports" / dest
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return reach


def test_one_session_one_roster_listed_in_both_plans(planned):
    root, output = planned
    a, b = plan_json(root, "test-may-a"), plan_json(root, "test-may-b")
    ja = next(s for s in a["sessions"] if s["date"] == JOINT.isoformat())
    jb = next(s for s in b["sessions"] if s["date"] == JOINT.isoformat())
    assert ja["joint_with"] == ["b-2026"] and jb["joint_with"] == ["a-2026"]
    assert ja["reported_in"] == jb["reported_in"] == "a-2026"  # the campaign whose day comes first
    assert (ja["start"], ja["end"]) == (jb["start"], jb["end"]) == ("07:00", "11:00")
    assert ja["volunteers"] == jb["volunteers"] and len(ja["volunteers"]) == 4  # the venue's 3, one more for B
    others = [s for p in (a, b) for s in p["sessions"] if s["date"] != JOINT.isoformat()]
    assert others and all("joint_with" not in s and len(s["volunteers"]) == 3 for s in others)
    # the planning-time warning, at each campaign's venues: line
    assert (
        "content/campaigns/b-2026.md:5:" in output
        and "at 柳河镇集市 on" in output
        and "need 4 volunteers each, 1 more than b-2026 alone planned (3)" in output
    )
    for day, other in (("test-may-a", "2026 年五月乙日宣传活动"), ("test-may-b", "2026 年五月甲日宣传活动")):
        md = (root / "build" / "plans" / "2026" / day / "plan.md").read_text("utf-8")
        assert "柳河镇集市（联合开展）" in md and f"与《{other}》联合开展" in md


def test_the_joint_row_is_in_the_host_form_only_with_the_campaigns_it_served(planned):
    root, _ = planned
    header, rows = form_rows(root / "build" / "plans" / "2026" / "test-may-a" / "report-form.xlsx")
    assert header[-1] == "服务活动"
    assert [(r[0].date(), r[-1]) for r in rows] == [
        (dt.date(2026, 5, 4), "五月甲日"),
        (JOINT, "五月甲日、五月乙日（联合开展）"),
    ]
    _, rows = form_rows(root / "build" / "plans" / "2026" / "test-may-b" / "report-form.xlsx")
    assert [r[0].date() for r in rows] == [dt.date(2026, 5, 14)]


def test_a_volunteer_at_the_joint_session_gets_both_campaigns_messages(planned):
    root, _ = planned
    vid = plan_json(root, "test-may-a")["sessions"][1]["volunteers"][0]
    uids = set()
    for day in ("test-may-a", "test-may-b"):
        cal = Calendar.from_ical((root / "build" / "private" / "2026" / day / "volunteers" / f"{vid}.ics").read_bytes())
        joint = [e for e in cal.walk("VEVENT") if e["DTSTART"].dt.date() == JOINT]
        assert len(joint) == 1
        text = str(joint[0]["DESCRIPTION"])
        assert "甲活动的核心信息。" in text and "乙活动的核心信息。" in text and "联合开展" in text
        uids.add(str(joint[0]["UID"]))
    assert len(uids) == 1  # one event in both campaigns' calendars: importing both does not double it


def test_forms_filled_as_produced_roll_up_and_the_joint_row_counts_once(project):
    ra = fill(project, "test-may-a", "甲/report-form.xlsx", 100)
    rb = fill(project, "test-may-b", "乙/report-form.xlsx", 1000)
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.output
    wb = load_workbook(project / "build" / "reports" / "2026" / "summary.xlsx")
    year = [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
    header = year[0]
    total = next(r for r in year if r[0] == "合计")
    assert total[header.index("场次")] == 3  # May 4, the joint May 9, May 14
    assert total[header.index("宣传服务人数")] == sum(ra) + sum(rb)
    by_campaign = {r[0]: r for r in year[1:3]}
    assert by_campaign["2026 年五月甲日宣传活动"][header.index("宣传服务人数")] == sum(ra)
    assert by_campaign["2026 年五月乙日宣传活动"][header.index("宣传服务人数")] == rb[0] + ra[1]  # shown under both
    assert any(r[0] and str(r[0]).startswith("注：联合开展") for r in year)


def test_the_same_row_in_two_files_is_an_error_naming_both(project):
    fill(project, "test-may-a", "a.xlsx", 100)
    wb = load_workbook(project / "private" / "reports" / "a.xlsx")
    copy = load_workbook(project / "build" / "plans" / "2026" / "test-may-b" / "report-form.xlsx")
    ws = copy["统计表"]
    ws.append([c.value for c in wb["统计表"][3]])  # A's joint row, again in B's file
    copy.save(project / "private" / "reports" / "b.xlsx")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    assert (
        "private/reports/b.xlsx:统计表!A3: error: session 2026-05-09 at 'willow-market' is reported twice: "
        "here and at private/reports/a.xlsx:统计表!A3"
    ) in result.output
