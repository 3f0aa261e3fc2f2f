"""The parts of a campaign's Markdown body a plan quotes, as plain text.

Writers shape a campaign body in many ways: `##` sections such as 活动目的, 核心信息 and
活动安排 (the example project), a bold label on its own line (`**核心信息**`) or leading a
paragraph (`**主要活动**：…`), plain lists, or plain paragraphs. The body is therefore read
from the tree the shared Markdown dialect renders, not from source lines, so every shape
yields the same sections. The plan reuses them: the purpose opens the plan, the key
messages go to the plan and to volunteers' calendars, the arrangements precede the
schedule table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from xml.etree.ElementTree import Element

import markdown as md
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..markdown import EXTENSION_CONFIGS, EXTENSIONS

PURPOSE = ("目的", "意义", "背景", "purpose", "background")
MESSAGES = ("核心信息", "核心知识", "宣传要点", "宣传重点", "主要信息", "知识要点", "key message")
ARRANGEMENTS = ("活动安排", "活动内容", "主要活动", "活动形式", "activities", "arrangements")
LABEL_END = "：:"  # a bold label may carry its colon inside or after the stars

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")  # Python-Markdown's placeholder for raw HTML
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# A label alone on its line, often followed at once by its list (`**核心信息**` then `1. …`),
# which Markdown would read as one paragraph: a blank line after it keeps them apart.
_LABEL_LINE = re.compile(r"^([ \t]{0,3}(?:\*\*|__)[^*_\n]+(?:\*\*|__)[ \t]*[：:]?[ \t]*)$", re.MULTILINE)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


class _Keep(Treeprocessor):
    """Keeps the finished tree (inline markup parsed) instead of serialising it."""

    def run(self, root: Element) -> None:
        self.md.tree = root  # type: ignore[attr-defined]


class _KeepTree(Extension):
    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        m.treeprocessors.register(_Keep(m), "xuanjiao_keep_tree", 1)  # after inline (20)


@lru_cache(maxsize=1)
def _converter() -> md.Markdown:
    return md.Markdown(extensions=[*EXTENSIONS, _KeepTree()], extension_configs=EXTENSION_CONFIGS)


def _tree(body: str) -> tuple[Element, list[str]]:
    conv = _converter()
    conv.reset()
    conv.convert(_LABEL_LINE.sub("\\1\n", body))
    return conv.tree, list(conv.htmlStash.rawHtmlBlocks)  # type: ignore[attr-defined]


def _text(el: Element, stash: list[str]) -> str:
    """What a reader sees: raw HTML tags dropped, entities decoded, whitespace folded."""
    raw = "".join(el.itertext())
    raw = _STASHED.sub(lambda m: _TAG.sub("", str(stash[int(m.group(1))])), raw)
    return _SPACE.sub(" ", unescape(raw)).strip()


def _label(p: Element, stash: list[str]) -> tuple[str, str] | None:
    """(label, rest) for a paragraph that opens with a bold label, else None.

    `**核心信息**` alone is a label; `**主要活动**：…` is one when the bold text ends with a
    colon or is followed by one, so a bold phrase inside a sentence stays text.
    """
    first = p[0] if len(p) else None
    if first is None or first.tag not in ("strong", "b") or (p.text or "").strip():
        return None
    label = _text(first, stash)
    rest = _SPACE.sub(" ", _text(p, stash)[len(label) :]).strip()
    if label.endswith(tuple(LABEL_END)):
        return label.rstrip(LABEL_END).strip(), rest
    if not rest:
        return label, ""
    if rest[0] in LABEL_END:
        return label, rest[1:].strip()
    return None


def sections(body: str) -> list[Section]:
    """The body split at headings and bold labels; text before the first is titled ''."""
    root, stash = _tree(body)
    out = [Section("")]
    for el in root:
        if el.tag in _HEADINGS:
            out.append(Section(_text(el, stash)))
        elif el.tag in _LISTS:
            out[-1].items += [t for li in el.findall("li") if (t := _text(li, stash))]
        elif el.tag == "p" and (label := _label(el, stash)) is not None:
            out.append(Section(label[0]))
            if label[1]:
                out[-1].paragraphs.append(label[1])
        elif el.tag not in ("table", "hr") and (text := _text(el, stash)):
            out[-1].paragraphs.append(text)
    return [s for s in out if s.heading or s.paragraphs or s.items]


def _named(found: list[Section], words: tuple[str, ...]) -> Section | None:
    return next((s for s in found if any(w in s.heading.lower() for w in words)), None)


def find(body: str, words: tuple[str, ...]) -> Section | None:
    return _named(sections(body), words)


def purpose(body: str) -> list[str]:
    """The purpose section; without one, the paragraphs before the first heading or label
    (a list there is more likely the key messages)."""
    found = sections(body)
    section = _named(found, PURPOSE)
    if section is not None:
        return section.paragraphs + section.items
    lead = found[0] if found and not found[0].heading else None
    return (lead.paragraphs or lead.items) if lead else []


def key_messages(body: str) -> list[str]:
    """Under a heading or label named like 核心信息; else the first list that is not the
    purpose or the arrangements."""
    found = sections(body)
    section = _named(found, MESSAGES)
    if section is not None:
        return section.items or section.paragraphs
    other = next(
        (s for s in found if s.items and not any(w in s.heading.lower() for w in PURPOSE + ARRANGEMENTS)), None
    )
    return other.items if other else []


def arrangements(body: str) -> list[str]:
    found = find(body, ARRANGEMENTS)
    return (found.items or found.paragraphs) if found else []
