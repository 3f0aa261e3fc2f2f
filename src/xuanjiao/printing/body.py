"""A material's Markdown body as print needs it: parts split at `<!-- break -->` with their
line numbers, flow units (blocks and list items) for leaflet panels, and image checks.

Everything is rendered with the one Markdown dialect (`xuanjiao.markdown`), so a leaflet
and its web page never disagree about the markup.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .. import markdown
from ..content import links
from ..content.models import Material, Project
from ..errors import Diagnostic, errors_in


@dataclass(frozen=True)
class Part:
    """The text between two `<!-- break -->` lines."""

    text: str
    line: int  # line of the part's first line in the Markdown file
    break_line: int  # line of the break that starts it (0 for the first part)

    @property
    def html(self) -> str:
        return markdown.render(self.text)


def parts(material: Material) -> list[Part]:
    """The body split at breaks; empty parts (two breaks in a row) are kept, they mean an empty panel."""
    body = material.body
    out: list[Part] = []
    starts = [(0, 0)] + [(m.end(), m.start()) for m in markdown.BREAK_RE.finditer(body)]
    ends = [m.start() for m in markdown.BREAK_RE.finditer(body)] + [len(body)]
    for (start, break_at), end in zip(starts, ends):
        raw = body[start:end]
        stripped = raw.lstrip("\n")
        line = material.body_line + body[:start].count("\n") + (len(raw) - len(stripped))
        break_line = material.body_line + body[:break_at].count("\n") if start else 0
        out.append(Part(stripped.rstrip("\n"), line, break_line))
    return out


@dataclass(frozen=True)
class Unit:
    """A block that is never split across panels: a heading, paragraph, table or list item."""

    index: int
    html: str  # the element, serialized; list items are <li>
    part: int
    line: int  # best-effort source line, for diagnostics
    list_key: int = -1  # list items of one source list share a key
    list_tag: str = ""
    list_attrs: tuple[tuple[str, str], ...] = ()
    number: int = 0  # position in an ordered list
    keep_with_next: bool = False


def units(part_list: list[Part]) -> list[Unit]:
    """Flow units of every part, in order, each tagged with `data-u` for measuring."""
    import tinyhtml5

    out: list[Unit] = []
    list_key = 0
    for p_index, part in enumerate(part_list):
        body = tinyhtml5.parse(f"<body>{part.html}</body>", namespace_html_elements=False).find("body")
        lines = part.text.splitlines()
        for el in list(body):
            if el.tag in ("ul", "ol"):
                list_key += 1
                start = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
                attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if k != "start"))
                for n, li in enumerate(c for c in el if c.tag == "li"):
                    out.append(
                        Unit(
                            len(out),
                            _serialize(li, len(out)),
                            p_index,
                            _line_of(li, lines, part.line),
                            list_key,
                            el.tag,
                            attrs,
                            start + n,
                        )
                    )
            else:
                out.append(
                    Unit(
                        len(out),
                        _serialize(el, len(out)),
                        p_index,
                        _line_of(el, lines, part.line),
                        keep_with_next=_leads_in(el),
                    )
                )
    return out


def _leads_in(el: ET.Element) -> bool:
    """Headings, and bold lines ending in a colon, belong with what follows them."""
    if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    only_bold = (
        el.tag == "p"
        and len(el) == 1
        and el[0].tag == "strong"
        and not (el.text or "").strip()
        and not (el[0].tail or "").strip()
    )
    return only_bold and "".join(el.itertext()).rstrip().endswith(("：", ":"))


def _serialize(el: ET.Element, index: int) -> str:
    el = copy.deepcopy(el)
    el.tail = None
    el.set("data-u", str(index))
    return ET.tostring(el, encoding="unicode", method="html")


_MARKUP = re.compile(r"[\s*_`#>|\\\[\]]+")


def _line_of(el: ET.Element, lines: list[str], first_line: int) -> int:
    """The source line whose text starts this element (best effort; the part's line otherwise)."""
    text = _MARKUP.sub("", "".join(el.itertext()))[:6]
    if text:
        for i, line in enumerate(lines):
            if text in _MARKUP.sub("", line):
                return first_line + i
    return first_line


def join_units(chosen: list[Unit]) -> str:
    """HTML for consecutive units: list items of one source list go back into one list."""
    html: list[str] = []
    open_list: Unit | None = None  # the first item of the list being written
    for u in chosen:
        if open_list is not None and u.list_key != open_list.list_key:
            html.append(f"</{open_list.list_tag}>")
            open_list = None
        if u.list_key != -1 and open_list is None:
            attrs = "".join(f' {k}="{_attr(v)}"' for k, v in u.list_attrs)
            if u.list_tag == "ol" and u.number != 1:
                attrs += f' start="{u.number}"'  # a numbered list continued in the next panel
            html.append(f"<{u.list_tag}{attrs}>")
            open_list = u
        html.append(u.html)
    if open_list is not None:
        html.append(f"</{open_list.list_tag}>")
    return "\n".join(html)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


# --- images -------------------------------------------------------------------------------

RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass
class ImageCheck:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    raster: bool = False  # any PNG/JPEG (the screen PDF then downsamples)


def check_images(material: Material, rel: str, project: Project) -> ImageCheck:
    """The body's links and images, checked as `check` does (content/links.py): every image
    is a publishable file inside content/, read by WeasyPrint relative to the Markdown file."""
    found, diags = links.resolve_document(material, rel, project)
    result = ImageCheck(errors_in(diags))
    result.raster = any(f.ref.image and f.kind == "asset" and f.rel.lower().endswith(RASTER) for f in found)
    return result
