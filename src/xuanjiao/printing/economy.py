"""Brochures that waste no paper: saddle stitching takes sheets of four pages, so a brochure
is filled to the next multiple of four with at most one blank page (a notes page), and a
writer whose `<!-- break -->`s cost a whole sheet hears how many pages they cost.

- Two or three pages short of a sheet: the body type grows a little (up to GROW_PT) when the
  text then fills the sheet, which also reads better; else the rest stays blank.
- The first blank page is a notes page (笔记, ruled lines); the template draws it.
- Each part starts a page; when the text set without those breaks would fill four pages
  fewer, a warning at the first break says so (over 1,000 copies that is real paper).
"""

from __future__ import annotations

from .. import markdown
from ..errors import Diagnostic, Location
from ..messages import t
from . import body
from .fit import TypeScale
from .geometry import PX_PER_MM
from .laying import Job, Laid, lay
from .layout import markup

GROW_PT = (0.5, 1.0, 1.5)
TEXT_TOP_MM, TEXT_FOOT_MM = (
    16,
    19,
)  # brochure.css @page margins  # body sizes tried above the kind's, to fill a sheet instead of leaving pages blank


def fill(job: Job, scale: TypeScale, ctx: dict, laid: Laid) -> tuple[TypeScale, Laid, int]:
    """(scale, layout, blank pages still to add) for `laid` (the brochure at `scale`) filled to
    a multiple of four pages."""
    pages = len(laid.document.pages)
    blanks = -pages % 4
    if blanks >= 2:
        for extra in GROW_PT:
            bigger = TypeScale(round(scale.body + extra, 2))
            tried = lay(job, "brochure.html.j2", bigger, **ctx)
            n = len(tried.document.pages)
            if n > pages + blanks:
                break
            if pages + blanks - n <= 1:
                return bigger, tried, pages + blanks - n
    return scale, laid, blanks


def fewer_pages(job: Job, ctx: dict, laid: Laid) -> list[Diagnostic]:
    """A warning when the text without its breaks would need four pages fewer than `laid` has."""
    pages = len(laid.document.pages)
    parts = body.parts(job.material)
    if len(parts) < 2 or _room(job, laid) < 4 - 0.05:
        return []  # the pages the breaks leave part-empty add up to less than a sheet: nothing to save
    joined = [markup(markdown.render(markdown.strip_breaks(job.material.body)))]
    flowing = lay(job, "brochure.html.j2", TypeScale(laid.body_pt), **{**ctx, "parts": joined, "blanks": 0})
    n = len(flowing.document.pages)
    could = n + (-n % 4)
    if could > pages - 4:
        return []
    breaks = len(parts) - 1
    return [
        Location(job.rel, parts[1].break_line, 1).warning(
            t(
                "this brochure has {pages} pages; without its {breaks} <!-- break --> lines the text fills {could} "
                "({saved} pages fewer in every copy)",
                pages=pages,
                breaks=breaks,
                could=could,
                saved=pages - could,
            ),
            hint=t(
                "remove the breaks that only start a new page (sections then flow on), or keep them where a "
                "section must open on its own page"
            ),
            code="print-economy",
        )
    ]


def _room(job: Job, laid: Laid) -> float:
    """Pages' worth of empty space below the text on the inside pages (an upper bound of what
    flowing the parts on could save; cheap, so the text is laid out again only when it may)."""
    height = job.trim.height - TEXT_TOP_MM - TEXT_FOOT_MM
    room = 0.0
    for page in laid.document.pages[1:-1]:
        used = max(0.0, _lowest_text_mm(page._page_box) - TEXT_TOP_MM)
        room += max(0.0, 1 - used / height)
    return room


def _lowest_text_mm(box) -> float:
    """The lowest line of text on a page, page numbers and running heads (margin boxes) aside."""
    if type(box).__name__ == "MarginBox":
        return 0.0
    lowest = 0.0
    if type(box).__name__ == "LineBox":
        lowest = (box.position_y + box.margin_height()) / PX_PER_MM
    for child in getattr(box, "children", ()):
        lowest = max(lowest, _lowest_text_mm(child))
    return lowest
