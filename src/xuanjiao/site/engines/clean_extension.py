"""A Python-Markdown extension that cleans the HTML it outputs (xuanjiao.sanitize).

Every engine renders page Markdown with Python-Markdown (MkDocs and Zensical in their own
process, Pelican in its own program), so listing this extension in each one's configuration
cleans every page's content where it is made: after raw HTML is put back, before Zensical's
search postprocessor (priority 0) or MkDocs' search plugin read it. Then phone numbers become `tel:` links (site pages only; print has none).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ...sanitize import clean

NAME = "xuanjiao.site.engines.clean_extension"  # as engines' configurations name it


class _Clean(Postprocessor):
    def run(self, text: str) -> str:
        return clean(text)


# Hotlines (12320, 12345), mobiles and landlines (0851-2222333), 400 numbers: a tap calls them.
PHONE = re.compile(r"(?<![0-9A-Za-z.\-/])(?:123\d\d|1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})(?![0-9A-Za-z\-/])")
_TAG_OR_TEXT = re.compile(
    r"(<a\b.*?</a>|<(?:code|pre|script|style)\b.*?</(?:code|pre|script|style)>|<[^>]+>)", re.DOTALL
)


def tel_links(html: str) -> str:
    """Phone numbers in text (not inside a link, code or a tag) as `tel:` links."""
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):  # the text between tags
        parts[i] = PHONE.sub(lambda m: f'<a href="tel:{m.group(0).replace("-", "")}">{m.group(0)}</a>', parts[i])
    return "".join(parts)


class _Tel(Postprocessor):
    def run(self, text: str) -> str:
        return tel_links(text)


class CleanExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown names it
        md.postprocessors.register(_Clean(md), "xuanjiao_clean", 5)  # after raw_html (30) and amp_substitute (20)
        md.postprocessors.register(_Tel(md), "xuanjiao_tel", 4)  # on cleaned HTML; makes only tel: links


def makeExtension(**kwargs: Any) -> CleanExtension:  # Python-Markdown looks it up by this name
    return CleanExtension(**kwargs)
