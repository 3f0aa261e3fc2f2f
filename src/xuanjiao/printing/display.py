"""Hierarchy on display formats (宣传栏, 易拉宝, 海报): the title reads first from across a
square, so it is at least HIERARCHY times the next level (a section head, the hotline
number); before, a board's title (190 pt) and its section heads (177 pt) were one level.

The program sets, per layout, `--head` (section heads as a multiple of the body) and
`--title` (pt): the title's own size on the kind's base sheet, raised when the body's heads
would come too close. A poster's long title may step down to fit (`poster_title.py`), never
below `title_floor`.
"""

from __future__ import annotations

from .fit import TypeScale
from .job import Job, scale_k

HIERARCHY = 1.4
DISPLAY_KINDS = ("board", "rollup", "poster", "banner")
TITLE_PT = {"board": 190.0, "rollup": 160.0, "poster": 76.0}  # on the base sheet (--k = 1)
HEAD = {"board": 1.25, "rollup": 1.25, "poster": 1.3}  # section heads / body
NEXT_PT = {"board": 96.0, "rollup": 100.0, "poster": 44.0}  # the largest fixed text below: the hotline number


def title_floor(job: Job, scale: TypeScale) -> float:
    """The smallest title (pt) that keeps the hierarchy over this body's heads and the hotline."""
    kind = job.material.kind
    return HIERARCHY * max(scale.body * HEAD[kind], NEXT_PT[kind] * scale_k(job))


def title_pt(job: Job, scale: TypeScale) -> float:
    kind = job.material.kind
    if scale.title is not None:
        return scale.title
    return max(TITLE_PT[kind] * scale_k(job), title_floor(job, scale))


def hierarchy_css(job: Job, scale: TypeScale) -> str:
    kind = job.material.kind
    if kind not in TITLE_PT:
        return ""
    title = title_pt(job, scale) + 0.01  # rounding in the PDF never takes it under the ratio
    return f":root {{ --head: {HEAD[kind]:g}; --title: {title:.2f}pt; }}\n"
