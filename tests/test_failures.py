"""When the program or the machine fails, not the content: one line, a clear exit code, and
the previous build/ exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from test_check_errors import base
from xuanjiao.cli import main
from xuanjiao.output_dir import MARKER

PYTHON = sys.executable


def tree_hash(root: Path) -> str:
    """Every path, kind, mode and content under `root` (symlinks not followed)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        h.update(f"{path.relative_to(root)}\0{st.st_mode}\0".encode())
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()


def previous_build(root: Path) -> Path:
    """A stand-in for an earlier build (marked as ours), to see that it survives."""
    build = root / "build"
    (build / "plans").mkdir(parents=True)
    (build / "plans" / "old.txt").write_text("the previous build\n", encoding="utf-8")
    (build / MARKER).write_text("x\n", encoding="utf-8")
    return build


def run(args: list[str], blocked: str | None = None) -> subprocess.CompletedProcess:
    """The real program in a fresh process, optionally with one package made unimportable."""
    block = f"import sys; sys.modules[{blocked!r}] = None; " if blocked else ""
    code = f"{block}from xuanjiao.cli import main; main({args!r})"
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=300)


# --- internal errors ----------------------------------------------------------------------


def test_an_internal_error_is_one_line_and_exit_3(make_project, monkeypatch, tmp_path):
    import xuanjiao.content.loader as loader

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(loader, "load_project", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.delenv("XUANJIAO_DEBUG", raising=False)
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    result = CliRunner().invoke(main, ["check", "--project", str(make_project(base()))])
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error, please report: ZeroDivisionError: a bug")
    assert "Traceback" not in result.output
    trace = lines[0].split("full trace in ")[1].rstrip(")")
    assert Path(trace).parent == tmp_path and "ZeroDivisionError" in Path(trace).read_text(encoding="utf-8")
    monkeypatch.setenv("XUANJIAO_DEBUG", "1")
    debug = CliRunner().invoke(main, ["check", "--project", str(make_project(base(), name="p2"))])
    assert debug.exit_code == 3 and "Traceback" in debug.output and "in broken" in debug.output


# --- missing packages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "package, args",
    [
        ("openpyxl", ["build", "--only", "print"]),
        ("weasyprint", ["build", "--only", "plans"]),
        ("openpyxl", ["plan", "--year", "2026"]),
    ],
)
def test_a_missing_package_is_named_and_nothing_changes(make_project, package, args):
    """It used to vanish: `--only print` ran no stage, said done and swapped build/."""
    root = make_project(base())
    previous_build(root)
    before = tree_hash(root)
    result = run([*args, "--project", str(root)], blocked=package)
    assert result.returncode == 2, result.stderr
    assert f"'{package}'" in result.stderr and f"pip install {package}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(root) == before


def test_every_command_is_listed_without_importing_it():
    result = run(["--help"], blocked="matplotlib")
    assert result.returncode == 0, result.stderr
    for name in ("build", "check", "plan", "report", "ledger", "serve"):
        assert f"  {name}" in result.stdout


# --- --out never destroys inputs ----------------------------------------------------------


@pytest.mark.parametrize(
    "where, reason",
    [
        (lambda root: root, "holds the project"),
        (lambda root: root.parent, "holds the project"),
        (lambda root: root / "content", "inside the project's content/"),
        (lambda root: root / "private" / "out", "inside the project's private/"),
        (lambda root: root / "themes", "inside the project's themes/"),
        (lambda root: root.parent / "desktop", "not empty and holds no earlier build"),
    ],
)
def test_out_refuses_inputs_and_foreign_folders(make_project, where, reason):
    root = make_project({**base(), "private/volunteers.yml": "[]\n", "themes/default/x.css": "a {}\n"})
    desktop = root.parent / "desktop"
    desktop.mkdir()
    (desktop / "报告.docx").write_bytes(b"not ours")
    before = tree_hash(root.parent)
    result = CliRunner().invoke(main, ["build", "--only", "plans", "--project", str(root), "--out", str(where(root))])
    assert result.exit_code == 2, result.output
    assert "refusing to build into" in result.output and reason in result.output
    assert len(result.output.strip().splitlines()) <= 2  # the line and its hint
    assert tree_hash(root.parent) == before


def test_out_accepts_an_earlier_build_a_new_folder_and_the_projects_own_build(make_project, tmp_path):
    root = make_project(base())
    runner = CliRunner()
    out = tmp_path / "elsewhere" / "site-build"
    first = runner.invoke(main, ["build", "--only", "plans", "--project", str(root), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert (out / MARKER).is_file() and (out / "plans").is_dir()
    again = runner.invoke(main, ["build", "--only", "plans", "--project", str(root), "--out", str(out)])
    assert again.exit_code == 0, again.output
    # build/ written before the marker existed is still the project's own output
    (root / "build" / "plans").mkdir(parents=True)
    (root / "build" / "plans" / "stale.txt").write_text("old\n", encoding="utf-8")
    default = runner.invoke(main, ["build", "--only", "plans", "--project", str(root)])
    assert default.exit_code == 0, default.output
    assert (root / "build" / MARKER).is_file() and not (root / "build" / "plans" / "stale.txt").exists()


# --- environment failures -----------------------------------------------------------------


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@contextmanager
def mounted(*args: str) -> Iterator[None]:
    target = args[-1]
    try:
        _mount(*args)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount here ({exc}); this test needs root in a machine that allows mounts")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", target], capture_output=True, timeout=30)


def _one_line_exit_1(result, path: Path, what: str) -> None:
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [line for line in errors if str(path) in line and what in line] and len(errors) == 1, result.output
    assert "Traceback" not in result.output and ".staging-" not in result.output


def test_a_read_only_project_is_one_line(make_project, tmp_path):
    source = make_project(base())
    previous_build(source)
    before = tree_hash(source)
    view = tmp_path / f"ro-{uuid.uuid4().hex[:8]}"
    view.mkdir()
    with mounted("--bind", str(source), str(view)):
        _mount("-o", "remount,ro,bind", str(view))
        result = CliRunner().invoke(main, ["build", "--only", "plans", "--project", str(view)])
    _one_line_exit_1(result, view / "build", "read-only")
    assert tree_hash(source) == before


def test_a_full_disk_is_one_line_and_the_old_build_stays(make_project, tmp_path):
    disk = tmp_path / f"small-{uuid.uuid4().hex[:8]}"
    disk.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)):
        root = disk / "proj"
        shutil.copytree(make_project(base()), root)
        previous_build(root)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))
        before = tree_hash(root)
        result = CliRunner().invoke(main, ["build", "--only", "plans", "--project", str(root)])
        _one_line_exit_1(result, root / "build", "the disk is full")
        assert tree_hash(root) == before
        assert not list(disk.glob("proj/.build.staging-*"))


def test_an_immutable_build_folder_is_one_line_and_kept(make_project):
    root = make_project(base())
    build = previous_build(root)
    if subprocess.run(["chattr", "+i", str(build)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        before = tree_hash(root)
        result = CliRunner().invoke(main, ["build", "--only", "plans", "--project", str(root)])
        _one_line_exit_1(result, build, "not permitted")
        assert tree_hash(root) == before
    finally:
        subprocess.run(["chattr", "-i", str(build)], capture_output=True)
