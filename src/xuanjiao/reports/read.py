"""Read the filled 统计表 forms under private/reports/ and validate every cell.

Each file is the `统计表` sheet of a filled report-form.xlsx or a CSV with the same header
(UTF-8 with or without BOM, or GB18030). Problems are diagnostics located as
``FILE:统计表!D5`` (xlsx) or ``FILE:ROW:COL`` (CSV); reading never stops at the first one.

A row whose count cells (D..J) are all empty is a prefilled session nobody reported on and
is skipped; in a row that has any count, an empty count cell is 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..errors import Diagnostic, relative
from ..messages import t
from ..schedule.report_form import CAMPAIGNS, COUNT_COLUMNS, HEADER, NOTE, SHEET

COUNT_FIELDS = tuple(HEADER[c - 1] for c in COUNT_COLUMNS)  # D..J
NOTE_COL = len(HEADER)  # K


@dataclass(frozen=True)
class Where:
    """A cell of a report file: xlsx sheet+cell or CSV row+column (1-based)."""

    file: str  # project-relative
    row: int
    col: int
    sheet: str | None = None  # None for CSV

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{get_column_letter(self.col)}{self.row}"
        return f"{self.file}:{self.row}:{self.col}"

    def at(self, col: int) -> "Where":
        return Where(self.file, self.row, col, self.sheet)

    def error(self, message: str, hint: str = "") -> Diagnostic:
        if self.sheet is not None:
            return Diagnostic(str(self), 0, 0, "error", message, hint, "report")
        return Diagnostic(self.file, self.row, self.col, "error", message, hint, "report")

    def warning(self, message: str, hint: str = "") -> Diagnostic:
        d = self.error(message, hint)
        return Diagnostic(d.path, d.line, d.col, "warning", d.message, d.hint, d.code)


@dataclass(frozen=True)
class RawRow:
    where: Where  # column 1 of the row
    cells: tuple[Any, ...]  # len(HEADER) values (A..J, then 备注 wherever it stands), None when empty
    extras: tuple[tuple[str, Any, int], ...] = ()  # (figure name, value, column) of a notice's extra figures


@dataclass(frozen=True)
class Layout:
    """Where a form's columns are: A..J as today's 统计表; after them, by their headings."""

    note: int | None = None  # 0-based column of 备注
    extras: tuple[tuple[str, int], ...] = ()  # (figure name, 0-based column)

    def row(self, values: tuple[Any, ...] | list[Any]) -> tuple[tuple[Any, ...], tuple[tuple[str, Any, int], ...]]:
        values = tuple(values)

        def get(i: int | None) -> Any:
            return values[i] if i is not None and i < len(values) else None

        cells = tuple(get(i) for i in range(NOTE_COL - 1)) + (get(self.note),)
        return cells, tuple((name, get(i), i + 1) for name, i in self.extras)


@dataclass
class ReportFile:
    rel: str
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # file-level: unreadable, bad header


@dataclass(frozen=True)
class Entry:
    """One validated session report."""

    where: Where
    date: dt.date
    venue: str
    counts: tuple[int, ...]  # COUNT_FIELDS order
    note: str = ""
    extra: tuple[tuple[str, int], ...] = ()  # a notice's own figures: (name, value)

    def figures(self) -> dict[str, int]:
        """Every figure of the row by name (built-in and the notice's own)."""
        from ..schedule.notice import BUILTIN

        return {**dict(zip(BUILTIN, self.counts)), **dict(self.extra)}


def find_files(root: Path) -> list[Path]:
    base = root / "private" / "reports"
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and p.suffix.lower() in (".xlsx", ".csv") and not p.name.startswith(("~$", "."))
    )


def read_reports(project) -> list[ReportFile]:
    """Every filled form under private/reports/, with the headings of every notice's own figures."""
    from ..schedule.notice import all_extra_figures

    extra = all_extra_figures(project)
    return [read_file(p, project.root, extra) for p in find_files(project.root)]


def read_file(path: Path, root: Path, extra_headers: dict[str, str] | None = None) -> ReportFile:
    """`extra_headers`: field-form headings of the notices' own figures -> figure names."""
    rel = relative(path, root)
    try:
        if path.suffix.lower() == ".xlsx":
            return _read_xlsx(path, rel, extra_headers or {})
        return _read_csv(path, rel, extra_headers or {})
    except Exception as exc:  # a corrupt file is a diagnostic, not a crash
        return ReportFile(
            rel, problems=[Diagnostic(rel, 0, 0, "error", t("cannot read this file: {exc}", exc=exc), code="report")]
        )


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _norm(v: Any) -> str:
    return "" if v is None else unicodedata.normalize("NFKC", str(v)).strip()


def _check_header(found: list[Any], where_of, rf: ReportFile, extra_headers: dict[str, str]) -> Layout | None:
    """A..J must be today's columns; after them 备注, 服务活动 and the notices' own figures in any
    order. Returns where they are, or None after adding the problems to `rf`."""
    got = [_norm(v) for v in found]
    fixed = NOTE_COL - 1
    got += [""] * (fixed - len(got))
    ok = True
    for i, want in enumerate(HEADER[:fixed]):
        if got[i] != unicodedata.normalize("NFKC", want):
            rf.problems.append(
                where_of(i + 1).error(
                    t("header should be '{want}', found '{found}'", want=want, found=got[i])
                    if got[i]
                    else t("header '{want}' is missing", want=want),
                    hint=t(
                        "use the report-form.xlsx written by `xuanjiao plan` (row 1: {header})",
                        header=", ".join(HEADER),
                    ),
                )
            )
            ok = False
    known = {unicodedata.normalize("NFKC", k): v for k, v in extra_headers.items()}
    note, extras = None, []
    for i, label in enumerate(got[fixed:], start=fixed):
        if label == unicodedata.normalize("NFKC", NOTE):
            note = i
        elif label in known:
            extras.append((known[label], i))
        elif label and label != CAMPAIGNS:
            rf.problems.append(
                where_of(i + 1).error(
                    t("unknown column '{label}'", label=label),
                    hint=t(
                        "after {last}: 备注, 服务活动 and the columns of the notice's form (reports: in content/plan.yml "
                        "or the campaign)",
                        last=HEADER[fixed - 1],
                    ),
                )
            )
            ok = False
    return Layout(note, tuple(extras)) if ok else None


def _read_xlsx(path: Path, rel: str, extra_headers: dict[str, str]) -> ReportFile:
    from openpyxl import load_workbook

    rf = ReportFile(rel)
    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        if SHEET not in wb.sheetnames:
            rf.problems.append(
                Diagnostic(
                    rel,
                    0,
                    0,
                    "error",
                    t("no sheet '{sheet}' (found: {sheetnames})", sheet=SHEET, sheetnames=", ".join(wb.sheetnames)),
                    code="report",
                )
            )
            return rf
        ws = wb[SHEET]
        rows = ws.iter_rows(values_only=True)
        layout = _check_header(list(next(rows, ()) or ()), lambda c: Where(rel, 1, c, SHEET), rf, extra_headers)
        if layout is None:
            return rf
        for n, values in enumerate(rows, start=2):
            cells, extras = layout.row(values)
            if not all(_blank(v) for v in cells) or not all(_blank(v) for _, v, _ in extras):
                rf.rows.append(RawRow(Where(rel, n, 1, SHEET), cells, extras))
    finally:
        wb.close()
    return rf


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Chinese Excel writes as 'CSV')."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _read_csv(path: Path, rel: str, extra_headers: dict[str, str]) -> ReportFile:
    rf = ReportFile(rel)
    text = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    layout = _check_header(next(reader, []), lambda c: Where(rel, 1, c), rf, extra_headers)
    if layout is None:
        return rf
    for values in reader:
        n = reader.line_num
        cells, extras = layout.row([v if v.strip() else None for v in values])
        if not all(_blank(v) for v in cells) or not all(_blank(v) for _, v, _ in extras):
            rf.rows.append(RawRow(Where(rel, n, 1), cells, extras))
    return rf


# -- cell values ---------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00?:00(?::00)?)?$")
_INT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?$")


_SERIAL = re.compile(r"^(\d{5})(?:\.0*)?$")
# Excel's 1900 date system: serial 1 is 1900-01-01 and 60 the 1900-02-29 that never was, so
# from 61 on day N is 1899-12-30 + N. Only 2000-01-01 (36526) to 2099-12-31 (73050) count as
# dates: a count typed in the date column (285) stays "not a date" instead of becoming 1900.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(36526, 73051)


def excel_serial(n: int) -> dt.date | None:
    return _EXCEL_EPOCH + dt.timedelta(days=n) if n in _SERIALS else None


def parse_date(v: Any) -> dt.date | None:
    """A date cell: a real date, YYYY-MM-DD (or / . 年月日, full-width digits), or an Excel
    serial number (46113 is 2026-04-01) as a number or as text from an Excel-exported CSV."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return excel_serial(int(v)) if v == int(v) else None
    if isinstance(v, str):
        text = unicodedata.normalize("NFKC", v).strip()
        serial = _SERIAL.match(text)
        if serial:
            return excel_serial(int(serial[1]))
        m = _DATE.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def parse_count(v: Any) -> tuple[int | None, str]:
    """(value, problem): empty is 0; full-width digits and thousands separators accepted."""
    if _blank(v):
        return 0, ""
    if isinstance(v, bool):
        return None, t("'{value}' is not a number", value=v)
    if isinstance(v, (int, float)):
        if v != int(v):
            return None, t("{value} is not a whole number", value=v)
        if v < 0:
            return None, t("{value} is negative", value=int(v))
        return int(v), ""
    text = unicodedata.normalize("NFKC", str(v)).strip().replace(" ", "").replace("\u3000", "")
    text = text.replace("'", ",")  # Swiss-style grouping some spreadsheets use
    if text.startswith("-") and _INT.match(text[1:]):
        return None, t("'{value}' is negative", value=v)
    m = _INT.match(text)
    if not m:
        return None, t("'{value}' is not a number", value=v)
    return int(m[1].replace(",", "")), ""
