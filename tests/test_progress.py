"""The build's progress as a person sees it: on a terminal (a real pseudo-terminal here) one line
per stage redrawn in place with counts and the slowest item; in a pipe (CI logs) plain lines
that are never redrawn."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from test_print_kit import CAMPAIGN, FLYER, POSTER, material

VENUES = """\
- id: station
  name: 县火车站
  kind: station
  hours: "08:00-11:00"
  volunteers: 0
  reach: 500
  days: "daily"
"""


@pytest.fixture
def project(make_project):
    return make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN.replace("slogan:", "venues: [station]\nslogan:"),
            "content/venues.yml": VENUES,
            "content/materials/p.md": POSTER,
            "content/materials/f.md": FLYER,
            "content/materials/g.md": material("传单二", "flyer", "## 小标题\n\n内容。\n"),
        }
    )


def _command(project) -> list[str]:
    return [
        sys.executable,
        "-m",
        "xuanjiao",
        "build",
        "--project",
        str(project),
        "--only",
        "plans,print",
        "--jobs",
        "1",
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "XUANJIAO_LANG": "en", "COLUMNS": "120"}


def test_plain_lines_when_not_a_terminal(project):
    proc = subprocess.run(_command(project), capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr and "\033" not in proc.stderr
    lines = proc.stderr.splitlines()
    start = lines.index("building 活动方案 plans ...")
    assert lines[start + 1] == "  1/1"  # one campaign planned; no slowest for plans
    start = lines.index("building 印刷文件 print ...")
    counts = re.fullmatch(r"  3/3 · slowest: ([fgp]) (\d+\.\d) s", lines[start + 1])
    assert counts and float(counts[2]) > 0, lines


def test_one_line_per_stage_redrawn_on_a_terminal(project):
    leader, follower = pty.openpty()
    proc = subprocess.Popen(_command(project), stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=_env())
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(timeout=600) == 0, seen.decode(errors="replace")
    text = seen.decode("utf-8").replace("\r\n", "\n")
    draws = text.split("\r\033[K")
    prints = [d for d in draws if d.startswith("▶ 印刷文件 print")]
    # drawn as it starts, then with counts that only grow, each naming the slowest so far
    assert prints[0].strip() == "▶ 印刷文件 print"
    counts = [tuple(map(int, m.groups())) for d in prints if (m := re.search(r"(\d)/(\d)", d))]
    assert counts and counts == sorted(counts) and counts[-1] == (3, 3)
    final = next(d for d in draws if d.startswith("✓ 印刷文件 print"))
    line, _, after = final.partition("\n")  # the stage's line ends; what follows starts on its own
    assert re.fullmatch(r"✓ 印刷文件 print 3/3 · slowest: [fgp] \d+\.\d s \(\d+\.\d s\)", line), final
    assert after.startswith("done: ")
    assert "building" not in text  # the plain lines are for logs only
