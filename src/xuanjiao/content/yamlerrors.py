"""YAML parser errors in our own words, and the slips of a Chinese keyboard found at their character.

The parser's text (``mapping values are not allowed here``) means nothing to a writer, and
its position is often the line *after* the mistake: a full-width colon ``title：值`` makes
the line a plain value, so the parser complains where the next key starts. When parsing
fails we therefore look for the slips people make with a Chinese input method first and
report each at its own line and column; only when there is none do we explain the parser's
error, at the parser's position.

Only failed parses are scanned, and only the lines just above the failure: full-width colons,
spaces and quotes are ordinary text inside values (``summary: 注意：……``) and must not be
reported there, nor hide the real mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..messages import T_, t


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, in the file
    col: int  # 1-based
    message: str
    hint: str


# A key (an ASCII or Chinese word, maybe quoted, maybe a list item) followed by a full-width colon.
_FULLWIDTH_COLON = re.compile(r"^[ \t\u3000]*(?:-[ \t\u3000]+)?['\"]?[\w.-]+['\"]?[ \t]*(：)")
_FULLWIDTH_SPACE = re.compile(r"^[ \t]*(\u3000)")
_TAB_INDENT = re.compile(r"^[ \u3000]*(\t)")
_CHINESE_QUOTE = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:[\w.-]+[ \t]*:[ \t]+)?([“”‘’])")
_FULLWIDTH_COMMA = re.compile(r"\[[^\]\"'\n]*?(，)")


NEAR = 3  # a slip makes the parser fail on its own line or within a few lines after it


def keyboard_slips(text: str, up_to: int, line_offset: int = 0) -> list[Problem]:
    """The Chinese-keyboard slips on the few lines up to line `up_to` of `text` (where the parser
    failed), each at its character; slips further up parsed and are ordinary text. Line numbers
    count `line_offset` lines before the text (front matter)."""
    out = []
    first = max(1, up_to - NEAR)
    for number, line in enumerate(text.splitlines()[first - 1 : up_to], start=first + line_offset):
        problem = _slip(line, number)
        if problem is not None:
            out.append(problem)
    return out


# Each slip: where it is (group 1 is the character), what it is, and how to fix it; checked in
# this order, the first found on a line is reported.
_SLIPS = (
    (
        _TAB_INDENT,
        T_("a tab is used for indentation"),
        T_("line {line} starts with a tab (Tab key); YAML indents with spaces only: replace it with spaces"),
    ),
    (
        _FULLWIDTH_SPACE,
        T_("a full-width space is used for indentation"),
        T_(
            "line {line} starts with a full-width space '　' (Chinese input); delete it and indent with ordinary spaces"
        ),
    ),
    (
        _FULLWIDTH_COLON,
        T_("'：' after a key is a full-width (Chinese) colon"),
        T_("the '：' on line {line} is a Chinese colon; change it to the English colon ':' followed by a space"),
    ),
    (
        _CHINESE_QUOTE,
        T_("the value starts with a Chinese quotation mark {quote}"),
        T_('YAML only understands English quotes: write "..." instead of “...” on line {line}'),
    ),
    (
        _FULLWIDTH_COMMA,
        T_("'，' in a [list] is a full-width (Chinese) comma"),
        T_("the '，' on line {line} is a Chinese comma; separate list items with the English comma ','"),
    ),
)


def _slip(line: str, number: int) -> Problem | None:
    if line.lstrip().startswith("#"):
        return None
    for pattern, message, hint in _SLIPS:
        found = pattern.search(line)
        if found:
            return Problem(number, found.start(1) + 1, t(message, quote=found.group(1)), t(hint, line=number))
    return None


def explain(problem: str, context: str) -> tuple[str, str]:
    """(message, hint) in our words for the parser's `problem` (and `context`) text."""
    if "duplicate key" in problem:
        key = re.search(r"found duplicate key \"?(.*?)\"? with value", problem)
        return (
            t("key '{key}' is written twice", key=key.group(1) if key else "?"),
            t("keep one of them; each key appears once in a mapping"),
        )
    if "tab" in problem or "'\\t'" in problem:
        return t("a tab is used for indentation"), t("YAML indents with spaces only: replace tabs with spaces")
    if "mapping values are not allowed" in problem:
        return (
            t("a ': ' inside a value makes YAML read a second key on this line"),
            t('put the value in English quotes, e.g. title: "时间: 4月7日"'),
        )
    if "could not find expected ':'" in problem:
        return (
            t("this line is not 'key: value'"),
            t(
                "write the key, an English colon ':' and a space, then the value; continue long text with "
                "deeper indentation"
            ),
        )
    if "undefined alias" in problem:
        return (
            t("'*' starts a reference to an anchor (&name) that does not exist"),
            t("if '*' is part of the text, put the value in quotes"),
        )
    if "end of stream" in problem or "end of stream" in context:
        return t("a quotation mark is not closed"), t("close the quote on the same value, or remove it")
    if "escape character" in problem:
        return (
            t("a backslash '\\' in double quotes starts an unknown escape"),
            t("use single quotes '...' around text containing '\\'"),
        )
    char = re.search(r"found character '(.+?)' that cannot start any token", problem)
    if char:
        return (
            t("a value cannot start with '{char}'", char=char.group(1)),
            t('put the value in English quotes, e.g. "{char}..."', char=char.group(1)),
        )
    if "expected <block end>" in problem or "expected <block mapping start>" in problem or "indentation" in problem:
        return (
            t("the indentation of this line does not match the lines above it"),
            t("keys at the same level start in the same column; indent with spaces"),
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return (
            t("a [list] or {...} on one line is not closed properly"),
            t("separate items with English commas ',' and close it with ']' or '}'"),
        )
    return (
        t("this is not valid YAML"),
        t("check the indentation, and put values containing ':' or '#' in English quotes"),
    )
