"""The site stage: project -> site model -> engine -> build/site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.models import Project
from ..errors import Diagnostic
from . import mkdocs_engine
from .calendar_page import calendar_ics
from .model import build_model


def build_site(project: Project, out: Path, work: Path, *, drafts: bool, today: dt.date,
               stamp: dt.datetime) -> list[Diagnostic]:
    """Build the public site into `out/site`; `out` is the staging dir other stages wrote to."""
    model = build_model(project, drafts=drafts, today=today, outputs=out)
    model.files["calendar.ics"] = calendar_ics(project, today, stamp, [])
    work.mkdir(parents=True, exist_ok=True)
    diags = list(model.diagnostics)
    diags += mkdocs_engine.build(project, model, work, out / "site")
    return diags
