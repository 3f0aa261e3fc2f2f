"""The print order (印刷清单): one row per material, as a workbook and as an A4 PDF.

Paper, colours and finishing come from the material's `print:`; where it says nothing, the
usual choice for the kind is written (and can be changed in the front matter).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pikepdf

from .. import i18n
from ..content.models import Project
from ..errors import Diagnostic
from ..messages import t
from ..pdf import render_html
from .boxes import finish, save
from .laying import Job
from .layout import Facts
from .render import MaterialOutput
from .theme import Theme
from .words import date_text

SHEET = "印刷清单"
HEADERS = ("编号", "名称", "类型", "成品尺寸", "页数", "纸张", "颜色", "工艺", "数量", "文件")
MORE_HEADERS = ("出血", "付印日期")  # the workbook's; the PDF prints the bleed in the size cell
WIDTHS = (24, 34, 8, 22, 6, 16, 7, 16, 10, 26, 8, 12)
DRAFT = "【样稿】"
DEFAULTS = {  # kind -> (paper, finishing)
    "poster": ("200g 铜版纸", "裁切"),
    "leaflet": ("157g 铜版纸", "三折（包心折）"),
    "brochure": ("128g 铜版纸", "骑马钉"),
    "flyer": ("128g 铜版纸", "裁切"),
    "board": ("PP 背胶写真", "裁切，上栏"),
    "rollup": ("PET 写真布", "易拉宝架"),
    "banner": ("红色横幅布", "白色刻字，两端穿绳"),
}


@dataclass(frozen=True)
class OrderRow:
    id: str
    title: str
    kind: str
    size: str
    pages: int
    paper: str
    colors: str
    finishing: str
    quantity: int | None
    file: str
    bleed: str = ""  # "3 mm"; "10 mm" for boards and roll-ups
    due: dt.date | None = None  # the plan's print task (定稿付印) for the material's campaigns
    draft: bool = False  # not approved: a 样稿, watermarked, not to be printed as it is

    @property
    def name(self) -> str:
        return DRAFT + self.title if self.draft else self.title

    def values(self) -> tuple:
        return (
            self.id,
            self.name,
            self.kind,
            self.size,
            self.pages,
            self.paper,
            self.colors,
            self.finishing,
            self.quantity,
            self.file,
            self.bleed,
            self.due.isoformat() if self.due else None,
        )


def totals(rows: list[OrderRow]) -> list[tuple[str, int, int]]:
    """(kind, materials, copies) per kind, in order of first appearance: copies of a banner and
    of a leaflet do not add up to anything a shop can use."""
    found: dict[str, list[int]] = {}
    for r in rows:
        entry = found.setdefault(r.kind, [0, 0])
        entry[0] += 1
        entry[1] += r.quantity or 0
    return [(kind, n, copies) for kind, (n, copies) in found.items()]


def order_row(job: Job, output: MaterialOutput, quantity: int | None) -> OrderRow:
    from .geometry import bleed_mm

    m = job.material
    paper, finishing = DEFAULTS[m.kind]
    trim = output.trim or job.trim
    size = trim.label + ("，展开" if m.kind == "leaflet" else "")
    colors = m.print.colors or ("白字红底" if m.kind == "banner" else "4/0" if output.pages == 1 else "4/4")
    return OrderRow(
        m.id,
        m.title,
        i18n.KIND[m.kind],
        size,
        output.pages,
        m.print.paper or paper,
        colors,
        m.print.finishing or finishing,
        quantity,
        _files(m.id, m.kind, output.pages),
        f"{bleed_mm(m.kind):g} mm",
        job.facts.print_due,
        job.facts.draft,
    )


def _files(mid: str, kind: str, pages: int) -> str:
    """The print PDF, and for a brochure the press file the shop prints from (render.py, impose.py)."""
    imposed = kind == "brochure" and pages and pages % 4 == 0
    return f"{mid}.pdf" + (f"（拼版：{mid}.imposed.pdf）" if imposed else "")


def order_pdf_in_worker(project: Project, rows: list[OrderRow], path: Path, stamp: dt.datetime) -> list[Diagnostic]:
    """`order_pdf` for a worker process (the theme is rebuilt there: it is not picklable)."""
    return order_pdf(project, rows, path, stamp, Theme(project))


def order_project(project: Project) -> Project:
    """What the order PDF reads of the project (its folder, site.yml), to send to a worker: the
    whole of a 1,000-material project, pickled, was ~150 MB more in the worker."""
    return project.model_copy(
        update=dict(campaigns={}, materials={}, pages={}, news={}, volunteers={}, venues={}, holidays={})
    )


# --- workbook ---------------------------------------------------------------------------------


def workbook(rows: list[OrderRow], stamp: dt.datetime, organization: str, contact=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS + MORE_HEADERS)
    for row in rows:
        ws.append(row.values())
    sums = totals(rows)
    for n, (kind, count, copies) in enumerate(sums):
        ws.append(("合计" if n == 0 else None, f"{kind} {count} 种", kind, None, None, None, None, None, copies, None))
    if contact:
        ws.append(("联系人", contact.name, None, contact.phone))
    head, bold = Font(bold=True, color="FFFFFF"), Font(bold=True)
    fill = PatternFill("solid", fgColor="0A7D6C")
    thin = Side(style="thin", color="9FBFB8")
    for cell in ws[1]:
        cell.font, cell.fill = head, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    # one style object of each kind, shared: openpyxl hashes every one it is given (1,000 rows)
    rule, wrapped, plain, right = (
        Border(bottom=thin),
        Alignment(vertical="center", wrap_text=True),
        Alignment(vertical="center"),
        Alignment(horizontal="right", vertical="center"),
    )
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.border = rule
            cell.alignment = wrapped if cell.column in (2, 4) else plain
    for line in ws.iter_rows(min_row=len(rows) + 2):
        for cell in line:
            cell.font = bold
    for col in (5, 9):
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = "#,##0"
            cell.alignment = right
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    naive = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = naive
    wb.properties.creator = wb.properties.lastModifiedBy = organization
    wb.properties.title = "宣传资料印刷清单"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # save_workbook() would stamp "now" into the file
    return fixed_zip_times(buf.getvalue(), naive)


def fixed_zip_times(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry dated `when` (zip keeps local times of writing)."""
    date_time = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------

# Rows laid out in one WeasyPrint document: its boxes and computed styles take ~0.2 MB a row
# until its PDF is written. A 1,000-row order in one document peaked at ~470 MB in a worker
# (~250 MB of it WeasyPrint and fonts); in parts of 100 rows (~7 pages), at ~275 MB.
PART_ROWS = 100


def order_pdf(project: Project, rows: list[OrderRow], path: Path, stamp: dt.datetime, theme: Theme) -> list[Diagnostic]:
    site = project.site
    facts = Facts(None, stamp.date(), stamp, False)
    m = dict(
        lang="zh-CN",
        title="宣传资料印刷清单",
        organization=site.organization,
        draft=False,
        kind="order",
        large=False,
        slogan=None,
        stamp=facts.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        w={"draft": ""},
    )
    dues = sorted({r.due for r in rows if r.due})
    fixed = dict(
        m=m,
        headers=HEADERS,
        site=site,
        date=date_text(stamp.date(), "zh-CN"),
        count=len(rows),
        totals=totals(rows),
        contact=site.contact,
        due=date_text(dues[0], "zh-CN") if dues else None,
        drafts=sum(r.draft for r in rows),
        bleeds=sorted({r.bleed for r in rows if r.bleed}),
    )
    sheets = [theme.stylesheet("print.css"), theme.stylesheet("order.css")]
    warnings: list[str] = []

    def layout(
        part: list[OrderRow],
        offset: int = 0,
        *,
        head: bool = True,
        tail: bool = True,
        footer: bool = True,
        blank: int = 0,
    ):
        html = theme.render(
            "order.html.j2", rows=part, offset=offset, head=head, tail=tail, footer=footer, blank=blank, **fixed
        )
        result = render_html(html, project.root, [project.root], sheets)
        warnings.extend(result.warnings)
        return result.document

    data = layout(rows).write_pdf() if len(rows) <= PART_ROWS else _in_parts(rows, layout)
    path.write_bytes(finish(data, screen=True))
    return [
        Diagnostic("build/print/print-order.pdf", 0, 0, "warning", t("WeasyPrint: {w}", w=w))
        for w in dict.fromkeys(warnings)
    ]


def _in_parts(rows: list[OrderRow], layout: Callable[..., Any]) -> bytes:
    """The order laid out PART_ROWS rows at a time, each part's document freed once written.

    A part ends with its last full page: the rows of its last page are laid out again at the top
    of the next part, so pages break where one layout would break them. The footers ("第 N 页　共
    M 页") need M, so the parts have none; a last document of M empty pages carries them and is
    laid over the parts' pages. All the documents share one font table: the last one written
    embeds each font once with the glyphs of all of them, and the parts' copies are dropped."""
    fonts: dict = {}
    parts: list[bytes] = []
    start = pages = 0
    while start < len(rows):
        end, doc = start, None
        while doc is None or (end < len(rows) and len(doc.pages) < 2):  # its one page might take more rows
            end = min(end + PART_ROWS, len(rows))
            doc = layout(rows[start:end], start, head=start == 0, tail=end == len(rows), footer=False)
        kept = doc.pages if end == len(rows) else doc.pages[:-1]
        start = end if end == len(rows) else start + sum(_body_rows(page) for page in kept)
        doc = doc.copy(kept)
        doc.fonts, pages = fonts, pages + len(kept)
        parts.append(doc.write_pdf())
        del doc, kept  # freed before the next part is laid out
    footers = layout([], blank=pages)
    footers.fonts = fonts  # written last: its fonts have the glyphs of every part
    with ExitStack() as stack:  # every part stays open until saved: copied pages still read from it
        over, pdf, *more = [
            stack.enter_context(pikepdf.open(io.BytesIO(data))) for data in (footers.write_pdf(), *parts)
        ]
        for part in more:
            pdf.pages.extend(part.pages)
        font = pdf.copy_foreign(over.pages[0].Resources.Font)  # copied once: the footers' forms share it
        for page, footer in zip(pdf.pages, over.pages):
            page.remove_unreferenced_resources()  # gives the page a Resources of its own to name its footer in
            page.Resources.Font = font
            form = pdf.copy_foreign(footer.as_form_xobject())
            page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name.Footer)  # not a random name: reproducible
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(
                b"Q\n" + page.calc_form_xobject_placement(form, pikepdf.Name.Footer, pikepdf.Rectangle(page.trimbox))
            )
        return save(pdf)


def _body_rows(page) -> int:
    """Rows of the table's body on a laid-out page (not its repeated header row)."""
    from weasyprint.formatting_structure.boxes import TableRowGroupBox

    return sum(
        len(box.children)
        for box in page._page_box.descendants()
        if isinstance(box, TableRowGroupBox) and not box.is_header
    )
