"""Run picklable jobs in worker processes; results come back in the order of the jobs.

    results = run_jobs(render_one, jobs, workers=ctx.jobs, cost=len)

- On Linux the workers are forked: they start at once, with everything the parent imported
  (WeasyPrint included), and a program that calls this needs no `if __name__ == "__main__"`
  guard. Elsewhere they are spawned (they import what `fn` needs themselves).
- Each worker starts with its own WeasyPrint `FontConfiguration` (`pdf.font_config` is an
  lru_cache: a forked child would otherwise share the parent's, which is not fork-safe).
- Only `fn(job)` runs in a worker. Anything that depends on the parent's state (ContextVars
  such as the active cache, open files, caches filled during the build) stays in the parent:
  look things up before, store results after.
- One worker, or fewer than `min_jobs` jobs: `fn` runs here, in this process, in order. The
  results are the same either way (callers' byte-identical outputs rely on it).
- A job that raises makes `run_jobs` raise the same exception (after the pool shut down).
"""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")


def run_jobs(fn: Callable[[J], R], jobs: Sequence[J], workers: int, *, cost: Callable[[J], float] | None = None,
             min_jobs: int = 2, preload: Sequence[str] = ()) -> list[R]:
    """`[fn(job) for job in jobs]`, computed by up to `workers` processes.

    `fn` must be a module-level function and jobs and results picklable. `cost` (optional)
    estimates a job's run time: the most expensive ones are started first, so that a long job
    does not start last while the other workers sit idle. `preload`: modules to import here
    first, so that forked workers start with them (e.g. "weasyprint": ~1 s each otherwise)."""
    jobs = list(jobs)
    workers = min(workers, len(jobs))
    if workers < 2 or len(jobs) < min_jobs:
        return [fn(job) for job in jobs]
    order = list(range(len(jobs)))
    if cost is not None:
        order.sort(key=lambda i: -cost(jobs[i]))  # stable: ties keep their order
    fork = sys.platform.startswith("linux")
    if fork:
        for module in preload:
            importlib.import_module(module)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=fresh_process) as pool:
        futures = {i: pool.submit(fn, jobs[i]) for i in order}
        return [futures[i].result() for i in range(len(jobs))]


def fresh_process() -> None:
    """Per-process state a worker must not inherit from its parent."""
    from . import pdf

    pdf.font_config.cache_clear()
