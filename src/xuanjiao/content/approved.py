"""The last approved version of a material, from the project's git history.

A material edited after its approval goes back to review (a new version needs a new
signature), but the version the doctor signed stays published until the new one is approved:
the build reads that version's text instead of the working file (`check` and the workspace
keep reading the working file). Without git, outside a repository, or when a material was
never approved, nothing is substituted and the build behaves as before.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MATERIALS = "content/materials"
HISTORY_LIMIT = 200  # commits looked at per file: an approval further back is not published
_STATUS = re.compile(r"^status:[ \t]*[\"']?([A-Za-z]+)", re.MULTILINE)


@dataclass(frozen=True)
class Approved:
    rel: str  # project-relative path of the working file
    commit: str  # the newest commit whose version of the file has `status: approved`
    text: str  # that version's text


def status_of(text: str) -> str:
    """The front matter's `status` ('' when there is none or no front matter)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return ""
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), len(lines))
    found = _STATUS.search("\n".join(lines[1:end]))
    return found.group(1) if found else ""


def pending(root: Path) -> list[str]:
    """Materials whose working file awaits a (new) signature: status draft or review (a
    retired material is withdrawn, an approved one is published as it is)."""
    folder = root / MATERIALS
    out = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            status = status_of(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports it
        if status in ("", "draft", "review"):
            out.append(f"{MATERIALS}/{path.name}")
    return out


def published_versions(root: Path) -> dict[str, Approved]:
    """rel -> the approved version to publish instead of the working file, for every material
    that awaits review and was approved before."""
    rels = pending(root)
    if not rels or shutil.which("git") is None:
        return {}
    found = {}
    for rel in rels:
        approved = last_approved(root, rel)
        if approved is not None:
            found[rel] = approved
    return found


def last_approved(root: Path, rel: str) -> Approved | None:
    """The newest committed version of `rel` with `status: approved`, or None."""
    log = _git(root, "log", f"-{HISTORY_LIMIT}", "--format=%H", "--", rel)
    commits = log.decode("ascii", "replace").split() if log else []
    if not commits:
        return None
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{c}:./{rel}\n" for c in commits).encode())
    for commit, blob in zip(commits, _objects(batch or b"")):
        if blob is None:
            continue  # deleted or not a file in that commit
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if status_of(text) == "approved":
            return Approved(rel, commit, text)
    return None


def _objects(out: bytes) -> list[bytes | None]:
    """The objects of `git cat-file --batch` output, in order (None for a missing one)."""
    objects: list[bytes | None] = []
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            objects.append(out[at : at + size])
            at += size + 1
        elif len(header) == 3:  # a tree or another type: skip its bytes
            objects.append(None)
            at += int(header[2]) + 1
        else:  # "<name> missing" / "ambiguous"
            objects.append(None)
    return objects


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None
