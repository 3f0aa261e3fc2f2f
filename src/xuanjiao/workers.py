"""Run picklable jobs in worker processes; results come back in the order of the jobs.

    results = run_jobs(render_one, jobs, workers=ctx.jobs, cost=len)

    with start_jobs(render_one, jobs, workers=ctx.jobs) as pending:
        ...                     # other work here, while the workers render
        first = pending.result(0)

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
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, Generic, Iterator, TypeVar

J = TypeVar("J")
R = TypeVar("R")
FORK = sys.platform.startswith("linux")  # fork where the platform offers it, else spawn


def run_jobs(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    workers: int,
    *,
    cost: Callable[[J], float] | None = None,
    min_jobs: int = 2,
    preload: Sequence[str] = (),
) -> list[R]:
    """`[fn(job) for job in jobs]`, computed by up to `workers` processes.

    `fn` must be a module-level function and jobs and results picklable. `cost` (optional)
    estimates a job's run time: the most expensive ones are started first, so that a long job
    does not start last while the other workers sit idle. `preload`: modules to import here
    first, so that forked workers start with them (e.g. "weasyprint": ~1 s each otherwise)."""
    with start_jobs(fn, jobs, workers, cost=cost, min_jobs=min_jobs, preload=preload) as pending:
        return [pending.result(i) for i in range(len(pending))]


class Pending(Generic[R]):
    """The results of jobs started by `start_jobs`; `result(i)` waits for job i (in this
    process, with one worker: job i runs then, and jobs run in the order they are asked for)."""

    def __init__(self, fn: Callable[[Any], R], jobs: list, futures: dict[int, Future] | None) -> None:
        self._fn, self._jobs, self._futures = fn, jobs, futures
        self._done: dict[int, R] = {}

    def __len__(self) -> int:
        return len(self._jobs)

    def result(self, i: int) -> R:
        if i not in self._done:
            self._done[i] = self._futures[i].result() if self._futures is not None else self._fn(self._jobs[i])
        return self._done[i]


@contextmanager
def start_jobs(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    workers: int,
    *,
    cost: Callable[[J], float] | None = None,
    min_jobs: int = 2,
    preload: Sequence[str] = (),
) -> Iterator[Pending[R]]:
    """Like `run_jobs`, but returns at once: the caller does other work in this process while
    the workers render, then asks for each result. The pool is shut down on leaving."""
    jobs = list(jobs)
    workers = min(workers, len(jobs))
    if workers < 2 or len(jobs) < min_jobs:
        yield Pending(fn, jobs, None)
        return
    order = list(range(len(jobs)))
    if cost is not None:
        order.sort(key=lambda i: -cost(jobs[i]))  # stable: ties keep their order
    if FORK:
        for module in preload:
            importlib.import_module(module)
    with new_pool(workers) as pool:
        futures = {i: pool.submit(fn, jobs[i]) for i in order}
        try:
            yield Pending(fn, jobs, futures)
        except BaseException:
            for f in futures.values():
                f.cancel()
            raise


def new_pool(workers: int, recycle_after: int | None = None) -> ProcessPoolExecutor:
    """A pool of `workers` processes, forked where the platform allows (they start at once,
    with what this process imported), each with fresh per-process state. `recycle_after`:
    documents before a worker is replaced, where the pool can do that (spawned workers only:
    Python refuses it with fork, whose callers recycle by opening a new pool)."""
    options = {}
    if not FORK and recycle_after and sys.version_info >= (3, 11):
        options["max_tasks_per_child"] = recycle_after
    context = multiprocessing.get_context("fork" if FORK else "spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=fresh_process, **options)


def fresh_process() -> None:
    """Per-process state a worker must not inherit from its parent."""
    from . import pdf

    for end in _ours:  # the parent's helpers' pipes (see _ours)
        end.close()
    _ours.clear()
    pdf.font_config.cache_clear()


class HelperGone(Exception):
    """The helper process died (killed, out of memory): the caller does the work itself."""


class Helper:
    """One process forked at the start of a build that gets ready at once (`ready()`: imports
    WeasyPrint, reads a dictionary) on the other core while this process loads the project,
    then runs calls one at a time: `helper.call(fn, *args)` is `fn(*args)` there (`fn`
    module-level, arguments and result picklable; an exception is raised here).

    No threads (unlike a ProcessPoolExecutor), so a later fork is as safe as before. Only a
    process with a single thread starts one (forking a threaded process can leave a lock held
    in the child): `start` returns None elsewhere, and callers then do the work themselves."""

    def __init__(self, conn: Connection, process: multiprocessing.process.BaseProcess) -> None:
        self._conn, self._process = conn, process
        self._lock = threading.Lock()  # one call at a time on the pipe (`serve` gains threads later)

    @classmethod
    def start(cls, ready: Callable[[], object]) -> Helper | None:
        if not FORK or threading.active_count() > 1 or os.environ.get("XUANJIAO_HELPERS", "").lower() == "off":
            return None
        try:
            ours, theirs = multiprocessing.Pipe()
        except OSError:
            return None
        _ours.append(ours)
        try:
            process = multiprocessing.get_context("fork").Process(target=_serve, args=(theirs, ready), daemon=True)
            process.start()
        except (OSError, ValueError):  # no processes left: the caller works alone
            _ours.remove(ours)
            ours.close()
            return None
        finally:
            theirs.close()
        return cls(ours, process)

    def call(self, fn: Callable[..., R], *args: Any) -> R:
        try:
            with self._lock:
                self._conn.send((fn, args))
                ok, value = self._conn.recv()
        except (OSError, EOFError) as exc:
            raise HelperGone from exc
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Between calls the helper holds nothing half done: it is stopped, even mid-import
        (a build that failed while loading does not wait for it)."""
        if self._conn in _ours:
            _ours.remove(self._conn)
        self._conn.close()
        self._process.terminate()
        self._process.join(timeout=5)


# this process's ends of its helpers' pipes: a forked pool worker closes its copies at once
# (fresh_process; a helper closes everything it inherits), or after a kill -9 of the build a
# helper would see its pipe still open and never end
_ours: list[Connection] = []


def _serve(conn: Connection, ready: Callable[[], object]) -> None:
    # Nothing inherited stays open but the pipe and the standard streams: a helper can outlive
    # the moment it was forked in (the segmenter, a whole `serve`), and an inherited descriptor
    # would keep its file open, or a lock taken on it held, for as long (as subprocess does).
    fresh_process()
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
    ready()
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):  # the build's process ended or closed the helper
            return
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # raised in the build's process
            answer = (False, exc)
        try:
            conn.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError):
            conn.send((False, RuntimeError(f"{fn.__name__}: {answer[1]!r}")))
