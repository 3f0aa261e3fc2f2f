"""One material to print (the `Job` a worker process receives) and the type sizes its kind
allows at its sheet's size: what the layouts, the display hierarchy and the shrink warning all
read, kept apart so that none of them imports another's layout code."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..content.models import Material, Project
from .geometry import Trim
from .layout import Facts
from .theme import Theme


@dataclass
class Job:
    """One material to print. Picklable (the theme is rebuilt where it is needed), so it can
    be sent to a worker process."""

    project: Project
    material: Material
    rel: str  # the Markdown file, relative to the project
    trim: Trim
    facts: Facts
    cmyk: bool = False  # build --cmyk: the print PDF converted to CMYK, black text K only (cmyk.py)
    icc: str | None = None  # --icc: the shop's CMYK profile (a path); None: cmyk.DEFAULT_ICC
    creep: float = 0.0  # build --creep: mm per sheet of the imposed brochure (impose.py)
    # where each type-size search ended in the last build (fit.hint_key -> index): it starts
    # there. Not an input of the output (any hint gives the same answer), so not in its cache key
    hints: dict[str, int] = field(default_factory=dict)
    fitted: dict[str, int] = field(default_factory=dict)  # this layout's answers, sent back with its output

    @cached_property
    def theme(self) -> Theme:
        return Theme(self.project)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "theme"}


# kind -> (largest, smallest) body size in pt; fixed-page kinds take the largest that fits,
# so short texts are set big. Large print (老年人, print.large) never goes below 14 pt.
BODY_PT = {
    "poster": (36, 20),
    "leaflet": (13.5, 9),
    "flyer": (13.5, 9),
    "brochure": (10.5, 10.5),
    "board": (140, 28),
    "rollup": (110, 26),
}
LARGE_PT = {
    "poster": (36, 20),
    "leaflet": (16, 14),
    "flyer": (16, 14),
    "brochure": (14, 14),
    "board": (140, 32),
    "rollup": (110, 30),
}
# the sheet each kind's sizes are given for; wider sheets scale up, narrower ones down (--k)
K_BASE = {"poster": 297, "flyer": 148, "board": 2400, "rollup": 800}


def scale_k(job: Job) -> float:
    base = K_BASE.get(job.material.kind)
    if base is None:
        return 1.0
    k = job.trim.width / base
    if job.material.kind == "board":  # a board may be narrower or lower than 2:1
        k = min(k, job.trim.height / 1200)
    elif job.material.kind == "rollup":
        k = min(k, job.trim.height / 2000)
    return k


def k_css(job: Job) -> str:
    return f":root {{ --k: {scale_k(job):.4f}; }}\n" if job.material.kind in K_BASE else ""
