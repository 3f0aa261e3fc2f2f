"""The workspace's words come from its gettext catalog (domain `workspace`, ids in Chinese):
every word of its templates and modules is marked, in the catalog and translated into
Chinese and English; the interface speaks the person's language, Chinese by default.

After adding words: `scripts/i18n extract && scripts/i18n update`, then translate the empty
msgstr in src/xuanjiao/locale/en/LC_MESSAGES/workspace.po (zh_CN is filled with the ids).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from workspace_client import form_of, login, project_with_users
from xuanjiao.workspace.web import create_app

REPO = Path(__file__).resolve().parent.parent
WS = REPO / "src" / "xuanjiao" / "workspace"
LOCALE = REPO / "src" / "xuanjiao" / "locale"
CJK = re.compile(r"[\u4e00-\u9fff]")
# modules whose Chinese strings are data, not interface: git's committer name and first
# commit, each language's own name
DATA_MODULES = {"gitstore.py", "words.py"}


def marked() -> dict[str, str]:
    """Every id marked in the workspace's templates and modules -> where."""
    with (REPO / "babel-workspace.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords={"_": None, "N_": None, "gettext": None}
    ):
        ident = message if isinstance(message, str) else message[0]
        found.setdefault(ident, f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    named = set(re.findall(r"%\((\w+)\)s", text))
    try:
        braces = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        braces = set()
    return named | braces


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_marked_word_is_translated(lang):
    with (LOCALE / lang / "LC_MESSAGES" / "workspace.po").open("rb") as f:
        catalog = read_po(f, locale=lang, domain="workspace")
    problems = []
    for ident, where in marked().items():
        entry = catalog.get(ident)
        if entry is None or not entry.string or entry.fuzzy:
            problems.append(f"{where}: not translated: {ident!r}")
        elif placeholders(entry.string) != placeholders(ident):
            problems.append(f"{where}: placeholders differ: {ident!r} -> {entry.string!r}")
        elif lang == "en" and CJK.search(entry.string):
            problems.append(f"{where}: English has Chinese: {entry.string!r}")
    assert not problems, "scripts/i18n extract && scripts/i18n update, then translate:\n" + "\n".join(problems)
    assert len(marked()) > 200


def test_templates_have_no_words_outside_the_catalog():
    """Chinese in a template is only ever the literal argument of _()."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    problems = []
    for path in sorted((WS / "templates").glob("*.html")):
        tokens = [t for t in env.lex(path.read_text(encoding="utf-8")) if t[1] != "whitespace"]
        for i, (line, kind, value) in enumerate(tokens):
            if not CJK.search(value):
                continue
            called = kind == "string" and i >= 2 and tokens[i - 1][2] == "(" and tokens[i - 2][2] == "_"
            if not called and kind != "comment":
                problems.append(f"{path.name}:{line}: {value.strip()[:60]!r}")
    assert not problems, "wrap these in {{ _(...) }}:\n" + "\n".join(problems)


def test_modules_have_no_words_outside_the_catalog():
    """Chinese string literals of the workspace's modules are marked with _() or N_()."""
    problems = []
    for path in sorted(WS.glob("*.py")):
        if path.name in DATA_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
        }
        docs = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
                if id(node) not in allowed and id(node) not in docs:
                    problems.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not problems, "mark these with _() (or N_() in a table):\n" + "\n".join(problems)


def _labels(html: str) -> list[str]:
    return re.findall(r"<label for=\"\w+\">([^<]+)</label>", html) + re.findall(r"<button[^>]*>([^<]+)</button>", html)


def test_login_page_in_english_and_chinese_by_default(tmp_path, monkeypatch):
    root = project_with_users(tmp_path / "p")
    monkeypatch.setenv("XUANJIAO_LANG", "en")
    english = create_app(root)
    from starlette.testclient import TestClient

    page = TestClient(english).get("/login").text
    assert _labels(page) == ["Username", "Password", "Log in"] and '<html lang="en">' in page
    monkeypatch.delenv("XUANJIAO_LANG")
    page = TestClient(create_app(root)).get("/login").text
    assert _labels(page) == ["用户名", "密码", "登录"] and '<html lang="zh-CN">' in page


def test_each_person_chooses_their_language(tmp_path):
    root = project_with_users(tmp_path / "p")
    app = create_app(root, "zh-CN")
    ann, bob = login(app, "ann"), login(app, "bob")
    home = ann.get("/").text
    assert "我的草稿" in home and ">English</button>" in home
    switch = dict(form_of(home, "/language"))
    r = ann.post("/language", data={**switch, "lang": "en", "back": "/edit/materials/iodine-leaflet"})
    assert r.status_code == 303 and r.headers["location"] == "/edit/materials/iodine-leaflet"
    edit = ann.get("/edit/materials/iodine-leaflet").text
    assert '<html lang="en">' in edit and ">Title" in edit and ">Save</button>" in edit and "保存</button>" not in edit
    assert "Tri-fold leaflet</option>" in edit and "Materials" in edit  # choices and kinds from the tables, too
    assert "我的草稿" in bob.get("/").text  # a colleague keeps Chinese
    assert "My drafts" in login(app, "ann").get("/").text  # kept on the account, not the session
    bad = ann.post("/language", data={**switch, "lang": "fr", "back": "https://elsewhere.example/"})
    assert bad.headers["location"] == "/" and "My drafts" in ann.get("/").text
