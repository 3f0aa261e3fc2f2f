"""`xuanjiao check` on broken projects: exact file:line:col, all errors in one run, exit 1."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from xuanjiao.cli import main

CAMPAIGN = """\
---
day: world-health-day
year: 2026
title: 世界卫生日活动
venues: [east-station]
materials: [poster-a]
---
正文
"""
MATERIAL = """\
---
title: 健康海报
kind: poster
campaigns: [whd]
status: draft
---
正文
"""
VENUES = """\
- id: east-station
  name: 东站
  kind: station
  days: daily
"""


def base(**overrides: str) -> dict[str, str]:
    files = {
        "content/campaigns/whd.md": CAMPAIGN,
        "content/materials/poster-a.md": MATERIAL,
        "content/venues.yml": VENUES,
    }
    files.update(overrides)
    return files


def run_check(project) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_valid_project_passes(make_project):
    code, out = run_check(make_project(base()))
    assert code == 0, out


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"content/venues.yml": "- id: east-station\n  name: [东站\n  kind: station\n"},
            "content/venues.yml:3:7: error: YAML syntax error",
        ),
        (
            {"content/materials/poster-a.md": "---\ntitle: x\nkind: poster\n"},
            "content/materials/poster-a.md:1:1: error: front matter is not closed",
        ),
        (
            {"content/materials/poster-a.md": MATERIAL.replace("status: draft", "status: draft\ncolour: red")},
            "content/materials/poster-a.md:6:1: error: unknown key 'colour'",
        ),
        (
            {"content/materials/poster-a.md": MATERIAL.replace("kind: poster", "kind: postre")},
            "content/materials/poster-a.md:3:7: error: kind: unknown value 'postre'",
        ),
        (
            {
                "content/campaigns/whd.md": CAMPAIGN.replace(
                    "venues: [east-station]", "venues: [east-station, east-statoin]"
                )
            },
            "content/campaigns/whd.md:5:24: error: unknown venue 'east-statoin'",
        ),
        (
            {"content/venues.yml": VENUES + VENUES.replace("东站", "东站二")},
            "content/venues.yml:5:7: error: duplicate venue id 'east-station'",
        ),
        (
            {"content/awareness-days.yml": "- id: my-day\n  name: {zh-CN: 我的日子}\n  date: 5th Monday of May\n"},
            "content/awareness-days.yml:3:9: error:",
        ),
        ({"content/venues.yml": VENUES.replace("daily", '"lunar 3,x"')}, "content/venues.yml:4:17: error:"),
        (
            {"content/materials/poster-a.md": MATERIAL.replace("title: 健康海报\n", "")},
            "content/materials/poster-a.md:2:1: error: missing required field 'title'",
        ),
        (
            {
                "content/materials/poster-a.md": MATERIAL.replace(
                    "status: draft", "status: draft\nreviewed_on: 2026-13-01"
                )
            },
            "content/materials/poster-a.md:6:14: error: reviewed_on: '2026-13-01' is not a valid date",
        ),
    ],
)
def test_each_error_class_names_file_and_line(make_project, files, expected):
    code, out = run_check(make_project(base(**files)))
    assert code == 1
    assert expected in out, out


def test_unknown_id_suggests_the_closest(make_project):
    files = base(**{"content/campaigns/whd.md": CAMPAIGN.replace("world-health-day", "world-helth-day")})
    code, out = run_check(make_project(files))
    assert code == 1
    assert "content/campaigns/whd.md:2:6: error: unknown awareness day 'world-helth-day'" in out
    assert "did you mean 'world-health-day'?" in out


def test_all_errors_in_several_files_reported_in_one_run(make_project):
    files = base(
        **{
            "content/campaigns/whd.md": CAMPAIGN.replace("year: 2026", "year: 2026\nslogn: 口号"),
            "content/materials/poster-a.md": MATERIAL.replace("kind: poster", "kind: postre"),
            "content/venues.yml": VENUES.replace("kind: station", "kind: railway"),
            "content/pages/about.md": "---\ntitle: [x\n---\n",
        }
    )
    code, out = run_check(make_project(files))
    assert code == 1
    for where in (
        "content/campaigns/whd.md:4:1:",
        "content/materials/poster-a.md:3:7:",
        "content/venues.yml:3:9:",
        "content/pages/about.md:",
    ):
        assert where in out, out
    assert "4 error(s)" in out


def test_not_utf8_and_missing_site(make_project):
    proj = make_project(base())
    (proj / "content/materials/poster-a.md").write_bytes(MATERIAL.replace("正文", "\u6b63").encode("gb18030"))
    code, out = run_check(proj)
    assert code == 1 and "content/materials/poster-a.md:" in out and "not UTF-8" in out
    (proj / "content/site.yml").unlink()
    code, out = run_check(proj)
    assert code == 1 and "content/site.yml is missing" in out


def test_approved_without_review_is_an_error(make_project):
    files = base(**{"content/materials/poster-a.md": MATERIAL.replace("status: draft", "status: approved")})
    code, out = run_check(make_project(files))
    assert code == 1
    assert "content/materials/poster-a.md:5:9: error: material is approved but has no reviewed_by" in out


BOARD = """\
---
title: 宣传栏第三期
kind: board
status: draft
issue: 3
venue: east-station
---
正文
"""


def test_board_fields_that_would_be_ignored_are_warned_about(make_project):
    """A board without posted_on: never counts as the venue's latest issue; a venue without
    boards: never asks for it; a poster ignores issue:/posted_on:. Warnings, each at its key."""
    poster = MATERIAL.replace("kind: poster", "kind: poster\nissue: 2\nposted_on: 2026-03-01")
    files = base(**{"content/materials/poster-a.md": poster, "content/materials/board-3.md": BOARD})
    code, out = run_check(make_project(files))
    assert code == 0, out  # warnings only
    assert (
        "content/materials/board-3.md:6:8: warning: this board has venue: but no posted_on:, "
        "so it does not count as the venue's latest issue"
    ) in out
    assert "content/materials/board-3.md:6:8: warning: venue 'east-station' keeps no bulletin boards" in out
    assert "hint: add `boards: 1` to 'east-station' in content/venues.yml" in out
    assert "content/materials/poster-a.md:4:8: warning: issue: is for bulletin boards (kind: board)" in out
    assert "content/materials/poster-a.md:5:12: warning: posted_on: is for bulletin boards" in out
    fixed = BOARD.replace("venue: east-station", "venue: east-station\nposted_on: 2026-03-01")
    venues = VENUES + "  boards: 1\n"
    code, out = run_check(make_project(base(**{"content/materials/board-3.md": fixed, "content/venues.yml": venues})))
    assert code == 0 and "bulletin" not in out and "posted_on" not in out, out


def test_cli_never_prints_a_traceback_in_a_real_process(make_project):
    proj = make_project(base(**{"content/venues.yml": "- [oops\n"}))
    proc = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "check", "--project", str(proj)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("content/venues.yml:")


LOCAL_DAY = """\
- id: county-day
  name: {zh-CN: 县健康日}
  date: announced
  dates: {2026: 2026-05-20}
"""
COUNTY_CAMPAIGN = CAMPAIGN.replace("day: world-health-day", "day: county-day")


@pytest.mark.parametrize(
    "days, expected",
    [
        (
            LOCAL_DAY.replace(
                "  name: {zh-CN: 县健康日}\n  date: announced\n", "  date: announced\n  name: {zh-CN: 县健康日}\n"
            ).replace("- id: county-day\n  date: announced", "  date: announced\n- id: county-day"),
            "content/awareness-days.yml:",
        ),
        (LOCAL_DAY.replace("2026-05-20", "2026-02-30"), "content/awareness-days.yml:4:"),
        (LOCAL_DAY.replace("dates:", "dayz:"), "content/awareness-days.yml:4:3: error: unknown key 'dayz'"),
        ("", "content/campaigns/whd.md:2:6: error: unknown awareness day 'county-day'"),
    ],
)
def test_a_campaign_whose_day_failed_to_load_is_reported_not_a_crash(make_project, days, expected):
    """A careless paste in awareness-days.yml used to end in KeyError in the cross-checks."""
    code, out = run_check(
        make_project(base(**{"content/awareness-days.yml": days, "content/campaigns/whd.md": COUNTY_CAMPAIGN}))
    )
    assert code == 1 and expected in out, out


@pytest.mark.parametrize(
    "body, line",
    [
        ("\n".join("    " * i + "- 第" + str(i) + "层" for i in range(250)), 27),
        ("> " * 40 + "引文", 7),
        ("开头\n\n" + "*_重点 " * 600, 9),
    ],
)
def test_markdown_nested_too_deep_is_an_error_at_its_line(make_project, body, line):
    code, out = run_check(make_project(base(**{"content/materials/poster-a.md": MATERIAL.replace("正文", body)})))
    assert code == 1 and f"content/materials/poster-a.md:{line}:1: error:" in out, out


def test_an_empty_venues_file_does_not_hide_the_venues_campaigns_name(make_project):
    code, out = run_check(make_project(base(**{"content/venues.yml": ""})))
    assert code == 1 and "content/campaigns/whd.md:5:10: error: unknown venue 'east-station'" in out, out


def test_files_the_loader_does_not_read_are_named(make_project):
    """A material in a subfolder, saved as .MD, or a misspelt venues file used to vanish."""
    root = make_project(
        base(
            **{
                "content/materials/2026/whd-poster.md": MATERIAL,
                "content/materials/hiv-flyer.MD": MATERIAL,
                "content/materials/notes.txt": "x",
                "content/venue.yml": VENUES,
                "content/readme.docx": "x",
            }
        )
    )
    code, out = run_check(root)
    assert code == 0, out
    assert "content/materials/2026/: warning: ignored: subfolders of materials/ are not read" in out
    assert "content/materials/hiv-flyer.MD: warning: ignored: materials/ reads files ending in lowercase .md" in out
    assert "hint: rename it to hiv-flyer.md" in out
    assert "content/materials/notes.txt: warning: ignored: materials/ holds Markdown files (.md) only" in out
    assert "content/venue.yml: warning: ignored: content/venue.yml is not part of a project" in out
    assert "did you mean 'venues.yml'?" in out
    assert "content/readme.docx: warning: ignored" in out
