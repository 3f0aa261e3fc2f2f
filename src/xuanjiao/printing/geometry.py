"""Print geometry: trim sizes per kind, bleed, crop-mark space, leaflet panels.

All lengths are millimetres unless a name says otherwise. The page box WeasyPrint lays out
is the trim; `MARKS_MM` of WeasyPrint bleed around it holds the crop marks (drawn in its
outer half), and the PDF's BleedBox is set afterwards to trim + `BLEED_MM`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.models import Material
from ..errors import Diagnostic, Location

PT_PER_MM = 72 / 25.4
PX_PER_MM = 96 / 25.4  # WeasyPrint's layout unit is the CSS px
BLEED_MM = 3.0  # backgrounds run this far past the trim
MARKS_MM = 12.0  # WeasyPrint bleed: crop marks sit 6-12 mm outside the trim, clear of the bleed
FOLD_GAP_MM = 2.0  # roll fold: the panel that folds in is this much narrower

ISO = {"A2": (420.0, 594.0), "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
SIZE_RE = re.compile(r"^(\d{2,5})x(\d{2,5})$")

# kind -> (default size, sizes allowed besides WxH, landscape sheet)
KINDS = {
    "poster": ("A3", ("A3", "A2"), False),
    "leaflet": ("A4", ("A4",), True),
    "brochure": ("A5", ("A5",), False),
    "flyer": ("A5", ("A5", "A4"), False),
}
PRINTED_KINDS = tuple(KINDS)


@dataclass(frozen=True)
class Trim:
    width: float
    height: float
    name: str  # "A4", "A3" or "" for a custom size

    @property
    def label(self) -> str:
        size = f"{_n(self.width)}×{_n(self.height)} mm"
        return f"{self.name}（{size}）" if self.name else size

    def css_size(self) -> str:
        return f"{_n(self.width)}mm {_n(self.height)}mm"


def _n(x: float) -> str:
    return f"{x:g}"


def trim_for(material: Material, location: Location) -> Trim | Diagnostic:
    """The finished size of a material, or an error pointing at its `size:`."""
    default, allowed, landscape = KINDS[material.kind]
    size = material.size or default
    if size in ISO:
        if size not in allowed:
            choices = " or ".join(allowed)
            return location.error(f"a {material.kind} is printed on {choices}, not {size}",
                                  hint=f"write size: {allowed[0]}, or give an exact size such as 210x285")
        w, h = ISO[size]
        return Trim(h, w, size) if landscape else Trim(w, h, size)
    match = SIZE_RE.match(size)
    if match is None:  # the loader validates sizes; this guards direct callers
        return location.error(f"unknown size {size!r}", hint="write A3, A4, A5 or WIDTHxHEIGHT in mm")
    w, h = float(match.group(1)), float(match.group(2))
    if not (50 <= w <= 1200 and 50 <= h <= 1200):
        return location.error(f"size {size} mm is outside what this stage prints (50-1200 mm)")
    if material.kind == "leaflet" and h > w:
        return location.error("a tri-fold leaflet is given as the flat sheet, landscape (WIDTHxHEIGHT, width first)",
                              hint=f"write size: {h:g}x{w:g}")
    return Trim(w, h, "")


@dataclass(frozen=True)
class Panel:
    x: float  # from the left trim edge
    width: float
    role: str  # flap | back | cover | inside


def leaflet_panels(sheet_width: float) -> tuple[list[Panel], list[Panel]]:
    """Outside (flap, back, cover) and inside (1, 2, 3) panels of a roll-fold tri-fold.

    The flap folds in, so it is `FOLD_GAP_MM` narrower; on the inside the panel behind it
    is the right-hand one (the sheet turns over on its long edge).
    """
    full = (sheet_width + FOLD_GAP_MM) / 3
    narrow = full - FOLD_GAP_MM
    outside = [Panel(0, narrow, "flap"), Panel(narrow, full, "back"), Panel(narrow + full, full, "cover")]
    inside = [Panel(0, full, "inside"), Panel(full, full, "inside"), Panel(2 * full, narrow, "inside")]
    return outside, inside
