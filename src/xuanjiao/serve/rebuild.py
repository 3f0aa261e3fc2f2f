"""What to rebuild for a change, and the rebuild loop behind `xuanjiao serve`.

Every change first rebuilds the `site` stage in this process (about half a second for the
example project: MkDocs, Material and jieba stay imported and jieba's dictionary stays
loaded), so the open page updates at once. Stages that take longer (print PDFs, plans) run
afterwards in a child process, followed by the site again so it links the fresh PDFs; the
child is stopped and restarted when another change arrives, so a writer never waits for an
outdated PDF render.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from ..messages import t
from ..pipeline import STAGE_ORDER, BuildOptions, run_build

ALL_SLOW = ("plans", "private", "print")
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")


def slow_stages(project_dir: Path, changed: Iterable[Path]) -> set[str]:
    """The stages besides `site` that a set of changed files calls for."""
    need: set[str] = set()
    root = project_dir.resolve()
    for path in changed:
        try:
            rel = PurePosixPath(Path(path).resolve().relative_to(root).as_posix())
        except ValueError:
            need.update(ALL_SLOW)
            continue
        parts = rel.parts
        if parts[:2] == ("content", "pages"):
            continue  # pages appear only on the site
        if parts[:2] in (("content", "materials"), ("content", "assets")):
            need.add("print")
        elif parts[:1] == ("themes",) and "site" in parts[1:3]:
            continue
        elif parts[:1] == ("themes",) and "print" in parts[1:3]:
            need.add("print")
        elif parts[:1] == ("private",):
            need.add("private")
        else:  # campaigns, site.yml, venues.yml, plan.yml, holidays, unknown: everything
            need.update(ALL_SLOW)
    return need


def relevant(path: str) -> bool:
    name = os.path.basename(path)
    return not (
        name.startswith((".#", "#")) or name.endswith(IGNORED_SUFFIXES) or name == "4913" or "__pycache__" in path
    )


def watched_paths(project_dir: Path) -> list[Path]:
    paths = [project_dir / d for d in ("content", "themes", "private") if (project_dir / d).is_dir()]
    paths += sorted(p for p in project_dir.glob("*.y*ml") if p.is_file())
    return paths


@dataclass
class Outcome:
    ok: bool
    errors: list[str]
    seconds: float


class Rebuilder:
    """Runs builds one at a time and tells `on_built`/`on_failed` (the live state) about them."""

    def __init__(
        self,
        project_dir: Path,
        *,
        drafts: bool = False,
        on_built: Callable[[], None],
        on_failed: Callable[[list[str]], None],
        echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True),
    ):
        self.project_dir = project_dir.resolve()
        self.drafts = drafts
        self.on_built = on_built
        self.on_failed = on_failed
        self.echo = echo
        self._child: subprocess.Popen | None = None
        self._child_lock = threading.Lock()
        self._warned: set[str] = set()  # the last build's warnings: each is printed once until it changes

    @property
    def out(self) -> Path:
        return self.project_dir / "build"

    def site(self) -> Outcome:
        """Rebuild the site stage in-process (the fast path)."""
        start = time.perf_counter()
        try:
            # jobs=1: no forked workers from this threaded server (a child forked while another
            # thread holds a lock, e.g. stderr's, can hang); languages build one after another.
            result = run_build(BuildOptions(self.project_dir, only=("site",), drafts=self.drafts, jobs=1))
        except Exception as exc:  # noqa: BLE001 - a bug must not end the preview; it is shown in full
            text = traceback.format_exc()
            self.echo(text)  # the terminal has the whole trace; the page only the kind (its message may
            self.on_failed(
                [
                    "internal error (a bug in xuanjiao, please report it):",  # quote private data)
                    f"{type(exc).__name__} (the full trace is in the terminal)",
                ]
            )
            return Outcome(False, [text], time.perf_counter() - start)
        lines = [d.format() for d in sorted(result.diagnostics, key=lambda d: (d.severity != "error", d.path, d.line))]
        return self._finish("site", result.out is not None, lines, time.perf_counter() - start)

    def slow(self, stages: set[str]) -> Outcome | None:
        """Build `stages` + site in a child process; None when it was cancelled."""
        only = [s for s in STAGE_ORDER if s in stages or s == "site"]
        cmd = [sys.executable, "-m", "xuanjiao", "build", "--project", str(self.project_dir), "--only", ",".join(only)]
        if self.drafts:
            cmd.append("--drafts")
        start = time.perf_counter()
        with self._child_lock:
            child = self._child = subprocess.Popen(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                cwd=self.project_dir,
                start_new_session=True,
            )
        _, err = child.communicate()
        with self._child_lock:
            self._child = None
        if child.returncode < 0:  # cancelled by a newer change
            return None
        lines = [
            ln
            for ln in err.splitlines()
            if ln.strip() and not ln.lstrip("▶ ").startswith("building ") and not ln.startswith(("done: ", "  site: "))
        ]
        return self._finish(",".join(only), child.returncode == 0, lines, time.perf_counter() - start)

    def cancel(self) -> None:
        """Stop a running child build; its half-written staging folder is removed."""
        with self._child_lock:
            child = self._child
            if child is None or child.poll() is not None:
                return
            os.killpg(child.pid, signal.SIGTERM)  # its own session: PDF workers stop too
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        staging = self.out.parent / f".{self.out.name}.staging-{child.pid}"
        shutil.rmtree(staging, ignore_errors=True)

    def _finish(self, what: str, ok: bool, lines: list[str], seconds: float) -> Outcome:
        stamp = time.strftime("%H:%M:%S")
        warnings = {line for line in lines if _is_warning(line)}
        for line in lines:
            if line not in warnings or line not in self._warned:
                self.echo(line)
        if len(warnings & self._warned):
            self.echo(t("({n} warnings as before, not repeated)", n=len(warnings & self._warned)))
        self._warned = warnings
        if ok:
            self.echo(f"[{stamp}] rebuilt {what} in {seconds:.1f} s")
            self.on_built()
        else:
            kept = "still serving the last good site" if (self.out / "site").is_dir() else "no site built yet"
            self.echo(f"[{stamp}] {what}: build failed; {kept}")
            self.on_failed([ln for ln in lines if ln] or ["build failed"])
        return Outcome(ok, lines, seconds)


def _is_warning(line: str) -> bool:
    """A diagnostic line (`path:line:col: warning: message`, in the writer's language)."""
    return f": {t('warning')}: " in line.split("\n", 1)[0]
