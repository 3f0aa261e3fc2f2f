"""Answers kept until the files they were read from change (by their content): ruamel
and the full check are slow, and a workspace page must answer in well under 200 ms."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_files: OrderedDict[tuple, Any] = OrderedDict()
_projects: dict[tuple, tuple[tuple, Any, float]] = {}  # (fingerprint, answer, when its reading began)
MAX_FILES = 4096
# Loading and checking the project take turns (a burst of saves shares one load, see
# per_project); print layouts take turns among themselves (WeasyPrint and the print stage were
# written for one thread), apart from loads: a save's check never waits for someone's preview.
engine = threading.RLock()
printing = threading.Lock()


SMALL = 256 * 1024  # files this small are told apart by their bytes, not their times


def _stamp(path: Path) -> tuple:
    """What identifies the file's content: its bytes' hash when small (two saves within one
    clock tick keep the same mtime), else its size and mtime."""
    try:
        st = path.stat()
        if st.st_size <= SMALL:
            return (hashlib.blake2b(path.read_bytes(), digest_size=16).digest(), st.st_size)
    except OSError:
        return (None, None)
    return (st.st_mtime_ns, st.st_size)


def per_file(kind: str, path: Path, compute: Callable[[], T]) -> T:
    """`compute()` for this file, recomputed when the file changes."""
    key = (kind, str(path), *_stamp(path))
    with _lock:
        if key in _files:
            _files.move_to_end(key)
            return _files[key]
    value = compute()
    with _lock:
        _files[key] = value
        while len(_files) > MAX_FILES:
            _files.popitem(last=False)
    return value


def fingerprint(root: Path) -> tuple:
    """Every input of `check`: the files under content/ and the volunteer list."""
    paths = [p for p in (root / "content").rglob("*") if p.is_file()]
    paths.append(root / "private" / "volunteers.yml")
    return tuple(sorted((str(p), *_stamp(p)) for p in paths))


def per_project(kind: str, root: Path, compute: Callable[[], T]) -> T:
    """`compute()` for the project as its files are now (the last answer per kind is kept).

    One at a time, and coalesced: an answer whose reading began after this call began holds
    every file written before it (the caller's own save included), so twenty people saving
    at once wait for one or two loads, not twenty."""
    key = (kind, str(root))
    asked = time.monotonic()
    with engine:
        with _lock:
            found = _projects.get(key)
        if found is not None and found[2] >= asked:
            return found[1]
        began = time.monotonic()
        stamp = fingerprint(root)
        if found is not None and found[0] == stamp:
            return found[1]
        value = compute()
        with _lock:
            _projects[key] = (stamp, value, began)
        return value
