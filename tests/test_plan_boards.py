"""Board refresh (更换宣传栏) tasks in the plans, with exact dates on the 2026 official calendar,
and the stale-board warning."""

from __future__ import annotations

import datetime as dt
import json

from conftest import write_project
from xuanjiao.content.loader import load_project
from xuanjiao.schedule import plan_project
from xuanjiao.schedule.boards import add_months
from xuanjiao.schedule.plan_json import plan_json

SITE = """\
title: 测试县卫生健康宣传
organization: 测试县卫生健康局
standards: {board_refresh_months: 3}
"""
VENUES = """\
- id: east-market
  name: 东关集市
  days: daily
  boards: 2
- id: west-square
  name: 西广场
  days: daily
  boards: 1
- id: no-boards
  name: 南街
  days: daily
"""
CAMPAIGN = """\
---
day: {day}
year: 2026
title: 活动 {day}
venues: [no-boards]
---
正文
"""
BOARD = """\
---
title: 宣传栏第{n}期
kind: board
status: approved
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-01-02
issue: {n}
venue: {venue}
posted_on: {posted}
---
## 一

甲
"""


def project(tmp_path):
    root = write_project(
        tmp_path / "p",
        {
            "content/site.yml": SITE,
            "content/venues.yml": VENUES,
            "content/campaigns/whd.md": CAMPAIGN.format(day="world-health-day"),  # 2026-04-07
            "content/campaigns/aids.md": CAMPAIGN.format(day="world-aids-day"),  # 2026-12-01
            "content/materials/b1.md": BOARD.format(n=1, venue="east-market", posted="2026-03-20"),
            "content/materials/b2.md": BOARD.format(n=1, venue="west-square", posted="2025-12-15"),
        },
    )
    proj, diags = load_project(root)
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]
    return proj


def board_tasks(plan):
    return [(t.id, t.due.isoformat(), t.title) for t in plan.tasks if t.id.startswith("board-")]


def test_refresh_tasks_every_n_months_per_board(tmp_path):
    plans = plan_project(project(tmp_path)).plans
    whd, aids = board_tasks(plans["whd"]), board_tasks(plans["aids"])
    # January and April go with World Health Day (7 April); July and October with World AIDS Day.
    # 1 January 2026 is New Year's Day; Sunday 4 January is an official make-up working day.
    assert whd == [
        ("board-east-market-1-2026-01", "2026-01-04", "更换宣传栏：东关集市（1号栏）"),
        ("board-east-market-2-2026-01", "2026-01-04", "更换宣传栏：东关集市（2号栏）"),
        ("board-west-square-1-2026-01", "2026-01-04", "更换宣传栏：西广场"),
        ("board-east-market-1-2026-04", "2026-04-01", "更换宣传栏：东关集市（1号栏）"),
        ("board-east-market-2-2026-04", "2026-04-01", "更换宣传栏：东关集市（2号栏）"),
        ("board-west-square-1-2026-04", "2026-04-01", "更换宣传栏：西广场"),
    ]
    assert [d for _, d, _ in aids] == ["2026-07-01"] * 3 + ["2026-10-08"] * 3  # after the 1-7 October holiday
    assert not any("no-boards" in i for i, _, _ in whd + aids)
    data = json.loads(plan_json(plans["whd"]))
    assert {
        "id": "board-west-square-1-2026-04",
        "title": "更换宣传栏：西广场",
        "due": "2026-04-01",
        "owner": "宣传科",
    } in data["tasks"]
    assert [t["due"] for t in data["tasks"]] == sorted(t["due"] for t in data["tasks"])


def test_stale_board_warnings(tmp_path, monkeypatch):
    plans = plan_project(project(tmp_path)).plans
    # 7 April: east-market's issue of 20 March is fresh; west-square's of 15 Dec 2025 is older than 3 months
    assert [w for w in plans["whd"].warnings if "bulletin board" in w] == [
        "bulletin board at 西广场: the last issue, posted 2025-12-15, is more than 3 months old on 2026-04-07"
    ]
    assert [w for w in plans["aids"].warnings if "bulletin board" in w] == [
        "bulletin board at 东关集市: the last issue, posted 2026-03-20, is more than 3 months old on 2026-12-01",
        "bulletin board at 西广场: the last issue, posted 2025-12-15, is more than 3 months old on 2026-12-01",
    ]
    # a plan is read by the office in Chinese: the venue by its name, no English word in between
    monkeypatch.setenv("XUANJIAO_LANG", "zh-CN")
    plans = plan_project(project(tmp_path / "zh")).plans
    assert [w for w in plans["whd"].warnings if "宣传栏" in w] == [
        "西广场宣传栏：最近一期（2025-12-15张贴）到 2026-04-07 已超过 3 个月，该换新一期了"
    ]


def test_add_months_clamps():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 12, 15), 3) == dt.date(2026, 3, 15)
