"""The program's vocabulary (kinds, scopes, weekdays) and dates, in the current language.

The words live in the gettext catalogs (see `xuanjiao.i18n`); this module keeps the names
the rest of the code has always used. The tables are the Chinese words (message ids):
use `label(KIND, key, lang)` or `kind_label(key, lang)` for another language.
"""

from __future__ import annotations

import datetime as dt

from . import i18n
from .i18n import KIND, SCOPE, STATUS, VENUE_KIND, label  # noqa: F401  (re-exported)

LANG = i18n.LANGUAGE_NAME
WEEKDAY = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def kind_label(kind: str, lang: str | None = None) -> str:
    return label(KIND, kind, lang)


def venue_kind_label(kind: str, lang: str | None = None) -> str:
    return label(VENUE_KIND, kind, lang)


def scope_label(scope: str, lang: str | None = None) -> str:
    return label(SCOPE, scope, lang)


def status_label(status: str, lang: str | None = None) -> str:
    return label(STATUS, status, lang)


def date_zh(d: dt.date, weekday: bool = False) -> str:
    """2026年4月7日 (always Chinese; `date_text` follows the current language)."""
    return i18n.format_date(d, "zh-CN", weekday)


def short_date_zh(d: dt.date, weekday: bool = True) -> str:
    return i18n.short_date(d, "zh-CN", weekday)


def span_zh(start: dt.date, end: dt.date) -> str:
    return i18n.span(start, end, "zh-CN")


def cycle_zh(rule: str | None) -> str:
    """A venue's `days:` rule in words a volunteer understands (逢三逢八, 每周六、日...)."""
    return i18n.cycle(rule, "zh-CN")


def date_text(d: dt.date, lang: str | None = None, weekday: bool = False) -> str:
    return i18n.format_date(d, lang, weekday)


def short_date_text(d: dt.date, lang: str | None = None, weekday: bool = True) -> str:
    return i18n.short_date(d, lang, weekday)


def span_text(start: dt.date, end: dt.date, lang: str | None = None) -> str:
    return i18n.span(start, end, lang)


def cycle_text(rule: str | None, lang: str | None = None) -> str:
    return i18n.cycle(rule, lang)
