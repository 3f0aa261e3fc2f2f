"""A Python-Markdown extension that cleans the HTML it outputs (xuanjiao.sanitize).

Every engine renders page Markdown with Python-Markdown (MkDocs and Zensical in their own
process, Pelican in its own program), so listing this extension in each one's configuration
cleans every page's content where it is made: after raw HTML is put back, before Zensical's
search postprocessor (priority 0) or MkDocs' search plugin read it.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ...sanitize import clean

NAME = "xuanjiao.site.engines.clean_extension"  # as engines' configurations name it


class _Clean(Postprocessor):
    def run(self, text: str) -> str:
        return clean(text)


class CleanExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown names it
        md.postprocessors.register(_Clean(md), "xuanjiao_clean", 5)  # after raw_html (30) and amp_substitute (20)


def makeExtension(**kwargs: Any) -> CleanExtension:  # Python-Markdown looks it up by this name
    return CleanExtension(**kwargs)
