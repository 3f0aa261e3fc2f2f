"""Cache keys for the print stage: a hash of every input of one material's PDFs.

What goes in, and why each is needed:
- the Markdown file's bytes and the parsed material (front matter, body, defaults);
- every image the body references (bytes), and the organization's logo;
- what the templates print besides the body: `layout.common()` gives exactly that (site
  fields, the campaigns' slogan and day, QR target, review line, print run, printed date,
  draft flag, build stamp), and the venue a 宣传栏 names;
- the trim, the quantity and the build clock (`Facts`); with `--cmyk`, Ghostscript's version;
- the print theme: every file in each folder `Theme(project, "print").dirs` resolves to
  (project override and built-in), so a CSS, template or font change re-renders all;
- installed fonts, poppler's version, the package code and version, the PDF variant,
  the versions of the libraries that write what is stored (WeasyPrint, pikepdf, PDFium for
  the preview, segno for the QR code).

The QR code enters as its target URL (the code drawn from it follows from the package's
code), so computing a key draws no QR code.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from ..cache import Key, fonts_hash, package_versions, tools_hash
from ..content.links import find_refs
from .cmyk import default_icc
from .cmyk import version_hash as cmyk_version
from .laying import Job
from .layout import common, cover_file, logo_uri
from .theme import Theme


def stage_key(theme: Theme, pdf_variant: str | None) -> str:
    """The inputs shared by every material (computed once per build)."""
    key = Key("print-stage").add("fonts", fonts_hash()).add("tools", tools_hash()).add("variant", pdf_variant)
    key.add("libraries", package_versions(LIBRARIES))
    for n, d in enumerate(theme.dirs):  # the project's override first, then the built-in theme
        key.add_tree(f"theme{n}", d)
    return key.hexdigest()


LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "pypdfium2", "segno")  # their output is stored


def material_key(job: Job, base: str) -> str:
    m, project = job.material, job.project
    key = Key("print").add("stage", base).add("rel", job.rel)
    key.add_file("source", m.path)
    key.add("material", m.model_dump(mode="json", exclude={"src"}))
    key.add("trim", job.trim).add("facts", job.facts)
    if job.cmyk:
        key.add("cmyk", cmyk_version())
        icc = Path(job.icc) if job.icc else default_icc()
        if icc is not None:
            key.add_file("icc", icc)
    if m.kind == "brochure" and job.creep:
        key.add("creep", job.creep)
    # the logo and cover are file: URLs (their content is added below): a moved project keeps its PDFs
    here = project.root.resolve().as_uri()
    shared = common(project, m, job.facts, draw_qr=False)
    key.add("common", sorted((k, v.replace(here, "project:") if isinstance(v, str) else v) for k, v in shared.items()))
    if m.venue:
        venue = project.venues.get(m.venue)
        key.add("venue", venue.model_dump(mode="json", exclude={"src"}) if venue is not None else None)
    cover = cover_file(project, m)
    if cover is not None:
        key.add_file("cover", cover)
    logo = logo_uri(project)
    if logo:
        key.add_file("logo", Path(unquote(urlparse(logo).path)))
    for path in _images(m.body, m.path.parent):
        key.add_file(f"image:{_relative(path, project.root)}", path)
    return key.hexdigest()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)  # outside the project: refused by the render, an error either way


def _images(body: str, base: Path) -> list[Path]:
    """Local files the body's images point at (web and data: URLs are refused or inline)."""
    out = []
    for ref in find_refs(body):
        url = urlparse(ref.url)
        if ref.image and not url.scheme and url.path:
            out.append((base / unquote(url.path)).resolve())
    return sorted(set(out))
