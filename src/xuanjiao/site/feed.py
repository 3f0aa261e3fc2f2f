"""The Atom feed of the news posts (`feed.xml`): one writer, whatever the engine.

Deterministic: entries are ordered newest first, `updated` is each post's date (the feed's
is the newest post's, or the build clock when there are none), ids are derived from the
site and the post id, so two builds of the same input produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .. import i18n

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class FeedEntry:
    key: str  # stable, e.g. "news/whd-2026-station"
    title: str
    url: str  # site-relative, e.g. "news/whd-2026-station/index.html"
    date: dt.date
    summary: str
    html: str = ""  # full text as HTML (optional)


def _stamp(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA).isoformat()


def _id(base: str, key: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, base + key))


def write_feed(
    *,
    title: str,
    author: str,
    site_url: str | None,
    entries: list[FeedEntry],
    stamp: dt.datetime,
    lang: str = i18n.DEFAULT,
) -> bytes:
    """Atom 1.0, in `lang`. Links are absolute when the site has a `url:` (the language's root),
    else relative to feed.xml (which sits at the root of its language's site, so they resolve
    when the feed is opened from disk)."""
    base = site_url or ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": lang})
    if site_url:
        feed.set(f"{{{XML}}}base", site_url)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    ordered = sorted(entries, key=lambda e: (e.date, e.key), reverse=True)
    sub(feed, "id", _id(base or title, "feed.xml"))
    sub(feed, "title", f"{title} · {i18n.gettext('活动报道', lang)}")
    sub(feed, "updated", _stamp(ordered[0].date) if ordered else stamp.isoformat())
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    sub(feed, "link", rel="alternate", type="text/html", href=base + "news/index.html")
    sub(sub(feed, "author"), "name", author)
    for e in ordered:
        entry = sub(feed, "entry")
        sub(entry, "id", _id(base or title, e.key))
        sub(entry, "title", e.title)
        sub(entry, "updated", _stamp(e.date))
        sub(entry, "published", _stamp(e.date))
        sub(entry, "link", rel="alternate", type="text/html", href=base + e.url)
        sub(entry, "summary", e.summary)
        if e.html:
            sub(entry, "content", e.html, type="html")
    ET.indent(feed)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
    )
