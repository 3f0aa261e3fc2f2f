"""The coordinator's upload in Debian's Chromium (tests/browser/coordinator_upload.js, issue 23
acceptance 5): the blank 统计表 downloaded from the page is the one the tool makes; a return
filled from it with openpyxl with one bad cell shows the problem at that cell, in Chinese, and
is not kept; the corrected return is stored and rolled up with its charts; a writer gets 403 on
the volunteers page and has no menu entry for it."""

from __future__ import annotations

import base64
import io
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
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XUANJIAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "coordinator-pass-1"
CAMPAIGN = "tb-2027"
TITLE = "2027年“世界防治结核病日”宣传活动"

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


def _add_user(root: Path, name: str, role: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "xuanjiao", "user", "add", name, "--role", role, "--password-stdin"]
        + ["--project", str(root)],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def _blank(root: Path) -> bytes:
    """The blank form as the tool makes it (the same function the page's download runs)."""
    from xuanjiao.stage import build_clock
    from xuanjiao.workspace import coordination

    planned = coordination.load(root)
    return coordination.make_file(planned.project, planned.planset.plans[CAMPAIGN], "report-form.xlsx", build_clock())


def _fill(blank: bytes, second_row_materials) -> bytes:
    wb = load_workbook(io.BytesIO(blank))
    ws = wb["统计表"]
    for col, value in enumerate((160, second_row_materials, 10, 0, 0, 0, 3), start=4):
        ws.cell(row=2, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coordinator")
    root = tmp / "lanfeng"
    shutil.copytree(REPO / "tests" / "projects" / "lanfeng", root)
    _add_user(root, "cora", "coordinator")
    _add_user(root, "ann", "writer")
    blank = _blank(root)
    bad, good = tmp / "高坡镇统计表-有错.xlsx", tmp / "高坡镇统计表.xlsx"
    bad.write_bytes(_fill(blank, "一百二"))
    good.write_bytes(_fill(blank, 120))
    shots = tmp / "shots"
    shots.mkdir()
    port = _free_port()
    env = {**os.environ, "XUANJIAO_LANG": "zh-CN"}  # diagnostics as the staff read them
    server = subprocess.Popen(
        [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(root), "--port", str(port)],
        env=env,
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
            ["node", str(REPO / "tests" / "browser" / "coordinator_upload.js"), CHROMIUM, url, PASSWORD, TITLE]
            + [str(bad), str(good), str(shots)],
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
    return root, out, blank, good.read_bytes()


def test_downloaded_blank_form_is_the_tools(seen):
    _root, out, blank, _good = seen
    assert out["blank_name"] == f"2027-{CAMPAIGN}-report-form.xlsx"
    assert base64.b64decode(out["blank"]) == blank


def test_bad_cell_is_shown_at_its_cell_and_the_file_is_not_kept(seen):
    root, out, _blank, _good = seen
    assert out["bad_cells"] == ["E2"]
    assert out["bad_items"][0].startswith("E2：发放宣传资料(份)：“一百二”不是数字")
    assert "高坡镇统计表-有错.xlsx 有错误，未保存" in out["bad_alert"]
    assert not (root / "private" / "reports" / "高坡镇统计表-有错.xlsx").exists()


def test_good_form_is_stored_and_rolled_up_with_charts(seen):
    root, out, _blank, good = seen
    assert out["saved"] == "已保存 高坡镇统计表.xlsx，检查通过。"
    assert (root / "private" / "reports" / "高坡镇统计表.xlsx").read_bytes() == good
    assert out["files"] == ["高坡镇统计表.xlsx 检查通过"]
    assert out["rollup_total"].split() == ["合计", "1", "160", "120", "10", "0", "0", "0", "3"]
    assert len(out["charts"]) == 3 and all(w > 300 for w in out["charts"])


def test_writer_is_refused_the_volunteers_page(seen):
    _root, out, _blank, _good = seen
    assert out["writer_volunteers"] == 403 and "没有这项权限" in out["writer_text"]
    assert "志愿者" not in out["writer_menu"] and "活动方案" not in out["writer_menu"]
    assert out["volunteers_rows"] > 5


def test_pages_are_accessible_fit_a_phone_and_load_nothing_from_outside(seen):
    _root, out, _blank, _good = seen
    assert out["page_errors"] == [] and out["requests"] == []
    assert {k: v for k, v in out["axe"].items() if v} == {}
    assert out["phone_width"] <= 375
