"""Type size a writer should hear about: fixed-page kinds step their body text down to fit,
and a reader sees the smaller type. Shrinking below the kind's normal size is a warning at
the material's front matter saying by how much (the floor itself is in laying.body_sizes:
large print for older readers never goes below 14 pt, others stop at the kind's minimum). The
normal size is the ordinary reading size of leaflets and flyers (13.5 pt on A5/A4)."""

from __future__ import annotations

from ..errors import Diagnostic, Location
from ..messages import t
from .job import BODY_PT, Job, scale_k

# reading kinds; display kinds (posters, boards, roll-ups) start large and step down by design
SHRINKING_KINDS = ("leaflet", "flyer")


def shrink_warning(job: Job, body_pt: float) -> list[Diagnostic]:
    """A warning when the layout set the body smaller than the kind's normal (largest) size."""
    if job.material.kind not in SHRINKING_KINDS or not body_pt:
        return []
    normal = round(BODY_PT[job.material.kind][0] * scale_k(job) / 0.5) * 0.5  # large print starts above it
    if body_pt >= normal - 0.01:
        return []
    m = job.material
    where = m.src.at("kind") if m.src else Location(job.rel, 1, 1)
    return [
        where.warning(
            t(
                "the body text is set at {body:g} pt to fit, {less:g} pt ({percent:.0f}%) smaller than this kind's normal {normal:g} pt",
                body=body_pt,
                less=round(normal - body_pt, 2),
                percent=100 * (normal - body_pt) / normal,
                normal=normal,
            ),
            hint=t("shorten the text so it is set at the normal size, or make it a kind with more room (a brochure)"),
            code="print-shrunk",
        )
    ]
