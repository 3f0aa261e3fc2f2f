"""Build orchestration: load once, run the selected stages into a staging directory, swap.

`build/` is replaced only when every stage succeeded, by an atomic directory exchange where
the kernel offers one (renameat2), so a failed or killed build leaves the previous output
exactly as it was.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import uptodate
from .content.approved import Approved, published_versions
from .content.loader import load_project
from .content.models import Project
from .content.source import recorded_parses
from .errors import BuildError, Diagnostic, MissingPackage, has_errors, warnings_in
from .messages import t
from .output_dir import MARKER, MARKER_TEXT, check_output
from .schedule.model import PlanSet
from .schedule.planner import plan_project
from .stage import STAGE_ORDER, Progress, Stage, StageContext, build_clock


@dataclass(frozen=True)
class BuildOptions:
    project_dir: Path
    out: Path | None = None
    only: tuple[str, ...] = STAGE_ORDER
    drafts: bool = False
    strict: bool = False
    jobs: int | None = None
    pdf_variant: str | None = None  # e.g. "pdf/x-4" for print shops that ask for PDF/X
    executor: str = "local"  # "local" (process pool) or "dask" (PDF renders on a Dask cluster)
    scheduler: str | None = None  # the Dask scheduler's address
    cmyk: bool = False  # print PDFs converted to CMYK by Ghostscript (printing/cmyk.py)
    icc: Path | None = None  # --icc: the shop's CMYK profile for --cmyk (default: Ghostscript's)
    creep: float = 0.0  # --creep: mm per sheet the imposed brochure's inner pages move to the spine


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    out: Path | None = None
    ran: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time: "load" (and plan), each stage, "swap"
    notices: list[str] = field(default_factory=list)  # what the person should know, not a problem

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _site_stage(ctx: StageContext) -> list[Diagnostic]:
    from .site import build_site

    return build_site(
        ctx.project,
        ctx.out,
        ctx.work / "site",
        drafts=ctx.drafts,
        today=ctx.today,
        stamp=ctx.stamp,
        jobs=ctx.jobs,
        plans=ctx.plans,
        step=ctx.step,
    )


def _stats_stage(ctx: StageContext) -> list[Diagnostic]:
    # Off by default; then not even imported (reading the forms pulls in openpyxl).
    if not ctx.project.site.reports.publish:
        return []
    from .reports.publish import stats_stage

    return stats_stage(ctx)


def stage_functions() -> dict[str, Stage]:
    """Every stage, imported here and now: a missing dependency is an ImportError before
    anything is staged (the CLI names the package), never a stage that silently does not run.
    Only what a project opts into stays optional: the Pelican and Zensical engines (the site
    stage reports them) and Dask (--executor dask)."""
    from .printing import print_stage
    from .schedule import plans_stage, private_stage

    return {
        "site": _site_stage,
        "print": print_stage,
        "plans": plans_stage,
        "private": private_stage,
        "stats": _stats_stage,
    }


# The installed packages each stage imports while it runs: (import name, pip name).
STAGE_PACKAGES = {
    "site": (("mkdocs", "mkdocs"), ("material", "mkdocs-material"), ("jieba", "jieba")),
    "print": (("weasyprint", "weasyprint"), ("pikepdf", "pikepdf"), ("openpyxl", "openpyxl")),
    "plans": (("weasyprint", "weasyprint"), ("openpyxl", "openpyxl"), ("docx", "python-docx")),
    "private": (("weasyprint", "weasyprint"), ("openpyxl", "openpyxl")),
    "stats": (("openpyxl", "openpyxl"), ("matplotlib", "matplotlib")),
}


def require_packages(stages: Iterable[str]) -> None:
    """Raise MissingPackage for the first package a selected stage needs and cannot import,
    before anything is staged (found without importing: a no-change rebuild stays fast)."""
    for stage in stages:
        for module, pip_name in STAGE_PACKAGES.get(stage, ()):
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):  # ValueError: sys.modules[module] is None (blocked)
                found = False
            if not found:
                raise MissingPackage(module, t("the {stage} stage", stage=stage), f"pip install {pip_name}")


def run_build(opts: BuildOptions, progress: Progress | None = None) -> BuildResult:
    selected = [s for s in STAGE_ORDER if s in opts.only]
    require_packages(selected)
    # WeasyPrint and jieba's dictionary load on the other core while the project loads
    # (workers.Helper): the print helper lives for this build, the segmenter for the process
    with ExitStack() as helpers:
        if "print" in selected and opts.executor == "local":
            from .printing.pool import helping

            helpers.enter_context(helping())
        if "site" in selected:
            from .site.engines import segmenter

            segmenter.start()
        return _run_build(opts, selected, progress)


def _run_build(opts: BuildOptions, selected: list[str], progress: Progress | None) -> BuildResult:
    result = BuildResult()
    stages = stage_functions()
    started = time.perf_counter()
    root = opts.project_dir.resolve()
    out = (opts.out or root / "build").resolve()
    check_output(root, out)
    # taken before anything is read: an edit made during the build makes the next one build
    digest = uptodate.fingerprint(root, out, fingerprinted(opts)) if uptodate.enabled() else None
    published = {} if opts.drafts else published_versions(root)
    result.notices.extend(_still_published(published))
    try:
        project, warnings, plans, remember = _load(root, out, published)
    except BuildError as exc:
        result.diagnostics = exc.diagnostics
        return result
    result.diagnostics.extend(warnings)
    result.seconds["load"] = time.perf_counter() - started  # reading the project and planning it
    _remove_abandoned(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    with _long_lived():  # the project, for the whole build
        try:
            _clean(staging)
            staging.mkdir(parents=True)
            _carry_over(out, staging, keep=[s for s in STAGE_ORDER if s not in selected] + [".cache"])
            stamp = build_clock()
            ctx = StageContext(
                project,
                staging,
                staging / ".work",
                opts.drafts,
                opts.jobs or os.cpu_count() or 1,
                stamp.date(),
                stamp,
                opts.pdf_variant,
                opts.executor,
                opts.scheduler,
                opts.cmyk,
                plans,
                progress,
                opts.icc,
                opts.creep,
            )
            for name in selected:
                if progress:
                    progress.stage(name)
                began = time.perf_counter()
                _clean(staging / name)
                if name == "private":  # its cache holds volunteers' names: kept inside private/
                    _carry_over(out / name, staging / name, keep=[".cache"])
                result.diagnostics.extend(stages[name](ctx))
                result.seconds[name] = time.perf_counter() - began
                if progress:
                    progress.finished(name, result.seconds[name])
                result.ran.append(name)
                if not result.ok:
                    break
            failed = not result.ok or (opts.strict and bool(warnings_in(result.diagnostics)))
            if failed:
                return result
            began = time.perf_counter()
            remember(staging / PROJECT_CACHE)
            _discard(staging / ".work", out)
            (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            if digest is not None:
                uptodate.record(staging, digest, result.diagnostics, result.notices)
            swap_into_place(staging, out)
            result.seconds["swap"] = time.perf_counter() - began
            result.out = out
            return result
        except OSError as exc:  # a full, read-only or locked disk: cli.py says so in one line
            _named_after_out(exc, staging, out)
            raise
        finally:
            _clean(staging)


def fingerprinted(opts: BuildOptions) -> list:
    """The options of `opts` that go into the build's fingerprint (uptodate.py)."""
    return uptodate.build_options(
        opts.only, opts.drafts, opts.strict, opts.pdf_variant, opts.cmyk, opts.icc, opts.creep
    )


def _named_after_out(exc: OSError, staging: Path, out: Path) -> OSError:
    """The writer never sees the staging folder: a path inside it is named as inside `out`, and
    an error naming no path (a write on a full disk) names `out`."""
    name = os.fsdecode(exc.filename) if exc.filename is not None else ""
    if not name:
        exc.filename = str(out)
    elif name == str(staging) or name.startswith(str(staging) + os.sep):
        exc.filename = str(out) + name[len(str(staging)) :]
    return exc


@contextmanager
def _long_lived(threshold: tuple[int, int, int] = (5000, 10, 10)) -> Iterator[None]:
    """What is loaded lives as long as the build: kept out of the collector's scans (full
    collections walked the whole project again and again, ~10 % of the print stage), and the
    young generation collected less often (WeasyPrint makes objects by the million). Workers
    forked meanwhile share those pages without touching them. Undone after the build."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


PROJECT_CACHE = "private/.cache"  # the loaded project holds volunteers' names and phones


def _still_published(published: dict[str, Approved]) -> list[str]:
    return [
        t(
            "{id}: the approved version (commit {commit}) is still published; the new version awaits review",
            id=Path(a.rel).stem,
            commit=a.commit[:7],
        )
        for a in published.values()
    ]


def _load(
    root: Path, out: Path, published: dict[str, Approved]
) -> tuple[Project, list[Diagnostic], PlanSet, Callable[[Path], None]]:
    """`load_project` and `plan_project` (once for every stage; the diagnostics are the plans
    stage's to report), remembered in the cache: parsing YAML with line numbers (ruamel) is
    most of a no-change rebuild. Keyed by every file the loader reads and today's date (the
    review-date warnings). It holds the volunteers, so it lives beside the private stage's
    cache; a hit is read from build/, a new entry goes into the staging dir once the stages
    are done (build/ is never written before the swap). A material awaiting review is read as
    its last approved version (`published`, without --drafts): that text is in the key too.
    -> (project, warnings, plans, remember(dir))."""
    from .cache import Cache, Memo

    key = Cache(out / PROJECT_CACHE, "project").key().add("root", str(root)).add("today", dt.date.today())
    key = key.add_tree("content", root / "content").add_file("volunteers", root / "private" / "volunteers.yml")
    texts = {rel: a.text for rel, a in sorted(published.items())}
    key = key.add("published", sorted(texts.items()))
    digest = key.hexdigest()
    hit = Cache(out / PROJECT_CACHE, "project").load(digest)
    if hit is not None:
        project, warnings, plans = hit[1]
        return project, warnings, plans, lambda cache_dir: None  # the entry is carried over with the cache
    # an edit changes one file: the others' parses come from the last build (source.py)
    earlier = Memo(out / PROJECT_CACHE, "yaml", "parses")
    with recorded_parses({bytes.fromhex(k): v for k, v in earlier.old.items()}) as parses:
        project, warnings = load_project(root, texts=texts)
    plans = plan_project(project)

    def remember(cache_dir: Path) -> None:
        cache = Cache(cache_dir, "project", keep=2)
        cache.store(digest, {}, (project, warnings, plans))
        cache.prune()
        kept = Memo(cache_dir, "yaml", "parses")
        for d, blob in parses.items():
            kept.put(d.hex(), blob)
        kept.save()

    return project, warnings, plans, remember


def _remove_abandoned(out: Path) -> None:
    """Staging or old copies left by a build that was killed (its process is gone), and old
    builds whose removal `_discard` left to a background process."""
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if ".trash-" in leftover.name:
            _discard(leftover)  # still there: its remover was killed (or is slow); never wait for it
        elif pid.isdigit() and not _alive(int(pid)):
            _clean(leftover)


def _discard(path: Path, out: Path | None = None) -> None:
    """Remove a tree nobody reads any more without waiting for it: on ext4 each directory
    costs milliseconds to remove and an old build has hundreds (the site, the cache), which
    would be most of a no-change rebuild. A detached `rm -rf` does it after we return."""
    trash = path
    if out is not None:  # moved beside build/ first, named so that the next build finishes it
        trash = out.parent / f".{out.name}.trash-{time.monotonic_ns()}-{os.getpid()}"
        try:
            os.rename(path, trash)
        except OSError:
            _clean(path)
            return
    rm = shutil.which("rm")
    if rm is None:
        _clean(trash)
        return
    try:
        subprocess.Popen(
            [rm, "-rf", "--", str(trash)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        _clean(trash)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _carry_over(old: Path, staging: Path, keep: Iterable[str]) -> None:
    """Outputs of stages not run this time stay as they were (hard links: cheap, and safe
    because every stage writes new files instead of modifying old ones)."""
    for name in keep:
        src = old / name
        if src.is_dir():
            shutil.copytree(src, staging / name, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


_RENAME_EXCHANGE = 2


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `staging` the new `out`; the old one is removed only after the switch."""
    if not out.exists():
        os.rename(staging, out)
        return
    if sys.platform.startswith("linux") and _exchange(staging, out):
        _discard(staging, out)  # now holds the previous build
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    _discard(old, out)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return rc == 0
