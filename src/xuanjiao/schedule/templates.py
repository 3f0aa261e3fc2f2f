"""Templates and stylesheets for the plan PDFs, from the project's theme or the built-in one.

A project overrides a file by putting one of the same name in `themes/NAME/plan/`.

A PDF is made in two steps, so that several can be laid out in worker processes: `pdf_job`
renders the template to HTML here (cheap, needs the project), `render_job` lays the HTML out
and writes the PDF (slow, needs only the job). `rendering` starts many such jobs in worker
processes, with the cache looked up and filled in this process; `render_pdf` makes one here.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..cache import STATS, Cache, current, fonts_hash
from ..content.models import Project
from ..pdf import render_html
from ..theme import Theme
from ..workers import start_jobs


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
    """The PDFs of `jobs`, in order (see `rendering`)."""
    with rendering(jobs, workers) as pdfs:
        return [pdfs.result(i) for i in range(len(jobs))]


class Rendering:
    """PDFs being made: `result(i)` is job i's (bytes, warnings), from the cache or, once its
    worker is done, the one rendered (then stored in the cache, here in the parent)."""

    def __init__(self, jobs: list[PdfJob], cache: Cache | None, hits: dict, todo: list[int], pending) -> None:
        self._jobs, self._cache, self._done, self._pending = jobs, cache, hits, pending
        self._slot = {i: n for n, i in enumerate(todo)}

    def result(self, i: int) -> tuple[bytes, list[str]]:
        if i not in self._done:
            pdf, warnings = self._pending.result(self._slot[i])
            key = self._jobs[i].key
            if self._cache is not None and key is not None:
                self._cache.store(key, {"out.pdf": pdf}, warnings)
            self._done[i] = (pdf, warnings)
        return self._done[i]


@contextmanager
def rendering(jobs: list[PdfJob], workers: int = 1) -> Iterator[Rendering]:
    """Start making the PDFs of `jobs`: those in the active cache are taken from it, the others
    laid out by up to `workers` processes (the largest documents first) while the caller does
    other work. The bytes do not depend on `workers`."""
    cache: Cache | None = current()
    hits: dict[int, tuple[bytes, list[str]]] = {}
    todo = []
    for i, job in enumerate(jobs):
        if cache is not None and job.key is not None:
            hit = cache.load(job.key)
            if hit is not None:
                hits[i] = (hit[0]["out.pdf"], hit[1])
                continue
            STATS.miss(cache.namespace, job.name)
        todo.append(i)
    with start_jobs(
        render_job, [jobs[i] for i in todo], workers, cost=lambda job: len(job.html), preload=("weasyprint",)
    ) as pending:
        yield Rendering(jobs, cache, hits, todo, pending)


def render_pdf(project: Project, template: str, css: str, **context: Any) -> tuple[bytes, list[str]]:
    """Render a plan template to PDF bytes, in this process; returns WeasyPrint's warnings too."""
    return render_pdfs([pdf_job(project, template, css, **context)])[0]
