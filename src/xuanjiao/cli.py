"""Command line: parse arguments, call the library, print diagnostics, map to exit codes.

Exit codes: 0 success (warnings allowed unless --strict), 1 content errors (and a full or
read-only disk), 2 usage errors (and a missing package), 3 internal errors (a bug).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import click

from . import messages
from .errors import BuildError, Diagnostic
from .messages import t

STAGE_LABELS = {"print": "印刷文件 print", "plans": "活动方案 plans", "private": "志愿者名单 private",
                "stats": "统计数字 stats", "site": "网站 site"}


def report(diags: Iterable[Diagnostic], strict: bool = False) -> int:
    """Print diagnostics to stderr; return the exit code they imply."""
    diags = list(diags)
    for d in sorted(diags, key=lambda d: (d.severity != "error", d.path, d.line, d.col)):
        click.echo(d.format(), err=True)
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    if errors or warnings:
        click.echo(t("{errors} error(s), {warnings} warning(s)", errors=errors, warnings=warnings), err=True)
    return 1 if errors or (strict and warnings) else 0


def project_option(f):
    return click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True, help="project folder (holds content/)")(f)


# Commands whose code lives in a stage package (which may be absent), imported only when the
# command runs: `xuanjiao build` does not pay for openpyxl, matplotlib or the dev server.
LAZY_COMMANDS = {"plan": "schedule.cli:plan", "report": "reports.cli:report_command",
                 "ledger": "reports.ledger_cli:ledger_command", "serve": "serve.cli:serve",
                 "user": "workspace.cli:user", "workspace": "workspace.cli:workspace"}


def _project_arg(args: list[str]) -> Path:
    """The --project a command line names (before click parses it): the project's site.yml
    can choose the language of every message, usage errors included."""
    for i, arg in enumerate(args):
        if arg == "--project" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--project="):
            return Path(arg.split("=", 1)[1])
    return Path(".")


class _LazyGroup(click.Group):
    """Lazy commands, imported directly when run (a missing package is named, never a command
    that silently disappears); and the one place where an escaping exception becomes one line."""
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        messages.settle(_project_arg(args))
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        found = super().get_command(ctx, name)
        if found is None and name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            found = getattr(importlib.import_module(f".{module}", __package__), attr)
        return found

    def main(self, *args, **kwargs):  # type: ignore[override]
        from .failures import explain

        try:
            return super().main(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the one top-level handler: never a stack for the user
            line, code = explain(exc)
            click.echo(line, err=True)
            sys.exit(code)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xuanjiao")
def main() -> None:
    """xuanjiao 宣教: health-education campaigns from Markdown to site, print and plans."""


@main.command()
@project_option
@click.option("--only", default=None, help="comma-separated stages: site,print,plans,private,stats")
@click.option("--drafts", is_flag=True, help="also publish and print drafts (watermarked 样稿)")
@click.option("--strict", is_flag=True, help="treat warnings as errors")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="parallel PDF renders")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="output folder")
@click.option("--pdf-variant", type=click.Choice(["pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/a-2b"]), default=None,
              help="PDF/X or PDF/A flavour for print shops that ask for it (colour stays RGB)")
@click.option("--cmyk", is_flag=True,
              help="print PDFs in CMYK with black text in black ink only (needs Ghostscript)")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              help="where PDFs are rendered: local worker processes, or a Dask cluster (--scheduler)")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
@click.option("--timings", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write each stage's wall time in seconds to this JSON file (scripts/bench reads it)")
def build(project: Path, only: str | None, drafts: bool, strict: bool, jobs: int | None, out: Path | None,
          pdf_variant: str | None, cmyk: bool, executor: str, scheduler: str | None, timings: Path | None) -> None:
    """Build the site, print PDFs and plans into build/."""
    from .pipeline import STAGE_ORDER, BuildOptions, run_build

    stages = STAGE_ORDER
    if only:
        stages = tuple(s.strip() for s in only.split(",") if s.strip())
        unknown = [s for s in stages if s not in STAGE_ORDER]
        if unknown:
            raise click.UsageError(t("unknown stage {unknown}; choose from {stage_order}", unknown=', '.join(unknown), stage_order=', '.join(STAGE_ORDER)))
    if executor == "dask":
        if not scheduler:
            raise click.UsageError(t("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)"))
        from importlib.util import find_spec

        if find_spec("distributed") is None:
            raise click.UsageError(t("--executor dask needs Dask: pip install 'xuanjiao[dask]'"))
    elif scheduler:
        raise click.UsageError(t("--scheduler is used only with --executor dask"))
    if cmyk:
        from .printing.cmyk import GS_HINT, ghostscript

        if ghostscript() is None:
            raise click.UsageError(t("--cmyk needs Ghostscript's gs program: {gs_hint}", gs_hint=t(GS_HINT)))
    opts = BuildOptions(project, out, stages, drafts, strict, jobs, pdf_variant, executor, scheduler, cmyk)
    tty = sys.stderr.isatty()

    def progress(stage: str) -> None:
        click.echo(("▶ " if tty else "") + t("building {stage} ...", stage=STAGE_LABELS.get(stage, stage)), err=True)

    started = time.perf_counter()
    result = run_build(opts, progress)
    if timings:
        timings.write_text(json.dumps({k: round(v, 4) for k, v in result.seconds.items()}) + "\n", encoding="utf-8")
    code = report(result.diagnostics, strict)
    if code == 0 and result.out is not None:
        index = result.out / "site" / "index.html"
        took = f" ({time.perf_counter() - started:.1f} s)"
        click.echo(t("done: {out}{took}", out=result.out, took=took)
                   + ("\n  " + t("site: {index}", index=index) if index.exists() else ""), err=True)
    elif code:
        click.echo(t("build failed; the previous build/ is unchanged"), err=True)
    sys.exit(code)


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="treat warnings as errors")
@click.option("--reviews", is_flag=True, help="print the review table: material, status, reviewer, due date")
def check(project: Path, strict: bool, reviews: bool) -> None:
    """Validate every file; build nothing."""
    from .content.loader import load_project

    proj = None
    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        diags = exc.diagnostics
    if reviews and proj is not None:
        from .content.reviews import review_table

        click.echo(review_table(proj))
    code = report(diags, strict)
    if code == 0:
        click.echo(t("ok: no errors"), err=True)
    sys.exit(code)


@main.command()
@project_option
@click.option("--year", type=click.IntRange(1901, 2099), required=True)
@click.option("--json", "as_json", is_flag=True, help="print JSON (default)")
@click.option("--ics", "as_ics", is_flag=True, help="print iCalendar")
def calendar(project: Path, year: int, as_json: bool, as_ics: bool) -> None:
    """List the year's awareness days."""
    from .calendar_listing import listing, listing_ics
    from .content.loader import load_project

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


@main.command()
@click.argument("what", type=click.Choice(["campaign", "material", "page"]))
@click.argument("ident")
@project_option
def new(what: str, ident: str, project: Path) -> None:
    """Write a complete skeleton for a new campaign, material or page (never overwrites)."""
    from .content.skeletons import SkeletonError, write_skeleton

    try:
        path = write_skeleton(project, what, ident)
    except SkeletonError as exc:
        click.echo(t("error: {problem}", problem=exc), err=True)
        sys.exit(1)
    click.echo(t("created {path}", path=path), err=True)


if __name__ == "__main__":
    main()
