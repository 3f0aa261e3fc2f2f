"""What every stage is given and must be: the context of one build, the stage protocol, and the
build's clock. Stages import this module, never the pipeline that runs them."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only for the annotations: the command line imports this module before any model
    from .content.models import Project
    from .errors import Diagnostic
    from .schedule.model import PlanSet

STAGE_ORDER = ("plans", "private", "stats", "print", "site")
# plans first: print takes quantities from the plans; stats (aggregate report figures, only with
# site.yml reports: {publish: true}) before site; site last: it links what the others wrote.


@dataclass(frozen=True)
class StageContext:
    project: Project
    out: Path  # the staging directory (becomes build/)
    work: Path  # scratch space, removed before the swap
    drafts: bool
    jobs: int
    today: dt.date
    stamp: dt.datetime  # the build's clock: SOURCE_DATE_EPOCH when set
    pdf_variant: str | None = None
    executor: str = "local"
    scheduler: str | None = None
    cmyk: bool = False
    # the plans, computed once by the pipeline: the plans and private stages write them, print
    # takes its quantities and the site its sessions from them (None: no plans, e.g. in a test)
    plans: PlanSet | None = None
    progress: Progress | None = None  # told of each item a stage finishes (the command line shows it)
    icc: Path | None = None  # the CMYK profile --cmyk converts for (None: Ghostscript's default_cmyk.icc)
    creep: float = 0.0  # mm per sheet: imposed brochures' inner pages move towards the spine

    @property
    def cache(self) -> Path:
        """Content-addressed outputs of earlier builds (see cache.py), carried over by links."""
        return self.out / ".cache"

    def step(self, done: int, total: int, item: str = "", seconds: float = 0.0) -> None:
        """`done` of the running stage's `total` items are finished, `item` the last (in `seconds`)."""
        if self.progress is not None:
            self.progress.step(done, total, item, seconds)


class Stage(Protocol):
    def __call__(self, ctx: StageContext) -> list[Diagnostic]: ...


# each stage as people read it, shown with its progress (the command line, the workspace's 发布 page)
STAGE_LABELS = {
    "print": "印刷文件 print",
    "plans": "活动方案 plans",
    "private": "志愿者名单 private",
    "stats": "统计数字 stats",
    "site": "网站 site",
}


class Progress(Protocol):
    """What a build tells as it goes: each stage as it starts and ends, and the items (PDFs,
    campaigns, languages) a stage finishes. The command line draws it (commands/progress.py)."""

    def stage(self, name: str) -> None: ...

    def step(self, done: int, total: int, item: str, seconds: float) -> None: ...

    def finished(self, name: str, seconds: float) -> None: ...


CHINA = dt.timezone(dt.timedelta(hours=8))


def build_clock() -> dt.datetime:
    """The time written into outputs: SOURCE_DATE_EPOCH when set, else today's date at
    00:00 China time, so builds of the same input on the same day are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    today = dt.datetime.now(CHINA).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=CHINA)
