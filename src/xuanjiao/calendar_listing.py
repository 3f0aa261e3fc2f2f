"""`xuanjiao calendar`: the year's awareness days as JSON or iCalendar."""

from __future__ import annotations

import datetime as dt

from .content.derive import day_spans
from .content.models import Project
from .ics import CalEvent, write_calendar


def listing(project: Project, year: int) -> list[dict[str, str]]:
    rows = []
    for day in project.days.values():
        for span in day_spans(day, year):
            rows.append({"id": day.id, "name": day.title(), "date": span.start.isoformat(),
                         "end": span.end.isoformat(), "scope": day.scope})
    return sorted(rows, key=lambda r: (r["date"], r["id"]))


def listing_ics(project: Project, year: int) -> bytes:
    events = [CalEvent(f"day/{r['id']}/{r['date']}", r["name"], dt.date.fromisoformat(r["date"]),
                       dt.date.fromisoformat(r["end"])) for r in listing(project, year)]
    stamp = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)  # fixed: the same year prints the same file
    return write_calendar(f"{project.site.title} {year}", f"{project.site.title}/days", events, stamp)
