"""A poster's long title steps down to fit, within limits: never below the size that keeps
it HIERARCHY times the next level (display.title_floor). A title that wraps onto three or
more lines gives way before the body text does (the messages stay legible); a short one
keeps its size while the body steps down first. What still does not fit is an error at the
title's line when the title is what takes the room, else at the body as before."""

from __future__ import annotations

from ..errors import Diagnostic
from ..messages import t
from .display import title_floor, title_pt
from .fit import TypeScale
from .laying import Job, at

TITLE_STEP_PT = 4.0
LONG_TITLE_LINES = 3


def candidates(job: Job, sizes: list[TypeScale], title_lines: int) -> list[TypeScale]:
    """Sizes to try, each giving the body more room than the one before."""
    long = title_lines >= LONG_TITLE_LINES
    at_body = sizes[0] if long else sizes[-1]
    steps = _title_steps(job, at_body)
    if long:  # the title gives way first, then the body steps down under the smallest title
        smallest = steps[-1].title if steps else None
        return [sizes[0], *steps, *(TypeScale(s.body, smallest) for s in sizes[1:])]
    return [*sizes, *steps]


def _title_steps(job: Job, scale: TypeScale) -> list[TypeScale]:
    normal, floor = title_pt(job, scale), title_floor(job, scale)
    out, size = [], normal - TITLE_STEP_PT
    while size >= floor - 1e-6:
        out.append(TypeScale(scale.body, round(size, 2)))
        size -= TITLE_STEP_PT
    if out and out[-1].title > floor + 0.5 or not out and normal > floor + 0.5:
        out.append(TypeScale(scale.body, round(floor + 0.01, 2)))
    return out


def title_lines(document) -> int:
    """Lines of the poster's title (its h1) in a layout."""
    found = [0]

    def visit(box) -> None:
        el = getattr(box, "element", None)
        if el is not None and el.tag == "h1" and "title" in (el.get("class") or "").split():
            found[0] = max(found[0], sum(1 for c in getattr(box, "children", ()) if type(c).__name__ == "LineBox"))
            return
        for child in getattr(box, "children", ()):
            visit(child)

    visit(document.pages[0]._page_box)
    return found[0]


def too_long_title(job: Job, lines: int, smallest: TypeScale) -> Diagnostic:
    m = job.material
    where = m.src.at("title") if m.src else at(job, 1)
    return where.error(
        t(
            "the poster's title takes {lines} lines even at {title:g} pt, the smallest that keeps it 1.4 times the "
            "next level; the messages no longer fit below it",
            lines=lines,
            title=round(title_pt(job, smallest), 1),
        ),
        hint=t("shorten the title (a few words; the rest can go into the body or a subtitle after ——)"),
        code="print-overflow",
    )
