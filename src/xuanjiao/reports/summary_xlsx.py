"""summary.xlsx: a year sheet plus one sheet per campaign; values (not formulas) that add up.

Each sheet starts with its main table (header in row 1, frozen) ending in a 合计 row; the
breakdowns (per venue, venue kind, date/month, goals) follow below, each with its own header.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..schedule.office import reproducible
from ..schedule.report_form import BORDER, COUNT_FORMAT, FONT, HEADER_FILL, print_setup, set_properties, style_header
from .read import COUNT_FIELDS
from .rollup import CampaignReport, Comparison, Group, YearReport

TOTAL = "合计"
JOINT_NOTE = "注：联合开展的场次在其服务的各项活动中分别列出，合计只计一次。"
_bad = re.compile(r"[\[\]:*?/\\]")


def _style_row(ws, row: int, ncols: int, bold: bool = False, fill: PatternFill | None = None) -> None:
    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = BORDER
        cell.font = Font(name=FONT, size=11, bold=bold)
        if isinstance(cell.value, int):
            cell.number_format = COUNT_FORMAT
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(horizontal="center", vertical="center")
        else:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        if fill is not None:
            cell.fill = fill


def _table(ws, start: int, title: str | None, header: list[str], rows: list[list], total: list | None) -> int:
    """Write a table at row `start`; return the next free row (one blank row after)."""
    row = start
    if title:
        ws.cell(row=row, column=1, value=title).font = Font(name=FONT, size=12, bold=True)
        row += 1
        for col, h in enumerate(header, 1):
            ws.cell(row=row, column=col, value=h)
        _style_row(ws, row, len(header), bold=True, fill=HEADER_FILL)
        for col in range(1, len(header) + 1):
            ws.cell(row=row, column=col).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1
    for values in rows:
        for col, v in enumerate(values, 1):
            ws.cell(row=row, column=col, value=v)
        _style_row(ws, row, len(header))
        row += 1
    if total is not None:
        for col, v in enumerate(total, 1):
            ws.cell(row=row, column=col, value=v)
        _style_row(ws, row, len(header), bold=True)
        row += 1
    return row + 1


def _groups(ws, row: int, title: str, first: list[str], groups: list[Group], extra: bool = False) -> int:
    header = first + ["场次", *COUNT_FIELDS]
    rows = [[g.label, *([g.extra] if extra else []), g.sessions, *g.counts] for g in groups]
    total = [
        TOTAL,
        *([""] if extra else []),
        sum(g.sessions for g in groups),
        *[sum(g.counts[i] for g in groups) for i in range(len(COUNT_FIELDS))],
    ]
    return _table(ws, row, title, header, rows, total)


def _comparisons(ws, row: int, comps: list[Comparison]) -> int:
    rows = [[c.label, c.actual, c.target if c.target is not None else "未设定", c.rate] for c in comps]
    return _table(ws, row, "目标对比", ["项目", "实际", "目标/基数", "完成率"], rows, None)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _bad.sub("", name)[:28] or "活动"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}-{n}", n + 1
    taken.add(name)
    return name


def campaign_sheet(ws, r: CampaignReport, venue_names: dict[str, str]) -> None:
    header = ["日期", "场所编号", "场所", *COUNT_FIELDS, "来源"]
    ws.append(header)
    style_header(ws, (12, 16, 26, 12, 14, 13, 11, 14, 12, 11, 44))
    rows = [[e.date, e.venue, venue_names.get(e.venue, e.venue), *e.counts, str(e.where)] for e in r.entries]
    row = _table(ws, 2, None, header, rows, [TOTAL, "", f"{len(r.entries)} 场", *r.totals, ""])
    row = _groups(ws, row, "按场所", ["场所", "类型"], r.by_venue, extra=True)
    row = _groups(ws, row, "按场所类型", ["类型"], r.by_kind)
    row = _groups(ws, row, "按日期", ["日期"], r.by_date)
    row = _comparisons(ws, row, r.comparisons)
    if r.printed_by_material:
        _table(
            ws,
            row,
            "宣传资料印制",
            ["资料", "编号", "印制数量"],
            [[t, m, q] for m, t, q in r.printed_by_material],
            [TOTAL, "", r.printed],
        )


def year_sheet(ws, y: YearReport) -> None:
    header = ["活动", "活动时间", "场次", *COUNT_FIELDS]
    ws.append(header)
    style_header(ws, (30, 24, 8, 12, 14, 13, 11, 14, 12, 11))
    rows = [[g.label, g.extra, g.sessions, *g.counts] for g in y.by_campaign]
    row = _table(ws, 2, None, header, rows, [TOTAL, "", y.sessions, *y.totals])
    if y.joint:
        ws.cell(row=row - 1, column=1, value=JOINT_NOTE).font = Font(name=FONT, size=10, italic=True)
        row += 1
    row = _groups(ws, row, "按场所", ["场所", "类型"], y.by_venue, extra=True)
    row = _groups(ws, row, "按场所类型", ["类型"], y.by_kind)
    row = _groups(ws, row, "按月份", ["月份"], y.by_month)
    comps = []
    for r in y.campaigns:
        comps += [Comparison(f"{r.plan.name}：{c.label}", c.actual, c.target) for c in r.comparisons]
    _comparisons(ws, row, comps)


def summary_xlsx(y: YearReport, venue_names: dict[str, str], stamp: dt.datetime) -> bytes:
    wb = Workbook()
    ws = wb.active
    taken: set[str] = set()
    ws.title = _sheet_name(f"{y.year}年汇总", taken)
    year_sheet(ws, y)
    print_setup(ws)
    ws.oddHeader.center.text = f"{y.year}年健康宣传活动统计汇总"
    for r in y.campaigns:
        cs = wb.create_sheet(_sheet_name(r.plan.name or r.campaign, taken))
        campaign_sheet(cs, r, venue_names)
        print_setup(cs)
        cs.oddHeader.center.text = f"{r.title}统计汇总"
    set_properties(wb, f"{y.year}年健康宣传活动统计汇总", y.organization, stamp)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), stamp)
