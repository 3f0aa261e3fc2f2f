"""MkDocs hooks (named in the generated mkdocs.yml `hooks:`), run inside MkDocs' build.

Material's templates print page titles as HTML (MkDocs' Jinja has no autoescape), so a
content title is escaped before the templates see it; every page's rendered content is
cleaned like every other output (xuanjiao.sanitize) before search indexes it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from xuanjiao.sanitize import clean


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = escape(title)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return clean(html)
