"""Rendering materials in parallel worker processes, each with its own FontConfiguration.

On Linux the workers are forked: they start at once with WeasyPrint already imported, and a
program that calls `run_build` needs no `if __name__ == "__main__"` guard. Elsewhere they
are spawned and recycled after a few documents (WeasyPrint's memory grows over long
batches; forked workers cannot be recycled, builds are short enough not to need it).
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import pdf
from .kinds import Job
from .render import MaterialOutput, render_material

MIN_JOBS = 3  # below this, starting workers costs more than it saves
DOCUMENTS_PER_WORKER = 8


def render_all(jobs: list[Job], out_dir: Path, pdf_variant: str | None, workers: int,
               executor: str = "local", scheduler: str | None = None) -> list[MaterialOutput]:
    """Outputs in the order of `jobs`; the bytes are the same whatever `workers` or `executor` is."""
    if not jobs:
        return []
    if executor == "dask":
        from .distributed import render_on_dask

        return render_on_dask(jobs, out_dir, pdf_variant, scheduler)
    workers = min(workers, len(jobs))
    if workers < 2 or len(jobs) < MIN_JOBS:
        return [render_material(job, out_dir, pdf_variant) for job in jobs]
    fork = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    options = {} if fork or sys.version_info < (3, 11) else {"max_tasks_per_child": DOCUMENTS_PER_WORKER}
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start, **options) as pool:
        futures = [pool.submit(render_material, job, out_dir, pdf_variant) for job in jobs]
        return [f.result() for f in futures]


def _worker_start() -> None:
    pdf.font_config.cache_clear()  # never share the parent's FontConfiguration
