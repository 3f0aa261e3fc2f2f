"""Print geometry: trim sizes per kind, bleed, crop-mark space, leaflet panels.

All lengths are millimetres unless a name says otherwise. The page box WeasyPrint lays out
is the trim; `Trim.marks` of WeasyPrint bleed around it holds the crop marks (drawn in its
outer half), and the PDF's BleedBox is set afterwards to trim + `Trim.bleed`.

Large formats: a 宣传栏 sheet (board, 2400×1200) and an 易拉宝 (rollup, 800×2000) get 10 mm
bleed and 24 mm of mark space. A 横幅 (banner) is cloth, often 10 m long: PDF pages stop at
200 inches (5080 mm), so its PDF is a 1:10 proof (`Trim.scale` 10) and the order line
carries the real size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.models import Material
from ..errors import Diagnostic, Location
from ..messages import t

PT_PER_MM = 72 / 25.4
PX_PER_MM = 96 / 25.4  # WeasyPrint's layout unit is the CSS px
BLEED_MM = 3.0  # backgrounds run this far past the trim
MARKS_MM = 12.0  # WeasyPrint bleed: crop marks sit 6-12 mm outside the trim, clear of the bleed
LARGE_BLEED_MM = 10.0  # boards and roll-ups: printed on large-format inkjet, trimmed by hand
LARGE_MARKS_MM = 24.0  # their crop marks sit 12-24 mm outside the trim, clear of the 10 mm bleed
BANNER_HEIGHT_MM = 700.0
BANNER_PROOF = 10  # a banner's PDF is drawn at 1:10
MAX_PAGE_MM = 5080.0  # PDF user space ends at 14 400 units = 200 inches
FOLD_GAP_MM = 2.0  # roll fold: the panel that folds in is this much narrower

ISO = {"A2": (420.0, 594.0), "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
SIZE_RE = re.compile(r"^(\d{2,5})x(\d{2,5})$")

# kind -> (default size, sizes allowed besides WxH, landscape sheet)
KINDS = {
    "poster": ("A3", ("A3", "A2"), False),
    "leaflet": ("A4", ("A4",), True),
    "brochure": ("A5", ("A5",), False),
    "flyer": ("A5", ("A5", "A4"), False),
    "board": ("2400x1200", (), False),
    "rollup": ("800x2000", (), False),
    "banner": (None, (), False),  # the length follows the text; size: only sets the height
}
PRINTED_KINDS = tuple(KINDS)
LARGE_KINDS = ("board", "rollup", "banner")
SAFE_MM = 3.0  # text keeps this far inside the trim
LARGE_SAFE_MM = 10.0


def bleed_mm(kind: str) -> float:
    """Real-size bleed for a kind."""
    return LARGE_BLEED_MM if kind in LARGE_KINDS else BLEED_MM


def safe_mm(kind: str) -> float:
    return LARGE_SAFE_MM if kind in LARGE_KINDS else SAFE_MM


@dataclass(frozen=True)
class Trim:
    width: float
    height: float
    name: str  # "A4", "A3" or "" for a custom size
    bleed: float = BLEED_MM  # in the PDF (for a 1:10 proof, a tenth of the real bleed)
    marks: float = MARKS_MM  # WeasyPrint bleed holding the crop marks
    scale: int = 1  # the real size is `scale` times the PDF's (a banner's 1:10 proof)

    @property
    def real_width(self) -> float:
        return self.width * self.scale

    @property
    def real_height(self) -> float:
        return self.height * self.scale

    @property
    def label(self) -> str:
        size = f"{_n(self.real_width)}×{_n(self.real_height)} mm"
        if self.scale != 1:
            return f"{size}（PDF 为 1:{self.scale} 校样）"
        return f"{self.name}（{size}）" if self.name else size

    def css_size(self) -> str:
        return f"{_n(self.width)}mm {_n(self.height)}mm"


def _n(x: float) -> str:
    return f"{x:g}"


def trim_for(material: Material, location: Location) -> Trim | Diagnostic:
    """The finished size of a material, or an error pointing at its `size:`."""
    default, allowed, landscape = KINDS[material.kind]
    if material.kind == "banner":
        return _banner_height(material, location)
    size = material.size or default
    if size in ISO:
        if size not in allowed:
            choices = " or ".join(allowed)
            return location.error(
                t("a {kind} is printed on {choices}, not {size}", kind=material.kind, choices=choices, size=size),
                hint=t("write size: {allowed}, or give an exact size such as 210x285", allowed=allowed[0]),
            )
        w, h = ISO[size]
        return Trim(h, w, size) if landscape else Trim(w, h, size)
    match = SIZE_RE.match(size)
    if match is None:  # the loader validates sizes; this guards direct callers
        return location.error(t("unknown size {size!r}", size=size), hint=t("write A3, A4, A5 or WIDTHxHEIGHT in mm"))
    w, h = float(match.group(1)), float(match.group(2))
    if material.kind in LARGE_KINDS:
        if not (100 <= w <= MAX_PAGE_MM - 2 * LARGE_MARKS_MM and 100 <= h <= MAX_PAGE_MM - 2 * LARGE_MARKS_MM):
            return location.error(
                t(
                    "size {size} mm is outside what this stage prints for a {kind} (100-{max_page_mm:g} mm a side; PDF pages end at 200 inches)",
                    size=size,
                    kind=material.kind,
                    max_page_mm=MAX_PAGE_MM - 2 * LARGE_MARKS_MM,
                )
            )
        return Trim(w, h, "", LARGE_BLEED_MM, LARGE_MARKS_MM)
    if not (50 <= w <= 1200 and 50 <= h <= 1200):
        return location.error(t("size {size} mm is outside what this stage prints (50-1200 mm)", size=size))
    if material.kind == "leaflet" and h > w:
        return location.error(
            t("a tri-fold leaflet is given as the flat sheet, landscape (WIDTHxHEIGHT, width first)"),
            hint=t("write size: {h:g}x{w:g}", h=h, w=w),
        )
    return Trim(w, h, "")


def _banner_height(material: Material, location: Location) -> Trim | Diagnostic:
    """A banner's height (700 mm unless `size: WxH` gives one); its length is set from the
    text when it is laid out (kinds.banner). Width 0 here means "not known yet"."""
    h = BANNER_HEIGHT_MM
    if material.size:
        match = SIZE_RE.match(material.size)
        if match is None:
            return location.error(
                t("a banner's size is WIDTHxHEIGHT in mm (the height counts; the length follows the slogan)"),
                hint=t("write size: 8000x700 (a fixed length), or leave size: out"),
            )
        h = float(match.group(2))
        if not 200 <= h <= 2000:
            return location.error(t("a banner {h:g} mm high is not a banner (200-2000 mm)", h=h))
        return banner_trim(float(match.group(1)), h)  # a fixed length: the slogan must fit it
    return banner_trim(0.0, h)


def banner_trim(length_mm: float, height_mm: float) -> Trim:
    """The 1:10 proof page of a banner `length_mm` × `height_mm` in real size."""
    s = BANNER_PROOF
    return Trim(length_mm / s, height_mm / s, "", LARGE_BLEED_MM / s, MARKS_MM, s)


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
