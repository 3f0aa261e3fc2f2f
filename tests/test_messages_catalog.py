"""Every diagnostic template in src/ has a Chinese translation with the same {placeholders}.

After a merge this test names the new `t("...")` messages that still need translating:
run `scripts/messages update`, fill in the empty msgstr in
src/xuanjiao/locale/zh_CN/LC_MESSAGES/diagnostics.po, and run it again.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from babel.messages.pofile import read_po

from xuanjiao.messages import DOMAIN

SRC = Path(__file__).resolve().parent.parent / "src" / "xuanjiao"
CATALOG = SRC / "locale" / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
MARKERS = {"t", "T_"}


def templates() -> dict[str, str]:
    """Each literal first argument of t(...) / T_(...) in src/ -> where it is used."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(SRC.parent)}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    try:
        return {f"{name}!{conv}:{spec}" for _, name, spec, conv in string.Formatter().parse(text) if name is not None}
    except ValueError:  # not a format string (a template used without values): compare as text
        return {text.count("{"), text.count("}")}  # type: ignore[arg-type]


def has_words(template: str) -> bool:
    """Whether the template says anything besides its placeholders ("{field}: {problem}" does not)."""
    try:
        literal = "".join(text for text, *_ in string.Formatter().parse(template))
    except ValueError:
        literal = template
    return any(c.isalpha() for c in literal)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_every_template_has_a_chinese_translation_with_the_same_placeholders():
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="zh_CN", domain=DOMAIN)
    problems = []
    for template, where in templates().items():
        entry = catalog.get(template)
        if entry is None or not entry.string or entry.fuzzy:
            problems.append(f"{where}: not translated: {template!r}")
        elif has_words(template) and not has_chinese(entry.string):
            problems.append(f"{where}: translation has no Chinese: {entry.string!r}")
        elif placeholders(entry.string) != placeholders(template):
            problems.append(f"{where}: placeholders differ: {template!r} -> {entry.string!r}")
    assert not problems, "scripts/messages update, then translate:\n" + "\n".join(problems)


def test_templates_are_found():
    found = templates()
    assert "unknown key '{key}'" in found and "'：' after a key is a full-width (Chinese) colon" in found
    assert len(found) > 300
