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
from ..errors import Diagnostic, did_you_mean, has_errors
from ..i18n import VENUE_KIND
from ..messages import t
from ..schedule.model import Plan, PlanSet
from .read import COUNT_FIELDS, NOTE_COL, Entry, RawRow, ReportFile, parse_count, parse_date

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
        return [
            Comparison("宣传服务人数 / 目标", self.totals[REACH], self.goal_reach),
            Comparison("宣传服务人数 / 计划预计", self.totals[REACH], self.plan.reach or None),
            Comparison("发放宣传资料 / 目标", self.totals[HANDED], self.goal_materials),
            Comparison("发放宣传资料 / 印制数量", self.totals[HANDED], self.printed or None),
        ]


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


def group(
    entries: Iterable[Entry],
    key: Callable[[Entry], Hashable],
    label: Callable[[Hashable], str],
    order: Callable[[Hashable], object] | None = None,
    extra: Callable[[Hashable], str] | None = None,
) -> list[Group]:
    buckets: dict[Hashable, list[Entry]] = OrderedDict()
    for e in entries:
        buckets.setdefault(key(e), []).append(e)
    keys = sorted(buckets, key=order) if order else list(buckets)
    return [
        Group(k, label(k), len(buckets[k]), add(e.counts for e in buckets[k]), extra(k) if extra else "") for k in keys
    ]


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


class _Year:
    """The plans of one year, and which campaign a reported (date, venue) belongs to."""

    def __init__(self, project: Project, planset: PlanSet, year: int, days: set[str] | None):
        self.project, self.year, self.days = project, year, days
        self.plans = sorted(planset.for_year(year), key=lambda p: (p.date, p.campaign))
        self.chosen = [p for p in self.plans if days is None or p.day in days or p.campaign in days]
        self.chosen_ids = {p.campaign for p in self.chosen}
        self.windows = {p.campaign: window(p) for p in self.plans}
        self.sessions = {(s.date, s.venue): s.host or p.campaign for p in self.plans for s in p.sessions}
        self.served = {(s.date, s.venue): s.campaigns for p in self.plans for s in p.sessions}  # joint: several
        self.names = {v.name: v.id for v in project.venues.values()}

    def campaign_for(self, date: dt.date, venue: str) -> str | None:
        inside = [p for p in self.plans if self.windows[p.campaign][0] <= date <= self.windows[p.campaign][1]]
        if not inside:
            return None
        if (date, venue) in self.sessions and self.sessions[(date, venue)] in {p.campaign for p in inside}:
            return self.sessions[(date, venue)]
        for p in inside:
            if venue in self.project.campaigns[p.campaign].venues:
                return p.campaign
        return inside[0].campaign

    def span_text(self) -> str:
        return (
            "; ".join(
                f"{p.campaign}: {self.windows[p.campaign][0]} to {self.windows[p.campaign][1]}" for p in self.plans
            )
            or f"no campaign in {self.year}"
        )

    def takes(self, dates: list[dt.date | None]) -> bool:
        """A file belongs to this run when it has a date in the year (or none readable at all),
        and, for chosen campaigns, a date of one of them (else it is checked with its own)."""
        parsed = [d for d in dates if d is not None]
        if parsed and not any(d.year == self.year for d in parsed):
            return False
        if self.days is not None and parsed:
            mapped = {self.campaign_for(d, "") for d in parsed}
            if None not in mapped and not (mapped & self.chosen_ids):
                return False
        return True


def _gather(y: _Year, files: list[ReportFile]) -> tuple[dict[str, list[Entry]], list[str], list[Diagnostic]]:
    """Every valid row of the chosen campaigns: (entries by campaign, files used, problems)."""
    diags: list[Diagnostic] = []
    seen: dict[tuple[dt.date, str], Entry] = {}
    entries: dict[str, list[Entry]] = {p.campaign: [] for p in y.chosen}
    used: list[str] = []
    for rf in files:
        diags += rf.problems
        dates = [parse_date(r.cells[0]) for r in rf.rows]
        if not y.takes(dates):
            continue
        took = False
        for raw, date in zip(rf.rows, dates):
            entry, campaign, problems = _row(raw, date, y.year, y.project, y.names, y.campaign_for, y.span_text)
            diags += problems
            if entry is None:
                continue
            mine = [c for c in y.served.get((date, entry.venue), (campaign,)) if c in y.chosen_ids]
            if not mine:
                continue
            key = (entry.date, entry.venue)
            if key in seen:
                first = seen[key]
                diags.append(
                    entry.where.error(
                        t(
                            "session {date} at '{venue}' is reported twice: here and at {where}",
                            date=entry.date,
                            venue=entry.venue,
                            where=first.where,
                        ),
                        hint=t(
                            "keep one of {where} and {where2} (delete or correct the other row)",
                            where=entry.where,
                            where2=first.where,
                        ),
                    )
                )
                continue
            seen[key] = entry
            if key not in y.sessions:
                diags.append(
                    entry.where.at(2).warning(
                        t(
                            "'{venue}' has no planned session on {date} in {campaign}; counted anyway",
                            venue=entry.venue,
                            date=entry.date,
                            campaign=campaign,
                        )
                    )
                )
            for c in mine:  # a joint session is listed under each campaign it served
                entries[c].append(entry)
            took = True
        if took:
            used.append(rf.rel)
    return entries, used, diags


class _Groups:
    """The same groupings for one campaign and for the whole year: by venue, kind and date."""

    def __init__(self, project: Project):
        self.project = project
        self.venue_order = {v: i for i, v in enumerate(project.venues)}
        self.kind_order = {k: i for i, k in enumerate(VENUE_KIND)}

    def venue_label(self, v: Hashable) -> str:
        return self.project.venues[v].name if v in self.project.venues else str(v)

    def venue_kind(self, v: Hashable) -> str:
        return self.project.venues[v].kind if v in self.project.venues else "other"

    def by_venue(self, es: list[Entry]) -> list[Group]:
        return group(
            es,
            lambda e: e.venue,
            self.venue_label,
            lambda v: self.venue_order.get(v, 1 << 30),
            lambda v: VENUE_KIND.get(self.venue_kind(v), self.venue_kind(v)),
        )

    def by_kind(self, es: list[Entry]) -> list[Group]:
        return group(
            es,
            lambda e: self.venue_kind(e.venue),
            lambda k: VENUE_KIND.get(k, str(k)),
            lambda k: self.kind_order.get(k, 99),
        )

    def by_date(self, es: list[Entry]) -> list[Group]:
        return group(es, lambda e: e.date, lambda d: d.isoformat(), lambda d: d)


def _campaign_report(
    y: _Year, p: Plan, found: list[Entry], g: _Groups, any_filled: bool
) -> tuple[CampaignReport, list[Diagnostic]]:
    c = y.project.campaigns[p.campaign]
    start, end = y.windows[p.campaign]
    es = sorted(found, key=lambda e: (e.date, g.venue_order.get(e.venue, 1 << 30), e.venue))
    diags = (
        []
        if es or not any_filled
        else [
            Diagnostic(
                "private/reports",
                0,
                0,
                "warning",
                t(
                    "no filled 统计表 for {campaign} ({windows} to {windows2}); its figures are 0",
                    campaign=p.campaign,
                    windows=start,
                    windows2=end,
                ),
                code="report",
            )
        ]
    )
    by_material = printed_handouts(y.project, p)
    return CampaignReport(
        plan=p,
        title=c.title,
        window=(start, end),
        entries=es,
        totals=add(e.counts for e in es),
        by_venue=g.by_venue(es),
        by_kind=g.by_kind(es),
        by_date=g.by_date(es),
        printed=sum(q for _, _, q in by_material),
        printed_by_material=by_material,
        goal_reach=c.goals.reach,
        goal_materials=c.goals.materials,
    ), diags


def collect(
    project: Project, planset: PlanSet, year: int, days: set[str] | None, files: list[ReportFile]
) -> tuple[YearReport | None, list[Diagnostic]]:
    y = _Year(project, planset, year, days)
    entries, used, diags = _gather(y, files)
    if has_errors(diags):
        return None, diags
    if not any(entries.values()):  # nothing returned yet: an empty summary, not a failure
        diags.append(
            Diagnostic(
                "private/reports",
                0,
                0,
                "warning",
                t("no filled 统计表 for {year} ({days})", year=year, days=", ".join(sorted(days)))
                if days
                else t("no filled 统计表 for {year}", year=year),
                hint=t("put the returned report-form.xlsx (or .csv) files under private/reports/"),
                code="report",
            )
        )
    g = _Groups(project)
    reports = []
    for p in y.chosen:
        report, missing = _campaign_report(y, p, entries[p.campaign], g, any(entries.values()))
        reports.append(report)
        diags += missing
    everything = list({str(e.where): e for r in reports for e in r.entries}.values())  # a joint session once
    year_report = YearReport(
        year=year,
        organization=project.site.organization,
        campaigns=reports,
        totals=add(e.counts for e in everything),
        joint=len(everything) < sum(len(r.entries) for r in reports),
        sessions=len(everything),
        by_campaign=[
            Group(r.campaign, r.title, len(r.entries), r.totals, f"{r.window[0]} – {r.window[1]}") for r in reports
        ],
        by_venue=g.by_venue(everything),
        by_kind=g.by_kind(everything),
        by_month=group(everything, lambda e: e.date.month, lambda m: f"{m}月", lambda m: m),
        by_date=g.by_date(everything),
        files=sorted(used),
    )
    return year_report, diags


def _row(
    raw: RawRow, date: dt.date | None, year: int, project: Project, names: dict[str, str], campaign_for, span_text
) -> tuple[Entry | None, str | None, list[Diagnostic]]:
    """Validate one row: (entry or None, its campaign if known, problems)."""
    w = raw.where
    cells = raw.cells
    count_cells = cells[3 : 3 + N]
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in (*count_cells, *(v for _, v, _ in raw.extras))):
        return None, None, []  # a prefilled session nobody reported on
    problems: list[Diagnostic] = []
    venue = str(cells[1]).strip() if cells[1] is not None else ""
    if not venue and cells[2] is not None and str(cells[2]).strip() in names:
        venue = names[str(cells[2]).strip()]
    if not venue:
        problems.append(
            w.at(2).error(
                t("venue id is empty"),
                hint=t("copy the 场所编号 from the plan (e.g. {ids})", ids=", ".join(list(project.venues)[:3])),
            )
        )
    elif venue not in project.venues:
        problems.append(
            w.at(2).error(
                t("unknown venue '{venue}'", venue=venue),
                hint=did_you_mean(venue, project.venues) or t("venue ids are listed in content/venues.yml"),
            )
        )
    campaign = None
    if date is None:
        shown = cells[0]
        problems.append(
            w.error(
                t("date is empty")
                if shown is None or not str(shown).strip()
                else t("'{shown}' is not a date", shown=shown),
                hint=t("write dates as YYYY-MM-DD"),
            )
        )
    else:
        campaign = campaign_for(date, venue)
        if campaign is None:
            problems.append(
                w.error(
                    t("{date} is outside the campaign window ({span_text})", date=date, span_text=span_text()),
                    hint=t("check the date, or add the campaign for that day"),
                )
            )
    counts: list[int] = []
    for i, v in enumerate(count_cells):
        value, problem = parse_count(v)
        if problem:
            problems.append(
                w.at(4 + i).error(
                    t("{count_fields}: {problem}", count_fields=COUNT_FIELDS[i], problem=problem),
                    hint=t("write a whole number ≥ 0, e.g. 1850 or 1,850; leave empty for 0"),
                )
            )
        counts.append(value or 0)
    extra = []
    for name, v, col in raw.extras:
        value, problem = parse_count(v)
        if problem:
            problems.append(
                w.at(col).error(
                    t("{count_fields}: {problem}", count_fields=name, problem=problem),
                    hint=t("write a whole number ≥ 0, e.g. 1850 or 1,850; leave empty for 0"),
                )
            )
        extra.append((name, value or 0))
    if problems:
        return None, campaign, problems
    note = cells[NOTE_COL - 1]
    return Entry(w, date, venue, tuple(counts), "" if note is None else str(note).strip(), tuple(extra)), campaign, []
