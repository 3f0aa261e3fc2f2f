"""The HTML mammoth makes of a Word document, written as the project's Markdown dialect
(xuanjiao.markdown): headings, nested lists indented four spaces (Python-Markdown's rule),
bold and italic, tables as pipe tables, images, links. Every character of the writer's text
is escaped so Markdown reads it as text: a `*` or `<` typed in Word stays a `*` or `<`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import lxml.html
from lxml import etree

LIST_INDENT = "    "
LINK_SCHEMES = ("http://", "https://", "mailto:")
_ESCAPE = str.maketrans(
    {
        "\\": "\\\\",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)
# What would start a heading, list, rule, admonition or definition at the start of a line.
_LINE_START = re.compile(r"^(\s*)(#|[-+:]|!(?=!!)|\d+(?=\.))")
_SPACE = re.compile(r"\s+")


@dataclass
class Converted:
    title: str | None  # the first heading's text, when the document starts with it
    markdown: str
    notes: list[str] = field(default_factory=list)  # what was changed on the way (merged cells...)


def escape(text: str) -> str:
    return _SPACE.sub(" ", text).translate(_ESCAPE)


def to_markdown(html: str) -> Converted:
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    _merge_runs(root)
    writer = _Writer()
    title = writer.take_title(root)
    blocks = writer.blocks(root)
    return Converted(title, "\n\n".join(b for b in blocks if b.strip()) + "\n", writer.notes)


class _Writer:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.shift = 0

    def take_title(self, root) -> str | None:
        """Remove and return the first heading when only empty paragraphs precede it (the page
        shows the material's title itself); headings are then shifted so the highest is ##."""
        title = None
        for child in list(root):
            if _heading_level(child):
                text = _SPACE.sub(" ", child.text_content()).strip()
                if text:
                    title = text
                    root.remove(child)
                break
            if child.tag != "p" or child.text_content().strip() or len(child):
                break
        levels = [_heading_level(el) for el in root.iter() if _heading_level(el)]
        self.shift = 2 - min(levels) if levels else 0
        return title

    def blocks(self, parent) -> list[str]:
        out: list[str] = []
        for el in parent:
            if not isinstance(el.tag, str):
                continue
            level = _heading_level(el)
            if level:
                text = self.inline(el).strip()
                if text:
                    out.append("#" * min(6, max(2, level + self.shift)) + " " + text)
            elif el.tag in ("ul", "ol"):
                out.append("\n".join(self.list_lines(el, 0)))
            elif el.tag == "table":
                out.append(self.table(el))
            elif el.tag == "p":
                out.append(_guard_line_start(self.inline(el).strip()))
            else:
                out.extend(self.blocks(el) if len(el) else [_guard_line_start(self.inline(el).strip())])
        return out

    def list_lines(self, el, depth: int) -> list[str]:
        lines = []
        number = 0
        for li in el:
            if li.tag != "li":
                continue
            number += 1
            marker = f"{number}. " if el.tag == "ol" else "- "
            nested = [c for c in li if c.tag in ("ul", "ol")]
            for c in nested:
                li.remove(c)
            text = _guard_line_start(self.inline_blocks(li))
            if text:
                lines.append(LIST_INDENT * depth + marker + text)
            else:  # Word skipped a level (an empty item holding a deeper list): no empty bullet
                number -= 1
            for c in nested:
                lines.extend(self.list_lines(c, depth + 1 if text else depth))
        return lines

    def inline_blocks(self, el) -> str:
        """An element's text on one line: paragraphs inside it joined with line breaks."""
        if any(c.tag in ("p", "ul", "ol", "table") for c in el):
            parts = [self.inline_blocks(c) if c.tag != "p" else self.inline(c).strip() for c in el]
            lead = escape(el.text or "").strip()
            return "<br>".join(p for p in [lead, *parts] if p)
        return self.inline(el).strip()

    def table(self, el) -> str:
        rows = [tr for tr in el.iter("tr")]
        grid: list[list[str]] = []
        for tr in rows:
            cells = []
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                if cell.get("colspan") or cell.get("rowspan"):
                    self.notes.append("merged")
                if cell.find(".//table") is not None:
                    self.notes.append("nested")
                cells.append(self.inline_blocks(cell).replace("\n", " ").replace("|", "\\|") or " ")
                cells.extend(
                    [" "] * (int(cell.get("colspan") or 1) - 1 if (cell.get("colspan") or "1").isdigit() else 0)
                )
            grid.append(cells)
        width = max((len(r) for r in grid), default=0)
        if not width:
            return ""
        grid = [r + [" "] * (width - len(r)) for r in grid]
        lines = ["| " + " | ".join(grid[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in grid[1:]]
        return "\n".join(lines)

    def inline(self, el) -> str:
        """Markdown for an element's content (its own tag is the caller's business)."""
        parts = [escape(el.text or "")]
        for child in el:
            if isinstance(child.tag, str):
                parts.append(self.inline_element(child))
            parts.append(escape(child.tail or ""))
        return "".join(parts)

    def inline_element(self, el) -> str:
        tag = el.tag
        if tag == "br":
            return "<br>"
        if tag == "img":
            src = el.get("src") or ""
            return f"![{escape(el.get('alt') or '').strip()}]({src})" if src else ""
        inner = self.inline(el)
        if tag in ("strong", "b", "em", "i"):
            return _wrap(inner, "**" if tag in ("strong", "b") else "*")
        if tag == "a":
            return self.link(el, inner)
        if tag in ("sup", "sub", "s", "del"):
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if tag in ("p", "ul", "ol", "li", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
            return self.inline_blocks(el)
        return inner

    def link(self, el, inner: str) -> str:
        href = (el.get("href") or "").strip()
        if href.startswith(("#footnote-ref-", "#endnote-ref-")):
            return ""  # the back-link arrow mammoth puts after each note
        if href.lower().startswith(LINK_SCHEMES) and inner.strip():
            url = re.sub(r"[\s()<>]", lambda m: quote(m.group()), href)  # what would end a Markdown link
            return f"[{inner}]({url})"
        return inner


def _merge_runs(root) -> None:
    """`<strong>a</strong><strong>b</strong>` (two Word runs) as one, or Markdown reads `****`."""
    for el in list(root.iter("strong", "em", "s", "sup", "sub")):
        nxt = el.getnext()
        while nxt is not None and nxt.tag == el.tag and not (el.tail or "") and not nxt.attrib:
            if len(el):
                el[-1].tail = (el[-1].tail or "") + (nxt.text or "")
            else:
                el.text = (el.text or "") + (nxt.text or "")
            el.extend(list(nxt))
            el.tail = nxt.tail
            nxt.getparent().remove(nxt)
            nxt = el.getnext()


def _heading_level(el) -> int:
    tag = el.tag if isinstance(el.tag, str) else ""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0


def _wrap(inner: str, mark: str) -> str:
    """`**bold**` with the spaces Word put inside the run moved outside (Markdown needs that)."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _guard_line_start(text: str) -> str:
    """A paragraph typed as `1. ` or `# ` or `- ` in Word is text, not a list or a heading."""

    def guard(m: re.Match) -> str:
        lead, mark = m.groups()
        if mark == ":":
            return lead + "&#58;"  # not a backslash escape in Python-Markdown
        return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)

    return _LINE_START.sub(guard, text, count=1)


def serialize(el) -> str:  # for debugging and tests
    return etree.tostring(el, encoding="unicode", method="html")
