"""Material's markup (in MkDocs and Zensical) that the Nu HTML Checker or axe-core reject,
repaired in the built pages: the templates that make it cannot be overridden in part. Each
repair says why; tests/test_browser_engines.py checks every engine's pages stay clean."""

from __future__ import annotations

import re
from pathlib import Path

_TOC_TITLE = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def _toc_title(html: str) -> str:
    """vnu: the table of contents' title is a <label for="__toc">, but the __toc checkbox
    exists only on pages in the navigation (materials and campaigns are not): elsewhere the
    title is plain text."""
    return html if 'id="__toc"' in html else _TOC_TITLE.sub(r'<span class="md-nav__title">\1</span>', html)


def _overlay(html: str) -> str:
    """axe aria-prohibited-attr (Zensical): a <label> without a role may not carry aria-label;
    the header's menu button has the name."""
    return re.sub(r'(<label class="md-overlay" for="__drawer")\s+aria-label="[^"]*"', r"\1", html)


def _empty_alternate(html: str) -> str:
    """vnu (Zensical): the default language's <link rel="alternate"> seen from the home page
    has an empty href; it is the site's root, '.'."""
    return html.replace('<link rel="alternate" href=""', '<link rel="alternate" href="."')


_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')


def _toggle_autocomplete(html: str) -> str:
    """vnu: autocomplete is not allowed on a checkbox. Material puts it on the drawer and search
    toggles so that Firefox does not restore them open on Back; xj-search.js unchecks both on
    `pageshow` instead."""
    return _CHECKBOX.sub(lambda tag: tag.group(0).replace(' autocomplete="off"', ""), html)


REPAIRS = {
    "mkdocs": (_toc_title, _toggle_autocomplete),
    "zensical": (_toc_title, _overlay, _empty_alternate, _toggle_autocomplete),
}


def repair_site(engine: str, site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        fixed = html
        for repair in REPAIRS[engine]:
            fixed = repair(fixed)
        if fixed != html:
            page.write_text(fixed, "utf-8")
