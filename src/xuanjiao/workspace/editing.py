"""Opening a thing for editing and saving it: the form applied to the text it was opened
with, merged with what others saved meanwhile, written, committed, and checked with the
same checks as `xuanjiao check`, each diagnostic placed at its field or body line."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.approved import status_of
from ..content.loader import load_project
from ..errors import BuildError, Diagnostic
from . import forms, roundtrip
from .catalog import Kind, file_of, key_of, rel_path

__all__ = [
    "Opened",
    "add_unit",
    "Outcome",
    "Placed",
    "check",
    "check_draft",
    "draft_text",
    "key_of",
    "open_unit",
    "place",
    "resolve_conflict",
    "save",
    "save_unit",
    "write",
]
from .gitstore import GitStore, blob_hash
from .memo import engine, per_project
from .roundtrip import Key, RoundTripError, load, read_unit, save_unit, split


@dataclass(frozen=True)
class Opened:
    rel: str
    text: str
    version: str  # blob hash of `text`
    key: Key
    data: dict | None  # None: the file cannot be read as YAML, edit its text
    body: str | None


@dataclass(frozen=True)
class Placed:
    """Diagnostics of one file by where the form shows them."""

    fields: dict[str, list[Diagnostic]] = field(default_factory=dict)
    body: list[tuple[int, Diagnostic]] = field(default_factory=list)  # (line within the body, ...)
    other: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        every = [d for ds in self.fields.values() for d in ds] + [d for _, d in self.body] + self.other
        return sum(d.severity == "error" for d in every)

    @property
    def count(self) -> int:
        return sum(map(len, self.fields.values())) + len(self.body) + len(self.other)


@dataclass(frozen=True)
class Outcome:
    rel: str
    commit: str = ""
    merged: bool = False  # someone else's edit of other lines was kept alongside
    conflict: tuple[str, str] | None = None  # (their text, my text) when both changed the same lines


def open_unit(root: Path, git: GitStore, kind: Kind, ident: str) -> Opened:
    path = file_of(root, kind, ident)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    version = git.remember(raw)
    key = key_of(kind, text, ident)
    try:
        data, body = read_unit(text, kind.markdown, key)
    except (RoundTripError, KeyError, IndexError):
        return Opened(rel_path(kind, ident), text, version, key, None, None)
    return Opened(rel_path(kind, ident), text, version, key, data, body)


def apply_form(kind: Kind, text: str, key: Key, form: Any) -> str:
    """`text` with the submitted form applied (or the submitted source, for raw editing). A
    changed approved material goes back to review (review.py)."""
    if form.get("source") is not None:
        source = str(form.get("source")).replace("\r\n", "\n")
        if kind.name == "materials" and source != text and status_of(source) == "approved":
            source = APPROVED_LINE.sub("status: review", source, count=1)
        return source
    data, _ = read_unit(text, kind.markdown, key)
    values = forms.decode(kind.fields(), form, data)
    body = form.get("body")
    body = None if body is None else str(body).replace("\r\n", "\n")
    out = save_unit(text, kind.markdown, key, values, body)
    if kind.name == "materials" and out != text and values.get("status") == "approved":
        out = save_unit(text, kind.markdown, key, {**values, "status": "review"}, body)
    return out


def save(root: Path, git: GitStore, kind: Kind, ident: str, form: Any, author: str, message: str) -> Outcome:
    """Write and commit the form's edit. The form names the version it was opened with: if
    the file changed since, the two edits are merged when they touch different lines, and
    a conflict is returned (nothing written) when they touch the same ones."""
    path, rel = file_of(root, kind, ident), rel_path(kind, ident)
    with _saving(rel):  # read, merge, write and commit as one step: two saves never interleave
        return _save(root, git, kind, ident, form, author, message, path, rel)


def _save(
    root: Path, git: GitStore, kind: Kind, ident: str, form: Any, author: str, message: str, path: Path, rel: str
) -> Outcome:
    current = path.read_bytes()
    base = _base(git, current, str(form.get("version", "")))
    key = key_of(kind, base.decode("utf-8"), ident)
    mine = apply_form(kind, base.decode("utf-8"), key, form).encode("utf-8")
    merged = False
    if base != current:
        result = git.merge(base, current, mine)
        if result is None:
            return Outcome(rel, conflict=(current.decode("utf-8"), mine.decode("utf-8")))
        mine, merged = result, True
    write(path, mine)
    commit = git.commit([rel], author, message)
    return Outcome(rel, commit, merged)


def resolve_conflict(
    root: Path, git: GitStore, rel: str, mine: str, seen: str, keep: str | None, author: str, messages: tuple[str, str]
) -> list[str] | None:
    """Settle a conflict: `keep` is the text to keep (None: theirs, as the file is now). My
    version is committed first whenever something else is kept, so both stay in the history.
    None (nothing written) when the file changed again since the person saw `seen`."""
    path = root / rel
    with _saving(rel):
        current = path.read_bytes()
        if blob_hash(current) != seen:
            return None
        final = current if keep is None else keep.encode("utf-8")
        commits = []
        if final != mine.encode("utf-8"):
            write(path, mine.encode("utf-8"))
            commits.append(git.commit([rel], author, messages[0]))
        write(path, final)
        commits.append(git.commit([rel], author, messages[1]))
        return [c for c in commits if c]


def add_unit(root: Path, git: GitStore, kind: Kind, ident: str, values: dict, author: str, message: str) -> str | None:
    """Append a new venue, awareness day or holiday year to its YAML file and commit it; None
    when another person added the same id meanwhile (nothing written)."""
    path, rel = file_of(root, kind, ident), rel_path(kind, ident)
    with _saving(rel):
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if ident in unit_idents(text, kind):
            return None
        write(path, roundtrip.add_unit(text, kind.shape, ident, values).encode("utf-8"))
        return git.commit([rel], author, message)


def unit_idents(text: str, kind: Kind) -> set[str]:
    data = load(split(text, False)) if text.strip() else None
    if kind.shape == "list":
        return {str(i.get("id")) for i in data or [] if isinstance(i, dict)}
    return {str(y) for y in data or {}}


def _base(git: GitStore, current: bytes, opened_as: str) -> bytes:
    """The text the form was opened with (what is there, when the version is unknown)."""
    if blob_hash(current) == opened_as:
        return current
    return git.blob(opened_as) or current if opened_as else current


def draft_text(root: Path, git: GitStore, kind: Kind, ident: str, form: Any) -> str:
    """The file as the form would save it (over the version it was opened with)."""
    base = _base(git, file_of(root, kind, ident).read_bytes(), str(form.get("version", ""))).decode("utf-8")
    return apply_form(kind, base, key_of(kind, base, ident), form)


def check_draft(root: Path, rel: str, text: str) -> list[Diagnostic]:
    """What `check` would say with `rel` holding `text`, the project itself untouched: the
    check runs on a copy of content/ (and the volunteer list its privacy check reads)."""
    with tempfile.TemporaryDirectory(prefix="xuanjiao-draft-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(root / "content", copy / "content", symlinks=True)
        volunteers = root / "private" / "volunteers.yml"
        if volunteers.is_file():
            (copy / "private").mkdir()
            shutil.copy2(volunteers, copy / "private" / "volunteers.yml")
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return check(copy, remember=False)


APPROVED_LINE = re.compile(r"^status:[ \t]*[\"']?approved[\"']?[ \t]*$", re.MULTILINE)
_save_locks: dict[str, threading.Lock] = {}
_save_guard = threading.Lock()


def _saving(rel: str) -> threading.Lock:
    with _save_guard:
        return _save_locks.setdefault(rel, threading.Lock())


def write(path: Path, data: bytes) -> None:
    """Replace the file in one step: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.workspace-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def loaded(root: Path, remember: bool = True) -> tuple[Any, list[Diagnostic]]:
    """The project as `check` loads it (None when it has errors) and every diagnostic, kept
    until a file changes: the form and the print preview share one load."""

    def run() -> tuple[Any, list[Diagnostic]]:
        with engine:
            try:
                return load_project(root)
            except BuildError as exc:
                return None, list(exc.diagnostics)

    return per_project("load", root, run) if remember else run()


def check(root: Path, remember: bool = True) -> list[Diagnostic]:
    """Every diagnostic `xuanjiao check` gives for the project."""
    return loaded(root, remember)[1]


def place(diags: list[Diagnostic], rel: str, kind: Kind, text: str, key: Key) -> Placed:
    """Sort one file's diagnostics to the form field or body line they name."""
    mine = [d for d in diags if d.path == rel]
    if not mine:
        return Placed()
    try:
        entries, body_start, span = locate(text, kind.markdown, key)
    except (RoundTripError, KeyError, IndexError):
        return Placed(other=mine)
    placed = Placed()
    names = {f.name for f in kind.fields()}
    for d in mine:
        if body_start and d.line >= body_start:
            placed.body.append((d.line - body_start + 1, d))
            continue
        if span and not span[0] <= d.line < span[1]:
            continue  # another item of the same file (another venue)
        owner = [name for line, name in entries if line <= d.line]
        name = owner[-1] if owner else ""
        while name and name not in names and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in names:
            placed.fields.setdefault(name, []).append(d)
        else:
            placed.other.append(d)
    return placed


def locate(text: str, markdown: bool, key: Key) -> tuple[list[tuple[int, str]], int, tuple[int, int] | None]:
    """(1-based line, dotted field) of every key of the unit, the body's first line (0 for a
    YAML file) and the unit's line span inside a list file."""
    parts = split(text, markdown)
    root = load(parts)
    offset = len(parts.head) + 1
    node = root if key is None else root[key]
    entries: list[tuple[int, str]] = []
    _walk(node, "", offset, entries)
    body_start = offset + len(parts.yaml) + len(parts.tail) if markdown else 0
    span = None
    if isinstance(key, int) and isinstance(root, list):
        start = root.lc.item(key)[0] + offset
        end = root.lc.item(key + 1)[0] + offset if key + 1 < len(root) else 10**9
        span = (start, end)
    return sorted(entries), body_start, span


def _walk(node: Any, prefix: str, offset: int, out: list[tuple[int, str]]) -> None:
    if not hasattr(node, "lc") or not isinstance(node, dict):
        return
    for k in node:
        line = node.lc.key(k)[0] + offset
        out.append((line, prefix + str(k)))
        _walk(node[k], prefix + str(k) + ".", offset, out)
