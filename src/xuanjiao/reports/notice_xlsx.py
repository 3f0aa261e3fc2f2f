"""notice-form.xlsx: the notice's form as a sheet that prints on one A4 landscape page.

Row 1 the title (merged across), row 2 the column labels, row 3 their units (the first
column's heading spans both), then the rows and 合计, then the footer fields on one line.
Figures are numbers (万 columns to two decimals), not text, so the receiving office can add
the counties' sheets up.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..schedule.office import reproducible
from ..schedule.report_form import BORDER, FONT, HEADER_FILL, set_properties
from .notice_form import NoticeTable

SHEET = "统计表"
TOTAL = "合计"
HEAD_ROWS = 3  # title, labels, units


def write(table: NoticeTable, stamp: dt.datetime) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    width = len(table.labels) + 1
    ws.cell(row=1, column=1, value=table.title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 36
    _header(ws, table)
    row = HEAD_ROWS + 1
    for label, values in table.rows:
        _data_row(ws, row, label, values, bold=False)
        row += 1
    if table.total is not None:
        _data_row(ws, row, TOTAL, table.total, bold=True)
        row += 1
    _footer(ws, row + 1, table, width)
    _page(ws, width, row + 1)
    set_properties(wb, table.title, table.organization, stamp)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), stamp)


def _header(ws, table: NoticeTable) -> None:
    ws.cell(row=2, column=1, value=table.row_label)
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for i, (label, unit) in enumerate(zip(table.labels, table.units), 2):
        ws.cell(row=2, column=i, value=label)
        ws.cell(row=3, column=i, value=unit or None)
    for r in (2, 3):
        for c in range(1, len(table.labels) + 2):
            cell = ws.cell(row=r, column=c)
            cell.font = Font(name=FONT, size=10, bold=r == 2)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BORDER
            cell.fill = HEADER_FILL
    ws.row_dimensions[2].height = 72
    ws.row_dimensions[3].height = 20
    ws.column_dimensions["A"].width = 16
    for c in range(2, len(table.labels) + 2):
        ws.column_dimensions[get_column_letter(c)].width = 9.5
    ws.print_title_rows = "1:3"


def _data_row(ws, row: int, label: str, values, bold: bool) -> None:
    ws.cell(row=row, column=1, value=label)
    for i, v in enumerate(values, 2):
        cell = ws.cell(row=row, column=i, value=float(v) if isinstance(v, Decimal) else v)
        if isinstance(v, Decimal):
            cell.number_format = "#,##0.00"
        elif isinstance(v, int):
            cell.number_format = "#,##0"
    for c in range(1, len(values) + 2):
        cell = ws.cell(row=row, column=c)
        cell.font = Font(name=FONT, size=10, bold=bold)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center" if c == 1 else "right", vertical="center", wrap_text=c == 1)
    ws.row_dimensions[row].height = 30


def _footer(ws, row: int, table: NoticeTable, width: int) -> None:
    """The footer fields spread along one line, each with what the tool knows of it."""
    fields = table.footer
    if not fields:
        return
    span = max(1, width // len(fields))
    for i, (field, value) in enumerate(fields):
        col = 1 + i * span
        cell = ws.cell(row=row, column=col, value=f"{field}：{value}")
        cell.font = Font(name=FONT, size=11)
        cell.alignment = Alignment(horizontal="left", vertical="center")
        end = width if i == len(fields) - 1 else col + span - 1
        if end > col:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=end)
    ws.row_dimensions[row].height = 28


def _page(ws, width: int, last: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(width)}{last}"
