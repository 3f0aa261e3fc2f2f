"""A no-change rebuild in one hash: when every input of the last build is as it was and
build/ is as that build left it, there is nothing to do.

The pipeline records, beside the build's marker, a fingerprint of its inputs (the project's
content/, private/ and themes/ by content; its git state; the program, its theme, the
installed packages and fonts by name, size and time; today's date, the options and the
language of messages) and the size and modification time of every file it wrote. `build`
asks `unchanged()` before loading anything (this module imports only the standard library:
importing the pipeline costs more than the whole check). Any difference means a real build,
which replaces the record; a record that cannot be read means the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .stage import CHINA

RECORD = ".cache/uptodate.pickle"  # with the cache: times differ from build to build, outputs do not
FORMAT = "1"
PACKAGE_DIR = Path(__file__).resolve().parent
# Environment variables that change what a build writes or says.
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "XUANJIAO_LANG", "XUANJIAO_CACHE", "LC_ALL", "LC_MESSAGES", "LANG", "TZ")
# Where fonts live (fontconfig's default folders and its caches): a font installed or removed
# changes a folder's modification time.
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/var/cache/fontconfig",
    "~/.cache/fontconfig",
)


@dataclass(frozen=True)
class Record:
    fingerprint: str
    files: dict[str, tuple[int, int]]  # path relative to build/ -> (size, mtime in ns)
    diagnostics: list[Any]  # the build's warnings, reported again by a rebuild that does nothing
    notices: list[str]  # and its notes (a material whose approved version is still published)


def enabled() -> bool:
    """Off with the cache (XUANJIAO_CACHE=off: benchmarks time real work)."""
    return os.environ.get("XUANJIAO_CACHE", "").lower() not in ("off", "0", "no")


def build_options(
    only: Iterable[str],
    drafts: bool,
    strict: bool,
    pdf_variant: str | None,
    cmyk: bool,
    icc: Path | None,
    creep: float = 0.0,
) -> list[tuple[str, Any]]:
    """The options that change what a build writes (not --jobs nor where PDFs are rendered)."""
    profile = _read(icc) if icc else None
    return [("only", sorted(set(only))), ("drafts", drafts), ("strict", strict)] + [
        ("pdf_variant", pdf_variant),
        ("cmyk", cmyk),
        ("icc", profile),
        ("creep", creep),
    ]


def fingerprint(root: Path, out: Path, options: Iterable[tuple[str, Any]]) -> str:
    """Every input of a build of `root` into `out` with `options` (see the module docstring)."""
    h = hashlib.sha256()

    def add(label: str, value: Any) -> None:
        data = value if isinstance(value, bytes) else repr(value).encode("utf-8")
        for part in (label.encode("utf-8"), data):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)

    add("format", FORMAT)
    add("where", (str(root), str(out), sys.version, sys.executable))
    add("options", sorted(options))
    add("environment", [(name, os.environ.get(name)) for name in ENVIRONMENT])
    add("today", (dt.date.today(), dt.datetime.now(CHINA).date()))
    for name in ("content", "private", "themes"):
        for path in _files(root / name):
            add(f"{name}:{path.relative_to(root).as_posix()}", path.read_bytes())
    add("git", _git_state(_git_dir(root)))
    add("code", _stats(_files(PACKAGE_DIR)))
    add("builtin-theme", _stats(_files(PACKAGE_DIR.parent.parent / "themes")))  # a checkout's theme
    add("packages", sorted(_installed()))
    add("fonts", _stats(_dirs(FONT_DIRS)))
    add("tools", _stats(_tools("pdftoppm", "pdftotext", "gs", "fc-list")))
    return h.hexdigest()


def unchanged(out: Path, digest: str) -> Record | None:
    """The record of the build in `out` when it was made from inputs with this fingerprint and
    every file it wrote is still there, the same size and time, and no other; else None."""
    try:
        record = pickle.loads((out / RECORD).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(record, Record) or record.fingerprint != digest:
        return None
    return record if _written(out) == record.files else None


def record(staging: Path, digest: str, diagnostics: list[Any], notices: list[str]) -> None:
    """Write the record of a finished build into its staging folder, last, before the swap."""
    data = pickle.dumps(Record(digest, _written(staging), list(diagnostics), list(notices)), protocol=4)
    path = staging / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # a new file: the old record is linked from the previous build


def _written(out: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    todo = [(str(out), "")]
    while todo:  # scandir, not os.walk: a build holds thousands of files and this is most of the check
        path, rel = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, rel + entry.name + "/"))
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[rel + entry.name] = (st.st_size, st.st_mtime_ns)
    found.pop(RECORD, None)
    return found


def _files(root: Path) -> list[Path]:
    """Files under `root`, sorted; dotfiles, dot folders and __pycache__ left out (as cache.Key)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        out += [Path(dirpath) / f for f in filenames if not f.startswith(".") and not f.endswith((".pyc", ".pyo"))]
    return sorted(out)


def _dirs(roots: Iterable[str]) -> list[Path]:
    out = []
    for root in roots:
        for dirpath, _, _ in os.walk(os.path.expanduser(root)):
            out.append(Path(dirpath))
    return sorted(out)


def _stats(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


def _installed() -> list[str]:
    """The installed distributions by name and version (their .dist-info folders)."""
    names = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return names


def _tools(*names: str) -> list[Path]:
    from shutil import which

    return [Path(found) for found in map(which, names) if found]


def _git_dir(root: Path) -> Path | None:
    """The .git of the repository holding the project (the project may be a folder inside one)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder / ".git"
    return None


def _git_state(git: Path | None) -> list[tuple[str, bytes]]:
    """The commit the project is at (HEAD and what it points to): content loading may read the
    history (the last approved version of a material, content/approved.py)."""
    if git is None:
        return []
    if git.is_file():  # a worktree or submodule: `gitdir: PATH`
        text = git.read_text(encoding="utf-8", errors="replace").strip()
        git = (git.parent / text.removeprefix("gitdir:").strip()).resolve()
    common = git
    if (git / "commondir").is_file():  # a linked worktree keeps its refs in the main .git
        common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
    names = ["HEAD", "packed-refs"]
    head = _read(git / "HEAD")
    if head.startswith(b"ref:"):
        names.append(head[4:].strip().decode("utf-8", "replace"))
    return [(f"{base}:{name}", _read(base / name)) for base in sorted({git, common}) for name in names]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing"
