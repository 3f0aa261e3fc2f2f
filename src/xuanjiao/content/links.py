"""Links and images in Markdown bodies: found, resolved and checked in one place.

`check`, the site (which rewrites each URL to where the target is published) and print all
use this module, so they agree on what a link means and on what is wrong with it. Links are
found in the Markdown parser's view (the rendered HTML, so reference-style links and raw
`<img>` count) and then located in the source for the diagnostic's line and column.
A relative URL is relative to the Markdown file, as in MkDocs, and must name a file inside
content/ (after following symlinks): another page's `.md` file, or an asset that passes
`assets.check_file`.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Literal
from urllib.parse import unquote, urlsplit

from ..errors import Diagnostic, Location
from ..messages import t
from . import assets
from . import models as m

PAGE_GROUPS = ("campaigns", "materials", "pages", "news")
Kind = Literal["external", "anchor", "page", "asset"]


@dataclass(frozen=True)
class Ref:
    url: str  # as written (entities decoded)
    start: int  # offset of the URL in the body; -1 when it could not be located
    line: int  # 0-based line within the body
    col: int  # 1-based column
    image: bool


@dataclass(frozen=True)
class Resolved:
    ref: Ref
    kind: Kind
    rel: str = ""  # page or asset: its path under content/, e.g. "assets/logo.svg"
    file: Path | None = None  # the resolved file
    tail: str = ""  # "?query#fragment", kept when the URL is rewritten
    checked: assets.Checked | None = None  # an asset's verdict


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.found.append((value.strip(), tag == "img"))

    handle_startendtag = handle_starttag


@lru_cache(maxsize=1024)
def find_refs(body: str) -> tuple[Ref, ...]:
    """Every `<a href>` and `<img src>` the body renders to, in order, located in the source."""
    if "](" not in body and "]:" not in body and "<" not in body:
        return ()  # no inline link, reference definition, autolink or raw HTML
    from ..markdown import render

    try:
        html = render(body)
    except RecursionError:  # absurdly deep nesting: reported elsewhere, nothing to resolve here
        return ()
    parser = _Collect()
    parser.feed(html)
    parser.close()
    seen: dict[str, int] = {}
    refs = []
    for url, image in parser.found:
        starts = _occurrences(body, url)
        n = seen.get(url, 0)
        seen[url] = n + 1
        start = starts[min(n, len(starts) - 1)] if starts else -1
        line = body.count("\n", 0, start) if start >= 0 else 0
        col = start - (body.rfind("\n", 0, start) + 1) + 1 if start >= 0 else 1
        refs.append(Ref(url, start, line, col, image))
    return tuple(refs)


def _occurrences(body: str, url: str) -> list[int]:
    """Where `url` is written as a URL: after `(`, `<`, a quote, `=` or a definition's `]:`."""
    if not url:
        return []
    pattern = re.compile(r"(?:(?<=[(<\"'=])|(?<=\]:)|(?<=\]:[ \t])|(?<=\]:[ \t]{2}))" + re.escape(url))
    return [mt.start() for mt in pattern.finditer(body)]


def resolve(ref: Ref, base: Path, project: m.Project) -> Resolved | tuple[str, str]:
    """What `ref` names, seen from the folder `base`; a (message, hint) problem when it names
    nothing publishable. External URLs are left to the safety checks."""
    parts = urlsplit(ref.url)
    tail = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    if parts.scheme or ref.url.startswith("//"):
        return Resolved(ref, "external")
    if not parts.path:
        return Resolved(ref, "anchor")
    if ref.url.startswith(("/", "\\")):
        return (
            t("absolute path '{url}': it breaks when the site is opened from a folder or a sub-path", url=ref.url),
            t("write the path relative to the Markdown file, e.g. ../assets/logo.svg"),
        )
    content = project.content_dir.resolve()
    written = Path(posixpath.normpath((base.resolve() / unquote(parts.path)).as_posix()))
    target = written.resolve()
    if not target.is_relative_to(content):
        if written.is_relative_to(content):
            message = t("'{url}' is a symbolic link to a file outside the project", url=ref.url)
        elif written.is_relative_to(project.root.resolve()):
            message = t("'{url}' points outside content/ (only content/ is published)", url=ref.url)
        else:
            message = t("'{url}' points outside the project", url=ref.url)
        return message, t("copy the file into content/assets/ and link it relatively, e.g. ../assets/photo.jpg")
    rel = target.relative_to(content).as_posix()
    if not target.is_file():
        if target.is_dir():
            message = (
                t("image is a folder: {url}", url=ref.url) if ref.image else t("link to a folder: {url}", url=ref.url)
            )
        else:
            message = (
                t("image not found: {url}", url=ref.url)
                if ref.image
                else t("link target not found: {url}", url=ref.url)
            )
        return (message, t("looked for content/{rel}; paths are relative to the Markdown file", rel=rel))
    if target.suffix.lower() == ".md":
        group, _, name = rel.partition("/")
        docs = getattr(project, group, None) if group in PAGE_GROUPS and "/" not in name else None
        if ref.image or docs is None or target.stem not in docs:
            return (
                t("'{url}' is not a page of the site", url=ref.url),
                t("link campaigns, materials, pages and news by their .md file"),
            )
        return Resolved(ref, "page", rel, target, tail)
    checked = assets.check_file(target, ref.image)
    if checked.problem:
        return checked.problem
    return Resolved(ref, "asset", rel, target, tail, checked)


def resolve_document(doc: m.Document, rel_path: str, project: m.Project) -> tuple[list[Resolved], list[Diagnostic]]:
    """Every link and image of one document, and its problems at `rel_path:line:col`."""
    found, diags = [], []
    for ref in find_refs(doc.body):
        where = Location(rel_path, doc.body_line + ref.line, ref.col)
        result = resolve(ref, doc.path.parent, project)
        if isinstance(result, tuple):
            diags.append(where.error(*result))
            continue
        found.append(result)
        diags += _cleaned(result, where) + _missing_anchor(result, doc, project, where)
    return found, diags


_ID_RE = re.compile(r'\sid="([^"]+)"')


def _anchors(doc: m.Document) -> set[str]:
    """The ids a reader can jump to in `doc`: its headings (and explicit ids) and its title."""
    from ..markdown import heading_slug, render

    ids = {html.unescape(found) for found in _ID_RE.findall(render(doc.body))}
    title = getattr(doc, "title", "")
    return ids | {heading_slug(title)} if title else ids


def _missing_anchor(result: Resolved, doc: m.Document, project: m.Project, where: Location) -> list[Diagnostic]:
    """A `#fragment` naming no heading of its page. A warning, not an error: the page's template
    adds headings of its own (宣传资料, 活动地点…) that a body cannot show."""
    fragment = unquote(urlsplit(result.ref.url).fragment)
    if not fragment or result.kind not in ("anchor", "page"):
        return []
    target: m.Document | None = doc
    if result.kind == "page":
        group, _, name = result.rel.partition("/")
        target = getattr(project, group).get(Path(name).stem)
    if target is None or fragment in _anchors(target):
        return []
    known = sorted(_anchors(target))
    return [
        where.warning(
            t(
                "'#{fragment}' is not a heading of {page}",
                fragment=fragment,
                page=f"content/{result.rel}" if result.rel else where.path,
            ),
            hint=t("headings there: {ids}", ids="、".join(known[:8]) or "—"),
        )
    ]


def resolve_cover(doc: m.NewsPost | m.Material, project: m.Project) -> tuple[Resolved | None, list[Diagnostic]]:
    """A news post's or a material's `cover:`, a path under content/ (e.g. `assets/photo.jpg`);
    never a web address (print reads no network, the site loads nothing from elsewhere)."""
    if not doc.cover:
        return None, []
    group = "news" if isinstance(doc, m.NewsPost) else "materials"
    where = doc.src.at("cover") if doc.src else Location(f"content/{group}/{doc.id}.md", 1, 1)
    result = resolve(Ref(doc.cover, 0, 0, 1, True), project.content_dir, project)
    if not isinstance(result, tuple) and result.kind != "asset":
        result = (t("'{url}' is not a picture file inside content/", url=doc.cover), "")
    if isinstance(result, tuple):
        message, _ = result
        return None, [
            where.error(
                t("cover: {problem}", problem=message),
                hint=t("put the image in content/assets/ and write e.g. `cover: assets/photo.jpg`"),
            )
        ]
    return result, _cleaned(result, where)


def _cleaned(result: Resolved, where: Location) -> list[Diagnostic]:
    if result.checked is None or not result.checked.removed:
        return []
    return [
        where.warning(
            t(
                "{name}: removed {items} before publishing (they could run script)",
                name=result.file.name if result.file else result.rel,
                items=", ".join(result.checked.removed),
            ),
            hint=t("export the SVG again without scripts or interactivity"),
        )
    ]


def documents(project: m.Project) -> Iterable[tuple[m.Document, str]]:
    for group in PAGE_GROUPS:
        for doc in getattr(project, group).values():
            yield doc, doc.src.path if doc.src else str(doc.path)


def check_links(project: m.Project) -> list[Diagnostic]:
    """Every link, image and news cover of the project: what `check` and `build` report."""
    out: list[Diagnostic] = []
    for doc, rel in documents(project):
        out += resolve_document(doc, rel, project)[1]
    covered: list[m.NewsPost | m.Material] = [*project.news.values(), *project.materials.values()]
    for doc in covered:
        out += resolve_cover(doc, project)[1]
    return out


def rewrite(body: str, replacements: list[tuple[Ref, str]]) -> str:
    """The body with each located ref's URL replaced (a URL used twice is rewritten once per use)."""
    spans = sorted(
        {(ref.start, ref.start + len(ref.url)): new for ref, new in replacements if ref.start >= 0}.items(),
        reverse=True,
    )
    for (start, end), new in spans:
        body = body[:start] + new + body[end:]
    return body
