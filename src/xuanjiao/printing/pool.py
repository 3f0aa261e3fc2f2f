"""Rendering materials in parallel worker processes, each with its own FontConfiguration.

On Linux the workers are forked: they start at once with WeasyPrint already imported (the
parent imports it first), and a program that calls `run_build` needs no
`if __name__ == "__main__"` guard. WeasyPrint's memory grows over long batches, so workers
are recycled: the jobs go out in rounds of `DOCUMENTS_PER_WORKER` documents per worker, each
round in a freshly forked pool (Python refuses `max_tasks_per_child` with fork: the pool's
own threads make forking a replacement worker unsafe). Elsewhere workers are spawned and
recycled by the pool itself.

Within a round the longest documents are handed out first, so that no worker is left with a
long one at the end while the other waits.
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
DOCUMENTS_PER_WORKER = 24  # then the worker is replaced (keeps a worker well under 400 MB)
COST = {"brochure": 4, "leaflet": 3, "board": 3, "rollup": 2, "flyer": 2, "poster": 1, "banner": 1}


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
    if sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401  (imported once here, not in every forked worker)

        outputs: list[MaterialOutput | None] = [None] * len(jobs)
        size = workers * DOCUMENTS_PER_WORKER
        for first in range(0, len(jobs), size):
            part = list(range(first, min(first + size, len(jobs))))
            with ProcessPoolExecutor(min(workers, len(part)), mp_context=multiprocessing.get_context("fork"),
                                     initializer=_worker_start) as pool:
                futures = {i: pool.submit(render_material, jobs[i], out_dir, pdf_variant) for i in _longest_first(jobs, part)}
                for i in part:
                    outputs[i] = futures[i].result()
        return outputs  # type: ignore[return-value]
    options = {"max_tasks_per_child": DOCUMENTS_PER_WORKER} if sys.version_info >= (3, 11) else {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start,
                             **options) as pool:
        futures = {i: pool.submit(render_material, jobs[i], out_dir, pdf_variant)
                   for i in _longest_first(jobs, range(len(jobs)))}
        return [futures[i].result() for i in range(len(jobs))]


def _longest_first(jobs: list[Job], indices) -> list[int]:
    return sorted(indices, key=lambda i: (-_cost(jobs[i]), i))


def _cost(job: Job) -> float:
    """A rough guess of how long a job takes: layouts for its kind, and its length."""
    return COST.get(job.material.kind, 2) + len(job.material.body) / 20000


def _worker_start() -> None:
    pdf.font_config.cache_clear()  # never share a FontConfiguration between processes
