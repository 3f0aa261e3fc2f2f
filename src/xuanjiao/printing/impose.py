"""Saddle-stitch imposition: trimmed brochure pages two-up on a sheet, in folding order.

Each page becomes a form XObject clipped to its TrimBox (no marks, no bleed) and is drawn
on the left or right half of the sheet. Printed duplex (flip on the short edge), folded and
stapled, the sheets read 1, 2, 3, ... in order.
"""

from __future__ import annotations

import io

import pikepdf

from .boxes import save
from .geometry import ISO, PT_PER_MM


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, for each sheet side: 8 pages -> 8|1, 2|7, 6|3, 4|5."""
    if pages % 4:
        raise ValueError(f"saddle stitching needs a multiple of 4 pages, not {pages}")
    sides = []
    for i in range(pages // 4):
        sides.append((pages - 2 * i, 2 * i + 1))
        sides.append((2 * i + 2, pages - 2 * i - 1))
    return sides


def sheet_size(trim_w: float, trim_h: float) -> tuple[float, float]:
    """A4 landscape when two pages fit on it (A5 does), else exactly two pages wide (mm)."""
    a4_w, a4_h = ISO["A4"][1], ISO["A4"][0]
    if 2 * trim_w <= a4_w + 0.01 and trim_h <= a4_h + 0.01:
        return a4_w, a4_h
    return 2 * trim_w, trim_h


def impose(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as src, pikepdf.new() as out:
        forms = [out.copy_foreign(page.as_form_xobject()) for page in src.pages]
        bx0, by0, bx1, by1 = (float(v) for v in forms[0].BBox)
        trim_w, trim_h = bx1 - bx0, by1 - by0
        sheet_w, sheet_h = (v * PT_PER_MM for v in sheet_size(trim_w / PT_PER_MM, trim_h / PT_PER_MM))
        x = (sheet_w - 2 * trim_w) / 2
        y = (sheet_h - trim_h) / 2
        for left, right in saddle_order(len(forms)):
            page = out.add_blank_page(page_size=(sheet_w, sheet_h))
            xobjects = pikepdf.Dictionary()
            ops = []
            for slot, number in enumerate((left, right)):
                name = f"/P{number}"
                form = forms[number - 1]
                fx0, fy0 = float(form.BBox[0]), float(form.BBox[1])
                xobjects[name] = form
                ops.append(f"q 1 0 0 1 {x + slot * trim_w - fx0:.4f} {y - fy0:.4f} cm {name} Do Q")
            page.obj.Resources = pikepdf.Dictionary(XObject=xobjects)
            page.obj.Contents = out.make_stream("\n".join(ops).encode("ascii"))
        for key in ("/Title", "/Author", "/Subject", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
            if key in src.docinfo:
                out.docinfo[key] = src.docinfo[key]
        if "/Lang" in src.Root:
            out.Root.Lang = src.Root.Lang
        return save(out)
