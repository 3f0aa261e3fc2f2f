"""The higher authority's own form (`reports: form:`), filled with the county's figures:
build/reports/YEAR/notice-form.xlsx and notice-form.pdf, the same layout, ready to stamp.

Layout, as notices print theirs: the title across the top; a two-row header (the column
labels, then their units: 万人, 万份, 件 ...); one row for the reporting unit (or one per venue);
合计 when the form has it; the footer fields (填报单位(章), 负责人, 填表人, 填表日期) under the
table. A column's figure is the sum of the per-session figures its `sum:` names, over every
session the form covers (a joint session once); a 万 unit divides by 10,000 and rounds half up
to two decimals, and 合计 adds the rounded values, so the printed column adds up.

The project's `reports:` (plan.yml) covers the year's campaigns without their own and writes
notice-form.*; a campaign's own `reports:` writes notice-form-CAMPAIGN.*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..content.models import NoticeForm, Project
from ..schedule import notice
from .read import Entry
from .rollup import YearReport

CENT = Decimal("0.01")
Value = int | Decimal | str | None


@dataclass(frozen=True)
class NoticeTable:
    title: str
    row_label: str
    labels: tuple[str, ...]
    units: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Value, ...]], ...]
    total: tuple[Value, ...] | None  # the 合计 row, when the form has one
    footer: tuple[tuple[str, str], ...]  # (field, prefilled value)
    organization: str


def convert(base: int, unit: str | None) -> int | Decimal:
    """A summed base-unit figure in the form's unit: 万 units in ten-thousands to 2 decimals."""
    factor = notice.scale(unit)
    if factor == 1:
        return base
    return (Decimal(base) / factor).quantize(CENT, rounding=ROUND_HALF_UP)


def _values(form: NoticeForm, entries: list[Entry]) -> tuple[Value, ...]:
    figures: dict[str, int] = {}
    for e in entries:
        for name, v in e.figures().items():
            figures[name] = figures.get(name, 0) + v
    return tuple(convert(notice.column_value(col, figures), col.unit) if col.sum else None for col in form.columns)


def _add(rows: list[tuple[Value, ...]], form: NoticeForm) -> tuple[Value, ...]:
    """合计 of the rounded row values (a text column stays empty)."""
    out: list[Value] = []
    for i, col in enumerate(form.columns):
        if not col.sum:
            out.append(None)
            continue
        start: int | Decimal = Decimal(0) if notice.scale(col.unit) > 1 else 0
        out.append(sum((r[i] for r in rows if isinstance(r[i], (int, Decimal))), start=start))
    return tuple(out)


def notice_table(project: Project, form: NoticeForm, entries: list[Entry], issued: dt.date) -> NoticeTable:
    unit = str(project.site.region or project.site.organization)
    if form.rows == "venue":
        order = {v: i for i, v in enumerate(project.venues)}
        venues = sorted({e.venue for e in entries}, key=lambda v: (order.get(v, 1 << 30), v))
        rows = [
            (project.venues[v].name if v in project.venues else v, _values(form, [e for e in entries if e.venue == v]))
            for v in venues
        ]
    else:
        rows = [(unit, _values(form, entries))]
    footer = tuple((field, _prefill(field, project, issued)) for field in form.footer)
    return NoticeTable(
        form.title,
        form.row_label,
        tuple(c.label for c in form.columns),
        tuple(c.unit or "" for c in form.columns),
        tuple(rows),
        _add([r for _, r in rows], form) if form.total else None,
        footer,
        str(project.site.organization),
    )


def _prefill(field: str, project: Project, issued: dt.date) -> str:
    """What the tool knows of a footer field: the unit's name and the date; the rest by hand."""
    if field.startswith("填报单位"):
        return str(project.site.organization)
    if field.startswith(("填表日期", "填报日期")):
        return f"{issued.year}年{issued.month}月{issued.day}日"
    return ""


def forms_for(project: Project, y: YearReport) -> list[tuple[str, NoticeForm, list[Entry]]]:
    """(file stem, form, the sessions it covers once each) for every notice form of the year."""
    own: dict[str, tuple[NoticeForm, list[Entry]]] = {}
    shared: list[Entry] = []
    seen: set[str] = set()
    for report in y.campaigns:
        c = project.campaigns[report.campaign]
        if c.reports is not None:
            if c.reports.form is not None:
                own[c.id] = (c.reports.form, list(report.entries))
            continue
        for e in report.entries:
            if str(e.where) not in seen:  # a joint session is in each campaign's entries
                seen.add(str(e.where))
                shared.append(e)
    out = []
    spec = project.plan.reports
    if (
        spec is not None
        and spec.form is not None
        and any(project.campaigns[r.campaign].reports is None for r in y.campaigns)
    ):
        out.append(("notice-form", spec.form, shared))
    for cid, (form, entries) in sorted(own.items()):
        out.append((str(notice.form_file(project, project.campaigns[cid])).removesuffix(".xlsx"), form, entries))
    return out


def notice_xlsx(table: NoticeTable, stamp: dt.datetime) -> bytes:
    from .notice_xlsx import write

    return write(table, stamp)


def notice_files(project: Project, y: YearReport, stamp: dt.datetime) -> tuple[dict[str, bytes], list[str]]:
    """File name -> bytes of every notice form of the year (xlsx and pdf), and PDF warnings."""
    from .notice_pdf import notice_pdf

    files: dict[str, bytes] = {}
    warnings: list[str] = []
    for stem, form, entries in forms_for(project, y):
        table = notice_table(project, form, entries, stamp.date())
        files[f"{stem}.xlsx"] = notice_xlsx(table, stamp)
        pdf, found = notice_pdf(project, table)
        files[f"{stem}.pdf"] = pdf
        warnings += found
    return files, warnings


def as_text(v: Value) -> str:
    """A cell as printed: whole numbers with separators, 万 figures with their two decimals."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


__all__ = ["NoticeTable", "as_text", "convert", "forms_for", "notice_files", "notice_table", "notice_xlsx"]
