"""The print preview of one material: laid out by the print stage itself (a draft is stamped
样稿), its pages drawn as PNG at screen resolution, kept in private/workspace-preview/ under
a key of everything the layout reads, so an unchanged material is shown at once and a saved
one is laid out again alone (a leaflet in about one and a half seconds). Only the layout and
the PDF writing are done: the print stage's preflight checks, screen PDF and preview image
are the build's business (`check` has already said what is wrong with the material)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from ..errors import Diagnostic
from ..printing import boxes
from ..printing.geometry import PRINTED_KINDS, trim_for
from ..printing.laying import Job
from ..printing.layout import Facts
from ..printing.render import lay_out
from .editing import loaded
from .memo import printing

PAGE_WIDTH = 720  # px: a page image beside the form
KEEP = 3  # previews kept per material
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


@dataclass(frozen=True)
class PrintPreview:
    key: str = ""
    pages: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    folder: Path | None = None

    def page(self, n: int) -> Path | None:
        path = self.folder / f"page-{n}.png" if self.folder else None
        return path if path and 1 <= n <= self.pages and path.is_file() else None

    @property
    def pdf(self) -> Path | None:
        path = self.folder / "draft.pdf" if self.folder else None
        return path if path and path.is_file() else None


def cache_root(root: Path) -> Path:
    return root / "private" / "workspace-preview"


def _key(root: Path, ident: str) -> str:
    """The content a layout reads: the material, the project's settings, its images, the theme."""
    digest = hashlib.sha256()
    content = root / "content"
    for path in sorted(
        [
            content / "materials" / f"{ident}.md",
            content / "site.yml",
            *(p for p in (content / "assets").glob("*") if p.is_file()),
            *(p for p in (root / "themes").rglob("*") if p.is_file()),
        ]
    ):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def preview(root: Path, ident: str) -> PrintPreview:
    """The preview of material `ident`, laid out now if it is not cached yet."""
    key = _key(root, ident)
    folder = cache_root(root) / ident / key
    with _guard:
        lock = _locks.setdefault(ident, threading.Lock())
    with lock:
        done = folder / "pages"
        if done.is_file():
            return PrintPreview(key, int(done.read_text()), [], folder)
        return _render(root, ident, key, folder)


def _render(root: Path, ident: str, key: str, folder: Path) -> PrintPreview:
    project, diags = loaded(root)
    if project is None:
        return PrintPreview(key, problems=[d for d in diags if d.severity == "error"])
    material = project.materials.get(ident)
    if material is None or material.kind not in PRINTED_KINDS:
        return PrintPreview(key)
    rel = f"content/materials/{ident}.md"
    trim = trim_for(material, material.src.at("size") if material.src else None)
    if isinstance(trim, Diagnostic):
        return PrintPreview(key, problems=[trim])
    now = dt.datetime.now()
    job = Job(
        project, material, rel, trim, Facts(material.print.quantity, now.date(), now, material.status != "approved")
    )
    with printing:
        laid, _raster, diags = lay_out(job)
        if laid is None or laid.document is None:
            return PrintPreview(key, problems=[d for d in diags if d.severity == "error"])
        raw = laid.document.write_pdf()
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with pikepdf.open(io.BytesIO(raw)) as pdf:  # as the print stage writes it, minus its checks
        boxes.set_print_boxes(pdf, (laid.trim or trim).bleed)
        (staging / "draft.pdf").write_bytes(boxes.save(pdf))
        boxes.crop_to_trim(pdf)
        pages = _draw(boxes.save(pdf), staging)
    (staging / "pages").write_text(str(pages))
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    _prune(folder.parent)
    return PrintPreview(key, pages, [], folder)


def _draw(pdf: bytes, folder: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        for i, page in enumerate(doc, start=1):
            page.render(scale=PAGE_WIDTH / page.get_width()).to_pil().save(folder / f"page-{i}.png", optimize=False)
        return len(doc)
    finally:
        doc.close()


def _prune(parent: Path) -> None:
    kept = sorted((p for p in parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
