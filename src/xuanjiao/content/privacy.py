"""Volunteers' names and phone numbers (private/volunteers.yml) must never be published: any
of them found in a file under content/ is an error at its line and column. The message names
the volunteer's id only, never the value (diagnostics end up in CI logs and chat groups)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import Diagnostic, Location, relative
from ..messages import T_, t
from . import models as m

MIN_NAME = 2  # characters: a one-character "name" is a typo, and would match everywhere
MIN_PHONE_DIGITS = 7


def private_values(volunteers: Iterable[m.Volunteer]) -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, what, volunteer id) for every name and phone number."""
    out = []
    for v in volunteers:
        name = v.name.strip()
        if len(name) >= MIN_NAME:
            out.append((re.compile(re.escape(name)), T_("a volunteer's name ({id}) is in published content"), v.id))
        digits = re.sub(r"\D", "", v.phone or "")
        if len(digits) >= MIN_PHONE_DIGITS:  # written with or without spaces and dashes
            out.append(
                (
                    re.compile(r"(?<!\d)" + r"[ \-]?".join(digits) + r"(?!\d)"),
                    T_("a volunteer's phone number ({id}) is in published content"),
                    v.id,
                )
            )
    return out


def privacy_errors(root: Path, volunteers: Iterable[m.Volunteer]) -> list[Diagnostic]:
    values = private_values(volunteers)
    if not values:
        return []
    # one pass over a file finds whether any value is in it (nearly never): a pattern matching
    # somewhere means the alternation matches there or earlier, so no finding is missed
    anywhere = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in values))
    out: list[Diagnostic] = []
    for path in sorted((root / "content").rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):  # unreadable files are reported by the loader
            continue
        if anywhere.search(text):
            out += _found(text, relative(path, root), values)
    return out


def _found(text: str, rel: str, values: list[tuple[re.Pattern[str], str, str]]) -> list[Diagnostic]:
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        for pattern, what, ident in values:
            for match in pattern.finditer(line):
                out.append(
                    Location(rel, number, match.start() + 1).error(
                        t(what, id=ident), hint=t("remove it: volunteers' details stay in private/volunteers.yml")
                    )
                )
    return out
