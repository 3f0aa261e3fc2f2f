"""Display formats (海报, 宣传栏, 易拉宝) break lines between words only: read from metres
away, a line ending in 就 and the next starting with 医 is read as two words.

Chinese has no spaces, so every character boundary is a break opportunity. Each stretch of
text between block tags is segmented with jieba (the segmenter the site search uses), and a
WORD JOINER (U+2060, invisible, not extracted as text) goes between the characters of every
Chinese word, so lines break between words only. WeasyPrint has no `word-break: keep-all`
for Chinese (measured), and spans around words would have to cross the inline tags that
other steps add (the nobr spans of units and last characters); a joiner never does.

Only text between tags changes; nothing in <head>, <style>, <script>, <pre> or <code>.
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from functools import lru_cache

KEEP_WORDS_KINDS = ("poster", "board", "rollup")  # a banner is one line and never breaks
JOINER = "\u2060"
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SKIP = {"head", "style", "script", "pre", "code", "title"}
_INLINE = {"span", "strong", "b", "em", "i", "a", "small", "sub", "sup", "mark", "abbr", "u", "s", "q", "wbr"}


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces loading its dictionary
    jieba.initialize()
    return jieba


def keep_words(html: str) -> str:
    """`html` with a word joiner between the characters of each Chinese word."""
    pieces = _TAG.split(html)
    run: list[int] = []  # indexes of the text pieces of the current stretch
    skip = 0
    for i, piece in enumerate(pieces):
        if not piece.startswith("<"):
            if not skip:
                run.append(i)
            continue
        name = _NAME.match(piece)
        tag = name[1].lower() if name else ""
        if tag in _SKIP and not piece.endswith("/>"):
            skip = max(0, skip + (-1 if piece.startswith("</") else 1))
        if tag not in _INLINE:
            _join(pieces, run)
            run = []
    _join(pieces, run)
    return "".join(pieces)


def _join(pieces: list[str], run: list[int]) -> None:
    """Segment the stretch made of `pieces[run]` and put joiners inside its words."""
    texts = [htmllib.unescape(pieces[i]) for i in run]
    plain = "".join(texts)
    if not _CJK.search(plain):
        return
    inside: set[int] = set()  # positions in `plain` that a word runs across (a joiner goes before)
    pos = 0
    for token in _jieba().cut(plain):
        if len(token) > 1 and _CJK.search(token):
            inside.update(range(pos + 1, pos + len(token)))
        pos += len(token)
    start = 0
    for i, text in zip(run, texts):
        chars = [(JOINER + c) if start + n in inside else c for n, c in enumerate(text)]
        pieces[i] = htmllib.escape("".join(chars), quote=False)
        start += len(text)
