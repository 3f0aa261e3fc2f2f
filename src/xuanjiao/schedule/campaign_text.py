"""The parts of a campaign's Markdown body a plan quotes, as plain text.

Campaign bodies are written with `##` sections such as 活动目的, 核心信息 and 活动安排
(see the example project). The plan reuses them: the purpose opens the plan, the key
messages go to volunteers' calendars, the arrangements precede the schedule table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_TAG = re.compile(r"<[^>]+>")

PURPOSE = ("目的", "意义", "背景")
MESSAGES = ("核心信息", "核心知识", "宣传要点", "宣传重点", "主要信息", "知识要点")
ARRANGEMENTS = ("活动安排", "活动内容", "主要活动", "活动形式")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def inline_text(text: str) -> str:
    """Markdown inline markup removed: what a reader sees, without the stars."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis (**bold *italic***)
        text = _EMPHASIS.sub(r"\2", text)
    return _TAG.sub("", text).strip()


def sections(body: str) -> list[Section]:
    """The body split at headings; text before the first heading is a section titled ''."""
    out = [Section("")]
    para: list[str] = []

    def flush() -> None:
        if para:
            out[-1].paragraphs.append("".join(para))
            para.clear()

    for line in _COMMENT.sub("", body).splitlines():
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            flush()
            out.append(Section(inline_text(heading.group(2))))
        elif item:
            flush()
            out[-1].items.append(inline_text(item.group(1)))
        elif not line.strip():
            flush()
        elif out[-1].items and line.startswith((" ", "\t")):
            out[-1].items[-1] += inline_text(line)  # a list item's continuation line
        else:
            para.append(inline_text(line))
    flush()
    return [s for s in out if s.heading or s.paragraphs or s.items]


def find(body: str, words: tuple[str, ...]) -> Section | None:
    return next((s for s in sections(body) if any(w in s.heading for w in words)), None)


def purpose(body: str) -> list[str]:
    """The purpose paragraphs (or, with no such heading, the text before the first heading)."""
    found = find(body, PURPOSE)
    if found is None:
        lead = sections(body)
        found = lead[0] if lead and not lead[0].heading else None
    return (found.paragraphs + found.items) if found else []


def key_messages(body: str) -> list[str]:
    found = find(body, MESSAGES)
    return (found.items or found.paragraphs) if found else []


def arrangements(body: str) -> list[str]:
    found = find(body, ARRANGEMENTS)
    return (found.items or found.paragraphs) if found else []
