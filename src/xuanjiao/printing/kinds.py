"""Laying out each kind of material, fitting where the page count is fixed.

Posters, leaflets and flyers have a fixed number of pages: their text must fit, so the
type scale steps down (never below the legal minimum for the audience) and what still does
not fit is an error naming the file, the line and how much is too long. Brochures grow.
"""

from __future__ import annotations

import re
from functools import partial

from markupsafe import Markup

from .. import markdown
from ..messages import t
from . import body, economy, flow, pictures, poster_title, sessions
from .fit import TypeScale, measure
from .geometry import leaflet_panels
from .large import banner, board, rollup
from .laying import (
    Job,
    Laid,
    at,
    body_sizes,
    fit_laid,
    fits_as_laid,
    fitting,
    lay,
    overflow,
    probe_measure,
    too_long,
    whole,
)
from .layout import leaflet_geometry, markup

LEAFLET_PANELS = 4  # text flows through the three inside panels, then the inner flap
LEAFLET_INSIDE = 3
BROCHURE_TOC_AFTER = 8  # pages


# --- poster ---------------------------------------------------------------------------------


def poster(job: Job) -> Laid:
    html = markup(markdown.render(markdown.strip_breaks(job.material.body)))
    sizes = body_sizes(job)
    first = lay(job, "poster.html.j2", sizes[0], body=html)
    if fits_as_laid(first, ("main",)):
        return first
    lines = poster_title.title_lines(first.document)
    tries = poster_title.candidates(job, sizes, lines)
    # nothing in the final layout was cut: it ran over just as the probe at tries[0] (= sizes[0]) would
    over = overflow(measure(first.document), ("main",))
    known = {0: (over is None, over)} if whole(first) and len(tries) > 1 else {}
    # a cover picture gives way (a lower strip) before the messages are called too long
    for picture in (None, *(pictures.POSTER_STRIPS_MM if job.material.cover else ())):

        def attempt(scale: TypeScale, picture=picture):
            laid = lay(job, "poster.html.j2", scale, probe=True, body=html, picture_mm=picture)
            over = overflow(probe_measure(laid, job.trim), ("main",))
            return over is None, over

        best, tried = fitting(job, f"poster/{picture}", tries, attempt, known=known if picture is None else None)
        if best is not None:
            laid = lay(job, "poster.html.j2", tries[best], body=html, picture_mm=picture)
            laid.diagnostics += pictures.strip_lowered(job, picture)
            return laid
    if lines >= poster_title.LONG_TITLE_LINES:
        smallest = lay(job, "poster.html.j2", tries[-1], probe=True, body=html)
        return Laid(None, [poster_title.too_long_title(job, poster_title.title_lines(smallest.document), tries[-1])])
    return too_long(
        job,
        Laid(None),
        tried[len(tries) - 1][1],
        t("poster"),
        sizes[-1],
        t("a poster carries a few short messages: shorten them, or make this a leaflet"),
    )


# --- flyer ----------------------------------------------------------------------------------


def flyer(job: Job) -> Laid:
    parts = body.parts(job.material)
    if len(parts) > 2:
        laid = Laid(None)
        laid.diagnostics.append(
            at(job, parts[2].break_line).error(
                t("a flyer has two sides; this is a third <!-- break -->"),
                hint=t("remove the break, or make this material a leaflet or brochure"),
            )
        )
        return laid
    sides = [markup(p.html) for p in parts]
    names = tuple(f"side-{i + 1}" for i in range(len(sides)))
    sizes = body_sizes(job)
    notes = []
    declared = job.material.print.sides
    if declared and declared != len(sides) and job.material.src:
        notes.append(
            job.material.src.at("print", "sides").warning(
                t(
                    "print: sides: {declared}, but the text has {n_sides} side(s) (split at <!-- break -->)",
                    declared=declared,
                    n_sides=len(sides),
                ),
                hint=t("the text decides; correct or remove sides:"),
            )
        )

    def judge(meas):
        over = overflow(meas, names)
        worst = max(names, key=lambda n: meas.regions[n].overflow if n in meas.regions else 0)
        return over is None, (over, parts[names.index(worst)].line)

    _, tried, laid = fit_laid(
        job,
        "flyer",
        sizes,
        lambda scale: lay(job, "flyer.html.j2", scale, sides=sides),
        lambda scale: lay(job, "flyer.html.j2", scale, probe=True, sides=sides),
        judge,
    )
    if laid is not None:
        laid.diagnostics += notes
        return laid
    over, line = tried[len(sizes) - 1][1]
    return too_long(
        job,
        Laid(None),
        over,
        t("flyer"),
        sizes[-1],
        t("shorten the text, or make this material a leaflet or brochure"),
        line,
    )


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
        laid.diagnostics.append(
            at(job, parts[LEAFLET_PANELS].break_line).error(
                t(
                    "a tri-fold leaflet has {leaflet_panels} panels for text (three inside, then the inner flap); this <!-- break --> starts a {leaflet_panels2}th",
                    leaflet_panels=LEAFLET_PANELS,
                    leaflet_panels2=LEAFLET_PANELS + 1,
                ),
                hint=t("join two parts, or make this material a brochure"),
            )
        )
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
        probe = lay(
            job,
            "leaflet.html.j2",
            scale,
            probe=True,
            g=geometry,
            measure_width=narrow,
            column=column,
            panels=[],
            flap=None,
        )
        meas = measure(probe.document)
        heights = {n: (top, bottom) for n, (_, top, bottom) in meas.units.items()}
        return _pack_and_verify(job, scale, units, n_parts, heights, meas.regions["panel-0"].capacity, geometry, flap)

    best, tried = fitting(job, "leaflet", sizes, attempt, step_down=True)
    if best is None:
        over, line = tried[len(sizes) - 1][1]
        return too_long(
            job,
            Laid(None),
            over,
            t("leaflet"),
            sizes[-1],
            t("shorten the text (a leaflet holds about 4 short sections), or make it a brochure"),
            line,
        )
    ctx, too_full, laid = tried[best][1]
    if laid is None:
        laid = lay(job, "leaflet.html.j2", sizes[best], **ctx)
    for name, mm in too_full.items():
        laid.diagnostics.append(
            at(job, job.material.body_line).error(
                t("the leaflet's {name} panel is {mm:.0f} mm too full", name=name, mm=mm),
                hint=t("shorten sources: (printed on the back panel), or leave out the address in site.yml"),
            )
        )
    return laid


def _as_written(job: Job, scale: TypeScale, units: list[body.Unit], geometry) -> tuple | None:
    """A leaflet written panel by panel (a part for each of the four panels) laid out as
    written, with no measuring column first: each part in its own panel is what packing would
    give whenever it fits, and the final layout measures exactly (-> fits, detail as from
    `_pack_and_verify`). When a part runs past its panel no packing can fit at this size: four
    parts cannot move on (the detail is None: the caller measures the column for it). None when
    the text fits but something else was cut at a page end: then the measuring column decides."""
    ctx = _panels_ctx(geometry, [[u for u in units if u.part == i] for i in range(LEAFLET_PANELS)])
    laid = lay(job, "leaflet.html.j2", scale, **ctx)
    meas = measure(laid.document)
    over = meas.overflowing()
    # a panel cut at the page end measures only up to it, but it ran past its own bottom margin
    cut = not whole(laid) and any(
        name.startswith("panel-") and region.end > job.trim.height - 0.5 for name, region in meas.regions.items()
    )
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
        laid = lay(job, "leaflet.html.j2", scale, **ctx)
        if whole(laid):
            meas = measure(laid.document)
        else:  # something was cut at a page end: measure on tall pages instead
            laid, meas = None, probe_measure(lay(job, "leaflet.html.j2", scale, probe=True, **ctx), job.trim)
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
    laid = lay(job, "brochure.html.j2", scale, **ctx)
    if not certain and len(laid.document.pages) > BROCHURE_TOC_AFTER and headings:
        ctx["toc"] = headings
        laid = lay(job, "brochure.html.j2", scale, **ctx)
    scale, laid, blanks = economy.fill(job, scale, ctx, laid)
    if blanks:
        laid = _with_blanks(job, scale, ctx, blanks, laid)
    laid.body_pt = scale.body
    laid.diagnostics += economy.fewer_pages(job, ctx, laid)
    if len(laid.document.pages) % 4:
        laid.diagnostics.append(
            at(job, job.material.body_line).warning(
                t("the brochure has {n_pages} pages, not a multiple of 4", n_pages=len(laid.document.pages))
            )
        )
    return laid


def _contents_certain(parts: int) -> bool:
    """Each part starts a page, between the covers: this many parts need a table of contents
    however short they are, so it goes into the first layout (no layout without it first)."""
    return parts + 2 > BROCHURE_TOC_AFTER


def _with_blanks(
    job: Job, scale: TypeScale, ctx: dict, blanks: int, laid: Laid | None = None, options: dict | None = None
) -> Laid:
    """The brochure with `blanks` empty pages before the back cover (saddle stitching takes
    sheets of four pages). The blank pages are laid out on their own, with the same page
    rules, and spliced in: nothing before them can reflow, so the text is not laid out again.
    A theme's own template that does not know `only_blanks` gets them laid out in place."""
    empty = lay(
        job,
        "brochure.html.j2",
        scale,
        options=options,
        **{**ctx, "parts": [], "toc": [], "blanks": blanks, "only_blanks": True},
    )
    if len(empty.document.pages) != blanks:
        return lay(job, "brochure.html.j2", scale, options=options, **{**ctx, "blanks": blanks})
    if laid is None:
        laid = lay(job, "brochure.html.j2", scale, options=options, **ctx)
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


LAYOUTS = {
    "poster": poster,
    "leaflet": leaflet,
    "brochure": brochure,
    "flyer": flyer,
    "board": board,
    "rollup": rollup,
    "banner": banner,
}
