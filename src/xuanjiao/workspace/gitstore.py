"""The project's git repository, driven through the `git` program: one commit per save with
the person who saved as author, each file's history, and three-way merges of concurrent edits.

A file's version is named by its git blob hash: the form carries the hash of the text it was
opened with, so a save over a file that changed meanwhile is noticed, never silently lost.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

COMMITTER = "xuanjiao 工作台"
IGNORE = "# written by the xuanjiao workspace: never commit private data or outputs\nprivate/\nbuild/\npublished/\n"


class GitError(RuntimeError):
    pass


@dataclass(frozen=True)
class Version:
    commit: str
    author: str
    when: str  # ISO 8601
    subject: str


def blob_hash(data: bytes) -> str:
    """What `git hash-object` says for these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def email(name: str) -> str:
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name) or "user"
    return f"{safe}@workspace.invalid"


class GitStore:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.lock = threading.Lock()
        self.ensure()

    def _git(self, *args: str, author: str | None = None, input: bytes | None = None, check: bool = True) -> bytes:
        env = {
            **os.environ,
            "GIT_COMMITTER_NAME": COMMITTER,
            "GIT_COMMITTER_EMAIL": "workspace@workspace.invalid",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
        if author is not None:
            env.update(GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL=email(author))
        proc = subprocess.run(
            ["git", "-C", str(self.root), "-c", "core.quotepath=off", *args],
            env=env,
            input=input,
            capture_output=True,
            check=False,
        )
        if check and proc.returncode != 0:
            raise GitError(proc.stderr.decode("utf-8", "replace").strip())
        return proc.stdout

    def ensure(self) -> None:
        """A repository holding the project: the one it is in, or a new one with its files."""
        probe = self._git("rev-parse", "--show-toplevel", check=False)
        if probe.strip():
            return
        self._git("init", "-q")
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text(IGNORE, encoding="utf-8")
        self._git("add", "-A", ".")
        self._git("commit", "-q", "--allow-empty", "-m", "工作台：项目的初始版本", author=COMMITTER)

    def commit(self, rels: list[str], author: str, message: str) -> str:
        """Commit these project-relative files as `author`; the new commit id ('' if nothing
        changed)."""
        with self.lock:
            self._git("add", "-A", "--", *rels)
            if not self._git("diff", "--cached", "--name-only", "--", *rels).strip():
                return ""
            self._git("commit", "-q", "-m", message, "--", *rels, author=author)
            return self._git("rev-parse", "HEAD").decode().strip()

    def remember(self, data: bytes) -> str:
        """Store a version's bytes so a later merge can use it as the common base."""
        return self._git("hash-object", "-w", "--stdin", input=data).decode().strip()

    def blob(self, sha: str) -> bytes | None:
        out = self._git("cat-file", "blob", sha, check=False)
        return out if out or sha == blob_hash(b"") else None

    def merge(self, base: bytes, theirs: bytes, mine: bytes) -> bytes | None:
        """The three-way merge of two edits of `base`, or None when they touch the same lines."""
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, data in (("mine", mine), ("base", base), ("theirs", theirs)):
                path = Path(tmp) / name
                path.write_bytes(data)
                paths.append(str(path))
            proc = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, check=False)
        return proc.stdout if proc.returncode == 0 else None

    def history(self, rel: str, limit: int = 100) -> list[Version]:
        out = self._git("log", f"-{limit}", "--format=%H%x1f%an%x1f%aI%x1f%s", "--", rel, check=False)
        versions = []
        for line in out.decode("utf-8", "replace").splitlines():
            parts = line.split("\x1f")
            if len(parts) == 4:
                versions.append(Version(*parts))
        return versions

    def diff(self, commit: str, rel: str) -> str:
        self._check_commit(commit)
        out = self._git("show", "--format=", "--no-color", commit, "--", rel, check=False)
        return out.decode("utf-8", "replace")

    def show(self, commit: str, rel: str) -> bytes:
        self._check_commit(commit)
        return self._git("show", f"{commit}:./{rel}")

    def _check_commit(self, commit: str) -> None:
        if not (7 <= len(commit) <= 40 and all(c in "0123456789abcdef" for c in commit)):
            raise GitError("not a commit id")
