"""The site's Chinese search, the same on every engine: a static index of sections, built
here with jieba, and one small script (assets/javascripts/xj-search.js) in every theme.

`search/index.js` sets `window.XJ_SEARCH = {docs: [[url, page title, section title, text,
words], ...], vocab: [word, ...]}`; a script (not fetch) so it loads from file:// too. A
section is the text under one heading with an id, so a hit leads to the place, not the page.
`words` are the section's jieba words (space-separated); `vocab` is the dictionary the
index was cut with (jieba's words found in the site plus the project's own: venue names,
material and campaign titles, awareness days, a material's headings and bold terms). The
browser cuts the query with `vocab` (longest match first), so 尿毒症 is looked up as one
word, ranks whole-word and phrase matches above pieces, and marks the word it found.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import lru_cache
from html import unescape

from ...cache import Memo
from ..model import SiteModel

WORD = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z0-9]{2,}")
_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    """jieba's dictionary (word -> frequency, total), read once per process: each language's
    tokenizer starts from a copy instead of reading it again (a third of a second each)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok.FREQ, tok.total


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]):
    """jieba with the project's words added (a tokenizer of its own: jieba's global one is shared)."""
    import jieba

    freq, total = _dictionary()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True  # what initialize() would load
    for w in words:
        tok.add_word(w, freq=max(tok.suggest_freq(w), 1000))
    return tok


@lru_cache(maxsize=8192)  # `serve` rebuilds on every save: an unchanged section is not cut again
def search_words(text: str, vocabulary: tuple[str, ...] = ()) -> list[str]:
    words = {w.lower() for w in _tokenizer(vocabulary).cut_for_search(text) if WORD.fullmatch(w)}
    return sorted(words)


def _plain(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def sections(html: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) for the text before the first heading and under each heading
    with an id (headings without one belong to the section above)."""
    out: list[tuple[str, str, str]] = []
    anchor, heading, start = "", "", 0
    for m in _HEADING.finditer(html):
        found = _ID.search(m.group(2))
        if not found:
            continue
        out.append((anchor, heading, _plain(html[start : m.start()])))
        anchor, heading, start = found.group(1), _plain(m.group(3)), m.end()
    out.append((anchor, heading, _plain(html[start:])))
    return [s for s in out if s[2] or s[1]]


def search_index(model: SiteModel, memo: Memo | None = None) -> dict:
    vocab = tuple(sorted({w for w in model.vocabulary if WORD.fullmatch(w)}))
    docs, seen = [], set(vocab)
    for page in model.pages:
        for anchor, heading, text, words in _page_sections(page.body, vocab, memo):
            url = page.url + (f"#{anchor}" if anchor else "")
            seen.update(words)
            docs.append([url, page.title, heading if heading != page.title else "", text, " ".join(words)])
    return {"docs": docs, "vocab": sorted(seen)}


def _page_sections(body: str, vocab: tuple[str, ...], memo: Memo | None) -> list[tuple[str, str, str, list[str]]]:
    """A page's sections with their words; from `memo` (the previous builds') when the page's
    Markdown and the vocabulary are the same: an unchanged page is neither rendered nor cut."""
    from ...markdown import render

    key = hashlib.sha256(repr((vocab, body)).encode("utf-8")).hexdigest()
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = [(a, h, text, search_words(f"{h} {text}", vocab)) for a, h, text in sections(render(body))]
        if memo is not None:
            memo.put(key, found)
    return found


def search_index_js(model: SiteModel, memo: Memo | None = None) -> bytes:
    data = json.dumps(search_index(model, memo), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.XJ_SEARCH={data};\n".encode()
