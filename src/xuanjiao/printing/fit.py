"""Fitting text into fixed boxes: WeasyPrint has no fit-to-page, so we measure its layout.

Templates mark the boxes that must hold their content with `data-region="NAME"` (an
absolutely positioned box of fixed height, or one whose limit is the top of the element
`data-limit="ID"` names, less `data-gap` mm) and flow units with `data-u="N"`. `measure` walks the laid-out
pages and reports, in millimetres, how far each region's content runs past its limit and
where each unit sits; the callers step the type scale down until nothing overflows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .geometry import PX_PER_MM


@dataclass(frozen=True)
class TypeScale:
    """Body size in points; every other size in the CSS derives from `--body`."""

    body: float
    title: float | None = None  # pt, when the layout sets the title's size itself (a long poster title)

    def css(self) -> str:
        return f":root {{ --body: {self.body:g}pt; }}\n"


def scales(base: float, minimum: float, step: float) -> list[TypeScale]:
    """From `base` down to `minimum` (inclusive) in `step`s."""
    out, size = [], base
    while size >= minimum - 1e-6:
        out.append(TypeScale(round(size, 2)))
        size -= step
    return out


@dataclass
class Region:
    page: int
    top: float  # mm from the page top: where the region's content starts
    limit: float  # mm from the page top
    end: float  # mm: lowest bottom edge of the region's content

    @property
    def capacity(self) -> float:
        return self.limit - self.top

    @property
    def overflow(self) -> float:
        return max(0.0, self.end - self.limit)


@dataclass
class Measure:
    pages: int
    regions: dict[str, Region] = field(default_factory=dict)
    units: dict[int, tuple[str, float, float]] = field(default_factory=dict)  # n -> (region, top, bottom) mm

    def overflowing(self, tolerance: float = 0.2) -> dict[str, float]:
        return {name: r.overflow for name, r in self.regions.items() if r.overflow > tolerance}


def measure(document) -> Measure:
    result = Measure(pages=len(document.pages))
    for number, page in enumerate(document.pages):
        limits: dict[str, float] = {}
        pending: list[tuple[str, object, str | None]] = []
        _walk(page._page_box, None, number, result, limits, pending)
        for name, box, limit_id, gap in pending:
            limit = limits.get(limit_id) if limit_id else None
            if limit is None:
                limit = (box.content_box_y() + box.height) / PX_PER_MM
            limit -= gap
            end = max((_bottom(c) for c in _in_flow(box)), default=box.content_box_y()) / PX_PER_MM
            top = box.content_box_y() / PX_PER_MM
            result.regions[name] = Region(number, top, limit, end)
    return result


def _element(box):
    """The HTML element a box was generated for (not its ::before/::marker boxes)."""
    el = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "") or ""
    if el is None or "::" in tag:
        return None
    return el


def _walk(box, region: str | None, page: int, result: Measure, limits: dict[str, float], pending: list) -> None:
    el = _element(box)
    if el is not None and hasattr(box, "border_height"):
        name = el.get("data-region")
        if name:
            region = name
            pending.append((name, box, el.get("data-limit"), float(el.get("data-gap") or 0)))
        if el.get("id") and el.get("data-limit-of") is not None:
            limits[el.get("id")] = _top(box) / PX_PER_MM
        unit = el.get("data-u")
        if unit is not None and unit.isdigit() and type(box).__name__ != "LineBox":
            n = int(unit)
            if n not in result.units:
                result.units[n] = (region or "", _top(box) / PX_PER_MM, _bottom(box) / PX_PER_MM)
    for child in getattr(box, "children", ()):
        _walk(child, region, page, result, limits, pending)


def _in_flow(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "AbsolutePlaceholder":
            continue
        if hasattr(child, "border_height"):
            yield child


def _top(box) -> float:
    return box.position_y + box.margin_top


def _bottom(box) -> float:
    return box.position_y + box.margin_top + box.border_height()


def hint_key(site: str, sizes: list[TypeScale]) -> str:
    """Where a remembered answer of `largest_fitting` applies: one call site over exactly this
    list of sizes (another kind, trim or large print makes another list, so an answer is never
    read against a list it was not found in)."""
    return site + ":" + ",".join(f"{s.body:g}/{s.title or 0:g}" for s in sizes)


def largest_fitting(
    sizes: list[TypeScale],
    attempt,
    step_down: bool = False,
    hint: int | None = None,
    known: dict[int, tuple[bool, object]] | None = None,
) -> tuple[int | None, dict[int, tuple[bool, object]]]:
    """Index of the largest size for which `attempt(size)` -> (fits, detail) fits, and every
    attempt made. Smaller type never fits worse, so: try the largest (the usual case), then
    the smallest (fail fast), then bisect between them.

    `step_down`: after the largest, try each next smaller size in turn (the same answer; fewer
    attempts when a failing attempt is cheap and a fitting one dear, as with leaflets, whose
    fitting attempts also lay out the verified panels, and whose text usually fits one or two
    sizes down).

    `hint`: the answer of the last build (`len(sizes)`: nothing fitted). An edit seldom moves
    it, and it is checked, not trusted: it is the answer when it fits and the next larger size
    does not, else the search goes on on the side where the answer lies. So the answer is the
    same with any hint; a wrong one only costs attempts. `known`: attempts already made."""
    tried: dict[int, tuple[bool, object]] = dict(known or {})

    def fits(i: int) -> bool:
        if i not in tried:
            tried[i] = attempt(sizes[i])
        return tried[i][0]

    last = len(sizes) - 1
    if hint is None or not 0 < hint <= last + 1:
        return _first_fitting(fits, 0, last, step_down), tried
    if hint <= last and not fits(hint):
        return _first_fitting(fits, hint, last, step_down), tried
    if not fits(hint - 1):
        return (hint if hint <= last else None), tried
    return _first_fitting(fits, 0, hint - 1, step_down), tried


def _first_fitting(fits, lo: int, hi: int, step_down: bool) -> int | None:
    """The first index from `lo` to `hi` that fits (None: none does)."""
    if fits(lo):
        return lo
    if step_down:
        return next((i for i in range(lo + 1, hi + 1) if fits(i)), None)
    if hi == lo or not fits(hi):
        return None
    while hi - lo > 1:  # lo does not fit, hi does
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi
