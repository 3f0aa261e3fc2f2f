"""What the year-based commands (plan, report, ledger) share: their options, and loading
the project and its plans or exiting with the diagnostics printed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BuildError, Diagnostic

year_option = click.option("--year", type=click.IntRange(1901, 2099), required=True, help="the year")
day_option = click.option("--day", "day", default=None, metavar="ID",
                          help="only this awareness day (its id, e.g. world-health-day) or campaign id")
project_option = click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path),
                              default=Path("."), show_default=True, help="project folder (holds content/)")


def load_planned(project: Path, all_plan_diagnostics: bool = False):
    """(project, planset, diagnostics); exits 1 with every diagnostic printed on any error.

    With all_plan_diagnostics False only the planner's errors are kept (its warnings belong
    to `plan` and `build`, not to commands that merely read the plans)."""
    from .cli import report  # here: xuanjiao.cli imports the command modules
    from .content.loader import load_project
    from .schedule import plan_project

    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        sys.exit(report(exc.diagnostics))
    planset = plan_project(proj)
    plan_diags = [d for d in planset.diagnostics if all_plan_diagnostics or d.severity == "error"]
    diags: list[Diagnostic] = list(diags) + plan_diags
    if any(d.severity == "error" for d in diags):
        sys.exit(report(diags))
    return proj, planset, diags
