"""Bulletin boards (宣传栏): the refresh schedule and stale-board warnings.

A venue with `boards: N` keeps N boards that must get a new issue every
`standards.board_refresh_months` months (default 2). For a year the schedule is one
"更换宣传栏" task per board in January and every N months after (January, March, May, ...
for 2), due on the first working day of that month. Each task is put into the plan of the
year's first campaign on or after its due date (the last campaign's plan for tasks after
it), so every task appears once and the calendar can show it.

An issue is a `kind: board` material with that `venue:` and a `posted_on:` date. On a
campaign's first day, a venue whose last issue is older than the refresh period (or that
has none) gets a warning in that plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar.workcal import WorkCalendar
from ..content.models import Project
from ..messages import t
from .model import Task

TITLE = "更换宣传栏"
OWNER = "宣传科"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Issue:
    material: str
    venue: str
    issue: int | None
    posted_on: dt.date


def issues(project: Project) -> dict[str, list[Issue]]:
    """Board issues per venue, oldest first (retired materials were still posted, so they count)."""
    out: dict[str, list[Issue]] = {}
    for m in project.materials.values():
        if m.kind == "board" and m.venue and m.posted_on and m.status in ("approved", "retired"):
            out.setdefault(m.venue, []).append(Issue(m.id, m.venue, m.issue, m.posted_on))
    for found in out.values():
        found.sort(key=lambda i: (i.posted_on, i.material))
    return out


def refresh_months(project: Project) -> int:
    return project.site.standards.board_refresh_months


def first_workday(cal: WorkCalendar, day: dt.date) -> dt.date:
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def refresh_tasks(project: Project, year: int, cal: WorkCalendar) -> list[Task]:
    every = refresh_months(project)
    tasks = []
    for month in range(1, 13, every):
        due = first_workday(cal, dt.date(year, month, 1))
        for vid, venue in sorted(project.venues.items()):
            for n in range(1, venue.boards + 1):
                which = f"（{n}号栏）" if venue.boards > 1 else ""
                tasks.append(Task(f"board-{vid}-{n}-{year}-{month:02d}", f"{TITLE}：{venue.name}{which}", due, OWNER))
    return sorted(tasks, key=lambda t: (t.due, t.id))


def stale(project: Project, on: dt.date) -> list[str]:
    """Warnings for venues whose boards are not fresh on `on`."""
    every = refresh_months(project)
    found = issues(project)
    out = []
    for vid, venue in sorted(project.venues.items()):
        if not venue.boards:
            continue
        past = [i for i in found.get(vid, []) if i.posted_on <= on]
        if not past:
            out.append(
                t(
                    "bulletin board at {venue}: no issue on record before {date} (a new one every {months} months)",
                    venue=venue.name,
                    date=on.isoformat(),
                    months=every,
                )
            )
            continue
        last = past[-1]
        if add_months(last.posted_on, every) < on:
            out.append(
                t(
                    "bulletin board at {venue}: the last issue, posted {posted}, is more than {months} months old on {date}",
                    venue=venue.name,
                    posted=last.posted_on.isoformat(),
                    months=every,
                    date=on.isoformat(),
                )
            )
    return out


def assign(tasks: list[Task], plan_dates: list[tuple[dt.date, str]]) -> dict[str, list[Task]]:
    """campaign id -> the refresh tasks its plan carries (`plan_dates`: one year's plans)."""
    out: dict[str, list[Task]] = {}
    if not plan_dates:
        return out
    ordered = sorted(plan_dates)
    for task in tasks:
        target = next((cid for day, cid in ordered if day >= task.due), ordered[-1][1])
        out.setdefault(target, []).append(task)
    return out
