"""Laying out each kind of material, fitting where the page count is fixed.

Posters, leaflets and flyers have a fixed number of pages: their text must fit, so the
type scale steps down (never below the legal minimum for the audience) and what still does
not fit is an error naming the file, the line and how much is too long. Brochures grow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from markupsafe import Markup

from .. import markdown
from ..content.models import Material, Project
from ..errors import Diagnostic, Location
from ..pdf import render_html
from . import body, flow, sessions
from .fit import Measure, TypeScale, largest_fitting, measure, scales
from .geometry import Trim, leaflet_panels
from .layout import Facts, common, is_large_print, leaflet_geometry, markup, page_css
from .theme import Theme

LEAFLET_PANELS = 4  # text flows through the three inside panels, then the inner flap
LEAFLET_INSIDE = 3
BROCHURE_TOC_AFTER = 8  # pages


@dataclass
class Job:
    """One material to print. Picklable (the theme is rebuilt where it is needed), so it can
    be sent to a worker process."""

    project: Project
    material: Material
    rel: str  # the Markdown file, relative to the project
    trim: Trim
    facts: Facts
    cmyk: bool = False  # build --cmyk: the print PDF converted to CMYK, black text K only (cmyk.py)

    @cached_property
    def theme(self) -> Theme:
        return Theme(self.project)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "theme"}


@dataclass
class Laid:
    document: object | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    body_pt: float = 0.0
    again: Callable[..., "Laid"] | None = None  # the same layout with other render options (dpi=...)
    trim: Trim | None = None  # when the layout decides the size (a banner's length)
    broken: int | None = None  # positioned boxes WeasyPrint broke at a page end (see `whole`)


# kind -> (largest, smallest) body size in pt; fixed-page kinds take the largest that fits,
# so short texts are set big. Large print (老年人, print.large) never goes below 14 pt.
BODY_PT = {"poster": (36, 20), "leaflet": (13.5, 9), "flyer": (13.5, 9), "brochure": (10.5, 10.5),
           "board": (140, 28), "rollup": (110, 26)}
LARGE_PT = {"poster": (36, 20), "leaflet": (16, 14), "flyer": (16, 14), "brochure": (14, 14),
            "board": (140, 32), "rollup": (110, 30)}
# the sheet each kind's sizes are given for; wider sheets scale up, narrower ones down (--k)
K_BASE = {"poster": 297, "flyer": 148, "board": 2400, "rollup": 800}


def body_sizes(job: Job) -> list[TypeScale]:
    """Allowed body sizes, largest first."""
    kind = job.material.kind
    largest, smallest = (LARGE_PT if is_large_print(job.material) else BODY_PT)[kind]
    k = _k(job)  # A2 poster, A4 flyer: bigger
    step = 2 if kind == "poster" else 0.5
    if kind in ("board", "rollup"):  # sizes are given for the full sheet; a smaller one scales all of them
        step = 2 * k
        return scales(round(largest * k, 2), round(smallest * k, 2), step)
    return scales(round(largest * k / step) * step, smallest, step)


def _render(job: Job, template: str, scale: TypeScale, probe: bool = False, options: dict | None = None,
            **ctx) -> Laid:
    """Lay out `template`; a probe has very tall pages so that overflow can be measured.
    `options` go to WeasyPrint's render (image options such as dpi act at layout time)."""
    m = common(job.project, job.material, job.facts)
    html = job.theme.render(template, m=m, **ctx)
    sheets = [page_css(job.trim, probe), job.theme.stylesheet("print.css"),
              job.theme.stylesheet(f"{job.material.kind}.css"), scale.css() + _k_css(job)]
    result = render_html(html, job.material.path.parent, [job.project.root], sheets, **(options or {}))
    again = None if probe else partial(_render, job, template, scale, **ctx)
    return Laid(result.document, [], result.warnings, result.refused, scale.body, again, broken=result.broken)


def whole(laid: Laid) -> bool:
    """A final-size layout that lost nothing: no positioned box ran past a page end (WeasyPrint
    breaks it and drops what is left after the last page). Such a layout measures exactly like
    a probe (every side is its own trim-sized sheet; only the page height differs), so when it
    fits it is the final document and the probes are not needed."""
    return laid.broken == 0


def fits_as_laid(laid: Laid, names: tuple[str, ...]) -> bool:
    """The common case first: the text fits at the largest size, one layout instead of two."""
    return whole(laid) and _overflow(measure(laid.document), names) is None


def _k(job: Job) -> float:
    base = K_BASE.get(job.material.kind)
    if base is None:
        return 1.0
    k = job.trim.width / base
    if job.material.kind == "board":  # a board may be narrower or lower than 2:1
        k = min(k, job.trim.height / 1200)
    elif job.material.kind == "rollup":
        k = min(k, job.trim.height / 2000)
    return k


def _k_css(job: Job) -> str:
    return f":root {{ --k: {_k(job):.4f}; }}\n" if job.material.kind in K_BASE else ""


def _at(job: Job, line: int) -> Location:
    return Location(job.rel, line, 1)


# --- poster ---------------------------------------------------------------------------------

def poster(job: Job) -> Laid:
    html = markup(markdown.render(markdown.strip_breaks(job.material.body)))
    sizes = body_sizes(job)
    first = _render(job, "poster.html.j2", sizes[0], body=html)
    if fits_as_laid(first, ("main",)):
        return first

    def attempt(scale: TypeScale):
        over = _overflow(measure(_render(job, "poster.html.j2", scale, probe=True, body=html).document), ("main",))
        return over is None, over

    best, tried = largest_fitting(sizes, attempt)
    if best is not None:
        return _render(job, "poster.html.j2", sizes[best], body=html)
    return _too_long(job, Laid(None), tried[len(sizes) - 1][1], "poster", sizes[-1],
                     "a poster carries a few short messages: shorten them, or make this a leaflet")


def _overflow(meas: Measure, names: tuple[str, ...]) -> float | None:
    """mm of text past the limit (None when everything fits on the expected pages)."""
    over = [meas.regions[n].overflow for n in names if n in meas.regions]
    worst = max(over, default=0.0)
    if meas.pages > len(names) and worst < 0.2:  # a side spilled onto an extra page
        worst = 1.0
    return worst if worst > 0.2 else None


def _too_long(job: Job, laid: Laid, over: float, what: str, smallest: TypeScale, hint: str,
              line: int | None = None) -> Laid:
    laid.diagnostics.append(_at(job, line or job.material.body_line).error(
        t("the {what}'s text does not fit from here on: {over:.0f} mm too long even at {body:g} pt body text (about {lines:d} lines)", what=what, over=over, body=smallest.body, lines=_lines(over, smallest)), hint=hint, code="print-overflow"))
    laid.document = None
    return laid


def _lines(mm: float, scale: TypeScale) -> int:
    line_mm = scale.body * 1.6 * 25.4 / 72
    return max(1, round(mm / line_mm))


# --- flyer ----------------------------------------------------------------------------------

def flyer(job: Job) -> Laid:
    parts = body.parts(job.material)
    if len(parts) > 2:
        laid = Laid(None)
        laid.diagnostics.append(_at(job, parts[2].break_line).error(
            t("a flyer has two sides; this is a third <!-- break -->"),
            hint=t("remove the break, or make this material a leaflet or brochure")))
        return laid
    sides = [markup(p.html) for p in parts]
    names = tuple(f"side-{i + 1}" for i in range(len(sides)))
    sizes = body_sizes(job)
    notes = []
    declared = job.material.print.sides
    if declared and declared != len(sides) and job.material.src:
        notes.append(job.material.src.at("print", "sides").warning(
            t("print: sides: {declared}, but the text has {n_sides} side(s) (split at <!-- break -->)", declared=declared, n_sides=len(sides)),
            hint=t("the text decides; correct or remove sides:")))
    first = _render(job, "flyer.html.j2", sizes[0], sides=sides)
    if fits_as_laid(first, names):
        first.diagnostics += notes
        return first

    def attempt(scale: TypeScale):
        meas = measure(_render(job, "flyer.html.j2", scale, probe=True, sides=sides).document)
        over = _overflow(meas, names)
        worst = max(names, key=lambda n: meas.regions[n].overflow if n in meas.regions else 0)
        return over is None, (over, parts[names.index(worst)].line)

    best, tried = largest_fitting(sizes, attempt)
    if best is not None:
        laid = _render(job, "flyer.html.j2", sizes[best], sides=sides)
        laid.diagnostics += notes
        return laid
    over, line = tried[len(sizes) - 1][1]
    return _too_long(job, Laid(None), over, "flyer", sizes[-1],
                     "shorten the text, or make this material a leaflet or brochure", line)


# --- leaflet --------------------------------------------------------------------------------

def leaflet(job: Job) -> Laid:
    parts = body.parts(job.material)
    units = body.units(parts)
    flap: list[body.Unit] = []  # a 你问我答 section the writer marked: the fold-in panel's
    if len(parts) < LEAFLET_PANELS:
        units, flap = sessions.split_qa(units)
    n_parts = max((u.part for u in units), default=0) + 1 if flap else len(parts)
    if len(parts) > LEAFLET_PANELS:
        laid = Laid(None)
        laid.diagnostics.append(_at(job, parts[LEAFLET_PANELS].break_line).error(
            t("a tri-fold leaflet has {leaflet_panels} panels for text (three inside, then the inner flap); this <!-- break --> starts a {leaflet_panels2}th", leaflet_panels=LEAFLET_PANELS, leaflet_panels2=LEAFLET_PANELS + 1),
            hint=t("join two parts, or make this material a brochure")))
        return laid
    geometry = leaflet_geometry(job.trim)
    narrow = min(p.width for p in leaflet_panels(job.trim.width)[1])
    sizes = body_sizes(job)
    column = markup(body.join_units(units + flap))

    def attempt(scale: TypeScale):
        if len(parts) == LEAFLET_PANELS:
            written = _as_written(job, scale, units, geometry)
            if written is not None and (written[0] or scale is not sizes[-1]):
                return written  # (at the smallest size, the measuring column says how much is too long)
        probe = _render(job, "leaflet.html.j2", scale, probe=True, g=geometry, measure_width=narrow,
                        column=column, panels=[], flap=None)
        meas = measure(probe.document)
        heights = {n: (top, bottom) for n, (_, top, bottom) in meas.units.items()}
        return _pack_and_verify(job, scale, units, n_parts, heights, meas.regions["panel-0"].capacity, geometry,
                                flap)

    best, tried = largest_fitting(sizes, attempt, step_down=True)
    if best is None:
        over, line = tried[len(sizes) - 1][1]
        return _too_long(job, Laid(None), over, "leaflet", sizes[-1],
                         "shorten the text (a leaflet holds about 4 short sections), or make it a brochure", line)
    ctx, too_full, laid = tried[best][1]
    if laid is None:
        laid = _render(job, "leaflet.html.j2", sizes[best], **ctx)
    for name, mm in too_full.items():
        laid.diagnostics.append(_at(job, job.material.body_line).error(
            t("the leaflet's {name} panel is {mm:.0f} mm too full", name=name, mm=mm),
            hint=t("shorten sources: (printed on the back panel), or leave out the address in site.yml")))
    return laid


def _as_written(job: Job, scale: TypeScale, units: list[body.Unit], geometry) -> tuple | None:
    """A leaflet written panel by panel (a part for each of the four panels) laid out as
    written, with no measuring column first: each part in its own panel is what packing would
    give whenever it fits, and the final layout measures exactly (-> fits, detail as from
    `_pack_and_verify`). When a part runs past its panel no packing can fit at this size: four
    parts cannot move on (the detail is None: the caller measures the column for it). None when
    the text fits but something else was cut at a page end: then the measuring column decides."""
    ctx = _panels_ctx(geometry, [[u for u in units if u.part == i] for i in range(LEAFLET_PANELS)])
    laid = _render(job, "leaflet.html.j2", scale, **ctx)
    meas = measure(laid.document)
    over = meas.overflowing()
    # a panel cut at the page end measures only up to it, but it ran past its own bottom margin
    cut = not whole(laid) and any(name.startswith("panel-") and region.end > job.trim.height - 0.5
                                  for name, region in meas.regions.items())
    if cut or any(name.startswith("panel-") for name in over):
        return False, None
    if not whole(laid):
        return None
    return True, (ctx, over, laid)


def _panels_ctx(geometry, panels: list[list[body.Unit]]) -> dict:
    """The leaflet template's context for these units in its four text panels (empty: None)."""
    html = [markup(body.join_units(units)) if units else None for units in panels]
    return dict(g=geometry, measure_width=0, column=None, panels=html[:3], flap=html[3])


def _pack_and_verify(job, scale, units, n_parts, heights, capacity, geometry, flap=()):
    """Pack the measured units, lay them out, and push a unit on to the next panel wherever the
    real panels disagree with the measurement. -> (fits, (template context, fixed panels
    that are too full, the final layout or None)) or (False, (mm too long, line where the
    text stops fitting)). Each packing is laid out at the final size first: when nothing ran
    past a page end it measures like a probe, and when it fits it is the final document."""
    pushed: set[int] = set()
    balance = True  # spread over the inside panels first; filled in order when that overflows
    for _ in range(8):
        for_text = LEAFLET_INSIDE if flap else LEAFLET_PANELS  # a 你问我答 section keeps the flap
        spread = flow.balanced(units, heights, capacity, LEAFLET_INSIDE, for_text, n_parts) if balance else None
        balance = False
        packing = spread or flow.pack(units, heights, capacity, for_text, n_parts, frozenset(pushed))
        if packing.left_over:
            return False, (flow.left_over_height(packing.left_over, heights), packing.left_over[0].line)
        panels = packing.panels + ([list(flap)] if flap else [])
        ctx = _panels_ctx(geometry, panels)
        laid = _render(job, "leaflet.html.j2", scale, **ctx)
        if whole(laid):
            meas = measure(laid.document)
        else:  # something was cut at a page end: measure on tall pages instead
            laid, meas = None, measure(_render(job, "leaflet.html.j2", scale, probe=True, **ctx).document)
        over = meas.overflowing()
        text_over = {n: v for n, v in over.items() if n.startswith("panel-")}
        if not text_over:
            return True, (ctx, over, laid)
        if spread is not None:
            continue  # the measuring column was a little off: fill the panels in order instead
        for name in text_over:
            panel = panels[int(name.split("-")[1])]
            if flap and panel is panels[-1]:
                return False, (text_over[name], flap[0].line)
            limit = meas.regions[name].limit
            beyond = [u for u in panel if meas.units.get(u.index, ("", 0, 0))[2] > limit + 0.2]
            if not beyond or beyond[0] is panel[0]:  # a single unit taller than a panel
                return False, (text_over[name], panel[0].line)
            pushed.add(beyond[0].index)
    return False, (max(text_over.values()), job.material.body_line)


# --- brochure -------------------------------------------------------------------------------

def brochure(job: Job) -> Laid:
    parts = [markup(p.html) for p in body.parts(job.material)]
    headings = _headings(parts)
    scale = body_sizes(job)[0]
    certain = _contents_certain(len(parts))
    ctx = dict(parts=parts, toc=headings if certain else [], blanks=0, only_blanks=False)
    laid = _render(job, "brochure.html.j2", scale, **ctx)
    if not certain and len(laid.document.pages) > BROCHURE_TOC_AFTER and headings:
        ctx["toc"] = headings
        laid = _render(job, "brochure.html.j2", scale, **ctx)
    laid = economy.fill(job, scale, ctx, laid)
    laid.diagnostics += economy.fewer_pages(job, ctx, laid)
    if len(laid.document.pages) % 4:
        laid.diagnostics.append(_at(job, job.material.body_line).warning(
            t("the brochure has {n_pages} pages, not a multiple of 4", n_pages=len(laid.document.pages))))
    return laid


def _contents_certain(parts: int) -> bool:
    """Each part starts a page, between the covers: this many parts need a table of contents
    however short they are, so it goes into the first layout (no layout without it first)."""
    return parts + 2 > BROCHURE_TOC_AFTER


def _with_blanks(job: Job, scale: TypeScale, ctx: dict, blanks: int, laid: Laid | None = None,
                 options: dict | None = None) -> Laid:
    """The brochure with `blanks` empty pages before the back cover (saddle stitching takes
    sheets of four pages). The blank pages are laid out on their own, with the same page
    rules, and spliced in: nothing before them can reflow, so the text is not laid out again.
    A theme's own template that does not know `only_blanks` gets them laid out in place."""
    empty = _render(job, "brochure.html.j2", scale, options=options, **{**ctx, "parts": [], "toc": [],
                                                                          "blanks": blanks, "only_blanks": True})
    if len(empty.document.pages) != blanks:
        return _render(job, "brochure.html.j2", scale, options=options, **{**ctx, "blanks": blanks})
    if laid is None:
        laid = _render(job, "brochure.html.j2", scale, options=options, **ctx)
    pages = laid.document.pages
    laid.warnings += empty.warnings
    laid.refused += empty.refused
    laid.document = laid.document.copy(pages[:-1] + empty.document.pages + pages[-1:])
    laid.again = partial(_with_blanks, job, scale, ctx, blanks)  # again(options=...): laid out anew
    return laid


_H2 = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def _headings(parts) -> list[dict[str, str]]:
    """Level-2 headings with their ids (the Markdown dialect's toc extension sets them)."""
    return [dict(id=ident, text=Markup(text).striptags()) for html in parts for ident, text in _H2.findall(str(html))]


from . import economy  # noqa: E402  (it uses the helpers above)
from .large import banner, board, rollup  # noqa: E402  (they use the helpers above)
from ..messages import t

LAYOUTS = {"poster": poster, "leaflet": leaflet, "brochure": brochure, "flyer": flyer,
           "board": board, "rollup": rollup, "banner": banner}
