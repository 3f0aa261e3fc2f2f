"""What every stage is given and must be: the context of one build, the stage protocol, and the
build's clock. Stages import this module, never the pipeline that runs them."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .content.models import Project
from .errors import Diagnostic


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
    icc: Path | None = None  # the CMYK profile --cmyk converts for (None: Ghostscript's default_cmyk.icc)

    @property
    def cache(self) -> Path:
        """Content-addressed outputs of earlier builds (see cache.py), carried over by links."""
        return self.out / ".cache"


class Stage(Protocol):
    def __call__(self, ctx: StageContext) -> list[Diagnostic]: ...


CHINA = dt.timezone(dt.timedelta(hours=8))


def build_clock() -> dt.datetime:
    """The time written into outputs: SOURCE_DATE_EPOCH when set, else today's date at
    00:00 China time, so builds of the same input on the same day are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    today = dt.datetime.now(CHINA).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=CHINA)
