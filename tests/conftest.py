"""Shared fixtures: real projects on disk, built with the real pipeline."""

from __future__ import annotations

import fcntl
import os
import shutil
import textwrap
from pathlib import Path
from typing import Callable

import pytest

# Diagnostics speak English in the test suite (many tests assert English text); set before any
# xuanjiao import, and inherited by every `python -m xuanjiao` subprocess. Tests of the Chinese
# messages set XUANJIAO_LANG / LANG themselves.
os.environ.setdefault("XUANJIAO_LANG", "en")
# Builds are reproducible without SOURCE_DATE_EPOCH (test_build compares the session's shared
# build with another): tests that want it set it themselves.
os.environ.pop("SOURCE_DATE_EPOCH", None)

REPO = Path(__file__).resolve().parent.parent

SITE_YML = """\
title: 测试县卫生健康宣传
organization: 测试县卫生健康局
hotline: "12320"
url: https://jiankang.test.example/
"""


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write a project: `files` maps project-relative paths to text (dedented).

    A minimal content/site.yml is added unless given.
    """
    files = {"content/site.yml": SITE_YML, **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def session_tmp(tmp_path_factory) -> Path:
    """A temp folder of this test session that every xdist worker sees: the workers' common
    parent, or the session's own base without xdist (never the parent then: that one holds
    every earlier session's folders, whose results must not be read as this session's)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that `make` fills once per test session for every xdist worker (under a file
    lock): for an expensive output that tests only read. A module-scoped fixture runs once in
    each worker that gets one of the module's tests, and --dist worksteal often splits a module."""
    root = session_tmp(tmp_path_factory) / "made-once"
    root.mkdir(exist_ok=True)
    dest, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir()
            make(dest)
            done.touch()
    return dest


@pytest.fixture
def make_project(tmp_path):
    def make(files: dict[str, str], name: str = "proj") -> Path:
        return write_project(tmp_path / name, files)

    return make


@pytest.fixture(scope="session")
def example_copy(tmp_path_factory) -> Path:
    """A private copy of the repository's example project (content/, private/, themes/)."""
    dest = tmp_path_factory.mktemp("example") / "project"
    dest.mkdir()
    for name in ("content", "private", "themes"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def example_built(tmp_path_factory) -> Path:
    """The example project built in full once per test session (site with MkDocs, print, plans,
    private; its outputs in build/), shared by every xdist worker: the same folder the browser
    tests check (engine_sites.py). Read it only: a test that edits a project or builds it
    again makes its own copy."""
    from engine_sites import built_project

    return built_project(tmp_path_factory, "mkdocs", "example")


@pytest.fixture
def example_built_copy(example_built, tmp_path) -> Path:
    """A private copy of the session's built example, build/ and its cache included: a test
    that edits a material and builds again renders what the edit touches, the rest comes
    from the cache as in a writer's own project."""
    dest = tmp_path / "project"
    shutil.copytree(example_built, dest, symlinks=True, ignore=shutil.ignore_patterns(".build.*"))
    return dest
