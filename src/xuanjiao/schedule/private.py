"""roster.xlsx (private): who goes where, with names and phone numbers.

Sheet 排班表: one row per volunteer per session, and a row saying how many are still missing
where a session is short. Sheet 志愿者: each volunteer's number of sessions (to check the
load is fair). Phones are text cells, so leading zeros and long numbers survive Excel.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .. import i18n
from ..content.models import Project
from .model import Plan
from .office import reproducible
from .report_form import BORDER, FONT, print_setup, set_properties, style_header

ROSTER_HEADER = ("日期", "时间", "场所编号", "场所", "志愿者编号", "姓名", "电话", "岗位", "服务队", "备注")
ROSTER_WIDTHS = (13, 13, 22, 28, 11, 10, 15, 10, 24, 14)
LOAD_HEADER = ("志愿者编号", "姓名", "电话", "服务队", "岗位", "场次")
LOAD_WIDTHS = (11, 10, 15, 24, 22, 8)


BODY_FONT, BODY_ALIGNMENT = Font(name=FONT, size=11), Alignment(vertical="center")


def _body_row(ws, values: list, text_columns: tuple[int, ...] = ()) -> None:
    ws.append(values)
    row = ws.max_row
    for col in range(1, len(values) + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = BORDER  # shared style objects: openpyxl hashes each one it is given
        cell.font = BODY_FONT
        cell.alignment = BODY_ALIGNMENT
        if col in text_columns:
            cell.number_format = "@"
    ws.row_dimensions[row].height = 20


def roster_xlsx(project: Project, plan: Plan, stamp: dt.datetime) -> bytes:
    c = project.campaigns[plan.campaign]
    wb = Workbook()
    ws = wb.active
    ws.title = "排班表"
    ws.append(ROSTER_HEADER)
    style_header(ws, ROSTER_WIDTHS, height=22)
    count: dict[str, int] = {}
    for s in plan.sessions:
        venue = project.venues.get(s.venue)
        lead = [s.date, f"{s.start}-{s.end}", s.venue, venue.name if venue else s.venue]
        for a in s.assignments:
            v = project.volunteers.get(a.volunteer)
            count[a.volunteer] = count.get(a.volunteer, 0) + 1
            _body_row(
                ws,
                lead
                + [
                    a.volunteer,
                    v.name if v else "",
                    (v.phone or "") if v else "",
                    a.role,
                    (v.team or "") if v else "",
                    "",
                ],
                text_columns=(7,),
            )
            ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
        if s.short:
            _body_row(ws, lead + ["", "", "", "", "", f"尚缺 {s.short} 人"])
            ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.auto_filter.ref = f"A1:J{max(ws.max_row, 1)}"
    ws.column_dimensions["C"].hidden = True  # venue ids: for re-reading, the people read the names
    print_setup(ws)
    ws.oddHeader.center.text = f"{c.title} 志愿者排班表（内部资料）"
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"

    load = wb.create_sheet("志愿者")
    load.append(LOAD_HEADER)
    style_header(load, LOAD_WIDTHS, height=22)
    for vid in sorted(count):
        v = project.volunteers.get(vid)
        _body_row(
            load,
            [
                vid,
                v.name if v else "",
                (v.phone or "") if v else "",
                (v.team or "") if v else "",
                "、".join(v.roles) if v else "",
                count[vid],
            ],
            text_columns=(3,),
        )
    print_setup(load, landscape=False)
    set_properties(
        wb,
        f"{c.title} 志愿者排班表（{i18n.span_zh(plan.window_start, plan.window_end)}）",
        project.site.organization,
        stamp,
    )
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), stamp)
