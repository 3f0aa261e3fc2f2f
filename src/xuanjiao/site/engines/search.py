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
import re
from functools import lru_cache
from html import unescape

from ...cache import Memo
from ..model import SiteModel
from .segmenter import WORD, words_of

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')


@lru_cache(maxsize=8192)  # `serve` rebuilds on every save: an unchanged section is not cut again
def search_words(text: str, vocabulary: tuple[str, ...] = ()) -> list[str]:
    return words_of(text, vocabulary)


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
    cut = _Cut(vocab, memo)
    docs, seen = [], set(vocab)
    for page in model.pages:
        for anchor, heading, text, words in cut.page(page.body):
            url = page.url + (f"#{anchor}" if anchor else "")
            seen.update(words)
            docs.append([url, page.title, heading if heading != page.title else "", text, " ".join(words)])
    return {"docs": docs, "vocab": sorted(seen)}


class _Cut:
    """Pages' sections and words, from `memo` (earlier builds') where the same text was cut with
    the same vocabulary: an unchanged page is neither rendered nor cut, and an edited one only
    in its changed sections (jieba's dictionary is not even read when no section changed)."""

    def __init__(self, vocab: tuple[str, ...], memo: Memo | None) -> None:
        self.vocab, self.memo, self.prefix = vocab, memo, repr(vocab)

    def page(self, body: str) -> list[tuple[str, str, str, list[str]]]:
        from ...markdown import render

        key = self._key("page", body)
        found = self.memo.get(key) if self.memo is not None else None
        if found is None:
            found = [(a, h, text, self.words(f"{h} {text}")) for a, h, text in sections(render(body))]
            if self.memo is not None:
                self.memo.put(key, found)
        return found

    def words(self, text: str) -> list[str]:
        if self.memo is None:
            return search_words(text, self.vocab)
        key = self._key("section", text)
        found = self.memo.get(key)
        if found is None:
            found = search_words(text, self.vocab)
            self.memo.put(key, found)
        return found

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self.prefix}\0{kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def search_index_js(model: SiteModel, memo: Memo | None = None) -> bytes:
    data = json.dumps(search_index(model, memo), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.XJ_SEARCH={data};\n".encode()
