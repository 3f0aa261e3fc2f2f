"""What the start page and the forms' choices list, read leniently from the files: a file
with errors still shows up (by its id), so the person can open it and fix it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content.loader import _builtin_days
from ..resources import data_path
from .catalog import KINDS, Kind, file_of, idents
from .memo import per_file
from .roundtrip import RoundTripError, load, read_unit, split


@dataclass(frozen=True)
class Item:
    kind: str
    ident: str
    title: str
    status: str = ""
    review_due: dt.date | None = None
    date: dt.date | None = None  # campaigns: their year; news: the post's date
    text: str = ""  # for search: front matter values and body
    broken: bool = False


def _item(root: Path, kind: Kind, ident: str) -> Item:
    return per_file("item", file_of(root, kind, ident), lambda: _read_item(root, kind, ident))


def _read_item(root: Path, kind: Kind, ident: str) -> Item:
    try:
        text = file_of(root, kind, ident).read_text(encoding="utf-8")
        data, body = read_unit(text, True, None)
    except (OSError, UnicodeDecodeError, RoundTripError):
        return Item(kind.name, ident, ident, broken=True)
    due = data.get("review_due")
    when = data.get("date")
    return Item(
        kind.name,
        ident,
        str(data.get("title") or _heading(body or "") or ident),
        str(data.get("status", "draft" if kind.name == "materials" else "")),
        due if isinstance(due, dt.date) else None,
        when if isinstance(when, dt.date) else None,
        " ".join(str(v) for v in data.values()) + "\n" + (body or ""),
    )


def _heading(body: str) -> str:
    return next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")


def documents(root: Path, kind_name: str) -> list[Item]:
    kind = KINDS[kind_name]
    return [_item(root, kind, ident) for ident in idents(root, kind)]


def named(root: Path, ref: str) -> list[tuple[str, str]]:
    """(id, Chinese name) of every venue, material, campaign or awareness day: form choices."""
    if ref in ("materials", "campaigns"):
        return [(i.ident, i.title) for i in documents(root, ref)]
    if ref == "venues":
        return [(str(v.get("id")), str(v.get("name", v.get("id")))) for v in _yaml_list(root, "venues.yml")]
    if ref == "days":
        days = {k: d.title() for k, d in _builtin_days(data_path("awareness-days.yml")).items()}
        for d in _yaml_list(root, "awareness-days.yml"):
            name = d.get("name")
            days[str(d.get("id"))] = str(name.get("zh-CN") if isinstance(name, dict) else name or d.get("id"))
        return sorted(days.items())
    return []


def _yaml_list(root: Path, name: str) -> list[dict]:
    path = root / "content" / name
    return per_file("list", path, lambda: _read_list(path))


def _read_list(path: Path) -> list[dict]:
    try:
        data = load(split(path.read_text(encoding="utf-8"), False))
    except (OSError, UnicodeDecodeError, RoundTripError):
        return []
    return [d for d in data or [] if isinstance(d, dict) and "id" in d] if isinstance(data, list) else []


def search(root: Path, query: str) -> list[Item]:
    words = [w.lower() for w in query.split() if w]
    found = []
    for kind in ("materials", "campaigns", "news", "pages"):
        for item in documents(root, kind):
            hay = (item.title + "\n" + item.text).lower()
            if words and all(w in hay for w in words):
                found.append(item)
    return found
