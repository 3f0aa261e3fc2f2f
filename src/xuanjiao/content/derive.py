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
    ids += sorted(m.id for m in project.materials.values() if campaign.id in m.campaigns and m.id not in ids)
    return [project.materials[i] for i in ids if i in project.materials]


def material_campaigns(project: Project, material: Material) -> list[Campaign]:
    ids = set(material.campaigns) | {c.id for c in project.campaigns.values() if material.id in c.materials}
    return [project.campaigns[i] for i in sorted(ids) if i in project.campaigns]


def translations(project: Project, material: Material) -> list[Material]:
    """The other language versions of a material (both directions of translation_of)."""
    base = material.translation_of or material.id
    group = [m for m in project.materials.values() if m.id == base or m.translation_of == base]
    return sorted((m for m in group if m.id != material.id), key=lambda m: m.lang)
