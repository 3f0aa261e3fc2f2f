"""A static Chinese search index (for engines without a CJK-capable search): jieba words.

`search/index.js` sets `window.XJ_SEARCH = {docs: [[url, title, text], ...], words: {word:
[doc, ...]}}`; a script (not fetch) so it loads from file:// too. The browser side looks a
query's words up in `words` and falls back to a substring scan of the text, so a word jieba
split differently is still found.
"""

from __future__ import annotations

import json
import logging
import re

from ..model import SiteModel

WORD = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z0-9]{2,}")


def search_words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = {w.lower() for w in jieba.cut_for_search(text) if WORD.fullmatch(w)}
    return sorted(words)


def search_index(model: SiteModel) -> dict:
    docs, words = [], {}
    for i, page in enumerate(model.pages):
        text = page.search_text()
        docs.append([page.url, page.title, text])
        for w in search_words(page.title + " " + text):
            words.setdefault(w, []).append(i)
    return {"docs": docs, "words": dict(sorted(words.items()))}


def search_index_js(model: SiteModel) -> bytes:
    data = json.dumps(search_index(model), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.XJ_SEARCH={data};\n".encode("utf-8")
