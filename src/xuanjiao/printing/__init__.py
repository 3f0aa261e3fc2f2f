"""The print stage: every printable material to print-ready PDFs in `build/print/`.

    ID.pdf           trim + 3 mm bleed, crop marks, TrimBox/BleedBox, fonts embedded (CMYK: --cmyk)
    ID.screen.pdf    trimmed, for phones
    ID.preview.jpg   first page, 600 px wide (PDFium; poppler's pdftoppm without pypdfium2)
    ID.imposed.pdf   brochures: two-up, saddle-stitch order
    print-order.xlsx / print-order.pdf   the order for the print shop
    preflight.html / preflight.txt       印前检查: boxes, marks, fonts, images, lines, colour, safe margin

`print_stage(ctx)` is what the pipeline runs; it writes only into `ctx.out / "print"`.
"""

from __future__ import annotations

import logging

from ..cache import STATS, Cache, Memo, fonts_hash
from ..errors import Diagnostic, has_errors, relative
from ..messages import t
from ..pdf import MissingFontError, check_cjk_fonts
from . import body, sessions
from .distributed import DaskUnavailable
from .geometry import PRINTED_KINDS, trim_for
from .keys import material_key, stage_key
from .laying import Job
from .layout import Facts
from .order import order_pdf, order_pdf_in_worker, order_project, order_row, workbook
from .pool import LAYOUT_DECIDES, Workers, has_helper, render_all
from .preflight import write_preflight
from .quantities import from_plans
from .render import MaterialOutput
from .standards import REFUSED_VARIANT, REFUSED_VARIANTS
from .theme import Theme

log = logging.getLogger("xuanjiao.print")

__all__ = ["print_stage", "PrintSettings"]


class PrintSettings:
    """Options the command line may pass (`--pdf-variant`)."""

    def __init__(self, pdf_variant: str | None = None):
        self.pdf_variant = pdf_variant


def print_stage(ctx, settings: PrintSettings | None = None) -> list[Diagnostic]:
    settings = settings or PrintSettings(getattr(ctx, "pdf_variant", None))
    if settings.pdf_variant in REFUSED_VARIANTS:
        return [
            Diagnostic(
                "--pdf-variant", 0, 0, "error", t(REFUSED_VARIANT, variant=settings.pdf_variant), code="pdf-variant"
            )
        ]
    try:
        check_cjk_fonts()
    except MissingFontError as exc:
        return [Diagnostic("fontconfig", 0, 0, "error", str(exc), code="no-cjk-font")]
    out_dir = ctx.out / "print"
    out_dir.mkdir(parents=True, exist_ok=True)
    diags: list[Diagnostic] = []
    planned = from_plans(ctx.plans)
    plans = sessions.plan_facts(ctx.plans)
    jobs, rows = [], []
    theme = Theme(ctx.project)
    for material in ctx.project.published_materials(ctx.drafts):
        rel = relative(material.path, ctx.project.root)
        where = material.src.at("kind") if material.src else None
        if material.kind not in PRINTED_KINDS:
            if where:
                diags.append(
                    where.warning(
                        t("a {kind} is not printed yet; no PDF written", kind=material.kind),
                        hint=t("the print stage makes posters, leaflets, brochures and flyers"),
                    )
                )
            continue
        trim = trim_for(material, material.src.at("size") if material.src else where)
        if isinstance(trim, Diagnostic):
            diags.append(trim)
            continue
        quantity, qdiag = _quantity(material, planned, rel)
        diags += qdiag
        met = sessions.for_material(ctx.project, material, plans) if material.kind == "leaflet" else ()
        facts = Facts(
            quantity,
            ctx.today,
            ctx.stamp,
            material.status != "approved",
            met,
            sessions.print_due(ctx.project, material, plans),
        )
        jobs.append(
            (
                Job(
                    ctx.project,
                    material,
                    rel,
                    trim,
                    facts,
                    getattr(ctx, "cmyk", False),
                    str(ctx.icc) if getattr(ctx, "icc", None) else None,
                    getattr(ctx, "creep", 0.0),
                ),
                quantity,
            )
        )
    cache = Cache(ctx.out / ".cache", "print")
    early = _EarlyOrder(ctx, jobs, out_dir, theme, cache)
    with Workers(ctx.jobs) as workers:  # the last pool of workers also lays out the print order
        try:
            results = _render_cached(
                [j for j, _ in jobs], out_dir, settings.pdf_variant, ctx, cache, theme, workers, early
            )
        except (DaskUnavailable, OSError, TimeoutError) as exc:
            if getattr(ctx, "executor", "local") != "dask":
                raise
            return diags + [
                Diagnostic(
                    "dask",
                    0,
                    0,
                    "error",
                    t("the Dask cluster did not render the PDFs: {exc}", exc=exc),
                    hint=t("check --scheduler and that the workers have xuanjiao, the fonts and the project folder"),
                    code="dask",
                )
            ]
        checked = []
        for (job, quantity), (output, report) in zip(jobs, results):
            diags += output.diagnostics
            if output.ok:
                rows.append(order_row(job, output, quantity))
                checked.append(report)
        if not has_errors(diags):
            diags += _write_order_cached(ctx, rows, out_dir, theme, cache, workers, checked, early)
            cache.prune()
        early.discard()
    return diags


def _render_cached(
    jobs: list[Job],
    out_dir,
    pdf_variant,
    ctx,
    cache: Cache,
    theme: Theme,
    workers: Workers | None = None,
    early: "_EarlyOrder | None" = None,
) -> list[tuple]:
    """(MaterialOutput, preflight FileReport) per job: linked from the cache when every input
    is unchanged, else rendered (locally or on Dask) and stored. `early` hears of each output."""
    base = stage_key(theme, pdf_variant)
    keys = [material_key(job, base) for job in jobs]
    results: list[tuple | None] = [cache.get(key, out_dir) for key in keys]
    # where each material's type-size search ended last time (see fit.largest_fitting): kept by
    # this process alone, from what the workers send back (no worker writes into the cache)
    hints = Memo(ctx.out / ".cache", "print-hints", "fit")
    for job, hit in zip(jobs, results):
        job.hints = hints.get(job.material.id) or (hit[0].fitted if hit is not None else {})
        if job.hints:
            hints.put(job.material.id, job.hints)
    todo = [i for i, r in enumerate(results) if r is None]
    if early is not None:
        for i, hit in enumerate(results):
            if hit is not None:
                early.cached(i, hit[0])
    finished = len(jobs) - len(todo)
    ctx.step(finished, len(jobs))

    def done(k: int, output: MaterialOutput) -> None:
        nonlocal finished
        finished += 1
        ctx.step(finished, len(jobs), output.id, output.seconds)
        if early is not None:
            early.done(todo[k], output)

    if todo:
        outputs = render_all(
            [jobs[i] for i in todo],
            out_dir,
            pdf_variant,
            ctx.jobs,
            executor=getattr(ctx, "executor", "local"),
            scheduler=getattr(ctx, "scheduler", None),
            pool=workers,
            done=done,
        )
        for i, output in zip(todo, outputs):
            job = jobs[i]
            STATS.miss("print", job.material.id)
            report = output.report if output.ok else None  # the worker checked the PDF it wrote
            output.seconds = 0.0  # a wall time (shown by the progress): kept out of the byte-identical cache
            if output.ok:
                cache.put(keys[i], out_dir, output.files, (output, report))
            if output.fitted:
                hints.put(job.material.id, output.fitted)
            results[i] = (output, report)
    hints.save()
    log.debug("print: %d from the cache, %d rendered", len(jobs) - len(todo), len(todo))
    return results  # type: ignore[return-value]


def _order_key(ctx, rows, theme: Theme, cache: Cache) -> str:
    key = cache.key().add("kind", "order").add("rows", rows).add("stamp", ctx.stamp)
    key.add("site", ctx.project.site.model_dump(mode="json")).add("fonts", fonts_hash())
    for n, d in enumerate(theme.dirs):
        key.add_tree(f"theme{n}", d)
    return key.hexdigest()


class _EarlyOrder:
    """The print order's PDF, laid out in this process as soon as every row is known, while
    the workers render the last documents: laid out after them, it kept one worker busy while
    the other had nothing left to do. Brochures and banners render first (only their layouts
    tell their pages and size); the other kinds' rows follow from their text. The PDF is used
    only if the finished rows are the same."""

    def __init__(self, ctx, jobs: list[tuple[Job, int | None]], out_dir, theme: Theme, cache: Cache) -> None:
        self.ctx, self.jobs, self.theme, self.cache = ctx, jobs, theme, cache
        self.path = out_dir / ".print-order.early.pdf"
        self.waiting = {i for i, (job, _) in enumerate(jobs) if job.material.kind in LAYOUT_DECIDES}
        self.known: dict[int, MaterialOutput] = {}
        self.rows: list | None = None
        self.diags: list[Diagnostic] | None = None

    def cached(self, i: int, output: MaterialOutput) -> None:
        self.known[i] = output
        self.waiting.discard(i)

    def done(self, i: int, output: MaterialOutput) -> None:
        """A rendered output came in (the workers are still busy with the rest)."""
        self.cached(i, output)
        if self.waiting or self.rows is not None or self.ctx.jobs < 2:  # one process: no one idles
            return
        if not all(o.ok for o in self.known.values()):
            self.rows = []  # an error: no print order this time
            return
        self.rows = [
            order_row(job, self.known.get(k) or _expected(job), quantity) for k, (job, quantity) in enumerate(self.jobs)
        ]
        if not self.cache.has(_order_key(self.ctx, self.rows, self.theme, self.cache)):
            self.diags = order_pdf(self.ctx.project, self.rows, self.path, self.ctx.stamp, self.theme)

    def take(self, rows, path) -> list[Diagnostic] | None:
        """The early PDF moved to `path` when it has exactly `rows`; else None."""
        if self.diags is None or self.rows != rows:
            return None
        self.path.replace(path)
        return self.diags

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _expected(job: Job) -> MaterialOutput:
    """What a material's output will say for the order, known from its text before its layout
    (for every kind but brochures and banners): its pages, and the job's trim."""
    pages = (
        len(body.parts(job.material)) if job.material.kind == "flyer" else 2 if job.material.kind == "leaflet" else 1
    )
    return MaterialOutput(job.material.id, pages=pages, trim=job.trim)


def _write_order_cached(
    ctx,
    rows,
    out_dir,
    theme: Theme,
    cache: Cache,
    workers: Workers | None = None,
    checked: list | None = None,
    early: _EarlyOrder | None = None,
) -> list[Diagnostic]:
    """print-order.xlsx and .pdf, and the preflight report: the PDF needs WeasyPrint, so it is
    cached too (a build where nothing changed never imports WeasyPrint). The PDF laid out
    early when its rows are right; else, with workers still open, one of them lays out the PDF
    while this process writes the workbook and the report."""
    digest = _order_key(ctx, rows, theme, cache)
    hit = cache.get(digest, out_dir)
    pdf = None
    taken = None
    if hit is None:
        STATS.miss("print", "print-order")
        taken = early.take(rows, out_dir / "print-order.pdf") if early is not None else None
        # a worker (or the build's helper) has WeasyPrint and its fonts loaded
        if taken is None and workers is not None and (workers.open or has_helper()):
            pdf = workers.submit(
                order_pdf_in_worker, order_project(ctx.project), rows, out_dir / "print-order.pdf", ctx.stamp
            )
        (out_dir / "print-order.xlsx").write_bytes(
            workbook(rows, ctx.stamp, ctx.project.site.organization, ctx.project.site.contact)
        )
    if checked is not None:
        write_preflight(out_dir, checked, ctx.stamp.strftime("%Y-%m-%d %H:%M UTC"), ctx.project.site.organization)
    if hit is not None:
        return hit
    diags = (
        taken
        if taken is not None
        else pdf.result()
        if pdf is not None
        else order_pdf(ctx.project, rows, out_dir / "print-order.pdf", ctx.stamp, theme)
    )
    if not has_errors(diags):
        cache.put(digest, out_dir, ["print-order.xlsx", "print-order.pdf"], diags)
    return diags


def _quantity(material, planned: dict[str, int], rel: str) -> tuple[int | None, list[Diagnostic]]:
    # print.quantity is the whole run (never summed over the campaigns that use it);
    # otherwise the plans' reach-based quantities add up.
    if material.print.quantity is not None:
        return material.print.quantity, []
    if material.id in planned:
        return planned[material.id], []
    where = material.src.at("print") if material.src else None
    hint = t("add print: {quantity: 2000} to the front matter, or plan a campaign that uses it")
    msg = t("no print quantity for {id}; the print order leaves it blank", id=material.id)
    return None, [where.warning(msg, hint=hint) if where else Diagnostic(rel, 0, 0, "warning", msg, hint)]
