"""Validate the read rows against the project and the plans, then add them up.

Pure: `collect` takes the loaded project, the planner's PlanSet and the read files and returns
either a `YearReport` or the diagnostics that stop it (never a half-summed report).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable

from ..content.models import Project
from ..errors import Diagnostic, did_you_mean
from ..schedule.model import Plan, PlanSet
from .read import COUNT_FIELDS, NOTE_COL, Entry, RawRow, ReportFile, parse_count, parse_date
from ..messages import t

REACH = 0  # index of 宣传服务人数 in COUNT_FIELDS
HANDED = 1  # index of 发放宣传资料(份)
N = len(COUNT_FIELDS)


@dataclass(frozen=True)
class Group:
    """Sessions and summed counts of a group of entries."""

    key: Hashable
    label: str
    sessions: int
    counts: tuple[int, ...]
    extra: str = ""  # e.g. the venue kind

    @property
    def reach(self) -> int:
        return self.counts[REACH]


@dataclass(frozen=True)
class Comparison:
    label: str
    actual: int
    target: int | None  # None: not set

    @property
    def rate(self) -> str:
        if not self.target:
            return "—"
        return f"{self.actual / self.target:.0%}"


@dataclass
class CampaignReport:
    plan: Plan
    title: str
    window: tuple[dt.date, dt.date]
    entries: list[Entry]
    totals: tuple[int, ...]
    by_venue: list[Group]
    by_kind: list[Group]
    by_date: list[Group]
    printed: int  # handout copies printed (large formats per venue left out)
    printed_by_material: list[tuple[str, str, int]]  # (id, title, quantity)
    goal_reach: int | None
    goal_materials: int | None

    @property
    def campaign(self) -> str:
        return self.plan.campaign

    @property
    def comparisons(self) -> list[Comparison]:
        return [Comparison("宣传服务人数 / 目标", self.totals[REACH], self.goal_reach),
                Comparison("宣传服务人数 / 计划预计", self.totals[REACH], self.plan.reach or None),
                Comparison("发放宣传资料 / 目标", self.totals[HANDED], self.goal_materials),
                Comparison("发放宣传资料 / 印制数量", self.totals[HANDED], self.printed or None)]


@dataclass
class YearReport:
    year: int
    organization: str
    campaigns: list[CampaignReport]
    totals: tuple[int, ...]
    by_campaign: list[Group]
    by_venue: list[Group]
    by_kind: list[Group]
    by_month: list[Group]
    by_date: list[Group]
    files: list[str] = field(default_factory=list)
    joint: bool = False  # some session served several campaigns: listed under each, counted once in totals
    sessions: int = 0  # reported sessions, a joint one once

    @property
    def printed(self) -> int:
        return sum(c.printed for c in self.campaigns)


def add(rows: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    total = [0] * N
    for r in rows:
        for i, v in enumerate(r):
            total[i] += v
    return tuple(total)


def group(entries: Iterable[Entry], key: Callable[[Entry], Hashable], label: Callable[[Hashable], str],
          order: Callable[[Hashable], object] | None = None, extra: Callable[[Hashable], str] | None = None
          ) -> list[Group]:
    buckets: dict[Hashable, list[Entry]] = OrderedDict()
    for e in entries:
        buckets.setdefault(key(e), []).append(e)
    keys = sorted(buckets, key=order) if order else list(buckets)
    return [Group(k, label(k), len(buckets[k]), add(e.counts for e in buckets[k]), extra(k) if extra else "")
            for k in keys]


def window(plan: Plan) -> tuple[dt.date, dt.date]:
    """The campaign window: the planner's window widened to the first and last session."""
    dates = [s.date for s in plan.sessions]
    return min([plan.window_start, *dates]), max([plan.window_end, *dates])


def printed_handouts(project: Project, plan: Plan) -> list[tuple[str, str, int]]:
    out = []
    for q in plan.print:
        if q.basis == "per-venue":  # boards, roll-ups: put up, not handed out
            continue
        m = project.materials.get(q.material)
        out.append((q.material, m.title if m else q.material, q.quantity))
    return out


def collect(project: Project, planset: PlanSet, year: int, days: set[str] | None,
            files: list[ReportFile]) -> tuple[YearReport | None, list[Diagnostic]]:
    from ..i18n import VENUE_KIND

    year_plans = sorted(planset.for_year(year), key=lambda p: (p.date, p.campaign))
    chosen = [p for p in year_plans if days is None or p.day in days or p.campaign in days]
    chosen_ids = {p.campaign for p in chosen}
    windows = {p.campaign: window(p) for p in year_plans}
    sessions = {(s.date, s.venue): s.host or p.campaign for p in year_plans for s in p.sessions}
    served = {(s.date, s.venue): s.campaigns for p in year_plans for s in p.sessions}  # joint: several
    names = {v.name: v.id for v in project.venues.values()}
    diags: list[Diagnostic] = []
    seen: dict[tuple[dt.date, str], Entry] = {}
    entries: dict[str, list[Entry]] = {p.campaign: [] for p in chosen}
    used: list[str] = []

    def campaign_for(date: dt.date, venue: str) -> str | None:
        inside = [p for p in year_plans if windows[p.campaign][0] <= date <= windows[p.campaign][1]]
        if not inside:
            return None
        if (date, venue) in sessions and sessions[(date, venue)] in {p.campaign for p in inside}:
            return sessions[(date, venue)]
        for p in inside:
            if venue in project.campaigns[p.campaign].venues:
                return p.campaign
        return inside[0].campaign

    def span_text() -> str:
        return "; ".join(f"{p.campaign}: {windows[p.campaign][0]} to {windows[p.campaign][1]}"
                         for p in year_plans) or f"no campaign in {year}"

    for rf in files:
        diags += rf.problems
        dates = [parse_date(r.cells[0]) for r in rf.rows]
        parsed = [d for d in dates if d is not None]
        # a file belongs to this run when it has a date in the year (or none readable at all)
        if parsed and not any(d.year == year for d in parsed):
            continue
        if days is not None and parsed:
            mapped = {campaign_for(d, "") for d in parsed}
            if None not in mapped and not (mapped & chosen_ids):
                continue  # another campaign's file: checked when that campaign is reported
        took = False
        for raw, date in zip(rf.rows, dates):
            entry, campaign, problems = _row(raw, date, year, project, names, campaign_for, span_text)
            diags += problems
            mine = [c for c in served.get((date, entry.venue) if entry else None, (campaign,)) if c in chosen_ids]
            if campaign is not None and not mine:
                continue
            if entry is None:
                continue
            key = (entry.date, entry.venue)
            if key in seen:
                first = seen[key]
                diags.append(entry.where.error(
                    t("session {date} at '{venue}' is reported twice: here and at {where}", date=entry.date, venue=entry.venue, where=first.where),
                    hint=t("keep one of {where} and {where2} (delete or correct the other row)", where=entry.where, where2=first.where)))
                continue
            seen[key] = entry
            if (entry.date, entry.venue) not in sessions:
                diags.append(entry.where.at(2).warning(
                    t("'{venue}' has no planned session on {date} in {campaign}; counted anyway", venue=entry.venue, date=entry.date, campaign=campaign)))
            for c in mine:  # a joint session is listed under each campaign it served
                entries[c].append(entry)
            took = True
        if took:
            used.append(rf.rel)
    if any(d.severity == "error" for d in diags):
        return None, diags
    if not any(entries.values()):  # nothing returned yet: an empty summary, not a failure
        diags.append(Diagnostic("private/reports", 0, 0, "warning",
                                t("no filled 统计表 for {year} ({days})", year=year, days=", ".join(sorted(days))) if days
                                else t("no filled 统计表 for {year}", year=year),
                                hint=t("put the returned report-form.xlsx (or .csv) files under private/reports/"),
                                code="report"))

    def venue_label(v: Hashable) -> str:
        return project.venues[v].name if v in project.venues else str(v)

    def venue_kind(v: Hashable) -> str:
        return project.venues[v].kind if v in project.venues else "other"

    venue_order = {v: i for i, v in enumerate(project.venues)}
    kind_order = {k: i for i, k in enumerate(VENUE_KIND)}
    reports = []
    for p in chosen:
        c = project.campaigns[p.campaign]
        es = sorted(entries[p.campaign], key=lambda e: (e.date, venue_order.get(e.venue, 1 << 30), e.venue))
        if not es and any(entries.values()):
            diags.append(Diagnostic("private/reports", 0, 0, "warning",
                                    t("no filled 统计表 for {campaign} ({windows} to {windows2}); its figures are 0", campaign=p.campaign, windows=windows[p.campaign][0], windows2=windows[p.campaign][1]), code="report"))
        by_material = printed_handouts(project, p)
        reports.append(CampaignReport(
            plan=p, title=c.title, window=windows[p.campaign], entries=es, totals=add(e.counts for e in es),
            by_venue=group(es, lambda e: e.venue, venue_label, lambda v: venue_order.get(v, 1 << 30),
                           lambda v: VENUE_KIND.get(venue_kind(v), venue_kind(v))),
            by_kind=group(es, lambda e: venue_kind(e.venue), lambda k: VENUE_KIND.get(k, str(k)),
                          lambda k: kind_order.get(k, 99)),
            by_date=group(es, lambda e: e.date, lambda d: d.isoformat(), lambda d: d),
            printed=sum(q for _, _, q in by_material), printed_by_material=by_material,
            goal_reach=c.goals.reach, goal_materials=c.goals.materials))
    everything = list({str(e.where): e for r in reports for e in r.entries}.values())  # a joint session once
    year_report = YearReport(
        year=year, organization=project.site.organization, campaigns=reports,
        totals=add(e.counts for e in everything), joint=len(everything) < sum(len(r.entries) for r in reports), sessions=len(everything),
        by_campaign=[Group(r.campaign, r.title, len(r.entries), r.totals, f"{r.window[0]} – {r.window[1]}")
                     for r in reports],
        by_venue=group(everything, lambda e: e.venue, venue_label, lambda v: venue_order.get(v, 1 << 30),
                       lambda v: VENUE_KIND.get(venue_kind(v), venue_kind(v))),
        by_kind=group(everything, lambda e: venue_kind(e.venue), lambda k: VENUE_KIND.get(k, str(k)),
                      lambda k: kind_order.get(k, 99)),
        by_month=group(everything, lambda e: e.date.month, lambda m: f"{m}月", lambda m: m),
        by_date=group(everything, lambda e: e.date, lambda d: d.isoformat(), lambda d: d),
        files=sorted(used))
    return year_report, diags


def _row(raw: RawRow, date: dt.date | None, year: int, project: Project, names: dict[str, str],
         campaign_for, span_text) -> tuple[Entry | None, str | None, list[Diagnostic]]:
    """Validate one row: (entry or None, its campaign if known, problems)."""
    w = raw.where
    cells = raw.cells
    count_cells = cells[3:3 + N]
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in (*count_cells, *(v for _, v, _ in raw.extras))):
        return None, None, []  # a prefilled session nobody reported on
    problems: list[Diagnostic] = []
    venue = str(cells[1]).strip() if cells[1] is not None else ""
    if not venue and cells[2] is not None and str(cells[2]).strip() in names:
        venue = names[str(cells[2]).strip()]
    if not venue:
        problems.append(w.at(2).error(t("venue id is empty"), hint=t("copy the 场所编号 from the plan (e.g. {ids})",
                                                                ids=", ".join(list(project.venues)[:3]))))
    elif venue not in project.venues:
        problems.append(w.at(2).error(t("unknown venue '{venue}'", venue=venue),
                                      hint=did_you_mean(venue, project.venues) or
                                      t("venue ids are listed in content/venues.yml")))
    campaign = None
    if date is None:
        shown = cells[0]
        problems.append(w.error(t("date is empty") if shown is None or not str(shown).strip()
                                else t("'{shown}' is not a date", shown=shown), hint=t("write dates as YYYY-MM-DD")))
    else:
        campaign = campaign_for(date, venue)
        if campaign is None:
            problems.append(w.error(t("{date} is outside the campaign window ({span_text})", date=date, span_text=span_text()),
                                    hint=t("check the date, or add the campaign for that day")))
    counts: list[int] = []
    for i, v in enumerate(count_cells):
        value, problem = parse_count(v)
        if problem:
            problems.append(w.at(4 + i).error(t("{count_fields}: {problem}", count_fields=COUNT_FIELDS[i], problem=problem),
                                              hint=t("write a whole number ≥ 0, e.g. 1850 or 1,850; leave empty for 0")))
        counts.append(value or 0)
    extra = []
    for name, v, col in raw.extras:
        value, problem = parse_count(v)
        if problem:
            problems.append(w.at(col).error(t("{count_fields}: {problem}", count_fields=name, problem=problem),
                                            hint=t("write a whole number ≥ 0, e.g. 1850 or 1,850; leave empty for 0")))
        extra.append((name, value or 0))
    if problems:
        return None, campaign, problems
    note = cells[NOTE_COL - 1]
    return Entry(w, date, venue, tuple(counts), "" if note is None else str(note).strip(), tuple(extra)), campaign, []
