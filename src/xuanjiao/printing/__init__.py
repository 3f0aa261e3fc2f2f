"""The print stage: every printable material to print-ready PDFs in `build/print/`.

    ID.pdf           trim + 3 mm bleed, crop marks, TrimBox/BleedBox, fonts embedded
    ID.screen.pdf    trimmed, for phones
    ID.preview.png   first page, 600 px wide (when poppler's pdftoppm is installed)
    ID.imposed.pdf   brochures: two-up, saddle-stitch order
    print-order.xlsx / print-order.pdf   the order for the print shop
    preflight.html / preflight.txt       印前检查: boxes, marks, fonts, images, lines, colour, safe margin

`print_stage(ctx)` is what the pipeline runs; it writes only into `ctx.out / "print"`.
"""

from __future__ import annotations

from ..errors import Diagnostic, relative
from ..pdf import MissingFontError, check_cjk_fonts
from .geometry import PRINTED_KINDS, trim_for
from .kinds import Job
from .layout import Facts
from .order import order_row, write_order
from .pool import render_all
from .preflight import check_file, write_preflight
from .quantities import from_plans
from .theme import Theme

__all__ = ["print_stage", "PrintSettings"]


class PrintSettings:
    """Options the command line may pass (`--pdf-variant`)."""

    def __init__(self, pdf_variant: str | None = None):
        self.pdf_variant = pdf_variant


def print_stage(ctx, settings: PrintSettings | None = None) -> list[Diagnostic]:
    settings = settings or PrintSettings(getattr(ctx, "pdf_variant", None))
    try:
        check_cjk_fonts()
    except MissingFontError as exc:
        return [Diagnostic("fontconfig", 0, 0, "error", str(exc), code="no-cjk-font")]
    out_dir = ctx.out / "print"
    out_dir.mkdir(parents=True, exist_ok=True)
    diags: list[Diagnostic] = []
    planned, plan_diags = from_plans(ctx.out)
    diags += plan_diags
    jobs, rows = [], []
    theme = Theme(ctx.project)
    for material in ctx.project.published_materials(ctx.drafts):
        rel = relative(material.path, ctx.project.root)
        where = material.src.at("kind") if material.src else None
        if material.kind not in PRINTED_KINDS:
            if where:
                diags.append(where.warning(f"a {material.kind} is not printed yet; no PDF written",
                                           hint="the print stage makes posters, leaflets, brochures and flyers"))
            continue
        trim = trim_for(material, material.src.at("size") if material.src else where)
        if isinstance(trim, Diagnostic):
            diags.append(trim)
            continue
        quantity, qdiag = _quantity(material, planned, rel)
        diags += qdiag
        facts = Facts(quantity, ctx.today, ctx.stamp, material.status != "approved")
        jobs.append((Job(ctx.project, material, rel, trim, facts), quantity))
    outputs = render_all([j for j, _ in jobs], out_dir, settings.pdf_variant, ctx.jobs)
    checked = []
    for (job, quantity), output in zip(jobs, outputs):
        diags += output.diagnostics
        if output.ok:
            rows.append(order_row(job, output, quantity))
            trim = output.trim or job.trim
            checked.append(check_file(out_dir / f"{job.material.id}.pdf", job.material.kind, trim.scale,
                                      job.material.title))
    if not any(d.severity == "error" for d in diags):
        diags += write_order(ctx.project, rows, out_dir, ctx.stamp, theme)
        write_preflight(out_dir, checked, ctx.stamp.strftime("%Y-%m-%d %H:%M UTC"), ctx.project.site.organization)
    return diags


def _quantity(material, planned: dict[str, int], rel: str) -> tuple[int | None, list[Diagnostic]]:
    # print.quantity is the whole run (never summed over the campaigns that use it);
    # otherwise the plans' reach-based quantities add up.
    if material.print.quantity is not None:
        return material.print.quantity, []
    if material.id in planned:
        return planned[material.id], []
    where = material.src.at("print") if material.src else None
    hint = "add print: {quantity: 2000} to the front matter, or plan a campaign that uses it"
    msg = f"no print quantity for {material.id}; the print order leaves it blank"
    return None, [where.warning(msg, hint=hint) if where else Diagnostic(rel, 0, 0, "warning", msg, hint)]

