"""Facts derived from a loaded project that several stages need (computed once, here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar.rules import parse_rule
from .models import AwarenessDay, Campaign, Material, Project


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def day_spans(day: AwarenessDay, year: int) -> list[Span]:
    """Every occurrence of an awareness day in Gregorian `year` (0, 1 or 2 of them).

    An `announced` day occurs only in the years its `dates:` name."""
    if day.date.strip() == "announced" and year not in day.dates:
        return []
    starts = parse_rule(day.date).dates_in(year, day.dates)
    return [Span(s, s + dt.timedelta(days=day.days - 1)) for s in starts]


def campaign_span(project: Project, campaign: Campaign) -> Span | None:
    """The campaign's day in its year; None when the rule gives no date that year."""
    spans = day_spans(project.days[campaign.day], campaign.year)
    return spans[0] if spans else None


def campaign_materials(project: Project, campaign: Campaign) -> list[Material]:
    """Materials used in a campaign: listed by the campaign or naming it, in listed order."""
    ids = list(campaign.materials)
    ids += [i for i in _links(project).naming.get(campaign.id, []) if i not in ids]
    return [project.materials[i] for i in ids if i in project.materials]


def material_campaigns(project: Project, material: Material) -> list[Campaign]:
    ids = set(material.campaigns) | _links(project).listing.get(material.id, set())
    return [project.campaigns[i] for i in sorted(ids) if i in project.campaigns]


def translations(project: Project, material: Material) -> list[Material]:
    """The other language versions of a material (both directions of translation_of)."""
    group = _links(project).versions.get(material.translation_of or material.id, [])
    return sorted((m for m in group if m.id != material.id), key=lambda m: m.lang)


@dataclass(frozen=True)
class _Links:
    naming: dict[str, list[str]]  # campaign id -> ids of the materials whose campaigns: name it (sorted)
    listing: dict[str, set[str]]  # material id -> ids of the campaigns whose materials: list it
    versions: dict[str, list[Material]]  # id -> that material and those that are its translation


_last: list = [None, None]  # (project, its links): one project at a time, kept alive while in use


def _links(project: Project) -> _Links:
    """Who links to whom, indexed once per project: the scans it replaces, made per page of
    a 1,000-material site, grew with the square of the project."""
    if _last[0] is not project:
        naming: dict[str, list[str]] = {}
        listing: dict[str, set[str]] = {}
        versions: dict[str, list[Material]] = {}
        for m in sorted(project.materials.values(), key=lambda m: m.id):
            for cid in m.campaigns:
                naming.setdefault(cid, []).append(m.id)
        for m in project.materials.values():  # project order: ties in sorting by language keep it
            versions.setdefault(m.id, []).append(m)
            if m.translation_of and m.translation_of != m.id:
                versions.setdefault(m.translation_of, []).append(m)
        for c in project.campaigns.values():
            for mid in c.materials:
                listing.setdefault(mid, set()).add(c.id)
        _last[:] = [project, _Links(naming, listing, versions)]
    return _last[1]
