"""Cutting Chinese text into search words with jieba, for the site's search index (search.py).

Reading jieba's dictionary takes most of a second, and an edit to one page needs it for that
page's changed sections only. So a build starts a helper process (`start`) that reads the
dictionary on the other core while this one imports code and loads the project; cutting then
costs a message each way. The helper (workers.Helper) is forked once per process and kept for
the next build (`serve`); wherever there is none (a process with threads), the words are cut
here, the same way.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from ...workers import Helper, HelperGone

WORD = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z0-9]{2,}")

_helper: Helper | None = None


def start() -> None:
    """Start the helper unless there is one or the dictionary is read here already."""
    global _helper
    if _helper is None and not _dictionary.cache_info().currsize:
        _helper = Helper.start(_dictionary)


def words_of(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    """The search words of `text` (lower case, sorted), cut with jieba plus `vocabulary`."""
    global _helper
    if _helper is not None:
        try:
            return _helper.call(_cut, text, vocabulary)
        except HelperGone:  # cut here from now on
            _helper = None
    return _cut(text, vocabulary)


def _cut(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    return sorted({w.lower() for w in _tokenizer(vocabulary).cut_for_search(text) if WORD.fullmatch(w)})


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
