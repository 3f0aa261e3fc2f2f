"""Finishing PDFs with pikepdf: page boxes, screen crops, reproducible bytes.

WeasyPrint writes MediaBox = trim + its bleed (which holds the crop marks), TrimBox = trim
and a BleedBox of its own choosing; print shops read BleedBox as "paint reaches this far",
so it is set to trim + the kind's bleed here (3 mm; 10 mm for boards and roll-ups). Saving with a content-derived /ID and the build's clock
in the metadata makes two builds byte-identical (a PDF/X-4's XMP DocumentID, which WeasyPrint
draws at random, is derived from the pages too).
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pikepdf

from .geometry import BLEED_MM, PT_PER_MM


def _box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj.get(name, page.mediabox)]


def set_print_boxes(pdf: pikepdf.Pdf, bleed_mm: float = BLEED_MM) -> None:
    bleed = bleed_mm * PT_PER_MM
    for page in pdf.pages:
        x0, y0, x1, y1 = _box(page, "/TrimBox")
        page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])


def crop_to_trim(pdf: pikepdf.Pdf) -> None:
    """The screen version: the page is the trim; marks and bleed are cut away."""
    for page in pdf.pages:
        trim = pikepdf.Array(_box(page, "/TrimBox"))
        page.obj.MediaBox = trim
        for name in ("/TrimBox", "/BleedBox", "/CropBox", "/ArtBox"):
            if name in page.obj:
                del page.obj[name]


_RANDOM_DID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")


def _stable_document_id(pdf: pikepdf.Pdf) -> None:
    """Replace a random XMP DocumentID with one derived from the metadata and the pages."""
    meta = pdf.Root.get("/Metadata")
    xmp = meta.read_bytes() if isinstance(meta, pikepdf.Stream) else b""
    if not _RANDOM_DID.search(xmp):
        return
    digest = hashlib.sha256(_RANDOM_DID.sub(b"", xmp))
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(stream, pikepdf.Stream):
                digest.update(stream.read_raw_bytes())
    stable = f"xmp.did:{uuid.UUID(bytes=digest.digest()[:16], version=4)}".encode()
    meta.write(_RANDOM_DID.sub(stable, xmp))


def save(pdf: pikepdf.Pdf) -> bytes:
    _stable_document_id(pdf)
    if "/ID" in pdf.trailer:  # qpdf keeps the first half of an /ID it was given (random for PDF/X)
        del pdf.trailer["/ID"]
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()


def finish(data: bytes, *, screen: bool = False, bleed_mm: float = BLEED_MM) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if screen:
            crop_to_trim(pdf)
        else:
            set_print_boxes(pdf, bleed_mm)
        return save(pdf)
