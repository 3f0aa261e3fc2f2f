"""The program's diagnostics in the writer's language.

Every diagnostic message and hint is written as an English template with named
placeholders and passed through `t`: ``loc.error(t("unknown campaign '{id}'", id=x))``.
The template is the message id of the `diagnostics` gettext domain
(``locale/<ll_CC>/LC_MESSAGES/diagnostics.po``, compiled in memory like the site's catalog);
`t` translates it into the diagnostics language, then fills in the values. A template
without values is not formatted, so its braces are literal; with values, write ``{{``/``}}``.

The language is chosen once per run (`settle`, called by the CLI before a command parses
its options) and kept in the environment variable XUANJIAO_LANG, so worker processes,
forked or spawned, speak it too:

1. XUANJIAO_LANG if set (``zh-CN``/``zh_CN``/``zh`` or ``en``);
2. Chinese if the locale (LC_ALL, else LC_MESSAGES, else LANG) is Chinese;
3. the first of `languages:` in the project's content/site.yml (default zh-CN).

Without `settle` (the library used on its own) rule 3 is skipped and the default is English.
Translation is eager: a `Diagnostic.message` is a plain str in the chosen language.

`scripts/messages` re-extracts the templates and updates the catalogs.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV = "XUANJIAO_LANG"
DOMAIN = "diagnostics"
SOURCE = "en"  # the language the templates are written in
CHINESE = "zh-CN"
PROJECT_DEFAULT = CHINESE  # site.yml's default `languages: [zh-CN]`


def normalize(value: str | None) -> str | None:
    """ "zh_CN.UTF-8" / "zh-cn" / "zh" -> "zh-CN"; "en_US" / "en" -> "en"; other -> None."""
    value = (value or "").strip().lower().replace("_", "-")
    if value.startswith("zh"):
        return CHINESE
    if value.startswith("en"):
        return SOURCE
    return None


def locale_is_chinese() -> bool:
    """The POSIX locale variables, read (never set): the first one that is set decides."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize(value) == CHINESE
    return False


_LANGUAGES = re.compile(r"^languages:[ \t]*(.*)$", re.MULTILINE)
_FIRST = re.compile(r"""^\[?\s*['"]?([A-Za-z]{2}[A-Za-z_-]*)""")
_ITEM = re.compile(r"""^\s*-\s*['"]?([A-Za-z]{2}[A-Za-z_-]*)""")


def project_language(project: Path) -> str:
    """The first of `languages:` in content/site.yml, peeked at before the project is loaded
    (the loader validates the file properly; anything unreadable here means the default)."""
    try:
        text = (project / "content" / "site.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return PROJECT_DEFAULT
    found = _LANGUAGES.search(text)
    if not found:
        return PROJECT_DEFAULT
    inline = _FIRST.match(found.group(1).strip())
    if inline is None and not found.group(1).strip():  # block list on the following lines
        inline = _ITEM.match(text[found.end() :].lstrip("\r\n"))
    return (normalize(inline.group(1)) if inline else None) or PROJECT_DEFAULT


def choose(project: Path | None) -> str:
    explicit = normalize(os.environ.get(ENV))
    if explicit:
        return explicit
    if locale_is_chinese():
        return CHINESE
    return project_language(project) if project is not None else SOURCE


def settle(project: Path | None) -> str:
    """Decide the language for this run and hand it down to child processes."""
    lang = choose(project)
    os.environ[ENV] = lang
    return lang


def language() -> str:
    return choose(None)


@lru_cache(maxsize=None)
def _translations(lang: str):
    from .i18n import LOCALE_DIR, babel_locale, compile_po

    return compile_po(LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po", lang, DOMAIN)


def t(template: str, /, **params: Any) -> str:
    """`template` in the diagnostics language, with `params` filled in (`str.format`)."""
    lang = language()
    text = template if lang == SOURCE else _translations(lang).gettext(template)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the problem
        return template.format(**params)


def T_(template: str) -> str:
    """Mark a template kept in a constant for extraction; translate it with `t` where used."""
    return template


# The kinds of thing a message names by a variable ("unknown {what} 'x'"): code passes the
# English word (it doubles as a key), messages show it translated.
NOUNS = {
    "venue": T_("venue"),
    "material": T_("material"),
    "campaign": T_("campaign"),
    "page": T_("page"),
    "newspost": T_("news post"),
    "awareness day": T_("awareness day"),
    "volunteer": T_("volunteer"),
}


def noun(word: str) -> str:
    """`word` in the diagnostics language when it is one of NOUNS, else as written."""
    return t(NOUNS[word]) if word in NOUNS else word
