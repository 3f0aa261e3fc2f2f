"""What the workspace can edit: each kind of content, the model that checks it, where its
files are, and how one thing (a unit) is found inside them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from ..content import models as m
from ..content.models import ID_RE
from .forms import Field, fields_of
from .memo import per_file
from .roundtrip import Key, RoundTripError, load, split
from .words import N_

Shape = Literal["doc", "list", "root", "years"]


@dataclass(frozen=True)
class Kind:
    name: str  # in URLs: /edit/<name>/<ident>
    label: str  # a word of the workspace catalog: shown as _(label)
    model: type[BaseModel]
    shape: Shape
    where: str  # folder of Markdown files, or the YAML file, under content/
    advanced: frozenset[str] = frozenset()  # fields folded under 更多设置 unless they hold something
    advanced_label: str = ""

    @property
    def markdown(self) -> bool:
        return self.shape == "doc"

    def fields(self) -> list[Field]:
        return fields_of(self.model)


KINDS = {
    k.name: k
    for k in (
        Kind(
            "materials",
            N_("宣传资料"),
            m.Material,
            "doc",
            "materials",
            frozenset(
                {
                    "lang",
                    "translation_of",
                    "qr",
                    "issue",
                    "venue",
                    "posted_on",
                    "print.quantity",
                    "print.paper",
                    "print.colors",
                    "print.finishing",
                    "print.large",
                    "print.sides",
                    "print.base_mm",
                }
            ),
            N_("印刷、宣传栏、语言"),
        ),
        Kind("campaigns", N_("宣传活动"), m.Campaign, "doc", "campaigns"),
        Kind("news", N_("新闻"), m.NewsPost, "doc", "news"),
        Kind("pages", N_("网站页面"), m.Page, "doc", "pages"),
        Kind("venues", N_("活动场地"), m.Venue, "list", "venues.yml"),
        Kind("days", N_("宣传日"), m.AwarenessDay, "list", "awareness-days.yml"),
        Kind("site", N_("网站设置"), m.SiteConfig, "root", "site.yml"),
        Kind("plan", N_("方案模板"), m.PlanTemplate, "root", "plan.yml"),
        Kind("holidays", N_("节假日安排"), m.HolidayYear, "years", "holidays.yml"),
    )
}


class NotFound(LookupError):
    pass


def file_of(root: Path, kind: Kind, ident: str) -> Path:
    """The file holding `ident` of `kind` (never outside content/: ids are checked)."""
    if kind.shape == "doc":
        if not ID_RE.match(ident):
            raise NotFound(ident)
        return root / "content" / kind.where / f"{ident}.md"
    return root / "content" / kind.where


def rel_path(kind: Kind, ident: str) -> str:
    if kind.shape == "doc":
        return f"content/{kind.where}/{ident}.md"
    return f"content/{kind.where}"


def key_of(kind: Kind, text: str, ident: str) -> Key:
    """Where `ident` is inside its file's YAML: None (front matter / whole file), a list index
    (the item whose id it is) or a year."""
    if kind.shape in ("doc", "root"):
        return None
    data = load(split(text, False))
    if kind.shape == "list":
        for i, item in enumerate(data or []):
            if isinstance(item, dict) and str(item.get("id")) == ident:
                return i
        raise NotFound(ident)
    if ident.isdigit() and isinstance(data, dict) and int(ident) in data:
        return int(ident)
    raise NotFound(ident)


def idents(root: Path, kind: Kind) -> list[str]:
    """Every thing of `kind` in the project, in file order."""
    if kind.shape == "doc":
        folder = root / "content" / kind.where
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    path = root / "content" / kind.where
    if not path.is_file():
        return []
    if kind.shape == "root":
        return [kind.name]
    return per_file("idents", path, lambda: _entries(path, kind))


def _entries(path: Path, kind: Kind) -> list[str]:
    try:
        data = load(split(path.read_text(encoding="utf-8"), False))
    except (RoundTripError, OSError, UnicodeDecodeError):
        return []
    if kind.shape == "list":
        return [str(i["id"]) for i in data or [] if isinstance(i, dict) and "id" in i]
    return [str(y) for y in data or {}]


def kind_of_path(rel: str) -> tuple[Kind, str] | None:
    """The kind and ident of a project-relative path, for files that are one unit."""
    parts = rel.split("/")
    for kind in KINDS.values():
        if (
            kind.shape == "doc"
            and len(parts) == 3
            and parts[:2] == ["content", kind.where]
            and parts[2].endswith(".md")
        ):
            return kind, parts[2][:-3]
        if kind.shape == "root" and rel == f"content/{kind.where}":
            return kind, kind.name
    return None
