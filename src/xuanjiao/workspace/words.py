"""The workspace's own words in the reader's language: the gettext domain `workspace`.

As in the site's catalog (xuanjiao.i18n), the message ids are the Chinese wording; each
language has `locale/<ll_CC>/LC_MESSAGES/workspace.po`, compiled in memory on first use.
Templates call `{{ _("...") }}` (jinja2.ext.i18n, newstyle: `_("共 %(n)s 项", n=3)`); Python
code calls `_("...")` and formats with `str.format` afterwards; tables of labels mark their
words with `N_` and are translated where shown.

The language of a request: the person's preference on their account, else the workspace's
(XUANJIAO_LANG, else Chinese). It lives in a context variable set for each request, so the
same process serves a Chinese and an English colleague at once.

`scripts/i18n extract|update|check` cover this catalog with the site's (extraction without
line numbers, so merges of the catalog stay quiet).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from functools import lru_cache

from ..i18n import LOCALE_DIR, babel_locale, compile_po
from ..messages import CHINESE, ENV, normalize

DOMAIN = "workspace"
# Each language's name in that language (the switcher shows it as is).
LANGUAGES = {"zh-CN": "中文", "en": "English"}

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("workspace_lang", default=None)


def N_(message: str) -> str:
    """Mark a word for extraction; translate it with `_` where it is shown."""
    return message


def default_language() -> str:
    """The workspace's language for the login page and people who chose none."""
    return normalize(os.environ.get(ENV)) or CHINESE


def choose(preference: str | None) -> str:
    return preference if preference in LANGUAGES else default_language()


def current() -> str:
    return _current.get() or default_language()


@contextlib.contextmanager
def use(lang: str) -> Iterator[str]:
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def set_language(lang: str) -> None:
    """Speak `lang` for the rest of this request (its task and the threads it starts)."""
    _current.set(lang)


@lru_cache(maxsize=None)
def translations(lang: str):
    return compile_po(LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po", lang, DOMAIN)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def fill_chinese() -> int:
    """Give every empty msgstr of the zh_CN catalog its id (the ids are the Chinese wording);
    run by `scripts/i18n update`. Returns how many entries were filled."""
    from babel.messages.pofile import read_po, write_po

    path = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale="zh_CN", domain=DOMAIN)
    filled = 0
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
            filled += 1
    with path.open("wb") as f:
        write_po(f, catalog, sort_by_file=True, no_location=True)
    return filled


if __name__ == "__main__":
    print(f"zh_CN: {fill_chinese()} filled")
