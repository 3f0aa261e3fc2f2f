"""Where each page of the site lives (docs-relative .md paths, as the engines take them) and
relative links between them: one place for the site model, news, calendar and content links."""

from __future__ import annotations

import posixpath

from .. import i18n
from ..content.models import Project


def link(from_path: str, to_path: str) -> str:
    """A relative link between two docs-relative paths (MkDocs resolves .md links)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def material_path(mid: str) -> str:
    return f"materials/{mid}/index.md"


def campaign_path(cid: str) -> str:
    return f"campaigns/{cid}/index.md"


def post_path(nid: str) -> str:
    return f"news/{nid}/index.md"


def static_page_path(pid: str) -> str:
    return f"pages/{pid}/index.md"


def language_prefix(project: Project, lang: str) -> str:
    """ "" for the default (first) language, "en/" for the others."""
    return "" if lang == project.site.languages[0] else f"{lang}/"


def alternates(project: Project, lang: str) -> list[dict[str, str]]:
    if len(project.site.languages) < 2:
        return []
    up = "../" * language_prefix(project, lang).count("/")
    return [
        dict(name=i18n.language_name(other), lang=other, link=up + language_prefix(project, other))
        for other in project.site.languages
    ]
