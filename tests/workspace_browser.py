"""What the workspace's browser tests share: the skip when Chromium or the npm packages are
missing, adding an account with the real command, and one journey — a real `xuanjiao workspace`
server on a free port, a node script (tests/browser/*.js) driving Debian's Chromium against it,
the server stopped, the script's last output line read as JSON."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XUANJIAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

needs_browser = pytest.mark.skipif(
    not (
        Path(CHROMIUM).exists()
        and shutil.which("node")
        and (REPO / "node_modules" / "playwright-core").is_dir()
        and (REPO / "node_modules" / "axe-core").is_dir()
    ),
    reason="needs Chromium, node and npm ci (playwright-core, axe-core)",
)


def add_user(root: Path, name: str, role: str, password: str, *extra: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "xuanjiao", "user", "add", name, "--role", role, *extra, "--password-stdin"]
        + ["--project", str(root)],
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60, context=None):
    """`url`'s response once it answers: a server starting on a loaded 2-core machine can take
    well over 10 s. `context`: an ssl.SSLContext for https."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, context=context, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} never answered") from None
            time.sleep(0.1)


def stop(server: subprocess.Popen) -> str:
    """Ctrl+C, as a person stops it; -> what it wrote to stderr (if piped)."""
    server.send_signal(signal.SIGINT)
    try:
        _, err = server.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        _, err = server.communicate()
    return err


def journey(root: Path, script: str, *args: str, shots: Path) -> dict:
    """Run tests/browser/`script` with (chromium, url, *args) against a workspace on `root` (its
    diagnostics in Chinese, as the staff read them); the JSON it printed last. Screenshots land
    in `shots` (copied to $XUANJIAO_KEEP_SHOTS when set)."""
    shots.mkdir(exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(root), "--port", str(port)],
        env={**os.environ, "XUANJIAO_LANG": "zh-CN"},
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/login").close()
        run = subprocess.run(
            ["node", str(REPO / "tests" / "browser" / script), CHROMIUM, url, *args],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=REPO,
            check=False,
        )
    finally:
        stop(server)
    seen = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {}
    if os.environ.get("XUANJIAO_KEEP_SHOTS"):
        shutil.copytree(shots, os.environ["XUANJIAO_KEEP_SHOTS"], dirs_exist_ok=True)
    assert run.returncode == 0, run.stderr[-3000:] + json.dumps(seen, ensure_ascii=False)[:2000]
    return seen
