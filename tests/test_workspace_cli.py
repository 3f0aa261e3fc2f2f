"""`xuanjiao user ...` and `xuanjiao workspace`, run as programs: accounts in
private/workspace.sqlite, refusals with exit codes, and the real server over http and https."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from workspace_browser import free_port, stop, wait_for
from workspace_client import REPO

LANFENG = REPO / "tests" / "projects" / "lanfeng"


def xj(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xuanjiao", *args], check=False, input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(tmp_path) -> Path:
    dest = tmp_path / "p"
    shutil.copytree(LANFENG, dest)
    return dest


def test_user_add_list_disable(project):
    r = xj(
        "user",
        "add",
        "王芳",
        "--role",
        "writer",
        "--password-stdin",
        "--project",
        str(project),
        stdin="a-long-password\n",
    )
    assert r.returncode == 0, r.stderr
    assert "added 王芳 (writer)" in r.stderr
    xj("user", "add", "admin", "--role", "admin", "--password-stdin", "--project", str(project), stdin="pw-admin-123\n")
    listed = xj("user", "list", "--project", str(project))
    assert listed.stdout.splitlines() == ["admin\tadmin\tAdministrator", "王芳\twriter\tWriter"]  # in XUANJIAO_LANG
    assert xj("user", "disable", "王芳", "--project", str(project)).returncode == 0
    assert "王芳\twriter\tWriter\tdisabled" in xj("user", "list", "--project", str(project)).stdout
    data = (project / "private" / "workspace.sqlite").read_bytes()
    assert b"a-long-password" not in data and b"$argon2id$" in data


def test_user_add_refusals(project):
    short = xj("user", "add", "li", "--role", "writer", "--password-stdin", "--project", str(project), stdin="short\n")
    assert (
        short.returncode == 1
        and "A password has at least 8 characters" in short.stderr
        and "Traceback" not in short.stderr
    )
    bad_role = xj("user", "add", "li", "--role", "boss", "--password-stdin", "--project", str(project), stdin="x" * 9)
    assert bad_role.returncode == 2
    xj("user", "add", "li", "--role", "writer", "--password-stdin", "--project", str(project), stdin="x" * 9)
    again = xj("user", "add", "li", "--role", "writer", "--password-stdin", "--project", str(project), stdin="y" * 9)
    assert again.returncode == 1 and "already exists" in again.stderr
    nowhere = xj("user", "list", "--project", str(project / "nothing"))
    assert nowhere.returncode == 2 and "content/" in nowhere.stderr


def test_other_than_loopback_needs_an_admin(project):
    r = xj("workspace", "--project", str(project), "--host", "0.0.0.0", "--port", "0")
    assert r.returncode == 2 and "needs an admin account" in r.stderr


def _serve(project: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(project), "--port", str(port), *args],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    return proc, port


def test_workspace_serves_the_login_page(project):
    proc, port = _serve(project)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/login")
        html = page.read().decode()
        # the command speaks XUANJIAO_LANG (en in the test suite; Chinese when unset)
        assert page.status == 200 and ">Username</label>" in html and ">Password</label>" in html
        assert "HttpOnly" in page.headers["set-cookie"] and "Secure" not in page.headers["set-cookie"]
        assert wait_for(f"http://127.0.0.1:{port}/static/workspace.css").status == 200
    finally:
        err = stop(proc)
    assert f"http://127.0.0.1:{port}/" in err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_workspace_over_https_with_an_office_certificate(project, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    proc, port = _serve(project, "--certfile", str(cert), "--keyfile", str(key))
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        with wait_for(f"https://127.0.0.1:{port}/login", context=context) as page:  # closed: the server stops at once
            assert page.status == 200
            assert re.search(r"Secure", page.headers["set-cookie"])
    finally:
        err = stop(proc)
    assert f"https://127.0.0.1:{port}/" in err
