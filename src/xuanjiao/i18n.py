"""The program's own words in every language: gettext catalogs and locale-aware dates.

Every string xuanjiao itself writes (site UI, print back panels, plan headings, table
headers, dates) goes through `gettext` here. The message ids are the Chinese wording (the
program's source language, and what a translator in a Chinese health bureau reads); each
language has a catalog `locale/<ll_CC>/LC_MESSAGES/xuanjiao.po` in this package:

- `zh_CN` repeats the ids (edit a msgstr to change the Chinese wording without the code);
- `en` (and any language added later) translates them.

The .po files are compiled in memory with Babel the first time a language is used in a
process, so a wheel needs nothing but the .po files and a stale .mo can never be served.
Date formats are catalog entries too: a CLDR pattern per language (`y年M月d日` ->
`d MMMM y`), formatted by babel.dates with that locale's month and weekday names.

The current language is a context variable: `with i18n.use("en"): ...` makes everything
inside (templates included) speak English; without it, the default (zh-CN) is used.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import io
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DOMAIN = "xuanjiao"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "zh-CN"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("xuanjiao_lang", default=None)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (tables of labels)."""
    return message


# -- languages ---------------------------------------------------------------------------------


def babel_locale(lang: str) -> str:
    """ "zh-CN" -> "zh_CN", "en" -> "en" (the catalog folder and Babel locale name)."""
    return lang.replace("-", "_")


def tag(locale_name: str) -> str:
    """ "zh_CN" -> "zh-CN" (the BCP 47 tag used in site.yml, front matter and HTML)."""
    return locale_name.replace("_", "-")


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    """Languages with a catalog, default first: the values `languages:` and `lang:` accept."""
    found = (
        sorted(tag(d.name) for d in LOCALE_DIR.iterdir() if (d / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
        if LOCALE_DIR.is_dir()
        else []
    )
    return [DEFAULT] + [lang for lang in found if lang != DEFAULT]


def current() -> str:
    return _current.get() or DEFAULT


def explicit() -> str | None:
    """The language set with `use`, or None when nothing chose one."""
    return _current.get()


@contextlib.contextmanager
def use(lang: str | None) -> Iterator[str]:
    """Speak `lang` inside the block (None: keep the current language)."""
    lang = lang or current()
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


@lru_cache(maxsize=None)
def translations(lang: str):
    """The language's catalog compiled in memory (Babel); missing catalog -> the ids (Chinese)."""
    return compile_po(catalog_path(lang), lang, DOMAIN)


def compile_po(path: Path, lang: str, domain: str):
    """A .po file compiled in memory into gettext translations (no .mo on disk to go stale);
    a missing file gives the ids unchanged. Shared with the diagnostics catalog (messages.py)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=babel_locale(lang), domain=domain)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=domain)


def gettext(message: str, lang: str | None = None) -> str:
    return translations(lang or current()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    return translations(lang or current()).pgettext(context, message)


# -- dates -------------------------------------------------------------------------------------


def format_pattern(day: dt.date, pattern: str, lang: str | None = None) -> str:
    """`day` in a CLDR date pattern taken from a catalog (letters outside quotes are fields)."""
    return _fmt(day, pattern, lang or current())


def _fmt(day: dt.date, pattern: str, lang: str) -> str:
    from babel.dates import format_date as babel_format

    return babel_format(day, pattern, locale=_babel(lang))


@lru_cache(maxsize=None)
def _babel(lang: str):
    """A parsed babel Locale: parsing a locale name scans every locale babel knows, and a
    site formats thousands of dates."""
    from babel import Locale

    return Locale.parse(babel_locale(lang))


def format_date(day: dt.date, lang: str | None = None, weekday: bool = False) -> str:
    """2026年4月7日 / 7 April 2026; with the weekday: 2026年4月7日（周二） / Tue 7 April 2026."""
    lang = lang or current()
    # Translators: a CLDR date pattern (https://babel.pocoo.org/en/latest/dates.html), e.g. d MMMM y
    pattern = gettext("y年M月d日（EEE）", lang) if weekday else gettext("y年M月d日", lang)
    return _fmt(day, pattern, lang)


def short_date(day: dt.date, lang: str | None = None, weekday: bool = True) -> str:
    """A date within a known year: 4月7日（周二） / Tue 7 April."""
    lang = lang or current()
    pattern = gettext("M月d日（EEE）", lang) if weekday else gettext("M月d日", lang)
    return _fmt(day, pattern, lang)


def month_text(day: dt.date, lang: str | None = None) -> str:
    """2026年4月 / April 2026."""
    lang = lang or current()
    return _fmt(day, gettext("y年M月", lang), lang)


def month_name(month: int, lang: str | None = None) -> str:
    """一月 / January (standalone month name)."""
    lang = lang or current()
    return _fmt(dt.date(2000, month, 1), gettext("LLLL", lang), lang)


def span(start: dt.date, end: dt.date, lang: str | None = None) -> str:
    """2026年4月7日至4月13日 / 7 April 2026 – 13 April 2026 (one day: just the date)."""
    lang = lang or current()
    if start == end:
        return format_date(start, lang)
    if start.year == end.year:
        return gettext("{start}至{end}", lang).format(
            start=format_date(start, lang), end=short_date(end, lang, weekday=False)
        )
    return gettext("{start}至{end}", lang).format(start=format_date(start, lang), end=format_date(end, lang))


def span_in_year(start: dt.date, end: dt.date, lang: str | None = None) -> str:
    """A span whose year is shown elsewhere (calendar by year): 4月7日至4月13日 / 7 April – 13 April."""
    lang = lang or current()
    if start == end:
        return short_date(start, lang, weekday=False)
    end_text = short_date(end, lang, weekday=False) if end.year == start.year else format_date(end, lang)
    return gettext("{start}至{end}", lang).format(start=short_date(start, lang, weekday=False), end=end_text)


# -- vocabulary --------------------------------------------------------------------------------

KIND = {
    "poster": N_("海报"),
    "leaflet": N_("三折页"),
    "brochure": N_("宣传册"),
    "flyer": N_("宣传单"),
    "board": N_("宣传栏"),
    "rollup": N_("易拉宝"),
    "banner": N_("横幅"),
}
VENUE_KIND = {
    "station": N_("火车站"),
    "bus-station": N_("汽车站"),
    "market": N_("集市"),
    "square": N_("广场"),
    "hospital": N_("医院"),
    "school": N_("学校"),
    "community": N_("社区"),
    "other": N_("其他"),
}
SCOPE = {"who": N_("世卫组织"), "un": N_("联合国"), "national": N_("全国"), "local": N_("本地")}
STATUS = {"draft": N_("草稿"), "review": N_("待审"), "approved": N_("已审核"), "retired": N_("停用")}
# A language's name inside a sentence of another language ("available in Chinese only").
LANGUAGE_IN = {"zh-CN": N_("中文"), "en": N_("英文")}
# A language's name in that language (the switcher and "other languages" show it as is).
LANGUAGE_NAME = {"zh-CN": "中文", "en": "English"}


def label(table: dict[str, str], key: str, lang: str | None = None) -> str:
    """A vocabulary word in the language: label(KIND, "poster", "en") -> "Poster"."""
    return gettext(table[key], lang) if key in table else key


def language_name(lang: str, in_lang: str | None = None) -> str:
    """中文 / English: a language's own name; `in_lang` given: its name in that language."""
    if in_lang is None:
        return LANGUAGE_NAME.get(lang, lang)
    from babel import Locale

    try:
        return Locale.parse(babel_locale(lang)).get_display_name(babel_locale(in_lang)) or lang
    except Exception:  # noqa: BLE001 - an unknown tag is shown as written
        return lang


def join(items: list[str] | tuple[str, ...], lang: str | None = None) -> str:
    """A list in running text: 甲、乙 / a, b."""
    return gettext("、", lang).join(items)


def cycle(rule: str | None, lang: str | None = None) -> str:
    """A venue's `days:` rule in words a volunteer understands (逢三逢八, 每周六、日 / Sat, Sun);
    read by calendar/cycles (a rule it cannot read is shown as written)."""
    from .calendar.cycles import parse_cycle  # here: i18n stays light; the calendar loads lunar data
    from .calendar.parsing import RuleError

    lang = lang or current()
    if not rule:
        return ""
    try:
        parsed = parse_cycle(rule)
    except RuleError:
        return rule
    values = sorted(parsed.values)
    zh = babel_locale(lang) == "zh_CN"
    if parsed.kind == "daily":
        return gettext("每天", lang)
    if parsed.kind == "weekly":
        if zh:
            return "每周" + "、".join("一二三四五六日"[d] for d in values)
        days = [_fmt(dt.date(2024, 1, 1 + d), "EEE", lang) for d in values]  # 2024-01-01 is a Monday
        return gettext("每周{days}", lang).format(days=join(days, lang))
    if zh:
        head = "农历逢" if parsed.kind == "lunar" else "公历逢"
        return head + "逢".join("十" if d == 0 else "〇一二三四五六七八九"[d] for d in values)
    ends = join([str(d or 10) for d in values], lang)
    msg = gettext("农历日期逢{digits}", lang) if parsed.kind == "lunar" else gettext("公历日期逢{digits}", lang)
    return msg.format(digits=ends)


# Always Chinese, whatever the current language: the forms filed with the authorities
# (sign-in sheets, rosters, the ledger, the summary) are Chinese documents.
def date_zh(day: dt.date, weekday: bool = False) -> str:
    """2026年4月7日."""
    return format_date(day, "zh-CN", weekday)


def short_date_zh(day: dt.date, weekday: bool = True) -> str:
    return short_date(day, "zh-CN", weekday)


def span_zh(start: dt.date, end: dt.date) -> str:
    return span(start, end, "zh-CN")


def cycle_zh(rule: str | None) -> str:
    return cycle(rule, "zh-CN")


def missing(lang: str, domain: str = DOMAIN) -> list[str]:
    """Message ids of the template (.pot) the language's catalog does not translate."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / f"{domain}.pot").open("rb") as f:
        template = read_po(f)
    path = LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return [m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id]
    with path.open("rb") as f:
        catalog = read_po(f, locale=babel_locale(lang))
    out = []
    for m in template:
        if not m.id:
            continue
        t = catalog.get(m.id, m.context)
        strings = t.string if t is not None else None
        if isinstance(strings, (tuple, list)):
            ok = all(strings)
        else:
            ok = bool(strings)
        if t is None or not ok or t.fuzzy:
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m xuanjiao.i18n check`: every catalog compiles and translates every message."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["check"]:
        print("usage: python -m xuanjiao.i18n check", file=sys.stderr)
        return 2
    code = 0
    for lang in languages():
        translations.cache_clear()
        translations(lang)
        gaps = missing(lang) if lang != DEFAULT else []
        print(f"{lang}: {catalog_path(lang)} compiles; {len(gaps)} untranslated")
        for g in gaps:
            print(f"  missing: {g!r}")
        code |= bool(gaps)
        # the workspace's words (ids in Chinese too, but every language, zh-CN included, lists them)
        compile_po(LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / "workspace.po", lang, "workspace")
        gaps = missing(lang, "workspace")
        print(f"{lang}: workspace catalog compiles; {len(gaps)} untranslated")
        for g in gaps:
            print(f"  missing: {g!r}")
        code |= bool(gaps)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
