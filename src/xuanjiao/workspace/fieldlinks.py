"""Where in the workspace a diagnostic can be fixed: the edit page of the thing its file and line
name, at the field (or the body) the line belongs to, e.g. /edit/venues/gaopo-market#f-name."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic
from .catalog import KINDS, Kind, idents, key_of, kind_of_path
from .editing import locate, place
from .roundtrip import Key, RoundTripError


def edit_links(root: Path, diags: list[Diagnostic]) -> list[str]:
    """The edit URL for each diagnostic ('' for what the workspace does not edit: private/,
    themes, a file it cannot read)."""
    texts: dict[str, str | None] = {}
    links = []
    for d in diags:
        if d.path not in texts:
            texts[d.path] = _read(root, d.path)
        text = texts[d.path]
        links.append(_link(root, d, text) if text is not None else "")
    return links


def _read(root: Path, rel: str) -> str | None:
    if not rel.startswith("content/") or ".." in Path(rel).parts:
        return None
    try:
        return (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _link(root: Path, d: Diagnostic, text: str) -> str:
    found = _unit(root, d.path, d.line, text)
    if found is None:
        return ""
    kind, ident, key = found
    url = f"/edit/{kind.name}/{ident}"
    placed = place([d], d.path, kind, text, key)
    if placed.body:
        return url + "#f-body"
    ids = {f.name: f.html_id for f in kind.fields()}
    for name in placed.fields:
        return url + "#" + ids[name]
    return url


def _unit(root: Path, rel: str, line: int, text: str) -> tuple[Kind, str, Key] | None:
    """The kind, ident and place in the file of the unit holding `line` of `rel`."""
    whole = kind_of_path(rel)
    if whole is not None:
        return whole[0], whole[1], None
    kind = next((k for k in KINDS.values() if k.shape in ("list", "years") and rel == f"content/{k.where}"), None)
    if kind is None or line < 1:  # line 0: the whole file, which no one page edits
        return None
    best: tuple[int, str, Key] | None = None
    for ident in idents(root, kind):
        try:
            key = key_of(kind, text, ident)
            entries, _, span = locate(text, False, key)
        except (RoundTripError, LookupError, IndexError):
            continue
        start = span[0] if span else min((n for n, _ in entries), default=0)
        if start <= line and (best is None or start >= best[0]):
            best = (start, ident, key)
    return (kind, best[1], best[2]) if best else None
