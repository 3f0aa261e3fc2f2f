"""The article body rewritten for the WeChat official account's editor (公众号编辑器).

The editor keeps inline styles but not the structure a browser would: it strips external
links, re-nests or drops `<ul>`/`<li>` and their markers, and loads no file a writer did not
upload. So, on the body already cleaned by xuanjiao.sanitize:

- lists become paragraphs with the bullet or number written out, indented per level;
- links become their text with a note number, the URLs listed at the end;
- images name the local files to upload beside the article (`images` decides which).

Elements get `wx-*` classes here only for the stylesheet; wechat.py inlines it and then
removes every class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

BULLETS = ("•", "◦", "▪")
MAX_DEPTH = 3  # deeper lists share the third level's indent


@dataclass
class Body:
    root: etree._Element
    notes: list[tuple[str, str]] = field(default_factory=list)  # (link text, URL), numbered from 1


def parse(html: str) -> etree._Element:
    return lxml.html.fragment_fromstring(html or "", create_parent="section")


def serialize(root: etree._Element) -> str:
    return "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)


def flatten_lists(root: etree._Element) -> None:
    """Every top-level `<ul>`/`<ol>` replaced by a `<section>` of numbered/bulleted `<p>`s."""
    for lst in [el for el in root.iter("ul", "ol") if not _inside_list(el)]:
        box = etree.Element("section", {"class": "wx-list"})
        for p in _items(lst, 0):
            box.append(p)
        box.tail = lst.tail
        lst.getparent().replace(lst, box)


def _inside_list(el) -> bool:
    return any(a.tag in ("ul", "ol") for a in el.iterancestors())


def _items(lst, depth: int) -> list[etree._Element]:
    out = []
    start = int(lst.get("start", "1")) if (lst.get("start") or "1").isdigit() else 1
    number = start - 1
    for li in lst:
        if li.tag != "li":
            continue
        number += 1
        level = min(depth, MAX_DEPTH - 1) + 1
        marker = f"{number}." if lst.tag == "ol" else BULLETS[min(depth, len(BULLETS) - 1)]
        p = etree.Element("p", {"class": f"wx-li wx-li-{level}"})
        mark = etree.SubElement(p, "span", {"class": "wx-marker"})
        mark.text = marker
        mark.tail = li.text.lstrip() if li.text else None
        nested = []
        for child in list(li):
            if child.tag in ("ul", "ol"):
                nested.append(child)
            elif child.tag == "p":  # a loose list's paragraphs: their content, one line apart
                if len(p) > 1 or (mark.tail or "").strip():
                    etree.SubElement(p, "br")
                _move_content(child, p)
            else:
                p.append(child)
        out.append(p)
        for sub in nested:
            out.extend(_items(sub, depth + 1))
    return out


def _move_content(src, dest) -> None:
    last = dest[-1] if len(dest) else None
    if src.text:
        if last is None:
            dest.text = (dest.text or "") + src.text
        else:
            last.tail = (last.tail or "") + src.text
    for child in list(src):
        dest.append(child)


def links_to_notes(root: etree._Element, target: Callable[[str], str | None], notes: list[tuple[str, str]]) -> None:
    """`<a href>` -> its content and a `[n]` note mark; `target(href)` is the URL to print in
    the notes (None: the link is dropped and its text stays, e.g. an anchor on the same page)."""
    numbers = {url: i + 1 for i, (_, url) in enumerate(notes)}
    for a in list(root.iter("a")):
        url = target(a.get("href") or "")
        span = etree.Element("span", {"class": "wx-link"} if url else {})
        span.text = a.text
        for child in list(a):
            span.append(child)
        span.tail = a.tail
        if url:
            if url not in numbers:
                notes.append((a.text_content().strip(), url))
                numbers[url] = len(notes)
            sup = etree.SubElement(span, "sup", {"class": "wx-ref"})
            sup.text = f"[{numbers[url]}]"
        a.getparent().replace(a, span)


def images(root: etree._Element, place: Callable[[str], str | None]) -> None:
    """Each `<img>`'s src replaced by `place(src)` (a local file name), or the image removed."""
    for img in list(root.iter("img")):
        name = place(img.get("src") or "")
        if name is None:
            _remove_keeping_tail(img)
            continue
        for attr in ("width", "height", "loading", "style"):
            img.attrib.pop(attr, None)
        img.set("src", name)
        img.set("class", "wx-img")


def _pre_as_lines(pre) -> None:
    """A code block as one paragraph: its lines joined by <br>, leading spaces kept as NBSP."""
    lines = pre.text_content().rstrip("\n").split("\n")
    p = etree.Element("p", {"class": "wx-pre"})
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        text = "\u00a0" * (len(line) - len(stripped)) + stripped
        if i == 0:
            p.text = text
        else:
            br = etree.SubElement(p, "br")
            br.tail = text
    p.tail = pre.tail
    pre.getparent().replace(pre, p)


def _remove_keeping_tail(el) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def mark_blocks(root: etree._Element) -> None:
    """Classes the stylesheet needs where an element's role is not its tag alone; `<div>` as
    `<section>` (the editor drops a div's box styles); `<pre>` as lines the editor keeps (it
    ignores white-space: pre)."""
    for div in list(root.iter("div")):
        classes = (div.get("class") or "").split()
        div.tag = "section"
        if "admonition" in classes:
            div.set("class", "wx-box")
            for title in div.iter("p"):
                if "admonition-title" in (title.get("class") or ""):
                    title.set("class", "wx-box-title")
    for pre in list(root.iter("pre")):
        _pre_as_lines(pre)
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("class") and not el.get("class", "").startswith("wx-"):
            del el.attrib["class"]  # content's own classes (attr_list) mean nothing to the editor
        if isinstance(el.tag, str) and "id" in el.attrib:
            del el.attrib["id"]
