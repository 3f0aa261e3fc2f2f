"""Issue 23, acceptance 1: the review workflow in Debian's Chromium (tests/browser/review_journey.js).

The writer submits the draft poster, the reviewer returns it with a comment, the writer sees
the comment, fixes and resubmits, the reviewer approves with a chosen next review date; the
file then holds the reviewer's display name and the dates, and git shows each person's commits.
The writer edits the approved poster: it is 待审核 again, the reviewer sees the diff against the
signed version, and a `xuanjiao build` made then publishes the signed text (read from the site
page). Reviews due within 30 days are on both people's start page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitecheck import parse
from workspace_browser import REPO, needs_browser
from workspace_browser import journey as run_journey
from workspace_client import git_log

PASSWORD = "review-pass-12"
REL = "content/materials/eye-poster.md"
FIX = "每天户外活动不少于2小时，白天的户外光照有助于预防近视。"
LATER = "新版本：视力下降要到正规医院验光配镜。"
REVIEWER = "岚峰县人民医院眼科 罗佳 主治医师"
TODAY = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # China's date, as the workspace signs
DUE = TODAY + dt.timedelta(days=200)

pytestmark = needs_browser


def xj(root: Path, *args: str, stdin: str | None = None, lang: str = "zh-CN") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xuanjiao", *args, "--project", str(root)],
        input=stdin,
        text=True,
        capture_output=True,
        env={**os.environ, "XUANJIAO_LANG": lang},
        check=False,
    )


def _due_dates(root: Path) -> None:
    """One review falls due in 10 days (listed), another in 45 (not listed)."""
    for name, days in (("tb-flyer", 10), ("family-doctor-brochure", 45)):
        path = root / "content" / "materials" / f"{name}.md"
        text = re.sub(r"review_due: .*", f"review_due: {TODAY + dt.timedelta(days=days)}", path.read_text("utf-8"))
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    root = tmp / "lanfeng"
    shutil.copytree(REPO / "tests" / "projects" / "lanfeng", root, ignore=shutil.ignore_patterns("build"))
    _due_dates(root)
    for name, role, display in (("wangfang", "writer", "王芳"), ("dr-luo", "reviewer", REVIEWER)):
        added = xj(root, "user", "add", name, "--role", role, "--display", display, "--password-stdin", stdin=PASSWORD)
        assert added.returncode == 0, added.stderr
    shots = tmp / "shots"
    seen = run_journey(root, "review_journey.js", PASSWORD, DUE.isoformat(), str(shots), shots=shots)
    return root, seen, shots


def test_submit_return_with_comment_fix_resubmit(journey):
    _, seen, _ = journey
    assert seen["steps"] == ["submitted", "returned", "resubmitted", "approved", "edited", "diff"]
    assert (seen["submit_status_before"], seen["submit_status_after"]) == ("草稿", "待审核")
    assert any("爱眼护眼" in t for t in seen["reviewer_waiting"])
    assert seen["status_returned"] == "草稿"
    notice = seen["returned_notice"]
    assert "审核退回意见" in notice and REVIEWER in notice and "请写明依据" in notice
    assert seen["returned_after_save"] == 1  # still shown after a save ...
    assert seen["resubmit_status_after"] == "待审核" and seen["returned_after_resubmit"] == 0  # ... until resubmitted


def test_approval_signs_with_display_name_china_date_and_chosen_due_date(journey):
    root, seen, _ = journey
    assert seen["first_diff_rows"] == 0  # never approved before: nothing to compare with
    assert seen["due_default"] == TODAY.replace(year=TODAY.year + 1).isoformat()
    assert seen["status_approved"] == "已审核"
    signed = git_show(root, approval_commit(root))
    assert "status: approved\n" in signed and FIX in signed
    assert f"reviewed_by: {REVIEWER}\n" in signed
    assert f"reviewed_on: {TODAY.isoformat()}\n" in signed and f"review_due: {DUE.isoformat()}\n" in signed


def test_git_shows_each_persons_commits(journey):
    root, _, _ = journey
    assert git_log(root, REL) == [
        ("wangfang", "修改宣传资料 eye-poster"),
        ("dr-luo", "已审核：eye-poster"),
        ("wangfang", "待审核：eye-poster"),
        ("wangfang", "修改宣传资料 eye-poster"),
        ("dr-luo", "草稿：eye-poster"),
        ("wangfang", "待审核：eye-poster"),
        ("xuanjiao 工作台", "工作台：项目的初始版本"),
    ]


def test_edit_after_approval_is_back_in_review_and_reviewer_sees_the_diff(journey):
    root, seen, _ = journey
    assert "需要重新审核" in seen["reopened_notice"] and seen["status_after_edit"] == "待审核"
    text = (root / REL).read_text(encoding="utf-8")
    assert "status: review\n" in text and LATER in text
    assert f"reviewed_by: {REVIEWER}\n" in text  # still the signature of the published version
    assert approval_commit(root)[:7] in seen["diff_heading"]
    assert [t.replace("新增：", "").strip() for t in seen["diff_added"]] == ["status: review", "", LATER]
    assert [t.replace("删除：", "").strip() for t in seen["diff_removed"]] == ["status: approved"]
    assert seen["diff_added_colour"] != "rgba(0, 0, 0, 0)"  # highlighted
    assert seen["reviewer_buttons"] == ["审核通过", "退回修改"]


def test_build_then_publishes_the_signed_text(journey):
    root, _, _ = journey
    built = xj(root, "build", "--only", "site")
    assert built.returncode == 0, built.stderr
    short = approval_commit(root)[:7]
    assert f"eye-poster 仍发布已审核版本（提交 {short}），新版本待审核" in built.stderr
    page = "".join(parse(root / "build" / "site" / "materials" / "eye-poster" / "index.html").text)
    assert FIX in page and LATER not in page and REVIEWER in page
    assert xj(root, "check").returncode == 0  # check reads the working file, which is sound


def test_reviews_due_within_30_days_for_writer_and_reviewer(journey):
    _, seen, _ = journey
    for listed in (seen["writer_due"], seen["reviewer_due"]):
        assert any("结核" in t or "咳嗽" in t for t in listed), listed  # tb-flyer, due in 10 days
        assert not any("家庭医生" in t for t in listed), listed  # due in 45 days


def test_pages_are_accessible_and_fit_a_phone(journey):
    _, seen, shots = journey
    assert seen["page_errors"] == [] and seen["requests"] == []
    assert {k: v for k, v in seen["axe"].items() if v} == {}
    for name, found in seen["overflow"].items():
        assert found["scrollWidth"] <= 375, (name, found)
    assert {p.name for p in shots.iterdir()} >= {"returned-1280.png", "diff-1280.png", "diff-375.png"}


def approval_commit(root: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%H", "--author=dr-luo", "--grep=已审核", "--", REL],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(out) == 1, out
    return out[0]


def git_show(root: Path, commit: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "show", f"{commit}:{REL}"], capture_output=True, text=True, check=True
    ).stdout
