"""The workspace under load, through its real server (`xuanjiao workspace`, uvicorn):
how fast a page answers, how long a saved leaflet takes to show its new print preview, and
20 people saving at once with no error and no edit lost (each saved edit is in git history,
each refused one waits as a conflict with its text)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from typing_extensions import Self

PASSWORD = "bench-password-1"


class Session:
    """One person's browser: cookies, the CSRF token, forms posted as a browser posts them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def post(self, path: str, pairs: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(pairs).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=120) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("location", "") or exc.read().decode("utf-8", "replace")

    def login(self, name: str) -> None:
        _, page = self.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        code, _ = self.post("/login", [("csrf", token), ("name", name), ("password", PASSWORD)])
        if code != 303:
            raise RuntimeError(f"login of {name} failed: {code}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 303 is an answer to look at, not to follow
        return None


def edit_form(html: str) -> list[tuple[str, str]]:
    """The edit form's fields as a browser sends them (tests/workspace_client.py does it fully)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
    from workspace_client import form_of

    return form_of(html, "/edit/")


@dataclass
class Server:
    root: Path
    port: int = 0
    proc: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(self.root), "--port", str(self.port)],
            stderr=open(self.root.parent / "workspace-server.log", "w", encoding="utf-8"),
            env={**os.environ, "XUANJIAO_LANG": "zh-CN"},
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/login", timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the workspace did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def add_users(root: Path, names: list[str]) -> None:
    from xuanjiao.workspace.accounts import Accounts, db_path

    accounts = Accounts(db_path(root))
    for name in names:
        if accounts.user(name) is None:
            accounts.add(name, "writer", PASSWORD)
    accounts.close()


def page_times(server: Server, paths: list[str], repeat: int = 5) -> dict[str, float]:
    """Median seconds per page once warm (each page asked once before timing)."""
    s = Session(server.url)
    s.login("bench-0")
    out = {}
    for path in paths:
        s.get(path)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            code, _ = s.get(path)
            times.append(time.perf_counter() - started)
            if code != 200:
                raise RuntimeError(f"{path}: {code}")
        out[path] = statistics.median(times)
    return out


def save_to_preview(server: Server, ident: str, rounds: int = 3) -> float:
    """Median seconds from posting a changed title to having the new print preview's pages."""
    s = Session(server.url)
    s.login("bench-0")
    s.get(f"/print/materials/{ident}/pages")  # warm: fonts and WeasyPrint loaded
    times = []
    for i in range(rounds):
        _, page = s.get(f"/edit/materials/{ident}")
        pairs = [(k, v + f"（第{i}版）" if k == "title" else v) for k, v in edit_form(page)]
        started = time.perf_counter()
        code, answer = s.post(f"/edit/materials/{ident}", pairs)
        _, pages = s.get(f"/print/materials/{ident}/pages")
        times.append(time.perf_counter() - started)
        if code != 200 or '"pages": []' in pages:
            said = re.findall(r'role="alert">([^<]+)', answer)
            raise RuntimeError(f"save or preview failed: {code} {said} {pages[:200]}")
    return statistics.median(times)


@dataclass
class LoadResult:
    sessions: int
    saves: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    seconds: float = 0.0
    slowest: float = 0.0
    home: list[float] = field(default_factory=list)  # the start page's answer times under the load
    saving: list[float] = field(default_factory=list)  # each save's answer time (with its check)


def load(server: Server, idents: list[str], sessions: int = 20, rounds: int = 3, own: bool = False) -> LoadResult:
    """`sessions` people at once, each `rounds` times: start page, open a material (several
    people on each; `own`: each person their own one), change its summary, save. Then every
    saved mark must be in git history and every refused one kept as a pending conflict."""
    result = LoadResult(sessions)
    marks: dict[str, str] = {}  # mark -> "saved" | "conflict"
    lock = threading.Lock()

    def person(n: int) -> None:
        s = Session(server.url)
        s.login(f"bench-{n}")
        for r in range(rounds):
            ident = idents[n % len(idents)] if own else idents[(n + r) % len(idents)]
            started = time.perf_counter()
            code, _ = s.get("/")
            home = time.perf_counter() - started
            code2, page = s.get(f"/edit/materials/{ident}")
            mark = f"mark-{n}-{r}"
            pairs = [(k, f"{mark}" if k == "summary" else v) for k, v in edit_form(page)]
            posted = time.perf_counter()
            code3, answer = s.post(f"/edit/materials/{ident}", pairs)
            took = time.perf_counter() - started
            with lock:
                result.home.append(home)
                result.saving.append(time.perf_counter() - posted)
                result.slowest = max(result.slowest, took)
                if (code, code2) != (200, 200) or code3 not in (200, 303):
                    result.errors.append(f"{mark}: {code} {code2} {code3}")
                elif code3 == 303 and "/conflict/" in answer:
                    marks[mark] = "conflict"
                    result.conflicts += 1
                else:
                    marks[mark] = "saved"
                    result.saves += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=person, args=(n,)) for n in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    history = subprocess.run(
        ["git", "-C", str(server.root), "log", "-p", "--", "content/materials"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pending = "\n".join(
        t for (t,) in sqlite3.connect(server.root / "private" / "workspace.sqlite").execute("SELECT text FROM pending")
    )
    for mark, fate in marks.items():
        if (fate == "saved" and f"summary: {mark}" not in history) or (fate == "conflict" and mark not in pending):
            result.lost.append(mark)
    return result


def own_copies(root: Path, source: str, count: int) -> list[str]:
    """`count` copies of a material, one for each person of the load (no two save one file)."""
    text = (root / "content" / "materials" / f"{source}.md").read_text(encoding="utf-8")
    idents = [f"bench-own-{n}" for n in range(count)]
    for ident in idents:
        (root / "content" / "materials" / f"{ident}.md").write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "content/materials"], check=True, capture_output=True)
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-qm", "copies"],
        check=True,
        capture_output=True,
    )
    return idents
