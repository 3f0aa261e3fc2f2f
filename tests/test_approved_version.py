"""A material edited after its approval: the build keeps publishing the version the doctor
signed (from git history) until the new one is approved; `check` reads the working file.

Real projects in real git repositories, built with the real pipeline; the site page and the
print PDF are read back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from sitecheck import parse
from xuanjiao.content.approved import last_approved, published_versions, status_of
from xuanjiao.content.loader import load_project
from xuanjiao.pipeline import BuildOptions, run_build

SIGNED = "洗手要用流动水，搓满二十秒。"
NEW = "新版本：洗手后用干净毛巾擦干。"


def material(status: str, text: str, reviewed: bool = True) -> str:
    review = "reviewed_by: 县疾控中心 李医生\nreviewed_on: 2026-05-01\nreview_due: 2027-05-01\n" if reviewed else ""
    return (
        f"---\ntitle: 正确洗手\nkind: flyer\nsize: A5\nstatus: {status}\n{review}"
        f"sources: [国家卫生健康委]\nqr: none\n---\n# 正确洗手\n\n{text}\n"
    )


def git(root: Path, *args: str, author: str = "王芳") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "a@example.invalid",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "a@example.invalid",
    }
    proc = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def commit(root: Path, message: str, author: str = "王芳") -> str:
    git(root, "add", "-A", "--", "content")  # not build/ nor the trash a build leaves beside it
    git(root, "commit", "-q", "-m", message, author=author)
    return git(root, "rev-parse", "HEAD")


def write(project: Path, text: str) -> None:
    (project / "content" / "materials" / "hands.md").write_text(text, encoding="utf-8")


@pytest.fixture
def repo(make_project) -> Path:
    """A project whose hands.md was approved (one commit) and then edited (status review)."""
    project = make_project({"content/materials/hands.md": material("draft", "初稿。", reviewed=False)})
    git(project, "init", "-q")
    commit(project, "初稿")
    write(project, material("approved", SIGNED))
    commit(project, "审核通过", author="李医生")
    write(project, material("review", NEW))
    commit(project, "修改")
    return project


def page_text(project: Path) -> str:
    return "".join(parse(project / "build" / "site" / "materials" / "hands" / "index.html").text)


def test_status_of_reads_the_front_matter_only():
    assert status_of(material("approved", "x")) == "approved"
    assert status_of("---\ntitle: a\nstatus: 'review'\n---\nstatus: approved\n") == "review"
    assert status_of("# no front matter\nstatus: approved\n") == ""
    assert status_of("---\ntitle: a\n---\n") == ""


def test_build_publishes_the_signed_version_site_and_print(repo):
    approved_commit = git(repo, "log", "--format=%H", "--author=李医生")
    found = last_approved(repo, "content/materials/hands.md")
    assert found is not None and found.commit == approved_commit and SIGNED in found.text

    result = run_build(BuildOptions(repo, only=("site", "print"), jobs=1))
    assert result.ok, [d.format() for d in result.diagnostics]
    text = page_text(repo)
    assert SIGNED in text and NEW not in text
    assert "李医生" in text  # the signature of the version shown
    pdfs = [p for p in (repo / "build" / "print").rglob("*.pdf") if "hands" in p.name]
    assert pdfs, sorted(p.name for p in (repo / "build" / "print").rglob("*"))
    pdf = "".join(page.extract_text() for page in pypdf.PdfReader(pdfs[0]).pages)
    assert "流动水" in pdf and "毛巾" not in pdf
    assert result.notices == [
        f"hands: the approved version (commit {approved_commit[:7]}) is still published; the new version awaits review"
    ]
    # check (and the workspace) read the working file
    project, _ = load_project(repo)
    assert project.materials["hands"].status == "review" and NEW in project.materials["hands"].body


def test_the_command_line_says_so_in_chinese(repo):
    env = {**os.environ, "XUANJIAO_LANG": "zh"}
    proc = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "build", "--only", "site", "--project", str(repo)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    short = git(repo, "log", "--format=%h", "--abbrev=7", "--author=李医生")
    assert f"hands 仍发布已审核版本（提交 {short}），新版本待审核" in proc.stderr


def test_uncommitted_edit_and_new_approval(repo):
    """The working file need not be committed; once the new version is approved it is published."""
    write(repo, material("review", NEW + "尚未提交。"))
    assert run_build(BuildOptions(repo, only=("site",))).ok
    assert SIGNED in page_text(repo)
    write(repo, material("approved", NEW))
    commit(repo, "再次审核通过", author="李医生")
    result = run_build(BuildOptions(repo, only=("site",)))
    assert result.ok and result.notices == []
    assert NEW in page_text(repo) and SIGNED not in page_text(repo)


def test_cache_follows_the_substituted_text(repo):
    """Same working file, another approved version in history: the build must not reuse the
    project it cached for the first one."""
    working = (repo / "content" / "materials" / "hands.md").read_text(encoding="utf-8")
    assert run_build(BuildOptions(repo, only=("site",))).ok
    assert SIGNED in page_text(repo)
    write(repo, material("approved", "第二次签字的版本。"))
    commit(repo, "审核通过第二版", author="李医生")
    write(repo, working)  # the same bytes as the first build read, not committed
    assert run_build(BuildOptions(repo, only=("site",))).ok
    text = page_text(repo)
    assert "第二次签字的版本" in text and SIGNED not in text


def test_drafts_build_shows_the_working_version(repo):
    result = run_build(BuildOptions(repo, only=("site",), drafts=True))
    assert result.ok and result.notices == []
    assert NEW in page_text(repo)


@pytest.mark.parametrize("case", ["no git", "never approved", "retired"])
def test_otherwise_as_before(make_project, case):
    project = make_project({"content/materials/hands.md": material("approved", SIGNED)})
    if case != "no git":
        git(project, "init", "-q")
        if case == "never approved":
            write(project, material("review", NEW))
        commit(project, "one")
    write(project, material("retired" if case == "retired" else "review", NEW))
    assert published_versions(project) == {}
    result = run_build(BuildOptions(project, only=("site",)))
    assert result.ok and result.notices == []
    assert not (project / "build" / "site" / "materials" / "hands").exists()


def test_project_in_a_subfolder_of_the_repository(tmp_path, make_project):
    project = make_project({"content/materials/hands.md": material("approved", SIGNED)}, name="repo/county")
    top = tmp_path / "repo"
    git(top, "init", "-q")
    git(top, "add", "-A", ".")
    git(top, "commit", "-q", "-m", "approved")
    write(project, material("review", NEW))
    found = published_versions(project)
    assert list(found) == ["content/materials/hands.md"] and SIGNED in found["content/materials/hands.md"].text
