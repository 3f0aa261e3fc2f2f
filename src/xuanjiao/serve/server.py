"""The preview server: build/site on 127.0.0.1, with a live-reload script added to HTML responses.

Files are served only from inside the site folder (no `..`, encoded or not, and no symlink
that leads out of it). The reload script is injected into responses, never into files on
disk; it listens to `/__xuanjiao__/events` (server-sent events) and reloads the page when a
rebuild finished, or shows a banner with the diagnostics when a rebuild failed.
"""

from __future__ import annotations

import json
import mimetypes
import re
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..messages import t

PREFIX = "/__xuanjiao__/"
PING_SECONDS = 15.0


PRIVATE_FILE = re.compile(r"^(?:\S*/)?private/")  # a diagnostic about a file under private/
INTERNAL = re.compile(r"^internal error, please report: ([\w.]+):")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def public_lines(lines: list[str]) -> list[str]:
    """Diagnostics fit for the event stream: one about a private file (whose message may quote
    a volunteer's name or phone) keeps only its place; its hint lines are dropped."""
    out: list[str] = []
    hiding = False
    for line in lines:
        if line.startswith(" "):  # a hint or other continuation of the line above
            if not hiding:
                out.append(line)
            continue
        crash = INTERNAL.match(line)
        if crash:  # the exception's message may quote anything, private data included
            out.append(
                t("internal error, please report: {kind} (the details are in the terminal only)", kind=crash.group(1))
            )
            continue
        hiding = bool(PRIVATE_FILE.match(line))
        if hiding:
            where = line.split(": ", 1)[0]
            out.append(t("{where}: a problem in a private file (the details are in the terminal only)", where=where))
        else:
            out.append(line)
    return out


class LiveState:
    """What the open pages need to know: the current site generation and any build errors."""

    def __init__(self, site_dir: Path | None = None) -> None:
        self._cond = threading.Condition()
        self._site_dir = site_dir  # whether a last good site exists to be shown under the banner
        self._token = secrets.token_hex(4)  # a restarted server reloads pages from an older one
        self._generation = 0
        self._errors: list[str] = []
        self._has_site = True
        self._building = ""
        self._version = 0
        self.closing = False

    def _changed(self) -> None:
        self._version += 1
        self._cond.notify_all()

    def building(self, what: str) -> None:
        with self._cond:
            self._building = what
            self._changed()

    def built(self) -> None:
        """A rebuild swapped a new site into place: open pages reload."""
        with self._cond:
            self._generation += 1
            self._errors = []
            self._building = ""
            self._changed()

    def failed(self, errors: list[str]) -> None:
        """A rebuild failed: the last good site (if any) stays; pages show the errors (those
        about private files by their place only: the event stream goes to a browser)."""
        with self._cond:
            self._errors = public_lines(errors)
            self._has_site = self._site_dir is None or self._site_dir.is_dir()
            self._building = ""
            self._changed()

    def idle(self) -> None:
        with self._cond:
            self._building = ""
            self._changed()

    def close(self) -> None:
        with self._cond:
            self.closing = True
            self._changed()

    @property
    def generation(self) -> str:
        with self._cond:
            return f"{self._token}-{self._generation}"

    def snapshot(self) -> tuple[int, dict]:
        with self._cond:
            return self._version, self._payload()

    def _payload(self) -> dict:
        return {
            "gen": f"{self._token}-{self._generation}",
            "errors": self._errors,
            "building": self._building,
            "site": self._has_site,
        }

    def wait(self, seen: int, timeout: float) -> tuple[int, dict | None]:
        """Block until the state changes after version `seen` (or timeout: payload None)."""
        with self._cond:
            changed = self._cond.wait_for(lambda: self._version != seen or self.closing, timeout)
            if not changed or self.closing:
                return seen, None
            return self._version, self._payload()


LIVE_JS = r"""(function () {
  var me = document.currentScript, gen = me && me.dataset.gen;
  var key = "xuanjiao-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); addEventListener("load", function () { scrollTo(0, +saved); }); }
  function banner(errors, site) {
    var el = document.getElementById("xuanjiao-errors");
    if (!errors.length) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "xuanjiao-errors";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;z-index:10000;left:0;right:0;top:0;max-height:50vh;overflow:auto;" +
        "background:#fdecea;color:#8c1d18;border-bottom:3px solid #b3261e;padding:.6em 1em;font:14px/1.5 monospace;";
      document.body.appendChild(el);
    }
    el.textContent = "";
    var h = document.createElement("strong");
    h.textContent = site ? "构建失败 build failed — 仍显示上一次成功的版本 (showing the last good site)"
                         : "构建失败 build failed — 还没有成功构建过的网站 (no site has been built yet)";
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:.4em 0 0;white-space:pre-wrap;";
    pre.textContent = errors.join("\n");
    el.appendChild(h); el.appendChild(pre);
  }
  var source = new EventSource("/__xuanjiao__/events");
  source.onmessage = function (e) {
    var s = JSON.parse(e.data);
    if (s.gen !== gen) { sessionStorage.setItem(key, String(scrollY)); source.close(); location.reload(); return; }
    banner(s.errors, s.site !== false);
  };
})();
"""


def safe_target(site: Path, url_path: str) -> Path | None:
    """The file under `site` that `url_path` names, or None when it would leave `site`."""
    path = unquote(url_path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    root = site.resolve()
    target = root.joinpath(*parts).resolve()  # follows symlinks: one pointing out is refused
    if target != root and not target.is_relative_to(root):
        return None
    return target


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(html: bytes, generation: str) -> bytes:
    tag = f'<script src="{PREFIX}live.js" data-gen="{generation}"></script>'.encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


class PreviewHandler(BaseHTTPRequestHandler):
    server: "PreviewServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal is for build diagnostics, not one line per request

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        if not self._host_is_local():  # a DNS-rebinding page names its own host: no content for it
            return self._send(
                HTTPStatus.MISDIRECTED_REQUEST,
                "text/plain; charset=utf-8",
                b"this preview answers only to 127.0.0.1 and localhost\n",
                head,
            )
        path = urlsplit(self.path).path
        if path == PREFIX + "events" and not head:
            return self._events()
        if path == PREFIX + "live.js":
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", LIVE_JS.encode(), head)
        site = self.server.site_dir
        target = safe_target(site, path)
        if target is None:
            return self._not_found(head)
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(head)
        self._file(HTTPStatus.OK, target, head)

    def _host_is_local(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        return host in LOCAL_HOSTS or host in {f"{name}:{port}" for name in LOCAL_HOSTS}

    def _not_found(self, head: bool) -> None:
        page = self.server.site_dir / "404.html"
        if page.is_file():
            return self._file(HTTPStatus.NOT_FOUND, page, head)
        body = b"<!doctype html><title>404</title><h1>404 Not Found</h1></body>"
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", inject(body, self.server.state.generation), head)

    def _file(self, status: HTTPStatus, path: Path, head: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # swapped away between the check and the read
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found", head)
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = inject(data, self.server.state.generation)
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml"):
            ctype += "; charset=utf-8"
        self._send(status, ctype, data, head)

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen, payload = state.snapshot()
        try:
            self._event(payload)
            while not state.closing:
                seen, payload = state.wait(seen, PING_SECONDS)
                if payload is None:
                    self.wfile.write(b": ping\n\n")  # finds closed tabs
                    self.wfile.flush()
                else:
                    self._event(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _event(self, payload: dict) -> None:
        self.wfile.write(b"retry: 1000\ndata: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")
        self.wfile.flush()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the default 5 refuses a page's burst of assets on a busy machine

    def __init__(self, site_dir: Path, state: LiveState, port: int = 8000):
        self.site_dir = site_dir
        self.state = state
        super().__init__(("127.0.0.1", port), PreviewHandler)  # never 0.0.0.0: a writer's preview

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"
