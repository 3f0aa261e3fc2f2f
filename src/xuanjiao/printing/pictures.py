"""A material's `cover:` picture at its printed size: effective resolution, reported at the
`cover:` line. A vector picture (SVG) has no resolution to check.

The picture is found among the images the written PDF draws by its pixel size (WeasyPrint
embeds a raster image at its own pixels), so the size is the one the theme printed it at.
"""

from __future__ import annotations

from PIL import Image, UnidentifiedImageError

from ..errors import Diagnostic, Location
from ..messages import t
from .body import RASTER
from .geometry import LARGE_KINDS
from .inspect import ImageUse
from .job import Job, scale_k
from .layout import cover_file

# effective ppi: below WARN looks soft in the hand, below ERROR it prints visibly blocky;
# boards and roll-ups are read from a metre or more, so a third of that is as sharp there
WARN_PPI, ERROR_PPI = 250, 150
LARGE_WARN_PPI, LARGE_ERROR_PPI = 100, 60


def raster_cover(job: Job) -> bool:
    """Whether the cover is a photo (PNG, JPEG, ...) rather than a drawing."""
    path = cover_file(job.project, job.material)
    return path is not None and path.suffix.lower() in RASTER


def cover_resolution(job: Job, uses: list[ImageUse]) -> tuple[list[Diagnostic], list[ImageUse]]:
    """Diagnostics for the cover picture, and the other images (for the body's own check)."""
    path = cover_file(job.project, job.material)
    if path is None or path.suffix.lower() == ".svg":
        return [], uses
    try:
        with Image.open(path) as im:
            pixels = im.size
    except (OSError, UnidentifiedImageError):
        return [], uses  # `check` reports an unreadable picture
    mine = [u for u in uses if u.pixels == pixels]
    rest = [u for u in uses if u.pixels != pixels]
    if not mine:
        return [], rest
    worst = min(mine, key=lambda u: u.ppi)
    large = job.material.kind in LARGE_KINDS
    warn, error = (LARGE_WARN_PPI, LARGE_ERROR_PPI) if large else (WARN_PPI, ERROR_PPI)
    if worst.ppi >= warn - 0.5:
        return [], rest
    where = job.material.src.at("cover") if job.material.src else Location(job.rel)
    message = t(
        "cover: {name} ({w}×{h} px) prints {width_mm:.0f}×{height_mm:.0f} mm at {ppi:.0f} ppi effective; it needs {need} ppi at this size",
        name=path.name,
        w=pixels[0],
        h=pixels[1],
        width_mm=worst.width_mm,
        height_mm=worst.height_mm,
        ppi=worst.ppi,
        need=warn,
    )
    hint = t("use a picture of at least {px} px across, or a drawing (SVG)", px=_pixels_for(worst, warn))
    report = where.error if worst.ppi < error - 0.5 else where.warning
    return [report(message, hint=hint, code="cover-resolution")], rest


def _pixels_for(use: ImageUse, ppi: int) -> int:
    return round(use.width_mm / 25.4 * ppi)


# a poster's picture strip (poster.css: 80 mm at A3) set lower when the messages need the room
POSTER_STRIP_MM = 80
POSTER_STRIPS_MM = (56, 36)


def strip_lowered(job: Job, picture_mm: int | None) -> list[Diagnostic]:
    """A warning when the poster's picture had to give way to the text."""
    if picture_mm is None:
        return []
    where = job.material.src.at("cover") if job.material.src else Location(job.rel)
    return [
        where.warning(
            t(
                "the cover picture is set {mm} mm high instead of {normal} mm to leave room for the messages",
                mm=round(picture_mm * scale_k(job)),
                normal=round(POSTER_STRIP_MM * scale_k(job)),
            ),
            hint=t("shorten the messages to give the picture its full height"),
            code="cover-lowered",
        )
    ]
