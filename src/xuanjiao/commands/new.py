"""`xuanjiao new campaign|material|page ID`: a complete skeleton to fill in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import t
from .kit import project_option


@click.command("new")
@click.argument("what", type=click.Choice(["campaign", "material", "page"]))
@click.argument("ident")
@project_option
def new(what: str, ident: str, project: Path) -> None:
    """Write a complete skeleton for a new campaign, material or page (never overwrites)."""
    from ..content.skeletons import SkeletonError, write_skeleton

    try:
        path = write_skeleton(project, what, ident)
    except SkeletonError as exc:
        click.echo(t("error: {problem}", problem=exc), err=True)
        sys.exit(1)
    click.echo(t("created {path}", path=path), err=True)
