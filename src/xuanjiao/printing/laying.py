"""What every layout shares (the fixed-page kinds in kinds.py and the large ones in large.py):
a layout's result, the allowed body sizes, one render, and measuring what overflows
(the job itself and its kind's type sizes are in job.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from ..errors import Diagnostic, Location
from ..messages import t
from ..pdf import render_html
from .display import hierarchy_css
from .fit import Measure, TypeScale, hint_key, largest_fitting, measure, scales
from .geometry import Trim
from .job import BODY_PT, LARGE_PT, Job, k_css, scale_k
from .layout import PROBE_EXTRA_MM, common, is_large_print, page_css
from .wordbreak import KEEP_WORDS_KINDS, keep_words


@dataclass
class Laid:
    document: Any | None  # weasyprint.Document (imported lazily: typed loosely)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    body_pt: float = 0.0
    again: Callable[..., "Laid"] | None = None  # the same layout with other render options (dpi=...)
    trim: Trim | None = None  # when the layout decides the size (a banner's length)
    broken: int | None = None  # positioned boxes WeasyPrint broke at a page end (see `whole`)


def body_sizes(job: Job) -> list[TypeScale]:
    """Allowed body sizes, largest first."""
    kind = job.material.kind
    largest, smallest = (LARGE_PT if is_large_print(job.material) else BODY_PT)[kind]
    k = scale_k(job)  # A2 poster, A4 flyer: bigger
    step = 2 if kind == "poster" else 0.5
    if kind in ("board", "rollup"):  # sizes are given for the full sheet; a smaller one scales all of them
        step = 2 * k
        return scales(round(largest * k, 2), round(smallest * k, 2), step)
    return scales(round(largest * k / step) * step, smallest, step)


def lay(job: Job, template: str, scale: TypeScale, probe: bool = False, options: dict | None = None, **ctx) -> Laid:
    """Lay out `template`; a probe has very tall pages so that overflow can be measured.
    `options` go to WeasyPrint's render (image options such as dpi act at layout time)."""
    m = common(job.project, job.material, job.facts)
    html = job.theme.render(template, m=m, **ctx)
    if job.material.kind in KEEP_WORDS_KINDS:
        html = keep_words(html)
    sheets = [
        page_css(job.trim, probe),
        job.theme.stylesheet("print.css"),
        job.theme.stylesheet(f"{job.material.kind}.css"),
        scale.css() + k_css(job) + hierarchy_css(job, scale),
    ]
    result = render_html(html, job.material.path.parent, [job.project.root], sheets, **(options or {}))
    again = None if probe else partial(lay, job, template, scale, **ctx)
    return Laid(result.document, [], result.warnings, result.refused, scale.body, again, broken=result.broken)


def whole(laid: Laid) -> bool:
    """A final-size layout that lost nothing: no positioned box ran past a page end (WeasyPrint
    breaks it and drops what is left after the last page). Such a layout measures exactly like
    a probe (every side is its own trim-sized sheet; only the page height differs), so when it
    fits it is the final document and the probes are not needed."""
    return laid.broken == 0


def probe_measure(laid: Laid, trim: Trim) -> Measure:
    """A probe's measure, with no region's limit below the sheet's own bottom. Text long enough
    to run down the probe's tall page pushes out the element that marks a region's limit, and
    the region would then be measured against the tall page and seem to fit (a 120-paragraph
    poster once printed cut off, with no error); a box cut at the probe's end counts as at least
    the probe's extra height too long."""
    meas = measure(laid.document)
    sheet = trim.height + trim.bleed + trim.marks
    for region in meas.regions.values():
        region.limit = min(region.limit, sheet)
        if laid.broken:
            region.end = max(region.end, region.limit + PROBE_EXTRA_MM)
    return meas


def fits_as_laid(laid: Laid, names: tuple[str, ...]) -> bool:
    """The common case first: the text fits at the largest size, one layout instead of two."""
    return whole(laid) and overflow(measure(laid.document), names) is None


def fitting(
    job: Job, site: str, sizes: list[TypeScale], attempt, step_down: bool = False, known: dict | None = None
) -> tuple[int | None, dict]:
    """`largest_fitting`, starting where this call site's search ended in the last build
    (`job.hints`), and the answer kept in `job.fitted` for the next one."""
    key = hint_key(site, sizes)
    best, tried = largest_fitting(sizes, attempt, step_down, hint=job.hints.get(key), known=known)
    job.fitted[key] = len(sizes) if best is None else best
    return best, tried


def fit_laid(
    job: Job,
    site: str,
    sizes: list[TypeScale],
    final: Callable[[TypeScale], Laid],
    probe: Callable[[TypeScale], Laid],
    judge: Callable[[Measure], tuple[bool, Any]],
) -> tuple[int | None, dict, Laid | None]:
    """The largest size at which the text fits -> (index, attempts, its final layout): `final`
    and `probe` lay out at a size (a probe: on tall pages), `judge(measure)` -> (fits, detail).
    The first layout is a final one, at the size that fitted last time (else the largest, the
    usual case): when nothing in it ran past a page end it measures like a probe, so it is
    that size's attempt, and when that size is the answer it is the document."""
    start = job.hints.get(hint_key(site, sizes), 0)
    first = final(sizes[start]) if 0 <= start < len(sizes) else None
    known = {}
    if first is not None and whole(first):
        verdict = judge(measure(first.document))
        if verdict[0] or start < len(sizes) - 1:  # the smallest size's detail (how much is too long) from a probe
            known[start] = verdict
    best, tried = fitting(job, site, sizes, lambda scale: judge(probe_measure(probe(scale), job.trim)), known=known)
    if best is None:
        return None, tried, None
    return best, tried, first if best == start and first is not None else final(sizes[best])


def at(job: Job, line: int) -> Location:
    return Location(job.rel, line, 1)


def overflow(meas: Measure, names: tuple[str, ...]) -> float | None:
    """mm of text past the limit (None when everything fits on the expected pages)."""
    over = [meas.regions[n].overflow for n in names if n in meas.regions]
    worst = max(over, default=0.0)
    if meas.pages > len(names) and worst < 0.2:  # a side spilled onto an extra page
        worst = 1.0
    return worst if worst > 0.2 else None


def too_long(
    job: Job, laid: Laid, over: float, what: str, smallest: TypeScale, hint: str, line: int | None = None
) -> Laid:
    laid.diagnostics.append(
        at(job, line or job.material.body_line).error(
            t(
                "the {what}'s text does not fit from here on: {over:.0f} mm too long even at {body:g} pt body text (about {lines:d} lines)",
                what=what,
                over=over,
                body=smallest.body,
                lines=lines_in(over, smallest),
            ),
            hint=hint,
            code="print-overflow",
        )
    )
    laid.document = None
    return laid


def lines_in(mm: float, scale: TypeScale) -> int:
    line_mm = scale.body * 1.6 * 25.4 / 72
    return max(1, round(mm / line_mm))
