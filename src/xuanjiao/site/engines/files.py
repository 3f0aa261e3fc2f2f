"""The model's non-page files, written the same way for every engine: generated files
(QR codes, calendar.ics, feed.xml, cleaned SVGs), copies (downloads, previews, the content
assets pages reference) and the site theme's assets/ (built-in first, project overrides
after). Nothing else of content/assets/ is published (site/content_links.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ...content.models import Project
from ...theme import theme_dirs
from ..model import SiteModel


def write_files(project: Project, model: SiteModel, dest: Path) -> None:
    for rel, data in model.files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(data))  # QR codes are drawn here
    for rel, src in model.copies.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    for theme in reversed(theme_dirs(project, "site")):
        if (theme / "assets").is_dir():
            shutil.copytree(theme / "assets", dest / "assets", dirs_exist_ok=True)
