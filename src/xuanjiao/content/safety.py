"""Markdown bodies are rendered, then cleaned (`xuanjiao.sanitize`, the security boundary);
what the cleaner drops is reported as a warning at the source text that produced it, so the
writer learns what the published page leaves out. Images from the network are errors (the
site and PDFs never fetch from other hosts): a writer can fix that. Where a relative link or
image leads (missing, out of the project) is `links.py`'s check."""

from __future__ import annotations

import re
from html.entities import codepoint2name

from .. import sanitize
from ..errors import Diagnostic, Location
from ..markdown import render_raw
from ..messages import t
from . import models as m

# What a writer may use, for the hint (headings come from Markdown's `##`).
WRITER_TAGS = sorted(
    sanitize.ALLOWED_TAGS - {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "dl", "dt", "dd", "blockquote"}
)


def check_document(doc: m.Document, rel: str) -> list[Diagnostic]:
    return _rendered(doc.body, _Placer(doc.body, rel, doc.body_line))


class _Placer:
    """Places findings at the body text matching them (exact case first), else at the body's
    first line."""

    def __init__(self, body: str, rel: str, first_line: int):
        self.body, self.rel, self.first_line = body, rel, first_line

    def at(self, offset: int) -> Location:
        line = self.body.count("\n", 0, offset)
        col = offset - (self.body.rfind("\n", 0, offset) + 1)
        return Location(self.rel, self.first_line + line, col + 1)

    def find(self, patterns: list[str], count: int = 1) -> list[Location]:
        for pattern in patterns:
            for flags in (0, re.IGNORECASE):
                starts = [found.start() for found in re.finditer(pattern, self.body, flags)][:count]
                if starts:
                    return [self.at(start) for start in starts]
        return [Location(self.rel, self.first_line, 1)]


def _rendered(body: str, where: _Placer) -> list[Diagnostic]:
    """Render as every output does, then report what cleaning drops and what loads remotely."""
    html = render_raw(body)
    out = [
        where.find([re.escape(url)])[0].error(
            t("image from the network: {url}", url=url),
            hint=t(
                "download it into content/assets/ and link it relatively; the site and PDFs never fetch "
                "from other hosts"
            ),
        )
        for url in sanitize.remote_images(html)
    ]
    hint = t(
        "the site and the print files leave it out; use Markdown, or only this HTML: {tags}",
        tags=", ".join(WRITER_TAGS),
    )
    for removal in sanitize.removals(html):
        for loc in where.find(_patterns(removal), removal.count):
            out.append(loc.warning(t("removed unsafe HTML: {what}", what=removal.describe()), hint=hint))
    return out


def _patterns(removal: sanitize.Removal) -> list[str]:
    """Where in the Markdown a removal comes from, most precise first."""
    if removal.attr is None:
        return [r"<\s*" + re.escape(removal.tag) + r"(?![\w-])"]
    name = r"(?<![\w-])" + re.escape(removal.attr) + r"\s*="
    if removal.attr not in sanitize.URL_ATTRIBUTES:
        return [name]
    # A URL: its text as written (Markdown links, reference definitions, entity-encoded).
    return [_written(removal.value[:80]), name] if removal.value else [name]


def _written(text: str) -> str:
    """A pattern for `text` as HTML may spell it: each character literal or as an entity."""

    def char(c: str) -> str:
        named = codepoint2name.get(ord(c))
        return (
            "(?:"
            + "|".join([re.escape(c), f"&#0*{ord(c)};?", f"&#[xX]0*{ord(c):x};?"] + ([f"&{named};"] if named else []))
            + ")"
        )

    return "".join(char(c) for c in text)


def check_bodies(project: m.Project) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for group in (project.campaigns, project.materials, project.pages, project.news):
        for doc in group.values():
            rel = doc.src.path if doc.src else str(doc.path)
            out += check_document(doc, rel)
    return out
