"""Markdown bodies are checked, not trusted: raw HTML outside a small allowlist, event
handlers, `javascript:` links and images from the network or outside the project are errors
at `file:line:col`. Refusing beats silently sanitizing: the writer learns what was wrong, and
nothing unsafe can reach the site or a PDF."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Diagnostic, Location
from . import models as m
from ..messages import t

ALLOWED_TAGS = {
    "a", "abbr", "b", "br", "caption", "code", "del", "details", "div", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
URL_ATTR = re.compile(r"\b(href|src|srcset|action|formaction|xlink:href|style)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
                      re.IGNORECASE)
MD_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
BAD_SCHEMES = ("javascript", "vbscript", "data", "file")
FENCE = re.compile(r"^\s*(```|~~~)")


def check_document(doc: m.Document, rel: str, root: Path) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    in_fence = False
    for offset, line in enumerate(doc.body.split("\n")):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        text = re.sub(r"`[^`]*`", lambda mt: " " * len(mt.group(0)), line)  # inline code is literal text
        loc = lambda col: Location(rel, doc.body_line + offset, col + 1)  # noqa: E731
        out += _raw_html(text, loc)
        out += _markdown_urls(text, loc, doc.path.parent, root)
    return out


def _raw_html(text: str, loc) -> list[Diagnostic]:
    out = []
    for tag in TAG.finditer(text):
        name = tag.group(2).lower()
        if name not in ALLOWED_TAGS:
            out.append(loc(tag.start()).error(
                t("HTML tag <{name}> is not allowed in content", name=name),
                hint=t("use Markdown; allowed HTML: {tags}",
                       tags=", ".join(sorted(ALLOWED_TAGS - {"h2", "h3", "h4", "h5", "h6"})))))
            continue
        attrs = tag.group(3)
        event = EVENT_ATTR.search(attrs)
        if event:
            out.append(loc(tag.start(3) + event.start()).error(
                t("event handler attribute {event} is not allowed", event=event.group(0).rstrip('= '))))
        for attr in URL_ATTR.finditer(attrs):
            value = attr.group(2).strip("\"'")
            col = tag.start(3) + attr.start(2)
            if attr.group(1).lower() == "style":
                if "url(" in value.lower() or "expression(" in value.lower():
                    out.append(loc(col).error(t("style attributes may not load URLs")))
            else:
                out += _url(value, loc(col), is_image=name == "img")
    return out


def _markdown_urls(text: str, loc, base: Path, root: Path) -> list[Diagnostic]:
    out = []
    for link in MD_LINK.finditer(text):
        is_image = link.group(1) == "!"
        url = link.group(2)
        where = loc(link.start(2))
        problems = _url(url, where, is_image)
        if not problems and not urlparse(url).scheme and not url.startswith("#"):
            target = (base / unquote(urlparse(url).path)).resolve()
            if not target.is_relative_to(root.resolve()):
                problems.append(where.error(t("'{url}' points outside the project", url=url),
                                            hint=t("keep images and files under content/assets/")))
        out += problems
    return out


def _url(url: str, where: Location, is_image: bool) -> list[Diagnostic]:
    scheme = urlparse(url.strip()).scheme.lower()
    compact = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    if scheme in BAD_SCHEMES or any(compact.startswith(s + ":") for s in BAD_SCHEMES):
        return [where.error(t("{value}: URLs are not allowed in content", value=scheme or compact.split(':')[0]))]
    if is_image and (scheme in ("http", "https") or url.startswith("//")):
        return [where.error(t("image from the network: {url}", url=url),
                            hint=t("download it into content/assets/ and link it relatively; the site and PDFs never fetch from other hosts"))]
    return []


def check_bodies(project: m.Project) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for group in (project.campaigns, project.materials, project.pages, project.news):
        for doc in group.values():
            rel = doc.src.path if doc.src else str(doc.path)
            out += check_document(doc, rel, project.root)
    return out
