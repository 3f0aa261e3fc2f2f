"""The leaflet's fold-in panel (the inner flap) with something worth reading: where and when
the campaign meets people (its sessions, from the build's plans), or a
"你问我答" section the writer marks with its heading. Before, the flap repeated the slogan
and the hotline that the back panel prints already.

Also what the print order needs from the plans: the 付印 (print task) date per material.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .. import i18n
from ..content import derive
from ..content.models import Material, Project
from .body import Unit

if TYPE_CHECKING:
    from ..schedule.model import PlanSet

QA_HEADINGS = ("你问我答", "问与答", "问答", "常见问题", "q&a", "q & a", "questions and answers", "faq")
MAX_VENUES = 5  # a flap holds about this many places with their days
MAX_DAYS = 4  # dates listed one by one; more become a range
_H2_TEXT = re.compile(r"^<h2\b[^>]*>(.*?)</h2>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Session:
    """One place and when the campaign is there, as printed: 柳河镇集市 · 3月31日、4月3日 · 07:00-11:00."""

    place: str
    days: str
    hours: str


@dataclass(frozen=True)
class PlanFacts:
    sessions: dict[str, tuple[dict, ...]]  # campaign id -> the plan's sessions
    print_due: dict[str, dt.date]  # campaign id -> the print task's date (定稿付印)


def plan_facts(plans: PlanSet | None) -> PlanFacts:
    """Sessions and print dates from the build's plans (StageContext.plans; empty without)."""
    sessions: dict[str, tuple[dict, ...]] = {}
    due: dict[str, dt.date] = {}
    for plan in plans.plans.values() if plans is not None else ():
        sessions[plan.campaign] = tuple(
            {"venue": s.venue, "date": s.date.isoformat(), "start": s.start, "end": s.end} for s in plan.sessions
        )
        for task in plan.tasks:
            if task.id == "print":
                due[plan.campaign] = task.due
    return PlanFacts(sessions, due)


def for_material(project: Project, material: Material, plans: PlanFacts) -> tuple[Session, ...]:
    """The sessions of the material's campaigns, one line per place, in the order they start."""
    by_venue: dict[str, list[dict]] = {}
    for campaign in derive.material_campaigns(project, material):
        for s in plans.sessions.get(campaign.id, ()):
            by_venue.setdefault(str(s.get("venue")), []).append(s)
    lines = []
    for venue_id, found in sorted(by_venue.items(), key=lambda kv: min(str(s.get("date")) for s in kv[1])):
        venue = project.venues.get(venue_id)
        try:
            days = sorted({dt.date.fromisoformat(str(s["date"])) for s in found})
        except (KeyError, ValueError):
            continue
        hours = max(
            {f"{s.get('start')}-{s.get('end')}" for s in found},
            key=lambda h: sum(f"{s.get('start')}-{s.get('end')}" == h for s in found),
        )
        lines.append(Session(venue.name if venue else venue_id, days_text(days, material.lang), hours))
    return tuple(lines[:MAX_VENUES])


def print_due(project: Project, material: Material, plans: PlanFacts) -> dt.date | None:
    """The earliest print task (定稿付印) of the material's campaigns' plans."""
    dues = [plans.print_due[c.id] for c in derive.material_campaigns(project, material) if c.id in plans.print_due]
    return min(dues, default=None)


def days_text(days: list[dt.date], lang: str) -> str:
    """3月31日、4月3日 (a few dates), or 3月31日至4月10日 (every day, or many)."""
    short = [i18n.short_date(d, lang, weekday=False) for d in days]
    if len(days) <= MAX_DAYS and not _every_day(days):
        return (", " if lang == "en" else "、").join(short)
    if lang == "en":
        return f"{short[0]} – {short[-1]}"
    if days[0].month == days[-1].month:  # 9月19日至29日
        return f"{short[0]}至{days[-1].day}日"
    return f"{short[0]}至{short[-1]}"


def _every_day(days: list[dt.date]) -> bool:
    return len(days) > 2 and (days[-1] - days[0]).days == len(days) - 1


def is_qa_heading(html: str) -> bool:
    found = _H2_TEXT.match(html.strip())
    return bool(found) and _TAGS.sub("", found[1]).strip().lower() in QA_HEADINGS


def split_qa(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """(the units for the inside panels, the 你问我答 section's units for the flap): the section
    runs from its `##` heading to the next `##` heading or `<!-- break -->`. Parts are
    renumbered so that a section that was a whole part leaves no gap."""
    qa: list[Unit] = []
    rest: list[Unit] = []
    qa_part: int | None = None  # the part the section is in, while in it
    for u in units:
        if u.html.lstrip().startswith("<h2"):
            qa_part = u.part if is_qa_heading(u.html) else None
        elif qa_part is not None and u.part != qa_part:
            qa_part = None
        (qa if qa_part is not None else rest).append(u)
    numbers = {p: n for n, p in enumerate(sorted({u.part for u in rest}))}
    return [replace(u, part=numbers[u.part]) for u in rest], qa
