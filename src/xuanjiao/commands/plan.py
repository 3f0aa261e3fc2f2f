"""`xuanjiao plan --year Y [--day ID] [--project DIR]`: plan one year's campaigns.

Writes build/plans/YEAR/DAY/ and build/private/YEAR/DAY/ for the selected campaigns only,
leaving the rest of build/ alone. Volunteers are assigned over the whole project, so a
campaign's roster is the same whether it is planned alone, with its year, or by `build`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..calendar.rules import RuleError, parse_rule
from ..content.models import Project
from ..errors import Diagnostic, Location, did_you_mean
from ..messages import t
from ..resources import data_path
from .kit import day_option, load_planned, project_option, report, unknown_day, year_option


@click.command("plan")
@year_option
@day_option
@project_option
@click.option(
    "--lang",
    "lang",
    default=None,
    metavar="LANG",
    help="language of the plan's own words (headings, tables, dates), e.g. en; "
    "default: the first of site.yml languages",
)
def plan(year: int, day: str | None, project: Path, lang: str | None) -> None:
    """Plan tasks, sessions, volunteers and print quantities into build/plans and build/private."""
    from ..schedule.outputs import relative_dir, write_into_build
    from ..stage import build_clock

    proj, planset, diags = load_planned(project, all_plan_diagnostics=True)
    chosen = [p for p in planset.for_year(year) if day is None or day in (p.day, p.campaign)]
    if not chosen:
        undated = _undated_day(proj, day, year) if day is not None else None
        if undated is not None:
            sys.exit(report(diags + [undated]))
        if day is not None:
            raise unknown_day(day, year, planset.for_year(year))
        report(diags)
        click.echo(
            t("error: no campaign in {year}; campaigns are content/campaigns/*.md with `year: {year}`", year=year),
            err=True,
        )
        sys.exit(1)
    from .. import i18n

    if lang is not None and lang not in i18n.languages():
        hint = did_you_mean(lang, i18n.languages()) or t(
            "languages with a catalog: {langs}", langs=", ".join(i18n.languages())
        )
        raise click.BadParameter(t("no catalog for '{lang}'; {hint}", lang=lang, hint=hint), param_hint="--lang")
    out = proj.root / "build"
    with i18n.use(lang or proj.site.languages[0]):
        diags += write_into_build(proj, chosen, out, build_clock())
    code = report(diags)
    for p in chosen:
        short = f", {p.shortfall} volunteer places unfilled" if p.shortfall else ""
        click.echo(
            f"{p.campaign}: {len(p.tasks)} tasks, {len(p.sessions)} sessions, {len(p.print)} materials"
            f"{short} -> {out / 'plans' / relative_dir(p)}",
            err=True,
        )
    sys.exit(code)


def _undated_day(proj: Project, ident: str, year: int) -> Diagnostic | None:
    """An announced day without a date in `year` is a content problem at the day's entry
    (the project's awareness-days.yml, or the built-in list), not a wrong --day."""
    day = proj.days.get(ident)
    if day is None or day.src is None:
        return None
    try:
        if parse_rule(day.date).dates_in(year, day.dates):
            return None
    except RuleError:  # reported by check already
        return None
    at = day.src.at("dates") if day.dates else day.src.at("date")
    if day.builtin:  # its SourceMap names the file relative to the package's data folder
        at = Location(str(data_path("awareness-days.yml")), at.line, at.col)
    where = (
        "content/awareness-days.yml"
        if not day.builtin
        else t("content/awareness-days.yml (an entry with id: {id} overrides the built-in one)", id=ident)
    )
    return at.error(
        t("'{id}' is announced each year and has no date in {year}; nothing to plan", id=ident, year=year),
        hint=t("add `dates: {{{year}: {year}-MM-DD}}` to its entry in {where}", year=year, where=where),
    )
