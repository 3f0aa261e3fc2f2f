"""`python -m xuanjiao_bench [--scale N] [--quick] [--json PATH]`: run every measurement, print
the table, write JSON (default build/bench.json). Every figure is measured in this run."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from . import measure
from .realistic import write_realistic
from .synthetic import write_project

REPO = Path(__file__).resolve().parents[2]


class Table:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, key: str, label: str, value: float, unit: str, target: str = "", note: str = "") -> None:
        row = {"key": key, "label": label, "value": round(value, 3), "unit": unit, "target": target, "note": note}
        self.rows.append(row)
        print(f"  {label:<52} {_fmt(value, unit):>10}  {target}", flush=True)

    def render(self) -> str:
        w = max(len(r["label"]) for r in self.rows)
        lines = [f"{'measure':<{w}}  {'value':>10}  target", "-" * (w + 32)]
        lines += [f"{r['label']:<{w}}  {_fmt(r['value'], r['unit']):>10}  {r['target']}" for r in self.rows]
        return "\n".join(lines)


def _fmt(value: float, unit: str) -> str:
    return {"s": f"{value:.2f} s", "x": f"{value:.2f}×", "MB": f"{value:.0f} MB"}.get(unit, f"{value:g} {unit}")


def bench_example(root: Path, tmp: Path, t: Table) -> None:
    print("example project", flush=True)
    project = measure.copy_example(root, tmp / "example")
    _rebuilds(project, "example", "example", t)
    t.add(
        "example.serve",
        "example: `serve`, saved edit to new page served (median of 3)",
        measure.serve_latency(project),
        "s",
        "< 1.5 s",
    )


def bench_realistic(root: Path, tmp: Path, t: Table) -> Path:
    """Issue 18's realistic case: the example with six different materials and sixteen
    leaflets that differ in title (realistic.py)."""
    print("realistic project, 22 materials", flush=True)
    project = write_realistic(root, tmp / "realistic")
    _rebuilds(project, "realistic", "22 materials", t)
    return project


def _rebuilds(project: Path, key: str, name: str, t: Table) -> None:
    """A full build, then the same again with nothing changed, then with one material changed."""
    t.add(f"{key}.full", f"{name}: full build", measure.build(project).seconds, "s")
    t.add(f"{key}.nochange", f"{name}: no-change rebuild", measure.build(project).seconds, "s", "< 0.7 s")
    measure.edit_one_material(project)
    t.add(f"{key}.onechange", f"{name}: one-material change", measure.build(project).seconds, "s", "< 2.5 s")


def bench_print(project: Path, n: int, samples: int, t: Table) -> None:
    """Best of two for each figure (this machine's timings move by 5-10 % from run to run), the
    --jobs 1 and --jobs 2 builds taken in turn so that a slow spell does not favour either."""
    print(f"realistic project, {n} materials: print", flush=True)
    ones, twos = [], []
    for _ in range(2):
        ones.append(measure.build(project, "--only", "print", "--jobs", "1", cache=False))
        twos.append(measure.build(project, "--only", "print", "--jobs", "2", cache=False))
    one, two = min(r.seconds for r in ones), min(r.seconds for r in twos)
    one_stage, two_stage = min(r.stages["print"] for r in ones), min(r.stages["print"] for r in twos)
    t.add("print.jobs1", f"print stage --jobs 1 ({n} materials, CLI)", one, "s")
    t.add("print.jobs2", f"print stage --jobs 2 ({n} materials, CLI)", two, "s")
    t.add("print.speedup", "--jobs 2 speedup on the print stage (stage time)", one_stage / two_stage, "x", "≥ 1.7×")
    t.add("print.cli_speedup", "the same with the CLI's start-up and loading", one / two, "x")
    per_doc = one / n
    stage = one_stage / n  # as for the site: the stage in the build, not Python's start-up
    t.add("print.per_doc", "print stage per document, --jobs 1 (CLI / N)", per_doc, "s", "≤ 0.3 s")
    t.add("print.stage_per_doc", "print stage per document, --jobs 1 (stage time / N)", stage, "s")
    captured, inproc = measure.capture_print_html(project, samples)
    # each side counted alike: the stage's own time includes `import weasyprint` and its first
    # fonts, so plain WeasyPrint's cold figure does too; the warm ones leave both out
    runs = [measure.plain_weasyprint(captured) for _ in range(2)]
    plain, plain_cold = min(w for w, _ in runs), min(c for _, c in runs)
    same_fonts, _ = measure.plain_weasyprint(captured, stock=False)
    t.add("print.inprocess_per_doc", f"render_material per document, in-process ({len(captured)})", inproc, "s")
    t.add(
        "print.plain_cold_per_doc",
        f"plain WeasyPrint per document, same HTML ({len(captured)}), its import and first fonts counted",
        plain_cold,
        "s",
    )
    t.add("print.plain_per_doc", "plain WeasyPrint per document, warm (import and first fonts not counted)", plain, "s")
    t.add(
        "print.ratio",
        "print stage / plain WeasyPrint per document (both counting start-up)",
        stage / plain_cold,
        "x",
        "≤ 1.10×",
    )
    t.add("print.cli_ratio", "the same with the CLI's start-up (CLI / N)", per_doc / plain_cold, "x")
    t.add("print.inprocess_ratio", "render_material / plain WeasyPrint (both warm)", inproc / plain, "x")
    t.add("print.plain_fonts_per_doc", "plain WeasyPrint + our speed-ups of it (warm)", same_fonts, "s")
    t.add("print.overhead_ratio", "render_material / that (our own extra work)", inproc / same_fonts, "x")
    t.add("print.peak_rss", "print stage --jobs 1 peak RSS", max(r.peak_rss_mb for r in ones), "MB", "< 400 MB/worker")


def bench_site(project: Path, tmp: Path, n: int, t: Table) -> None:
    """The site stage as the build times it (site model, docs tree, MkDocs, storing the result)
    against `mkdocs build` run as a program on the tree the stage generated; best of two each."""
    print(f"synthetic project, {n} materials: site", flush=True)
    config = measure.write_mkdocs_tree(project, project / "build", tmp / "mkdocs-plain")
    ours = [measure.build(project, "--only", "site", cache=False) for _ in range(2)]
    plain = min(measure.plain_mkdocs(config).seconds for _ in range(2))
    stage = min(r.stages["site"] for r in ours)
    t.add("site.stage", "site stage (model + docs tree + MkDocs), in the build", stage, "s")
    t.add("site.cli", "`xuanjiao build --only site` (start-up, loading, swap too)", min(r.seconds for r in ours), "s")
    t.add("site.plain", "plain `mkdocs build` of the same docs tree", plain, "s")
    t.add("site.ratio", "site stage / plain mkdocs build", stage / plain, "x", "≤ 1.15×")
    t.add("site.mb", "site output size", measure.html_bytes(project / "build" / "site") / 2**20, "MB")


def bench_scale(tmp: Path, large: int, t: Table) -> None:
    """Acceptance 4: a `large`-material clean build against a 50-material one (time per
    material, peak memory), and its site stage against stock Material on the same pages."""
    runs = {}
    for n in (50, large):
        print(f"synthetic project, {n} materials: clean full build", flush=True)
        project = write_project(tmp / f"scale-{n}", n)
        runs[n] = (project, measure.build(project, cache=False))
    (big_dir, big), (_, small) = runs[large], runs[50]
    per_small, per_big = small.seconds / 50, big.seconds / large
    t.add("scale.per_material_50", "clean full build per material, 50 materials", per_small, "s")
    t.add("scale.per_material_large", f"clean full build per material, {large} materials", per_big, "s")
    t.add("scale.per_material_ratio", f"per material: {large} / 50", per_big / per_small, "x", "≤ 1.2×")
    t.add(
        "scale.peak_rss",
        f"peak RSS of the {large}-material build (largest process)",
        big.peak_rss_mb,
        "MB",
        "< 2048 MB",
    )
    rss, pss = measure.worker_peaks(big_dir, "--only", "print", "--jobs", "2")
    t.add(
        "scale.worker_rss",
        f"print stage, {large} materials, --jobs 2: largest worker's peak RSS",
        rss,
        "MB",
        "< 400 MB/worker",
    )
    t.add("scale.worker_pss", "the same worker memory as PSS (pages shared with the parent divided)", pss, "MB")
    for stage in ("plans", "private", "print", "site"):
        t.add(f"scale.{stage}", f"{large} materials: {stage} stage", big.stages.get(stage, 0.0), "s")
    print(f"stock Material on the same {large}-material docs tree", flush=True)
    stock = measure.plain_mkdocs(measure.write_mkdocs_tree(big_dir, big_dir / "build", tmp / "stock", stock_nav=True))
    t.add("scale.stock", f"stock Material (every page in the nav), {large} materials' pages", stock.seconds, "s")
    t.add("scale.site_vs_stock", "our site stage / stock Material", big.stages["site"] / stock.seconds, "x", "≤ 0.33×")
    t.add("scale.stock_mb", "stock Material output size", measure.html_bytes(tmp / "stock" / "site") / 2**20, "MB")
    t.add("scale.site_mb", "our site output size", measure.html_bytes(big_dir / "build" / "site") / 2**20, "MB")


def bench_full(project: Path, n: int, t: Table) -> None:
    print(f"synthetic project, {n} materials: full build", flush=True)
    shutil.rmtree(project / "build", ignore_errors=True)
    full = measure.build(project, cache=False)
    t.add("synthetic.full", f"synthetic: full build ({n} materials, default jobs)", full.seconds, "s")
    t.add("synthetic.per_material", "synthetic: full build per material", full.seconds / n, "s")
    t.add("synthetic.peak_rss", "synthetic: full build peak RSS (largest process)", full.peak_rss_mb, "MB", "< 2048 MB")


def bench_workspace(root: Path, tmp: Path, t: Table, quick: bool) -> None:
    """Issue 22, acceptance 5: the workspace's pages, save to new print preview, 20 people."""
    from . import workspace as ws

    print("workspace", flush=True)
    project = measure.copy_example(root, tmp / "workspace")
    ws.add_users(project, [f"bench-{n}" for n in range(20)])
    materials = sorted(p.stem for p in (project / "content" / "materials").glob("*.md"))
    leaflet = next((m for m in materials if m.endswith("leaflet")), materials[0])
    with ws.Server(project) as server:
        times = ws.page_times(server, ["/", f"/edit/materials/{leaflet}", "/search?q=%E5%81%A5%E5%BA%B7"])
        t.add("workspace.page", "workspace: slowest page, warm (median of 5)", max(times.values()), "s", "< 0.2 s")
        t.add(
            "workspace.save_preview",
            "workspace: save a leaflet to its new print preview (median)",
            ws.save_to_preview(server, leaflet, 1 if quick else 3),
            "s",
            "< 3 s",
        )
        result = ws.load(server, materials, sessions=20, rounds=1 if quick else 3)
        own = ws.load(server, ws.own_copies(project, leaflet, 20), sessions=20, rounds=1 if quick else 2, own=True)
    _load_rows(t, result, own)


def _load_rows(t: Table, result, own) -> None:
    t.add(
        "workspace.load_errors",
        "workspace: 20 sessions saving at once, errors",
        len(result.errors),
        "",
        "0",
        "; ".join(result.errors[:5]),
    )
    t.add(
        "workspace.load_lost",
        "workspace: edits neither in git history nor kept as a conflict",
        len(result.lost),
        "",
        "0",
        ", ".join(result.lost[:5]),
    )
    t.add(
        "workspace.load_seconds",
        f"workspace: {result.saves} saves and {result.conflicts} conflicts took",
        result.seconds,
        "s",
    )
    errors = len(own.errors) + len(own.lost) + own.conflicts
    t.add(
        "workspace.own_errors",
        "workspace: 20 sessions saving 20 different files, errors+lost+conflicts",
        errors,
        "",
        "0",
    )
    t.add(
        "workspace.own_seconds",
        f"workspace: 20 sessions, {own.saves} saves of different files took",
        own.seconds,
        "s",
    )
    t.add("workspace.own_save", "workspace: one save answered (with its check), median under that load",
          statistics.median(own.saving), "s")  # fmt: skip
    t.add(
        "workspace.own_home",
        "workspace: start page under that load (median)",
        statistics.median(own.home),
        "s",
        "< 0.2 s",
    )


def bench_planner(t: Table, quick: bool) -> None:
    from .planning import synthetic_project, time_planning

    print("planner", flush=True)
    seconds, _ = time_planning(synthetic_project(), repeat=1 if quick else 3)
    t.add("planner", "planner: 50 campaigns × 100 venues × 500 volunteers", seconds, "s", "< 1.5 s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    ap.add_argument("--scale", type=int, default=40, help="materials and campaigns in the synthetic project")
    ap.add_argument("--quick", action="store_true", help="6 materials, 3 samples, no full synthetic build")
    ap.add_argument(
        "--large",
        type=int,
        default=0,
        metavar="N",
        help="also build N materials against 50 (acceptance 4; N=1000 takes a while)",
    )
    ap.add_argument("--workspace", action="store_true", help="only the workspace part (issue 22)")
    ap.add_argument("--json", type=Path, default=REPO / "build" / "bench.json")
    ap.add_argument("--project", type=Path, default=REPO, help="the example project to time")
    args = ap.parse_args(argv)
    scale = min(args.scale, 6) if args.quick else args.scale
    samples = min(scale, 3) if args.quick else scale  # plain WeasyPrint on the same documents as the stage
    t = Table()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="xuanjiao-bench-") as d:
        tmp = Path(d)
        if not args.workspace:
            bench_example(args.project, tmp, t)
            realistic = bench_realistic(args.project, tmp, t)
            syn = write_project(tmp / "synthetic", scale)
            if not args.quick:  # the full build runs the plans stage too: the slowest part of --quick
                bench_full(syn, scale, t)
            bench_print(realistic, len(list((realistic / "content" / "materials").glob("*.md"))), samples, t)
            bench_site(syn, tmp, scale, t)
            if args.large:
                bench_scale(tmp, args.large, t)
        bench_workspace(args.project, tmp, t, args.quick)
    if not args.workspace:
        bench_planner(t, args.quick)
    table = t.render()
    print("\n" + table)
    meta = {
        "scale": scale,
        "quick": args.quick,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seconds": round(time.perf_counter() - started, 1),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"meta": meta, "rows": t.rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\nwrote {args.json} ({meta['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
