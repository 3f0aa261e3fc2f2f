"""report-form.xlsx: the blank 统计表 filled in after each session and sent up.

Sheet `统计表`; row 1 is the header and nothing else (the report roll-up reads it back, so no
title row above it: the title goes into the printed page header instead); one prefilled row
per session this campaign reports (date, venue id in a hidden column, venue name, and last the
campaigns it served: a joint session's row is in its host campaign's form only); the notice's
extra figures (`reports:`) come before 备注; count columns formatted as whole numbers and
validated (≥ 0); widths set; header frozen and repeated on every printed page; A4 landscape,
fit to one page wide.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..content.models import Project
from . import notice
from .model import Plan, Session
from .office import naive_utc, reproducible

SHEET = "统计表"
NOTE = "备注"
CAMPAIGNS = "服务活动"  # the campaigns a session served (several for a joint session)
HEADER = (
    "日期",
    "场所编号",
    "场所",
    "宣传服务人数",
    "发放宣传资料(份)",
    "健康咨询(人次)",
    "义诊(人次)",
    "发放避孕药具(份)",
    "走访慰问(户)",
    "志愿者人数",
    "备注",
)
WIDTHS = (13, 22, 30, 12, 14, 13, 11, 14, 12, 11, 24)
COUNT_COLUMNS = range(4, 11)  # D..J, 1-based
DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "#,##0"
FONT = "宋体"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="E7E7E7")


def style_header(ws, widths: tuple[int, ...], height: float = 32) -> None:
    """Header row look shared by the xlsx files: bold, wrapped, bordered, grey, frozen."""
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
        cell = ws.cell(row=1, column=col)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        cell.fill = HEADER_FILL
    ws.row_dimensions[1].height = height
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"


def print_setup(ws, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75


def field_header(project: Project, plan: Plan) -> tuple[str, ...]:
    """Today's columns, the notice's extra figures before 备注, and 服务活动 last."""
    extras = tuple(f.header for f in notice.extra_figures(notice.spec_for(project, project.campaigns[plan.campaign])))
    return HEADER[:-1] + extras + (NOTE, CAMPAIGNS)


def served_label(project: Project, s: Session) -> str:
    """The campaigns a session serves, by their awareness days' names (联合开展 for several)."""
    names = []
    for cid in s.campaigns:
        c = project.campaigns.get(cid)
        day = project.days.get(c.day) if c is not None else None
        names.append(day.title() if day is not None else cid)
    return "、".join(names) + ("（联合开展）" if s.partners else "")


def report_form(project: Project, plan: Plan, stamp: dt.datetime) -> bytes:
    """One row per session this campaign reports (a joint session only in its host's form)."""
    c = project.campaigns[plan.campaign]
    header = field_header(project, plan)
    counts = range(4, len(header) - 1)  # D .. the last figure column
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(header)
    style_header(ws, WIDTHS[:-1] + (14,) * (len(header) - len(WIDTHS) - 1) + (WIDTHS[-1], 26))
    ws.column_dimensions["B"].hidden = True  # venue ids: read back by the roll-up, not for people
    for s in (s for s in plan.sessions if s.reported_here):
        venue = project.venues.get(s.venue)
        ws.append(
            [s.date, s.venue, venue.name if venue else s.venue]
            + [None] * (len(header) - 4)
            + [served_label(project, s)]
        )
        _style_row(ws, ws.max_row, len(header), counts)
    last = max(ws.max_row, 2)
    rule = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请填写数字",
        error="请填写不小于 0 的整数（人数、份数、户数）。",
    )
    rule.add(f"D2:{get_column_letter(counts[-1])}{last}")
    ws.add_data_validation(rule)
    print_setup(ws)
    ws.oddHeader.center.text = f"{c.title}统计表"
    ws.oddHeader.center.size = 14
    ws.oddHeader.center.font = f"{FONT},Bold"
    ws.oddFooter.left.text = "填报单位（盖章）：　　　　　　　填报人：　　　　　　联系电话："
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    set_properties(wb, f"{c.title}统计表", project.site.organization, stamp)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), stamp)


def _style_row(ws, row: int, width: int, counts: range) -> None:
    ws.row_dimensions[row].height = 24
    for col in range(1, width + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = BORDER
        cell.font = Font(name=FONT, size=11)
        text = col == 3 or col >= width - 1
        cell.alignment = Alignment(vertical="center", horizontal="left" if text else "center", wrap_text=text)
        if col == 1:
            cell.number_format = DATE_FORMAT
        elif col in counts:
            cell.number_format = COUNT_FORMAT


def set_properties(wb: Workbook, title: str, author: str, stamp: dt.datetime) -> None:
    props = wb.properties
    props.title = title
    props.creator = author
    props.lastModifiedBy = author
    props.created = props.modified = naive_utc(stamp)
    props.language = "zh-CN"
