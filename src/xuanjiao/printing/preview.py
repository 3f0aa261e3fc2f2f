"""A PNG of a PDF's first page (for the material's site page), drawn by poppler's pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PREVIEW_WIDTH = 600  # px


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def first_page_png(pdf: Path, png: Path, width: int = PREVIEW_WIDTH) -> str | None:
    """Write `png`; return a problem description instead when it could not be drawn."""
    tool = pdftoppm()
    if tool is None:
        return "pdftoppm is not installed, so no preview image; install it with: apt-get install poppler-utils"
    prefix = png.with_suffix("")
    cmd = [tool, "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to-x", str(width), "-scale-to-y", "-1",
           str(pdf), str(prefix)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"pdftoppm failed: {exc}"
    if proc.returncode != 0 or not png.is_file():
        return f"pdftoppm failed: {proc.stderr.strip()[:200]}"
    return None
