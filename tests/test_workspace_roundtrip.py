"""Workspace round trip: every file of both test projects, opened in its form and saved
unchanged, is byte-identical; one changed field changes exactly its own line."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from xuanjiao.workspace import forms, roundtrip
from xuanjiao.workspace.catalog import KINDS, file_of, idents, key_of

REPO = Path(__file__).resolve().parent.parent
PROJECTS = [REPO, REPO / "tests" / "projects" / "lanfeng"]


class Form:
    """A submitted form as Starlette's FormData answers it (getlist)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]


def as_form(fields: list[forms.Field], data: dict) -> Form:
    pairs = []
    for field in fields:
        value = forms.shown(field, data)
        if field.widget == "refs":
            pairs += [(field.name, v) for v in value]
        elif field.widget == "checkbox":
            pairs += [(field.name, "on")] if value else []
        else:
            pairs.append((field.name, value))
    return Form(pairs)


def units():
    for root in PROJECTS:
        for kind in KINDS.values():
            for ident in idents(root, kind):
                yield pytest.param(root, kind.name, ident, id=f"{root.name}-{kind.name}-{ident}")


def test_every_content_file_is_covered():
    """Each .md and .yml under both projects' content/ is reached by some unit."""
    reached = {file_of(root, KINDS[k], i) for root, k, i in (p.values for p in units())}
    every = {p for root in PROJECTS for p in (root / "content").rglob("*") if p.suffix in (".md", ".yml")}
    assert every - reached == set()


@pytest.mark.parametrize("root,kind_name,ident", list(units()))
def test_unchanged_form_saves_identical_bytes(root, kind_name, ident):
    kind = KINDS[kind_name]
    text = file_of(root, kind, ident).read_text(encoding="utf-8")
    key = key_of(kind, text, ident)
    data, body = roundtrip.read_unit(text, kind.markdown, key)
    values = forms.decode(kind.fields(), as_form(kind.fields(), data), data)
    assert roundtrip.save_unit(text, kind.markdown, key, values, body) == text


def _changeable(kind, data: dict) -> forms.Field | None:
    """A text field the file has, to change."""
    for field in kind.fields():
        present, value = forms.get_path(data, field.name)
        if present and field.widget == "text" and isinstance(value, str):
            return field
    return None


@pytest.mark.parametrize("root,kind_name,ident", list(units()))
def test_one_changed_field_changes_one_line(root, kind_name, ident):
    kind = KINDS[kind_name]
    text = file_of(root, kind, ident).read_text(encoding="utf-8")
    key = key_of(kind, text, ident)
    data, body = roundtrip.read_unit(text, kind.markdown, key)
    field = _changeable(kind, data)
    if field is None:
        pytest.skip("no one-line text field in this unit")
    form = as_form(kind.fields(), data)
    form.pairs = [(k, v + "（改）" if k == field.name else v) for k, v in form.pairs]
    saved = roundtrip.save_unit(text, kind.markdown, key, forms.decode(kind.fields(), form, data), body)
    before, after = text.splitlines(keepends=True), saved.splitlines(keepends=True)
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(changed) == 1, "".join(difflib.unified_diff(before, after))
    assert "（改）" in after[changed[0]]
    again, _ = roundtrip.read_unit(saved, kind.markdown, key)
    assert forms.get_path(again, field.name)[1] == forms.get_path(data, field.name)[1] + "（改）"


def test_nested_and_listed_values_change_their_own_line(tmp_path):
    """A field inside a nested mapping, a date in a commented list, a new key: each touches
    only its own line (comments after values stay)."""
    text = (
        "---\ntitle: 标题  # 注释\nkind: leaflet\nprint:\n  paper: 铜版纸\n  quantity: 500\n"
        "audiences: [老人, 儿童]\n---\n正文\n"
    )
    data, body = roundtrip.read_unit(text, True, None)
    data["print"]["quantity"] = 800
    data["title"] = "新标题"
    data["size"] = "A4"
    saved = roundtrip.save_unit(text, True, None, data, body)
    assert saved == (
        "---\ntitle: 新标题  # 注释\nkind: leaflet\nprint:\n  paper: 铜版纸\n  quantity: 800\n"
        "audiences: [老人, 儿童]\nsize: A4\n---\n正文\n"
    )
    years = "2027:\n  holidays:\n    - 2027-01-01   # 元旦\n    - 2027-01-02\n  workdays: []\n"
    data, _ = roundtrip.read_unit(years, False, 2027)
    data["holidays"][1] = forms._date_or_text("2027-01-03")
    assert roundtrip.save_unit(years, False, 2027, data) == years.replace("01-02", "01-03")
