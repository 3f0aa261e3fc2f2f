"""The planner: campaigns in, plans out. Pure computation over the loaded `Project`.

For every campaign: the day's dates, task due dates counted in working days on the official
calendar, sessions at its venues inside the outreach window, volunteers for those sessions
(across all campaigns at once, so nobody is booked twice) and print quantities.
Problems come back as diagnostics pointing at the campaign's own lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..calendar.cycles import Cycle, parse_cycle
from ..calendar.parsing import RuleError
from ..calendar.workcal import WorkCalendar
from ..content import derive
from ..content.models import Campaign, Project
from ..errors import Diagnostic, Location
from ..messages import t
from . import boards, consistency, joint, notice, roster
from .model import Plan, PlanSet, Session, Task
from .quantities import quantities

MAX_LISTED = 8  # sessions named in one shortfall diagnostic before "and N more"


def work_calendar(project: Project) -> WorkCalendar:
    """The shipped official calendar with the project's content/holidays.yml on top."""
    overrides = {y: {"holidays": list(h.holidays), "workdays": list(h.workdays)} for y, h in project.holidays.items()}
    return WorkCalendar.load(overrides)


def where(c: Campaign, *path: object) -> Location:
    """Location of a campaign field (the file itself for campaigns built in memory)."""
    if c.src is not None:
        return c.src.at(*path)
    return Location(f"content/campaigns/{c.id}.md")


@dataclass
class _Draft:
    campaign: Campaign
    name: str
    start: dt.date
    end: dt.date
    window: tuple[dt.date, dt.date]
    tasks: tuple[Task, ...]
    sessions: list[Session]


def plan_project(project: Project, calendar: WorkCalendar | None = None) -> PlanSet:
    """Plans for every campaign of the project (volunteers are shared between them)."""
    diags: list[Diagnostic] = []
    if calendar is None:
        try:
            calendar = work_calendar(project)
        except ValueError as exc:
            diags.append(Location("content/holidays.yml").error(str(exc)))
            return PlanSet({}, tuple(diags))
    cycles = _venue_cycles(project, diags)
    drafts: list[_Draft] = []
    taken: dict[tuple[int, str], str] = {}
    for c in sorted(project.campaigns.values(), key=lambda c: c.id):
        other = taken.get((c.year, c.day))
        if other is not None:
            diags.append(
                where(c, "day").error(
                    t(
                        "campaigns '{other}' and '{id}' are both for '{day}' in {year}; their plans would share plans/{year}/{day}/",
                        other=other,
                        id=c.id,
                        day=c.day,
                        year=c.year,
                    ),
                    hint=t("merge them into one campaign, or give one of them another awareness day"),
                )
            )
            continue
        draft = _draft(project, c, calendar, cycles, diags)
        if draft is not None:
            taken[(c.year, c.day)] = c.id
            drafts.append(draft)
    diags += _missing_year_warnings(drafts, calendar)
    drafts.sort(key=lambda d: (d.start, d.campaign.id))  # the earliest campaign hosts a joint session
    joined = joint.join([(d.campaign.id, d.sessions) for d in drafts])
    for d in drafts:
        d.sessions = joined[d.campaign.id]
    booked = roster.assign(joint.to_staff(s for d in drafts for s in d.sessions), project.volunteers, project.venues)
    plans: dict[str, Plan] = {}
    for d in drafts:
        sessions = tuple(s.staffed(booked.get(joint.roster_key(s), ())) for s in d.sessions)
        plans[d.campaign.id] = _finish(project, d, sessions, calendar, diags)
    diags += _no_volunteers(project, plans)
    plans = _consistent(project, consistency.share_materials(project, plans), diags)
    plans = _with_boards(project, plans, calendar)
    return PlanSet(plans, tuple(diags))


def _consistent(project: Project, plans: dict[str, Plan], diags: list[Diagnostic]) -> dict[str, Plan]:
    """Goals the plans' own figures fall short of, as warnings in the plan and at `goals:`."""
    out = {}
    for cid, p in plans.items():
        notes, found = consistency.goal_warnings(project, project.campaigns[cid], p, where)
        diags += found
        out[cid] = replace(p, warnings=p.warnings + tuple(notes)) if notes else p
    return out


def _with_boards(project: Project, plans: dict[str, Plan], cal: WorkCalendar) -> dict[str, Plan]:
    """Board refresh tasks (each in one plan of its year) and stale-board warnings."""
    if not any(v.boards for v in project.venues.values()):
        return plans
    out = dict(plans)
    for year in sorted({p.year for p in plans.values()}):
        mine = [p for p in plans.values() if p.year == year]
        carried = boards.assign(boards.refresh_tasks(project, year, cal), [(p.date, p.campaign) for p in mine])
        for p in mine:
            extra = tuple(carried.get(p.campaign, ()))
            tasks = tuple(sorted(p.tasks + extra, key=lambda t: t.due))
            out[p.campaign] = replace(p, tasks=tasks, warnings=p.warnings + tuple(boards.stale(project, p.date)))
    return out


def _venue_cycles(project: Project, diags: list[Diagnostic]) -> dict[str, Cycle | None]:
    out: dict[str, Cycle | None] = {}
    for vid, venue in project.venues.items():
        if venue.days is None:
            out[vid] = None  # no rule: every day (the loader already warned)
            continue
        try:
            out[vid] = parse_cycle(venue.days)
        except RuleError as exc:  # reported by the loader for files; here for in-memory projects
            loc = venue.src.at("days") if venue.src else Location("content/venues.yml")
            diags.append(loc.error(t("venue '{vid}': {message}", vid=vid, message=exc.message), hint=exc.hint))
    return out


def _draft(
    project: Project, c: Campaign, cal: WorkCalendar, cycles: dict[str, Cycle | None], diags: list[Diagnostic]
) -> _Draft | None:
    day = project.days.get(c.day)
    if day is None:
        diags.append(where(c, "day").error(t("unknown awareness day '{day}'", day=c.day)))
        return None
    span = derive.campaign_span(project, c)
    if span is None:
        diags.append(
            where(c, "year").error(
                t("'{day}' ({date}) has no date in {year}; no plan can be made", day=c.day, date=day.date, year=c.year),
                hint=t("check the year, or the day's dates: in content/awareness-days.yml"),
            )
        )
        return None
    window = (
        span.start - dt.timedelta(days=project.plan.window.before),
        span.end + dt.timedelta(days=project.plan.window.after),
    )
    return _Draft(
        c,
        day.title(),
        span.start,
        span.end,
        window,
        _tasks(project, c, span, cal),
        _sessions(project, c, window, cycles),
    )


def _tasks(project: Project, c: Campaign, span: derive.Span, cal: WorkCalendar) -> tuple[Task, ...]:
    """The template's tasks dated for this campaign; the report task as `reports:` sets it."""
    spec = notice.spec_for(project, c)
    report_due = notice.due_of(spec, span.end, cal)
    tasks = []
    for task in project.plan.tasks:
        if task.id == notice.REPORT_TASK and report_due is not None:
            due = report_due
        elif task.on is not None:
            due = task.on
        elif task.before is not None:
            due = cal.workday_before(span.start, task.before)
        elif task.after is not None:
            due = cal.workday_after(span.end, task.after)
        else:
            continue  # the loader reports a task with neither
        tasks.append(_dated(Task(task.id, task.title, due, task.owner, task.before, task.after, task.on), cal))
    if report_due is not None and not any(task.id == notice.REPORT_TASK for task in tasks):
        tasks.append(_dated(Task(notice.REPORT_TASK, notice.DEFAULT_REPORT_TITLE, report_due, None), cal))
    return tuple(sorted(tasks, key=lambda task: task.due))  # stable: template order within a day


def _dated(task: Task, cal: WorkCalendar) -> Task:
    """A due date never falls on a holiday or weekend: it moves to the working day before."""
    if cal.is_workday(task.due):
        return task
    return replace(task, due=cal.workday_before(task.due, 1), moved_from=task.due)


def _sessions(
    project: Project, c: Campaign, window: tuple[dt.date, dt.date], cycles: dict[str, Cycle | None]
) -> list[Session]:
    first, last = window
    every_day = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    out = []
    for vid in dict.fromkeys(c.venues):  # a venue listed twice holds one session a day
        venue = project.venues.get(vid)
        if venue is None or vid not in cycles:
            continue
        cycle = cycles[vid]
        dates = every_day if cycle is None else [d for d in every_day if cycle.matches(d)]
        out += [Session(c.id, vid, d, venue.start, venue.end, venue.volunteers) for d in dates]
    rank = {vid: i for i, vid in enumerate(dict.fromkeys(c.venues))}
    out.sort(key=lambda s: (s.date, s.start, rank[s.venue]))
    return out


def _finish(
    project: Project, d: _Draft, sessions: tuple[Session, ...], cal: WorkCalendar, diags: list[Diagnostic]
) -> Plan:
    c = d.campaign
    reach_of = {vid: v.reach for vid, v in project.venues.items()}
    warnings: list[str] = []
    unofficial = tuple(sorted(cal.missing_years(_task_range(d)))) if d.tasks else ()
    for year in unofficial:
        warnings.append(t("no official work calendar for {year}: due dates are counted on Mon-Fri", year=year))
    at_venue: dict[str, list[Session]] = {}
    for s in sessions:
        at_venue.setdefault(s.venue, []).append(s)
    for vid in dict.fromkeys(c.venues):
        if vid in project.venues and vid not in at_venue:
            text = t(
                "venue '{vid}' has no session between {start} and {end} (days: {days})",
                vid=vid,
                start=d.window[0],
                end=d.window[1],
                days=project.venues[vid].days,
            )
            warnings.append(text)
            diags.append(
                where(c, "venues", c.venues.index(vid)).warning(
                    t("{id}: {text}", id=c.id, text=text),
                    hint=t("widen window: in content/plan.yml, or choose another venue"),
                )
            )
    for vid in dict.fromkeys(s.venue for s in sessions if s.partners):
        venue = project.venues[vid]
        found = joint.warning(
            c, vid, venue.name, at_venue[vid], venue.volunteers, where(c, "venues", c.venues.index(vid))
        )
        if found is not None:
            warnings.append(found[0])
            diags.append(found[1])
    short = [s for s in sessions if s.short]
    for s in short:
        warnings.append(
            t(
                "volunteer shortfall: {venue} {date} {start}-{end} needs {needed}, {assigned} assigned ({short} short)",
                venue=s.venue,
                date=s.date,
                start=s.start,
                end=s.end,
                needed=s.needed,
                assigned=len(s.assignments),
                short=s.short,
            )
        )
    if project.volunteers:
        diags += _shortfall_diagnostics(c, short)
    materials = [m for m in derive.campaign_materials(project, c) if m.status != "retired"]
    return Plan(
        campaign=c.id,
        day=c.day,
        name=d.name,
        year=c.year,
        date=d.start,
        end=d.end,
        window_start=d.window[0],
        window_end=d.window[1],
        tasks=d.tasks,
        sessions=sessions,
        print=quantities(materials, sessions, reach_of, project.plan.print_spare),
        reach=sum(reach_of.get(s.venue, 0) for s in sessions),
        unofficial_years=unofficial,
        warnings=tuple(warnings),
    )


def _shortfall_diagnostics(c: Campaign, short: list[Session]) -> list[Diagnostic]:
    """One warning per venue naming each short session and by how many."""
    out = []
    for vid in dict.fromkeys(s.venue for s in short):
        mine = [s for s in short if s.venue == vid]
        listed = ", ".join(f"{s.date} {s.start}-{s.end} ({s.short} short)" for s in mine[:MAX_LISTED])
        more = f" and {len(mine) - MAX_LISTED} more" if len(mine) > MAX_LISTED else ""
        out.append(
            where(c, "venues", c.venues.index(vid)).warning(
                t(
                    "{id}: not enough volunteers at '{vid}' ({needed} per session): {listed}{more}",
                    id=c.id,
                    vid=vid,
                    needed=mine[0].needed,
                    listed=listed,
                    more=more,
                ),
                hint=t(
                    "add volunteers or available: days in private/volunteers.yml, or lower volunteers: for this venue in content/venues.yml"
                ),
            )
        )
    return out


def _no_volunteers(project: Project, plans: dict[str, Plan]) -> list[Diagnostic]:
    if project.volunteers:
        return []
    missing = sum(s.short for p in plans.values() for s in p.sessions)
    if not missing:
        return []
    return [
        Location("private/volunteers.yml").warning(
            t("no volunteers are listed, so {missing} volunteer places in the plans are unfilled", missing=missing),
            hint=t("list volunteers (id, name, phone, roles, available) in private/volunteers.yml"),
        )
    ]


def _task_range(d: _Draft) -> list[dt.date]:
    """Every date the working-day counting walked over (the years it needs data for)."""
    dates = [t.due for t in d.tasks] + [d.start, d.end]
    lo, hi = min(dates), max(dates)
    return [dt.date(y, 1, 1) for y in range(lo.year, hi.year + 1)]


def _missing_year_warnings(drafts: list[_Draft], cal: WorkCalendar) -> list[Diagnostic]:
    """One warning per year without official data, at the first campaign that needs it."""
    first: dict[int, Campaign] = {}
    for d in sorted(drafts, key=lambda d: (d.start, d.campaign.id)):
        if not d.tasks:
            continue
        for year in sorted(cal.missing_years(_task_range(d))):
            first.setdefault(year, d.campaign)
    return [
        where(c, "year").warning(
            t(
                "no official work calendar for {year}: task due dates are counted on plain Mon-Fri (holidays and 调休 make-up days are not known)",
                year=year,
            ),
            hint=t(
                "add {year} (holidays: and workdays:) to content/holidays.yml once the State Council publishes it",
                year=year,
            ),
        )
        for year, c in sorted(first.items())
    ]
