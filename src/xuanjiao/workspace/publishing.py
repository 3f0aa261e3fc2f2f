"""Publishing from the workspace: one build at a time in a background thread, run exactly as
`xuanjiao build` runs it (the same options, into the project's build/), its progress kept as
events for the 发布 page, its downloads zipped from that build's output (bundles.py), and the
last KEEP builds remembered in the workspace's SQLite: who started them, when, how they ended."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import Diagnostic, MissingPackage, UsageProblem
from ..messages import t
from ..pipeline import BuildOptions, run_build
from ..stage import STAGE_LABELS
from .accounts import db_path
from .bundles import BUNDLES, write_bundle
from .fieldlinks import edit_links
from .words import N_

KEEP = 10  # builds remembered; the downloads of older ones are removed
RESULTS = "published"  # <project>/published/<build id>/<bundle>.zip (ignored by git, never under private/)
MAX_PROBLEMS = 300  # diagnostics kept per build: a broken project can have thousands
ZIP_STAGE = "zip"
LABELS = {**STAGE_LABELS, ZIP_STAGE: N_("打包下载 zip")}
STATUS_LABELS = {  # translated where shown
    "running": N_("正在发布"),
    "ok": N_("已发布"),
    "failed": N_("有错误，没有发布"),
    "crashed": N_("中断"),
    "interrupted": N_("中断（工作台重启）"),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS builds (id INTEGER PRIMARY KEY, started REAL NOT NULL, name TEXT NOT NULL,
    status TEXT NOT NULL, seconds REAL NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0, problems TEXT NOT NULL DEFAULT '[]',
    downloads TEXT NOT NULL DEFAULT '[]', message TEXT NOT NULL DEFAULT '');
"""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """A diagnostic of a build as the page lists it, with the edit page that fixes it."""

    path: str
    line: int
    severity: str
    message: str
    hint: str
    href: str  # '' when nothing in the workspace edits it


@dataclass(frozen=True)
class Record:
    id: int
    started: float
    name: str
    status: str
    seconds: float
    errors: int
    warnings: int
    problems: tuple[Problem, ...]  # errors, warnings, then notes (severity "note")
    downloads: tuple[str, ...]  # bundle names (bundles.BUNDLES) that were written
    message: str  # why a build stopped short ('' otherwise)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def when(self) -> str:
        return dt.datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")


class BuildLog:
    """The `builds` table of the workspace database (its own connection: builds finish in a
    background thread)."""

    def __init__(self, path: Path):
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.executescript(SCHEMA)

    def _q(self, sql: str, *args: object) -> list[tuple]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    def begin(self, name: str) -> int:
        with self.lock:
            cur = self.db.execute(
                "INSERT INTO builds (started, name, status) VALUES (?, ?, 'running')", (time.time(), name)
            )
            return int(cur.lastrowid or 0)

    def finish(
        self, ident: int, status: str, seconds: float, problems: list[Problem], downloads: list[str], message: str
    ) -> None:
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        self._q(
            "UPDATE builds SET status = ?, seconds = ?, errors = ?, warnings = ?, problems = ?, downloads = ?, "
            "message = ? WHERE id = ?",
            status,
            seconds,
            errors,
            warnings,
            json.dumps([asdict(p) for p in problems[:MAX_PROBLEMS]], ensure_ascii=False),
            json.dumps(downloads),
            message,
            ident,
        )

    def records(self, limit: int = KEEP) -> list[Record]:
        return [_record(row) for row in self._q(f"SELECT {COLUMNS} FROM builds ORDER BY id DESC LIMIT ?", limit)]

    def record(self, ident: int) -> Record | None:
        rows = self._q(f"SELECT {COLUMNS} FROM builds WHERE id = ?", ident)
        return _record(rows[0]) if rows else None

    def interrupted(self) -> None:
        """Builds a stopped workspace left running never finish: say so."""
        self._q("UPDATE builds SET status = 'interrupted' WHERE status = 'running'")

    def prune(self, keep: int = KEEP) -> set[int]:
        """Forget all but the newest `keep` builds; the ids kept."""
        self._q("DELETE FROM builds WHERE id NOT IN (SELECT id FROM builds ORDER BY id DESC LIMIT ?)", keep)
        return {row[0] for row in self._q("SELECT id FROM builds")}


COLUMNS = "id, started, name, status, seconds, errors, warnings, problems, downloads, message"


def _record(row: tuple) -> Record:
    ident, started, name, status, seconds, errors, warnings, problems, downloads, message = row
    shown = tuple(Problem(**p) for p in json.loads(problems))
    return Record(ident, started, name, status, seconds, errors, warnings, shown, tuple(json.loads(downloads)), message)


@dataclass
class StageState:
    name: str
    label: str
    state: str = "running"  # or "done"
    done: int = 0
    total: int = 0
    slowest: str = ""
    slowest_seconds: float = 0.0
    seconds: float = 0.0
    counts: str = ""  # "12/40 · 最慢：aids-leaflet 3.2 秒", as the command line shows it


@dataclass
class Run:
    """One build as it runs: a `stage.Progress` whose every call is kept as an event (the
    stages so far, whole: a page that joins late, or reconnects, needs nothing else)."""

    id: int
    name: str
    stages: list[StageState] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    status: str = "running"
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def over(self) -> bool:
        return self.status != "running"

    def since(self, seq: int) -> list[dict]:
        with self.lock:
            return self.events[seq:]

    def snapshot(self) -> list[StageState]:
        with self.lock:
            return [StageState(**asdict(s)) for s in self.stages]

    def stage(self, name: str) -> None:
        with self.lock:
            self.stages.append(StageState(name, LABELS.get(name, name)))
            self._emit("stage")

    def step(self, done: int, total: int, item: str = "", seconds: float = 0.0) -> None:
        with self.lock:
            s = self.stages[-1]
            s.done, s.total = done, total
            if item and seconds > s.slowest_seconds:
                s.slowest, s.slowest_seconds = item, seconds
            s.counts = f"{done}/{total}" if total else ""
            if s.counts and s.slowest:
                s.counts += " · " + t("slowest: {item} {seconds:.1f} s", item=s.slowest, seconds=s.slowest_seconds)
            self._emit("step")

    def finished(self, name: str, seconds: float) -> None:
        with self.lock:
            self.stages[-1].state, self.stages[-1].seconds = "done", round(seconds, 1)
            self._emit("finished")

    def end(self, status: str) -> None:
        with self.lock:
            self.status = status
            self._emit("done")

    def _emit(self, kind: str) -> None:  # the lock is held
        self.events.append(
            {
                "seq": len(self.events),
                "kind": kind,
                "run": self.id,
                "status": self.status,
                "stages": [asdict(s) for s in self.stages],
            }
        )


class Publisher:
    """The project's publishing: at most one build at a time, the latest one's events."""

    def __init__(self, root: Path):
        self.root = root
        self.log = BuildLog(db_path(root))
        self.log.interrupted()
        self.lock = threading.Lock()
        self.current: Run | None = None

    def start(self, name: str) -> tuple[Run, bool]:
        """A new build started by `name` (True), or the one still running (False)."""
        with self.lock:
            if self.current is not None and not self.current.over:
                return self.current, False
            run = Run(self.log.begin(name), name)
            self.current = run
        threading.Thread(target=self._work, args=(run,), name=f"publish-{run.id}", daemon=True).start()
        return run, True

    def live(self, ident: int) -> Run | None:
        run = self.current
        return run if run is not None and run.id == ident else None

    def results(self, ident: int) -> Path:
        return self.root / RESULTS / str(ident)

    def download(self, ident: int, bundle: str) -> Path | None:
        """The zip of a finished build's bundle; None for anything else."""
        record = self.log.record(ident)
        if record is None or record.status != "ok" or bundle not in record.downloads:
            return None
        path = self.results(ident) / f"{bundle}.zip"
        return path if path.is_file() else None

    def _work(self, run: Run) -> None:
        began = time.perf_counter()
        status, problems, downloads, message = "crashed", [], [], ""
        try:
            result = run_build(BuildOptions(self.root), run)
            problems = _problems(self.root, result.diagnostics, result.notices)
            if result.ok and result.out is not None:
                downloads = self._bundle(run, result.out)
                status = "ok"
            else:
                status = "failed"
        except (UsageProblem, MissingPackage, OSError) as exc:  # what `xuanjiao build` says in one line
            message = _one_line(exc)
        except Exception as exc:  # a bug: one line on the page, the traceback in the server's log
            log.exception("publish %s stopped", run.id)
            message = _one_line(exc)
        finally:
            try:
                self.log.finish(run.id, status, round(time.perf_counter() - began, 1), problems, downloads, message)
                self._prune()
            finally:  # whatever happens, the page stops waiting and the next build may start
                run.end(status)

    def _bundle(self, run: Run, out: Path) -> list[str]:
        run.stage(ZIP_STAGE)
        began, written = time.perf_counter(), []
        for n, bundle in enumerate(BUNDLES, 1):
            if write_bundle(out, bundle, self.results(run.id) / f"{bundle.name}.zip"):
                written.append(bundle.name)
            run.step(n, len(BUNDLES), bundle.label, 0.0)
        run.finished(ZIP_STAGE, time.perf_counter() - began)
        return written

    def _prune(self) -> None:
        kept = self.log.prune()
        folder = self.root / RESULTS
        for old in folder.iterdir() if folder.is_dir() else ():
            if not (old.name.isdigit() and int(old.name) in kept):
                shutil.rmtree(old, ignore_errors=True)


def _problems(root: Path, diags: list[Diagnostic], notices: list[str]) -> list[Problem]:
    """The diagnostics (errors first) with their edit links, then the build's notes (a material
    whose approved version is still published while its new one awaits review)."""
    shown = sorted(diags, key=lambda d: d.severity != "error")[:MAX_PROBLEMS]
    found = [
        Problem(d.path, d.line, d.severity, d.message, d.hint, href)
        for d, href in zip(shown, edit_links(root, shown), strict=True)
    ]
    return found + [Problem("", 0, "note", notice, "", "") for notice in notices]


def _one_line(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


_publishers: dict[Path, Publisher] = {}
_guard = threading.Lock()


def publisher_for(root: Path) -> Publisher:
    """The one Publisher of a project in this process (every request shares its running build)."""
    with _guard:
        if root not in _publishers:
            _publishers[root] = Publisher(root)
        return _publishers[root]
