"""`xuanjiao report --year Y [--day ID] [--project DIR]`: roll up private/reports/ into build/reports/.

Every problem in every file is reported (FILE:统计表!D5 for xlsx, FILE:ROW:COL for CSV) and the
run exits 1 without writing anything; publishes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import t
from .kit import day_option, load_planned, project_option, report, unknown_day, year_option


@click.command("report")
@year_option
@day_option
@project_option
def report_command(year: int, day: str | None, project: Path) -> None:
    """Roll up the filled 统计表 forms in private/reports/ into build/reports/YEAR/ (xlsx, pdf, charts)."""
    from ..reports import make_report, report_dir, write_report
    from ..stage import build_clock

    proj, planset, diags = load_planned(project)
    plans = planset.for_year(year)
    if day is not None and not any(day in (p.day, p.campaign) for p in plans):
        raise unknown_day(day, year, plans)
    if not plans:
        report(diags)
        click.echo(
            t("error: no campaign in {year}; campaigns are content/campaigns/*.md with `year: {year}`", year=year),
            err=True,
        )
        sys.exit(1)
    summary, found = make_report(proj, planset, year, {day} if day else None)
    diags += found
    if summary is None:
        report(diags)
        click.echo(t("report failed; nothing was summed and build/reports/ is unchanged"), err=True)
        sys.exit(1)
    dest = report_dir(proj.root / "build", year, day)
    diags += write_report(proj, summary, dest, build_clock())
    code = report(diags)
    sessions = summary.sessions  # a joint session once
    click.echo(
        f"{year}: {len(summary.files)} files, {sessions} sessions, {summary.totals[0]:,} people reached, "
        f"{summary.totals[1]:,} materials handed out -> {dest}",
        err=True,
    )
    sys.exit(code)
