"""The bridges in Debian's Chromium (tests/browser/bridges_journey.js): a writer imports a Word
draft from the start page (the file on disk, its pictures and one commit by the writer), then
copies it for the 公众号 from the preview at 375 px (the clipboard holds the article's HTML)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from wordfixtures import health_doc
from workspace_client import git_log

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XUANJIAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "writer-pass-123"

pytestmark = pytest.mark.skipif(
    not (
        Path(CHROMIUM).exists()
        and shutil.which("node")
        and (REPO / "node_modules" / "playwright-core").is_dir()
        and (REPO / "node_modules" / "axe-core").is_dir()
    ),
    reason="needs Chromium, node and npm ci (playwright-core, axe-core)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bridges")
    root = tmp / "lanfeng"
    shutil.copytree(REPO / "tests" / "projects" / "lanfeng", root)
    subprocess.run(
        [sys.executable, "-m", "xuanjiao", "user", "add", "ann", "--role", "writer", "--password-stdin"]
        + ["--project", str(root)],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    made = health_doc()
    docx = tmp / "高血压的预防与控制.docx"
    docx.write_bytes(made.data)
    shots = tmp / "shots"
    shots.mkdir()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(root), "--port", str(port)],
        env={**os.environ, "XUANJIAO_LANG": "zh-CN"},
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        run = subprocess.run(
            ["node", str(REPO / "tests" / "browser" / "bridges_journey.js"), CHROMIUM, url, PASSWORD]
            + [str(docx), str(shots)],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=REPO,
            check=False,
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
    out = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {}
    if os.environ.get("XUANJIAO_KEEP_SHOTS"):
        shutil.copytree(shots, os.environ["XUANJIAO_KEEP_SHOTS"], dirs_exist_ok=True)
    assert run.returncode == 0, run.stderr[-3000:] + json.dumps(out, ensure_ascii=False)[:2000]
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
