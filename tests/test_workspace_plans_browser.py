"""The coordinator's upload in Debian's Chromium (tests/browser/coordinator_upload.js, issue 23
acceptance 5): the blank 统计表 downloaded from the page is the one the tool makes; a return
filled from it with openpyxl with one bad cell shows the problem at that cell, in Chinese, and
is not kept; the corrected return is stored and rolled up with its charts; a writer gets 403 on
the volunteers page and has no menu entry for it."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workspace_browser import REPO, add_user, journey, needs_browser

PASSWORD = "coordinator-pass-1"
CAMPAIGN = "tb-2027"
TITLE = "2027年“世界防治结核病日”宣传活动"

pytestmark = needs_browser


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
    add_user(root, "cora", "coordinator", PASSWORD)
    add_user(root, "ann", "writer", PASSWORD)
    blank = _blank(root)
    bad, good = tmp / "高坡镇统计表-有错.xlsx", tmp / "高坡镇统计表.xlsx"
    bad.write_bytes(_fill(blank, "一百二"))
    good.write_bytes(_fill(blank, 120))
    shots = tmp / "shots"
    out = journey(root, "coordinator_upload.js", PASSWORD, TITLE, str(bad), str(good), str(shots), shots=shots)
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
