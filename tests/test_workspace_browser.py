"""The workspace in Debian's Chromium (tests/browser/workspace_journey.js): the admin adds a
writer and a reviewer, the writer makes a leaflet from the form and the toolbar, an unknown
venue is marked at its field and fixed, the saved file passes `check` with one commit by the
writer; two sessions saving one material meet a conflict and both edits stay in history."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from workspace_browser import REPO, add_user, needs_browser
from workspace_browser import journey as run_journey
from workspace_client import git_log

ADMIN_PASSWORD = "admin-pass-123"

pytestmark = needs_browser


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("journey")
    root = tmp / "lanfeng"
    shutil.copytree(REPO / "tests" / "projects" / "lanfeng", root)
    add_user(root, "admin", "admin", ADMIN_PASSWORD)
    image = tmp / "碘盐照片.png"
    buf = io.BytesIO()
    Image.new("RGB", (900, 600), (230, 240, 250)).save(buf, format="PNG")
    image.write_bytes(buf.getvalue())
    shots = tmp / "shots"
    seen = run_journey(root, "workspace_journey.js", ADMIN_PASSWORD, str(image), str(shots), shots=shots)
    return root, seen, shots


def test_admin_adds_a_writer_and_a_reviewer(journey):
    _, seen, _ = journey
    assert seen["users"] == ["admin", "dr-xu", "wangfang"]


def test_start_page_lists_the_materials_by_title(journey):
    _, seen, _ = journey
    assert {"科学补碘 健康一生", "咳嗽两周要警惕", "家庭医生 签约服务"} <= set(seen["home_titles"])


def test_toolbar_writes_markdown(journey):
    _, seen, _ = journey
    body = seen["body_typed"]
    assert "**碘盐很重要**" in body and "## 怎样补碘" in body and "- 每天吃碘盐" in body
    assert "<!-- break -->" in body and body.index("<!-- break -->") < body.index("第二页")


def test_unknown_venue_is_marked_at_its_field_then_fixed(journey):
    _, seen, _ = journey
    assert seen["venue_invalid"] == "true"
    assert "gaopo-markt" in seen["venue_message"] and "gaopo-market" in seen["venue_message"]
    assert "找不到" in seen["venue_message"]  # in Chinese
    assert seen["venue_invalid_after_fix"] is None


def test_preview_changes_with_the_body_and_shows_the_image(journey):
    _, seen, _ = journey
    assert "正文还是空的" in seen["preview_before"]
    assert "碘盐很重要" in seen["preview_after"] and "怎样补碘" in seen["preview_after"]
    assert "分页" in seen["preview_after"]
    assert seen["preview_images"] == [900]  # the uploaded image, loaded from assets/
    assert "](../assets/image-" in seen["body_after_check"]


def test_saved_file_passes_check_with_one_commit_by_the_writer(journey):
    root, seen, _ = journey
    assert seen["saved_heading"] == "宣传资料：少盐控压 健康一生" and seen["saved_notice"] == "已新建并保存。"
    assert seen["print_pages"] == [720, 720]  # the leaflet's two sides, drawn by the print stage
    text = (root / "content" / "materials" / "salt-leaflet-2027.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 少盐控压 健康一生\nkind: leaflet\nsize: A4\n")
    assert "audiences: [老年人, 城乡居民]\n" in text and "venue: gaopo-market\n" in text
    check = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "check", "--project", str(root)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr
    assert git_log(root, "content/materials/salt-leaflet-2027.md") == [("wangfang", "新建宣传资料 salt-leaflet-2027")]


def test_two_sessions_meet_a_conflict_and_both_edits_are_in_history(journey):
    root, seen, _ = journey
    assert "conflict" in seen["steps"]
    assert "科学补碘（王芳改）" in seen["conflict_text"] and "科学补碘（管理员改）" in seen["conflict_text"]
    assert seen["after_resolve_title"] == "科学补碘（管理员改）"
    log = git_log(root, "content/materials/iodine-leaflet.md")
    assert [a for a, _ in log[:2]] == ["admin", "wangfang"]
    shown = subprocess.run(
        ["git", "-C", str(root), "log", "-p", "--format=", "--", "content/materials/iodine-leaflet.md"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "+title: 科学补碘（王芳改）" in shown and "+title: 科学补碘（管理员改）" in shown


def test_pages_are_accessible_usable_on_a_phone_and_load_nothing_from_outside(journey):
    _, seen, shots = journey
    assert seen["page_errors"] == [] and seen["requests"] == []
    assert {k: v for k, v in seen["axe"].items() if v} == {}
    for name, found in seen["overflow"].items():
        assert found["scrollWidth"] <= 375, (name, found)
    assert {p.name for p in shots.iterdir()} >= {
        "login-375.png",
        "home-375.png",
        "edit-375.png",
        "conflict-375.png",
        "home-1280.png",
        "edit-diagnostics-1280.png",
    }
