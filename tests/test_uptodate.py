"""A no-change rebuild costs one hash of the inputs (uptodate.py): `xuanjiao build` with
nothing changed touches nothing and reports what the last build reported; any change to an
input, an option, or an output it wrote makes a real build again."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_build import CAMPAIGN

MATERIAL = """\
---
title: 世界艾滋病日宣传单
kind: leaflet
campaigns: [aids]
status: approved
reviewed_by: 王医生
reviewed_on: 2026-01-05
---
# 知艾防艾

安全套可以有效预防艾滋病。
"""


def _build(project: Path, *args: str) -> tuple[dict, str]:
    """`xuanjiao build` in a fresh process (as a person runs it) -> (its --timings, its stderr)."""
    timings = project.parent / "timings.json"
    proc = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "build", "--project", str(project), "--timings", str(timings), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(timings.read_text(encoding="utf-8")), proc.stderr


def _tree(build: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.relative_to(build).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes())
        for p in build.rglob("*")
        if p.is_file()
    }


def test_a_rebuild_with_nothing_changed_does_nothing_and_says_the_same(make_project):
    proj = make_project({"content/campaigns/aids.md": CAMPAIGN, "content/materials/aids-leaflet.md": MATERIAL})
    first, said = _build(proj, "--only", "site")
    assert "site" in first
    before = _tree(proj / "build")
    again, said_again = _build(proj, "--only", "site")
    assert set(again) == {"uptodate"}, again  # no stage ran
    assert _tree(proj / "build") == before  # not a file touched
    assert _lines(said_again) == _lines(said)


def test_any_change_builds_again(make_project):
    proj = make_project({"content/campaigns/aids.md": CAMPAIGN, "content/materials/aids-leaflet.md": MATERIAL})
    _build(proj, "--only", "site")
    page = proj / "build" / "site" / "materials" / "aids-leaflet" / "index.html"
    assert "安全套可以有效预防艾滋病" in page.read_text(encoding="utf-8")

    material = proj / "content" / "materials" / "aids-leaflet.md"
    material.write_text(MATERIAL.replace("有效预防", "预防"), encoding="utf-8")  # an input
    seconds, _ = _build(proj, "--only", "site")
    assert "site" in seconds and "安全套可以预防艾滋病" in page.read_text(encoding="utf-8")

    seconds, _ = _build(proj, "--only", "site", "--drafts")  # an option
    assert "site" in seconds

    page.unlink()  # an output removed (or changed: its size and time are recorded)
    seconds, _ = _build(proj, "--only", "site", "--drafts")
    assert "site" in seconds and page.is_file()

    theme = proj / "themes" / "default" / "site" / "assets" / "extra.css"  # a theme file of the project
    theme.parent.mkdir(parents=True)
    theme.write_text("p { color: #222; }\n", encoding="utf-8")
    seconds, _ = _build(proj, "--only", "site", "--drafts")
    assert "site" in seconds

    seconds, _ = _build(proj, "--only", "site", "--drafts", "--jobs", "1")  # --jobs changes no output
    assert set(seconds) == {"uptodate"}


def test_a_build_with_the_cache_off_always_builds(make_project, monkeypatch):
    proj = make_project({"content/campaigns/aids.md": CAMPAIGN})
    _build(proj, "--only", "site")
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    seconds, _ = _build(proj, "--only", "site")
    assert "site" in seconds


def _lines(stderr: str) -> list[str]:
    """What a build reported, less its progress lines and timing ("done: build (3.2 s)")."""
    progress = re.compile(r"^(building |\s+\d+/\d+)")
    return [line.split(" (")[0] for line in stderr.splitlines() if line.strip() and not progress.match(line)]
