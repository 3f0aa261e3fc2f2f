"""The measurements: each returns seconds (or bytes) measured now, on this machine.

Builds run the real CLI in a child process (`python -m xuanjiao build`), timed by wall clock;
peak memory is the child's `ru_maxrss` from `wait4` (Linux: the largest resident set among
the child and the workers it waited for).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    ok: bool
    stderr: str
    stages: dict[str, float] = field(default_factory=dict)  # `build --timings`: load, each stage, swap


def run(cmd: list[str], env: dict | None = None) -> Run:
    """Run `cmd`, wall-clock timed, with the child's peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode == 0, err.decode("utf-8", "replace"))


def build(project: Path, *args: str, cache: bool = True) -> Run:
    """`xuanjiao build`; cache=False measures a clean render (XUANJIAO_CACHE=off)."""
    env = None if cache else {"XUANJIAO_CACHE": "off"}
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        result = run(
            [sys.executable, "-m", "xuanjiao", "build", "--project", str(project), "--timings", str(timings), *args],
            env,
        )
        if not result.ok:
            raise RuntimeError(f"build {project} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        result.stages = json.loads(timings.read_text(encoding="utf-8"))
    return result


def copy_example(src: Path, dst: Path) -> Path:
    """The example project (content/, private/, themes/) copied to `dst`."""
    for name in ("content", "private", "themes"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    return dst


def edit_one_material(project: Path) -> Path:
    """Change one character of one material's body (same length: the layout still fits)."""
    path = sorted((project / "content" / "materials").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    for old, new in (("。", "！"), ("，", "；"), ("的", "之")):
        if old in body:
            path.write_text(head + sep + body.replace(old, new, 1), encoding="utf-8")
            return path
    path.write_text(text + "\n", encoding="utf-8")
    return path


# --- PDF: our stage vs plain WeasyPrint on the same HTML --------------------------------------


@dataclass
class Captured:
    html: str
    base_url: str
    stylesheets: list[str]


def capture_print_html(project_dir: Path, limit: int) -> tuple[list[Captured], float]:
    """Lay out and render up to `limit` materials in this process with our print code
    (`render_material`: fitting, checks, print + screen PDFs, preview), recording the HTML and
    CSS of each final layout (the last `render_html` call per material). -> (captured,
    seconds per material in-process)."""
    from xuanjiao.content.loader import load_project
    from xuanjiao.errors import relative
    from xuanjiao.pdf import render_html
    from xuanjiao.printing import laying
    from xuanjiao.printing.geometry import PRINTED_KINDS, trim_for
    from xuanjiao.printing.layout import Facts
    from xuanjiao.printing.render import render_material

    project, _ = load_project(project_dir)
    last: list[Captured] = []

    def recording(html, base_dir, roots, stylesheets=(), **options):
        sheets = list(stylesheets)
        last.append(Captured(html, base_dir.as_uri() + "/", sheets))
        return render_html(html, base_dir, roots, sheets, **options)

    today = dt.date(2026, 1, 1)
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    materials = [m for m in project.published_materials() if m.kind in PRINTED_KINDS][:limit]
    captured = []
    out = project_dir / "build" / ".bench-print"
    out.mkdir(parents=True, exist_ok=True)
    elapsed = 0.0
    with mock.patch.object(laying, "render_html", recording):
        for material in materials[:1]:  # warm-up, untimed (as plain WeasyPrint's): fonts, first layout
            render_material(
                laying.Job(
                    project,
                    material,
                    relative(material.path, project.root),
                    trim_for(material, None),
                    Facts(1000, today, stamp, False),
                ),
                out,
            )
        for material in materials:
            job = laying.Job(
                project,
                material,
                relative(material.path, project.root),
                trim_for(material, None),
                Facts(1000, today, stamp, False),
            )
            last.clear()
            start = time.perf_counter()
            render_material(job, out)
            elapsed += time.perf_counter() - start
            captured.append(last[-1])
    shutil.rmtree(out)
    return captured, elapsed / max(len(materials), 1)


def plain_weasyprint(captured: list[Captured], stock: bool = True) -> tuple[float, float]:
    """Seconds per document: `HTML(string=...).write_pdf()` of the captured HTML + CSS in one
    process, one shared FontConfiguration (WeasyPrint's own best practice), no URL fetcher,
    no fitting, no checks, one PDF per document. -> (warm: after `import weasyprint` and a
    first small document, as the in-process figure is taken; cold: the whole run from before
    the import over N, as the print stage's own time counts its import and first fonts).
    `stock`: in a fresh Python that imports WeasyPrint alone (this process has `pdf.speedups`
    installed); otherwise here, with them (cold is then warm: WeasyPrint is loaded already)."""
    if not stock:
        return _plain(captured)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "captured.json", Path(tmp) / "seconds"
        src.write_text(json.dumps([c.__dict__ for c in captured], ensure_ascii=False), encoding="utf-8")
        code = (
            "import json, sys, pathlib; from xuanjiao_bench.measure import Captured, _plain; "
            "c = [Captured(**d) for d in json.loads(pathlib.Path(sys.argv[1]).read_text('utf-8'))]; "
            "pathlib.Path(sys.argv[2]).write_text(json.dumps(_plain(c)))"
        )
        subprocess.run([sys.executable, "-c", code, str(src), str(out)], check=True)
        warm, cold = json.loads(out.read_text())
        return warm, cold


def _plain(captured: list[Captured]) -> tuple[float, float]:
    began = time.perf_counter()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    HTML(string="<p>预热</p>").write_pdf(font_config=fc)  # the import and first font: counted in cold only
    start = time.perf_counter()
    for c in captured:
        sheets = [CSS(string=s, font_config=fc, base_url=c.base_url) for s in c.stylesheets]
        HTML(string=c.html, base_url=c.base_url).write_pdf(font_config=fc, stylesheets=sheets)
    end, n = time.perf_counter(), max(len(captured), 1)
    return (end - start) / n, (end - began) / n


def worker_peaks(project: Path, *args: str) -> tuple[float, float]:
    """`xuanjiao build` (cache off) with its worker processes watched: -> the largest peak RSS
    of any one worker and the largest peak PSS (MB). A forked worker's RSS counts every page it
    shares with the parent (the project, WeasyPrint); PSS divides shared pages among the
    processes that share them, so the two bound what one worker really costs."""
    cmd = [sys.executable, "-m", "xuanjiao", "build", "--project", str(project), *args]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "XUANJIAO_CACHE": "off"}
    )
    rss = pss = 0
    while proc.poll() is None:
        for pid in _descendants(proc.pid):
            rss = max(rss, _proc_kb(f"/proc/{pid}/status", "VmRSS:"))
            pss = max(pss, _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:"))
        time.sleep(0.05)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"build {project} {' '.join(args)} failed:\n{err[-3000:]}")
    return rss / 1024, pss / 1024


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            out += children
            todo += children
    return out


def _proc_kb(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


# --- site: our stage vs plain `mkdocs build` on the same docs tree ----------------------------


def write_mkdocs_tree(project_dir: Path, outputs: Path, work: Path, stock_nav: bool = False) -> Path:
    """The docs tree + mkdocs.yml our site stage generates, written to `work`; -> mkdocs.yml.
    stock_nav: without our `nav`, so Material lists every page in every page's navigation,
    as a stock Material site of the same pages does."""
    from xuanjiao.content.loader import load_project
    from xuanjiao.schedule import plan_project
    from xuanjiao.site import site_model
    from xuanjiao.site.engines import mkdocs as engine
    from xuanjiao.stage import build_clock

    project, _ = load_project(project_dir)
    stamp = build_clock()
    model = site_model(project, outputs, drafts=False, today=stamp.date(), stamp=stamp, plans=plan_project(project))
    docs = work / "docs"
    engine.write_docs(project, model, docs)
    path = work / "mkdocs.yml"
    config = engine.mkdocs_config(project, model, docs, work / "site")
    if stock_nav:
        del config["nav"]
    engine.write_config(config, path)
    return path


def plain_mkdocs(config: Path) -> Run:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    cmd = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    result = run(cmd + ["build", "-q", "-f", str(config)])
    if not result.ok:
        raise RuntimeError(f"mkdocs build -f {config} failed:\n{result.stderr[-3000:]}")
    return result


def html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# --- serve: from saving a file to the new page being served -----------------------------------


def serve_latency(project: Path, edits: int = 3) -> float:
    """`xuanjiao serve` (site rebuilds only, as with --site-only) on `project`: seconds from
    writing an edited material to the server answering with the new text; the median of
    `edits` edits. A browser adds its reload (the live script reacts to the server's event)."""
    import statistics

    from xuanjiao.serve import Preview

    preview = Preview(project, 0, background=False, echo=lambda s: None)
    preview.start()
    try:
        _until(lambda: preview.state.snapshot()[1]["gen"].endswith("-1") and preview.watching.is_set(), 300)
        path = sorted((project / "content" / "materials").glob("*.md"))[0]
        page = f"/materials/{path.stem}/index.html"
        host, port = preview.server.server_address[:2]
        seconds = []
        for _ in range(edits):
            marker = f"预览计时标记{time.monotonic_ns()}"  # new each time: a page never has it already
            text = path.read_text(encoding="utf-8")
            head, sep, body = text.partition("\n---\n")
            start = time.perf_counter()
            path.write_text(head + sep + f"{marker}\n\n" + body, encoding="utf-8")
            _until(lambda marker=marker: marker.encode() in _get(host, port, page), 120)
            seconds.append(time.perf_counter() - start)
        return statistics.median(seconds)
    finally:
        preview.stop()


def _get(host: str, port: int, path: str) -> bytes:
    import http.client

    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    except OSError:
        return b""
    finally:
        conn.close()


def _until(cond, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("the preview server did not update in time")
        time.sleep(0.02)
