"""Writing a form's values back into a YAML or front-matter file, changing only the lines of
the values that changed: comments, key order, quoting and untouched text stay byte for byte.

ruamel's round-trip loader says on which line every key and list item starts; a changed value
is re-rendered alone and spliced over its own lines. Nested block mappings and lists of the
same length are followed down, so a changed `print.quantity` rewrites one line, not `print:`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ..content.loader import plain

Key = None | int | str  # None: the whole document; int: a list item; str/int: a top-level key
Edit = tuple[int, int, list[str]]  # replace lines[start:end] with these lines


class RoundTripError(ValueError):
    """The file cannot be read as YAML: the workspace offers its plain text instead."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one value, one line: never folded into several
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass(frozen=True)
class Parts:
    """A file cut into the lines before its YAML, the YAML lines and the rest (a Markdown body)."""

    head: list[str]
    yaml: list[str]
    tail: list[str]  # the closing '---' line of front matter, if any
    body: str | None  # None for a YAML file

    def join(self, yaml_lines: list[str], body: str | None) -> str:
        body = self.body if body is None else body
        return "".join(self.head + yaml_lines + self.tail) + (body or "")


def split(text: str, markdown: bool) -> Parts:
    lines = text.splitlines(keepends=True)
    if not markdown:
        return Parts([], lines, [], None)
    first = lines[0].lstrip("\ufeff").rstrip() if lines else ""
    if first != "---":
        return Parts([], [], [], text)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return Parts(lines[:1], lines[1:i], [lines[i]], "".join(lines[i + 1 :]))
    raise RoundTripError("front matter is not closed")


def load(parts: Parts) -> Any:
    try:
        return _yaml().load("".join(parts.yaml))
    except Exception as exc:  # any YAML failure: the form cannot be built
        raise RoundTripError(str(exc)) from exc


def read_unit(text: str, markdown: bool, key: Key = None) -> tuple[dict, str | None]:
    """The plain values of one editable thing in a file (front matter, a list item or a
    top-level entry) and the Markdown body, as the form shows them."""
    parts = split(text, markdown)
    root = load(parts)
    node = root if key is None else root[key]
    if node is None:
        node = {}
    if not isinstance(node, dict):
        raise RoundTripError("not a mapping")
    return plain(node), parts.body


def save_unit(text: str, markdown: bool, key: Key, values: dict, body: str | None = None) -> str:
    """`text` with the unit at `key` set to `values` (and the body to `body`), lines of
    unchanged values untouched."""
    parts = split(text, markdown)
    root = load(parts)
    if key is None:
        new_root: Any = values
    else:
        new_root = plain(root)
        new_root[key] = values
    if root is None:
        root = CommentedMap()
    lines = list(parts.yaml)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    edits = _edits(root, new_root, 0, len(lines), lines, 0)
    if not edits:
        return parts.join(list(parts.yaml), body)
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = new
    if markdown and not parts.head:  # a page without front matter gets one
        return "---\n" + "".join(lines) + "---\n" + (parts.body if body is None else body)
    return parts.join(lines, body)


def new_file(values: dict, body: str | None) -> str:
    """The text of a new file holding `values` (front matter when there is a body)."""
    lines = _render_map(values)
    if body is None:
        return "".join(lines)
    return "---\n" + "".join(lines) + "---\n" + body


def add_unit(text: str, shape: str, ident: str, values: dict) -> str:
    """`text` (a YAML list of items with ids, or a mapping by year) with one more unit at its
    end; every line above stays as it was. Items parted by blank lines get one too."""
    root = load(split(text, False))
    if shape == "list":
        ok = root is None or (isinstance(root, CommentedSeq) and not _flow(root))
        item = _dump(_block({"id": ident, **values}))
        lines = ["- " + item[0]] + ["  " + line if line.strip() else line for line in item[1:]]
    else:
        ok = root is None or (isinstance(root, CommentedMap) and not _flow(root))
        lines = _dump(_block({int(ident): values or {}}))
    if not ok:
        raise RoundTripError("the file's top level is not a block list or mapping")
    head = text if not text or text.endswith("\n") else text + "\n"
    spaced = root is not None and len(root) > 1 and "\n\n" in head.strip("\n")
    return head + ("\n" if spaced and head else "") + "".join(lines)


def _block(value: Any) -> Any:
    """Mappings and lists of several items in block style, as people write these files."""
    if isinstance(value, dict):
        return CommentedMap((k, _block(v)) for k, v in value.items())
    if isinstance(value, list) and len(value) > 1:
        return CommentedSeq(_block(v) for v in value)
    return value


# --- comparing ----------------------------------------------------------------------------------


def same(old: Any, new: Any) -> bool:
    """Equal as the file means it: `hotline: 12320` is the text "12320"; 150 is 150.0."""
    if isinstance(old, dict) and isinstance(new, dict):
        return list(old) == list(new) and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new))
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return False
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(new, str) and old is not None and not isinstance(old, str):
        return str(old) == new
    return old == new and (old is None) == (new is None)


# --- splicing -----------------------------------------------------------------------------------


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _trim(lines: list[str], start: int, end: int) -> int:
    """End of a value's own lines: comment and blank lines after it belong to what follows."""
    while end > start + 1 and _blank_or_comment(lines[end - 1]):
        end -= 1
    return end


def _flow(node: Any) -> bool:
    return bool(getattr(node, "fa", None) is not None and node.fa.flow_style())


def _edits(node: Any, new: Any, start: int, end: int, lines: list[str], col: int) -> list[Edit]:
    if isinstance(node, CommentedMap) and isinstance(new, dict) and not _flow(node):
        return _map_edits(node, new, start, end, lines, col)
    if isinstance(node, CommentedSeq) and isinstance(new, list) and not _flow(node) and len(node):
        return _seq_edits(node, new, end, lines)
    raise RoundTripError("the file's top level is not a block mapping or list")


def _map_edits(node: CommentedMap, new: dict, start: int, end: int, lines: list[str], col: int) -> list[Edit]:
    keys = list(node.keys())
    marks = [node.lc.key(k) for k in keys]
    out: list[Edit] = []
    last_end = start
    for i, k in enumerate(keys):
        kstart, kcol = marks[i]
        kend = _trim(lines, kstart, marks[i + 1][0] if i + 1 < len(keys) else end)
        last_end, col = kend, kcol
        if k not in new:
            out.append((kstart, kend, []))
        elif not same(plain(node[k]), new[k]):
            out += _value_edits(node, k, new[k], kstart, kend, lines, kcol)
    added = {k: v for k, v in new.items() if k not in node}
    if added:
        out.append((last_end, last_end, [" " * col + line for line in _render_map(added, node)]))
    return out


def _value_edits(
    node: CommentedMap, k: Any, value: Any, kstart: int, kend: int, lines: list[str], kcol: int
) -> list[Edit]:
    old = node[k]
    vline = node.lc.value(k)[0] if hasattr(node.lc, "value") else kstart
    nested = isinstance(old, (CommentedMap, CommentedSeq)) and not _flow(old) and len(old) and vline > kstart
    if nested and isinstance(old, CommentedMap) and isinstance(value, dict):
        return _map_edits(old, value, kstart + 1, kend, lines, kcol + 2)
    if nested and isinstance(old, CommentedSeq) and isinstance(value, list) and len(old) == len(value):
        return _seq_edits(old, value, kend, lines)
    rendered = [" " * kcol + line for line in _render_map({k: value}, node)]
    return [(kstart, kend, _keep_comment(lines, kstart, kend, rendered))]


def _seq_edits(node: CommentedSeq, new: list, end: int, lines: list[str]) -> list[Edit]:
    marks = [node.lc.item(i)[0] for i in range(len(node))]
    dash = len(lines[marks[0]]) - len(lines[marks[0]].lstrip(" "))
    out: list[Edit] = []
    for i, item in enumerate(node):
        istart = marks[i]
        iend = _trim(lines, istart, marks[i + 1] if i + 1 < len(node) else end)
        if i >= len(new):
            out.append((istart, iend, []))
        elif same(plain(item), new[i]):
            continue
        elif isinstance(item, CommentedMap) and isinstance(new[i], dict) and not _flow(item) and len(item):
            out += _map_edits(item, new[i], istart, iend, lines, node.lc.item(i)[1])
        else:
            rendered = [" " * dash + line for line in _render_seq([new[i]], [item])]
            out.append((istart, iend, _keep_comment(lines, istart, iend, rendered)))
    if len(new) > len(node):
        at = _trim(lines, marks[-1], end)
        gap = ["\n"] if at < end and not lines[at].strip() else []  # items apart: keep them apart
        rendered = [" " * dash + line for line in _render_seq(new[len(node) :], [])]
        out.append((at, at, gap + rendered))
    return out


def _comment_at(line: str) -> int:
    """Column of a trailing `#` comment outside quotes, or -1."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1] in " \t":
            return i
    return -1


def _keep_comment(lines: list[str], start: int, end: int, rendered: list[str]) -> list[str]:
    """A one-line value keeps the comment written after it."""
    if end - start != 1 or len(rendered) != 1:
        return rendered
    at = _comment_at(lines[start])
    if at < 0:
        return rendered
    before = lines[start][:at]
    spaces = before[len(before.rstrip()) :]
    return [rendered[0].rstrip("\n") + spaces + lines[start][at:]]


# --- rendering ----------------------------------------------------------------------------------


def _styled(old: Any, new: Any) -> Any:
    """`new` as ruamel nodes in the style `old` was written in (flow lists stay flow, quoted
    text stays quoted); lists of short words in a new key are written [a, b] like the files."""
    if isinstance(new, dict):
        out = CommentedMap()
        for k, v in new.items():
            out[k] = _styled(old.get(k) if isinstance(old, dict) else None, v)
        if _flow(old) or (old is None and new and all(_scalar(v) for v in new.values())):
            out.fa.set_flow_style()
        return out
    if isinstance(new, list):
        olds = list(old) if isinstance(old, list) else []
        seq = CommentedSeq([_styled(olds[i] if i < len(olds) else None, v) for i, v in enumerate(new)])
        if _flow(old) or (not isinstance(old, list) and all(_scalar(v) and len(str(v)) < 40 for v in new)):
            seq.fa.set_flow_style()
        return seq
    if isinstance(new, str):
        if "\n" in new:
            return LiteralScalarString(new)
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(new)
        if isinstance(old, SingleQuotedScalarString):
            return SingleQuotedScalarString(new)
    return new


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, dt.date)) or value is None


def _dump(data: Any) -> list[str]:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue().splitlines(keepends=True)


def _render_map(values: dict, old: Any = None) -> list[str]:
    out = CommentedMap()
    for k, v in values.items():
        out[k] = _styled(old.get(k) if isinstance(old, dict) else None, v)
    return _dump(out) if out else []


def _render_seq(values: list, olds: list) -> list[str]:
    seq = CommentedSeq([_styled(olds[i] if i < len(olds) else None, v) for i, v in enumerate(values)])
    lines = _dump(seq)
    pad = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else 0  # the dash at column 0
    return [line[pad:] if not line[:pad].strip() else line for line in lines]
