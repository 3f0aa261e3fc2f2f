"""Pictures the WeChat editor cannot take (SVG, WebP) drawn as PNG, in-process: WeasyPrint
lays the picture out on a page of its own proportions, PDFium (pypdfium2) rasterizes it."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

WIDTH_PX = 750  # the editor shows pictures at most ~680 px wide; a little more stays sharp
_NUMBER = re.compile(r"^\s*([\d.]+)")


def to_png(data: bytes, suffix: str) -> bytes | None:
    """PNG bytes, or None when the picture cannot be drawn."""
    if suffix == ".webp":
        return _webp(data)
    if suffix != ".svg":
        return None
    ratio = _svg_ratio(data)
    if ratio is None:
        return None
    return _draw_svg(data, ratio)


def _webp(data: bytes) -> bytes | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            buf = io.BytesIO()
            img.save(buf, "PNG")
            return buf.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _svg_ratio(data: bytes) -> float | None:
    """Height over width, from the viewBox or the width and height attributes."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            w = h = 0.0
        if w > 0 and h > 0:
            return h / w
    w_m, h_m = _NUMBER.match(root.get("width") or ""), _NUMBER.match(root.get("height") or "")
    if w_m and h_m and float(w_m.group(1)) > 0:
        return float(h_m.group(1)) / float(w_m.group(1))
    return 0.75


def _draw_svg(data: bytes, ratio: float) -> bytes | None:
    import pypdfium2
    from weasyprint import HTML

    from ..pdf import make_fetcher

    height = max(1, min(round(WIDTH_PX * ratio), 20 * WIDTH_PX))
    uri = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    page = (
        f"<style>@page {{ size: {WIDTH_PX}px {height}px; margin: 0 }} body {{ margin: 0 }}"
        f'img {{ display: block; width: {WIDTH_PX}px; height: {height}px }}</style><img src="{uri}">'
    )
    # only the data: URI is read; an SVG's own references to files or hosts are refused
    pdf = HTML(string=page, url_fetcher=make_fetcher([], [])).write_pdf()
    doc = pypdfium2.PdfDocument(pdf)
    try:
        pagedoc = doc[0]
        image = pagedoc.render(scale=WIDTH_PX / pagedoc.get_width()).to_pil()
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True)
        return buf.getvalue()
    finally:
        doc.close()
