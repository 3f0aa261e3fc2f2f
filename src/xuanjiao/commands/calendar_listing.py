"""`xuanjiao calendar`: the year's awareness days as JSON or iCalendar."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..content.derive import day_spans
from ..content.models import Project
from ..errors import BuildError
from ..ics import CalEvent, write_calendar
from ..messages import t
from .kit import project_option, report


def listing(project: Project, year: int) -> list[dict[str, str]]:
    rows = []
    for day in project.days.values():
        for span in day_spans(day, year):
            rows.append(
                {
                    "id": day.id,
                    "name": day.title(),
                    "date": span.start.isoformat(),
                    "end": span.end.isoformat(),
                    "scope": day.scope,
                }
            )
    return sorted(rows, key=lambda r: (r["date"], r["id"]))


def listing_ics(project: Project, year: int) -> bytes:
    events = [
        CalEvent(
            f"day/{r['id']}/{r['date']}", r["name"], dt.date.fromisoformat(r["date"]), dt.date.fromisoformat(r["end"])
        )
        for r in listing(project, year)
    ]
    stamp = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)  # fixed: the same year prints the same file
    return write_calendar(f"{project.site.title} {year}", f"{project.site.title}/days", events, stamp)


@click.command("calendar")
@project_option
@click.option("--year", type=click.IntRange(1901, 2099), required=True)
@click.option("--json", "as_json", is_flag=True, help="print JSON (default)")
@click.option("--ics", "as_ics", is_flag=True, help="print iCalendar")
def calendar(project: Path, year: int, as_json: bool, as_ics: bool) -> None:
    """List the year's awareness days."""
    from ..content.loader import load_project

    if as_json and as_ics:
        raise click.UsageError(t("choose one of --json and --ics"))
    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        sys.exit(report(exc.diagnostics))
    report(diags)
    if as_ics:
        sys.stdout.buffer.write(listing_ics(proj, year))
    else:
        click.echo(json.dumps(listing(proj, year), ensure_ascii=False, indent=2))
