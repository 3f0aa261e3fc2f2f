"""The security boundary for content HTML: rendered Markdown is cleaned with nh3 (Ammonia).

Source regexes cannot see what the Markdown parser makes of reference links, entity-encoded
schemes or tags split over lines; the rendered HTML is what a browser runs, so that is what is
cleaned, in every engine and in print. `removals` compares a fragment with its cleaned form so
the writer is told what was dropped (see content/safety.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# Raw HTML a writer may use (content.md), plus what Python-Markdown and its extensions
# (tables, attr_list, admonition, def_list, toc, md_in_html) and our page templates emit.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
# `id` keeps heading anchors (toc) and attr_list ids; `class` admonitions, buttons, our own
# xj-* hooks; `style` for layout a writer sets (`{: style="width: 40mm" }` on a photo) and the
# tables extension's text-align, filtered to the properties below: none of them loads a URL.
_GENERIC = {"id", "class", "title", "lang", "dir", "role", "style"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": _GENERIC | {"href", "hreflang"},
    "img": _GENERIC | {"src", "alt", "width", "height", "loading"},
    "td": _GENERIC | {"colspan", "rowspan", "align"},
    "th": _GENERIC | {"colspan", "rowspan", "align", "scope"},
    "ol": _GENERIC | {"start", "type"},
    "li": _GENERIC | {"value"},
    "details": _GENERIC | {"open"},
}
URL_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "webcal"}
)  # relative URLs pass through; webcal: calendar subscriptions
STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "vertical-align",
        "width",
        "height",
        "max-width",
        "max-height",
        "min-width",
        "min-height",
        "float",
        "clear",
        "margin",
        "margin-top",
        "margin-right",
        "margin-bottom",
        "margin-left",
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
    }
)


# A declaration's value: words, numbers, units, colours, and only the colour functions: no
# url(), expression() or escapes, whatever the property.
_STYLE_VALUE = re.compile(r"[#\w\s.%,+-]*(?:(?:rgba?|hsla?)\([\d\s.,%]*\)[#\w\s.%,+-]*)*", re.ASCII)


def _style_values(element: str, attribute: str, value: str) -> str | None:
    if attribute != "style":
        return value
    kept = [d.strip() for d in value.split(";") if ":" in d and _STYLE_VALUE.fullmatch(d.split(":", 1)[1].strip())]
    return ";".join(kept) or None


def clean(html: str) -> str:
    """Content HTML with everything executable removed (script, handlers, bad URL schemes)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_style_values,
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


def clean_text(text: str) -> str:
    """Text meant as plain words (search index entries) with any markup made inert."""
    return nh3.clean_text(text)


@dataclass(frozen=True)
class Removal:
    tag: str
    attr: str | None = None  # None: the whole element was dropped
    value: str = ""  # a URL attribute's value as parsed (entities decoded)
    count: int = 1  # how many times

    def describe(self) -> str:
        if self.attr is None:
            return f"<{self.tag}>"
        if self.attr in URL_ATTRIBUTES:
            return f'{self.attr}="{_short(self.value)}" on <{self.tag}>'
        return f"{self.attr} attribute on <{self.tag}>"


URL_ATTRIBUTES = ("href", "src")  # compared by value: a kept link keeps its URL


def _short(text: str, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"


class _Inventory(HTMLParser):
    """Counts of elements, of (element, attribute) pairs and of (element, URL attribute, URL)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: Counter[tuple[str, str, str]] = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs[(tag, name, value or "" if name in URL_ATTRIBUTES else "")] += 1

    handle_startendtag = handle_starttag


def removals(html: str, cleaned: str | None = None) -> list[Removal]:
    """What `clean` drops from `html`: elements, then attributes of kept elements."""
    before = _Inventory(html)
    after = _Inventory(clean(html) if cleaned is None else cleaned)
    gone = before.tags - after.tags
    out = [Removal(tag, count=n) for tag, n in sorted(gone.items())]
    for (tag, attr, value), n in sorted((before.attrs - after.attrs).items()):
        if tag not in gone:
            out.append(Removal(tag, attr, value, n))
    return out


def remote_images(html: str) -> list[str]:
    """`src` of every image loaded from another host (the site and PDFs never fetch those)."""
    finder = _ImageSources()
    finder.feed(html)
    finder.close()
    return finder.remote


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        src = "".join((dict(attrs).get("src") or "").split()).lower().replace("\\", "/")
        if src.startswith(("http:", "https:", "//")):
            self.remote.append(dict(attrs).get("src") or "")

    handle_startendtag = handle_starttag
