"""Random and mutated content never crashes the loader: it loads or reports file:line errors."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_project
from xuanjiao.content.loader import load_project
from xuanjiao.errors import BuildError

LOCATED = re.compile(r"^[^:\n]+(:\d+(:\d+)?)?: (error|warning): ")

MATERIAL = """\
---
title: 健康海报
kind: poster
campaigns: [whd]
status: approved
reviewed_by: 王医生
reviewed_on: 2026-03-01
print: {quantity: 100, paper: 157g}
---
## 正文

- 要点
"""
CAMPAIGN = """\
---
day: world-health-day
year: 2026
title: 活动
venues: [east-station]
materials: [poster-a]
goals: {reach: 100}
---
正文
"""
VENUES = """\
- id: east-station
  name: 东站
  kind: station
  hours: "08:00-11:30"
  days: "lunar 3,8"
"""
DAYS = """\
- id: my-day
  name: {zh-CN: 我的日子}
  date: 2nd Monday of May
"""
TARGETS = {
    "content/materials/poster-a.md": MATERIAL,
    "content/campaigns/whd.md": CAMPAIGN,
    "content/venues.yml": VENUES,
    "content/awareness-days.yml": DAYS,
    "private/volunteers.yml": '- id: v001\n  name: 甲\n  phone: "13800000001"\n  available: [Sat]\n',
    "content/holidays.yml": "2027:\n  holidays: [2027-01-01]\n  workdays: []\n",
    "content/plan.yml": "window: {before: 3, after: 1}\ntasks:\n  - {id: plan, title: 方案, before: 5}\n",
    "content/site.yml": 'title: 测试\norganization: 测试局\nhotline: "12320"\n',
}

YAML_BITS = [
    "",
    ":",
    "- ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    "#",
    "&a",
    "*a",
    "!!python/object:os.system",
    "'",
    '"',
    "---",
    "...",
    "? ",
    "|",
    ">",
    "2026-02-30",
    "lunar 13-40",
    "5th Funday of Mayday",
    "null",
    "~",
    "99999999999999999999",
    "-1",
    "1e999",
    "é",
    "\u3000",
    "：",
    "\x00",
    "id: x",
    "kind: {a: b}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "<script>",
    "\ufeff",
]


def mutate(text: str, data: st.DataObject) -> str:
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["insert", "replace", "delete", "splice", "truncate"]))
        bit = data.draw(st.sampled_from(YAML_BITS) | st.text(max_size=12))
        if op == "insert":
            lines.insert(i, bit)
        elif op == "replace":
            lines[i] = bit
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "splice":
            j = data.draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:j] + bit + lines[i][j:]
        else:
            lines = lines[: i + 1]
    return "\n".join(lines)


def load_or_diagnose(files: dict[str, str]) -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        write_project(tmp, files)
        try:
            load_project(tmp)
        except BuildError as exc:
            assert exc.diagnostics, "an error run must say why"
            for d in exc.diagnostics:
                assert LOCATED.match(d.format()), d.format()
    finally:
        shutil.rmtree(tmp)


QUICK, LONG = 100, 500  # examples per file kind: the normal run, the slow run (scripts/test -m slow)


def _fuzz(target: str, examples: int = QUICK):
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.data())
    def run(data):
        files = dict(TARGETS)
        files[target] = mutate(files[target], data)
        load_or_diagnose(files)

    return run


test_fuzz_material = _fuzz("content/materials/poster-a.md")
test_fuzz_campaign = _fuzz("content/campaigns/whd.md")
test_fuzz_venues = _fuzz("content/venues.yml")
test_fuzz_days = _fuzz("content/awareness-days.yml")
test_fuzz_volunteers = _fuzz("private/volunteers.yml")
test_fuzz_holidays = _fuzz("content/holidays.yml")
test_fuzz_plan = _fuzz("content/plan.yml")
test_fuzz_site = _fuzz("content/site.yml")

test_fuzz_material_long = pytest.mark.slow(_fuzz("content/materials/poster-a.md", LONG))
test_fuzz_campaign_long = pytest.mark.slow(_fuzz("content/campaigns/whd.md", LONG))
test_fuzz_venues_long = pytest.mark.slow(_fuzz("content/venues.yml", LONG))
test_fuzz_days_long = pytest.mark.slow(_fuzz("content/awareness-days.yml", LONG))
test_fuzz_volunteers_long = pytest.mark.slow(_fuzz("private/volunteers.yml", LONG))
test_fuzz_holidays_long = pytest.mark.slow(_fuzz("content/holidays.yml", LONG))
test_fuzz_plan_long = pytest.mark.slow(_fuzz("content/plan.yml", LONG))
test_fuzz_site_long = pytest.mark.slow(_fuzz("content/site.yml", LONG))


def test_alias_bomb_and_deep_nesting_are_refused_with_a_location(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    deep = "title: " + "[" * 200 + "]" * 200 + "\norganization: x\n"
    for text in (bomb, deep):
        write_project(tmp_path, {"content/site.yml": text})
        try:
            load_project(tmp_path)
        except BuildError as exc:
            assert any(d.path == "content/site.yml" and d.line >= 1 for d in exc.diagnostics)
        else:
            raise AssertionError("should have been refused")


def test_empty_and_binary_files(tmp_path):
    write_project(tmp_path, dict(TARGETS))
    (tmp_path / "content/venues.yml").write_bytes(b"")
    (tmp_path / "content/materials/poster-a.md").write_bytes(b"\xff\xfe\x00\x01garbage")
    try:
        load_project(tmp_path)
    except BuildError as exc:
        assert any("poster-a.md" in d.path and "not UTF-8" in d.message for d in exc.diagnostics)
    else:
        raise AssertionError("binary material must be an error")


def test_huge_markdown_is_refused_with_a_message(tmp_path):
    write_project(tmp_path, dict(TARGETS))
    huge = tmp_path / "content/materials/huge.md"
    with open(huge, "w", encoding="utf-8") as f:
        f.write("---\ntitle: x\nkind: poster\n---\n")
        line = "很长的正文。" * 100 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line.encode()) + 1):
            f.write(line)
    try:
        load_project(tmp_path)
    except BuildError as exc:
        assert any(d.path == "content/materials/huge.md" and "limit is 5 MB" in d.message for d in exc.diagnostics)
    else:
        raise AssertionError("a 50 MB Markdown file must be refused")
