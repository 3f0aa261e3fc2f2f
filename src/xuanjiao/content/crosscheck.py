"""Checks that span files: references between ids, date rules, venue cycles, review lines."""

from __future__ import annotations

from typing import Iterable

from ..calendar.cycles import parse_cycle
from ..calendar.rules import RuleError, parse_rule
from ..errors import Diagnostic, did_you_mean
from ..messages import noun, t
from . import models as m
from .report_checks import check_reports
from .source import SourceMap


def _refs(
    src: SourceMap | None, field: str, ids: Iterable[str], known: dict, what: str, broken: set[str] = frozenset()
) -> list[Diagnostic]:
    out = []
    for i, ident in enumerate(ids):
        if ident not in known and ident not in broken and f"*{what}" not in broken:
            loc = src.at(field, i) if src else None
            if loc is not None:
                none = t("content/venues.yml lists no venues") if what == "venue" and not known else ""
                out.append(
                    loc.error(
                        t("unknown {what} '{ident}'", what=noun(what), ident=ident),
                        hint=did_you_mean(ident, known) or none,
                    )
                )
    return out


def _rule(src: SourceMap | None, field: str, text: str | None, parse) -> list[Diagnostic]:
    if text is None or src is None:
        return []
    try:
        parse(text)
    except RuleError as exc:
        loc = src.at(field)
        # Point at the offending part of the rule; quoted values start one column later.
        quoted = 1 if _is_quoted(src, field) else 0
        col = loc.col + quoted + max(0, getattr(exc, "col", 0))
        return [
            type(loc)(loc.path, loc.line, col).error(getattr(exc, "message", str(exc)), hint=getattr(exc, "hint", ""))
        ]
    return []


def _is_quoted(src: SourceMap, field: str) -> bool:
    node = src.root
    value = node.get(field) if isinstance(node, dict) else None
    return type(value).__name__ in ("DoubleQuotedScalarString", "SingleQuotedScalarString")


def crosscheck(project: m.Project, broken: set[str] = frozenset()) -> list[Diagnostic]:
    """`broken`: ids that exist but failed to load; they were reported already."""
    out: list[Diagnostic] = []
    for day in project.days.values():
        out += _rule(day.src, "date", day.date, parse_rule)
        if day.date.strip() == "announced" and not day.dates and not day.builtin and day.src:
            out.append(
                day.src.at("date").warning(
                    t("awareness day '{id}' is announced each year but has no dates:", id=day.id),
                    hint=t("add e.g. `dates: {2026: 2026-05-17}`"),
                )
            )
    for venue in project.venues.values():
        out += _rule(venue.src, "days", venue.days, parse_cycle)
        if venue.days is None and venue.src:
            out.append(
                venue.src.at("id").warning(
                    t("venue '{id}' has no days: rule; sessions are planned every day of the window", id=venue.id),
                    hint=t('add e.g. `days: daily`, `days: "weekly Sat,Sun"` or `days: "lunar 3,8"`'),
                )
            )
    for c in project.campaigns.values():
        day = project.days.get(c.day)
        if day is None:  # a day that failed to load was reported already: no lookup, no cascade
            if c.day not in broken and "*awareness day" not in broken and c.src:
                out.append(
                    c.src.at("day").error(
                        t("unknown awareness day '{day}'", day=c.day), hint=did_you_mean(c.day, project.days)
                    )
                )
        elif c.src:
            if day.date.strip() == "announced" and c.year not in day.dates:
                out.append(
                    c.src.at("day").error(
                        t("'{day}' is announced each year and has no date for {year}", day=c.day, year=c.year),
                        hint=t(
                            "add `dates: {{{year}: {year}-MM-DD}}` to its entry in content/awareness-days.yml",
                            year=c.year,
                        ),
                    )
                )
        out += _refs(c.src, "venues", c.venues, project.venues, "venue", broken)
        out += _refs(c.src, "materials", c.materials, project.materials, "material", broken)
    for mat in project.materials.values():
        out += _refs(mat.src, "campaigns", mat.campaigns, project.campaigns, "campaign", broken)
        out += _material_checks(project, mat)
    for v in project.volunteers.values():
        out += _refs(v.src, "home", [v.home] if v.home else [], project.venues, "venue", broken)
    for post in project.news.values():
        if post.campaign and post.campaign not in project.campaigns and post.src:
            out.append(
                post.src.at("campaign").error(
                    t("unknown campaign '{campaign}'", campaign=post.campaign),
                    hint=did_you_mean(post.campaign, project.campaigns),
                )
            )
    out += _plan_checks(project.plan)
    out += check_reports(project.plan.reports, project.plan.src)
    for c in project.campaigns.values():
        out += check_reports(c.reports, c.src)
    return out


def _material_checks(project: m.Project, mat: m.Material) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    src = mat.src
    if src is None:
        return out
    if mat.translation_of is not None:
        if mat.translation_of not in project.materials:
            out.append(
                src.at("translation_of").error(
                    t("unknown material '{translation_of}'", translation_of=mat.translation_of),
                    hint=did_you_mean(mat.translation_of, project.materials),
                )
            )
        elif mat.translation_of == mat.id:
            out.append(src.at("translation_of").error(t("a material cannot be a translation of itself")))
    if mat.venue is not None and mat.venue not in project.venues:
        out.append(
            src.at("venue").error(
                t("unknown venue '{venue}'", venue=mat.venue), hint=did_you_mean(mat.venue, project.venues)
            )
        )
    out += _board_checks(project, mat)
    if mat.status == "approved":
        for key in ("reviewed_by", "reviewed_on"):
            if getattr(mat, key) is None:
                out.append(
                    src.at("status").error(
                        t("material is approved but has no {key}", key=key),
                        hint=t("a doctor must review health claims before printing: add reviewed_by and reviewed_on"),
                    )
                )
    if mat.reviewed_on and mat.review_due and mat.review_due < mat.reviewed_on:
        out.append(src.at("review_due").error(t("review_due is before reviewed_on")))
    return out


BOARD_FIELDS = ("issue", "venue", "posted_on")


def _board_checks(project: m.Project, mat: m.Material) -> list[Diagnostic]:
    """A board issue counts in the refresh schedule (schedule/boards.py) only with both venue:
    and posted_on:, at a venue that keeps boards; other kinds have no use for these fields."""
    src, given = mat.src, [k for k in BOARD_FIELDS if getattr(mat, k) is not None]
    if mat.kind != "board":
        return [
            src.at(k).warning(
                t("{k}: is for bulletin boards (kind: board); this {kind} ignores it", k=k, kind=mat.kind),
                hint=t("remove it, or set kind: board"),
            )
            for k in given
        ]
    out = []
    if given and (mat.venue is None) != (mat.posted_on is None):
        have, lack = ("venue", "posted_on") if mat.venue else ("posted_on", "venue")
        out.append(
            src.at(have).warning(
                t(
                    "this board has {have}: but no {lack}:, so it does not count as the venue's latest issue",
                    have=have,
                    lack=lack,
                ),
                hint=t("give both venue: (where it hangs) and posted_on: (the day it went up)"),
            )
        )
    venue = project.venues.get(mat.venue) if mat.venue else None
    if venue is not None and not venue.boards:
        out.append(
            src.at("venue").warning(
                t(
                    "venue '{venue}' keeps no bulletin boards (boards: 0), so this issue is never due for refresh",
                    venue=mat.venue,
                ),
                hint=t("add `boards: 1` to '{venue}' in content/venues.yml", venue=mat.venue),
            )
        )
    return out


def _plan_checks(plan: m.PlanTemplate) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[str] = set()
    if plan.src is None:
        return out
    for i, task in enumerate(plan.tasks):
        if sum(x is not None for x in (task.before, task.after, task.on)) != 1:
            out.append(
                plan.src.at("tasks", i).error(
                    t("task '{id}' needs exactly one of before: or after: (working days) or on: (a date)", id=task.id)
                )
            )
        if task.id in seen:
            out.append(plan.src.at("tasks", i, "id").error(t("duplicate task id '{id}'", id=task.id)))
        seen.add(task.id)
    return out
