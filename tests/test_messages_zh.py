"""Diagnostics in the writer's language: under a Chinese locale every line `check` prints is
Chinese, parser and pydantic English never shows, and a full-width colon is reported at itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from test_check_errors import CAMPAIGN, MATERIAL, VENUES, base

ENGLISH_LEAKS = (
    "mapping values",
    "could not find expected",
    "found character",
    "Input should",
    "Field required",
    "Extra inputs",
    "validation error",
    "cannot start any token",
    "while scanning",
)

LEAFLET = """\
---
title: 测试三折页
kind: leaflet
campaigns: [whd]
status: draft
sources: ["国家卫生健康委"]
---
本药可以根治高血压。

[点我](javascript:alert(1))

![网上的图](https://example.com/a.png)
"""

BROKEN = {
    "yaml-syntax": {"content/venues.yml": "- id: east-station\n  name: [东站\n  kind: station\n"},
    "mapping-values": {"content/venues.yml": VENUES.replace("name: 东站", "name: 东站: 北广场")},
    "tab": {"content/venues.yml": VENUES.replace("  kind: station", "\tkind: station")},
    "fullwidth-colon": {"content/materials/poster-a.md": MATERIAL.replace("kind: poster", "kind：poster")},
    "unknown-key": {"content/materials/poster-a.md": MATERIAL.replace("status: draft", "status: draft\ncolour: red")},
    "bad-kind": {"content/materials/poster-a.md": MATERIAL.replace("kind: poster", "kind: postre")},
    "unknown-ids": {
        "content/campaigns/whd.md": CAMPAIGN.replace("world-health-day", "world-helth-day").replace(
            "[east-station]", "[east-statoin]"
        )
    },
    "bad-date": {
        "content/materials/poster-a.md": MATERIAL.replace("status: draft", "status: draft\nreviewed_on: 2026-13-01")
    },
    "not-a-number": {"content/venues.yml": VENUES + "  volunteers: 很多\n"},
    "missing-review": {"content/materials/poster-a.md": MATERIAL.replace("status: draft", "status: approved")},
    "missing-field": {"content/materials/poster-a.md": MATERIAL.replace("title: 健康海报\n", "")},
    "unsafe-and-lint": {"content/materials/leaf.md": LEAFLET},
    "front-matter": {"content/materials/poster-a.md": "---\ntitle: x\nkind: poster\n"},
    "bad-rule": {"content/awareness-days.yml": "- id: my-day\n  name: {zh-CN: 我的日子}\n  date: 5th Monday of May\n"},
}


def check(project, lang_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("XUANJIAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(lang_env)
    return subprocess.run(
        [sys.executable, "-m", "xuanjiao", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_diagnostic_is_chinese_under_a_chinese_locale(make_project, name):
    proj = make_project(base(**BROKEN[name]))
    result = check(proj, {"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert chinese(line), line
        assert not any(leak in line for leak in ENGLISH_LEAKS), line
    diagnostics = [line for line in lines if re.match(r"^\S+:\d+(:\d+)?: ", line) or line.startswith("content/")]
    assert diagnostics and all(re.search(r": (错误|警告): ", d) for d in diagnostics), lines
    assert re.search(r"\d+ 个错误，\d+ 个警告", result.stderr)


def test_fullwidth_colon_is_reported_at_the_colon_with_a_hint_naming_it(make_project):
    proj = make_project(base(**BROKEN["fullwidth-colon"]))
    result = check(proj, {"LANG": "zh_CN.UTF-8"})
    # line 3 of the file ("kind：poster"); the colon is the 5th character
    assert "content/materials/poster-a.md:3:5: 错误: " in result.stderr, result.stderr
    assert "提示：第 3 行的“：”是中文冒号，请改成英文冒号“:”并在后面加一个空格" in result.stderr


@pytest.mark.parametrize(
    "slip, where, word",
    [
        ("  kind: station", "content/venues.yml:3:1:", "Tab"),
        ("\u3000 kind: station", "content/venues.yml:3:1:", "全角空格"),
    ],
)
def test_indentation_slips_are_reported_at_their_character(make_project, slip, where, word):
    text = VENUES.replace("  kind: station", slip.replace("  kind", "\tkind") if word == "Tab" else slip)
    result = check(make_project(base(**{"content/venues.yml": text})), {"XUANJIAO_LANG": "zh-CN"})
    assert where in result.stderr and word in result.stderr, result.stderr


def test_chinese_quotes_around_a_value_are_named(make_project):
    text = VENUES.replace("name: 东站", "name: “东站: 北广场”")
    result = check(make_project(base(**{"content/venues.yml": text})), {"XUANJIAO_LANG": "zh-CN"})
    assert "content/venues.yml:2:9: 错误: " in result.stderr and "中文引号" in result.stderr, result.stderr


def test_xuanjiao_lang_en_gives_english(make_project):
    proj = make_project(base(**BROKEN["fullwidth-colon"]))
    result = check(proj, {"LANG": "zh_CN.UTF-8", "XUANJIAO_LANG": "en"})
    assert "content/materials/poster-a.md:3:5: error: YAML syntax error: '：' after a key" in result.stderr
    assert "  hint: the '：' on line 3 is a Chinese colon" in result.stderr
    assert "1 error(s), 0 warning(s)" in result.stderr


def test_site_yml_first_language_chooses_when_the_locale_does_not(make_project):
    broken = BROKEN["unknown-key"]
    zh = make_project(base(**broken), name="zh")  # default languages: [zh-CN]
    assert ": 错误: 不认识的设置项 'colour'" in check(zh, {"LANG": "C.UTF-8"}).stderr
    site = "title: Test\norganization: Test\nlanguages: [en, zh-CN]\n"
    en = make_project(base(**broken, **{"content/site.yml": site}), name="en")
    assert ": error: unknown key 'colour'" in check(en, {"LANG": "en_US.UTF-8"}).stderr
    assert ": 错误: " in check(en, {"LC_ALL": "zh_CN.UTF-8"}).stderr  # a Chinese locale wins
