"""The `stats` build stage: aggregate figures from private/reports/ for the public site.

Runs only with `reports: {publish: true}` in site.yml (otherwise it reads and writes nothing).
It reads and validates the filled 统计表 forms exactly as `xuanjiao report` does (same
diagnostics, FILE:统计表!D5, as build errors) and writes `build/stats/reports.json`, which the
site stage turns into its statistics page.

Only sums and session counts leave this module: per year and per campaign, per venue kind,
per venue (public places), per month and per date, and the goals and printed quantities they
are compared with. Never a name, phone, remark (备注), file name or per-volunteer figure; the
志愿者人数 column becomes a plain total of volunteer turns.

reports.json::

    {"fields": ["reach", "materials", ...],           # the COUNT_FIELDS, in order
     "years": [{"year": 2026, "sessions": 46, "totals": {"reach": 16125, ...}, "printed": 14000,
                "by_kind": [{"kind": "station", "sessions": 3, "totals": {...}}, ...],
                "by_venue": [{"venue": "id", "name": "...", "kind": "station", "sessions": 3, "totals": {...}}],
                "by_month": [{"month": 4, ...}], "by_date": [{"date": "2026-04-01", ...}],
                "campaigns": [{"id": ..., "title": ..., "start": ..., "end": ..., "sessions": ...,
                               "totals": {...}, "printed": ..., "planned_reach": ...,
                               "goals": {"reach": 5000, "materials": null},
                               "by_kind": [...], "by_venue": [...], "by_date": [...]}]}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..content.models import Project
from ..errors import Diagnostic, errors_in, has_errors
from .read import COUNT_FIELDS, read_reports
from .rollup import CampaignReport, Group, YearReport, collect

if TYPE_CHECKING:
    from ..schedule.model import PlanSet
    from ..stage import StageContext

# reports.json keys of the count columns D..J of the 统计表, in their order
FIELDS = ("reach", "materials", "consultations", "clinic", "contraceptives", "visits", "volunteers")
assert len(FIELDS) == len(COUNT_FIELDS)

# collect() speaks of "private/reports" itself for a year or campaign nobody reported on yet:
# right for `xuanjiao report --year`, noise in every build (upcoming campaigns), so left out here
_NOTHING_YET = "private/reports"


def stats_stage(ctx: StageContext) -> list[Diagnostic]:
    if not ctx.project.site.reports.publish:
        return []
    from ..schedule import planned  # the build's plans, computed once by the pipeline

    planset = planned(ctx)
    errors = errors_in(planset.diagnostics)
    if errors:  # reported by the plans stage when it ran; repeated when only stats runs
        return errors
    figures, diags = published_figures(ctx.project, planset)
    if figures is None:
        return diags
    dest = ctx.out / "stats"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "reports.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return diags


def published_figures(project: Project, planset: PlanSet) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Every year with campaigns, rolled up; None (and the errors) when any file is bad."""
    files = read_reports(project)
    diags: dict[str, Diagnostic] = {}  # a file read for two years reports its problems once
    years = []
    for year in sorted({p.year for p in planset.plans.values()}, reverse=True):
        report, found = collect(project, planset, year, None, files)
        for d in found:
            if d.path != _NOTHING_YET:
                diags.setdefault(d.format(), d)
        if report is not None and any(c.entries for c in report.campaigns):
            years.append(year_figures(project, report))
    out = list(diags.values())
    if has_errors(out):
        return None, out
    return {"fields": list(FIELDS), "years": years}, out


def _totals(counts: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(FIELDS, counts))


def _group(g: Group, **key: Any) -> dict[str, Any]:
    return {**key, "sessions": g.sessions, "totals": _totals(g.counts)}


def _venues(project: Project, groups: list[Group]) -> list[dict[str, Any]]:
    out = []
    for g in groups:
        v = project.venues.get(str(g.key))
        out.append(_group(g, venue=g.key, name=v.name if v else str(g.key), kind=v.kind if v else "other"))
    return out


def _dates(groups: list[Group]) -> list[dict[str, Any]]:
    return [_group(g, date=g.key.isoformat()) for g in groups]


def _kinds(groups: list[Group]) -> list[dict[str, Any]]:
    return [_group(g, kind=g.key) for g in groups]


def campaign_figures(project: Project, c: CampaignReport) -> dict[str, Any]:
    return {
        "id": c.campaign,
        "title": c.title,
        "start": c.window[0].isoformat(),
        "end": c.window[1].isoformat(),
        "sessions": len(c.entries),
        "totals": _totals(c.totals),
        "printed": c.printed,
        "planned_reach": c.plan.reach or None,
        "goals": {"reach": c.goal_reach, "materials": c.goal_materials},
        "by_kind": _kinds(c.by_kind),
        "by_venue": _venues(project, c.by_venue),
        "by_date": _dates(c.by_date),
    }


def year_figures(project: Project, y: YearReport) -> dict[str, Any]:
    reported = [c for c in y.campaigns if c.entries]  # campaigns still to come are left out
    return {
        "year": y.year,
        "sessions": y.sessions,
        "totals": _totals(y.totals),  # a joint session once
        "printed": sum(c.printed for c in reported),
        "by_kind": _kinds(y.by_kind),
        "by_venue": _venues(project, y.by_venue),
        "by_month": [_group(g, month=g.key) for g in y.by_month],
        "by_date": _dates(y.by_date),
        "campaigns": [campaign_figures(project, c) for c in reported],
    }
