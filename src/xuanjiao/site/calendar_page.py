"""The year calendar: every awareness day and every campaign, grouped by month; calendar.ics."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from .. import i18n
from ..content import derive
from ..content.models import Project
from ..ics import CalEvent, write_calendar
from .urls import language_prefix


def calendar_years(project: Project, today: dt.date) -> list[int]:
    years = {c.year for c in project.campaigns.values()}
    return sorted(years or {today.year})


def calendar_context(
    project: Project,
    here: str,
    today: dt.date,
    campaign_ctx: Callable[[Any, str], dict[str, Any]],
    lang: str = i18n.DEFAULT,
) -> dict[str, Any]:
    years = []
    for year in calendar_years(project, today):
        entries: list[dict[str, Any]] = []
        campaign_days = {}
        for c in project.campaigns.values():
            if c.year == year:
                ctx = campaign_ctx(c, here)
                campaign_days[c.day] = c.id
                if ctx["date"]:
                    span = derive.campaign_span(project, c)
                    entries.append(
                        dict(
                            date=ctx["date"],
                            date_label=i18n.span_in_year(span.start, span.end, lang),
                            title=ctx["title"],
                            url=ctx["url"],
                            campaign=True,
                            scope_label="",
                        )
                    )
        for day in project.days.values():
            if day.id in campaign_days:
                continue
            for span in derive.day_spans(day, year):
                label = i18n.span_in_year(span.start, span.end, lang)
                entries.append(
                    dict(
                        date=span.start,
                        date_label=label,
                        title=day.title(lang),
                        url=None,
                        campaign=False,
                        scope_label=i18n.label(i18n.SCOPE, day.scope, lang),
                    )
                )
        entries.sort(key=lambda e: (e["date"], not e["campaign"], e["title"]))
        months = []
        for month in range(1, 13):
            items = [e for e in entries if e["date"].month == month and e["date"].year == year]
            if items:
                months.append(
                    dict(year=year, number=month, label=i18n.month_text(dt.date(year, month, 1), lang), entries=items)
                )
        years.append(dict(year=year, months=months))
    label = i18n.join([i18n.gettext("{year} 年", lang).format(year=y["year"]) for y in years], lang)
    # From the build's month forward; the months before it folded away at the end.
    months = [m for y in years for m in y["months"]]
    now = (today.year, today.month)
    return dict(
        years=years,
        years_label=label,
        ics="../calendar.ics",
        upcoming=[m for m in months if (m["year"], m["number"]) >= now],
        past=[m for m in months if (m["year"], m["number"]) < now],
    )


def webcal(url: str) -> str:
    """The subscription address of an http(s) URL: calendar apps keep a webcal:// calendar updated."""
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url


def calendar_ics(
    project: Project, today: dt.date, stamp: dt.datetime, sessions: list[CalEvent], lang: str | None = None
) -> bytes:
    """Public calendar: awareness days, campaigns and outreach sessions (no names). In `lang`
    (the site's first language by default): the calendar's name and the days' names, and the
    campaign links go to that language's pages (e.g. under en/); the UIDs are the same in
    every language."""
    lang = lang or project.site.languages[0]
    prefix = language_prefix(project, lang)
    events: list[CalEvent] = []
    for year in calendar_years(project, today):
        for day in project.days.values():
            for span in derive.day_spans(day, year):
                events.append(
                    CalEvent(
                        f"day/{day.id}/{span.start.isoformat()}",
                        day.title(lang),
                        span.start,
                        span.end,
                        description=day.source or "",
                    )
                )
    for c in project.campaigns.values():
        span = derive.campaign_span(project, c)
        if span:
            url = f"{project.site.url}{prefix}campaigns/{c.id}/" if project.site.url else ""
            events.append(
                CalEvent(f"campaign/{c.id}", c.title, span.start, span.end, description=c.slogan or "", url=url)
            )
    events.extend(sessions)
    return write_calendar(project.site.title_in(lang), f"{project.site.title}/public", events, stamp)
