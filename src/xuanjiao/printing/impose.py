"""Saddle-stitch imposition: a press file of brochure spreads in folding order.

Each sheet side holds two pages side by side, in the order that reads 1, 2, 3, ... once the
sheets are printed duplex (flip on the short edge), nested, folded and stapled. A sheet side is
a press sheet of its own: TrimBox is the spread (two pages wide), BleedBox the spread plus the
bleed, and the MediaBox leaves room around it for crop marks at the four corners and fold marks
at the spine, all outside the bleed (as WeasyPrint draws them on the single pages).

Each page is drawn from its print PDF's page (a form XObject) clipped to its half of the spread
plus the bleed on its three outer edges; the spine has no bleed, the two pages meet there.

Creep: in a saddle-stitched brochure the inner sheets stand out at the fore-edge by the paper's
thickness per sheet and lose more to the trim. With `creep_mm` (the shop's figure per sheet) the
pages of sheet i (0 = the outermost) are drawn i × creep_mm closer to the spine, so the margins
look the same on every page after trimming; the fore-edge bleed covers what moves in.
"""

from __future__ import annotations

import io

import pikepdf

from .boxes import save
from .geometry import BLEED_MM, MARKS_MM, PT_PER_MM

MARK_STROKE_PT = 0.25  # crop marks: thin, as WeasyPrint draws them


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, for each sheet side: 8 pages -> 8|1, 2|7, 6|3, 4|5."""
    if pages % 4:
        raise ValueError(f"saddle stitching needs a multiple of 4 pages, not {pages}")
    sides = []
    for i in range(pages // 4):
        sides.append((pages - 2 * i, 2 * i + 1))
        sides.append((2 * i + 2, pages - 2 * i - 1))
    return sides


def creep_shifts(pages: int, creep_mm: float) -> list[float]:
    """How far (mm) each sheet side's pages move towards the spine: sheet i (two sides) by i × creep."""
    return [(side // 2) * creep_mm for side in range(pages // 2)]


def impose(data: bytes, *, bleed_mm: float = BLEED_MM, creep_mm: float = 0.0, cmyk: bool = False) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as src, pikepdf.new() as out:
        trims = [[float(v) for v in page.trimbox] for page in src.pages]
        forms = []
        for page in src.pages:
            form = out.copy_foreign(page.as_form_xobject())
            form.BBox = pikepdf.Array([float(v) for v in page.mediabox])  # the bleed is in the form too
            forms.append(form)
        trim_w, trim_h = trims[0][2] - trims[0][0], trims[0][3] - trims[0][1]
        margin, bleed = MARKS_MM * PT_PER_MM, bleed_mm * PT_PER_MM
        spread = (margin, margin, margin + 2 * trim_w, margin + trim_h)
        shifts = creep_shifts(len(forms), creep_mm)
        for side, (left, right) in enumerate(saddle_order(len(forms))):
            page = out.add_blank_page(page_size=(2 * trim_w + 2 * margin, trim_h + 2 * margin))
            page.obj.TrimBox = pikepdf.Array(spread)
            page.obj.BleedBox = pikepdf.Array(
                [spread[0] - bleed, spread[1] - bleed, spread[2] + bleed, spread[3] + bleed]
            )
            xobjects = pikepdf.Dictionary()
            ops = []
            for slot, number in enumerate((left, right)):
                name = f"/P{number}"
                xobjects[name] = forms[number - 1]
                x = margin + slot * trim_w
                # the clip: this half of the spread, with bleed on the three edges away from the spine
                cx0 = x - bleed if slot == 0 else x
                cw = trim_w + bleed
                towards_spine = shifts[side] * PT_PER_MM * (1 if slot == 0 else -1)
                tx0, ty0 = trims[number - 1][:2]
                ops.append(
                    f"q {cx0:.4f} {margin - bleed:.4f} {cw:.4f} {trim_h + 2 * bleed:.4f} re W n "
                    f"1 0 0 1 {x - tx0 + towards_spine:.4f} {margin - ty0:.4f} cm {name} Do Q"
                )
            ops.append(_marks(spread, bleed, cmyk))
            page.obj.Resources = pikepdf.Dictionary(XObject=xobjects)
            page.obj.Contents = out.make_stream("\n".join(ops).encode("ascii"))
        for key in ("/Title", "/Author", "/Subject", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
            if key in src.docinfo:
                out.docinfo[key] = src.docinfo[key]
        for key in ("/Lang", "/OutputIntents"):
            if key in src.Root:
                out.Root[key] = out.copy_foreign(src.make_indirect(src.Root[key]))
        return save(out)


def _marks(spread: tuple[float, float, float, float], bleed: float, cmyk: bool) -> str:
    """Crop marks at the spread's corners and fold marks at the spine, from twice the bleed
    to the sheet's edge, in registration colour (every ink) on a CMYK file."""
    x0, y0, x1, y1 = spread
    start, end = 2 * bleed, x0  # from the trim outwards; x0 is also the margin's width
    colour = "1 1 1 1 K" if cmyk else "0 G"
    crop, fold = [], []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            crop.append((x + sx * start, y, x + sx * end, y))  # horizontal, beside the corner
            crop.append((x, y + sy * start, x, y + sy * end))  # vertical, above or below it
    spine = (x0 + x1) / 2
    for y, sy in ((y0, -1), (y1, 1)):
        fold.append((spine, y + sy * start, spine, y + sy * end))
    return f"q {colour} {MARK_STROKE_PT} w [] 0 d {_path(crop)} S [2 1.5] 0 d {_path(fold)} S Q"  # the fold dashed


def _path(lines: list[tuple[float, float, float, float]]) -> str:
    return " ".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l" for a, b, c, d in lines)
