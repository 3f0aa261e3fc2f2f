"""The site stage: project -> site model -> engine adapter -> build/site.

One build per language of `site.yml` `languages`: the first at build/site/, each other
under build/site/<lang>/ (e.g. /en/), with the same page paths, so the language switcher
and a page's translations are the same URL under another prefix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.models import Project
from ..errors import Diagnostic
from .calendar_page import calendar_ics
from .engines import get_engine
from .feed import write_feed
from .model import SiteModel, build_model, language_prefix


def site_model(project: Project, out: Path | None, *, drafts: bool, today: dt.date,
               stamp: dt.datetime, lang: str | None = None) -> SiteModel:
    """Everything every engine publishes: pages, calendar.ics, feed.xml, downloads, QR codes."""
    model = build_model(project, drafts=drafts, today=today, outputs=out, lang=lang)
    model.files["calendar.ics"] = calendar_ics(project, today, stamp, [])
    model.files["feed.xml"] = write_feed(title=project.site.title, author=project.site.organization,
                                         site_url=project.site.url, entries=model.feed, stamp=stamp)
    return model


def build_site(project: Project, out: Path, work: Path, *, drafts: bool, today: dt.date,
               stamp: dt.datetime) -> list[Diagnostic]:
    """Build the public site into `out/site`; `out` is the staging dir other stages wrote to."""
    diags: list[Diagnostic] = []
    for lang in project.site.languages:  # the default first: its build empties build/site
        model = site_model(project, out, drafts=drafts, today=today, stamp=stamp, lang=lang)
        where = language_prefix(project, lang)
        work_dir = work / where if where else work
        work_dir.mkdir(parents=True, exist_ok=True)
        diags += model.diagnostics
        diags += get_engine(project.site.engine)(project, model, work_dir, out / "site" / where)
    return diags
