"""Helpers for the workspace tests: a project with accounts, a logged-in client, and the
fields of a page's form read from its HTML as a browser would submit them."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from xuanjiao.workspace.accounts import Accounts, db_path
from xuanjiao.workspace.web import create_app

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-1"


def project_with_users(dest: Path, source: Path = REPO / "tests" / "projects" / "lanfeng") -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("build", ".git"))
    accounts = Accounts(db_path(dest))
    for name, role in (("admin", "admin"), ("ann", "writer"), ("bob", "writer"), ("dr-xu", "reviewer")):
        accounts.add(name, role, PASSWORD)
    accounts.close()
    return dest


class Client(TestClient):
    """Posts a list of (name, value) pairs as a browser does (httpx wants a mapping)."""

    def request(self, method, url, *, data=None, **kwargs):
        if isinstance(data, list):
            grouped: dict[str, list[str]] = {}
            for k, v in data:
                grouped.setdefault(k, []).append(v)
            data = grouped
        return super().request(method, url, data=data, **kwargs)


def login(app, name: str, password: str = PASSWORD) -> TestClient:
    client = Client(app, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf": token, "name": name, "password": password})
    assert response.status_code == 303, response.text
    return client


def app_for(root: Path, lang: str = "zh-CN"):
    """The workspace in its default language, Chinese (the suite's XUANJIAO_LANG=en is for
    the diagnostics; tests/test_workspace_i18n.py covers the English interface)."""
    return create_app(root, lang)


class FormFields(HTMLParser):
    """The successful controls of the first <form> whose action starts with `action`."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.pairs = action, False, []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("action", "").startswith(self.action) and not self.pairs:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            else:
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.pairs.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
            self.action = "\0"  # only the first matching form
        elif tag == "textarea" and self._textarea is not None:
            text = self._text.removeprefix("\n")  # as browsers do
            self.pairs.append((self._textarea, text.replace("\n", "\r\n")))  # and they send CRLF
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_of(html: str, action: str) -> list[tuple[str, str]]:
    parser = FormFields(action)
    parser.feed(html)
    return parser.pairs


def replace(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    names = {k.replace("__", "."): v for k, v in values.items()}
    return [(k, names.get(k, v)) for k, v in pairs]


def git_log(root: Path, rel: str) -> list[tuple[str, str]]:
    out = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%an%x1f%s", "--", rel], capture_output=True, text=True, check=True
    ).stdout
    return [tuple(line.split("\x1f")) for line in out.splitlines()]
