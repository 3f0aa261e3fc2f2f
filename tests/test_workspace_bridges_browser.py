"""The bridges in Debian's Chromium (tests/browser/bridges_journey.js): a writer imports a Word
draft from the start page (the file on disk, its pictures and one commit by the writer), then
copies it for the 公众号 from the preview at 375 px (the clipboard holds the article's HTML)."""

from __future__ import annotations

import shutil

import pytest

from wordfixtures import health_doc
from workspace_browser import REPO, add_user, journey, needs_browser
from workspace_client import git_log

PASSWORD = "writer-pass-123"

pytestmark = needs_browser


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bridges")
    root = tmp / "lanfeng"
    shutil.copytree(REPO / "tests" / "projects" / "lanfeng", root)
    add_user(root, "ann", "writer", PASSWORD)
    made = health_doc()
    docx = tmp / "高血压的预防与控制.docx"
    docx.write_bytes(made.data)
    shots = tmp / "shots"
    out = journey(root, "bridges_journey.js", PASSWORD, str(docx), str(shots), shots=shots)
    return root, out, made


def test_import_writes_the_draft_and_pictures_committed_by_the_writer(seen):
    root, out, made = seen
    rel = "content/materials/bp-leaflet.md"
    assert out["imported"].startswith("已从 高血压的预防与控制.docx 导入为草稿 " + rel)
    assert any("文本框" in w for w in out["warnings"])  # what was not carried over, in Chinese
    text = (root / rel).read_text(encoding="utf-8")
    assert f'title: "{made.title}"' in text and "status: draft" in text
    assert sorted(p.read_bytes() for p in (root / "content/assets/bp-leaflet").iterdir()) == sorted(made.images)
    assert git_log(root, rel) == [("ann", "从 Word 导入宣传资料 bp-leaflet（高血压的预防与控制.docx）")]
    assert out["edit_heading"] == f"宣传资料：{made.title}"


def test_wechat_preview_is_375px_and_copy_puts_the_article_on_the_clipboard(seen):
    _root, out, made = seen
    assert out["frame_box"]["width"] == 375 and out["frame_scroll"] <= 375
    for heading in made.headings:
        assert heading in out["frame_text"]
    assert len(out["downloads"]) >= 3  # two pictures and the QR code
    assert all(h in out["clipboard"] for h in made.headings)
    assert "style=" in out["clipboard"] and "class=" not in out["clipboard"]


def test_pages_are_accessible_and_load_nothing_from_outside(seen):
    _root, out, _made = seen
    assert out["page_errors"] == [] and out["requests"] == []
    assert {k: v for k, v in out["axe"].items() if v} == {}
