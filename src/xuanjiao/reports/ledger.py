"""The yearly health-education ledger (台帐): `build/reports/YEAR/ledger.xlsx` and `.pdf`.

- printed materials of the year by kind and topic: one kind per material, translations
  (`translation_of`) are not a new kind, a brochure counts one however many pages;
- copies printed: `print.quantity` when set (the whole run), else the plans' quantities;
- board issues per venue with dates and gaps, against `standards.board_refresh_months`;
- campaigns held with reach from the filled reports when present (else the planned reach);
- each compared with the minimums in `site.yml` `standards:` and marked 达标 / 未达标.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from .. import i18n
from ..content import derive
from ..content.models import Project
from ..errors import Diagnostic, warnings_in
from ..schedule.boards import add_months, issues
from ..schedule.model import PlanSet

MET, NOT_MET, NONE = "达标", "未达标", "未记录"


@dataclass
class MaterialRow:
    id: str
    title: str
    kind: str
    topic: str
    copies: int


@dataclass
class BoardRow:
    venue: str
    name: str
    boards: int
    dates: list[dt.date]
    longest_gap: int  # days, counting from 1 January and to 31 December
    met: bool


@dataclass
class CampaignRow:
    id: str
    title: str
    date: dt.date
    sessions: int
    reach: int
    reported: bool


@dataclass
class Standard:
    label: str
    actual: str
    minimum: str
    status: str


@dataclass
class Ledger:
    year: int
    organization: str
    materials: list[MaterialRow] = field(default_factory=list)
    boards: list[BoardRow] = field(default_factory=list)
    campaigns: list[CampaignRow] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)

    @property
    def copies(self) -> int:
        return sum(m.copies for m in self.materials)


def _topic(project: Project, material) -> str:
    campaigns = derive.material_campaigns(project, material)
    if campaigns and campaigns[0].day in project.days:
        return project.days[campaigns[0].day].title()
    return "综合"


def _in_year(project: Project, material, year: int) -> bool:
    if material.kind == "board" and material.posted_on:
        return material.posted_on.year == year
    return any(c.year == year for c in derive.material_campaigns(project, material))


def make_ledger(project: Project, planset: PlanSet, year: int, reach: dict[str, int] | None = None) -> Ledger:
    """`reach`: campaign id -> people reached, from the filled report forms (when there are any)."""
    std = project.site.standards
    led = Ledger(year, project.site.organization)
    plans = sorted(planset.for_year(year), key=lambda p: (p.date, p.campaign))
    planned: dict[str, int] = {}
    for p in plans:
        for q in p.print:
            planned[q.material] = planned.get(q.material, 0) + q.quantity
    for m in sorted(project.materials.values(), key=lambda m: (m.kind, m.id)):
        if m.status not in ("approved", "retired") or m.translation_of or not _in_year(project, m, year):
            continue
        copies = m.print.quantity if m.print.quantity is not None else planned.get(m.id, 0)
        led.materials.append(MaterialRow(m.id, m.title, i18n.KIND[m.kind], _topic(project, m), copies))
    every = std.board_refresh_months
    found = issues(project)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for vid, venue in sorted(project.venues.items()):
        if not venue.boards:
            continue
        dates = sorted(i.posted_on for i in found.get(vid, []) if i.posted_on.year == year)
        points = [first] + dates + [last]
        gaps = [(b - a).days for a, b in zip(points, points[1:])]
        met = bool(dates) and all(add_months(a, every) >= b for a, b in zip(points, points[1:]))
        led.boards.append(BoardRow(vid, venue.name, venue.boards, dates, max(gaps), met))
    for p in plans:
        got = (reach or {}).get(p.campaign)
        led.campaigns.append(
            CampaignRow(
                p.campaign,
                project.campaigns[p.campaign].title,
                p.date,
                len(p.sessions),
                got if got is not None else p.reach,
                got is not None,
            )
        )
    kinds = len(led.materials)
    led.standards.append(
        Standard(
            "印刷宣传资料种类",
            f"{kinds} 种",
            f"≥ {std.printed_kinds} 种",
            MET if kinds >= std.printed_kinds else NOT_MET,
        )
    )
    led.standards.append(Standard("音像宣传资料", "本系统不登记音像资料", f"≥ {std.av_titles} 种", NONE))
    if led.boards:
        ok = sum(b.met for b in led.boards)
        led.standards.append(
            Standard(
                "宣传栏定期更换",
                f"{ok}/{len(led.boards)} 处按期更换",
                f"每 {every} 个月至少更换一次",
                MET if ok == len(led.boards) else NOT_MET,
            )
        )
    led.standards.append(Standard("主题宣传活动", f"{len(led.campaigns)} 次", "—", MET if led.campaigns else NOT_MET))
    return led


# --- workbook ---------------------------------------------------------------------------------


def ledger_xlsx(led: Ledger, stamp: dt.datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ..schedule.office import reproducible
    from ..schedule.report_form import BORDER, print_setup, set_properties, style_header

    wb = Workbook()
    red = Font(bold=True, color="C62828")
    green = Font(bold=True, color="1E7D32")
    sheets = [
        (
            "达标情况",
            ("项目", "实际", "标准要求", "结论"),
            (22, 26, 24, 10),
            [(s.label, s.actual, s.minimum, s.status) for s in led.standards],
        ),
        (
            "印刷资料",
            ("编号", "名称", "类型", "主题", "印制数量(份)"),
            (26, 36, 10, 18, 14),
            [(m.id, m.title, m.kind, m.topic, m.copies) for m in led.materials]
            + [("合计", f"{len(led.materials)} 种", None, None, led.copies)],
        ),
        (
            "宣传栏",
            ("场所编号", "场所", "块数", "本年更换日期", "最长间隔(天)", "结论"),
            (24, 26, 8, 40, 14, 10),
            [
                (
                    b.venue,
                    b.name,
                    b.boards,
                    "、".join(d.isoformat() for d in b.dates) or "无",
                    b.longest_gap,
                    MET if b.met else NOT_MET,
                )
                for b in led.boards
            ],
        ),
        (
            "宣传活动",
            ("编号", "活动", "日期", "场次", "服务人数", "人数来源"),
            (22, 36, 12, 8, 12, 12),
            [(c.id, c.title, c.date, c.sessions, c.reach, "统计表" if c.reported else "计划") for c in led.campaigns],
        ),
    ]
    for i, (title, header, widths, rows) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append(header)
        for row in rows:
            ws.append(list(row))
        style_header(ws, widths)
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                cell.border = BORDER
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if cell.value == MET:
                    cell.font = green
                elif cell.value == NOT_MET:
                    cell.font = red
                    cell.fill = PatternFill("solid", fgColor="FDECEA")
        ws.freeze_panes = "A2"
        print_setup(ws)
    set_properties(wb, f"{led.year}年健康教育工作台帐", led.organization, stamp)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), stamp)


# --- PDF --------------------------------------------------------------------------------------------

LEDGER_CSS = """
@page { size: A4 landscape; margin: 18mm 16mm 18mm 16mm; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 1em; font-size: 10.5pt; line-height: 1.45; }
th, td { border: 0.3mm solid #000; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
th { font-family: "Noto Sans CJK SC", sans-serif; background: #e7e7e7; }
td.n { text-align: right; }
td.met { color: #1e7d32; font-weight: bold; } td.not { color: #c62828; font-weight: bold; background: #fdecea; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; margin: 0.8em 0 0.2em; }
p.meta { font-size: 11pt; margin: 0 0 0.5em; text-align: center; }
"""


def _cell(v) -> str:
    if v == MET:
        return f'<td class="met">{v}</td>'
    if v == NOT_MET:
        return f'<td class="not">{v}</td>'
    if isinstance(v, int):
        return f'<td class="n">{v:,}</td>'
    return f"<td>{escape(v if v is not None else '')}</td>"


def _table(header, rows) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def ledger_html(led: Ledger, issued: dt.date) -> str:
    parts = [
        f'<h1 class="title">{led.year}年健康教育工作台帐</h1>',
        f'<p class="meta">{escape(led.organization)}　{i18n.date_zh(issued)}</p>',
        "<h2>一、达标情况</h2>",
        _table(("项目", "实际", "标准要求", "结论"), [(s.label, s.actual, s.minimum, s.status) for s in led.standards]),
        "<h2>二、印刷宣传资料</h2>",
        _table(
            ("名称", "类型", "主题", "印制数量(份)"),
            [(m.title, m.kind, m.topic, m.copies) for m in led.materials]
            + [("合计", f"{len(led.materials)} 种", "", led.copies)],
        ),
        "<h2>三、宣传栏更换</h2>",
        _table(
            ("场所", "块数", "本年更换日期", "最长间隔(天)", "结论"),
            [
                (
                    b.name,
                    b.boards,
                    "、".join(i18n.short_date_zh(d, False) for d in b.dates) or "无",
                    b.longest_gap,
                    MET if b.met else NOT_MET,
                )
                for b in led.boards
            ],
        ),
        "<h2>四、主题宣传活动</h2>",
        _table(
            ("活动", "日期", "场次", "服务人数", "人数来源"),
            [
                (c.title, i18n.date_zh(c.date), c.sessions, c.reach, "统计表" if c.reported else "计划")
                for c in led.campaigns
            ],
        ),
    ]
    return f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{led.year}年健康教育工作台帐</title></head><body>{"".join(parts)}</body></html>'


def ledger_pdf(project: Project, led: Ledger, stamp: dt.datetime) -> tuple[bytes, list[str]]:
    from ..pdf import render_html
    from ..theme import Theme

    theme = Theme(project, "plan")
    rendered = render_html(
        ledger_html(led, stamp.date()), theme.base_dir, [project.root], [theme.stylesheet("plan.css"), LEDGER_CSS]
    )
    return rendered.document.write_pdf(), list(rendered.warnings)


def write_ledger(
    project: Project, planset: PlanSet, year: int, dest: Path, stamp: dt.datetime
) -> tuple[Ledger, list[Diagnostic]]:
    """The year's ledger.xlsx and ledger.pdf in `dest`: reach from the returned report forms
    where there are any (else the planned reach); -> (the ledger, warnings)."""
    from . import make_report

    reach = None
    diags: list[Diagnostic] = []
    if planset.for_year(year):
        summary, found = make_report(project, planset, year)
        if summary is not None and summary.files:
            reach = {c.plan.campaign: c.totals[0] for c in summary.campaigns if c.entries}
        diags += warnings_in(found)
    led = make_ledger(project, planset, year, reach)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "ledger.xlsx").write_bytes(ledger_xlsx(led, stamp))
    pdf, warnings = ledger_pdf(project, led, stamp)
    (dest / "ledger.pdf").write_bytes(pdf)
    diags += [Diagnostic("build/reports/ledger.pdf", 0, 0, "warning", w) for w in warnings]
    return led, diags
