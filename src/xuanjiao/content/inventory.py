"""Files in content/ that the loader does not read: each is a warning naming it, so a material
in a subfolder, saved as `.MD` or as `venue.yml` is never ignored without a word."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, Location, did_you_mean, relative
from ..messages import t

FILES = ("site.yml", "awareness-days.yml", "holidays.yml", "venues.yml", "plan.yml")
DOCUMENT_FOLDERS = ("campaigns", "materials", "pages", "news")
FOLDERS = (*DOCUMENT_FOLDERS, "assets")


def unknown_files(root: Path) -> list[Diagnostic]:
    content = root / "content"
    out: list[Diagnostic] = []
    for path in _visible(content):
        name = path.name
        if (path.is_dir() and name in FOLDERS) or (path.is_file() and name in FILES):
            continue
        hint = did_you_mean(name, FOLDERS if path.is_dir() else FILES) or t(
            "content/ holds {files} and the folders {folders}", files=", ".join(FILES), folders=", ".join(FOLDERS)
        )
        out.append(_at(path, root).warning(t("ignored: content/{name} is not part of a project", name=name), hint=hint))
    for folder in DOCUMENT_FOLDERS:
        for path in _visible(content / folder):
            out += _in_document_folder(path, folder, root)
    return out


def _in_document_folder(path: Path, folder: str, root: Path) -> list[Diagnostic]:
    if path.is_dir():
        return [
            _at(path, root).warning(
                t("ignored: subfolders of {folder}/ are not read", folder=folder),
                hint=t("move its files up into content/{folder}/", folder=folder),
            )
        ]
    if path.suffix == ".md":
        return []
    if path.suffix.lower() == ".md":
        return [
            _at(path, root).warning(
                t("ignored: {folder}/ reads files ending in lowercase .md", folder=folder),
                hint=t("rename it to {name}", name=path.stem + ".md"),
            )
        ]
    return [_at(path, root).warning(t("ignored: {folder}/ holds Markdown files (.md) only", folder=folder))]


def _visible(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~$")))


def _at(path: Path, root: Path) -> Location:
    return Location(relative(path, root) + ("/" if path.is_dir() else ""))
