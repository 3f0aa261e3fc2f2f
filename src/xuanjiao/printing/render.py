"""One material, start to finish: lay out, check, write the print PDF, the screen PDF, the
preview image and (brochures) the imposed PDF, and run the preflight checks on the written
print PDF (in the worker that rendered it: the report travels back with the output)."""

from __future__ import annotations

import io
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from ..errors import Diagnostic, Location, has_errors
from ..messages import t
from . import boxes, checks, cmyk, inspect, pictures
from .body import check_images
from .geometry import Trim
from .impose import creep_shifts, impose
from .kinds import LAYOUTS
from .laying import Job, Laid
from .preflight import FileReport, check_pdf
from .preview import first_page_preview
from .typesize import shrink_warning

SCREEN_DPI = 150  # images in the screen PDF are downsampled to this


@dataclass
class MaterialOutput:
    id: str
    pages: int = 0
    body_pt: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    trim: Trim | None = None  # the size the layout settled on (a banner's length), else the job's
    report: FileReport | None = None  # preflight of the print PDF (when no error stopped it)
    seconds: float = field(default=0.0, compare=False)  # wall time of the render (progress display)
    fitted: dict[str, int] = field(default_factory=dict, compare=False)  # Job.fitted: the next build's hints

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def lay_out(job: Job) -> tuple[Laid | None, bool, list[Diagnostic]]:
    """The material laid out (None when its images or its layout have errors), whether it has
    raster images, and the diagnostics so far: the part the workspace's preview shares."""
    images = check_images(job.material, job.rel, job.project)
    raster = images.raster or pictures.raster_cover(job)  # the screen PDF downsamples them
    if images.diagnostics:
        return None, raster, list(images.diagnostics)
    laid = LAYOUTS[job.material.kind](job)
    diagnostics = laid.diagnostics + _weasyprint_diagnostics(job, laid)
    if laid.document is None or has_errors(diagnostics):
        return None, raster, diagnostics
    return laid, raster, diagnostics


def render_material(job: Job, out_dir: Path, pdf_variant: str | None = None) -> MaterialOutput:
    result = MaterialOutput(job.material.id)
    laid, raster, result.diagnostics = lay_out(job)
    result.fitted = dict(job.fitted)
    if laid is None or laid.document is None:
        return result
    result.pages, result.body_pt = len(laid.document.pages), laid.body_pt
    result.diagnostics += shrink_warning(job, laid.body_pt)
    result.trim = laid.trim or job.trim
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    raw = laid.document.write_pdf(**options)
    path = out_dir / f"{job.material.id}.pdf"
    with pikepdf.open(io.BytesIO(raw)) as pdf:  # opened once: the print PDF, its checks, the screen PDF
        boxes.set_print_boxes(pdf, result.trim.bleed)
        printed = boxes.save(pdf)
        if job.cmyk:
            try:
                printed = cmyk.to_cmyk(printed, cmyk.ghostscript() or "gs", Path(job.icc) if job.icc else None)
            except (OSError, RuntimeError, pikepdf.PdfError) as exc:
                result.diagnostics.append(
                    Location(job.rel).error(t("CMYK conversion failed: {exc}", exc=exc), hint=t(cmyk.GS_HINT))
                )
                return result
        _write(path, printed, result)
        # every check reads what was just written (the saved object, and the file for pdftotext)
        with pikepdf.open(io.BytesIO(printed)) if job.cmyk else nullcontext(pdf) as written:
            ink = inspect.page_ink(written, result.trim.scale)
            result.diagnostics += _check_pdf(job, written, ink)
            cover, uses = pictures.cover_resolution(job, [u for i in ink for u in i.images])
            result.diagnostics += cover + _check_resolution(job, uses, result.trim)
            if result.ok:
                title = ("【样稿】" if job.facts.draft else "") + job.material.title
                result.report = check_pdf(
                    written, path, job.material.kind, result.trim.scale, title, ink, draft=job.facts.draft
                )
        if raster and laid.again:  # WeasyPrint downsamples images when it lays them out
            small = laid.again(options={"dpi": SCREEN_DPI, "jpeg_quality": 80, "optimize_images": True})
            data = boxes.finish(small.document.write_pdf(), screen=True)
        else:
            boxes.crop_to_trim(pdf)
            data = boxes.save(pdf)
    screen = out_dir / f"{job.material.id}.screen.pdf"
    _write(screen, data, result)
    problem = first_page_preview(screen, out_dir / f"{job.material.id}.preview.jpg", data=data)
    if problem:
        result.diagnostics.append(Location(job.rel).warning(problem))
    else:
        result.files.append(f"{job.material.id}.preview.jpg")
    if job.material.kind == "brochure" and result.pages % 4 == 0:
        result.diagnostics += _creep_warning(job, result.pages, result.trim.bleed)
        imposed = impose(printed, bleed_mm=result.trim.bleed, creep_mm=job.creep, cmyk=job.cmyk)
        _write(out_dir / f"{job.material.id}.imposed.pdf", imposed, result)
    return result


def _creep_warning(job: Job, pages: int, bleed: float) -> list[Diagnostic]:
    """The innermost sheet moves (sheets - 1) × creep; past the bleed its fore-edge shows paper."""
    most = creep_shifts(pages, job.creep)[-1]
    if most <= bleed:
        return []
    return [
        Location(job.rel).warning(
            t(
                "--creep {creep} mm moves the innermost sheet {most:.1f} mm, more than the {bleed:g} mm bleed; its fore-edge shows white",
                creep=job.creep,
                most=most,
                bleed=bleed,
            ),
            hint=t("check the creep per sheet with the print shop (about the paper's thickness)"),
        )
    ]


def _write(path: Path, data: bytes, result: MaterialOutput) -> None:
    path.write_bytes(data)
    result.files.append(path.name)


def _weasyprint_diagnostics(job: Job, laid: Laid) -> list[Diagnostic]:
    where = Location(job.rel, job.material.body_line, 1)
    out = [where.warning(t("WeasyPrint: {msg}", msg=msg)) for msg in dict.fromkeys(laid.warnings)]
    out += [
        where.error(t("not read: {url}", url=url), hint=t("print reads only files inside the project"))
        for url in dict.fromkeys(laid.refused)
    ]
    return out


def _check_pdf(job: Job, pdf: pikepdf.Pdf, ink: list[inspect.PageInk]) -> list[Diagnostic]:
    where = Location(job.rel)
    out = []
    missing = sorted(name for name, embedded in checks.fonts(pdf).items() if not embedded)
    if missing:
        out.append(
            where.error(
                t("fonts not embedded: {missing}", missing=", ".join(missing)),
                hint=t("print shops reject PDFs whose fonts are not embedded"),
            )
        )
    tofu = [number for number, page in enumerate(ink, 1) if page.tofu]
    if tofu:
        hint = t("replace the character, or install a font that has it (fonts-noto-cjk, fonts-noto-color-emoji)")
        chars = checks.uncovered(job.material.body, job.material.body_line)
        title_at = job.material.src.at("title") if job.material.src else where
        chars += [(title_at.line, title_at.col + col - 1, c) for _, col, c in checks.uncovered(job.material.title, 0)]
        for line, col, char in chars:
            out.append(
                Location(job.rel, line, col).error(
                    t(
                        "'{char}' (U+{code:04X}) is in no installed font and would print as an empty box",
                        char=char,
                        code=ord(char),
                    ),
                    hint=hint,
                )
            )
        if not chars:
            pages = ", ".join(map(str, tofu))
            out.append(
                where.error(
                    t(
                        "page {pages}: some characters have no glyph in the installed fonts and would print as empty boxes",
                        pages=pages,
                    ),
                    hint=hint,
                )
            )
    return out


def _check_resolution(job: Job, uses: list[inspect.ImageUse], trim: Trim) -> list[Diagnostic]:
    """Images at their printed size: under 300 ppi for A-sizes, under 100 ppi for large formats."""
    from .geometry import LARGE_KINDS

    floor = 100 if job.material.kind in LARGE_KINDS else 300
    out = []
    for use in uses:
        if use.ppi < floor - 0.5:
            out.append(
                Location(job.rel, job.material.body_line, 1).warning(
                    t(
                        "an image ({pixels}×{pixels2} px) prints {width_mm:.0f}×{height_mm:.0f} mm wide at {ppi:.0f} ppi; below {floor} ppi it looks soft at this size",
                        pixels=use.pixels[0],
                        pixels2=use.pixels[1],
                        width_mm=use.width_mm,
                        height_mm=use.height_mm,
                        ppi=use.ppi,
                        floor=floor,
                    ),
                    hint=t("use a larger original, or show the image smaller"),
                    code="print-resolution",
                )
            )
    return out
