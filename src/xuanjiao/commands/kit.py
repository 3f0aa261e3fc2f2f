"""What the commands share: printing diagnostics (`report`), their options (`--project` is
defined here once), and loading the project and its plans or exiting with the diagnostics printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import click

from ..errors import BuildError, Diagnostic, errors_in, has_errors
from ..messages import t


def report(diags: Iterable[Diagnostic], strict: bool = False) -> int:
    """Print diagnostics to stderr; return the exit code they imply."""
    diags = list(diags)
    for d in sorted(diags, key=lambda d: (d.severity != "error", d.path, d.line, d.col)):
        click.echo(d.format(), err=True)
    errors = len(errors_in(diags))
    warnings = len(diags) - errors
    if errors or warnings:
        click.echo(t("{errors} error(s), {warnings} warning(s)", errors=errors, warnings=warnings), err=True)
    return 1 if errors or (strict and warnings) else 0


year_option = click.option("--year", type=click.IntRange(1901, 2099), required=True, help="the year")
day_option = click.option(
    "--day",
    "day",
    default=None,
    metavar="ID",
    help="only this awareness day (its id, e.g. world-health-day) or campaign id",
)
project_option = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="project folder (holds content/)",
)


def unknown_day(day: str, year: int, plans) -> click.BadParameter:
    """`--day` names no campaign of `year` among `plans`: the error, with the closest id or the
    ids there are."""
    from ..errors import did_you_mean

    known = [p.day for p in plans] + [p.campaign for p in plans]
    hint = did_you_mean(day, known) or (
        t("{year} has: {ids}", year=year, ids=", ".join(sorted(known))) if known else ""
    )
    return click.BadParameter(
        t("no campaign for '{day}' in {year}; {hint}", day=day, year=year, hint=hint)
        if hint
        else t("no campaign for '{day}' in {year}", day=day, year=year),
        param_hint="--day",
    )


def load_planned(project: Path, all_plan_diagnostics: bool = False):
    """(project, planset, diagnostics); exits 1 with every diagnostic printed on any error.

    With all_plan_diagnostics False only the planner's errors are kept (its warnings belong
    to `plan` and `build`, not to commands that merely read the plans)."""
    from ..content.loader import load_project
    from ..schedule import plan_project

    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        sys.exit(report(exc.diagnostics))
    planset = plan_project(proj)
    plan_diags = [d for d in planset.diagnostics if all_plan_diagnostics or d.severity == "error"]
    found: list[Diagnostic] = list(diags) + plan_diags
    if has_errors(found):
        sys.exit(report(found))
    return proj, planset, found
