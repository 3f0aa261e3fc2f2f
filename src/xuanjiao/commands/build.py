"""`xuanjiao build`: the whole pipeline into build/, its progress on stderr (commands/progress.py)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from .. import uptodate
from ..messages import t
from .kit import project_option, report
from .progress import Display


@click.command("build")
@project_option
@click.option("--only", default=None, help="comma-separated stages: site,print,plans,private,stats")
@click.option("--drafts", is_flag=True, help="also publish and print drafts (watermarked 样稿)")
@click.option("--strict", is_flag=True, help="treat warnings as errors")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="parallel PDF renders")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="output folder")
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/a-2b"]),
    default=None,
    help="PDF/X or PDF/A flavour for print shops that ask for it (colour stays RGB)",
)
@click.option("--cmyk", is_flag=True, help="print PDFs in CMYK with black text in black ink only (needs Ghostscript)")
@click.option(
    "--icc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="with --cmyk: the print shop's CMYK ICC profile (default: Ghostscript's default_cmyk.icc)",
)
@click.option(
    "--creep",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    metavar="MM",
    help="imposed brochures: the print shop's creep per sheet in mm (inner pages move towards the spine)",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    help="where PDFs are rendered: local worker processes, or a Dask cluster (--scheduler)",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786",
)
@click.option(
    "--timings",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write each stage's wall time in seconds to this JSON file (scripts/bench reads it)",
)
def build(
    project: Path,
    only: str | None,
    drafts: bool,
    strict: bool,
    jobs: int | None,
    out: Path | None,
    pdf_variant: str | None,
    cmyk: bool,
    icc: Path | None,
    creep: float,
    executor: str,
    scheduler: str | None,
    timings: Path | None,
) -> None:
    """Build the site, print PDFs and plans into build/."""
    started = time.perf_counter()
    stages = _stages(only)
    _check_options(executor, scheduler, cmyk, pdf_variant, icc)
    done = _unchanged(project, out, uptodate.build_options(stages, drafts, strict, pdf_variant, cmyk, icc, creep))
    where: Path | None
    if done is not None:  # nothing to build: what the last build reported, said again
        diagnostics, notices, where = done
        seconds = {"uptodate": time.perf_counter() - started}
    else:
        from ..pipeline import BuildOptions, run_build

        opts = BuildOptions(
            project, out, stages, drafts, strict, jobs, pdf_variant, executor, scheduler, cmyk, icc, creep
        )
        display = Display()
        try:
            result = run_build(opts, display)
        finally:
            display.close()
        diagnostics, notices, where, seconds = result.diagnostics, result.notices, result.out, result.seconds
    if timings:
        timings.write_text(json.dumps({k: round(v, 4) for k, v in seconds.items()}) + "\n", encoding="utf-8")
    code = report(diagnostics, strict)
    for notice in notices:
        click.echo(t("note: {notice}", notice=notice), err=True)
    if code == 0 and where is not None:
        index = where / "site" / "index.html"
        took = f" ({time.perf_counter() - started:.1f} s)"
        click.echo(
            t("done: {out}{took}", out=where, took=took)
            + ("\n  " + t("site: {index}", index=index) if index.exists() else ""),
            err=True,
        )
    elif code:
        click.echo(t("build failed; the previous build/ is unchanged"), err=True)
    sys.exit(code)


def _unchanged(project: Path, out: Path | None, options: list) -> tuple[list, list[str], Path] | None:
    """(the diagnostics and notes of the last build, build/) when that build is up to date (uptodate.py)."""
    if not uptodate.enabled():
        return None
    root = project.resolve()
    where = (out or root / "build").resolve()
    found = uptodate.unchanged(where, uptodate.fingerprint(root, where, options))
    return None if found is None else (found.diagnostics, found.notices, where)


def _stages(only: str | None) -> tuple[str, ...]:
    from ..stage import STAGE_ORDER

    if not only:
        return STAGE_ORDER
    stages = tuple(s.strip() for s in only.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGE_ORDER]
    if unknown:
        raise click.UsageError(
            t(
                "unknown stage {unknown}; choose from {stage_order}",
                unknown=", ".join(unknown),
                stage_order=", ".join(STAGE_ORDER),
            )
        )
    return stages


def _check_options(executor: str, scheduler: str | None, cmyk: bool, pdf_variant: str | None, icc: Path | None) -> None:
    """Usage errors before anything is built: Dask without a scheduler or not installed, a
    scheduler without Dask, CMYK without Ghostscript, a PDF/X label the file could not meet,
    a profile without --cmyk."""
    if executor == "dask":
        if not scheduler:
            raise click.UsageError(t("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)"))
        from importlib.util import find_spec

        if find_spec("distributed") is None:
            raise click.UsageError(t("--executor dask needs Dask: pip install 'xuanjiao[dask]'"))
    elif scheduler:
        raise click.UsageError(t("--scheduler is used only with --executor dask"))
    if cmyk:
        from ..printing.cmyk import GS_HINT, ghostscript

        if ghostscript() is None:
            raise click.UsageError(t("--cmyk needs Ghostscript's gs program: {gs_hint}", gs_hint=t(GS_HINT)))
    if pdf_variant:  # only then: the printing package is most of a no-change rebuild's imports
        from ..printing.standards import REFUSED_VARIANT, REFUSED_VARIANTS

        if pdf_variant in REFUSED_VARIANTS:
            raise click.UsageError(t(REFUSED_VARIANT, variant=pdf_variant))
    if icc and not cmyk:
        raise click.UsageError(t("--icc is the CMYK profile for --cmyk; add --cmyk"))
