"""Parsing helpers for built sites: links, fragments, external references, visible text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

# Elements whose URL the browser fetches by itself (a reference to another host is a request).
FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, url)
        self.html_lang = ""
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if "id" in a and a["id"]:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src", "data"):
            if a.get(attr):
                # canonical/alternate links name a URL without fetching it, like <a>
                kind = "a" if tag == "link" and a.get("rel") in ("canonical", "alternate") else tag
                self.links.append((kind, attr, a[attr]))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> PageParser:
    p = PageParser()
    p.feed(path.read_text("utf-8"))
    return p


def broken_links(site: Path, base: str = "/") -> list[str]:
    """Every internal href/src and #fragment that does not resolve, as 'page -> url'; `base` is
    the path the site is published under (its url:), which root-absolute URLs (404.html) start with."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []
    for page, parsed in pages.items():
        for _tag, _attr, url in parsed.links:
            u = urlparse(url)
            if u.scheme or url.startswith("//"):
                continue
            if u.path.startswith("/"):  # root-absolute (404.html): the site is served at `base`
                if not u.path.startswith(base):
                    problems.append(f"{page.relative_to(site)} -> {url} (outside the site's path {base})")
                    continue
                target = (site / unquote(u.path).removeprefix(base)).resolve()
            else:
                target = page if not u.path else (page.parent / unquote(u.path)).resolve()
            if u.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)} -> {url} (missing file)")
                continue
            if u.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(u.fragment) not in ids:
                    problems.append(f"{page.relative_to(site)} -> {url} (missing #{u.fragment})")
    return problems


def external_references(site: Path, allowed_hosts: set[str]) -> list[str]:
    """References that would make a browser contact another host, or links to one."""
    found = []
    for page in site.rglob("*.html"):
        for tag, attr, url in parse(page).links:
            u = urlparse(url)
            if u.scheme in ("http", "https") or url.startswith("//"):
                fetched = (tag, attr) in FETCHED
                if fetched or u.hostname not in allowed_hosts:
                    found.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)", css.read_text("utf-8", "replace")):
            found.append(f"{css.relative_to(site)}: url({url})")
    return found


def search_index(site: Path) -> dict:
    """The site's search index (search/index.js, the same on every engine): {docs, vocab}."""
    data = (site / "search" / "index.js").read_text("utf-8")
    return json.loads(data.removeprefix("window.XJ_SEARCH=").rstrip().removesuffix(";"))
