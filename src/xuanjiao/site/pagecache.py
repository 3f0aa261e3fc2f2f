"""A page-level cache in front of MkDocs: after one material changes, only its pages are read
and rendered; every other page's HTML is the one an earlier build rendered from the same inputs.

What one page's HTML is made of (its key): its own Markdown, and what every page shares — the
MkDocs configuration (navigation titles, the language switcher, the theme's words), each
page's path, title, place in the navigation and front matter (Material draws the navigation
from them), the names of the other files (links are checked against them, never their
content), the theme folders, the engine's package versions, our code, the build clock. Pages
that list others (home, campaigns, calendar, news) are made by the site model with those
lists in their Markdown, so a change to a material changes their Markdown and they are
rendered again; search/index.js, sitemap.xml, 404.html and feed.xml are not pages: they are
made afresh by every build. The stored HTML is MkDocs' own, before `repair_site`, which then
runs over every page as in a clean build: the output is byte-identical to one (a test).

The entries are looked up in the parent process before the languages are built in workers,
and what the workers rendered is stored after (workers.py: the cache stays in the parent).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import STATS, Key, Memo
from ..content.models import Project
from ..theme import theme_dirs
from .model import SiteModel


@dataclass
class Pages:
    """One language's pages for the engine: `reuse` (docs path -> stored HTML) to write as they
    are, `keys` (docs path -> key) of all, and `made` (docs path -> HTML) what the engine rendered."""

    keys: dict[str, str]
    reuse: dict[str, bytes]
    made: dict[str, bytes] = field(default_factory=dict)
    templates: Path | None = None  # where the engine keeps its compiled templates (Jinja bytecode)


def page_keys(project: Project, model: SiteModel, versions: object, stamp: object) -> dict[str, str]:
    """Each page's key (see the module docstring)."""
    from .engines.mkdocs import mkdocs_config

    key = Key("site-page").add("engine", project.site.engine).add("versions", versions).add("stamp", stamp)
    key.add("site.yml", project.site.model_dump(mode="json"))
    # the configuration as the engine gets it, its two folders aside (they differ from build to build)
    key.add("config", mkdocs_config(project, model, Path("docs"), Path("site")))
    key.add("model", (model.lang, model.prefix, model.alternates, sorted(model.strings.items())))
    key.add("more", (model.date, model.logo, model.vocabulary))
    key.add("pages", [(p.path, p.title, p.nav, p.kind, _front(p.markdown)) for p in model.pages])
    key.add("files", (sorted(model.files), sorted(model.copies)))
    for part in ("site", project.site.engine):
        for n, theme in enumerate(theme_dirs(project, part)):
            key.add_tree(f"{part}-theme{n}", theme)
    common = key.hexdigest().encode()
    return {
        p.path: hashlib.sha256(common + b"\0" + p.path.encode() + b"\0" + p.markdown.encode()).hexdigest()
        for p in model.pages
    }


def look_up(memo: Memo, keys: dict[str, str]) -> Pages:
    """The pages found in `memo` (counted in cache.STATS as "site-pages": hits, and the misses by path)."""
    reuse = {path: html for path, key in keys.items() if (html := memo.get(key)) is not None}
    STATS.hits["site-pages"] += len(reuse)
    for path in keys.keys() - reuse.keys():
        STATS.miss("site-pages", path)
    return Pages(keys, reuse, templates=memo.cache.dir.parent / "templates")


def store(memo: Memo, pages: Pages) -> None:
    for path, html in pages.made.items():
        memo.put(pages.keys[path], html)


def _front(markdown: str) -> str:
    """The page's front matter as written (its meta: Material reads a page's title, icon and status)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end > 0:
            return markdown[: end + 5]
    return ""
