"""iCalendar writing shared by the site (public calendar), plans (tasks) and rosters.

Rules from print-notes.md: all-day events as VALUE=DATE with DTEND the next day; timed
events in Asia/Shanghai with a short VTIMEZONE; stable UIDs so re-imports update; a fixed
DTSTAMP (from the build's clock) so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneStandard

TZID = "Asia/Shanghai"


@dataclass(frozen=True)
class CalEvent:
    key: str  # stable identity, e.g. "whd-2026/task/plan"; the UID is derived from it
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime  # all-day: the last day (inclusive); timed: end time
    description: str = ""
    location: str = ""
    url: str = ""


def uid(namespace: str, key: str) -> str:
    digest = hashlib.sha1(f"{namespace}/{key}".encode()).hexdigest()[:20]
    return f"{digest}@xuanjiao"


def _vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", TZID)
    std = TimezoneStandard()
    std.add("dtstart", dt.datetime(1970, 1, 1))
    std.add("tzoffsetfrom", dt.timedelta(hours=8))
    std.add("tzoffsetto", dt.timedelta(hours=8))
    std.add("tzname", "CST")
    tz.add_component(std)
    return tz


def write_calendar(name: str, namespace: str, events: list[CalEvent], stamp: dt.datetime) -> bytes:
    """Serialise events; `namespace` (project + purpose) keeps UIDs unique across calendars."""
    cal = Calendar()
    cal.add("prodid", "-//xuanjiao//health education calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    timed = any(isinstance(e.start, dt.datetime) for e in events)
    if timed:
        cal.add_component(_vtimezone())
    stamp_utc = stamp.astimezone(dt.timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)
    tz = ZoneInfo(TZID)
    for e in sorted(events, key=lambda e: (_sort_key(e.start), e.key)):
        ev = Event()
        ev.add("uid", uid(namespace, e.key))
        ev.add("dtstamp", stamp_utc)
        ev.add("summary", e.summary)
        if isinstance(e.start, dt.datetime):
            ev.add("dtstart", e.start.replace(tzinfo=tz))
            ev.add("dtend", e.end.replace(tzinfo=tz))  # type: ignore[union-attr]
        else:
            ev.add("dtstart", e.start)
            ev.add("dtend", e.end + dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
        if e.description:
            ev.add("description", e.description)
        if e.location:
            ev.add("location", e.location)
        if e.url:
            ev.add("url", e.url)
        cal.add_component(ev)
    return cal.to_ical()


def _sort_key(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)
