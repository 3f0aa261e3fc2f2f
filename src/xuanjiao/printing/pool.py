"""Rendering materials in parallel worker processes, each with its own FontConfiguration.

On Linux the workers are forked: they start at once with WeasyPrint already imported (the
parent imports it first), they read their jobs from the memory they inherit (the project is
not pickled for every job), and a program that calls `run_build` needs no
`if __name__ == "__main__"` guard. WeasyPrint's memory grows over long batches, so workers
are recycled: the jobs go out in rounds of `DOCUMENTS_PER_WORKER` documents per worker, each
round in a freshly forked pool (Python refuses `max_tasks_per_child` with fork: the pool's
own threads make forking a replacement worker unsafe). Elsewhere workers are spawned and
recycled by the pool itself.

Within a round the longest documents are handed out first, so that no worker is left with a
long one at the end while the other waits. The last round's pool stays open until the stage
ends (`Workers.submit`): the print order PDF is laid out in a worker that has its fonts
loaded, while this process writes the workbook and the preflight report.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..workers import FORK, Helper, HelperGone, new_pool
from .laying import Job
from .render import MaterialOutput, render_material

MIN_JOBS = 3  # below this, starting workers costs more than it saves
DOCUMENTS_PER_WORKER = 40  # then the worker is replaced (a worker stays near 270 MB)
COST = {"brochure": 4, "leaflet": 3, "board": 3, "rollup": 2, "flyer": 2, "poster": 1, "banner": 1}
LAYOUT_DECIDES = ("brochure", "banner")  # only the layout tells their pages, or size: they go first

_inherited: list = []  # what the workers being forked read instead of unpickling it
_helper: Helper | None = None  # see helping


@contextmanager
def helping() -> Iterator[None]:
    """For one build, a process that imports WeasyPrint at once, on the other core while this
    one loads the project (workers.Helper): the few documents an edit leaves to render are
    rendered there, and this process need not import WeasyPrint at all (half a second). One
    per build, not kept: what it renders with (the language, the environment) is the build's."""
    global _helper
    _helper = Helper.start(_get_ready)
    try:
        yield
    finally:
        if _helper is not None:
            _helper.close()
        _helper = None


def has_helper() -> bool:
    return _helper is not None


def _get_ready() -> None:
    from .. import pdf

    pdf.font_config()  # imports WeasyPrint


def _here_or_helper(fn: Callable, *args):
    """`fn(*args)` in the helper if there is one, else here."""
    global _helper
    if _helper is not None:
        try:
            return _helper.call(fn, *args)
        except HelperGone:  # render here from now on
            _helper = None
    return fn(*args)


class Workers:
    """The worker processes of one print stage. `with Workers(n) as w: w.render(...); w.submit(...)`"""

    def __init__(self, count: int):
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _open(self, count: int, inherited: list) -> ProcessPoolExecutor:
        self._close()
        if FORK:
            from ..pdf import import_weasyprint

            import_weasyprint()  # once here, not in every forked worker

            _inherited[:] = inherited
        self._pool = new_pool(count, recycle_after=DOCUMENTS_PER_WORKER)
        return self._pool

    def render(
        self,
        jobs: list[Job],
        out_dir: Path,
        pdf_variant: str | None,
        done: Callable[[int, MaterialOutput], None] | None = None,
    ) -> list[MaterialOutput]:
        """Outputs in the order of `jobs`; the bytes are the same whatever the number of workers.
        `done(i, output)` is called here as each output comes in (longest first)."""
        workers = min(self.count, len(jobs))
        outputs: list[MaterialOutput | None] = [None] * len(jobs)
        if workers < 2 or len(jobs) < MIN_JOBS:
            for i in _longest_first(jobs, range(len(jobs))):
                outputs[i] = _here_or_helper(timed_render, jobs[i], out_dir, pdf_variant)
                if done:
                    done(i, outputs[i])
            return outputs  # type: ignore[return-value]
        size = workers * DOCUMENTS_PER_WORKER if FORK else len(jobs)
        for first in range(0, len(jobs), size):
            part = list(range(first, min(first + size, len(jobs))))
            pool = self._open(min(workers, len(part)), jobs)
            try:
                if FORK:
                    futures = {
                        i: pool.submit(_render_inherited, i, out_dir, pdf_variant) for i in _longest_first(jobs, part)
                    }
                else:
                    futures = {
                        i: pool.submit(timed_render, jobs[i], out_dir, pdf_variant) for i in _longest_first(jobs, part)
                    }
                for i in futures:  # as submitted: longest first
                    outputs[i] = futures[i].result()
                    if done:
                        done(i, outputs[i])
            finally:
                _inherited.clear()
        return outputs  # type: ignore[return-value]

    @property
    def open(self) -> bool:
        return self._pool is not None

    def submit(self, fn: Callable, *args) -> Future:
        """`fn(*args)` in a worker of the open pool (its fonts loaded), else in the helper or
        here, now. `fn` and `args` must be picklable."""
        if self._pool is not None:
            return self._pool.submit(fn, *args)
        done: Future = Future()
        done.set_result(_here_or_helper(fn, *args))
        return done


def render_all(
    jobs: list[Job],
    out_dir: Path,
    pdf_variant: str | None,
    workers: int,
    executor: str = "local",
    scheduler: str | None = None,
    pool: Workers | None = None,
    done: Callable[[int, MaterialOutput], None] | None = None,
) -> list[MaterialOutput]:
    """Outputs in the order of `jobs`; the bytes are the same whatever `workers` or `executor` is.
    With `pool`, its last round stays open for `pool.submit`; `done` as in `Workers.render`
    (not called on Dask)."""
    if not jobs:
        return []
    if executor == "dask":
        from .distributed import render_on_dask

        return render_on_dask(jobs, out_dir, pdf_variant, scheduler)
    if pool is not None:
        return pool.render(jobs, out_dir, pdf_variant, done)
    with Workers(workers) as own:
        return own.render(jobs, out_dir, pdf_variant, done)


def _render_inherited(index: int, out_dir: Path, pdf_variant: str | None) -> MaterialOutput:
    return timed_render(_inherited[index], out_dir, pdf_variant)


def timed_render(job: Job, out_dir: Path, pdf_variant: str | None) -> MaterialOutput:
    """`render_material`, and how long it took (the build's progress names the slowest)."""
    started = time.perf_counter()
    output = render_material(job, out_dir, pdf_variant)
    output.seconds = time.perf_counter() - started
    return output


def _longest_first(jobs: list[Job], indices) -> list[int]:
    """Kinds whose layout decides their pages first (the print order waits for them), then
    the longest jobs first (the last to finish are short)."""
    return sorted(indices, key=lambda i: (jobs[i].material.kind not in LAYOUT_DECIDES, -_cost(jobs[i]), i))


def _cost(job: Job) -> float:
    """A rough guess of how long a job takes: layouts for its kind, and its length."""
    return COST.get(job.material.kind, 2) + len(job.material.body) / 20000
