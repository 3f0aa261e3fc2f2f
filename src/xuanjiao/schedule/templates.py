"""Templates and stylesheets for the plan PDFs, from the project's theme or the built-in one.

A project overrides a file by putting one of the same name in `themes/NAME/plan/`.

A PDF is made in two steps, so that several can be laid out in worker processes: `pdf_job`
renders the template to HTML here (cheap, needs the project), `render_job` lays the HTML out
and writes the PDF (slow, needs only the job). `render_pdfs` does both for many documents,
with the cache looked up and filled in this process; `render_pdf` for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.models import Project
from ..cache import STATS, Cache, current, fonts_hash
from ..pdf import render_html
from ..theme import Theme
from ..workers import run_jobs


def stylesheet(project: Project, name: str) -> str:
    return Theme(project, "plan").stylesheet(name)


@dataclass(frozen=True)
class PdfJob:
    """Everything needed to lay out one plan PDF (picklable, no project)."""

    name: str  # the template, for the cache's statistics
    html: str
    css: str
    base_dir: Path
    roots: tuple[Path, ...]
    key: str | None = None  # in the cache that was active when the job was made


def pdf_job(project: Project, template: str, css: str, **context: Any) -> PdfJob:
    """Render a plan template to HTML. When a stage made a cache active, the job is keyed by
    the HTML, the stylesheet, every file of the plan theme and the fonts."""
    theme = Theme(project, "plan")
    html = theme.render(template, **context)
    sheet = theme.stylesheet(css)
    cache = current()
    key = None
    if cache is not None:
        k = cache.key().add("html", html).add("css", sheet).add("fonts", fonts_hash())
        for n, d in enumerate(theme.dirs):
            k.add_tree(f"theme{n}", d)
        key = k.hexdigest()
    return PdfJob(template, html, sheet, theme.base_dir, (project.root,), key)


def render_job(job: PdfJob) -> tuple[bytes, list[str]]:
    """Lay out and write one PDF; returns WeasyPrint's warnings too (runs in a worker)."""
    rendered = render_html(job.html, job.base_dir, list(job.roots), [job.css])
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    return rendered.document.write_pdf(), warnings


def render_pdfs(jobs: list[PdfJob], workers: int = 1) -> list[tuple[bytes, list[str]]]:
    """The PDFs of `jobs`, in order: from the active cache when there, else laid out by up to
    `workers` processes (the largest documents first) and stored. The bytes do not depend on
    `workers`."""
    cache: Cache | None = current()
    out: list[tuple[bytes, list[str]] | None] = [None] * len(jobs)
    todo = []
    for i, job in enumerate(jobs):
        if cache is not None and job.key is not None:
            hit = cache.load(job.key)
            if hit is not None:
                out[i] = (hit[0]["out.pdf"], hit[1])
                continue
            STATS.miss(cache.namespace, job.name)
        todo.append(i)
    rendered = run_jobs(render_job, [jobs[i] for i in todo], workers, cost=lambda job: len(job.html),
                        preload=("weasyprint",))
    for i, (pdf, warnings) in zip(todo, rendered):
        if cache is not None and jobs[i].key is not None:
            cache.store(jobs[i].key, {"out.pdf": pdf}, warnings)
        out[i] = (pdf, warnings)
    return out  # type: ignore[return-value]


def render_pdf(project: Project, template: str, css: str, **context: Any) -> tuple[bytes, list[str]]:
    """Render a plan template to PDF bytes, in this process; returns WeasyPrint's warnings too."""
    return render_pdfs([pdf_job(project, template, css, **context)])[0]
