"""`xuanjiao import FILE.docx [--kind KIND] [--id ID]`: a Word draft as a new draft material, a
thin skin over bridges.word (the workspace calls the same functions with an uploaded file)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import get_args

import click

from ..content.models import MaterialKind
from ..errors import Diagnostic
from ..messages import t
from .kit import project_option, report


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(get_args(MaterialKind)),
    default="leaflet",
    show_default=True,
    help="what the material is: leaflet 三折页, poster 海报, brochure 宣传册 ...",
)
@click.option(
    "--id",
    "ident",
    default=None,
    metavar="ID",
    help="the new material's id (default: from the file name, Chinese as pinyin)",
)
@project_option
def import_command(file: Path, kind: str, ident: str | None, project: Path) -> None:
    """Import a Word .docx as a draft material: content/materials/ID.md and its pictures in content/assets/ID/."""
    from ..bridges.word import WordImportError, convert_docx, write_draft

    try:
        data = _read(file)
        imported = convert_docx(data, file.name, ident, kind)  # type: ignore[arg-type]
        target = write_draft(project, imported)
    except WordImportError as exc:
        sys.exit(report([Diagnostic(str(file), 0, 0, "error", exc.message, exc.hint)]))
    report([Diagnostic(str(file), 0, 0, "warning", w.message, w.hint) for w in imported.warnings])
    if imported.images:
        click.echo(
            t(
                "created {path} with {count} picture(s) in {assets}",
                path=target,
                count=len(imported.images),
                assets=project / imported.assets_path,
            ),
            err=True,
        )
    else:
        click.echo(t("created {path}", path=target), err=True)
    problems = _check_new(project, target)
    if problems:
        sys.exit(report(problems))
    click.echo(t("next: read the draft, then `xuanjiao check`; it stays a draft until a doctor approves it"), err=True)


def _read(file: Path) -> bytes:
    from ..bridges.docx_package import WordImportError, check_size

    try:
        check_size(file.stat().st_size, file.name)  # a huge file is refused unread
        return file.read_bytes()
    except FileNotFoundError:
        raise WordImportError(t("no such file"), t("check the file name and folder")) from None
    except IsADirectoryError:
        raise WordImportError(t("this is a folder, not a Word file")) from None
    except OSError as exc:
        raise WordImportError(t("cannot read {name}: {reason}", name=file.name, reason=exc.strerror or exc)) from None


def _check_new(project: Path, target: Path) -> list[Diagnostic]:
    """The project's errors about the new draft (the import must leave `check` clean)."""
    from ..content.loader import load_project
    from ..errors import BuildError

    try:
        _, diags = load_project(project)
    except BuildError as exc:
        diags = exc.diagnostics
    return [d for d in diags if d.severity == "error" and Path(d.path).name == target.name]
