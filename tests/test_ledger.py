"""The yearly ledger (台帐) on a hand-computed project."""

from __future__ import annotations

import datetime as dt
import subprocess

from openpyxl import load_workbook

from conftest import write_project
from test_plan_boards import BOARD, CAMPAIGN, VENUES
from xuanjiao.content.loader import load_project
from xuanjiao.reports.ledger import ledger_pdf, ledger_xlsx, make_ledger
from xuanjiao.schedule import plan_project

SITE = """\
title: 测试县卫生健康宣传
organization: 测试县卫生健康局
standards: {printed_kinds: 3, board_refresh_months: 3}
"""
MAT = """\
---
title: {title}
kind: {kind}
campaigns: [{campaign}]
status: {status}
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-01-02
{extra}---
## 一

正文
"""


def test_ledger_counts(tmp_path):
    files = {
        "content/site.yml": SITE,
        "content/venues.yml": VENUES,
        "content/campaigns/whd.md": CAMPAIGN.format(day="world-health-day"),
        "content/materials/p1.md": MAT.format(
            title="海报一", kind="poster", campaign="whd", status="approved", extra="print: {quantity: 300}\n"
        ),
        "content/materials/f1.md": MAT.format(
            title="传单一", kind="flyer", campaign="whd", status="approved", extra="print: {quantity: 1000}\n"
        ),
        "content/materials/f1-en.md": MAT.format(
            title="Flyer",
            kind="flyer",
            campaign="whd",
            status="approved",
            extra="lang: en\ntranslation_of: f1\nprint: {quantity: 50}\n",
        ),
        "content/materials/d1.md": MAT.format(title="草稿", kind="poster", campaign="whd", status="draft", extra=""),
        "content/materials/b1.md": BOARD.format(n=1, venue="east-market", posted="2026-02-01"),
        "content/materials/b2.md": BOARD.format(n=2, venue="east-market", posted="2026-04-20"),
        "content/materials/b3.md": BOARD.format(n=3, venue="east-market", posted="2026-07-10"),
        "content/materials/b4.md": BOARD.format(n=4, venue="east-market", posted="2026-10-01"),
        "content/materials/b5.md": BOARD.format(n=1, venue="west-square", posted="2026-03-01"),
    }
    root = write_project(tmp_path / "p", files)
    proj, diags = load_project(root)
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]
    led = make_ledger(proj, plan_project(proj), 2026)
    # hand count: p1, f1 (the English translation is not a new kind, the draft is not printed),
    # and 5 board issues = 7 kinds; copies 300 + 1000 + boards (no quantity, no plan use: 0)
    assert sorted(m.id for m in led.materials) == ["b1", "b2", "b3", "b4", "b5", "f1", "p1"]
    assert led.copies == 1300
    east, west = led.boards
    # east: 1 Jan→1 Feb→20 Apr→10 Jul→1 Oct→31 Dec: every gap within 3 months; longest 91 days (1 Oct→31 Dec)
    assert east.venue == "east-market" and east.met and east.longest_gap == 91
    assert east.dates == [dt.date(2026, 2, 1), dt.date(2026, 4, 20), dt.date(2026, 7, 10), dt.date(2026, 10, 1)]
    # west: one issue on 1 March, then nothing for 305 days
    assert not west.met and west.longest_gap == 305
    status = {s.label: s.status for s in led.standards}
    assert status == {
        "印刷宣传资料种类": "达标",
        "音像宣传资料": "未记录",
        "宣传栏定期更换": "未达标",
        "主题宣传活动": "达标",
    }
    stamp = dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc)
    (tmp_path / "l.xlsx").write_bytes(ledger_xlsx(led, stamp))
    wb = load_workbook(tmp_path / "l.xlsx")
    assert wb.sheetnames == ["达标情况", "印刷资料", "宣传栏", "宣传活动"]
    rows = list(wb["达标情况"].iter_rows(values_only=True))
    assert ("宣传栏定期更换", "1/2 处按期更换", "每 3 个月至少更换一次", "未达标") in rows
    assert list(wb["印刷资料"].iter_rows(values_only=True))[-1] == ("合计", "7 种", None, None, 1300)
    pdf, _ = ledger_pdf(proj, led, stamp)
    (tmp_path / "l.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "l.pdf"), "-"], capture_output=True, text=True).stdout
    assert "健康教育工作台帐" in text and "未达标" in text and "东关集市" in text


def test_ledger_command_writes_both_files(tmp_path):
    """`xuanjiao ledger` calls the library's write_ledger: ledger.xlsx and ledger.pdf in
    build/reports/YEAR, with the planned figures when no report form came back."""
    from click.testing import CliRunner

    from xuanjiao.cli import main

    files = {
        "content/site.yml": SITE,
        "content/venues.yml": VENUES,
        "content/campaigns/whd.md": CAMPAIGN.format(day="world-health-day"),
        "content/materials/p1.md": MAT.format(
            title="海报一", kind="poster", campaign="whd", status="approved", extra="print: {quantity: 300}\n"
        ),
    }
    root = write_project(tmp_path / "p", files)
    result = CliRunner().invoke(main, ["ledger", "--year", "2026", "--project", str(root)])
    assert result.exit_code == 0, result.output
    dest = root / "build" / "reports" / "2026"
    rows = list(load_workbook(dest / "ledger.xlsx")["印刷资料"].iter_rows(values_only=True))
    assert rows[-1] == ("合计", "1 种", None, None, 300)
    text = subprocess.run(["pdftotext", str(dest / "ledger.pdf"), "-"], capture_output=True, text=True).stdout
    assert "健康教育工作台帐" in text and "海报一" in text
    assert "2026: 1 kinds of printed material, 300 copies, 1 campaigns" in result.output
