"""A plan that contradicts its own goals is a warning at the campaign's `goals:` line (issue 19:
a reach goal of 8,000 beside a plan expecting 7,850; a materials goal of 4,000 with 3,000
printed), and a material two campaigns share is not counted in full by both."""

from __future__ import annotations

import json

from xuanjiao.content.loader import load_project
from xuanjiao.schedule import plan_project
from xuanjiao.schedule.consistency import split

DAYS = """\
- {id: test-jun-a, name: {zh-CN: 六月甲日}, date: "06-10", source: https://example.org/a}
- {id: test-jun-b, name: {zh-CN: 六月乙日}, date: "06-20", source: https://example.org/b}
"""
# 7 sessions a campaign (window 3 before, 3 after, daily): 7 × 1121 = 7847 ≈ 7,850 people
VENUES = '- {id: square, name: 人民广场, kind: square, hours: "18:30-20:30", volunteers: 0, reach: 1121, days: daily}\n'


def campaign(day: str, goals: str, materials: str = "[]") -> str:
    return f"""\
---
day: {day}
year: 2026
title: {day} 宣传活动
venues: [square]
materials: {materials}
goals: {goals}
---
正文。
"""


def material(quantity: int, campaigns: str) -> str:
    return f"""\
---
title: 共用手册
kind: brochure
campaigns: {campaigns}
status: approved
reviewed_by: 测试医生
reviewed_on: 2026-01-05
print: {{quantity: {quantity}}}
---
正文。
"""


def plan(make_project, files: dict[str, str]):
    root = make_project(
        {
            "content/awareness-days.yml": DAYS,
            "content/venues.yml": VENUES,
            "content/plan.yml": "window: {before: 3, after: 3}\ntasks: []\n",
            **files,
        }
    )
    project, _ = load_project(root)
    return root, plan_project(project)


def test_goals_above_the_plans_own_figures_are_warnings_at_the_goals_line(make_project):
    _, ps = plan(
        make_project,
        {
            "content/campaigns/a-2026.md": campaign("test-jun-a", "{reach: 8000, materials: 4000}", "[booklet]"),
            "content/materials/booklet.md": material(3000, "[a-2026]"),
        },
    )
    p = ps.plans["a-2026"]
    assert p.reach == 7847
    warned = [d for d in ps.diagnostics if d.path == "content/campaigns/a-2026.md" and "goal" in d.message]
    assert [(d.severity, d.line) for d in warned] == [("warning", 7), ("warning", 7)]
    assert "goal reach 8000 is more than the plan expects (7847" in warned[0].message
    assert "goal materials 4000 is more than the plan prints (3000 copies" in warned[1].message
    assert any("goal reach 8000" in w for w in p.warnings) and any("goal materials 4000" in w for w in p.warnings)


def test_goals_the_plan_meets_give_no_warning(make_project):
    _, ps = plan(
        make_project,
        {
            "content/campaigns/a-2026.md": campaign("test-jun-a", "{reach: 7800, materials: 3000}", "[booklet]"),
            "content/materials/booklet.md": material(3000, "[a-2026]"),
        },
    )
    assert not [d for d in ps.diagnostics if "goal" in d.message]


def test_a_shared_run_is_split_between_its_campaigns_not_printed_twice(make_project, tmp_path):
    from click.testing import CliRunner

    from xuanjiao.cli import main

    root, ps = plan(
        make_project,
        {
            "content/campaigns/a-2026.md": campaign("test-jun-a", "{}", "[booklet]"),
            "content/campaigns/b-2026.md": campaign("test-jun-b", "{}"),
            "content/materials/booklet.md": material(3001, "[a-2026, b-2026]"),
        },
    )
    a, b = (next(q for q in ps.plans[c].print if q.material == "booklet") for c in ("a-2026", "b-2026"))
    assert a.quantity + b.quantity == 3001 and {a.quantity, b.quantity} == {1500, 1501}
    assert (a.shared_with, b.shared_with, a.run, b.run) == (("b-2026",), ("a-2026",), 3001, 3001)
    result = CliRunner().invoke(main, ["build", "--project", str(root), "--only", "plans"])
    assert result.exit_code == 0, result.output
    md = (root / "build" / "plans" / "2026" / "test-jun-b" / "plan.md").read_text("utf-8")
    assert f"《共用手册》与《test-jun-a 宣传活动》共用，合计印制3001册，本活动使用{b.quantity}册" in md
    rows = json.loads((root / "build" / "plans" / "2026" / "test-jun-a" / "plan.json").read_text("utf-8"))["print"]
    assert rows == [{"material": "booklet", "quantity": a.quantity, "shared_with": ["b-2026"], "run": 3001}]


def test_split_adds_up_with_largest_remainders():
    assert split(3001, [1, 1]) == [1501, 1500]
    assert split(100, [1, 1, 1]) == [34, 33, 33]
    assert split(10, [0, 0]) == [5, 5]
    assert sum(split(2700, [7847, 3363, 1121])) == 2700
