"""Reading YAML and front matter while remembering where every value came from.

ruamel.yaml's round-trip loader keeps 0-based line/column marks on every mapping and
sequence; `SourceMap` turns a path through the data (as pydantic reports it) back into
a 1-based `Location`, so every diagnostic can name ``file:line:col``.

Parsing is the slow part of loading a project (ruamel is pure Python): a text parsed before
in this process is not parsed again but restored from its pickle (70 times faster, marks
included), so a long-running process (`serve`, the workspace) reloads a project after one
changed file at the cost of that file. Every caller gets its own copy. A build keeps the
parses it used (`recorded_parses`) for the next build's process, so one edited file is all
that is parsed again there too.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import Diagnostic, Location
from ..messages import t
from .yamlerrors import explain, keyboard_slips

MAX_BYTES = 2 * 1024 * 1024  # front matter / YAML files; bodies have their own limit
MAX_DEPTH = 20  # deep nesting is never content, only trouble
MAX_VALUES = 100_000  # values after alias expansion
PARSED_MAX = 4096  # texts whose parse is kept

_parsed: OrderedDict[bytes, bytes] = OrderedDict()  # digest of a text -> its parse, pickled
_parsed_lock = threading.Lock()
# the parses the current block of `recorded_parses` used (a context variable: per thread)
_recording: ContextVar[dict[bytes, bytes] | None] = ContextVar("_recording", default=None)


@contextmanager
def recorded_parses(earlier: Mapping[bytes, bytes]) -> Iterator[dict[bytes, bytes]]:
    """Parses an earlier process made (digest -> pickle, from `recorded_parses`) are used like
    this process's own; the dict yielded holds, after the block, every parse the block used."""
    with _parsed_lock:
        for digest, blob in earlier.items():
            _parsed.setdefault(digest, blob)
        while len(_parsed) > PARSED_MAX:
            _parsed.popitem(last=False)
    used: dict[bytes, bytes] = {}
    token = _recording.set(used)
    try:
        yield used
    finally:
        _recording.reset(token)


@dataclass(frozen=True)
class SourceMap:
    """Maps a data path such as ``("venues", 2)`` to where it was written."""

    path: str
    root: Any  # the ruamel node the data came from
    line_offset: int = 0  # lines before the YAML text inside its file (front matter)

    def at(self, *loc: Any, key: bool = False) -> Location:
        """Location of the value at `loc`; with key=True, of the key itself (for unknown keys).

        Falls back to the nearest enclosing node that has a mark, so a missing field points
        at the mapping that lacks it.
        """
        node = self.root
        line, col = _node_mark(node)
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, CommentedMap) and _hashable(part) and part in node:
                # merged (<<) keys have no marks of their own: keep the enclosing mapping's
                kl, kc = _pair(node.lc.key, part) or (line, col)
                vl, vc = _pair(node.lc.value, part) or (kl, kc)
                line, col = (kl, kc) if (key and last) else (vl, vc)
                if isinstance(node[part], (CommentedMap, CommentedSeq)) and not last:
                    node = node[part]
                    continue
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = _pair(node.lc.item, part) or (line, col)
                node = node[part]
            else:
                break
        return Location(self.path, line + 1 + self.line_offset, col + 1)

    def file(self) -> Location:
        return Location(self.path, 0, 0)


def _pair(getter: Any, part: Any) -> tuple[int, int] | None:
    try:
        found = getter(part)
    except (KeyError, IndexError, TypeError):
        return None
    return (found[0], found[1]) if isinstance(found, (tuple, list)) and len(found) >= 2 else None


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _node_mark(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line, lc.col
    return 0, 0


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values the data holds once aliases are copied out (memoised: cheap on bombs)."""
    if not isinstance(node, (dict, list)):
        return 1
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once instead of looping
    children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else node
    total = 1
    for child in children:
        total += _expanded_size(child, memo)
        if total > MAX_VALUES:
            break
    memo[key] = total
    return total


def _depth(node: Any, limit: int) -> int:
    """Nesting depth, stopping early past `limit` (guards against deep or recursive YAML)."""
    stack = [(node, 1)]
    seen: set[int] = set()
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(item, (dict, list)):
            if id(item) in seen:  # an alias reused: counted once, keeps bombs cheap
                continue
            seen.add(id(item))
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, d + 1) for c in children)
    return deepest


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, SourceMap | None, list[Diagnostic]]:
    """Parse YAML text; return (data, source map, diagnostics). Data is None on error."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    with _parsed_lock:
        blob = _parsed.get(digest)
        if blob is not None:
            _parsed.move_to_end(digest)
    recording = _recording.get()
    if blob is not None:
        if recording is not None:
            recording[digest] = blob
        data = pickle.loads(blob)
        return data, SourceMap(path, data, line_offset), []
    data, src, diags = _parse_yaml(text, path, line_offset)
    if data is not None and not diags:
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        if recording is not None:
            recording[digest] = blob
        with _parsed_lock:
            _parsed[digest] = blob
            while len(_parsed) > PARSED_MAX:
                _parsed.popitem(last=False)
    return data, src, diags


def _parse_yaml(text: str, path: str, line_offset: int) -> tuple[Any, SourceMap | None, list[Diagnostic]]:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return (
            None,
            None,
            [
                Location(path, 1 + line_offset, 1).error(
                    t("file is larger than {max_bytes} MB; that is not content", max_bytes=MAX_BYTES // (1024 * 1024))
                )
            ],
        )
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    try:
        data = yaml.load(io.StringIO(text))
    except MarkedYAMLError as exc:
        return None, None, _syntax_error(exc, text, path, line_offset)
    except (YAMLError, ValueError, TypeError, RecursionError):  # e.g. unhashable "? [a]" keys
        return (
            None,
            None,
            [
                Location(path, 1 + line_offset, 1).error(
                    t("this YAML cannot be read: a key must be a plain word or text"),
                    hint=t("lists [..] or mappings {..} cannot be keys; check lines starting with '?' or '['"),
                )
            ],
        )
    if _expanded_size(data, {}) > MAX_VALUES:
        # Aliases reused inside aliases ("billion laughs") expand exponentially when copied.
        return (
            None,
            None,
            [
                Location(path, 1 + line_offset, 1).error(
                    t("YAML expands to more than {max_values} values through aliases (*name)", max_values=MAX_VALUES),
                    hint=t("write the values out instead of reusing anchors"),
                )
            ],
        )
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        return (
            None,
            None,
            [
                Location(path, 1 + line_offset, 1).error(
                    t("YAML nested more than {max_depth} levels deep", max_depth=MAX_DEPTH)
                )
            ],
        )
    return data, SourceMap(path, data, line_offset), []


def _lenient_timestamp(constructor: Any, node: Any) -> Any:
    """An impossible date (2026-13-01) stays a string, so validation reports it at its line."""
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        return str(node.value)


def _syntax_error(exc: MarkedYAMLError, text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """Chinese-keyboard slips up to the parser's line, each at its character; else the parser's
    error in our words at its position (the parser's own text is never shown)."""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    slips = keyboard_slips(text, up_to=line, line_offset=line_offset)
    if slips:
        return [
            Location(path, s.line, s.col).error(t("YAML syntax error: {problem}", problem=s.message), hint=s.hint)
            for s in slips
        ]
    problem = str(exc) if "duplicate key" in str(exc) else str(exc.problem or "")
    message, hint = explain(problem, str(exc.context or ""))
    return [
        Location(path, line + line_offset, col).error(t("YAML syntax error: {problem}", problem=message), hint=hint)
    ]


@dataclass(frozen=True)
class FrontMatterSplit:
    yaml_text: str | None  # None when the file has no front matter
    yaml_line: int  # 1-based line where the YAML text starts
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(text: str, path: str) -> tuple[FrontMatterSplit | None, list[Diagnostic]]:
    """Split ``---`` front matter from a Markdown body; an unclosed block is an error."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatterSplit(None, 1, text, 1), []
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return FrontMatterSplit("\n".join(lines[1:i]) + "\n", 2, "\n".join(lines[i + 1 :]), i + 2), []
    return None, [
        Location(path, 1, 1).error(
            t("front matter is not closed"), hint=t("add a line with only '---' after the last front matter key")
        )
    ]
