"""`xuanjiao check [--reviews]`: validate every file, build nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BuildError
from ..messages import t
from .kit import project_option, report


@click.command("check")
@project_option
@click.option("--strict", is_flag=True, help="treat warnings as errors")
@click.option("--reviews", is_flag=True, help="print the review table: material, status, reviewer, due date")
def check(project: Path, strict: bool, reviews: bool) -> None:
    """Validate every file; build nothing."""
    from ..content.loader import load_project

    proj = None
    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        diags = exc.diagnostics
    if reviews and proj is not None:
        from .reviews import review_table

        click.echo(review_table(proj))
    code = report(diags, strict)
    if code == 0:
        click.echo(t("ok: no errors"), err=True)
    sys.exit(code)
