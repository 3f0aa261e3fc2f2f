"""Live preview: build, serve build/site on 127.0.0.1, rebuild on change, reload open pages."""

from __future__ import annotations

import queue
import sys
import threading
from pathlib import Path
from typing import Callable

from .rebuild import ALL_SLOW, Rebuilder, relevant, slow_stages, watched_paths
from .server import LiveState, PreviewServer, inject, safe_target

__all__ = ["Preview", "LiveState", "PreviewServer", "inject", "safe_target", "slow_stages"]


class Preview:
    """The server thread, the file watcher thread and the builder thread of `xuanjiao serve`.

    `background=False` skips the child-process builds of print/plans (tests, `--site-only`).
    """

    def __init__(
        self,
        project_dir: Path,
        port: int = 8000,
        *,
        drafts: bool = False,
        background: bool = True,
        echo: Callable[[str], None] | None = None,
    ):
        self.project_dir = project_dir.resolve()
        self.background = background
        self.echo = echo or (lambda s: print(s, file=sys.stderr, flush=True))
        self.state = LiveState(self.project_dir / "build" / "site")
        self.rebuilder = Rebuilder(
            self.project_dir, drafts=drafts, on_built=self.state.built, on_failed=self.state.failed, echo=self.echo
        )
        self.server = PreviewServer(self.project_dir / "build" / "site", self.state, port)
        self._stop = threading.Event()
        self._changes: queue.Queue[set[Path]] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self.watching = threading.Event()  # set once the watcher runs (tests wait for it)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        for name, target in (
            ("serve-http", self.server.serve_forever),
            ("serve-build", self._build_loop),
            ("serve-watch", self._watch_loop),
        ):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self._changes.put(set())
        self.rebuilder.cancel()
        self.state.close()
        self.server.shutdown()
        self.server.server_close()
        for t in self._threads:
            t.join(5)

    def wait(self) -> None:
        """Block until stop() or Ctrl+C."""
        while not self._stop.wait(0.5):
            pass

    def _watch_loop(self) -> None:
        from watchfiles import Change, watch

        paths = watched_paths(self.project_dir)
        self.watching.set()
        # step: yield 30 ms after the last event of a burst (an editor's save is several events)
        for batch in watch(
            *paths,
            watch_filter=lambda _c, p: relevant(p),
            debounce=400,
            step=30,
            stop_event=self._stop,
            rust_timeout=500,
            yield_on_timeout=False,
        ):
            kinds: dict[str, set[Change]] = {}
            for change, p in batch:
                kinds.setdefault(p, set()).add(change)
            # an editor's or sed's temporary file, created and removed within the burst: not a change
            changed = {
                Path(p) for p, k in kinds.items() if not ({Change.added, Change.deleted} <= k and not Path(p).exists())
            }
            if changed:
                self.rebuilder.cancel()  # a PDF render of the old text is not worth waiting for
                self._changes.put(changed)

    def _next_changes(self) -> set[Path]:
        changed = self._changes.get()
        while True:
            try:
                changed |= self._changes.get_nowait()
            except queue.Empty:
                return changed

    def _build_loop(self) -> None:
        pending = set(ALL_SLOW)  # the first build makes everything
        first = True
        while not self._stop.is_set():
            if not first:
                changed = self._next_changes()
                if self._stop.is_set():
                    return
                pending |= slow_stages(self.project_dir, changed)
                names = ", ".join(sorted(_rel(p, self.project_dir) for p in changed))
                self.echo(f"changed: {names}")
            first = False
            self.state.building("site")
            if not self.rebuilder.site().ok or not (self.background and pending):
                continue
            if not self._changes.empty():
                continue  # newer edits first; the slow stages stay pending
            self.state.building(",".join(sorted(pending)))
            outcome = self.rebuilder.slow(pending)
            if outcome is not None and outcome.ok:
                pending.clear()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
